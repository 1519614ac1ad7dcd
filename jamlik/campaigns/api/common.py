"""What the campaign operations share: the router, the representations, the caller of a public
operation, references by id, the ETag, and how an action's refusal becomes a problem."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from jamlik.campaigns.models import Campaign, CampaignStatus, ParticipantStatus
from jamlik.courses.models import Course
from jamlik.lib.api.etag import etag_for
from jamlik.lib.api.lookup import get_by_id_or_slug
from jamlik.people.api_auth import AUTHENTICATED
from jamlik.people.models import Organisation, User

router = Router(tags=["campaigns"])

_STATUS_TEXT = {
    409: "The campaign's state refuses the change (closed, over, headcounts frozen, not yet ended…); "
    "the title says why",
    412: "`If-Match` names an older version: read the campaign again and retry",
}


def problem_responses(*statuses: int) -> dict[str, Any]:
    """``openapi_extra`` documenting the campaign's own problem answers (409, 412); the document
    adds the ones every operation shares (401, 403, 404, 422…) by itself."""
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return {"responses": {str(s): {"description": _STATUS_TEXT[s], "content": problem} for s in statuses}}


class CampaignOut(Schema):
    id: UUID = Field(alias="public_id")
    slug: str
    title: str
    title_sv: str
    title_en: str
    status: CampaignStatus
    start_at: datetime.datetime
    end_at: datetime.datetime = Field(description="Exclusive: the campaign ran until just before this moment")
    first_day: datetime.date = Field(description="The first day, in Europe/Stockholm")
    last_day: datetime.date = Field(description="The last day (inclusive), in Europe/Stockholm")
    counts_earlier: bool
    headcount_freeze_on: datetime.date


class CampaignDetail(CampaignOut):
    description_sv: str
    description_en: str
    courses: list[UUID] = Field(description="The ids of the counted courses")

    @staticmethod
    def resolve_courses(obj: Campaign) -> list[UUID]:
        return [c.public_id for c in obj.courses.order_by("slug")]


class CampaignParticipantOut(Schema):
    id: UUID = Field(alias="public_id")
    campaign: UUID = Field(alias="campaign.public_id")
    organisation: UUID = Field(alias="organisation.public_id", description="The organisation's id")
    organisation_slug: str = Field(alias="organisation.slug")
    organisation_name: str = Field(alias="organisation.name")
    status: ParticipantStatus = Field(
        description="invited (by the programme manager), applied (by the organisation's coordinator), "
        "approved (taking part) or withdrawn"
    )
    frozen_headcount: int | None = Field(description="The headcount the rate is worked out from, once frozen")
    headcount_frozen_at: datetime.datetime | None
    completions: int = Field(description="People counted so far")
    created_at: datetime.datetime
    approved_at: datetime.datetime | None


class CampaignParticipantList(Schema):
    items: list[CampaignParticipantOut]
    count: int


def viewer(request: HttpRequest) -> User | None:
    """The caller of a public operation when it sent a token or has a session, else None: a
    programme manager sees drafts where everyone else gets 404."""
    for auth in AUTHENTICATED:
        user = auth(request)
        if isinstance(user, User):
            return user
    return None


def campaign_etag(campaign: Campaign) -> str:
    """Changes with everything an update can change, and with the status."""
    courses = sorted(str(c) for c in campaign.courses.values_list("public_id", flat=True))
    return etag_for(
        campaign.public_id,
        campaign.status,
        campaign.title_sv,
        campaign.title_en,
        campaign.description_sv,
        campaign.description_en,
        campaign.start_at.timestamp(),
        campaign.end_at.timestamp(),
        campaign.counts_earlier,
        campaign.headcount_freeze_on.isoformat(),
        courses,
    )


def courses_by_id(ids: list[UUID], field: str = "courses") -> list[Course]:
    """The courses named, in the order sent; 422 naming every unknown id."""
    found = {c.public_id: c for c in Course.objects.select_related("published_version").filter(public_id__in=ids)}
    unknown = [str(i) for i in ids if i not in found]
    if unknown:
        raise ValidationError({field: _("No such course: %(ids)s.") % {"ids": ", ".join(unknown)}})
    return list(dict.fromkeys(found[i] for i in ids))


def organisation_by_ref(
    ref: str, organisations: QuerySet[Organisation] | None = None, field: str = "organisation"
) -> Organisation:
    """The organisation a body names (its id, or its slug) among ``organisations`` (default: all);
    one missing and one outside them are alike: 422 on the field."""
    try:
        return get_by_id_or_slug(Organisation.objects.all() if organisations is None else organisations, ref)
    except Http404:
        raise ValidationError({field: _("No such organisation.")}) from None


@contextmanager
def refused_by_state() -> Iterator[None]:
    """An action's error on a field stays a 422; one without a field is the campaign's state
    refusing the change (closed, over, frozen): 409 with the action's own words as the title."""
    try:
        yield
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        raise HttpError(409, " ".join(error.messages)) from error
