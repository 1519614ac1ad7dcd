from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jamlik.schedule import JOBS
from jamlik.web.scheduling import run_due


class Command(BaseCommand):
    help = "Run the periodic jobs in jamlik/schedule.py when they are due. --once runs what is due and exits."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run due jobs once and exit (for cron or systemd timers)."
        )
        parser.add_argument("--tick", type=int, default=30, help="Seconds between checks.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while True:
            run_due(JOBS)  # each job's turn is claimed in the database (jamlik/web/scheduling.py)
            if options["once"] or self.stopping:
                return
            for _ in range(options["tick"]):
                if self.stopping:
                    return
                time.sleep(1)

    def _stop(self, *args: Any) -> None:
        self.stopping = True
