"""The API's cross-cutting answers: problem documents, its language and its rate limit.

``ProblemMiddleware`` makes every error answer under ``/api/`` a problem document (RFC 9457).
Ninja's exception handlers (``problems.install``) answer what an operation raises, and
``handler500`` (``jamlik.web.errors``) answers an unhandled error with a problem under ``/api/``
(503 when the database is away). Anything else, such as Django's 404 page for an unknown
address or an empty 405, reaches this middleware as an HTML or empty answer and is replaced by
a problem with the same status and its meaningful headers. It also sets the language of the
whole request from ``Accept-Language`` alone (``jamlik.lib.api.language``) and names it on
every answer; ``ApiLanguageMiddleware``, after the locale and preferred-language middleware,
puts it back for the operation, since those follow the cookie and the person's saved choice.

It comes right after the security, static-file and privacy middleware (none touches the
database), so it sees every other layer's answers and theirs still apply; it also refuses a NUL
character in the path or the query before anything reads them (PostgreSQL cannot compare text
containing NUL).

``ApiRateLimitMiddleware`` comes right after it: every request under ``/api/`` counts against
``JAMLIK_API_RATE_LIMIT`` per minute, per token (by its hash; the token is not looked up) or,
without one, per client address; past it, a 429 problem with ``Retry-After``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from jamlik.lib import ratelimit
from jamlik.lib.api.language import api_language, mark_language
from jamlik.lib.api.problems import is_problem, problem, title_for, too_many_requests, unavailable

API_PREFIX = "/api/"
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary")
RATE_WINDOW_SECONDS = 60


# The reference page is a page of the site, in the language the visitor chose like every page.
READABLE_PAGES = ("/api/v1/docs",)


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def speaks_api_language(request: HttpRequest) -> bool:
    """Operations speak ``Accept-Language``; pages for people (the reference, and the pages that
    answer a browser asking for HTML, such as an achievement's) follow the visitor's choice."""
    if not is_api(request) or request.path_info in READABLE_PAGES:
        return False
    return "text/html" not in request.headers.get("Accept", "")


class ProblemMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api(request):
            return self.get_response(request)
        if not speaks_api_language(request):
            return self._answer(request)
        language = api_language(request)
        with translation.override(language):
            response = self._answer(request)
        mark_language(response, language)
        return response

    def _answer(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            return problem(400, title_for(400), _("The request contains a NUL character."))
        response = self.get_response(request)
        if response.status_code < 400 or is_problem(response):
            return response
        if response.status_code == 503:
            return unavailable()
        if response.status_code == 429:
            replaced = too_many_requests(int(response.get("Retry-After") or RATE_WINDOW_SECONDS))
        else:
            replaced = problem(response.status_code, title_for(response.status_code))
        for header in KEPT_HEADERS:
            if header in response:
                replaced[header] = response[header]
        return replaced


class ApiLanguageMiddleware:
    """After the locale middleware: an operation speaks the language of ``Accept-Language``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if speaks_api_language(request):
            language = api_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


def rate_subject(request: HttpRequest) -> str:
    """Whom a request counts against: its bearer token (hashed) or else its client's address."""
    scheme, _sep, credential = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        return "token:" + hashlib.sha256(credential.strip().encode()).hexdigest()
    return "address:" + ratelimit.address_of(request)


class ApiRateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit: int = settings.JAMLIK_API_RATE_LIMIT
        counted = limit > 0 and is_api(request)
        if counted and ratelimit.over_limit("api", rate_subject(request), limit, RATE_WINDOW_SECONDS):
            return too_many_requests(ratelimit.seconds_left(RATE_WINDOW_SECONDS))
        return self.get_response(request)
