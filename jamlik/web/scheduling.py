"""Running periodic jobs exactly once, however many schedulers an operator starts.

Each job has a row (``ScheduledJob``). A scheduler runs a job only after claiming its row with
one conditional UPDATE: "it is due (started longer than its interval ago) and nobody is running
it (no fresh heartbeat)". The claim is the lock. On PostgreSQL the UPDATE takes the row's lock;
a second scheduler's UPDATE waits for it and, once the first commits, evaluates its WHERE again
on the row as the first left it (READ COMMITTED), finds the job no longer due and changes
nothing. On SQLite the write lock serialises the two UPDATEs the same way. No transaction stays
open while the job runs, so the job's own transactions and on-commit work behave as when an
operator runs the command by hand.

While the job runs, a thread moves ``beat_at`` every ``BEAT``; a claim whose beats stopped for
``STALE`` (its scheduler was killed) may be taken over once the job is due. A job that fails
records its outcome and the end of its traceback and is tried again at its next turn.
"""

from __future__ import annotations

import datetime
import logging
import threading
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from jamlik.schedule import Job
from jamlik.web.models import JobOutcome, ScheduledJob

log = logging.getLogger("jamlik.scheduler")

BEAT = datetime.timedelta(seconds=30)
STALE = 4 * BEAT
ERROR_CHARS = 4000


def ensure_rows(jobs: Iterable[Job]) -> None:
    ScheduledJob.objects.bulk_create([ScheduledJob(command=job.command) for job in jobs], ignore_conflicts=True)


def claim(job: Job, now: datetime.datetime) -> bool:
    """Take the job's turn if it is due and nobody is running it; True for exactly one caller."""
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - datetime.timedelta(seconds=job.every_seconds))
    running = Q(outcome=JobOutcome.RUNNING, beat_at__gt=now - STALE)
    return bool(
        ScheduledJob.objects.filter(due, command=job.command)
        .exclude(running)
        .update(last_started_at=now, beat_at=now, outcome=JobOutcome.RUNNING, error="", runs=F("runs") + 1)
    )


def _finish(job: Job, started: datetime.datetime, outcome: JobOutcome, error: str = "") -> None:
    ScheduledJob.objects.filter(command=job.command, last_started_at=started).update(
        last_finished_at=timezone.now(), outcome=outcome, error=error[-ERROR_CHARS:]
    )


@contextmanager
def heartbeat(job: Job, started: datetime.datetime) -> Iterator[None]:
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(BEAT.total_seconds()):
                ScheduledJob.objects.filter(command=job.command, last_started_at=started).update(beat_at=timezone.now())
        except Exception:  # a missed beat costs nothing until STALE; the job goes on
            log.exception("heartbeat of %s failed", job.command)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"beat-{job.command}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run_if_due(job: Job, now: datetime.datetime | None = None) -> bool:
    """Run the job if this scheduler wins its turn; True if it ran (whatever the outcome)."""
    started = now or timezone.now()
    if not claim(job, started):
        return False
    log.info("running %s", job.command)
    with heartbeat(job, started):
        try:
            call_command(job.command, *job.args)
        except Exception:
            log.exception("periodic job %s failed", job.command)
            _finish(job, started, JobOutcome.FAILED, traceback.format_exc())
        else:
            _finish(job, started, JobOutcome.SUCCEEDED)
    return True


def run_due(jobs: Iterable[Job]) -> list[str]:
    """One tick: every due job this scheduler claimed, run in turn; the names of those it ran."""
    jobs = list(jobs)
    ensure_rows(jobs)
    return [job.command for job in jobs if run_if_due(job)]
