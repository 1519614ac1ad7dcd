"""What each role finds on the start page (issue 19): one function a part, each a fixed number of
queries whatever the data holds (every list is cut to a few rows, every figure is an aggregate).

A person with several roles sees each of their parts: a learner's own learning, the
organisations they coordinate, and the programme manager's work. Signed out, the page shows
what Jämlik is, the courses, the running campaigns' standings and the next sessions.

Tenant isolation: the coordinator's part reads only organisations where the person holds a
current coordinator membership (``Organisation.objects.coordinated_by``), never all of them
(an administrator coordinates everything through ``coordinated_organisations``, which would make
their start page a list of every organisation in the country).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone

from jamlik.campaigns import standings
from jamlik.campaigns.access import public_campaigns
from jamlik.campaigns.models import Campaign, CampaignStatus, Participant, ParticipantStatus
from jamlik.courses.access import visible_courses, with_catalogue_data
from jamlik.courses.models import Completion, Course, CourseVersion, Enrolment, VersionStatus
from jamlik.credentials.models import Diploma
from jamlik.evaluations.rounds import open_occasions
from jamlik.knowledge.models import Example, ExampleStatus
from jamlik.knowledge.search import find_examples
from jamlik.people.http import authenticated_user
from jamlik.people.models import Membership, MembershipStatus, Organisation, User
from jamlik.programmes.models import (
    LIVE_BOOKING,
    Booking,
    Programme,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
)
from jamlik.strategies.models import ResponseStatus, Round, RoundStatus

SHOWN = 5  # rows a list on the start page shows; each list links to its full page
STANDINGS_SHOWN = 5  # organisations per campaign in the public standings
CAMPAIGNS_SHOWN = 2  # running campaigns whose standings the public start page draws
ORGANISATIONS_SHOWN = 5  # organisations a coordinator sees at a glance


def public_part(user: Any) -> dict[str, Any]:
    """Courses, running campaigns with their leaders, and the next sessions: for everyone."""
    now = timezone.now()
    courses = list(
        with_catalogue_data(visible_courses(user)).order_by("-published_version__published_at", "pk")[:SHOWN]
    )
    running = list(
        Campaign.objects.filter(status=CampaignStatus.PUBLISHED, start_at__lte=now, end_at__gt=now).order_by(
            "end_at", "pk"
        )[:CAMPAIGNS_SHOWN]
    )
    by_campaign: dict[int, list[standings.Row]] = {c.pk: [] for c in running}
    for p in (  # one query for every campaign shown (standings.live makes one each)
        Participant.objects.filter(campaign__in=running, status=ParticipantStatus.APPROVED)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    ):
        by_campaign[p.campaign_id].append(
            standings.Row(
                p.pk, p.organisation_id, p.organisation.name, p.organisation.slug, p.frozen_headcount, p.completions
            )
        )
    boards = []
    for campaign in running:
        rows = standings.rank(by_campaign[campaign.pk])
        boards.append({"campaign": campaign, "rows": rows[:STANDINGS_SHOWN], "total": len(rows)})
    return {"courses": courses, "boards": boards, "sessions": upcoming_sessions(now)}


def upcoming_sessions(now: datetime.datetime, limit: int = SHOWN) -> list[Session]:
    return list(
        Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gte=now)
        .filter(module__programme__status__in=[ProgrammeStatus.OPEN, ProgrammeStatus.CLOSED])
        .select_related("module__programme")
        .order_by("starts_at", "pk")[:limit]
    )


@dataclass
class LearnerPart:
    continuing: Sequence[Enrolment]
    completed: Sequence[Enrolment]
    enrolment_count: int
    registrations: list[tuple[Registration, Session | None]]  # with the person's next session in it
    diplomas: list[Diploma]
    diploma_count: int
    campaigns: list[Participant]
    open_evaluations: int = 0  # courses and sessions the person may still evaluate

    @property
    def is_empty(self) -> bool:
        return not (
            self.enrolment_count or self.registrations or self.diploma_count or self.campaigns or self.open_evaluations
        )


def learner_part(user: User) -> LearnerPart:
    """The person's own learning: nine queries however much of it there is."""
    now = timezone.now()
    enrolments = Enrolment.objects.filter(user=user).select_related("course", "version", "last_lesson")
    continuing = list(
        enrolments.filter(completed_at__isnull=True)
        .annotate(done=Count("progress", distinct=True), lessons=Count("version__lessons", distinct=True))
        .order_by("-created_at", "-pk")[:SHOWN]
    )
    completed = list(enrolments.filter(completed_at__isnull=False).order_by("-completed_at", "-pk")[:SHOWN])
    enrolment_count = enrolments.count()
    registrations = list(
        Registration.objects.filter(user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("programme")
        .order_by("-created_at", "-pk")[:SHOWN]
    )
    next_sessions: dict[int, Session] = {}
    bookings = (
        Booking.objects.filter(
            registration__in=[r.pk for r in registrations], status__in=LIVE_BOOKING, session__starts_at__gte=now
        )
        .select_related("session")
        .order_by("session__starts_at", "pk")
    )
    for booking in bookings:  # one query; a registration books one session a module
        next_sessions.setdefault(booking.registration_id, booking.session)
    diplomas_qs = Diploma.objects.filter(recipient=user, superseded_at__isnull=True, revoked_at__isnull=True)
    diplomas = list(diplomas_qs.order_by("-issued_at", "-pk")[:SHOWN])
    diploma_count = diplomas_qs.count()
    mine = Membership.objects.current().filter(user=user).values("organisation_id")
    campaigns = list(
        Participant.objects.filter(
            organisation__in=mine, status=ParticipantStatus.APPROVED, campaign__status=CampaignStatus.PUBLISHED
        )
        .select_related("campaign", "organisation")
        .order_by("campaign__end_at", "pk")[:SHOWN]
    )
    return LearnerPart(
        continuing=continuing,
        completed=completed,
        enrolment_count=enrolment_count,
        registrations=[(r, next_sessions.get(r.pk)) for r in registrations],
        diplomas=diplomas,
        diploma_count=diploma_count,
        campaigns=campaigns,
        open_evaluations=len(open_occasions(user)),
    )


def my_page_context(request: HttpRequest) -> dict[str, Any]:
    """The learner's part on "My page" (``people.my_page``)."""
    return {"part": learner_part(authenticated_user(request))}


@dataclass
class CourseRate:
    title: str
    slug: str
    completed: int
    members: int

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.members) if self.members else 0


