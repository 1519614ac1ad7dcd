"""Seats: the locking rule of docs/locking.md in one place.

Every change to who holds a seat in a session runs inside ``transaction.atomic()`` and first
calls ``lock_sessions`` with every session it touches. The rows are locked in id order, so two
transactions that touch the same sessions queue instead of deadlocking; the counts are taken
after the lock, so they cannot be stale.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from jamlik.audit.models import record
from jamlik.programmes import notify
from jamlik.programmes.models import Booking, BookingStatus, Registration, RegistrationStatus, Session, SessionStatus


def lock_sessions(ids: Iterable[int]) -> dict[int, Session]:
    """``SELECT … FOR UPDATE`` on the session rows, in id order. Call inside a transaction."""
    rows = (
        Session.objects.select_for_update(of=("self",))
        .select_related("module__programme", "host_organisation")
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    )
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
    statuses = set(registration.bookings.exclude(status=BookingStatus.CANCELLED).values_list("status", flat=True))
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
        Booking.objects.select_related("registration__user", "registration__programme", "session__module__programme")
        .filter(session=session, status=BookingStatus.WAITLISTED)
        .order_by("queued_at", "pk")[:free]
    )
    for booking in waiting:
        booking.status = BookingStatus.CONFIRMED
        booking.sequence += 1
        booking.save(update_fields=["status", "sequence"])
        refresh_registration_status(booking.registration)
        record(
            "programme.waitlist_promoted",
            actor=actor,
            organisation=session.host_organisation,
            target=booking,
            summary=f"{booking.registration.user.email} → {session}",
        )
        notify.promoted(booking)
    return waiting
