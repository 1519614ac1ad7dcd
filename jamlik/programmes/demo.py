"""The demo programme, after the seed page "Jämlikhet i praktiken". Idempotent; dates follow today."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from jamlik.people import actions as people_actions
from jamlik.people.models import Membership, MembershipRole, Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import (
    Booking,
    BookingStatus,
    ModuleKind,
    Programme,
    ProgrammeModule,
    ProgrammeStatus,
    Question,
    Registration,
    RegistrationStatus,
    Session,
    Trainer,
)

SLUG = "jamlikhet-i-praktiken"
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


def _programme(today: datetime.date, hosts: dict[str, Organisation]) -> Programme:
    programme = Programme.objects.create(
        slug=SLUG,
        title="Jämlikhet i praktiken",
        summary=(
            "Länsstyrelsernas utbildning i att arbeta strategiskt mot rasism i kommuner, regioner och statliga "
            "myndigheter. Två webbinarier och en fysisk träff i Stockholm eller Göteborg."
        ),
        description=(
            "Att driva jämlikhetsarbete i kommuner, regioner och statliga myndigheter för med sig speciella "
            "utmaningar. Utbildningen utvecklar din förmåga att bidra till ett systematiskt och metodiskt arbete "
            "mot rasism i din organisations verksamhet, med ett rättighetsbaserat arbetssätt."
        ),
        objectives=OBJECTIVES,
        outline="Tre moduler, tre tillfällen. Den första och sista modulen genomförs som webbinarier.",
        audience="Tjänstepersoner inom offentlig sektor",
        cost="Utbildningen är kostnadsfri. Eventuell resa och boende betalas av deltagaren.",
        contact_name="Saga Programansvarig",
        contact_email="programansvarig@lansstyrelsen.se",
        registration_deadline=today + datetime.timedelta(days=21),
        status=ProgrammeStatus.OPEN,
    )
    programme.organisers.set(hosts.values())
    for i, name in enumerate(("Kitimbwa Sabuni", "Vladimir Guala"), start=1):
        Trainer.objects.create(
            programme=programme,
            name=name,
            title="Utvecklingsledare",
            organisation="Länsstyrelsen i Stockholms län",
            position=i,
        )
    Question.objects.create(programme=programme, text="Organisation", required=True, position=1)
    Question.objects.create(programme=programme, text="Titel", required=False, position=2)
    return programme


def _modules(programme: Programme, today: datetime.date, hosts: dict[str, Organisation]) -> None:
    first, meeting, last = (
        ProgrammeModule.objects.create(programme=programme, position=n, title=title, kind=kind)
        for n, title, kind in (
            (1, "Webbinarium: rättighetsbaserat arbetssätt", ModuleKind.WEBINAR),
            (2, "Fysisk träff: metodstödet i praktiken", ModuleKind.IN_PERSON),
            (3, "Webbinarium: motstånd och motivation", ModuleKind.WEBINAR),
        )
    )
    webinar = {"online_url": "https://mote.example.se/jamlikhet-i-praktiken", "capacity": 200}
    start = today + datetime.timedelta(days=30)
    Session.objects.create(
        module=first,
        starts_at=_at(start, 9),
        ends_at=_at(start, 12),
        host_organisation=hosts["stockholm"],
        **webinar,
    )
    Session.objects.create(
        module=meeting,
        starts_at=_at(start + datetime.timedelta(days=14), 9, 30),
        ends_at=_at(start + datetime.timedelta(days=14), 15, 30),
        venue_name="Länsstyrelsen i Stockholms län",
        street_address="Regeringsgatan 66",
        city="Stockholm",
        room="Grand",
        capacity=40,
        host_organisation=hosts["stockholm"],
    )
    Session.objects.create(
        module=meeting,
        starts_at=_at(start + datetime.timedelta(days=16), 9, 30),
        ends_at=_at(start + datetime.timedelta(days=16), 15, 30),
        venue_name="Länsstyrelsen i Västra Götalands län",
        street_address="Södra Hamngatan 3",
        city="Göteborg",
        room="Vänersalen",
        capacity=3,
        host_organisation=hosts["goteborg"],
    )
    Session.objects.create(
        module=last,
        starts_at=_at(start + datetime.timedelta(days=28), 9),
        ends_at=_at(start + datetime.timedelta(days=28), 12),
        host_organisation=hosts["stockholm"],
        **webinar,
    )


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
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, name=name)
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    if not Membership.objects.open().filter(user=user, organisation=organisation).exists():
        people_actions.add_member(None, organisation, user, role=MembershipRole.COORDINATOR)


@transaction.atomic
def load() -> list[str]:
    hosts = {key: Organisation.objects.get(slug=slug) for key, slug in HOSTS.items()}
    programme = Programme.objects.filter(slug=SLUG).first()
    if programme is None:
        today = timezone.localdate()
        programme = _programme(today, hosts)
        _modules(programme, today, hosts)
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
