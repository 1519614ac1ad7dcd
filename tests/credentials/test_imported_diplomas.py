"""Diplomas for imported completions: issued in bulk after the import, in a few queries, the same
diplomas (achievement, issuer, audit entry) as one completion at a time gives."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.courses.imports import announce_imported, import_completions
from jamlik.courses.models import Completion, Course
from jamlik.credentials import actions
from jamlik.credentials.bulk import completions_for, issue_for_completions
from jamlik.credentials.models import Diploma, IssueOutcome
from jamlik.people.models import Membership, Organisation, User
from tests.credentials.kit import complete, diploma_course, diploma_of

DAY = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def members(organisation: Organisation, n: int, prefix: str, name: str = "P {i}") -> list[User]:
    User.objects.bulk_create(
        [User(email=f"{prefix}{i}@{organisation.slug}.se", name=name.format(i=i)) for i in range(n)]
    )
    users = list(User.objects.filter(email__startswith=prefix, email__endswith=f"@{organisation.slug}.se"))
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=organisation, valid_from=datetime.date(2020, 1, 1)) for u in users]
    )
    return users


def imported(organisation: Organisation, course: Course, users: list[User]) -> list[int]:
    """Import completions for ``users`` without running the after-commit announcements."""
    content = ("email,completed_on\n" + "".join(f"{u.email},{DAY}\n" for u in users)).encode()
    result = import_completions(None, organisation, course, filename="f.csv", content=content)
    return [c.pk for c in result.imported]


def announce(capture: Any, ids: list[int]) -> int:
    """The task the import enqueues on commit, with its listeners run; the queries it made."""
    with CaptureQueriesContext(connection) as queries, capture(execute=True):
        announce_imported.call(ids)
    return len(queries)


def test_announcing_imported_completions_issues_diplomas_in_queries_that_do_not_grow(
    org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    course = diploma_course(owner=org_a)
    few = imported(org_a, course, members(org_a, 3, "few"))
    many = imported(org_a, course, members(org_a, 30, "many"))
    counts = [announce(django_capture_on_commit_callbacks, ids) for ids in (few, many)]
    assert counts[0] == counts[1], counts
    assert Diploma.objects.count() == 33
    assert AuditEntry.objects.filter(action="credentials.diploma_issued").count() == 33


def test_a_diploma_issued_in_bulk_is_the_one_a_single_completion_gets(
    org_a: Organisation, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    course = diploma_course(owner=org_a, title="Bemötande")
    complete(django_capture_on_commit_callbacks, learner_a, course)
    single = diploma_of(learner_a)
    (person,) = members(org_a, 1, "bulk", name="Lina Lärande")
    announce(django_capture_on_commit_callbacks, imported(org_a, course, [person]))
    bulk = diploma_of(person)
    for field in ("recipient_name", "language", "kind", "achievement_key", "course_version_id", "expires_at"):
        assert getattr(bulk, field) == getattr(single, field), field
    assert bulk.completion == Completion.objects.get(user=person)
    same = {"started_on", "completed_on"}  # the import's day, not the day of the course taken here
    assert {k: v for k, v in bulk.achievement.items() if k not in same} == {
        k: v for k, v in single.achievement.items() if k not in same
    }
    assert list(bulk.issuers.all()) == list(single.issuers.all()) == [org_a]
    entries = AuditEntry.objects.filter(action="credentials.diploma_issued").order_by("id")
    first, second = (e for e in entries)
    assert (second.target_type, second.target_id, second.organisation) == (
        first.target_type,
        str(bulk.pk),
        first.organisation,
    )
    assert second.summary == first.summary and second.after == actions.snapshot(bulk)


def test_bulk_issue_skips_those_who_hold_one_and_those_without_a_name(org_a: Organisation) -> None:
    course = diploma_course(owner=org_a)
    named = members(org_a, 2, "named")
    nameless = members(org_a, 1, "nameless", name="")
    ids = imported(org_a, course, named + nameless)
    actions.issue_for_completion(None, Completion.objects.get(user=named[0]))
    outcome = issue_for_completions(None, completions_for(ids))
    assert [d.recipient for d in outcome.diplomas] == [named[1]]
    assert sorted((c.user.email, why) for c, why in outcome.skipped) == sorted(
        [(named[0].email, IssueOutcome.HAD_ONE), (nameless[0].email, IssueOutcome.NO_NAME)]
    )
    assert Diploma.objects.count() == 2


def test_a_course_without_a_diploma_issues_none_for_an_import(
    org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    course = diploma_course(owner=org_a, issues_diploma=False)
    announce(django_capture_on_commit_callbacks, imported(org_a, course, members(org_a, 3, "p")))
    assert not Diploma.objects.exists()
