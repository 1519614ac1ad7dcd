"""Pages take a constant number of queries as courses, lessons and learners grow."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.courses import actions
from jamlik.courses.blocks import BlockKind, KnowledgeCheckData
from jamlik.courses.models import Completion, Course, LessonProgress, OrderMode
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
    # The session, the user, the enrolment with its course, the learner's progress, answers and reflections,
    # the menu's memberships: the lessons and blocks come from the process's cache, the notices too.
    assert large <= 7


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


def post_queries(client: Client, course: Course, lesson_id: object) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(f"/kurser/{course.slug}/lektion/{lesson_id}/klar/")
    assert response.status_code == 302
    return len(ctx.captured_queries), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("order_mode", [OrderMode.FREE, OrderMode.SEQUENTIAL])
def test_marking_a_lesson_done_takes_a_constant_number_of_queries(
    as_learner_a: Client, learner_a: User, org_a: Organisation, order_mode: str
) -> None:
    course = make_course(lessons=4, checks_per_lesson=1, order_mode=order_mode)
    actions.enrol(learner_a, course)
    lessons = lessons_of(course)
    as_learner_a.get(f"/kurser/{course.slug}/lektion/{lessons[0].public_id}/")  # warm up per-process caches
    small, location = post_queries(as_learner_a, course, lessons[0].public_id)
    assert location.endswith(f"/lektion/{lessons[1].public_id}/")
    assert course.published_version is not None
    add_lessons(course.published_version, 12, checks_per_lesson=2, reflection=True)
    other_learners(course, org_a, 10)
    lessons = lessons_of(course)
    for lesson in lessons[1:8]:
        actions.record_progress(learner_a, lesson)
    large, location = post_queries(as_learner_a, course, lessons[8].public_id)
    assert location.endswith(f"/lektion/{lessons[9].public_id}/")
    assert small == large
    # The session, the user, the enrolment with its course, the enrolment locked, the progress rows, the
    # reading position and the audit entry; the version's lessons come from the process's cache, and the knowledge
    # checks are only counted once every lesson is done.
    assert large <= 11


@pytest.mark.django_db
def test_marking_the_last_lesson_done_completes_the_course_and_counts_the_checks(
    as_learner_a: Client, learner_a: User
) -> None:
    course = make_course(lessons=2, checks_per_lesson=1, pass_mark=50)
    actions.enrol(learner_a, course)
    first, last = lessons_of(course)
    for lesson in (first, last):
        check = lesson.blocks.get(kind=BlockKind.KNOWLEDGE_CHECK)
        content = check.content
        assert isinstance(content, KnowledgeCheckData)
        actions.answer_check(learner_a, check, [next(o.id for o in content.options if o.correct)])
    _, location = post_queries(as_learner_a, course, first.public_id)
    assert location.endswith(f"/lektion/{last.public_id}/")
    assert not Completion.objects.exists()
    _, location = post_queries(as_learner_a, course, last.public_id)
    assert location == f"/kurser/{course.slug}/klar/"
    assert Completion.objects.filter(user=learner_a, course=course).count() == 1


@pytest.mark.django_db
def test_marking_a_lesson_done_again_still_leads_on_to_the_next_lesson_not_done(
    as_learner_a: Client, learner_a: User
) -> None:
    course = make_course(lessons=3)
    actions.enrol(learner_a, course)
    lessons = lessons_of(course)
    post_queries(as_learner_a, course, lessons[0].public_id)
    _, location = post_queries(as_learner_a, course, lessons[0].public_id)
    assert location.endswith(f"/lektion/{lessons[1].public_id}/")
    assert LessonProgress.objects.filter(enrolment__user=learner_a).count() == 1


@pytest.mark.django_db
def test_a_lesson_reads_only_the_kinds_of_answer_its_blocks_can_hold(as_learner_a: Client, learner_a: User) -> None:
    reading = make_course(lessons=2)
    asking = make_course(lessons=2, checks_per_lesson=1, reflection=True)
    counts = []
    for course in (reading, asking):
        actions.enrol(learner_a, course)
        url = f"/kurser/{course.slug}/lektion/{lessons_of(course)[0].public_id}/"
        queries(as_learner_a, url)  # the first visit notes the reading position
        with CaptureQueriesContext(connection) as ctx:
            assert as_learner_a.get(url).status_code == 200
        sqls = [q["sql"] for q in ctx.captured_queries]
        counts.append(
            (len(sqls), any("courses_checkanswer" in s for s in sqls), any("reflectionanswer" in s for s in sqls))
        )
    assert counts[0] == (counts[1][0] - 2, False, False)
    assert counts[1][1:] == (True, True)


@pytest.mark.django_db
def test_recording_progress_takes_a_constant_number_of_queries(as_learner_a: Client, learner_a: User) -> None:
    course = make_course(lessons=6)
    actions.enrol(learner_a, course)
    lessons = lessons_of(course)

    def mark(lesson_index: int) -> int:
        url = f"/kurser/{course.slug}/lektion/{lessons[lesson_index].public_id}/klar/"
        with CaptureQueriesContext(connection) as ctx:
            assert as_learner_a.post(url).status_code == 302
        return len(ctx.captured_queries)

    mark(0)  # warm up per-process caches (content types)
    first, later = mark(1), mark(4)
    assert first == later
    # The session, the user, the enrolment with its course; in the transaction (BEGIN, COMMIT)
    # the locked enrolment, the lessons done, the new progress, the reading position and the
    # audit entry; after it the lesson's event for the queue.
    assert later <= 10
    mark(4)  # done before (a double click): nothing written
    assert LessonProgress.objects.filter(enrolment__user=learner_a).count() == 3
