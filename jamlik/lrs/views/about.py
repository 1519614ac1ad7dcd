"""``/xapi/about``: the versions the LRS speaks. It needs no credentials (xAPI 2.0, "About Resource")."""

from __future__ import annotations

from django.http import HttpResponse

from jamlik.lrs.views.common import LrsRequest, json_response, lrs_endpoint


@lrs_endpoint(methods=("GET", "HEAD"), authenticated=False, versioned=False)
def about(request: LrsRequest) -> HttpResponse:
    return json_response({"version": ["1.0.0", "1.0.1", "1.0.2", "1.0.3", "2.0.0"]}, request.http)


@lrs_endpoint(methods=("GET", "HEAD"), authenticated=False, versioned=False)
def root(request: LrsRequest) -> HttpResponse:
    return json_response(
        {"error": "Not found: the resources are under this address, such as statements and about."},
        request.http,
        status=404,
    )
