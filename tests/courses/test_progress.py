"""Recording progress is idempotent: double clicks, retries and two tabs never double-count."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.courses import actions
from jamlik.courses.models import Completion, Enrolment, LessonProgress
from jamlik.people.models import User
from tests.conftest import client_for, on_postgres
from tests.courses.factories import lessons_of, make_course


def done_url(course_slug: str, lesson_id: object) -> str:
    return f"/kurser/{course_slug}/lektion/{lesson_id}/klar/"


@pytest.mark.django_db
def test_the_same_request_twice_records_the_lesson_once(as_learner_a: Client, learner_a: User) -> None:
    course = make_course(lessons=3)
    actions.enrol(learner_a, course)
    lesson = lessons_of(course)[0]
    first = as_learner_a.post(done_url(course.slug, lesson.public_id))
    again = as_learner_a.post(done_url(course.slug, lesson.public_id))
    assert first.status_code == again.status_code == 302
    assert LessonProgress.objects.count() == 1
    assert AuditEntry.objects.filter(action="course.lesson_done").count() == 1


@pytest.mark.django_db
def test_two_tabs_never_regress_a_lesson_already_done(learner_a: User) -> None:
    course = make_course(lessons=2)
    actions.enrol(learner_a, course)
    lesson = lessons_of(course)[0]
    first = actions.record_progress(learner_a, lesson)
    second = actions.record_progress(learner_a, lesson)
    assert first.created and not second.created
    assert second.progress.completed_at == first.progress.completed_at


@pytest.mark.django_db
def test_the_resume_point_moves_to_the_next_lesson_not_done(as_learner_a: Client, learner_a: User) -> None:
    course = make_course(lessons=3)
    lessons = lessons_of(course)
    actions.enrol(learner_a, course)
    response = as_learner_a.post(done_url(course.slug, lessons[0].public_id))
    assert response["Location"] == f"/kurser/{course.slug}/lektion/{lessons[1].public_id}/"
    other_device = client_for(learner_a)
    page = other_device.get(f"/kurser/{course.slug}/").content.decode()
    assert f"/lektion/{lessons[1].public_id}/" in page
    assert Enrolment.objects.get().last_lesson == lessons[1]


def _in_threads(*targets: object) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(targets))

    def run(target: object) -> None:
        try:
            barrier.wait()
            target()  # type: ignore[operator]
        except BaseException as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL row locks (SQLite serialises writers anyway)")
@pytest.mark.django_db(transaction=True)
def test_the_last_two_lessons_done_at_the_same_moment_complete_the_course_exactly_once(learner_a: User) -> None:
    course = make_course(lessons=3)
    first, second, third = lessons_of(course)
    actions.enrol(learner_a, course)
    actions.record_progress(learner_a, first)
    errors = _in_threads(
        lambda: actions.record_progress(learner_a, second), lambda: actions.record_progress(learner_a, third)
    )
    assert errors == []
    assert LessonProgress.objects.count() == 3
    assert Completion.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL row locks (SQLite serialises writers anyway)")
@pytest.mark.django_db(transaction=True)
def test_the_same_lesson_sent_from_two_tabs_at_once_is_recorded_once(learner_a: User) -> None:
    course = make_course(lessons=2)
    lesson = lessons_of(course)[0]
    actions.enrol(learner_a, course)
    errors = _in_threads(*(lambda: actions.record_progress(learner_a, lesson) for _ in range(4)))
    assert errors == []
    assert LessonProgress.objects.count() == 1
    assert AuditEntry.objects.filter(action="course.lesson_done").count() == 1
