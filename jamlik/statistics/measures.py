"""What is counted: each measure is a set of events, who they belong to and where they are charged.

Every measure counts *distinct people* per row and kön in one aggregate query. The organisation
an event is charged to:

- course completions and campaign counts: the organisation (and unit) stored on the completion,
  i.e. where the person belonged when they completed (a person who changed employer counts for
  the organisation of that moment);
- everything else: the person's active membership valid on the event's day (Europe/Stockholm).
  A person with two valid memberships counts for both organisations.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Model, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jamlik.campaigns.models import CountedPerson, ParticipantStatus
from jamlik.courses.models import Completion, Enrolment, LessonProgress
from jamlik.credentials.models import Diploma
from jamlik.people.models import MembershipStatus
from jamlik.programmes.models import Attendance, Booking, ProgrammeCompletion, Registration, RegistrationStatus

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class Family:
    COURSE = "course"
    PROGRAMME = "programme"
    CAMPAIGN = "campaign"


@dataclass(frozen=True)
class Filters:
    """The scope of a table. Empty fields mean "all"."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    organisation_ids: tuple[int, ...] | None = None
    county_ids: tuple[int, ...] = ()
    organisation_kinds: tuple[str, ...] = ()
    course_ids: tuple[int, ...] | None = None
    programme_ids: tuple[int, ...] | None = None
    campaign_ids: tuple[int, ...] | None = None

    def start(self) -> datetime.datetime | None:
        if self.date_from is None:
            return None
        return datetime.datetime.combine(self.date_from, datetime.time.min, tzinfo=STOCKHOLM)

    def end(self) -> datetime.datetime | None:
        """Exclusive: the start of the day after ``date_to``."""
        if self.date_to is None:
            return None
        return datetime.datetime.combine(self.date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=STOCKHOLM)

    def without_rows(self) -> Filters:
        """The same scope without the row selections, i.e. the national base of a view."""
        return Filters(
            self.date_from, self.date_to, None, (), (), self.course_ids, self.programme_ids, self.campaign_ids
        )


@dataclass(frozen=True)
class Measure:
    key: str
    label: Promise
    family: str
    events: Callable[[], QuerySet[Any]]
    user: str
    moment: str
    item: str  # the course, programme or campaign
    organisation: str | None = None  # a stored organisation; None: the membership of that day
    unit: str | None = None
    condition: Callable[[Filters], Q] = field(default=lambda filters: Q())

    def membership(self) -> str:
        return f"{self.user}__memberships"

    def organisation_path(self) -> str:
        return self.organisation or f"{self.membership()}__organisation"

    def unit_path(self) -> str:
        return self.unit or f"{self.membership()}__unit"

    def dimension_path(self, dimension: str) -> tuple[str, str]:
        """(id path, label path) of a dimension."""
        org = self.organisation_path()
        if dimension == "organisation":
            return org, f"{org}__name"
        if dimension == "county":
            return f"{org}__county", f"{org}__county__name"
        if dimension == "unit":
            unit = self.unit_path()
            return unit, f"{unit}__name"
        if dimension == "item":
            return self.item, self._item_label()
        raise ValueError(dimension)

    def _item_label(self) -> str:
        if self.family == Family.COURSE:
            return f"{self.item}__published_version__title"
        if self.family == Family.PROGRAMME:
            return f"{self.item}__title"
        return f"{self.item}__title_sv"

    def queryset(self, filters: Filters) -> QuerySet[Any]:
        qs = self.events()
        start, end = filters.start(), filters.end()
        if self.family != Family.CAMPAIGN:
            if start is not None:
                qs = qs.filter(**{f"{self.moment}__gte": start})
            if end is not None:
                qs = qs.filter(**{f"{self.moment}__lt": end})
        qs = qs.filter(self.condition(filters))
        items = {
            Family.COURSE: filters.course_ids,
            Family.PROGRAMME: filters.programme_ids,
            Family.CAMPAIGN: filters.campaign_ids,
        }[self.family]
        if items is not None:
            qs = qs.filter(**{f"{self.item}__in": items})
        org = self.organisation_path()
        where = Q(**{f"{org}__isnull": False})
        if self.organisation is None:
            # One filter() so the conditions all apply to the same membership row.
            day = TruncDate(self.moment, tzinfo=STOCKHOLM)
            m = self.membership()
            where &= Q(**{f"{m}__status": MembershipStatus.ACTIVE, f"{m}__valid_from__lte": day}) & (
                Q(**{f"{m}__valid_to__isnull": True}) | Q(**{f"{m}__valid_to__gte": day})
            )
        if filters.organisation_ids is not None:
            where &= Q(**{f"{org}__in": filters.organisation_ids})
        if filters.county_ids:
            where &= Q(**{f"{org}__county__in": filters.county_ids})
        if filters.organisation_kinds:
            where &= Q(**{f"{org}__kind__in": filters.organisation_kinds})
        return qs.filter(where)


def _campaign_period(filters: Filters) -> Q:
    """Campaigns that overlap the period count in full, so totals agree with their standings."""
    q = Q(participant__status=ParticipantStatus.APPROVED)
    start, end = filters.start(), filters.end()
    if start is not None:
        q &= Q(campaign__end_at__gt=start)
    if end is not None:
        q &= Q(campaign__start_at__lt=end)
    return q


def _qs(model: type[Model]) -> Callable[[], QuerySet[Any]]:
    return lambda: model._default_manager.all()


MEASURES: list[Measure] = [
    Measure("enrolled", _("Enrolled in a course"), Family.COURSE, _qs(Enrolment), "user", "created_at", "course"),
    Measure(
        "active",
        _("Active in a course (finished a lesson)"),
        Family.COURSE,
        _qs(LessonProgress),
        "enrolment__user",
        "completed_at",
        "enrolment__course",
    ),
    Measure(
        "completed",
        _("Completed a course"),
        Family.COURSE,
        _qs(Completion),
        "user",
        "completed_at",
        "course",
        organisation="organisation",
        unit="unit",
    ),
    Measure(
        "diplomas",
        _("Received a course diploma"),
        Family.COURSE,
        lambda: Diploma.objects.filter(course_version__isnull=False),
        "recipient",
        "issued_at",
        "course_version__course",
    ),
    Measure(
        "registered",
        _("Registered for a programme"),
        Family.PROGRAMME,
        lambda: Registration.objects.exclude(status=RegistrationStatus.CANCELLED),
        "user",
        "created_at",
        "programme",
    ),
    Measure(
        "attended",
        _("Attended a programme session"),
        Family.PROGRAMME,
        lambda: Booking.objects.filter(attendance=Attendance.ATTENDED),
        "registration__user",
        "session__starts_at",
        "registration__programme",
    ),
    Measure(
        "programme_completed",
        _("Completed a programme"),
        Family.PROGRAMME,
        _qs(ProgrammeCompletion),
        "user",
        "completed_at",
        "programme",
    ),
    Measure(
        "campaign_counted",
        _("Counted in a campaign"),
        Family.CAMPAIGN,
        _qs(CountedPerson),
        "user",
        "completed_at",
        "campaign",
        organisation="participant__organisation",
        unit="unit",
        condition=_campaign_period,
    ),
]

BY_KEY = {m.key: m for m in MEASURES}


def get(key: str) -> Measure:
    return BY_KEY[key]
