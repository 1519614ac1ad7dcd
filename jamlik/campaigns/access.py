"""The only ways views and the API reach campaigns. Missing and forbidden both answer 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from jamlik.campaigns.models import Campaign, CampaignStatus, Participant, ParticipantStatus
from jamlik.lib.api.lookup import get_by_id_or_slug
from jamlik.people.access import coordinated_organisations
from jamlik.people.models import Organisation


def public_campaigns() -> QuerySet[Campaign]:
    """Campaigns anyone may see: published or closed, never drafts."""
    return Campaign.objects.exclude(status=CampaignStatus.DRAFT)


def get_public_campaign(slug: str) -> Campaign:
    campaign = public_campaigns().filter(slug=slug).first()
    if campaign is None:
        raise Http404
    return campaign


def get_visible_campaign(user: Any, slug: str) -> Campaign:
    """A campaign's page: published and closed ones for everyone, drafts for programme managers."""
    return get_object_or_404(visible_campaigns(user), slug=slug)


def get_public_campaign_by_id(public_id: UUID) -> Campaign:
    campaign = public_campaigns().filter(public_id=public_id).first()
    if campaign is None:
        raise Http404
    return campaign


def may_manage(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_programme_manager)


def check_may_manage(actor: Any) -> None:
    """What every action that runs a campaign checks first: programme managers only. ``None`` is
    the platform itself (scheduled commands, the demo data). ``PermissionDenied`` otherwise."""
    if actor is not None and not may_manage(actor):
        raise PermissionDenied


def get_campaign_for_manager(user: Any, slug: str) -> Campaign:
    """Programme managers (and administrators) run every campaign."""
    if not may_manage(user):
        raise Http404
    campaign = Campaign.objects.filter(slug=slug).first()
    if campaign is None:
        raise Http404
    return campaign


def get_participant_for_manager(campaign: Campaign, pk: int) -> Participant:
    participant = (
        Participant.objects.select_related("organisation", "campaign").filter(campaign=campaign, pk=pk).first()
    )
    if participant is None:
        raise Http404
    return participant


def get_participant_for_coordinator(user: Any, campaign: Campaign, org_slug: str) -> Participant:
    """The coordinator's own organisation's participation (programme managers see any)."""
    organisations = Organisation.objects.all() if may_manage(user) else coordinated_organisations(user)
    participant = (
        Participant.objects.select_related("organisation", "campaign")
        .filter(
            campaign=campaign,
            organisation__in=organisations,
            organisation__slug=org_slug,
            status=ParticipantStatus.APPROVED,
        )
        .first()
    )
    if participant is None:
        raise Http404
    return participant


# --- The API: campaigns and participants by their id ------------------------------------------


def visible_campaigns(user: Any) -> QuerySet[Campaign]:
    """Public campaigns; programme managers (and administrators) see drafts too."""
    return Campaign.objects.all() if may_manage(user) else public_campaigns()


def get_campaign_by_ident(user: Any, ident: str) -> Campaign:
    """A campaign ``user`` may see, by its id or its slug (404 for a draft anyone else asks for)."""
    return get_by_id_or_slug(visible_campaigns(user), ident)


def get_managed_campaign_by_ident(user: Any, ident: str) -> Campaign:
    """A campaign ``user`` runs: programme managers and administrators; 404 for everyone else."""
    if not may_manage(user):
        raise Http404
    return get_by_id_or_slug(Campaign.objects.all(), ident)


def participants_for(user: Any, campaign: Campaign) -> QuerySet[Participant]:
    """Every participant for programme managers; a coordinator's own organisations' only (any
    status, so an invitation shows); nothing for anyone else."""
    participants = Participant.objects.filter(campaign=campaign)
    if may_manage(user):
        return participants
    return participants.filter(organisation__in=coordinated_organisations(user))


def get_participant_by_id(user: Any, campaign: Campaign, public_id: UUID) -> Participant:
    """One participant of ``campaign`` that ``user`` may see; another organisation's answers 404."""
    participant = (
        participants_for(user, campaign).select_related("organisation", "campaign").filter(public_id=public_id).first()
    )
    if participant is None:
        raise Http404
    return participant
