"""Writing Jämlik's own learning again from the rows, for what the queue lost.

The listeners queue each event's statements after the learner's change committed; a process
that dies between the commit and the queueing loses that one write. The rows are the truth and
every statement's id is derived from its row, so building the statements again from the rows
of a recent period and storing them adds what is missing and changes nothing else (the store
answers the same id and content as done). ``jamlik xapi-backfill`` runs it, daily from the
scheduler over the last two days, or by hand over any period.
"""

from __future__ import annotations

import datetime

from jamlik.courses.events import CheckAnswered, CourseCompleted, Enrolled, LessonDone
from jamlik.courses.models import CheckAnswer, Completion, Enrolment, LessonProgress
from jamlik.credentials.events import DiplomasIssued
from jamlik.credentials.models import Diploma
from jamlik.lrs.learning import listeners
from jamlik.programmes.events import AttendanceMarked
from jamlik.programmes.models import Attendance, Booking


def backfill(since: datetime.datetime) -> dict[str, int]:
    """Store again the statements of every event since ``since``; the rows looked at, by event."""
    seen: dict[str, int] = {}
    for pk in Enrolment.objects.filter(created_at__gte=since).values_list("pk", flat=True).iterator():
        listeners.WRITERS["enrolled"][1](Enrolled(pk))
        seen["enrolled"] = seen.get("enrolled", 0) + 1
    for pk in LessonProgress.objects.filter(completed_at__gte=since).values_list("pk", flat=True).iterator():
        listeners.WRITERS["lesson_done"][1](LessonDone(pk))
        seen["lesson_done"] = seen.get("lesson_done", 0) + 1
    answers = CheckAnswer.objects.filter(answered_at__gte=since).values_list("pk", "attempts")
    for pk, attempts in answers.iterator():  # the row keeps its latest attempt only
        listeners.WRITERS["check_answered"][1](CheckAnswered(pk, attempts))
        seen["check_answered"] = seen.get("check_answered", 0) + 1
    for pk in Completion.objects.filter(completed_at__gte=since).values_list("pk", flat=True).iterator():
        listeners.WRITERS["course_completed"][1](CourseCompleted(completion_id=pk))
        seen["course_completed"] = seen.get("course_completed", 0) + 1
    bookings = Booking.objects.filter(attendance=Attendance.ATTENDED, attendance_marked_at__gte=since)
    for pk in bookings.values_list("pk", flat=True).iterator():
        listeners.WRITERS["attendance_marked"][1](AttendanceMarked(pk, attended=True))
        seen["attendance_marked"] = seen.get("attendance_marked", 0) + 1
    diplomas = list(Diploma.objects.filter(issued_at__gte=since).values_list("pk", flat=True))
    for start in range(0, len(diplomas), 200):
        listeners.WRITERS["diplomas_issued"][1](DiplomasIssued(diploma_ids=tuple(diplomas[start : start + 200])))
    if diplomas:
        seen["diplomas_issued"] = len(diplomas)
    return seen
