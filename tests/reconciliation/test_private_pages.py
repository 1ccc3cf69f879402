"""Pages of a person's own account and cases are never kept by a browser's or a proxy's cache."""

import pytest

pytestmark = pytest.mark.django_db

ACCOUNT_PAGES = [
    "/my/",
    "/my/claim/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/logout/",
]


@pytest.mark.parametrize("path", ACCOUNT_PAGES)
def test_a_signed_in_persons_pages_are_no_store(client, citizen, path):
    client.force_login(citizen)

    response = client.get(path)

    assert response.status_code < 500
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/my/"])
def test_the_sign_in_pages_are_no_store_before_signing_in_too(client, path):
    assert "no-store" in client.get(path)["Cache-Control"]


def test_any_page_shown_to_a_signed_in_person_is_no_store(client, citizen):
    client.force_login(citizen)

    assert "no-store" in client.get("/")["Cache-Control"]


def test_public_pages_stay_cacheable_for_visitors(client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
