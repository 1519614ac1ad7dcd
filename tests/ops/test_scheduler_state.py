"""The scheduler remembers each job's last run in the database, not in a cache that forgets.

The database cache evicts a third of its entries once it holds more than ``MAX_ENTRIES`` (300):
the scheduler's records went with them, and every job (the weekly digest too) ran again at the
next tick. These tests fill the real database cache past that limit.
"""

from __future__ import annotations

import datetime
import logging
import os
import subprocess
import sys
import threading
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from jamlik.schedule import DAY, JOBS, Job
from jamlik.web import scheduling
from jamlik.web.models import JobOutcome, ScheduledJob
from jamlik.web.scheduling import STALE, claim, ensure_rows, heartbeat, run_due
from tests.conftest import on_postgres

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_cache(settings: pytest.FixtureRequest) -> None:
    settings.CACHES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "jamlik_cache"}
    }
    call_command("createcachetable", verbosity=0)
    cache.clear()


def jobs_run(caplog: pytest.LogCaptureFixture) -> list[str]:
    ran = [r.getMessage().removeprefix("running ") for r in caplog.records if r.name == "jamlik.scheduler"]
    caplog.clear()
    return [name for name in ran if name in {job.command for job in JOBS}]


def test_a_full_cache_does_not_make_every_job_run_again(database_cache: None, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="jamlik.scheduler")
    call_command("scheduler", "--once", verbosity=0)
    assert sorted(jobs_run(caplog)) == sorted(job.command for job in JOBS)
    call_command("scheduler", "--once", verbosity=0)
    assert jobs_run(caplog) == []  # nothing is due a moment later

    for n in range(320):  # the statistics dashboards fill the cache like this at national scale
        cache.set(f"statistics:table:{n}", [n] * 10, 300)

    call_command("scheduler", "--once", verbosity=0)
    assert jobs_run(caplog) == []


def test_each_job_records_its_last_run_and_outcome(database_cache: None) -> None:
    failing = Job("recompute_standings", DAY, ("no-such-campaign",))
    assert run_due([Job("prune_bulk_issues", DAY), failing]) == ["prune_bulk_issues", "recompute_standings"]
    good, bad = ScheduledJob.objects.order_by("command")
    assert (good.command, good.outcome, good.error, good.runs) == ("prune_bulk_issues", JobOutcome.SUCCEEDED, "", 1)
    assert good.last_started_at is not None and good.last_finished_at is not None
    assert good.last_started_at <= good.last_finished_at
    assert (bad.outcome, bad.runs) == (JobOutcome.FAILED, 1)
    assert "No campaign with the short address 'no-such-campaign'" in bad.error
    assert run_due([failing]) == []  # a failure waits for its next turn like a success


def test_a_job_still_running_is_not_started_again_even_when_due(db: None) -> None:
    job = Job("prune_bulk_issues", 60)
    ensure_rows([job])
    start = timezone.now()
    assert claim(job, start)
    later = start + datetime.timedelta(seconds=90)  # due again, but its scheduler still beats
    ScheduledJob.objects.filter(command=job.command).update(beat_at=later - datetime.timedelta(seconds=10))
    assert not claim(job, later)


def test_a_claim_whose_scheduler_died_is_taken_over_once_the_beats_stop(db: None) -> None:
    job = Job("prune_bulk_issues", 60)
    ensure_rows([job])
    start = timezone.now()
    assert claim(job, start)  # and the scheduler is killed: no finish, no more beats
    assert not claim(job, start + STALE - datetime.timedelta(seconds=1))
    assert claim(job, start + STALE + datetime.timedelta(seconds=1))
    assert ScheduledJob.objects.get(command=job.command).runs == 2


def test_while_a_job_runs_its_scheduler_beats_and_no_other_takes_it_over(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scheduling, "BEAT", datetime.timedelta(seconds=0.1))  # instead of waiting 30 s
    job = Job("prune_bulk_issues", 60)
    ensure_rows([job])
    start = timezone.now() - datetime.timedelta(seconds=1)
    assert claim(job, start)
    row = ScheduledJob.objects.filter(command=job.command)
    with heartbeat(job, start):
        deadline = time.monotonic() + 10
        while not row.filter(beat_at__gt=start).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    beat = row.get().beat_at
    assert beat is not None and beat > start
    assert not claim(job, beat + datetime.timedelta(seconds=90))  # due by its interval, but alive
    assert claim(job, beat + STALE + datetime.timedelta(seconds=1))


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres(), reason="needs concurrent PostgreSQL transactions (SQLite serialises writers)")
def test_eight_schedulers_claiming_a_job_at_the_same_moment_run_it_once() -> None:
    job = Job("send_campaign_digests", 7 * DAY)
    ensure_rows([job])
    barrier = threading.Barrier(8)
    won: list[bool] = []

    def scheduler() -> None:
        try:
            barrier.wait()
            won.append(claim(job, timezone.now()))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False] * 7 + [True]
    assert ScheduledJob.objects.get(command=job.command).runs == 1


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres(), reason="needs a database two processes share (the test SQLite is in memory)")
def test_two_scheduler_processes_started_together_run_each_job_once() -> None:
    url = os.environ["JAMLIK_DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    env = {**os.environ, "JAMLIK_DATABASE_URL": url, "JAMLIK_TASKS_IMMEDIATE": "0"}  # the real queue, as deployed
    command = [sys.executable, "-m", "jamlik", "scheduler", "--once"]
    schedulers = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]  # noqa: S603 (our own command)
    logs = [scheduler.communicate(timeout=300)[1] for scheduler in schedulers]
    assert [scheduler.returncode for scheduler in schedulers] == [0, 0]
    ran = [line.split("running ", 1)[1].strip() for log in logs for line in log.splitlines() if "running " in line]
    assert sorted(ran) == sorted(job.command for job in JOBS)
    assert dict(ScheduledJob.objects.values_list("command", "runs")) == {job.command: 1 for job in JOBS}
    failed = ScheduledJob.objects.exclude(outcome=JobOutcome.SUCCEEDED).values_list("command", "error")
    assert list(failed) == []


def test_administrators_read_the_schedulers_records_and_cannot_change_them(as_administrator: Client) -> None:
    run_due([Job("prune_bulk_issues", DAY)])
    page = as_administrator.get("/admin/web/scheduledjob/")
    assert page.status_code == 200
    assert "prune_bulk_issues" in page.content.decode() and "succeeded" in page.content.decode().lower()
    job = ScheduledJob.objects.get()
    assert as_administrator.post(f"/admin/web/scheduledjob/{job.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ScheduledJob.objects.count() == 1
