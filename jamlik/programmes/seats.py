"""Seats: the locking rule of docs/locking.md in one place.

Every change to who holds a seat in a session runs inside ``transaction.atomic()`` and first
calls ``lock_sessions`` with every session it touches. The rows are locked in id order, so two
transactions that touch the same sessions queue instead of deadlocking; the counts are taken
after the lock, so they cannot be stale.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import Count, QuerySet

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
    found = rows.select_for_update().order_by("pk").values_list(*_SEAT_FIELDS)
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
