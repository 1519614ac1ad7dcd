"""The demo programme, after the seed page "Jämlikhet i praktiken". Idempotent; dates follow today.

The programme manager builds and opens it through the authoring actions, as on the authoring
pages; people register and ask to switch through the same actions as the pages.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from jamlik.people.demo import coordinator
from jamlik.people.models import Organisation, User
from jamlik.programmes import actions, authoring
from jamlik.programmes.models import (
    Booking,
    BookingStatus,
    ModuleKind,
    Programme,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
    Session,
)

SLUG = "jamlikhet-i-praktiken"
MANAGER = "programansvarig@lansstyrelsen.se"  # builds and opens it, as on /program/redigera/
HOSTS = {"stockholm": "lansstyrelsen-stockholm", "goteborg": "lansstyrelsen-vastra-gotaland"}
HOST_PEOPLE = [
    ("vard@lansstyrelsen-stockholm.example", "Sara Värd", "stockholm"),
    ("vard@lansstyrelsen-vg.example", "Johan Värd", "goteborg"),
]
OBJECTIVES = [
    "kunskaper om mänskliga rättigheter och principerna bakom det rättighetsbaserade arbetssättet",
    "kompetens att genomföra ett antirasistiskt arbete i den egna organisationens verksamhet",
    "kompetens om hur antirasism vävs in i planering, styrning och utvärderingssystem",
    "expertkunskaper i användningen av metodstödet genom verksamhetsnära case",
    "kunskaper om hur du hanterar motstånd i organisationen och skapar motivation",
    "utrymme för utbyte med andra deltagare om utmaningar i antirasistiskt arbete inom offentlig sektor",
]
# Who registers for what; the Göteborg day has three seats, so the fourth person waits.
REGISTRATIONS = [
    ("larande@sater.se", "goteborg"),
    ("kim@sater.se", "goteborg"),
    ("omar@sater.se", "goteborg"),
    ("anna@gagnef.se", "goteborg"),
    ("samordnare@gagnef.se", "stockholm"),
]
SWITCHER = "samordnare@gagnef.se"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _programme(manager: User, today: datetime.date, hosts: dict[str, Organisation]) -> Programme:
    return authoring.create_programme(
        manager,
        fields={
            "slug": SLUG,
            "title": "Jämlikhet i praktiken",
            "summary": (
                "Länsstyrelsernas utbildning i att arbeta strategiskt mot rasism i kommuner, regioner och statliga "
                "myndigheter. Två webbinarier och en fysisk träff i Stockholm eller Göteborg."
            ),
            "description": (
                "Att driva jämlikhetsarbete i kommuner, regioner och statliga myndigheter för med sig speciella "
                "utmaningar. Utbildningen utvecklar din förmåga att bidra till ett systematiskt och metodiskt arbete "
                "mot rasism i din organisations verksamhet, med ett rättighetsbaserat arbetssätt."
            ),
            "objectives": OBJECTIVES,
            "outline": "Tre moduler, tre tillfällen. Den första och sista modulen genomförs som webbinarier.",
            "audience": "Tjänstepersoner inom offentlig sektor",
            "cost": "Utbildningen är kostnadsfri. Eventuell resa och boende betalas av deltagaren.",
            "contact_name": "Saga Programansvarig",
            "contact_email": MANAGER,
            "registration_deadline": today + datetime.timedelta(days=21),
        },
        organisers=list(hosts.values()),
        trainers=[
            authoring.TrainerRow(name=name, title="Utvecklingsledare", organisation="Länsstyrelsen i Stockholms län")
            for name in ("Kitimbwa Sabuni", "Vladimir Guala")
        ],
        questions=[
            authoring.QuestionRow("Organisation", required=True),
            authoring.QuestionRow("Titel", required=False),
        ],
    )


def _modules(manager: User, programme: Programme, today: datetime.date, hosts: dict[str, Organisation]) -> None:
    first, meeting, last = (
        authoring.add_module(manager, programme, title=title, kind=kind)
        for title, kind in (
            ("Webbinarium: rättighetsbaserat arbetssätt", ModuleKind.WEBINAR),
            ("Fysisk träff: metodstödet i praktiken", ModuleKind.IN_PERSON),
            ("Webbinarium: motstånd och motivation", ModuleKind.WEBINAR),
        )
    )
    webinar = {"online_url": "https://mote.example.se/jamlikhet-i-praktiken", "capacity": 200}
    start = today + datetime.timedelta(days=30)
    authoring.add_session(
        manager,
        first,
        starts_at=_at(start, 9),
        ends_at=_at(start, 12),
        host_organisation=hosts["stockholm"],
        **webinar,
    )
    authoring.add_session(
        manager,
        meeting,
        starts_at=_at(start + datetime.timedelta(days=14), 9, 30),
        ends_at=_at(start + datetime.timedelta(days=14), 15, 30),
        venue_name="Länsstyrelsen i Stockholms län",
        street_address="Regeringsgatan 66",
        city="Stockholm",
        room="Grand",
        capacity=40,
        host_organisation=hosts["stockholm"],
    )
    authoring.add_session(
        manager,
        meeting,
        starts_at=_at(start + datetime.timedelta(days=16), 9, 30),
        ends_at=_at(start + datetime.timedelta(days=16), 15, 30),
        venue_name="Länsstyrelsen i Västra Götalands län",
        street_address="Södra Hamngatan 3",
        city="Göteborg",
        room="Vänersalen",
        capacity=3,
        host_organisation=hosts["goteborg"],
    )
    authoring.add_session(
        manager,
        last,
        starts_at=_at(start + datetime.timedelta(days=28), 9),
        ends_at=_at(start + datetime.timedelta(days=28), 12),
        host_organisation=hosts["stockholm"],
        **webinar,
    )
    authoring.change_status(manager, programme, ProgrammeStatus.OPEN)


def _switch_request(programme: Programme, goteborg: Session) -> None:
    """The demo's switch request: someone with a Stockholm seat waits for the full Göteborg day."""
    registration = (
        Registration.objects.filter(programme=programme, user__email=SWITCHER)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if registration is None or Booking.objects.filter(registration=registration, session=goteborg).exists():
        return
    full = Booking.objects.filter(session=goteborg, status=BookingStatus.CONFIRMED).count() >= goteborg.capacity
    if full:
        actions.switch_session(registration.user, registration, goteborg, wait=True)


def _host(email: str, name: str, organisation: Organisation) -> None:
    coordinator(email, name, organisation)


@transaction.atomic
def load() -> list[str]:
    hosts = {key: Organisation.objects.get(slug=slug) for key, slug in HOSTS.items()}
    programme = Programme.objects.filter(slug=SLUG).first()
    if programme is None:
        manager = User.objects.get(email=MANAGER)
        today = timezone.localdate()
        programme = _programme(manager, today, hosts)
        _modules(manager, programme, today, hosts)
        programme.refresh_from_db()  # opened by change_status
    for email, name, key in HOST_PEOPLE:
        _host(email, name, hosts[key])
    meeting = {s.city: s for s in Session.objects.filter(module__programme=programme, module__position=2)}
    for email, city in REGISTRATIONS:
        user = User.objects.filter(email=email).first()
        if user is None or Registration.objects.filter(programme=programme, user=user).exists():
            continue
        actions.register(
            user,
            programme,
            [meeting["Göteborg" if city == "goteborg" else "Stockholm"].pk],
            answers={q.pk: "Demo" for q in programme.questions.filter(required=True)},
        )
    _switch_request(programme, meeting["Göteborg"])
    lines = [f"Programme: /program/{SLUG}/ (the Göteborg day is full, with a waiting list)"]
    lines.append(f"  {SWITCHER:36} keeps a Stockholm seat while waiting to change to Göteborg")
    lines.append(f"  authoring: /program/redigera/{programme.public_id}/ (programme managers, the hosts' coordinators)")
    lines += [f"  {email:36} host, {hosts[key].name}" for email, _name, key in HOST_PEOPLE]
    return lines
