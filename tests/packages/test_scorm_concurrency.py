"""Commits and launches at once on PostgreSQL: two tabs never corrupt an attempt, a retried or
late commit never undoes a newer one, and a package completes its enrolment once."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from jamlik.courses.models import Completion
from jamlik.packages.attempts import Attempt
from jamlik.packages.tracking import StaleCommit, commit, open_attempt
from jamlik.people.models import User
from tests.conftest import on_postgres
from tests.packages.tracking_kit import enrol, make_package, scos_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL row locks (SQLite serialises writers anyway)"),
    pytest.mark.django_db(transaction=True),
]


def _in_threads(*targets: Callable[[], object]) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(targets))

    def run(target: Callable[[], object]) -> None:
        try:
            barrier.wait()
            target()
        except BaseException as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _attempt(user: User, scos: int = 1) -> tuple[Attempt, list[Attempt]]:
    package = make_package(scos=scos)
    enrol(user, package)
    attempts = [open_attempt(user, item) for item in scos_of(package)]
    return attempts[0], attempts


def test_two_tabs_committing_at_once_leave_the_newer_commit(learner_a: User) -> None:
    attempt, _ = _attempt(learner_a)
    for round_ in range(5):
        base = round_ * 2
        errors = _in_threads(
            lambda base=base: commit(
                learner_a, attempt.public_id, seq=base + 1, terminated=False, cmi=_values("older", base)
            ),
            lambda base=base: commit(
                learner_a, attempt.public_id, seq=base + 2, terminated=False, cmi=_values("newer", base)
            ),
        )
        assert all(isinstance(error, StaleCommit) for error in errors), errors
        attempt.refresh_from_db()
        assert (attempt.seq, attempt.location, attempt.suspend_data) == (base + 2, "newer", f"newer-{base}")
        assert attempt.data == {"cmi.objectives.0.id": f"newer-{base}"}


def _values(tab: str, base: int) -> dict[str, object]:
    return {
        "cmi.core.lesson_location": tab,
        "cmi.suspend_data": f"{tab}-{base}",
        "cmi.objectives.0.id": f"{tab}-{base}",
    }


def test_the_same_commit_sent_at_once_applies_once(learner_a: User) -> None:
    attempt, _ = _attempt(learner_a)
    cmi = {"cmi.core.session_time": "00:10:00", "cmi.core.exit": "suspend"}
    errors = _in_threads(
        *(lambda: commit(learner_a, attempt.public_id, seq=1, terminated=True, cmi=cmi) for _ in range(4))
    )
    assert errors == []
    attempt.refresh_from_db()
    assert (attempt.seq, attempt.total_time) == (1, 60000)


def test_a_late_commit_never_undoes_a_passed_attempt(learner_a: User) -> None:
    attempt, _ = _attempt(learner_a)
    errors = _in_threads(
        lambda: commit(
            learner_a, attempt.public_id, seq=1, terminated=False, cmi={"cmi.core.lesson_status": "incomplete"}
        ),
        lambda: commit(learner_a, attempt.public_id, seq=2, terminated=True, cmi={"cmi.core.lesson_status": "passed"}),
    )
    assert all(isinstance(error, StaleCommit) for error in errors), errors
    attempt.refresh_from_db()
    assert attempt.lesson_status == "passed"
    assert Completion.objects.filter(user=learner_a).count() == 1


def test_the_last_scos_done_at_once_complete_the_course_exactly_once(learner_a: User) -> None:
    _, attempts = _attempt(learner_a, scos=3)
    done = {"cmi.core.lesson_status": "completed"}
    commit(learner_a, attempts[0].public_id, seq=1, terminated=True, cmi=done)
    errors = _in_threads(
        *(lambda a=a: commit(learner_a, a.public_id, seq=1, terminated=True, cmi=done) for a in attempts[1:])
    )
    assert errors == []
    assert Completion.objects.filter(user=learner_a).count() == 1


def test_two_tabs_launching_at_once_open_one_attempt(learner_a: User) -> None:
    package = make_package()
    enrol(learner_a, package)
    item = scos_of(package)[0]
    errors = _in_threads(*(lambda: open_attempt(learner_a, item) for _ in range(4)))
    assert errors == []
    attempt = Attempt.objects.get()
    assert attempt.sessions == 4


def test_a_launch_while_the_last_sco_completes_neither_deadlocks_nor_completes_twice(learner_a: User) -> None:
    _, attempts = _attempt(learner_a, scos=2)
    done = {"cmi.core.lesson_status": "passed"}
    commit(learner_a, attempts[0].public_id, seq=1, terminated=True, cmi=done)
    item = attempts[1].item
    for seq in range(1, 6):
        errors = _in_threads(
            lambda seq=seq: commit(learner_a, attempts[1].public_id, seq=seq, terminated=False, cmi=done),
            lambda: open_attempt(learner_a, item),
        )
        assert errors == []
    assert Completion.objects.filter(user=learner_a).count() == 1
