"""The learner's cmi5 pages (the course's structure, launching an AU) and the fetch URL.

The player page and the launch are the learner's, in their session, on the platform's origin; the
AU itself runs on the content origin or its own site, and reaches Jämlik only through the fetch
URL and the LRS with its session credential. The fetch URL takes no cookie and no CSRF token (the
AU is another origin); its one-time secret is the credential, and any origin may call it (CORS).
"""

from __future__ import annotations

import json
import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from jamlik.lib.site import absolute
from jamlik.packages.cmi5 import actions
from jamlik.packages.cmi5.access import get_au_for_learner, get_enrolment_for_learner
from jamlik.packages.cmi5.outline import outline_of
from jamlik.people.http import authenticated_user

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "86400",
}


@login_required
def player(request: HttpRequest, version: uuid.UUID) -> HttpResponse:
    enrolment = get_enrolment_for_learner(authenticated_user(request), version)
    return render(
        request,
        "packages/cmi5/player.html",
        {
            "enrolment": enrolment,
            "version": enrolment.version,
            "course": enrolment.course,
            "outline": outline_of(enrolment),
        },
    )


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
