"""The API: public programmes with seats left; registration, cancellation and mine; hosts' rosters."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import Booking, Registration
from tests.conftest import client_for
from tests.programmes.factories import during, make_programme


@pytest.fixture
def shape(org_a: Organisation, org_b: Organisation) -> Any:
    return make_programme(org_a, org_b, seats=2)


@pytest.mark.django_db
def test_anyone_lists_programmes_and_reads_seats_left(client: Client, shape: Any, coordinator_a: User) -> None:
    actions.register(coordinator_a, shape.programme, [shape.stockholm.pk])
    listing = client.get("/api/v1/programmes").json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == str(shape.programme.public_id)
    detail = client.get(f"/api/v1/programmes/{shape.programme.public_id}").json()
    assert detail["registration_deadline"] == shape.programme.registration_deadline.isoformat()
    meeting = detail["modules"][1]
    assert meeting["kind"] == "in_person"
    seats = {s["city"]: (s["capacity"], s["seats_left"]) for s in meeting["sessions"]}
    assert seats == {"Stockholm": (2, 1), "Göteborg": (2, 2)}


@pytest.mark.django_db
def test_a_person_registers_lists_and_cancels_through_the_api(as_learner_a: Client, shape: Any) -> None:
    created = as_learner_a.post(
        f"/api/v1/programmes/{shape.programme.public_id}/registrations",
        {"sessions": [str(shape.goteborg.public_id)]},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "confirmed" and len(body["bookings"]) == 3
    mine = as_learner_a.get("/api/v1/programme-registrations").json()
    assert [r["id"] for r in mine["items"]] == [body["id"]]
    cancelled = as_learner_a.post(f"/api/v1/programme-registrations/{body['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


@pytest.mark.django_db
def test_a_refusal_is_a_problem_detail_and_changes_nothing(as_learner_a: Client, shape: Any) -> None:
    response = as_learner_a.post(
        f"/api/v1/programmes/{shape.programme.public_id}/registrations",
        {"sessions": [str(shape.stockholm.public_id), str(shape.goteborg.public_id)]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "sessions" in response.json()["errors"]
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_registration_needs_a_token_or_session(client: Client, shape: Any) -> None:
    response = client.post(
        f"/api/v1/programmes/{shape.programme.public_id}/registrations", {}, content_type="application/json"
    )
    assert response.status_code == 401


@pytest.mark.django_db
def test_hosts_read_participants_and_mark_attendance_only_for_their_sessions(
    as_coordinator_a: Client, as_coordinator_b: Client, coordinator_a: User, learner_a: User, shape: Any
) -> None:
    actions.register(learner_a, shape.programme, [shape.stockholm.pk], dietary="Vegansk")
    url = f"/api/v1/programme-sessions/{shape.stockholm.public_id}"
    roster = as_coordinator_a.get(f"{url}/participants").json()
    assert roster["count"] == 1 and roster["items"][0]["dietary"] == "Vegansk"
    booking = Booking.objects.get(session=shape.stockholm)
    assert as_coordinator_b.get(f"{url}/participants").status_code == 404
    refused = as_coordinator_b.post(
        f"{url}/attendance", {"booking": str(booking.public_id), "attended": True}, content_type="application/json"
    )
    assert refused.status_code == 404
    with during(shape.stockholm):  # signed in then: a sign-in lasts two weeks
        marked = client_for(coordinator_a).post(
            f"{url}/attendance", {"booking": str(booking.public_id), "attended": True}, content_type="application/json"
        )
    assert marked.status_code == 200 and marked.json()["attendance"] == "attended"
