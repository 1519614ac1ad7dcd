"""Pages take a constant number of queries as courses, lessons and learners grow."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.courses import actions
from jamlik.courses.models import Course
from jamlik.people.models import Organisation, User
from tests.courses.factories import add_lessons, lessons_of, make_course
from tests.factories import MembershipFactory


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def other_learners(course: Course, organisation: Organisation, count: int) -> None:
    for _ in range(count):
        person = MembershipFactory(organisation=organisation).user
        actions.enrol(person, course)
        for lesson in lessons_of(course)[:2]:
            actions.record_progress(person, lesson)


def grows(measure: Callable[[], int], grow: Callable[[], None]) -> tuple[int, int]:
    measure()  # warm up per-process caches (content types, sessions)
    small = measure()
    grow()
    measure()  # the first visit after growing may move the reading position (one UPDATE)
    return small, measure()


@pytest.mark.django_db
def test_the_lesson_page_takes_a_constant_number_of_queries(
    as_learner_a: Client, learner_a: User, org_a: Organisation
) -> None:
    course = make_course(lessons=3, checks_per_lesson=1, reflection=True)
    actions.enrol(learner_a, course)
    lesson = lessons_of(course)[1]
    actions.record_progress(learner_a, lessons_of(course)[0])
    url = f"/kurser/{course.slug}/lektion/{lesson.public_id}/"

    def grow() -> None:
        assert course.published_version is not None
        add_lessons(course.published_version, 12, checks_per_lesson=2, reflection=True)
        other_learners(course, org_a, 10)
        for other in lessons_of(course)[2:8]:
            actions.record_progress(learner_a, other)

    small, large = grows(lambda: queries(as_learner_a, url), grow)
    assert small == large


@pytest.mark.django_db
def test_the_catalogue_takes_a_constant_number_of_queries(
    as_learner_a: Client, learner_a: User, org_a: Organisation, client: Client
) -> None:
    first = make_course(lessons=2)
    actions.enrol(learner_a, first)

    def grow() -> None:
        for _ in range(6):
            course = make_course(lessons=4)
            actions.enrol(learner_a, course)
            other_learners(course, org_a, 2)

    small, large = grows(lambda: queries(as_learner_a, "/kurser/"), grow)
    assert small == large
    assert queries(client, "/kurser/?language=sv") <= 4


@pytest.mark.django_db
def test_the_course_page_takes_a_constant_number_of_queries(
    as_learner_a: Client, learner_a: User, org_a: Organisation
) -> None:
    course = make_course(lessons=2)
    actions.enrol(learner_a, course)

    def grow() -> None:
        assert course.published_version is not None
        add_lessons(course.published_version, 10)
        other_learners(course, org_a, 5)

    small, large = grows(lambda: queries(as_learner_a, f"/kurser/{course.slug}/"), grow)
    assert small == large


@pytest.mark.django_db
def test_the_coordinator_report_takes_a_constant_number_of_queries(
    as_coordinator_a: Client, org_a: Organisation
) -> None:
    course = make_course(lessons=3)
    other_learners(course, org_a, 2)
    url = f"/organisationer/{org_a.slug}/kurser/"
    small, large = grows(lambda: queries(as_coordinator_a, url), lambda: other_learners(course, org_a, 15))
    assert small == large
