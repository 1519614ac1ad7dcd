"""Capacity is never exceeded: truly concurrent registrations against real PostgreSQL row locks."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import Booking, BookingStatus, Registration, Session
from tests.conftest import on_postgres
from tests.factories import UserFactory
from tests.programmes.factories import make_programme

SEATS = 10
PEOPLE = 60


def _at_once(targets: list[Callable[[], object]]) -> list[BaseException]:
    """Run each target in its own thread (own database connection), released together by a barrier."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(targets))

    def run(target: Callable[[], object]) -> None:
        try:
            barrier.wait()
            target()
        except BaseException as exc:  # collected and asserted by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _assert_counters_match(*sessions: Session) -> None:
    """The recount check: each session's ``taken`` equals its confirmed bookings, and fits its seats."""
    for session in sessions:
        session.refresh_from_db()
        confirmed = Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED).count()
        assert (session.taken, session.taken <= session.capacity) == (confirmed, True), session


def _register(person: User, shape_programme: object, session_id: int) -> Callable[[], object]:
    return lambda: actions.register(person, shape_programme, [session_id])  # type: ignore[arg-type]


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL row locks (SQLite serialises writers anyway)")
@pytest.mark.django_db(transaction=True)
def test_sixty_people_registering_at_once_for_ten_seats_confirm_exactly_ten(org_a: Organisation) -> None:
    shape = make_programme(org_a, seats=SEATS)
    people = [UserFactory() for _ in range(PEOPLE)]
    errors = _at_once([_register(p, shape.programme, shape.stockholm.pk) for p in people])
    assert errors == []
    bookings = list(Booking.objects.filter(session=shape.stockholm).order_by("queued_at", "pk"))
    assert len(bookings) == PEOPLE
    statuses = [b.status for b in bookings]
    assert statuses.count(BookingStatus.CONFIRMED) == SEATS
    # Arrival order is the order the lock was granted: the first ten by time hold the seats, and each
    # decision has its own moment (queued_at is taken under the lock; the rows were written before it).
    assert statuses == [BookingStatus.CONFIRMED] * SEATS + [BookingStatus.WAITLISTED] * (PEOPLE - SEATS)
    assert len({b.queued_at for b in bookings}) == PEOPLE
    _assert_counters_match(shape.stockholm, shape.webinar)
    # The webinars have room for everyone, and nobody was booked twice.
    assert Booking.objects.filter(session=shape.webinar, status=BookingStatus.CONFIRMED).count() == PEOPLE
    assert Registration.objects.count() == PEOPLE


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL row locks (SQLite serialises writers anyway)")
@pytest.mark.django_db(transaction=True)
def test_cancellations_and_registrations_at_once_never_overbook_and_keep_the_queue(org_a: Organisation) -> None:
    shape = make_programme(org_a, seats=5)
    holders = [UserFactory() for _ in range(5)]
    for person in holders:
        actions.register(person, shape.programme, [shape.stockholm.pk])
    newcomers = [UserFactory() for _ in range(20)]
    cancels = [(lambda p=p: actions.cancel_registration(p, Registration.objects.get(user=p))) for p in holders[:3]]
    errors = _at_once(cancels + [_register(p, shape.programme, shape.stockholm.pk) for p in newcomers])
    assert errors == []
    confirmed = Booking.objects.filter(session=shape.stockholm, status=BookingStatus.CONFIRMED).count()
    assert confirmed == 5
    waiting = list(Booking.objects.filter(session=shape.stockholm, status=BookingStatus.WAITLISTED))
    assert len(waiting) == 20 - 3
    _assert_counters_match(shape.stockholm)


@pytest.mark.django_db
def test_on_sqlite_the_same_registrations_one_after_another_confirm_exactly_the_seats(org_a: Organisation) -> None:
    shape = make_programme(org_a, seats=SEATS)
    people = [UserFactory() for _ in range(SEATS + 5)]
    for person in people:
        actions.register(person, shape.programme, [shape.stockholm.pk])
    bookings = list(Booking.objects.filter(session=shape.stockholm).order_by("queued_at", "pk"))
    assert [b.registration.user_id for b in bookings] == [p.pk for p in people]
    assert [b.status for b in bookings] == [BookingStatus.CONFIRMED] * SEATS + [BookingStatus.WAITLISTED] * 5


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL row locks (SQLite serialises writers anyway)")
@pytest.mark.django_db(transaction=True)
def test_switch_requests_cancellations_and_registrations_at_once_never_double_book(org_a: Organisation) -> None:
    shape = make_programme(org_a, seats=5)
    in_goteborg = [actions.register(UserFactory(), shape.programme, [shape.goteborg.pk]) for _ in range(5)]
    in_stockholm = [actions.register(UserFactory(), shape.programme, [shape.stockholm.pk]) for _ in range(5)]
    waiting = [actions.register(UserFactory(), shape.programme, [shape.stockholm.pk]) for _ in range(4)]
    newcomers = [UserFactory() for _ in range(5)]
    switches = [(lambda r=r: actions.switch_session(r.user, r, shape.goteborg, wait=True)) for r in in_stockholm]
    cancels = [(lambda r=r: actions.cancel_registration(r.user, r)) for r in in_goteborg[:3]]
    errors = _at_once(switches + cancels + [_register(p, shape.programme, shape.goteborg.pk) for p in newcomers])
    assert errors == []  # no deadlock, no refusal
    for session in (shape.stockholm, shape.goteborg):
        assert Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED).count() == 5
    # Nobody holds two seats in the in-person module, and every live registration holds exactly one booking there
    # that is not a switch request.
    for registration in Registration.objects.exclude(status="cancelled"):
        live = [
            b
            for b in Booking.objects.select_related("replaces").filter(
                registration=registration, session__module=shape.stockholm.module
            )
            if b.status != BookingStatus.CANCELLED and not b.is_switch_request
        ]
        assert len(live) == 1, registration
    switched = sum(
        Booking.objects.filter(registration=r, session=shape.goteborg, status=BookingStatus.CONFIRMED).exists()
        for r in in_stockholm
    )
    assert 0 < switched <= 3
    # Each seat a switch freed in Stockholm went to the Stockholm waiting list, in order.
    promoted = [
        Booking.objects.get(registration=r, session=shape.stockholm).status == BookingStatus.CONFIRMED for r in waiting
    ]
    assert promoted == [True] * switched + [False] * (4 - switched)
    _assert_counters_match(shape.stockholm, shape.goteborg, shape.webinar)
