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
    def send(self, *, to: str, text: str) -> None:
        raise NotImplementedError


class ConsoleSMSBackend(SMSBackend):
    """Development: print the message (the number is masked, as everywhere in logs)."""

    def send(self, *, to: str, text: str) -> None:
        print(f"SMS to {to[:4]}***{to[-2:]}: {text}", flush=True)


class FileSMSBackend(SMSBackend):
    """Development and tests: append each message as a JSON line under SMS_FILE_PATH."""

    def send(self, *, to: str, text: str) -> None:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "messages.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"to": to, "text": text, "at": timezone.now().isoformat()}, ensure_ascii=False) + "\n")


class HTTPGatewaySMSBackend(SMSBackend):
    """Production: POST {to, text} as JSON to SMS_GATEWAY_URL with a bearer token."""

    def send(self, *, to: str, text: str) -> None:
        if not settings.SMS_GATEWAY_URL.startswith("https://"):
            raise RuntimeError("SMS_GATEWAY_URL must be an https:// address")
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            settings.SMS_GATEWAY_URL,
            data=json.dumps({"to": to, "text": text}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            if response.status >= 300:
                raise RuntimeError(f"SMS gateway answered {response.status}")


def get_backend() -> SMSBackend:
    return import_string(settings.SMS_BACKEND)()
