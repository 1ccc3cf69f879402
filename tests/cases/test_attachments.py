"""Case files in the back office: uploaded through intake's checks, downloaded through an access
check, shared through a service; each upload, download and sharing on the case's timeline."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from cases import attachments
from cases.events import Action
from cases.models import Attachment, CaseEvent

from ..conftest import CLAMAV_TEST_SIGNATURE
from .intake_samples import exe_bytes, pdf_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

ADD = "admin:cases_attachment_add"


@pytest.fixture(autouse=True)
def _english_and_no_clamd(client, settings):  # type: ignore[no-untyped-def]
    client.cookies["tatulasu_language"] = "en"
    settings.CLAMD_SOCKET = ""


def _events(dispute, action: Action):  # type: ignore[no-untyped-def]
    return list(CaseEvent.objects.filter(dispute=dispute, action=action).values_list("actor__username", "data"))


def _stored_files() -> set[str]:
    folders, _files = default_storage.listdir("attachments") if default_storage.exists("attachments") else ([], [])
    found = set()
    for year in folders:
        for month in default_storage.listdir(f"attachments/{year}")[0]:
            found |= {
                f"attachments/{year}/{month}/{name}"
                for name in default_storage.listdir(f"attachments/{year}/{month}")[1]
            }
    return found


def test_staff_upload_a_file_through_the_intake_checks_and_the_timeline_says_so(client, world, staff_a):
    dispute = world["a"]["cases.dispute"]
    content = pdf_bytes("Signed agreement")
    client.force_login(staff_a)
    response = client.post(reverse(ADD), {"dispute": dispute.pk, "upload": upload("agreement.exe", content)})
    assert response.status_code == 302
    attachment = Attachment.objects.get(dispute=dispute, original_name="agreement.exe")
    # What the file is, is read from its bytes; where it lives, is our choice.
    assert (attachment.content_type, attachment.size, attachment.uploaded_by) == (
        "application/pdf",
        len(content),
        staff_a,
    )
    assert attachment.file.name.startswith("attachments/") and attachment.file.name.endswith(".pdf")
    assert attachment.file.read() == content
    assert _events(dispute, Action.DOCUMENT_UPLOADED) == [
        ("staff_a", {"attachment": attachment.pk, "content_type": "application/pdf", "size": len(content)})
    ]
    assert not attachment.shared_with_parties and not _events(dispute, Action.DOCUMENT_SHARED)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("contract.pdf", exe_bytes(), "is not a PDF, JPEG, PNG, DOC or DOCX document"),
        ("empty.pdf", b"", "is empty"),
        ("big.pdf", pdf_bytes("x" * 3000), "is larger than"),
    ],
)
def test_a_file_intake_would_refuse_is_refused_here_too(client, world, staff_a, settings, name, content, message):
    settings.ATTACHMENT_MAX_BYTES = 2000
    dispute = world["a"]["cases.dispute"]
    files, events = _stored_files(), CaseEvent.objects.count()
    client.force_login(staff_a)
    response = client.post(reverse(ADD), {"dispute": dispute.pk, "upload": upload(name, content)})
    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors["upload"])
    assert not Attachment.objects.filter(original_name=name).exists()
    assert CaseEvent.objects.count() == events and _stored_files() == files


@pytest.mark.clamav
def test_an_infected_file_is_refused_when_clamav_runs(client, world, staff_a, settings, clamd_socket):
    settings.CLAMD_SOCKET = clamd_socket
    client.force_login(staff_a)
    infected = pdf_bytes("clean text " + CLAMAV_TEST_SIGNATURE.decode())
    response = client.post(
        reverse(ADD), {"dispute": world["a"]["cases.dispute"].pk, "upload": upload("x.pdf", infected)}
    )
    assert response.status_code == 200
    assert "contains a virus" in " ".join(response.context["adminform"].form.errors["upload"])
    assert not Attachment.objects.filter(original_name="x.pdf").exists()


def test_a_file_uploaded_shared_and_shared_later_is_a_public_timeline_entry(client, world, staff_a):
    dispute = world["a"]["cases.dispute"]
    client.force_login(staff_a)
    client.post(
        reverse(ADD), {"dispute": dispute.pk, "upload": upload("a.pdf", pdf_bytes()), "shared_with_parties": "on"}
    )
    shared_at_upload = Attachment.objects.get(original_name="a.pdf")
    assert shared_at_upload.shared_with_parties
    later = world["a"]["cases.attachment"]
    url = reverse("admin:cases_attachment_change", args=[later.pk])
    assert client.post(url, {"shared_with_parties": "on"}).status_code == 302
    assert client.post(url, {}).status_code == 302  # and no longer
    events = CaseEvent.objects.filter(dispute=dispute, action__startswith="cases.document.s")
    assert list(events.values_list("action", "data", "is_public")) == [
        ("cases.document.shared", {"attachment": shared_at_upload.pk}, True),
        ("cases.document.shared", {"attachment": later.pk}, True),
    ]
    assert _events(dispute, Action.DOCUMENT_UNSHARED) == [("staff_a", {"attachment": later.pk})]


@pytest.mark.parametrize(
    ("who", "role"), [("staff_a", "staff"), ("mediator_user", "mediator"), ("official", "oversight")]
)
def test_those_who_see_the_case_download_its_files_and_each_download_is_recorded(request, client, world, who, role):
    attachment = world["a"]["cases.attachment"]
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("admin:cases_attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert response["Content-Disposition"] == 'attachment; filename="claim-a.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    event = CaseEvent.objects.get(action=Action.DOCUMENT_DOWNLOADED)
    assert (event.dispute, event.actor.username, event.actor_role, event.is_public) == (
        attachment.dispute, request.getfixturevalue(who).username, role, False,
    )  # fmt: skip


@pytest.mark.parametrize("who", ["staff_b", "mediator_user"])
def test_a_file_of_a_case_the_user_may_not_see_is_not_found_and_nothing_is_recorded(request, client, world, who):
    client.force_login(request.getfixturevalue(who))
    other = world["a" if who == "staff_b" else "b"]["cases.attachment"]
    assert client.get(reverse("admin:cases_attachment_download", args=[other.pk])).status_code == 404
    assert not CaseEvent.objects.filter(action=Action.DOCUMENT_DOWNLOADED).exists()


def test_a_file_missing_from_storage_is_not_found_and_not_recorded(client, world, staff_a):
    attachment = world["a"]["cases.attachment"]
    default_storage.delete(attachment.file.name)
    client.force_login(staff_a)
    assert client.get(reverse("admin:cases_attachment_download", args=[attachment.pk])).status_code == 404
    assert not CaseEvent.objects.filter(action=Action.DOCUMENT_DOWNLOADED).exists()


def test_every_file_link_of_the_admin_is_the_download_view_never_the_storage(client, world, staff_a):
    attachment = world["a"]["cases.attachment"]
    download = reverse("admin:cases_attachment_download", args=[attachment.pk])
    client.force_login(staff_a)
    pages = [
        reverse("admin:cases_attachment_changelist"),
        reverse("admin:cases_attachment_change", args=[attachment.pk]),
        reverse("admin:cases_dispute_change", args=[attachment.dispute_id]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert f'href="{download}"' in html, url
        assert attachment.file.name not in html, url  # the stored name stays ours


def test_the_service_takes_only_checked_uploads(world, staff_a):
    with pytest.raises(TypeError):
        attachments.add_attachment(dispute=world["a"]["cases.dispute"], upload=upload("a.pdf", pdf_bytes()), by=staff_a)
