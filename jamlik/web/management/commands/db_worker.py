"""``jamlik db_worker``: django-tasks-db's worker command, running our ``Worker`` (jamlik/web/worker.py).

Same options as the library's. ``jamlik.web`` comes before ``django_tasks_db`` in
``INSTALLED_APPS``, so this command takes the name.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from jamlik.web.worker import Worker


class Command(db_worker.Command):
    help = "Run a background worker (django-tasks-db's, with a heartbeat and the enqueuing request's id in its logs)"

    def handle(self, *args: Any, **options: Any) -> None:
        # The library's handle() builds its Worker by name from its module; lend it ours.
        original = db_worker.Worker
        db_worker.Worker = Worker  # type: ignore[misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
