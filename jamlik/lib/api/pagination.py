from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field

T = TypeVar("T")

MAX_LIMIT = 500
# Far beyond any list we hold, and far inside what the database can take as an OFFSET.
MAX_OFFSET = 10_000_000


class Page(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def paginate(queryset: QuerySet[Any], page: Page) -> dict[str, Any]:
    """Lists are ``{"items": [...], "count": N}``."""
    return {"count": queryset.count(), "items": list(queryset[page.offset : page.offset + page.limit])}
