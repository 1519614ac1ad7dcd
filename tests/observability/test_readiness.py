"""/readyz for load balancers: each check by name, 503 naming the failing ones."""

from __future__ import annotations

import datetime
import re
import socket
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.utils import timezone

from jamlik.lib.env import cache_from_url
from jamlik.web.models import WorkerHeartbeat
from jamlik.web.worker import Heart, beat

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "jamlik.lib.tasks.TracedDatabaseBackend"}}


@pytest.fixture
def with_workers(settings: Any) -> None:
    settings.TASKS = DATABASE_QUEUE
    settings.JAMLIK_READY_WORKER_SECONDS = 120


def test_ready_when_every_check_passes(client: Client, with_workers: None) -> None:
    beat("worker-1", timezone.now())
    response = client.get("/readyz", HTTP_HOST="10.0.0.7")  # load balancers use the node's address
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "worker": "ok"},
    }
    assert response["Cache-Control"] == "no-store"


def test_an_unapplied_migration_makes_the_node_unready(client: Client, with_workers: None) -> None:
    beat("worker-1", timezone.now())
    MigrationRecorder.Migration.objects.filter(app="web", name="0005_worker_heartbeat").delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["migrations"] == "failed: 1 migration(s) not applied"
    assert body["checks"]["database"] == body["checks"]["cache"] == body["checks"]["worker"] == "ok"


def test_a_stale_heartbeat_makes_the_node_unready(client: Client, with_workers: None) -> None:
    beat("worker-1", timezone.now())
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - datetime.timedelta(minutes=5))
    response = client.get("/readyz")
    assert response.status_code == 503
    reason = response.json()["checks"]["worker"]
    assert re.fullmatch(r"failed: the newest worker heartbeat is 3[0-5]\d seconds old", reason), reason
    assert response.json()["checks"]["database"] == "ok"


def test_no_worker_at_all_makes_the_node_unready(client: Client, with_workers: None) -> None:
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "failed: no worker has written a heartbeat"


def test_workers_are_left_out_when_told_or_when_tasks_run_in_the_request(client: Client, settings: Any) -> None:
    settings.TASKS = DATABASE_QUEUE
    settings.JAMLIK_READY_WORKER_SECONDS = 0
    assert client.get("/readyz").json()["checks"] == {"database": "ok", "migrations": "ok", "cache": "ok"}
    settings.JAMLIK_READY_WORKER_SECONDS = 120
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert client.get("/readyz").status_code == 200


def a_closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_cache_that_does_not_answer_makes_the_node_unready(client: Client, settings: Any, with_workers: None) -> None:
    beat("worker-1", timezone.now())
    try:
        import redis  # noqa: F401

        # The production Redis configuration whose server is down: nothing listens on the port.
        # Pages go on without the cache (tests/lib/test_cache.py); readiness still says it fails.
        settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{a_closed_port()}/6")}
    except ImportError:
        # The database cache whose table is missing (jamlik createcachetable never ran).
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "no_such_cache_table"}
        }
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    # Our own words only: the library's error text could name hosts or credentials.
    assert body["checks"]["cache"] in ("failed", "failed: the cache does not answer")
    assert body["checks"]["database"] == body["checks"]["migrations"] == body["checks"]["worker"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_the_worker_writes_its_heartbeat_on_start(settings: Any) -> None:
    settings.TASKS = DATABASE_QUEUE
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "w-start", verbosity=0)
    beat_row = WorkerHeartbeat.objects.get(worker_id="w-start")
    assert timezone.now() - beat_row.beat_at < datetime.timedelta(seconds=30)


@pytest.mark.django_db(transaction=True)
def test_an_idle_worker_keeps_beating_on_its_own_clock() -> None:
    """No task arrives, yet the heart thread writes a new beat every interval."""
    started = timezone.now()
    beat("w-idle", started)
    first = WorkerHeartbeat.objects.get(worker_id="w-idle").beat_at
    heart = Heart("w-idle", started, interval=0.2)
    heart.start()
    try:
        deadline = time.monotonic() + 10
        while WorkerHeartbeat.objects.get(worker_id="w-idle").beat_at == first:
            assert time.monotonic() < deadline, "no new heartbeat within 10 s"
            time.sleep(0.1)
    finally:
        heart.stop()
        heart.join(timeout=5)
    assert not heart.is_alive()
