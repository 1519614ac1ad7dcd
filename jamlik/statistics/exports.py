"""Tables as CSV and XLSX: the same published cells as the pages (hidden cells as text)."""

from __future__ import annotations

import datetime
import io

from django.http import HttpResponse
from openpyxl import Workbook

from jamlik.lib.tables import CsvDialect, csv_response, xlsx_response
from jamlik.statistics.tables import Table, legend_lines

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _with_legend(table: Table) -> list[list[str | int | float | datetime.date | None]]:
    """The table's lines, then a blank line and what the marks for hidden cells mean."""
    lines = table.lines()
    lines.append([])
    lines.extend([text] for text in legend_lines())
    return lines


def table_response(table: Table, fmt: str, filename: str, dialect: CsvDialect) -> HttpResponse:
    if fmt == "csv":
        return csv_response(filename, table.header(), _with_legend(table), dialect=dialect)
    return xlsx_response(filename, table.header(), _with_legend(table), table.measure.key)


def workbook(tables: list[Table], intro: list[list[str]]) -> bytes:
    """One sheet per table, after a first sheet that says what the figures are."""
    book = Workbook(write_only=True)
    about = book.create_sheet("Jämlik")
    for line in intro:
        about.append([_safe(c) for c in line])
    for n, table in enumerate(tables, start=1):
        sheet = book.create_sheet(f"{n} {table.slug}"[:31])
        sheet.append([table.title])
        sheet.append(table.header())
        for row in table.lines():
            sheet.append([_safe(c) for c in row])
        sheet.append([])
        for text in legend_lines():
            sheet.append([text])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook_response(tables: list[Table], intro: list[list[str]], filename: str) -> HttpResponse:
    response = HttpResponse(workbook(tables, intro), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
