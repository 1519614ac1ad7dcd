"""Registering stays cheap at scale: a fixed number of queries, a short lock, the email after commit."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import Booking, BookingStatus, Registration, RegistrationStatus, Session
from jamlik.programmes.seats import lock_seats
from tests.conftest import client_for, on_postgres
from tests.factories import UserFactory
from tests.programmes.factories import SessionFactory, make_programme


def _register_through_the_page(person: User, slug: str, field: str, session_id: int) -> int:
    client = client_for(person)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/program/{slug}/anmal/", {field: session_id})
    assert response.status_code == 302
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_a_registration_costs_the_same_queries_however_many_alternatives_and_bookings_there_are(
    org_a: Organisation, org_b: Organisation
) -> None:
    shape = make_programme(org_a, org_b, seats=5)
    field = f"module_{shape.stockholm.module_id}"
    slug = shape.programme.slug
    few = _register_through_the_page(UserFactory(), slug, field, shape.stockholm.pk)

    for day in range(12):  # many more alternatives of the same module, and a full session with a waiting list
        SessionFactory(module=shape.stockholm.module, online_url="", city=f"Ort {day}", host_organisation=org_b)
    for _ in range(30):
        actions.register(UserFactory(), shape.programme, [shape.stockholm.pk])
    many = _register_through_the_page(UserFactory(), slug, field, shape.stockholm.pk)

    assert many == few
    assert few <= 20
    assert Booking.objects.filter(session=shape.stockholm, status=BookingStatus.CONFIRMED).count() == 5
    assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).count() == 32 - 5


@pytest.mark.django_db
def test_the_registration_email_is_rendered_and_queued_only_once_the_registration_is_committed(
    org_a: Organisation, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a)
    rendered: list[str] = []

    def note(sender: object, template: Any, **kwargs: object) -> None:
        rendered.append(str(template.name))

    template_rendered.connect(note)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            actions.register(learner_a, shape.programme, [shape.stockholm.pk])
        assert rendered == []  # nothing is rendered while the seat lock is held
        assert mail.outbox == []
        with django_capture_on_commit_callbacks(execute=True):
            for callback in callbacks:
                callback()
    finally:
        template_rendered.disconnect(note)
    assert "email/programme_registered.html" in rendered
    assert [m.to for m in mail.outbox] == [[learner_a.email]]
    assert [kind for _name, _content, kind in mail.outbox[0].attachments] == ["text/calendar; method=REQUEST"] * 3


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_locking_the_seats_of_one_session_locks_every_alternative_of_its_module_and_nothing_else(
    org_a: Organisation,
) -> None:
    shape = make_programme(org_a)
    later = SessionFactory(module=shape.stockholm.module, online_url="", city="Uppsala", host_organisation=org_a)
    outcome: dict[int, str] = {}

    def try_to_lock(session: Session) -> None:
        try:
            with transaction.atomic():
                Session.objects.select_for_update(nowait=True).filter(pk=session.pk).exists()
            outcome[session.pk] = "free"
        except DatabaseError:
            outcome[session.pk] = "locked"
        finally:
            connection.close()

    with transaction.atomic():
        locked = lock_seats([shape.stockholm.pk])
        assert sorted(locked) == sorted([shape.stockholm.pk, shape.goteborg.pk, later.pk])
        for session in (shape.goteborg, later, shape.webinar):
            thread = threading.Thread(target=try_to_lock, args=(session,))
            thread.start()
            thread.join()
    assert outcome == {shape.goteborg.pk: "locked", later.pk: "locked", shape.webinar.pk: "free"}


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres(), reason="needs concurrent PostgreSQL transactions")
@pytest.mark.django_db(transaction=True)
def test_the_same_person_registering_five_times_at_once_gets_one_registration_and_four_clear_refusals(
    org_a: Organisation,
) -> None:
    shape = make_programme(org_a, seats=3)
    person = UserFactory()
    barrier = threading.Barrier(5)
    codes: list[str] = []
    unexpected: list[BaseException] = []

    def attempt() -> None:
        try:
            barrier.wait()
            actions.register(person, shape.programme, [shape.stockholm.pk])
            codes.append("registered")
        except ValidationError as exc:
            codes.extend(e.code or "" for errors in exc.error_dict.values() for e in errors)
        except BaseException as exc:  # collected and asserted below
            unexpected.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert unexpected == []
    assert sorted(codes) == ["registered"] + [actions.TWICE] * 4
    assert Registration.objects.filter(user=person).count() == 1
    assert Booking.objects.filter(registration__user=person).count() == 3  # webinar, Stockholm, closing
    assert Booking.objects.filter(session=shape.stockholm, status=BookingStatus.CONFIRMED).count() == 1
