"""The learner's state changes: enrol, record progress, answer, reflect, complete.

Each action runs in one transaction and writes its audit entry there. Progress and answers
first lock the learner's enrolment row (``SELECT … FOR UPDATE``), so double clicks, retries
and two open tabs are serialised: the second request finds the first one's row and changes
nothing. Completion is decided here, on the server, from the version's rule
(``jamlik.courses.progress``), and inserted once (the lock, plus the unique enrolment). The
``course_completed`` event goes out after commit.

Refusals raise ``ValidationError`` with a ``code`` (``not_enrolled``, ``other_version``,
``locked``, ``not_allowed``, ``invalid``) before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.courses.access import may_enrol
from jamlik.courses.blocks import BlockKind, KnowledgeCheckData
from jamlik.courses.events import (
    CheckAnswered,
    CourseCompleted,
    Enrolled,
    LessonDone,
    check_answered,
    course_completed,
    enrolled,
    lesson_done,
)
from jamlik.courses.models import (
    Audience,
    Block,
    CheckAnswer,
    Completion,
    Course,
    CourseVersion,
    Enrolment,
    Lesson,
    LessonProgress,
    OrderMode,
    ProgressSource,
    ReflectionAnswer,
    VersionStatus,
)
from jamlik.courses.progress import locked_lesson_ids, standing
from jamlik.courses.published import version_lessons
from jamlik.people.access import check_may_coordinate
from jamlik.people.models import Membership, Organisation, User

NOT_ENROLLED = "not_enrolled"
OTHER_VERSION = "other_version"
LOCKED = "locked"
NOT_ALLOWED = "not_allowed"
INVALID = "invalid"


@dataclass(frozen=True)
class ProgressResult:
    progress: LessonProgress
    created: bool
    completion: Completion | None  # set when this call completed the course
    # Known when this call recorded the lesson (``created``), so callers need not read them again:
    all_lessons_done: bool = False
    next_lesson: Lesson | None = None  # the learner's reading position after this call


@dataclass(frozen=True)
class AnswerResult:
    answer: CheckAnswer
    completion: Completion | None


@transaction.atomic
def enrol(
    user: User,
    course: Course,
    *,
    source: str = ProgressSource.SELF,
    enrolled_by: User | None = None,
    organisation: Organisation | None = None,
) -> Enrolment:
    """Enrol in the published version (idempotent: an existing enrolment is returned).

    ``enrolled_by``: the coordinator who enrols ``user`` (``enrol_member``), for the row and the
    audit entry; ``organisation`` the one they did it for.
    """
    existing = Enrolment.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    # Read the published version afresh: ``course`` may have been loaded before a new one was published.
    published_id = Course.objects.filter(pk=course.pk).values_list("published_version_id", flat=True).first()
    version = (
        CourseVersion.objects.filter(pk=published_id, status=VersionStatus.PUBLISHED).first() if published_id else None
    )
    if version is None or not may_enrol(user, version):
        raise ValidationError(_("This course is not open to you."), code=NOT_ALLOWED)
    first = version.ordered_lessons().first()
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                user=user, course=course, version=version, source=source, last_lesson=first, enrolled_by=enrolled_by
            )
    except IntegrityError:  # a concurrent request enrolled first
        return Enrolment.objects.get(user=user, course=course)
    summary = f"{course.slug} v{version.number}"
    record(
        "course.enrolled",
        actor=enrolled_by or user,
        organisation=organisation,
        target=enrolment,
        summary=f"{user.email}: {summary}"[:300] if enrolled_by else summary,
    )
    enrolled.publish(Enrolled(enrolment.pk))
    return enrolment


def _locked_enrolment(user: User, course_id: int) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("version")
        .filter(user=user, course_id=course_id)
        .first()
    )
    if enrolment is None:
        raise ValidationError(_("You are not enrolled in this course."), code=NOT_ENROLLED)
    return enrolment


def _done_ids(enrolment: Enrolment) -> set[int]:
    return set(LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True))


def _check_lesson(
    enrolment: Enrolment, lesson: Lesson, *, respect_order: bool = True, done: set[int] | None = None
) -> list[Lesson]:
    """Refuse a lesson of another version, or a locked one; return the version's lessons in order.

    ``done``: the learner's done lesson ids, when the caller has read them already.
    """
    if lesson.version_id != enrolment.version_id:
        raise ValidationError(
            _("This lesson belongs to another version of the course than the one you are taking."),
            code=OTHER_VERSION,
        )
    lessons = version_lessons(enrolment.version)
    if respect_order and enrolment.version.order_mode == OrderMode.SEQUENTIAL:
        done = _done_ids(enrolment) if done is None else done
        if lesson.pk in locked_lesson_ids(OrderMode.SEQUENTIAL, lessons, done):
            raise ValidationError(_("Finish the lessons before this one first."), code=LOCKED)
    return lessons


@transaction.atomic
def record_progress(
    user: User,
    lesson: Lesson,
    *,
    source: str = ProgressSource.SELF,
    recorded_by: User | None = None,
) -> ProgressResult:
    """Mark ``lesson`` done for ``user``. Idempotent: a lesson done stays done, counted once."""
    enrolment = _locked_enrolment(user, lesson.version.course_id)
    # Read once, under the enrolment's lock: no other request can add progress for it meanwhile.
    done = _done_ids(enrolment)
    if lesson.pk in done:
        existing = LessonProgress.objects.get(enrolment=enrolment, lesson=lesson)
        return ProgressResult(existing, created=False, completion=None)
    lessons = _check_lesson(enrolment, lesson, respect_order=source == ProgressSource.SELF, done=done)
    now = timezone.now()
    progress = LessonProgress.objects.create(
        enrolment=enrolment, lesson=lesson, completed_at=now, source=source, recorded_by=recorded_by
    )
    done.add(lesson.pk)
    index = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    after = [item for item in lessons[index + 1 :] + lessons[:index] if item.pk not in done]
    enrolment.last_lesson = after[0] if after else lesson
    enrolment.save(update_fields=["last_lesson"])
    record(
        "course.lesson_done",
        actor=recorded_by or user,
        target=progress,
        summary=f"{user.email}: {lesson.title}"[:300],
        after={"lesson": str(lesson.public_id), "source": source},
    )
    lesson_done.publish(LessonDone(progress.pk))
    # The rule needs every lesson done; only then are the checks worth counting (``standing``).
    all_done = bool(lessons) and all(item.pk in done for item in lessons)
    completion = _complete_if_due(enrolment, source) if all_done else None
    return ProgressResult(
        progress, created=True, completion=completion, all_lessons_done=all_done, next_lesson=enrolment.last_lesson
    )


def _option_ids(content: KnowledgeCheckData, option_ids: list[str]) -> list[str]:
    chosen = sorted(set(option_ids))
    if not chosen:
        raise ValidationError(_("Choose an answer."), code=INVALID)
    known = {o.id for o in content.options}
    if not set(chosen) <= known:
        raise ValidationError(_("Choose among the answers given."), code=INVALID)
    if not content.multiple and len(chosen) != 1:
        raise ValidationError(_("Choose one answer."), code=INVALID)
    return chosen


@transaction.atomic
def answer_check(user: User, block: Block, option_ids: list[str]) -> AnswerResult:
    """Answer a knowledge check. The latest answer counts; there is no time limit."""
    if block.kind != BlockKind.KNOWLEDGE_CHECK:
        raise ValidationError(_("This is not a question."), code=INVALID)
    lesson = Lesson.objects.select_related("version").get(pk=block.lesson_id)
    enrolment = _locked_enrolment(user, lesson.version.course_id)
    _check_lesson(enrolment, lesson)
    content = block.content
    assert isinstance(content, KnowledgeCheckData)  # noqa: S101 (kind checked above)
    chosen = _option_ids(content, option_ids)
    correct = content.is_correct(set(chosen))
    now = timezone.now()
    answer = CheckAnswer.objects.filter(enrolment=enrolment, block=block).first()
    if answer is not None and answer.chosen == chosen:
        return AnswerResult(answer, completion=None)  # the same answer again: nothing changes
    if answer is None:
        answer = CheckAnswer.objects.create(
            enrolment=enrolment, block=block, chosen=chosen, correct=correct, answered_at=now
        )
    else:
        answer.chosen, answer.correct, answer.answered_at = chosen, correct, now
        answer.attempts += 1
        answer.save(update_fields=["chosen", "correct", "answered_at", "attempts"])
    record("course.check_answered", actor=user, target=answer, after={"correct": correct, "attempt": answer.attempts})
    check_answered.publish(CheckAnswered(answer.pk, answer.attempts))
    return AnswerResult(answer, completion=_complete_if_due(enrolment, ProgressSource.SELF))


@transaction.atomic
def save_reflection(user: User, block: Block, text: str) -> ReflectionAnswer | None:
    """Keep the learner's private reflection; empty text removes it. Never reported."""
    if block.kind != BlockKind.REFLECTION:
        raise ValidationError(_("This is not a reflection question."), code=INVALID)
    text = text.strip()
    if len(text) > 10_000:
        raise ValidationError({"text": _("Keep the reflection under 10,000 characters.")}, code=INVALID)
    lesson = Lesson.objects.select_related("version").get(pk=block.lesson_id)
    enrolment = _locked_enrolment(user, lesson.version.course_id)
    _check_lesson(enrolment, lesson)
    answer = ReflectionAnswer.objects.filter(enrolment=enrolment, block=block).first()
    if not text:
        if answer is not None:
            answer.delete()
            record("course.reflection_removed", actor=user, target=enrolment)
        return None
    if answer is None:
        answer = ReflectionAnswer.objects.create(enrolment=enrolment, block=block, text=text)
    elif answer.text != text:
        answer.text = text
        answer.save(update_fields=["text", "updated_at"])
    else:
        return answer
    # The audit entry names the enrolment only: the text itself stays private.
    record("course.reflection_saved", actor=user, target=enrolment)
    return answer


