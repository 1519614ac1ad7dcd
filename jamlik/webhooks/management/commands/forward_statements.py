"""Queue the statement forwardings with statements due (retries), reclaim abandoned sends.

A periodic job (every minute, ``jamlik/schedule.py``); safe to run twice or at once: a row is
sent only by the task that claimed it (``forwarding.delivery.attempt``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jamlik.webhooks.forwarding.delivery import sweep


class Command(BaseCommand):
    help = "Queue due xAPI statement forwardings and reclaim abandoned sends."

    def handle(self, *args: Any, **options: Any) -> None:
        reclaimed, queued = sweep()
        if reclaimed or queued:
            self.stdout.write(f"queued {queued}, reclaimed {reclaimed}")
