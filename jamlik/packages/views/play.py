"""The player page for a learner: ``/kurser/<course>/spela/[<item>/]`` (docs/scorm.md, "Player").

The page frames the runner on the content origin and runs scorm-again with the attempt's
runtime data (``tracking.runtime_state``), embedded as JSON; ``static/packages/player.js`` does
the rest. Only the learner's own enrolment on a version delivered as SCORM is played.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jamlik.courses.access import get_course_for_learner, get_enrolment
from jamlik.courses.models import Delivery
from jamlik.packages import content, tracking
from jamlik.packages.models import Package, PackageItem
from jamlik.packages.outline import Entry, first_to_open, neighbours, outline
from jamlik.people.http import authenticated_user


@login_required
def play(request: HttpRequest, slug: str, item_id: uuid.UUID | None = None) -> HttpResponse:
    course = get_course_for_learner(request.user, slug)
    enrolment = get_enrolment(request.user, course)
    if enrolment is None:
        messages.info(request, _("Start the course to open it."))
        return redirect("courses:course", slug=slug)
    if enrolment.version.delivery != Delivery.SCORM:
        raise Http404
    package = Package.objects.filter(version_id=enrolment.version_id).first()
    if package is None:
        raise Http404
    entries = outline(package, enrolment)
    if item_id is None:
        chosen = first_to_open(entries)
    else:
        chosen = next((entry for entry in entries if entry.item.public_id == item_id and entry.launchable), None)
        if chosen is None:
            raise Http404
    context: dict[str, Any] = {"course": course, "version": enrolment.version, "entries": entries, "entry": chosen}
    if chosen is None or not chosen.open or not content.is_configured():
        # Nothing to launch, a SCORM 1.2 item whose prerequisites are not met, or no content origin.
        context["unavailable"] = True
        return render(request, "packages/play.html", context)
    try:
        attempt = tracking.open_attempt(authenticated_user(request), chosen.item)
    except PermissionDenied as exc:
        raise Http404 from exc
    state = tracking.runtime_state(attempt)
    context["player"] = _player_data(request, slug, package, entries, chosen, state)
    response = render(request, "packages/play.html", context)
    # The platform's policy (django-csp) lets this page, and only it, frame the content origin.
    response._csp_update = {"frame-src": [content.content_origin()]}  # type: ignore[attr-defined]
    return response


def _player_data(
    request: HttpRequest, slug: str, package: Package, entries: list[Entry], chosen: Entry, state: dict[str, Any]
) -> dict[str, Any]:
    def url(item: PackageItem | None) -> str:
        return reverse("packages:play_item", args=[slug, item.public_id]) if item else ""

    previous, following = neighbours(entries, chosen.item)
    return {
        "standard": "scorm2004" if package.is_scorm_2004 else "scorm12",
        "attempt": state["attempt"],
        "seq": state["seq"],
        "cmi": state["cmi"],
        "commitUrl": reverse("packages:commit", args=[state["attempt"]]),
        "contentOrigin": content.content_origin(),
        "runnerUrl": content.runner_url(package, chosen.item.launch_path),
        "csrf": get_token(request),
        "nav": {
            "exit": reverse("courses:course", args=[slug]),
            "previous": url(previous),
            "next": url(following),
            "items": {entry.item.identifier: url(entry.item) for entry in entries if entry.open},
        },
        "text": {
            "saved": _("Your progress is saved."),
            "completed": _("Done: your progress is saved."),
            "saving": _("Saving your progress…"),
            "offline": _("Your progress could not be saved just now. Trying again…"),
            "refused": _("The course sent a value that could not be saved."),
        },
    }
