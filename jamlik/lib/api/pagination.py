"""Lists are ``{"items": [...], "count": N}``, paged by ``limit`` and ``offset``, with ``Link`` headers.

Every list operation takes ``page: Query[Page]`` and returns ``paginate(queryset, page)``. The
answer also carries RFC 8288 links to the first, previous, next and last pages
(``Link: <…?limit=50&offset=100>; rel="next", …``), built by ``PageLinksMiddleware`` from what
``paginate`` saw: the middleware hands each API request a holder in a context variable, and
``paginate`` fills it in, so no operation has to pass the request along.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Schema
from pydantic import Field

T = TypeVar("T")

MAX_LIMIT = 500
# Far beyond any list we hold, and far inside what the database can take as an OFFSET.
MAX_OFFSET = 10_000_000
API_PREFIX = "/api/"


class Page(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@dataclass
class _Paged:
    """What the request's list was: filled in by ``paginate``, read by the middleware."""

    page: Page | None = None
    count: int = 0


_paged: ContextVar[_Paged | None] = ContextVar("jamlik_api_paged", default=None)


def paginate(queryset: QuerySet[Any], page: Page) -> dict[str, Any]:
    """Lists are ``{"items": [...], "count": N}``."""
    count = queryset.count()
    paged = _paged.get()
    if paged is not None and paged.page is None:  # the first list an operation pages is its answer
        paged.page, paged.count = page, count
    return {"count": count, "items": list(queryset[page.offset : page.offset + page.limit])}


def page_links(request: HttpRequest, page: Page, count: int) -> str:
    """The ``Link`` header's value: first, prev (unless on the first), next (unless on the last), last."""
    last = max(count - 1, 0) // page.limit * page.limit
    offsets = {"first": 0}
    if page.offset > 0:
        offsets["prev"] = min(max(page.offset - page.limit, 0), last)
    if page.offset + page.limit < count:
        offsets["next"] = page.offset + page.limit
    offsets["last"] = last
    links = []
    for rel, offset in offsets.items():
        query = request.GET.copy()
        query["limit"] = str(page.limit)
        query["offset"] = str(offset)
        links.append(f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="{rel}"')
    return ", ".join(links)


class PageLinksMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        paged = _Paged()
        token = _paged.set(paged)
        try:
            response = self.get_response(request)
        finally:
            _paged.reset(token)
        if paged.page is not None and response.status_code == 200:
            response["Link"] = page_links(request, paged.page, paged.count)
        return response
