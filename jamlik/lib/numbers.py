"""Numbers as people read them: Swedish with a narrow no-break space between thousands and a
decimal comma (``12 590``, ``12,5``), English with commas and a point (``12,590``, ``12.5``).

One function for every page and chart (the ``num`` and ``pct`` template filters in
``jamlik/lib/templatefilters.py``). CSV and XLSX exports keep their own dialects
(``jamlik/lib/tables.py``): a program reads those, not a person.
"""

from __future__ import annotations

import decimal

from django.utils import translation

# U+202F NARROW NO-BREAK SPACE: thin like the typeset Swedish thousands space, and never broken
# across lines. U+00A0 before the per cent sign keeps "12,5 %" on one line.
THIN_SPACE = "\u202f"
NO_BREAK_SPACE = "\u00a0"
MINUS = "\u2212"  # Swedish typesetting writes a real minus sign

Number = int | float | decimal.Decimal


def _parts(value: Number, places: int | None) -> tuple[str, str, str]:
    """The sign, the integer digits and the decimals of ``value``, rounded half up."""
    number = decimal.Decimal(str(value)) if isinstance(value, float) else decimal.Decimal(value)
    if places is not None:
        number = number.quantize(decimal.Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
    text = format(abs(number), "f")
    whole, _, decimals = text.partition(".")
    sign = MINUS if number < 0 and (int(whole) or decimals.strip("0")) else ""
    return sign, whole, decimals


def format_number(value: Number, places: int | None = None, language: str | None = None) -> str:
    """``value`` in the active language's (or ``language``'s) way, with ``places`` decimals when given.

    Integers get no decimals unless asked; floats without ``places`` keep what ``str`` shows."""
    language = (language or translation.get_language() or "sv")[:2]
    group, point = (",", ".") if language == "en" else (THIN_SPACE, ",")
    sign, whole, decimals = _parts(value, places)
    digits = f"{int(whole):,}".replace(",", group)
    if sign and language == "en":
        sign = "-"
    return f"{sign}{digits}{point}{decimals}" if decimals else f"{sign}{digits}"


def format_percent(value: Number, places: int = 0, language: str | None = None) -> str:
    """A share already multiplied by 100, with the per cent sign the language puts (``12,5 %``, ``12.5%``)."""
    language = (language or translation.get_language() or "sv")[:2]
    number = format_number(value, places, language)
    return f"{number}%" if language == "en" else f"{number}{NO_BREAK_SPACE}%"
