"""What a user may see and change: the one place admin, views, exports and API ask.

Centers and mediators are scoped in their own apps (dependencies point one way);
this module re-exports them so callers import access rules from one place.
"""

from django.db.models import QuerySet
from django.http import Http404

from centers.access import (
    MEDIATOR_GROUP,
    OVERSIGHT_GROUP,
    STAFF_GROUP,
    AnyUser,
    centers_for,
    is_center_staff,
    is_mediator,
    is_oversight,
    may_write,
    rooms_for,
    sees_everything,
)
from mediators.access import mediators_for

from .models import Dispute
from .roles import ensure_role_groups  # the roles' one definition; imported here for callers of access

__all__ = [
    "MEDIATOR_GROUP",
    "OVERSIGHT_GROUP",
    "STAFF_GROUP",
    "centers_for",
    "disputes_for",
    "ensure_role_groups",
    "get_dispute_for_user",
    "is_center_staff",
    "is_mediator",
    "is_oversight",
    "may_write",
    "mediators_for",
    "own_disputes",
    "rooms_for",
    "sees_everything",
]


def disputes_for(user: AnyUser) -> QuerySet[Dispute]:
    """Disputes the user may see as staff, mediator or official (not as a citizen)."""
    if sees_everything(user):
        return Dispute.objects.all()
    if is_center_staff(user):
        return Dispute.objects.filter(center__in=centers_for(user))
    if is_mediator(user):
        return Dispute.objects.filter(mediator__user=user)
    return Dispute.objects.none()


def own_disputes(user: AnyUser) -> QuerySet[Dispute]:
    """Disputes a citizen filed or claimed with their account."""
    if not getattr(user, "is_authenticated", False):
        return Dispute.objects.none()
    return Dispute.objects.filter(filed_by=user)


def get_dispute_for_user(user: AnyUser, pk: object, *, write: bool = False) -> Dispute:
    """Fetch a dispute the user may see (and change, with write=True); 404 to everyone else."""
    try:
        dispute = disputes_for(user).get(pk=pk)
    except (Dispute.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not may_write(user):
        raise Http404
    return dispute
