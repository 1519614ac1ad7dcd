"""Coordinator pages for one organisation: members, units, headcount, invitations, domains.

Every view reaches the organisation through ``get_organisation_for_coordinator``, so a
coordinator of another organisation gets 404, exactly as for one that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, Q, Value, When
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from jamlik.lib.forms import add_action_errors
from jamlik.lib.site import absolute
from jamlik.people import actions, pickers
from jamlik.people.access import (
    get_email_domain_in,
    get_invite_link_in,
    get_membership_in,
    get_organisation_for_coordinator,
)
from jamlik.people.forms import (
    EmailDomainForm,
    HeadcountForm,
    InviteForm,
    InviteLinkForm,
    LogoForm,
    MemberFilter,
    MemberForm,
    UnitForm,
)
from jamlik.people.http import authenticated_user
from jamlik.people.models import Invitation, Membership, MembershipStatus, Organisation, Unit


def _page(
    request: HttpRequest, organisation: Organisation, template: str, section: str, **context: object
) -> HttpResponse:
    return render(request, template, {"organisation": organisation, "section": section, **context})


@login_required
@require_GET
def organisation_search(request: HttpRequest) -> JsonResponse:
    """Suggestions for the organisation pickers (``people.pickers``): names and short addresses
    only, which the organisations' public pages show anyway; at most ``SUGGESTIONS``."""
    text = " ".join(str(request.GET.get("q", "")).split())[:100]
    found = pickers.matching(Organisation.objects.all(), text)[: pickers.SUGGESTIONS] if text else []
    return JsonResponse({"results": [{"name": o.name, "slug": o.slug} for o in found]})


MEMBERS_PER_PAGE = 50


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """Searched, filtered and paged on the server (an organisation may have thousands): people
    waiting for approval first, then by name. Works as a plain GET form without script."""
    organisation = get_organisation_for_coordinator(request.user, slug)
    open_memberships = Membership.objects.open().filter(organisation=organisation)
    totals = open_memberships.aggregate(
        active=Count("pk", filter=Q(status=MembershipStatus.ACTIVE)),
        pending=Count("pk", filter=Q(status=MembershipStatus.PENDING)),
    )
    form = MemberFilter(request.GET or None, organisation=organisation)
    rows = open_memberships.select_related("user", "unit")
    if form.is_bound:
        form.is_valid()  # an invalid filter is shown as an error and left out; the others apply
        wanted = form.cleaned_data
        if words := " ".join(str(wanted.get("q") or "").split()):
            for word in words.split()[:5]:
                rows = rows.filter(Q(user__name__icontains=word) | Q(user__email__icontains=word))
        if wanted.get("status"):
            rows = rows.filter(status=wanted["status"])
        if wanted.get("role"):
            rows = rows.filter(role=wanted["role"])
        if wanted.get("unit"):
            rows = rows.filter(unit=wanted["unit"])
    waiting_first = Case(When(status=MembershipStatus.PENDING, then=Value(0)), default=Value(1))
    page = Paginator(rows.order_by(waiting_first, "user__name", "user__email", "pk"), MEMBERS_PER_PAGE).get_page(
        request.GET.get("sida")
    )
    context = {
        "form": form,
        "page": page,
        "active_count": totals["active"],
        "pending_count": totals["pending"],
        "filtered": form.is_bound and any(form.cleaned_data.get(k) for k in ("q", "status", "role", "unit")),
    }
    return _page(request, organisation, "people/org/members.html", "members", **context)


