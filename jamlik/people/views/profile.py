"""The signed-in person's own pages: profile, API tokens, invitations to accept (my data: jamlik.privacy)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.lib.forms import add_action_errors
from jamlik.people import actions, my_page
from jamlik.people.access import get_own_api_token
from jamlik.people.forms import ProfileForm, TokenForm
from jamlik.people.http import authenticated_user
from jamlik.people.models import EmailDomain, Membership


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    initial = {"name": user.name, "preferred_language": user.preferred_language, "kon": user.kon}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_profile(user, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Your details were saved."))
            if initial["name"] and user.name != initial["name"]:
                messages.info(
                    request,
                    _("Diplomas already issued keep the old name until you have them re-issued under My diplomas."),
                )
            response = redirect("people:profile")
            response.delete_cookie("django_language")
            return response
    tokens = user.api_tokens.filter(revoked_at__isnull=True)
    return render(
        request,
        "people/profile.html",
        {
            "form": form,
            "tokens": tokens,
            "token_form": TokenForm(),
            "new_token": request.session.pop("new_token", None),
            "parts": my_page.render_parts(request),
        },
    )


@login_required
def my_organisations(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if request.method == "POST":
        joined = actions.join_by_email_domain(user)
        if joined:
            messages.success(request, _("Done. Where a coordinator must approve, you will be a member once they have."))
        return redirect("people:my_organisations")
    memberships = Membership.objects.open().filter(user=user).select_related("organisation", "unit")
    domain = user.email.rsplit("@", 1)[-1]
    joinable = (
        EmailDomain.objects.filter(domain=domain)
        .exclude(organisation__in=[m.organisation_id for m in memberships])
        .select_related("organisation")
    )
    return render(request, "people/my_organisations.html", {"memberships": memberships, "joinable": joinable})


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw = actions.create_api_token(user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            request.session["new_token"] = raw
    else:
        messages.error(request, _("Give the token a name so you can recognise it later."))
    return redirect("people:profile")


@login_required
@require_POST
def revoke_token(request: HttpRequest, public_id: str) -> HttpResponse:
    user = authenticated_user(request)
    actions.revoke_api_token(user, get_own_api_token(user, public_id))
    messages.success(request, _("The token was revoked. It can no longer be used."))
    return redirect("people:profile")
