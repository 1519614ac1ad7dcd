"""Approving registrations: the hosts of a programme's sessions, or a programme manager, approve or decline.

Everything comes through ``jamlik.programmes.access``: a programme without approval, or one where
the user neither manages programmes nor hosts a session, answers 404 alike, and so does a
registration that did not choose one of the user's sessions.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.people.http import authenticated_user
from jamlik.programmes import actions
from jamlik.programmes.access import get_programme_to_approve, get_registration_to_approve, registrations_to_approve
from jamlik.programmes.models import RegistrationStatus


@login_required
def approvals(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_programme_to_approve(request.user, slug)
    rows = list(registrations_to_approve(request.user, programme))
    return render(request, "programmes/approvals.html", {"programme": programme, "rows": rows})


@login_required
@require_POST
def approve(request: HttpRequest, slug: str, registration_id: UUID) -> HttpResponse:
    programme = get_programme_to_approve(request.user, slug)
    registration = get_registration_to_approve(request.user, programme, registration_id)
    name = registration.user.display_name()
    try:
        registration = actions.approve_registration(authenticated_user(request), registration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if registration.status == RegistrationStatus.WAITLISTED:
            messages.success(
                request, _("%(name)s is approved and on the waiting list: no seat was free.") % {"name": name}
            )
        else:
            messages.success(request, _("%(name)s is approved and has a seat.") % {"name": name})
    return redirect("programmes:approvals", slug=programme.slug)


@login_required
@require_POST
def decline(request: HttpRequest, slug: str, registration_id: UUID) -> HttpResponse:
    programme = get_programme_to_approve(request.user, slug)
    registration = get_registration_to_approve(request.user, programme, registration_id)
    name = registration.user.display_name()
    try:
        actions.decline_registration(authenticated_user(request), registration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The registration of %(name)s is declined and they have been told.") % {"name": name}
        )
    return redirect("programmes:approvals", slug=programme.slug)
