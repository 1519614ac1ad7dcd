"""The invitation to evaluate: an email after a course completion and after an attended session.

Listeners of the courses' and programmes' events, after commit. Imported completions (bulk imports
from other systems, often old) and occasions whose round no longer takes answers get no email.
"""

from __future__ import annotations

from django.conf import settings

from jamlik.courses.events import CourseCompleted, course_completed
from jamlik.evaluations.rounds import Occasion, closes_on, is_open
from jamlik.lib.mail import send_email
from jamlik.programmes.events import AttendanceMarked, attendance_marked


def invite(occasion: Occasion) -> None:
    if not is_open(occasion.period) or not occasion.attended:
        return
    user = occasion.user
    context = {"title": occasion.title, "page_path": occasion.path, "closes_on": closes_on(occasion.period)}
    context["session"] = occasion.booking.session if occasion.booking is not None else None
    send_email(user.email, "evaluation_invitation", context, user.preferred_language or settings.LANGUAGE_CODE)


def on_course_completed(event: CourseCompleted) -> None:
    from jamlik.courses.models import Completion

    if event.imported:
        return
    completion = (
        Completion.objects.select_related("course__published_version", "user").filter(pk=event.completion_id).first()
    )
    if completion is not None:
        invite(Occasion(completion=completion))


def on_attendance_marked(event: AttendanceMarked) -> None:
    from jamlik.programmes.models import Booking

    if not event.attended:
        return
    booking = (
        Booking.objects.select_related("session__module__programme", "registration__user")
        .filter(pk=event.booking_id)
        .first()
    )
    if booking is not None:
        invite(Occasion(booking=booking))


def subscribe() -> None:
    course_completed.subscribe(on_course_completed)
    attendance_marked.subscribe(on_attendance_marked)
