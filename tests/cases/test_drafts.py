"""Changing language on a filled form loses nothing: the switcher sends the form along, without JavaScript."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from cases import drafts
from cases.models import Dispute, KeptUpload
from tests.factories import CenterFactory

from .intake_samples import pdf_bytes, upload, valid_post
from .test_intake import new_client
from .test_submissions import form_token, kept_ids

pytestmark = pytest.mark.django_db

URL = reverse("file_dispute")


def _value(html: str, name: str) -> str | None:
    found = re.search(
        rf'name="{re.escape(name)}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{re.escape(name)}"', html
    )
    return next((group for group in found.groups() if group is not None), None) if found else None


@pytest.fixture
def center(db):
    return CenterFactory()


def test_the_switcher_sends_the_pages_form_along(center):
    html = new_client().get(URL).content.decode()
    switcher = html[
        html.index('class="language-switcher') : html.index("</form>", html.index('class="language-switcher'))
    ]

    assert switcher.count('form="intake-form" formaction="/file/" formmethod="post" formnovalidate') == 3
    assert 'id="intake-form"' in html
    home = new_client().get(reverse("home")).content.decode()
    assert 'form="' not in home[home.index('class="language-switcher') :].split("</form>")[0]


def test_switching_language_on_the_filled_intake_form_keeps_everything_files_too(center):
    client = new_client()
    token = form_token(client.get(URL).content.decode())
    data = valid_post(
        center,
        **{
            "dispute-form_token": token,
            "applicant-name": "Айгүл Серікқызы",
            "applicant-phone": "8 701 234 56 78",
            "dispute-description": "Жалақы үш ай бойы төленбеді.\nКелісуге дайынмын.",
            "language": "ru",
        },
    )
    data["dispute-attachments"] = [upload("contract.pdf", pdf_bytes())]

    switched = client.post(URL, data)

    assert switched.status_code == 302 and switched["Location"] == URL
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert not Dispute.objects.exists()
    page = client.get(URL)
    html = page.content.decode()
    assert '<html lang="ru"' in html and 'id="error-summary"' not in html
    assert _value(html, "applicant-name") == "Айгүл Серікқызы"
    assert _value(html, "applicant-phone") == "+7 (701) 234-56-78"
    assert _value(html, "dispute-summary") == data["dispute-summary"]
    assert "Жалақы үш ай бойы төленбеді.\nКелісуге дайынмын.</textarea>" in html
    assert re.search(r'name="dispute-consent"[^>]*checked', html)
    assert f'<option value="{center.pk}" selected>' in html
    assert form_token(html) == token
    assert [row.original_name for row in KeptUpload.objects.all()] == ["contract.pdf"]
    assert len(kept_ids(html)) == 1

    # Sent as it now stands: filed, with the document.
    again = valid_post(center, **{"dispute-form_token": token, "dispute-keep": kept_ids(html)})
    assert client.post(URL, again).status_code == 302
    assert Dispute.objects.get().attachments.get().original_name == "contract.pdf"


def test_a_half_filled_form_comes_back_without_error_messages(center):
    client = new_client()
    client.post(URL, {"applicant-name": "Ерлан", "language": "en", "csrfmiddlewaretoken": "x"})

    html = client.get(URL).content.decode()

    assert _value(html, "applicant-name") == "Ерлан"
    assert 'id="error-summary"' not in html and "is-invalid" not in html


def test_the_tracking_form_keeps_what_was_typed(center):
    client = new_client()
    track = reverse("track")

    response = client.post(
        f"{reverse('switch_language')}?next={track}",
        {"number": "AST-2026-000123", "access_code": "abcd", "language": "kk"},
    )

    assert response.status_code == 302 and response["Location"] == track
    html = client.get(track).content.decode()
    assert '<html lang="kk"' in html
    assert _value(html, "number") == "AST-2026-000123" and _value(html, "access_code") == "abcd"
    # Once: the next visit starts empty.
    assert _value(client.get(track).content.decode(), "number") is None


def test_the_sign_in_form_keeps_the_address_and_never_the_password(client):
    login = reverse("account_login")

    client.post(
        f"{reverse('switch_language')}?next={login}",
        {"login": "aigerim@example.kz", "password": "secret-Password-1", "language": "ru"},
    )

    assert "secret-Password-1" not in str(dict(client.session))
    html = client.get(login).content.decode()
    assert '<html lang="ru"' in html
    assert _value(html, "login") == "aigerim@example.kz"
    assert "secret-Password-1" not in html


def test_the_switch_never_sends_anyone_to_another_site(client):
    response = client.post(f"{reverse('switch_language')}?next=https://evil.example/", {"language": "en"})

    assert response["Location"] == "/"


def test_a_respondent_links_path_is_kept_only_as_a_digest(client, rf):
    request = rf.post("/")
    request.session = client.session
    drafts.save(request, path="/respond/secret-token/", data=rf.post("/", {"reason": "x"}).POST)

    assert "secret-token" not in str(dict(request.session))
    assert drafts.pop(request, "/respond/secret-token/")["reason"] == "x"


def test_a_draft_is_bounded(client, rf):
    request = rf.post("/")
    request.session = client.session
    data = rf.post("/", {f"field{n}": "Ж" * 5000 for n in range(20)}).POST

    drafts.save(request, path="/track/", data=data)

    kept = drafts.pop(request, "/track/")
    assert sum(len(value) for name in kept for value in kept.getlist(name)) <= drafts.MAX_DRAFT_LENGTH
