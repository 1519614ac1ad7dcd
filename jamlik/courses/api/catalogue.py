"""The public course catalogue and a course's structure (no token needed)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Path, Query, Schema
from pydantic import Field

from jamlik.courses.access import visible_courses, with_catalogue_data
from jamlik.courses.api.common import CoursePath, find_course, problems, router
from jamlik.courses.models import Topic
from jamlik.lib.api.pagination import Page, paginate
from jamlik.people.models import Language


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
    version_id: UUID = Field(alias="published_version.public_id", description="The published version's id")
    order_mode: str = Field(alias="published_version.order_mode")
    pass_mark: int = Field(alias="published_version.pass_mark")
    issues_diploma: bool = Field(alias="published_version.issues_diploma")
    modules: list[CourseModuleOut]


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


@router.get(
    "/{course}",
    response={200: CourseDetail, **problems(404)},
    auth=None,
    summary="A course's structure",
    description="A published course in the public catalogue, by its id or its short address (slug).",
)
def get_course(request: HttpRequest, path: Path[CoursePath]) -> Any:
    course: Any = find_course(_public_catalogue(), path.course)
    modules: list[dict[str, Any]] = []
    for lesson in course.published_version.ordered_lessons().select_related("module"):
        if not modules or modules[-1]["_id"] != lesson.module_id:
            modules.append({"_id": lesson.module_id, "title": lesson.module.title, "lessons": []})
        modules[-1]["lessons"].append({"id": lesson.public_id, "title": lesson.title, "position": lesson.position})
    course.modules = modules
    return course
