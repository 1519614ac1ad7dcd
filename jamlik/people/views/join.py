"""Joining an organisation from a personal invitation or a shareable link.

Signed out, "Sign in and join" remembers the invitation in the session and sends the person to
sign in (or create their account with the same code); signing in accepts it (people.pending_invites).
Signed in with another address than a personal invitation's, the page offers to switch account.
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.lib.privacy import personal
from jamlik.people import actions, pending_invites
from jamlik.people.http import authenticated_user
from jamlik.people.models import Invitation, InviteLink, Membership
from jamlik.people.pending_invites import PendingInvite


def _page(request: HttpRequest, invite: PendingInvite, found: Invitation | InviteLink) -> HttpResponse:
    if not request.user.is_authenticated:
        if request.method == "POST":
            # Only the person's own click (a form, so CSRF-checked) keeps the invitation for sign-in:
            # merely opening a link, or a page embedding it, must never make anyone join.
            pending_invites.remember(request, invite["kind"], invite["token"], invite["email"])
            return redirect("account_login")
        return render(request, "people/join.html", {"organisation": found.organisation, "email": invite["email"]})
    user = authenticated_user(request)
    other_address = bool(invite["email"]) and invite["email"].lower() != user.email.lower()
    if not other_address:
        if Membership.objects.open().filter(user=user, organisation=found.organisation).exists():
            messages.info(request, _("You are already a member of %(org)s.") % {"org": found.organisation})
            return redirect("people:my_organisations")
        if request.method == "POST" and pending_invites.accept(request, user, invite):
            return redirect("people:my_organisations")
    return render(
        request,
        "people/join.html",
        {
            "organisation": found.organisation,
            "email": invite["email"],
            "other_address": other_address,
            "token": invite["token"],
        },
    )


@personal  # the page names the invited address; the address holds a secret
def join_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.find_invitation(token)
    if invitation is None:
        return render(request, "people/join_invalid.html", status=404)
    return _page(request, PendingInvite(kind="invitation", token=token, email=invitation.email), invitation)


@personal  # the address holds a secret
def join_link(request: HttpRequest, token: str) -> HttpResponse:
    link = actions.find_invite_link(token)
    if link is None:
        return render(request, "people/join_invalid.html", status=404)
    return _page(request, PendingInvite(kind="link", token=token, email=""), link)


@require_POST
def switch_account(request: HttpRequest, token: str) -> HttpResponse:
    """Signed in as someone else: sign out, keep the invitation, and sign in with its address."""
    invitation = actions.find_invitation(token)
    if invitation is None:
        raise Http404
    if request.user.is_authenticated:
        get_adapter(request).logout(request)  # a fresh session: the invitation is remembered again below
    pending_invites.remember(request, "invitation", token, invitation.email)
    return redirect("account_login")
