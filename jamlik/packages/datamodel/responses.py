"""SCORM 2004 interaction responses (RTE 4.2.9): a learner's response and a correct-response
pattern are read by their interaction's type.

Checked strictly where the format is plain (true-false, choice, sequencing, likert, matching,
numeric); for the free-text types (fill-in, long-fill-in, performance, other) only the length,
because authoring tools write them loosely and the value is only stored, never scored here.
"""

from __future__ import annotations

import re

from jamlik.packages.datamodel import types as t
from jamlik.packages.datamodel.errors import Kind

_OPTIONS = re.compile(r"^(?:\{(?:case_matters|order_matters|lang)=[^}]*\})+")
_MISMATCH = Kind.TYPE_MISMATCH


def _ids(value: str, *, allow_empty: bool) -> list[str] | None:
    if value == "":
        return [] if allow_empty else None
    parts = value.split("[,]")
    if any(t.short_identifier(part) is not None for part in parts):
        return None
    return parts


def _numeric_pattern(value: str) -> bool:
    low, separator, high = value.partition("[:]")
    if not separator:
        return t.decimal(value) is not None
    lower, upper = t.decimal(low) if low else None, t.decimal(high) if high else None
    if (low and lower is None) or (high and upper is None):
        return False
    return lower is None or upper is None or lower <= upper


def _matching(value: str) -> bool:
    for pair in value.split("[,]"):
        source, separator, target = pair.partition("[.]")
        if not separator or t.short_identifier(source) or t.short_identifier(target):
            return False
    return True


def check_response(kind: str, value: str, *, pattern: bool) -> tuple[Kind, str] | None:
    """Whether ``value`` is a learner response (or a correct-response pattern) of type ``kind``."""
    if len(value) > 4000:
        return _MISMATCH, "longer than 4000 characters"
    body = _OPTIONS.sub("", value) if pattern else value
    ok = True
    if kind == "true-false":
        ok = body in {"true", "false"}
    elif kind == "choice":
        ids = _ids(body, allow_empty=True)
        ok = ids is not None and len(set(ids)) == len(ids)
    elif kind == "sequencing":
        ok = _ids(body, allow_empty=False) is not None
    elif kind == "likert":
        ok = body == "" if not pattern and body == "" else t.short_identifier(body) is None
    elif kind == "matching":
        ok = _matching(body)
    elif kind == "numeric":
        ok = _numeric_pattern(body) if pattern else t.decimal(body) is not None
    if not ok:
        return _MISMATCH, f"not a {'pattern' if pattern else 'response'} of a {kind} interaction"
    return None
