"""Reclaim background tasks whose worker died, and retry failures that were never put back."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jamlik.lib.tasks import reclaim_abandoned, retry_missed_failures


class Command(BaseCommand):
    help = (
        "Tasks RUNNING longer than JAMLIK_TASK_LEASE_SECONDS lost their worker: retry them (or mark them FAILED "
        "when they have no attempts left). Also queue again FAILED tasks whose retry policy allows another attempt."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        retried, failed = reclaim_abandoned()
        missed = retry_missed_failures()
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Abandoned tasks: {retried} queued again, {failed} marked failed. Failed tasks queued again: {missed}."
            )
