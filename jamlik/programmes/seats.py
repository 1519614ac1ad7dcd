"""Seats: the locking rule of docs/locking.md in one place.

Every change to who holds a seat in a session runs inside ``transaction.atomic()``. A new
registration writes its rows first and then decides its seats with ``take_seats``: one statement
locks the chosen sessions in id order, the next takes a seat on each where ``taken < capacity``
and writes the outcome; only the audit entry follows before the commit. Every other change (cancelling, switching,
promoting, approving, the organiser's changes) first calls ``lock_sessions`` with every session it
touches, counts after the lock, and ends with ``recount``, so ``Session.taken`` always equals the
confirmed bookings. The rows are locked in id order, so two transactions that touch the same
sessions queue instead of deadlocking.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from jamlik.audit.models import record
from jamlik.programmes import notify
from jamlik.programmes.events import WaitlistPromoted, waitlist_promoted
from jamlik.programmes.models import (
    LIVE_BOOKING,
    Booking,
    BookingStatus,
    Needs,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
)


def _alternatives_of(ids: set[int]) -> set[int]:
    modules = Session.objects.filter(pk__in=ids).values("module_id")
    return set(Session.objects.filter(module_id__in=modules).values_list("pk", flat=True))


class Seats(NamedTuple):
    """A locked session's fields that decide a booking, read by the locking statement itself."""

    status: str
    capacity: int
    registration_deadline: datetime.date | None


_SEAT_FIELDS = ("pk", "status", "capacity", "registration_deadline")


def _locked_rows(rows: QuerySet[Session]) -> dict[int, Seats]:
    found = rows.select_for_update(no_key=True).order_by("pk").values_list(*_SEAT_FIELDS)
    return {pk: Seats(status, capacity, deadline) for pk, status, capacity, deadline in found}


def lock_seats(ids: Iterable[int]) -> dict[int, Seats]:
    """``SELECT … FOR UPDATE`` on the sessions *and all their alternatives*, in id order.

    Call inside a transaction. A switch request (a waitlisted booking that ``replaces`` a seat in
    another alternative of the same module) releases that seat when it is promoted, so whoever
    may promote in a session must hold the locks of its alternatives too. One statement locks the
    sessions and every session of their modules (PostgreSQL locks the rows after sorting them, so
    the order holds); alternatives added to the module after it have higher ids, and locking them
    afterwards keeps the order. Only the fields that decide a booking come back, so the lock costs
    no model objects however many alternatives there are.
    """
    modules = Session.objects.filter(pk__in=set(ids)).values("module_id")
    locked = _locked_rows(Session.objects.filter(module_id__in=modules))
    added = _alternatives_of(set(locked)) - set(locked)
    if added:
        locked.update(_locked_rows(Session.objects.filter(pk__in=added)))
    return locked


def lock_sessions(ids: Iterable[int]) -> dict[int, Session]:
    """``lock_seats``, then the locked sessions as objects (nobody can change them until commit)."""
    locked = lock_seats(ids)
    rows = Session.objects.select_related("module__programme", "host_organisation").filter(pk__in=list(locked))
    return {session.pk: session for session in rows}


class Decided(NamedTuple):
    """What ``take_seats`` decided for one session of a new registration, from the locked row."""

    session_status: str
    registration_deadline: datetime.date | None
    booking_status: str
    queued_at: datetime.datetime


# PostgreSQL, two statements. The first waits for and locks the chosen sessions in id order. FOR
# NO KEY UPDATE, as every seat lock here: the bookings inserted before it hold FOR KEY SHARE on
# their sessions (the foreign key), which FOR UPDATE would wait for, so two registrations would
# deadlock, each waiting for the other's key share.
_LOCK_SQL = "SELECT FROM programmes_session WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE"

