"""Organisations: public facts for everyone; members and headcount for their coordinators."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from jamlik.lib.api.fields import Day
from jamlik.lib.api.pagination import Page, paginate
from jamlik.people import actions
from jamlik.people.access import get_organisation_for_coordinator
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import Membership, Organisation, OrganisationKind

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: OrganisationKind
    org_number: str
    municipality_code: str
    county_code: str | None = Field(None, alias="county.code")
    parent: str | None = Field(None, alias="parent.slug")


class OrganisationList(Schema):
    items: list[OrganisationOut]
    count: int


class OrganisationFilter(Schema):
    kind: OrganisationKind | None = None
    county: str | None = Field(None, description="Two-digit county code, e.g. 20 for Dalarna")
    q: str | None = Field(None, max_length=100, description="Part of the name")


class MemberOut(Schema):
    id: UUID = Field(alias="public_id")
    email: str = Field(alias="user.email")
    name: str = Field(alias="user.name")
    role: str
    status: str
    unit: str | None = Field(None, alias="unit.name")
    valid_from: datetime.date
    valid_to: datetime.date | None


class MemberList(Schema):
    items: list[MemberOut]
    count: int


class HeadcountOut(Schema):
    headcount: int
    as_of: Day
    source_note: str
    declared_at: datetime.datetime = Field(alias="created_at")


class HeadcountList(Schema):
    items: list[HeadcountOut]
    count: int


class HeadcountIn(Schema):
    headcount: int = Field(gt=0, le=2_000_000)
    as_of: Day
    source_note: str = Field("", max_length=300)


@router.get("", response=OrganisationList, auth=None, summary="List organisations")
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilter], page: Query[Page]) -> dict[str, Any]:
    qs = Organisation.objects.select_related("county", "parent").order_by("name")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.county:
        qs = qs.filter(county__code=filters.county)
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    return paginate(qs, page)


@router.get("/{slug}", response=OrganisationOut, auth=None, summary="One organisation")
def get_organisation(request: HttpRequest, slug: str) -> Organisation:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Organisation.objects.select_related("county", "parent"), slug=slug)


@router.get("/{slug}/members", response=MemberList, auth=AUTHENTICATED, summary="Members (coordinators)")
def list_members(request: HttpRequest, slug: str, page: Query[Page]) -> dict[str, Any]:
    organisation = get_organisation_for_coordinator(api_user(request), slug)
    qs = (
        Membership.objects.open()
        .filter(organisation=organisation)
        .select_related("user", "unit")
        .order_by("user__email")
    )
    return paginate(qs, page)


@router.get(
    "/{slug}/headcount", response=HeadcountList, auth=AUTHENTICATED, summary="Headcount declarations (coordinators)"
)
def list_headcount(request: HttpRequest, slug: str, page: Query[Page]) -> dict[str, Any]:
    organisation = get_organisation_for_coordinator(api_user(request), slug)
    return paginate(organisation.headcount_declarations.order_by("-as_of", "-created_at"), page)


@router.post(
    "/{slug}/headcount",
    response={201: HeadcountOut},
    auth=AUTHENTICATED,
    summary="Declare the headcount (coordinators)",
)
def declare_headcount(request: HttpRequest, slug: str, payload: HeadcountIn) -> Status[Any]:
    user = api_user(request)
    organisation = get_organisation_for_coordinator(user, slug)
    declaration = actions.declare_headcount(
        user, organisation, headcount=payload.headcount, as_of=payload.as_of, source_note=payload.source_note
    )
    return Status(201, declaration)
