"""`make bench`: benchmarks whose results are ratios of two things measured side by side in one run.

Absolute times depend on the machine and on what else runs on it, so nothing here asserts
a time; each line compares two measurements taken moments apart on the same database.
The run uses a throw-away database: a temporary SQLite file, or, when DATABASE_URL is set,
a PostgreSQL database named after the one there (<name>_bench), dropped at the end.

    python -m bench.run        # BENCH_SMALL=1000 BENCH_LARGE=20000 BENCH_BULK=3000 BENCH_ROW_BY_ROW=300
    BENCH_DASHBOARD_DISPUTES=1000000 python -m bench.run   # the dashboard at a million disputes (PostgreSQL)

The dashboard section (PostgreSQL only: its raw SQL uses percentile_cont) tops the data up
to BENCH_DASHBOARD_DISPUTES (default: BENCH_LARGE), rebuilds the summary tables and times
the page against the raw SQL of the same aggregates for several filter combinations.
"""

import io
import logging
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconciliation.settings")
os.environ.setdefault("DEBUG", "true")  # static files served without a manifest; turned off below
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

# whitenoise looks for collected static files the benchmark does not need.
warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.admin_pages import PageTiming, time_changelist, without_list_select_related  # noqa: E402
from bench.dashboard import Case, time_case  # noqa: E402
from bench.seeding import bulk_against_row_by_row  # noqa: E402
from cases.models import Dispute, Hearing  # noqa: E402
from centers.models import Region  # noqa: E402
from demo import accounts  # noqa: E402
from oversight import summary  # noqa: E402

SEED = 2026
SMALL = int(os.environ.get("BENCH_SMALL", "1000"))
LARGE = int(os.environ.get("BENCH_LARGE", "20000"))  # 50000 takes about twice as long
BULK = int(os.environ.get("BENCH_BULK", "3000"))
ROW_BY_ROW = int(os.environ.get("BENCH_ROW_BY_ROW", "300"))
DASHBOARD = int(os.environ.get("BENCH_DASHBOARD_DISPUTES", str(LARGE)))
DASHBOARD_BUDGET_MS = 300  # the most a warm dashboard may take, whatever the filters


def seed(disputes: int) -> None:
    call_command(
        "seed_demo", disputes=disputes, seed=SEED, no_progress=True, allow_without_debug=True, stdout=io.StringIO()
    )


def report(rows: list[tuple[str, str, str, str]]) -> None:
    headers = ("benchmark", "A", "B", "A / B")
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(4)]
    line = "  ".join("-" * width for width in widths)
    print("\n" + "  ".join(header.ljust(width) for header, width in zip(headers, widths, strict=True)))
    print(line)
    for row in rows:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(line)


def ratio(a: float, b: float) -> str:
    return f"{a / b:,.1f}x" if b else "n/a"


def main() -> None:
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    else:  # not test_<name>: a test run on the same DATABASE_URL may be using that one
        connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_bench"
    setup_test_environment(debug=False)  # no query log: it would slow the bulk inserts down
    logging.getLogger("axes").setLevel(logging.WARNING)  # one "successful login" line per timed page
    started = time.perf_counter()
    test_database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"Benchmarks on {connection.vendor} ({test_database}); small={SMALL:,}, large={LARGE:,} disputes.")
    try:
        rows = run()
    finally:
        connection.creation.destroy_test_db(test_database, verbosity=0)
    report(rows)
    print(f"Total {time.perf_counter() - started:,.0f} s.")


