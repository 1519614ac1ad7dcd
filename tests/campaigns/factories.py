"""Campaign test data: a campaign with participants, and completions written as the courses app would."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from jamlik.campaigns import actions
from jamlik.campaigns.counting import count_completion
from jamlik.campaigns.models import Campaign, Participant
from jamlik.courses.events import CourseCompleted
from jamlik.courses.models import Completion, Course, Enrolment
from jamlik.people.models import Organisation, Unit, User
from tests.courses.factories import make_course
from tests.factories import HeadcountFactory

_slugs = iter(range(1, 1_000_000))


def first_day() -> datetime.date:
    """Campaigns in these tests started 30 days ago and run 30 more days."""
    return timezone.localdate() - datetime.timedelta(days=30)


def last_day() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=30)


def local(day: datetime.date, hour: int = 12, minute: int = 0, second: int = 0) -> datetime.datetime:
    """An aware moment in Europe/Stockholm."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, second)))


def make_campaign(
    headcounts: dict[Organisation, int],
    *,
    courses: Iterable[Course] | None = None,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
    counts_earlier: bool = False,
    freeze_on: datetime.date | None = None,
    slug: str | None = None,
) -> Campaign:
    """A published, running campaign with every organisation approved and its headcount frozen."""
    first = first or first_day()
    campaign = actions.create_campaign(
        None,
        slug=slug or f"kampanj-{next(_slugs)}",
        title_sv="Hösttävlingen",
        title_en="The autumn contest",
        courses=list(courses) if courses is not None else [make_course(lessons=1)],
        first_day=first,
        last_day=last or last_day(),
        counts_earlier=counts_earlier,
        headcount_freeze_on=freeze_on or timezone.localdate() + datetime.timedelta(days=7),
    )
    actions.publish_campaign(None, campaign)
    for organisation, headcount in headcounts.items():
        HeadcountFactory(organisation=organisation, headcount=headcount, as_of=first - datetime.timedelta(days=1))
        actions.approve(None, actions.invite(None, campaign, organisation))
    return campaign


def participant(campaign: Campaign, organisation: Organisation) -> Participant:
    return Participant.objects.get(campaign=campaign, organisation=organisation)


def first_course(campaign: Campaign) -> Course:
    return campaign.courses.order_by("pk").first()  # type: ignore[return-value]


def complete(
    user: User,
    course: Course,
    organisation: Organisation | None,
    at: datetime.datetime,
    *,
    unit: Unit | None = None,
    announce: bool = True,
) -> Completion:
    """A completion as ``courses.actions`` writes it (organisation of that instant), then the event's listener."""
    version = course.published_version
    assert version is not None
    enrolment = Enrolment.objects.create(user=user, course=course, version=version, completed_at=at)
    completion = Completion.objects.create(
        enrolment=enrolment,
        user=user,
        course=course,
        version=version,
        organisation=organisation,
        unit=unit,
        completed_at=at,
    )
    if announce:
        count_completion(CourseCompleted(completion_id=completion.pk))
    return completion
