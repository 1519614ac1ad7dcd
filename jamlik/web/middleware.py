"""Middleware of the web app."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from jamlik.web.views import healthz


class HealthCheckMiddleware:
    """Answers ``/healthz`` before any other middleware runs.

    First in ``MIDDLEWARE``, so the answer depends only on the database: never on a session
    cookie the load balancer happens to send (reading that session needs the very database being
    checked), the host name, an HTTPS redirect or the language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
