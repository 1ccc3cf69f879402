"""Sending a case file to a browser, for the parties and the back office alike."""

import re

from django.core.files import File
from django.http import FileResponse

from ..models import Attachment

_SAFE_CONTENT_TYPE = re.compile(r"^[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*$")


def attachment_response(attachment: Attachment, handle: File) -> FileResponse:
    """The open file as a download under its original name; never shown inline, never sniffed."""
    content_type = attachment.content_type.lower()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=content_type if _SAFE_CONTENT_TYPE.match(content_type) else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
