"""The news feeds as feed readers see them: valid RSS and Atom (parsed by feedparser), every link
and id on SITE_URL (never the sites framework's placeholder domain), ids unique across
installations, and the news page announcing both feeds."""

from __future__ import annotations

from typing import Any

import feedparser
import pytest
from django.contrib.sites.models import Site
from django.test import Client

from tests.knowledge.factories import NewsItemFactory
from tests.knowledge.test_news_and_pages import campaign_news

pytestmark = pytest.mark.django_db

SITE = "https://jamlik.example.se"


@pytest.fixture
def stream(settings: Any) -> None:
    settings.SITE_URL = SITE
    # Even a stale Site row (as the first migration left it) must not leak into the feeds.
    Site.objects.filter(pk=settings.SITE_ID).update(domain="jamlik.localhost")
    Site.objects.clear_cache()
    NewsItemFactory(title="Första nyheten")
    NewsItemFactory(title="Andra nyheten")
    first = campaign_news(days_ago=2)
    CampaignNewsTwin = type(first)
    CampaignNewsTwin.objects.create(
        campaign=first.campaign, title_sv="Rättelse", body_sv="En rättelse.", published_at=first.published_at
    )


def _parse(client: Client, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("path", ["/nyheter/rss/", "/nyheter/atom/"])
def test_feed_links_and_ids_come_from_the_site_url(client: Client, stream: None, path: str) -> None:
    feed = _parse(client, path)
    assert feed.feed.link == f"{SITE}/nyheter/"
    assert len(feed.entries) == 4
    for entry in feed.entries:
        assert entry.link.startswith(f"{SITE}/"), entry.link
        assert entry.id.startswith(f"{SITE}/"), entry.id
    assert len({entry.id for entry in feed.entries}) == 4, "two entries share an id"
    assert "jamlik.localhost" not in client.get(path).content.decode()


def test_every_link_in_the_feed_answers(client: Client, stream: None) -> None:
    feed = _parse(client, "/nyheter/atom/")
    for entry in feed.entries:
        response = client.get(entry.link.removeprefix(SITE))
        assert response.status_code == 200, entry.link
        fragment = entry.link.partition("#")[2]
        if fragment:
            assert f'id="{fragment}"' in response.content.decode(), entry.link


def test_atom_has_the_required_elements(client: Client, stream: None) -> None:
    feed = _parse(client, "/nyheter/atom/")
    assert feed.version == "atom10"
    assert feed.feed.id == f"{SITE}/nyheter/atom/"
    assert feed.feed.get("updated")
    assert any(link.rel == "self" and link.href == f"{SITE}/nyheter/atom/" for link in feed.feed.links)
    for entry in feed.entries:
        assert entry.get("updated_parsed"), f"{entry.title} has no <updated>"
        assert entry.get("author")
    assert b"<updated>" in client.get("/nyheter/atom/").content.split(b"<entry>", 1)[1]


def test_rss_guids_are_permalinks_on_the_site(client: Client, stream: None) -> None:
    feed = _parse(client, "/nyheter/rss/")
    assert feed.version == "rss20"
    for entry in feed.entries:
        assert entry.id == entry.link
    # feedparser reports guidislink only for items without <link>, so read the attribute itself.
    rss = client.get("/nyheter/rss/").content.decode()
    assert 'isPermaLink="false"' not in rss
    assert rss.count('<guid isPermaLink="true">') == 4


def test_the_news_page_announces_its_feeds(client: Client) -> None:
    page = client.get("/nyheter/").content.decode()
    head = page.split("</head>", 1)[0]
    assert '<link rel="alternate" type="application/rss+xml"' in head
    assert '<link rel="alternate" type="application/atom+xml"' in head
    assert 'href="/nyheter/rss/"' in head and 'href="/nyheter/atom/"' in head
