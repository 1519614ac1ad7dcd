"""Bulk diploma issue runs as a background job: answered at once, progress, outcome by person,
claimed once, only for the programme manager who started it; the same through the API."""

from __future__ import annotations

import datetime
import io
import uuid
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.courses.imports import import_completions
from jamlik.courses.models import Completion, Course
from jamlik.credentials import actions, bulk_jobs
from jamlik.credentials.models import BulkIssueJob, BulkIssueLine, Diploma, IssueJobState
from jamlik.people.actions import create_api_token
from jamlik.people.models import Membership, Organisation, PlatformRole, User
from tests.conftest import client_for
from tests.courses.authoring_kit import in_english
from tests.credentials.kit import complete, diploma_course, diploma_of
from tests.factories import UserFactory

DAY = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def completed_by(organisation: Organisation, course: Course, n: int, prefix: str, name: str = "P {i}") -> None:
    User.objects.bulk_create(
        [User(email=f"{prefix}{i}@{organisation.slug}.se", name=name.format(i=i)) for i in range(n)]
    )
    users = list(User.objects.filter(email__startswith=prefix, email__endswith=f"@{organisation.slug}.se"))
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=organisation, valid_from=datetime.date(2020, 1, 1)) for u in users]
    )
    content = ("email,completed_on\n" + "".join(f"{u.email},{DAY}\n" for u in users)).encode()
    import_completions(None, organisation, course, filename="f.csv", content=content)


