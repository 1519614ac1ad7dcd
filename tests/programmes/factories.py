"""Programme test data: factories for rows and ``make_programme`` for the seed's three-module shape."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import factory
import time_machine
from django.utils import timezone

from jamlik.people.models import Organisation, User
from jamlik.programmes.attendance import mark_attendance
from jamlik.programmes.models import (
    Booking,
    ModuleKind,
    Programme,
    ProgrammeModule,
    ProgrammeStatus,
    Session,
    Trainer,
)
from tests.factories import OrganisationFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    slug = factory.Sequence(lambda n: f"program-{n}")
    title = factory.Sequence(lambda n: f"Jämlikhet i praktiken {n}")
    summary = "Utbildning i att arbeta strategiskt mot rasism."
    objectives = factory.LazyFunction(lambda: ["Kunskaper om mänskliga rättigheter", "Hantera motstånd"])
    cost = "Kostnadsfri. Resa och boende betalas av deltagaren."
    contact_name = "Kontaktperson"
    contact_email = "kontakt@lansstyrelsen.se"
    status = ProgrammeStatus.OPEN
    registration_deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeModule

    programme = factory.SubFactory(ProgrammeFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Modul {n}")
    kind = ModuleKind.WEBINAR


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    module = factory.SubFactory(ModuleFactory)
    starts_at = factory.LazyFunction(lambda: at(20, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    online_url = "https://meet.example.org/jamlik-webinar"
    capacity = 100
    host_organisation = factory.SubFactory(OrganisationFactory)


@dataclass
class Shape:
    programme: Programme
    webinar: Session
    stockholm: Session
    goteborg: Session
    closing: Session


def make_programme(
    host_stockholm: Organisation | None = None,
    host_goteborg: Organisation | None = None,
    *,
    seats: int = 10,
    **fields: object,
) -> Shape:
    """The seed's shape: a webinar, an in-person day in Stockholm or Göteborg, a closing webinar."""
    stockholm_host = host_stockholm or OrganisationFactory(name="Länsstyrelsen i Stockholms län")
    goteborg_host = host_goteborg or OrganisationFactory(name="Länsstyrelsen i Västra Götalands län")
    programme = ProgrammeFactory(**fields)
    programme.organisers.add(stockholm_host)
    Trainer.objects.create(programme=programme, name="Kitimbwa Sabuni", title="Utvecklingsledare", position=1)
    first = ModuleFactory(programme=programme, position=1, title="Webbinarium 1", kind=ModuleKind.WEBINAR)
    meeting = ModuleFactory(programme=programme, position=2, title="Fysisk träff", kind=ModuleKind.IN_PERSON)
    last = ModuleFactory(programme=programme, position=3, title="Webbinarium 2", kind=ModuleKind.WEBINAR)
    in_person = {"online_url": "", "venue_name": "Länsstyrelsen", "capacity": seats}
    return Shape(
        programme=programme,
        webinar=SessionFactory(module=first, starts_at=at(20, 9), host_organisation=stockholm_host),
        stockholm=SessionFactory(
            module=meeting,
            starts_at=at(34, 9, 30),
            ends_at=at(34, 15, 30),
            street_address="Regeringsgatan 66",
            city="Stockholm",
            room="Grand",
            host_organisation=stockholm_host,
            **in_person,
        ),
        goteborg=SessionFactory(
            module=meeting,
            starts_at=at(36, 9, 30),
            ends_at=at(36, 15, 30),
            street_address="Södra Hamngatan 3",
            city="Göteborg",
            host_organisation=goteborg_host,
            **in_person,
        ),
        closing=SessionFactory(module=last, starts_at=at(48, 9), host_organisation=stockholm_host),
    )


def during(session: Session) -> time_machine.travel:
    """Travel to an hour into ``session``: attendance can be marked only once a session has started."""
    return time_machine.travel(session.starts_at + datetime.timedelta(hours=1), tick=False)


def attend(host: User, booking: Booking, attended: bool = True) -> Booking:
    """Mark attendance as a host does, during the session."""
    with during(booking.session):
        return mark_attendance(host, booking, attended)