@dataclass
class OrganisationGlance:
    organisation: Organisation
    members: int
    pending: int
    courses: list[CourseRate]
    campaigns: list[Participant]
    sessions: list[tuple[Session, int]]


def coordinator_part(user: User) -> tuple[list[OrganisationGlance], int]:
    """The organisations the person coordinates (at most ``ORGANISATIONS_SHOWN``) and how many
    there are: five queries whatever the number of organisations, members or completions."""
    today = timezone.localdate()
    now = timezone.now()
    current = Q(memberships__valid_from__lte=today) & (
        Q(memberships__valid_to__isnull=True) | Q(memberships__valid_to__gte=today)
    )
    coordinated = Organisation.objects.coordinated_by(user)
    count = coordinated.count()
    organisations = list(
        Organisation.objects.filter(pk__in=coordinated.values("pk"))
        .annotate(
            member_count=Count("memberships", filter=current & Q(memberships__status=MembershipStatus.ACTIVE)),
            pending_count=Count(
                "memberships",
                filter=Q(memberships__status=MembershipStatus.PENDING, memberships__valid_to__isnull=True),
            ),
        )
        .order_by("name", "pk")[:ORGANISATIONS_SHOWN]
    )
    ids = [o.pk for o in organisations]
    members_now = Membership.objects.current().filter(organisation_id__in=ids)
    # Completions per (organisation, course) by people who are members today: the share of today's staff.
    rates: dict[int, list[CourseRate]] = {pk: [] for pk in ids}
    members_of = {o.pk: o.member_count for o in organisations}  # type: ignore[attr-defined]
    completed = (
        Completion.objects.filter(
            Exists(members_now.filter(organisation_id=OuterRef("organisation_id"), user_id=OuterRef("user_id"))),
            organisation_id__in=ids,
        )
        .values("organisation_id", "course__slug", "course__published_version__title")
        .annotate(n=Count("user_id", distinct=True))
        .order_by("organisation_id", "-n", "course__slug")
    )
    for row in completed:
        shown = rates[row["organisation_id"]]
        if len(shown) < SHOWN:
            title = row["course__published_version__title"] or row["course__slug"]
            shown.append(CourseRate(title, row["course__slug"], row["n"], members_of[row["organisation_id"]]))
    campaigns: dict[int, list[Participant]] = {pk: [] for pk in ids}
    for participant in (
        Participant.objects.filter(organisation_id__in=ids)
        .exclude(campaign__status=CampaignStatus.DRAFT)
        .exclude(status=ParticipantStatus.WITHDRAWN)
        .filter(campaign__end_at__gte=now - datetime.timedelta(days=60))
        .select_related("campaign")
        .order_by("-campaign__end_at", "pk")
    ):
        if len(campaigns[participant.organisation_id]) < SHOWN:
            campaigns[participant.organisation_id].append(participant)
    sessions: dict[int, list[tuple[Session, int]]] = {pk: [] for pk in ids}
    booked = (
        Booking.objects.filter(
            status__in=LIVE_BOOKING,
            session__starts_at__gte=now,
            session__status=SessionStatus.SCHEDULED,
            registration__user__memberships__in=members_now,
        )
        .values("registration__user__memberships__organisation_id", "session_id")
        .annotate(n=Count("registration__user_id", distinct=True))
        .order_by("session__starts_at", "session_id")
    )
    wanted: dict[int, list[tuple[int, int]]] = {pk: [] for pk in ids}
    for booking in booked:
        listed = wanted[booking["registration__user__memberships__organisation_id"]]
        if len(listed) < SHOWN:
            listed.append((booking["session_id"], booking["n"]))
    by_id = Session.objects.select_related("module__programme").in_bulk(
        [sid for rows in wanted.values() for sid, _ in rows]
    )
    for pk, rows in wanted.items():
        sessions[pk] = [(by_id[sid], n) for sid, n in rows if sid in by_id]
    glances = [
        OrganisationGlance(
            organisation=o,
            members=o.member_count,  # type: ignore[attr-defined]
            pending=o.pending_count,  # type: ignore[attr-defined]
            courses=rates[o.pk],
            campaigns=campaigns[o.pk],
            sessions=sessions[o.pk],
        )
        for o in organisations
    ]
    return glances, count


