"""An organisation's email domains for its coordinators: list, add, remove.

The same actions as the domains page: a domain is written as ``kommun.se`` (a leading ``@`` and a
trailing dot are dropped), has one owner across the platform, and says whether a coordinator
approves the people who join by it. Only a proven address joins anyone (docs/architecture.md).
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from jamlik.lib.api.pagination import Page, paginate
from jamlik.lib.api.payload import Payload
from jamlik.people import actions
from jamlik.people.api.common import OrganisationId, coordinated, located
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import EmailDomain, Organisation

router = Router(tags=["email domains"])

DomainId = Annotated[UUID, Path(description="The email domain's id")]


class EmailDomainOut(Schema):
    id: UUID = Field(alias="public_id")
    domain: str
    requires_approval: bool = Field(description="Whether a coordinator approves people who join by this domain")
    created_at: datetime.datetime


class EmailDomainList(Schema):
    items: list[EmailDomainOut]
    count: int


class EmailDomainIn(Payload):
    domain: str = Field(min_length=1, max_length=253, description="For example kommun.se")
    requires_approval: bool = True


def _domain(organisation: Organisation, domain_id: UUID) -> EmailDomain:
    return get_object_or_404(
        EmailDomain.objects.select_related("organisation"), organisation=organisation, public_id=domain_id
    )


@router.get(
    "/{organisation_id}/email-domains",
    response=EmailDomainList,
    auth=AUTHENTICATED,
    summary="Email domains (coordinators)",
)
def list_domains(request: HttpRequest, organisation_id: OrganisationId, page: Query[Page]) -> dict[str, Any]:
    organisation = coordinated(request, organisation_id)
    return paginate(organisation.email_domains.order_by("domain"), page)


@router.get(
    "/{organisation_id}/email-domains/{domain_id}",
    response=EmailDomainOut,
    auth=AUTHENTICATED,
    url_name="organisation_email_domain",
    summary="One email domain (coordinators)",
)
def get_domain(request: HttpRequest, organisation_id: OrganisationId, domain_id: DomainId) -> EmailDomain:
    return _domain(coordinated(request, organisation_id), domain_id)


@router.post(
    "/{organisation_id}/email-domains",
    response={201: EmailDomainOut},
    auth=AUTHENTICATED,
    summary="Add an email domain (coordinators)",
    description="422 when it is not a domain, or when it belongs to an organisation already (this one or another).",
)
def add_domain(
    request: HttpRequest, organisation_id: OrganisationId, payload: EmailDomainIn, response: HttpResponse
) -> Status[Any]:
    organisation = coordinated(request, organisation_id)
    item = actions.add_email_domain(
        api_user(request), organisation, domain=payload.domain, requires_approval=payload.requires_approval
    )
    located(response, "organisation_email_domain", organisation_id=organisation.public_id, domain_id=item.public_id)
    return Status(201, item)


@router.delete(
    "/{organisation_id}/email-domains/{domain_id}",
    response={204: None},
    auth=AUTHENTICATED,
    summary="Remove an email domain (coordinators)",
    description="People who joined by it stay members; nobody new joins by it.",
)
def remove_domain(request: HttpRequest, organisation_id: OrganisationId, domain_id: DomainId) -> Status[None]:
    actions.remove_email_domain(api_user(request), _domain(coordinated(request, organisation_id), domain_id))
    return Status(204, None)
