"""Issuing diplomas to everyone who completed a course, as a background job.

``start_bulk_issue`` (the issue page and the API call it) writes a ``BulkIssueJob`` and enqueues
``run_bulk_issue`` when that row commits; the request answers at once. The worker claims the job
with a conditional update (a second delivery of the same task finds it claimed and does nothing;
a job whose worker died, with no batch committed for longer than the task lease, is claimed again by the retried
task and goes on after the last batch that committed), then issues in batches of 500 completions (``bulk.issue_for_completions``): each batch's
diplomas, audit entries, lines (issued, or skipped and why) and counters commit together, so the
progress page shows what is done and an error keeps what was issued before it. The job ends
``done`` or ``failed``.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from jamlik.audit.models import record
from jamlik.credentials import actions, bulk
from jamlik.credentials.models import BulkIssueJob, BulkIssueLine, IssueJobState, IssueOutcome
from jamlik.lib.tasks import RetryPolicy, retried
from jamlik.people.models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def start_bulk_issue(actor: User, course: Any, *, language: str) -> BulkIssueJob:
    """Queue diplomas for everyone who completed ``course``; the worker starts when this commits."""
    actions.require_manager(actor)
    job = BulkIssueJob.objects.create(course=course, created_by=actor, language=language[:8])
    record(
        "credentials.bulk_issue_started",
        actor=actor,
        organisation=course.owner,
        target=course,
        summary=course.slug,
        after={"job": str(job.public_id)},
    )
    transaction.on_commit(lambda: run_bulk_issue.enqueue(job.pk))
    return job


def get_bulk_issue_for_user(user: User, public_id: UUID) -> BulkIssueJob:
    """The programme manager's own job; 404 for anyone else's, and for someone no longer a manager."""
    if not user.is_programme_manager:
        raise Http404
    found = (
        BulkIssueJob.objects.select_related("course__published_version")
        .filter(public_id=public_id, created_by=user)
        .first()
    )
    if found is None:
        raise Http404
    return found


@retried(RetryPolicy(max_attempts=3))  # reclaim_tasks retries it when its worker died
@task()
def run_bulk_issue(job_id: int) -> None:
    from jamlik.courses.models import Completion

    now = timezone.now()
    lost = now - datetime.timedelta(seconds=settings.JAMLIK_TASK_LEASE_SECONDS)
    claimed = (
        BulkIssueJob.objects.filter(pk=job_id)
        .filter(Q(state=IssueJobState.QUEUED) | Q(state=IssueJobState.RUNNING, beat_at__lt=lost))
        .update(state=IssueJobState.RUNNING, started_at=Coalesce(F("started_at"), Value(now)), beat_at=now)
    )
    if not claimed:
        return  # already run or running (a task delivered twice), or gone
    job = BulkIssueJob.objects.select_related("created_by").get(pk=job_id)
    try:
        completions = Completion.objects.filter(course_id=job.course_id)
        BulkIssueJob.objects.filter(pk=job.pk).update(total=completions.count())
        ids = list(completions.filter(pk__gt=job.last_completion_id).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), bulk.CHUNK):
            _batch(job, ids[start : start + bulk.CHUNK])
    except Exception:
        logger.exception("bulk diploma issue %s failed", job.public_id)
        BulkIssueJob.objects.filter(pk=job.pk).update(state=IssueJobState.FAILED, finished_at=timezone.now())
        raise
    BulkIssueJob.objects.filter(pk=job.pk).update(state=IssueJobState.DONE, finished_at=timezone.now())


def _batch(job: BulkIssueJob, ids: list[int]) -> None:
    with transaction.atomic():
        completions = bulk.completions_for(ids)
        outcome = bulk.issue_for_completions(job.created_by, completions)
        lines = [
            BulkIssueLine(job=job, outcome=IssueOutcome.ISSUED, recipient_id=d.recipient_id, diploma=d)
            for d in outcome.diplomas
        ]
        lines += [BulkIssueLine(job=job, outcome=why, recipient_id=c.user_id) for c, why in outcome.skipped]
        BulkIssueLine.objects.bulk_create(lines)
        skipped = [why for _c, why in outcome.skipped]
        BulkIssueJob.objects.filter(pk=job.pk).update(
            processed=F("processed") + len(ids),
            issued=F("issued") + len(outcome.diplomas),
            had_one=F("had_one") + skipped.count(IssueOutcome.HAD_ONE),
            no_name=F("no_name") + skipped.count(IssueOutcome.NO_NAME),
            last_completion_id=ids[-1],
            beat_at=timezone.now(),
        )