def note_position(enrolment: Enrolment, lesson: Lesson) -> None:
    """Remember where the learner is reading, to resume on any device.

    A reading position, not a record: one conditional UPDATE, no audit entry.
    """
    if lesson.version_id == enrolment.version_id and enrolment.last_lesson_id != lesson.pk:
        Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson)
        enrolment.last_lesson = lesson


def membership_at_completion(user: User, version: CourseVersion) -> Membership | None:
    """The membership a completion is counted for: valid today, preferring the course's
    chosen organisations, then the most recently started; ties by id."""
    current = Membership.objects.current().filter(user=user).select_related("organisation", "unit")
    if version.audience == Audience.CHOSEN_ORGANISATIONS:
        chosen = current.filter(organisation__in=version.organisations.all()).order_by("-valid_from", "-id").first()
        if chosen is not None:
            return chosen
    return current.order_by("-valid_from", "-id").first()


def _complete_if_due(enrolment: Enrolment, source: str) -> Completion | None:
    """Inside the caller's transaction, with the enrolment locked."""
    if enrolment.completed_at is not None or Completion.objects.filter(enrolment=enrolment).exists():
        return None
    if not standing(enrolment).meets_rule:
        return None
    return _insert_completion(enrolment, source=source, at=timezone.now())


def complete_from_package(enrolment_id: int) -> Completion | None:
    """A content package (SCORM, cmi5) says its learner is done: the enrolment completes by the
    same path as a native course (organisation and unit at this moment, the domain event).

    Called by ``jamlik.packages`` once the package's own rule is met; idempotent, so a retried or
    late report never makes a second completion. Returns the new completion, or ``None`` when
    the enrolment had one already.
    """
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",)).select_related("user", "version").get(pk=enrolment_id)
        )
        if enrolment.completed_at is not None or Completion.objects.filter(enrolment=enrolment).exists():
            return None
        return _insert_completion(enrolment, source=ProgressSource.PACKAGE, at=timezone.now())