@login_required
def member(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    membership = get_membership_in(organisation, public_id)
    initial = {"role": membership.role, "unit": membership.unit.public_id if membership.unit else None}
    form = MemberForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_member(
                authenticated_user(request), membership, role=form.cleaned_data["role"], unit=form.cleaned_data["unit"]
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The member was updated."))
            return redirect("people:org_members", slug=slug)
    return _page(request, organisation, "people/org/member.html", "members", membership=membership, form=form)


@login_required
@require_POST
def approve_member(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    membership = get_membership_in(organisation, public_id)
    try:
        actions.approve_membership(authenticated_user(request), membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(person)s is now a member.") % {"person": membership.user.email})
    return redirect("people:org_members", slug=slug)


@login_required
@require_POST
def remove_member(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    membership = get_membership_in(organisation, public_id)
    try:
        actions.end_membership(authenticated_user(request), membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(person)s is no longer a member. Their history is kept.") % {"person": membership.user.email}
        )
    return redirect("people:org_members", slug=slug)


@login_required
def units(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    form = UnitForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_unit(
                authenticated_user(request),
                organisation,
                name=form.cleaned_data["name"],
                parent=form.cleaned_data["parent"],
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The unit was added."))
            return redirect("people:org_units", slug=slug)
    all_units = list(
        Unit.objects.filter(organisation=organisation).annotate(
            member_count=Count("memberships", filter=Q(memberships__valid_to__isnull=True))
        )
    )
    children: dict[int | None, list[Unit]] = {}
    for unit in all_units:
        children.setdefault(unit.parent_id, []).append(unit)
    tree = _flatten(children, None, 0)
    return _page(request, organisation, "people/org/units.html", "units", form=form, tree=tree)


def _flatten(children: dict[int | None, list[Unit]], parent: int | None, depth: int) -> list[tuple[Unit, int]]:
    rows: list[tuple[Unit, int]] = []
    for unit in children.get(parent, []):
        rows.append((unit, depth))
        rows.extend(_flatten(children, unit.pk, depth + 1))
    return rows


@login_required
def headcount(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    form = HeadcountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.declare_headcount(authenticated_user(request), organisation, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The headcount was declared."))
            return redirect("people:org_headcount", slug=slug)
    history = organisation.headcount_declarations.select_related("declared_by")
    return _page(request, organisation, "people/org/headcount.html", "headcount", form=form, history=history)


@login_required
def logo(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    form = LogoForm(request.POST, request.FILES) if request.method == "POST" else LogoForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["logo"] or None
        try:
            actions.set_logo(authenticated_user(request), organisation, upload)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The logo was saved.") if upload else _("The logo was removed."))
            return redirect("people:org_logo", slug=slug)
    return _page(request, organisation, "people/org/logo.html", "logo", form=form)


@login_required
def invitations(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    user = authenticated_user(request)
    form = InviteForm(request.POST or None, organisation=organisation, prefix="invite")
    link_form = InviteLinkForm(organisation=organisation, prefix="link")
    if request.method == "POST" and form.is_valid():
        result = actions.invite_by_email(
            user,
            organisation,
            emails=form.cleaned_data["emails"],
            role=form.cleaned_data["role"],
            unit=form.cleaned_data["unit"],
        )
        if result.invited:
            count = len(result.invited)
            messages.success(
                request, ngettext("%(n)d invitation was sent.", "%(n)d invitations were sent.", count) % {"n": count}
            )
        if result.already_members:
            messages.info(
                request, _("Already members, not invited: %(list)s") % {"list": ", ".join(result.already_members)}
            )
        return redirect("people:org_invitations", slug=slug)
    return _invitations_page(request, organisation, form, link_form)


def _invitations_page(
    request: HttpRequest, organisation: Organisation, form: InviteForm, link_form: InviteLinkForm
) -> HttpResponse:
    """The invitations page, with either form's errors when it was sent back (200, as the
    organisation's other pages answer a form with errors)."""
    sent = Invitation.objects.filter(organisation=organisation).select_related("invited_by")[:200]
    links = organisation.invite_links.filter(revoked_at__isnull=True).select_related("unit")
    new_link = request.session.pop("new_invite_link", None)
    return _page(
        request,
        organisation,
        "people/org/invitations.html",
        "invitations",
        form=form,
        link_form=link_form,
        sent=sent,
        links=links,
        new_link=new_link,
    )


@login_required
@require_POST
def create_link(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    form = InviteLinkForm(request.POST, organisation=organisation, prefix="link")
    if form.is_valid():
        _link, token = actions.create_invite_link(
            authenticated_user(request), organisation, unit=form.cleaned_data["unit"], days=form.cleaned_data["days"]
        )
        request.session["new_invite_link"] = absolute(reverse("people:join_link", args=[token]))
        return redirect("people:org_invitations", slug=slug)
    # The page again with the link form's errors beside its fields, what was typed kept.
    return _invitations_page(request, organisation, InviteForm(organisation=organisation, prefix="invite"), form)


@login_required
@require_POST
def revoke_link(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    actions.revoke_invite_link(authenticated_user(request), get_invite_link_in(organisation, public_id))
    messages.success(request, _("The link was turned off."))
    return redirect("people:org_invitations", slug=slug)


@login_required
def domains(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    form = EmailDomainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_email_domain(authenticated_user(request), organisation, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The domain was added."))
            return redirect("people:org_domains", slug=slug)
    return _page(
        request, organisation, "people/org/domains.html", "domains", form=form, items=organisation.email_domains.all()
    )


@login_required
@require_POST
def remove_domain(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    actions.remove_email_domain(authenticated_user(request), get_email_domain_in(organisation, pk))
    messages.success(request, _("The domain was removed."))
    return redirect("people:org_domains", slug=slug)
