"""Switching to a full alternative: join its waiting list and keep the current seat until promoted."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.people.models import Organisation, User
from jamlik.programmes import actions, organiser
from jamlik.programmes.models import Booking, BookingStatus, Needs, Registration, RegistrationStatus
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.programmes.factories import Shape, make_programme


def _status(registration: Registration, session_id: int) -> str:
    return str(Booking.objects.get(registration=registration, session_id=session_id).status)


def _full_goteborg(org_a: Organisation) -> tuple[Shape, User]:
    """One seat per in-person day; Göteborg's is taken by ``holder``."""
    shape = make_programme(org_a, seats=1)
    holder = UserFactory()
    actions.register(holder, shape.programme, [shape.goteborg.pk])
    return shape, holder


@pytest.mark.django_db
def test_joining_a_full_sessions_waiting_list_keeps_the_current_seat(learner_a: User, org_a: Organisation) -> None:
    shape, _holder = _full_goteborg(org_a)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    request = actions.switch_session(learner_a, registration, shape.goteborg, wait=True)
    assert request.status == BookingStatus.WAITLISTED and request.replaces is not None
    assert _status(registration, shape.stockholm.pk) == BookingStatus.CONFIRMED
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # a switch request does not make it "waiting"
    assert AuditEntry.objects.filter(action="programme.switch_requested").count() == 1


@pytest.mark.django_db
def test_when_the_seat_frees_the_switch_completes_and_the_old_seat_goes_to_the_next_in_line(
    learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape, holder = _full_goteborg(org_a)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk], dietary="Vegan")
    waiting_for_stockholm = UserFactory()
    other = actions.register(waiting_for_stockholm, shape.programme, [shape.stockholm.pk])
    assert _status(other, shape.stockholm.pk) == BookingStatus.WAITLISTED
    actions.switch_session(learner_a, registration, shape.goteborg, wait=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_registration(holder, Registration.objects.get(user=holder))
    assert _status(registration, shape.goteborg.pk) == BookingStatus.CONFIRMED
    assert _status(registration, shape.stockholm.pk) == BookingStatus.CANCELLED
    assert _status(other, shape.stockholm.pk) == BookingStatus.CONFIRMED
    assert Needs.objects.get(booking__registration=registration).booking.session_id == shape.goteborg.pk
    for session in (shape.stockholm, shape.goteborg):
        confirmed = Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED).count()
        assert confirmed == 1
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([holder.email, learner_a.email, waiting_for_stockholm.email])
    switched = next(m for m in mail.outbox if m.to == [learner_a.email])
    assert [a[2] for a in switched.attachments] == ["text/calendar; method=CANCEL", "text/calendar; method=REQUEST"]
    assert shape.goteborg.city in switched.body and shape.stockholm.city in switched.body


@pytest.mark.django_db
def test_two_participants_waiting_for_each_others_session_both_switch_when_one_seat_frees(
    org_a: Organisation, programme_manager: User
) -> None:
    shape = make_programme(org_a, seats=1)
    in_stockholm, in_goteborg = UserFactory(), UserFactory()
    to_goteborg = actions.register(in_stockholm, shape.programme, [shape.stockholm.pk])
    to_stockholm = actions.register(in_goteborg, shape.programme, [shape.goteborg.pk])
    actions.switch_session(in_stockholm, to_goteborg, shape.goteborg, wait=True)
    actions.switch_session(in_goteborg, to_stockholm, shape.stockholm, wait=True)
    organiser.change_session(programme_manager, shape.goteborg, capacity=2)
    assert _status(to_goteborg, shape.goteborg.pk) == BookingStatus.CONFIRMED
    assert _status(to_stockholm, shape.stockholm.pk) == BookingStatus.CONFIRMED
    assert _status(to_goteborg, shape.stockholm.pk) == BookingStatus.CANCELLED
    assert _status(to_stockholm, shape.goteborg.pk) == BookingStatus.CANCELLED


@pytest.mark.django_db
def test_a_second_request_replaces_the_first_and_leaving_the_list_changes_nothing_else(
    learner_a: User, org_a: Organisation
) -> None:
    shape, _holder = _full_goteborg(org_a)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    actions.switch_session(learner_a, registration, shape.goteborg, wait=True)
    with pytest.raises(ValidationError) as twice:
        actions.switch_session(learner_a, registration, shape.goteborg, wait=True)
    assert twice.value.error_dict["session"][0].code == actions.TWICE
    actions.withdraw_switch_request(learner_a, registration, shape.goteborg)
    assert _status(registration, shape.goteborg.pk) == BookingStatus.CANCELLED
    assert _status(registration, shape.stockholm.pk) == BookingStatus.CONFIRMED
    with pytest.raises(ValidationError):
        actions.withdraw_switch_request(learner_a, registration, shape.goteborg)


