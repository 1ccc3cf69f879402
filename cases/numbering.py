"""Human-readable dispute numbers: region prefix, year, six-digit sequence (AST-2026-000123)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from centers.models import Center

from .models import NumberSequence


def next_dispute_number(*, center: Center) -> str:
    """Hand out the next number for the center's region and the current local year.

    The sequence row is created if missing (ignoring a concurrent insert) and then
    incremented with an UPDATE under a row lock, so two filings never share a number.
    """
    prefix = center.region.prefix
    year = timezone.localdate().year
    with transaction.atomic():
        NumberSequence.objects.bulk_create([NumberSequence(prefix=prefix, year=year)], ignore_conflicts=True)
        sequence = NumberSequence.objects.select_for_update().filter(prefix=prefix, year=year)
        sequence.update(last=F("last") + 1)
        last = sequence.values_list("last", flat=True).get()
    return f"{prefix}-{year}-{last:06d}"
