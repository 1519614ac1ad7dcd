"""The organiser's session page: move it, change place, link or seats, or cancel it."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jamlik.lib.forms import add_action_errors
from jamlik.lib.http import authenticated_user
from jamlik.programmes import organiser
from jamlik.programmes.forms import seats_left
from jamlik.programmes.models import Session

LOCAL = "%Y-%m-%dT%H:%M"

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def _when(label: StrOrPromise) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL),
    )


class SessionForm(forms.Form):
    starts_at = _when(gettext_lazy("Starts"))
    ends_at = _when(gettext_lazy("Ends"))
    venue_name = forms.CharField(label=gettext_lazy("Venue"), max_length=200, required=False)
    street_address = forms.CharField(label=gettext_lazy("Street address"), max_length=200, required=False)
    city = forms.CharField(label=gettext_lazy("City"), max_length=100, required=False)
    room = forms.CharField(label=gettext_lazy("Room"), max_length=100, required=False)
    online_url = forms.URLField(label=gettext_lazy("Online meeting link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(label=gettext_lazy("Seats"), min_value=1, max_value=100_000)

    def tie_errors(self) -> None:
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}_errors"
                self.fields[name].widget.attrs["aria-invalid"] = "true"


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
            return redirect("programmes:programme", slug=session.module.programme.slug)
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
    return redirect("programmes:programme", slug=session.module.programme.slug)
