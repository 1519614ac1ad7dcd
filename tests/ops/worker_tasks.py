"""A task for the worker test: it writes when it starts and, in one transaction, when it finishes.

The rows go to a table the test creates (``ops_task_runs``), so the test reads what really ran in
the worker processes. It is retried like every task that may lose its worker.
"""

from __future__ import annotations

import datetime
import os
import time

from django.db import connection, transaction
from django_tasks import task

from jamlik.lib.tasks import RetryPolicy, retried

TABLE = "ops_task_runs"


def record(n: int, phase: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (n, pid, phase) VALUES (%s, %s, %s)", [n, os.getpid(), phase])  # noqa: S608 (a constant)


@retried(RetryPolicy(max_attempts=3, first_delay=datetime.timedelta(0)))
@task()
def record_run(n: int, pause: float) -> None:
    record(n, "started")
    time.sleep(pause)
    with transaction.atomic():
        record(n, "finished")
