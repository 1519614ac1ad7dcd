"""Session and total time in both notations, counted in hundredths of a second.

SCORM 1.2 writes ``HHHH:MM:SS.SS`` (CMITimespan), SCORM 2004 an ISO 8601 duration
(``PT1H2M3.45S``). The attempt keeps whole hundredths (an integer), so adding sessions never
drifts; a year counts 365 days and a month 30 when a package writes them (the standard leaves it
open, and no session lasts that long).
"""

from __future__ import annotations

from decimal import Decimal

from jamlik.packages.datamodel.types import DURATION, TIMESPAN_12

_SECONDS = {"Y": 365 * 86400, "MO": 30 * 86400, "W": 7 * 86400, "D": 86400, "H": 3600, "MI": 60, "S": 1}
# Stored values are bounded (a PositiveIntegerField holds 2**31 - 1 hundredths, about 248 days);
# a package writing more is clamped rather than refused.
MAX_CENTISECONDS = 2**31 - 1


def _clamp(centiseconds: Decimal) -> int:
    return min(int(centiseconds), MAX_CENTISECONDS)


def parse_timespan(value: str) -> int | None:
    """``HHHH:MM:SS.SS`` as hundredths of a second (``None`` when it is not one)."""
    match = TIMESPAN_12.fullmatch(value)
    if not match:
        return None
    seconds = int(match[1]) * 3600 + int(match[2]) * 60 + Decimal(match[3] + (match[4] or ""))
    return _clamp(seconds * 100)


def parse_duration(value: str) -> int | None:
    """An ISO 8601 duration as hundredths of a second (``None`` when it is not one)."""
    match = DURATION.fullmatch(value)
    if not match:
        return None
    total = Decimal(0)
    for name, seconds in _SECONDS.items():
        part = match[name]
        if part:
            total += Decimal(part.replace(",", ".")) * seconds
    return _clamp(total * 100)


def format_timespan(centiseconds: int) -> str:
    """Hundredths of a second as CMITimespan, ``0000:00:00.00`` up to 9999 hours."""
    seconds, hundredths = divmod(min(centiseconds, (9999 * 3600 + 3599) * 100 + 99), 100)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours:04d}:{minutes:02d}:{seconds:02d}.{hundredths:02d}"


def format_duration(centiseconds: int) -> str:
    """Hundredths of a second as an ISO 8601 duration, ``PT0H0M0S`` style."""
    seconds, hundredths = divmod(centiseconds, 100)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    fraction = f".{hundredths:02d}" if hundredths else ""
    return f"PT{hours}H{minutes}M{seconds}{fraction}S"


__all__ = ["format_duration", "format_timespan", "parse_duration", "parse_timespan"]
