"""The organiser's changes to a session: move it, change it, cancel it. Everyone affected is told."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.people.access import coordinated_organisations
from jamlik.people.models import User
from jamlik.programmes import notify
from jamlik.programmes.models import Booking, BookingStatus, Programme, Session, SessionStatus
from jamlik.programmes.seats import confirmed_counts, lock_sessions, promote_waiting, refresh_registration_status

CHANGEABLE = ("starts_at", "ends_at", "venue_name", "street_address", "city", "room", "online_url", "capacity")
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


def _snapshot(session: Session) -> dict[str, Any]:
    return {
        f: (v.isoformat() if isinstance(v, datetime.datetime) else v) for f in CHANGEABLE for v in [getattr(session, f)]
    }


@transaction.atomic
def change_session(actor: User, session: Session, **changes: Any) -> Session:
    """Change times, place, link or seats. Seats never go below the confirmed count."""
    if not may_organise(actor, session.module.programme):
        raise PermissionDenied
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    live = lock_sessions([session.pk])[session.pk]
    before = _snapshot(live)
    for field, value in changes.items():
        setattr(live, field, value)
    if live.ends_at <= live.starts_at:
        raise ValidationError({"ends_at": ValidationError(_("A session must end after it starts."), code="invalid")})
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
    return live


@transaction.atomic
def cancel_session(actor: User, session: Session) -> Session:
    """Cancel a session: its bookings end, and each participant gets a calendar cancellation."""
    if not may_organise(actor, session.module.programme):
        raise PermissionDenied
    live = lock_sessions([session.pk])[session.pk]
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
    return live
