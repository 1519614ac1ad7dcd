"""Joining and leaving, the members page (moderators answer requests, invite and set roles), email choice."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.lib.forms import add_action_errors
from jamlik.lib.privacy import personal
from jamlik.networks import actions
from jamlik.networks.access import (
    Place,
    active_members,
    get_member_in,
    get_member_place,
    get_moderated_place,
    get_place,
    get_request_in,
    open_reports,
    pending_requests,
)
from jamlik.networks.forms import InviteForm, NotifyForm, RequestForm, RoleForm
from jamlik.people.http import authenticated_user


@login_required
def join(request: HttpRequest, slug: str) -> HttpResponse:
    """Open network: join on POST. Closed network: a form to ask the moderators."""
    place = get_place(request.user, slug)
    if place.is_member:
        return redirect("networks:network", slug=slug)
    user = authenticated_user(request)
    form = RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if place.network.is_open:
                actions.join(user, place.network)
                messages.success(request, _("Welcome to the network."))
            else:
                actions.request_to_join(user, place.network, form.cleaned_data["message"])
                messages.success(
                    request, _("Your request is sent. A moderator will answer, and you will get an email.")
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("networks:network", slug=slug)
    return render(request, "networks/join.html", {"place": place, "network": place.network, "form": form})


@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_member_place(request.user, slug)
    try:
        actions.leave(authenticated_user(request), place.active_membership())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("networks:preferences", slug=slug)
    messages.success(request, _("You have left the network."))
    return redirect("networks:network", slug=slug)


def _members_page(request: HttpRequest, place: Place, invite_form: InviteForm | None = None) -> HttpResponse:
    context: dict[str, object] = {
        "place": place,
        "network": place.network,
        "members": list(active_members(place.network)),
        "roles": RoleForm.base_fields["role"].choices,  # type: ignore[attr-defined]
    }
    if place.is_moderator:
        context["requests"] = list(pending_requests(place.network))
        context["report_count"] = open_reports(place.network).count()
        context["invite_form"] = invite_form or InviteForm()
    bad = invite_form is not None and bool(invite_form.errors)
    return render(request, "networks/members.html", context, status=400 if bad else 200)


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """Fellow members' names and organisations: for active members only."""
    return _members_page(request, get_member_place(request.user, slug))


@login_required
@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_moderated_place(request.user, slug)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            actions.invite(authenticated_user(request), place.network, form.cleaned_data["email"])
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request, _("The invitation is emailed to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("networks:members", slug=slug)
    return _members_page(request, place, invite_form=form)


@login_required
@require_POST
def approve(request: HttpRequest, slug: str, member_id: UUID) -> HttpResponse:
    place = get_moderated_place(request.user, slug)
    member = get_request_in(place.network, member_id)
    actions.approve_request(authenticated_user(request), member)
    messages.success(request, _("%(name)s is now a member.") % {"name": member.user.display_name()})
    return redirect("networks:members", slug=slug)


@login_required
@require_POST
def decline(request: HttpRequest, slug: str, member_id: UUID) -> HttpResponse:
    place = get_moderated_place(request.user, slug)
    member = get_request_in(place.network, member_id)
    actions.decline_request(authenticated_user(request), member)
    messages.success(request, _("The request from %(name)s is declined.") % {"name": member.user.display_name()})
    return redirect("networks:members", slug=slug)


@login_required
@require_POST
def set_role(request: HttpRequest, slug: str, member_id: UUID) -> HttpResponse:
    place = get_moderated_place(request.user, slug)
    member = get_member_in(place.network, member_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect("networks:members", slug=slug)
    try:
        actions.set_role(authenticated_user(request), member, form.cleaned_data["role"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The role of %(name)s is changed.") % {"name": member.user.display_name()})
    return redirect("networks:members", slug=slug)


@personal  # the address holds a secret
@login_required
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.find_invitation(token)
    if request.method == "POST":
        try:
            member = actions.accept_invitation(authenticated_user(request), token)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Welcome to the network."))
            return redirect("networks:network", slug=member.network.slug)
    return render(request, "networks/invitation.html", {"invitation": invitation}, status=200 if invitation else 404)


@login_required
def preferences(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_member_place(request.user, slug)
    membership = place.active_membership()
    form = NotifyForm(request.POST if request.method == "POST" else None, initial={"notify": membership.notify})
    if request.method == "POST" and form.is_valid():
        actions.set_notify(authenticated_user(request), membership, form.cleaned_data["notify"])
        messages.success(request, _("Your choice is saved."))
        return redirect("networks:preferences", slug=slug)
    context = {"place": place, "network": place.network, "form": form}
    return render(request, "networks/preferences.html", context, status=400 if form.errors else 200)
