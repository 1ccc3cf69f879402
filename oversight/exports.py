"""Exports of the dashboard: every table as CSV and XLSX, and the filtered case list as streamed CSV.

They carry no personal data: the case list gives numbers, dates, status, category,
language, center and region — never a party's name, IIN/BIN, phone or address.
"""

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from cases.models import Status
from centers.choices import DisputeCategory, Language

from .filters import Selection
from .tables import Table, Value

CASE_CHUNK = 2000  # rows fetched from the database at a time: memory stays flat however many there are
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"  # lets spreadsheet programs read the UTF-8 of Kazakh and Russian names


def plain(value: Value) -> str:
    """A value as CSV text: numbers with a decimal point, months YYYY-MM, local times YYYY-MM-DD HH:MM."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m")
    return str(value)


def _typed(value: Value) -> str | int | float | None:
    """A value as an XLSX cell: numbers stay numbers; Excel takes no time zones, so local time."""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)  # type: ignore[return-value]
    if isinstance(value, date):
        return value.strftime("%Y-%m")
    return value


def _filename(table: Table, selection: Selection, extension: str) -> str:
    return f"tatulasu-{table.key}-{selection.start:%Y-%m}-{selection.last_month:%Y-%m}.{extension}"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_csv(table: Table, selection: Selection) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow([str(column.label) for column in table.columns])
    writer.writerows([plain(value) for value in row] for row in table.rows)
    return _attachment(response, _filename(table, selection, "csv"))


def table_xlsx(table: Table, selection: Selection) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=table.key)
    sheet.append([str(column.label) for column in table.columns])
    for row in table.rows:
        sheet.append([_typed(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX), _filename(table, selection, "xlsx"))


class _Line:
    """A file-like object whose write() returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def case_list_csv(selection: Selection) -> StreamingHttpResponse:
    """The disputes filed in the period, oldest first, streamed: a million rows in constant memory."""
    # Labels are read now, in the request's language: the stream is written after the view returns.
    statuses = {value: str(label) for value, label in Status.choices}
    categories = {value: str(label) for value, label in DisputeCategory.choices}
    languages = {value: str(label) for value, label in Language.choices}
    places = {center.pk: (str(center), str(center.region)) for center in selection.centers.select_related("region")}
    header = [
        _("Case number"), _("Filed"), _("Accepted"), _("Deadline"), _("Closed"), _("Status"), _("Category"),
        _("Language"), _("Center"), _("Region"),
    ]  # fmt: skip
    rows = (
        selection.filed()
        .order_by("submitted_at", "pk")
        .values_list(
            "number",
            "submitted_at",
            "accepted_at",
            "deadline",
            "closed_at",
            "status",
            "category",
            "language",
            "center_id",
        )  # fmt: skip
    )

    def lines() -> Iterator[str]:
        writer = csv.writer(_Line())
        yield BOM + writer.writerow(header)
        for number, filed, accepted, deadline, closed, status, category, language, center_id in rows.iterator(
            chunk_size=CASE_CHUNK
        ):
            center, region = places[center_id]
            yield writer.writerow(
                [
                    number,
                    plain(filed),
                    plain(accepted),
                    plain(deadline),
                    plain(closed),
                    statuses[status],
                    categories[category],
                    languages[language],
                    center,
                    region,
                ]  # fmt: skip
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = f"tatulasu-cases-{selection.start:%Y-%m}-{selection.last_month:%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
