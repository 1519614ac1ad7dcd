"""Progress and answers that do not belong to the learner are refused, and nothing is written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.courses import actions, versions
from jamlik.courses.models import CheckAnswer, Completion, Enrolment, LessonProgress, OrderMode, ReflectionAnswer
from jamlik.people.models import User
from tests.courses.factories import lessons_of, make_course


def nothing_written() -> bool:
    return not (
        LessonProgress.objects.exists()
        or CheckAnswer.objects.exists()
        or ReflectionAnswer.objects.exists()
        or Completion.objects.exists()
        or AuditEntry.objects.filter(action__in=["course.lesson_done", "course.completed"]).exists()
    )


@pytest.mark.django_db
def test_progress_in_a_course_the_person_is_not_enrolled_in_is_refused(learner_a: User) -> None:
    course = make_course(lessons=1, checks_per_lesson=1, reflection=True)
    (lesson,) = lessons_of(course)
    for attempt in (
        lambda: actions.record_progress(learner_a, lesson),
        lambda: actions.answer_check(learner_a, lesson.blocks.get(kind="knowledge_check"), ["a"]),
        lambda: actions.save_reflection(learner_a, lesson.blocks.get(kind="reflection"), "tankar"),
    ):
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert exc.value.code == actions.NOT_ENROLLED
    assert nothing_written()


@pytest.mark.django_db
def test_progress_for_a_lesson_of_another_version_is_refused(learner_a: User) -> None:
    course = make_course(lessons=2)
    actions.enrol(learner_a, course)
    assert course.published_version is not None
    draft = versions.create_draft_from(None, course.published_version)
    versions.publish_version(None, draft)
    new_lesson = draft.ordered_lessons().first()
    assert new_lesson is not None
    with pytest.raises(ValidationError) as exc:
        actions.record_progress(learner_a, new_lesson)
    assert exc.value.code == actions.OTHER_VERSION
    assert nothing_written()


@pytest.mark.django_db
def test_the_lesson_pages_refuse_a_lesson_of_another_course_version(as_learner_a: Client, learner_a: User) -> None:
    course = make_course(lessons=1)
    actions.enrol(learner_a, course)
    other = make_course(lessons=1)
    foreign = lessons_of(other)[0]
    response = as_learner_a.post(f"/kurser/{course.slug}/lektion/{foreign.public_id}/klar/")
    assert response.status_code == 404
    assert nothing_written()


@pytest.mark.django_db
def test_a_sequential_course_refuses_a_lesson_before_the_earlier_ones(as_learner_a: Client, learner_a: User) -> None:
    course = make_course(lessons=3, order_mode=OrderMode.SEQUENTIAL)
    first, second, third = lessons_of(course)
    actions.enrol(learner_a, course)
    with pytest.raises(ValidationError) as exc:
        actions.record_progress(learner_a, third)
    assert exc.value.code == actions.LOCKED
    assert nothing_written()
    page = as_learner_a.get(f"/kurser/{course.slug}/lektion/{third.public_id}/")
    assert "klar/" not in page.content.decode()  # no form to mark a locked lesson done
    assert str(first.public_id) in page.content.decode()  # a link to the lesson to take first
    actions.record_progress(learner_a, first)
    actions.record_progress(learner_a, second)
    assert actions.record_progress(learner_a, third).completion is not None


@pytest.mark.django_db
def test_an_answer_naming_options_that_do_not_exist_is_refused(learner_a: User) -> None:
    course = make_course(lessons=1, checks_per_lesson=1)
    actions.enrol(learner_a, course)
    block = lessons_of(course)[0].blocks.get(kind="knowledge_check")
    for chosen in ([], ["zzz"], ["a", "b"]):
        with pytest.raises(ValidationError):
            actions.answer_check(learner_a, block, chosen)
    assert not CheckAnswer.objects.exists()
    assert Enrolment.objects.count() == 1
