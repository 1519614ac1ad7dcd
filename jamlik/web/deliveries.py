"""Email deliveries that failed every attempt, for administrators (``/drift/mejl/``).

A delivery is the ``deliver_email`` task's row in django-tasks-db: its keyword arguments hold the
recipient, subject and email type; its worker ids count the attempts; its exception the last error.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jamlik.lib.mail import deliver_email
from jamlik.lib.tasks import TaskRow, attempts


def deliveries() -> QuerySet[TaskRow]:
    return DBTaskResult.objects.filter(task_path=deliver_email.module_path)


@dataclass(frozen=True)
class FailedDelivery:
    id: uuid.UUID
    to: str
    subject: str
    template: str
    error: str
    attempts: int
    last_attempt_at: datetime.datetime | None
    enqueued_at: datetime.datetime


def last_error(result: TaskRow) -> str:
    """The traceback's last line (``ConnectionRefusedError: [Errno 111] Connection refused``)."""
    lines = [line for line in result.traceback.splitlines() if line.strip()]
    return lines[-1].strip() if lines else str(result.exception_class_path)


def _failed(result: TaskRow) -> FailedDelivery:
    kwargs: dict[str, Any] = result.args_kwargs.get("kwargs", {})
    return FailedDelivery(
        id=result.id,
        to=str(kwargs.get("to", "")),
        subject=str(kwargs.get("subject", "")),
        template=str(kwargs.get("template", "")),
        error=last_error(result),
        attempts=attempts(result),
        last_attempt_at=result.started_at,
        enqueued_at=result.enqueued_at,
    )


def failed_deliveries(limit: int = 200) -> list[FailedDelivery]:
    rows = deliveries().filter(status=TaskResultStatus.FAILED).order_by("-finished_at")[:limit]
    return [_failed(row) for row in rows]


def waiting_for_retry() -> int:
    """Deliveries that failed at least once and wait for their next attempt."""
    return deliveries().filter(status=TaskResultStatus.READY).exclude(worker_ids=[]).count()


def require_administrator(user: Any) -> None:
    """Deliveries show people's addresses and what was sent to them: administrators only, 404 for others."""
    if not (getattr(user, "is_authenticated", False) and user.is_administrator):
        raise Http404


def get_failed_delivery(user: Any, result_id: uuid.UUID) -> TaskRow:
    """A failed delivery, for an administrator only; 404 alike for missing, not failed and not allowed."""
    require_administrator(user)
    result = deliveries().filter(pk=result_id, status=TaskResultStatus.FAILED).first()
    if result is None:
        raise Http404
    return result
