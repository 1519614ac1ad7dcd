"""Registrations through the API: answers keyed by question id, refusals by name, the waiting list
with positions, a programme's registrations for its organisers, participants page by page."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import Answer, Booking, BookingStatus, Question, Registration
from tests.factories import UserFactory
from tests.programmes.api_clients import CAST, cast_client, token_client
from tests.programmes.factories import make_programme

URL = "/api/v1/programmes"
MODULES = "/api/v1/programme-modules"
SESSIONS = "/api/v1/programme-sessions"
REGISTRATIONS = "/api/v1/programme-registrations"


@pytest.fixture
def shape(org_a: Organisation, org_b: Organisation) -> Any:
    shape = make_programme(org_a, org_b, seats=2)
    shape.organisation = Question.objects.create(programme=shape.programme, text="Organisation", position=1)
    shape.title = Question.objects.create(programme=shape.programme, text="Titel", required=False, position=2)
    return shape


def _register(client: Client, shape: Any, **body: Any) -> Any:
    body.setdefault("sessions", [str(shape.stockholm.public_id)])
    body.setdefault("answers", {str(shape.organisation.public_id): "Säters kommun"})
    return client.post(f"{URL}/{shape.programme.public_id}/registrations", body, content_type="application/json")


@pytest.mark.django_db
def test_the_programme_shows_its_questions_and_answers_come_back_by_id(learner_a: User, shape: Any) -> None:
    detail = Client().get(f"{URL}/{shape.programme.slug}").json()
    assert [(q["id"], q["required"], q["type"]) for q in detail["questions"]] == [
        (str(shape.organisation.public_id), True, "text"),
        (str(shape.title.public_id), False, "text"),
    ]
    answers = {str(shape.organisation.public_id): "Säters kommun", str(shape.title.public_id): "Handläggare"}
    created = _register(token_client(learner_a), shape, answers=answers)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["answers"] == answers and body["programme"] == str(shape.programme.public_id)
    modules = {b["module"] for b in body["bookings"]}
    assert modules == {str(m.public_id) for m in shape.programme.modules.all()}
    assert created["Location"].endswith(f"/api/v1/programme-registrations/{body['id']}")
    assert token_client(learner_a).get(created["Location"]).json()["id"] == body["id"]
    assert AuditEntry.objects.filter(action="programme.registered", actor=learner_a).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answers": {}}, "answers.{organisation}"),  # a required question left out
        ({"answers": {"{organisation}": "  "}}, "answers.{organisation}"),
        ({"answers": {"{organisation}": "Säter", "{stranger}": "x"}}, "answers.{stranger}"),
        ({"answers": {"{organisation}": "Säter", "not-a-uuid": "x"}}, "answers.not-a-uuid"),
        ({"answers": {"{organisation}": "x" * 301}}, "answers.{organisation}"),
        ({"sessions": ["{other_session}"]}, "sessions"),  # another programme's session
        ({"sessions": ["{stockholm}", "{goteborg}"]}, "sessions"),  # two alternatives
        ({"sessions": "{stockholm}"}, "sessions"),
        ({"dietary": 5}, "dietary"),
        ({"seat": 1}, "seat"),
    ],
)
def test_bad_registrations_are_refused_by_name_and_keep_nothing(
    learner_a: User, shape: Any, body: dict[str, Any], field: str
) -> None:
    other = make_programme()
    stranger = Question.objects.create(programme=other.programme, text="Annan", position=1)
    names = {
        "organisation": str(shape.organisation.public_id),
        "stranger": str(stranger.public_id),
        "other_session": str(other.stockholm.public_id),
        "stockholm": str(shape.stockholm.public_id),
        "goteborg": str(shape.goteborg.public_id),
    }

    def fill(value: Any) -> Any:
        if isinstance(value, str):
            return value.format(**names)
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {fill(k): fill(v) for k, v in value.items()}
        return value

    response = _register(token_client(learner_a), shape, **fill(body))
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert fill(field) in response.json()["errors"], response.json()
    assert not Registration.objects.exists() and not Answer.objects.exists() and not Booking.objects.exists()


REGISTER = {
    "learner_a": 201,
    "coordinator_a": 201,
    "coordinator_b": 201,
    "programme_manager": 201,
    "administrator": 201,
    "anonymous": 401,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST)
def test_anyone_signed_in_registers_themselves(request: pytest.FixtureRequest, role: str, shape: Any) -> None:
    response = _register(cast_client(request, role), shape)
    assert response.status_code == REGISTER[role]
    assert Registration.objects.count() == (1 if REGISTER[role] == 201 else 0)


@pytest.mark.django_db
def test_a_draft_cannot_be_registered_for(learner_a: User, shape: Any) -> None:
    shape.programme.status = "draft"
    shape.programme.save()
    assert _register(token_client(learner_a), shape).status_code == 404


@pytest.mark.django_db
def test_the_waiting_list_has_positions_and_the_time_each_place_was_taken(
    coordinator_a: User, coordinator_b: User, shape: Any
) -> None:
    people = [UserFactory() for _ in range(5)]
    for person in people:
        assert _register(token_client(person), shape).status_code == 201
    mine = token_client(people[3]).get(f"{REGISTRATIONS}").json()["items"][0]
    stockholm = next(b for b in mine["bookings"] if b["session"] == str(shape.stockholm.public_id))
    assert stockholm["status"] == "waitlisted" and stockholm["waiting_position"] == 2
    webinar = next(b for b in mine["bookings"] if b["session"] == str(shape.webinar.public_id))
    assert webinar["status"] == "confirmed" and webinar["waiting_position"] is None

    url = f"{SESSIONS}/{shape.stockholm.public_id}/waiting-list"
    listing = token_client(coordinator_a).get(url).json()
    assert listing["count"] == 3
    assert [(w["position"], w["email"]) for w in listing["items"]] == [
        (i + 1, p.email) for i, p in enumerate(people[2:])
    ]
    queued = [w["queued_at"] for w in listing["items"]]
    assert queued == sorted(queued)
    second_page = token_client(coordinator_a).get(url, {"limit": 1, "offset": 2}).json()
    assert [(w["position"], w["email"]) for w in second_page["items"]] == [(3, people[4].email)]
    # the first in line gets the seat a cancellation frees, and everyone moves up one place
    first = Registration.objects.get(user=people[0])
    actions.cancel_registration(people[0], first)
    after = token_client(coordinator_a).get(url).json()
    assert [(w["position"], w["email"]) for w in after["items"]] == [(1, people[3].email), (2, people[4].email)]
    assert token_client(coordinator_b).get(url).status_code == 404  # not their session


WAITING = {
    "learner_a": 404,
    "coordinator_a": 200,  # hosts Stockholm
    "coordinator_b": 404,
    "programme_manager": 404,  # not a host: reads the programme's registrations instead
    "administrator": 200,
    "anonymous": 401,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST)
@pytest.mark.parametrize("path", ["waiting-list", "participants"])
def test_who_reads_a_sessions_people(request: pytest.FixtureRequest, role: str, path: str, shape: Any) -> None:
    response = cast_client(request, role).get(f"{SESSIONS}/{shape.stockholm.public_id}/{path}")
    assert response.status_code == WAITING[role]


@pytest.mark.django_db
def test_participants_come_page_by_page_with_answers_in_few_queries(
    coordinator_a: User, shape: Any, django_assert_max_num_queries: Any
) -> None:
    people = [UserFactory() for _ in range(6)]
    for person in people:
        actions.register(person, shape.programme, [shape.stockholm.pk], answers={shape.organisation.pk: person.email})
    client = token_client(coordinator_a)
    url = f"{SESSIONS}/{shape.stockholm.public_id}/participants"
    client.get(url)  # the token's first use writes its time
    with django_assert_max_num_queries(8):
        page = client.get(url, {"limit": 4}).json()
    assert page["count"] == 6 and len(page["items"]) == 4
    assert [p["status"] for p in page["items"]] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [p["waiting_position"] for p in page["items"]] == [None, None, 1, 2]
    assert page["items"][0]["answers"] == {str(shape.organisation.public_id): page["items"][0]["email"]}
    rest = client.get(url, {"limit": 4, "offset": 4}).json()
    assert [p["waiting_position"] for p in rest["items"]] == [3, 4]


MANAGE = {
    "learner_a": 404,
    "coordinator_a": 200,  # an organiser
    "coordinator_b": 404,
    "programme_manager": 200,
    "administrator": 200,
    "anonymous": 401,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST)
def test_who_reads_a_programmes_registrations(request: pytest.FixtureRequest, role: str, shape: Any) -> None:
    response = cast_client(request, role).get(f"{URL}/{shape.programme.public_id}/registrations")
    assert response.status_code == MANAGE[role]


@pytest.mark.django_db
def test_organisers_read_registrations_with_people_answers_and_bookings_in_few_queries(
    programme_manager: User, shape: Any, django_assert_max_num_queries: Any
) -> None:
    people = [UserFactory() for _ in range(5)]
    for person in people:
        actions.register(person, shape.programme, [shape.stockholm.pk], answers={shape.organisation.pk: "Säter"})
    actions.cancel_registration(people[0], Registration.objects.get(user=people[0]))
    client = token_client(programme_manager)
    url = f"{URL}/{shape.programme.slug}/registrations"
    client.get(url)
    with django_assert_max_num_queries(8):
        listing = client.get(url).json()
    assert listing["count"] == 5
    assert [r["person"]["email"] for r in listing["items"]] == [p.email for p in people]
    assert listing["items"][1]["answers"] == {str(shape.organisation.public_id): "Säter"}
    waiting = client.get(url, {"status": "waitlisted"}).json()
    # two seats: people[0] cancelled, so people[2] moved up; people[3] and people[4] wait in that order
    assert [r["person"]["id"] for r in waiting["items"]] == [str(people[3].public_id), str(people[4].public_id)]
    positions = [
        next(b["waiting_position"] for b in r["bookings"] if b["session"] == str(shape.stockholm.public_id))
        for r in waiting["items"]
    ]
    assert positions == [1, 2]
    assert client.get(url, {"status": "lost"}).status_code == 422


@pytest.mark.django_db
def test_approval_through_the_api_gives_seats_as_the_page_does(
    programme_manager: User, coordinator_b: User, learner_a: User, shape: Any
) -> None:
    shape.programme.requires_approval = True
    shape.programme.save()
    registration = _register(token_client(learner_a), shape).json()
    assert registration["status"] == "pending"
    url = f"{URL}/{shape.programme.slug}/registrations/{registration['id']}"
    # coordinator_b hosts Göteborg only, and the registration chose Stockholm
    assert token_client(coordinator_b).post(f"{url}/approve").status_code == 404
    approved = token_client(programme_manager).post(f"{url}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "confirmed"
    assert token_client(programme_manager).post(f"{url}/approve").status_code == 404  # no longer pending
    assert AuditEntry.objects.filter(action="programme.registration_approved").count() == 1


@pytest.mark.django_db
def test_switching_to_another_programmes_session_is_refused_by_name(learner_a: User, shape: Any) -> None:
    registration = _register(token_client(learner_a), shape).json()
    other = make_programme()
    for session in (other.goteborg.public_id, uuid.uuid4()):
        response = token_client(learner_a).post(
            f"{REGISTRATIONS}/{registration['id']}/switch",
            {"session": str(session)},
            content_type="application/json",
        )
        assert response.status_code == 422 and "session" in response.json()["errors"]
    assert Booking.objects.filter(status=BookingStatus.CONFIRMED, session=shape.stockholm).count() == 1
