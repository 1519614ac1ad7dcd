"""Routes requests for the content origin's host to the content URLconf, and answers them there.

Placed right after Django's ``SecurityMiddleware`` (HTTPS redirect, HSTS, nosniff) and before
everything else: a request for the content host never reaches static files, sessions, CSRF,
authentication, messages or the platform's pages, so nothing it answers can carry a cookie or a
platform page, whatever the path. Everything but package files and the runtime bridge is 404.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve

from jamlik.lib.origins import is_origin_host
from jamlik.packages.content.headers import not_found

CONTENT_URLCONF = "jamlik.packages.content.urls"


class ContentOriginMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # get_host() checks ALLOWED_HOSTS (settings.py adds the content host to it).
        if not is_origin_host(request.get_host(), settings.JAMLIK_CONTENT_ORIGIN):
            return self.get_response(request)
        request.urlconf = CONTENT_URLCONF  # for anything that reverses or reads the match
        try:
            match = resolve(request.path_info, urlconf=CONTENT_URLCONF)
        except Resolver404:
            return not_found()
        request.resolver_match = match
        try:
            response: HttpResponse | HttpResponseBase = match.func(request, *match.args, **match.kwargs)
        except Http404:
            return not_found()
        # Defence in depth: nothing on the content host may set a cookie.
        response.cookies.clear()
        return response
