"""Claiming a dispute: a citizen adds a case filed without an account to their account."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .errors import CaseError
from .events import Action, record_event
from .models import Dispute
from .tracking import find_dispute

# One message for every refusal (unknown number, wrong code, claimed by someone else), so
# the answer tells a guesser nothing about which case numbers exist.
CLAIM_FAILED = _(
    "We could not add this case to your account. Check the case number and the access code; "
    "if they are right, the case may already belong to another account — contact the center."
)


def claim_dispute(*, user: AbstractBaseUser, number: str, access_code: str) -> Dispute:
    """Attach the dispute with this number and access code to `user`; CaseError when they do not match.

    A dispute already attached to another account stays there. Claiming one's own dispute
    again changes nothing and records nothing.
    """
    # find_dispute compares the code in constant time and does the same work for an unknown number.
    found = find_dispute(number=number, access_code=access_code)
    if found is None:
        raise CaseError(CLAIM_FAILED, code="claim_failed")
    with transaction.atomic():
        # Locked, so two accounts claiming the same case at once cannot both win.
        dispute = Dispute.objects.select_for_update().get(pk=found.pk)
        if dispute.filed_by_id == user.pk:
            return dispute
        if dispute.filed_by_id is not None:
            raise CaseError(CLAIM_FAILED, code="claim_failed")
        dispute.filed_by = user
        dispute.save(update_fields=["filed_by", "updated_at"])
        record_event(dispute=dispute, action=Action.DISPUTE_CLAIMED, by=user, actor_role="applicant")
    return dispute
