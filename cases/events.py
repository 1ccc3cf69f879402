"""The timeline of a dispute: `record_event` and the one registry of action names.

Every state change writes one CaseEvent whose action is a member of `Action`; the
timeline shown to the parties, the audit trail in the admin, the dashboards and the tests
all read the names and sentences from here.
"""

from enum import StrEnum
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import CaseEvent, Dispute


class Action(StrEnum):
    DISPUTE_SUBMITTED = "cases.dispute.submitted"
    DISPUTE_CLAIMED = "cases.dispute.claimed"
    DISPUTE_ACCEPTED = "cases.dispute.accepted"
    DISPUTE_REJECTED = "cases.dispute.rejected"
    RESPONDENT_INVITED = "cases.respondent.invited"
    RESPONDENT_AGREED = "cases.respondent.agreed"
    RESPONDENT_DECLINED = "cases.respondent.declined"
    MEDIATOR_ASSIGNED = "cases.mediator.assigned"
    MEDIATION_STARTED = "cases.mediation.started"
    HEARING_BOOKED = "cases.hearing.booked"
    HEARING_RESCHEDULED = "cases.hearing.rescheduled"
    HEARING_CANCELLED = "cases.hearing.cancelled"
    HEARING_HELD = "cases.hearing.held"
    DEADLINE_EXTENDED = "cases.deadline.extended"
    DOCUMENT_UPLOADED = "cases.document.uploaded"
    DOCUMENT_DOWNLOADED = "cases.document.downloaded"
    DOCUMENT_SHARED = "cases.document.shared"
    DOCUMENT_UNSHARED = "cases.document.unshared"
    DISPUTE_SETTLED = "cases.dispute.settled"
    DISPUTE_NOT_SETTLED = "cases.dispute.not_settled"
    DISPUTE_WITHDRAWN = "cases.dispute.withdrawn"


# One plain-language sentence per action: the parties read it for public events on the
# tracking page, staff read it in the audit trail.
DESCRIPTIONS: dict[Action, Promise] = {
    Action.DISPUTE_SUBMITTED: _("The dispute was filed with the center."),
    Action.DISPUTE_CLAIMED: _("The applicant added the dispute to their account."),
    Action.DISPUTE_ACCEPTED: _("The center accepted the dispute for review."),
    Action.DISPUTE_REJECTED: _("The center found that the dispute cannot be settled by mediation."),
    Action.RESPONDENT_INVITED: _("The other party was invited to mediation."),
    Action.RESPONDENT_AGREED: _("The other party agreed to mediation."),
    Action.RESPONDENT_DECLINED: _("The other party declined mediation."),
    Action.MEDIATOR_ASSIGNED: _("A mediator was assigned to the case."),
    Action.MEDIATION_STARTED: _("Mediation started."),
    Action.HEARING_BOOKED: _("A mediation meeting was scheduled."),
    Action.HEARING_RESCHEDULED: _("A mediation meeting was moved to another time."),
    Action.HEARING_CANCELLED: _("A mediation meeting was cancelled."),
    Action.HEARING_HELD: _("A mediation meeting took place."),
    Action.DEADLINE_EXTENDED: _("The time limit for mediation was extended."),
    Action.DOCUMENT_UPLOADED: _("A document was added to the case."),
    Action.DOCUMENT_DOWNLOADED: _("A document of the case was downloaded."),
    Action.DOCUMENT_SHARED: _("A document was shared with the parties."),
    Action.DOCUMENT_UNSHARED: _("A document is no longer shared with the parties."),
    Action.DISPUTE_SETTLED: _("The parties reached an agreement. The case is closed as settled."),
    Action.DISPUTE_NOT_SETTLED: _("Mediation ended without an agreement."),
    Action.DISPUTE_WITHDRAWN: _("The dispute was withdrawn."),
}
# For rows written under a name that has since left the registry.
UNKNOWN = _("The case was updated.")


def describe(action: str) -> Promise:
    """The sentence for a timeline entry, translated when shown."""
    try:
        return DESCRIPTIONS[Action(action)]
    except ValueError:
        return UNKNOWN


def record_event(
    *,
    dispute: Dispute,
    action: Action,
    by: AbstractBaseUser | None = None,
    actor_role: str = "",
    data: dict[str, Any] | None = None,
    public: bool = False,
) -> CaseEvent:
    """Append one entry to the dispute's timeline; the action must be a registered one."""
    action = Action(action)  # ValueError for a name outside the registry
    return CaseEvent.objects.create(
        dispute=dispute,
        action=action.value,
        actor=by if by is not None and by.is_authenticated else None,
        actor_role=actor_role or ("staff" if by is not None else "system"),
        data=data or {},
        is_public=public,
    )
