"""Tables as downloads: CSV and XLSX responses from the same header and rows.

Every CSV export offers two dialects (docs/api.md, "CSV exports"), chosen with ``?dialect=``:

- ``excel-sv``: what Excel opens right on a Swedish computer: semicolons between cells, decimal
  commas (``12,5``), UTF-8 with a byte-order mark (else Excel reads å, ä, ö as Windows-1252);
- ``plain``: RFC 4180 for programs: commas, decimal points, UTF-8 without a byte-order mark.

Both end lines with CRLF. Without ``dialect`` a Swedish reader gets ``excel-sv`` and an English
one ``plain`` (the active language: the page's, or ``Accept-Language`` under ``/api/``).
"""

from __future__ import annotations

import csv
import datetime
import decimal
import enum
import io
from collections.abc import Iterable, Sequence

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from openpyxl import Workbook

Cell = str | int | float | decimal.Decimal | datetime.date | datetime.datetime | None


class CsvDialect(enum.StrEnum):
    EXCEL_SV = "excel-sv"
    PLAIN = "plain"


DIALECT_HELP = (
    "CSV dialect: `excel-sv` (semicolons, decimal commas, UTF-8 with BOM) or `plain` "
    "(commas, decimal points, UTF-8). Default: `excel-sv` in Swedish (Accept-Language), else `plain`."
)


def csv_dialect(request: HttpRequest, asked: str | None = None) -> CsvDialect:
    """The dialect asked for (``asked`` or ``?dialect=``), else the one for the active language."""
    asked = asked or request.GET.get("dialect") or ""
    if asked in CsvDialect._value2member_map_:
        return CsvDialect(asked)
    return CsvDialect.EXCEL_SV if translation.get_language() == "sv" else CsvDialect.PLAIN


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: Cell) -> Cell:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _local(value: datetime.datetime) -> datetime.datetime:
    """Local wall-clock time without a zone (spreadsheets cannot hold zones)."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def _text(value: Cell, dialect: CsvDialect) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return _local(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float | decimal.Decimal):
        written = str(value)
        return written.replace(".", ",") if dialect is CsvDialect.EXCEL_SV else written
    return str(_safe_text(value))


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Cell]], *, dialect: CsvDialect
) -> HttpResponse:
    """A CSV download in ``dialect`` (``csv_dialect(request)`` picks it)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8; header=present")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    if dialect is CsvDialect.EXCEL_SV:
        response.write("\ufeff")  # so Excel reads UTF-8 (å, ä, ö)
        writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    else:
        writer = csv.writer(response, delimiter=",", lineterminator="\r\n")
    writer.writerow([_text(c, dialect) for c in header])
    for row in rows:
        writer.writerow([_text(c, dialect) for c in row])
    return response


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Cell]], title: str) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for row in rows:
        sheet.append([_local(c) if isinstance(c, datetime.datetime) else _safe_text(c) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
