"""The approval page: a session's host or a programme manager approves or declines pending registrations."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import Booking, BookingStatus, Question, Registration, RegistrationStatus
from tests.confirming import asks_first
from tests.factories import UserFactory
from tests.programmes.factories import make_programme


@pytest.fixture
def pending(learner_a: User, org_a: Organisation) -> Any:
    """Learner A waits for approval of the Stockholm day, hosted by organisation A (one seat)."""
    learner_a.preferred_language = "en"
    learner_a.save()
    shape = make_programme(org_a, seats=1, requires_approval=True)
    question = Question.objects.create(programme=shape.programme, text="Titel", position=1)
    shape.registration = actions.register(
        learner_a, shape.programme, [shape.stockholm.pk], answers={question.pk: "Utvecklingsledare"}
    )
    mail.outbox.clear()
    return shape


def _url(shape: Any, action: str = "") -> str:
    base = f"/program/{shape.programme.slug}/godkannanden/"
    return f"{base}{shape.registration.public_id}/{action}/" if action else base


@pytest.mark.django_db
def test_the_host_sees_the_pending_registration_with_its_answers(as_coordinator_a: Client, pending: Any) -> None:
    page = as_coordinator_a.get(_url(pending)).content.decode()
    assert "lina@sater.se" in page and "Utvecklingsledare" in page
    assert "Lina Lärande</span>" in page  # the buttons name the person
    sessions = as_coordinator_a.get("/program/vard/").content.decode()
    assert _url(pending) in sessions


@pytest.mark.django_db
def test_the_host_approves_and_the_participant_gets_the_seat_and_an_email(
    as_coordinator_a: Client, pending: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = as_coordinator_a.post(_url(pending, "godkann"))
    assert response.status_code == 302 and response["Location"] == _url(pending)
    pending.registration.refresh_from_db()
    assert pending.registration.status == RegistrationStatus.CONFIRMED
    assert set(pending.registration.bookings.values_list("status", flat=True)) == {BookingStatus.CONFIRMED}
    assert [m.to for m in mail.outbox] == [["lina@sater.se"]]
    assert mail.outbox[0].subject.startswith("You are registered")
    assert "lina@sater.se" not in as_coordinator_a.get(_url(pending)).content.decode()


@pytest.mark.django_db
def test_approval_when_the_session_is_full_puts_the_participant_on_the_waiting_list(
    as_coordinator_a: Client, programme_manager: User, pending: Any
) -> None:
    question = pending.programme.questions.get()
    earlier = actions.register(UserFactory(), pending.programme, [pending.stockholm.pk], answers={question.pk: "Chef"})
    actions.approve_registration(programme_manager, earlier)  # takes the only seat
    as_coordinator_a.post(_url(pending, "godkann"))
    pending.registration.refresh_from_db()
    assert pending.registration.status == RegistrationStatus.WAITLISTED
    booking = Booking.objects.get(registration=pending.registration, session=pending.stockholm)
    assert booking.status == BookingStatus.WAITLISTED


@pytest.mark.django_db
def test_a_programme_manager_declines_and_the_participant_is_told(
    as_programme_manager: Client, pending: Any, django_capture_on_commit_callbacks: Any
) -> None:
    assert as_programme_manager.get(_url(pending)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = as_programme_manager.post(_url(pending, "avsla"))
    assert response.status_code == 302
    pending.registration.refresh_from_db()
    assert pending.registration.status == RegistrationStatus.CANCELLED
    assert set(pending.registration.bookings.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    assert [m.to for m in mail.outbox] == [["lina@sater.se"]]
    assert mail.outbox[0].subject.startswith("Registration cancelled")


@pytest.mark.django_db
def test_an_approved_registration_cannot_then_be_declined(as_coordinator_a: Client, pending: Any) -> None:
    as_coordinator_a.post(_url(pending, "godkann"))
    assert as_coordinator_a.post(_url(pending, "avsla")).status_code == 404
    pending.registration.refresh_from_db()
    assert pending.registration.status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db
def test_another_organisations_coordinator_gets_not_found_and_changes_nothing(
    as_coordinator_b: Client, pending: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert as_coordinator_b.post(_url(pending, "avsla")).status_code == 404
    assert as_coordinator_b.get(_url(pending)).status_code == 404
    assert as_coordinator_b.post(_url(pending, "godkann")).status_code == 404
    assert as_coordinator_b.post(_url(pending, "avsla")).status_code == 404
    pending.registration.refresh_from_db()
    assert pending.registration.status == RegistrationStatus.PENDING
    assert not mail.outbox


@pytest.mark.django_db
def test_the_host_of_another_alternative_does_not_see_or_decide_this_registration(
    as_coordinator_b: Client, learner_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    shape = make_programme(org_a, org_b, requires_approval=True)  # Göteborg hosted by B
    shape.registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    page = as_coordinator_b.get(_url(shape))
    assert page.status_code == 200 and "lina@sater.se" not in page.content.decode()
    assert as_coordinator_b.post(_url(shape, "godkann")).status_code == 404
    assert Registration.objects.get(pk=shape.registration.pk).status == RegistrationStatus.PENDING


@pytest.mark.django_db
def test_the_participant_and_visitors_do_not_see_the_approval_page(
    as_learner_a: Client, client: Client, pending: Any
) -> None:
    assert as_learner_a.get(_url(pending)).status_code == 404
    assert as_learner_a.post(_url(pending, "godkann")).status_code == 404
    assert client.get(_url(pending)).status_code == 302
    pending.registration.refresh_from_db()
    assert pending.registration.status == RegistrationStatus.PENDING


@pytest.mark.django_db
def test_a_programme_without_approval_has_no_approval_page(as_programme_manager: Client, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    assert as_programme_manager.get(f"/program/{shape.programme.slug}/godkannanden/").status_code == 404


@pytest.mark.django_db
def test_declining_asks_first(as_coordinator_a: Client, pending: Any) -> None:
    as_coordinator_a.cookies["django_language"] = "en"
    page = as_coordinator_a.get(_url(pending)).content.decode()
    assert asks_first(page, _url(pending, "avsla"), "Decline")
    assert "Decline the registration of Lina Lärande?" in page
