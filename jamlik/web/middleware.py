"""Middleware of the web app."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from jamlik.web.metrics import metrics_view
from jamlik.web.readiness import readyz
from jamlik.web.views import healthz

# Answered before any other middleware: by load balancers and scrapers that may address the node
# by IP (no host check), send any cookie (reading a session needs the very database being
# checked) and never follow a redirect. None of them is counted in the request metrics.
OPERATIONS = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics_view}


class HealthCheckMiddleware:
    """Answers ``/healthz``, ``/readyz`` and ``/metrics`` before any other middleware runs.

    First in ``MIDDLEWARE``, so the answers depend only on what they check: never on a session
    cookie the load balancer happens to send, the host name, an HTTPS redirect or the language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = OPERATIONS.get(request.path_info)
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)
