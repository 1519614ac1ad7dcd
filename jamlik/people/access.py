"""The only ways views and the API reach organisation-owned data.

Each helper puts the organisation filter in the query and raises Http404 both when the
object does not exist and when the person may not see it, so the two look the same.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from jamlik.lib.api.lookup import get_by_id_or_slug
from jamlik.people.models import ApiToken, EmailDomain, InviteLink, Membership, Organisation, Unit, User


def coordinated_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose people ``user`` may manage (administrators: all)."""
    if getattr(user, "is_authenticated", False) and user.is_administrator:
        return Organisation.objects.all()
    return Organisation.objects.coordinated_by(user)


def may_coordinate(user: Any, organisation: Organisation) -> bool:
    """Whether ``user`` may manage ``organisation``'s people and settings (administrators: all)."""
    return coordinated_organisations(user).filter(pk=organisation.pk).exists()


def check_may_coordinate(actor: User | None, organisation: Organisation) -> None:
    """The check every action that changes an organisation's people or settings makes first.

    ``PermissionDenied`` unless ``actor`` coordinates the organisation. ``None`` is the platform
    itself (demo data, commands, provisioning by a staff list, SCIM or sign-in through the
    organisation), whose callers authorised the change already; code acting for a person passes
    the person. Views still fetch through the helpers below (404 for "not yours"), so for them
    this check is a second lock that never fires.
    """
    if actor is not None and not may_coordinate(actor, organisation):
        raise PermissionDenied


def get_organisation_for_coordinator(user: Any, ident: str) -> Organisation:
    """The organisation ``ident`` names (its id or its slug) if ``user`` coordinates it, else Http404."""
    return get_by_id_or_slug(coordinated_organisations(user), ident)


def get_membership_in(organisation: Organisation, public_id: Any) -> Membership:
    membership = (
        Membership.objects.select_related("user", "unit", "organisation")
        .filter(organisation=organisation, public_id=public_id)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def get_unit_in(organisation: Organisation, public_id: Any) -> Unit:
    unit = Unit.objects.filter(organisation=organisation, public_id=public_id).first()
    if unit is None:
        raise Http404
    return unit


def get_email_domain_in(organisation: Organisation, pk: int) -> EmailDomain:
    item = EmailDomain.objects.select_related("organisation").filter(organisation=organisation, pk=pk).first()
    if item is None:
        raise Http404
    return item


def get_invite_link_in(organisation: Organisation, public_id: Any) -> InviteLink:
    link = (
        InviteLink.objects.select_related("organisation").filter(organisation=organisation, public_id=public_id).first()
    )
    if link is None:
        raise Http404
    return link


def get_own_api_token(user: User, public_id: Any) -> ApiToken:
    token = ApiToken.objects.filter(user=user, public_id=public_id).first()
    if token is None:
        raise Http404
    return token
