"""Error reports: nothing without a DSN; with one, events leave without personal data.

The SDK is started by our own ``start_error_reporting`` with a DSN pointing at a small HTTP
server on 127.0.0.1 that stores what arrives, so each event goes the SDK's whole way (Django
integration, our ``before_send``, its serializer, its HTTP transport) and is read back as the
service would receive it.
"""

from __future__ import annotations

import gzip
import json
import logging
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client

from jamlik.lib.error_reporting import scrub_text, start_error_reporting
from jamlik.people.models import User

PORT = 8261  # only named in a DSN nothing is sent to (the fresh-process test); servers take a free port


class Collector(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        elif self.headers.get("Content-Encoding") == "br":
            import brotli  # type: ignore[import-not-found]

            body = brotli.decompress(body)
        lines = body.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                self.received.append({"raw": payload.decode(), "event": json.loads(payload)})
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def reports() -> Iterator[list[dict[str, Any]]]:
    import sentry_sdk

    Collector.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)  # a free port: fixed ones clash on a shared machine
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the SDK's deprecations (send_default_pii) would fail here
        start_error_reporting(f"http://publickey@127.0.0.1:{server.server_address[1]}/1", environment="test")
    try:
        yield Collector.received
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init()  # no DSN: an inactive client, as in every other test
        server.shutdown()
        server.server_close()


@pytest.mark.heavy  # a fresh Python process
def test_without_a_dsn_the_sdk_is_neither_started_nor_loaded() -> None:
    """A fresh process with our settings and no JAMLIK_SENTRY_DSN: sentry_sdk is never imported."""
    code = (
        "import django, sys; django.setup(); "
        "from django.conf import settings; "
        "print(settings.JAMLIK_SENTRY_DSN == '', 'sentry_sdk' in sys.modules)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "jamlik.settings", "JAMLIK_SENTRY_DSN": ""}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env={**_environment(), **env}, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "False"]


@pytest.mark.heavy  # a fresh Python process
def test_with_a_dsn_the_settings_start_it(tmp_path: Any) -> None:
    code = "import django; django.setup(); import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    env = {"DJANGO_SETTINGS_MODULE": "jamlik.settings", "JAMLIK_SENTRY_DSN": f"http://publickey@127.0.0.1:{PORT}/1"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env={**_environment(), **env}, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"


def _environment() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "JAMLIK_SENTRY_DSN"}


@pytest.mark.django_db
@pytest.mark.urls("tests.api_failing_urls")
def test_an_error_in_a_page_is_reported_without_anything_about_the_person(
    reports: list[dict[str, Any]], learner_a: User
) -> None:
    """The page fails for a signed-in person; the request goes through Django's WSGI handler,
    where the SDK's Django integration hooks in as it does under gunicorn."""
    import sentry_sdk

    client = Client()
    client.force_login(learner_a)
    session = client.cookies["sessionid"].value
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    environ.update(
        PATH_INFO="/fails",
        QUERY_STRING="email=lina@sater.se&pnr=19811218-9876",
        HTTP_HOST="testserver",
        HTTP_COOKIE=f"sessionid={session}",
        HTTP_X_REQUEST_ID="abc",
        HTTP_USER_AGENT="Browser/1.0",
        HTTP_AUTHORIZATION="Bearer jml_secret_token",
    )
    statuses: list[str] = []
    # As Django's test client does: the request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        b"".join(WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert statuses == ["500 Internal Server Error"]
    sentry_sdk.flush(timeout=10)

    assert len(reports) == 1
    event, raw = reports[0]["event"], reports[0]["raw"]
    assert event["exception"]["values"][-1]["type"] == "UnexpectedError"  # the error itself does leave
    assert event["request"]["url"] == "http://testserver/fails"
    assert event["request"]["method"] == "GET"
    assert "user" not in event
    assert set(event["request"]) == {"method", "url", "headers"}  # no cookies, body, query string, environment
    assert {name.lower() for name in event["request"]["headers"]} <= {"x-request-id"}
    frames = event["exception"]["values"][-1]["stacktrace"]["frames"]
    assert frames and not any("vars" in frame for frame in frames)
    for personal in ("lina@sater.se", "Lina", "19811218-9876", session, "jml_secret_token", "Browser/1.0"):
        assert personal not in raw, personal


def test_an_email_or_personal_number_in_an_exception_message_is_replaced(reports: list[dict[str, Any]]) -> None:
    import sentry_sdk

    logging.getLogger("jamlik.test").warning("Looked up erik.andersson@gagnef.se first")  # a breadcrumb
    try:
        raise ValueError("No membership for erik.andersson@gagnef.se (198112189876) in Gagnef")
    except ValueError:
        sentry_sdk.capture_exception()
    sentry_sdk.flush(timeout=10)

    (report,) = reports
    assert report["event"]["exception"]["values"][0]["value"] == "No membership for [email] ([personnummer]) in Gagnef"
    assert "gagnef.se" not in report["raw"]
    crumbs = [crumb.get("message") for crumb in report["event"]["breadcrumbs"]["values"]]  # http ones have none
    assert "Looked up [email] first" in crumbs


def test_the_scrubber_leaves_ordinary_text_alone() -> None:
    assert scrub_text("Task 1234567890 failed at 2026-12-07 10:00") == "Task 1234567890 failed at 2026-12-07 10:00"
    assert scrub_text("to: a.b+c@sub.example.se,") == "to: [email],"
