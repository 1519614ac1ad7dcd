"""Who may author which course, and the only way authoring views reach course content.

Programme managers (and administrators) author every course; a coordinator authors the
courses owned by an organisation they coordinate. Each ``get_*`` helper puts that rule in
the query and raises Http404 both for what does not exist and for what the person may not
touch, so the two look the same.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from jamlik.courses.models import Block, Course, CourseVersion, Lesson, Module, VersionStatus
from jamlik.people.access import coordinated_organisations
from jamlik.people.models import Organisation


def is_programme_manager(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_programme_manager)


def may_author(user: Any) -> bool:
    """May this person author at least one course (or start one)?"""
    return is_programme_manager(user) or coordinated_organisations(user).exists()


def check_may_author(actor: Any, owner: Organisation | None) -> None:
    """What every authoring action checks first: the same people as ``authorable_courses``
    (programme managers and administrators every course, a coordinator the courses their
    organisation owns). ``None`` is the platform itself (the demo data, the scale loader).
    ``PermissionDenied`` otherwise."""
    if actor is None or is_programme_manager(actor):
        return
    if owner is None or not coordinated_organisations(actor).filter(pk=owner.pk).exists():
        raise PermissionDenied


def owner_choices(user: Any) -> QuerySet[Organisation]:
    """Organisations a new course may belong to: any for programme managers, else their own."""
    if is_programme_manager(user):
        return Organisation.objects.all()
    return coordinated_organisations(user)


def authorable_courses(user: Any) -> QuerySet[Course]:
    if is_programme_manager(user):
        return Course.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Course.objects.none()
    return Course.objects.filter(Q(owner__in=coordinated_organisations(user)))


def get_course_for_author(user: Any, public_id: Any) -> Course:
    course = authorable_courses(user).select_related("owner", "published_version").filter(public_id=public_id).first()
    if course is None:
        raise Http404
    return course


def draft_of(course: Course) -> CourseVersion | None:
    return CourseVersion.objects.filter(course=course, status=VersionStatus.DRAFT).first()


def get_draft_for_author(user: Any, public_id: Any) -> CourseVersion:
    """The course's draft version; 404 if there is none (start one from the course page)."""
    course = get_course_for_author(user, public_id)
    draft = draft_of(course)
    if draft is None:
        raise Http404
    draft.course = course
    return draft


def latest_version(course: Course) -> CourseVersion | None:
    """The draft if there is one, else the newest version."""
    return CourseVersion.objects.filter(course=course).order_by("-number").first()


def get_module_in(version: CourseVersion, pk: int) -> Module:
    module = Module.objects.filter(version=version, pk=pk).first()
    if module is None:
        raise Http404
    module.version = version
    return module


def get_lesson_in(version: CourseVersion, public_id: Any) -> Lesson:
    lesson = Lesson.objects.select_related("module").filter(version=version, public_id=public_id).first()
    if lesson is None:
        raise Http404
    lesson.version = version
    lesson.module.version = version
    return lesson


def get_block_in(version: CourseVersion, public_id: Any) -> Block:
    block = Block.objects.select_related("lesson__module").filter(lesson__version=version, public_id=public_id).first()
    if block is None:
        raise Http404
    block.lesson.version = version
    return block
