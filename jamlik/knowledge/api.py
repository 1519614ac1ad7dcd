"""Good examples and news in the API: public, read-only, no token needed.

``GET /examples`` searches and filters published examples (the same search as the page);
``GET /examples/{id}`` is one published example; ``GET /news`` is the public news stream.
Drafts and examples under review are never in the API.
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from jamlik.knowledge.models import Example
from jamlik.knowledge.news import news_entries
from jamlik.knowledge.search import clean_query, find_examples, highlight
from jamlik.lib.api.fields import Year
from jamlik.lib.api.pagination import Page
from jamlik.people.models import OrganisationKind

router = Router(tags=["knowledge"])


class ExampleFilters(Schema):
    q: str = Field("", description="Words to search for; quotes, `or` and `-word` work. Cut at 200 characters.")
    theme: str | None = Field(None, description="A theme's short address, e.g. `jamstalldhetsintegrering`")
    county: str | None = Field(None, description="A county code, e.g. `20` for Dalarna")
    kind: OrganisationKind | None = Field(None, description="Kind of the example's organisation")
    year: Year | None = Field(None, description="Examples whose period includes this year")


class ExampleOut(Schema):
    id: UUID = Field(alias="public_id")
    title: str
    summary: str
    highlight: str = Field("", description="The summary as HTML with the search words in `<mark>`; escaped")
    language: str
    organisation: UUID = Field(alias="organisation.public_id", description="The organisation's id")
    organisation_slug: str = Field(alias="organisation.slug")
    organisation_name: str = Field(alias="organisation.name")
    county: str | None = None
    themes: list[str]
    period_start: datetime.date
    period_end: datetime.date | None
    published_at: datetime.datetime | None
    url: str

    @staticmethod
    def resolve_county(obj: Example) -> str | None:
        return obj.county.code if obj.county else None

    @staticmethod
    def resolve_themes(obj: Example) -> list[str]:
        return [t.slug for t in obj.themes.all()]

    @staticmethod
    def resolve_url(obj: Example) -> str:
        return reverse("knowledge:example", args=[obj.public_id])


class ExampleList(Schema):
    items: list[ExampleOut]
    count: int


class AttachmentOut(Schema):
    name: str
    size: int
    content_type: str
    url: str


class ExampleDetail(ExampleOut):
    problem: str = Field(description="Markdown")
    what_was_done: str = Field(description="Markdown")
    results: str = Field(description="Markdown")
    lessons: str = Field(description="Markdown")
    target_groups: str
    partners: list[UUID] = Field(description="The partner organisations' ids")
    contact_name: str = ""
    contact_email: str = ""
    links: list[str]
    attachments: list[AttachmentOut]
    courses: list[str]
    programmes: list[str]

    @staticmethod
    def resolve_partners(obj: Example) -> list[UUID]:
        return [o.public_id for o in obj.partners.all()]

    @staticmethod
    def resolve_contact_name(obj: Example) -> str:
        return obj.contact_name if obj.show_contact else ""

    @staticmethod
    def resolve_contact_email(obj: Example) -> str:
        return obj.contact_email if obj.show_contact else ""

    @staticmethod
    def resolve_links(obj: Example) -> list[str]:
        return obj.link_list()

    @staticmethod
    def resolve_attachments(obj: Example) -> list[dict[str, Any]]:
        return [
            {
                "name": a.name,
                "size": a.size,
                "content_type": a.content_type,
                "url": reverse("knowledge:attachment", args=[obj.public_id, a.public_id]),
            }
            for a in obj.attachments.all()
        ]

    @staticmethod
    def resolve_courses(obj: Example) -> list[str]:
        return [c.slug for c in obj.courses.all() if c.published_version_id is not None]

    @staticmethod
    def resolve_programmes(obj: Example) -> list[str]:
        return [p.slug for p in obj.programmes.public()]


class NewsOut(Schema):
    title: str
    lead: str
    published_at: datetime.datetime
    url: str
    source: str
    language: str


class NewsList(Schema):
    items: list[NewsOut]
    count: int


@router.get("/examples", response=ExampleList, auth=None, summary="Search published good examples")
def list_examples(request: HttpRequest, filters: Query[ExampleFilters], page: Query[Page]) -> dict[str, Any]:
    query = clean_query(filters.q)
    found = find_examples(query, theme=filters.theme, county=filters.county, kind=filters.kind, year=filters.year)
    items = list(found[page.offset : page.offset + page.limit])
    for item in items:
        item.highlight = str(highlight(getattr(item, "headline_raw", item.summary), query))  # type: ignore[attr-defined]
    return {"count": found.count(), "items": items}


@router.get("/examples/{example_id}", response=ExampleDetail, auth=None, summary="One published good example")
def get_example(request: HttpRequest, example_id: UUID) -> Example:
    found = (
        Example.objects.published()
        .for_list()
        .prefetch_related("partners", "attachments", "courses", "programmes")
        .filter(public_id=example_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


@router.get("/news", response=NewsList, auth=None, summary="Public news and campaign results, newest first")
def list_news(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    entries, count = news_entries(page.offset, page.limit)
    return {"items": entries, "count": count}
