"""Issuing diplomas: on completion, by hand, in bulk; once per achievement; revoked and re-issued with an audit trail."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.credentials import actions, bulk_jobs
from jamlik.credentials.models import Diploma, DiplomaStatus
from jamlik.people.models import Organisation, User
from tests.credentials.kit import complete, diploma_course, diploma_of
from tests.factories import MembershipFactory, UserFactory


def test_completing_a_course_with_a_diploma_issues_one(
    learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    course = diploma_course(owner=org_a, title="Bemötande i offentlig verksamhet")
    completion = complete(django_capture_on_commit_callbacks, learner_a, course)
    diploma = diploma_of(learner_a)
    assert diploma.recipient_name == "Lina Lärande"
    assert diploma.title == "Bemötande i offentlig verksamhet"
    assert diploma.completion == completion
    assert list(diploma.issuers.all()) == [org_a]
    assert diploma.data.completed_on == timezone.localdate(completion.completed_at)
    assert diploma.status() == DiplomaStatus.VALID
    entry = AuditEntry.objects.get(action="credentials.diploma_issued")
    assert entry.target_id == str(diploma.pk) and entry.organisation == org_a


def test_a_course_without_a_diploma_issues_none(learner_a: User, django_capture_on_commit_callbacks: Any) -> None:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course(issues_diploma=False))
    assert not Diploma.objects.exists()


def test_a_diploma_is_issued_once_per_achievement(learner_a: User, django_capture_on_commit_callbacks: Any) -> None:
    completion = complete(django_capture_on_commit_callbacks, learner_a, diploma_course())
    first = diploma_of(learner_a)
    again = actions.issue_for_completion(None, completion)
    assert again == first
    assert Diploma.objects.count() == 1
    assert AuditEntry.objects.filter(action="credentials.diploma_issued").count() == 1


def test_a_programme_manager_issues_by_hand_only_for_a_completed_course(
    learner_a: User, programme_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    course = diploma_course(issues_diploma=False)
    with pytest.raises(ValidationError, match="has not completed"):
        actions.issue_for_course(programme_manager, learner_a, course)
    complete(django_capture_on_commit_callbacks, learner_a, course)
    diploma = actions.issue_for_course(programme_manager, learner_a, course)
    assert diploma.issued_by == programme_manager


def test_a_learner_may_not_issue_a_diploma(learner_a: User, django_capture_on_commit_callbacks: Any) -> None:
    course = diploma_course(issues_diploma=False)
    complete(django_capture_on_commit_callbacks, learner_a, course)
    with pytest.raises(PermissionDenied):
        actions.issue_for_course(learner_a, learner_a, course)


def test_bulk_issue_gives_everyone_who_completed_a_diploma_and_keeps_existing_ones(
    learner_a: User, org_a: Organisation, programme_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    course = diploma_course(issues_diploma=False)
    colleague = UserFactory(email="ola@sater.se", name="Ola Şahin")
    MembershipFactory(user=colleague, organisation=org_a)
    for person in (learner_a, colleague):
        complete(django_capture_on_commit_callbacks, person, course)
    first = actions.issue_for_course(programme_manager, learner_a, course)
    with django_capture_on_commit_callbacks(execute=True):
        job = bulk_jobs.start_bulk_issue(programme_manager, course, language="sv")
    job.refresh_from_db()
    assert (job.state, job.issued, job.had_one) == ("done", 1, 1)
    assert Diploma.objects.count() == 2 and diploma_of(learner_a) == first
    assert diploma_of(colleague).issued_by == programme_manager


def test_revoking_needs_a_reason_and_is_audited(
    learner_a: User, programme_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course())
    diploma = diploma_of(learner_a)
    with pytest.raises(ValidationError):
        actions.revoke_diploma(programme_manager, diploma, "  ")
    revoked = actions.revoke_diploma(programme_manager, diploma, "Issued by mistake")
    assert revoked.status() == DiplomaStatus.REVOKED
    assert revoked.revocation_reason == "Issued by mistake"
    with pytest.raises(ValidationError, match="already revoked"):
        actions.revoke_diploma(programme_manager, revoked, "Again")
    entry = AuditEntry.objects.get(action="credentials.diploma_revoked")
    assert entry.actor == programme_manager and entry.summary == "Issued by mistake"


def test_a_learner_may_not_revoke(learner_a: User, django_capture_on_commit_callbacks: Any) -> None:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course())
    with pytest.raises(PermissionDenied):
        actions.revoke_diploma(learner_a, diploma_of(learner_a), "I want to")


def test_re_issuing_with_a_corrected_name_supersedes_the_old_diploma(
    learner_a: User, programme_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course())
    old = diploma_of(learner_a)
    new = actions.reissue_diploma(programme_manager, old, recipient_name="Lina Ŋora Lärande")
    old.refresh_from_db()
    assert old.status() == DiplomaStatus.SUPERSEDED and old.superseded_by == new
    assert new.status() == DiplomaStatus.VALID and new.code != old.code
    assert new.recipient_name == "Lina Ŋora Lärande" and new.achievement == old.achievement
    assert diploma_of(learner_a) == new
    with pytest.raises(ValidationError):
        actions.reissue_diploma(programme_manager, old)
    assert AuditEntry.objects.filter(action="credentials.diploma_reissued").count() == 1


def test_a_diploma_past_its_expiry_date_is_expired(
    learner_a: User, programme_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course())
    diploma = actions.set_expiry(
        programme_manager, diploma_of(learner_a), timezone.now() + datetime.timedelta(days=365)
    )
    assert diploma.status() == DiplomaStatus.VALID
    assert diploma.status(now=timezone.now() + datetime.timedelta(days=366)) == DiplomaStatus.EXPIRED
    assert AuditEntry.objects.filter(action="credentials.diploma_expiry_set").exists()
