"""Cancelling a registration or a session asks first (issue 19: one click cancelled a registration)."""

from __future__ import annotations

import pytest
from django.test import Client

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import Registration, RegistrationStatus
from tests.confirming import asks_first
from tests.programmes.factories import make_programme


@pytest.mark.django_db
def test_cancelling_a_registration_asks_first(as_learner_a: Client, learner_a: User, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    actions.register(learner_a, shape.programme, [shape.webinar.pk, shape.stockholm.pk, shape.closing.pk])
    as_learner_a.cookies["django_language"] = "en"
    cancel = f"/program/{shape.programme.slug}/min-anmalan/avboka/"
    page = as_learner_a.get(f"/program/{shape.programme.slug}/min-anmalan/").content.decode()
    assert asks_first(page, cancel, "Cancel my registration")
    assert "Yes, cancel my registration" in page and "No, keep my registration" in page
    assert as_learner_a.get(cancel).status_code == 405
    assert Registration.objects.get(user=learner_a).status != RegistrationStatus.CANCELLED
    assert as_learner_a.post(cancel).status_code == 302
    assert Registration.objects.get(user=learner_a).status == RegistrationStatus.CANCELLED


@pytest.mark.django_db
def test_cancelling_a_session_asks_the_organiser_first(as_coordinator_a: Client, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    as_coordinator_a.cookies["django_language"] = "en"
    url = f"/program/tillfalle/{shape.stockholm.public_id}/stall-in/"
    page = as_coordinator_a.get(f"/program/tillfalle/{shape.stockholm.public_id}/andra/").content.decode()
    assert asks_first(page, url, "Cancel the session")
    assert "Yes, cancel the session" in page
