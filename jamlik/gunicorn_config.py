"""gunicorn settings for Jämlik's metrics: ``gunicorn -c python:jamlik.gunicorn_config jamlik.wsgi``.

With ``PROMETHEUS_MULTIPROC_DIR`` set, every worker process writes its request metrics to files in
that directory and ``/metrics`` adds them up (``jamlik.lib.metrics``). The directory must start
empty with each server start, or the files of long-gone workers pile up and slow every scrape:
``on_starting`` empties it (and creates it if missing). Options given on the command line still
apply (``-w``, ``-b``, ``--timeout`` …).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def on_starting(server: Any) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    for leftover in path.glob("*.db"):
        leftover.unlink()


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
