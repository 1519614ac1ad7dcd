"""Two cancel submits racing: the second finds the registration already cancelled and says so (no 500)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.utils import timezone

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import Registration, RegistrationStatus
from tests.conftest import client_for
from tests.programmes.factories import make_programme


@pytest.mark.django_db
def test_a_second_cancel_racing_the_first_is_told_it_is_already_cancelled(learner_a: User, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    state = {"done": False}

    def the_other_submit_commits_first(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        # This request reads the live registration; right after that read, and before the action
        # locks the row, the other submit's cancellation commits (the row update that action makes).
        result = execute(sql, *args)
        if not state["done"] and sql.startswith('SELECT "programmes_registration"."id"'):
            state["done"] = True
            Registration.objects.filter(pk=registration.pk).update(
                status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now()
            )
        return result

    client = client_for(learner_a)
    client.cookies["django_language"] = "en"
    with connection.execute_wrapper(the_other_submit_commits_first):
        response = client.post(f"/program/{shape.programme.slug}/min-anmalan/avboka/")
    assert state["done"]
    assert response.status_code == 302
    assert response["Location"] == f"/program/{shape.programme.slug}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Your registration is cancelled."]
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CANCELLED
