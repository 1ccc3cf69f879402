"""The machine-readable moment of a <time datetime="..."> element."""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def machine_datetime(value: datetime | date | None) -> str:
    """Local time to the second with its offset ('2026-12-01T14:05:00+05:00'), a date as '2026-12-01'.

    Django's `date:'c'` keeps microseconds, and HTML allows at most three digits of a fraction.
    """
    if isinstance(value, datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""
