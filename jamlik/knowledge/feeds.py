"""RSS and Atom feeds of the public news stream (news items and campaign results news).

Every link and id is absolute on ``SITE_URL`` (Django's syndication framework would otherwise
take the sites framework's domain). An entry's id is its own page: the news item's page, or the
campaign page with the news's anchor, so ids are unique within the feed and across
installations, and RSS readers may treat them as permalinks. Atom requires ``<updated>`` on
every entry: news is not tracked for later edits, so it is the time the entry was published.
"""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from jamlik.knowledge.news import NewsEntry, news_entries
from jamlik.lib.site import absolute

FEED_LENGTH = 30


class NewsFeed(Feed):  # type: ignore[type-arg]
    url_name = "knowledge:news_rss"

    def title(self) -> str:
        return _("News from Jämlik")

    def description(self) -> str:
        return _("News, press releases and campaign results from the organisations on Jämlik.")

    def link(self) -> str:
        return absolute(reverse("knowledge:news"))

    def feed_url(self) -> str:
        return absolute(reverse(self.url_name))

    def feed_guid(self) -> str:
        return self.feed_url()

    def items(self) -> list[NewsEntry]:
        return news_entries(0, FEED_LENGTH)[0]

    def item_title(self, item: NewsEntry) -> str:
        return item.title

    def item_description(self, item: NewsEntry) -> str:
        return item.lead

    def item_link(self, item: NewsEntry) -> str:
        return absolute(item.url)

    def item_guid(self, item: NewsEntry) -> str:
        return absolute(item.url)

    item_guid_is_permalink = True

    def item_pubdate(self, item: NewsEntry) -> datetime.datetime:
        return item.published_at

    def item_updateddate(self, item: NewsEntry) -> datetime.datetime:
        return item.published_at

    def item_author_name(self, item: NewsEntry) -> str:
        return item.source

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        return None


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    url_name = "knowledge:news_atom"

    def subtitle(self) -> str:
        return self.description()
