"""Forget the API's idempotency keys after a day (a periodic job; safe to run twice)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jamlik.api.idempotency import KEPT_FOR, prune_idempotency_keys


class Command(BaseCommand):
    help = "Delete the API's Idempotency-Key records older than a day."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = prune_idempotency_keys()
        self.stdout.write(f"{deleted} idempotency keys older than {KEPT_FOR} forgotten.")
