"""The selectors against PostgreSQL's own aggregates over the disputes, on many random disputes."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection

from cases.models import Dispute, Status
from centers.models import Center
from oversight import selectors, summary
from oversight.filters import Selection

from ..factories import CenterFactory, DisputeFactory
from .conftest import at

pytestmark = pytest.mark.django_db

RAW = """
    SELECT COUNT(*),
           COUNT(*) FILTER (WHERE status = 'settled'),
           percentile_cont(0.5) WITHIN GROUP (ORDER BY FLOOR(EXTRACT(EPOCH FROM (closed_at - submitted_at)) / 86400)),
           percentile_cont(0.9) WITHIN GROUP (ORDER BY FLOOR(EXTRACT(EPOCH FROM (closed_at - submitted_at)) / 86400))
    FROM cases_dispute
    WHERE submitted_at >= %s AND submitted_at < %s AND center_id = ANY(%s) AND category LIKE %s AND language LIKE %s
"""


@pytest.fixture
def random_disputes(frozen_now, center_a):  # type: ignore[no-untyped-def]
    rng = random.Random(17)
    centers = [center_a, CenterFactory()]
    statuses = [Status.SETTLED, Status.NOT_SETTLED, Status.DECLINED, Status.WITHDRAWN, Status.IN_MEDIATION]
    for index in range(300):
        filed = at("2025-06-01") + timedelta(days=rng.randrange(360), hours=rng.randrange(24))
        status = rng.choice(statuses)
        closed = None if status == Status.IN_MEDIATION else filed + timedelta(hours=rng.randrange(1, 24 * 60))
        DisputeFactory(
            number=f"RND-2026-{index:06d}", center=rng.choice(centers), status=status, submitted_at=filed,
            closed_at=closed, category=rng.choice(["labour", "family", "housing"]), language=rng.choice(["kk", "ru"]),
        )  # fmt: skip
    summary.refresh()
    return centers


@pytest.mark.postgres
@pytest.mark.parametrize(
    "months, category, language, only_first_center",
    [
        ((date(2025, 7, 1), date(2026, 7, 1)), "", "", False),
        ((date(2025, 6, 1), date(2025, 10, 1)), "", "", False),
        ((date(2025, 7, 1), date(2026, 7, 1)), "labour", "", False),
        ((date(2025, 7, 1), date(2026, 7, 1)), "", "ru", True),
        ((date(2026, 1, 1), date(2026, 4, 1)), "family", "kk", True),
    ],
)
def test_counts_and_percentiles_equal_postgresqls_percentile_cont(
    random_disputes, operator, months, category, language, only_first_center
):
    centers = random_disputes[:1] if only_first_center else random_disputes
    selection = Selection(
        user=operator, start=months[0], end=months[1], center_ids=tuple(center.pk for center in centers),
        category=category, language=language,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            RAW,
            [
                selection.start_moment,
                selection.end_moment,
                list(selection.center_ids),
                category or "%",
                language or "%",
            ],
        )
        received, settled, median, percentile_90 = cursor.fetchone()
    counts = selectors.counts(selection)
    durations = selectors.durations(selection)
    assert (counts.received, counts.settled) == (received, settled)
    assert received >= 5
    assert durations.median == pytest.approx(median)
    assert durations.percentile_90 == pytest.approx(percentile_90)


def test_the_summary_counts_every_dispute_once_whichever_slice_is_read(random_disputes, operator):
    everything = Selection(
        user=operator, start=date(2025, 1, 1), end=date(2026, 12, 1),
        center_ids=tuple(Center.objects.values_list("pk", flat=True)), category="", language="",
    )  # fmt: skip
    total = selectors.counts(everything).received
    assert total == Dispute.objects.count() == 300
    assert sum(group.counts.received for group in selectors.by_category(everything)) == total
    assert sum(group.counts.received for group in selectors.by_center(everything)) == total
    per_language = [
        selectors.counts(Selection(**{**everything.__dict__, "language": language})).received
        for language in ("kk", "ru")
    ]
    assert sum(per_language) == total
