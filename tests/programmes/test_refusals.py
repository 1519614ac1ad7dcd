"""Bad input gets a clear answer in the person's language and changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from jamlik.audit.models import AuditEntry
from jamlik.people.models import Organisation, User
from jamlik.programmes import actions, organiser
from jamlik.programmes.models import Booking, Registration, SessionStatus
from tests.programmes.factories import make_programme


def _url(shape: object) -> str:
    return f"/program/{shape.programme.slug}/anmal/"  # type: ignore[attr-defined]


def _nothing_written() -> None:
    assert not Registration.objects.exists()
    assert not Booking.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="programme.").exists()


@pytest.mark.django_db
def test_registering_after_the_deadline_is_refused(as_learner_a: Client, learner_a: User, org_a: Organisation) -> None:
    learner_a.preferred_language = "en"
    learner_a.save()
    shape = make_programme(org_a, registration_deadline=timezone.localdate() - datetime.timedelta(days=1))
    page = as_learner_a.get(f"/program/{shape.programme.slug}/").content.decode()
    assert "Registration is closed." in page
    response = as_learner_a.post(_url(shape), {f"module_{shape.stockholm.module_id}": shape.stockholm.pk})
    assert "Registration is closed." in response.content.decode()
    _nothing_written()


@pytest.mark.django_db
def test_a_session_with_its_own_passed_deadline_is_refused(learner_a: User, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    shape.goteborg.registration_deadline = timezone.localdate() - datetime.timedelta(days=1)
    shape.goteborg.save()
    with translation.override("en"), pytest.raises(ValidationError, match="has passed"):
        actions.register(learner_a, shape.programme, [shape.goteborg.pk])
    _nothing_written()


@pytest.mark.django_db
def test_registering_twice_is_refused(as_learner_a: Client, learner_a: User, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    with translation.override("en"), pytest.raises(ValidationError, match="already registered"):
        actions.register(learner_a, shape.programme, [shape.goteborg.pk])
    assert Registration.objects.count() == 1
    assert Booking.objects.filter(session=shape.goteborg).count() == 0


@pytest.mark.django_db
def test_registering_for_a_cancelled_session_is_refused(as_learner_a: Client, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    shape.goteborg.status = SessionStatus.CANCELLED
    shape.goteborg.save()
    with translation.override("en"), pytest.raises(ValidationError, match="is cancelled"):
        actions.register(User.objects.get(email="lina@sater.se"), shape.programme, [shape.goteborg.pk])
    _nothing_written()


@pytest.mark.django_db
def test_two_alternatives_of_one_module_are_refused(as_learner_a: Client, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    field = f"module_{shape.stockholm.module_id}"
    response = as_learner_a.post(_url(shape), {field: [shape.stockholm.pk, shape.goteborg.pk]})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'aria-describedby="id_{field}_errors"' in page  # the error is tied to the choice
    _nothing_written()
    with translation.override("en"), pytest.raises(ValidationError, match="only one of the alternatives"):
        actions.register(
            User.objects.get(email="lina@sater.se"), shape.programme, [shape.stockholm.pk, shape.goteborg.pk]
        )
    _nothing_written()


@pytest.mark.django_db
def test_a_missing_choice_is_tied_to_the_fieldset(as_learner_a: Client, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    response = as_learner_a.post(_url(shape), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<legend>" in page and f'id="id_module_{shape.stockholm.module_id}_errors"' in page
    _nothing_written()


@pytest.mark.django_db
def test_a_session_that_ends_before_it_starts_is_refused(programme_manager: User, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    before = (shape.stockholm.starts_at, shape.stockholm.ends_at)
    with translation.override("en"), pytest.raises(ValidationError, match="end after it starts"):
        organiser.change_session(
            programme_manager, shape.stockholm, ends_at=shape.stockholm.starts_at - datetime.timedelta(hours=1)
        )
    shape.stockholm.refresh_from_db()
    assert (shape.stockholm.starts_at, shape.stockholm.ends_at) == before


@pytest.mark.django_db
def test_seats_cannot_be_reduced_below_the_confirmed_count(
    programme_manager: User, learner_a: User, coordinator_a: User, org_a: Organisation
) -> None:
    shape = make_programme(org_a, seats=3)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    actions.register(coordinator_a, shape.programme, [shape.stockholm.pk])
    with translation.override("en"), pytest.raises(ValidationError, match="already confirmed"):
        organiser.change_session(programme_manager, shape.stockholm, capacity=1)
    shape.stockholm.refresh_from_db()
    assert shape.stockholm.capacity == 3
    organiser.change_session(programme_manager, shape.stockholm, capacity=2)  # down to the confirmed count is fine
