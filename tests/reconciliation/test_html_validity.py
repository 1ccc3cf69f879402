"""Every public page, in kk, ru and en, is valid HTML: the Nu HTML Checker (vnu-jar) finds no error.

The pages are fetched as a person meets them (forms empty and refused, a filed case, the
respondent's steps, the account pages, error pages) and checked in one run of the checker.
"""

import json
import re
import subprocess
import uuid
from ipaddress import IPv4Address

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases import invitations, submissions, workflow
from cases.events import Action, record_event
from cases.models import Party

from ..cases.intake_samples import pdf_bytes, valid_post
from ..conftest import JAVA, VNU_JAR
from ..factories import DisputeFactory, HearingFactory, PartyFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.html_validator]

LANGUAGES = ["kk", "ru", "en"]


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings):  # type: ignore[no-untyped-def]
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": uuid.uuid4().hex}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _client(language: str, n: int, **extra) -> Client:  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR=str(IPv4Address("10.96.0.0") + n), **extra)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _public_pages(language: str, center, respondent_url: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The HTML of every public page, keyed by a name for the report."""
    pages: dict[str, str] = {}
    n = {"kk": 0, "ru": 100, "en": 200}[language]

    def keep(name: str, response) -> None:  # type: ignore[no-untyped-def]
        pages[name] = response.content.decode()

    visitor = _client(language, n)
    keep("home", visitor.get(reverse("home")))
    keep("centers", visitor.get(reverse("centers")))
    keep("center", visitor.get(reverse("center_detail", kwargs={"slug": center.slug})))
    keep("intake", visitor.get(reverse("file_dispute")))
    keep("intake refused", visitor.post(reverse("file_dispute"), {}))
    token = submissions.new_token()
    refused = valid_post(center, **{"dispute-form_token": token, "applicant-identifier": "1"})
    refused["dispute-attachments"] = [SimpleUploadedFile("шарт.pdf", pdf_bytes())]
    keep("intake refused with a kept file", visitor.post(reverse("file_dispute"), refused))
    keep(
        "success",
        visitor.post(reverse("file_dispute"), valid_post(center, **{"dispute-form_token": token}), follow=True),
    )
    keep("success reloaded", visitor.get(reverse("dispute_filed")))
    keep("success, nothing filed", _client(language, n + 1).get(reverse("dispute_filed")))
    keep("track", visitor.get(reverse("track")))
    keep("track not found", visitor.post(reverse("track"), {"number": "AST-2026-999999", "access_code": "ABCD"}))
    dispute = DisputeFactory(center=center, number=f"TST-2026-{n + 9:06d}")  # apart from the numbers filing gives
    PartyFactory(dispute=dispute, role=Party.Role.APPLICANT)
    record_event(dispute=dispute, action=Action.DISPUTE_SUBMITTED, public=True)
    HearingFactory(dispute=dispute)
    visitor.post(reverse("track"), {"number": dispute.number, "access_code": "TEST-CODE"})
    keep("track case", visitor.get(reverse("track_case")))

    respondent = _client(language, n + 2)
    keep("invitation", respondent.get(respondent_url))
    keep("invitation refused", respondent.post(respondent_url, {"decision": "decline", "reason": "Ж" * 1001}))
    keep("agreement confirmation", respondent.post(respondent_url, {"decision": "agree"}))
    keep("invitation, broken link", respondent.get(reverse("respond", kwargs={"token": "broken"})))

    citizen = _client(language, n + 3)
    account = UserFactory()
    citizen.force_login(account)
    citizen.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    keep("my disputes, empty", citizen.get(reverse("my_disputes")))
    DisputeFactory(center=center, number=f"TST-2026-{n + 19:06d}", filed_by=account)
    keep("my disputes", citizen.get(reverse("my_disputes")))
    keep("claim", citizen.get(reverse("claim_dispute")))
    keep("claim refused", citizen.post(reverse("claim_dispute"), {"number": "x", "access_code": "y"}))

    accounts = _client(language, n + 4)
    for name in ("account_login", "account_signup", "account_reset_password", "account_reset_password_done"):
        keep(name, accounts.get(reverse(name)))
    keep("sign-in refused", accounts.post(reverse("account_login"), {"login": "x", "password": "y"}))
    keep(
        "sign-up refused", accounts.post(reverse("account_signup"), {"email": "x", "password1": "1", "password2": "2"})
    )
    keep("not found", accounts.get("/no-such-page/"))
    keep("csrf refused", _client(language, n + 5, enforce_csrf_checks=True).post(reverse("track"), {}))
    return pages


def test_every_public_page_is_valid_html(tmp_path, center_a):
    center = center_a
    staff = UserFactory(is_staff=True)
    dispute = DisputeFactory(center=center, number="TST-2026-000001")
    PartyFactory(dispute=dispute, role=Party.Role.APPLICANT)
    respondent = PartyFactory(dispute=dispute, role=Party.Role.RESPONDENT, identifier="")
    workflow.accept_for_review(dispute=dispute, by=staff, mediable=True)
    workflow.invite_respondent(dispute=dispute, by=staff)
    respondent.refresh_from_db()
    respondent_url = reverse("respond", kwargs={"token": invitations.make_token(respondent)})

    files = {}
    for language in LANGUAGES:
        for name, html in _public_pages(language, center, respondent_url).items():
            path = tmp_path / f"{language}-{re.sub(r'[^a-z0-9]+', '-', name.lower())}.html"
            path.write_text(html, encoding="utf-8")
            files[str(path)] = f"{language}: {name}"

    result = subprocess.run(
        [JAVA, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{files[m['url'].removeprefix('file:')]} line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in {"error", "non-document-error"}
    ]
    assert len(files) >= 3 * 28
    assert errors == [], "\n".join(errors)


def test_the_checker_reports_what_it_must_catch(tmp_path):
    """A canary: the test above means something only if the checker runs and sees errors."""
    page = tmp_path / "broken.html"
    moment = "2026-12-01T14:05:00.123456+05:00"  # what Django's date:'c' gives
    page.write_text(f'<!doctype html><html lang="kk"><title>x</title><p><time datetime="{moment}">x</time><div></p>')

    result = subprocess.run(
        [JAVA, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    errors = [m["message"] for m in json.loads(result.stderr)["messages"] if m["type"] == "error"]
    assert any("datetime" in message for message in errors), errors
