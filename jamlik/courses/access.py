"""The only ways views and the API reach courses, lessons and a learner's enrolment.

Audience rules live here, in the query: a course is visible when its published version is
public or for all organisations, or for chosen organisations that include one of the
person's current memberships. Programme managers see every published course. A learner
always keeps access to a course they are enrolled in, even after it leaves the catalogue.
Missing and forbidden both answer 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from jamlik.courses.models import Audience, Block, Course, CourseVersion, Enrolment, Lesson, VersionStatus
from jamlik.people.models import Membership

OPEN_AUDIENCES = (Audience.PUBLIC, Audience.ALL_ORGANISATIONS)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _current_organisation_ids(user: Any) -> QuerySet[Membership, Any]:
    return Membership.objects.current().filter(user=user).values("organisation_id")


def _chosen_for(user: Any, version_ref: str) -> Exists:
    through = CourseVersion.organisations.through
    return Exists(
        through.objects.filter(
            courseversion_id=OuterRef(version_ref), organisation_id__in=_current_organisation_ids(user)
        )
    )


def visible_courses(user: Any) -> QuerySet[Course]:
    """Published courses ``user`` (possibly anonymous) may find in the catalogue."""
    qs = Course.objects.filter(published_version__status=VersionStatus.PUBLISHED)
    if _signed_in(user) and user.is_programme_manager:
        return qs
    rule = Q(published_version__audience__in=OPEN_AUDIENCES)
    if _signed_in(user):
        chosen = Q(published_version__audience=Audience.CHOSEN_ORGANISATIONS)
        return qs.filter(rule | (chosen & Q(_chosen_for(user, "published_version_id"))))
    return qs.filter(rule)


def with_catalogue_data(qs: QuerySet[Course]) -> QuerySet[Course]:
    """The published version and its lesson count, in the same query."""
    lessons = (
        Lesson.objects.filter(version_id=OuterRef("published_version_id"))
        .order_by()
        .values("version_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return qs.select_related("published_version").annotate(
        lesson_count=Coalesce(Subquery(lessons, output_field=IntegerField()), Value(0))
    )


def may_enrol(user: Any, version: CourseVersion) -> bool:
    if not _signed_in(user) or version.status != VersionStatus.PUBLISHED:
        return False
    if user.is_programme_manager or version.audience == Audience.PUBLIC:
        return True
    if version.audience == Audience.ALL_ORGANISATIONS:
        return Membership.objects.current().filter(user=user).exists()
    return version.organisations.filter(pk__in=_current_organisation_ids(user)).exists()


def get_course_for_learner(user: Any, slug: str) -> Course:
    """A course ``user`` may see: in the catalogue for them, or one they are enrolled in."""
    rule = Q(pk__in=visible_courses(user).values("pk"))
    if _signed_in(user):
        rule = rule | Q(Exists(Enrolment.objects.filter(course_id=OuterRef("pk"), user=user)))
    course = with_catalogue_data(Course.objects.filter(slug=slug).filter(rule)).first()
    if course is None:
        raise Http404
    return course


def get_enrolment(user: Any, course: Course) -> Enrolment | None:
    if not _signed_in(user):
        return None
    return Enrolment.objects.select_related("version", "last_lesson").filter(user=user, course=course).first()


def get_enrolled_course(user: Any, slug: str) -> tuple[Course, Enrolment] | None:
    """The course at ``slug`` and ``user``'s enrolment in it, in one query; None when not enrolled.

    An enrolled learner always keeps access to the course, so no audience rule is needed here.
    The course comes without the catalogue data (``with_catalogue_data``).
    """
    if not _signed_in(user):
        return None
    enrolment = (
        Enrolment.objects.select_related("course", "version", "last_lesson")
        .filter(user=user, course__slug=slug)
        .first()
    )
    return (enrolment.course, enrolment) if enrolment is not None else None


def learner_version(course: Course, enrolment: Enrolment | None) -> CourseVersion:
    """The version a person sees: the one they are enrolled in, else the published one."""
    if enrolment is not None:
        return enrolment.version
    if course.published_version is None:
        raise Http404
    return course.published_version


def get_lesson_in(version: CourseVersion, public_id: Any) -> Lesson:
    lesson = Lesson.objects.select_related("module").filter(version=version, public_id=public_id).first()
    if lesson is None:
        raise Http404
    lesson.version = version  # the filter above guarantees it; saves reading it again
    return lesson


def get_block_in(lesson: Lesson, public_id: Any, kind: str) -> Block:
    block = Block.objects.filter(lesson=lesson, public_id=public_id, kind=kind).first()
    if block is None:
        raise Http404
    return block


def find_lesson(public_id: Any) -> Lesson:
    """Any lesson by its id, for the progress API; the action then refuses what is not the caller's."""
    lesson = Lesson.objects.select_related("version").filter(public_id=public_id).first()
    if lesson is None:
        raise Http404
    return lesson
