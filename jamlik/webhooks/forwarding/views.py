"""The coordinator's page for forwarding the organisation's xAPI statements to an external LRS."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jamlik.lib.forms import add_action_errors
from jamlik.people.access import get_organisation_for_coordinator
from jamlik.people.http import authenticated_user
from jamlik.webhooks.forwarding import actions
from jamlik.webhooks.forwarding.models import ForwardedStatement, ForwardState, LrsForwarding


class ForwardingForm(forms.Form):
    endpoint = forms.CharField(
        label=gettext_lazy("The external LRS's address"),
        max_length=500,
        help_text=gettext_lazy(
            "Its xAPI address (ending before statements), on https://, e.g. https://lrs.example.se/xapi/."
        ),
    )
    key = forms.CharField(label=gettext_lazy("Client key"), max_length=200)
    secret = forms.CharField(
        label=gettext_lazy("Secret"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy("Kept encrypted and never shown again. Leave empty to keep the current one."),
    )
    active = forms.BooleanField(label=gettext_lazy("Forward statements"), required=False, initial=True)


@login_required
def forwarding(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    current = LrsForwarding.objects.filter(organisation=organisation).first()
    initial = {"endpoint": current.endpoint, "key": current.key, "active": current.active} if current else {}
    form = ForwardingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_forwarding(
                authenticated_user(request),
                organisation,
                endpoint=form.cleaned_data["endpoint"],
                key=form.cleaned_data["key"],
                secret=form.cleaned_data["secret"] or None,
                active=form.cleaned_data["active"],
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The forwarding is saved."))
            return redirect("webhooks:lrs_forwarding", slug=organisation.slug)
    counts: dict[str, int] = {}
    if current is not None:
        rows = ForwardedStatement.objects.filter(forwarding=current).values("state").annotate(n=Count("pk"))
        counts = {row["state"]: row["n"] for row in rows}
    states = [(label, counts.get(value, 0)) for value, label in ForwardState.choices]
    context = {"organisation": organisation, "section": "xapi", "form": form, "forwarding": current, "states": states}
    return render(request, "webhooks/forwarding.html", context)


@login_required
@require_POST
def remove(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    actions.remove_forwarding(authenticated_user(request), organisation)
    messages.success(request, _("Statements are no longer forwarded."))
    return redirect("webhooks:lrs_forwarding", slug=organisation.slug)
