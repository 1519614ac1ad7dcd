"""One id per request, in every log line it causes, including those of the tasks it enqueues.

``RequestIdMiddleware`` takes the id from ``X-Request-ID`` when the proxy in front is trusted to
set it (``JAMLIK_TRUST_REQUEST_ID``; nginx: ``proxy_set_header X-Request-ID $request_id``) and
the value looks like an id, else makes one, and sends it back in the response's ``X-Request-ID``.
While the request runs, the id sits in a context variable that ``RequestIdFilter`` copies onto
every log record. ``jamlik.lib.tasks.TracedDatabaseBackend`` stores it beside a task's arguments
when the task is enqueued, and the worker (``jamlik db_worker``) binds it again while the task
runs, so a task's log lines carry the id of the request that asked for it.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

HEADER = "X-Request-ID"
# Letters, digits and a few separators, at most 64: nginx's $request_id (32 hex digits) and UUIDs
# fit; anything else (a line break that would forge a log line, a kilobyte of text) is replaced.
_VALID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

_current: ContextVar[str] = ContextVar("jamlik_request_id", default="")
_task: ContextVar[str] = ContextVar("jamlik_task_id", default="")


def current() -> str:
    """The id of the request (or of the request behind the task) being handled, or ``""``."""
    return _current.get()


def current_task() -> str:
    """The id of the background task being run, or ``""``."""
    return _task.get()


def new_id() -> str:
    return uuid.uuid4().hex


def is_valid(value: str) -> bool:
    return bool(_VALID.fullmatch(value))


@contextmanager
def bound(request_id: str, task_id: str = "") -> Iterator[None]:
    """Log under ``request_id`` (and ``task_id``) until the block ends."""
    request_token = _current.set(request_id)
    task_token = _task.set(task_id)
    try:
        yield
    finally:
        _task.reset(task_token)
        _current.reset(request_token)


def from_request(request: HttpRequest) -> str:
    offered = request.headers.get(HEADER, "")
    if settings.JAMLIK_TRUST_REQUEST_ID and is_valid(offered):
        return offered
    return new_id()


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = from_request(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        with bound(request_id):
            response = self.get_response(request)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` and ``task_id`` on every record (empty outside a request or task).

    Django logs "Not Found" and other 4xx answers after the middleware has returned, so the
    context is gone by then; those records carry the request itself, which carries its id.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get() or getattr(getattr(record, "request", None), "request_id", "")
        record.task_id = _task.get()
        return True
