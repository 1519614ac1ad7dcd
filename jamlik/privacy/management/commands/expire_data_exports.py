"""Delete the files of data exports past their week (scheduled hourly, jamlik/schedule.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jamlik.privacy.actions import expire_exports


class Command(BaseCommand):
    help = "Delete the files of people's data exports that can no longer be downloaded."

    def handle(self, *args: Any, **options: Any) -> None:
        count = expire_exports()
        self.stdout.write(f"{count} data export(s) expired")
