"""Template filters of the dashboard: a table's value shown in the reader's language."""

from datetime import datetime

from django import template

from ..tables import display

register = template.Library()


@register.filter
def cell(value: object, kind: str) -> str:
    """A table value as the page shows it (oversight.tables.display)."""
    return display(value, kind)  # type: ignore[arg-type]


@register.filter
def minutes_since(moment: datetime, now: datetime) -> int:
    return max(0, int((now - moment).total_seconds() // 60))
