"""State changes of evaluations: answering, and setting a course's or programme's questions."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.courses.models import Course
from jamlik.evaluations.access import check_may_organise
from jamlik.evaluations.defaults import DEFAULT_QUESTIONS, MAX_RATING_QUESTIONS, MAX_TEXT_QUESTIONS, QuestionRow
from jamlik.evaluations.models import Answer, Participation, Question, QuestionKind, Questionnaire, Response
from jamlik.evaluations.rounds import Occasion, closes_on, is_open
from jamlik.people.models import Kon, User
from jamlik.programmes.models import Programme

KON_STORED = {Kon.KVINNA.value, Kon.MAN.value, Kon.ANNAT.value}


class AlreadyAnswered(Exception):
    """This person has already answered for this occasion."""


class RoundClosed(Exception):
    """The occasion's round no longer takes answers."""


class QuestionsChanged(Exception):
    """The questions changed after the form was shown."""


def current_questionnaire(*, course: Course | None = None, programme: Programme | None = None) -> Questionnaire | None:
    if course is not None:
        return Questionnaire.objects.filter(course=course, current=True).first()
    return Questionnaire.objects.filter(programme=programme, current=True).first()


def asked_questions(questionnaire: Questionnaire | None) -> list[Question] | list[QuestionRow]:
    """The questions asked: the questionnaire's, or the default ones while there is none."""
    if questionnaire is None:
        return list(DEFAULT_QUESTIONS)
    return list(questionnaire.questions.all())


def _create(
    course: Course | None, programme: Programme | None, rows: Sequence[QuestionRow], number: int
) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(course=course, programme=programme, number=number)
    Question.objects.bulk_create(
        Question(questionnaire=questionnaire, position=i, kind=row.kind, text_sv=row.text_sv, text_en=row.text_en)
        for i, row in enumerate(rows, start=1)
    )
    return questionnaire


def answer(
    actor: User,
    occasion: Occasion,
    ratings: Mapping[int, int],
    texts: Mapping[int, str],
    *,
    asked: int,
    today: datetime.date | None = None,
) -> None:
    """Answer the evaluation of one's own completion or attended session, once.

    ``ratings`` and ``texts`` are keyed by the question's position; every rating question needs a
    rating from 1 to 5, free text is optional. ``asked`` is the number of the questionnaire the form
    showed (0: the default questions). Who answered is written apart from what was answered, and
    the audit entry says only that the person answered (``models`` docstring)."""
    if occasion.user.pk != actor.pk or not occasion.attended:
        raise PermissionDenied
    period = occasion.period
    if not is_open(period, today):
        raise RoundClosed
    course, programme = occasion.course, occasion.programme
    with transaction.atomic():
        questionnaire = current_questionnaire(course=course, programme=programme)
        if (questionnaire.number if questionnaire else 0) != asked:
            raise QuestionsChanged
        if questionnaire is None:
            questionnaire = _create(course, programme, DEFAULT_QUESTIONS, 1)
        questions = list(questionnaire.questions.all())
        errors: dict[str, ValidationError] = {}
        rows = []
        for question in questions:
            if question.kind == QuestionKind.RATING:
                value = ratings.get(question.position)
                if value is None or not 1 <= value <= 5:
                    errors[f"rating_{question.position}"] = ValidationError(
                        _("Choose a rating from 1 to 5."), code="required"
                    )
                    continue
                rows.append(Answer(question=question, rating=value))
            else:
                text = (texts.get(question.position) or "").strip()
                if len(text) > 4000:
                    errors[f"text_{question.position}"] = ValidationError(
                        _("Keep the answer under 4,000 characters."), code="max_length"
                    )
                elif text:
                    rows.append(Answer(question=question, text=text))
        if errors:
            raise ValidationError(errors)
        try:
            with transaction.atomic():
                Participation.objects.create(user=actor, completion=occasion.completion, booking=occasion.booking)
        except IntegrityError:
            raise AlreadyAnswered from None
        kon = actor.kon if actor.kon in KON_STORED else ""
        response = Response.objects.create(questionnaire=questionnaire, period=period, kon=kon)
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
        # Only that the person answered, and for which course or programme: never the answers or the
        # response's key (tests/evaluations/test_anonymity.py).
        record(
            "evaluations.answered",
            actor=actor,
            target=course or programme,
            summary=f"Answered the evaluation (round {period}, closes {closes_on(period).isoformat()})",
        )


def check_rows(rows: Sequence[QuestionRow]) -> None:
    ratings = [r for r in rows if r.kind == QuestionKind.RATING]
    texts = [r for r in rows if r.kind == QuestionKind.TEXT]
    if not ratings and not texts:
        raise ValidationError(_("Ask at least one question."), code="empty")
    if len(ratings) > MAX_RATING_QUESTIONS or len(texts) > MAX_TEXT_QUESTIONS:
        raise ValidationError(
            _("Ask at most %(ratings)s rating questions and %(texts)s free-text questions.")
            % {"ratings": MAX_RATING_QUESTIONS, "texts": MAX_TEXT_QUESTIONS},
            code="too_many",
        )
    for row in rows:
        if not row.text_sv.strip() or not row.text_en.strip():
            raise ValidationError(_("Write every question in Swedish and in English."), code="language")
        if len(row.text_sv) > 200 or len(row.text_en) > 200:
            raise ValidationError(_("Keep each question under 200 characters."), code="max_length")


@transaction.atomic
def set_questions(
    actor: User | None,
    rows: Sequence[QuestionRow],
    *,
    course: Course | None = None,
    programme: Programme | None = None,
) -> Questionnaire:
    """Set the questions of a course's or a programme's evaluation (rating questions first).

    While nobody has answered, the questionnaire changes in place; after the first answer, a new
    questionnaire replaces it and the old one keeps its answers and rounds."""
    check_may_organise(actor, course=course, programme=programme)
    check_rows(rows)
    ordered = [r for r in rows if r.kind == QuestionKind.RATING] + [r for r in rows if r.kind == QuestionKind.TEXT]
    current = current_questionnaire(course=course, programme=programme)
    before = [(q.kind, q.text_sv, q.text_en) for q in asked_questions(current)]
    if current is None:
        questionnaire = _create(course, programme, ordered, 1)
    elif current.responses.exists():
        Questionnaire.objects.filter(pk=current.pk).update(current=False)
        questionnaire = _create(course, programme, ordered, current.number + 1)
    else:
        current.questions.all().delete()
        Question.objects.bulk_create(
            Question(questionnaire=current, position=i, kind=r.kind, text_sv=r.text_sv, text_en=r.text_en)
            for i, r in enumerate(ordered, start=1)
        )
        questionnaire = current
    record(
        "evaluations.questions_set",
        actor=actor,
        organisation=course.owner if course is not None else None,
        target=course or programme,
        summary=f"Evaluation questions set (questionnaire {questionnaire.number})",
        before={"questions": before},
        after={"questions": [(r.kind, r.text_sv, r.text_en) for r in ordered]},
    )
    return questionnaire
