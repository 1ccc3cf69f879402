"""Roles and the centers a user may see. cases.access builds on this for every other model.

Roles are Django groups: center staff (linked to their centers through Center.staff),
mediators (a Mediator row), oversight officials (read everything, change nothing).
Superusers are the operator. Everyone else sees nothing in the back office.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from .models import Center, Room

STAFF_GROUP = "Center staff"
MEDIATOR_GROUP = "Mediators"
OVERSIGHT_GROUP = "Oversight"
ROLE_GROUPS = (STAFF_GROUP, MEDIATOR_GROUP, OVERSIGHT_GROUP)

AnyUser = AbstractBaseUser | AnonymousUser


def group_names(user: AnyUser) -> frozenset[str]:
    """The user's group names, cached on the user object: one query per request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, "_tatulasu_groups"):
        user._tatulasu_groups = frozenset(user.groups.values_list("name", flat=True))
    return user._tatulasu_groups


def is_oversight(user: AnyUser) -> bool:
    return OVERSIGHT_GROUP in group_names(user)


def is_center_staff(user: AnyUser) -> bool:
    return STAFF_GROUP in group_names(user)


def is_mediator(user: AnyUser) -> bool:
    return MEDIATOR_GROUP in group_names(user)


def sees_everything(user: AnyUser) -> bool:
    return bool(getattr(user, "is_superuser", False)) or is_oversight(user)


def may_write(user: AnyUser) -> bool:
    """Oversight officials read only; everyone else with access may change what they see."""
    if not getattr(user, "is_active", False):
        return False
    return bool(user.is_superuser) or not is_oversight(user)


def centers_for(user: AnyUser) -> QuerySet[Center]:
    """Centers whose work the user may see."""
    if sees_everything(user):
        return Center.objects.all()
    if is_center_staff(user):
        return Center.objects.filter(staff=user)
    if is_mediator(user):
        return Center.objects.filter(mediators__user=user)
    return Center.objects.none()


def rooms_for(user: AnyUser) -> QuerySet[Room]:
    if sees_everything(user):
        return Room.objects.all()
    return Room.objects.filter(center__in=centers_for(user))
