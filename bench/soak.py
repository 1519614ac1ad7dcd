"""The soak: ``python -m bench.soak [--minutes 10] [--rate 30]`` (``make bench-soak``).

Mixed load at a steady rate for a fixed time against the benchmark database (seeded by
``make bench`` or here with ``--people``): lesson pages (55 %), recording progress (15 %), the
campaign standings page and JSON (10 % each) and registrations (10 %), interleaved at random,
from 127.0.0.1 to the server on 127.0.0.1 only, a fixed number of requests (rate x seconds).
Every ten seconds the workers' resident memory is read. The result, per minute: requests,
errors, p50 and p99 latency, the largest worker's memory; and the verdict: no error, worker
memory growth from the first minute to the last within ``--memory-bound`` MiB, and the last
minute's p99 within twice the first minute's (latency flat over time). Results go to
``bench/results/soak.json`` and the table to standard output; exit 1 on a failed verdict.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.run import DEFAULT_URL, RESULTS, _environment, _jamlik, _load, _prepare_postgres

MIX = (("lesson", 0.55), ("progress", 0.15), ("page", 0.10), ("json", 0.10), ("register", 0.10))


def _rss_mib(pids: list[int]) -> float:
    largest = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    largest = max(largest, int(line.split()[1]))
        except OSError:
            continue
    return round(largest / 1024, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=30.0, help="requests per second, steady")
    parser.add_argument("--people", type=int, default=None, help="seed-scale first (default: use what is there)")
    parser.add_argument("--memory-bound", type=float, default=64.0, help="MiB a worker may grow")
    parser.add_argument("--output", type=Path, default=RESULTS / "soak.json")
    args = parser.parse_args(argv)
    args.smoke = False
    args.database_url = os.environ.get("JAMLIK_BENCH_DATABASE_URL", DEFAULT_URL)
    _prepare_postgres(args.database_url, fresh=False)
    data_dir = Path(tempfile.mkdtemp(prefix="jamlik-soak-"))
    env = _environment(args, data_dir)
    os.environ.update(env)
    _jamlik(env, "migrate", "--no-input", "-v", "0")
    _jamlik(env, "createcachetable")
    if args.people:
        _jamlik(env, "seed-scale", "--people", str(args.people))

    import django

    django.setup()
    from django.db import connection

    from bench import scenarios
    from bench.report import percentile
    from bench.server import Server

    total = int(args.rate * args.minutes * 60)
    rng = random.Random(21)  # noqa: S311 (which learners, lessons and order; not security)
    wanted = {kind: int(total * share) + 1 for kind, share in MIX}
    sizes = scenarios.Sizes(requests=wanted["lesson"], concurrency=32, registrations=wanted["register"],
                            learners=2_000, warmup=0)  # fmt: skip
    pools = {
        "lesson": scenarios.lesson_pages(sizes, rng).requests,
        "progress": scenarios.record_progress(scenarios.Sizes(wanted["progress"], 32, 0, 0, 0), rng).requests,
        "register": scenarios.registration_contention(sizes, rng).requests,
    }
    page, api = scenarios.campaign(scenarios.Sizes(wanted["json"], 32, 0, 0, 0))
    pools["page"] = [page.requests[0]] * wanted["page"]
    pools["json"] = api.requests
    kinds = [kind for kind, _share in MIX for _ in range(min(wanted[kind], len(pools[kind])))]
    rng.shuffle(kinds)
    kinds = kinds[:total]
    taken = dict.fromkeys(pools, 0)
    requests = []
    for kind in kinds:
        requests.append(pools[kind][taken[kind]])
        taken[kind] += 1
    connection.close()

    server = Server(env, data_dir / "server.log")
    describe = server.describe
    server.start()
    samples: list[tuple[float, float]] = []
    stop = threading.Event()

    def sample() -> None:
        started = time.monotonic()
        while not stop.is_set():
            samples.append((time.monotonic() - started, _rss_mib(server.worker_pids())))
            stop.wait(10)

    sampler = threading.Thread(target=sample, daemon=True)
    load_average = os.getloadavg()
    try:
        sampler.start()
        run = _load({"host": "127.0.0.1", "port": server.port, "concurrency": 32, "rate": args.rate,
                     "requests": requests}, data_dir)  # fmt: skip
    finally:
        stop.set()
        sampler.join()
        server.stop()

    minutes: list[dict[str, Any]] = []
    for minute in range(int(args.minutes + 0.999)):
        records = [
            (r, k) for r, k in zip(run["results"], kinds, strict=True) if minute * 60 <= r["start"] < (minute + 1) * 60
        ]
        latencies = sorted(r["latency"] * 1000 for r, _k in records)
        memory = [m for t, m in samples if minute * 60 <= t < (minute + 1) * 60]
        minutes.append({
            "minute": minute + 1,
            "requests": len(records),
            "errors": sum(1 for r, _k in records if r["status"] not in (200, 302)),
            "p50_ms": round(percentile(latencies, 50), 1),
            "p99_ms": round(percentile(latencies, 99), 1),
            "worker_rss_mib": max(memory) if memory else None,
        })  # fmt: skip
    errors = [r for r in run["results"] if r["status"] not in (200, 302)]
    first_memory = next((m["worker_rss_mib"] for m in minutes if m["worker_rss_mib"]), 0.0)
    last_memory = next((m["worker_rss_mib"] for m in reversed(minutes) if m["worker_rss_mib"]), 0.0)
    growth = round((last_memory or 0.0) - (first_memory or 0.0), 1)
    flat = minutes[-1]["p99_ms"] <= 2 * max(minutes[0]["p99_ms"], 1.0)
    problems = []
    if errors:
        problems.append(f"{len(errors)} requests failed (first: {errors[0]['status']} {errors[0].get('error', '')})")
    if growth > args.memory_bound:
        problems.append(f"the largest worker grew {growth} MiB (bound {args.memory_bound})")
    if not flat:
        problems.append("the last minute's p99 is more than twice the first minute's")
    achieved = round(len(run["results"]) / max(run["wall"], 1e-9), 1)
    result = {
        "server": describe(), "rate": args.rate, "achieved_rate": achieved, "minutes": minutes,
        "requests": len(requests), "mix": dict(MIX), "load_average_at_start": load_average,
        "memory_growth_mib": growth, "memory_bound_mib": args.memory_bound, "problems": problems,
    }  # fmt: skip
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"Soak: {describe()}, {args.rate}/s asked, {achieved}/s achieved, load average {load_average}")
    print("| Minute | Requests | Errors | p50 ms | p99 ms | Largest worker MiB |\n|---|---|---|---|---|---|")
    for m in minutes:
        print(
            f"| {m['minute']} | {m['requests']} | {m['errors']} | {m['p50_ms']} | {m['p99_ms']} | {m['worker_rss_mib']} |"
        )
    print(f"Memory growth {growth} MiB (bound {args.memory_bound}); " + ("; ".join(problems) or "no problem"))
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
