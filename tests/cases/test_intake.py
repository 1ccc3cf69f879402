"""Filing a dispute: the service (all or nothing, code stored hashed) and the public pages around it."""

import ipaddress
import itertools
import re
import secrets
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cases import notifications, sealing
from cases.errors import CaseError
from cases.intake import submit_dispute
from cases.models import Attachment, CaseEvent, Dispute, Notification, Party, hash_access_code
from cases.uploads import check_upload
from cases.views.intake import FILED_SESSION_KEY
from tests.factories import CenterFactory, make_iin

from .intake_samples import docx_bytes, exe_bytes, party_data, pdf_bytes, png_bytes, upload, valid_post

# Random per run: with Redis as the cache, counters outlive a test run.
_addresses = itertools.count(secrets.randbits(23))


def new_client(**extra) -> Client:
    """A browser from an address of its own, in English: rate limits of one test never touch another."""
    client = Client(REMOTE_ADDR=str(ipaddress.IPv4Address("10.0.0.0") + next(_addresses)), **extra)
    client.cookies["tatulasu_language"] = "en"
    return client


def files_in(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


def nothing_saved() -> bool:
    return not any(m.objects.exists() for m in (Dispute, Party, Attachment, CaseEvent, Notification))


@pytest.fixture
def center(db):
    return CenterFactory(phone="+77172000000", email="astana@tatulasu.example.kz")


def submit(center, *, files=(), user=None, **changes):
    return submit_dispute(
        applicant=party_data(**changes.get("applicant", {})),
        respondent=party_data(
            kind="organisation", identifier="", name="Dala LLP", email="", phone="", address="Astana, 5 Abai Avenue"
        )
        | changes.get("respondent", {}),
        dispute={
            "category": "labour",
            "center": center,
            "summary": "Unpaid wages",
            "description": "Wages for March to May 2026 were not paid.",
            "claim_amount": Decimal("450000.00"),
            "language": "ru",
        }
        | changes.get("dispute", {}),
        files=[check_upload(f) for f in files],
        consent_version=changes.get("consent_version", "2026-11-v1"),
        language="en",
        user=user,
    )


# --- The service ---------------------------------------------------------------------------


def test_it_records_the_dispute_with_both_parties_files_event_and_acknowledgement(center, settings):
    dispute, code = submit(center, files=[upload("contract.pdf", pdf_bytes()), upload("scan.jpg", png_bytes())])

    assert re.fullmatch(rf"{center.region.prefix}-\d{{4}}-000001", dispute.number)
    assert dispute.status == "submitted" and dispute.language == "ru" and dispute.center == center
    applicant = dispute.parties.get(role="applicant")
    respondent = dispute.parties.get(role="respondent")
    assert applicant.consent_version == "2026-11-v1" and applicant.consent_at is not None
    assert respondent.consent_at is None and respondent.kind == "organisation"
    stored = sorted(dispute.attachments.all(), key=lambda a: a.original_name)
    assert [(a.original_name, a.content_type) for a in stored] == [
        ("contract.pdf", "application/pdf"),
        ("scan.jpg", "image/png"),
    ]
    assert stored[1].file.name.endswith(".png") and "scan" not in stored[1].file.name
    assert stored[0].file.read() == pdf_bytes() and stored[0].size == len(pdf_bytes())
    assert Path(stored[0].file.path).is_relative_to(Path(settings.MEDIA_ROOT))
    event = dispute.events.get()
    assert (event.action, event.is_public, event.actor_role) == ("cases.dispute.submitted", True, "applicant")
    assert {(n.kind, n.channel, n.recipient) for n in Notification.objects.all()} == {
        ("dispute_received", "email", "aigerim@example.kz"),
        ("dispute_received", "sms", "+77012345678"),
    }
    # The code travels to the outbox sealed: the row holds a token that only SECRET_KEY opens.
    assert all(code not in str(n.context) for n in Notification.objects.all())
    assert all(sealing.unseal(n.context["access_code"]) == code for n in Notification.objects.all())


def test_it_stores_only_a_hash_of_the_access_code(center):
    dispute, code = submit(center)
    dispute.refresh_from_db()

    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", code)
    assert dispute.access_code_hash == hash_access_code(code) != code
    assert code not in str(Dispute.objects.filter(pk=dispute.pk).values().get())
    assert dispute.check_access_code(code) and not dispute.check_access_code(
        code[:-1] + ("X" if code[-1] != "X" else "Y")
    )


def test_it_gives_every_dispute_its_own_code(center):
    codes = {submit(center)[1] for _ in range(3)}

    assert len(codes) == 3


def test_it_links_the_dispute_to_the_account_that_filed_it(center, citizen):
    dispute, _code = submit(center, user=citizen)

    assert dispute.filed_by == citizen
    assert dispute.events.get().actor == citizen


def test_it_refuses_a_filing_without_consent(center):
    with pytest.raises(CaseError):
        submit(center, consent_version="")

    assert nothing_saved()


def test_it_refuses_a_respondent_nobody_can_reach(center):
    with pytest.raises(CaseError) as caught:
        submit(center, respondent={"address": ""})

    assert caught.value.code == "party_invalid"
    assert nothing_saved()


def test_it_refuses_a_russian_phone_even_without_the_form(center):
    with translation.override("en"), pytest.raises(CaseError) as caught:
        submit(center, applicant={"phone": "+79161234567"})

    assert "Kazakhstan" in str(caught.value)
    assert nothing_saved()


class FlakyStorage(FileSystemStorage):
    """Writes the first file, then only part of the second before the disk "fills up"."""

    writes = 0

    def _save(self, name, content):
        type(self).writes += 1
        if type(self).writes >= 2:
            partial = Path(self.path(name))
            partial.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(b"%PDF-1.4 half a fi")
            raise OSError(28, "No space left on device")
        return super()._save(name, content)


@pytest.mark.django_db(transaction=True)
def test_it_leaves_no_row_and_no_file_when_a_file_write_fails(settings):
    center = CenterFactory()
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FlakyStorage"}}
    FlakyStorage.writes = 0
    files = [upload("one.pdf", pdf_bytes()), upload("two.pdf", pdf_bytes()), upload("three.png", png_bytes())]

    with pytest.raises(OSError):
        submit(center, files=files)

    assert FlakyStorage.writes == 2
    assert nothing_saved()
    assert files_in(settings.MEDIA_ROOT) == []


@pytest.mark.django_db(transaction=True)
def test_it_removes_written_files_when_the_database_fails_after_them(settings):
    center = CenterFactory()
    earlier, _code = submit(center)
    # The outbox row is written after the files; make its unique dedupe key already taken.
    Notification.objects.filter(dispute=earlier, channel="email").update(
        dedupe_key=f"dispute_received:{earlier.pk + 1}:email"
    )

    with pytest.raises(IntegrityError):
        submit(center, files=[upload("one.pdf", pdf_bytes()), upload("two.docx", docx_bytes())])

    assert Dispute.objects.count() == 1 and Party.objects.count() == 2
    assert Attachment.objects.count() == 0
    assert files_in(settings.MEDIA_ROOT) == []


# --- The form page -------------------------------------------------------------------------


def test_it_shows_the_form_in_five_sections_with_the_consent_text(center, settings):
    response = new_client().get(reverse("file_dispute"))
    html = response.content.decode()

    assert response.status_code == 200
    legends = re.findall(r'<legend class="h4[^"]*">([^<]+)</legend>', html)
    assert legends == [
        "About you",
        "The other side",
        "The dispute",
        "Documents",
        "Consent to the processing of personal data",
    ]
    assert settings.PERSONAL_DATA_OPERATOR_BIN in html and "not transferred abroad" in html
    assert 'enctype="multipart/form-data"' in html and "<script>" not in html and 'style="' not in html
    assert 'class="visually-hidden"' in html and "Leave this field empty" in html


@pytest.mark.parametrize(
    ("language", "operator"),
    [
        ("kk", "Қазақстан Республикасы Кәсіподақтар Федерациясы"),
        ("ru", "Федерация профсоюзов Республики Казахстан"),
        ("en", "Federation of Trade Unions of the Republic of Kazakhstan"),
    ],
)
def test_the_consent_names_the_operator_in_the_pages_language(center, language, operator):
    client = new_client()
    client.cookies["tatulasu_language"] = language

    html = client.get(reverse("file_dispute")).content.decode()

    consent = html[html.index('id="consent-text"') :]
    assert operator in consent[: consent.index("</div>")]


def test_it_preselects_the_center_a_link_names(center, center_b):
    html = new_client().get(reverse("file_dispute"), {"center": center_b.slug}).content.decode()

    assert f'<option value="{center_b.pk}" selected>' in html
    assert f'<option value="{center_b.region.code}" selected>' in html


def test_it_preselects_the_center_of_a_region_given_in_the_address(center):
    html = new_client().get(reverse("file_dispute"), {"region": center.region.code}).content.decode()

    assert f'<option value="{center.pk}" selected>' in html


def test_it_defaults_the_languages_to_the_visitors(center):
    client = new_client()
    client.cookies["tatulasu_language"] = "ru"

    html = client.get(reverse("file_dispute")).content.decode()

    assert html.count('<option value="ru" selected>') == 3


# --- Filing through the page ---------------------------------------------------------------


def test_it_files_shows_the_code_once_and_mails_it(center, settings):
    settings.SITE_URL = "https://tatulasu.example.kz"
    client = new_client()
    data = valid_post(center, **{"applicant-language": "en"})
    data["dispute-attachments"] = [upload("contract.pdf", pdf_bytes()), upload("letter.docx", docx_bytes())]

    response = client.post(reverse("file_dispute"), data)

    assert response.status_code == 302 and response["Location"] == reverse("dispute_filed")
    dispute = Dispute.objects.get()
    page = client.get(response["Location"])
    html = page.content.decode()
    code = re.search(r'id="access-code">([^<]+)<', html).group(1)
    assert dispute.number in html and dispute.check_access_code(code)
    assert "no-store" in page["Cache-Control"]
    assert "a*****m@example.kz" in html and "+7 (701) ***-**-78" in html
    assert "contract.pdf" in html and "letter.docx" in html
    # A reload keeps the number, the documents and where the code went, never the code.
    again = client.get(reverse("dispute_filed")).content.decode()
    assert code not in again and dispute.number in again
    assert "We have sent the case number and the access code to a*****m@example.kz, +7 (701) ***-**-78." in again
    assert "contract.pdf" in again and "access-code-sent" in again
    assert "access_code" not in client.session[FILED_SESSION_KEY]

    assert notifications.send_due() == 2
    (email,) = mail.outbox
    assert dispute.number in email.subject and "mediation" in email.subject
    assert code in email.body and dispute.number in email.body
    assert "https://tatulasu.example.kz/track/" in email.body and "not a court" in email.body
    assert center.phone in email.body and center.email in email.body
    assert all("access_code" not in n.context for n in Notification.objects.all())
    assert dispute.attachments.count() == 2


def test_its_sms_is_short_and_carries_number_and_code(center):
    dispute, code = submit(center, applicant={"language": "en"})
    sms = Notification.objects.get(channel="sms")

    _subject, text = notifications.render(sms)

    assert dispute.number in text and code in text and "/track/" in text and "not a court" in text
    assert len(text) <= 240


def test_it_keeps_the_code_in_the_outbox_only_until_sent(center):
    _dispute, code = submit(center)
    assert [sealing.unseal(n.context["access_code"]) for n in Notification.objects.all()] == [code] * 2

    notifications.send_due()

    assert [n.context for n in Notification.objects.all()] == [{}, {}]
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}


