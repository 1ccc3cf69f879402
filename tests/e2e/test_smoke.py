import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_renders_in_chromium_without_accessibility_violations(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert axe_violations(page) == []
