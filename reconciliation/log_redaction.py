"""Secrets that travel in URL paths never reach a log line or an error e-mail.

A respondent's invitation link, allauth's password-reset and e-mail confirmation keys are
live credentials in the path. Django's request logger, the development server's request
line, gunicorn's access log (when an operator turns it on) and the error e-mail to ADMINS
would all write the path. Every log record is redacted where it is made, so no handler,
formatter or test capture ever sees the secret; the error e-mail also loses the request,
whose report would repeat the URL.
"""

import logging
import re
from typing import Any

from django.http import HttpRequest

# Paths whose next segment is a secret. A new URL with a secret in its path adds its prefix here.
SECRET_PATH_PREFIXES = ("/respond/", "/accounts/password/reset/key/", "/accounts/confirm-email/")
REDACTED = "[redacted]"

_SECRET_PATH = re.compile("(" + "|".join(re.escape(prefix) for prefix in SECRET_PATH_PREFIXES) + r")[^/?#\s\"']+")


def redact(text: str) -> str:
    """`text` with the secret segment of every secret path replaced."""
    return _SECRET_PATH.sub(r"\1" + REDACTED, text)


_make_record = logging.getLogRecordFactory()


def _redacted_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _make_record(*args, **kwargs)
    try:
        message = record.getMessage()
    except Exception:  # a broken format string is the handler's to report, as without us
        return record
    redacted = redact(message)
    if redacted != message:
        record.msg, record.args = redacted, ()
    if record.exc_info and record.exc_info[0] is not None:
        # Formatters reuse exc_text: an exception whose message quotes the path is written redacted.
        traceback = logging.Formatter().formatException(record.exc_info)
        if redact(traceback) != traceback:
            record.exc_text = redact(traceback)
    return record


def install() -> None:
    """Redact every log record of this process from now on (idempotent)."""
    if logging.getLogRecordFactory() is not _redacted_record:
        logging.setLogRecordFactory(_redacted_record)


class DropSecretRequests(logging.Filter):
    """For the error e-mail: a request to a secret path is left out, since its report repeats the URL."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest) and redact(request.get_full_path()) != request.get_full_path():
            record.request = None
        return True
