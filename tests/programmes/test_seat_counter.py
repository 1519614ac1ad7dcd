"""``Session.taken``, the counter a registration decides its seat on, never drifts from the bookings.

Every action that moves a seat ends with the same recount check: the counter equals the confirmed
bookings. The concurrent versions are in test_concurrency.py (PostgreSQL).
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions, organiser
from jamlik.programmes.models import Booking, BookingStatus, Registration, Session
from jamlik.programmes.seats import recount
from tests.factories import UserFactory
from tests.programmes.factories import make_programme


def _counted(*sessions: Session) -> list[tuple[int, int]]:
    """(taken, confirmed bookings) per session: equal pairs when the counter is right."""
    pairs = []
    for session in sessions:
        session.refresh_from_db()
        confirmed = Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED).count()
        pairs.append((session.taken, confirmed))
    return pairs


@pytest.mark.django_db
def test_the_counter_follows_registering_cancelling_switching_and_promoting(
    org_a: Organisation, programme_manager: User
) -> None:
    shape = make_programme(org_a, seats=2)
    people = [UserFactory() for _ in range(4)]
    registrations = [actions.register(p, shape.programme, [shape.stockholm.pk]) for p in people]
    assert _counted(shape.stockholm, shape.goteborg) == [(2, 2), (0, 0)]
    assert [r.status for r in registrations] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]

    actions.switch_session(people[0], registrations[0], shape.goteborg)  # a free seat: moves at once, promotes
    assert _counted(shape.stockholm, shape.goteborg) == [(2, 2), (1, 1)]
    actions.cancel_registration(people[1], Registration.objects.get(pk=registrations[1].pk))  # promotes the next
    assert _counted(shape.stockholm, shape.goteborg) == [(2, 2), (1, 1)]
    assert Registration.objects.get(pk=registrations[3].pk).status == "confirmed"

    organiser.change_session(programme_manager, shape.goteborg, capacity=1)
    organiser.cancel_session(programme_manager, Session.objects.get(pk=shape.goteborg.pk))
    assert _counted(shape.stockholm, shape.goteborg) == [(2, 2), (0, 0)]


@pytest.mark.django_db
def test_a_full_session_refuses_a_counter_above_its_seats(org_a: Organisation) -> None:
    shape = make_programme(org_a, seats=1)
    actions.register(UserFactory(), shape.programme, [shape.stockholm.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=shape.stockholm.pk).update(taken=2)


@pytest.mark.django_db
def test_saving_a_session_read_before_a_registration_keeps_the_seat_it_took(org_a: Organisation) -> None:
    shape = make_programme(org_a, seats=3)
    stale = Session.objects.get(pk=shape.stockholm.pk)  # taken 0
    actions.register(UserFactory(), shape.programme, [shape.stockholm.pk])
    stale.room = "Lilla salen"
    stale.save()
    assert _counted(shape.stockholm) == [(1, 1)]


@pytest.mark.django_db
def test_deleting_a_person_gives_their_seat_back(org_a: Organisation) -> None:
    shape = make_programme(org_a, seats=1)
    first, second = UserFactory(), UserFactory()
    actions.register(first, shape.programme, [shape.stockholm.pk])
    first.delete()  # everything of theirs goes with them, as when an administrator deletes a person
    assert _counted(shape.stockholm) == [(0, 0)]
    assert actions.register(second, shape.programme, [shape.stockholm.pk]).status == "confirmed"


@pytest.mark.django_db
def test_recount_repairs_a_counter_set_wrong_by_hand(org_a: Organisation) -> None:
    shape = make_programme(org_a, seats=5)
    for _ in range(3):
        actions.register(UserFactory(), shape.programme, [shape.stockholm.pk])
    Session.objects.filter(pk=shape.stockholm.pk).update(taken=0)
    recount([shape.stockholm.pk])
    assert _counted(shape.stockholm) == [(3, 3)]
