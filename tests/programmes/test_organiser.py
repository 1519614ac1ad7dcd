"""The organiser moves, changes or cancels a session; everyone affected is told."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions, organiser
from jamlik.programmes.models import Booking, BookingStatus, SessionStatus
from tests.factories import UserFactory
from tests.programmes.factories import make_programme


@pytest.mark.django_db
def test_moving_a_session_tells_confirmed_and_waiting_participants(
    programme_manager: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a, seats=1)
    people = [UserFactory(), UserFactory()]
    for person in people:
        actions.register(person, shape.programme, [shape.stockholm.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        organiser.change_session(
            programme_manager, shape.stockholm, starts_at=shape.stockholm.starts_at + datetime.timedelta(hours=1)
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


@pytest.mark.django_db
def test_more_seats_promote_the_waiting_list(programme_manager: User, org_a: Organisation) -> None:
    shape = make_programme(org_a, seats=1)
    first, second = UserFactory(), UserFactory()
    actions.register(first, shape.programme, [shape.stockholm.pk])
    actions.register(second, shape.programme, [shape.stockholm.pk])
    organiser.change_session(programme_manager, shape.stockholm, capacity=2)
    assert Booking.objects.get(registration__user=second, session=shape.stockholm).status == BookingStatus.CONFIRMED


@pytest.mark.django_db
def test_cancelling_a_session_ends_its_bookings_and_tells_everyone(
    programme_manager: User, learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        organiser.cancel_session(programme_manager, shape.stockholm)
    shape.stockholm.refresh_from_db()
    assert shape.stockholm.status == SessionStatus.CANCELLED
    assert Booking.objects.get(session=shape.stockholm).status == BookingStatus.CANCELLED
    (message,) = mail.outbox
    assert message.to == [learner_a.email] and message.attachments


@pytest.mark.django_db
def test_a_learner_may_not_change_a_session(learner_a: User, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    with pytest.raises(PermissionDenied):
        organiser.change_session(learner_a, shape.stockholm, capacity=500)
    shape.stockholm.refresh_from_db()
    assert shape.stockholm.capacity == 10


@pytest.mark.django_db
def test_the_organiser_page_moves_a_session_and_refuses_too_few_seats(
    as_programme_manager: Client,
    programme_manager: User,
    learner_a: User,
    coordinator_a: User,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    programme_manager.preferred_language = "en"
    programme_manager.save()
    shape = make_programme(org_a, seats=5)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    actions.register(coordinator_a, shape.programme, [shape.stockholm.pk])
    url = f"/program/tillfalle/{shape.stockholm.public_id}/andra/"
    assert url in as_programme_manager.get(f"/program/{shape.programme.slug}/").content.decode()
    start = timezone.localtime(shape.stockholm.starts_at)
    end = timezone.localtime(shape.stockholm.ends_at)
    fields = {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
        "venue_name": shape.stockholm.venue_name,
        "street_address": shape.stockholm.street_address,
        "city": "Stockholm",
        "room": "Grand",
        "online_url": "",
        "capacity": 1,
        "host_organisation": org_a.slug,
        "language": "sv",
        "registration_deadline": "",
    }
    refused = as_programme_manager.post(url, fields)
    assert refused.status_code == 400
    assert "seats cannot be fewer" in refused.content.decode()
    assert 'aria-describedby="id_capacity_errors"' in refused.content.decode()
    mail.outbox.clear()
    later = start + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        moved = as_programme_manager.post(url, {**fields, "capacity": 5, "starts_at": later.strftime("%Y-%m-%dT%H:%M")})
    assert moved.status_code == 302
    shape.stockholm.refresh_from_db()
    assert shape.stockholm.starts_at == later
    assert sorted(m.to[0] for m in mail.outbox) == sorted([learner_a.email, coordinator_a.email])


@pytest.mark.django_db
def test_only_organisers_reach_the_session_page(
    as_learner_a: Client, as_coordinator_b: Client, org_a: Organisation
) -> None:
    shape = make_programme(org_a)
    for client in (as_learner_a, as_coordinator_b):
        assert client.get(f"/program/tillfalle/{shape.stockholm.public_id}/andra/").status_code == 404
        assert client.post(f"/program/tillfalle/{shape.stockholm.public_id}/stall-in/").status_code == 404
    shape.stockholm.refresh_from_db()
    assert shape.stockholm.status == SessionStatus.SCHEDULED


@pytest.mark.django_db
def test_a_coordinator_of_an_organising_organisation_cancels_a_session_from_the_page(
    as_coordinator_a: Client, org_a: Organisation
) -> None:
    shape = make_programme(org_a)  # organisation A organises it
    response = as_coordinator_a.post(f"/program/tillfalle/{shape.stockholm.public_id}/stall-in/")
    assert response.status_code == 302
    shape.stockholm.refresh_from_db()
    assert shape.stockholm.status == SessionStatus.CANCELLED
