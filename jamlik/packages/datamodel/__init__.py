"""The SCORM 1.2 and 2004 run-time data models, checked in plain Python.

``check_set`` answers what a runtime's SetValue must answer for one element and value (the
SCORM error code, or nothing); ``check_commit`` checks what a player sends to the server in a
commit, against the values the attempt already holds, and returns the values to store. The
browser's runtime (scorm-again) checks the same rules first, so a well-behaved package never
meets a refusal here; the server checks again because a request can say anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from jamlik.packages.datamodel import responses, scorm12, scorm2004
from jamlik.packages.datamodel.elements import Access, Element
from jamlik.packages.datamodel.errors import DataModelError, Kind, Version, error

__all__ = ["DataModelError", "Version", "check_commit", "check_set", "element_spec", "pattern_of"]

_TABLES: dict[Version, dict[str, Element]] = {
    Version.SCORM_12: scorm12.ELEMENTS,
    Version.SCORM_2004: scorm2004.ELEMENTS,
}
_ID_FIRST = {Version.SCORM_12: scorm12.ID_FIRST, Version.SCORM_2004: scorm2004.ID_FIRST}
_TYPED = {Version.SCORM_12: scorm12.TYPED_RESPONSES, Version.SCORM_2004: scorm2004.TYPED_RESPONSES}
_INDEX = re.compile(r"0|[1-9]\d{0,5}")
# Longest element name any table holds, with room for indices: longer names are not elements.
_NAME_MAX = 120


def pattern_of(element: str) -> tuple[str, tuple[int, ...]] | None:
    """``cmi.interactions.2.objectives.0.id`` → (``cmi.interactions.n.objectives.n.id``, (2, 0)).

    ``None`` when an index is not a plain number (leading zeros, signs, absurd sizes).
    """
    parts = element.split(".")
    indices: list[int] = []
    for position, part in enumerate(parts):
        if part and part[0].isdigit():
            if not _INDEX.fullmatch(part):
                return None
            indices.append(int(part))
            parts[position] = "n"
    return ".".join(parts), tuple(indices)


def element_spec(version: Version, element: str) -> Element | None:
    found = pattern_of(element) if len(element) <= _NAME_MAX else None
    return _TABLES[version].get(found[0]) if found else None


def _prefix(element: str, depth: int) -> str:
    """The collection member an element belongs to: depth 1 of
    ``cmi.interactions.2.objectives.0.id`` is ``cmi.interactions.2.``."""
    parts = element.split(".")
    seen = 0
    for position, part in enumerate(parts):
        if part.isdigit():
            seen += 1
            if seen == depth:
                return ".".join(parts[: position + 1]) + "."
    return element


def _check_position(version: Version, element: str, pattern: str, state: Mapping[str, str]) -> None:
    """An indexed element's index may be at most the collection's count (no gaps), its id must
    come first where the version says so, and a typed response needs its type."""
    for depth in range(1, pattern.count(".n.") + 1):
        member = _prefix(element, depth)
        collection, index = member[:-1].rsplit(".", 1)
        count = _count(state, collection + ".")
        if int(index) > count:
            raise error(version, Kind.SET_FAILURE, element, f"{collection} has {count} entries; the next is {count}")
    first = next((p for p in _ID_FIRST[version] if pattern.startswith(p) and not pattern.endswith(".id")), None)
    if first is not None:
        member = _prefix(element, 1)
        if member + "id" not in state:
            raise error(version, Kind.DEPENDENCY, element, f"{member}id must be set first")


def _count(state: Mapping[str, str], collection: str) -> int:
    """How many entries ``collection`` (``cmi.interactions.``) holds in ``state``."""
    indices = {key[len(collection) :].split(".", 1)[0] for key in state if key.startswith(collection)}
    return len({index for index in indices if index.isdigit()})


def check_set(version: Version, element: str, value: str, state: Mapping[str, str] | None = None) -> None:
    """Raise ``DataModelError`` with the code SetValue(element, value) must give, given the
    attempt's current values ``state`` (for indices and dependencies)."""
    state = state or {}
    spec = element_spec(version, element)
    if spec is None:
        raise error(version, Kind.UNDEFINED, element, "not an element of the data model")
    if spec.access is Access.KEYWORD:
        raise error(version, Kind.KEYWORD, element, "a keyword of the data model cannot be set")
    if spec.access is Access.READ_ONLY:
        raise error(version, Kind.READ_ONLY, element, "read only")
    found = pattern_of(element)
    if found is None or spec.check is None:  # pragma: no cover - element_spec found it; writable
        raise error(version, Kind.GENERAL, element, "no check for this element")
    pattern = found[0]
    if found[1]:
        _check_position(version, element, pattern, state)
    problem = spec.check(value)
    if problem is None and pattern in _TYPED[version]:
        kind = state.get(_prefix(element, 1) + "type")
        if kind is None:
            raise error(version, Kind.DEPENDENCY, element, f"{_prefix(element, 1)}type must be set first")
        problem = responses.check_response(kind, value, pattern=pattern.endswith(".pattern"))
    if problem is not None:
        raise error(version, problem[0], element, problem[1])


def _order(element: str) -> tuple[object, ...]:
    """Sort a commit's elements so that every collection fills in index order and an entry's id
    and type come before the rest of it (a commit is a snapshot, not a sequence of calls)."""
    key: list[object] = []
    for part in element.split("."):
        key.append((0, int(part), "") if part.isdigit() else (1, {"id": 0, "type": 1}.get(part, 2), part))
    return tuple(key)


def check_commit(version: Version, cmi: Mapping[str, object], state: Mapping[str, str]) -> dict[str, str]:
    """The values of a commit to store, checked as SetValue calls in order on top of ``state``.

    Read-only elements and keywords the runtime echoes back are skipped (the server keeps their
    true values), as are ``adl.*`` navigation requests; every other element must be writable and
    its value a string the data model accepts, or the whole commit is refused.
    """
    merged = dict(state)
    accepted: dict[str, str] = {}
    for element in sorted(cmi, key=_order):
        value = cmi[element]
        if element.startswith("adl."):
            continue
        spec = element_spec(version, element)
        if spec is not None and not spec.writable:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise error(version, Kind.TYPE_MISMATCH, element, "a data-model value is a string")
        text = value if isinstance(value, str) else str(value)
        check_set(version, element, text, merged)
        merged[element] = text
        accepted[element] = text
    return accepted