def test_it_sends_the_code_by_sms_when_there_is_no_email(center):
    client = new_client()

    client.post(reverse("file_dispute"), valid_post(center, **{"applicant-email": ""}))

    assert list(Notification.objects.values_list("channel", flat=True)) == ["sms"]


def test_it_links_the_dispute_to_a_signed_in_citizen(center, citizen):
    client = new_client()
    client.force_login(citizen)

    client.post(reverse("file_dispute"), valid_post(center))

    assert Dispute.objects.get().filed_by == citizen


def test_it_shows_errors_with_a_summary_and_saves_nothing(center):
    data = valid_post(center, **{"applicant-identifier": "123", "respondent-email": "", "respondent-address": ""})
    data["dispute-attachments"] = [upload("virus.pdf", exe_bytes())]

    response = new_client().post(reverse("file_dispute"), data)
    html = response.content.decode()

    assert response.status_code == 200
    assert 'id="error-summary"' in html and "3 things need your attention" in html
    assert 'href="#id_applicant-identifier"' in html
    assert "The file “virus.pdf” is not a PDF, JPEG, PNG, DOC or DOCX document." in html
    assert nothing_saved()


def test_it_stores_what_people_typed_without_bidi_or_escape_characters(center):
    data = valid_post(
        center,
        **{
            "applicant-name": "Test \u202egnp.exe\u202c Name",
            "respondent-name": "Dala\u2066 LLP\u2069",
            "dispute-summary": "Wages\x1b[2J not paid",
            "dispute-description": "Line one\r\nLine two \u202eowt enil\u202c with enough characters.",
        },
    )

    assert new_client().post(reverse("file_dispute"), data).status_code == 302

    dispute = Dispute.objects.get()
    assert dispute.parties.get(role="applicant").name == "Test gnp.exe Name"
    assert dispute.parties.get(role="respondent").name == "Dala LLP"
    assert dispute.summary == "Wages[2J not paid"
    assert dispute.description == "Line one\nLine two owt enil with enough characters."


