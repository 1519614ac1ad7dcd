"""Request metrics for ``/metrics``: latency, status codes and database queries, by view.

Every label has a bounded set of values, so the number of series cannot grow with traffic:

- ``view`` is the resolved route's name (``courses:detail``, ``api-1.0.0:list_people``; the
  view's dotted path when the route has no name), never the path people typed: ``unmatched`` when
  no route matched (a 404 from the resolver);
- ``method`` is one of the methods we answer, ``other`` for anything else a client invents;
- ``status`` is the three-digit status code.

**Several processes.** A counter in one process's memory is wrong behind gunicorn: each scrape
reaches one worker and sees only its share. When ``PROMETHEUS_MULTIPROC_DIR`` names a directory
(empty at server start, shared by the server's workers), prometheus_client keeps every value in
a file per process there and ``/metrics`` adds them up (``jamlik.web.metrics``); without it (the
demo, one process) the values live in memory. The figures that must be the same whichever
process or node answers (task queue, workers, scheduler, registrations, completions) are not
kept here but read from the database at scrape time (``jamlik.web.metrics``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponseBase
from prometheus_client import CollectorRegistry, Counter, Histogram

# Our own registry: the scrape view decides what to add to it (jamlik.web.metrics).
REGISTRY = CollectorRegistry(auto_describe=True)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"

REQUEST_SECONDS = Histogram(
    "jamlik_http_request_duration_seconds",
    "Time from the request reaching Django to its response leaving, by view and method.",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=REGISTRY,
)
RESPONSES = Counter(
    "jamlik_http_responses",
    "Responses by status code and method.",
    ["status", "method"],
    registry=REGISTRY,
)
QUERIES = Histogram(
    "jamlik_db_queries_per_request",
    "Database queries one request made, by view.",
    ["view"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000),
    registry=REGISTRY,
)


def multiprocess() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def view_label(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return UNMATCHED
    return str(match.view_name or match._func_path)


def method_label(request: HttpRequest) -> str:
    method = (request.method or "").upper()
    return method if method in METHODS else "other"


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


class RequestMetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        queries = _QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(queries):
            response = self.get_response(request)
        elapsed = time.perf_counter() - started
        view, method = view_label(request), method_label(request)
        REQUEST_SECONDS.labels(view, method).observe(elapsed)
        RESPONSES.labels(str(response.status_code), method).inc()
        QUERIES.labels(view).observe(queries.count)
        return response
