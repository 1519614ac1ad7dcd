"""Joining an organisation from a personal invitation or a shareable link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jamlik.lib.http import authenticated_user
from jamlik.lib.privacy import personal
from jamlik.people import actions


@personal  # the page names the invited address; the address holds a secret
def join_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.find_invitation(token)
    if invitation is None:
        return render(request, "people/join_invalid.html", status=404)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            membership = actions.accept_invitation(authenticated_user(request), token)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Welcome to %(org)s.") % {"org": membership.organisation})
            return redirect("people:my_organisations")
    return render(request, "people/join.html", {"organisation": invitation.organisation, "email": invitation.email})


@personal  # the address holds a secret
def join_link(request: HttpRequest, token: str) -> HttpResponse:
    link = actions.find_invite_link(token)
    if link is None:
        return render(request, "people/join_invalid.html", status=404)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            membership = actions.join_by_invite_link(authenticated_user(request), token)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Welcome to %(org)s.") % {"org": membership.organisation})
            return redirect("people:my_organisations")
    return render(request, "people/join.html", {"organisation": link.organisation, "email": None})
