"""/dashboard/: every figure equals the one worked out by hand (conftest), for each filter and each user."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Status
from oversight import summary

from ..factories import DisputeFactory
from .conftest import at

pytestmark = pytest.mark.django_db

URL = reverse("oversight:dashboard")

# received, open, settled, not settled, declined, withdrawn, rejected, settlement rate, median days,
# 90th percentile days, overdue now, hearings this week, failed messages, mean feedback, feedback answers
EVERYTHING = [10, 3, 3, 1, 1, 1, 1, 75.0, 4.0, 14.0, 2, 1, 2, 3.5, 4]
CENTER_A = [6, 2, 2, 1, 1, 0, 0, 66.7, 7.0, 17.0, 1, 1, 1, 3.5, 2]
CENTER_B = [4, 1, 1, 0, 0, 1, 1, 100.0, 3.0, 5.4, 1, 0, 1, 3.5, 2]


def _query(request, name: str) -> str:  # type: ignore[no-untyped-def]
    """Filters that name a fixture's object (?center=…) are written with its id at run time."""
    if name == "center=A":
        return f"center={request.getfixturevalue('center_a').pk}"
    if name == "region=B":
        return f"region={request.getfixturevalue('center_b').region_id}"
    if name == "association=A":
        return f"association={request.getfixturevalue('center_a').association_id}"
    return name


@pytest.mark.parametrize(
    "who, query, expected",
    [
        ("operator", "", EVERYTHING),
        ("official", "", EVERYTHING),
        ("staff_a", "", CENTER_A),
        ("staff_b", "", CENTER_B),
        ("operator", "center=A", CENTER_A),
        ("operator", "association=A", CENTER_A),
        ("official", "region=B", CENTER_B),
        ("operator", "category=labour", [6, 2, 2, 1, 0, 0, 1, 66.7, 8.0, 17.0, 1, 0, 1, 3.5, 4]),
        ("operator", "language=ru", [3, 1, 0, 1, 0, 0, 1, 0.0, 11.5, 18.3, 1, 1, 0, 2.0, 1]),
        ("staff_a", "language=ru", [2, 1, 0, 1, 0, 0, 0, 0.0, 20.0, 20.0, 1, 1, 0, 2.0, 1]),
        ("operator", "start=2025-01&end=2025-12", [1, 0, 1, 0, 0, 0, 0, 100.0, 7.0, 7.0, 2, 1, 2, None, 0]),
        ("operator", "start=2026-04&end=2026-04", [3, 0, 1, 0, 1, 1, 0, 100.0, 2.0, 3.6, 2, 1, 2, None, 0]),
        # Staff of A asking for B's center get their own figures, with the filter reported as invalid.
        ("staff_a", "region=B", CENTER_A),
    ],
)
def test_every_figure_equals_the_hand_computed_value(request, client, hand_built, who, query, expected):
    client.force_login(request.getfixturevalue(who))
    response = client.get(f"{URL}?{_query(request, query)}")
    assert response.status_code == 200
    assert [row[1] for row in _table(response, "figures")] == expected


def _table(response, key: str) -> list[list]:  # type: ignore[no-untyped-def]
    return next(table for table in response.context["tables"] if table.key == key).rows


def test_the_breakdowns_add_up_by_region_category_month_and_center(client, hand_built, operator):
    client.force_login(operator)
    response = client.get(URL)
    regions = {row[0]: row[1:] for row in _table(response, "regions")}
    assert [values[0] for values in regions.values()] == [6, 4]  # Astana (KZ-71) before Almaty (KZ-75)
    assert list(regions.values())[0] == [6, 2, 2, 1, 1, 0, 0, 66.7, 9.0]  # mean of 10, 20, 4, 2 days
    associations = _table(response, "associations")
    assert [row[1:] for row in associations] == list(regions.values())
    # League table: B (100 %) above A (66.7 %).
    assert [(row[0], row[8]) for row in _table(response, "centers")] == [("Center B", 100.0), ("Center A", 66.7)]
    categories = {row[0]: (row[1], row[8]) for row in _table(response, "categories")}
    assert categories == {"Еңбек": (6, 66.7), "Отбасылық": (2, 100.0), "Тұтынушылық": (1, None), "Тұрғын үй": (1, None)}
    months = _table(response, "months")
    assert len(months) == 12 and months[0][0].isoformat() == "2025-07-01"
    assert {row[0].strftime("%m"): row[1] for row in months if row[1]} == {"03": 3, "04": 3, "05": 3, "06": 1}
    assert [row[8] for row in months if row[0].month == 3] == [66.7]


def test_mediator_workload_counts_open_cases_hearings_and_outcomes(client, hand_built, staff_a):
    client.force_login(staff_a)
    mediators = _table(client.get(URL), "mediators")
    assert mediators == [["Aigerim Mediator", "Center A", 1, 10, 10.0, 1, 1, 1, 50.0]]


def test_upcoming_hearings_are_listed_in_order_without_cancelled_ones(client, hand_built, operator):
    client.force_login(operator)
    hearings = _table(client.get(URL), "hearings")
    assert [(row[1], row[0].isoformat()) for row in hearings] == [
        ("A5-2026-000001", "2026-06-17T10:00:00+05:00"),
        ("B4-2026-000001", "2026-06-24T10:00:00+05:00"),
    ]


def test_the_page_says_how_old_the_figures_are(client, hand_built, operator, settings):
    client.force_login(operator)
    client.cookies["tatulasu_language"] = "en"
    page = client.get(URL).content.decode()
    assert "as of 12:00, 0 minutes ago" in page


@pytest.mark.parametrize(
    "query",
    [
        "start=2026-13",
        "start=0001-01&end=9999-12",
        "end=2020-01&start=2026-01",
        "center=abc",
        "center=99999999999999999999999",
        "region=-1",
        "association=%00",
        "category=<script>",
        "language=xx&language=kk",
        "start[]=1&center=1%27%20OR%201=1",
        "start=2026-01-01",
        "page=2&sort=-id",
    ],
)
def test_hostile_filter_values_never_break_the_page_or_the_exports(client, hand_built, official, query):
    client.force_login(official)
    for url in (URL, reverse("oversight:export_table", args=["centers", "csv"]), reverse("oversight:export_cases")):
        response = client.get(f"{url}?{query}")
        # A NUL byte is refused as a bad request before any view (reconciliation.middleware).
        assert response.status_code == (400 if "%00" in query else 200), (url, query)


def test_the_query_count_does_not_grow_with_the_data(client, hand_built, operator, center_a, center_b):
    client.force_login(operator)
    client.get(URL)

    def queries() -> int:
        summary.refresh()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured.captured_queries)

    small = queries()
    for index in range(60):
        center = center_a if index % 2 else center_b
        DisputeFactory(
            center=center, category=["labour", "family", "other"][index % 3], status=Status.SETTLED,
            submitted_at=at(f"2026-0{1 + index % 5}-1{index % 9}"), closed_at=at(f"2026-0{1 + index % 5}-2{index % 9}"),
        )  # fmt: skip
    assert queries() == small
    assert small <= 22
