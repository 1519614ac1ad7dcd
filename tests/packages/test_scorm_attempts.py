"""Opening an attempt for the player: the first, resuming after a suspend, a new attempt after a
finished one, time summed over sessions, what the runtime starts from, and who may open one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from jamlik.packages.attempts import Attempt
from jamlik.packages.models import ItemKind, Standard
from jamlik.packages.tracking import commit, open_attempt, runtime_state
from jamlik.people.models import User
from tests.factories import UserFactory
from tests.packages.tracking_kit import enrol, make_package, scos_of

pytestmark = pytest.mark.django_db


def _next(user: User, attempt: Attempt, cmi: dict[str, object], *, terminated: bool = False) -> Attempt:
    return commit(user, attempt.public_id, seq=attempt.seq + 1, terminated=terminated, cmi=cmi).attempt


def test_the_first_launch_starts_attempt_one_from_the_beginning(learner_a: User) -> None:
    package = make_package(mastery_score=Decimal(80))
    enrolment = enrol(learner_a, package)
    attempt = open_attempt(learner_a, scos_of(package)[0])
    state = runtime_state(attempt)
    assert state["attempt"] == str(attempt.public_id)
    assert (state["seq"], state["version"], state["completed"]) == (0, "1.2", False)
    cmi = state["cmi"]
    assert cmi["cmi.core.student_id"] == str(enrolment.public_id)
    assert cmi["cmi.core.student_name"] == "Lina Lärande"
    assert learner_a.email not in str(state)
    assert (cmi["cmi.core.entry"], cmi["cmi.core.lesson_status"]) == ("ab-initio", "not attempted")
    assert (cmi["cmi.core.credit"], cmi["cmi.core.lesson_mode"]) == ("credit", "normal")
    assert cmi["cmi.core.total_time"] == "0000:00:00.00"
    assert cmi["cmi.student_data.mastery_score"] == "80"


def test_a_suspended_attempt_resumes_where_it_was_left(learner_a: User) -> None:
    package = make_package(Standard.SCORM_2004_4, passing_score=Decimal("0.7"))
    enrol(learner_a, package)
    item = scos_of(package)[0]
    attempt = open_attempt(learner_a, item)
    cmi = {
        "cmi.location": "kapitel-2",
        "cmi.suspend_data": '{"sida":7}',
        "cmi.exit": "suspend",
        "cmi.session_time": "PT10M",
        "cmi.interactions.0.id": "q1",
        "cmi.interactions.0.type": "numeric",
        "cmi.interactions.0.learner_response": "3",
        "cmi.score.scaled": "0.5",
    }
    _next(learner_a, attempt, cmi, terminated=True)
    again = open_attempt(learner_a, item)
    assert (again.pk, again.number, again.sessions) == (attempt.pk, 1, 2)
    state = runtime_state(again)
    assert state["seq"] == 1
    assert state["cmi"]["cmi.entry"] == "resume"
    assert state["cmi"]["cmi.location"] == "kapitel-2"
    assert state["cmi"]["cmi.suspend_data"] == '{"sida":7}'
    assert state["cmi"]["cmi.total_time"] == "PT0H10M0S"
    assert state["cmi"]["cmi.interactions.0.learner_response"] == "3"
    assert state["cmi"]["cmi.scaled_passing_score"] == "0.7"
    assert state["cmi"]["cmi.score.scaled"] == "0.5"
    assert state["cmi"]["cmi.success_status"] == "failed"


def test_a_finished_attempt_makes_the_next_launch_a_new_attempt(learner_a: User) -> None:
    package = make_package()
    enrol(learner_a, package)
    item = scos_of(package)[0]
    first = open_attempt(learner_a, item)
    _next(learner_a, first, {"cmi.core.lesson_status": "passed", "cmi.core.exit": ""}, terminated=True)
    second = open_attempt(learner_a, item)
    assert (second.number, second.entry, second.lesson_status) == (2, "ab-initio", "")
    assert runtime_state(second)["cmi"]["cmi.core.lesson_status"] == "not attempted"
    assert first.pk != second.pk


@pytest.mark.parametrize(
    ("cmi", "terminated"),
    [
        ({"cmi.core.lesson_status": "passed", "cmi.core.exit": "suspend"}, True),  # asked to be resumed
        ({"cmi.core.lesson_status": "passed"}, False),  # closed without LMSFinish
        ({"cmi.core.lesson_status": "incomplete"}, True),  # not finished
    ],
)
def test_an_attempt_not_finished_by_the_rules_resumes(
    learner_a: User, cmi: dict[str, object], terminated: bool
) -> None:
    package = make_package()
    enrol(learner_a, package)
    item = scos_of(package)[0]
    first = open_attempt(learner_a, item)
    _next(learner_a, first, cmi, terminated=terminated)
    assert open_attempt(learner_a, item).pk == first.pk


def test_total_time_sums_every_session_ended_or_abandoned(learner_a: User) -> None:
    package = make_package()
    enrol(learner_a, package)
    item = scos_of(package)[0]
    attempt = open_attempt(learner_a, item)
    attempt = _next(learner_a, attempt, {"cmi.core.session_time": "00:00:30"})
    attempt = _next(
        learner_a, attempt, {"cmi.core.session_time": "00:01:00", "cmi.core.exit": "suspend"}, terminated=True
    )
    assert (attempt.total_time, attempt.session_time) == (6000, 0)
    attempt = open_attempt(learner_a, item)
    attempt = _next(learner_a, attempt, {"cmi.core.session_time": "00:00:20.5"})  # then the tab is closed
    assert attempt.total_centiseconds == 8050
    attempt = open_attempt(learner_a, item)
    assert (attempt.total_time, attempt.session_time) == (8050, 0)
    assert runtime_state(attempt)["cmi"]["cmi.core.total_time"] == "0000:01:20.50"


def test_a_retried_final_commit_counts_its_session_once(learner_a: User) -> None:
    package = make_package()
    enrol(learner_a, package)
    attempt = open_attempt(learner_a, scos_of(package)[0])
    cmi = {"cmi.core.session_time": "00:05:00", "cmi.core.exit": "suspend"}
    for _ in range(3):
        result = commit(learner_a, attempt.public_id, seq=1, terminated=True, cmi=cmi)
    assert result.attempt.total_time == 30000


def test_someone_not_enrolled_cannot_open_an_attempt(learner_a: User) -> None:
    package = make_package()
    enrol(learner_a, package)
    with pytest.raises(PermissionDenied):
        open_attempt(UserFactory(), scos_of(package)[0])
    assert Attempt.objects.count() == 0


def test_an_item_of_another_version_cannot_be_opened(learner_a: User) -> None:
    mine, other = make_package(), make_package()
    enrol(learner_a, mine)
    with pytest.raises(PermissionDenied):
        open_attempt(learner_a, scos_of(other)[0])


def test_a_section_that_launches_nothing_cannot_be_opened(learner_a: User) -> None:
    package = make_package()
    enrol(learner_a, package)
    with pytest.raises(PermissionDenied):
        open_attempt(learner_a, package.items.get(kind=ItemKind.CLUSTER))