def bearer(user: User) -> dict[str, str]:
    _token, raw = create_api_token(user, name="bulk")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_issue_page_answers_at_once_and_the_job_page_shows_progress_then_who_got_what(
    as_programme_manager: Client,
    programme_manager: User,
    learner_a: User,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    course = diploma_course(issues_diploma=False, owner=org_a)
    complete(django_capture_on_commit_callbacks, learner_a, course)
    completed_by(org_a, course, 1, "nameless", name="")
    actions.issue_for_course(programme_manager, learner_a, course)
    completed_by(org_a, course, 2, "named")
    client = in_english(as_programme_manager)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/diplom/utfarda/", {"course": course.pk, "email": ""})
    job = BulkIssueJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/diplom/utfarda/{job.public_id}/"
    assert Diploma.objects.count() == 1  # nothing issued in the request
    waiting = client.get(response["Location"]).text
    assert "Waiting to start" in waiting and f'data-hx-get="/diplom/utfarda/{job.public_id}/"' in waiting
    assert f'href="/diplom/utfarda/{job.public_id}/"' in waiting  # without script: a link to refresh
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert (job.state, job.total, job.processed, job.issued, job.had_one, job.no_name) == (
        IssueJobState.DONE,
        4,
        4,
        2,
        1,
        1,
    )
    done = client.get(response["Location"]).text
    assert "2 diplomas were issued." in done and "data-hx-get" not in done
    assert "1 person already had a diploma for the course and kept it." in done
    assert "1 person has not given their name: their diploma is issued when they do." in done
    assert "nameless0@sater.se" in done and diploma_of(User.objects.get(email="named1@sater.se")).display_code in done
    polled = client.get(response["Location"], HTTP_HX_REQUEST="true")
    assert polled["HX-Refresh"] == "true" and 'id="issue-status"' in polled.text
    assert AuditEntry.objects.filter(action="credentials.bulk_issue_started", actor=programme_manager).count() == 1
    assert AuditEntry.objects.filter(action="credentials.diploma_issued").count() == 3


def test_a_task_delivered_twice_issues_once(programme_manager: User, org_a: Organisation) -> None:
    course = diploma_course(issues_diploma=False, owner=org_a)
    completed_by(org_a, course, 3, "p")
    job = bulk_jobs.start_bulk_issue(programme_manager, course, language="sv")
    bulk_jobs.run_bulk_issue.call(job.pk)
    bulk_jobs.run_bulk_issue.call(job.pk)
    job.refresh_from_db()
    assert (job.state, job.processed, job.issued) == (IssueJobState.DONE, 3, 3)
    assert BulkIssueLine.objects.count() == 3 and Diploma.objects.count() == 3


def test_the_job_issues_in_queries_that_do_not_grow_with_the_completions(
    programme_manager: User, org_a: Organisation
) -> None:
    counts = []
    for n, prefix in ((3, "few"), (30, "many")):
        course = diploma_course(issues_diploma=False, owner=org_a)
        completed_by(org_a, course, n, prefix)
        job = bulk_jobs.start_bulk_issue(programme_manager, course, language="sv")
        with CaptureQueriesContext(connection) as queries:
            bulk_jobs.run_bulk_issue.call(job.pk)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert Diploma.objects.count() == 33


def test_only_the_manager_who_started_it_sees_the_job(
    programme_manager: User, learner_a: User, coordinator_a: User, org_a: Organisation
) -> None:
    course = diploma_course(issues_diploma=False, owner=org_a)
    job = bulk_jobs.start_bulk_issue(programme_manager, course, language="sv")
    other_manager = UserFactory(email="per@lansstyrelsen.se", platform_role=PlatformRole.PROGRAMME_MANAGER)
    for person in (other_manager, learner_a, coordinator_a):
        client = client_for(person)
        assert client.get(f"/diplom/utfarda/{job.public_id}/").status_code == 404
        assert client.get(f"/api/v1/credentials/bulk-issues/{job.public_id}", **bearer(person)).status_code == 404
    assert client_for(programme_manager).get(f"/diplom/utfarda/{job.public_id}/").status_code == 200
    assert client_for(other_manager).get(f"/diplom/utfarda/{uuid.uuid4()}/").status_code == 404


def test_the_api_answers_202_with_the_job_and_its_address(
    client: Client,
    programme_manager: User,
    coordinator_a: User,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    course = diploma_course(issues_diploma=False, owner=org_a)
    completed_by(org_a, course, 2, "p")
    refused = client.post(
        "/api/v1/credentials/bulk-issues",
        {"course": str(course.public_id)},
        content_type="application/json",
        **bearer(coordinator_a),
    )
    assert refused.status_code == 404 and not BulkIssueJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/credentials/bulk-issues",
            {"course": str(course.public_id)},
            content_type="application/json",
            **bearer(programme_manager),
        )
    job = BulkIssueJob.objects.get()
    assert response.status_code == 202 and response.json()["state"] == "queued"
    assert response["Location"] == f"/api/v1/credentials/bulk-issues/{job.public_id}"
    outcome = client.get(response["Location"], **bearer(programme_manager)).json()
    assert (outcome["state"], outcome["issued"], outcome["total"]) == ("done", 2, 2)
    assert sorted((p["email"], p["outcome"]) for p in outcome["people"]) == [
        ("p0@sater.se", "issued"),
        ("p1@sater.se", "issued"),
    ]
    assert all(p["code"] for p in outcome["people"])


def test_a_job_whose_worker_died_goes_on_after_the_last_batch_that_committed(
    programme_manager: User, org_a: Organisation, settings: Any
) -> None:
    settings.JAMLIK_TASK_LEASE_SECONDS = 600
    course = diploma_course(issues_diploma=False, owner=org_a)
    completed_by(org_a, course, 3, "p")
    job = bulk_jobs.start_bulk_issue(programme_manager, course, language="sv")
    first = Completion.objects.filter(course=course).order_by("pk").first()
    assert first is not None
    # The worker committed a batch holding the first completion, then died.
    BulkIssueJob.objects.filter(pk=job.pk).update(state=IssueJobState.RUNNING, started_at=timezone.now())
    bulk_jobs._batch(job, [first.pk])
    bulk_jobs.run_bulk_issue.call(job.pk)  # a second delivery while it seems alive: nothing
    assert Diploma.objects.count() == 1
    BulkIssueJob.objects.filter(pk=job.pk).update(beat_at=timezone.now() - datetime.timedelta(minutes=11))
    bulk_jobs.run_bulk_issue.call(job.pk)  # reclaim_tasks retries the task
    job.refresh_from_db()
    assert (job.state, job.total, job.processed, job.issued, job.had_one) == (IssueJobState.DONE, 3, 3, 3, 0)
    assert BulkIssueLine.objects.filter(job=job).count() == 3 and Diploma.objects.count() == 3


def test_reports_are_deleted_after_30_days_and_a_silent_job_ends_as_failed(
    programme_manager: User, org_a: Organisation
) -> None:
    from django.core.management import call_command

    from jamlik.schedule import JOBS

    course = diploma_course(issues_diploma=False, owner=org_a)
    completed_by(org_a, course, 1, "p")
    old, recent, silent = (bulk_jobs.start_bulk_issue(programme_manager, course, language="sv") for _ in range(3))
    for job in (old, recent):
        bulk_jobs.run_bulk_issue.call(job.pk)
    BulkIssueJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=31))
    BulkIssueJob.objects.filter(pk=silent.pk).update(
        state=IssueJobState.RUNNING, beat_at=timezone.now() - datetime.timedelta(days=2)
    )
    out = io.StringIO()
    call_command("prune_bulk_issues", stdout=out)
    assert out.getvalue().startswith("1 abandoned")
    assert set(BulkIssueJob.objects.values_list("pk", "state")) == {
        (recent.pk, IssueJobState.DONE),
        (silent.pk, IssueJobState.FAILED),
    }
    assert not BulkIssueLine.objects.filter(job_id=old.pk).exists() and Diploma.objects.count() == 1
    assert "prune_bulk_issues" in [job.command for job in JOBS]