def test_it_gives_a_filled_honeypot_a_generic_error_and_saves_nothing(center):
    response = new_client().post(reverse("file_dispute"), valid_post(center, **{"dispute-website": "buy now"}))

    assert response.status_code == 200
    assert "We could not accept this form. Please check it and send it again." in response.content.decode()
    assert nothing_saved()


def test_it_requires_the_csrf_token(center):
    client = new_client(enforce_csrf_checks=True)

    response = client.post(reverse("file_dispute"), valid_post(center))

    assert response.status_code == 403
    assert nothing_saved()


# --- Anti-abuse ----------------------------------------------------------------------------


def test_it_limits_submissions_per_address(center, settings):
    settings.INTAKE_RATE_LIMIT = "3/h"
    client, neighbour = new_client(), new_client()
    url = reverse("file_dispute")

    statuses = [client.post(url, valid_post(center)).status_code for _ in range(3)]
    blocked = client.post(url, valid_post(center))

    assert statuses == [302, 302, 302]
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    html = blocked.content.decode()
    assert "Too many disputes were filed from this device or network" in html
    # The refused form comes back as it was sent, to be sent again later.
    assert 'value="Aigerim Nurlanovna Sadykova"' in html
    assert Dispute.objects.count() == 3
    assert neighbour.post(url, valid_post(center)).status_code == 302
    assert client.get(url).status_code == 200  # reading the form is never limited


