"""The outbox's promises: at least once with an idempotency key, sends bounded inside a claim, secrets sealed.

The slow-server test runs two workers (threads, each on its own database connection) against
a real SMTP server (aiosmtpd) that stalls one message for longer than EMAIL_TIMEOUT.
"""

import asyncio
import email
import json
import re
import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from cases import notifications, sealing
from cases.models import Notification, Party

from ..factories import DisputeFactory, PartyFactory
from ..reconciliation.outage import free_port
from .intake_samples import valid_post

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def _queue(dispute, *, email_address, code=None, due_at=None):  # type: ignore[no-untyped-def]
    party = PartyFactory(dispute=dispute, role=Party.Role.APPLICANT, email=email_address, phone="", language="en")
    context = {"access_code": code} if code else {}
    (row,) = notifications.queue(kind="dispute_received", party=party, dispute=dispute, context=context, due_at=due_at)
    return row


def _database_dump() -> str:
    """Every value of every row of every table, sessions decoded: what an operator with the database sees."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from introspection
            values += [str(row) for row in cursor.fetchall()]
    values += [json.dumps(session.get_decoded()) for session in Session.objects.all()]
    return "\n".join(values)


# --- Secrets -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_after_the_success_page_no_row_of_the_database_holds_the_access_code(client, center_a):
    client.post(reverse("file_dispute"), valid_post(center_a))
    page = client.get(reverse("dispute_filed")).content.decode()
    code = re.search(r'id="access-code">([^<]+)<', page).group(1)

    assert code not in _database_dump()  # pending: sealed

    notifications.send_due()

    assert code not in _database_dump()  # sent: gone
    (message,) = mail.outbox
    assert code in message.body  # the person it is for still gets it


@pytest.mark.django_db
def test_a_row_that_fails_for_good_loses_its_secret(settings, center_a):
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 1  # nobody listens
    row = _queue(DisputeFactory(center=center_a), email_address="a@example.kz", code="ABCD-EFGH")

    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(notifications.MAX_ATTEMPTS):
            notifications.send_due()
            clock.shift(timedelta(days=1))

    row.refresh_from_db()
    assert (row.state, row.attempts) == (Notification.State.FAILED, notifications.MAX_ATTEMPTS)
    assert "access_code" not in row.context
    assert "ABCD-EFGH" not in _database_dump()


@pytest.mark.django_db
@pytest.mark.parametrize("state", [Notification.State.SENT, Notification.State.FAILED, Notification.State.CANCELLED])
def test_the_database_refuses_a_final_state_that_keeps_the_secret(center_a, state):
    row = _queue(DisputeFactory(center=center_a), email_address="a@example.kz", code="ABCD-EFGH")

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.filter(pk=row.pk).update(state=state)

    Notification.objects.filter(pk=row.pk).update(state=state, context=notifications.without_secrets(row.context))
    assert Notification.objects.get(pk=row.pk).state == state


@pytest.mark.django_db
def test_a_sealed_code_opens_only_with_this_secret_key(settings):
    token = sealing.seal("ABCD-EFGH")
    assert "ABCD-EFGH" not in token and sealing.unseal(token) == "ABCD-EFGH"

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-rotated-key-" + "x" * 40
    assert sealing.unseal(token) == "ABCD-EFGH"  # an old key still opens what it sealed

    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(sealing.InvalidToken):
        sealing.unseal(token)


# --- Timeouts and idempotency keys -----------------------------------------------------------------


def test_every_channel_is_bounded_inside_a_claim(settings):
    call_command("check")  # the configured timeouts pass

    settings.EMAIL_TIMEOUT = notifications.CLAIM_SECONDS
    with pytest.raises(SystemCheckError, match="EMAIL_TIMEOUT"):
        call_command("check")
    settings.EMAIL_TIMEOUT, settings.SMS_GATEWAY_TIMEOUT = 20, 0
    with pytest.raises(SystemCheckError, match="SMS_GATEWAY_TIMEOUT"):
        call_command("check")


@pytest.mark.django_db
def test_every_attempt_at_a_message_carries_the_same_key_and_no_other_message_does(settings, tmp_path, center_a):
    settings.SMS_BACKEND = "cases.sms.FileSMSBackend"
    settings.SMS_FILE_PATH = str(tmp_path)
    dispute = DisputeFactory(center=center_a)
    party = PartyFactory(dispute=dispute, email="a@example.kz", phone="+77011234567", language="en")
    email_row, sms_row = notifications.queue(kind="dispute_received", party=party, dispute=dispute)

    notifications.deliver(email_row)
    notifications.deliver(email_row)  # a retry
    notifications.deliver(sms_row)

    first, retry = mail.outbox
    assert first.extra_headers["Message-ID"] == retry.extra_headers["Message-ID"]
    assert first.message()["Message-ID"] == notifications.message_id(email_row)
    assert notifications.idempotency_key(email_row) in notifications.message_id(email_row)
    (sent_sms,) = [json.loads(line) for line in (Path(tmp_path) / "messages.jsonl").read_text().splitlines()]
    assert sent_sms["idempotency_key"] == notifications.idempotency_key(sms_row)
    assert notifications.idempotency_key(sms_row) != notifications.idempotency_key(email_row)


# --- Two workers against a slow SMTP server ------------------------------------------------------


class SlowSink:
    """An SMTP server that records what it accepts, and stalls the first attempt at one recipient's message."""

    def __init__(self, slow_recipient: str) -> None:
        self.slow_recipient = slow_recipient
        self.attempts: Counter[str] = Counter()
        self.delivered: list[str] = []
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        message_id = email.message_from_bytes(envelope.content)["Message-ID"]
        self.attempts[message_id] += 1
        if self.slow_recipient in envelope.rcpt_tos and self.attempts[message_id] == 1:
            # Answer only after the client has long given up (EMAIL_TIMEOUT), as a hung server does.
            self.stalled.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 60)
            return "451 4.3.0 Too late"
        self.delivered.append(message_id)
        return "250 2.0.0 OK"


