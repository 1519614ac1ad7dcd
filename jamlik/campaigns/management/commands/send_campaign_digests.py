"""The weekly email to coordinators of organisations in running campaigns."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jamlik.campaigns.reminders import send_weekly_digests


class Command(BaseCommand):
    help = "Email each running campaign's coordinators their organisation's rate, rank and change this week."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{send_weekly_digests()} email(s) queued")