# The second decides, in a snapshot taken once the locks are held (READ COMMITTED takes one per
# statement), so it sees every seat taken or freed before: one statement cannot both wait for a
# lock and decide, because an UPDATE skips a row whose *older* version failed its condition.
# ``took`` adds one to ``taken`` where a seat is free; ``booked`` confirms those bookings and
# stamps every booking of the registration with the moment of the decision; ``registered``
# confirms the registration when every booking got a seat; the sessions' status and deadline
# come back for the caller's re-check.
_TAKE_SQL = """
WITH took AS (
    UPDATE programmes_session SET taken = taken + 1
    WHERE %(allocate)s AND id = ANY(%(sessions)s) AND status = %(scheduled)s AND taken < capacity
    RETURNING id
), booked AS (
    UPDATE programmes_booking
    SET status = CASE WHEN session_id IN (SELECT id FROM took) THEN %(confirmed)s ELSE status END,
        queued_at = clock_timestamp()
    WHERE registration_id = %(registration)s AND session_id = ANY(%(sessions)s)
    RETURNING session_id, status, queued_at
), registered AS (
    UPDATE programmes_registration SET status = %(all_confirmed)s
    WHERE id = %(registration)s AND %(allocate)s AND NOT EXISTS (SELECT FROM booked WHERE status <> %(confirmed)s)
)
SELECT s.id, s.status, s.registration_deadline, booked.status, booked.queued_at
FROM programmes_session AS s JOIN booked ON booked.session_id = s.id
"""


def take_seats(registration_id: int, session_ids: Iterable[int], *, allocate: bool = True) -> dict[int, Decided]:
    """Decide the seats of a registration whose bookings are written (waitlisted or pending).

    The only statements of ``actions.register`` that wait for or hold a seat lock: everything
    that does not decide the seat (the checks, the registration, its bookings, needs and answers)
    is written before it, and the lock is released by the commit that follows. The registration
    becomes confirmed when every booking got its seat. ``allocate`` is false for a programme that
    needs approval: the sessions are locked and re-read, no seat taken. The caller re-checks the
    returned session status and deadline and refuses (rolling back the seat) where the session
    was cancelled or closed while it waited.
    """
    ids = sorted(set(session_ids))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_LOCK_SQL, [ids])
            cursor.execute(
                _TAKE_SQL,
                {
                    "sessions": ids,
                    "allocate": allocate,
                    "scheduled": SessionStatus.SCHEDULED,
                    "confirmed": BookingStatus.CONFIRMED,
                    "all_confirmed": RegistrationStatus.CONFIRMED,
                    "registration": registration_id,
                },
            )
            return {row[0]: Decided(*row[1:]) for row in cursor.fetchall()}
    # Elsewhere (SQLite) writers are serialised by BEGIN IMMEDIATE: the same decision, step by step.
    locked = _locked_rows_with_taken(ids)
    free = [
        pk
        for pk, (status, capacity, _deadline, taken) in locked.items()
        if allocate and status == SessionStatus.SCHEDULED and taken < capacity
    ]
    Session.objects.filter(pk__in=free).update(taken=F("taken") + 1)
    mine = Booking.objects.filter(registration_id=registration_id, session_id__in=ids)
    mine.filter(session_id__in=free).update(status=BookingStatus.CONFIRMED)
    now = timezone.now()
    mine.update(queued_at=now)
    if allocate:  # written either way, so a waitlisted registration costs the same queries as a confirmed one
        status = RegistrationStatus.CONFIRMED if len(free) == len(locked) else RegistrationStatus.WAITLISTED
        Registration.objects.filter(pk=registration_id).update(status=status)
    statuses = dict(mine.values_list("session_id", "status"))
    return {pk: Decided(status, deadline, statuses[pk], now) for pk, (status, _c, deadline, _t) in locked.items()}


def _locked_rows_with_taken(ids: list[int]) -> dict[int, tuple[str, int, datetime.date | None, int]]:
    found = (
        Session.objects.filter(pk__in=ids)
        .select_for_update(no_key=True)
        .order_by("pk")
        .values_list("pk", "status", "capacity", "registration_deadline", "taken")
    )
    return {pk: (status, capacity, deadline, taken) for pk, status, capacity, deadline, taken in found}


