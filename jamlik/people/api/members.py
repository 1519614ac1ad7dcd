"""An organisation's members for its coordinators: list, read, change role or unit, approve, end.

People join through invitations (``…/invitations``), invite links, the organisation's email
domains, staff lists or SCIM, as in the pages: nobody is made a member without their own step,
so there is no operation that adds a person by address alone. Ending a membership keeps the
history (``valid_to`` is set, the row stays).
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from pydantic import Field

from jamlik.lib.api.etag import check_if_match, etag_for
from jamlik.lib.api.pagination import Page, paginate
from jamlik.lib.api.payload import Patch
from jamlik.people import actions
from jamlik.people.access import get_membership_in
from jamlik.people.api.common import OrganisationId, conflict, coordinated
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import Membership, MembershipRole, MembershipSource, MembershipStatus, Organisation, Unit

router = Router(tags=["members"])

MemberId = Annotated[UUID, Path(description="The membership's id")]


class MemberOut(Schema):
    id: UUID = Field(alias="public_id", description="The membership's id")
    person: UUID = Field(alias="user.public_id", description="The person's id")
    email: str = Field(alias="user.email")
    name: str = Field(alias="user.name")
    role: MembershipRole
    status: MembershipStatus = Field(description="`pending`: joined by email domain, waiting for approval")
    source: MembershipSource = Field(description="What manages the membership (a staff list, SCIM, … or by hand)")
    unit: UUID | None = Field(None, alias="unit.public_id", description="The unit's id")
    unit_name: str | None = Field(None, alias="unit.name")
    valid_from: datetime.date
    valid_to: datetime.date | None = Field(description="Set when the membership has ended")


class MemberList(Schema):
    items: list[MemberOut]
    count: int


class MemberFilter(Schema):
    role: MembershipRole | None = None
    status: MembershipStatus | None = None
    unit: UUID | None = Field(None, description="Members of this unit (its id)")
    q: str | None = Field(None, max_length=100, description="Part of the name or email address")


class MemberPatch(Patch):
    role: MembershipRole | None = None
    unit: UUID | None = Field(None, description="The unit's id in the same organisation; `null`: no unit")


def _etag(m: Membership) -> str:
    return etag_for(m.public_id, m.role, m.unit_id, m.status, m.valid_from, m.valid_to)


def _member(organisation: Organisation, member_id: UUID) -> Membership:
    return get_membership_in(organisation, member_id)


def unit_in(organisation: Organisation, unit_id: UUID | None, field: str = "unit") -> Unit | None:
    """The unit a body names, in this organisation; another's or a missing one is a field error."""
    if unit_id is None:
        return None
    unit = Unit.objects.filter(organisation=organisation, public_id=unit_id).first()
    if unit is None:
        raise ValidationError({field: _("There is no such unit in this organisation.")})
    return unit


@router.get(
    "/{organisation_id}/members",
    response=MemberList,
    auth=AUTHENTICATED,
    summary="Members (coordinators)",
    description="Current and waiting members (not ended ones), by name. Filter by role, status, unit or text.",
)
def list_members(
    request: HttpRequest, organisation_id: OrganisationId, filters: Query[MemberFilter], page: Query[Page]
) -> dict[str, Any]:
    organisation = coordinated(request, organisation_id)
    qs = Membership.objects.open().filter(organisation=organisation).select_related("user", "unit")
    if filters.role:
        qs = qs.filter(role=filters.role)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.unit:
        qs = qs.filter(unit__public_id=filters.unit)
    if filters.q:
        qs = qs.filter(Q(user__name__icontains=filters.q) | Q(user__email__icontains=filters.q))
    return paginate(qs.order_by("user__name", "user__email", "pk"), page)


@router.get(
    "/{organisation_id}/members/{member_id}",
    response=MemberOut,
    auth=AUTHENTICATED,
    url_name="organisation_member",
    summary="One membership (coordinators)",
    description="Ended ones too. The `ETag` header names this version for `If-Match` on a change.",
)
def get_member(
    request: HttpRequest, organisation_id: OrganisationId, member_id: MemberId, response: HttpResponse
) -> Membership:
    membership = _member(coordinated(request, organisation_id), member_id)
    response["ETag"] = _etag(membership)
    return membership


@router.patch(
    "/{organisation_id}/members/{member_id}",
    response={200: MemberOut, 409: None, 412: None},
    auth=AUTHENTICATED,
    summary="Change a member's role or unit (coordinators)",
    description="Only the fields sent change. 412 when `If-Match` names an older version; 409 for an ended one.",
)
def update_member(
    request: HttpRequest,
    organisation_id: OrganisationId,
    member_id: MemberId,
    payload: MemberPatch,
    response: HttpResponse,
) -> Membership:
    changes = payload.changes()
    if "role" in changes and changes["role"] is None:
        raise ValidationError({"role": _("Choose a role.")})
    with transaction.atomic():
        organisation = coordinated(request, organisation_id)
        found = _member(organisation, member_id)
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("user", "unit", "organisation")
            .get(pk=found.pk)
        )
        check_if_match(request, _etag(membership))
        if membership.valid_to is not None:
            raise conflict(ValidationError(_("This membership has already ended.")))
        unit = unit_in(organisation, changes["unit"]) if "unit" in changes else membership.unit
        membership = actions.change_member(
            api_user(request), membership, role=changes.get("role") or membership.role, unit=unit
        )
    response["ETag"] = _etag(membership)
    return membership


@router.post(
    "/{organisation_id}/members/{member_id}/approve",
    response={200: MemberOut, 409: None},
    auth=AUTHENTICATED,
    summary="Approve a member waiting since joining by email domain (coordinators)",
    description="409 when the membership is not waiting for approval.",
)
def approve_member(request: HttpRequest, organisation_id: OrganisationId, member_id: MemberId) -> Membership:
    membership = _member(coordinated(request, organisation_id), member_id)
    if membership.valid_to is not None:
        raise conflict(ValidationError(_("This membership has already ended.")))
    try:
        return actions.approve_membership(api_user(request), membership)
    except ValidationError as exc:
        raise conflict(exc) from exc


@router.delete(
    "/{organisation_id}/members/{member_id}",
    response={200: MemberOut, 409: None, 412: None},
    auth=AUTHENTICATED,
    summary="End a membership (coordinators)",
    description=(
        "The person is no longer a member from today; their history (completions, diplomas) is kept. "
        "Answers the ended membership. 409 when it has ended already."
    ),
)
def end_member(request: HttpRequest, organisation_id: OrganisationId, member_id: MemberId) -> Membership:
    with transaction.atomic():
        membership = _member(coordinated(request, organisation_id), member_id)
        check_if_match(request, _etag(membership))
        try:
            return actions.end_membership(api_user(request), membership)
        except ValidationError as exc:
            raise conflict(exc) from exc