@pytest.mark.django_db
def test_cancelling_the_wanted_session_ends_the_request_and_keeps_the_seat(
    learner_a: User, org_a: Organisation, programme_manager: User
) -> None:
    shape, _holder = _full_goteborg(org_a)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    actions.switch_session(learner_a, registration, shape.goteborg, wait=True)
    organiser.cancel_session(programme_manager, shape.goteborg)
    assert _status(registration, shape.stockholm.pk) == BookingStatus.CONFIRMED
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db
def test_the_registration_page_offers_the_waiting_list_and_the_form_joins_it(
    learner_a: User, org_a: Organisation
) -> None:
    shape, _holder = _full_goteborg(org_a)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    client = client_for(learner_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = f"/program/{shape.programme.slug}/min-anmalan/"
    assert "Join the waiting list for" in client.get(page).content.decode()
    response = client.post(page + "byt/", {"session": str(shape.goteborg.public_id), "wait": "1"})
    assert response.status_code == 302
    assert _status(registration, shape.goteborg.pk) == BookingStatus.WAITLISTED
    html = client.get(page).content.decode()
    assert "Leave the waiting list" in html
    assert client.post(page + "byt/lamna-kon/", {"session": str(shape.goteborg.public_id)}).status_code == 302
    assert _status(registration, shape.goteborg.pk) == BookingStatus.CANCELLED
    assert _status(registration, shape.stockholm.pk) == BookingStatus.CONFIRMED


@pytest.mark.django_db
def test_without_asking_to_wait_a_full_session_is_still_refused(learner_a: User, org_a: Organisation) -> None:
    shape, _holder = _full_goteborg(org_a)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    response = client_for(learner_a).post(
        f"/program/{shape.programme.slug}/min-anmalan/byt/", {"session": str(shape.goteborg.public_id)}
    )
    assert response.status_code == 302
    assert not registration.bookings.filter(session=shape.goteborg).exists()


@pytest.mark.django_db
def test_my_registrations_in_the_api_name_the_seat_a_switch_request_keeps(learner_a: User, org_a: Organisation) -> None:
    shape, _holder = _full_goteborg(org_a)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    actions.switch_session(learner_a, registration, shape.goteborg, wait=True)
    (mine,) = client_for(learner_a).get("/api/v1/programme-registrations").json()["items"]
    bookings = {b["session"]: b for b in mine["bookings"]}
    assert bookings[str(shape.goteborg.public_id)]["switch_from"] == str(shape.stockholm.public_id)
    assert bookings[str(shape.stockholm.public_id)]["switch_from"] is None
    assert mine["status"] == "confirmed"


@pytest.mark.django_db
def test_the_wanted_sessions_host_sees_that_the_waiting_person_is_changing_sessions(
    learner_a: User, org_a: Organisation, as_coordinator_a: Client
) -> None:
    shape = make_programme(org_a, org_a, seats=1)  # organisation A hosts both days
    actions.register(UserFactory(), shape.programme, [shape.goteborg.pk])
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    actions.switch_session(learner_a, registration, shape.goteborg, wait=True)
    as_coordinator_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = as_coordinator_a.get(f"/program/vard/{shape.goteborg.public_id}/").content.decode()
    assert learner_a.email in html and "Changing from the session on" in html


@pytest.mark.django_db
def test_the_api_switches_or_waits_and_refuses_a_full_session_without_waiting(
    learner_a: User, org_a: Organisation, coordinator_b: User
) -> None:
    shape, _holder = _full_goteborg(org_a)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    url = f"/api/v1/programme-registrations/{registration.public_id}/switch"
    client = client_for(learner_a)
    goteborg = {"session": str(shape.goteborg.public_id)}
    refused = client.post(url, goteborg, content_type="application/json")
    assert refused.status_code == 422 and refused["Content-Type"] == "application/problem+json"
    assert not registration.bookings.filter(session=shape.goteborg).exists()
    assert client_for(coordinator_b).post(url, goteborg, content_type="application/json").status_code == 404
    waiting = client.post(url, {**goteborg, "wait": True}, content_type="application/json")
    assert waiting.status_code == 200
    bookings = {b["session"]: b for b in waiting.json()["bookings"]}
    assert bookings[str(shape.goteborg.public_id)]["status"] == "waitlisted"
    assert bookings[str(shape.stockholm.public_id)]["status"] == "confirmed"
