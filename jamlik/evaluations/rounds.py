"""Occasions (what a person may evaluate) and rounds (a questionnaire's answers in one quarter).

A course completion is evaluated in the round of the quarter it happened in, an attended session in
the round of the quarter it started in. A round takes answers until ``GRACE_DAYS`` after its quarter
ends and is published only after that: once published it never changes, so two looks at it at
different times cannot be subtracted to single out the people who answered in between.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from jamlik.courses.models import Completion, Course
from jamlik.evaluations.models import Participation
from jamlik.people.models import User
from jamlik.programmes.models import Attendance, Booking, BookingStatus, Programme

GRACE_DAYS = 30


def period_of(day: datetime.date) -> str:
    return f"{day.year}-{(day.month - 1) // 3 + 1}"


def quarter_bounds(period: str) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of the quarter."""
    year, quarter = (int(part) for part in period.split("-"))
    first = datetime.date(year, 3 * quarter - 2, 1)
    after = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return first, after - datetime.timedelta(days=1)


def closes_on(period: str) -> datetime.date:
    """The last day the round takes answers; it is published the day after."""
    return quarter_bounds(period)[1] + datetime.timedelta(days=GRACE_DAYS)


def is_open(period: str, today: datetime.date | None = None) -> bool:
    return (today or timezone.localdate()) <= closes_on(period)


def earliest_open_day(today: datetime.date) -> datetime.date:
    """The first day of the oldest quarter whose round still takes answers."""
    return quarter_bounds(period_of(today - datetime.timedelta(days=GRACE_DAYS)))[0]


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@dataclass(frozen=True)
class Occasion:
    """A course completion or an attended session of one person."""

    completion: Completion | None = None
    booking: Booking | None = None

    def _booking(self) -> Booking:
        if self.booking is None:
            raise ValueError("An occasion is a completion or a booking.")
        return self.booking

    @property
    def user(self) -> User:
        if self.completion is not None:
            return self.completion.user
        return self._booking().registration.user

    @property
    def course(self) -> Course | None:
        return self.completion.course if self.completion is not None else None

    @property
    def programme(self) -> Programme | None:
        return self.booking.session.module.programme if self.booking is not None else None

    @property
    def day(self) -> datetime.date:
        if self.completion is not None:
            return timezone.localdate(self.completion.completed_at)
        return timezone.localdate(self._booking().session.starts_at)

    @property
    def period(self) -> str:
        return period_of(self.day)

    @property
    def title(self) -> str:
        if self.completion is not None:
            return course_title(self.completion.course)
        module = self._booking().session.module
        return f"{module.programme.title}: {module.title}"

    @property
    def path(self) -> str:
        if self.completion is not None:
            return reverse("evaluations:course", args=[self.completion.public_id])
        return reverse("evaluations:session", args=[self._booking().public_id])

    @property
    def attended(self) -> bool:
        if self.booking is None:
            return True
        return self.booking.status == BookingStatus.CONFIRMED and self.booking.attendance == Attendance.ATTENDED


def course_title(course: Course) -> str:
    version = course.published_version
    return version.title if version is not None else course.slug


def completions_of(user: User) -> QuerySet[Completion]:
    return Completion.objects.filter(user=user).select_related("course__published_version", "user")


def attended_bookings_of(user: User) -> QuerySet[Booking]:
    return Booking.objects.filter(
        registration__user=user, status=BookingStatus.CONFIRMED, attendance=Attendance.ATTENDED
    ).select_related("session__module__programme", "registration__user")


def open_occasions(user: User, today: datetime.date | None = None) -> list[Occasion]:
    """What the person may still evaluate: completions and attended sessions in rounds that take
    answers, not answered yet. Newest first; two queries."""
    today = today or timezone.localdate()
    since = _start_of(earliest_open_day(today))
    answered = Participation.objects.filter(user=user)
    completions = (
        completions_of(user)
        .filter(completed_at__gte=since)
        .exclude(pk__in=answered.exclude(completion=None).values("completion"))
    )
    bookings = (
        attended_bookings_of(user)
        .filter(session__starts_at__gte=since)
        .exclude(pk__in=answered.exclude(booking=None).values("booking"))
    )
    found = [Occasion(completion=c) for c in completions] + [Occasion(booking=b) for b in bookings]
    return sorted((o for o in found if is_open(o.period, today)), key=lambda o: o.day, reverse=True)