def recount(ids: Iterable[int]) -> None:
    """Set ``taken`` to the confirmed bookings of the sessions ``ids``, which the caller has locked.

    The last statement of every action that changes seats other than ``take_seats``: whatever it
    confirmed, cancelled or promoted, the counter the next registration decides on is exact.
    """
    confirmed = (
        Booking.objects.filter(session=OuterRef("pk"), status=BookingStatus.CONFIRMED)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Session.objects.filter(pk__in=list(ids)).update(taken=Coalesce(Subquery(confirmed), 0))


def recount_after_delete(sender: object, instance: Booking, **kwargs: object) -> None:
    """A confirmed booking deleted outside the actions (a person deleted in the admin, with
    everything of theirs): its session's counter follows. Connected in ``ProgrammesConfig.ready``."""
    if instance.status == BookingStatus.CONFIRMED:
        lock_seats([instance.session_id])
        recount([instance.session_id])


def confirmed_counts(ids: Iterable[int]) -> dict[int, int]:
    """Confirmed bookings per session: read only after ``lock_sessions`` for these ids."""
    rows = (
        Booking.objects.filter(session_id__in=list(ids), status=BookingStatus.CONFIRMED)
        .values("session_id")
        .annotate(n=Count("pk"))
        .values_list("session_id", "n")
    )
    return dict(rows)


def refresh_registration_status(registration: Registration) -> None:
    """Confirmed when every live booking is, waitlisted while any is waiting."""
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.PENDING):
        return
    rows = registration.bookings.exclude(status=BookingStatus.CANCELLED).values_list("status", "replaces__status")
    # A switch request (waiting for another alternative while keeping a live booking) changes nothing yet.
    statuses = {
        status for status, replaced in rows if not (status == BookingStatus.WAITLISTED and replaced in LIVE_BOOKING)
    }
    status = RegistrationStatus.WAITLISTED if BookingStatus.WAITLISTED in statuses else RegistrationStatus.CONFIRMED
    if status != registration.status:
        registration.status = status
        registration.save(update_fields=["status"])


def promote_waiting(session: Session, actor: object = None) -> list[Booking]:
    """Fill free seats from the waiting list, oldest first. ``session`` must be locked."""
    if session.status == SessionStatus.CANCELLED:
        return []
    free = session.capacity - confirmed_counts([session.pk]).get(session.pk, 0)
    if free <= 0:
        return []
    waiting = list(
        Booking.objects.select_related(
            "registration__user", "registration__programme", "session__module__programme", "replaces__session"
        )
        .filter(session=session, status=BookingStatus.WAITLISTED)
        .order_by("queued_at", "pk")[:free]
    )
    for booking in waiting:
        booking.status = BookingStatus.CONFIRMED
        booking.sequence += 1
        booking.save(update_fields=["status", "sequence"])
        old = booking.replaces
        if old is not None and old.status in LIVE_BOOKING:
            _complete_switch(old, booking, actor)
            continue
        refresh_registration_status(booking.registration)
        record(
            "programme.waitlist_promoted",
            actor=actor,
            organisation=session.host_organisation,
            target=booking,
            summary=f"{booking.registration.user.email} → {session}",
        )
        notify.promoted(booking)
        waitlist_promoted.publish(WaitlistPromoted(booking.pk))
    return waiting


def release(booking: Booking) -> bool:
    """End ``booking`` (its session must be locked); True if it held a seat that is now free."""
    had_seat = booking.status == BookingStatus.CONFIRMED
    booking.status = BookingStatus.CANCELLED
    booking.sequence += 1
    booking.save(update_fields=["status", "sequence"])
    return had_seat


def move_needs(old: Booking, new: Booking) -> None:
    if not Needs.objects.filter(booking=new).exists():
        Needs.objects.filter(booking=old).update(booking=new)


def _complete_switch(old: Booking, new: Booking, actor: object) -> None:
    """A switch request got its seat: release the old booking and give its seat to the next in line."""
    old.registration = new.registration
    had_seat = release(old)
    move_needs(old, new)
    refresh_registration_status(new.registration)
    record(
        "programme.session_switched",
        actor=actor,
        organisation=new.session.host_organisation,
        target=new,
        summary=f"{new.registration.user.email}: {old.session} → {new.session} (waiting list)",
        before={"session": str(old.session.public_id)},
        after={"session": str(new.session.public_id)},
    )
    notify.switched(old, new, from_waiting_list=True)
    if had_seat:  # the old session is an alternative of the same module, so it is locked already
        promote_waiting(lock_sessions([old.session_id])[old.session_id], actor)
