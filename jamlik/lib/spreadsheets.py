"""Reading an uploaded table (CSV or XLSX) within bounds a real file needs, checked while reading.

Every upload that is read as a table goes through ``read_table``. It never trusts what a file says
about itself (a ZIP header's sizes, an XLSX ``<dimension>``): it counts bytes as they are
decompressed and rows, columns and cells as they are parsed, and stops at the first bound
passed, so a small hostile file cannot keep a worker busy or fill its memory. Anything it cannot
read — CR-only line endings are read, a NUL byte or random bytes are not — ends in
``TableRejected`` with a message for the person who uploaded it (and the row, where there is one),
never in an unexpected exception.

XLSX is checked in two passes: first the ZIP members are streamed and every worksheet and the
shared strings are parsed with defusedxml, counting; only a file within the bounds is then read by
openpyxl in read-only mode, asked for no more rows and columns than the first pass found.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

Cell = str | int | float | bool | datetime.date | datetime.datetime | datetime.time | datetime.timedelta | None

_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_SHARED = "xl/sharedStrings.xml"
_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")


@dataclass(frozen=True)
class Limits:
    """What a real file needs. ``rows`` counts the rows under the header."""

    max_bytes: int = 5 * 1024 * 1024
    rows: int = 20_000
    columns: int = 100
    cells: int = 200_000  # filled cells, the header included (20,001 rows of ten columns)
    cell_chars: int = 1_000
    expanded_bytes: int = 40 * 1024 * 1024  # XLSX: everything inside the ZIP, decompressed

    @property
    def row_numbers(self) -> int:
        """Rows a sheet may number, blank ones between the data included."""
        return self.rows + 1 + 1_000


class TableRejected(Exception):
    """The file cannot be read as a table; ``message`` says why, ``row`` where (0: the whole file)."""

    def __init__(self, message: str, row: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.row = row


def read_table(filename: str, content: bytes, limits: Limits | None = None) -> list[list[Cell]]:
    """The rows of the file's first sheet (the header first), trailing empty rows dropped."""
    limits = limits or Limits()
    if len(content) > limits.max_bytes:
        raise TableRejected(
            _("The file is larger than %(mb)d MB. Split it into smaller files.")
            % {"mb": limits.max_bytes // (1024 * 1024)}
        )
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx(content, limits)
    elif name.endswith((".csv", ".txt")):
        rows = _csv(content, limits)
    else:
        raise TableRejected(_("Upload a .csv or .xlsx file."))
    while rows and not any(_filled(c) for c in rows[-1]):
        rows.pop()
    if not rows:
        raise TableRejected(_("The file is empty."))
    return rows


def _filled(value: Cell) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _too_many_rows(limits: Limits) -> TableRejected:
    return TableRejected(
        _("The file has more than %(n)d rows under the header. Split it into smaller files.") % {"n": limits.rows}
    )


def _too_many_columns(limits: Limits, row: int) -> TableRejected:
    return TableRejected(
        _("Row %(row)d has more than %(n)d columns. Keep only the columns the import needs.")
        % {"row": row, "n": limits.columns},
        row,
    )


def _too_long(limits: Limits, row: int) -> TableRejected:
    return TableRejected(
        _("A cell on row %(row)d is longer than %(n)d characters.") % {"row": row, "n": limits.cell_chars}, row
    )


# --- CSV --------------------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in content:
        raise TableRejected(
            _("The file contains NUL bytes, so it is not a text (CSV) file. Save it as CSV UTF-8 or as XLSX.")
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")  # Excel's "CSV" on Swedish Windows


def _csv(content: bytes, limits: Limits) -> list[list[Cell]]:
    text = _decode(content)
    if "\x00" in text:
        raise TableRejected(_("The file contains NUL characters. Save it as CSV UTF-8 or as XLSX."))
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = max(";,\t", key=first.count)
    # newline="": lines end at \n, \r\n or a lone \r (Excel for Mac), and a line break inside
    # a quoted field stays in the field.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[Cell]] = []
    filled_rows = 0
    try:
        for values in reader:
            number = reader.line_num
            if len(values) > limits.columns:
                raise _too_many_columns(limits, number)
            if any(len(v) > limits.cell_chars for v in values):
                raise _too_long(limits, number)
            if any(v.strip() for v in values):
                filled_rows += 1
                if filled_rows > limits.rows + 1:
                    raise _too_many_rows(limits)
            rows.append(list(values))
    except csv.Error as exc:
        raise TableRejected(
            _("Line %(line)d cannot be read as CSV (%(reason)s). Check its quotes, or save the file as XLSX.")
            % {"line": reader.line_num, "reason": str(exc)},
            reader.line_num,
        ) from exc
    return rows


# --- XLSX -------------------------------------------------------------------------------------


class _Bounded(io.RawIOBase):
    """A ZIP member's decompressed stream that refuses to give more than the bytes left."""

    def __init__(self, stream: IO[bytes], budget: list[int], limits: Limits) -> None:
        self._stream, self._budget, self._limits = stream, budget, limits

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(min(len(buffer), 64 * 1024))
        self._budget[0] -= len(data)
        if self._budget[0] < 0:
            raise TableRejected(
                _("The XLSX file unpacks to more than %(mb)d MB, far more than a table of this kind needs.")
                % {"mb": self._limits.expanded_bytes // (1024 * 1024)}
            )
        buffer[: len(data)] = data
        return len(data)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@dataclass
class _Extent:
    rows: int = 0  # the highest row number with a filled cell
    columns: int = 0  # the highest column number with a filled cell


def _scan_sheet(stream: IO[bytes], limits: Limits, extent: _Extent) -> None:
    """Count a worksheet's elements, rows and filled cells; stop at the first bound passed."""
    elements = filled = cells_in_row = 0
    row_number = 0
    budget = 3 * limits.cells + 10_000  # every element (rows, empty styled cells) included
    for event, element in iterparse(stream, events=("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            elements += 1
            if elements > budget:
                raise TableRejected(_("The sheet has far more cells than an import needs. Keep only the data."))
            if tag == "row":
                row_number = int(element.get("r") or row_number + 1)
                cells_in_row = 0
            elif tag == "c":
                cells_in_row += 1
                if cells_in_row > limits.columns:
                    raise _too_many_columns(limits, row_number)
            continue
        if tag == "c":
            if len(element):  # a value, an inline string or a formula: a filled cell
                match = _REF.match(element.get("r") or "")
                column = _column_number(match.group(1)) if match else cells_in_row
                row = int(match.group(2)) if match else row_number
                if column > limits.columns:
                    raise _too_many_columns(limits, row)
                if row > limits.row_numbers:
                    raise _too_many_rows(limits)
                filled += 1
                if filled > limits.cells:
                    raise TableRejected(
                        _("The sheet has more than %(n)d filled cells. Keep only the columns the import needs.")
                        % {"n": limits.cells}
                    )
                extent.rows, extent.columns = max(extent.rows, row), max(extent.columns, column)
            element.clear()
        elif tag == "row":
            element.clear()


def _scan_shared_strings(stream: IO[bytes], limits: Limits) -> None:
    count = 0
    for _event, element in iterparse(stream, events=("end",)):
        if _local(element.tag) == "si":
            count += 1
            if count > limits.cells:
                raise TableRejected(_("The file holds more text than an import needs. Keep only the data."))
            element.clear()


def _unreadable() -> TableRejected:
    return TableRejected(_("The XLSX file could not be read. Save it again from Excel."))


def _scan_xlsx(content: bytes, limits: Limits) -> _Extent:
    extent = _Extent()
    budget = [limits.expanded_bytes]
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if len(members) > 500:
                raise _unreadable()
            for info in members:
                with archive.open(info) as raw:
                    stream = io.BufferedReader(_Bounded(raw, budget, limits))
                    if _SHEET.match(info.filename):
                        _scan_sheet(stream, limits, extent)
                    elif info.filename == _SHARED:
                        _scan_shared_strings(stream, limits)
                    else:
                        while stream.read(64 * 1024):
                            pass
    except TableRejected:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, DefusedXmlException, SyntaxError, ValueError, OSError) as exc:
        raise _unreadable() from exc  # ParseError is a SyntaxError; a bad CRC an OSError/BadZipFile
    return extent


def _xlsx(content: bytes, limits: Limits) -> list[list[Cell]]:
    from openpyxl import load_workbook

    extent = _scan_xlsx(content, limits)
    if extent.rows == 0:
        return []
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file; the scan bounded its size
        raise _unreadable() from exc
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[Cell]] = []
        for values in _rows(sheet.iter_rows(max_row=extent.rows, max_col=extent.columns, values_only=True)):
            number = len(rows) + 1
            if any(isinstance(v, str) and len(v) > limits.cell_chars for v in values):
                raise _too_long(limits, number)
            rows.append(values)
        if sum(1 for r in rows if any(_filled(c) for c in r)) > limits.rows + 1:
            raise _too_many_rows(limits)
        return rows
    except TableRejected:
        raise
    except Exception as exc:  # a damaged cell (a bad date, a broken style) found while reading
        raise _unreadable() from exc
    finally:
        workbook.close()


def _rows(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[Cell]]:
    for values in rows:
        yield list(values)
