"""Programme managers run campaigns: create, update, publish, freeze the headcounts, close.

Each operation calls the action the manage page calls; the action checks the actor again
(``access.check_may_manage``). Anyone else gets 404 for an existing campaign (as the pages do)
and 403 for creating one.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Status
from pydantic import Field

from jamlik.campaigns import actions, closing
from jamlik.campaigns.access import get_managed_campaign_by_ident, may_manage
from jamlik.campaigns.api.common import (
    CampaignDetail,
    CampaignParticipantList,
    campaign_etag,
    courses_by_id,
    problem_responses,
    refused_by_state,
    router,
)
from jamlik.campaigns.api.public import StandingsOut, standings_out
from jamlik.campaigns.models import Campaign
from jamlik.lib.api.etag import check_if_match
from jamlik.lib.api.fields import Day
from jamlik.lib.api.payload import Patch, Payload
from jamlik.people.api_auth import AUTHENTICATED, api_user

SLUG = r"^[-a-zA-Z0-9_]+$"
MAX_TEXT = 20_000
MAX_COURSES = 100


class CampaignIn(Payload):
    slug: str = Field(min_length=1, max_length=80, pattern=SLUG, description="The short address; never changes")
    title_sv: str = Field(min_length=1, max_length=200)
    title_en: str = Field("", max_length=200)
    description_sv: str = Field("", max_length=MAX_TEXT)
    description_en: str = Field("", max_length=MAX_TEXT)
    courses: list[UUID] = Field(min_length=1, max_length=MAX_COURSES, description="Ids of published courses")
    first_day: Day
    last_day: Day
    counts_earlier: bool = Field(False, description="Whether completions before the first day count")
    headcount_freeze_on: Day | None = Field(None, description="Last day for corrections; default first day + 14")


def _omitted() -> Any:
    """The value of a field the caller left out: never read (``changes()`` has only the fields sent).
    A factory rather than ``None``, so the type says, and the schema shows, that ``null`` is refused."""
    return None


class CampaignPatch(Patch):
    """Only the fields sent change. None of them takes ``null``."""

    title_sv: str = Field(default_factory=_omitted, min_length=1, max_length=200)
    title_en: str = Field(default_factory=_omitted, max_length=200)
    description_sv: str = Field(default_factory=_omitted, max_length=MAX_TEXT)
    description_en: str = Field(default_factory=_omitted, max_length=MAX_TEXT)
    courses: list[UUID] = Field(default_factory=_omitted, min_length=1, max_length=MAX_COURSES)
    first_day: Day = Field(default_factory=_omitted)
    last_day: Day = Field(default_factory=_omitted)
    counts_earlier: bool = Field(default_factory=_omitted)
    headcount_freeze_on: Day = Field(default_factory=_omitted)


def _detail(campaign: Campaign, response: HttpResponse) -> Campaign:
    campaign.refresh_from_db()  # as a later read gives it (times in UTC, not as the action built them)
    response["ETag"] = campaign_etag(campaign)
    return campaign


@router.post(
    "",
    response={201: CampaignDetail},
    auth=AUTHENTICATED,
    summary="Create a campaign",
    description="A draft, for programme managers and administrators. `last_day` is inclusive; the counted "
    "courses must be published. Answers the campaign with `Location` and `ETag`.",
)
def create_campaign(request: HttpRequest, payload: CampaignIn, response: HttpResponse) -> Status[Campaign]:
    user = api_user(request)
    if not may_manage(user):
        raise PermissionDenied
    fields = payload.model_dump()
    fields["courses"] = courses_by_id(payload.courses)
    campaign = actions.create_campaign(user, **fields)
    response["Location"] = f"{request.path.rstrip('/')}/{campaign.public_id}"
    return Status(201, _detail(campaign, response))


def _current(campaign: Campaign) -> dict[str, Any]:
    return {
        "title_sv": campaign.title_sv,
        "title_en": campaign.title_en,
        "description_sv": campaign.description_sv,
        "description_en": campaign.description_en,
        "courses": list(campaign.courses.all()),
        "first_day": campaign.first_day,
        "last_day": campaign.last_day,
        "counts_earlier": campaign.counts_earlier,
        "headcount_freeze_on": campaign.headcount_freeze_on,
    }


@router.patch(
    "/{campaign_id}",
    response=CampaignDetail,
    auth=AUTHENTICATED,
    summary="Update a campaign",
    description="Change the fields sent (not the slug) of a draft or running campaign; a closed one is "
    "amended instead (409). Send the `ETag` of your last read as `If-Match` to be refused (412) "
    "rather than overwrite someone else's change. The standings are recounted when what counts changes.",
    openapi_extra=problem_responses(409, 412),
)
def update_campaign(request: HttpRequest, campaign_id: str, payload: CampaignPatch, response: HttpResponse) -> Campaign:
    user = api_user(request)
    campaign = get_managed_campaign_by_ident(user, campaign_id)
    changes = payload.changes()
    if "courses" in changes:
        changes["courses"] = courses_by_id(payload.courses)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)  # two editors: one at a time
        check_if_match(request, campaign_etag(campaign))
        with refused_by_state():
            campaign = actions.update_campaign(user, campaign, **{**_current(campaign), **changes})
    return _detail(campaign, response)


@router.post(
    "/{campaign_id}/publish",
    response=CampaignDetail,
    auth=AUTHENTICATED,
    summary="Publish a campaign",
    description="A draft becomes public and open for applications. Publishing a published or closed "
    "campaign changes nothing.",
)
def publish_campaign(request: HttpRequest, campaign_id: str, response: HttpResponse) -> Campaign:
    user = api_user(request)
    campaign = get_managed_campaign_by_ident(user, campaign_id)
    return _detail(actions.publish_campaign(user, campaign), response)


@router.post(
    "/{campaign_id}/freeze-headcounts",
    response=CampaignParticipantList,
    auth=AUTHENTICATED,
    summary="Freeze the headcounts now",
    description="Every approved participant without a frozen headcount gets its latest declaration (as the "
    "hourly job does at the start). All or nothing: 409 naming every organisation without a declaration. "
    "Answers the participants frozen now.",
    openapi_extra=problem_responses(409),
)
def freeze_campaign_headcounts(request: HttpRequest, campaign_id: str) -> dict[str, Any]:
    user = api_user(request)
    campaign = get_managed_campaign_by_ident(user, campaign_id)
    with refused_by_state():
        frozen = actions.start(user, campaign)
    return {"items": frozen, "count": len(frozen)}


@router.post(
    "/{campaign_id}/close",
    response=StandingsOut,
    auth=AUTHENTICATED,
    summary="Close a campaign",
    description="After its last day: freezes any missing headcount, recounts the standings from the "
    "completions (repairing the counters) and freezes them into the final result, which it answers. "
    "409 before the last day is over, when already closed, or when an organisation has no headcount.",
    openapi_extra=problem_responses(409),
)
def close_campaign(request: HttpRequest, campaign_id: str) -> dict[str, Any]:
    user = api_user(request)
    campaign = get_managed_campaign_by_ident(user, campaign_id)
    with refused_by_state():
        closing.close_campaign(user, campaign)
    campaign.refresh_from_db()
    return standings_out(campaign)
