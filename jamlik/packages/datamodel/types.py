"""The value types of the SCORM data models: each check takes the string a SCO set and answers
``None`` (acceptable) or the kind of problem with a message.

The checks accept at least what the runtime in the browser (scorm-again) accepts, so a value the
SCO was allowed to set is never refused by the server later; where that runtime is stricter than
the standard we follow the standard. Ranges are checked with ``Decimal``, never floats.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from jamlik.packages.datamodel.errors import Kind

Problem = tuple[Kind, str]
Check = Callable[[str], Problem | None]

# The longest value any element keeps. SCORM 1.2 says CMIFeedback (a learner's response) is 255
# characters, yet packages write more and the runtimes allow it; we keep up to this many.
FEEDBACK_MAX = 4096

_DECIMAL = re.compile(r"-?(\d+\.?\d*|\.\d+)")
_INTEGER = re.compile(r"-?\d+")


def characterstring(limit: int) -> Check:
    def check(value: str) -> Problem | None:
        if len(value) > limit:
            return Kind.TYPE_MISMATCH, f"longer than {limit} characters"
        return None

    return check


def vocabulary(*words: str) -> Check:
    allowed = frozenset(words)

    def check(value: str) -> Problem | None:
        if value not in allowed:
            shown = ", ".join(repr(word) for word in sorted(allowed))
            return Kind.TYPE_MISMATCH, f"not one of {shown}"
        return None

    return check


def decimal(value: str) -> Decimal | None:
    """The number a data-model real or CMIDecimal holds, or ``None`` when it is not one."""
    if not _DECIMAL.fullmatch(value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def real(low: Decimal | None = None, high: Decimal | None = None, *, allow_empty: bool = False) -> Check:
    def check(value: str) -> Problem | None:
        if value == "" and allow_empty:
            return None
        number = decimal(value)
        if number is None:
            return Kind.TYPE_MISMATCH, "not a number"
        if (low is not None and number < low) or (high is not None and number > high):
            return Kind.OUT_OF_RANGE, f"outside {low if low is not None else '-∞'}..{high if high is not None else '∞'}"
        return None

    return check


def integer(low: int, high: int) -> Check:
    def check(value: str) -> Problem | None:
        if not _INTEGER.fullmatch(value):
            return Kind.TYPE_MISMATCH, "not an integer"
        if not low <= int(value) <= high:
            return Kind.OUT_OF_RANGE, f"outside {low}..{high}"
        return None

    return check


# --- SCORM 1.2 -------------------------------------------------------------------------------

TIMESPAN_12 = re.compile(r"(\d{2,4}):(\d{2}):(\d{2})(\.\d{1,2})?")
_TIME_12 = re.compile(r"(\d{2}):(\d{2}):(\d{2})(\.\d{1,2})?")
_IDENTIFIER_12 = re.compile(r"[\x21-\x7e\s]{0,255}")


def timespan_12(value: str) -> Problem | None:
    """CMITimespan: ``HHHH:MM:SS.SS`` (hours of two to four digits, at most two decimals)."""
    match = TIMESPAN_12.fullmatch(value)
    if not match or int(match[2]) > 59 or int(match[3]) > 59:
        return Kind.TYPE_MISMATCH, "not a CMITimespan (HHHH:MM:SS.SS)"
    return None


def time_12(value: str) -> Problem | None:
    """CMITime: a time of day ``HH:MM:SS.SS``."""
    match = _TIME_12.fullmatch(value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59 or int(match[3]) > 59:
        return Kind.TYPE_MISMATCH, "not a CMITime (HH:MM:SS.SS)"
    return None


def identifier_12(value: str) -> Problem | None:
    """CMIIdentifier: printable ASCII, at most 255 characters."""
    if not _IDENTIFIER_12.fullmatch(value):
        return Kind.TYPE_MISMATCH, "not a CMIIdentifier (printable ASCII, at most 255 characters)"
    return None


def result_12(value: str) -> Problem | None:
    if value in {"correct", "wrong", "unanticipated", "neutral"} or decimal(value) is not None:
        return None
    return Kind.TYPE_MISMATCH, "not a result (correct, wrong, unanticipated, neutral or a number)"


# --- SCORM 2004 ------------------------------------------------------------------------------

DURATION = re.compile(
    r"P(?:(?P<Y>\d+(?:[.,]\d+)?)Y)?(?:(?P<MO>\d+(?:[.,]\d+)?)M)?(?:(?P<W>\d+(?:[.,]\d+)?)W)?"
    r"(?:(?P<D>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?:(?P<H>\d+(?:[.,]\d+)?)H)?(?:(?P<MI>\d+(?:[.,]\d+)?)M)?(?:(?P<S>\d+(?:[.,]\d+)?)S)?)?"
)
_TIMESTAMP = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})(?:T(?P<hour>\d{2})(?::(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:\.\d{1,2})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?"
)
_LANGUAGE = re.compile(r"(?:[a-zA-Z]{2,3}|i|x)(?:-[a-zA-Z0-9]{1,8})*")
_LANG_PREFIX = re.compile(r"\{lang=([^}]*)\}")
_SHORT_IDENTIFIER = re.compile(r"[^\s\[\]{}]{1,250}")


def duration(value: str) -> Problem | None:
    """timeinterval (second,10,2): an ISO 8601 duration such as ``PT1H2M3.5S``."""
    if not DURATION.fullmatch(value) or value.endswith("T"):
        return Kind.TYPE_MISMATCH, "not an ISO 8601 duration (e.g. PT1H30M5.25S)"
    return None


def timestamp(value: str) -> Problem | None:
    """time (second,10,0): ``YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]]``, years 1970 to 2038."""
    match = _TIMESTAMP.fullmatch(value)
    problem = (Kind.TYPE_MISMATCH, "not an ISO 8601 time (YYYY-MM-DDThh:mm:ss.s with an optional zone)")
    if not match:
        return problem
    bounds = {"year": (1970, 2038), "month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59)}
    bounds["second"] = (0, 59)
    for name, (low, high) in bounds.items():
        part = match[name]
        if part is not None and not low <= int(part) <= high:
            return problem
    return None


def language(value: str) -> Problem | None:
    """language_type: an RFC 1766 language tag, or empty."""
    if value and not _LANGUAGE.fullmatch(value):
        return Kind.TYPE_MISMATCH, "not a language tag"
    return None


def localized(limit: int) -> Check:
    """localized_string_type: optional ``{lang=sv}`` then at most ``limit`` characters."""

    def check(value: str) -> Problem | None:
        text = value
        prefix = _LANG_PREFIX.match(value)
        if prefix:
            if language(prefix[1]) is not None:
                return Kind.TYPE_MISMATCH, "the {lang=...} delimiter holds no language tag"
            text = value[prefix.end() :]
        if len(text) > limit:
            return Kind.TYPE_MISMATCH, f"longer than {limit} characters"
        return None

    return check


def long_identifier(value: str) -> Problem | None:
    """long_identifier_type: 1 to 4000 characters (a URI in principle; packages write any label)."""
    if not 1 <= len(value) <= 4000:
        return Kind.TYPE_MISMATCH, "not an identifier (1 to 4000 characters)"
    return None


def short_identifier(value: str) -> Problem | None:
    if not _SHORT_IDENTIFIER.fullmatch(value):
        return Kind.TYPE_MISMATCH, "not a short identifier (1 to 250 characters without spaces or brackets)"
    return None


def result_2004(value: str) -> Problem | None:
    if value in {"correct", "incorrect", "unanticipated", "neutral"} or decimal(value) is not None:
        return None
    return Kind.TYPE_MISMATCH, "not a result (correct, incorrect, unanticipated, neutral or a number)"
