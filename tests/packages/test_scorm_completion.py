"""When a package's attempt is done and the enrolment completes: SCORM 1.2's lesson status and
mastery score, SCORM 2004's completion and success with the threshold and passing score, no
regression by a later report, one SCO or many, and the completion counted like a native one."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from jamlik.campaigns.models import Participant
from jamlik.courses.models import Completion, ProgressSource
from jamlik.packages.attempts import Attempt
from jamlik.packages.models import Package, Standard
from jamlik.packages.tracking import commit, open_attempt
from jamlik.people.models import MembershipRole, Organisation, User
from tests.campaigns.factories import make_campaign
from tests.conftest import client_for
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.packages.tracking_kit import enrol, make_package, post_commit, scos_of

pytestmark = pytest.mark.django_db

V2004 = Standard.SCORM_2004_4


@pytest.fixture(autouse=True)
def _after_commit(django_capture_on_commit_callbacks: Any) -> Iterator[None]:
    """The enrolment completes after the commit's transaction (the test's transaction never
    commits, so each commit's callbacks are run as the real one would run them)."""
    global _capture
    _capture = django_capture_on_commit_callbacks
    yield
    _capture = None


_capture: Any = None


def _send(user: User, attempt: Attempt, cmi: dict[str, object], *, terminated: bool = False) -> Attempt:
    with _capture(execute=True):
        answer = post_commit(client_for(user), attempt, attempt.seq + 1, cmi, terminated=terminated)
    assert answer.status_code == 200, answer.content
    attempt.refresh_from_db()
    return attempt


def _started(user: User, package: Package, index: int = 0) -> Attempt:
    enrol(user, package)
    return open_attempt(user, scos_of(package)[index])


@pytest.mark.parametrize(
    ("status", "done"),
    [("completed", True), ("passed", True), ("failed", False), ("incomplete", False), ("browsed", False)],
)
def test_scorm_12_is_done_when_completed_or_passed(learner_a: User, status: str, done: bool) -> None:
    attempt = _send(learner_a, _started(learner_a, make_package()), {"cmi.core.lesson_status": status})
    assert (attempt.done_at is not None) is done
    assert Completion.objects.filter(user=learner_a).exists() is done


@pytest.mark.parametrize(
    ("raw", "status", "done"), [("85", "passed", True), ("80", "passed", True), ("79.5", "failed", False)]
)
def test_scorm_12_mastery_score_decides_passed_or_failed(learner_a: User, raw: str, status: str, done: bool) -> None:
    attempt = _started(learner_a, make_package(mastery_score=Decimal(80)))
    attempt = _send(learner_a, attempt, {"cmi.core.score.raw": raw, "cmi.core.lesson_status": "completed"})
    assert attempt.lesson_status == status
    assert (attempt.done_at is not None) is done


def test_scorm_12_mastery_score_leaves_an_unfinished_attempt_alone(learner_a: User) -> None:
    attempt = _started(learner_a, make_package(mastery_score=Decimal(80)))
    attempt = _send(learner_a, attempt, {"cmi.core.score.raw": "90", "cmi.core.lesson_status": "incomplete"})
    assert (attempt.lesson_status, attempt.done_at) == ("incomplete", None)


def test_a_later_report_never_takes_back_a_passed_attempt(learner_a: User) -> None:
    attempt = _started(learner_a, make_package())
    attempt = _send(learner_a, attempt, {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "90"})
    attempt = _send(learner_a, attempt, {"cmi.core.lesson_status": "incomplete"})
    attempt = _send(learner_a, attempt, {"cmi.core.lesson_status": "failed"})
    assert attempt.lesson_status == "passed"
    assert attempt.done_at is not None
    assert Completion.objects.filter(user=learner_a).count() == 1


def test_a_completed_attempt_may_still_become_passed(learner_a: User) -> None:
    attempt = _started(learner_a, make_package())
    attempt = _send(learner_a, attempt, {"cmi.core.lesson_status": "completed"})
    attempt = _send(learner_a, attempt, {"cmi.core.lesson_status": "passed"})
    assert attempt.lesson_status == "passed"


