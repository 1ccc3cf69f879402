"""Files attached to a dispute: which kinds are accepted, decided by content, and the virus scan.

The extension a browser sends is never trusted: libmagic reads the bytes, a DOCX is also
opened as a zip to find the Word main part, and the stored name is ours (see
cases.models.attachment_path) with the extension of the type found.
"""

import hashlib
import logging
import socket
import struct
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

logger = logging.getLogger(__name__)

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOC = "application/msword"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Content type → the extension the stored file gets.
ALLOWED_TYPES: dict[str, str] = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", DOC: ".doc", DOCX: ".docx"}
# What the browser's file picker offers; only a hint, the content decides.
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.doc,.docx," + ",".join(ALLOWED_TYPES)

_WORD_MAIN_PART = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CONTENT_TYPES_MAX = 1024 * 1024  # a real [Content_Types].xml is a few kilobytes
_CLAMD_CHUNK = 64 * 1024
_CLAMD_TIMEOUT = 60.0


@dataclass(frozen=True)
class CheckedUpload:
    """An uploaded file that passed every check, with what was learnt about it."""

    file: File
    original_name: str
    content_type: str
    size: int
    sha256: str

    @property
    def extension(self) -> str:
        return ALLOWED_TYPES[self.content_type]

    @property
    def facts(self) -> dict[str, str | int]:
        """The fields of a stored file (cases.models.CheckedFile) that describe this one."""
        return {
            "original_name": self.original_name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


def display_name(file: File) -> str:
    """The uploader's file name as data: no folders, no control characters, at most 255 characters."""
    name = PurePath(str(file.name or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > 255:
        suffix = PurePath(name).suffix[:16]
        name = name[: 255 - len(suffix)] + suffix
    return name or "file"


def _is_docx(file: File) -> bool:
    """A zip whose [Content_Types].xml declares a Word main document (not a macro-enabled one)."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _CONTENT_TYPES_MAX:
                return False
            with archive.open(info) as part:
                return _WORD_MAIN_PART in part.read(_CONTENT_TYPES_MAX)
    except (KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, ValueError, OSError, EOFError):
        return False
    finally:
        file.seek(0)


def detect_content_type(file: File) -> str:
    """The MIME type of the file's bytes, as libmagic reads them (DOCX confirmed by its structure)."""
    temporary_path = getattr(file, "temporary_file_path", None)
    if temporary_path is not None:
        mime = magic.from_file(temporary_path(), mime=True)
    else:
        # Files in memory are small: FILE_UPLOAD_MAX_MEMORY_SIZE, or size-checked before.
        file.seek(0)
        mime = magic.from_buffer(file.read(), mime=True)
        file.seek(0)
    if mime in (DOCX, "application/zip", "application/octet-stream"):
        if _is_docx(file):
            return DOCX
        # libmagic guesses DOCX from a "word/" folder alone; without the Word main part it is just a zip.
        return "application/zip" if mime == DOCX else mime
    return mime


def _sha256(file: File) -> str:
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def clamd_instream(socket_path: str, file: File, *, timeout: float = _CLAMD_TIMEOUT) -> str:
    """Send the file to clamd over its unix socket (INSTREAM) and return clamd's one-line answer.

    Written here rather than taken from the `clamd` package: that package sends with
    socket.send() and ignores short writes, which a socket with a timeout may make.
    """
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(socket_path)
        sock.sendall(b"zINSTREAM\0")
        for chunk in file.chunks(_CLAMD_CHUNK):
            sock.sendall(struct.pack("!L", len(chunk)) + chunk)
        sock.sendall(struct.pack("!L", 0))
        reply = b""
        while not reply.endswith(b"\0"):
            part = sock.recv(4096)
            if not part:
                break
            reply += part
    file.seek(0)
    return reply.rstrip(b"\0").decode("utf-8", errors="replace").strip()


def scan_for_viruses(file: File, *, name: str) -> None:
    """Reject an infected file when clamd is configured; fail closed when clamd cannot answer."""
    socket_path = settings.CLAMD_SOCKET
    if not socket_path:
        logger.info("clamd not configured; attachment not scanned")
        return
    try:
        reply = clamd_instream(socket_path, file)
    except OSError as exc:
        logger.warning("clamd unreachable (%s); attachment refused", type(exc).__name__)
        reply = ""
    if reply.endswith("FOUND"):
        logger.warning("clamd found malware in an attachment; refused")
        raise ValidationError(
            _("The file “%(name)s” contains a virus and was not accepted."), code="infected", params={"name": name}
        )
    if not reply.endswith("OK"):
        if reply:
            logger.warning("clamd could not scan an attachment: %s", reply[:200])
        raise ValidationError(
            _("The file “%(name)s” could not be checked for viruses just now. Please try again in a few minutes."),
            code="scan_failed",
            params={"name": name},
        )


def check_upload(file: File) -> CheckedUpload:
    """Check one file's size, kind (by content) and cleanliness; ValidationError if any fails."""
    name = display_name(file)
    size = file.size or 0
    if size == 0:
        raise ValidationError(_("The file “%(name)s” is empty."), code="empty", params={"name": name})
    if size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file “%(name)s” is larger than %(limit)s."),
            code="too_big",
            params={"name": name, "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
        )
    content_type = detect_content_type(file)
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(
            _("The file “%(name)s” is not a PDF, JPEG, PNG, DOC or DOCX document."),
            code="file_type",
            params={"name": name},
        )
    scan_for_viruses(file, name=name)
    return CheckedUpload(file=file, original_name=name, content_type=content_type, size=size, sha256=_sha256(file))


def too_many_files_error() -> ValidationError:
    limit = settings.ATTACHMENT_MAX_FILES
    return ValidationError(
        ngettext_lazy("Attach at most %(limit)d file.", "Attach at most %(limit)d files.", "limit"),
        code="too_many",
        params={"limit": limit},
    )


def check_each(files: Sequence[File]) -> tuple[list[CheckedUpload], list[ValidationError]]:
    """Check every file on its own: those that passed, and one error for each that did not."""
    if len(files) > settings.ATTACHMENT_MAX_FILES:
        return [], [too_many_files_error()]
    checked: list[CheckedUpload] = []
    errors: list[ValidationError] = []
    for file in files:
        try:
            checked.append(check_upload(file))
        except ValidationError as exc:
            errors.append(exc)
    return checked, errors


def check_uploads(files: Sequence[File]) -> list[CheckedUpload]:
    """Check a submission's files: how many, then each one; every problem is reported at once."""
    checked, errors = check_each(files)
    if errors:
        raise ValidationError(errors)
    return checked
