"""Where a registration's time goes: ``python -m bench.profile [--attempts N] [--html FILE]``.

Runs scenario 5's requests (``bench.scenarios.registration_contention``) one after another in
this process, through Django's whole stack (``django.test.Client``: middleware, sessions, CSRF,
the view, the action, the redirect) against the benchmark database that ``make bench`` seeded
(``JAMLIK_BENCH_DATABASE_URL``), under pyinstrument. One at a time, so the profile is the CPU
a registration costs, not the waiting of a rush. It prints:

- the milliseconds per registration and the queries per registration;
- how long the seat lock was held: from the statement that first locks or updates a
  ``programmes_session`` row to the end of the commit (``transaction.on_commit`` runs right after
  it), median and p95 — the throughput of a rush for one session is at most 1 ÷ this;
- pyinstrument's call tree (or an HTML file with ``--html``).

Bench only: nothing here is imported by the application.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.run import DEFAULT_URL, _environment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--attempts", type=int, default=200)
    parser.add_argument("--html", type=Path, default=None)
    args = parser.parse_args(argv)
    args.database_url = os.environ.get("JAMLIK_BENCH_DATABASE_URL", DEFAULT_URL)
    data_dir = Path(tempfile.mkdtemp(prefix="jamlik-profile-"))
    env = _environment(args, data_dir)
    env["JAMLIK_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ.update(env)

    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from pyinstrument import Profiler

    from bench import scenarios

    sizes = scenarios.Sizes(requests=0, concurrency=1, registrations=args.attempts, learners=0, warmup=0)
    scenario = scenarios.registration_contention(sizes, random.Random(8))  # noqa: S311 (not security)
    held: list[float] = []
    queries: list[int] = []
    state: dict[str, Any] = {}

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        state["queries"] += 1
        locking = "UPDATE" in sql and ("FOR " in sql or sql.lstrip().startswith("UPDATE"))  # FOR [NO KEY] UPDATE
        if "locked" not in state and "programmes_session" in sql and locking:
            state["locked"] = started = time.perf_counter()
            transaction.on_commit(lambda: held.append(time.perf_counter() - started))
        return execute(sql, params, many, context)

    client = Client(HTTP_HOST="127.0.0.1")
    elapsed: list[float] = []
    profiler = Profiler(interval=0.0005)
    with connection.execute_wrapper(watch):
        for n, request in enumerate(scenario.requests):
            cookies = dict(part.split("=", 1) for part in request["headers"]["Cookie"].split("; "))
            client.cookies.clear()
            for name, value in cookies.items():
                client.cookies[name] = value
            state.clear()
            state["queries"] = 0
            if n == 5:
                profiler.start()  # the first few warm the process's caches
            started = time.perf_counter()
            response = client.post(
                request["path"],
                request["body"],
                content_type=request["headers"]["Content-Type"],
                HTTP_X_CSRFTOKEN=request["headers"]["X-CSRFToken"],
            )
            elapsed.append(time.perf_counter() - started)
            queries.append(state["queries"])
            if response.status_code != 302:
                raise SystemExit(f"attempt {n}: {response.status_code}")
    profiler.stop()
    ms = sorted(x * 1000 for x in elapsed[5:])
    lock = sorted(x * 1000 for x in held[5:])
    print(
        f"{len(ms)} registrations one at a time: median {statistics.median(ms):.2f} ms, "
        f"p95 {ms[int(len(ms) * 0.95)]:.2f} ms; queries {min(queries)}-{max(queries)}; "
        f"seat lock held median {statistics.median(lock):.2f} ms, p95 {lock[int(len(lock) * 0.95)]:.2f} ms "
        f"(load average {os.getloadavg()[0]:.1f})"
    )
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")
    else:
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
