"""The site's addresses plus an API operation and a page that fail with an unhandled error.

The operation lives on a second API configured like the real one (same problem handlers), so
the real API is not changed for other tests.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path
from ninja import NinjaAPI

from jamlik.lib.api import problems
from jamlik.urls import urlpatterns as site

failing_api = NinjaAPI(urls_namespace="api-failing", docs_url=None)
problems.install(failing_api)


class UnexpectedError(Exception):
    pass


@failing_api.get("/fails", auth=None)
def failing_operation(request: HttpRequest) -> None:
    raise UnexpectedError("an error no handler knows")


def failing_page(request: HttpRequest) -> HttpResponse:
    raise UnexpectedError("an error no handler knows")


urlpatterns = [path("fails", failing_page), path("api/failing/", failing_api.urls), *site]
