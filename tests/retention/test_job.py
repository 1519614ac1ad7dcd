"""The retention job with the clock moved forward: each rule at its time, per organisation, logged
by count only, idempotent, and resumed without loss or double deletion after a failure midway."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from allauth.usersessions.models import UserSession
from django.core import mail
from django.db.models.signals import post_delete
from django.utils import timezone

from jamlik.audit.models import AuditEntry, record
from jamlik.courses.models import CheckAnswer, Completion, LessonProgress, ReflectionAnswer
from jamlik.people import actions as people_actions
from jamlik.people.models import ApiToken, Organisation, User
from jamlik.retention import job
from jamlik.retention.catalogue import RuleKey
from jamlik.retention.erasure import is_erased
from jamlik.retention.models import DeletionLogEntry, RetentionRule, RetentionRun, RunState
from tests.factories import MembershipFactory, UserFactory
from tests.retention.helpers import course_with_checks, learn

pytestmark = pytest.mark.django_db


def _later(**delta: Any) -> time_machine.travel:
    return time_machine.travel(timezone.now() + datetime.timedelta(**delta), tick=False)


def _logged(rule: RuleKey, model: str, action: str = "deleted") -> int:
    return sum(DeletionLogEntry.objects.filter(rule=rule, model=model, action=action).values_list("count", flat=True))


def test_each_rule_at_its_time(learner_a: User, org_a: Organisation) -> None:
    completion = learn(learner_a, course_with_checks())
    assert LessonProgress.objects.filter(enrolment__user=learner_a).count() == 2
    assert CheckAnswer.objects.filter(enrolment__user=learner_a).count() == 2
    assert ReflectionAnswer.objects.filter(enrolment__user=learner_a).count() == 2

    with _later(days=20):
        job.run_retention()
    assert ReflectionAnswer.objects.filter(enrolment__user=learner_a).count() == 2  # 30 days after completion

    with _later(days=40):
        job.run_retention()
    assert ReflectionAnswer.objects.filter(enrolment__user=learner_a).count() == 0
    assert LessonProgress.objects.filter(enrolment__user=learner_a).count() == 2  # 12 months
    assert _logged(RuleKey.REFLECTIONS, "courses.ReflectionAnswer") == 2

    with _later(days=370):
        job.run_retention()
        again = job.run_retention()  # a second run the same day finds nothing more
    assert LessonProgress.objects.filter(enrolment__user=learner_a).count() == 0
    assert CheckAnswer.objects.filter(enrolment__user=learner_a).count() == 0
    assert Completion.objects.filter(pk=completion.pk).exists()  # the record of what was achieved stays
    assert _logged(RuleKey.LESSON_PROGRESS, "courses.LessonProgress") == 2
    assert _logged(RuleKey.LESSON_PROGRESS, "courses.CheckAnswer") == 2
    assert not again.entries.exists()
    entry = DeletionLogEntry.objects.get(model="courses.LessonProgress")
    assert entry.organisation == org_a and entry.kind == "lesson_progress" and "12" in entry.period


def test_an_organisation_rule_replaces_the_default(learner_a: User, org_a: Organisation, org_b: Organisation) -> None:
    learner_b = UserFactory()
    MembershipFactory(user=learner_b, organisation=org_b)
    course = course_with_checks()
    learn(learner_a, course)
    learn(learner_b, course)
    RetentionRule.objects.create(organisation=org_a, key=RuleKey.LESSON_PROGRESS, amount=3)
    with _later(days=100):
        job.run_retention()
    assert LessonProgress.objects.filter(enrolment__user=learner_a).count() == 0
    assert LessonProgress.objects.filter(enrolment__user=learner_b).count() == 2
    assert set(
        DeletionLogEntry.objects.filter(model="courses.LessonProgress").values_list("organisation", flat=True)
    ) == {org_a.pk}


def test_a_run_stopped_midway_is_resumed_without_loss_or_double_deletion(
    org_a: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = course_with_checks()
    people = [UserFactory() for _ in range(3)]
    for person in people:
        MembershipFactory(user=person, organisation=org_a)
        learn(person, course)
    monkeypatch.setattr(job, "BATCH", 2)
    deleted: list[int] = []

    def fail_on_the_third(sender: Any, instance: LessonProgress, **kwargs: Any) -> None:
        deleted.append(instance.pk)
        if len(deleted) == 3:
            raise RuntimeError("the database went away")

    post_delete.connect(fail_on_the_third, sender=LessonProgress)
    try:
        with _later(days=400), pytest.raises(RuntimeError):
            job.run_retention()
    finally:
        post_delete.disconnect(fail_on_the_third, sender=LessonProgress)
    run = RetentionRun.objects.get()
    assert run.state == RunState.FAILED and "went away" in run.error
    assert LessonProgress.objects.count() == 4  # the first batch of two committed, the second rolled back
    assert _logged(RuleKey.LESSON_PROGRESS, "courses.LessonProgress") == 2

    with _later(days=401):
        resumed = job.run_retention()
    assert resumed.pk == run.pk and resumed.state == RunState.DONE and resumed.as_of == run.as_of
    assert LessonProgress.objects.count() == 0
    assert _logged(RuleKey.LESSON_PROGRESS, "courses.LessonProgress") == 6  # every row once
    assert CheckAnswer.objects.count() == 0 and _logged(RuleKey.LESSON_PROGRESS, "courses.CheckAnswer") == 6


def test_inactive_accounts_are_warned_then_pseudonymised(
    learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    User.objects.filter(pk=learner_a.pk).update(last_login=timezone.now(), preferred_language="en")
    three_years = 3 * 365 + 1
    with _later(days=three_years - 40), django_capture_on_commit_callbacks(execute=True):
        job.run_retention()
    assert mail.outbox == []
    with _later(days=three_years - 20), django_capture_on_commit_callbacks(execute=True):
        job.run_retention()
        job.run_retention()
    assert [m.to for m in mail.outbox] == [[learner_a.email]]
    assert "erased unless you sign in" in mail.outbox[0].subject
    learner_a.refresh_from_db()
    assert learner_a.is_active and not is_erased(learner_a)
    with _later(days=three_years + 5):
        job.run_retention()
    learner_a.refresh_from_db()
    assert not is_erased(learner_a)  # the warning is not yet a month old
    with _later(days=three_years + 12):
        job.run_retention()
    learner_a.refresh_from_db()
    assert is_erased(learner_a) and learner_a.name == ""
    assert _logged(RuleKey.INACTIVE_ACCOUNTS, "people.User", "warned") == 1
    assert _logged(RuleKey.INACTIVE_ACCOUNTS, "people.User", "pseudonymised") == 1


def test_signing_in_after_the_warning_keeps_the_account(
    learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    User.objects.filter(pk=learner_a.pk).update(last_login=timezone.now())
    with _later(days=3 * 365 - 10), django_capture_on_commit_callbacks(execute=True):
        job.run_retention()
    assert len(mail.outbox) == 1
    with _later(days=3 * 365 - 5):
        User.objects.filter(pk=learner_a.pk).update(last_login=timezone.now())
    with _later(days=3 * 365 + 60):
        job.run_retention()
    learner_a.refresh_from_db()
    assert learner_a.is_active and not is_erased(learner_a)


def test_audit_entries_sessions_and_tokens(learner_a: User, org_a: Organisation) -> None:
    record("test.old", organisation=org_a, summary="old")
    token, _raw = people_actions.create_api_token(learner_a, name="skript")
    UserSession.objects.create(user=learner_a, ip="127.0.0.1", session_key="k" * 32, user_agent="test")
    with _later(days=40):
        recent_token, _raw = people_actions.create_api_token(learner_a, name="nytt")
        job.run_retention()
    assert not UserSession.objects.filter(user=learner_a).exists()
    assert ApiToken.objects.filter(pk=token.pk).exists()  # 180 days
    with _later(days=200):
        job.run_retention()
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert ApiToken.objects.filter(pk=recent_token.pk).exists()
    assert AuditEntry.objects.filter(action="test.old").exists()
    with _later(days=5 * 366):
        job.run_retention()
    assert not AuditEntry.objects.filter(action="test.old").exists()
    assert _logged(RuleKey.SIGN_IN_SESSIONS, "usersessions.UserSession") == 1
    assert _logged(RuleKey.API_TOKENS, "people.ApiToken") >= 1


def test_course_packages_saved_state_goes_with_the_lesson_progress_rule(learner_a: User, org_a: Organisation) -> None:
    # The catalogue promised "course packages' saved state" under lesson progress; the job left
    # SCORM attempts' suspend data and cmi5 progress untouched.
    from jamlik.courses.actions import complete_from_package
    from jamlik.packages.attempts import Attempt
    from jamlik.packages.cmi5.models import Progress as AuProgress
    from jamlik.packages.cmi5.models import Registration
    from tests.cmi5.kit import aus, enrolled, published
    from tests.packages.tracking_kit import enrol, make_package, scos_of

    package = make_package()
    enrolment = enrol(learner_a, package)
    attempt = Attempt.objects.create(
        enrolment=enrolment, item=scos_of(package)[0], suspend_data="sida=4", location="4", data={"cmi.comments": "x"}
    )
    assert complete_from_package(enrolment.pk) is not None

    version = published()
    enrolled(learner_a, version)
    cmi5_enrolment = learner_a.enrolments.get(version=version)
    registration = Registration.objects.create(
        enrolment=cmi5_enrolment, package=version.package, user=learner_a, organisation=org_a
    )
    AuProgress.objects.create(registration=registration, item=aus(version)[0], completed_at=timezone.now())
    assert complete_from_package(cmi5_enrolment.pk) is not None

    with _later(days=300):
        job.run_retention()
    attempt.refresh_from_db()
    assert attempt.suspend_data == "sida=4" and AuProgress.objects.filter(registration=registration).exists()

    with _later(days=370):
        job.run_retention()
        job.run_retention()  # the cleared attempt is not cleared (or logged) again
    attempt.refresh_from_db()
    assert (attempt.suspend_data, attempt.location, attempt.data) == ("", "", {})
    assert not AuProgress.objects.filter(registration=registration).exists()
    assert Completion.objects.filter(user=learner_a).count() == 2  # what was achieved stays
    assert _logged(RuleKey.LESSON_PROGRESS, "packages.Attempt", "cleared") == 1
    assert _logged(RuleKey.LESSON_PROGRESS, "packages.Progress") == 1
