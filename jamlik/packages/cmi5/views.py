"""The learner's cmi5 pages (the course's structure, launching an AU) and the fetch URL.

The player page and the launch are the learner's, in their session, on the platform's origin; the
AU itself runs on the content origin or its own site, and reaches Jämlik only through the fetch
URL and the LRS with its session credential. The fetch URL takes no cookie and no CSRF token (the
AU is another origin); its one-time secret is the credential, and any origin may call it (CORS).
"""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from jamlik.lib.site import absolute
from jamlik.packages import content
from jamlik.packages.cmi5 import actions
from jamlik.packages.cmi5.access import get_au_for_learner, get_enrolment_for_learner
from jamlik.packages.cmi5.outline import outline_of
from jamlik.packages.models import ItemKind, Package
from jamlik.people.http import authenticated_user

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "86400",
}


def _au_origins(package: Package) -> list[str]:
    """Where this course's AUs run: the content origin for the package's own files, and the
    origins of AUs elsewhere (absolute URLs in cmi5.xml)."""
    origins: set[str] = set()
    for item in package.items.filter(kind=ItemKind.AU).only("href", "extra"):
        url = str(item.extra.get("url") or item.href)
        if "://" in url.split("?", 1)[0]:
            parts = urlsplit(url)
            origins.add(f"{parts.scheme}://{parts.netloc}")
        elif content.is_configured():
            origins.add(content.content_origin())
    return sorted(origins)


@login_required
def player(request: HttpRequest, version: uuid.UUID) -> HttpResponse:
    enrolment = get_enrolment_for_learner(authenticated_user(request), version)
    response = render(
        request,
        "packages/cmi5/player.html",
        {
            "enrolment": enrolment,
            "version": enrolment.version,
            "course": enrolment.course,
            "outline": outline_of(enrolment),
        },
    )
    # Each Start button posts to this site, which sends the browser on to the AU; browsers apply
    # the page's form-action to that redirect too, so the AUs' origins are added here only.
    response._csp_update = {"form-action": _au_origins(Package.objects.get(version=enrolment.version))}  # type: ignore[attr-defined]
    return response


@login_required
@require_POST
def launch(request: HttpRequest, item: uuid.UUID) -> HttpResponse:
    user = authenticated_user(request)
    au = get_au_for_learner(user, item)
    back = absolute(reverse("packages:cmi5-player", args=[au.package.version.public_id]))
    try:
        started = actions.launch(user, au, return_url=back)
    except (ValidationError, PermissionDenied) as exc:
        raise PermissionDenied(str(exc)) from exc
    return HttpResponseRedirect(started.url)


@csrf_exempt
def fetch(request: HttpRequest, session: uuid.UUID, secret: str) -> HttpResponse:
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
    elif request.method != "POST":
        response = HttpResponse(
            json.dumps(actions.fetch_error(3, "The fetch URL takes POST only.")),
            status=405,
            content_type="application/json",
        )
        response["Allow"] = "POST"
    else:
        response = HttpResponse(json.dumps(actions.fetch(session, secret[:100])), content_type="application/json")
    for name, value in CORS.items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    return response
