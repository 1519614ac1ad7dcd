"""Optional error reports to Sentry (or any service that speaks its protocol), without personal data.

Off unless ``JAMLIK_SENTRY_DSN`` is set: then settings call ``start_error_reporting`` and only
then is ``sentry_sdk`` imported, so an installation without a DSN loads nothing and opens no
connection. What leaves the server is the error: its type, message and stack (file, line,
function), the view's URL path and method, the request id, the release and environment.
What never leaves:

- who: ``data_collection`` (the SDK's switchboard since 2.7x, replacing ``send_default_pii``)
  keeps it from adding the user, cookies and client address, and ``scrub_event`` removes a
  ``user`` block anyway;
- what they sent or had: request bodies (``max_request_body_size="never"``), query strings,
  headers other than a few harmless ones, cookies, the environment, and the stack frames' local
  variables (``include_local_variables=False``: they hold people, emails and form data);
- SQL breadcrumbs (their parameters are people's data);
- email addresses and Swedish personal identity numbers anywhere in a string that remains
  (an exception message, a log line, a URL), replaced by ``[email]`` and ``[personnummer]``.
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from jamlik.lib import requestid

EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")
# YYMMDD-NNNN, YYYYMMDD-NNNN (or +), or twelve digits from a century: not any ten-digit number.
PERSONNUMMER = re.compile(r"\b(?:(?:19|20)?\d{6}[-+]\d{4}|(?:19|20)\d{10})\b")
KEPT_HEADERS = {"content-type", "content-length", "accept", "accept-language", "x-request-id"}


def scrub_text(text: str) -> str:
    return PERSONNUMMER.sub("[personnummer]", EMAIL.sub("[email]", text))


def scrub(value: Any) -> Any:
    """Every string in a nested structure of dicts and lists, scrubbed; other values as they are."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {scrub(key): scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    return value


def _scrub_request(request: dict[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {key: request[key] for key in ("method", "url") if key in request}  # url: no query string
    headers = request.get("headers") or {}
    kept["headers"] = {name: value for name, value in headers.items() if name.lower() in KEPT_HEADERS}
    return kept


def _drop_local_variables(event: dict[str, Any]) -> None:
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values") or []:
        for frame in (thread.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)


def scrub_breadcrumb(crumb: dict[str, Any], hint: Any = None) -> dict[str, Any] | None:
    if crumb.get("category") == "query":
        return None
    return scrub(crumb)  # type: ignore[no-any-return]


def scrub_event(event: dict[str, Any], hint: Any = None) -> dict[str, Any]:
    """``before_send``: the event without anything that could tell who was involved."""
    event.pop("user", None)
    if isinstance(event.get("request"), dict):
        event["request"] = _scrub_request(event["request"])
    _drop_local_variables(event)
    crumbs = event.get("breadcrumbs")
    if isinstance(crumbs, dict):
        crumbs["values"] = [kept for crumb in crumbs.get("values") or [] if (kept := scrub_breadcrumb(crumb))]
    event = scrub(event)
    if requestid.current():
        event.setdefault("tags", {})["request_id"] = requestid.current()
    return event


# Everything the SDK's integrations could collect about a request, switched off or narrowed.
DATA_COLLECTION: dict[str, Any] = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {"request": {"mode": "allowlist", "terms": sorted(KEPT_HEADERS)}},
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "database_query_data": False,
    "queues": False,
    "stack_frame_variables": False,
    "gen_ai": {"inputs": False, "outputs": False},
    "graphql": {"document": False, "variables": False},
}


def _release() -> str | None:
    try:
        return f"jamlik@{version('jamlik')}"
    except PackageNotFoundError:
        return None


def start_error_reporting(dsn: str, environment: str) -> None:
    import sentry_sdk  # only here: nothing is loaded without a DSN

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=_release(),
        data_collection=DATA_COLLECTION,  # type: ignore[arg-type]
        max_request_body_size="never",
        before_send=scrub_event,  # type: ignore[arg-type]
        before_breadcrumb=scrub_breadcrumb,
        traces_sample_rate=None,  # errors only: no performance traces of people's requests
    )