@pytest.mark.parametrize(
    ("cmi", "done"),
    [
        ({"cmi.completion_status": "completed"}, True),
        ({"cmi.completion_status": "completed", "cmi.success_status": "failed"}, False),
        ({"cmi.success_status": "passed"}, True),
        ({"cmi.completion_status": "incomplete"}, False),
        ({"cmi.completion_status": "unknown", "cmi.success_status": "unknown"}, False),
    ],
)
def test_scorm_2004_is_done_when_completed_and_not_failed_or_passed(
    learner_a: User, cmi: dict[str, object], done: bool
) -> None:
    attempt = _send(learner_a, _started(learner_a, make_package(V2004)), cmi)
    assert (attempt.done_at is not None) is done


@pytest.mark.parametrize(("scaled", "success", "done"), [("0.8", "passed", True), ("0.79", "failed", False)])
def test_scorm_2004_passing_score_judges_the_scaled_score(
    learner_a: User, scaled: str, success: str, done: bool
) -> None:
    attempt = _started(learner_a, make_package(V2004, passing_score=Decimal("0.8")))
    cmi = {"cmi.completion_status": "completed", "cmi.success_status": "passed", "cmi.score.scaled": scaled}
    attempt = _send(learner_a, attempt, cmi)
    assert attempt.success_status == success
    assert (attempt.done_at is not None) is done


def test_scorm_2004_completion_threshold_judges_the_progress_measure(learner_a: User) -> None:
    attempt = _started(learner_a, make_package(V2004, completion_threshold=Decimal("0.75")))
    attempt = _send(learner_a, attempt, {"cmi.completion_status": "completed", "cmi.progress_measure": "0.5"})
    assert (attempt.completion_status, attempt.done_at) == ("incomplete", None)
    attempt = _send(learner_a, attempt, {"cmi.progress_measure": "0.75"})
    assert attempt.completion_status == "completed"
    assert attempt.done_at is not None


def test_scorm_2004_completed_and_passed_stay(learner_a: User) -> None:
    attempt = _started(learner_a, make_package(V2004))
    attempt = _send(learner_a, attempt, {"cmi.completion_status": "completed", "cmi.success_status": "passed"})
    attempt = _send(learner_a, attempt, {"cmi.completion_status": "incomplete", "cmi.success_status": "failed"})
    assert (attempt.completion_status, attempt.success_status) == ("completed", "passed")


def test_many_scos_complete_the_course_only_when_every_one_is_done(learner_a: User) -> None:
    package = make_package(scos=3)
    enrol(learner_a, package)
    first, second, third = (open_attempt(learner_a, item) for item in scos_of(package))
    _send(learner_a, first, {"cmi.core.lesson_status": "completed"})
    _send(learner_a, third, {"cmi.core.lesson_status": "passed"})
    assert not Completion.objects.exists()
    _send(learner_a, second, {"cmi.core.lesson_status": "completed"})
    completion = Completion.objects.get()
    assert completion.source == ProgressSource.PACKAGE


def test_the_completion_has_the_organisation_and_unit_of_the_moment(org_a: Organisation) -> None:
    unit = UnitFactory(organisation=org_a, name="Socialtjänsten")
    person = UserFactory()
    MembershipFactory(user=person, organisation=org_a, unit=unit, role=MembershipRole.LEARNER)
    attempt = _started(person, make_package())
    _send(person, attempt, {"cmi.core.lesson_status": "completed"})
    completion = Completion.objects.get(user=person)
    assert (completion.organisation, completion.unit) == (org_a, unit)
    assert completion.enrolment.completed_at is not None


def test_a_campaign_counts_a_package_completion(org_a: Organisation, learner_a: User) -> None:
    package = make_package()
    campaign = make_campaign({org_a: 10}, courses=[package.version.course])
    attempt = _started(learner_a, package)
    _send(learner_a, attempt, {"cmi.core.lesson_status": "passed"})
    assert Participant.objects.get(campaign=campaign, organisation=org_a).completions == 1


def test_a_repeated_done_report_completes_once(learner_a: User) -> None:
    attempt = _started(learner_a, make_package())
    for seq in (1, 2, 3):
        with _capture(execute=True):
            cmi = {"cmi.core.lesson_status": "passed"}
            commit(learner_a, attempt.public_id, seq=seq, terminated=seq == 3, cmi=cmi)
    assert Completion.objects.filter(user=learner_a).count() == 1
    assert datetime.datetime.now(datetime.UTC) >= Completion.objects.get().completed_at
