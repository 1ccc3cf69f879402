"""Every message a person can meet on a public form reads in Kazakh or Russian: no English word slips through.

Each public form is sent with every kind of mistake it can refuse, in kk and in ru, and the
page that comes back is read as a person reads it (text, labels, help, buttons, hints to
screen readers). Any word in Latin letters fails the test unless it is one of the few
tokens the two languages write in Latin too (file types, e-mail examples, case numbers).
Django's and allauth's catalogues lack many Kazakh strings; the project's catalogue gives them.
"""

import itertools
import re
import secrets
import uuid
from html.parser import HTMLParser
from ipaddress import IPv4Address

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases import invitations, submissions, workflow
from cases.models import Party

from ..cases.intake_samples import exe_bytes, pdf_bytes, valid_post
from ..factories import AssociationFactory, CenterFactory, DisputeFactory, PartyFactory, UserFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["kk", "ru"]
# Written in Latin letters in Kazakh and Russian texts too (file types also as extensions of names).
ALLOWED = {"PDF", "JPEG", "PNG", "DOC", "DOCX", "MB", "KB", "SMS", "KZT", "AST", "pdf", "jpg", "png", "doc", "docx"}
_EMAIL_OR_URL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|https?://\S+|\bwww\.\S+")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_ADDRESSES = itertools.count(secrets.randbits(20))


class _VisibleText(HTMLParser):
    """What a person reads or hears: text outside scripts and styles, and the attributes read aloud."""

    READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
    SKIPPED = {"script", "style"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skipping += 1
        values = dict(attrs)
        self.parts.extend(values[name] or "" for name in self.READ_ATTRIBUTES if name in values)
        if tag == "input" and values.get("type") in {"submit", "button"}:
            self.parts.append(values.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self._skipping = max(0, self._skipping - 1)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def english_words(html: str, *, typed: tuple[str, ...] = ()) -> set[str]:
    """Latin-letter words a person would read on the page, apart from the allowed tokens and what they typed."""
    parser = _VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    for value in typed:
        text = text.replace(value, " ")
    text = _EMAIL_OR_URL.sub(" ", text)
    # The language switcher names each language in its own language, English included.
    text = text.replace("English", " ")
    return {word for word in _LATIN_WORD.findall(text) if word not in ALLOWED}


def _client(language: str, **extra) -> Client:  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR=str(IPv4Address("10.64.0.0") + next(_ADDRESSES)), **extra)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _assert_no_english(response, what: str, *, typed: tuple[str, ...] = ()) -> None:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    # An access code shown on the page is made of Latin letters by design.
    codes = tuple(re.findall(r'id="access-code">([^<]+)<', html))
    found = english_words(html, typed=typed + codes)
    assert not found, f"{what}: English on the page: {sorted(found)}"


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings):  # type: ignore[no-untyped-def]
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": uuid.uuid4().hex}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def center(db):  # type: ignore[no-untyped-def]
    from centers.models import Region

    region = Region.objects.get(code="KZ-71")
    return CenterFactory(
        association=AssociationFactory(region=region, name="Астана кәсіподақтар бірлестігі"),
        name="Астана татуласу орталығы",
        name_en="Астана татуласу орталығы",
        name_ru="Астанинский центр примирения",
        address="Астана, Абай даңғылы, 10",
        working_hours="Дс–Жм 9:00–18:00",
    )


def test_the_check_catches_english():
    assert english_words("<p>Ensure this value has at least 20 characters</p>") == {
        "Ensure", "this", "value", "has", "at", "least", "characters",
    }  # fmt: skip
    assert english_words('<p title="Enter a valid email">Қате</p><script>var x = "ok";</script>') == {
        "Enter", "valid", "email",
    }  # fmt: skip
    assert english_words("<p>PDF, 20 MB, aigul@example.kz, Қазақша, AST-2026-000123</p>") == set()


# --- The intake form --------------------------------------------------------------------------

