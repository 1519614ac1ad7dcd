"""Cancelling frees a seat for the oldest waiting participant, who is emailed; switching needs a seat."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import Booking, BookingStatus, Registration, RegistrationStatus
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.programmes.factories import make_programme


@pytest.mark.django_db
def test_a_cancellation_promotes_the_oldest_waiting_person_and_emails_them(
    org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a, seats=1)
    holder, first_waiting, second_waiting = UserFactory(), UserFactory(), UserFactory()
    for person in (holder, first_waiting, second_waiting):
        actions.register(person, shape.programme, [shape.stockholm.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(holder).post(f"/program/{shape.programme.slug}/min-anmalan/avboka/")
    assert response.status_code == 302
    assert Registration.objects.get(user=holder).status == RegistrationStatus.CANCELLED
    promoted = Booking.objects.get(registration__user=first_waiting, session=shape.stockholm)
    assert promoted.status == BookingStatus.CONFIRMED
    assert Registration.objects.get(user=first_waiting).status == RegistrationStatus.CONFIRMED
    assert Booking.objects.get(registration__user=second_waiting, session=shape.stockholm).status == "waitlisted"
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([holder.email, first_waiting.email])
    promotion = next(m for m in mail.outbox if m.to == [first_waiting.email])
    assert any(a[0].endswith(".ics") for a in promotion.attachments)


@pytest.mark.django_db
def test_a_participant_switches_to_another_alternative_with_seats(learner_a: User, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    response = client_for(learner_a).post(
        f"/program/{shape.programme.slug}/min-anmalan/byt/", {"session": str(shape.goteborg.public_id)}
    )
    assert response.status_code == 302
    bookings = dict(registration.bookings.values_list("session_id", "status"))
    assert bookings[shape.stockholm.pk] == BookingStatus.CANCELLED
    assert bookings[shape.goteborg.pk] == BookingStatus.CONFIRMED


@pytest.mark.django_db
def test_switching_to_a_full_session_is_refused_and_changes_nothing(learner_a: User, org_a: Organisation) -> None:
    shape = make_programme(org_a, seats=1)
    actions.register(UserFactory(), shape.programme, [shape.goteborg.pk])
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        actions.switch_session(learner_a, registration, shape.goteborg)
    assert "no free seats" in str(refused.value)
    assert registration.bookings.get(session=shape.stockholm).status == BookingStatus.CONFIRMED
    assert not registration.bookings.filter(session=shape.goteborg).exists()


@pytest.mark.django_db
def test_the_registration_page_shows_the_meeting_link_only_to_confirmed_participants(
    org_a: Organisation, as_learner_a: Client, learner_a: User, client: Client
) -> None:
    shape = make_programme(org_a)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    mine = as_learner_a.get(f"/program/{shape.programme.slug}/min-anmalan/").content.decode()
    assert shape.webinar.online_url in mine
    assert "<svg" in mine  # the check-in code for the in-person day
    public = client.get(f"/program/{shape.programme.slug}/").content.decode()
    assert shape.webinar.online_url not in public
