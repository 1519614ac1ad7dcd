"""/metrics behind gunicorn with two workers: every scrape sees every worker's requests.

A real gunicorn (``-c python:jamlik.gunicorn_config``, two sync workers) on 127.0.0.1 serves a
copy of the test database. Each scrape reaches one worker; with ``PROMETHEUS_MULTIPROC_DIR`` the
counts are the same whichever answers. The second test shows why the setting matters: without
it each worker counts only what it served itself.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from tests.observability.scrape import TOKEN, parse, total

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.heavy]  # real gunicorn processes

# This feature's ports are 8260 to 8269; each test its own, as pytest-xdist may run both at once.
PORTS = {True: 8260, False: 8262}
REQUESTS = 40


def database_for_the_server(folder: Path) -> dict[str, str]:
    """Settings that point the server at a database with the test schema."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(folder / "jamlik.sqlite3")])
        return {"JAMLIK_DATA_DIR": str(folder)}
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    url = f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {"JAMLIK_DATA_DIR": str(folder), "JAMLIK_DATABASE_URL": url}


def get(port: int, path: str, token: str = "") -> bytes:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return bytes(response.read())


def gunicorn(folder: Path, multiprocess: bool) -> Iterator[Path]:
    port = PORTS[multiprocess]
    metrics_dir = folder / "metrics"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PROMETHEUS_", "JAMLIK_DATABASE_URL"))},
        **database_for_the_server(folder),
        "JAMLIK_DEBUG": "0",
        "JAMLIK_SECRET_KEY": "tests-only-secret",
        "JAMLIK_ALLOWED_HOSTS": "127.0.0.1",
        "JAMLIK_SITE_URL": f"http://127.0.0.1:{port}",
        "JAMLIK_METRICS_TOKEN": TOKEN,
        "JAMLIK_TASKS_IMMEDIATE": "1",
    }
    if multiprocess:
        env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
        metrics_dir.mkdir()
        (metrics_dir / "counter_99999999.db").write_bytes(b"")  # a leftover of an earlier start
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "-c",
        "python:jamlik.gunicorn_config",
        "jamlik.wsgi",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    log = (folder / "gunicorn.log").open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (folder / "gunicorn.log").read_text()
            try:
                get(port, "/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.2)
        yield metrics_dir
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def home_pages_counted_by_each_scrape(port: int, scrapes: int = 6) -> list[float]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(b"<h1" in page for page in pool.map(lambda _: get(port, "/"), range(REQUESTS)))
    return [
        total(
            parse(get(port, "/metrics", TOKEN).decode()), "jamlik_http_request_duration_seconds_count", view="web:home"
        )
        for _ in range(scrapes)
    ]


def test_with_the_multiprocess_directory_every_scrape_counts_the_requests_of_both_workers(tmp_path: Path) -> None:
    for metrics_dir in gunicorn(tmp_path, multiprocess=True):
        counted = home_pages_counted_by_each_scrape(PORTS[True])
        assert counted == [REQUESTS] * len(counted)
        writers = {path.stem.rsplit("_", 1)[1] for path in metrics_dir.glob("*.db")}
        assert len(writers) == 2, writers  # both workers answered, and the old leftover was cleared at start


def test_without_it_a_scrape_sees_only_the_worker_that_answers_it(tmp_path: Path) -> None:
    for _ in gunicorn(tmp_path, multiprocess=False):
        counted = home_pages_counted_by_each_scrape(PORTS[False])
        assert all(count < REQUESTS for count in counted), counted
