"""Exports: CSV and XLSX hold the page's tables; the case list streams without personal data; scoping holds."""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from cases.access import OVERSIGHT_GROUP
from oversight.tables import BUILDERS

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("oversight:dashboard")
MOMENT = re.compile(r"^(\d\d)\.(\d\d)\.(\d{4}) (\d\d:\d\d)$")


class _Tables(HTMLParser):
    """The text of every cell of the page's tables marked data-table, by key."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        if tag == "table" and dict(attrs).get("data-table"):
            self._table = dict(attrs)["data-table"]
            self.tables[self._table] = []
        elif self._table and tag == "tr":
            self.tables[self._table].append([])
        elif self._table and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif self._table and tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def as_csv_text(shown: str) -> str:
    """A page cell as the CSV writes it: no digit grouping, a decimal point, ISO times, nothing for a dash."""
    if shown == "—":
        return ""
    if moment := MOMENT.match(shown):
        day, month, year, time = moment.groups()
        return f"{year}-{month}-{day} {time}"
    number = shown.replace("\xa0", "").replace(" ", "")
    if re.fullmatch(r"-?\d+([.,]\d+)?", number):
        return number.replace(",", ".")
    return shown


def read_csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list]:  # type: ignore[no-untyped-def]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_exported_table_equals_the_one_on_the_page(client, hand_built, operator, language):
    client.force_login(operator)
    client.cookies["tatulasu_language"] = language
    query = "?start=2025-07&end=2026-06"
    shown = page_tables(client.get(URL + query).content.decode())
    assert set(shown) == set(BUILDERS)
    for key, rows in shown.items():
        expected = [[as_csv_text(cell) for cell in row] for row in rows]
        exported = read_csv(client.get(reverse("oversight:export_table", args=[key, "csv"]) + query))
        assert exported == expected, key
        workbook = read_xlsx(client.get(reverse("oversight:export_table", args=[key, "xlsx"]) + query))
        assert workbook[0] == expected[0], key  # the translated headers
        for xlsx_row, csv_row in zip(workbook[1:], expected[1:], strict=True):
            padded = [*xlsx_row, *[None] * (len(csv_row) - len(xlsx_row))]  # empty trailing cells are not stored
            assert [_cell_as_csv(value, text) for value, text in zip(padded, csv_row, strict=True)] == csv_row, key


def _cell_as_csv(value, text: str) -> str:  # type: ignore[no-untyped-def]
    """A typed XLSX cell in the CSV's notation; numbers compared as numbers (75.0 is read back as 75)."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return text if float(text) == value else str(value)
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def test_the_case_list_streams_the_filed_disputes_without_personal_data(client, hand_built, official):
    client.force_login(official)
    response = client.get(reverse("oversight:export_cases") + "?category=labour")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith('attachment; filename="tatulasu-cases-2025-07-2026-06')
    rows = read_csv(response)
    assert len(rows[0]) == 10
    assert [row[0] for row in rows[1:]] == [
        "A1-2026-000001", "B1-2026-000001", "A2-2026-000001", "B3-2026-000001", "A6-2026-000001", "B4-2026-000001",
    ]  # fmt: skip
    assert rows[1][1:5] == ["2026-03-02 10:00", "", "", "2026-03-12 13:00"]
    body = "\n".join(",".join(row) for row in rows)
    parties = [party for dispute in hand_built.values() for party in dispute.parties.all()]
    assert parties
    for party in parties:
        for personal in (party.name, party.identifier, str(party.phone), party.email):
            assert personal not in body


def _exports() -> list[str]:
    return [reverse("oversight:export_cases")] + [
        reverse("oversight:export_table", args=[key, extension]) for key in BUILDERS for extension in ("csv", "xlsx")
    ]


def test_staff_of_center_a_never_see_center_bs_numbers(client, hand_built, staff_a):
    client.force_login(staff_a)
    page = client.get(URL).content.decode()
    texts = [page]
    for url in _exports():
        response = client.get(url)
        assert response.status_code == 200
        if url.endswith(".xlsx"):
            texts.append("\n".join(",".join(str(value) for value in row) for row in read_xlsx(response)))
        else:
            texts.append("\n".join(",".join(row) for row in read_csv(response)))
    for text in texts:
        assert "Center B" not in text
        assert not re.search(r"B\d-2026", text)
    figures = read_csv(client.get(reverse("oversight:export_table", args=["figures", "csv"])))
    assert [row[1] for row in figures[1:4]] == ["6", "2", "2"]  # center A's received, open, settled
    # The filter choices offer only A's center, region and association.
    form = client.get(URL).context["filterset"].form
    assert [str(center) for center in form.fields["center"].queryset] == ["Center A"]
    assert list(form.fields["region"].queryset.values_list("code", flat=True)) == ["KZ-71"]
    assert form.fields["association"].queryset.count() == 1


@pytest.fixture
def cast(request, operator):  # type: ignore[no-untyped-def]
    def user(who: str):  # type: ignore[no-untyped-def]
        return None if who == "anonymous" else request.getfixturevalue(who)

    return user


@pytest.mark.parametrize(
    "who, expected",
    [
        ("anonymous", 302),
        ("citizen", 404),
        ("mediator_user", 404),
        ("staff_a", 200),
        ("staff_b", 200),
        ("official", 200),
        ("operator", 200),
    ],
)
def test_who_may_open_the_dashboard_and_every_export(client, hand_built, cast, who, expected):
    user = cast(who)
    if user:
        client.force_login(user)
    for url in [URL, *_exports()]:
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 302:
            assert response["Location"].startswith(reverse("account_login") + "?next=")


def test_back_office_people_without_a_second_factor_set_one_up_before_the_dashboard(client, hand_built, groups):
    newcomer = UserFactory(username="new-official", is_staff=True, second_factor=False)
    newcomer.groups.add(groups[OVERSIGHT_GROUP])
    client.force_login(newcomer)
    for url in [URL, *_exports()]:
        response = client.get(url)
        assert (response.status_code, response.get("Location")) == (302, reverse("mfa_activate_totp")), url


def test_the_navigation_links_the_dashboard_for_those_who_may_see_it(client, hand_built, official, citizen):
    client.force_login(official)
    assert URL in client.get(reverse("home")).content.decode()
    assert URL in client.get(reverse("admin:index")).content.decode()
    client.force_login(citizen)
    assert URL not in client.get(reverse("home")).content.decode()
