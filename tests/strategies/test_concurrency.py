"""Two programme managers reminding, or two coordinators submitting, at the same moment on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from jamlik.people.models import Organisation, User
from jamlik.strategies import reminders, rounds
from jamlik.strategies.models import Response, ResponseStatus, RoundReminder
from tests.conftest import on_postgres
from tests.strategies.factories import make_round, questions


def _at_once(targets: list[Callable[[], object]]) -> tuple[list[object], list[BaseException]]:
    """Run each target in its own thread (own connection), released together by a barrier."""
    results: list[object] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(targets))

    def run(target: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results.append(target())
        except BaseException as exc:  # collected and asserted by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL (SQLite serialises writers anyway)"),
    pytest.mark.django_db(transaction=True),
]


def test_eight_reminders_at_once_send_one(org_a: Organisation, coordinator_a: User, programme_manager: User) -> None:
    response = Response.objects.select_related("round", "organisation").get(round=make_round([org_a]))
    results, errors = _at_once([lambda: reminders.send_reminder(programme_manager, response) for _ in range(8)])
    assert results == [1]
    assert len(errors) == 7 and all(isinstance(e, ValidationError) for e in errors)
    assert RoundReminder.objects.count() == 1


def test_six_submissions_at_once_submit_once(org_a: Organisation, coordinator_a: User) -> None:
    round_ = make_round([org_a])
    q = questions(round_)
    response = Response.objects.get(round=round_)
    rounds.save_answers(coordinator_a, response, {q["text"]: "Lärdom", q["yes_no"]: True}, None)
    results, errors = _at_once([lambda: rounds.submit_response(coordinator_a, response) for _ in range(6)])
    assert len(results) == 1
    assert len(errors) == 5 and all(isinstance(e, ValidationError) for e in errors)
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
