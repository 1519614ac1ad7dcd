"""Completion: decided on the server from the version's rule, recorded once, with the
organisation and unit the person belonged to at that moment."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.courses import actions
from jamlik.courses.events import CourseCompleted, course_completed
from jamlik.courses.models import Completion, ProgressSource
from jamlik.people.models import Membership, Organisation, User
from tests.courses.factories import lessons_of, make_course
from tests.factories import MembershipFactory, UnitFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, 0, tzinfo=STOCKHOLM)


def knowledge_checks(lesson: Any) -> list[Any]:
    return list(lesson.blocks.filter(kind="knowledge_check"))


@pytest.mark.django_db
def test_completion_records_the_organisation_and_unit_of_that_moment(
    learner_a: User, org_a: Organisation, org_b: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    first_unit, second_unit = UnitFactory(organisation=org_a), UnitFactory(organisation=org_b)
    Membership.objects.filter(user=learner_a).update(unit=first_unit)
    course = make_course(lessons=2)
    first, second = lessons_of(course)
    with time_machine.travel(at(2026, 3, 2), tick=False):
        actions.enrol(learner_a, course)
        actions.record_progress(learner_a, first)
    # The person changes employer at the end of March.
    Membership.objects.filter(user=learner_a).update(valid_to=datetime.date(2026, 3, 31))
    MembershipFactory(user=learner_a, organisation=org_b, unit=second_unit, valid_from=datetime.date(2026, 4, 1))
    heard: list[CourseCompleted] = []
    course_completed.subscribe(heard.append)
    try:
        with time_machine.travel(at(2026, 4, 15), tick=False), django_capture_on_commit_callbacks(execute=True):
            result = actions.record_progress(learner_a, second)
            actions.record_progress(learner_a, second)
    finally:
        course_completed.unsubscribe(heard.append)
    completion = Completion.objects.get()
    assert result.completion == completion
    assert (completion.organisation, completion.unit) == (org_b, second_unit)
    assert completion.completed_at == at(2026, 4, 15)
    assert completion.version == course.published_version
    assert completion.source == ProgressSource.SELF
    assert heard == [CourseCompleted(completion_id=completion.pk)]
    assert AuditEntry.objects.filter(action="course.completed", organisation=org_b).count() == 1


@pytest.mark.django_db
def test_a_course_is_completed_exactly_once_however_often_progress_arrives(learner_a: User) -> None:
    course = make_course(lessons=1, checks_per_lesson=1)
    (lesson,) = lessons_of(course)
    actions.enrol(learner_a, course)
    actions.answer_check(learner_a, knowledge_checks(lesson)[0], ["a"])
    results = [actions.record_progress(learner_a, lesson) for _ in range(3)]
    actions.answer_check(learner_a, knowledge_checks(lesson)[0], ["b"])
    actions.answer_check(learner_a, knowledge_checks(lesson)[0], ["a"])
    assert [r.completion is not None for r in results] == [True, False, False]
    assert Completion.objects.count() == 1


@pytest.mark.django_db
def test_all_lessons_done_is_not_enough_below_the_pass_mark(as_learner_a: Client, learner_a: User) -> None:
    course = make_course(lessons=2, checks_per_lesson=1, pass_mark=100)
    first, second = lessons_of(course)
    actions.enrol(learner_a, course)
    actions.answer_check(learner_a, knowledge_checks(first)[0], ["a"])
    actions.answer_check(learner_a, knowledge_checks(second)[0], ["b"])  # wrong
    actions.record_progress(learner_a, first)
    response = as_learner_a.post(f"/kurser/{course.slug}/lektion/{second.public_id}/klar/")
    assert response["Location"] == f"/kurser/{course.slug}/klar/"
    assert not Completion.objects.exists()
    page = as_learner_a.get(response["Location"]).content.decode()
    assert "50 %" in page
    assert second.title in page  # the lesson to revisit

    # Answering again, with no time limit, completes the course.
    result = actions.answer_check(learner_a, knowledge_checks(second)[0], ["a"])
    assert result.completion is not None
    assert result.answer.attempts == 2


@pytest.mark.django_db
def test_the_pass_mark_is_a_share_of_all_knowledge_checks(learner_a: User) -> None:
    course = make_course(lessons=1, checks_per_lesson=4, pass_mark=75)
    (lesson,) = lessons_of(course)
    actions.enrol(learner_a, course)
    checks = knowledge_checks(lesson)
    for block in checks[:3]:
        actions.answer_check(learner_a, block, ["a"])
    actions.answer_check(learner_a, checks[3], ["b"])
    assert actions.record_progress(learner_a, lesson).completion is not None


@pytest.mark.django_db
def test_lessons_taken_in_a_group_count_and_their_checks_are_left_out_of_the_score(
    learner_a: User, coordinator_a: User
) -> None:
    course = make_course(lessons=2, checks_per_lesson=1, pass_mark=100)
    first, second = lessons_of(course)
    actions.enrol(learner_a, course)
    actions.answer_check(learner_a, knowledge_checks(first)[0], ["a"])
    actions.record_progress(learner_a, first)
    result = actions.record_progress(learner_a, second, source=ProgressSource.GROUP, recorded_by=coordinator_a)
    assert result.completion is not None
    assert result.completion.source == ProgressSource.GROUP


@pytest.mark.django_db
def test_a_person_without_a_membership_completes_a_public_course_without_an_organisation(db: None) -> None:
    from tests.factories import UserFactory

    visitor = UserFactory()
    course = make_course(lessons=1, audience="public")
    actions.enrol(visitor, course)
    result = actions.record_progress(visitor, lessons_of(course)[0])
    assert result.completion is not None
    assert result.completion.organisation is None


@pytest.mark.django_db
def test_a_package_completes_an_enrolment_once_by_the_same_path(
    learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    unit = UnitFactory(organisation=org_a)
    Membership.objects.filter(user=learner_a).update(unit=unit)
    course = make_course(lessons=1)
    enrolment = actions.enrol(learner_a, course)
    heard: list[CourseCompleted] = []
    course_completed.subscribe(heard.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = actions.complete_from_package(enrolment.pk)
            again = actions.complete_from_package(enrolment.pk)
    finally:
        course_completed.unsubscribe(heard.append)
    assert first is not None and again is None
    completion = Completion.objects.get()
    assert (completion.organisation, completion.unit, completion.source) == (org_a, unit, ProgressSource.PACKAGE)
    assert heard == [CourseCompleted(completion_id=completion.pk)]
    assert AuditEntry.objects.filter(action="course.completed").count() == 1
