import pytest
from django.utils import timezone

from cases import workflow
from cases.errors import CaseError, TransitionNotAllowed
from cases.models import CaseEvent, Party, SettlementAgreement, Status

from ..factories import DisputeFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dispute():
    dispute = DisputeFactory()
    PartyFactory(dispute=dispute, role=Party.Role.APPLICANT)
    PartyFactory(dispute=dispute, role=Party.Role.RESPONDENT, kind=Party.Kind.ORGANISATION, name="TOO Employer")
    return dispute


def test_every_open_status_may_be_withdrawn():
    for status in workflow.TRANSITIONS:
        assert Status.WITHDRAWN in workflow.TRANSITIONS[status]
    assert not set(workflow.TRANSITIONS) & workflow.CLOSED


def test_accepting_starts_the_deadline_and_logs_an_event(dispute, staff_a, settings):
    settings.MEDIATION_DEADLINE_DAYS = 30
    workflow.accept_for_review(dispute=dispute, by=staff_a, mediable=True)
    dispute.refresh_from_db()
    assert dispute.status == Status.UNDER_REVIEW
    assert (dispute.deadline - dispute.accepted_at).days == 30
    event = CaseEvent.objects.get(dispute=dispute)
    assert (event.action, event.actor, event.data) == (
        "cases.dispute.accepted",
        staff_a,
        {"from": "submitted", "to": "under_review"},
    )


def test_a_center_setting_invites_the_respondent_on_acceptance(dispute, staff_a):
    dispute.center.invite_respondent_automatically = True
    dispute.center.save()
    workflow.accept_for_review(dispute=dispute, by=staff_a, mediable=True)
    dispute.refresh_from_db()
    assert dispute.status == Status.AWAITING_RESPONDENT
    respondent = dispute.parties.get(role=Party.Role.RESPONDENT)
    assert respondent.invited_at is not None
    assert respondent.notifications.filter(kind="respondent_invitation").count() == 2  # e-mail and SMS


def test_the_respondent_cannot_be_invited_before_triage_confirms(dispute, staff_a):
    workflow.accept_for_review(dispute=dispute, by=staff_a, mediable=False)
    with pytest.raises(CaseError):
        workflow.invite_respondent(dispute=dispute, by=staff_a)
    dispute.refresh_from_db()
    assert dispute.status == Status.UNDER_REVIEW


def test_a_disallowed_step_changes_nothing(dispute, staff_a):
    with pytest.raises(TransitionNotAllowed):
        workflow.settle(dispute=dispute, by=staff_a, terms="Pay", signed_on=timezone.localdate())
    dispute.refresh_from_db()
    assert dispute.status == Status.SUBMITTED
    assert not CaseEvent.objects.exists()
    assert not SettlementAgreement.objects.exists()


def test_the_respondent_answers_once(dispute, staff_a):
    workflow.accept_for_review(dispute=dispute, by=staff_a, mediable=True)
    workflow.invite_respondent(dispute=dispute, by=staff_a)
    respondent = dispute.parties.get(role=Party.Role.RESPONDENT)
    workflow.respondent_agrees(party=respondent)
    dispute.refresh_from_db()
    assert dispute.status == Status.SCHEDULING
    with pytest.raises(CaseError):
        workflow.respondent_declines(party=respondent, reason="changed my mind")
    dispute.refresh_from_db()
    assert dispute.status == Status.SCHEDULING


def test_declining_closes_the_case(dispute, staff_a):
    workflow.accept_for_review(dispute=dispute, by=staff_a, mediable=True)
    workflow.invite_respondent(dispute=dispute, by=staff_a)
    workflow.respondent_declines(party=dispute.parties.get(role=Party.Role.RESPONDENT), reason="We paid already")
    dispute.refresh_from_db()
    assert dispute.status == Status.DECLINED
    assert dispute.closed_at is not None
    assert dispute.parties.get(role=Party.Role.RESPONDENT).response_reason == "We paid already"


def test_settling_records_the_agreement(dispute, staff_a):
    workflow.accept_for_review(dispute=dispute, by=staff_a, mediable=True)
    workflow.invite_respondent(dispute=dispute, by=staff_a)
    workflow.respondent_agrees(party=dispute.parties.get(role=Party.Role.RESPONDENT))
    workflow.start_mediation(dispute=dispute, by=staff_a)
    workflow.settle(dispute=dispute, by=staff_a, terms="Wages paid by 1 December", signed_on=timezone.localdate())
    dispute.refresh_from_db()
    assert dispute.status == Status.SETTLED
    assert dispute.settlement.terms == "Wages paid by 1 December"
    actions = list(dispute.events.values_list("action", flat=True))
    assert actions == [
        "cases.dispute.accepted",
        "cases.respondent.invited",
        "cases.respondent.agreed",
        "cases.mediation.started",
        "cases.dispute.settled",
    ]


def test_extending_the_deadline_needs_a_reason(dispute, staff_a):
    workflow.accept_for_review(dispute=dispute, by=staff_a, mediable=True)
    with pytest.raises(CaseError):
        workflow.extend_deadline(dispute=dispute, by=staff_a, days=10, reason=" ")
    before = dispute.deadline
    extended = workflow.extend_deadline(dispute=dispute, by=staff_a, days=10, reason="Respondent on sick leave")
    assert (extended.deadline - before).days == 10
