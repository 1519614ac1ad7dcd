"""Benchmark hooks, installed only when ``JAMLIK_BENCH_QUERY_COUNT=1`` (see docs/performance.md).

``BenchMiddleware`` goes first in ``MIDDLEWARE``: it counts the database queries made while the
rest of the stack handles a request (sessions, authentication, the view, the session save) and
reports them in the ``X-Jamlik-Queries`` response header. It also serves ``/bench/baseline/``,
a trivial view behind the same middleware, as the benchmark's ceiling: it touches no database
(``/healthz`` does, on purpose). Neither exists in a normal installation.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

QUERY_HEADER = "X-Jamlik-Queries"
BASELINE_PATH = "bench/baseline/"


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


class BenchMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.urlconf = "jamlik.lib.bench"  # this module's urlpatterns: the baseline, then the site's
        counter = _QueryCounter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[QUERY_HEADER] = str(counter.count)
        return response


def baseline(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def _urlpatterns() -> list[Any]:
    # The site's own URLconf is the one settings name: jamlik.lib imports no part of the project.
    site: Any = import_module(settings.ROOT_URLCONF)
    return [path(BASELINE_PATH, baseline, name="bench_baseline"), *site.urlpatterns]


def __getattr__(name: str) -> Any:
    """``urlpatterns`` is built on first use, so importing the middleware does not load every app's URLs."""
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)
