"""Attendance, marked by a session's host, and programme completion.

A host is a coordinator of the session's host organisation (administrators count too). A
participant who attended every required module (for a self-paced module: completed its course)
has completed the programme; that is recorded once and announced with ``programme_completed``.
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.courses.events import CourseCompleted
from jamlik.courses.models import Completion
from jamlik.people.access import coordinated_organisations
from jamlik.people.models import User
from jamlik.programmes.events import ProgrammeCompleted, programme_completed
from jamlik.programmes.models import (
    Attendance,
    Booking,
    BookingStatus,
    ModuleKind,
    ProgrammeCompletion,
    Registration,
    RegistrationStatus,
    Session,
)

CHECKIN_SALT = "jamlik.programmes.checkin"
NOT_HOST = "not_host"


def is_host(user: Any, session: Session) -> bool:
    return coordinated_organisations(user).filter(pk=session.host_organisation_id).exists()


def checkin_token(booking: Booking) -> str:
    """A signed, unguessable token naming one booking: the QR code on the participant's page."""
    return signing.dumps(str(booking.public_id), salt=CHECKIN_SALT, compress=True)


def booking_for_token(token: str) -> Booking | None:
    try:
        public_id = signing.loads(token, salt=CHECKIN_SALT)
    except signing.BadSignature:
        return None
    return (
        Booking.objects.select_related("registration__user", "registration__programme", "session__module__programme")
        .filter(public_id=public_id)
        .first()
    )


@transaction.atomic
def mark_attendance(actor: User, booking: Booking, attended: bool) -> Booking:
    """Mark a confirmed participant as present or as a no-show. Only the session's host may."""
    booking = (
        Booking.objects.select_for_update(of=("self",)).select_related("session", "registration").get(pk=booking.pk)
    )
    if not is_host(actor, booking.session):
        raise ValidationError(_("Only the host of this session can mark attendance."), code=NOT_HOST)
    if booking.status != BookingStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed participants can be marked."), code="invalid")
    value = Attendance.ATTENDED if attended else Attendance.NO_SHOW
    if booking.attendance != value:
        before = booking.attendance
        booking.attendance = value
        booking.attendance_marked_at = timezone.now()
        booking.attendance_marked_by = actor
        booking.save(update_fields=["attendance", "attendance_marked_at", "attendance_marked_by"])
        record(
            "programme.attendance_marked",
            actor=actor,
            organisation=booking.session.host_organisation,
            target=booking,
            summary=f"{booking.registration.user_id}: {value}",
            before={"attendance": before},
            after={"attendance": value},
        )
    if attended:
        check_completion(booking.registration)
    return booking


def check_completion(registration: Registration) -> ProgrammeCompletion | None:
    """Record the completion once if every required module is done. Call inside a transaction."""
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    if ProgrammeCompletion.objects.filter(registration=registration).exists():
        return None
    attended_modules = set(
        registration.bookings.filter(status=BookingStatus.CONFIRMED, attendance=Attendance.ATTENDED).values_list(
            "session__module_id", flat=True
        )
    )
    for module in registration.programme.modules.filter(required=True):
        if module.kind == ModuleKind.SELF_PACED:
            if not Completion.objects.filter(user_id=registration.user_id, course=module.course).exists():
                return None
        elif module.pk not in attended_modules:
            return None
    try:
        with transaction.atomic():
            completion = ProgrammeCompletion.objects.create(
                registration=registration, user_id=registration.user_id, programme_id=registration.programme_id
            )
    except IntegrityError:  # recorded a moment ago by another request
        return None
    record(
        "programme.completed",
        actor=None,
        target=completion,
        summary=f"{registration.user_id} ✓ {registration.programme_id}",
    )
    programme_completed.publish(ProgrammeCompleted(completion_id=completion.pk))
    return completion


def on_course_completed(payload: CourseCompleted) -> None:
    """A self-paced module's course was completed: that may complete a programme."""
    completion = Completion.objects.filter(pk=payload.completion_id).first()
    if completion is None:
        return
    registrations = Registration.objects.select_related("programme").filter(
        user_id=completion.user_id,
        programme__modules__course_id=completion.course_id,
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
    )
    with transaction.atomic():
        for registration in registrations.distinct():
            check_completion(registration)
