"""Retention rules set by administrators (bounds, guards, tenant scope), the deletion log's page and
CSV, the archive package, and leaving an employer."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from jamlik.courses import actions as course_actions
from jamlik.courses import reports
from jamlik.courses.models import Completion
from jamlik.credentials.models import Diploma
from jamlik.people import actions as people_actions
from jamlik.people.models import Membership, Organisation, User
from jamlik.retention import job
from jamlik.retention.actions import set_rule
from jamlik.retention.catalogue import RuleKey, period_for
from jamlik.retention.models import RetentionRule
from tests.campaigns.factories import make_campaign
from tests.conftest import client_for
from tests.retention.helpers import course_with_checks, learn

pytestmark = pytest.mark.django_db


def test_only_administrators_set_rules(coordinator_a: User, org_a: Organisation, administrator: User) -> None:
    with pytest.raises(PermissionDenied):
        set_rule(coordinator_a, org_a, RuleKey.LESSON_PROGRESS, 6)
    assert client_for(coordinator_a).get("/drift/gallring/").status_code == 404
    assert client_for(coordinator_a).get("/drift/gallring/logg.csv").status_code == 404
    response = client_for(administrator).post(
        "/drift/gallring/", {"organisation": org_a.pk, "key": "lesson_progress", "amount": 6}
    )
    assert response.status_code == 302
    assert period_for(RuleKey.LESSON_PROGRESS, org_a).amount == 6
    assert period_for(RuleKey.LESSON_PROGRESS).amount == 12


@pytest.mark.parametrize(
    ("key", "organisation", "amount", "message"),
    [
        (RuleKey.LESSON_PROGRESS, True, 0, "from 1 to 120 months"),
        (RuleKey.API_TOKENS, True, 30, "set it for the whole platform"),
        (RuleKey.SESSION_NEEDS, False, 3, "cannot be changed here"),
        ("no_such_rule", False, 3, "no such retention rule"),
    ],
)
def test_bad_rules_are_refused(
    administrator: User, org_a: Organisation, key: str, organisation: bool, amount: int, message: str
) -> None:
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        set_rule(administrator, org_a if organisation else None, key, amount)
    assert not RetentionRule.objects.exists()


def test_a_rule_shorter_than_a_running_campaign_is_refused(
    administrator: User, org_a: Organisation, org_b: Organisation
) -> None:
    today = timezone.localdate()
    make_campaign({org_a: 10}, first=today - datetime.timedelta(days=300), last=today + datetime.timedelta(days=300))
    with translation.override("en"), pytest.raises(ValidationError, match="shorter than the running campaign"):
        set_rule(administrator, org_a, RuleKey.AUDIT_ENTRIES, 1)
    set_rule(administrator, org_b, RuleKey.AUDIT_ENTRIES, 1)  # org_b is not in it
    set_rule(administrator, org_a, RuleKey.AUDIT_ENTRIES, 2)
    page = client_for(administrator).post(
        "/drift/gallring/", {"organisation": org_a.pk, "key": "inactive_accounts", "amount": 1}
    )
    assert (
        page.status_code == 200 and "running campaign" in page.content.decode()
    ) or "pågående kampanj" in page.content.decode()


def test_a_rule_shorter_than_an_unexpired_diploma_is_refused(
    administrator: User, org_a: Organisation, learner_a: User
) -> None:
    diploma = Diploma.objects.create(
        recipient=learner_a,
        recipient_name="Lina",
        kind="course",
        achievement_key="course:1",
        achievement={},
        expires_at=timezone.now() + datetime.timedelta(days=3 * 365),
    )
    diploma.issuers.add(org_a)
    with translation.override("en"), pytest.raises(ValidationError, match="diploma that has not expired"):
        set_rule(administrator, org_a, RuleKey.INACTIVE_ACCOUNTS, 2)
    set_rule(administrator, org_a, RuleKey.INACTIVE_ACCOUNTS, 4)


def test_the_deletion_log_is_read_and_exported_without_content(
    administrator: User, learner_a: User, org_a: Organisation
) -> None:
    learn(learner_a, course_with_checks())
    with time_machine.travel(timezone.now() + datetime.timedelta(days=400)):
        job.run_retention()
    page = client_for(administrator).get("/drift/gallring/")
    assert "courses.LessonProgress" in page.content.decode()
    response = client_for(administrator).get("/drift/gallring/logg.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_table = {(r["table"], r["action"]): r for r in rows}
    assert by_table[("courses.ReflectionAnswer", "deleted")]["count"] == "2"
    assert by_table[("courses.LessonProgress", "deleted")]["organisation"] == org_a.name
    assert "mitt eget" not in response.content.decode()  # never the content


def test_the_archive_package(coordinator_a: User, coordinator_b: User, learner_a: User, org_a: Organisation) -> None:
    learn(learner_a, course_with_checks())
    today = timezone.localdate().isoformat()
    assert client_for(coordinator_b).get(f"/organisationer/{org_a.slug}/arkiv/").status_code == 404
    response = client_for(coordinator_a).post(f"/organisationer/{org_a.slug}/arkiv/", {"start": today, "end": today})
    assert response["Content-Type"] == "application/zip"
    package = zipfile.ZipFile(io.BytesIO(response.content))
    description = json.loads(package.read("description.json"))
    files = {f["name"]: f for f in description["files"]}
    assert set(files) == {"completions.csv", "diplomas.csv", "campaign_results.csv", "strategy_followups.csv"}
    assert files["completions.csv"]["rows"] == 1
    completions = list(csv.DictReader(io.StringIO(package.read("completions.csv").decode())))
    assert completions[0]["person_email"] == learner_a.email
    import hashlib

    assert hashlib.sha256(package.read("completions.csv")).hexdigest() == files["completions.csv"]["sha256"]
    bad = client_for(coordinator_a).post(f"/organisationer/{org_a.slug}/arkiv/", {"start": today, "end": "2000-01-01"})
    assert bad.status_code == 200


def test_leaving_an_employer(coordinator_a: User, learner_a: User, org_a: Organisation, org_b: Organisation) -> None:
    """The former organisation keeps its completions and sees nothing new; the person keeps their history."""
    first_course = course_with_checks()
    first = learn(learner_a, first_course)
    people_actions.end_membership(coordinator_a, Membership.objects.get(user=learner_a, organisation=org_a))
    people_actions.add_member(None, org_b, learner_a)
    later_course = course_with_checks()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        second = learn(learner_a, later_course)
        third_course = course_with_checks()
        course_actions.enrol(learner_a, third_course)  # started, not finished
        first.refresh_from_db()
        assert first.organisation == org_a  # kept, counted for the employer of that time
        assert second.organisation == org_b
        assert [r.email for r in reports.rows_for(org_a, first_course)] == [learner_a.email]
        assert reports.rows_for(org_a, later_course) == []
        assert reports.rows_for(org_a, third_course) == []
        assert set(reports.courses_for(org_a)) == {first_course}
        assert [r.email for r in reports.rows_for(org_b, later_course)] == [learner_a.email]
    # The person's own history has both.
    assert set(Completion.objects.filter(user=learner_a)) == {first, second}
