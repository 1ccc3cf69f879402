"""One intake form, however often it is sent: files kept across corrections, and one dispute at most."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases import submissions, tasks
from cases.models import Dispute, KeptUpload
from tests.factories import CenterFactory

from .intake_samples import docx_bytes, exe_bytes, pdf_bytes, png_bytes, upload, valid_post
from .test_intake import files_in, new_client

pytestmark = pytest.mark.django_db

URL = reverse("file_dispute")


@pytest.fixture
def center(db):
    return CenterFactory()


def form_token(html: str) -> str:
    return re.search(r'name="dispute-form_token" value="([^"]+)"', html).group(1)


def kept_ids(html: str) -> list[str]:
    return re.findall(r'name="dispute-keep" value="([^"]+)"[^>]*checked', html)


def opened_form(client) -> str:
    return form_token(client.get(URL).content.decode())


def test_a_file_that_passed_its_checks_is_kept_when_something_else_must_be_corrected(
    center, settings, django_capture_on_commit_callbacks
):
    client = new_client()
    token = opened_form(client)
    data = valid_post(center, **{"dispute-form_token": token, "dispute-description": "Too short."})
    data["dispute-attachments"] = [upload("contract.pdf", pdf_bytes()), upload("virus.pdf", exe_bytes())]

    first = client.post(URL, data)
    html = first.content.decode()

    assert first.status_code == 200 and not Dispute.objects.exists()
    # The form keeps its token, lists the kept file ticked and says so in the summary.
    assert form_token(html) == token
    assert re.search(r'<label class="form-check-label" for="keep-1">contract\.pdf', html)
    assert len(kept_ids(html)) == 1
    assert "Your document contract.pdf is kept with the form: you need not attach it again." in html
    assert "The file “virus.pdf” is not a PDF, JPEG, PNG, DOC or DOCX document." in html
    assert [row.original_name for row in KeptUpload.objects.all()] == ["contract.pdf"]

    # Corrected, without attaching anything again.
    fixed = valid_post(center, **{"dispute-form_token": token, "dispute-keep": kept_ids(html)})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, fixed)

    assert response.status_code == 302
    dispute = Dispute.objects.get()
    attachment = dispute.attachments.get()
    assert (attachment.original_name, attachment.from_applicant) == ("contract.pdf", True)
    assert attachment.file.read() == pdf_bytes()
    assert not KeptUpload.objects.exists()
    assert [p.name for p in files_in(settings.MEDIA_ROOT)] == [Path(attachment.file.name).name]
    assert "contract.pdf" in client.get(response["Location"]).content.decode()


def test_a_kept_file_unticked_is_not_filed_and_is_removed(center, settings, django_capture_on_commit_callbacks):
    client = new_client()
    token = opened_form(client)
    data = valid_post(center, **{"dispute-form_token": token, "applicant-identifier": "1"})
    data["dispute-attachments"] = [upload("contract.pdf", pdf_bytes())]
    client.post(URL, data)
    assert KeptUpload.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid_post(center, **{"dispute-form_token": token}))

    assert Dispute.objects.get().attachments.count() == 0
    assert not KeptUpload.objects.exists() and files_in(settings.MEDIA_ROOT) == []


def test_kept_and_new_files_together_stay_within_the_limit(center, settings):
    settings.ATTACHMENT_MAX_FILES = 2
    client = new_client()
    token = opened_form(client)
    data = valid_post(center, **{"dispute-form_token": token, "applicant-identifier": "1"})
    data["dispute-attachments"] = [upload("one.pdf", pdf_bytes()), upload("two.png", png_bytes())]
    html = client.post(URL, data).content.decode()
    assert len(kept_ids(html)) == 2

    more = valid_post(center, **{"dispute-form_token": token, "dispute-keep": kept_ids(html)})
    more["dispute-attachments"] = [upload("three.docx", docx_bytes())]
    response = client.post(URL, more)

    assert response.status_code == 200 and "Attach at most 2 files." in response.content.decode()
    assert KeptUpload.objects.count() == 2 and not Dispute.objects.exists()


def test_files_kept_for_another_form_are_never_offered_or_filed(center):
    client, stranger = new_client(), new_client()
    token = opened_form(client)
    data = valid_post(center, **{"dispute-form_token": token, "applicant-identifier": "1"})
    data["dispute-attachments"] = [upload("private.pdf", pdf_bytes())]
    ids = kept_ids(client.post(URL, data).content.decode())

    response = stranger.post(
        URL, valid_post(center, **{"dispute-form_token": opened_form(stranger), "dispute-keep": ids})
    )

    assert response.status_code == 302
    assert Dispute.objects.get().attachments.count() == 0
    assert KeptUpload.objects.count() == 1


def test_kept_files_expire_and_are_removed_by_the_hourly_task(center, settings, django_capture_on_commit_callbacks):
    client = new_client()
    data = valid_post(center, **{"dispute-form_token": opened_form(client), "applicant-identifier": "1"})
    data["dispute-attachments"] = [upload("contract.pdf", pdf_bytes())]
    client.post(URL, data)
    assert tasks.remove_expired_kept_files() == 0

    with time_machine.travel(timezone.now() + submissions.KEEP_FOR + timedelta(minutes=1)):
        assert submissions.kept_files(KeptUpload.objects.get().form_token) == []
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.remove_expired_kept_files() == 1

    assert not KeptUpload.objects.exists() and files_in(settings.MEDIA_ROOT) == []


def test_a_forged_token_starts_a_new_form(center):
    client = new_client()
    response = client.post(URL, valid_post(center, **{"dispute-form_token": "made-up", "applicant-identifier": "1"}))

    assert form_token(response.content.decode()) != "made-up"
    assert submissions.digest(form_token(response.content.decode())) is not None


# --- One form, one dispute -------------------------------------------------------------------


def test_a_form_sent_twice_files_once_and_the_second_lands_on_the_first_ones_page(center):
    client = new_client()
    data = valid_post(center, **{"dispute-form_token": opened_form(client)})

    first = client.post(URL, data)
    code = re.search(r'id="access-code">([^<]+)<', client.get(first["Location"]).content.decode()).group(1)
    second = client.post(URL, data)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("dispute_filed")
    dispute = Dispute.objects.get()
    page = client.get(second["Location"]).content.decode()
    assert dispute.number in page and code not in page
    assert "We have sent the case number and the access code to" in page


def test_a_second_browser_with_a_copy_of_the_form_also_files_nothing_more(center):
    data = valid_post(center, **{"dispute-form_token": opened_form(new_client())})

    statuses = [new_client().post(URL, data).status_code for _ in range(2)]

    assert statuses == [302, 302]
    assert Dispute.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_parallel_posts_of_one_form_file_one_dispute():
    center = CenterFactory()
    token = submissions.new_token()

    def post(_: int) -> int:
        try:
            data = valid_post(center, **{"dispute-form_token": token})
            data["dispute-attachments"] = [upload("contract.pdf", pdf_bytes())]
            return new_client().post(URL, data).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(post, range(4)))

    assert statuses == [302] * 4
    dispute = Dispute.objects.get()
    assert dispute.attachments.count() == 1
    assert dispute.notifications.filter(kind="dispute_received").count() == 2  # e-mail and SMS, once
