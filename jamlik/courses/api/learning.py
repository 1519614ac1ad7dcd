"""The caller's own learning: their enrolments and progress, and enrolling themselves."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from ninja import Query, Schema
from ninja.errors import HttpError
from pydantic import Field

from jamlik.courses import actions
from jamlik.courses.access import find_lesson, visible_courses
from jamlik.courses.api.common import IdOrSlug, find_course, me_router, problems
from jamlik.courses.models import Enrolment, Lesson, LessonProgress
from jamlik.lib.api.pagination import Page, paginate
from jamlik.lib.api.payload import Payload
from jamlik.people.api_auth import AUTHENTICATED, api_user


class EnrolmentOut(Schema):
    id: UUID = Field(description="The enrolment's id")
    course: UUID = Field(description="The course's id")
    slug: str = Field(description="The course's short address")
    title: str
    version: int
    version_id: UUID = Field(description="The id of the version the learner takes (kept when a newer one is published)")
    enrolled_at: datetime.datetime
    lessons_total: int
    lessons_done: list[UUID]
    resume_lesson: UUID | None
    completed_at: datetime.datetime | None


class EnrolmentList(Schema):
    items: list[EnrolmentOut]
    count: int


class ProgressOut(Schema):
    lesson: UUID
    done_at: datetime.datetime
    created: bool = Field(description="False when the lesson was already done: nothing changed")
    course_completed_at: datetime.datetime | None


class SelfEnrolmentIn(Payload):
    course: IdOrSlug = Field(description="The course's id (its short address is accepted too)")


def _items(enrolments: list[Enrolment]) -> list[dict[str, Any]]:
    """The learner's view of each enrolment: three queries for any number of them."""
    done: dict[int, list[UUID]] = {}
    for enrolment_id, lesson_id in LessonProgress.objects.filter(enrolment__in=enrolments).values_list(
        "enrolment_id", "lesson__public_id"
    ):
        done.setdefault(enrolment_id, []).append(lesson_id)
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
            "slug": e.course.slug,
            "title": e.version.title,
            "version": e.version.number,
            "version_id": e.version.public_id,
            "enrolled_at": e.created_at,
            "lessons_total": totals.get(e.version_id, 0),
            "lessons_done": done.get(e.pk, []),
            "resume_lesson": e.last_lesson.public_id if e.last_lesson else None,
            "completed_at": e.completed_at,
        }
        for e in enrolments
    ]


def _mine() -> Any:
    return Enrolment.objects.select_related("course", "version", "last_lesson").order_by("-created_at", "-id")


@me_router.get("/enrolments", response=EnrolmentList, auth=AUTHENTICATED, summary="My enrolments and progress")
def my_enrolments(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    paged = paginate(_mine().filter(user=api_user(request)), page)
    return {**paged, "items": _items(paged["items"])}


@me_router.post(
    "/enrolments",
    response={200: EnrolmentOut, 201: EnrolmentOut, **problems(404, 409)},
    auth=AUTHENTICATED,
    summary="Enrol myself in a course",
    description=(
        "The same as the course page's enrol button: the published version of a course in the caller's "
        "catalogue. 201 with the new enrolment; 200 with the existing one when already enrolled (nothing "
        "changes); 404 for a course the caller cannot see; 409 when the course is not open to them."
    ),
)
def enrol_myself(request: HttpRequest, body: SelfEnrolmentIn) -> HttpResponse:
    user = api_user(request)
    course = find_course(visible_courses(user), body.course)
    existed = Enrolment.objects.filter(user=user, course=course).exists()
    try:
        enrolment = actions.enrol(user, course)
    except ValidationError as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
    item = _items([_mine().get(pk=enrolment.pk)])[0]
    response = JsonResponse(EnrolmentOut(**item).model_dump(mode="json"), status=200 if existed else 201)
    if not existed:
        response["Location"] = reverse("api-v1:my_enrolment", kwargs={"enrolment_id": enrolment.public_id})
    return response


@me_router.get(
    "/enrolments/{enrolment_id}",
    response={200: EnrolmentOut, **problems(404)},
    auth=AUTHENTICATED,
    url_name="my_enrolment",
    summary="One of my enrolments and its progress",
)
def my_enrolment(request: HttpRequest, enrolment_id: UUID) -> dict[str, Any]:
    enrolment = _mine().filter(user=api_user(request), public_id=enrolment_id).first()
    if enrolment is None:
        raise Http404
    return _items([enrolment])[0]


@me_router.put(
    "/progress/{lesson_id}",
    response={200: ProgressOut, **problems(404, 409)},
    auth=AUTHENTICATED,
    summary="Mark a lesson done (idempotent: sending it again changes nothing)",
)
def record_progress(request: HttpRequest, lesson_id: UUID) -> dict[str, Any]:
    user = api_user(request)
    lesson = find_lesson(lesson_id)
    try:
        result = actions.record_progress(user, lesson)
    except ValidationError as exc:
        if exc.code == actions.NOT_ENROLLED:
            raise Http404 from exc
        raise HttpError(409, " ".join(exc.messages)) from exc
    completed_at = Enrolment.objects.filter(pk=result.progress.enrolment_id).values_list("completed_at", flat=True)
    return {
        "lesson": lesson.public_id,
        "done_at": result.progress.completed_at,
        "created": result.created,
        "course_completed_at": completed_at.first(),
    }
