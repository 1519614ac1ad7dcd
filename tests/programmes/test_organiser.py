"""The organiser moves, changes or cancels a session; everyone affected is told."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

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
