"""Apply the retention rules (jamlik/retention/job.py); resumes a run that stopped midway."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jamlik.retention.job import run_retention


class Command(BaseCommand):
    help = "Thin out personal data by the retention rules in force, logging counts (never content)."

    def handle(self, *args: Any, **options: Any) -> None:
        run = run_retention()
        for entry in run.entries.order_by("kind", "model", "organisation_id"):
            self.stdout.write(f"{entry.action} {entry.count} {entry.model} ({entry.rule}, {entry.period})")
        self.stdout.write(f"run {run.pk} as of {run.as_of:%Y-%m-%d %H:%M}: {run.state}")