@pytest.fixture
def slow_smtp(settings):  # type: ignore[no-untyped-def]
    sink = SlowSink("slow@example.kz")
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", controller.port, False
    settings.EMAIL_TIMEOUT = 1
    try:
        yield sink
    finally:
        sink.release.set()
        controller.stop()


def _worker(results: dict[str, int], name: str) -> None:
    """One worker: send_due on a database connection of its own."""
    try:
        results[name] = notifications.send_due()
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_and_a_slow_smtp_server_deliver_every_message_as_promised(slow_smtp, center_a):
    # Due in an hour, so that the nudge after each commit (run eagerly in tests) finds nothing yet.
    due = timezone.now() + timedelta(hours=1)
    dispute = DisputeFactory(center=center_a)
    slow = _queue(dispute, email_address="slow@example.kz", code="SLOW-CODE", due_at=due - timedelta(minutes=1))
    others = [_queue(dispute, email_address=f"person{n}@example.kz", due_at=due) for n in range(4)]
    results: dict[str, int] = {}

    with time_machine.travel(due):
        first = threading.Thread(target=_worker, args=(results, "first"))
        first.start()
        assert slow_smtp.stalled.wait(30), "the first worker never reached the slow message"
        # While the first worker waits on the slow server, a second one sends everything else...
        second = threading.Thread(target=_worker, args=(results, "second"))
        second.start()
        second.join(60)
        in_flight = Notification.objects.get(pk=slow.pk)
        first.join(60)

    # ...and leaves the message in flight alone: it was claimed once, and attempted once.
    assert results == {"first": 0, "second": 4}
    assert in_flight.claimed_until is not None and in_flight.attempts == 1
    slow_key = notifications.message_id(slow)
    assert slow_smtp.attempts[slow_key] == 1
    assert Counter(slow_smtp.delivered) == {notifications.message_id(row): 1 for row in others}
    # The timed-out send waits for a later attempt, its code still sealed in the row.
    slow.refresh_from_db()
    assert (slow.state, slow.attempts, slow.claimed_until) == (Notification.State.PENDING, 1, None)
    assert "Timeout" in slow.last_error or "timed out" in slow.last_error
    assert sealing.unseal(slow.context["access_code"]) == "SLOW-CODE"

    with time_machine.travel(slow.due_at + timedelta(seconds=1)):
        assert notifications.send_due() == 1

    assert slow_smtp.delivered.count(slow_key) == 1  # delivered, under the same Message-ID as the first try
    assert set(Notification.objects.values_list("state", flat=True)) == {Notification.State.SENT}
    assert all("access_code" not in row.context for row in Notification.objects.all())