_TOO_LONG = "Ж" * 201
INTAKE_MISTAKES = {
    "everything missing": {},
    "identifiers, contacts and text": {
        "applicant-identifier": "123",
        "applicant-email": "айгүл",
        "applicant-phone": "12345",
        "respondent-phone": "+7 916 123 4567",
        "respondent-identifier": "991340001239",
        "dispute-summary": _TOO_LONG,
        "dispute-description": "Қысқа.",
        "dispute-claim_amount": "көп",
        "dispute-consent": None,
    },
    "dates, checksums, choices": {
        "applicant-identifier": "880231300113",
        "respondent-kind": "organisation",
        "respondent-identifier": "990840001238",
        "dispute-category": "кез келген",
        "dispute-center": "999999",
        "dispute-region": "KZ-99",
        "dispute-language": "de",
        "applicant-kind": "robot",
        "dispute-claim_amount": "-5",
        "dispute-description": "Ж" * 10_001,
    },
    "checksum and amounts": {
        "applicant-identifier": "880201300114",
        "dispute-claim_amount": "1,505",
        "respondent-email": "",
        "respondent-phone": "",
        "respondent-address": "",
    },
    "a huge amount, no contacts": {"dispute-claim_amount": "9" * 13, "applicant-email": "", "applicant-phone": ""},
    "an old consent text": {"dispute-consent_version": "2020-01-v0"},
    "the honeypot": {"dispute-website": "http://spam.example"},
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("mistake", list(INTAKE_MISTAKES))
def test_the_intake_form_refuses_in_the_pages_language(center, language, mistake):
    data = valid_post(center, **INTAKE_MISTAKES[mistake]) if INTAKE_MISTAKES[mistake] else {}
    data.update(
        {
            "applicant-name": "Айгүл Серікқызы",
            "applicant-address": "Астана",
            "respondent-name": "«Дала» ЖШС",
            "dispute-summary": data.get("dispute-summary", "Жалақы төленбеді"),
        }
        if data
        else {}
    )
    response = _client(language).post(reverse("file_dispute"), data)

    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    _assert_no_english(response, mistake, typed=tuple(str(v) for v in data.values()))


@pytest.mark.parametrize("language", LANGUAGES)
def test_refused_files_are_named_in_the_pages_language(center, language, settings):
    settings.ATTACHMENT_MAX_FILES = 2
    data = valid_post(center, **{"applicant-name": "Айгүл", "respondent-name": "«Дала» ЖШС"})
    data["dispute-attachments"] = [
        SimpleUploadedFile("вирус.pdf", exe_bytes()),
        SimpleUploadedFile("бос.pdf", b""),
    ]
    typed = tuple(value for value in data.values() if isinstance(value, str))
    one = _client(language).post(reverse("file_dispute"), data)
    data["dispute-attachments"] = [SimpleUploadedFile(f"{n}.pdf", pdf_bytes()) for n in range(3)]
    too_many = _client(language).post(reverse("file_dispute"), data)

    _assert_no_english(one, "a file of the wrong kind and an empty one", typed=typed)
    _assert_no_english(too_many, "too many files", typed=typed)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_intake_limits_speak_the_pages_language(center, language, settings):
    settings.INTAKE_POST_RATE_LIMIT = "1/h"
    client = _client(language)
    client.post(reverse("file_dispute"), {})
    _assert_no_english(client.post(reverse("file_dispute"), {}), "too many posts")

    settings.INTAKE_POST_RATE_LIMIT = "100/h"
    settings.INTAKE_RATE_LIMIT = "0/h"
    data = valid_post(center, **{"applicant-name": "Айгүл", "respondent-name": "«Дала» ЖШС"})
    typed = tuple(value for value in data.values() if isinstance(value, str))
    _assert_no_english(_client(language).post(reverse("file_dispute"), data), "too many filed", typed=typed)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_success_page_and_its_reload_speak_the_pages_language(center, language):
    client = _client(language)
    data = valid_post(center, **{"applicant-name": "Айгүл", "respondent-name": "«Дала» ЖШС"})
    data["dispute-form_token"] = submissions.new_token()
    data["dispute-attachments"] = [SimpleUploadedFile("шарт.pdf", pdf_bytes())]
    client.post(reverse("file_dispute"), data)

    _assert_no_english(client.get(reverse("dispute_filed")), "the success page")
    _assert_no_english(client.get(reverse("dispute_filed")), "the success page, reloaded")


# --- Tracking and claiming ----------------------------------------------------------------------


def _assert_credentials_refused_in_language(client, url: str, limit_setting: str, settings) -> None:  # type: ignore[no-untyped-def]
    """The form asking for a case number and access code, sent with each mistake it can refuse."""
    _assert_no_english(client.get(url), "the form")
    _assert_no_english(client.post(url, {}), "nothing typed")
    _assert_no_english(client.post(url, {"number": "Ж" * 41, "access_code": "Ж" * 101}), "too long")
    _assert_no_english(
        client.post(url, {"number": "AST-2026-000123", "access_code": "ABCD-EFGH-JKMN"}),
        "not found",
        typed=("ABCD-EFGH-JKMN",),
    )
    setattr(settings, limit_setting, "0/h")
    _assert_no_english(client.post(url, {"number": "1", "access_code": "2"}), "too many tries")


@pytest.mark.parametrize("language", LANGUAGES)
def test_tracking_refuses_in_the_pages_language(center, language, settings):
    _assert_credentials_refused_in_language(_client(language), reverse("track"), "TRACKING_RATE_LIMIT", settings)


@pytest.mark.parametrize("language", LANGUAGES)
def test_claiming_refuses_in_the_pages_language(center, language, settings):
    client = _client(language)
    client.force_login(UserFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    _assert_credentials_refused_in_language(client, reverse("claim_dispute"), "CLAIM_RATE_LIMIT", settings)


# --- The respondent's answer ---------------------------------------------------------------------


@pytest.fixture
def invitation(center):  # type: ignore[no-untyped-def]
    staff = UserFactory(is_staff=True)
    dispute = DisputeFactory(center=center, summary="Жалақы төленбеді", category="labour")
    PartyFactory(dispute=dispute, role=Party.Role.APPLICANT, name="Айгүл Серікқызы")
    party = PartyFactory(dispute=dispute, role=Party.Role.RESPONDENT, name="«Дала» ЖШС", identifier="")
    workflow.accept_for_review(dispute=dispute, by=staff, mediable=True)
    workflow.invite_respondent(dispute=dispute, by=staff)
    party.refresh_from_db()
    return reverse("respond", kwargs={"token": invitations.make_token(party)})


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_respondents_answer_speaks_the_pages_language(invitation, language):
    client = _client(language)
    _assert_no_english(client.get(invitation), "the invitation")
    _assert_no_english(client.post(invitation, {"decision": "decline", "reason": "Ж" * 1001}), "a reason too long")
    _assert_no_english(client.post(invitation, {"decision": "maybe"}), "a tampered decision")
    _assert_no_english(client.post(invitation, {"decision": "agree"}), "the confirmation step")
    client.post(invitation, {"decision": "agree", "confirmed": "True"})
    _assert_no_english(client.get(invitation), "the answered invitation")
    _assert_no_english(_client(language).get(reverse("respond", kwargs={"token": "бұзылған"})), "a broken link")


# --- Accounts ------------------------------------------------------------------------------------

EMAIL = "aigul@example.kz"


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_up_refuses_in_the_pages_language(language):
    url = reverse("account_signup")
    UserFactory(username="taken", email="taken@example.kz").emailaddress_set.create(
        email="taken@example.kz", verified=True, primary=True
    )
    attempts = {
        "nothing typed": {},
        "an address that is not one": {"email": "айгүл", "password1": "x", "password2": "y"},
        "passwords that differ": {"email": EMAIL, "password1": "Steppe-wind-2026!", "password2": "Steppe-wind-2027!"},
        "a short password": {"email": EMAIL, "password1": "qwe", "password2": "qwe"},
        "a common password": {"email": EMAIL, "password1": "password123", "password2": "password123"},
        "a numeric password": {"email": EMAIL, "password1": "8734629183746", "password2": "8734629183746"},
        "a password like the address": {"email": EMAIL, "password1": "aigul@example", "password2": "aigul@example"},
        "an address taken": {"email": "taken@example.kz", "password1": "Steppe-wind-2026!", "password2": "x"},
    }
    for what, data in attempts.items():
        response = _client(language).post(url, data, follow=True)
        typed = tuple(value for value in data.values())
        _assert_no_english(response, f"sign-up, {what}", typed=typed)
    _assert_no_english(_client(language).get(url), "the sign-up form")


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_in_refuses_in_the_pages_language(language, settings):
    url = reverse("account_login")
    user = UserFactory(username="someone", email=EMAIL)
    user.emailaddress_set.create(email=EMAIL, verified=True, primary=True)
    client = _client(language)
    _assert_no_english(client.get(url), "the sign-in form")
    _assert_no_english(client.post(url, {}), "sign-in, nothing typed")
    _assert_no_english(client.post(url, {"login": "айгүл", "password": "x"}), "sign-in, not an address")
    _assert_no_english(client.post(url, {"login": EMAIL, "password": "wrong"}), "sign-in, wrong password")
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "100/m/ip,1/5m/key"}
    for _ in range(2):
        response = _client(language).post(url, {"login": EMAIL, "password": "wrong"})
    _assert_no_english(response, "sign-in, too many failures")


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_refuses_in_the_pages_language(language):
    url = reverse("account_reset_password")
    client = _client(language)
    _assert_no_english(client.get(url), "the reset form")
    _assert_no_english(client.post(url, {}), "reset, nothing typed")
    _assert_no_english(client.post(url, {"email": "айгүл"}), "reset, not an address")
    response = client.post(url, {"email": "nobody@example.kz"}, follow=True)
    _assert_no_english(response, "reset, an unknown address")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refused_csrf_check_speaks_the_pages_language(language):
    response = _client(language, enforce_csrf_checks=True).post(reverse("track"), {"number": "1"})

    assert response.status_code == 403
    _assert_no_english(response, "the CSRF failure page")
