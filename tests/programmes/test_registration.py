"""Registering: one action books the chosen alternative, confirms while seats last, then waitlists."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.utils import formats, timezone, translation

from jamlik.audit.models import AuditEntry
from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import Answer, Booking, BookingStatus, Needs, Question, Registration, RegistrationStatus
from tests.factories import UserFactory
from tests.programmes.factories import make_programme


@pytest.mark.django_db
def test_a_learner_registers_through_the_page_and_gets_a_seat_in_each_chosen_session(
    as_learner_a: Client, learner_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    shape = make_programme(org_a, org_b)
    response = as_learner_a.post(
        f"/program/{shape.programme.slug}/anmal/",
        {f"module_{shape.stockholm.module_id}": shape.goteborg.pk, "dietary": "Vegetarisk"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/program/{shape.programme.slug}/min-anmalan/"
    registration = Registration.objects.get(user=learner_a)
    assert registration.status == RegistrationStatus.CONFIRMED
    booked = dict(registration.bookings.values_list("session_id", "status"))
    assert booked == {
        shape.webinar.pk: BookingStatus.CONFIRMED,
        shape.goteborg.pk: BookingStatus.CONFIRMED,
        shape.closing.pk: BookingStatus.CONFIRMED,
    }
    assert Needs.objects.get().booking.session == shape.goteborg  # only the in-person session keeps needs
    assert AuditEntry.objects.filter(action="programme.registered").count() == 1


@pytest.mark.django_db
def test_when_the_seats_are_taken_the_next_person_is_waitlisted_in_order(org_a: Organisation) -> None:
    shape = make_programme(org_a, seats=2)
    people = [UserFactory() for _ in range(4)]
    for person in people:
        actions.register(person, shape.programme, [shape.stockholm.pk])
    bookings = list(Booking.objects.filter(session=shape.stockholm).order_by("pk"))
    assert [b.status for b in bookings] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [b.registration.user for b in bookings] == people
    statuses = [Registration.objects.get(user=p).status for p in people]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]


@pytest.mark.django_db
def test_the_confirmation_email_is_in_the_recipients_language(
    org_a: Organisation, django_capture_on_commit_callbacks: object
) -> None:
    shape = make_programme(org_a)
    english = UserFactory(preferred_language="en")
    swedish = UserFactory(preferred_language="sv")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        actions.register(english, shape.programme, [shape.stockholm.pk])
        actions.register(swedish, shape.programme, [shape.goteborg.pk])
    by_to = {m.to[0]: m for m in mail.outbox}
    assert by_to[english.email].subject.startswith("You are registered")
    # Dates are written in the recipient's language too: the month's name shows it.
    for person, session in ((english, shape.stockholm), (swedish, shape.goteborg)):
        with translation.override(person.preferred_language):
            month = formats.date_format(timezone.localtime(session.starts_at), "F")
        assert month in by_to[person.email].body


@pytest.mark.django_db
def test_an_anonymous_visitor_is_asked_to_sign_in_to_register(client: Client, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    page = client.get(f"/program/{shape.programme.slug}/").content.decode()
    assert "/konto/login/?next=" in page
    response = client.post(f"/program/{shape.programme.slug}/anmal/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_with_approval_on_a_registration_waits_and_approval_gives_the_seat(
    learner_a: User, programme_manager: User, org_a: Organisation
) -> None:
    shape = make_programme(org_a, requires_approval=True)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    assert registration.status == RegistrationStatus.PENDING
    assert set(registration.bookings.values_list("status", flat=True)) == {BookingStatus.PENDING}
    actions.approve_registration(programme_manager, registration)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert set(registration.bookings.values_list("status", flat=True)) == {BookingStatus.CONFIRMED}


@pytest.mark.django_db
def test_required_questions_must_be_answered(as_learner_a: Client, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    question = Question.objects.create(programme=shape.programme, text="Organisation", required=True)
    response = as_learner_a.post(
        f"/program/{shape.programme.slug}/anmal/", {f"module_{shape.stockholm.module_id}": shape.stockholm.pk}
    )
    assert response.status_code == 400
    assert f'id="id_question_{question.pk}_errors"' in response.content.decode()
    assert not Registration.objects.exists()
    as_learner_a.post(
        f"/program/{shape.programme.slug}/anmal/",
        {f"module_{shape.stockholm.module_id}": shape.stockholm.pk, f"question_{question.pk}": "Säters kommun"},
    )
    assert Answer.objects.get().text == "Säters kommun"
