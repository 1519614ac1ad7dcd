"""The invitation to evaluate: after a completion and after an attended session, in the person's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions as programme_actions
from jamlik.programmes.models import Booking
from tests.evaluations.kit import a_course, complete
from tests.programmes.factories import attend, make_programme


def _invitations() -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if "/utvardering/" in str(m.body)]


@pytest.mark.django_db
def test_a_completion_brings_an_invitation_with_the_link(
    learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    course = a_course(title="Bemötande i praktiken")
    with django_capture_on_commit_callbacks(execute=True):
        completion = complete(learner_a, course)
    (email,) = _invitations()
    assert email.to == [learner_a.email]
    assert email.subject == "Vad tyckte du om Bemötande i praktiken?"
    assert f"http://testserver/utvardering/kurs/{completion.public_id}/" in str(email.body)
    assert "aldrig med ditt namn" in str(email.body)


@pytest.mark.django_db
def test_in_english_for_those_who_chose_it(learner_a: User, django_capture_on_commit_callbacks: Any) -> None:
    learner_a.preferred_language = "en"
    learner_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        complete(learner_a, a_course(title="Treatment in practice"))
    (email,) = _invitations()
    assert email.subject == "What did you think of Treatment in practice?"
    assert "never shown with your name" in str(email.body)


@pytest.mark.django_db
def test_attending_a_session_brings_one_and_not_attending_none(
    org_a: Organisation, learner_a: User, coordinator_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a, org_a)
    programme_actions.register(learner_a, shape.programme, [shape.stockholm.pk, shape.webinar.pk])
    stockholm = Booking.objects.get(session=shape.stockholm)
    webinar = Booking.objects.get(session=shape.webinar)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        attend(coordinator_a, webinar, attended=False)
    assert _invitations() == []
    with django_capture_on_commit_callbacks(execute=True):
        attend(coordinator_a, stockholm)
    (email,) = _invitations()
    assert f"/utvardering/tillfalle/{stockholm.public_id}/" in str(email.body)
    assert shape.programme.title in email.subject
