"""Group mode: a lesson taken together in a workplace meeting counts like individual progress.

A facilitator (a coordinator of the organisation, or a programme manager) records which of
the organisation's members took part. Each participant is enrolled if needed and gets the
lesson done through ``jamlik.courses.actions.record_progress`` with ``source=group``, so the
completion rule, the idempotency and the ``course_completed`` event are exactly those of
individual progress. A participant enrolled in an older version gets the same lesson of
their own version (lessons keep their ``key`` across versions).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.courses.access import OPEN_AUDIENCES, may_enrol
from jamlik.courses.actions import enrol, record_progress
from jamlik.courses.models import Completion, Course, Enrolment, Lesson, ProgressSource, VersionStatus
from jamlik.people.access import coordinated_organisations
from jamlik.people.models import Membership, Organisation, User


def facilitated_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose meetings ``user`` may record: all for programme managers."""
    if getattr(user, "is_authenticated", False) and user.is_programme_manager:
        return Organisation.objects.all()
    return coordinated_organisations(user)


def members_of(organisation: Organisation) -> QuerySet[User]:
    """People with a current membership in ``organisation``: the only possible participants."""
    return User.objects.filter(
        is_active=True, memberships__in=Membership.objects.current().filter(organisation=organisation)
    ).distinct()


def group_courses(organisation: Organisation) -> QuerySet[Course]:
    """Published courses the organisation's members may take (the facilitator's choice list)."""
    published = Course.objects.filter(published_version__status=VersionStatus.PUBLISHED)
    return (
        published.filter(published_version__audience__in=OPEN_AUDIENCES)
        | published.filter(published_version__organisations=organisation)
    ).distinct()


@dataclass
class GroupSessionResult:
    recorded: list[User] = field(default_factory=list)  # the lesson is now done for them
    already_done: list[User] = field(default_factory=list)  # they had done it before
    completions: list[Completion] = field(default_factory=list)  # courses completed by this session


def _own_lesson(enrolment: Enrolment, lesson: Lesson) -> Lesson | None:
    if enrolment.version_id == lesson.version_id:
        return lesson
    return Lesson.objects.filter(version_id=enrolment.version_id, key=lesson.key).first()


@transaction.atomic
def record_group_session(
    facilitator: User,
    organisation: Organisation,
    lesson: Lesson,
    participants: Sequence[User],
    *,
    held_on: datetime.date | None = None,
) -> GroupSessionResult:
    """Record that ``participants`` took ``lesson`` together. All or nothing; safe to repeat."""
    if not facilitated_organisations(facilitator).filter(pk=organisation.pk).exists():
        raise ValidationError(_("You may record group sessions only for organisations you coordinate."))
    held_on = held_on or timezone.localdate()
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The meeting cannot be in the future.")})
    people = {p.pk: p for p in participants}
    if not people:
        raise ValidationError({"participants": _("Choose at least one person who took part.")})
    members = set(members_of(organisation).filter(pk__in=people).values_list("pk", flat=True))
    outsiders = sorted(p.email for pk, p in people.items() if pk not in members)
    if outsiders:
        raise ValidationError(
            {
                "participants": _("Not members of %(org)s: %(list)s. Nothing was recorded.")
                % {"org": organisation.name, "list": ", ".join(outsiders)}
            }
        )
    version = lesson.version
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError({"lesson": _("Choose a lesson of a published course.")})
    course = version.course
    enrolments = {e.user_id: e for e in Enrolment.objects.filter(course=course, user_id__in=people)}
    refused = sorted(p.email for pk, p in people.items() if pk not in enrolments and not may_enrol(p, version))
    if refused:
        raise ValidationError(
            {
                "participants": _("The course is not open to: %(list)s. Nothing was recorded.")
                % {"list": ", ".join(refused)}
            }
        )

    result = GroupSessionResult()
    for person in sorted(people.values(), key=lambda p: p.email):
        enrolment = enrolments.get(person.pk) or enrol(person, course, source=ProgressSource.GROUP)
        own = _own_lesson(enrolment, lesson)
        if own is None:
            raise ValidationError(
                {
                    "participants": _("%(person)s takes a version of the course without this lesson.")
                    % {"person": person.email}
                }
            )
        outcome = record_progress(person, own, source=ProgressSource.GROUP, recorded_by=facilitator)
        (result.recorded if outcome.created else result.already_done).append(person)
        if outcome.completion is not None:
            result.completions.append(outcome.completion)
    record(
        "course.group_session_recorded",
        actor=facilitator,
        organisation=organisation,
        target=lesson,
        summary=f"{course.slug}: {lesson.title} ({held_on.isoformat()}, {len(people)})",
        after={
            "course": course.slug,
            "version": version.number,
            "lesson": str(lesson.public_id),
            "held_on": held_on.isoformat(),
            "participants": sorted(p.email for p in people.values()),
            "newly_recorded": len(result.recorded),
            "completions": len(result.completions),
        },
    )
    return result
