"""What a user may see and change: the one place admin, views, exports and API ask.

Centers and mediators are scoped in their own apps (dependencies point one way);
this module re-exports them so callers import access rules from one place.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import QuerySet
from django.http import Http404

from centers.access import (
    MEDIATOR_GROUP,
    OVERSIGHT_GROUP,
    ROLE_GROUPS,
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


_MEDIATOR_CODENAMES = [
    "view_dispute", "view_party", "view_caseevent", "view_hearing", "change_hearing",
    "view_mediator", "view_availability", "add_availability", "change_availability", "delete_availability",
    "view_timeoff", "add_timeoff", "change_timeoff", "delete_timeoff", "view_trainingrecord",
]  # fmt: skip
_STAFF_CENTER_CODENAMES = [
    "view_region", "view_tradeunionassociation", "view_center", "change_center",
    "view_room", "add_room", "change_room",
]  # fmt: skip


def ensure_role_groups() -> dict[str, Group]:
    """Create the role groups with their model permissions (idempotent)."""
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_GROUPS}
    work_apps = ["cases", "mediators"]
    groups[OVERSIGHT_GROUP].permissions.set(
        Permission.objects.filter(content_type__app_label__in=[*work_apps, "centers"], codename__startswith="view_")
    )
    groups[STAFF_GROUP].permissions.set(
        Permission.objects.filter(content_type__app_label__in=work_apps).exclude(codename__startswith="delete_")
        | Permission.objects.filter(content_type__app_label="centers", codename__in=_STAFF_CENTER_CODENAMES)
    )
    groups[MEDIATOR_GROUP].permissions.set(
        Permission.objects.filter(content_type__app_label__in=work_apps, codename__in=_MEDIATOR_CODENAMES)
    )
    return groups
