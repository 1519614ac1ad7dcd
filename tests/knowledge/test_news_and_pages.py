"""News (our items and campaign results), its feeds, and content pages."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.utils import timezone

from jamlik.campaigns.models import Campaign, CampaignNews, CampaignStatus
from jamlik.knowledge.models import ContentPage
from tests.knowledge.factories import NewsItemFactory

pytestmark = pytest.mark.django_db


def campaign_news(status: str = CampaignStatus.CLOSED, published: bool = True, days_ago: int = 2) -> CampaignNews:
    now = timezone.now()
    campaign = Campaign.objects.create(
        slug=f"kampanj-{status}-{published}-{days_ago}",
        title_sv="Ett Dalarna för alla",
        start_at=now - datetime.timedelta(days=90),
        end_at=now - datetime.timedelta(days=10),
        headcount_freeze_on=(now - datetime.timedelta(days=80)).date(),
        status=status,
    )
    return CampaignNews.objects.create(
        campaign=campaign,
        title_sv="Säter vann kampanjen",
        body_sv="Säters kommun fick flest anställda att gå utbildningen.\n\nTotalt deltog åtta organisationer.",
        published_at=now - datetime.timedelta(days=days_ago) if published else None,
    )


def test_the_news_list_merges_news_items_and_campaign_results_newest_first(client, org_a):
    NewsItemFactory(title="Äldre nyhet", organisation=org_a, published_at=timezone.now() - datetime.timedelta(days=5))
    NewsItemFactory(title="Färsk nyhet", published_at=timezone.now() - datetime.timedelta(hours=1))
    campaign_news(days_ago=2)
    page = client.get("/nyheter/").content.decode()
    assert page.index("Färsk nyhet") < page.index("Säter vann kampanjen") < page.index("Äldre nyhet")
    assert "Säters kommun fick flest anställda" in page
    assert "/kampanjer/kampanj-closed-True-2/" in page


def test_drafts_and_future_news_stay_hidden(client):
    NewsItemFactory(title="Utkast", published_at=None)
    NewsItemFactory(title="Framtida", published_at=timezone.now() + datetime.timedelta(days=1))
    campaign_news(published=False)
    campaign_news(status=CampaignStatus.DRAFT, days_ago=3)
    page = client.get("/nyheter/").content.decode()
    assert "Utkast" not in page
    assert "Framtida" not in page
    assert "Säter vann kampanjen" not in page
    draft = NewsItemFactory(published_at=None)
    assert client.get(f"/nyheter/{draft.public_id}/").status_code == 404


def test_a_news_item_has_its_own_page_with_sanitised_text(client):
    item = NewsItemFactory(title="Resultat", body="**Fet** <script>alert(1)</script>")
    page = client.get(f"/nyheter/{item.public_id}/").content.decode()
    assert "<strong>Fet</strong>" in page
    assert "<script>alert(1)" not in page


def test_the_rss_and_atom_feeds_carry_the_same_items(client):
    NewsItemFactory(title="I flödet")
    campaign_news()
    rss = client.get("/nyheter/rss/")
    atom = client.get("/nyheter/atom/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    rss_titles = [item.findtext("title") for item in ET.fromstring(rss.content).iter("item")]  # noqa: S314 (our own feed)
    ns = "{http://www.w3.org/2005/Atom}"
    atom_titles = [e.findtext(f"{ns}title") for e in ET.fromstring(atom.content).iter(f"{ns}entry")]  # noqa: S314
    assert sorted(rss_titles) == sorted(atom_titles) == ["I flödet", "Säter vann kampanjen"]


def test_the_news_list_and_api_cost_the_same_queries_for_many_items(client, org_a, django_assert_max_num_queries):
    for n in range(25):
        NewsItemFactory(organisation=org_a if n % 2 else None)
        campaign_news(days_ago=n + 1)
    client.get("/nyheter/")
    with django_assert_max_num_queries(6):
        assert client.get("/nyheter/").status_code == 200
    with django_assert_max_num_queries(4):
        body = client.get("/api/v1/news", {"limit": 10, "offset": 5}).json()
    assert body["count"] == 50
    assert len(body["items"]) == 10
    second = client.get("/nyheter/", {"sida": "3"}).content.decode()
    assert second.count('class="card"') == 10
    assert client.get("/nyheter/", {"sida": "x"}).status_code == 200


def test_a_content_page_is_shown_in_the_visitors_language_and_sanitised(client):
    ContentPage.objects.create(
        slug="om-jamlik",
        title_sv="Om Jämlik",
        title_en="About Jämlik",
        body_sv="Svensk text <script>alert(1)</script>",
        body_en="English text",
    )
    swedish = client.get("/sida/om-jamlik/").content.decode()
    assert "Om Jämlik" in swedish
    assert "<script>alert(1)" not in swedish
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/sida/om-jamlik/").content.decode()
    assert "About Jämlik" in english
    assert "English text" in english
    assert client.get("/sida/finns-inte/").status_code == 404