@dataclass
class ManagerPart:
    campaign_drafts: list[Campaign]
    programme_drafts: list[Programme]
    course_drafts: list[CourseVersion]
    open_programmes: list[Programme]
    rounds: list[Round]
    applications: int
    examples_to_review: int
    registrations_to_approve: int

    @property
    def attention(self) -> int:
        return self.applications + self.examples_to_review + self.registrations_to_approve


def manager_part() -> ManagerPart:
    """The programme manager's work: drafts, open registrations, follow-up rounds and what waits
    for someone. Nine queries, however many of each there are."""
    return ManagerPart(
        campaign_drafts=list(Campaign.objects.filter(status=CampaignStatus.DRAFT).order_by("-pk")[:SHOWN]),
        programme_drafts=list(Programme.objects.filter(status=ProgrammeStatus.DRAFT).order_by("-created_at")[:SHOWN]),
        course_drafts=list(
            CourseVersion.objects.filter(status=VersionStatus.DRAFT).select_related("course").order_by("-pk")[:SHOWN]
        ),
        open_programmes=list(
            Programme.objects.filter(status=ProgrammeStatus.OPEN)
            .annotate(
                live=Count("registrations", filter=~Q(registrations__status=RegistrationStatus.CANCELLED)),
                waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.PENDING)),
            )
            .order_by("registration_deadline", "pk")[:SHOWN]
        ),
        rounds=list(
            Round.objects.exclude(status=RoundStatus.CLOSED)
            .annotate(
                answered=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED)),
                asked=Count("responses"),
            )
            .order_by("deadline", "pk")[:SHOWN]
        ),
        applications=Participant.objects.filter(status=ParticipantStatus.APPLIED)
        .exclude(campaign__status=CampaignStatus.CLOSED)
        .count(),
        examples_to_review=Example.objects.filter(status=ExampleStatus.SUBMITTED).count(),
        registrations_to_approve=Registration.objects.filter(status=RegistrationStatus.PENDING).count(),
    )


SEARCH_SHOWN = 10  # results of each kind on the search page


@dataclass
class SearchResults:
    courses: list[Course]
    programmes: list[Programme]
    campaigns: list[Campaign]
    examples: list[Example]

    @property
    def count(self) -> int:
        return len(self.courses) + len(self.programmes) + len(self.campaigns) + len(self.examples)


def search(user: Any, query: str) -> SearchResults:
    """What the visitor may see whose title holds every word of ``query``: four queries."""
    words = query.split()[:8]
    courses = with_catalogue_data(visible_courses(user))
    programmes = Programme.objects.public().exclude(status=ProgrammeStatus.CANCELLED)
    campaigns = public_campaigns()
    for word in words:
        courses = courses.filter(published_version__title__icontains=word)
        programmes = programmes.filter(title__icontains=word)
        campaigns = campaigns.filter(Q(title_sv__icontains=word) | Q(title_en__icontains=word))
    return SearchResults(
        courses=list(courses.order_by("published_version__title", "pk")[:SEARCH_SHOWN]),
        programmes=list(programmes.order_by("-registration_deadline", "pk")[:SEARCH_SHOWN]),
        campaigns=list(campaigns.order_by("-start_at", "pk")[:SEARCH_SHOWN]),
        examples=list(find_examples(query)[:SEARCH_SHOWN]),
    )
