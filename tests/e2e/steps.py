"""What a person does in the browser, shared by the flow and accessibility tests."""

from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from playwright.sync_api import BrowserContext, Page

from ..factories import make_bin, make_iin


def minimal_pdf(path: Path, text: str = "Enbek sharty") -> Path:
    """Write a small but well-formed one-page PDF (with its cross-reference table) to `path`."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref_at = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    path.write_bytes(bytes(body))
    return path


def choose_language(context: BrowserContext, base_url: str, language: str) -> None:
    """Set the language cookie the switcher would set, for every page of the context."""
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}])


def in_language(language: str, message: str | Promise) -> str:
    """`message` (a msgid or a lazy translation) as this language's catalogue has it.

    Until a message is translated this is the English msgid, so the tests hold whatever the wording.
    """
    with translation.override(language):
        return str(message) if isinstance(message, Promise) else translation.gettext(message)


def fill_intake_form(page: Page, *, center_id: int, region_code: str, attachment: Path | None = None) -> None:
    """Fill every field of the intake form with a valid labour dispute, as a person would, without sending it."""
    page.check("input[name='applicant-kind'][value='individual']")
    page.fill("#id_applicant-name", "Айгүл Серікқызы Нұрланова")
    page.fill("#id_applicant-identifier", make_iin())
    page.fill("#id_applicant-email", "aigul@example.kz")
    page.fill("#id_applicant-phone", "+7 701 234 5678")
    page.select_option("#id_applicant-language", "kk")

    page.check("input[name='respondent-kind'][value='organisation']")
    page.fill("#id_respondent-name", "«Дала Құрылыс» ЖШС")
    page.fill("#id_respondent-identifier", make_bin())
    page.fill("#id_respondent-email", "hr@dala-qurylys.example.kz")
    page.select_option("#id_respondent-language", "kk")

    page.select_option("#id_dispute-category", "labour")
    page.select_option("#id_dispute-region", region_code)
    page.select_option("#id_dispute-center", str(center_id))
    page.fill("#id_dispute-summary", "Үш айлық жалақы төленбеді")
    page.fill(
        "#id_dispute-description",
        "Жұмыс беруші тамыз айынан бері жалақымды төлемей келеді. Қарызды бөліп төлеу туралы келіскім келеді.",
    )
    page.fill("#id_dispute-claim_amount", "450 000")
    page.select_option("#id_dispute-language", "kk")
    if attachment is not None:
        page.set_input_files("#id_dispute-attachments", str(attachment))
    page.check("#id_dispute-consent")


def send_intake_form(page: Page) -> None:
    """Press the form's submit button and wait for the answer page."""
    with page.expect_navigation():
        page.click("form.intake-form button[type=submit]")
