"""One organisation's progress and completions, for its coordinators' pages and exports.

People counted are the organisation's current members who enrolled, plus anyone whose
completion was recorded for the organisation (they may have left since). A completion
recorded for another organisation is not shown. Reflection answers are never read here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from jamlik.courses.models import Completion, Course, Enrolment, Lesson
from jamlik.people.models import Membership, Organisation


def _member_user_ids(organisation: Organisation) -> QuerySet[Membership, int]:
    return Membership.objects.current().filter(organisation=organisation).values_list("user_id", flat=True)


def _count(qs: QuerySet[Enrolment] | QuerySet[Completion]) -> Coalesce:
    counted = qs.order_by().values("course_id").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def courses_for(organisation: Organisation) -> QuerySet[Course]:
    """Courses with an enrolled member or a completion for the organisation, with both counts."""
    members = _member_user_ids(organisation)
    enrolments = Enrolment.objects.filter(course_id=OuterRef("pk"), user_id__in=members)
    completions = Completion.objects.filter(course_id=OuterRef("pk"), organisation=organisation)
    return (
        Course.objects.filter(Q(Exists(enrolments)) | Q(Exists(completions)))
        .select_related("published_version")
        .annotate(enrolled=_count(enrolments), completed=_count(completions))
        .order_by("slug")
    )


@dataclass(frozen=True)
class Row:
    name: str
    email: str
    unit: str
    version: int
    enrolled_at: datetime.datetime
    lessons_done: int
    lessons_total: int
    completed_at: datetime.datetime | None


def rows_for(organisation: Organisation, course: Course) -> list[Row]:
    """One row per person: a constant number of queries, however many people."""
    members = _member_user_ids(organisation)
    enrolments = (
        Enrolment.objects.filter(course=course)
        .filter(Q(user_id__in=members) | Q(completion__organisation=organisation))
        .select_related("user", "version", "completion__unit")
        .annotate(lessons_done=Count("progress", distinct=True))
        .order_by("user__name", "user__email")
    )
    current_units = dict(
        Membership.objects.current()
        .filter(organisation=organisation)
        .order_by("valid_from")
        .values_list("user_id", "unit__name")
    )
    totals = dict(
        Lesson.objects.filter(version__course=course)
        .order_by()
        .values("version_id")
        .annotate(n=Count("id"))
        .values_list("version_id", "n")
    )
    rows: list[Row] = []
    for enrolment in enrolments:
        completion: Completion | None = getattr(enrolment, "completion", None)
        ours = completion is not None and completion.organisation_id == organisation.pk
        if ours and completion is not None:
            unit = completion.unit.name if completion.unit else ""
        else:
            unit = current_units.get(enrolment.user_id) or ""
        rows.append(
            Row(
                name=enrolment.user.name,
                email=enrolment.user.email,
                unit=unit,
                version=enrolment.version.number,
                enrolled_at=enrolment.created_at,
                lessons_done=enrolment.lessons_done,
                lessons_total=totals.get(enrolment.version_id, 0),
                completed_at=completion.completed_at if ours and completion is not None else None,
            )
        )
    return rows


@dataclass(frozen=True)
class UnitRow:
    unit: str
    enrolled: int
    completed: int


def by_unit(rows: list[Row]) -> list[UnitRow]:
    counts: dict[str, list[int]] = {}
    for row in rows:
        item = counts.setdefault(row.unit, [0, 0])
        item[0] += 1
        item[1] += 1 if row.completed_at else 0
    return [UnitRow(unit, n, done) for unit, (n, done) in sorted(counts.items(), key=lambda kv: (kv[0] == "", kv[0]))]
