from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from jamlik.schedule import JOBS, Job

log = logging.getLogger("jamlik.scheduler")


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
            for job in JOBS:
                self._run_if_due(job)
            if options["once"] or self.stopping:
                return
            for _ in range(options["tick"]):
                if self.stopping:
                    return
                time.sleep(1)

    def _stop(self, *args: Any) -> None:
        self.stopping = True

    def _run_if_due(self, job: Job) -> None:
        key = f"scheduler:last:{job.command}"
        last = cache.get(key)
        now = time.time()
        if last is not None and now - float(last) < job.every_seconds:
            return
        cache.set(key, now, timeout=None)
        log.info("running %s", job.command)
        try:
            call_command(job.command, *job.args)
        except Exception:
            log.exception("periodic job %s failed", job.command)
