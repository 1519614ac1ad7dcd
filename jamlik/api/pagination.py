from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field

T = TypeVar("T")


class Page(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)


def paginate(queryset: QuerySet[Any], page: Page) -> dict[str, Any]:
    """Lists are ``{"items": [...], "count": N}``."""
    return {"count": queryset.count(), "items": list(queryset[page.offset : page.offset + page.limit])}
