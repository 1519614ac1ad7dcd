"""What the ids inside an Open Badge answer with: the achievement and the issuing organisation.

An id that is an HTTP(S) URL must resolve. Each answers a person (a browser asking for HTML) with
a page, and a machine (``application/ld+json``, ``application/json``) with the same JSON-LD
object the credential carries, under the OB 3.0 context. The achievement is described by its
newest diploma's snapshot, so the page says exactly what diplomas say and nothing more (no
unpublished course is read); an achievement nobody holds answers 404.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from jamlik.credentials import openbadges
from jamlik.credentials.achievement import AchievementKind
from jamlik.credentials.jsonld import OB_V3, VC_V2
from jamlik.credentials.models import Diploma
from jamlik.people.models import Organisation

JSON_TYPES = ["application/ld+json", "application/json"]


def _json_ld(document: dict[str, Any]) -> HttpResponse:
    body = json.dumps({"@context": [VC_V2, OB_V3], **document}, ensure_ascii=False)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


def wants_html(request: HttpRequest, *, html_first: bool) -> bool:
    """Whether the client prefers a page; ``html_first`` decides for ``*/*`` and no Accept at all."""
    offered = ["text/html", *JSON_TYPES] if html_first else [*JSON_TYPES, "text/html"]
    return request.get_preferred_type(offered) == "text/html"


def _negotiated(response: HttpResponse) -> HttpResponse:
    response["Vary"] = "Accept"
    return response


def newest_diploma_for(key: str) -> Diploma:
    """The newest diploma of the achievement whose id ends in ``key`` (``course-12``), or 404."""
    kind, _, number = key.partition("-")
    if kind not in AchievementKind.values or not number.isdigit():
        raise Http404
    diploma = (
        Diploma.objects.filter(achievement_key=f"{kind}:{int(number)}")
        .prefetch_related("issuers")
        .order_by("-issued_at", "-pk")
        .first()
    )
    if diploma is None:
        raise Http404
    return diploma


def achievement_response(request: HttpRequest, key: str) -> HttpResponse:
    diploma = newest_diploma_for(key)
    document = openbadges.achievement(diploma)
    if not wants_html(request, html_first=False):
        return _negotiated(_json_ld(document))
    context = {"achievement": document, "data": diploma.data, "issuers": list(diploma.issuers.all())}
    return _negotiated(render(request, "credentials/achievement.html", context))


def organisation_profile(request: HttpRequest, slug: str) -> HttpResponse:
    """``/organisationer/<slug>/``: the creator id in diplomas the organisation issues."""
    organisation = get_object_or_404(Organisation.objects.select_related("county"), slug=slug)
    if not wants_html(request, html_first=True):
        return _negotiated(_json_ld(openbadges.creator(organisation)))
    return _negotiated(render(request, "credentials/organisation.html", {"organisation": organisation}))
