"""What to send to whom, and the delivery of the outbox.

Services queue `Notification` rows inside their own transaction; the rows are the truth.
`send_due` (run by a beat task, and nudged after each commit) claims due rows with a
conditional UPDATE, so two workers never send the same row at once, and renders each
message at send time in the recipient's language, from templates/notifications/<kind>.*.txt.

The guarantee: every message is delivered at least once. A claim lasts CLAIM_SECONDS and
every send is bounded by a timeout well inside it (EMAIL_TIMEOUT, SMS_GATEWAY_TIMEOUT;
checked at start-up by cases.checks), so a row is never claimed again while a send is in
flight. A send that fails or times out is tried again later, and a worker that dies
mid-send leaves a claim that expires: the provider may then get a message twice, so each
carries an idempotency key made from the row (the e-mail's Message-ID, the SMS gateway's
Idempotency-Key header) by which duplicates are recognised.

Secrets a message needs (an access code shown once) are sealed in the row (cases.sealing)
and removed from it as soon as the row reaches a final state: sent, failed or cancelled.
"""

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import invitations, sealing, sms
from .models import Dispute, Notification, Party

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 300
MAX_ATTEMPTS = 5
# Context values that are secrets (an access code shown once): sealed in the row while it is
# pending, dropped from it in every final state. A database constraint holds the second rule.
SECRET_CONTEXT_KEYS = ("access_code",)

# Values a kind of message needs that must be computed at send time (a signed link),
# never stored in the outbox row.
KIND_CONTEXT: dict[str, Callable[[Notification], dict[str, Any]]] = {
    "respondent_invitation": lambda n: invitations.invitation_context(n.party),
}


def queue(
    *,
    kind: str,
    party: Party,
    dispute: Dispute | None = None,
    hearing: Any = None,
    context: dict[str, Any] | None = None,
    due_at: Any = None,
    dedupe_key: str | None = None,
) -> list[Notification]:
    """Queue `kind` for one party on every channel they gave (e-mail, SMS)."""
    rows = []
    for channel, recipient in (
        (Notification.Channel.EMAIL, party.email),
        (Notification.Channel.SMS, str(party.phone or "")),
    ):
        if not recipient:
            continue
        rows.append(
            Notification(
                dispute=dispute or party.dispute,
                party=party,
                hearing=hearing,
                kind=kind,
                channel=channel,
                recipient=recipient,
                language=party.language,
                context=_sealed(context or {}),
                due_at=due_at or timezone.now(),
                dedupe_key=f"{dedupe_key}:{channel}" if dedupe_key else None,
            )
        )
    created = Notification.objects.bulk_create(rows)
    if created:
        transaction.on_commit(_nudge_worker)
    return created


def queue_for_parties(
    *, dispute: Dispute, kind: str, roles: Iterable[str] | None = None, context: dict[str, Any] | None = None
) -> list[Notification]:
    """Queue `kind` for the dispute's parties (all of them, or those with the given roles)."""
    parties = dispute.parties.all()
    if roles is not None:
        parties = parties.filter(role__in=list(roles))
    rows: list[Notification] = []
    for party in parties:
        rows += queue(kind=kind, party=party, dispute=dispute, context=context)
    return rows


def _sealed(context: dict[str, Any]) -> dict[str, Any]:
    return {key: sealing.seal(value) if key in SECRET_CONTEXT_KEYS else value for key, value in context.items()}


def _unsealed(context: dict[str, Any]) -> dict[str, Any]:
    return {key: sealing.unseal(value) if key in SECRET_CONTEXT_KEYS else value for key, value in context.items()}


def without_secrets(context: dict[str, Any]) -> dict[str, Any]:
    """The context a row keeps once it reaches a final state."""
    return {key: value for key, value in context.items() if key not in SECRET_CONTEXT_KEYS}


def idempotency_key(notification: Notification) -> str:
    """The same for every attempt to send one row, and for no other row: how a provider spots a duplicate."""
    return f"tatulasu-notification-{notification.pk}-{notification.created_at:%Y%m%d%H%M%S%f}"


def message_id(notification: Notification) -> str:
    """The e-mail's Message-ID: its idempotency key, at the portal's domain."""
    return f"<{idempotency_key(notification)}@{urlsplit(settings.SITE_URL).hostname or 'tatulasu.kz'}>"


def _nudge_worker() -> None:
    # Sending right away is a courtesy; the beat task delivers anything this misses.
    from .tasks import send_due_notifications

    try:
        send_due_notifications.delay()
    except Exception:  # broker down: the outbox row stays pending and beat picks it up
        logger.warning("could not reach the broker; notifications wait for the next beat run")


def render(notification: Notification) -> tuple[str, str]:
    """Subject and body of a notification, in its recipient's language."""
    context = {
        "notification": notification,
        "dispute": notification.dispute,
        "party": notification.party,
        "hearing": notification.hearing,
        "site_url": settings.SITE_URL,
        **_unsealed(notification.context),
    }
    if notification.kind in KIND_CONTEXT:
        context.update(KIND_CONTEXT[notification.kind](notification))
    with translation.override(notification.language):
        if notification.channel == Notification.Channel.SMS:
            body = render_to_string(f"notifications/{notification.kind}.sms.txt", context).strip()
            return "", " ".join(body.split())
        subject = render_to_string(f"notifications/{notification.kind}.subject.txt", context)
        body = render_to_string(f"notifications/{notification.kind}.email.txt", context)
    return " ".join(subject.split()), body.strip() + "\n"


def _claim(pk: int, now: Any) -> bool:
    """Claim one due row for CLAIM_SECONDS; True only for the one caller whose UPDATE changed it."""
    claimable = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return (
        Notification.objects.filter(Q(pk=pk, state=Notification.State.PENDING) & claimable).update(
            claimed_until=now + timedelta(seconds=CLAIM_SECONDS), attempts=F("attempts") + 1
        )
        == 1
    )


def deliver(notification: Notification) -> None:
    """Send one row through its channel, bounded by the channel's timeout, with the row's idempotency key."""
    subject, body = render(notification)
    if notification.channel == Notification.Channel.EMAIL:
        message = EmailMessage(subject=subject, body=body, to=[notification.recipient])
        message.extra_headers["Message-ID"] = message_id(notification)
        message.send()
    else:
        sms.get_backend().send(to=notification.recipient, text=body, idempotency_key=idempotency_key(notification))


def send_due(*, limit: int = 100) -> int:
    """Send up to `limit` due notifications; return how many were sent."""
    now = timezone.now()
    due = Notification.objects.filter(state=Notification.State.PENDING, due_at__lte=now).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    sent = 0
    for pk in due.order_by("due_at").values_list("pk", flat=True)[:limit]:
        if not _claim(pk, now):
            continue  # another worker has it
        notification = Notification.objects.select_related("dispute", "party", "hearing").get(pk=pk)
        try:
            deliver(notification)
        except Exception as exc:
            retry: dict[str, Any] = {"state": Notification.State.PENDING}
            if notification.attempts >= MAX_ATTEMPTS:
                retry = {"state": Notification.State.FAILED, "context": without_secrets(notification.context)}
            Notification.objects.filter(pk=pk).update(
                **retry,
                last_error=f"{type(exc).__name__}: {exc}"[:500],
                due_at=timezone.now() + timedelta(minutes=2**notification.attempts),
                claimed_until=None,
            )
            logger.warning("notification %s failed (attempt %s)", pk, notification.attempts)
            continue
        Notification.objects.filter(pk=pk).update(
            state=Notification.State.SENT, sent_at=timezone.now(), context=without_secrets(notification.context)
        )
        sent += 1
    return sent
