"""Attending every required module completes the programme once and announces it after commit."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.events import ProgrammeCompleted, programme_completed
from jamlik.programmes.models import Booking, ProgrammeCompletion
from tests.programmes.factories import attend, make_programme


@pytest.fixture
def announced() -> Iterator[list[ProgrammeCompleted]]:
    calls: list[ProgrammeCompleted] = []

    def listener(payload: ProgrammeCompleted) -> None:
        calls.append(payload)

    programme_completed.subscribe(listener)
    yield calls
    programme_completed.unsubscribe(listener)


@pytest.mark.django_db
def test_attending_every_required_module_completes_the_programme_once(
    learner_a: User,
    coordinator_a: User,
    org_a: Organisation,
    announced: list[ProgrammeCompleted],
    django_capture_on_commit_callbacks: Any,
) -> None:
    shape = make_programme(org_a, org_a)
    actions.register(learner_a, shape.programme, [shape.goteborg.pk])
    bookings = list(Booking.objects.filter(registration__user=learner_a).order_by("session__starts_at"))
    with django_capture_on_commit_callbacks(execute=True):
        for booking in bookings[:-1]:
            attend(coordinator_a, booking, True)
    assert not ProgrammeCompletion.objects.exists()  # the closing webinar is still ahead
    with django_capture_on_commit_callbacks(execute=True):
        attend(coordinator_a, bookings[-1], True)
        attend(coordinator_a, bookings[-1], True)  # marking again changes nothing
    completion = ProgrammeCompletion.objects.get()
    assert completion.user == learner_a
    assert announced == [ProgrammeCompleted(completion_id=completion.pk)]


@pytest.mark.django_db
def test_a_no_show_in_a_required_module_does_not_complete(
    learner_a: User, coordinator_a: User, org_a: Organisation
) -> None:
    shape = make_programme(org_a, org_a)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    bookings = list(Booking.objects.filter(registration__user=learner_a).order_by("session__starts_at"))
    attend(coordinator_a, bookings[0], True)
    attend(coordinator_a, bookings[1], False)
    attend(coordinator_a, bookings[2], True)
    assert not ProgrammeCompletion.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_completing_the_self_paced_course_last_completes_the_programme(
    learner_a: User, coordinator_a: User, org_a: Organisation, announced: list[ProgrammeCompleted]
) -> None:
    from jamlik.courses import actions as course_actions
    from jamlik.programmes.models import ModuleKind, ProgrammeModule
    from tests.courses.factories import lessons_of, make_course

    shape = make_programme(org_a, org_a)
    course = make_course(lessons=1)
    ProgrammeModule.objects.create(
        programme=shape.programme, position=4, title="Webbkurs", kind=ModuleKind.SELF_PACED, course=course
    )
    actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    for booking in Booking.objects.filter(registration__user=learner_a):
        attend(coordinator_a, booking, True)
    assert not ProgrammeCompletion.objects.exists()  # the course is still to do
    two_days_after = shape.closing.ends_at + datetime.timedelta(days=2)
    with time_machine.travel(two_days_after, tick=False):
        course_actions.enrol(learner_a, course)
        course_actions.record_progress(learner_a, lessons_of(course)[0])
    completion = ProgrammeCompletion.objects.get()
    assert announced == [ProgrammeCompleted(completion_id=completion.pk)]
    assert completion.completed_at == two_days_after  # the course was the last requirement met
