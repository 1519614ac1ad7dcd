"""An organisation's units (departments, förvaltningar) for its coordinators: list, add, rename.

The same actions as the units page (``create_unit``) and SCIM (``rename_unit``). Units are not
removed: no page removes one, and members and history refer to them.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from jamlik.lib.api.etag import check_if_match, etag_for
from jamlik.lib.api.pagination import Page, paginate
from jamlik.lib.api.payload import Patch, Payload
from jamlik.people import actions
from jamlik.people.access import get_unit_in
from jamlik.people.api.common import OrganisationId, coordinated, located
from jamlik.people.api.members import unit_in
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import Organisation, Unit

router = Router(tags=["units"])

UnitId = Annotated[UUID, Path(description="The unit's id")]


class UnitOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    parent: UUID | None = Field(None, alias="parent.public_id", description="The id of the unit it is part of")
    member_count: int = Field(description="Members now (not ended)")


class UnitList(Schema):
    items: list[UnitOut]
    count: int


class UnitIn(Payload):
    name: str = Field(min_length=1, max_length=150)
    parent: UUID | None = Field(None, description="The id of the unit it is part of, in the same organisation")


class UnitPatch(Patch):
    name: str | None = Field(None, min_length=1, max_length=150)


def _units(organisation: Organisation) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(organisation=organisation)
        .select_related("parent")
        .annotate(member_count=Count("memberships", filter=Q(memberships__valid_to__isnull=True)))
    )


def _etag(unit: Unit) -> str:
    return etag_for(unit.public_id, unit.name, unit.parent_id)


@router.get(
    "/{organisation_id}/units",
    response=UnitList,
    auth=AUTHENTICATED,
    summary="Units (coordinators)",
)
def list_units(request: HttpRequest, organisation_id: OrganisationId, page: Query[Page]) -> dict[str, Any]:
    return paginate(_units(coordinated(request, organisation_id)).order_by("name", "pk"), page)


@router.get(
    "/{organisation_id}/units/{unit_id}",
    response=UnitOut,
    auth=AUTHENTICATED,
    url_name="organisation_unit",
    summary="One unit (coordinators)",
)
def get_unit(request: HttpRequest, organisation_id: OrganisationId, unit_id: UnitId, response: HttpResponse) -> Unit:
    organisation = coordinated(request, organisation_id)
    unit: Unit = _units(organisation).get(pk=get_unit_in(organisation, unit_id).pk)
    response["ETag"] = _etag(unit)
    return unit


@router.post(
    "/{organisation_id}/units",
    response={201: UnitOut},
    auth=AUTHENTICATED,
    summary="Add a unit (coordinators)",
    description="422 when a unit with the same name is already under the same parent.",
)
def create_unit(
    request: HttpRequest, organisation_id: OrganisationId, payload: UnitIn, response: HttpResponse
) -> Status[Any]:
    organisation = coordinated(request, organisation_id)
    with transaction.atomic():
        parent = unit_in(organisation, payload.parent, field="parent")
        unit = actions.create_unit(api_user(request), organisation, name=payload.name, parent=parent)
    located(response, "organisation_unit", organisation_id=organisation.public_id, unit_id=unit.public_id)
    return Status(201, _units(organisation).get(pk=unit.pk))


@router.patch(
    "/{organisation_id}/units/{unit_id}",
    response={200: UnitOut, 412: None},
    auth=AUTHENTICATED,
    summary="Rename a unit (coordinators)",
    description="412 when `If-Match` names an older version.",
)
def update_unit(
    request: HttpRequest, organisation_id: OrganisationId, unit_id: UnitId, payload: UnitPatch, response: HttpResponse
) -> Unit:
    organisation = coordinated(request, organisation_id)
    with transaction.atomic():
        unit = (
            Unit.objects.select_for_update()
            .select_related("organisation")
            .get(pk=get_unit_in(organisation, unit_id).pk)
        )
        check_if_match(request, _etag(unit))
        if "name" in payload.changes():
            if payload.name is None:
                raise ValidationError({"name": _("Give the unit a name.")})
            actions.rename_unit(api_user(request), unit, name=payload.name)
    found: Unit = _units(organisation).get(pk=unit.pk)
    response["ETag"] = _etag(found)
    return found
