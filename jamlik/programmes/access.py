"""The only ways views and the API reach programmes, registrations and hosted sessions.

Each helper filters in the query and raises Http404 alike for "missing" and "not yours".
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Prefetch
from django.http import Http404

from jamlik.programmes.models import (
    Booking,
    BookingStatus,
    Programme,
    ProgrammeModule,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
    Session,
)


def programme_detail_queryset() -> Any:
    sessions = Session.objects.with_seats().select_related("host_organisation").order_by("starts_at", "pk")
    modules = ProgrammeModule.objects.select_related("course").prefetch_related(Prefetch("sessions", queryset=sessions))
    return Programme.objects.prefetch_related(
        Prefetch("modules", queryset=modules.order_by("position")), "trainers", "organisers", "questions"
    )


def get_public_programme(slug: str | None = None, *, public_id: UUID | None = None) -> Programme:
    """A programme anyone may read: published (not a draft)."""
    qs = programme_detail_queryset().exclude(status=ProgrammeStatus.DRAFT)
    found = qs.filter(public_id=public_id).first() if public_id else qs.filter(slug=slug).first()
    if found is None:
        raise Http404
    return found  # type: ignore[no-any-return]


def get_live_registration(user: Any, programme: Programme) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.select_related("programme", "user")
        .filter(user=user, programme=programme)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )


def get_own_registration(user: Any, public_id: UUID) -> Registration:
    found = (
        Registration.objects.select_related("programme", "user").filter(user=user, public_id=public_id).first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if found is None:
        raise Http404
    return found


def hosted_sessions(user: Any) -> Any:
    return Session.objects.hosted_by(user)


def get_hosted_session(user: Any, public_id: UUID) -> Session:
    session = (
        hosted_sessions(user)
        .with_seats()
        .select_related("module__programme", "host_organisation")
        .filter(public_id=public_id)
        .first()
    )
    if session is None:
        raise Http404
    return session  # type: ignore[no-any-return]


def roster(session: Session) -> list[Booking]:
    """Everyone with a live booking in ``session``, seats first, then the waiting list in order."""
    rows = (
        Booking.objects.select_related("registration__user", "needs")
        .filter(session=session, status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITLISTED, BookingStatus.PENDING])
        .order_by("status", "queued_at", "pk")
    )
    return list(rows)


def get_booking_in(session: Session, public_id: UUID) -> Booking:
    booking = Booking.objects.select_related("registration__user").filter(session=session, public_id=public_id).first()
    if booking is None:
        raise Http404
    return booking
