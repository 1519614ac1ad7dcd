"""The public news stream: our news items and the campaigns' published results news, merged by date.

Campaign results news (``campaigns.CampaignNews``, drafted when a campaign closes and published by
its programme manager) is read where it lives rather than copied into ``NewsItem``: the campaign
page stays its home, an edit there shows here at once, and nothing can drift apart. Each list
costs four queries whatever its length (two counts, two slices).
"""

from __future__ import annotations

import datetime
import heapq
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.campaigns.models import CampaignNews, CampaignStatus
from jamlik.knowledge.models import NewsItem


@dataclass(frozen=True)
class NewsEntry:
    key: str  # "news:<uuid>" or "campaign:<id>", stable for feeds
    title: str
    lead: str
    published_at: datetime.datetime
    url: str
    source: str
    language: str


def _campaign_news() -> object:
    return (
        CampaignNews.objects.filter(published_at__isnull=False, published_at__lte=timezone.now())
        .exclude(campaign__status=CampaignStatus.DRAFT)
        .select_related("campaign")
        .order_by("-published_at", "-pk")
    )


def _first_paragraph(text: str, limit: int = 400) -> str:
    first = next((part.strip() for part in text.split("\n\n") if part.strip()), "")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _from_item(item: NewsItem) -> NewsEntry:
    return NewsEntry(
        key=f"news:{item.public_id}",
        title=item.title,
        lead=item.lead,
        published_at=item.published_at or item.created_at,
        url=reverse("knowledge:news_item", args=[item.public_id]),
        source=item.organisation.name if item.organisation else _("Jämlik"),
        language=item.language,
    )


def _from_campaign(news: CampaignNews) -> NewsEntry:
    english = bool(news.title_en and news.body_en)
    return NewsEntry(
        key=f"campaign:{news.pk}",
        title=news.title,
        lead=_first_paragraph(news.body),
        published_at=news.published_at or news.created_at,
        # The campaign page shows each of its news under this anchor, so the link (and the feed id) is the news's own.
        url=reverse("campaigns:campaign", args=[news.campaign.slug]) + f"#nyhet-{news.pk}",
        source=news.campaign.title,
        language="en" if english and news.title == news.title_en else "sv",
    )


def news_entries(offset: int = 0, limit: int = 20) -> tuple[list[NewsEntry], int]:
    """One page of the merged stream, newest first, and the total count."""
    end = offset + limit
    items = NewsItem.objects.published().select_related("organisation").order_by("-published_at", "-pk")
    campaign = _campaign_news()
    count = items.count() + campaign.count()  # type: ignore[attr-defined]
    merged = heapq.merge(
        (_from_item(i) for i in items[:end]),
        (_from_campaign(n) for n in campaign[:end]),  # type: ignore[index]
        key=lambda e: e.published_at,
        reverse=True,
    )
    return list(merged)[offset:end], count
