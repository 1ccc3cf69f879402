"""SMS backends: a small pluggable interface chosen by settings.SMS_BACKEND."""

import json
import logging
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SMSBackend:
    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        """Send one SMS. `idempotency_key` is the same for every attempt at one message (cases.notifications)."""
        raise NotImplementedError


class ConsoleSMSBackend(SMSBackend):
    """Development: print the message (the number is masked, as everywhere in logs)."""

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        print(f"SMS to {to[:4]}***{to[-2:]} ({idempotency_key}): {text}", flush=True)


class FileSMSBackend(SMSBackend):
    """Development and tests: append each message as a JSON line under SMS_FILE_PATH."""

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        line = {"to": to, "text": text, "idempotency_key": idempotency_key, "at": timezone.now().isoformat()}
        with open(folder / "messages.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")


class HTTPGatewaySMSBackend(SMSBackend):
    """Production: POST {to, text} as JSON to SMS_GATEWAY_URL with a bearer token and an Idempotency-Key.

    The gateway recognises a message sent twice (a retry after a timeout) by its key.
    """

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        if not settings.SMS_GATEWAY_URL.startswith("https://"):
            raise RuntimeError("SMS_GATEWAY_URL must be an https:// address")
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            settings.SMS_GATEWAY_URL,
            data=json.dumps({"to": to, "text": text}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
                "Idempotency-Key": idempotency_key,
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=settings.SMS_GATEWAY_TIMEOUT) as response:  # noqa: S310
            if response.status >= 300:
                raise RuntimeError(f"SMS gateway answered {response.status}")


def get_backend() -> SMSBackend:
    return import_string(settings.SMS_BACKEND)()
