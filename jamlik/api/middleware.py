"""Every answer under ``/api/`` that is an error is a problem document (RFC 9457).

Ninja's exception handlers (``problems.install``) answer what an operation raises, and
``handler500`` (``jamlik.web.errors``) answers an unhandled error with a problem under ``/api/``
(503 when the database is away). Anything else, such as Django's 404 page for an unknown
address or an empty 405, reaches this middleware as an HTML or empty answer and is replaced by
a problem with the same status and its meaningful headers.

It comes right after the security, static-file and privacy middleware (none touches the
database), so it sees every other layer's answers and theirs still apply; it also refuses a NUL character in the path or the query
before anything reads them (PostgreSQL cannot compare text containing NUL).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from jamlik.lib.api.problems import is_problem, problem, title_for, unavailable

API_PREFIX = "/api/"
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary")


class ProblemMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        if "\x00" in request.path_info or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            with translation.override(translation.get_language_from_request(request)):
                return problem(400, title_for(400), _("The request contains a NUL character."))
        response = self.get_response(request)
        if response.status_code < 400 or is_problem(response):
            return response
        if response.status_code == 503:
            return unavailable()
        replaced = problem(response.status_code, title_for(response.status_code))
        for header in KEPT_HEADERS:
            if header in response:
                replaced[header] = response[header]
        return replaced
