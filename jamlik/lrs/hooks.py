"""Where a higher layer takes part in the LRS's work without the LRS importing it.

``jamlik.packages`` (cmi5, docs/cmi5.md) registers two hooks in its ``ready()``: one that sees
every request made with a session credential (``LrsClient.is_session``) before its resource
handles it, and one that sees every batch of statements before they are stored and may return a
function to run after they are, in the same transaction (the LMS's part: progress, satisfied
statements, completion). Either refuses by raising ``Refused``, which the LRS answers with 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jamlik.lrs.models import LrsClient

RequestHook = Callable[[LrsClient, str, str, dict[str, str], dict[str, str], bytes], None]
StatementHook = Callable[[LrsClient | None, list[dict[str, Any]]], Callable[[], None] | None]

_request_hooks: list[RequestHook] = []
_statement_hooks: list[StatementHook] = []


class Refused(Exception):
    """The request or statements break a rule of whoever registered the hook (answered 403)."""


def on_session_request(hook: RequestHook) -> None:
    if hook not in _request_hooks:
        _request_hooks.append(hook)


def on_statements(hook: StatementHook) -> None:
    if hook not in _statement_hooks:
        _statement_hooks.append(hook)


def check_session_request(
    client: LrsClient, resource: str, method: str, params: dict[str, str], headers: dict[str, str], body: bytes
) -> None:
    """Every request with a session credential; with no hook registered, a session may do nothing."""
    if not _request_hooks:
        raise Refused("Session credentials are not accepted here.")
    for hook in _request_hooks:
        hook(client, resource, method, params, headers, body)


def before_statements(client: LrsClient | None, statements: list[dict[str, Any]]) -> list[Callable[[], None]]:
    after = []
    for hook in _statement_hooks:
        then = hook(client, statements)
        if then is not None:
            after.append(then)
    return after
