"""``jamlik xapi_backfill [--days N | --since YYYY-MM-DD]`` stores again the statements of Jämlik's
own learning from the rows of a period, adding any the queue lost (docs/xapi.md)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jamlik.lrs.learning.backfill import backfill


class Command(BaseCommand):
    help = "Write Jämlik's own learning as xAPI statements again from the rows of a period; adds only what is missing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=2, help="The last N days (default 2).")
        parser.add_argument("--since", help="From this day (YYYY-MM-DD) instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["since"]:
            try:
                day = datetime.date.fromisoformat(options["since"])
            except ValueError as exc:
                raise CommandError("Give --since as YYYY-MM-DD.") from exc
            since = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        else:
            if not 0 < options["days"] <= 3660:
                raise CommandError("Give --days from 1 to 3660.")
            since = timezone.now() - datetime.timedelta(days=options["days"])
        seen = backfill(since)
        total = sum(seen.values())
        parts = ", ".join(f"{kind} {count}" for kind, count in sorted(seen.items())) or "nothing"
        self.stdout.write(f"Looked at {total} events since {since:%Y-%m-%d %H:%M} ({parts}).")
