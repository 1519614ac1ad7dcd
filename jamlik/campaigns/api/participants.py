"""The organisations in a campaign: invitations, applications, approval, withdrawal, headcounts.

Programme managers see and change every participant. A coordinator sees only their own
organisations' participation (another organisation's answers 404, as if missing) and can apply
for them, which accepts an invitation at once. Each change is the action the pages call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Schema, Status
from pydantic import Field

from jamlik.campaigns import actions
from jamlik.campaigns.access import (
    get_campaign_by_ident,
    get_managed_campaign_by_ident,
    get_participant_by_id,
    participants_for,
)
from jamlik.campaigns.api.common import (
    CampaignParticipantList,
    CampaignParticipantOut,
    organisation_by_ref,
    problem_responses,
    refused_by_state,
    router,
)
from jamlik.campaigns.models import Campaign, Participant, ParticipantStatus
from jamlik.lib.api.pagination import Page, paginate
from jamlik.lib.api.payload import Payload
from jamlik.people.access import coordinated_organisations
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import Organisation

ORGANISATION = "The organisation's id (its slug is accepted too)"


class CampaignParticipantFilter(Schema):
    status: ParticipantStatus | None = None


class CampaignInvitationIn(Payload):
    organisation: str = Field(min_length=1, max_length=200, description=ORGANISATION)


class CampaignApplicationIn(Payload):
    organisation: str = Field(min_length=1, max_length=200, description=ORGANISATION + " (one you coordinate)")


class CampaignHeadcountIn(Payload):
    headcount: int = Field(ge=1, le=2_000_000, description="The corrected number of employees")
    reason: str = Field(min_length=1, max_length=300, description="Shown on the campaign page")


def _created_or_existing(
    campaign: Campaign, organisation: Organisation, change: Callable[[], Participant]
) -> Status[Participant]:
    """201 when the change made the participant, 200 when it was there already."""
    existed = Participant.objects.filter(campaign=campaign, organisation=organisation).exists()
    with refused_by_state():
        participant = change()
    return Status(200 if existed else 201, _reread(participant))


def _reread(participant: Participant) -> Participant:
    return Participant.objects.select_related("organisation", "campaign").get(pk=participant.pk)


@router.get(
    "/{campaign_id}/participants",
    response=CampaignParticipantList,
    auth=AUTHENTICATED,
    summary="Participants",
    description="Programme managers: every organisation invited, applying, taking part or withdrawn. "
    "Coordinators: their own organisations' participation only. Ordered by organisation name.",
)
def list_campaign_participants(
    request: HttpRequest, campaign_id: str, filters: Query[CampaignParticipantFilter], page: Query[Page]
) -> dict[str, Any]:
    user = api_user(request)
    campaign = get_campaign_by_ident(user, campaign_id)
    qs = participants_for(user, campaign).select_related("organisation", "campaign")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return paginate(qs.order_by("organisation__name", "pk"), page)


@router.get(
    "/{campaign_id}/participants/{participant_id}",
    response=CampaignParticipantOut,
    auth=AUTHENTICATED,
    summary="One participant",
    description="Programme managers: any; coordinators: their own organisation's (404 for another's).",
)
def get_campaign_participant(request: HttpRequest, campaign_id: str, participant_id: UUID) -> Participant:
    user = api_user(request)
    return get_participant_by_id(user, get_campaign_by_ident(user, campaign_id), participant_id)


@router.post(
    "/{campaign_id}/participants",
    response={200: CampaignParticipantOut, 201: CampaignParticipantOut},
    auth=AUTHENTICATED,
    summary="Invite an organisation",
    description="Programme managers. 201 with the new participant (`invited`); 200 when the organisation "
    "was already in the campaign (one taking part stays so; one that applied or withdrew is invited). "
    "409 once the campaign is over.",
    openapi_extra=problem_responses(409),
)
def invite_to_campaign(request: HttpRequest, campaign_id: str, payload: CampaignInvitationIn) -> Status[Participant]:
    user = api_user(request)
    campaign = get_managed_campaign_by_ident(user, campaign_id)
    organisation = organisation_by_ref(payload.organisation)
    return _created_or_existing(campaign, organisation, lambda: actions.invite(user, campaign, organisation))


@router.post(
    "/{campaign_id}/applications",
    response={200: CampaignParticipantOut, 201: CampaignParticipantOut},
    auth=AUTHENTICATED,
    summary="Apply to take part (coordinators)",
    description="A coordinator asks for their organisation to take part in a published campaign; if the "
    "organisation was invited it takes part at once (`approved`, headcount frozen if the campaign has "
    "started). 201 when the participant is new, 200 otherwise. An organisation the caller does not "
    "coordinate is refused as unknown (422).",
    openapi_extra=problem_responses(409),
)
def apply_to_campaign(request: HttpRequest, campaign_id: str, payload: CampaignApplicationIn) -> Status[Participant]:
    user = api_user(request)
    campaign = get_campaign_by_ident(user, campaign_id)
    organisation = organisation_by_ref(payload.organisation, coordinated_organisations(user))
    return _created_or_existing(campaign, organisation, lambda: actions.apply(user, campaign, organisation))


def _managed_participant(request: HttpRequest, campaign_id: str, participant_id: UUID) -> Participant:
    user = api_user(request)
    return get_participant_by_id(user, get_managed_campaign_by_ident(user, campaign_id), participant_id)


@router.post(
    "/{campaign_id}/participants/{participant_id}/approve",
    response=CampaignParticipantOut,
    auth=AUTHENTICATED,
    summary="Approve a participant",
    description="Programme managers: an invited or applying organisation takes part. After the start its "
    "headcount is frozen now and its completions are counted at once; 409 if it has no headcount "
    "declared, or the campaign is over.",
    openapi_extra=problem_responses(409),
)
def approve_campaign_participant(request: HttpRequest, campaign_id: str, participant_id: UUID) -> Participant:
    participant = _managed_participant(request, campaign_id, participant_id)
    with refused_by_state():
        return _reread(actions.approve(api_user(request), participant))


@router.post(
    "/{campaign_id}/participants/{participant_id}/withdraw",
    response=CampaignParticipantOut,
    auth=AUTHENTICATED,
    summary="Decline or withdraw a participant",
    description="Programme managers: declines an application or invitation, or takes a participant out "
    "of the standings. 409 once the campaign is closed (amend its result instead).",
    openapi_extra=problem_responses(409),
)
def withdraw_campaign_participant(request: HttpRequest, campaign_id: str, participant_id: UUID) -> Participant:
    participant = _managed_participant(request, campaign_id, participant_id)
    with refused_by_state():
        return _reread(actions.withdraw(api_user(request), participant))


@router.post(
    "/{campaign_id}/participants/{participant_id}/headcount",
    response=CampaignParticipantOut,
    auth=AUTHENTICATED,
    summary="Correct a participant's headcount",
    description="Programme managers, until the end of `headcount_freeze_on`, once the headcount is frozen; "
    "each correction is listed with its reason on the campaign page. 409 after the freeze day, before "
    "the headcount is frozen, or once the campaign is closed.",
    openapi_extra=problem_responses(409),
)
def correct_campaign_headcount(
    request: HttpRequest, campaign_id: str, participant_id: UUID, payload: CampaignHeadcountIn
) -> Participant:
    participant = _managed_participant(request, campaign_id, participant_id)
    with refused_by_state():
        corrected = actions.correct_headcount(
            api_user(request), participant, headcount=payload.headcount, reason=payload.reason
        )
    return _reread(corrected)
