"""Attendance is marked only once a session has started, on every path; a completion is dated by
when its last requirement was met (the end of the last attended session), never by the click."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from jamlik.credentials.programmes import programme_achievement
from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.attendance import NOT_STARTED, checkin_token, mark_attendance
from jamlik.programmes.models import Attendance, Booking, ProgrammeCompletion
from tests.conftest import client_for
from tests.programmes.factories import Shape, attend, during, make_programme


@pytest.fixture
def shape(org_a: Organisation, learner_a: User) -> Shape:
    shape = make_programme(org_a, org_a)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    return shape


def _booking(shape: Shape) -> Booking:
    return Booking.objects.get(session=shape.stockholm)


def _english(user: User) -> Client:
    user.preferred_language = "en"
    user.save()
    return client_for(user)


@pytest.mark.django_db
def test_the_host_cannot_mark_anyone_before_the_session_starts(coordinator_a: User, shape: Shape) -> None:
    booking = _booking(shape)
    a_minute_early = shape.stockholm.starts_at - datetime.timedelta(minutes=1)
    for attended in (True, False):
        with time_machine.travel(a_minute_early, tick=False), pytest.raises(ValidationError) as refused:
            mark_attendance(coordinator_a, booking, attended)
        assert refused.value.code == NOT_STARTED
    booking.refresh_from_db()
    assert booking.attendance == Attendance.UNKNOWN and booking.attendance_marked_at is None
    with time_machine.travel(shape.stockholm.starts_at, tick=False):  # from the very start it is fine
        assert mark_attendance(coordinator_a, booking, True).attendance == Attendance.ATTENDED


@pytest.mark.django_db
def test_the_roster_says_when_attendance_opens_and_refuses_an_early_mark(coordinator_a: User, shape: Shape) -> None:
    host = _english(coordinator_a)
    booking = _booking(shape)
    roster = host.get(f"/program/vard/{shape.stockholm.public_id}/").content.decode()
    assert "Attendance can be marked once the session has started" in roster
    assert f"/narvaro/{booking.public_id}/" not in roster  # no buttons yet
    response = host.post(f"/program/vard/{shape.stockholm.public_id}/narvaro/{booking.public_id}/", {"attended": "1"})
    assert "Attendance can be marked once the session has started" in host.get(response["Location"]).content.decode()
    booking.refresh_from_db()
    assert booking.attendance == Attendance.UNKNOWN


@pytest.mark.django_db
def test_an_early_qr_check_in_is_refused_with_the_reason(coordinator_a: User, shape: Shape) -> None:
    host = _english(coordinator_a)
    booking = _booking(shape)
    url = f"/program/incheckning/{checkin_token(booking)}/"
    page = host.get(url).content.decode()
    assert "Attendance can be marked once the session has started" in page and "Check in</button>" not in page
    refused = host.post(url).content.decode()
    assert "Attendance can be marked once the session has started" in refused
    booking.refresh_from_db()
    assert booking.attendance == Attendance.UNKNOWN


@pytest.mark.django_db
def test_an_early_mark_through_the_api_is_a_problem_with_the_reason(coordinator_a: User, shape: Shape) -> None:
    host = _english(coordinator_a)
    booking = _booking(shape)
    response = host.post(
        f"/api/v1/programme-sessions/{shape.stockholm.public_id}/attendance",
        {"booking": str(booking.public_id), "attended": True},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",  # the API speaks the language asked for, not the site's cookie
    )
    assert 400 <= response.status_code < 500
    assert "Attendance can be marked once the session has started" in response.content.decode()
    booking.refresh_from_db()
    assert booking.attendance == Attendance.UNKNOWN


@pytest.mark.django_db
def test_a_completion_marked_weeks_later_is_dated_by_the_last_attended_session(
    coordinator_a: User, learner_a: User, shape: Shape, django_capture_on_commit_callbacks: Any
) -> None:
    bookings = list(Booking.objects.filter(registration__user=learner_a).order_by("session__starts_at"))
    weeks_later = shape.closing.ends_at + datetime.timedelta(weeks=3)
    with time_machine.travel(weeks_later, tick=False), django_capture_on_commit_callbacks(execute=True):
        for booking in bookings:
            mark_attendance(coordinator_a, booking, True)
    completion = ProgrammeCompletion.objects.get()
    assert completion.completed_at == shape.closing.ends_at
    achievement = programme_achievement(completion)  # what the diploma says
    assert achievement.completed_on == timezone.localdate(shape.closing.ends_at)
    assert achievement.completed_on != timezone.localdate(weeks_later)


@pytest.mark.django_db
def test_a_completion_marked_during_the_last_session_is_dated_then_not_in_the_future(
    coordinator_a: User, learner_a: User, shape: Shape
) -> None:
    bookings = list(Booking.objects.filter(registration__user=learner_a).order_by("session__starts_at"))
    for booking in bookings[:-1]:
        attend(coordinator_a, booking)
    with during(shape.closing):
        mark_attendance(coordinator_a, bookings[-1], True)
        marked_at = timezone.now()
    completion = ProgrammeCompletion.objects.get()
    assert completion.completed_at == marked_at < shape.closing.ends_at
