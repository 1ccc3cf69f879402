"""The dashboard's figures: aggregate queries over the summary tables and the live tables.

Figures of the period (received, outcomes, rates, durations, feedback) are sums over the
summary tables (oversight.summary keeps them fresh). Figures of the present moment (open
cases past their deadline, hearings this week, failed messages, mediators' open cases,
upcoming hearings) are counted live: they touch few rows, through partial indexes.
Every query returns aggregates; no dispute row is looped over in Python.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import get_language

from cases.access import mediators_for
from cases.models import OPEN_STATUSES, Dispute, Hearing, Notification, Status

from .filters import Selection, month_start
from .models import ClosureTally, CohortTally, MediatorTally, TallyRefresh

OUTCOMES = (Status.SETTLED, Status.NOT_SETTLED, Status.DECLINED, Status.WITHDRAWN, Status.REJECTED)
COUNTS = ("received", "open", *OUTCOMES)


@dataclass(frozen=True)
class Counts:
    """Sums of the summary for one selection or one group of it."""

    received: int = 0
    open: int = 0
    settled: int = 0
    not_settled: int = 0
    declined: int = 0
    withdrawn: int = 0
    rejected: int = 0
    days_total: int = 0
    feedback_count: int = 0
    feedback_total: int = 0

    @property
    def closed(self) -> int:
        return self.settled + self.not_settled + self.declined + self.withdrawn + self.rejected

    @property
    def settlement_rate(self) -> float | None:
        """Settled as a share (in %) of the mediations that ended, settled or not."""
        ended = self.settled + self.not_settled
        return 100 * self.settled / ended if ended else None

    @property
    def mean_days(self) -> float | None:
        return self.days_total / self.closed if self.closed else None

    @property
    def mean_feedback(self) -> float | None:
        return self.feedback_total / self.feedback_count if self.feedback_count else None


def _sums() -> dict[str, Coalesce]:
    sums = {
        "received": Sum("disputes"),
        "open": Sum("disputes", filter=Q(status__in=OPEN_STATUSES)),
        **{status: Sum("disputes", filter=Q(status=status)) for status in OUTCOMES},
        "days_total": Sum("days_total"),
        "feedback_count": Sum("feedback_count"),
        "feedback_total": Sum("feedback_total"),
    }
    return {name: Coalesce(total, 0) for name, total in sums.items()}


def _rate() -> ExpressionWrapper:
    """The settlement rate in % as SQL, for ordering the league table (NULL when nothing ended)."""
    ended = NullIf(F("settled") + F("not_settled"), 0)
    return ExpressionWrapper(Cast(F("settled"), FloatField()) * 100 / ended, output_field=FloatField())


def counts(selection: Selection) -> Counts:
    return Counts(**selection.tallies(CohortTally.objects).aggregate(**_sums()))


def _counts_of(row: dict) -> Counts:
    return Counts(**{name: row[name] for name in Counts.__dataclass_fields__})


@dataclass(frozen=True)
class Group:
    """One row of a breakdown: what it is, and its counts."""

    key: object
    label: str
    counts: Counts


def _localised(path: str) -> Coalesce:
    """A translated name in the current language, the stored default where it has none."""
    language = (get_language() or "kk")[:2]
    return Coalesce(NullIf(F(f"{path}_{language}"), Value("")), F(path))


def _groups(selection: Selection, key: str, label: object, order: list) -> list[Group]:
    rows = (
        selection.tallies(CohortTally.objects, per_category=key == "category")
        .values(key)
        .annotate(label=label, **_sums())
        .annotate(rate=_rate())
        .order_by(*order)
    )
    return [Group(key=row[key], label=row["label"], counts=_counts_of(row)) for row in rows]


def by_region(selection: Selection) -> list[Group]:
    return _groups(selection, "center__region", _localised("center__region__name"), ["center__region__code"])


def by_association(selection: Selection) -> list[Group]:
    return _groups(selection, "center__association", _localised("center__association__name"), ["center__region__code"])


def by_center(selection: Selection) -> list[Group]:
    """The league table: highest settlement rate first, then most disputes received."""
    return _groups(
        selection,
        "center",
        _localised("center__name"),
        [F("rate").desc(nulls_last=True), "-received", "label"],
    )


def by_category(selection: Selection) -> list[Group]:
    return _groups(selection, "category", F("category"), ["-received", "category"])


def by_month(selection: Selection) -> list[Group]:
    return _groups(selection, "month", F("month"), ["month"])


@dataclass(frozen=True)
class Durations:
    """Whole days from filing to closure, of the disputes of the selection that closed."""

    closed: int
    median: float | None
    percentile_90: float | None


# Tenths: percentile_cont's position p·(N − 1) in whole numbers, for integer division in SQL.
PERCENTILES = {"median": 5, "percentile_90": 9}


def durations(selection: Selection) -> Durations:
    """Median and 90th percentile, interpolated as PostgreSQL's percentile_cont does, from the histogram.

    percentile_cont(p) of N sorted values v0…v(N-1) is v(k) + f·(v(k+1) − v(k)) with
    k + f = p·(N − 1). The value of rank r is the least number of days whose running count
    exceeds r: one query finds N and the values of all four ranks with a window over the
    histogram (a few dozen rows, one per number of days), on PostgreSQL and SQLite alike.
    """
    histogram = selection.tallies(ClosureTally.objects).values("days").annotate(n=Sum("disputes")).order_by()
    inner, params = histogram.query.sql_with_params()
    ranks = []
    for tenths in PERCENTILES.values():
        low = f"({tenths} * (total - 1)) / 10"
        ranks += [low, f"CASE WHEN {low} + 1 < total THEN {low} + 1 ELSE {low} END"]
    values = ", ".join(f"MIN(CASE WHEN running > {rank} THEN days END)" for rank in ranks)
    sql = (
        f"SELECT MAX(total), {values} FROM ("  # noqa: S608 - no user input in the text, only in params
        "SELECT days, SUM(n) OVER (ORDER BY days) AS running, CAST(SUM(n) OVER () AS BIGINT) AS total "
        f"FROM ({inner}) histogram) ranked"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        total, *found = cursor.fetchone()
    if not total:
        return Durations(closed=0, median=None, percentile_90=None)
    figures = {}
    for index, (name, tenths) in enumerate(PERCENTILES.items()):
        low_value, high_value = found[2 * index], found[2 * index + 1]
        fraction = tenths * (total - 1) / 10 - (tenths * (total - 1)) // 10
        figures[name] = low_value + fraction * (high_value - low_value)
    return Durations(closed=total, **figures)


# --- The present moment -------------------------------------------------------------------


def week_bounds(now: datetime) -> tuple[datetime, datetime]:
    """Monday 00:00 of this local week, and of the next."""
    today = timezone.localtime(now).date()
    monday = today - timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    return start, start + timedelta(days=7)


@dataclass(frozen=True)
class Now:
    overdue: int
    hearings_this_week: int
    failed_messages: int


def now_figures(selection: Selection, now: datetime) -> Now:
    week = week_bounds(now)
    return Now(
        overdue=selection.disputes().filter(status__in=OPEN_STATUSES, deadline__lt=now).count(),
        hearings_this_week=selection.of_disputes(Hearing.objects)
        .filter(start__gte=week[0], start__lt=week[1])
        .exclude(status=Hearing.Status.CANCELLED)
        .count(),
        failed_messages=selection.of_disputes(Notification.objects).filter(state=Notification.State.FAILED).count(),
    )


@dataclass(frozen=True)
class Workload:
    mediator_id: int
    name: str
    center: str
    open: int
    capacity: int
    hearings_this_week: int
    settled: int
    not_settled: int

    @property
    def load(self) -> float:
        return 100 * self.open / self.capacity

    @property
    def settlement_rate(self) -> float | None:
        ended = self.settled + self.not_settled
        return 100 * self.settled / ended if ended else None


def _count_of(queryset: QuerySet, column: str) -> Subquery:
    return Coalesce(
        Subquery(queryset.values(column).annotate(total=Count("*")).values("total")[:1], output_field=IntegerField()),
        0,
    )


def _sum_of(queryset: QuerySet) -> Subquery:
    total = queryset.values("mediator").annotate(total=Sum("disputes")).values("total")[:1]
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def mediator_workload(selection: Selection, now: datetime, *, limit: int | None = None) -> list[Workload]:
    """Active mediators of the selected centers, busiest (open cases against capacity) first.

    Open cases and hearings are counted now; settled and not settled are of the disputes
    filed in the period. Category and language filters do not narrow a mediator's figures.
    """
    week = week_bounds(now)
    mine = {"mediator": OuterRef("pk")}
    tallies = MediatorTally.objects.filter(month__gte=selection.start, month__lt=selection.end, **mine)
    rows = (
        mediators_for(selection.user)
        .filter(center__in=selection.center_ids, is_active=True)
        .annotate(
            center_label=_localised("center__name"),
            open_cases=_count_of(Dispute.objects.filter(status__in=OPEN_STATUSES, **mine), "mediator"),
            week_hearings=_count_of(
                Hearing.objects.filter(start__gte=week[0], start__lt=week[1], **mine).exclude(
                    status=Hearing.Status.CANCELLED
                ),
                "mediator",
            ),
            settled=_sum_of(tallies.filter(status=Status.SETTLED)),
            not_settled=_sum_of(tallies.filter(status=Status.NOT_SETTLED)),
        )
        .annotate(load=ExpressionWrapper(Cast(F("open_cases"), FloatField()) / F("capacity"), FloatField()))
        .order_by("-load", "-open_cases", "full_name")
        .values("pk", "full_name", "center_label", "open_cases", "capacity", "week_hearings", "settled", "not_settled")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        Workload(
            mediator_id=row["pk"],
            name=row["full_name"],
            center=row["center_label"],
            open=row["open_cases"],
            capacity=row["capacity"],
            hearings_this_week=row["week_hearings"],
            settled=row["settled"],
            not_settled=row["not_settled"],
        )
        for row in rows
    ]


def mediator_count(selection: Selection) -> int:
    return mediators_for(selection.user).filter(center__in=selection.center_ids, is_active=True).count()


def upcoming_hearings(selection: Selection, now: datetime, *, limit: int = 20) -> QuerySet[Hearing]:
    # The next hearings are found first, joined to the disputes through a narrow index only;
    # the wide rows are read for those few.
    upcoming = (
        selection.of_disputes(Hearing.objects)
        .filter(status=Hearing.Status.SCHEDULED, start__gte=now)
        .order_by("start", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return (
        Hearing.objects.filter(pk__in=list(upcoming))
        .select_related("dispute", "dispute__center", "mediator", "room")
        .order_by("start", "pk")
    )


def last_refresh() -> TallyRefresh | None:
    return TallyRefresh.objects.order_by("-finished_at").first()


def months_of(selection: Selection) -> list[date]:
    """Every month of the period, for a trend with no gaps (months without disputes count zero)."""
    months, month = [], selection.start
    while month < selection.end:
        months.append(month)
        month = month_start(month, 1)
    return months
