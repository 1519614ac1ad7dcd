"""Enrolments an organisation's coordinators make and follow: ``/courses/{course}/enrolments``.

For onboarding: an HR system enrols a new member of staff in the courses they must take. A
coordinator enrols only current members of an organisation they coordinate, in a course open
to that organisation (``courses.actions.enrol_member``), and lists only those members'
enrolments. Another organisation's people, courses not open to it, and organisations the caller
does not coordinate answer 404.
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Schema
from pydantic import EmailStr, Field, model_validator

from jamlik.courses import actions
from jamlik.courses.api.common import CoursePath, IdOrSlug, find_course, organisation_for_coordinator, problems, router
from jamlik.courses.group import group_courses, members_of
from jamlik.courses.models import Course, Enrolment, Lesson
from jamlik.lib.api.pagination import Page, paginate
from jamlik.lib.api.payload import Payload
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import Organisation, User


class MemberEnrolmentOut(Schema):
    id: UUID = Field(description="The enrolment's id")
    course: UUID = Field(description="The course's id")
    version: int
    version_id: UUID
    person: UUID = Field(description="The person's id")
    email: str
    name: str
    enrolled_at: datetime.datetime
    enrolled_by: UUID | None = Field(description="The coordinator who enrolled them; null: they enrolled themselves")
    lessons_total: int
    lessons_done: int
    completed_at: datetime.datetime | None


class MemberEnrolmentList(Schema):
    items: list[MemberEnrolmentOut]
    count: int


class MemberEnrolmentIn(Payload):
    organisation: IdOrSlug = Field(description="The organisation's id (or short address); the caller coordinates it")
    person: UUID | None = Field(None, description="The person's id (a current member of the organisation)")
    email: EmailStr | None = Field(None, description="Or the member's email address")

    @model_validator(mode="after")
    def one_person(self) -> MemberEnrolmentIn:
        if (self.person is None) == (self.email is None):
            raise ValueError(_("Send either person (an id) or email, not both."))
        return self


class MemberEnrolmentFilter(Schema):
    organisation: IdOrSlug = Field(description="The organisation's id (or short address); the caller coordinates it")


def _rows(enrolments: Any) -> Any:
    return enrolments.select_related("course", "version", "user", "enrolled_by").annotate(done=Count("progress"))


def _items(enrolments: list[Enrolment]) -> list[dict[str, Any]]:
    totals = dict(
        Lesson.objects.filter(version__in={e.version_id for e in enrolments})
        .order_by()
        .values("version_id")
        .annotate(n=Count("id"))
        .values_list("version_id", "n")
    )
    return [
        {
            "id": e.public_id,
            "course": e.course.public_id,
            "version": e.version.number,
            "version_id": e.version.public_id,
            "person": e.user.public_id,
            "email": e.user.email,
            "name": e.user.name,
            "enrolled_at": e.created_at,
            "enrolled_by": e.enrolled_by.public_id if e.enrolled_by else None,
            "lessons_total": totals.get(e.version_id, 0),
            "lessons_done": e.done,  # type: ignore[attr-defined]
            "completed_at": e.completed_at,
        }
        for e in enrolments
    ]


def _member(organisation: Organisation, body: MemberEnrolmentIn) -> User:
    members = members_of(organisation)
    found = members.filter(public_id=body.person) if body.person else members.filter(email=str(body.email).lower())
    person = found.first()
    if person is None:
        raise Http404  # another organisation's person looks like nobody
    return person


@router.post(
    "/{course}/enrolments",
    response={200: MemberEnrolmentOut, 201: MemberEnrolmentOut, **problems(404)},
    auth=AUTHENTICATED,
    summary="Enrol a member of my organisation in a course (coordinators)",
    description=(
        "The person is a current member of the organisation, named by `person` (their id) or `email`. "
        "201 with the new enrolment; 200 with the existing one when they are enrolled already (nothing "
        "changes, their version is kept). 404 for an organisation the caller does not coordinate, a "
        "person who is not its member, or a course not open to it."
    ),
)
def enrol_member(request: HttpRequest, path: Path[CoursePath], body: MemberEnrolmentIn) -> HttpResponse:
    user = api_user(request)
    organisation = organisation_for_coordinator(user, body.organisation)
    course = find_course(group_courses(organisation).select_related("published_version"), path.course)
    person = _member(organisation, body)
    enrolment, created = actions.enrol_member(user, organisation, person, course)
    item = _items([_rows(Enrolment.objects.filter(pk=enrolment.pk)).get()])[0]
    return JsonResponse(MemberEnrolmentOut(**item).model_dump(mode="json"), status=201 if created else 200)


@router.get(
    "/{course}/enrolments",
    response={200: MemberEnrolmentList, **problems(404)},
    auth=AUTHENTICATED,
    summary="My organisation's members' enrolments in a course (coordinators)",
    description="Current members only, newest enrolment first, with their progress.",
)
def list_member_enrolments(
    request: HttpRequest, path: Path[CoursePath], filters: Query[MemberEnrolmentFilter], page: Query[Page]
) -> dict[str, Any]:
    organisation = organisation_for_coordinator(api_user(request), filters.organisation)
    members = members_of(organisation)
    reachable = Course.objects.filter(
        Q(pk__in=group_courses(organisation).values("pk")) | Q(enrolments__user__in=members)
    ).distinct()
    course = find_course(reachable, path.course)
    paged = paginate(
        _rows(Enrolment.objects.filter(course=course, user__in=members)).order_by("-created_at", "-id"), page
    )
    return {**paged, "items": _items(paged["items"])}
