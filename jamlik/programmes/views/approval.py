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
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.people.http import authenticated_user
from jamlik.programmes import actions, lists
from jamlik.programmes.access import get_programme_to_approve, get_registration_to_approve, registrations_to_approve
from jamlik.programmes.models import Programme, RegistrationStatus


@login_required
def approvals(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_programme_to_approve(request.user, slug)
    """Searched by name or email and paged (50) on the server; everyone listed is waiting."""
    query = lists.search_text(request)
    rows = lists.by_name_or_email(registrations_to_approve(request.user, programme), query, "user")
    page = Paginator(rows, lists.PER_PAGE).get_page(request.GET.get("sida"))
    context = {
        "programme": programme,
        "rows": list(page.object_list),
        "page": page,
        "query": query,
        "kept": lists.kept_query(request),
    }
    return render(request, "programmes/approvals.html", context)


def _back(request: HttpRequest, programme: Programme) -> HttpResponse:
    """To the page of the list the decision was made on."""
    return redirect(reverse("programmes:approvals", kwargs={"slug": programme.slug}) + lists.kept_query(request))


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
    return _back(request, programme)


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
    return _back(request, programme)
