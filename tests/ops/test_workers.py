"""Several ``db_worker`` processes on PostgreSQL: no task runs twice, none is lost when a worker is killed.

Two real worker processes share the queue. One is killed with SIGKILL in the middle of a task;
``reclaim_abandoned`` (the ``reclaim_tasks`` job) puts that task back once its lease is over and
the other worker finishes it. Every task then has finished exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jamlik.lib.tasks import reclaim_abandoned
from tests.conftest import on_postgres
from tests.ops.worker_tasks import TABLE, record_run

pytestmark = [
    pytest.mark.heavy,  # real worker processes
    pytest.mark.postgres,
    pytest.mark.skipif(
        not on_postgres(), reason="needs a database worker processes share (the test SQLite is in memory)"
    ),
    pytest.mark.django_db(transaction=True),
]

TASKS = 16
PAUSE = 0.4


def wait_for(condition: Callable[[], Any], seconds: float = 120) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds} s in vain")


@pytest.fixture
def runs_table() -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {TABLE} (id serial PRIMARY KEY, n int NOT NULL, pid int NOT NULL, phase text NOT NULL)"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {TABLE}")


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[[str], subprocess.Popen[bytes]]]:
    url = os.environ["JAMLIK_DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    env = {**os.environ, "JAMLIK_DATABASE_URL": url, "JAMLIK_TASKS_IMMEDIATE": "0"}
    started: list[subprocess.Popen[bytes]] = []

    def start(worker_id: str) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "jamlik", "db_worker", "--worker-id", worker_id, "--interval", "0.1"]
        command += ["--no-startup-delay", "--no-reload"]
        with (tmp_path / f"{worker_id}.log").open("wb") as log:
            worker = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603 (our own command)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)


def runs(phase: str) -> list[tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT n, pid FROM {TABLE} WHERE phase = %s ORDER BY id", [phase])  # noqa: S608 (constants)
        return [(n, pid) for n, pid in cursor.fetchall()]


def test_two_workers_run_every_task_once_and_lose_none_when_one_is_killed_mid_task(
    runs_table: None, start_worker: Callable[[str], subprocess.Popen[bytes]], settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JAMLIK_TASK_LEASE_SECONDS = 3
    for n in range(TASKS):
        record_run.enqueue(n, PAUSE)
    doomed, survivor = start_worker("worker-a"), start_worker("worker-b")

    # Once A has finished a couple of tasks, kill it with SIGKILL inside the next (started, not finished).
    def a_inside_a_task() -> int | None:
        finished = {n for n, pid in runs("finished") if pid == doomed.pid}
        if len(finished) < 2:
            return None
        return next((n for n, pid in runs("started") if pid == doomed.pid and n not in finished), None)

    killed = wait_for(lambda: (n := a_inside_a_task()) is not None and n + 1)  # n may be 0
    killed -= 1
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=30)
    lost = DBTaskResult.objects.get(args_kwargs__args__0=killed)
    assert lost.status == TaskResultStatus.RUNNING and lost.worker_ids == ["worker-a"]

    # B drains the rest; the killed task stays RUNNING until its lease is over.
    others = DBTaskResult.objects.exclude(pk=lost.pk)
    wait_for(lambda: not others.exclude(status=TaskResultStatus.SUCCESSFUL).exists())
    time.sleep(settings.JAMLIK_TASK_LEASE_SECONDS + 0.5)
    assert reclaim_abandoned() == (1, 0)
    wait_for(lambda: DBTaskResult.objects.filter(pk=lost.pk, status=TaskResultStatus.SUCCESSFUL).exists())

    finished = sorted(n for n, _pid in runs("finished"))
    assert finished == list(range(TASKS))  # every task finished, exactly once
    started = sorted(n for n, _pid in runs("started"))
    assert started == sorted([*range(TASKS), killed])  # only the killed one was started twice
    assert {pid for _n, pid in runs("finished")} == {doomed.pid, survivor.pid}  # both workers worked
    lost.refresh_from_db()
    assert lost.worker_ids == ["worker-a", "worker-b"]
    assert all(len(ids) == 1 for ids in others.values_list("worker_ids", flat=True))  # claimed once each
    assert survivor.poll() is None  # B is still serving the queue
