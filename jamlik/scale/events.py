"""The national campaign (every organisation taking part) and the programme with twenty sessions.

The campaign is created and published through ``campaigns.actions``; the participants are
approved with their headcount frozen at the start, as an imported campaign is in the demo.
Its standings are built by ``campaigns.counting.recompute`` — the same code the nightly check
runs — once, after the completions are in, which is the fastest correct way: one pass over the
completions and bulk inserts, instead of one event per completion.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from jamlik.campaigns import actions as campaign_actions
from jamlik.campaigns.counting import recompute
from jamlik.campaigns.models import Campaign, Participant, ParticipantStatus
from jamlik.courses.models import Course
from jamlik.people.models import Organisation, OrganisationKind
from jamlik.programmes.models import ModuleKind, Programme, ProgrammeModule, ProgrammeStatus, Session
from jamlik.scale.organisations import Employer

CAMPAIGN = "skala-nationell-kampanj"
PROGRAMME = "skala-program"
SESSIONS = 20
SEATS = 40
CITIES = [
    "Stockholm", "Göteborg", "Malmö", "Uppsala", "Linköping", "Örebro", "Västerås", "Umeå", "Luleå", "Sundsvall",
    "Gävle", "Falun", "Karlstad", "Jönköping", "Växjö", "Kalmar", "Kristianstad", "Halmstad", "Östersund", "Visby",
]  # fmt: skip


@transaction.atomic
def ensure_campaign(courses: list[Course], employers: list[Employer]) -> tuple[Campaign, bool]:
    """The running national campaign, started 60 days ago. Returns (campaign, created)."""
    campaign = Campaign.objects.filter(slug=CAMPAIGN).first()
    if campaign is not None:
        return campaign, False
    today = timezone.localdate()
    campaign = campaign_actions.create_campaign(
        None,
        slug=CAMPAIGN,
        title_sv="Ett jämlikt Sverige (syntetisk)",
        title_en="An equal Sweden (synthetic)",
        description_sv="Syntetisk nationell kampanj för prestandamätningar: alla län, kommuner och regioner.",
        description_en="A synthetic national campaign for benchmarks: every county board, municipality and region.",
        courses=courses,
        first_day=today - datetime.timedelta(days=60),
        last_day=today + datetime.timedelta(days=30),
        headcount_freeze_on=today - datetime.timedelta(days=46),
    )
    campaign_actions.publish_campaign(None, campaign)
    Participant.objects.bulk_create(
        [
            Participant(
                campaign=campaign,
                organisation_id=e.organisation_id,
                status=ParticipantStatus.APPROVED,
                approved_at=campaign.start_at,
                frozen_headcount=e.headcount,
                headcount_frozen_at=campaign.start_at,
            )
            for e in employers
        ]
    )
    return campaign, True


def rebuild_standings(campaign: Campaign) -> int:
    """Rebuild the standings from the completions; returns the number of differences repaired."""
    return len(recompute(campaign, fix=True))


@transaction.atomic
def ensure_programme() -> Programme:
    """A programme with one in-person module held twenty times, forty seats each, a year ahead."""
    programme = Programme.objects.filter(slug=PROGRAMME).first()
    if programme is not None:
        return programme
    today = timezone.localdate()
    programme = Programme.objects.create(
        slug=PROGRAMME,
        title="Jämlikhet i praktiken (syntetisk)",
        summary="Syntetiskt program för prestandamätningar: en fysisk träff som hålls på tjugo orter.",
        registration_deadline=today + datetime.timedelta(days=365),
        status=ProgrammeStatus.OPEN,
    )
    hosts = list(Organisation.objects.filter(kind=OrganisationKind.COUNTY_BOARD).order_by("pk"))
    programme.organisers.set(hosts[:1])
    module = ProgrammeModule.objects.create(
        programme=programme, position=1, title="Fysisk träff", kind=ModuleKind.IN_PERSON
    )
    first = today + datetime.timedelta(days=380)
    Session.objects.bulk_create(
        [
            Session(
                module=module,
                starts_at=timezone.make_aware(
                    datetime.datetime.combine(first + datetime.timedelta(days=n), datetime.time(9))
                ),
                ends_at=timezone.make_aware(
                    datetime.datetime.combine(first + datetime.timedelta(days=n), datetime.time(16))
                ),
                venue_name="Länsstyrelsen",
                street_address=f"Storgatan {n + 1}",
                city=CITIES[n % len(CITIES)],
                capacity=SEATS,
                host_organisation=hosts[n % len(hosts)],
            )
            for n in range(SESSIONS)
        ]
    )
    return programme
