"""Errors as RFC 9457 problem details, in the caller's language."""

from __future__ import annotations

import logging
import math
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from jamlik.lib.api.messages import field_message
from jamlik.lib.api.parser import BadRequest

PROBLEM_TYPE = "https://jamlik.se/problems/"
PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_SECONDS = 60


def problem(status: int, title: str, detail: str = "", errors: dict[str, list[str]] | None = None) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, content_type=PROBLEM_JSON)


def is_problem(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).split(";")[0].strip() == PROBLEM_JSON


def title_for(status: int) -> str:
    """A plain title for an error that carries nothing more specific."""
    titles = {
        400: _("The request cannot be read."),
        401: _("Sign-in required."),
        403: _("You may not do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        409: _("The request conflicts with the current state."),
        412: _("The resource has changed since you read it."),
        413: _("The request is too large."),
        422: _("The request is not valid."),
        429: _("Too many requests."),
        500: _("Something went wrong."),
        503: _("The service is unavailable for a moment."),
    }
    return titles.get(status) or HTTPStatus(status).phrase


def unavailable() -> HttpResponse:
    response = problem(503, title_for(503))
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def too_large() -> HttpResponse:
    """A body beyond ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (RFC 9110: 413 Content Too Large)."""
    return problem(
        413,
        title_for(413),
        _("Send at most %(bytes)s bytes in one request.") % {"bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
    )


def too_many_requests(retry_after: int) -> HttpResponse:
    response = problem(429, title_for(429), _("Wait %(seconds)s seconds and try again.") % {"seconds": retry_after})
    response["Retry-After"] = str(retry_after)
    return response


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            parts = list(item.get("loc", []))
            if len(parts) > 1 and parts[0] in ("form", "file"):  # ("form", "owner"), ("file", "file")
                parts = parts[1:]
            loc = [str(p) for p in parts if p not in ("body", "query", "path", "payload")]
            errors.setdefault(".".join(loc) or "request", []).append(field_message(item))
        return problem(422, _("The request is not valid."), _("See errors for each field."), errors)

    @api.exception_handler(DjangoValidationError)
    def invalid_data(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = {field: [str(m) for m in DjangoValidationError(e).messages] for field, e in exc.error_dict.items()}
            return problem(422, _("The data is not valid."), _("See errors for each field."), errors)
        return problem(422, _("The data is not valid."), " ".join(exc.messages))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        if "HTTP_AUTHORIZATION" in request.META:  # RFC 6750: say that the token itself was refused
            response = problem(
                401, _("Sign-in required."), _("The token is unknown, revoked or its owner's account is closed.")
            )
            response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        else:
            response = problem(401, _("Sign-in required."), _("Send a valid API token as Authorization: Bearer …"))
            response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(404, _("Not found."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(403, _("You may not do this."), str(exc))

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return too_many_requests(math.ceil(exc.wait) if exc.wait else RETRY_AFTER_SECONDS)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, BadRequest):  # ninja wraps whatever the body parser raised
            return problem(400, title_for(400), str(exc.__cause__))
        if isinstance(exc.__cause__, RequestDataTooBig):
            return too_large()
        return problem(exc.status_code, str(exc))

    @api.exception_handler(BadRequest)
    def bad_request(request: HttpRequest, exc: BadRequest) -> HttpResponse:
        return problem(400, title_for(400), str(exc))

    @api.exception_handler(MultiPartParserError)
    def bad_form(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        return problem(400, title_for(400), _("The form data (multipart) is malformed."))

    @api.exception_handler(SuspiciousOperation)
    def refused(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        # Too large, too many fields, a bad host: Django's own refusals, logged as Django logs them.
        logging.getLogger(f"django.security.{exc.__class__.__name__}").error(str(exc))
        if isinstance(exc, RequestDataTooBig):
            return too_large()
        return problem(400, title_for(400))

    @api.exception_handler(Exception)
    def unhandled(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Let Django log it and call handler500 (jamlik.web.errors), which answers a problem under
        # /api/: 500, or 503 when the database is away. Ninja would answer a traceback in DEBUG.
        raise exc
