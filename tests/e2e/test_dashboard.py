"""The dashboard in real Chromium: Chart.js draws every chart, and axe-core finds no violation, in kk, ru and en."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.access import STAFF_GROUP, ensure_role_groups
from cases.models import Status
from oversight import summary

from ..factories import CenterFactory, DisputeFactory, UserFactory
from .conftest import axe_violations
from .steps import choose_language

pytestmark = pytest.mark.django_db(transaction=True)

# True once every chart's canvas has at least one painted pixel.
CHARTS_DRAWN = """() => {
    const canvases = [...document.querySelectorAll("canvas[data-chart]")];
    return canvases.length > 0 && canvases.every(canvas => {
        const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
        return canvas.width > 0 && pixels.some(value => value !== 0);
    });
}"""


def _signed_in(context, live_server, user) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


@pytest.fixture
def staff_with_data(db):  # type: ignore[no-untyped-def]
    center = CenterFactory(slug="astana-dashboard")
    now = timezone.now()
    outcomes = [Status.SETTLED, Status.SETTLED, Status.NOT_SETTLED, Status.DECLINED, Status.IN_MEDIATION]
    for index, status in enumerate(outcomes * 3):
        filed = now - timedelta(days=20 + 25 * index)
        closed = None if status == Status.IN_MEDIATION else filed + timedelta(days=3 + index)
        DisputeFactory(center=center, status=status, submitted_at=filed, closed_at=closed, category="labour")
    summary.refresh()
    user = UserFactory(username="staff-dashboard", is_staff=True)
    user.groups.add(ensure_role_groups()[STAFF_GROUP])
    center.staff.add(user)
    return user


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_dashboard_draws_its_charts_and_has_no_wcag_violations(
    live_server, context, page, staff_with_data, language
):
    _signed_in(context, live_server, staff_with_data)
    choose_language(context, live_server.url, language)
    page.goto(live_server.url + reverse("oversight:dashboard"))
    assert page.locator("html").get_attribute("lang") == language
    page.wait_for_function(CHARTS_DRAWN, timeout=10_000)
    assert page.locator("canvas[data-chart]").count() == 4
    violations = axe_violations(page)
    assert not violations, violations


def test_without_javascript_the_tables_carry_every_number(browser, live_server, staff_with_data):
    context = browser.new_context(java_script_enabled=False)
    _signed_in(context, live_server, staff_with_data)
    page = context.new_page()
    page.goto(live_server.url + reverse("oversight:dashboard"))
    assert not page.locator(".chart-box").first.is_visible()
    assert page.locator("section.dashboard-section").count() == 8
    # This center has no mediator and no hearing: those two sections say so instead of a table.
    assert page.locator("table[data-table]").count() == 6
    context.close()


def test_the_charts_draw_under_the_sites_own_content_security_policy(browser, live_server, staff_with_data):
    context = browser.new_context(bypass_csp=False)  # the other tests bypass it to inject axe-core
    _signed_in(context, live_server, staff_with_data)
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    response = page.goto(live_server.url + reverse("oversight:dashboard"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_function(CHARTS_DRAWN, timeout=10_000)
    assert not refused
    context.close()
