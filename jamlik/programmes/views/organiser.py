"""The organiser's session page: move it, change place, link, seats, host or deadline, or cancel it."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.lib.forms import add_action_errors
from jamlik.people.http import authenticated_user
from jamlik.programmes import organiser
from jamlik.programmes.authoring_forms import SessionForm
from jamlik.programmes.forms import seats_left
from jamlik.programmes.models import Session


def _session_for_organiser(request: HttpRequest, session_id: UUID) -> Session:
    session = (
        Session.objects.with_seats()
        .select_related("module__programme", "host_organisation")
        .filter(public_id=session_id)
        .first()
    )
    if session is None or not organiser.may_organise(request.user, session.module.programme):
        raise Http404
    return session


@login_required
def edit_session(request: HttpRequest, session_id: UUID) -> HttpResponse:
    session = _session_for_organiser(request, session_id)
    initial = {f: getattr(session, f) for f in organiser.CHANGEABLE}
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {f: v for f, v in form.cleaned_data.items() if v != initial[f]}
        try:
            if changes:
                organiser.change_session(authenticated_user(request), session, **changes)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The session is saved. Everyone affected has been told."))
            return redirect(_back(session))
    form.tie_errors()
    context = {"session": session, "form": form, "seats_left": seats_left(session)}
    return render(request, "programmes/edit_session.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def cancel_session(request: HttpRequest, session_id: UUID) -> HttpResponse:
    session = _session_for_organiser(request, session_id)
    try:
        organiser.cancel_session(authenticated_user(request), session)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The session is cancelled. Everyone registered has been told."))
    return redirect(_back(session))


def _back(session: Session) -> str:
    """The organiser's programme page, at the session's module."""
    programme = session.module.programme
    url = reverse("programmes:authoring", kwargs={"programme_id": programme.public_id})
    return f"{url}#module-{session.module_id}"
