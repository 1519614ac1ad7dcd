"""RSS and Atom feeds of the public news stream (news items and campaign results news)."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from jamlik.knowledge.news import NewsEntry, news_entries

FEED_LENGTH = 30


class NewsFeed(Feed):  # type: ignore[type-arg]
    def title(self) -> str:
        return _("News from Jämlik")

    def description(self) -> str:
        return _("News, press releases and campaign results from the organisations on Jämlik.")

    def link(self) -> str:
        return reverse("knowledge:news")

    def items(self) -> list[NewsEntry]:
        return news_entries(0, FEED_LENGTH)[0]

    def item_title(self, item: NewsEntry) -> str:
        return item.title

    def item_description(self, item: NewsEntry) -> str:
        return item.lead

    def item_link(self, item: NewsEntry) -> str:
        return item.url

    def item_guid(self, item: NewsEntry) -> str:
        return item.key

    item_guid_is_permalink = False

    def item_pubdate(self, item: NewsEntry) -> datetime.datetime:
        return item.published_at

    def item_author_name(self, item: NewsEntry) -> str:
        return item.source

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        return None


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