def _insert_completion(enrolment: Enrolment, *, source: str, at: Any) -> Completion:
    user = enrolment.user
    membership = membership_at_completion(user, enrolment.version)
    completion = Completion.objects.create(
        enrolment=enrolment,
        user=user,
        course_id=enrolment.course_id,
        version_id=enrolment.version_id,
        organisation=membership.organisation if membership else None,
        unit=membership.unit if membership else None,
        completed_at=at,
        source=source,
    )
    enrolment.completed_at = at
    enrolment.save(update_fields=["completed_at"])
    record(
        "course.completed",
        actor=user,
        organisation=completion.organisation,
        target=completion,
        summary=f"{user.email}: {enrolment.version.title}"[:300],
        after={
            "version": enrolment.version.number,
            "organisation": membership.organisation.slug if membership else None,
            "unit": membership.unit.name if membership and membership.unit else None,
            "source": source,
        },
    )
    course_completed.publish(CourseCompleted(completion_id=completion.pk))
    return completion


def course_open_to(organisation: Organisation, course: Course) -> bool:
    """Whether ``course``'s published version is for ``organisation``'s staff (all, or chosen)."""
    version = course.published_version
    if version is None or version.status != VersionStatus.PUBLISHED:
        return False
    if version.audience in (Audience.PUBLIC, Audience.ALL_ORGANISATIONS):
        return True
    return version.organisations.filter(pk=organisation.pk).exists()


@transaction.atomic
def enrol_member(
    actor: User | None, organisation: Organisation, person: User, course: Course
) -> tuple[Enrolment, bool]:
    """A coordinator enrols a current member of their organisation (onboarding); True when new.

    Idempotent like ``enrol``: a person already enrolled keeps their enrolment (and its version).
    """
    check_may_coordinate(actor, organisation)
    errors: dict[str, str] = {}
    if not Membership.objects.current().filter(organisation=organisation, user=person, user__is_active=True).exists():
        errors["person"] = _("%(email)s is not a member of %(organisation)s.") % {
            "email": person.email,
            "organisation": organisation.name,
        }
    if not course_open_to(organisation, course):
        errors["course"] = _("This course is not open to %(organisation)s.") % {"organisation": organisation.name}
    if errors:
        raise ValidationError(errors, code=NOT_ALLOWED)
    existing = Enrolment.objects.filter(user=person, course=course).first()
    if existing is not None:
        return existing, False
    return enrol(person, course, enrolled_by=actor, organisation=organisation), True
