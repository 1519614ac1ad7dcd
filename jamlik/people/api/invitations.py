"""Personal invitations and invite links for an organisation's coordinators.

Sending invitations is how a coordinator adds people by address, as on the invitations page
(``actions.invite_by_email``): each address gets an email with a link; the person becomes a
member when they accept it (a person waiting since joining by domain is approved by it).
Addresses of current members are not invited again; they come back in ``already_members``.
An invite link lets anyone who has it join as a learner until it expires; its address is shown
once, in the answer that creates it.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from jamlik.lib.api.pagination import Page, paginate
from jamlik.lib.api.payload import Payload
from jamlik.lib.site import absolute
from jamlik.people import actions
from jamlik.people.access import get_invite_link_in
from jamlik.people.api.common import OrganisationId, conflict, coordinated, located
from jamlik.people.api.members import unit_in
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import Invitation, InviteLink, MembershipRole, Organisation

router = Router(tags=["invitations"])

InvitationId = Annotated[UUID, Path(description="The invitation's id")]
LinkId = Annotated[UUID, Path(description="The invite link's id")]
MAX_ADDRESSES = 500


class InvitationOut(Schema):
    id: UUID = Field(alias="public_id")
    email: str
    role: MembershipRole
    unit: UUID | None = Field(None, alias="unit.public_id", description="The unit's id")
    state: str = Field(description="`open`, `accepted`, `revoked` or `expired`")
    created_at: datetime.datetime
    expires_at: datetime.datetime
    accepted_at: datetime.datetime | None
    revoked_at: datetime.datetime | None

    @staticmethod
    def resolve_state(obj: Invitation) -> str:
        if obj.accepted_at is not None:
            return "accepted"
        if obj.revoked_at is not None:
            return "revoked"
        return "open" if obj.is_usable else "expired"


class InvitationList(Schema):
    items: list[InvitationOut]
    count: int


class InvitationsIn(Payload):
    emails: list[str] = Field(min_length=1, max_length=MAX_ADDRESSES, description="One or more addresses")
    role: MembershipRole = MembershipRole.LEARNER
    unit: UUID | None = Field(None, description="The unit (its id) the people join")


class InvitationsSent(Schema):
    invited: list[InvitationOut]
    already_members: list[str] = Field(description="Addresses of current members: not invited")


class InviteLinkOut(Schema):
    id: UUID = Field(alias="public_id")
    unit: UUID | None = Field(None, alias="unit.public_id")
    created_at: datetime.datetime
    expires_at: datetime.datetime
    revoked_at: datetime.datetime | None
    uses: int


class InviteLinkList(Schema):
    items: list[InviteLinkOut]
    count: int


class InviteLinkCreated(InviteLinkOut):
    url: str = Field(description="The link to share. Shown only now: it is kept only as a hash.")


class InviteLinkIn(Payload):
    days: int = Field(30, ge=1, le=365, description="How many days the link works")
    unit: UUID | None = Field(None, description="The unit (its id) people who join by the link belong to")


def _addresses(emails: list[str]) -> list[str]:
    """Lower-cased addresses, or one field error naming every one that is not an address."""
    bad, good = [], []
    for item in emails:
        try:
            if len(item) > 254:
                raise ValidationError("too long")
            validate_email(item.strip())
        except ValidationError:
            bad.append(item[:100])
        else:
            good.append(item.strip().lower())
    if bad:
        message = _("These are not valid email addresses: %(list)s. Nothing was sent.") % {"list": ", ".join(bad)}
        raise ValidationError({"emails": message})
    return good


def _invitations(organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(organisation=organisation).select_related("unit")


@router.get(
    "/{organisation_id}/invitations",
    response=InvitationList,
    auth=AUTHENTICATED,
    url_name="organisation_invitations",
    summary="Invitations sent (coordinators)",
    description="Newest first, open, accepted, revoked and expired alike.",
)
def list_invitations(request: HttpRequest, organisation_id: OrganisationId, page: Query[Page]) -> dict[str, Any]:
    organisation = coordinated(request, organisation_id)
    return paginate(_invitations(organisation).order_by("-created_at", "-pk"), page)


@router.get(
    "/{organisation_id}/invitations/{invitation_id}",
    response=InvitationOut,
    auth=AUTHENTICATED,
    url_name="organisation_invitation",
    summary="One invitation (coordinators)",
)
def get_invitation(request: HttpRequest, organisation_id: OrganisationId, invitation_id: InvitationId) -> Invitation:
    return get_object_or_404(_invitations(coordinated(request, organisation_id)), public_id=invitation_id)


@router.post(
    "/{organisation_id}/invitations",
    response={201: InvitationsSent, 200: InvitationsSent},
    auth=AUTHENTICATED,
    summary="Invite people by email address (coordinators)",
    description=(
        f"Up to {MAX_ADDRESSES} addresses. 201 when at least one invitation was sent (`Location`: the list), "
        "200 when every address belongs to a current member. One address that is not valid: 422, nothing sent."
    ),
)
def invite_people(
    request: HttpRequest, organisation_id: OrganisationId, payload: InvitationsIn, response: HttpResponse
) -> Status[Any]:
    organisation = coordinated(request, organisation_id)
    emails = _addresses(payload.emails)
    unit = unit_in(organisation, payload.unit)
    result = actions.invite_by_email(api_user(request), organisation, emails=emails, role=payload.role, unit=unit)
    body = {"invited": result.invitations, "already_members": result.already_members}
    if not result.invitations:
        return Status(200, body)
    response["Location"] = reverse(
        "api-v1:organisation_invitations", kwargs={"organisation_id": organisation.public_id}
    )
    return Status(201, body)


@router.delete(
    "/{organisation_id}/invitations/{invitation_id}",
    response={200: InvitationOut, 409: None},
    auth=AUTHENTICATED,
    summary="Revoke an invitation (coordinators)",
    description="Its link stops working. Answers the revoked invitation; 409 when it was accepted already.",
)
def revoke_invitation(request: HttpRequest, organisation_id: OrganisationId, invitation_id: InvitationId) -> Any:
    invitation = get_object_or_404(_invitations(coordinated(request, organisation_id)), public_id=invitation_id)
    try:
        actions.revoke_invitation(api_user(request), invitation)
    except ValidationError as exc:
        raise conflict(exc) from exc
    return _invitations(invitation.organisation).get(pk=invitation.pk)


@router.get(
    "/{organisation_id}/invite-links",
    response=InviteLinkList,
    auth=AUTHENTICATED,
    summary="Invite links that work (coordinators)",
    description="Links not turned off; an expired one is listed until turned off. Their addresses are not kept.",
)
def list_links(request: HttpRequest, organisation_id: OrganisationId, page: Query[Page]) -> dict[str, Any]:
    organisation = coordinated(request, organisation_id)
    qs = organisation.invite_links.filter(revoked_at__isnull=True).select_related("unit").order_by("-created_at", "-pk")
    return paginate(qs, page)


@router.post(
    "/{organisation_id}/invite-links",
    response={201: InviteLinkCreated},
    auth=AUTHENTICATED,
    summary="Make an invite link (coordinators)",
)
def create_link(
    request: HttpRequest, organisation_id: OrganisationId, payload: InviteLinkIn, response: HttpResponse
) -> Status[Any]:
    organisation = coordinated(request, organisation_id)
    unit = unit_in(organisation, payload.unit)
    link, token = actions.create_invite_link(api_user(request), organisation, unit=unit, days=payload.days)
    located(response, "organisation_invite_link", organisation_id=organisation.public_id, link_id=link.public_id)
    link = InviteLink.objects.select_related("unit").get(pk=link.pk)
    link.url = absolute(reverse("people:join_link", args=[token]))  # type: ignore[attr-defined]
    return Status(201, link)


@router.get(
    "/{organisation_id}/invite-links/{link_id}",
    response=InviteLinkOut,
    auth=AUTHENTICATED,
    url_name="organisation_invite_link",
    summary="One invite link (coordinators)",
)
def get_link(request: HttpRequest, organisation_id: OrganisationId, link_id: LinkId) -> InviteLink:
    return get_invite_link_in(coordinated(request, organisation_id), link_id)


@router.delete(
    "/{organisation_id}/invite-links/{link_id}",
    response={204: None},
    auth=AUTHENTICATED,
    summary="Turn an invite link off (coordinators)",
)
def revoke_link(request: HttpRequest, organisation_id: OrganisationId, link_id: LinkId) -> Status[None]:
    actions.revoke_invite_link(api_user(request), get_invite_link_in(coordinated(request, organisation_id), link_id))
    return Status(204, None)
