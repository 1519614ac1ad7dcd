"""Authoring through the API: a programme with modules, sessions, trainers and questions; updates
with If-Match; opening, closing and cancelling; modules and sessions one by one. Same actions,
same checks and audit entries as the pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.courses.models import Course
from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import (
    Booking,
    Programme,
    ProgrammeModule,
    ProgrammeStatus,
    Question,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    Trainer,
)
from tests.courses.factories import make_course
from tests.programmes.api_clients import CAST, cast_client, token_client
from tests.programmes.factories import at, make_programme

URL = "/api/v1/programmes"
MODULES = "/api/v1/programme-modules"
SESSIONS = "/api/v1/programme-sessions"


def _iso(value: datetime.datetime) -> str:
    return timezone.localtime(value).isoformat()


def new_programme(org_a: Organisation, org_b: Organisation, **overrides: Any) -> dict[str, Any]:
    """A whole programme as an integrator sends it: a webinar, an in-person day in two cities, questions."""
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    body: dict[str, Any] = {
        "slug": "jamlikhet-2027",
        "title": "Jämlikhet i praktiken 2027",
        "summary": "Att arbeta strategiskt mot rasism.",
        "contact_email": "kontakt@lansstyrelsen.se",
        "registration_deadline": deadline.isoformat(),
        "organisers": [str(org_a.public_id)],  # by id; sessions name their host by slug
        "trainers": [{"name": "Kitimbwa Sabuni", "title": "Utvecklingsledare"}],
        "questions": [{"text": "Organisation", "required": True}, {"text": "Titel", "required": False}],
        "modules": [
            {
                "title": "Webbinarium 1",
                "kind": "webinar",
                "sessions": [
                    {
                        "starts_at": _iso(at(20, 9)),
                        "ends_at": _iso(at(20, 11)),
                        "online_url": "https://meet.example.org/a",
                        "capacity": 100,
                        "host_organisation": org_a.slug,
                    }
                ],
            },
            {
                "title": "Fysisk träff",
                "kind": "in_person",
                "sessions": [
                    {
                        "starts_at": _iso(at(34, 9)),
                        "ends_at": _iso(at(34, 15)),
                        "venue_name": "Länsstyrelsen",
                        "city": "Stockholm",
                        "capacity": 2,
                        "host_organisation": org_a.slug,
                    },
                    {
                        "starts_at": _iso(at(36, 9)),
                        "ends_at": _iso(at(36, 15)),
                        "street_address": "Södra Hamngatan 3",
                        "city": "Göteborg",
                        "capacity": 2,
                        "host_organisation": org_b.slug,
                    },
                ],
            },
        ],
    }
    body.update(overrides)
    return body


def _post(client: Client, url: str, body: Any = None, **headers: str) -> Any:
    if body is None:
        return client.post(url, **headers)
    return client.post(url, body, content_type="application/json", **headers)


def _patch(client: Client, url: str, body: Any, **headers: str) -> Any:
    return client.patch(url, body, content_type="application/json", **headers)


# --- Creating -----------------------------------------------------------------------------------


CREATE = {
    "learner_a": 403,
    "coordinator_a": 201,
    "coordinator_b": 422,  # organisers must include one of their own
    "programme_manager": 201,
    "administrator": 201,
    "anonymous": 401,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST)
def test_who_may_create_a_programme(
    request: pytest.FixtureRequest, role: str, org_a: Organisation, org_b: Organisation
) -> None:
    response = _post(cast_client(request, role), URL, new_programme(org_a, org_b))
    assert response.status_code == CREATE[role], response.content
    assert response["Content-Type"].startswith("application/problem+json") == (CREATE[role] != 201)
    assert Programme.objects.exists() == (CREATE[role] == 201)


@pytest.mark.django_db
def test_a_programme_is_created_whole_and_reads_back_with_ids(
    programme_manager: User, org_a: Organisation, org_b: Organisation
) -> None:
    client = token_client(programme_manager)
    response = _post(client, URL, new_programme(org_a, org_b))
    assert response.status_code == 201
    body = response.json()
    programme = Programme.objects.get()
    assert body["id"] == str(programme.public_id) and body["status"] == "draft"
    assert response["Location"].endswith(f"/api/v1/programmes/{programme.public_id}")
    assert [m["title"] for m in body["modules"]] == ["Webbinarium 1", "Fysisk träff"]
    meeting = body["modules"][1]
    assert {s["city"]: s["capacity"] for s in meeting["sessions"]} == {"Stockholm": 2, "Göteborg": 2}
    assert {s["host_organisation"]["id"] for s in meeting["sessions"]} == {str(org_a.public_id), str(org_b.public_id)}
    assert [o["slug"] for o in body["organisers"]] == ["sater"]
    assert all(s["module"] == meeting["id"] for s in meeting["sessions"])
    questions = {q["text"]: q for q in body["questions"]}
    assert questions["Organisation"]["required"] and not questions["Titel"]["required"]
    assert questions["Organisation"]["type"] == "text" and questions["Organisation"]["choices"] == []
    assert questions["Organisation"]["id"] == str(Question.objects.get(text="Organisation").public_id)
    assert body["trainers"][0]["id"] == str(Trainer.objects.get().public_id)
    # the organiser reads the draft back (by id and by slug); anybody else does not see it
    again = client.get(response["Location"])
    assert again.status_code == 200 and again["ETag"] == response["ETag"]
    assert client.get(f"{URL}/{programme.slug}").json()["id"] == body["id"]
    assert Client().get(response["Location"]).status_code == 404
    actions_written = set(AuditEntry.objects.filter(actor=programme_manager).values_list("action", flat=True))
    assert {"programme.created", "programme.module_added", "programme.session_added"} <= actions_written
    assert AuditEntry.objects.filter(action="programme.session_added").count() == 3


@pytest.mark.django_db
def test_a_refusal_deep_in_the_programme_names_its_field_and_keeps_nothing(
    programme_manager: User, org_a: Organisation, org_b: Organisation
) -> None:
    body = new_programme(org_a, org_b)
    body["modules"][1]["sessions"][1]["venue_name"] = ""
    body["modules"][1]["sessions"][1]["street_address"] = ""  # an in-person session needs a place
    response = _post(token_client(programme_manager), URL, body)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["modules.1.sessions.1.venue_name"]
    assert not Programme.objects.exists() and not ProgrammeModule.objects.exists() and not Session.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="programme.").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": 12}, "title"),
        ({"summary": None}, "summary"),
        ({"registration_deadline": "10/12/2027"}, "registration_deadline"),
        ({"headcount": 5}, "headcount"),  # unknown fields are refused, not ignored
        ({"organisers": []}, "organisers"),
        ({"organisers": ["no-such-organisation"]}, "organisers.0"),
        ({"slug": "Inte OK"}, "slug"),
        ({"slug": "redigera"}, "slug"),  # a word of the pages' own addresses
        ({"contact_email": "not-an-address"}, "contact_email"),
        ({"questions": [{"text": "Organisation"}, {"text": "Organisation"}]}, "questions"),
        ({"questions": [{"text": "Organisation", "type": "choice"}]}, "questions.0.type"),
    ],
)
def test_bad_programme_input_is_a_problem_naming_the_field(
    programme_manager: User, org_a: Organisation, org_b: Organisation, change: dict[str, Any], field: str
) -> None:
    response = _post(token_client(programme_manager), URL, new_programme(org_a, org_b, **change))
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"], response.json()
    assert not Programme.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_at": "2027-01-22T09:00:00"}, "modules.0.sessions.0.starts_at"),  # no offset
        ({"capacity": 0}, "modules.0.sessions.0.capacity"),
        ({"capacity": "many"}, "modules.0.sessions.0.capacity"),
        ({"host_organisation": "nowhere"}, "modules.0.sessions.0.host_organisation"),
        ({"online_url": "javascript:alert(1)"}, "modules.0.sessions.0.online_url"),
        ({"online_url": ""}, "modules.0.sessions.0.online_url"),  # a webinar needs its link
        ({"room_number": 3}, "modules.0.sessions.0.room_number"),
    ],
)
def test_bad_session_input_names_the_session(
    programme_manager: User, org_a: Organisation, org_b: Organisation, change: dict[str, Any], field: str
) -> None:
    body = new_programme(org_a, org_b)
    body["modules"][0]["sessions"][0].update(change)
    response = _post(token_client(programme_manager), URL, body)
    assert response.status_code == 422
    assert field in response.json()["errors"], response.json()
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_a_self_paced_module_names_a_published_course(
    programme_manager: User, org_a: Organisation, org_b: Organisation
) -> None:
    body = new_programme(org_a, org_b, modules=[{"title": "Kurs", "kind": "self_paced", "course": "no-such"}])
    response = _post(token_client(programme_manager), URL, body)
    assert response.status_code == 422 and "modules.0.course" in response.json()["errors"]
    body["modules"][0].pop("course")
    response = _post(token_client(programme_manager), URL, body)
    assert response.status_code == 422 and "modules.0.course" in response.json()["errors"]
    assert not Course.objects.exists() and not Programme.objects.exists()


# --- Updating ------------------------------------------------------------------------------------


@pytest.fixture
def shape(org_a: Organisation, org_b: Organisation) -> Any:
    shape = make_programme(org_a, org_b, seats=2)
    Question.objects.create(programme=shape.programme, text="Organisation", required=True, position=1)
    return shape


ORGANISE = {
    "learner_a": 404,
    "coordinator_a": 200,
    "coordinator_b": 404,  # hosts a session, does not organise the programme
    "programme_manager": 200,
    "administrator": 200,
    "anonymous": 401,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST)
def test_who_may_change_a_programme(request: pytest.FixtureRequest, role: str, shape: Any) -> None:
    response = _patch(cast_client(request, role), f"{URL}/{shape.programme.public_id}", {"title": "Nytt namn"})
    assert response.status_code == ORGANISE[role]
    shape.programme.refresh_from_db()
    assert (shape.programme.title == "Nytt namn") == (ORGANISE[role] == 200)
    assert AuditEntry.objects.filter(action="programme.updated").exists() == (ORGANISE[role] == 200)


@pytest.mark.django_db
def test_an_update_with_a_stale_version_is_refused_and_changes_nothing(programme_manager: User, shape: Any) -> None:
    client = token_client(programme_manager)
    url = f"{URL}/{shape.programme.slug}"
    etag = client.get(url)["ETag"]
    first = _patch(client, url, {"cost": "500 kronor"}, HTTP_IF_MATCH=etag)
    assert first.status_code == 200 and first["ETag"] != etag
    stale = _patch(client, url, {"title": "Krock"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale["Content-Type"] == "application/problem+json"
    shape.programme.refresh_from_db()
    assert shape.programme.title != "Krock" and shape.programme.cost == "500 kronor"
    assert _patch(client, url, {"title": "Krock"}, HTTP_IF_MATCH=first["ETag"]).status_code == 200


@pytest.mark.django_db
def test_questions_keep_their_ids_and_answers_when_reworded(
    programme_manager: User, learner_a: User, shape: Any
) -> None:
    question = Question.objects.get(programme=shape.programme)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk], answers={question.pk: "Säter"})
    trainer = Trainer.objects.get(programme=shape.programme)
    client = token_client(programme_manager)
    body = {
        "questions": [
            {"id": str(question.public_id), "text": "Vilken organisation?"},
            {"text": "Titel", "required": False},
        ],
        "trainers": [{"id": str(trainer.public_id), "name": trainer.name, "title": "Lärare"}],
    }
    response = _patch(client, f"{URL}/{shape.programme.public_id}", body)
    assert response.status_code == 200, response.content
    questions = response.json()["questions"]
    assert questions[0] == {
        "id": str(question.public_id),
        "text": "Vilken organisation?",
        "type": "text",
        "required": True,
        "choices": [],
    }
    assert response.json()["trainers"][0]["id"] == str(trainer.public_id)
    # an answered question cannot be dropped; another programme's question id is refused by name
    dropped = _patch(client, f"{URL}/{shape.programme.public_id}", {"questions": [{"text": "Titel"}]})
    assert dropped.status_code == 422 and "questions" in dropped.json()["errors"]
    other = make_programme()
    stranger = Question.objects.create(programme=other.programme, text="Annat", position=1)
    refused = _patch(
        client, f"{URL}/{shape.programme.public_id}", {"questions": [{"id": str(stranger.public_id), "text": "x"}]}
    )
    assert refused.status_code == 422 and str(stranger.public_id) in refused.json()["errors"]["questions"][0]
    assert Question.objects.get(pk=question.pk).text == "Vilken organisation?"


# --- Status ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST)
def test_who_may_close_a_programme(request: pytest.FixtureRequest, role: str, shape: Any) -> None:
    response = _post(cast_client(request, role), f"{URL}/{shape.programme.public_id}/close")
    assert response.status_code == ORGANISE[role]
    shape.programme.refresh_from_db()
    closed = shape.programme.status == ProgrammeStatus.CLOSED
    assert closed == (ORGANISE[role] == 200)
    assert AuditEntry.objects.filter(action="programme.status_changed").exists() == closed


@pytest.mark.django_db
def test_opening_a_draft_lists_what_is_missing_and_a_final_status_is_a_conflict(
    programme_manager: User, org_a: Organisation, org_b: Organisation
) -> None:
    client = token_client(programme_manager)
    created = _post(client, URL, new_programme(org_a, org_b, contact_email="")).json()
    refused = _post(client, f"{URL}/{created['id']}/open")
    assert refused.status_code == 422 and refused.json()["errors"]["status"]
    assert _patch(client, f"{URL}/{created['id']}", {"contact_email": "a@b.se"}).status_code == 200
    opened = _post(client, f"{URL}/{created['id']}/open")
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    assert Client().get(f"{URL}/{created['id']}").status_code == 200  # published: anyone reads it
    assert _post(client, f"{URL}/{created['id']}/finish").json()["status"] == "finished"
    again = _post(client, f"{URL}/{created['id']}/open")
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_cancelling_a_programme_cancels_sessions_and_registrations_and_emails_everyone(
    coordinator_a: User, learner_a: User, coordinator_b: User, shape: Any, django_capture_on_commit_callbacks: Any
) -> None:
    actions.register(learner_a, shape.programme, [shape.stockholm.pk], answers=_answers(shape))
    actions.register(coordinator_b, shape.programme, [shape.goteborg.pk], answers=_answers(shape))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(token_client(coordinator_a), f"{URL}/{shape.programme.public_id}/cancel")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert not Session.objects.filter(module__programme=shape.programme, status=SessionStatus.SCHEDULED).exists()
    assert set(Registration.objects.values_list("status", flat=True)) == {RegistrationStatus.CANCELLED}
    assert {m.to[0] for m in mail.outbox} == {learner_a.email, coordinator_b.email}
    assert AuditEntry.objects.filter(action="programme.session_cancelled").count() == 4


def _answers(shape: Any) -> dict[int, str]:
    return {q.pk: "Svar" for q in shape.programme.questions.all()}


# --- Modules and sessions -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST)
def test_who_may_add_a_module(request: pytest.FixtureRequest, role: str, shape: Any) -> None:
    body = {"title": "Avslutning", "kind": "webinar"}
    response = _post(cast_client(request, role), f"{URL}/{shape.programme.public_id}/modules", body)
    allowed = ORGANISE[role] == 200
    assert response.status_code == (201 if allowed else ORGANISE[role])
    assert ProgrammeModule.objects.filter(title="Avslutning").exists() == allowed
    if allowed:
        assert response.json()["position"] == 4 and response["Location"].endswith(response.json()["id"])


@pytest.mark.django_db
def test_modules_move_change_and_go_only_while_unbooked(coordinator_a: User, learner_a: User, shape: Any) -> None:
    client = token_client(coordinator_a)
    first = shape.webinar.module
    moved = _post(client, f"{MODULES}/{first.public_id}/move", {"direction": "down"})
    assert moved.status_code == 200 and moved.json()["position"] == 2
    read = client.get(f"{MODULES}/{first.public_id}")
    stale = read["ETag"]
    assert _patch(client, f"{MODULES}/{first.public_id}", {"title": "Start"}, HTTP_IF_MATCH=stale).status_code == 200
    assert _patch(client, f"{MODULES}/{first.public_id}", {"title": "X"}, HTTP_IF_MATCH=stale).status_code == 412
    to_self_paced = _patch(client, f"{MODULES}/{first.public_id}", {"kind": "self_paced", "course": None})
    assert to_self_paced.status_code == 422
    actions.register(learner_a, shape.programme, [shape.stockholm.pk], answers=_answers(shape))
    booked = client.delete(f"{MODULES}/{first.public_id}")
    assert booked.status_code == 409 and ProgrammeModule.objects.filter(pk=first.pk).exists()
    empty = ProgrammeModule.objects.create(programme=shape.programme, position=9, title="Tom", kind="webinar")
    assert client.delete(f"{MODULES}/{empty.public_id}").status_code == 204
    assert not ProgrammeModule.objects.filter(pk=empty.pk).exists()
    assert AuditEntry.objects.filter(action="programme.module_removed").count() == 1
    assert token_client(learner_a).delete(f"{MODULES}/{first.public_id}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST)
def test_who_may_change_a_session(request: pytest.FixtureRequest, role: str, shape: Any) -> None:
    response = _patch(cast_client(request, role), f"{SESSIONS}/{shape.goteborg.public_id}", {"room": "Sal B"})
    assert response.status_code == ORGANISE[role]
    shape.goteborg.refresh_from_db()
    assert (shape.goteborg.room == "Sal B") == (ORGANISE[role] == 200)


@pytest.mark.django_db
def test_more_seats_promote_the_waiting_list_and_fewer_than_confirmed_are_refused(
    coordinator_a: User, learner_a: User, coordinator_b: User, programme_manager: User, shape: Any
) -> None:
    for user in (learner_a, coordinator_b, programme_manager):
        actions.register(user, shape.programme, [shape.stockholm.pk], answers=_answers(shape))
    waiting = Booking.objects.get(session=shape.stockholm, status="waitlisted")
    client = token_client(coordinator_a)
    url = f"{SESSIONS}/{shape.stockholm.public_id}"
    fewer = _patch(client, url, {"capacity": 1})
    assert fewer.status_code == 422 and "capacity" in fewer.json()["errors"]
    more = _patch(client, url, {"capacity": 3})
    assert more.status_code == 200 and more.json()["seats_left"] == 0 and more.json()["waitlisted"] == 0
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert _patch(client, url, {"capacity": None}).status_code == 422


@pytest.mark.django_db
def test_a_session_is_added_moved_and_cancelled_with_emails(
    coordinator_a: User, learner_a: User, org_a: Organisation, shape: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = token_client(coordinator_a)
    module = shape.stockholm.module
    body = {
        "starts_at": _iso(at(40, 9)),
        "ends_at": _iso(at(40, 15)),
        "venue_name": "Stadshuset",
        "city": "Säter",
        "capacity": 20,
        "host_organisation": org_a.slug,
    }
    added = _post(client, f"{MODULES}/{module.public_id}/sessions", body)
    assert added.status_code == 201 and added.json()["city"] == "Säter"
    session = Session.objects.get(public_id=added.json()["id"])
    actions.register(learner_a, shape.programme, [session.pk], answers=_answers(shape))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = _patch(client, added["Location"], {"starts_at": _iso(at(41, 9)), "ends_at": _iso(at(41, 15))})
    assert moved.status_code == 200 and [m.to[0] for m in mail.outbox] == [learner_a.email]
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = _post(client, f"{added['Location']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert len(mail.outbox) == 2
    assert _post(client, f"{added['Location']}/cancel").status_code == 409
    course = make_course(lessons=1)
    self_paced = _post(
        client,
        f"{URL}/{shape.programme.public_id}/modules",
        {"title": "Kurs", "kind": "self_paced", "course": course.slug},
    )
    assert self_paced.status_code == 201 and self_paced.json()["course"] == str(course.public_id)
    refused = _post(client, f"{MODULES}/{self_paced.json()['id']}/sessions", body)
    assert refused.status_code == 422 and "kind" in refused.json()["errors"]
