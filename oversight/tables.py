"""The dashboard's tables, built once from the selectors and read by the page and the exports alike.

A table holds plain values (text, whole numbers, decimals, months, moments); the page shows
them formatted for the reader's language, CSV writes them as machine-readable text and XLSX
as typed cells, so the three always hold the same numbers.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from centers.choices import DisputeCategory

from . import selectors
from .filters import Selection

Value = str | int | float | date | datetime | None
MEDIATORS_ON_PAGE = 50
NUMERIC_KINDS = ("count", "percent", "decimal")
# Rows of the figures table shown again as cards at the top of the page.
KEY_FIGURES = (0, 1, 2, 7, 8, 9, 10, 11, 12, 13)


@dataclass(frozen=True)
class Column:
    label: str | Promise
    kind: str = "text"  # text, count, percent, decimal, month, moment


@dataclass
class Chart:
    """A chart of some columns of a table; drawn by static/js/dashboard.js from json_script data."""

    kind: str  # bar, line
    series: list[int]  # indices of the columns plotted
    horizontal: bool = False


@dataclass
class Table:
    key: str
    title: str | Promise
    columns: list[Column]
    rows: list[list[Value]]
    chart: Chart | None = None
    note: str | Promise = ""
    total_rows: int | None = None  # when the page shows fewer rows than the export holds

    @property
    def chart_element_id(self) -> str:
        return f"{self.key}-chart-data"

    @property
    def display_rows(self) -> list[list[tuple[str, bool]]]:
        """Each cell as (text in the reader's language, whether it is a number), formatted here once."""
        kinds = [(column.kind, column.kind in NUMERIC_KINDS) for column in self.columns]
        return [
            [(display(value, kind), numeric) for value, (kind, numeric) in zip(row, kinds, strict=True)]
            for row in self.rows
        ]

    def chart_data(self) -> dict[str, Any] | None:
        if not self.chart:
            return None
        labels = [_plain_label(row[0]) for row in self.rows]
        datasets = [
            {"label": str(self.columns[index].label), "data": [row[index] for row in self.rows]}
            for index in self.chart.series
        ]
        return {"kind": self.chart.kind, "horizontal": self.chart.horizontal, "labels": labels, "datasets": datasets}


def display(value: Value, kind: str = "") -> str:
    """A table value as the page shows it: grouped digits, one decimal, local dates; a dash for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "d.m.Y H:i")
    if isinstance(value, date):
        return value.strftime("%Y-%m")
    if isinstance(value, float):
        return formats.number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    if isinstance(value, int):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def _plain_label(value: Value) -> str:
    if isinstance(value, date):
        return value.strftime("%Y-%m")
    return str(value)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


GROUP_COLUMNS = [
    Column(_("Received"), "count"),
    Column(_("Open"), "count"),
    Column(_("Settled"), "count"),
    Column(_("Not settled"), "count"),
    Column(_("Declined"), "count"),
    Column(_("Withdrawn"), "count"),
    Column(_("Rejected"), "count"),
    Column(_("Settlement rate, %"), "percent"),
    Column(_("Mean days to closure"), "decimal"),
]


def _group_row(label: Value, counts: selectors.Counts) -> list[Value]:
    return [
        label, counts.received, counts.open, counts.settled, counts.not_settled, counts.declined,
        counts.withdrawn, counts.rejected, _round(counts.settlement_rate), _round(counts.mean_days),
    ]  # fmt: skip


def _group_table(key: str, title: Promise, first: Column, groups: list[selectors.Group], **extra: Any) -> Table:
    return Table(
        key=key,
        title=title,
        columns=[first, *GROUP_COLUMNS],
        rows=[_group_row(group.label, group.counts) for group in groups],
        **extra,
    )


def figures_table(selection: Selection, now: datetime) -> Table:
    counts = selectors.counts(selection)
    durations = selectors.durations(selection)
    present = selectors.now_figures(selection, now)
    rows: list[list[Value]] = [
        [_("Received"), counts.received],
        [_("Open"), counts.open],
        [_("Settled"), counts.settled],
        [_("Not settled"), counts.not_settled],
        [_("Declined by the respondent"), counts.declined],
        [_("Withdrawn"), counts.withdrawn],
        [_("Rejected"), counts.rejected],
        [_("Settlement rate, %"), _round(counts.settlement_rate)],
        [_("Median days from filing to closure"), _round(durations.median)],
        [_("90th percentile of days from filing to closure"), _round(durations.percentile_90)],
        [_("Open cases past their deadline (now)"), present.overdue],
        [_("Hearings this week"), present.hearings_this_week],
        [_("Failed messages (now)"), present.failed_messages],
        [_("Mean feedback score (1–5)"), _round(counts.mean_feedback)],
        [_("Feedback answers"), counts.feedback_count],
    ]
    return Table(
        key="figures",
        title=_("Figures"),
        columns=[Column(_("Figure")), Column(_("Value"), "decimal")],
        rows=[[str(label), value] for label, value in rows],
    )


def regions_table(selection: Selection, now: datetime) -> Table:
    return _group_table(
        "regions", _("By region"), Column(_("Region")), selectors.by_region(selection), chart=Chart("bar", [1, 3])
    )


def associations_table(selection: Selection, now: datetime) -> Table:
    return _group_table(
        "associations",
        _("By trade-union association"),
        Column(_("Trade-union association")),
        selectors.by_association(selection),
    )


def centers_table(selection: Selection, now: datetime) -> Table:
    return _group_table(
        "centers",
        _("Centers: league table by settlement rate"),
        Column(_("Center")),
        selectors.by_center(selection),
        chart=Chart("bar", [8], horizontal=True),
    )


def categories_table(selection: Selection, now: datetime) -> Table:
    groups = [
        selectors.Group(key=group.key, label=str(DisputeCategory(group.key).label), counts=group.counts)
        for group in selectors.by_category(selection)
    ]
    return _group_table("categories", _("By category"), Column(_("Category")), groups, chart=Chart("bar", [1, 3]))


def months_table(selection: Selection, now: datetime) -> Table:
    found = {group.key: group.counts for group in selectors.by_month(selection)}
    rows = [_group_row(month, found.get(month, selectors.Counts())) for month in selectors.months_of(selection)]
    return Table(
        key="months",
        title=_("By month filed: the trend"),
        columns=[Column(_("Month"), "month"), *GROUP_COLUMNS],
        rows=rows,
        chart=Chart("line", [1, 8]),
    )


def mediators_table(selection: Selection, now: datetime, *, limit: int | None = None) -> Table:
    workload = selectors.mediator_workload(selection, now, limit=limit)
    return Table(
        key="mediators",
        title=_("Mediator workload"),
        columns=[
            Column(_("Mediator")),
            Column(_("Center")),
            Column(_("Open cases"), "count"),
            Column(_("Case capacity"), "count"),
            Column(_("Load, %"), "percent"),
            Column(_("Hearings this week"), "count"),
            Column(_("Settled"), "count"),
            Column(_("Not settled"), "count"),
            Column(_("Settlement rate, %"), "percent"),
        ],
        rows=[
            [
                row.name,
                row.center,
                row.open,
                row.capacity,
                _round(row.load),
                row.hearings_this_week,
                row.settled,
                row.not_settled,
                _round(row.settlement_rate),
            ]  # fmt: skip
            for row in workload
        ],
        note=_(
            "Open cases and hearings are counted now; settled and not settled count the disputes filed in the "
            "period. The category and language filters do not apply to this table."
        ),
    )


def hearings_table(selection: Selection, now: datetime) -> Table:
    hearings = selectors.upcoming_hearings(selection, now)
    online = str(_("Online"))
    return Table(
        key="hearings",
        title=_("Upcoming hearings"),
        columns=[
            Column(_("Start"), "moment"),
            Column(_("Case number")),
            Column(_("Center")),
            Column(_("Mediator")),
            Column(_("Place")),
        ],
        rows=[
            [
                timezone.localtime(hearing.start),
                hearing.dispute.number,
                str(hearing.dispute.center),
                hearing.mediator.full_name,
                hearing.room.name if hearing.room else online,
            ]  # fmt: skip
            for hearing in hearings
        ],
    )


BUILDERS: dict[str, Callable[[Selection, datetime], Table]] = {
    "figures": figures_table,
    "months": months_table,
    "regions": regions_table,
    "associations": associations_table,
    "centers": centers_table,
    "categories": categories_table,
    "mediators": mediators_table,
    "hearings": hearings_table,
}


def page_tables(selection: Selection, now: datetime) -> list[Table]:
    """Every table of the page, in the page's order; the mediators' cut to the busiest."""
    tables = []
    for key, build in BUILDERS.items():
        if key == "mediators":
            table = mediators_table(selection, now, limit=MEDIATORS_ON_PAGE + 1)
            if len(table.rows) > MEDIATORS_ON_PAGE:
                table.rows = table.rows[:MEDIATORS_ON_PAGE]
                table.total_rows = selectors.mediator_count(selection)
            tables.append(table)
        else:
            tables.append(build(selection, now))
    return tables
