"""Attachments are judged by their bytes, limited in number and size, and scanned when ClamAV runs."""

import hashlib
import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.utils import translation

from cases import uploads

from ..conftest import CLAMAV_TEST_SIGNATURE as SIGNATURE
from .intake_samples import docx_bytes, exe_bytes, jpeg_bytes, ole_bytes, pdf_bytes, png_bytes, upload, zip_bytes

MACRO_MAIN_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"


@pytest.fixture(autouse=True)
def _english_and_no_clamd(settings):
    settings.CLAMD_SOCKET = ""
    with translation.override("en"):
        yield


def messages(exc: ValidationError) -> list[str]:
    return list(exc.messages)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("contract.pdf", pdf_bytes(), uploads.PDF, ".pdf"),
        ("photo.jpg", jpeg_bytes(), uploads.JPEG, ".jpg"),
        ("scan.png", png_bytes(), uploads.PNG, ".png"),
        ("letter.docx", docx_bytes(), uploads.DOCX, ".docx"),
        ("letter.doc", ole_bytes("WordDocument"), uploads.DOC, ".doc"),
    ],
)
def test_it_accepts_the_allowed_kinds(name, content, content_type, extension):
    checked = uploads.check_upload(upload(name, content))

    assert checked.content_type == content_type
    assert checked.extension == extension
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.original_name == name


def test_it_goes_by_content_not_by_extension():
    checked = uploads.check_upload(upload("receipt.pdf", png_bytes(), "application/pdf"))

    assert checked.content_type == uploads.PNG
    assert checked.extension == ".png"
    assert checked.original_name == "receipt.pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", exe_bytes()),
        ("letter.docx", zip_bytes()),
        ("letter.docx", docx_bytes(main_type=MACRO_MAIN_TYPE)),
        ("table.doc", ole_bytes("Workbook")),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("notes.txt", "Привет, мир".encode()),
    ],
)
def test_it_rejects_other_kinds_whatever_their_name(name, content):
    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(upload(name, content))

    assert messages(caught.value) == [f"The file “{name}” is not a PDF, JPEG, PNG, DOC or DOCX document."]


def test_it_rejects_an_empty_file():
    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(upload("empty.pdf", b""))

    assert messages(caught.value) == ["The file “empty.pdf” is empty."]


def test_it_rejects_a_file_over_the_size_limit(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    content = pdf_bytes("x" * 2000)

    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(upload("big.pdf", content))

    assert messages(caught.value) == ["The file “big.pdf” is larger than 1.0\xa0KB."]


def test_it_rejects_more_files_than_allowed(settings):
    settings.ATTACHMENT_MAX_FILES = 2
    files = [upload(f"page{i}.pdf", pdf_bytes()) for i in range(3)]

    with pytest.raises(ValidationError) as caught:
        uploads.check_uploads(files)

    assert messages(caught.value) == ["Attach at most 2 files."]


def test_it_reports_every_bad_file_at_once():
    files = [upload("a.pdf", exe_bytes()), upload("b.pdf", pdf_bytes()), upload("c.png", b"")]

    with pytest.raises(ValidationError) as caught:
        uploads.check_uploads(files)

    assert messages(caught.value) == [
        "The file “a.pdf” is not a PDF, JPEG, PNG, DOC or DOCX document.",
        "The file “c.png” is empty.",
    ]


def test_it_reads_large_uploads_from_their_temporary_file():
    content = docx_bytes()
    file = TemporaryUploadedFile("big.docx", "application/octet-stream", len(content), None)
    file.write(content)
    file.seek(0)

    checked = uploads.check_upload(file)

    assert checked.content_type == uploads.DOCX
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    file.close()


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("C:\\Users\\aigerim\\contract.pdf", "contract.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("bad\x00name\x1b.pdf", "badname.pdf"),
        ("", "file"),
        ("д" * 300 + ".pdf", "д" * 251 + ".pdf"),
    ],
)
def test_it_keeps_the_uploaders_name_only_as_harmless_text(sent, kept):
    assert uploads.display_name(ContentFile(b"x", name=sent)) == kept


# --- ClamAV --------------------------------------------------------------------------------


def test_it_logs_one_line_without_personal_data_when_clamd_is_not_configured(caplog):
    with caplog.at_level(logging.INFO, logger="cases.uploads"):
        uploads.check_upload(upload("Sadykova_contract.pdf", pdf_bytes()))

    assert [r.getMessage() for r in caplog.records] == ["clamd not configured; attachment not scanned"]


def test_it_refuses_files_while_clamd_cannot_be_reached(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "nobody-listens.sock")

    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(upload("contract.pdf", pdf_bytes()))

    assert messages(caught.value) == [
        "The file “contract.pdf” could not be checked for viruses just now. Please try again in a few minutes."
    ]


@pytest.mark.clamav
def test_it_passes_clean_files_through_a_real_clamd(settings, clamd_socket):
    settings.CLAMD_SOCKET = clamd_socket
    content = pdf_bytes("x" * 300_000)  # several INSTREAM chunks

    checked = uploads.check_upload(upload("contract.pdf", content))

    assert checked.content_type == uploads.PDF
    assert checked.sha256 == hashlib.sha256(content).hexdigest()  # the scan left the file readable from the start


@pytest.mark.clamav
def test_it_rejects_what_a_real_clamd_finds(settings, clamd_socket):
    settings.CLAMD_SOCKET = clamd_socket

    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(upload("contract.pdf", pdf_bytes("clean text " + SIGNATURE.decode())))

    assert messages(caught.value) == ["The file “contract.pdf” contains a virus and was not accepted."]
