"""Domain events: listeners run after commit, with ids, and never for a rolled-back change."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from jamlik.courses import actions
from jamlik.courses.events import CourseCompleted, course_completed
from jamlik.courses.models import Completion
from jamlik.lib.events import Event
from jamlik.people.models import User
from tests.courses.factories import lessons_of, make_course


@pytest.fixture
def received() -> Any:
    calls: list[CourseCompleted] = []

    def listener(payload: CourseCompleted) -> None:
        assert Completion.objects.filter(pk=payload.completion_id).exists()  # committed and visible
        calls.append(payload)

    course_completed.subscribe(listener)
    yield calls
    course_completed.unsubscribe(listener)


@pytest.mark.django_db(transaction=True)
def test_a_subscriber_is_called_after_commit_with_the_completion_id(learner_a: User, received: Any) -> None:
    course = make_course(lessons=1)
    actions.enrol(learner_a, course)
    with transaction.atomic():
        result = actions.record_progress(learner_a, lessons_of(course)[0])
        assert received == []  # not yet: the transaction is still open
    assert result.completion is not None
    assert received == [CourseCompleted(completion_id=result.completion.pk)]


@pytest.mark.django_db(transaction=True)
def test_a_subscriber_is_not_called_when_the_transaction_rolls_back(learner_a: User, received: Any) -> None:
    course = make_course(lessons=1)
    actions.enrol(learner_a, course)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.record_progress(learner_a, lessons_of(course)[0])
        raise RuntimeError("something later in the request failed")
    assert received == []
    assert not Completion.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failing_listener_does_not_stop_the_others(learner_a: User, received: Any) -> None:
    def broken(payload: CourseCompleted) -> None:
        raise ValueError("listener bug")

    course_completed.subscribe(broken)
    try:
        course = make_course(lessons=1)
        actions.enrol(learner_a, course)
        actions.record_progress(learner_a, lessons_of(course)[0])
    finally:
        course_completed.unsubscribe(broken)
    assert len(received) == 1


def test_subscribing_twice_calls_a_listener_once_and_names_are_unique() -> None:
    event: Event[int] = Event("test_only_event")

    def listener(payload: int) -> None: ...

    event.subscribe(listener)
    event.subscribe(listener)
    assert event.listeners == (listener,)
    with pytest.raises(ValueError, match="already declared"):
        Event("test_only_event")
