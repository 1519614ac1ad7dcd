"""The benchmark's figures: percentiles by nearest rank, and a target is met only by correct results."""

from __future__ import annotations

from typing import Any

from bench.report import Outcome, Target, judge, markdown, percentile, summarise


def _run(statuses: list[int], latencies_ms: list[float], queries: int | None = 5) -> dict[str, Any]:
    records = []
    for i, (status, latency) in enumerate(zip(statuses, latencies_ms, strict=True)):
        start = i * 0.01
        records.append(
            {
                "index": i,
                "status": status,
                "latency": latency / 1000,
                "start": start,
                "end": start + latency / 1000,
                "queries": queries,
                "size": 10,
                "error": "",
            }
        )
    return {"wall": 1.0, "concurrency": 4, "results": records}


def test_percentiles_are_taken_by_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile([7.0], 99) == 7
    assert percentile([], 50) == 0


def test_a_fast_correct_scenario_meets_its_target() -> None:
    outcome = summarise(Outcome("2", "Lesson", 100, 4), _run([200] * 100, [10.0] * 99 + [50.0]), {200})
    judge(outcome, Target("p99 < 100 ms", max_p99_ms=100), baseline_rps=None)
    assert (outcome.p99_ms, outcome.met, outcome.problems) == (10.0, "yes", [])


def test_a_slow_scenario_misses_its_target() -> None:
    outcome = summarise(Outcome("2", "Lesson", 100, 4), _run([200] * 100, [150.0] * 100), {200})
    judge(outcome, Target("p99 < 100 ms", max_p99_ms=100), baseline_rps=None)
    assert outcome.met == "no"


def test_server_errors_make_a_scenario_incorrect_however_fast() -> None:
    outcome = summarise(Outcome("3", "Progress", 10, 4), _run([302] * 9 + [500], [1.0] * 10), {302})
    judge(outcome, Target("p99 < 100 ms", max_p99_ms=100), baseline_rps=None)
    assert outcome.server_errors == 1
    assert outcome.met == "no (incorrect)"
    assert "| no (incorrect) |" in markdown([outcome])


def test_the_ratio_is_taken_against_the_baseline_of_the_same_run() -> None:
    outcome = summarise(Outcome("4b", "JSON", 100, 4), _run([200] * 100, [5.0] * 100), {200})
    judge(outcome, Target("x", min_ratio=0.5), baseline_rps=outcome.rps * 4)
    assert outcome.ratio == 0.25
    assert outcome.met == "no"
