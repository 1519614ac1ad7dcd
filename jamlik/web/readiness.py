"""``/readyz``: may a load balancer send this node traffic?

``/healthz`` (liveness) asks only whether the process and its database answer. ``/readyz`` asks
whether the node can do its work: the database answers, every migration in the code is applied
(a node started with new code before ``jamlik migrate`` ran is not ready), the cache answers a
write and a read, and some background worker wrote a heartbeat in the last
``JAMLIK_READY_WORKER_SECONDS`` (0 leaves workers out; so does a setup that runs tasks in the
request, ``JAMLIK_TASKS_IMMEDIATE``). Workers beat on a clock of their own whether or not there
is work (``jamlik/web/worker.py``), so an idle queue never looks like a dead worker.

The answer is 200 or 503 with every check by name (``{"status": "ok", "checks": {"database":
"ok", …}}``); a failing check says only ``"failed"`` and a short fixed reason, never an error
message (which could name hosts or credentials) to whoever asks.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend

from jamlik.web.worker import newest_beat

logger = logging.getLogger("jamlik.readiness")

OK = "ok"


class NotReady(Exception):
    """A check failed; the message is safe to show anyone (no host names, no error text)."""


def check_database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def check_migrations() -> str:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if unapplied:
        raise NotReady(f"{len(unapplied)} migration(s) not applied")
    return OK


def check_cache() -> str:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    try:
        if getattr(cache, "is_paused", False):  # jamlik.lib.cache: Redis failed and is being left alone
            raise NotReady("the cache does not answer")
        if cache.get(key) != value:
            raise NotReady("the cache did not return what was written")
    finally:
        cache.delete(key)
    return OK


def check_worker() -> str:
    newest = newest_beat()
    if newest is None:
        raise NotReady("no worker has written a heartbeat")
    age = timezone.now() - newest
    if age > datetime.timedelta(seconds=settings.JAMLIK_READY_WORKER_SECONDS):
        raise NotReady(f"the newest worker heartbeat is {int(age.total_seconds())} seconds old")
    return OK


def checks() -> dict[str, Callable[[], str]]:
    found: dict[str, Callable[[], str]] = {
        "database": check_database,
        "migrations": check_migrations,
        "cache": check_cache,
    }
    if settings.JAMLIK_READY_WORKER_SECONDS > 0 and isinstance(
        task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend
    ):
        found["worker"] = check_worker
    return found


def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    for name, check in checks().items():
        try:
            # Each in a transaction of its own: on PostgreSQL a failed statement (a missing cache
            # table) would otherwise spoil the checks after it within a surrounding transaction.
            with transaction.atomic():
                results[name] = check()
        except NotReady as exc:
            results[name] = f"failed: {exc}"
        except Exception:
            logger.exception("Readiness check %s failed", name)
            results[name] = "failed"
    ready = all(result == OK for result in results.values())
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": results}, status=200 if ready else 503
    )
    response["Cache-Control"] = "no-store"
    return response
