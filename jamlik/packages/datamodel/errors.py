"""The error codes of the SCORM runtimes, as the data model reports them.

SCORM 1.2 (RTE 3.3.3) and SCORM 2004 (RTE 3.1.7) number their errors differently; the data
model speaks of kinds (``Kind``) and each version maps a kind to its number. SCORM 1.2 has no
"out of range" or "dependency" code of its own; like the common runtimes (scorm-again among
them) we answer 407 and 408 there too, so a runtime in the browser and the server agree.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Version(enum.StrEnum):
    """The data model a package speaks: SCORM 1.2 or SCORM 2004 (every edition shares it)."""

    SCORM_12 = "1.2"
    SCORM_2004 = "2004"


class Kind(enum.Enum):
    GENERAL = "general"
    ARGUMENT = "argument"  # the element's name or index is not acceptable
    UNDEFINED = "undefined"  # no such element in the data model
    KEYWORD = "keyword"  # _children, _count, _version cannot be set
    READ_ONLY = "read_only"
    WRITE_ONLY = "write_only"
    TYPE_MISMATCH = "type_mismatch"
    OUT_OF_RANGE = "out_of_range"
    DEPENDENCY = "dependency"  # an element set before the one it depends on (an id, a type)
    SET_FAILURE = "set_failure"  # SCORM 2004's general set failure (an index out of order)


CODES: dict[Version, dict[Kind, int]] = {
    Version.SCORM_12: {
        Kind.GENERAL: 101,
        Kind.ARGUMENT: 201,
        Kind.SET_FAILURE: 201,
        Kind.UNDEFINED: 401,
        Kind.KEYWORD: 402,
        Kind.READ_ONLY: 403,
        Kind.WRITE_ONLY: 404,
        Kind.TYPE_MISMATCH: 405,
        Kind.OUT_OF_RANGE: 407,
        Kind.DEPENDENCY: 408,
    },
    Version.SCORM_2004: {
        Kind.GENERAL: 101,
        Kind.ARGUMENT: 201,
        Kind.SET_FAILURE: 351,
        Kind.UNDEFINED: 401,
        Kind.KEYWORD: 404,  # a keyword is read only in 2004
        Kind.READ_ONLY: 404,
        Kind.WRITE_ONLY: 405,
        Kind.TYPE_MISMATCH: 406,
        Kind.OUT_OF_RANGE: 407,
        Kind.DEPENDENCY: 408,
    },
}


@dataclass(frozen=True)
class DataModelError(Exception):
    """A value or element the data model refuses: the SCORM error code, the element, why."""

    code: int
    element: str
    message: str

    def __str__(self) -> str:
        return f"{self.code} {self.element}: {self.message}"


def error(version: Version, kind: Kind, element: str, message: str) -> DataModelError:
    return DataModelError(CODES[version][kind], element, message)
