"""Request ids: taken from a trusted proxy or made, echoed, on every JSON log line, and carried
into the background tasks a request enqueues (the real database queue and worker)."""

from __future__ import annotations

import io
import json
import logging.config
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from jamlik.lib.logs import logging_config
from jamlik.lib.mail import deliver_email

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def json_logs() -> Iterator[Any]:
    """Our JSON logging configuration, its handler writing to a buffer; each call returns the new lines."""
    buffer = io.StringIO()
    config = logging_config("json", "INFO")
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    read = 0

    def lines() -> list[dict[str, Any]]:
        nonlocal read
        text = buffer.getvalue()
        new, read = text[read:], len(text)
        return [json.loads(line) for line in new.splitlines()]

    try:
        yield lines
    finally:
        logging.config.dictConfig(django_settings.LOGGING)


@pytest.mark.django_db
def test_a_request_gets_an_id_in_its_response_when_none_is_trusted(client: Client) -> None:
    response = client.get("/", headers={"X-Request-ID": "chosen-by-the-client"})
    assert HEX_ID.fullmatch(response["X-Request-ID"])
    assert response["X-Request-ID"] != client.get("/")["X-Request-ID"]


@pytest.mark.django_db
def test_the_proxys_id_is_kept_when_trusted_and_well_formed(client: Client, settings: Any) -> None:
    settings.JAMLIK_TRUST_REQUEST_ID = True
    assert client.get("/", headers={"X-Request-ID": "0f1e2d3c4b5a69788796a5b4c3d2e1f0"})["X-Request-ID"] == (
        "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    )
    for forged in ("two\nlines", "x" * 65, 'quote"d', ""):
        assert HEX_ID.fullmatch(client.get("/", headers={"X-Request-ID": forged})["X-Request-ID"])


@pytest.mark.django_db
def test_json_log_lines_carry_the_request_id(client: Client, settings: Any, json_logs: Any) -> None:
    settings.JAMLIK_TRUST_REQUEST_ID = True
    response = client.get("/finns/inte/?email=lina@sater.se", headers={"X-Request-ID": "req-404-abc"})
    assert response.status_code == 404
    lines = json_logs()
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert not_found, lines
    assert not_found[0]["request_id"] == "req-404-abc"
    assert not_found[0]["level"] == "WARNING"
    assert "/finns/inte/" in not_found[0]["message"]
    assert set(not_found[0]) >= {"time", "level", "logger", "message", "request_id", "task_id"}
    assert not_found[0]["status_code"] == 404  # Django's extra field
    assert "lina@sater.se" not in json.dumps(lines)  # the query string is not logged


@pytest.mark.django_db(transaction=True)
def test_a_task_logs_under_the_id_of_the_request_that_enqueued_it(
    client: Client, settings: Any, json_logs: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "jamlik.lib.tasks.TracedDatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.JAMLIK_TRUST_REQUEST_ID = True

    response = client.post("/konto/login/code/", {"email": "ny@sater.se"}, headers={"X-Request-ID": "req-sign-in-42"})
    assert response.status_code == 302
    assert response["X-Request-ID"] == "req-sign-in-42"
    task = DBTaskResult.objects.get(task_path=deliver_email.module_path)
    assert task.args_kwargs["request_id"] == "req-sign-in-42"
    assert mail.outbox == []  # not sent by the request: it waits for the worker
    json_logs()  # the request's own lines are not what this test is about

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=1)

    assert [message.to for message in mail.outbox] == [["ny@sater.se"]]
    task_lines = [line for line in json_logs() if line["task_id"] == str(task.pk)]
    assert task_lines, "the worker logged nothing for the task"
    assert {line["request_id"] for line in task_lines} == {"req-sign-in-42"}
    assert any(line["logger"] == "django_tasks" and "SUCCESSFUL" in line["message"] for line in task_lines)
    # A line outside the task (the worker starting) belongs to no request.
    assert all(line["request_id"] == "" for line in json_logs())


@pytest.mark.django_db(transaction=True)
def test_a_task_enqueued_outside_a_request_has_no_request_id(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from jamlik.lib.mail import queue_rendered_email

    settings.TASKS = {"default": {"BACKEND": "jamlik.lib.tasks.TracedDatabaseBackend"}}
    queue_rendered_email("a@sater.se", "Ämne", "Text")
    assert DBTaskResult.objects.get().args_kwargs["request_id"] == ""
