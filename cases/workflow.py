"""The dispute's status workflow: the one table of allowed transitions and the steps.

Every step locks the dispute row, checks the transition is allowed, writes one CaseEvent
with a namespaced action, and queues the notifications it implies in the same
transaction (the outbox), so a step either happens whole or not at all.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import notifications
from .errors import CaseError, TransitionNotAllowed
from .events import Action, record_event
from .models import Dispute, Party, SettlementAgreement, Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SUBMITTED: frozenset({Status.UNDER_REVIEW, Status.WITHDRAWN}),
    Status.UNDER_REVIEW: frozenset({Status.AWAITING_RESPONDENT, Status.REJECTED, Status.WITHDRAWN}),
    Status.AWAITING_RESPONDENT: frozenset({Status.SCHEDULING, Status.DECLINED, Status.WITHDRAWN}),
    Status.SCHEDULING: frozenset({Status.IN_MEDIATION, Status.WITHDRAWN}),
    Status.IN_MEDIATION: frozenset({Status.SETTLED, Status.NOT_SETTLED, Status.WITHDRAWN}),
}
CLOSED = frozenset({Status.SETTLED, Status.NOT_SETTLED, Status.REJECTED, Status.DECLINED, Status.WITHDRAWN})

User = AbstractBaseUser


def can_transition(dispute: Dispute, to: str) -> bool:
    return to in TRANSITIONS.get(dispute.status, frozenset())


def _transition(
    dispute: Dispute,
    to: str,
    *,
    action: Action,
    by: User | None,
    actor_role: str = "",
    data: dict[str, Any] | None = None,
    **changes: Any,
) -> Dispute:
    """Move a locked dispute to `to`, saving `changes` with it; the caller holds a transaction."""
    locked = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if not can_transition(locked, to):
        raise TransitionNotAllowed(
            _("A dispute that is “%(current)s” cannot become “%(target)s”.")
            % {"current": locked.get_status_display(), "target": Status(to).label},
            code="transition",
        )
    previous = locked.status
    locked.status = to
    if to in CLOSED:
        locked.closed_at = timezone.now()
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.save()
    record_event(
        dispute=locked,
        action=action,
        by=by,
        actor_role=actor_role,
        data={"from": previous, "to": to, **(data or {})},
        public=True,
    )
    # Keep the caller's object in step with the database.
    dispute.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


def accept_for_review(*, dispute: Dispute, by: User, mediable: bool) -> Dispute:
    """Staff take a new dispute for review; the mediation deadline starts now."""
    now = timezone.now()
    with transaction.atomic():
        dispute = _transition(
            dispute,
            Status.UNDER_REVIEW,
            action=Action.DISPUTE_ACCEPTED,
            by=by,
            accepted_at=now,
            deadline=now + timedelta(days=settings.MEDIATION_DEADLINE_DAYS),
            mediable_confirmed=mediable,
        )
        if mediable and dispute.center.invite_respondent_automatically:
            dispute = invite_respondent(dispute=dispute, by=by)
    return dispute


def reject(*, dispute: Dispute, by: User, reason: str) -> Dispute:
    """Staff find the dispute cannot be mediated here; the applicant is told why."""
    if not reason.strip():
        raise CaseError(_("Give the reason for rejecting the dispute."), code="reason_required")
    with transaction.atomic():
        dispute = _transition(
            dispute, Status.REJECTED, action=Action.DISPUTE_REJECTED, by=by, rejection_reason=reason.strip()
        )
        notifications.queue_for_parties(dispute=dispute, kind="dispute_rejected", roles=[Party.Role.APPLICANT])
    return dispute


def invite_respondent(*, dispute: Dispute, by: User | None) -> Dispute:
    """Send the respondent a signed link to agree to mediation or decline."""
    if not dispute.mediable_confirmed:
        raise CaseError(
            _("Confirm at triage that the dispute may be mediated before inviting the respondent."),
            code="not_confirmed",
        )
    with transaction.atomic():
        dispute = _transition(dispute, Status.AWAITING_RESPONDENT, action=Action.RESPONDENT_INVITED, by=by)
        respondents = list(dispute.parties.filter(role=Party.Role.RESPONDENT))
        if not respondents:
            raise CaseError(_("The dispute has no respondent to invite."), code="no_respondent")
        now = timezone.now()
        for party in respondents:
            party.invited_at = now
            party.save(update_fields=["invited_at"])
        notifications.queue_for_parties(dispute=dispute, kind="respondent_invitation", roles=[Party.Role.RESPONDENT])
    return dispute


def _answer_invitation(*, party: Party, response: str, reason: str = "") -> Party:
    with transaction.atomic():
        party = Party.objects.select_for_update().select_related("dispute").get(pk=party.pk)
        if party.role != Party.Role.RESPONDENT:
            raise CaseError(_("Only the respondent answers the invitation."), code="not_respondent")
        if party.response != Party.Response.PENDING:
            raise CaseError(_("This invitation has already been answered."), code="already_answered")
        party.response = response
        party.response_reason = reason.strip()
        party.responded_at = timezone.now()
        party.save(update_fields=["response", "response_reason", "responded_at"])
        if response == Party.Response.AGREED:
            _transition(
                party.dispute, Status.SCHEDULING, action=Action.RESPONDENT_AGREED, by=None, actor_role="respondent"
            )
            notifications.queue_for_parties(
                dispute=party.dispute, kind="respondent_agreed", roles=[Party.Role.APPLICANT]
            )
        else:
            _transition(
                party.dispute,
                Status.DECLINED,
                action=Action.RESPONDENT_DECLINED,
                by=None,
                actor_role="respondent",
            )
            notifications.queue_for_parties(
                dispute=party.dispute, kind="respondent_declined", roles=[Party.Role.APPLICANT]
            )
    return party


def respondent_agrees(*, party: Party) -> Party:
    """The respondent agrees to mediation: the case moves on to scheduling."""
    return _answer_invitation(party=party, response=Party.Response.AGREED)


def respondent_declines(*, party: Party, reason: str = "") -> Party:
    """The respondent declines: mediation is voluntary, so the case closes as declined."""
    return _answer_invitation(party=party, response=Party.Response.DECLINED, reason=reason)


def start_mediation(*, dispute: Dispute, by: User | None) -> Dispute:
    """The first hearing is booked: the case is in mediation."""
    with transaction.atomic():
        return _transition(dispute, Status.IN_MEDIATION, action=Action.MEDIATION_STARTED, by=by)


def settle(*, dispute: Dispute, by: User, terms: str, signed_on: Any) -> Dispute:
    """Record the agreement on the results of mediation and close the case as settled."""
    if not terms.strip():
        raise CaseError(_("Write the terms of the agreement."), code="terms_required")
    with transaction.atomic():
        dispute = _transition(dispute, Status.SETTLED, action=Action.DISPUTE_SETTLED, by=by)
        SettlementAgreement.objects.create(dispute=dispute, terms=terms.strip(), signed_on=signed_on, created_by=by)
        notifications.queue_for_parties(dispute=dispute, kind="dispute_closed")
    return dispute


def record_not_settled(*, dispute: Dispute, by: User, note: str = "") -> Dispute:
    """Mediation ended without agreement; the parties keep their right to go to court."""
    with transaction.atomic():
        dispute = _transition(
            dispute, Status.NOT_SETTLED, action=Action.DISPUTE_NOT_SETTLED, by=by, outcome_note=note.strip()
        )
        notifications.queue_for_parties(dispute=dispute, kind="dispute_closed")
    return dispute


def withdraw(*, dispute: Dispute, by: User | None = None, actor_role: str = "applicant", reason: str = "") -> Dispute:
    """The applicant withdraws the dispute while it is still open."""
    with transaction.atomic():
        return _transition(
            dispute,
            Status.WITHDRAWN,
            action=Action.DISPUTE_WITHDRAWN,
            by=by,
            actor_role=actor_role,
            data={"reason": reason.strip()} if reason.strip() else None,
            outcome_note=reason.strip(),
        )


def extend_deadline(*, dispute: Dispute, by: User, days: int, reason: str) -> Dispute:
    """Move the mediation deadline later, with a reason that stays on the record."""
    if days < 1:
        raise CaseError(_("The extension must be at least one day."), code="days")
    if not reason.strip():
        raise CaseError(_("Give the reason for extending the deadline."), code="reason_required")
    with transaction.atomic():
        locked = Dispute.objects.select_for_update().get(pk=dispute.pk)
        if locked.status in CLOSED or locked.deadline is None:
            raise CaseError(_("Only an accepted, open dispute has a deadline to extend."), code="no_deadline")
        previous = locked.deadline
        locked.deadline = previous + timedelta(days=days)
        locked.deadline_extension_reason = reason.strip()
        locked.save(update_fields=["deadline", "deadline_extension_reason", "updated_at"])
        record_event(
            dispute=locked,
            action=Action.DEADLINE_EXTENDED,
            by=by,
            data={"from": previous.isoformat(), "to": locked.deadline.isoformat(), "days": days},
        )
    return locked