def run() -> list[tuple[str, str, str, str]]:
    User = get_user_model()
    rows: list[tuple[str, str, str, str]] = []
    seed(SMALL)
    operator = User.objects.get(username=accounts.OPERATOR)
    staff = User.objects.get(username=accounts.STAFF_ASTANA)
    small = {who: time_changelist(user, Dispute) for who, user in (("operator", operator), ("staff", staff))}

    bulk, bulk_create, one_by_one = bulk_against_row_by_row(bulk=BULK, row_by_row=ROW_BY_ROW, seed=SEED)
    method = "COPY" if connection.vendor == "postgresql" else "bulk_create"
    rows.append(
        (
            f"seed rows/s: seed_demo ({method}) vs bulk_create",
            f"{bulk.per_second:,.0f} rows/s",
            f"{bulk_create.per_second:,.0f} rows/s",
            ratio(bulk.per_second, bulk_create.per_second),
        )
    )
    rows.append(
        (
            f"seed rows/s: seed_demo ({method}) vs row by row",
            f"{bulk.per_second:,.0f} rows/s",
            f"{one_by_one.per_second:,.0f} rows/s",
            ratio(bulk.per_second, one_by_one.per_second),
        )
    )

    started, before = time.perf_counter(), Dispute.objects.count()
    seed(LARGE)
    top_up = (Dispute.objects.count() - before) / (time.perf_counter() - started)
    print(f"seed_demo topped up to {LARGE:,} disputes at {top_up:,.0f} disputes/s.")
    for who, user in (("operator", operator), ("staff Astana", staff)):
        key = "operator" if who == "operator" else "staff"
        large = time_changelist(user, Dispute)
        rows.append(_pair(f"dispute changelist ({who}): {LARGE:,} vs {SMALL:,}", large, small[key]))

    for model in (Dispute, Hearing):
        joined = time_changelist(operator, model)
        with without_list_select_related(model):
            plain = time_changelist(operator, model)
        rows.append(_pair(f"{model._meta.model_name} changelist: without vs with list_select_related", plain, joined))
    rows += dashboard()
    return rows


def dashboard() -> list[tuple[str, str, str, str]]:
    """The dashboard page against the raw SQL of the same aggregates, warm, for several filter combinations."""
    if connection.vendor != "postgresql":
        print("dashboard: skipped (its raw SQL needs PostgreSQL's percentile_cont; set DATABASE_URL).")
        return []
    User = get_user_model()
    if Dispute.objects.count() < DASHBOARD:
        started, before = time.perf_counter(), Dispute.objects.count()
        seed(DASHBOARD)
        seconds = time.perf_counter() - started
        added = Dispute.objects.count() - before
        print(f"seed_demo topped up to {DASHBOARD:,} disputes: {added:,} in {seconds / 60:,.1f} min.")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum would have done by the time anyone looks
    started = time.perf_counter()
    summary.refresh()
    seconds = time.perf_counter() - started
    print(f"dashboard: summary tables rebuilt in {seconds:,.1f} s from {Dispute.objects.count():,} disputes.")
    operator = User.objects.get(username=accounts.OPERATOR)
    official = User.objects.get(username=accounts.COURT_OFFICIAL)
    staff = User.objects.get(username=accounts.STAFF_ASTANA)
    almaty = str(Region.objects.get(code=accounts.ALMATY).pk)
    today = timezone.localdate()
    cases = [
        Case("operator, last 12 months", operator, {}),
        Case("operator, labour", operator, {"category": "labour"}),
        Case("operator, English", operator, {"language": "en"}),
        Case("operator, Almaty region", operator, {"region": almaty}),
        Case(
            "official, 24 months", official, {"start": f"{today.year - 2}-{today.month:02d}", "end": f"{today:%Y-%m}"}
        ),
        Case("official, Almaty, family", official, {"region": almaty, "category": "family"}),
        Case("staff Astana, last 12 months", staff, {}),
        Case("staff Astana, Russian labour", staff, {"language": "ru", "category": "labour"}),
    ]
    rows = []
    for case in cases:
        timing = time_case(case)
        verdict = "ok" if timing.page_ms < DASHBOARD_BUDGET_MS and timing.ratio <= 1.5 else "OVER"
        agree = "" if timing.figures_agree else ", FIGURES DIFFER"
        rows.append(
            (
                f"dashboard vs raw SQL ({case.name})",
                f"{timing.page_ms:,.0f} ms",
                f"{timing.sql_ms:,.0f} ms",
                f"{timing.ratio:,.2f}x ({verdict}{agree})",
            )
        )
    return rows


def _pair(name: str, a: PageTiming, b: PageTiming) -> tuple[str, str, str, str]:
    return (name, str(a), str(b), f"{ratio(a.milliseconds, b.milliseconds)} time, {ratio(a.queries, b.queries)} q")


if __name__ == "__main__":
    main()
