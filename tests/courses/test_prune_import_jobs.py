"""Old import reports are forgotten after 30 days; an import a dead worker abandoned ends as failed."""

from __future__ import annotations

import datetime
import io

import time_machine
from django.core.management import call_command
from django.utils import timezone

from jamlik.courses import import_jobs
from jamlik.courses.models import CompletionImport, ImportLine, ImportState
from jamlik.people.models import Organisation, User
from jamlik.schedule import JOBS
from tests.courses.factories import make_course

CSV = b"email,completed_on\nlina@sater.se,2025-10-01\n"


def _prune() -> str:
    out = io.StringIO()
    call_command("prune_import_jobs", stdout=out)
    return out.getvalue()


def test_the_scheduler_runs_it() -> None:
    assert "prune_import_jobs" in [job.command for job in JOBS]


def test_a_finished_import_is_kept_30_days_then_deleted_with_its_lines(
    coordinator_a: User, learner_a: User, org_a: Organisation
) -> None:
    job = import_jobs.start_import(
        coordinator_a, org_a, make_course(lessons=1), filename="a.csv", content=CSV + CSV[19:], language="en"
    )
    import_jobs.run_import.call(job.pk)
    job.refresh_from_db()
    assert job.state == ImportState.REJECTED and ImportLine.objects.filter(job=job).exists()
    with time_machine.travel(job.finished_at + datetime.timedelta(days=29)):
        _prune()
    assert CompletionImport.objects.filter(pk=job.pk).exists()
    with time_machine.travel(job.finished_at + datetime.timedelta(days=31)):
        _prune()
    assert not CompletionImport.objects.filter(pk=job.pk).exists()
    assert not ImportLine.objects.exists()


def test_an_import_abandoned_by_a_dead_worker_ends_as_failed(
    coordinator_a: User, learner_a: User, org_a: Organisation
) -> None:
    job = import_jobs.start_import(
        coordinator_a, org_a, make_course(lessons=1), filename="a.csv", content=CSV, language="en"
    )
    started = timezone.now()
    CompletionImport.objects.filter(pk=job.pk).update(
        state=ImportState.SAVING, started_at=started
    )  # then the worker died
    with time_machine.travel(started + datetime.timedelta(hours=1)):
        _prune()
    assert CompletionImport.objects.get(pk=job.pk).state == ImportState.SAVING
    with time_machine.travel(started + datetime.timedelta(hours=3)):
        assert "1 abandoned" in _prune()
    job.refresh_from_db()
    assert (job.state, bytes(job.content)) == (ImportState.FAILED, b"")
