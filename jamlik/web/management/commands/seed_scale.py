"""``jamlik seed-scale --people N``: the synthetic national data set for benchmarks (docs/performance.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.scale.seed import seed


class Command(BaseCommand):
    help = (
        "Generate a synthetic national data set: every county board, municipality and region, N people, two "
        "courses with progress and completions, a national campaign and a programme. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=1_000_000, help="How many people (default 1,000,000)")

    def handle(self, *args: Any, **options: Any) -> None:
        people = options["people"]
        if people < 0:
            raise CommandError("--people must be 0 or more")

        def progress(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        report = seed(people, progress)
        for name, count in report.added.items():
            self.stdout.write(f"  added {name}: {count:,}")
        self.stdout.write(f"Done in {report.total_seconds:.1f} s; {report.total_added:,} rows added.")
