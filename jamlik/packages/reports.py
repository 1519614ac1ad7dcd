"""Attempts at a package course, for the coordinators of one organisation and for the learner.

The people shown to a coordinator are as in ``courses.reports``: the organisation's current
members, and anyone whose completion was recorded for it. A constant number of queries, however
many people and attempts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from jamlik.courses.models import Course
from jamlik.packages.attempts import Attempt
from jamlik.packages.datamodel.timing import format_timespan
from jamlik.packages.runtime_data import number
from jamlik.people.models import Membership, Organisation, User


@dataclass(frozen=True)
class AttemptRow:
    name: str
    email: str
    unit: str
    item: str
    number: int
    status: str
    score: str
    time: str
    started_at: datetime.datetime
    updated_at: datetime.datetime
    done_at: datetime.datetime | None


def score_of(attempt: Attempt) -> str:
    """The score as a learner would say it: ``85`` (of ``100``), or the scaled score as a percentage."""
    if attempt.score_raw is not None:
        maximum = f" / {number(attempt.score_max)}" if attempt.score_max is not None else ""
        return f"{number(attempt.score_raw)}{maximum}"
    if attempt.score_scaled is not None:
        return f"{number(attempt.score_scaled * 100)} %"
    return ""


def time_of(attempt: Attempt) -> str:
    """The attempt's time over every session, ``H:MM:SS``."""
    hours, minutes, seconds = format_timespan(attempt.total_centiseconds).split(".")[0].split(":")
    return f"{int(hours)}:{minutes}:{seconds}"


def _attempts() -> QuerySet[Attempt]:
    return Attempt.objects.select_related("item", "enrolment__user").order_by(
        "enrolment__user__name", "enrolment__user__email", "item__position", "number"
    )


def rows_for(organisation: Organisation, course: Course) -> list[AttemptRow]:
    members = Membership.objects.current().filter(organisation=organisation)
    units = dict(members.order_by("valid_from").values_list("user_id", "unit__name"))
    attempts = (
        _attempts()
        .filter(enrolment__course=course)
        .filter(
            Q(enrolment__user_id__in=members.values_list("user_id", flat=True))
            | Q(enrolment__completion__organisation=organisation)
        )
    )
    return [_row(attempt, units.get(attempt.enrolment.user_id) or "") for attempt in attempts]


def mine(user: User, course: Course) -> list[AttemptRow]:
    return [_row(attempt, "") for attempt in _attempts().filter(enrolment__course=course, enrolment__user=user)]


def _row(attempt: Attempt, unit: str) -> AttemptRow:
    user = attempt.enrolment.user
    return AttemptRow(
        name=user.name,
        email=user.email,
        unit=unit,
        item=attempt.item.title,
        number=attempt.number,
        status=attempt.status,
        score=score_of(attempt),
        time=time_of(attempt),
        started_at=attempt.started_at,
        updated_at=attempt.updated_at,
        done_at=attempt.done_at,
    )


def package_courses_for(organisation: Organisation) -> QuerySet[Course]:
    """Package courses that a member of the organisation has an attempt at."""
    members = Membership.objects.current().filter(organisation=organisation).values_list("user_id", flat=True)
    return (
        Course.objects.filter(enrolments__package_attempts__isnull=False, enrolments__user_id__in=members)
        .select_related("published_version")
        .distinct()
        .order_by("slug")
    )
