"""The coordinator's page for SCIM: the address to give the identity system, and its tokens.

A new token is shown once, right after it is made (kept in the session until the page shows
it); afterwards only its first characters are. Reached through ``get_organisation_for_coordinator``,
so another organisation's page answers 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jamlik.identity.models import ScimToken
from jamlik.identity.scim import actions
from jamlik.identity.scim.models import ScimGroup, ScimUser
from jamlik.lib.forms import add_action_errors
from jamlik.lib.site import absolute
from jamlik.people.access import get_organisation_for_coordinator
from jamlik.people.http import authenticated_user

SESSION_KEY = "new_scim_token"


class ScimTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the token"),
        max_length=100,
        help_text=gettext_lazy("For example: Entra ID provisioning"),
    )


@login_required
def tokens(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    form = ScimTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = actions.create_token(
                authenticated_user(request), organisation, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            request.session[SESSION_KEY] = raw
            return redirect("scim_pages:tokens", slug=slug)
    context = {
        "organisation": organisation,
        "section": "scim",
        "form": form,
        "tenant_url": absolute(reverse("scim:root")).rstrip("/"),
        "new_token": request.session.pop(SESSION_KEY, None),
        "tokens": ScimToken.objects.filter(organisation=organisation).select_related("created_by"),
        "user_count": ScimUser.objects.filter(organisation=organisation, membership__valid_to__isnull=True).count(),
        "group_count": ScimGroup.objects.filter(organisation=organisation).count(),
    }
    return render(request, "identity/scim_tokens.html", context)


@login_required
@require_POST
def revoke(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    token = get_object_or_404(ScimToken.objects.filter(organisation=organisation), public_id=public_id)
    actions.revoke_token(authenticated_user(request), token)
    messages.success(request, _("The token was revoked. The identity system can no longer use it."))
    return redirect("scim_pages:tokens", slug=slug)
