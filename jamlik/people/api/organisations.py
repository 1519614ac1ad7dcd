"""Organisations: the public facts for everyone; the logo, their one setting, for their coordinators.

Name, kind, numbers, county and parent are reference data that administrators keep in the admin;
what a coordinator sets on the organisation's own settings page (its logo) is what ``PATCH`` and
``PUT …/logo`` change, through the same action (``actions.set_logo``).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from jamlik.lib.api.etag import check_if_match, etag_for
from jamlik.lib.api.lookup import get_by_id_or_slug
from jamlik.lib.api.pagination import Page, paginate
from jamlik.lib.api.payload import Patch
from jamlik.lib.site import absolute
from jamlik.people import actions
from jamlik.people.api.common import OrganisationId, coordinated
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import Organisation, OrganisationKind

# No router-wide tag: the routers added to this one (members, units, …) keep only their own.
router = Router()
TAGS = ["organisations"]


class OrganisationOut(Schema):
    id: UUID = Field(alias="public_id")
    slug: str = Field(description="Short address; `/organisations/{slug}` finds the organisation too")
    name: str
    kind: OrganisationKind
    org_number: str
    municipality_code: str
    county: str | None = Field(None, alias="county.code", description="Two-digit county code (the county's id)")
    parent: UUID | None = Field(None, alias="parent.public_id", description="The parent organisation's id")
    parent_slug: str | None = Field(None, alias="parent.slug")
    website: str
    logo: str | None = Field(None, description="Address of the logo shown on the organisation's diplomas")

    @staticmethod
    def resolve_logo(obj: Organisation) -> str | None:
        return absolute(obj.logo.url) if obj.logo else None


class OrganisationList(Schema):
    items: list[OrganisationOut]
    count: int


class OrganisationFilter(Schema):
    kind: OrganisationKind | None = None
    county: str | None = Field(None, max_length=2, description="Two-digit county code, e.g. 20 for Dalarna")
    q: str | None = Field(None, max_length=100, description="Part of the name")


class OrganisationPatch(Patch):
    logo: None = Field(None, description="`null` removes the logo; upload a new one with `POST …/logo`")


def _etag(organisation: Organisation) -> str:
    return etag_for(organisation.public_id, organisation.logo.name or "")


def _with_relations() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("county", "parent")


@router.get("", response=OrganisationList, auth=None, tags=TAGS, summary="List organisations")
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilter], page: Query[Page]) -> dict[str, Any]:
    qs = _with_relations().order_by("name", "pk")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.county:
        qs = qs.filter(county__code=filters.county)
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    return paginate(qs, page)


@router.get(
    "/{organisation_id}",
    tags=TAGS,
    response=OrganisationOut,
    auth=None,
    url_name="organisation",
    summary="One organisation",
    description="By its id or its slug. The `ETag` header names this version for `If-Match` on a change.",
)
def get_organisation(request: HttpRequest, organisation_id: OrganisationId, response: HttpResponse) -> Organisation:
    organisation = get_by_id_or_slug(_with_relations(), organisation_id)
    response["ETag"] = _etag(organisation)
    return organisation


def _change_logo(request: HttpRequest, organisation_id: str, logo: Any | None, response: HttpResponse) -> Organisation:
    with transaction.atomic():
        organisation = coordinated(request, organisation_id)
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        check_if_match(request, _etag(locked))
        actions.set_logo(api_user(request), locked, logo)
    organisation = _with_relations().get(pk=organisation.pk)
    response["ETag"] = _etag(organisation)
    return organisation


@router.patch(
    "/{organisation_id}",
    tags=TAGS,
    response={200: OrganisationOut, 412: None},
    auth=AUTHENTICATED,
    summary="Change an organisation's settings (coordinators)",
    description=(
        "Only the fields sent change. The settings a coordinator keeps are the logo (`null` removes it). "
        "Send `If-Match` with the `ETag` you read: 412 when the organisation changed since."
    ),
)
def update_organisation(
    request: HttpRequest, organisation_id: OrganisationId, payload: OrganisationPatch, response: HttpResponse
) -> Organisation:
    if "logo" in payload.changes():
        return _change_logo(request, organisation_id, None, response)
    organisation = coordinated(request, organisation_id)
    check_if_match(request, _etag(organisation))
    response["ETag"] = _etag(organisation)
    return organisation


@router.post(
    "/{organisation_id}/logo",
    tags=TAGS,
    response={200: OrganisationOut, 412: None},
    auth=AUTHENTICATED,
    summary="Upload the organisation's logo (coordinators)",
    description="Multipart, the file as `logo`: PNG or JPEG, at most 1 MB. Takes `If-Match` as `PATCH` does.",
)
def upload_logo(
    request: HttpRequest, organisation_id: OrganisationId, logo: File[UploadedFile], response: HttpResponse
) -> Organisation:
    return _change_logo(request, organisation_id, logo, response)
