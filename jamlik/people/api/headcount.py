"""An organisation's headcount declarations for its coordinators: the history and a new one.

A declaration is never edited: a new one is declared (``actions.declare_headcount``, as on the
headcount page). The newest by ``as_of`` is the organisation's headcount.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from jamlik.lib.api.fields import Day
from jamlik.lib.api.pagination import Page, paginate
from jamlik.lib.api.payload import Payload
from jamlik.people import actions
from jamlik.people.api.common import OrganisationId, coordinated, located
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import HeadcountDeclaration

router = Router(tags=["headcount"])

DeclarationId = Annotated[UUID, Path(description="The declaration's id")]


class HeadcountOut(Schema):
    id: UUID = Field(alias="public_id")
    headcount: int
    as_of: Day
    source_note: str
    declared_at: datetime.datetime = Field(alias="created_at")


class HeadcountList(Schema):
    items: list[HeadcountOut]
    count: int


class HeadcountIn(Payload):
    headcount: int = Field(gt=0, le=2_000_000)
    as_of: Day = Field(description="The day the number is true for; at most a year ahead")
    source_note: str = Field("", max_length=300, description="Where the number comes from")


@router.get(
    "/{organisation_id}/headcount",
    response=HeadcountList,
    auth=AUTHENTICATED,
    summary="Headcount declarations (coordinators)",
    description="Newest first (by `as_of`, then by when declared): the first is the organisation's headcount.",
)
def list_headcount(request: HttpRequest, organisation_id: OrganisationId, page: Query[Page]) -> dict[str, Any]:
    organisation = coordinated(request, organisation_id)
    return paginate(organisation.headcount_declarations.order_by("-as_of", "-created_at", "-pk"), page)


@router.get(
    "/{organisation_id}/headcount/{declaration_id}",
    response=HeadcountOut,
    auth=AUTHENTICATED,
    url_name="organisation_headcount",
    summary="One headcount declaration (coordinators)",
)
def get_headcount(
    request: HttpRequest, organisation_id: OrganisationId, declaration_id: DeclarationId
) -> HeadcountDeclaration:
    organisation = coordinated(request, organisation_id)
    return get_object_or_404(HeadcountDeclaration, organisation=organisation, public_id=declaration_id)


@router.post(
    "/{organisation_id}/headcount",
    response={201: HeadcountOut},
    auth=AUTHENTICATED,
    summary="Declare the headcount (coordinators)",
)
def declare_headcount(
    request: HttpRequest, organisation_id: OrganisationId, payload: HeadcountIn, response: HttpResponse
) -> Status[Any]:
    organisation = coordinated(request, organisation_id)
    declaration = actions.declare_headcount(
        api_user(request),
        organisation,
        headcount=payload.headcount,
        as_of=payload.as_of,
        source_note=payload.source_note,
    )
    located(
        response, "organisation_headcount", organisation_id=organisation.public_id, declaration_id=declaration.public_id
    )
    return Status(201, declaration)
