"""Every organiser and host page, through HTTP, for every role of the cast: allowed or refused.

The programme is organised by organisation A, whose coordinator also hosts the Stockholm day.
Allowed: coordinator A, the programme manager and the administrator organise; coordinator A and
the administrator host. Refused: a learner and coordinator B get 404 (the same answer as for
something that does not exist), an anonymous visitor is sent to sign in, and nothing changes.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.attendance import checkin_token
from jamlik.programmes.models import Booking, ProgrammeModule
from tests.conftest import client_for
from tests.programmes.factories import ModuleFactory, Shape, during, make_programme

ROLES = ("anonymous", "learner_a", "coordinator_a", "coordinator_b", "programme_manager", "administrator")
ORGANISERS = {"coordinator_a", "programme_manager", "administrator"}
HOSTS = {"coordinator_a", "administrator"}


@dataclass
class World:
    shape: Shape
    org_a: Organisation
    booking: Booking
    empty_module: ProgrammeModule

    @property
    def p(self) -> str:
        return f"/program/redigera/{self.shape.programme.public_id}/"


def _local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _details(w: World) -> dict[str, Any]:
    return {
        "title": "Jämlikhet i praktiken",
        "summary": "Ny sammanfattning",
        "organisers": [w.org_a.slug],
        "language": "sv",
        "registration_deadline": w.shape.programme.registration_deadline.isoformat(),
        "issues_diploma": "on",
        "needs_retention_days": "14",
    }


def _session(w: World, **extra: Any) -> dict[str, Any]:
    s = w.shape.stockholm
    return {
        "starts_at": _local(s.starts_at),
        "ends_at": _local(s.ends_at),
        "venue_name": "Länsstyrelsen",
        "street_address": "Regeringsgatan 66",
        "city": "Stockholm",
        "room": "",
        "online_url": "",
        "capacity": "12",
        "host_organisation": w.org_a.slug,
        "language": "sv",
        "registration_deadline": "",
        **extra,
    }


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]] = lambda w: {}
    allowed: frozenset[str] = frozenset(ORGANISERS)
    ok: int = 200
    refused: int = 404
    during_the_session: bool = False  # attendance is marked only once the session has started


def _post(name: str, url: Callable[[World], str], data: Callable[[World], dict[str, Any]] = lambda w: {}) -> Endpoint:
    return Endpoint(name, "post", url, data, ok=302)


ENDPOINTS = [
    Endpoint("authoring page", "get", lambda w: w.p),
    Endpoint("details form", "get", lambda w: w.p + "uppgifter/"),
    _post("save details", lambda w: w.p + "uppgifter/", _details),
    _post("close registration", lambda w: w.p + "status/", lambda w: {"status": "closed"}),
    _post(
        "add a module",
        lambda w: w.p + "moduler/",
        lambda w: {"module-title": "Extra", "module-kind": "webinar", "module-required": "on"},
    ),
    Endpoint("module form", "get", lambda w: w.p + f"moduler/{w.empty_module.pk}/"),
    _post(
        "save a module",
        lambda w: w.p + f"moduler/{w.empty_module.pk}/",
        lambda w: {"title": "Nytt namn", "kind": "webinar", "required": "on"},
    ),
    _post("move a module", lambda w: w.p + f"moduler/{w.empty_module.pk}/flytta/", lambda w: {"direction": "up"}),
    _post("remove a module", lambda w: w.p + f"moduler/{w.empty_module.pk}/ta-bort/"),
    Endpoint("new session form", "get", lambda w: w.p + f"moduler/{w.shape.stockholm.module_id}/tillfallen/"),
    _post("add a session", lambda w: w.p + f"moduler/{w.shape.stockholm.module_id}/tillfallen/", _session),
    Endpoint("session form", "get", lambda w: f"/program/tillfalle/{w.shape.stockholm.public_id}/andra/"),
    _post("change a session", lambda w: f"/program/tillfalle/{w.shape.stockholm.public_id}/andra/", _session),
    _post("cancel a session", lambda w: f"/program/tillfalle/{w.shape.stockholm.public_id}/stall-in/"),
    Endpoint("roster", "get", lambda w: f"/program/vard/{w.shape.stockholm.public_id}/", allowed=frozenset(HOSTS)),
    Endpoint(
        "roster export",
        "get",
        lambda w: f"/program/vard/{w.shape.stockholm.public_id}/deltagare.csv",
        allowed=frozenset(HOSTS),
    ),
    Endpoint(
        "mark attendance",
        "post",
        lambda w: f"/program/vard/{w.shape.stockholm.public_id}/narvaro/{w.booking.public_id}/",
        lambda w: {"attended": "1"},
        allowed=frozenset(HOSTS),
        ok=302,
        during_the_session=True,
    ),
    Endpoint(
        "check in by QR code",
        "post",
        lambda w: f"/program/incheckning/{checkin_token(w.booking)}/",
        allowed=frozenset(HOSTS),
        ok=302,
        refused=403,  # the page says why: the person scanning is not a host of this session
        during_the_session=True,
    ),
]


@pytest.fixture
def world(org_a: Organisation, learner_a: User) -> World:
    shape = make_programme(org_a)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    booking = Booking.objects.get(registration__user=learner_a, session=shape.stockholm)
    empty = ModuleFactory(programme=shape.programme, position=4, title="Utan tillfällen")
    return World(shape=shape, org_a=org_a, booking=booking, empty_module=empty)


def _client(request: pytest.FixtureRequest, role: str) -> Client:
    if role == "anonymous":
        return Client()
    return client_for(request.getfixturevalue(role))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_each_organiser_and_host_page_admits_only_its_roles(
    request: pytest.FixtureRequest, world: World, endpoint: Endpoint, role: str
) -> None:
    entries = AuditEntry.objects.count()
    url = endpoint.url(world)
    with during(world.shape.stockholm) if endpoint.during_the_session else contextlib.nullcontext():
        client = _client(request, role)  # signed in at the time of the request: a sign-in lasts two weeks
        response = getattr(client, endpoint.method)(url, endpoint.data(world))
    if role in endpoint.allowed:
        assert response.status_code == endpoint.ok, response.content.decode()[:2000]
        if endpoint.method == "post":
            assert AuditEntry.objects.count() > entries  # the action happened and was logged
    else:
        if role == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"]
        else:
            assert response.status_code == endpoint.refused
        assert AuditEntry.objects.count() == entries  # a refusal changes nothing


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_authoring_list_and_new_programme_are_for_programme_managers_and_coordinators(
    request: pytest.FixtureRequest, world: World, role: str
) -> None:
    client = _client(request, role)
    listing = client.get("/program/redigera/")
    new = client.get("/program/redigera/ny/")
    if role == "anonymous":
        assert listing.status_code == new.status_code == 302
    elif role == "learner_a":
        assert listing.status_code == new.status_code == 404
    else:
        assert listing.status_code == new.status_code == 200
        # Coordinator B may start programmes but does not see organisation A's.
        assert (world.shape.programme.title in listing.content.decode()) == (role != "coordinator_b")


@pytest.mark.django_db
def test_hosting_a_session_does_not_make_a_coordinator_an_author(
    org_a: Organisation, org_b: Organisation, coordinator_b: User
) -> None:
    shape = make_programme(org_a, org_b)  # organisation B hosts the Göteborg day but does not organise
    client = client_for(coordinator_b)
    assert client.get(f"/program/vard/{shape.goteborg.public_id}/").status_code == 200
    assert client.get(f"/program/redigera/{shape.programme.public_id}/").status_code == 404
    assert client.get(f"/program/tillfalle/{shape.goteborg.public_id}/andra/").status_code == 404
    shape.programme.organisers.add(org_b)
    assert client.get(f"/program/redigera/{shape.programme.public_id}/").status_code == 200
