"""Errors as RFC 9457 problem details, in the caller's language."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

PROBLEM_TYPE = "https://jamlik.se/problems/"


def problem(status: int, title: str, detail: str = "", errors: dict[str, list[str]] | None = None) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, content_type="application/problem+json")


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            loc = [str(p) for p in item.get("loc", []) if p not in ("body", "query", "path", "payload")]
            errors.setdefault(".".join(loc) or "request", []).append(str(item.get("msg", "")))
        return problem(422, _("The request is not valid."), _("See errors for each field."), errors)

    @api.exception_handler(DjangoValidationError)
    def invalid_data(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = {field: [str(m) for m in DjangoValidationError(e).messages] for field, e in exc.error_dict.items()}
            return problem(422, _("The data is not valid."), _("See errors for each field."), errors)
        return problem(422, _("The data is not valid."), " ".join(exc.messages))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = problem(401, _("Sign-in required."), _("Send a valid API token as Authorization: Bearer …"))
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(404, _("Not found."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(403, _("You may not do this."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(exc.status_code, str(exc))
