"""The database itself refuses impossible records."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from cases.models import Dispute, Feedback, Hearing, Party

from ..factories import DisputeFactory, HearingFactory, PartyFactory

pytestmark = pytest.mark.django_db


def test_a_hearing_must_end_after_it_starts():
    hearing = HearingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Hearing.objects.filter(pk=hearing.pk).update(end=hearing.start)


def test_a_hearing_needs_a_room_or_a_link():
    hearing = HearingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Hearing.objects.filter(pk=hearing.pk).update(room=None, online_url="")


@pytest.mark.parametrize(
    "change",
    [{"status": "lost"}, {"category": "tax"}, {"language": "de"}, {"claim_amount": -1}],
)
def test_a_dispute_keeps_to_its_vocabularies(change):
    dispute = DisputeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Dispute.objects.filter(pk=dispute.pk).update(**change)


def test_dispute_numbers_are_unique():
    DisputeFactory(number="AST-2026-000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        DisputeFactory(number="AST-2026-000001")


def test_an_identifier_is_twelve_digits():
    party = PartyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.filter(pk=party.pk).update(identifier="12345")


def test_feedback_is_rated_one_to_five_once_per_party():
    party = PartyFactory()
    Feedback.objects.create(dispute=party.dispute, party=party, rating=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(dispute=party.dispute, party=party, rating=4)
    other = PartyFactory(dispute=party.dispute, role=Party.Role.RESPONDENT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(dispute=party.dispute, party=other, rating=6)


@pytest.mark.postgres
def test_postgresql_refuses_a_double_booked_mediator_or_room():
    first = HearingFactory()
    overlapping = {"start": first.start + timedelta(minutes=30), "end": first.end + timedelta(minutes=30)}
    with pytest.raises(IntegrityError), transaction.atomic():
        HearingFactory(dispute=DisputeFactory(center=first.dispute.center), mediator=first.mediator, **overlapping)
    with pytest.raises(IntegrityError), transaction.atomic():
        HearingFactory(dispute=DisputeFactory(center=first.dispute.center), room=first.room, **overlapping)
    # Back-to-back is fine, and a cancelled hearing frees its slot.
    HearingFactory(dispute=DisputeFactory(center=first.dispute.center), mediator=first.mediator, room=first.room,
                   start=first.start - timedelta(hours=1), end=first.start)  # fmt: skip
    Hearing.objects.filter(pk=first.pk).update(status=Hearing.Status.CANCELLED)
    HearingFactory(dispute=DisputeFactory(center=first.dispute.center), mediator=first.mediator, **overlapping)
