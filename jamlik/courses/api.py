"""Courses in the API: the public catalogue and structure, the caller's enrolments and
progress, and an organisation's completions for its coordinators.

Coordinators' completions live at ``/courses/completions/{org_slug}`` on this router, so the
organisations router stays the people app's own. Reflection answers are never served.
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from jamlik.courses import actions
from jamlik.courses.access import find_lesson, visible_courses, with_catalogue_data
from jamlik.courses.models import Completion, Enrolment, Lesson, LessonProgress, Topic
from jamlik.lib.api.fields import Day
from jamlik.lib.api.pagination import Page, paginate
from jamlik.people.access import get_organisation_for_coordinator
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import Language

router = Router(tags=["courses"])
me_router = Router(tags=["me"])


class CourseOut(Schema):
    id: UUID = Field(alias="public_id")
    slug: str
    title: str = Field(alias="published_version.title")
    language: Language = Field(alias="published_version.language")
    topic: Topic
    estimated_minutes: int = Field(alias="published_version.estimated_minutes")
    lesson_count: int


class CourseList(Schema):
    items: list[CourseOut]
    count: int


class CourseFilter(Schema):
    language: Language | None = None
    topic: Topic | None = None


class LessonOut(Schema):
    id: UUID
    title: str
    position: int


class CourseModuleOut(Schema):
    title: str
    lessons: list[LessonOut]


class CourseDetail(CourseOut):
    summary: str = Field(alias="published_version.summary")
    version: int = Field(alias="published_version.number")
    order_mode: str = Field(alias="published_version.order_mode")
    pass_mark: int = Field(alias="published_version.pass_mark")
    issues_diploma: bool = Field(alias="published_version.issues_diploma")
    modules: list[CourseModuleOut]


class EnrolmentOut(Schema):
    course: UUID
    slug: str
    title: str
    version: int
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


class CompletionOut(Schema):
    course: UUID = Field(alias="course.public_id")
    course_slug: str = Field(alias="course.slug")
    version: int = Field(alias="version.number")
    email: str = Field(alias="user.email")
    name: str = Field(alias="user.name")
    unit: str | None = Field(None, alias="unit.name")
    completed_at: datetime.datetime
    source: str


class CompletionList(Schema):
    items: list[CompletionOut]
    count: int


class CompletionFilter(Schema):
    from_: Day | None = Field(None, alias="from", description="First day, inclusive")
    to: Day | None = Field(None, description="Last day, inclusive")
    unit: UUID | None = Field(None, description="A unit's id")
    course: UUID | None = Field(None, description="A course's id")


def _public_catalogue() -> Any:
    return with_catalogue_data(visible_courses(AnonymousUser())).order_by("published_version__title", "pk")


@router.get("", response=CourseList, auth=None, summary="The public course catalogue")
def list_courses(request: HttpRequest, filters: Query[CourseFilter], page: Query[Page]) -> dict[str, Any]:
    qs = _public_catalogue()
    if filters.language:
        qs = qs.filter(published_version__language=filters.language)
    if filters.topic:
        qs = qs.filter(topic=filters.topic)
    return paginate(qs, page)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@router.get(
    "/completions/{org_slug}",
    response=CompletionList,
    auth=AUTHENTICATED,
    summary="An organisation's completions (coordinators)",
)
def list_completions(
    request: HttpRequest, org_slug: str, filters: Query[CompletionFilter], page: Query[Page]
) -> dict[str, Any]:
    organisation = get_organisation_for_coordinator(api_user(request), org_slug)
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
        qs = qs.filter(course__public_id=filters.course)
    return paginate(qs, page)


@router.get("/{course_id}", response=CourseDetail, auth=None, summary="A course's structure")
def get_course(request: HttpRequest, course_id: UUID) -> Any:
    course = _public_catalogue().filter(public_id=course_id).first()
    if course is None:
        raise Http404
    modules: list[dict[str, Any]] = []
    for lesson in course.published_version.ordered_lessons().select_related("module"):
        if not modules or modules[-1]["_id"] != lesson.module_id:
            modules.append({"_id": lesson.module_id, "title": lesson.module.title, "lessons": []})
        modules[-1]["lessons"].append({"id": lesson.public_id, "title": lesson.title, "position": lesson.position})
    course.modules = modules
    return course


@me_router.get("/enrolments", response=EnrolmentList, auth=AUTHENTICATED, summary="My enrolments and progress")
def my_enrolments(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    user = api_user(request)
    qs = Enrolment.objects.filter(user=user).select_related("course", "version", "last_lesson").order_by("-created_at")
    count = qs.count()
    enrolments = list(qs[page.offset : page.offset + page.limit])
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
    items = [
        {
            "course": e.course.public_id,
            "slug": e.course.slug,
            "title": e.version.title,
            "version": e.version.number,
            "enrolled_at": e.created_at,
            "lessons_total": totals.get(e.version_id, 0),
            "lessons_done": done.get(e.pk, []),
            "resume_lesson": e.last_lesson.public_id if e.last_lesson else None,
            "completed_at": e.completed_at,
        }
        for e in enrolments
    ]
    return {"items": items, "count": count}


@me_router.put(
    "/progress/{lesson_id}",
    response=ProgressOut,
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
