"""What the courses API's modules share: the routers, and finding a course or an organisation by
what the caller sent.

A course is named by its ``id`` (a UUID) everywhere; its slug is accepted as well in a path or a
field that says so (``jamlik.lib.api.lookup``). An organisation likewise, by id or slug. Every
lookup starts from the rows the caller may reach, so another organisation's course or
organisation answers 404, the same as one that does not exist.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import QuerySet
from ninja import Router, Schema
from pydantic import Field

from jamlik.courses.models import Course
from jamlik.lib.api.lookup import get_by_id_or_slug
from jamlik.people.access import get_organisation_for_coordinator
from jamlik.people.models import Organisation

router = Router(tags=["courses"])
me_router = Router(tags=["me"])

IdOrSlug = Annotated[str, Field(min_length=1, max_length=100, description="An id (UUID), or a short address (slug)")]

COURSE_PATH = "A course's id, or its short address (slug)"


class ProblemDetails(Schema):
    """An error (RFC 9457): ``title``, ``status``, and ``errors`` by field for invalid data."""

    type: str
    title: str
    status: int
    detail: str | None = None
    errors: dict[str, list[str]] | None = None


def problems(*statuses: int) -> dict[int, type[ProblemDetails]]:
    """The problem responses an operation documents: ``response={200: X, **problems(404)}``."""
    return dict.fromkeys(statuses, ProblemDetails)


class CoursePath(Schema):
    course: str = Field(max_length=100, description=COURSE_PATH)


def find_course(queryset: QuerySet[Course], ident: str) -> Course:
    """The course ``ident`` names among ``queryset``; 404 otherwise."""
    return get_by_id_or_slug(queryset, ident)


def organisation_for_coordinator(user: Any, ident: str) -> Organisation:
    """An organisation ``user`` coordinates (administrators: any), by id or slug; 404 otherwise."""
    return get_organisation_for_coordinator(user, ident)
