"""The benchmark: ``python -m bench.run [--people N] [--smoke]`` (``make bench``, ``make bench-smoke``).

1. Database: PostgreSQL from ``JAMLIK_BENCH_DATABASE_URL`` (default ``jamlik_bench`` on
   127.0.0.1:5432, created if missing). ``--smoke`` uses a fresh ``<test database>_bench_smoke``
   beside ``JAMLIK_TEST_DATABASE_URL`` when that is set, else SQLite in a temporary folder.
2. ``jamlik migrate`` and ``jamlik seed-scale --people N`` (idempotent: a second run adds nothing),
   then ``--statements`` xAPI statements in the LRS (``bench.xapi.seed_statements``, idempotent too).
3. gunicorn with 2 sync workers on 127.0.0.1 (``--server gthread|granian``, ``--workers``, ``--threads``), ``JAMLIK_DEBUG=0``, ``JAMLIK_BENCH_QUERY_COUNT=1``.
4. Each scenario: a few warm-up requests, then a fixed number of requests from ``bench.load`` in
   its own process, 32 at a time; figures, memory, the ratio to the baseline, the target.
5. ``bench/results/latest.json`` (or ``smoke.json``) and the Markdown table on standard output.

The smoke run checks correctness only (no server errors, every scenario answered as expected,
exactly 40 confirmed in scenario 5, the results file written) and exits non-zero otherwise.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jamlik_bench"
SERVERS = ("sync", "gthread", "granian")


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _prepare_postgres(url: str, *, fresh: bool) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _environment(args: argparse.Namespace, data_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("JAMLIK_") or key in ("JAMLIK_BENCH_DATABASE_URL", "JAMLIK_TEST_DATABASE_URL")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jamlik.settings",
            "JAMLIK_DEBUG": "0",
            "JAMLIK_SECRET_KEY": secrets.token_urlsafe(32),
            "JAMLIK_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "JAMLIK_SITE_URL": "http://127.0.0.1",  # the server gets its port in bench/server.py
            "JAMLIK_DATA_DIR": str(data_dir),
            "JAMLIK_BENCH_QUERY_COUNT": "1",
            "JAMLIK_TASKS_IMMEDIATE": "0",
            "JAMLIK_LOG_LEVEL": "WARNING",
            "JAMLIK_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            # The whole load comes from one address: the API's limit per address would answer 429.
            "JAMLIK_API_RATE_LIMIT": "0",
        }
    )
    if args.database_url:
        env["JAMLIK_DATABASE_URL"] = args.database_url
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _jamlik(env: dict[str, str], *command: str) -> tuple[float, str]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "jamlik", *command], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"jamlik {' '.join(command)} failed")
    return time.monotonic() - started, done.stdout


def _machine(vendor: str) -> dict[str, Any]:
    from django.db import connection

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory_kib = int(
        next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")).split()[1]
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if vendor == "postgresql" else "SELECT sqlite_version()")
        database = str(cursor.fetchone()[0])
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "cpu": cpu,
        "database": database.split(" on ")[0] if vendor == "postgresql" else f"SQLite {database}",
        "python": platform.python_version(),
        "load_average_at_start": os.getloadavg()[0],
    }


def _load(spec: dict[str, Any], workdir: Path) -> dict[str, Any]:
    spec_path, out_path = workdir / "spec.json", workdir / "out.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "bench.load", str(spec_path), str(out_path)], cwd=ROOT, check=True)
    return dict(json.loads(out_path.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=None, help="N for seed-scale (default 1,000,000; smoke 2,000)")
    parser.add_argument("--smoke", action="store_true", help="tiny scale, correctness only, under a minute")
    parser.add_argument("--requests", type=int, default=None, help="requests per scenario (default 2,000; smoke 8)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument(
        "--registrations", type=int, default=None, help="attempts in scenario 5 (default 1,000; smoke 50)"
    )
    parser.add_argument(
        "--statements",
        type=int,
        default=None,
        help="xAPI statements stored before scenario 7 (default 1,000,000; smoke 300)",
    )
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument(
        "--only", default="", help="comma-separated scenario keys to run (e.g. 5 or 2,3); the baseline always runs"
    )
    parser.add_argument(
        "--server", choices=SERVERS, default="sync", help="gunicorn sync (default), gunicorn gthread, or granian WSGI"
    )
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (gthread, granian)")
    args = parser.parse_args(argv)

    people = args.people if args.people is not None else (2_000 if args.smoke else 1_000_000)
    data_dir = Path(tempfile.mkdtemp(prefix="jamlik-bench-"))
    if args.smoke:
        test_url = os.environ.get("JAMLIK_TEST_DATABASE_URL", "")
        # Named after the test database, so two checkouts sharing one server never drop each other's.
        test_name = urlsplit(test_url).path.lstrip("/") or "jamlik"
        args.database_url = _with_database(test_url, f"{test_name}_bench_smoke") if test_url else ""
    else:
        args.database_url = os.environ.get("JAMLIK_BENCH_DATABASE_URL", DEFAULT_URL)
    if args.database_url:
        _prepare_postgres(args.database_url, fresh=args.smoke)
    env = _environment(args, data_dir)
    os.environ.update(env)
    print(f"Database: {args.database_url or 'SQLite in ' + str(data_dir)}; {people:,} people", flush=True)

    migrate_seconds, _ = _jamlik(env, "migrate", "--no-input", "-v", "0")
    _jamlik(env, "createcachetable")  # the database cache (rate limits, statistics), as in production
    print(f"migrate: {migrate_seconds:.1f} s", flush=True)
    cpu_before = _children_cpu()
    seed_seconds, seed_output = _jamlik(env, "seed-scale", "--people", str(people))
    seed_cpu = _children_cpu() - cpu_before
    print(seed_output, end="", flush=True)

    import django

    django.setup()
    from django.db import connection

    from bench import runtime, scenarios, xapi
    from bench.report import Outcome, judge, markdown, summarise
    from bench.server import Server

    statements = args.statements if args.statements is not None else (300 if args.smoke else 1_000_000)
    if args.only and "7" not in {key.rstrip("abc") for key in args.only.split(",")}:
        statements = 0  # only scenario 7 reads them
    statements_added, statements_seconds = xapi.seed_statements(statements)
    print(
        f"xAPI statements: {statements:,} seeded ({statements_added:,} added in {statements_seconds:.1f} s)",
        flush=True,
    )

    sizes = scenarios.Sizes(
        requests=args.requests or (8 if args.smoke else 2_000),
        concurrency=args.concurrency,
        registrations=args.registrations or (50 if args.smoke else 1_000),
        learners=50 if args.smoke else 2_000,
        warmup=3 if args.smoke else 20,
    )
    rng = random.Random(8)  # noqa: S311 (which learners and lessons; not security)
    plan = [
        scenarios.baseline(sizes),
        scenarios.lesson_pages(sizes, rng),
        scenarios.record_progress(sizes, rng),
        *scenarios.campaign(sizes),
        scenarios.registration_contention(sizes, rng),
        *scenarios.statistics(sizes),
        *xapi.statements(sizes, rng),
        runtime.runtime_commit(sizes, rng),
    ]
    if args.only:
        keys = {"1", *args.only.split(",")}
        plan = [scenario for scenario in plan if scenario.key in keys or scenario.key.rstrip("abc") in keys]
    connection.close()  # the harness holds no connection (nor lock) while the server runs

    server = Server(env, data_dir / "server.log", kind=args.server, workers=args.workers, threads=args.threads)
    server.start()
    outcomes: list[Outcome] = []
    baseline_rps: float | None = None
    try:
        for scenario in plan:
            outcome = Outcome(scenario.key, scenario.title, len(scenario.requests), scenario.concurrency)
            outcome.notes = list(scenario.notes)
            if not scenario.available:
                outcome.available = False
                outcome.target = scenario.target.text
                outcomes.append(outcome)
                print(f"{scenario.key} {scenario.title}: not available yet", flush=True)
                continue
            spec = {"host": "127.0.0.1", "port": server.port}
            if scenario.warmup:
                _load({**spec, "concurrency": 2, "requests": scenario.warmup}, data_dir)
            server.reset_peak_memory()
            generator_cpu = _children_cpu()
            run = _load({**spec, "concurrency": scenario.concurrency, "requests": scenario.requests}, data_dir)
            generator_cpu = _children_cpu() - generator_cpu
            outcome.peak_memory_mib = server.peak_memory_mb()
            outcome.concurrency = int(run["concurrency"])
            summarise(outcome, run, scenario.expect)
            outcome.notes.append(f"load generator: {generator_cpu / max(run['wall'], 1e-9):.0%} of one core")
            if scenario.check is not None:
                outcome.problems += scenario.check(run)
                connection.close()
            if scenario.key == "1":
                baseline_rps = outcome.rps
            judge(outcome, scenario.target, baseline_rps)
            outcomes.append(outcome)
            print(
                f"{scenario.key} {scenario.title}: {outcome.rps} req/s, p99 {outcome.p99_ms} ms, "
                f"queries {outcome.queries_median}, {'; '.join(outcome.problems) or 'correct'}",
                flush=True,
            )
    finally:
        server.stop()

    from django.db import connection as db

    results = {
        "mode": "smoke" if args.smoke else "full",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "people": people,
        "statements_seeded": statements,
        "database": db.vendor,
        "machine": _machine(db.vendor),
        "server": server.describe(),
        "seed": {
            "seconds": round(seed_seconds, 1),
            "statements_added": statements_added,
            "statements_seconds": round(statements_seconds, 1),
            "cpu_seconds_of_the_command": round(seed_cpu, 1),
            "output": seed_output.splitlines(),
        },
        "scenarios": [asdict(o) for o in outcomes],
    }
    output = args.output or RESULTS / ("smoke.json" if args.smoke else "latest.json")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    table = markdown(outcomes)
    output.with_suffix(".md").write_text(table, encoding="utf-8")
    print("\n" + table + f"\nResults: {output}", flush=True)

    problems = [f"{o.key}: {p}" for o in outcomes for p in o.problems]
    if problems:
        print("Incorrect results:\n  " + "\n  ".join(problems), file=sys.stderr)
        print(f"The server's log: {data_dir / 'server.log'}", file=sys.stderr)
        return 1
    shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
