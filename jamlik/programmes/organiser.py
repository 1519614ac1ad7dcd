"""The organiser's changes to a session: move it, change it, cancel it. Everyone affected is told."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.people.access import coordinated_organisations
from jamlik.people.models import User
from jamlik.programmes import notify
from jamlik.programmes.models import Booking, BookingStatus, ModuleKind, Programme, Session, SessionStatus
from jamlik.programmes.seats import (
    confirmed_counts,
    lock_sessions,
    promote_waiting,
    recount,
    refresh_registration_status,
)

CHANGEABLE = (
    "starts_at",
    "ends_at",
    "venue_name",
    "street_address",
    "city",
    "room",
    "online_url",
    "capacity",
    "host_organisation",
    "language",
    "registration_deadline",
)
# A change to these fields moves the event in participants' calendars; capacity alone does not.
CALENDAR_FIELDS = ("starts_at", "ends_at", "venue_name", "street_address", "city", "room", "online_url")


def may_organise(user: Any, programme: Programme) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_programme_manager:
        return True
    return coordinated_organisations(user).filter(pk__in=programme.organisers.values("pk")).exists()


def _affected(session: Session) -> list[Booking]:
    return list(
        Booking.objects.select_related("registration__user", "registration__programme", "session__module__programme")
        .filter(session=session, status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITLISTED])
        .order_by("queued_at", "pk")
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):  # dates and datetimes
        return value.isoformat()
    if isinstance(value, Model):
        return value.pk
    return value


def _snapshot(session: Session) -> dict[str, Any]:
    return {f: _plain(getattr(session, f)) for f in CHANGEABLE}


def check_session(session: Session) -> None:
    """The rules every new or changed session meets; a ``ValidationError`` per field otherwise."""
    errors: dict[str, ValidationError] = {}
    if session.ends_at <= session.starts_at:
        errors["ends_at"] = ValidationError(_("A session must end after it starts."), code="invalid")
    start_day = timezone.localtime(session.starts_at).date()
    if session.registration_deadline and session.registration_deadline > start_day:
        errors["registration_deadline"] = ValidationError(
            _("The last day to register cannot be after the session starts."), code="deadline_after_session"
        )
    kind = session.module.kind
    if kind == ModuleKind.WEBINAR and not session.online_url:
        errors["online_url"] = ValidationError(_("A webinar needs an online meeting link."), code="required")
    if kind == ModuleKind.IN_PERSON and not (session.venue_name or session.street_address):
        errors["venue_name"] = ValidationError(
            _("An in-person session needs a venue or a street address."), code="required"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def change_session(actor: User, session: Session, **changes: Any) -> Session:
    """Change times, place, link or seats. Seats never go below the confirmed count."""
    if not may_organise(actor, session.module.programme):
        raise PermissionDenied
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    locked = lock_sessions([session.pk])
    live = locked[session.pk]
    before = _snapshot(live)
    for field, value in changes.items():
        setattr(live, field, value)
    check_session(live)
    confirmed = confirmed_counts([live.pk]).get(live.pk, 0)
    if live.capacity < confirmed:
        raise ValidationError(
            {
                "capacity": ValidationError(
                    _("%(n)s participants are already confirmed; the seats cannot be fewer.") % {"n": confirmed},
                    code="below_confirmed",
                )
            }
        )
    moved = any(before[f] != _snapshot(live)[f] for f in CALENDAR_FIELDS)
    if moved:
        live.sequence += 1
    live.save()
    record(
        "programme.session_changed",
        actor=actor,
        organisation=live.host_organisation,
        target=live,
        summary=str(live),
        before=before,
        after=_snapshot(live),
    )
    if moved:
        Booking.objects.filter(session=live).update(sequence=F("sequence") + 1)
        for booking in _affected(live):
            notify.session_changed(booking)
    promote_waiting(live, actor)
    recount(locked)  # promoting may also move seats in the alternatives (switch requests)
    return live


@transaction.atomic
def cancel_session(actor: User, session: Session) -> Session:
    """Cancel a session: its bookings end, and each participant gets a calendar cancellation."""
    if not may_organise(actor, session.module.programme):
        raise PermissionDenied
    locked = lock_sessions([session.pk])
    live = locked[session.pk]
    if live.status == SessionStatus.CANCELLED:
        raise ValidationError(_("This session is already cancelled."), code="invalid")
    affected = _affected(live)
    live.status = SessionStatus.CANCELLED
    live.sequence += 1
    live.save(update_fields=["status", "sequence"])
    for booking in affected:
        booking.status = BookingStatus.CANCELLED
        booking.sequence += 1
        booking.save(update_fields=["status", "sequence"])
        refresh_registration_status(booking.registration)
        notify.session_cancelled(booking)
    record(
        "programme.session_cancelled",
        actor=actor,
        organisation=live.host_organisation,
        target=live,
        summary=f"{live} ({len(affected)})",
    )
    recount(locked)
    return live
