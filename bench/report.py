"""Figures from the load generator's records, targets, and the Markdown table."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Target:
    text: str
    min_ratio: float | None = None  # throughput as a share of the baseline's
    max_p99_ms: float | None = None
    min_rps: float | None = None
    max_seconds: float | None = None  # for single long requests (an export): the slowest one


@dataclass
class Outcome:
    key: str
    title: str
    requests: int
    concurrency: int
    rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    queries_median: float | None = None
    queries_max: int | None = None
    peak_memory_mib: float = 0.0
    ratio: float | None = None
    server_errors: int = 0
    unexpected: int = 0
    target: str = ""
    met: str = ""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    available: bool = True


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summarise(outcome: Outcome, run: dict[str, Any], expect: set[int]) -> Outcome:
    records = run["results"]
    latencies = sorted(r["latency"] * 1000 for r in records)
    starts = [r["start"] for r in records]
    ends = [r["end"] for r in records]
    span = max(ends) - min(starts) if records else 0.0
    outcome.rps = round(len(records) / span, 1) if span > 0 else 0.0
    outcome.p50_ms = round(percentile(latencies, 50), 1)
    outcome.p95_ms = round(percentile(latencies, 95), 1)
    outcome.p99_ms = round(percentile(latencies, 99), 1)
    outcome.max_ms = round(latencies[-1], 1) if latencies else 0.0
    queries = sorted(r["queries"] for r in records if r["queries"] is not None)
    if queries:
        outcome.queries_median = percentile([float(q) for q in queries], 50)
        outcome.queries_max = queries[-1]
    outcome.server_errors = sum(1 for r in records if r["status"] >= 500 or r["status"] == 0)
    outcome.unexpected = sum(1 for r in records if r["status"] not in expect)
    errors = sorted({r["error"] for r in records if r["error"]})
    if outcome.server_errors:
        outcome.problems.append(f"{outcome.server_errors} server errors or failed connections {errors[:3]}")
    if outcome.unexpected:
        statuses = sorted({r["status"] for r in records if r["status"] not in expect})
        outcome.problems.append(f"{outcome.unexpected} responses with an unexpected status {statuses}")
    return outcome


def judge(outcome: Outcome, target: Target, baseline_rps: float | None) -> Outcome:
    outcome.target = target.text
    if baseline_rps:
        outcome.ratio = round(outcome.rps / baseline_rps, 3)
    verdicts: list[bool] = []
    if target.min_ratio is not None and outcome.ratio is not None:
        verdicts.append(outcome.ratio >= target.min_ratio)
    if target.max_p99_ms is not None:
        verdicts.append(outcome.p99_ms < target.max_p99_ms)
    if target.min_rps is not None:
        verdicts.append(outcome.rps >= target.min_rps)
    if target.max_seconds is not None:
        verdicts.append(outcome.max_ms < target.max_seconds * 1000)
    if outcome.problems:
        outcome.met = "no (incorrect)"
    elif not verdicts:
        outcome.met = "-"
    else:
        outcome.met = "yes" if all(verdicts) else "no"
    return outcome


def _n(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:,.{digits}f}".replace(",", " ")


def markdown(outcomes: list[Outcome]) -> str:
    lines = [
        "| Scenario | Requests (concurrency) | Requests/s | p50 ms | p95 ms | p99 ms | Queries/request | Peak MiB "
        "| x baseline | Target | Met |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        if not o.available:
            lines.append(f"| {o.key} {o.title} | not available yet | | | | | | | | {o.target} | - |")
            continue
        queries = (
            _n(o.queries_median) if o.queries_median == o.queries_max else f"{_n(o.queries_median)}-{_n(o.queries_max)}"
        )
        lines.append(
            f"| {o.key} {o.title} | {_n(o.requests)} ({o.concurrency}) | {_n(o.rps)} | {_n(o.p50_ms)} | {_n(o.p95_ms)} "
            f"| {_n(o.p99_ms)} | {queries} | {_n(o.peak_memory_mib)} | {_n(o.ratio, 3)} | {o.target} | {o.met} |"
        )
    return "\n".join(lines) + "\n"
