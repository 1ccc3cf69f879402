"""Which mediators a user may see: those of their centers; a mediator sees only themselves."""

from django.db.models import QuerySet

from centers.access import AnyUser, centers_for, is_center_staff, is_mediator, sees_everything

from .models import Mediator


def mediators_for(user: AnyUser) -> QuerySet[Mediator]:
    if sees_everything(user):
        return Mediator.objects.all()
    if is_center_staff(user):
        return Mediator.objects.filter(center__in=centers_for(user))
    if is_mediator(user):
        return Mediator.objects.filter(user=user)
    return Mediator.objects.none()
