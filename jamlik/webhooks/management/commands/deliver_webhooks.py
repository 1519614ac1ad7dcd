"""Queue the webhook deliveries that are due (retries), reclaim abandoned ones, prune old ones.

A periodic job (every minute, ``jamlik/schedule.py``); safe to run twice or at once: a delivery
is sent only by the task that claims its row (``delivery.attempt``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jamlik.webhooks.delivery import sweep


class Command(BaseCommand):
    help = "Queue due webhook deliveries, reclaim abandoned ones and delete old ones."

    def handle(self, *args: Any, **options: Any) -> None:
        swept = sweep()
        if swept.reclaimed or swept.queued or swept.pruned:
            self.stdout.write(f"queued {swept.queued}, reclaimed {swept.reclaimed}, deleted {swept.pruned}")
