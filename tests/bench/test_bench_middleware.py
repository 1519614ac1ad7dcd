"""The opt-in benchmark middleware: a query count on every response and a trivial baseline page."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.lib.bench import QUERY_HEADER


@pytest.fixture
def bench_on(settings: Any) -> None:
    settings.MIDDLEWARE = ["jamlik.lib.bench.BenchMiddleware", *settings.MIDDLEWARE]


def test_the_baseline_page_does_not_exist_without_the_bench_setting(client: Client, db: None) -> None:
    response = client.get("/bench/baseline/")
    assert response.status_code == 404
    assert QUERY_HEADER not in response


@pytest.mark.usefixtures("bench_on")
def test_the_baseline_page_answers_without_touching_the_database(client: Client, db: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/bench/baseline/")
    assert response.status_code == 200
    assert response[QUERY_HEADER] == "0"
    assert len(queries) == 0


@pytest.mark.usefixtures("bench_on")
def test_the_header_counts_every_query_of_a_request(client: Client, db: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert int(response[QUERY_HEADER]) == len(queries) >= 1


@pytest.mark.usefixtures("bench_on")
def test_the_site_keeps_its_other_pages_and_url_names(as_learner_a: Client) -> None:
    response = as_learner_a.get("/kurser/")
    assert response.status_code == 200
    assert int(response[QUERY_HEADER]) > 0
