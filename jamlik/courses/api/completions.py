"""An organisation's completions, for its coordinators: ``GET /courses/completions?organisation=…``."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Schema
from pydantic import Field

from jamlik.courses.api.common import IdOrSlug, organisation_for_coordinator, problems, router
from jamlik.courses.models import Completion
from jamlik.lib.api.fields import Day
from jamlik.lib.api.lookup import lookup_filter
from jamlik.lib.api.pagination import Page, paginate
from jamlik.people.api_auth import AUTHENTICATED, api_user


class CompletionOut(Schema):
    id: UUID = Field(alias="public_id", description="The completion's id")
    course: UUID = Field(alias="course.public_id", description="The course's id")
    course_slug: str = Field(alias="course.slug")
    version: int = Field(alias="version.number")
    version_id: UUID = Field(alias="version.public_id")
    person: UUID = Field(alias="user.public_id", description="The person's id")
    email: str = Field(alias="user.email")
    name: str = Field(alias="user.name")
    unit: UUID | None = Field(None, alias="unit.public_id", description="The unit's id (at the time of completion)")
    unit_name: str | None = Field(None, alias="unit.name")
    completed_at: datetime.datetime
    source: str = Field(description="self, group (a group session) or import")


class CompletionList(Schema):
    items: list[CompletionOut]
    count: int


class CompletionFilter(Schema):
    organisation: IdOrSlug = Field(description="The organisation's id (or short address)")
    from_: Day | None = Field(None, alias="from", description="First day, inclusive")
    to: Day | None = Field(None, description="Last day, inclusive")
    unit: UUID | None = Field(None, description="A unit's id")
    course: IdOrSlug | None = Field(None, description="A course's id (or short address)")


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@router.get(
    "/completions",
    response={200: CompletionList, **problems(404)},
    auth=AUTHENTICATED,
    summary="An organisation's completions (coordinators)",
    description=(
        "Completions counted for the organisation (the person's membership when they completed), newest "
        "first. 404 for an organisation the caller does not coordinate."
    ),
)
def list_completions(request: HttpRequest, filters: Query[CompletionFilter], page: Query[Page]) -> dict[str, Any]:
    organisation = organisation_for_coordinator(api_user(request), filters.organisation)
    qs = (
        Completion.objects.filter(organisation=organisation)
        .select_related("course", "version", "user", "unit")
        .order_by("-completed_at", "-id")
    )
    if filters.from_:
        qs = qs.filter(completed_at__gte=_day_start(filters.from_))
    if filters.to:
        qs = qs.filter(completed_at__lt=_day_start(filters.to + datetime.timedelta(days=1)))
    if filters.unit:
        qs = qs.filter(unit__public_id=filters.unit)
    if filters.course:
        qs = qs.filter(**{f"course__{k}": v for k, v in lookup_filter(filters.course).items()})
    return paginate(qs, page)
