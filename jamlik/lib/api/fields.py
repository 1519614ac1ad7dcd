"""Bounded parameter types for the API: every number and date a caller sends has limits.

A number that reaches the database unbounded fails there (``bigint out of range`` on
PostgreSQL, an overflow on SQLite) and a date outside the calendar we can store breaks date
arithmetic, so both are refused at the edge with a 422 problem. Imports no app.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Query
from pydantic import BeforeValidator, Field, WithJsonSchema

from jamlik.lib.tables import DIALECT_HELP, CsvDialect

# The largest value of a 64-bit signed column: our primary keys are BigAutoField.
MAX_KEY = 2**63 - 1
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

Key = Annotated[int, Field(ge=1, le=MAX_KEY)]
"""A database id sent by the caller (a question, a county)."""

Year = Annotated[int, Field(ge=FIRST_DAY.year, le=LAST_DAY.year)]


def _day(value: Any) -> datetime.date:
    """Only ``YYYY-MM-DD`` between 1900 and 2100: no timestamps (``0`` is not 1970-01-01), no times."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        day = value
    elif isinstance(value, str) and ISO_DAY.fullmatch(value):
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(_("There is no such day.")) from None
    else:
        raise ValueError(_("Write a date as YYYY-MM-DD."))
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(_("Give a date between %(first)s and %(last)s.") % {"first": FIRST_DAY, "last": LAST_DAY})
    return day


Day = Annotated[
    datetime.date,
    BeforeValidator(_day),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
            "description": f"A day written YYYY-MM-DD, from {FIRST_DAY} to {LAST_DAY}",
        }
    ),
]
"""A calendar day the caller sends."""


CsvDialectParam = Annotated[CsvDialect | None, Query(description=DIALECT_HELP)]
"""``?dialect=excel-sv|plain`` of a CSV download (``jamlik.lib.tables.csv_dialect`` decides the default)."""
