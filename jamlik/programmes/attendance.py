"""Attendance, marked by a session's host, and programme completion.

A host is a coordinator of the session's host organisation (administrators count too).
Attendance is marked only once the session has started: every path (the roster, the QR
check-in, the API) goes through ``mark_attendance``, which refuses earlier marks.

A participant who attended every required module (for a self-paced module: completed its course)
has completed the programme; that is recorded once and announced with ``programme_completed``.
The completion is dated when its last requirement was met, not when someone clicked: the end
of the last attended session of a required module (or the moment of marking, while that session
is still under way), or the completion of a required course if that came later.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.courses.events import CompletionsAnnounced, CourseCompleted
from jamlik.courses.models import Completion
from jamlik.people.access import coordinated_organisations
from jamlik.people.models import User
from jamlik.programmes.events import AttendanceMarked, ProgrammeCompleted, attendance_marked, programme_completed
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
NOT_STARTED = "not_started"


def not_started_message(session: Session) -> str:
    when = formats.date_format(timezone.localtime(session.starts_at), "j F Y H:i")
    return _("Attendance can be marked once the session has started (%(when)s).") % {"when": when}


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
    if not booking.session.has_started():
        raise ValidationError(not_started_message(booking.session), code=NOT_STARTED)
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
        attendance_marked.publish(AttendanceMarked(booking.pk, attended))
    if attended:
        check_completion(booking.registration)
    return booking


def check_completion(registration: Registration) -> ProgrammeCompletion | None:
    """Record the completion once if every required module is done. Call inside a transaction."""
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    if ProgrammeCompletion.objects.filter(registration=registration).exists():
        return None
    attended: dict[int, datetime.datetime] = {}
    rows = registration.bookings.filter(status=BookingStatus.CONFIRMED, attendance=Attendance.ATTENDED)
    for module_id, ends_at in rows.values_list("session__module_id", "session__ends_at"):
        attended[module_id] = max(ends_at, attended.get(module_id, ends_at))
    met: list[datetime.datetime] = []  # when each required module was done
    for module in registration.programme.modules.filter(required=True):
        if module.kind == ModuleKind.SELF_PACED:
            done = Completion.objects.filter(user_id=registration.user_id, course=module.course).aggregate(
                first=Min("completed_at")
            )["first"]
            if done is None:
                return None
            met.append(done)
        elif module.pk not in attended:
            return None
        else:
            met.append(attended[module.pk])
    now = timezone.now()
    completed_at = min(max(met, default=now), now)  # a session still under way counts from now
    try:
        with transaction.atomic():
            completion = ProgrammeCompletion.objects.create(
                registration=registration,
                user_id=registration.user_id,
                programme_id=registration.programme_id,
                completed_at=completed_at,
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
    if payload.imported:
        return  # on_completions_announced checks these, a few hundred at a time
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


def on_completions_announced(payload: CompletionsAnnounced) -> None:
    """Imported completions, as ``on_course_completed`` for each but in two queries: only the
    registrations of these people in a programme with one of these courses are checked."""
    pairs = set(Completion.objects.filter(pk__in=payload.completion_ids).values_list("user_id", "course_id"))
    if not pairs:
        return
    candidates = Registration.objects.filter(
        user_id__in={user_id for user_id, _course in pairs},
        programme__modules__course_id__in={course_id for _user, course_id in pairs},
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
    ).values_list("pk", "user_id", "programme__modules__course_id")
    matching = {pk for pk, user_id, course_id in candidates if (user_id, course_id) in pairs}
    if not matching:
        return
    with transaction.atomic():
        for registration in Registration.objects.select_related("programme").filter(pk__in=matching).order_by("pk"):
            check_completion(registration)
