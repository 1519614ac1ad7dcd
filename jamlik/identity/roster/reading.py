"""Reading a staff list: CSV as Swedish Excel writes it, or XLSX, with Swedish or English column names.

The bytes are read by ``jamlik.lib.spreadsheets.read_table`` (its bounds, its encodings: UTF-8
with or without a BOM, Windows-1252, semicolons or commas, CRLF). Here the header is matched to
the columns a staff list has, and every row becomes a ``Row`` with its number as a spreadsheet
shows it (the header is row 1). A row with nothing in it is skipped; a row with something in it
but no email address is a problem like any other (``plan.check``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from jamlik.lib.spreadsheets import Limits, TableRejected, read_table

LIMITS = Limits(max_bytes=5 * 1024 * 1024, rows=20_000)
MAX_BYTES = LIMITS.max_bytes

# Header names, compared without case, spaces, hyphens, underscores or dots ("E-postadress",
# "e_post", "Email address" …), to the column they name.
COLUMNS = {
    "epostadress": "email",
    "epost": "email",
    "mejl": "email",
    "mejladress": "email",
    "email": "email",
    "emailaddress": "email",
    "mail": "email",
    "förnamn": "first_name",
    "fornamn": "first_name",
    "firstname": "first_name",
    "givenname": "first_name",
    "efternamn": "last_name",
    "lastname": "last_name",
    "surname": "last_name",
    "familyname": "last_name",
    "namn": "name",
    "name": "name",
    "fullname": "name",
    "fullständigtnamn": "name",
    "enhet": "unit",
    "unit": "unit",
    "avdelning": "unit",
    "department": "unit",
}
_IGNORED = re.compile(r"[\s\-_.]+")


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it (the header is row 1); 0: the whole file
    column: str
    message: str


class RosterRejected(Exception):
    """Nothing was changed; ``errors`` says why, row by row."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


@dataclass(frozen=True)
class Row:
    number: int
    email: str  # stripped and in lower case; "" when the cell is empty
    name: str  # "Namn", or "Förnamn Efternamn"
    unit: str  # "" when the list gives none
    has_unit_column: bool


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())  # no line breaks or runs of spaces inside a name


def header_key(value: Any) -> str:
    return _IGNORED.sub("", text(value).lower().lstrip("\ufeff"))


def _header(cells: list[Any]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = COLUMNS.get(header_key(cell))
        if name is not None and name not in positions:
            positions[name] = index
    if "email" not in positions:
        raise RosterRejected(
            [
                RowError(
                    1,
                    "email",
                    _(
                        "The first row must name the columns. An email column is needed (E-postadress, E-post or "
                        "email); Förnamn, Efternamn, Namn and Enhet (or first name, last name, name, unit) may follow."
                    ),
                )
            ]
        )
    return positions


def read_rows(filename: str, content: bytes) -> list[Row]:
    """The file's rows under the header; RosterRejected when the file cannot be read or has no rows."""
    try:
        table = read_table(filename, content, LIMITS)
    except TableRejected as exc:
        raise RosterRejected([RowError(exc.row, "", exc.message)]) from exc
    columns = _header(table[0])
    has_unit = "unit" in columns

    def cell(values: list[Any], name: str) -> str:
        index = columns.get(name)
        return text(values[index]) if index is not None and index < len(values) else ""

    rows = []
    for number, values in enumerate(table[1:], start=2):
        if not any(text(c) for c in values):
            continue  # a blank line between the rows: nothing to say about it
        name = cell(values, "name") or " ".join(p for p in (cell(values, "first_name"), cell(values, "last_name")) if p)
        rows.append(Row(number, cell(values, "email").lower(), name, cell(values, "unit"), has_unit))
    if not rows:
        raise RosterRejected([RowError(0, "", _("The file has a header but no rows."))])
    return rows