def test_forms_sent_back_for_corrections_do_not_count_against_filing(center, settings):
    # Five people behind one carrier address make mistakes; the next one can still file.
    settings.INTAKE_RATE_LIMIT = "2/h"
    client = new_client()
    url = reverse("file_dispute")

    refused = [client.post(url, valid_post(center, **{"applicant-identifier": "123"})).status_code for _ in range(5)]
    filed = [client.post(url, valid_post(center)).status_code for _ in range(2)]

    assert refused == [200] * 5 and filed == [302, 302]
    assert client.post(url, valid_post(center)).status_code == 429
    assert Dispute.objects.count() == 2


def test_every_post_counts_against_the_looser_limit(center, settings):
    settings.INTAKE_POST_RATE_LIMIT = "3/h"
    client = new_client()
    url = reverse("file_dispute")

    statuses = [client.post(url, {"applicant-name": "x"}).status_code for _ in range(3)]
    blocked = client.post(url, valid_post(center))

    assert statuses == [200, 200, 200]
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert "Too many dispute forms were sent from this device or network" in blocked.content.decode()
    assert nothing_saved()


def test_it_refuses_an_oversized_request_before_reading_it(center, settings):
    settings.MAX_REQUEST_BYTES = 50_000
    settings.INTAKE_RATE_LIMIT = "1/h"
    client = new_client()
    data = valid_post(center)
    data["dispute-attachments"] = [upload("scan.pdf", pdf_bytes("x" * 60_000))]

    response = client.post(reverse("file_dispute"), data)

    assert response.status_code == 413
    assert "The files are too large" in response.content.decode()
    assert nothing_saved() and files_in(settings.MEDIA_ROOT) == []
    # The view never ran: the one submission the limit allows is still there.
    assert client.post(reverse("file_dispute"), valid_post(center)).status_code == 302


def test_it_trusts_the_declared_length_and_never_reads_such_a_body(center, settings):
    settings.MAX_REQUEST_BYTES = 1_000_000

    response = new_client().post(reverse("file_dispute"), valid_post(center), CONTENT_LENGTH="5000000000")

    assert response.status_code == 413
    assert nothing_saved()


def test_it_keeps_the_iin_out_of_logs(center, caplog):
    iin = make_iin()
    with caplog.at_level("DEBUG"):
        new_client().post(reverse("file_dispute"), valid_post(center, **{"applicant-identifier": iin}))

    assert Dispute.objects.count() == 1
    assert iin not in caplog.text and "aigerim@example.kz" not in caplog.text
