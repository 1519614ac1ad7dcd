"""Demo campaigns: the seed's Dalarna campaign of autumn 2018, closed, and a running one in Jämtland.

The people counted are synthetic: no names, addresses at the reserved domain ``demo.example``,
no usable password and no verified address, so they never appear among the demo accounts and
nobody can sign in as them. They and their completions are written in bulk (as an import of
historical data would be; marked "direct write", see "Demo data" in docs/architecture.md); the
standings are then built by ``recompute`` — the same code that checks the incremental counters —
and the Dalarna campaign is closed through ``close_campaign``.
Idempotent: a campaign that exists is left as it is.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from jamlik.campaigns import actions, closing
from jamlik.campaigns.counting import recompute
from jamlik.campaigns.models import Campaign, Participant, ParticipantStatus
from jamlik.courses.models import Completion, Course, Enrolment, ProgressSource
from jamlik.people.actions import declare_headcount
from jamlik.people.demo import SYNTHETIC_DOMAIN, synthetic_kon
from jamlik.people.models import Membership, MembershipRole, Organisation, Unit, User

COURSE = "bemotande-och-diskriminering"

# slug → (headcount in autumn 2018, people who completed): synthetic figures that reproduce the
# published result — Säter 64 %, Gagnef 41 %, Hedemora 25 %, 2,891 completions in all.
DALARNA = {
    "sater": (1000, 640),
    "gagnef": (900, 369),
    "hedemora": (1500, 375),
    "falun": (6000, 1200),
    "hedemora-naringsliv": (40, 7),
    "mora": (2200, 220),
    "lansstyrelsen-dalarna": (350, 30),
    "alvdalen": (600, 50),
}
JAMTLAND = {
    "ostersund": (5200, 0.31),
    "krokom": (1300, 0.38),
    "are": (1100, 0.22),
    "stromsund": (1000, 0.27),
    "lansstyrelsen-jamtland": (260, 0.45),
}


def _people(course: Course, organisation: Organisation, count: int, moments: list[datetime.datetime], tag: str) -> None:
    """``count`` synthetic members of ``organisation``, each with one completion at the given moments."""
    units = list(Unit.objects.filter(organisation=organisation))
    password = make_password(None)
    users = User.objects.bulk_create(  # direct write: synthetic people in bulk
        [
            User(email=email, password=password, is_active=False, kon=synthetic_kon(email))
            for email in (f"{tag}-{organisation.slug}-{n:04d}@{SYNTHETIC_DOMAIN}" for n in range(count))
        ],
        batch_size=1000,
    )
    first = min(moments).date() - datetime.timedelta(days=60) if moments else timezone.localdate()
    Membership.objects.bulk_create(  # direct write: synthetic people in bulk
        [
            Membership(
                user=u,
                organisation=organisation,
                unit=units[n % len(units)] if units and n % 4 else None,
                role=MembershipRole.LEARNER,
                valid_from=first,
            )
            for n, u in enumerate(users)
        ],
        batch_size=1000,
    )
    version = course.published_version
    assert version is not None  # noqa: S101 (the demo course is published by its own loader)
    enrolments = Enrolment.objects.bulk_create(  # direct write: synthetic completions in bulk
        [Enrolment(user=u, course=course, version=version, completed_at=moments[n]) for n, u in enumerate(users)],
        batch_size=1000,
    )
    Completion.objects.bulk_create(  # direct write: synthetic completions in bulk
        [
            Completion(
                enrolment=e,
                user_id=e.user_id,
                course=course,
                version=version,
                organisation=organisation,
                unit=units[n % len(units)] if units and n % 4 else None,
                completed_at=moments[n],
                source=ProgressSource.IMPORT,
            )
            for n, e in enumerate(enrolments)
        ],
        batch_size=1000,
    )


def _moments(
    rng: random.Random, count: int, start: datetime.datetime, end: datetime.datetime
) -> list[datetime.datetime]:
    """Completion times that pick up over the period, as campaigns do (more towards the end)."""
    span = (end - start).total_seconds()
    return sorted(start + datetime.timedelta(seconds=span * rng.random() ** 0.7) for _ in range(count))


def _dalarna(course: Course, manager: User | None) -> str:
    slug = "ett-dalarna-for-alla-2018"
    if Campaign.objects.filter(slug=slug).exists():
        return slug
    rng = random.Random(2018)  # noqa: S311 (synthetic data, not security)
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=DALARNA)}
    campaign = actions.create_campaign(
        manager,
        slug=slug,
        title_sv="Ett Dalarna för alla, hösten 2018",
        title_en="A Dalarna for everyone, autumn 2018",
        description_sv="Åtta dalakommuner och kommunala bolag tävlar om att få så många anställda som möjligt att gå "
        "webbutbildningen om gott och inkluderande bemötande.",
        description_en="Eight municipalities and municipal companies in Dalarna compete to get as many employees as "
        "possible through the web course on good and inclusive treatment.",
        courses=[course],
        first_day=datetime.date(2018, 9, 1),
        last_day=datetime.date(2018, 12, 31),
        headcount_freeze_on=datetime.date(2018, 9, 30),
    )
    actions.publish_campaign(manager, campaign)
    for org_slug, (headcount, completed) in DALARNA.items():
        organisation = orgs[org_slug]
        declare_headcount(
            None,
            organisation,
            headcount=headcount,
            as_of=datetime.date(2018, 8, 31),
            source_note="Demo data (synthetic)",
        )
        declaration = actions.headcount_for(organisation, campaign.first_day)
        assert declaration is not None  # noqa: S101 (declared just above)
        # A historical campaign, imported: approved and frozen at its start.
        Participant.objects.create(  # direct write: a past campaign's participant, as an import
            campaign=campaign,
            organisation=organisation,
            status=ParticipantStatus.APPROVED,
            approved_at=campaign.start_at,
            frozen_headcount=declaration.headcount,
            headcount_frozen_at=campaign.start_at,
        )
        _people(course, organisation, completed, _moments(rng, completed, campaign.start_at, campaign.end_at), "d18")
    recompute(campaign, fix=True)
    closing.close_campaign(manager, campaign)
    title_sv, body_sv = closing.draft_summary(campaign, "sv")
    title_en, body_en = closing.draft_summary(campaign, "en")
    closing.save_news(
        manager, campaign, title_sv=title_sv, body_sv=body_sv, title_en=title_en, body_en=body_en, publish=True
    )
    return slug


def _jamtland(course: Course, manager: User | None) -> str:
    slug = "jamlikt-jamtland"
    if Campaign.objects.filter(slug=slug).exists():
        return slug
    rng = random.Random(23)  # noqa: S311 (synthetic data, not security)
    today = timezone.localdate()
    campaign = actions.create_campaign(
        manager,
        slug=slug,
        title_sv="Jämlikt Jämtland",
        title_en="Equal Jämtland",
        description_sv="Kommunerna i Jämtlands län och länsstyrelsen tävlar om andelen anställda som gått kursen.",
        description_en="The municipalities of Jämtland county and the county board compete on the share of staff "
        "who completed the course.",
        courses=[course],
        first_day=today - datetime.timedelta(days=20),
        last_day=today + datetime.timedelta(days=40),
        headcount_freeze_on=today + datetime.timedelta(days=5),
    )
    actions.publish_campaign(manager, campaign)
    now = timezone.now()
    for organisation in Organisation.objects.filter(slug__in=JAMTLAND):
        headcount, share = JAMTLAND[organisation.slug]
        if not organisation.headcount_declarations.exists():
            declare_headcount(
                None,
                organisation,
                headcount=headcount,
                as_of=today - datetime.timedelta(days=30),
                source_note="Demo data (synthetic)",
            )
        actions.invite(manager, campaign, organisation)
        participant = Participant.objects.get(campaign=campaign, organisation=organisation)
        actions.approve(manager, participant)
        count = int(headcount * share)
        _people(course, organisation, count, _moments(rng, count, campaign.start_at, now), "j")
    recompute(campaign, fix=True)
    return slug


@transaction.atomic
def load() -> list[str]:
    course = Course.objects.filter(slug=COURSE, published_version__isnull=False).first()
    if course is None:
        return ["Demo campaigns: skipped (the demo course is missing)"]
    manager = User.objects.filter(email="programansvarig@lansstyrelsen.se").first()
    closed = _dalarna(course, manager)
    running = _jamtland(course, manager)
    return [f"Demo campaigns: /kampanjer/{closed}/ (closed, 2018) and /kampanjer/{running}/ (running)"]
