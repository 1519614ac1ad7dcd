"""Completion imports run as background jobs: progress, outcome, access, and the campaign counted with them."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.campaigns.counting import recompute
from jamlik.campaigns.models import Campaign, CountedPerson
from jamlik.courses import import_jobs
from jamlik.courses.actions import enrol, record_progress
from jamlik.courses.events import CompletionsImported, completions_imported
from jamlik.courses.imports import import_completions
from jamlik.courses.models import Completion, CompletionImport, Course, ImportState
from jamlik.people.models import Membership, Organisation, User
from tests.campaigns.factories import first_course, make_campaign, participant
from tests.conftest import client_for
from tests.courses.authoring_kit import in_english
from tests.courses.factories import lessons_of
from tests.factories import MembershipFactory, UserFactory

DAY = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def people(organisation: Organisation, n: int, prefix: str = "p") -> list[User]:
    """``n`` members of ``organisation``, written in bulk (a realistic import is hundreds of people)."""
    users = User.objects.bulk_create(
        [User(email=f"{prefix}{i}@{organisation.slug}.se", name=f"P {i}") for i in range(n)]
    )
    users = list(User.objects.filter(email__startswith=prefix, email__endswith=f"@{organisation.slug}.se"))
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=organisation, valid_from=datetime.date(2020, 1, 1)) for u in users]
    )
    return users


def csv_for(users: list[User], day: str = DAY) -> bytes:
    return ("email,completed_on\n" + "".join(f"{u.email},{day}\n" for u in users)).encode()


def page(organisation: Organisation) -> str:
    return reverse("courses:authoring:import_completions", args=[organisation.slug])


def result_page(job: CompletionImport) -> str:
    return reverse("courses:authoring:import_result", args=[job.organisation.slug, job.public_id])


def upload(client: Client, organisation: Organisation, course: Course, content: bytes, capture: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    with capture(execute=True):
        return client.post(
            page(organisation), {"course": course.slug, "file": SimpleUploadedFile("import.csv", content)}
        )


@pytest.fixture
def campaign(org_a: Organisation) -> Campaign:
    return make_campaign({org_a: 1000})


@pytest.mark.django_db
def test_640_rows_are_imported_and_every_person_is_counted_for_the_campaign(
    as_coordinator_a: Client, org_a: Organisation, campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    users = people(org_a, 640)
    response = upload(
        as_coordinator_a, org_a, first_course(campaign), csv_for(users), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302  # answered at once; the work is the worker's
    job = CompletionImport.objects.get()
    assert (job.state, job.total_rows, job.checked_rows, job.imported) == (ImportState.DONE, 640, 640, 640)
    assert Completion.objects.count() == 640
    assert participant(campaign, org_a).completions == 640
    assert recompute(campaign) == []  # the running standings are exactly what the completions say


@pytest.mark.django_db
def test_the_completions_and_their_campaign_counting_commit_together_or_not_at_all(
    as_coordinator_a: Client, org_a: Organisation, campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    users = people(org_a, 30)

    def a_listener_that_fails(payload: CompletionsImported) -> None:
        raise RuntimeError("the disk is full")  # after the campaign counting has run in the transaction

    completions_imported.subscribe(a_listener_that_fails)
    try:
        upload(as_coordinator_a, org_a, first_course(campaign), csv_for(users), django_capture_on_commit_callbacks)
    finally:
        completions_imported.unsubscribe(a_listener_that_fails)
    job = CompletionImport.objects.get()
    assert job.state == ImportState.FAILED
    assert not Completion.objects.exists()
    assert not CountedPerson.objects.exists()
    assert participant(campaign, org_a).completions == 0
    assert not AuditEntry.objects.filter(action="course.completed").exists()
    page_text = in_english(as_coordinator_a).get(result_page(job)).text
    assert "Nothing was imported." in page_text


@pytest.mark.django_db
def test_importing_again_repairs_a_completion_whose_campaign_count_was_lost(
    learner_a: User, org_a: Organisation, campaign: Campaign
) -> None:
    course = first_course(campaign)
    enrol(learner_a, course)
    for lesson in lessons_of(course):
        record_progress(learner_a, lesson)  # completes; the after-commit count never runs here: a lost event
    assert Completion.objects.filter(user=learner_a).exists()
    assert participant(campaign, org_a).completions == 0
    again = import_completions(None, org_a, course, filename="a.csv", content=csv_for([learner_a]))
    assert (again.imported, again.already_completed) == ([], [learner_a.email])
    assert participant(campaign, org_a).completions == 1
    assert recompute(campaign) == []


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_the_rows(org_a: Organisation, campaign: Campaign) -> None:
    course = first_course(campaign)
    counts = []
    for n, prefix in ((20, "a"), (400, "b")):
        content = csv_for(people(org_a, n, prefix))
        with CaptureQueriesContext(connection) as queries:
            import_completions(None, org_a, course, filename="f.csv", content=content)
        counts.append(len(queries))
    # Twenty times the rows: a few more bulk-insert batches (SQLite caps the parameters per
    # statement), never a query per row.
    assert counts[1] - counts[0] <= (400 - 20) // 50, counts
    assert participant(campaign, org_a).completions == 420


@pytest.mark.django_db
def test_the_progress_page_works_without_script_and_polls_with_htmx(
    as_coordinator_a: Client, coordinator_a: User, learner_a: User, org_a: Organisation, campaign: Campaign
) -> None:
    course = first_course(campaign)
    job = import_jobs.start_import(
        coordinator_a, org_a, course, filename="a.csv", content=csv_for([learner_a]), language="en"
    )  # not run yet: the worker has not picked it up
    client = in_english(as_coordinator_a)
    waiting = client.get(result_page(job)).text
    assert "Waiting to start" in waiting
    assert "<progress" in waiting and f'href="{result_page(job)}"' in waiting  # a refresh link, no script needed
    assert f'data-hx-get="{result_page(job)}" data-hx-trigger="every 2s"' in waiting
    fragment = client.get(result_page(job), HTTP_HX_REQUEST="true")
    assert "<h1" not in fragment.text and "HX-Refresh" not in fragment
    import_jobs.run_import.call(job.pk)
    finished = client.get(result_page(job), HTTP_HX_REQUEST="true")
    assert finished["HX-Refresh"] == "true"
    done = client.get(result_page(job)).text
    assert "1 completion was imported." in done and "hx-trigger" not in done
    assert job.public_id.hex[:8] in client.get(page(org_a)).text.replace("-", "")  # listed on the import page


@pytest.mark.django_db
def test_a_job_delivered_twice_runs_once(coordinator_a: User, learner_a: User, org_a: Organisation) -> None:
    from tests.courses.factories import make_course

    course = make_course(lessons=1)
    job = import_jobs.start_import(
        coordinator_a, org_a, course, filename="a.csv", content=csv_for([learner_a]), language="en"
    )
    import_jobs.run_import.call(job.pk)
    import_jobs.run_import.call(job.pk)
    assert Completion.objects.count() == 1
    assert AuditEntry.objects.filter(action="course.completions_imported").count() == 1


@pytest.fixture
def job(coordinator_a: User, learner_a: User, org_a: Organisation) -> Iterator[CompletionImport]:
    from tests.courses.factories import make_course

    yield import_jobs.start_import(
        coordinator_a, org_a, make_course(lessons=1), filename="a.csv", content=csv_for([learner_a]), language="sv"
    )


@pytest.mark.django_db
def test_nobody_else_can_see_an_import(
    job: CompletionImport, as_coordinator_b: Client, as_learner_a: Client, org_a: Organisation, org_b: Organisation
) -> None:
    other_coordinator_of_a = UserFactory()
    MembershipFactory(user=other_coordinator_of_a, organisation=org_a, role="coordinator")
    assert as_coordinator_b.get(result_page(job)).status_code == 404
    wrong_org = reverse("courses:authoring:import_result", args=[org_b.slug, job.public_id])
    assert as_coordinator_b.get(wrong_org).status_code == 404
    assert as_learner_a.get(result_page(job)).status_code == 404
    assert client_for(other_coordinator_of_a).get(result_page(job)).status_code == 404
