"""What an element of a data model is: who may read and write it and the type of its value."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from jamlik.packages.datamodel.types import Check


class Access(enum.Enum):
    READ_ONLY = "ro"
    WRITE_ONLY = "wo"
    READ_WRITE = "rw"
    KEYWORD = "keyword"  # _children, _count, _version: read only, answered by the runtime


@dataclass(frozen=True)
class Element:
    access: Access
    check: Check | None = None  # None for read-only elements: the runtime fills them

    @property
    def writable(self) -> bool:
        return self.access in {Access.WRITE_ONLY, Access.READ_WRITE}


def ro() -> Element:
    return Element(Access.READ_ONLY)


def rw(check: Check) -> Element:
    return Element(Access.READ_WRITE, check)


def wo(check: Check) -> Element:
    return Element(Access.WRITE_ONLY, check)


KEYWORD = Element(Access.KEYWORD)
