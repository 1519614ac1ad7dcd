"""Public pages: the campaign list, the standings page and the embeddable standings. No sign-in.

They read counters, never completions, and show organisations only: never a person's name.
"""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_update
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.clickjacking import xframe_options_exempt

from jamlik.campaigns import cache, chart, standings
from jamlik.campaigns.access import get_public_campaign, get_visible_campaign, may_manage, public_campaigns
from jamlik.campaigns.models import (
    Campaign,
    CampaignNews,
    CampaignStatus,
    HeadcountCorrection,
    Participant,
    ParticipantStatus,
    ResultAmendment,
)
from jamlik.people.access import coordinated_organisations
from jamlik.people.models import Organisation


def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = list(public_campaigns().order_by("-start_at"))
    now = timezone.now()
    manager = may_manage(request.user)
    context = {
        # Drafts are the programme managers' own: nobody else learns they exist (issue 19: they
        # were listed nowhere, so a draft left unpublished was lost to its maker too).
        "drafts": list(Campaign.objects.filter(status=CampaignStatus.DRAFT).order_by("title_sv")) if manager else [],
        "running": [c for c in campaigns if c.start_at <= now < c.end_at and c.status != "closed"],
        "coming": [c for c in campaigns if now < c.start_at],
        "over": [c for c in campaigns if now >= c.end_at or c.status == "closed"],
        "may_manage": manager,
    }
    return render(request, "campaigns/list.html", context)


def _own(request: HttpRequest, participants: list[Participant]) -> tuple[list[Participant], list[Organisation]]:
    """The signed-in coordinator's organisations: those taking part, and those that could apply."""
    if not request.user.is_authenticated:
        return [], []
    mine = list(coordinated_organisations(request.user).order_by("name"))
    by_org = {p.organisation_id: p for p in participants}
    taking_part = [by_org[o.pk] for o in mine if o.pk in by_org and by_org[o.pk].status == ParticipantStatus.APPROVED]
    may_apply = [
        o
        for o in mine
        if o.pk not in by_org or by_org[o.pk].status in (ParticipantStatus.INVITED, ParticipantStatus.WITHDRAWN)
    ]
    return taking_part, may_apply


def _picked(request: HttpRequest) -> list[str]:
    """The organisations (slugs) the visitor asked to add to the chart: at most ``chart.MAX_PICKED``."""
    return sorted({slug[:100] for slug in request.GET.getlist("org") if slug})[: chart.MAX_PICKED]


def _standings_html(request: HttpRequest, campaign: Campaign, picked: list[str]) -> dict[str, Any]:
    """The costly part of the page, rendered once per key and kept for ``cache.seconds()``."""
    table = standings.for_campaign(campaign)
    drawn = chart.build(table, picked)
    context = {
        "campaign": campaign,
        "standings": table,
        "chart": drawn,
        "picked": set(picked),
        "top": chart.TOP,
        "max_picked": chart.MAX_PICKED,
        "cache_seconds": cache.seconds(),
    }
    return {
        "final": table.final,
        "closed_at": table.closed_at,
        "standings": render_to_string("campaigns/_public_standings.html", context, request),
        "chart": render_to_string("campaigns/_public_chart.html", context, request) if drawn else "",
    }


def _cacheable(request: HttpRequest) -> bool:
    """A visitor the page can be the same for: not signed in, no session, no pending messages."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def campaign_page(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_visible_campaign(request.user, slug)  # a draft for its managers (a preview), 404 for others
    if _cacheable(request):
        html = cache.anonymous_page(
            campaign,
            get_language(),
            request.get_full_path(),
            get_token(request),
            lambda: _page_html(request, campaign, {"csrf_token": cache.CSRF_PLACEHOLDER}),
        )
        return HttpResponse(html)
    return HttpResponse(_page_html(request, campaign, {}))


def _page_html(request: HttpRequest, campaign: Campaign, extra: dict[str, Any]) -> str:
    corrections = list(
        HeadcountCorrection.objects.filter(participant__campaign=campaign)
        .select_related("participant__organisation")
        .order_by("corrected_at", "id")
    )
    news = list(CampaignNews.objects.filter(campaign=campaign, published_at__isnull=False).order_by("-published_at"))
    amendments = list(
        ResultAmendment.objects.filter(row__result__campaign=campaign)
        .select_related("row")
        .order_by("amended_at", "id")
    )
    picked = _picked(request)
    key = cache.page_key(
        campaign,
        get_language(),
        picked,
        timezone.localdate(),
        [(a.pk, a.amended_at) for a in amendments],
        [(c.pk, c.corrected_at) for c in corrections],
    )
    context = {
        "campaign": campaign,
        "fragments": cache.cached(key, lambda: _standings_html(request, campaign, picked)),
        "corrections": corrections,
        "amendments": amendments,
        "news": news,
        "courses": list(campaign.courses.select_related("published_version").order_by("slug")),
        "may_manage": may_manage(request.user),
    }
    if request.user.is_authenticated:
        participants = list(Participant.objects.filter(campaign=campaign))
        context["taking_part"], context["may_apply"] = _own(request, participants)
    return render_to_string("campaigns/campaign.html", {**context, **extra}, request)


@xframe_options_exempt
@csp_update({"frame-ancestors": ["*"]})  # type: ignore[arg-type]
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """Plain HTML without script for an intranet's iframe: the only view that may be framed elsewhere."""
    campaign = get_public_campaign(slug)
    context = {
        "campaign": campaign,
        "standings": standings.for_campaign(campaign, with_series=False),
        "site_url": settings.SITE_URL,
    }
    return render(request, "campaigns/embed.html", context)
