"""Completing a programme issues a diploma naming its modules with the dates the person attended."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jamlik.credentials import programmes
from jamlik.credentials.models import Diploma
from jamlik.people.models import Organisation, User
from jamlik.programmes import actions as programme_actions
from jamlik.programmes.models import Booking
from tests.credentials.kit import diploma_of
from tests.programmes.factories import attend, make_programme


def attend_all(learner: User, host: User, shape: Any, capture: Any) -> None:
    programme_actions.register(learner, shape.programme, [shape.goteborg.pk])
    with capture(execute=True):
        for booking in Booking.objects.filter(registration__user=learner).order_by("session__starts_at"):
            attend(host, booking, True)


def test_completing_a_programme_issues_a_diploma_with_modules_and_dates(
    learner_a: User, coordinator_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a, org_a, title="Jämlikhet i praktiken")
    attend_all(learner_a, coordinator_a, shape, django_capture_on_commit_callbacks)
    diploma = diploma_of(learner_a)
    data = diploma.data
    assert data.kind == "programme" and data.title == "Jämlikhet i praktiken"
    assert [p.title for p in data.parts] == ["Webbinarium 1", "Fysisk träff", "Webbinarium 2"]
    assert data.parts[1].date == timezone.localdate(shape.goteborg.starts_at)  # the city they went to
    assert data.completed_on == timezone.localdate(shape.closing.starts_at)  # the last session, not the day marked
    assert list(diploma.issuers.all()) == [org_a]


def test_a_programme_without_a_diploma_issues_none(
    learner_a: User, coordinator_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a, org_a, issues_diploma=False)
    attend_all(learner_a, coordinator_a, shape, django_capture_on_commit_callbacks)
    assert not Diploma.objects.exists()


def test_a_programme_manager_cannot_issue_for_a_programme_not_completed(
    learner_a: User, programme_manager: User, org_a: Organisation
) -> None:
    shape = make_programme(org_a, org_a)
    with pytest.raises(ValidationError, match="has not completed this programme"):
        programmes.issue_for_programme(programme_manager, learner_a, shape.programme)


def test_bulk_issue_for_a_programme_keeps_the_diploma_already_issued(
    learner_a: User,
    coordinator_a: User,
    programme_manager: User,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    shape = make_programme(org_a, org_a)
    attend_all(learner_a, coordinator_a, shape, django_capture_on_commit_callbacks)
    assert programmes.issue_for_programme_in_bulk(programme_manager, shape.programme) == [diploma_of(learner_a)]
