"""Start-up checks of the case app's configuration."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from .notifications import CLAIM_SECONDS

# A send is a conversation, and each timeout bounds one step of it: an SMTP send takes up to
# ten (connect, EHLO, STARTTLS, EHLO, AUTH, MAIL, RCPT, DATA, the message, QUIT), the SMS
# gateway's HTTPS request three (connect, TLS, the answer).
STEPS_PER_SEND = {"EMAIL_TIMEOUT": 10, "SMS_GATEWAY_TIMEOUT": 3}


@register()
def sends_end_within_a_claim(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Every channel's longest send ends before the outbox's claim, so no row is sent twice at once."""
    errors = []
    for name, steps in STEPS_PER_SEND.items():
        timeout = getattr(settings, name, None)
        if not timeout or timeout <= 0 or timeout * steps >= CLAIM_SECONDS:
            errors.append(
                Error(
                    f"{name} must be set to more than 0 and less than {CLAIM_SECONDS / steps:g} seconds.",
                    hint=f"A send may take {steps} times {name}, and the outbox claims a row for {CLAIM_SECONDS} s: "
                    "a longer send would be claimed and sent again by another worker.",
                    id="cases.E001",
                )
            )
    return errors
