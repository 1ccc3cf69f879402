"""Sample files made byte by byte, and a valid intake submission to start tests from."""

import io
import struct
import zipfile
import zlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.consent import CONSENT_VERSION
from tests.factories import make_bin, make_iin


def pdf_bytes(text: str = "Employment contract") -> bytes:
    body = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj\n"
        + f"4 0 obj << /Length {len(body)} >> stream\n".encode()
        + body
        + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def png_bytes() -> bytes:
    """A 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def jpeg_bytes() -> bytes:
    """The start of a JFIF file: what libmagic needs to call it a JPEG."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


def exe_bytes() -> bytes:
    """A DOS/Windows executable header."""
    header = bytearray(b"MZ" + b"\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 46)
    header += struct.pack("<I", 64)  # e_lfanew: the PE header follows at offset 64
    return bytes(header) + b"PE\x00\x00\x4c\x01" + b"\x00" * 200


def docx_bytes(
    main_type: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
) -> bytes:
    """A minimal Word document: [Content_Types].xml, the package relationship, the main part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Claim for unpaid wages</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    return buffer.getvalue()


_FREE, _END, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _directory_entry(name: str, kind: int, *, child: int = _NO_STREAM, start: int = _END, size: int = 0) -> bytes:
    raw = (name.encode("utf-16-le") + b"\0\0") if name else b""
    return (
        raw.ljust(64, b"\0")
        + struct.pack("<HBB3I", len(raw), kind, 1, _NO_STREAM, _NO_STREAM, child)
        + b"\0" * 36  # CLSID, state bits, creation and modification times
        + struct.pack("<IQ", start, size)
    )


def ole_bytes(stream: str = "WordDocument") -> bytes:
    """A compound document (the container of Word 97–2003 .doc) holding one 4 KB stream.

    Layout: header, one FAT sector, one directory sector, then the stream's eight sectors.
    With a "WordDocument" stream libmagic reports application/msword.
    """
    payload = struct.pack("<H", 0xA5EC).ljust(4096, b"\0")  # the Word FIB's magic number first
    sectors = len(payload) // 512
    fat = [_FAT_SECTOR, _END] + [3 + i for i in range(sectors - 1)] + [_END]
    fat += [_FREE] * (128 - len(fat))
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<9I", 0, 1, 1, 0, 0x1000, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )
    directory = (
        _directory_entry("Root Entry", 5, child=1)
        + _directory_entry(stream, 2, start=2, size=len(payload))
        + _directory_entry("", 0) * 2
    )
    return header + struct.pack("<128I", *fat) + directory + payload


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def valid_post(center: Any, **overrides: Any) -> dict[str, Any]:
    """The POST data of a complete, valid intake form for `center`."""
    data: dict[str, Any] = {
        "applicant-kind": "individual",
        "applicant-name": "Aigerim Nurlanovna Sadykova",
        "applicant-identifier": make_iin(),
        "applicant-email": "aigerim@example.kz",
        "applicant-phone": "+7 701 234 5678",
        "applicant-address": "Astana, 12 Kenesary Street, flat 4",
        "applicant-language": "kk",
        "respondent-kind": "organisation",
        "respondent-name": "Dala Construction LLP",
        "respondent-identifier": make_bin(),
        "respondent-email": "office@dala.example.kz",
        "respondent-phone": "",
        "respondent-address": "",
        "respondent-language": "ru",
        "dispute-category": "labour",
        "dispute-region": center.region.code,
        "dispute-center": str(center.pk),
        "dispute-summary": "Wages for March to May not paid",
        "dispute-description": "I worked on the site from March to May 2026 and was not paid for those months.",
        "dispute-claim_amount": "450 000",
        "dispute-language": "kk",
        "dispute-consent": "on",
        "dispute-consent_version": CONSENT_VERSION,
        "dispute-website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def party_data(**overrides: Any) -> dict[str, Any]:
    """Cleaned party data as the service receives it."""
    data: dict[str, Any] = {
        "kind": "individual",
        "name": "Aigerim Sadykova",
        "identifier": make_iin(),
        "email": "aigerim@example.kz",
        "phone": "+77012345678",
        "address": "",
        "language": "kk",
    }
    data.update(overrides)
    return data
