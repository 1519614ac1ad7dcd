"""An invitation followed while signed out is kept in the session and accepted at sign-in.

Choosing "Sign in and join" on an invitation (personal, bound to an address) or a shareable
invite link remembers it in the session. Whatever way the person then signs in (a code for an existing account, a code
that creates the account, a password, single sign-on), ``accept_on_sign_in`` (called from the
account adapter's ``post_login``) accepts it and sends them to their organisations. The session
survives signing in (Django keeps the data when an anonymous session becomes a signed-in one).
"""

from __future__ import annotations

from typing import Literal, TypedDict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from jamlik.people import actions
from jamlik.people.models import User

SESSION_KEY = "pending_invite"

Kind = Literal["invitation", "link"]


class PendingInvite(TypedDict):
    kind: Kind
    token: str
    email: str  # the address a personal invitation was sent to; empty for a link


def remember(request: HttpRequest, kind: Kind, token: str, email: str = "") -> None:
    request.session[SESSION_KEY] = PendingInvite(kind=kind, token=token, email=email)


def pending(request: HttpRequest) -> PendingInvite | None:
    value = request.session.get(SESSION_KEY)
    if not isinstance(value, dict) or value.get("kind") not in ("invitation", "link"):
        return None
    return PendingInvite(kind=value["kind"], token=str(value.get("token", "")), email=str(value.get("email", "")))


def forget(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def join_url(invite: PendingInvite) -> str:
    name = "people:join_invitation" if invite["kind"] == "invitation" else "people:join_link"
    return reverse(name, args=[invite["token"]])


def accept(request: HttpRequest, user: User, invite: PendingInvite) -> bool:
    """Accept the invitation for ``user``; a message says how it went. True when they are now a member."""
    try:
        if invite["kind"] == "invitation":
            membership = actions.accept_invitation(user, invite["token"])
        else:
            membership = actions.join_by_invite_link(user, invite["token"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    forget(request)
    messages.success(request, _("Welcome to %(org)s.") % {"org": membership.organisation})
    return True


def accept_on_sign_in(request: HttpRequest, user: User) -> str | None:
    """Where to go after signing in when an invitation was waiting; None when none was."""
    invite = pending(request)
    if invite is None:
        return None
    if accept(request, user, invite):
        return reverse("people:my_organisations")
    if invite["kind"] == "invitation" and actions.find_invitation(invite["token"]) is not None:
        # Signed in with another address than the invitation's: the invitation page explains
        # and offers to switch account, keeping the invitation.
        return join_url(invite)
    forget(request)
    return None
