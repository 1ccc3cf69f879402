"""Rebuilding the summary tables the dashboard reads (oversight.models), inside the database.

Each table is filled by one INSERT … SELECT … GROUP BY over the disputes: no dispute row
ever travels to Python. Celery beat runs `refresh` every few minutes; the page shows how
old the figures are. Counting a million disputes this way takes seconds, once, instead of
on every page view.
"""

import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from cases.models import Dispute, Feedback, Status

from .models import ClosureTally, CohortTally, MediatorTally, TallyRefresh

LOCAL = ZoneInfo(settings.TIME_ZONE)


class ElapsedDays(models.Func):
    """Whole days (periods of 24 hours) from `start` to a later `end`, as an integer."""

    output_field = models.IntegerField()
    arity = 2  # start, end

    def _compiled(self, compiler) -> tuple[str, str, tuple]:  # type: ignore[no-untyped-def]
        (start_sql, start_params), (end_sql, end_params) = (compiler.compile(e) for e in self.source_expressions)
        return start_sql, end_sql, (*end_params, *start_params)

    def as_postgresql(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
        start, end, params = self._compiled(compiler)
        return f"FLOOR(EXTRACT(EPOCH FROM ({end} - {start})) / 86400)::integer", params

    def as_sql(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
        # SQLite: julianday() counts days as a float; rounding to the millisecond first keeps
        # a closure at exactly two days from being read as 1.99999… days.
        start, end, params = self._compiled(compiler)
        return f"(CAST(ROUND((julianday({end}) - julianday({start})) * 86400000) AS INTEGER) / 86400000)", params


def filing_month() -> TruncMonth:
    """The local month a dispute was filed in, as a date (the first of the month)."""
    return TruncMonth("submitted_at", tzinfo=LOCAL, output_field=models.DateField())


def _insert(model: type[models.Model], queryset: QuerySet) -> None:
    """INSERT INTO model's table the rows of `queryset`, a values().annotate() grouping.

    The columns are named after the queryset's selected names, in the order of its SELECT.
    """
    query = queryset.query
    names = list(query.selected)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in names)
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) {sql}", params)  # noqa: S608 - names come from the models


def _grouped(queryset: QuerySet, *keys: str) -> QuerySet:
    return queryset.annotate(month=filing_month()).values("month", *keys).order_by()


def refresh() -> TallyRefresh:
    """Rebuild every summary table from the disputes, in one transaction; return the refresh row."""
    started = time.perf_counter()
    with transaction.atomic():
        # One rebuild at a time: a second waits here instead of doubling the rows.
        refreshed, _ = TallyRefresh.objects.select_for_update().get_or_create(
            pk=1, defaults={"finished_at": timezone.now(), "seconds": 0}
        )
        for model in (CohortTally, ClosureTally, MediatorTally):
            model.objects.all().delete()
        cell = ("center_id", "category", "language", "status")
        disputes = Dispute.objects.all()
        _insert(
            CohortTally,
            _grouped(disputes, *cell).annotate(
                disputes=Count("id"),
                days_total=Coalesce(Sum(ElapsedDays("submitted_at", "closed_at")), 0),
            ),
        )
        # Feedback goes in rows of its own (with no disputes): the sums of a cell stay right
        # without joining feedback to disputes, which would count a dispute once per answer.
        of_dispute = {name: F(f"dispute__{name}") for name in (*cell, "submitted_at")}
        _insert(
            CohortTally,
            _grouped(Feedback.objects.annotate(**of_dispute), *cell).annotate(
                disputes=models.Value(0), feedback_count=Count("id"), feedback_total=Sum("rating")
            ),
        )
        _insert(
            ClosureTally,
            _grouped(
                disputes.filter(closed_at__isnull=False).annotate(days=ElapsedDays("submitted_at", "closed_at")),
                "center_id",
                "category",
                "language",
                "days",
            ).annotate(disputes=Count("id")),
        )
        # Roll-ups without the category, the language or both (NULL there): a view with no such
        # filter, the usual one, reads a few thousand rows instead of every fine-grained one.
        for model, keys, measures in (
            (CohortTally, ("center_id", "status"), ("disputes", "days_total", "feedback_count", "feedback_total")),
            (ClosureTally, ("center_id", "days"), ("disputes",)),
        ):
            fine = model.objects.filter(category__isnull=False, language__isnull=False)
            for kept in (("category",), ("language",), ()):
                _insert(
                    model,
                    fine.values("month", *keys, *kept).order_by().annotate(**{name: Sum(name) for name in measures}),
                )
        _insert(
            MediatorTally,
            _grouped(
                disputes.filter(Q(status=Status.SETTLED) | Q(status=Status.NOT_SETTLED), mediator__isnull=False),
                "mediator_id",
                "status",
            ).annotate(disputes=Count("id")),
        )
        refreshed.finished_at = timezone.now()
        refreshed.seconds = time.perf_counter() - started
        refreshed.save()
    return refreshed
