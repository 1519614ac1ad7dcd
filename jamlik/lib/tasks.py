"""Background tasks that survive a failing mail server and a dying worker.

django-tasks runs a task once: an exception marks it FAILED, and a worker killed mid-task leaves
it RUNNING. This module adds, on top of what django-tasks-db records, two rules:

- **Retry with backoff.** A task registered with ``@retried(...)`` that fails is put back in
  the queue (status READY, ``run_after`` later) until it has been attempted ``max_attempts``
  times; then it stays FAILED, visible to administrators. The attempt count is the library's
  own: every claim by a worker appends the worker's id to ``worker_ids``. The wait doubles from
  ``first_delay`` after each failure, capped at ``max_delay``. The last error stays on the row
  while it waits.
- **Reclaim abandoned work.** A task RUNNING for longer than the lease
  (``JAMLIK_TASK_LEASE_SECONDS``, from ``started_at``) lost its worker: it is retried like a
  failure if its policy allows, else marked FAILED with a ``WorkerLost`` error. A retried task
  may thus run twice (at least once, never lost): retried tasks must tolerate that.

Each task enqueued through ``TracedDatabaseBackend`` (the ``TASKS`` backend in settings) keeps the
id of the request that enqueued it beside its arguments (``args_kwargs["request_id"]``); the
worker (``jamlik db_worker``, ``jamlik/web/worker.py``) logs the task's lines under that id.

Retrying after a failure happens the moment the worker reports it (the ``task_finished``
signal). ``jamlik reclaim_tasks`` (every few minutes, ``jamlik/schedule.py``) reclaims abandoned
tasks and retries failures the signal missed, such as those from before a deploy.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import normalize_json
from django_tasks_db.models import DBTaskResult

from jamlik.lib import requestid

logger = logging.getLogger(__name__)

T = TypeVar("T")
TaskRow: TypeAlias = "DBTaskResult[Any, Any]"  # a task's row in django-tasks-db


class TracedDatabaseBackend(DatabaseBackend):
    """django-tasks-db's backend, keeping the enqueuing request's id with the task's arguments.

    The id sits beside ``args`` and ``kwargs`` (which the library reads by name), so the task
    function never sees it.
    """

    def _task_to_db_task(self, task: Any, args: Any, kwargs: Any) -> TaskRow:
        return DBTaskResult.objects.create(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs, "request_id": requestid.current()}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        )


def request_id_of(result: TaskRow) -> str:
    """The id of the request that enqueued the task (``""`` for tasks from a command or the scheduler)."""
    value = result.args_kwargs.get("request_id", "") if isinstance(result.args_kwargs, dict) else ""
    return value if isinstance(value, str) and requestid.is_valid(value) else ""


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    first_delay: datetime.timedelta = datetime.timedelta(minutes=1)
    max_delay: datetime.timedelta = datetime.timedelta(hours=1)

    def delay(self, attempts: int) -> datetime.timedelta:
        """The wait after the ``attempts``-th failed attempt: 1, 2, 4, 8 … minutes, at most ``max_delay``."""
        return min(self.first_delay * (1 << max(attempts - 1, 0)), self.max_delay)


RETRIED: dict[str, RetryPolicy] = {}


def retried(policy: RetryPolicy) -> Callable[[T], T]:
    """Register a task (put this above ``@task()``) to be retried under ``policy``."""

    def register(task: T) -> T:
        RETRIED[task.module_path] = policy  # type: ignore[attr-defined]
        return task

    return register


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped while running it."""


WORKER_LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"


def attempts(result: TaskRow) -> int:
    return len(result.worker_ids)


def policy_for(result: TaskRow) -> RetryPolicy | None:
    return policy_for_path(result.task_path)


def policy_for_path(task_path: str) -> RetryPolicy | None:
    if task_path not in RETRIED:
        try:
            import_string(task_path)  # registers the task's policy, if it has one
        except ImportError:
            return None
    return RETRIED.get(task_path)


def may_retry(result: TaskRow) -> bool:
    policy = policy_for(result)
    return policy is not None and attempts(result) < policy.max_attempts


def retry_later(result: TaskRow, *, now: datetime.datetime | None = None) -> bool:
    """Put a FAILED task back in the queue after its backoff, if its policy allows another attempt."""
    policy = policy_for(result)
    if policy is None or attempts(result) >= policy.max_attempts:
        return False
    now = now or timezone.now()
    run_after = now + policy.delay(attempts(result))
    # Conditional: only the FAILED row we looked at is changed, never one a person retried meanwhile.
    changed = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=run_after, finished_at=None
    )
    if changed:
        logger.warning(
            "Task id=%s path=%s failed on attempt %d; next attempt after %s",
            result.pk,
            result.task_path,
            attempts(result),
            run_after.isoformat(),
        )
    return bool(changed)


def retry_now(result_id: Any) -> bool:
    """Queue a FAILED task for one more attempt right away (an administrator's retry)."""
    changed = DBTaskResult.objects.filter(pk=result_id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=timezone.now(), finished_at=None
    )
    return bool(changed)


@receiver(task_finished, dispatch_uid="jamlik.lib.tasks.retry_failed_task")
def _retry_failed_task(sender: type[Any], task_result: Any, **kwargs: Any) -> None:
    if task_result.status != TaskResultStatus.FAILED or not issubclass(sender, DatabaseBackend):
        return
    try:
        result = DBTaskResult.objects.filter(pk=task_result.id).first()
        if result is not None:
            retry_later(result)
    except Exception:  # the worker must go on: the periodic sweep retries what was missed here
        logger.exception("Could not schedule a retry for task id=%s", task_result.id)


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.JAMLIK_TASK_LEASE_SECONDS)


def abandoned(now: datetime.datetime | None = None) -> QuerySet[TaskRow]:
    cutoff = (now or timezone.now()) - lease()
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)


def reclaim_abandoned(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Tasks RUNNING past the lease: retried if allowed, else FAILED. Returns (retried, failed)."""
    now = now or timezone.now()
    retried_count = failed_count = 0
    for result in abandoned(now):
        error = {
            "exception_class_path": WORKER_LOST,
            "traceback": (
                f"{WORKER_LOST}: the worker ({', '.join(result.worker_ids[-1:]) or '?'}) started this task at "
                f"{result.started_at.isoformat() if result.started_at else '?'} and gave no result within "
                f"{int(lease().total_seconds())} seconds.\n"
            ),
        }
        policy = policy_for(result)
        if policy is not None and attempts(result) < policy.max_attempts:
            changes = {"status": TaskResultStatus.READY, "run_after": now + policy.delay(attempts(result))}
        else:
            changes = {"status": TaskResultStatus.FAILED, "finished_at": now}
        # Conditional on the claim we saw, so a task that just finished (or was claimed again) is left alone.
        changed = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        ).update(**changes, **error)
        if not changed:
            continue
        logger.warning("Task id=%s path=%s lost its worker; %s", result.pk, result.task_path, changes["status"])
        if changes["status"] == TaskResultStatus.READY:
            retried_count += 1
        else:
            failed_count += 1
    return retried_count, failed_count


def retry_missed_failures(now: datetime.datetime | None = None) -> int:
    """FAILED tasks whose policy allows another attempt but were never put back (e.g. before a deploy)."""
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    paths = [path for path in failed.values_list("task_path", flat=True).distinct() if policy_for_path(path)]
    count = 0
    for result in failed.filter(task_path__in=paths):
        if may_retry(result) and retry_later(result, now=now):
            count += 1
    return count
