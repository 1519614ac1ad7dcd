"""The pages for xAPI clients: an organisation's (its coordinators) and the platform's
(administrators). A new client's secret is shown once, right after it is made (kept in the
session until the page shows it); afterwards only its key is."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jamlik.lib.forms import add_action_errors
from jamlik.lib.site import absolute
from jamlik.lrs import actions
from jamlik.lrs.access import clients_of, get_client_in, is_administrator
from jamlik.people.access import get_organisation_for_coordinator
from jamlik.people.http import authenticated_user
from jamlik.people.models import Organisation

SESSION_KEY = "new_lrs_client"


class ClientForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the client"),
        max_length=100,
        help_text=gettext_lazy("For example: the analytics system, or the course authoring tool"),
    )


def _back(organisation: Organisation | None) -> HttpResponse:
    if organisation is None:
        return redirect("lrs:platform_clients")
    return redirect("lrs:clients", slug=organisation.slug)


def _page(request: HttpRequest, organisation: Organisation | None) -> HttpResponse:
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, secret = actions.create_client(
                authenticated_user(request), organisation, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            request.session[SESSION_KEY] = [client.key, secret]
            return _back(organisation)
    shown = request.session.pop(SESSION_KEY, None)
    context = {
        "organisation": organisation,
        "section": "xapi",
        "form": form,
        "endpoint": absolute(reverse("lrs:root")),
        "new_key": shown[0] if shown else None,
        "new_secret": shown[1] if shown else None,
        "clients": clients_of(organisation).select_related("created_by"),
    }
    return render(request, "lrs/clients.html", context)


@login_required
def organisation_clients(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, get_organisation_for_coordinator(request.user, slug))


@login_required
def platform_clients(request: HttpRequest) -> HttpResponse:
    if not is_administrator(request.user):
        raise PermissionDenied
    return _page(request, None)


def _revoke(request: HttpRequest, organisation: Organisation | None, public_id: str) -> HttpResponse:
    client = get_client_in(organisation, public_id)
    actions.revoke_client(authenticated_user(request), client)
    messages.success(request, _("The client was revoked. Its key and secret no longer work."))
    return _back(organisation)


@login_required
@require_POST
def revoke(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    return _revoke(request, get_organisation_for_coordinator(request.user, slug), public_id)


@login_required
@require_POST
def revoke_platform(request: HttpRequest, public_id: str) -> HttpResponse:
    if not is_administrator(request.user):
        raise PermissionDenied
    return _revoke(request, None, public_id)
