"""Events the programmes app publishes. Other apps subscribe in their ``AppConfig.ready()``."""

from __future__ import annotations

from dataclasses import dataclass

from jamlik.lib.events import Event


@dataclass(frozen=True)
class ProgrammeCompleted:
    completion_id: int


programme_completed: Event[ProgrammeCompleted] = Event("programme_completed")


@dataclass(frozen=True)
class RegistrationChanged:
    """A registration became confirmed or waitlisted (registering, an approval) or was cancelled."""

    registration_id: int


@dataclass(frozen=True)
class WaitlistPromoted:
    """A waiting booking got its seat (``seats.promote_waiting``)."""

    booking_id: int


@dataclass(frozen=True)
class AttendanceMarked:
    """A host marked a confirmed participant present (``attended``) or absent."""

    booking_id: int
    attended: bool


attendance_marked: Event[AttendanceMarked] = Event("attendance_marked")
registration_confirmed: Event[RegistrationChanged] = Event("registration_confirmed")
registration_waitlisted: Event[RegistrationChanged] = Event("registration_waitlisted")
registration_cancelled: Event[RegistrationChanged] = Event("registration_cancelled")
waitlist_promoted: Event[WaitlistPromoted] = Event("waitlist_promoted")


def announce_status(registration_id: int, status: str) -> None:
    """Publish ``registration_confirmed`` or ``registration_waitlisted`` for a registration now in
    ``status`` (a pending one, waiting for approval, is neither yet)."""
    if status == "confirmed":
        registration_confirmed.publish(RegistrationChanged(registration_id))
    elif status == "waitlisted":
        registration_waitlisted.publish(RegistrationChanged(registration_id))
