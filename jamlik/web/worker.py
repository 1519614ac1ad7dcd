"""The background worker: django-tasks-db's, with a heartbeat and the enqueuing request's id.

``jamlik db_worker`` (``jamlik/web/management/commands/db_worker.py``) runs this ``Worker``:

- **Heartbeat.** On start, and then every ``JAMLIK_WORKER_HEARTBEAT_SECONDS`` from a thread of
  its own, the worker writes its ``WorkerHeartbeat`` row. The thread beats whether the queue is
  idle or a task takes an hour, so an idle worker and a busy one both count as alive; only a
  dead (or frozen) process stops beating. Rows older than a day (workers gone for good) are
  deleted by the beats of the living. ``/readyz`` fails when no worker beat recently.
- **Request ids.** Each task runs with the id of the request that enqueued it bound for logging
  (``jamlik.lib.requestid``), so its log lines, including the library's own "Task … started"
  and "finished" lines, carry that id and the task's.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as LibraryWorker

from jamlik.lib import requestid
from jamlik.lib.tasks import request_id_of
from jamlik.web.models import WorkerHeartbeat

logger = logging.getLogger("jamlik.worker")

FORGET_AFTER = datetime.timedelta(days=1)


def beat(worker_id: str, started_at: datetime.datetime) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "started_at": started_at, "beat_at": now},
    )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGET_AFTER).delete()


def newest_beat() -> datetime.datetime | None:
    return WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()


class Heart(threading.Thread):
    """Beats every ``interval`` seconds until stopped; a failed beat is logged and tried again."""

    def __init__(self, worker_id: str, started_at: datetime.datetime, interval: float) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = started_at
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                beat(self.worker_id, self.started_at)
            except Exception:  # the database may be away for a moment; the next beat tries again
                logger.exception("Worker %s could not write its heartbeat", self.worker_id)
            finally:
                connection.close()  # this thread's own connection; never held between beats

    def stop(self) -> None:
        self.stopped.set()


class Worker(LibraryWorker):
    def run(self) -> None:
        started_at = timezone.now()
        beat(self.worker_id, started_at)
        heart = None
        if not self.batch:
            heart = Heart(self.worker_id, started_at, settings.JAMLIK_WORKER_HEARTBEAT_SECONDS)
            heart.start()
        try:
            super().run()
        finally:
            if heart is not None:
                heart.stop()

    def run_task(self, db_task_result: Any) -> None:
        with requestid.bound(request_id_of(db_task_result), str(db_task_result.pk)):
            super().run_task(db_task_result)
