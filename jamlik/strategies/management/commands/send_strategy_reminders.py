"""Remind organisations that have not submitted, a few days before an open round's deadline.

Safe to run twice: an organisation gets at most one reminder per round a day (a unique row).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jamlik.strategies.reminders import DAYS_BEFORE_DEADLINE, send_due_reminders


class Command(BaseCommand):
    help = "Remind organisations that have not answered a follow-up round whose deadline is near."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=DAYS_BEFORE_DEADLINE, help="Remind this many days before the deadline."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = send_due_reminders(days_before=options["days"])
        self.stdout.write(f"{reminded} organisation(s) reminded")
