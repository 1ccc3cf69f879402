"""The dashboard against the raw SQL of the same aggregates, side by side, for several filter combinations.

The SQL text below is built from fixed fragments; every value goes in as a parameter.

"Raw SQL" is what a dashboard without summary tables would run: the figures of the page
counted straight from the disputes (PostgreSQL's percentile_cont for the median and the
90th percentile), plus the same live counts the page makes. Both are timed warm, in the
same run, on the same database; the ratio page / raw SQL is what compares across machines.
"""

import statistics
import time
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.access import centers_for
from cases.models import OPEN_STATUSES
from oversight.filters import DEFAULT_MONTHS, month_start
from oversight.selectors import week_bounds

OUTCOMES = ("settled", "not_settled", "declined", "withdrawn", "rejected")


@dataclass
class Case:
    name: str
    user: AbstractBaseUser
    query: dict[str, str]


@dataclass
class Timing:
    page_ms: float
    sql_ms: float
    figures_agree: bool

    @property
    def ratio(self) -> float:
        return self.page_ms / self.sql_ms


def _median_ms(action, runs: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _where(case: Case) -> tuple[str, list]:
    """The WHERE clause of the disputes the case's filters select, over cases_dispute d JOIN centers_center c."""
    today = timezone.localdate()
    end = (
        month_start(date.fromisoformat(case.query["end"] + "-01"), 1) if "end" in case.query else month_start(today, 1)
    )
    start = (
        date.fromisoformat(case.query["start"] + "-01") if "start" in case.query else month_start(end, -DEFAULT_MONTHS)
    )
    clauses = [
        "d.submitted_at >= (%s::date::timestamp AT TIME ZONE 'Asia/Almaty')",
        "d.submitted_at < (%s::date::timestamp AT TIME ZONE 'Asia/Almaty')",
        "d.center_id = ANY(%s)",
    ]
    params: list = [start, end, list(centers_for(case.user).values_list("pk", flat=True))]
    for name, column in (("region", "c.region_id"), ("association", "c.association_id"), ("center", "d.center_id")):
        if name in case.query:
            clauses.append(f"{column} = %s")
            params.append(int(case.query[name]))
    for name in ("category", "language"):
        if name in case.query:
            clauses.append(f"d.{name} = %s")
            params.append(case.query[name])
    return " AND ".join(clauses), params


DAYS = "FLOOR(EXTRACT(EPOCH FROM (d.closed_at - d.submitted_at)) / 86400)"
COUNTS = ", ".join(
    ["COUNT(*)", "COUNT(*) FILTER (WHERE d.status = ANY(%(open)s))"]
    + [f"COUNT(*) FILTER (WHERE d.status = '{status}')" for status in OUTCOMES]
    + [f"AVG({DAYS}) FILTER (WHERE d.closed_at IS NOT NULL)"]
)


def raw_queries(case: Case) -> list[tuple[str, list]]:
    """The page's figures as plain aggregates over the disputes (PostgreSQL)."""
    where, params = _where(case)
    source = f"FROM cases_dispute d JOIN centers_center c ON c.id = d.center_id WHERE {where}"  # noqa: S608
    counts = COUNTS.replace("%(open)s", "%s")
    open_param = [list(OPEN_STATUSES)]
    now = timezone.now()
    week = week_bounds(now)
    live_where, live_params = where.split(" AND ", 2)[2], params[2:]  # no period for what is counted now
    live = f"FROM cases_dispute d JOIN centers_center c ON c.id = d.center_id WHERE {live_where}"  # noqa: S608
    queries = [
        (
            # percentile_cont skips the NULL days of open disputes.
            f"SELECT {counts}, percentile_cont(0.5) WITHIN GROUP (ORDER BY {DAYS}), "
            f"percentile_cont(0.9) WITHIN GROUP (ORDER BY {DAYS}) {source}",
            open_param + params,
        ),
        (
            f"SELECT COUNT(f.id), AVG(f.rating) FROM cases_feedback f JOIN cases_dispute d ON d.id = f.dispute_id "  # noqa: S608
            f"JOIN centers_center c ON c.id = d.center_id WHERE {where}",
            params,
        ),  # fmt: skip
    ]
    for group in ("c.region_id", "c.association_id", "d.center_id", "d.category"):
        queries.append((f"SELECT {group}, {counts} {source} GROUP BY {group}", open_param + params))
    month = "DATE_TRUNC('month', d.submitted_at AT TIME ZONE 'Asia/Almaty')"
    queries.append((f"SELECT {month}, {counts} {source} GROUP BY 1 ORDER BY 1", open_param + params))
    queries.append(
        (
            "SELECT d.mediator_id, COUNT(*) FILTER (WHERE d.status = 'settled'), "
            f"COUNT(*) FILTER (WHERE d.status = 'not_settled') {source} AND d.mediator_id IS NOT NULL GROUP BY 1",
            params,
        )
    )
    queries += [
        (
            f"SELECT COUNT(*) {live} AND d.status = ANY(%s) AND d.deadline < %s",
            [*live_params, list(OPEN_STATUSES), now],
        ),
        (
            "SELECT COUNT(*) FROM cases_hearing h JOIN cases_dispute d ON d.id = h.dispute_id "  # noqa: S608
            f"JOIN centers_center c ON c.id = d.center_id WHERE {live_where} "
            "AND h.start >= %s AND h.start < %s AND h.status <> 'cancelled'",
            [*live_params, *week],
        ),
        (
            "SELECT COUNT(*) FROM cases_notification n JOIN cases_dispute d ON d.id = n.dispute_id "  # noqa: S608
            f"JOIN centers_center c ON c.id = d.center_id WHERE {live_where} AND n.state = 'failed'",
            live_params,
        ),
        (
            "SELECT h.id, h.start, d.number FROM cases_hearing h JOIN cases_dispute d ON d.id = h.dispute_id "  # noqa: S608
            f"JOIN centers_center c ON c.id = d.center_id WHERE {live_where} "
            "AND h.status = 'scheduled' AND h.start >= %s ORDER BY h.start LIMIT 20",
            [*live_params, now],
        ),
        (
            "SELECT m.id, (SELECT COUNT(*) FROM cases_dispute o WHERE o.mediator_id = m.id AND o.status = ANY(%s)) "
            "FROM mediators_mediator m WHERE m.center_id = ANY(%s) AND m.is_active",
            [list(OPEN_STATUSES), params[2]],
        ),
    ]
    return queries


def _run_raw(queries: list[tuple[str, list]]) -> list[list[tuple]]:
    results = []
    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            results.append(cursor.fetchall())
    return results


def time_case(case: Case, *, runs: int = 5, raw_runs: int = 3) -> Timing:
    """Median warm times of the page and of the raw SQL, and whether their headline figures agree."""
    client = Client()
    client.force_login(case.user)
    url = f"{reverse('oversight:dashboard')}?{urlencode(case.query)}"
    response = client.get(url)  # warm-up: caches, connections, plans
    assert response.status_code == 200, (url, response.status_code)
    queries = raw_queries(case)
    results = _run_raw(queries)
    page_ms = _median_ms(lambda: client.get(url), runs)
    sql_ms = _median_ms(lambda: _run_raw(queries), raw_runs)  # seconds each at a million disputes
    figures = {row[0]: row[1] for row in next(t for t in response.context["tables"] if t.key == "figures").rows}
    values = list(figures.values())
    headline = results[0][0]
    median = headline[-2]
    agree = (
        values[0] == headline[0]
        and values[2] == headline[2]
        and (median is None or values[8] == round(float(median), 1))
    )
    return Timing(page_ms=page_ms, sql_ms=sql_ms, figures_agree=agree)
