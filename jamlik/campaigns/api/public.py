"""Campaigns for everyone: lists, details and standings (JSON, CSV, XLSX). No token needed;
a programme manager's token (or session) also sees drafts.

Standings read the counters or the frozen result, never the completions, so each call makes the
same few queries whatever the number of completions.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Schema
from pydantic import Field

from jamlik.campaigns import cache, standings
from jamlik.campaigns.access import get_campaign_by_ident, visible_campaigns
from jamlik.campaigns.api.common import (
    CampaignDetail,
    CampaignOut,
    campaign_etag,
    router,
    viewer,
)
from jamlik.campaigns.chart import percent_of
from jamlik.campaigns.models import Campaign, CampaignStatus
from jamlik.lib.api.fields import CsvDialectParam
from jamlik.lib.api.pagination import Page, paginate
from jamlik.lib.tables import Cell, csv_dialect, csv_response, xlsx_response

IDENT = "The campaign's id (or its slug)"


class CampaignList(Schema):
    items: list[CampaignOut]
    count: int


class StandingOut(Schema):
    organisation: UUID = Field(description="The organisation's id")
    organisation_slug: str
    name: str
    frozen_headcount: int | None
    completions: int
    rate: float | None = Field(description="completions ÷ frozen headcount, from 0 to 1 (can exceed 1)")
    rank: int | None
    medal: str
    amended: bool = Field(description="True if the frozen result of this row was amended after closing")


class StandingsOut(Schema):
    campaign: UUID
    final: bool
    items: list[StandingOut]
    total_completions: int
    total_headcount: int
    organisations: int
    days_left: int


class CampaignFilter(Schema):
    status: CampaignStatus | None = Field(None, description="published or closed (draft: programme managers only)")


def _campaign(request: HttpRequest, ident: str) -> Campaign:
    return get_campaign_by_ident(viewer(request), ident)


@router.get(
    "",
    response=CampaignList,
    auth=None,
    summary="List campaigns",
    description="Published and closed campaigns, newest first. A programme manager's token also lists drafts.",
)
def list_campaigns(request: HttpRequest, filters: Query[CampaignFilter], page: Query[Page]) -> dict[str, Any]:
    qs = visible_campaigns(viewer(request)).order_by("-start_at", "slug")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return paginate(qs, page)


@router.get(
    "/{campaign_id}",
    response=CampaignDetail,
    auth=None,
    summary="One campaign",
    description="By its id (or slug). The `ETag` header is what `If-Match` on `PATCH` compares with. "
    "Drafts answer 404 except to programme managers.",
)
def get_campaign(request: HttpRequest, campaign_id: str, response: HttpResponse) -> Campaign:
    campaign = _campaign(request, campaign_id)
    response["ETag"] = campaign_etag(campaign)
    return campaign


def _standings(request: HttpRequest, campaign_id: str) -> standings.Standings:
    return standings.for_campaign(_campaign(request, campaign_id), with_series=False)


@router.get(
    "/{campaign_id}/standings",
    response=StandingsOut,
    auth=None,
    summary="Standings or final result",
    description="Each organisation's frozen headcount, people counted, rate, rank and medal; the final "
    "result (`final: true`) once the campaign is closed. Live figures may be up to "
    "`JAMLIK_CAMPAIGN_CACHE_SECONDS` old.",
)
def get_standings(request: HttpRequest, campaign_id: str) -> HttpResponse:
    """Live standings may be up to ``cache.seconds()`` old; closing or amending shows at once.

    The body is validated against ``StandingsOut`` and serialised once per cache period, not per request.
    """
    campaign = _campaign(request, campaign_id)
    body = cache.cached(
        cache.standings_key(campaign), lambda: StandingsOut.model_validate(standings_out(campaign)).model_dump_json()
    )
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def standings_out(campaign: Campaign) -> dict[str, Any]:
    table = standings.for_campaign(campaign, with_series=False)
    return {
        "campaign": table.campaign.public_id,
        "final": table.final,
        "items": [
            {
                "organisation": r.organisation_public_id,
                "organisation_slug": r.slug,
                "name": r.name,
                "frozen_headcount": r.headcount,
                "completions": r.completions,
                "rate": float(r.rate) if r.rate is not None else None,
                "rank": r.rank,
                "medal": r.medal,
                "amended": r.amended,
            }
            for r in table.rows
        ],
        "total_completions": table.total_completions,
        "total_headcount": table.total_headcount,
        "organisations": table.organisations,
        "days_left": table.campaign.days_left(),
    }


def _table(table: standings.Standings) -> tuple[list[str], list[list[Cell]]]:
    header = [
        _("Rank"),
        _("Organisation"),
        _("Organisation id"),
        _("Employees"),
        _("Completed"),
        _("Share (%)"),
        _("Amended after closing"),
    ]
    rows: list[list[Cell]] = [
        [r.rank, r.name, r.slug, r.headcount, r.completions, r.percent, _("yes") if r.amended else None]
        for r in table.rows
    ]
    rows.append([None, _("In all"), None, table.total_headcount, table.total_completions, table.total_percent, None])
    return header, rows


@router.get("/{campaign_id}/standings.csv", auth=None, summary="Standings as CSV", url_name="campaign_standings_csv")
def standings_csv(request: HttpRequest, campaign_id: str, dialect: CsvDialectParam = None) -> HttpResponse:
    table = _standings(request, campaign_id)
    header, rows = _table(table)
    name = f"{table.campaign.slug}-{timezone.localdate():%Y-%m-%d}"
    return csv_response(name, header, rows, dialect=csv_dialect(request, dialect))


@router.get("/{campaign_id}/standings.xlsx", auth=None, summary="Standings as XLSX", url_name="campaign_standings_xlsx")
def standings_xlsx(request: HttpRequest, campaign_id: str) -> HttpResponse:
    table = _standings(request, campaign_id)
    header, rows = _table(table)
    return xlsx_response(
        f"{table.campaign.slug}-{timezone.localdate():%Y-%m-%d}", header, rows, title=table.campaign.slug
    )


def _series(request: HttpRequest, campaign_id: str) -> tuple[str, list[str], list[list[Cell]]]:
    """Every organisation's cumulative completions and share on every day so far: the chart's data in full."""
    table = standings.for_campaign(_campaign(request, campaign_id))
    header = [_("Day"), _("Organisation"), _("Organisation id"), _("Employees"), _("Completed"), _("Share (%)")]
    rows: list[list[Cell]] = []
    for i, day in enumerate(table.days):
        for r in table.rows:
            count = table.series[r.participant_id][i]
            rows.append([day, r.name, r.slug, r.headcount, count, percent_of(count, r.headcount)])
    return f"{table.campaign.slug}-per-dag-{timezone.localdate():%Y-%m-%d}", header, rows


@router.get("/{campaign_id}/series.csv", auth=None, summary="Daily series as CSV", url_name="campaign_series_csv")
def series_csv(request: HttpRequest, campaign_id: str, dialect: CsvDialectParam = None) -> HttpResponse:
    name, header, rows = _series(request, campaign_id)
    return csv_response(name, header, rows, dialect=csv_dialect(request, dialect))


@router.get("/{campaign_id}/series.xlsx", auth=None, summary="Daily series as XLSX", url_name="campaign_series_xlsx")
def series_xlsx(request: HttpRequest, campaign_id: str) -> HttpResponse:
    name, header, rows = _series(request, campaign_id)
    return xlsx_response(name, header, rows, title=_("Per day"))
