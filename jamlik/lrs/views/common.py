"""What every LRS resource shares: CORS, the version header, credentials, errors, alternate syntax.

``lrs_endpoint`` wraps a view so that it receives an ``LrsRequest``: the method, parameters,
headers and body after the 1.0.3 alternate request syntax (a POST with ``?method=`` and the
headers and content as a form) is undone, the version checked and the client authenticated.
xAPI 2.0 removed the alternate syntax, so a 2.0 request using it is refused (400). Errors are
answered as small JSON documents with the status the specification asks for. The views are exempt
from CSRF (clients authenticate with credentials in a header, never with a cookie).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qs

from django.http import HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from jamlik.lrs.auth import VERSION_HEADER, answered_version, authenticate_header, requested_version
from jamlik.lrs.hooks import Refused, check_session_request
from jamlik.lrs.models import LrsClient
from jamlik.lrs.store import iso

# Request bodies larger than this are refused with 413 (attachments included).
MAX_BODY = 20 * 1024 * 1024
ALTERNATE_HEADERS = (
    "Authorization",
    "X-Experience-API-Version",
    "Content-Type",
    "Content-Length",
    "If-Match",
    "If-None-Match",
)
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "HEAD, GET, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Content-Length, Authorization, If-Match, If-None-Match, "
    "X-Experience-API-Version, X-Experience-API-Consistent-Through, Accept-Language",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Content-Type, X-Experience-API-Version, "
    "X-Experience-API-Consistent-Through",
    "Access-Control-Max-Age": "86400",
}


CONSISTENT = "X-Experience-API-Consistent-Through"


class LrsError(Exception):
    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


@dataclasses.dataclass
class LrsRequest:
    http: HttpRequest
    method: str
    params: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes
    version: str
    client: LrsClient | None

    @property
    def caller(self) -> LrsClient:
        """The authenticated client (every resource but About has one)."""
        if self.client is None:
            raise LrsError(401, "Send the client's key and secret with HTTP Basic.")
        return self.client

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def media_type(self) -> str:
        return self.content_type.split(";")[0].strip().lower()


def json_response(data: Any, request: HttpRequest, *, status: int = 200) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def error_response(status: int, message: str) -> HttpResponse:
    return HttpResponse(
        json.dumps({"error": message}, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def _single(values: dict[str, list[str]], what: str) -> dict[str, str]:
    single: dict[str, str] = {}
    for name, items in values.items():
        if len(items) > 1:
            raise LrsError(400, f"The {what} parameter {name} is given more than once.")
        single[name] = items[0]
    return single


def _read_body(request: HttpRequest) -> bytes:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise LrsError(400, "Content-Length is not a number.") from None
    if length > MAX_BODY:
        raise LrsError(413, f"The request is larger than {MAX_BODY} bytes.")
    try:
        return request.read(MAX_BODY + 1) if length else b""
    except RawPostDataException:
        return request.body


def build(request: HttpRequest) -> LrsRequest:
    query = _single(parse_qs(request.META.get("QUERY_STRING", ""), keep_blank_values=True), "query")
    headers = {name.lower(): value for name, value in request.headers.items()}
    body = _read_body(request)
    if len(body) > MAX_BODY:
        raise LrsError(413, f"The request is larger than {MAX_BODY} bytes.")
    method = request.method or "GET"
    if "method" in query:
        method = _alternate(request, query, headers, body)
        body = headers.pop("_content", "").encode("utf-8")
        query.pop("method")
    header_version = headers.get(VERSION_HEADER.lower())
    version = requested_version(header_version)
    if "method" in (request.GET or {}) and (version is None or not version.startswith("1.")):
        raise LrsError(400, "xAPI 2.0 has no alternate request syntax: send the method, headers and content as such.")
    return LrsRequest(request, method, query, headers, body, version or "", None)


def _alternate(request: HttpRequest, query: dict[str, str], headers: dict[str, str], body: bytes) -> str:
    """Undo the 1.0.3 alternate request syntax: the form holds headers, parameters and ``content``."""
    method = query["method"].upper()
    if request.method != "POST" or method not in ("GET", "HEAD", "PUT", "POST", "DELETE"):
        raise LrsError(400, "The alternate request syntax is a POST naming GET, HEAD, PUT, POST or DELETE.")
    if len(query) > 1:
        raise LrsError(400, "With the alternate request syntax, every parameter but method goes in the form.")
    if headers.get("content-type", "").split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        raise LrsError(400, "The alternate request syntax needs a form (application/x-www-form-urlencoded).")
    try:
        form = _single(parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body)), "form")
    except (UnicodeDecodeError, ValueError):
        raise LrsError(400, "The form of the alternate request syntax cannot be read.") from None
    for name in ALTERNATE_HEADERS:
        for key in list(form):
            if key.lower() == name.lower():
                headers[name.lower()] = form.pop(key)
    if "content" in form:
        headers["_content"] = form.pop("content")
        headers.setdefault("content-type", "application/json")
        if headers["content-type"].startswith("application/x-www-form-urlencoded"):
            headers["content-type"] = "application/json"
    elif method in ("PUT", "POST"):
        raise LrsError(400, "The alternate request syntax sends its content as the form parameter content.")
    query.update(form)
    return method


def lrs_endpoint(
    *, methods: tuple[str, ...], authenticated: bool = True, versioned: bool = True, consistent_through: bool = False
) -> Callable[[Callable[[LrsRequest], HttpResponse]], Callable[[HttpRequest], HttpResponse]]:
    def decorate(view: Callable[[LrsRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
        @csrf_exempt
        @functools.wraps(view)
        def wrapped(request: HttpRequest) -> HttpResponse:
            if request.method == "OPTIONS":
                response = HttpResponse(status=200)
            else:
                try:
                    response = _answer(request, view, methods, authenticated=authenticated, versioned=versioned)
                except LrsError as exc:
                    response = error_response(exc.status, exc.message)
                    for name, value in exc.headers.items():
                        response[name] = value
            version = requested_version(request.headers.get(VERSION_HEADER))
            response[VERSION_HEADER] = answered_version(version)
            for name, value in CORS_HEADERS.items():
                response[name] = value
            if consistent_through and request.method in ("GET", "HEAD") and not response.has_header(CONSISTENT):
                # Every answer to a GET of statements says how far the store is consistent, errors too.
                response[CONSISTENT] = iso(timezone.now())
            if request.method == "HEAD":
                response.content = b""
            return response

        return wrapped

    return decorate


def _answer(
    request: HttpRequest,
    view: Callable[[LrsRequest], HttpResponse],
    methods: tuple[str, ...],
    *,
    authenticated: bool,
    versioned: bool,
) -> HttpResponse:
    lrs_request = build(request)
    if lrs_request.method not in methods:
        raise LrsError(405, f"{lrs_request.method} is not allowed here.", {"Allow": ", ".join(methods)})
    if versioned and not lrs_request.version:
        raise LrsError(400, "Send the header X-Experience-API-Version: 2.0.0 (or a 1.0.x version).")
    if authenticated:
        client = authenticate_header(lrs_request.headers.get("authorization", ""))
        if client is None:
            raise LrsError(
                401, "Send the client's key and secret with HTTP Basic.", {"WWW-Authenticate": 'Basic realm="xAPI"'}
            )
        lrs_request.client = client
        if client.is_session:
            resource = request.path.split("/xapi/", 1)[-1].strip("/")
            try:
                check_session_request(
                    client, resource, lrs_request.method, lrs_request.params, lrs_request.headers, lrs_request.body
                )
            except Refused as exc:
                raise LrsError(403, str(exc)) from None
    return view(lrs_request)
