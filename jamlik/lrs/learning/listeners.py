"""The listeners that write Jämlik's own learning to the built-in store.

Each listener runs after the change committed (an ordinary domain-event listener) and only
queues the task ``write`` with the event's ids: one insert in the learner's request, whose
answer never waits for the store. The worker builds the statements from the committed rows and
stores them; a statement the store refuses is logged and the task ends (retrying cannot change
the rows), and storing one twice stores it once (the statement ids are derived from the rows).
The organisation a statement is stored for is the one the learning counts for: a completion's
own, otherwise the membership ``courses.actions.membership_at_completion`` would count it for
(the person's current one for programmes and diplomas).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django_tasks import task

from jamlik.courses.actions import membership_at_completion
from jamlik.courses.events import (
    CheckAnswered,
    CompletionsAnnounced,
    CourseCompleted,
    Enrolled,
    LessonDone,
    check_answered,
    completions_announced,
    course_completed,
    enrolled,
    lesson_done,
)
from jamlik.courses.models import Block, CheckAnswer, Completion, Enrolment, LessonProgress
from jamlik.credentials.events import DiplomasIssued, diplomas_issued
from jamlik.credentials.models import Diploma
from jamlik.lrs.learning import statements
from jamlik.lrs.store import store_statements
from jamlik.people.models import Membership, Organisation
from jamlik.programmes.events import AttendanceMarked, attendance_marked
from jamlik.programmes.models import Booking

logger = logging.getLogger(__name__)

Built = list[tuple[Organisation | None, dict[str, Any]]]


def _write(event: str, build: Callable[[], Built]) -> None:
    try:
        with transaction.atomic():
            by_organisation: dict[int | None, tuple[Organisation | None, list[dict[str, Any]]]] = {}
            for organisation, statement in build():
                key = organisation.pk if organisation is not None else None
                by_organisation.setdefault(key, (organisation, []))[1].append(statement)
            for organisation, batch in by_organisation.values():
                store_statements(None, batch, organisation=organisation)
    except Exception:
        logger.exception("xAPI statement for %s not written", event)


def _for_enrolment(enrolment: Enrolment) -> Organisation | None:
    membership = membership_at_completion(enrolment.user, enrolment.version)
    return membership.organisation if membership is not None else None


def _current_organisation(user_id: int) -> Organisation | None:
    membership = (
        Membership.objects.current()
        .filter(user_id=user_id)
        .select_related("organisation")
        .order_by("-valid_from", "-id")
        .first()
    )
    return membership.organisation if membership is not None else None


def _enrolled(event: Enrolled) -> None:
    def build() -> Built:
        enrolment = Enrolment.objects.select_related("user", "course", "version").get(pk=event.enrolment_id)
        return [(_for_enrolment(enrolment), statements.enrolled(enrolment))]

    _write("enrolled", build)


def _lesson_done(event: LessonDone) -> None:
    def build() -> Built:
        progress = LessonProgress.objects.select_related(
            "lesson", "enrolment__user", "enrolment__course", "enrolment__version"
        ).get(pk=event.progress_id)
        return [(_for_enrolment(progress.enrolment), statements.lesson_done(progress))]

    _write("lesson_done", build)


def _check_answered(event: CheckAnswered) -> None:
    def build() -> Built:
        answer = CheckAnswer.objects.select_related("enrolment__user", "enrolment__course", "enrolment__version").get(
            pk=event.answer_id
        )
        block = Block.objects.select_related("lesson").get(pk=answer.block_id)
        return [(_for_enrolment(answer.enrolment), statements.check_answered(answer, block, event.attempt))]

    _write("check_answered", build)


def _course_completed(event: CourseCompleted) -> None:
    def build() -> Built:
        completion = Completion.objects.select_related(
            "organisation", "user", "enrolment__course", "enrolment__version"
        ).get(pk=event.completion_id)
        return [(completion.organisation, statements.course_completed(completion))]

    _write("course_completed", build)


def _completions_announced(event: CompletionsAnnounced) -> None:
    """An import's completions, a few hundred at a time: built and stored in a few queries."""

    def build() -> Built:
        completions = Completion.objects.select_related(
            "organisation", "user", "enrolment__course", "enrolment__version"
        ).filter(pk__in=event.completion_ids)
        return [(completion.organisation, statements.course_completed(completion)) for completion in completions]

    _write("completions_announced", build)


def _attendance_marked(event: AttendanceMarked) -> None:
    if not event.attended:
        return

    def build() -> Built:
        booking = Booking.objects.select_related("registration__user", "session__module__programme").get(
            pk=event.booking_id
        )
        return [(_current_organisation(booking.registration.user_id), statements.session_attended(booking))]

    _write("attendance_marked", build)


def _diplomas_issued(event: DiplomasIssued) -> None:
    def build() -> Built:
        diplomas = Diploma.objects.select_related("recipient", "completion__organisation").filter(
            pk__in=event.diploma_ids
        )
        built: Built = []
        for diploma in diplomas:
            completion = diploma.completion
            organisation = (
                completion.organisation if completion is not None else _current_organisation(diploma.recipient_id)
            )
            built.append((organisation, statements.diploma_issued(diploma)))
        return built

    _write("diplomas_issued", build)


WRITERS: dict[str, tuple[type[Any], Callable[[Any], None]]] = {
    "enrolled": (Enrolled, _enrolled),
    "lesson_done": (LessonDone, _lesson_done),
    "check_answered": (CheckAnswered, _check_answered),
    "course_completed": (CourseCompleted, _course_completed),
    "completions_announced": (CompletionsAnnounced, _completions_announced),
    "attendance_marked": (AttendanceMarked, _attendance_marked),
    "diplomas_issued": (DiplomasIssued, _diplomas_issued),
}


@task()
def write(kind: str, payload: dict[str, Any]) -> None:
    """Build and store the statements of one event (the worker)."""
    event_type, writer = WRITERS[kind]
    writer(event_type(**{name: tuple(value) if isinstance(value, list) else value for name, value in payload.items()}))


def _queue(kind: str) -> Callable[[Any], None]:
    def listener(event: Any) -> None:
        if isinstance(event, CourseCompleted) and event.imported:
            return  # an import's completions come in bulk, through completions_announced
        write.enqueue(kind, dataclasses.asdict(event))

    listener.__name__ = f"queue_{kind}_statement"
    return listener


LISTENERS = {kind: _queue(kind) for kind in WRITERS}


def connect() -> None:
    """Called from ``LrsConfig.ready()``: after commit, each event queues its statements."""
    enrolled.subscribe(LISTENERS["enrolled"])
    lesson_done.subscribe(LISTENERS["lesson_done"])
    check_answered.subscribe(LISTENERS["check_answered"])
    course_completed.subscribe(LISTENERS["course_completed"])
    completions_announced.subscribe(LISTENERS["completions_announced"])
    attendance_marked.subscribe(LISTENERS["attendance_marked"])
    diplomas_issued.subscribe(LISTENERS["diplomas_issued"])
