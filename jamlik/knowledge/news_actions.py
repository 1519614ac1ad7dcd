"""Writing news items: save (as a draft or published), and take back to a draft. One transaction, one audit entry."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jamlik.audit.models import record
from jamlik.knowledge.access import check_may_write_news
from jamlik.knowledge.models import NewsItem
from jamlik.people.models import User


def save_news(actor: User, item: NewsItem, *, publish: bool) -> NewsItem:
    """Create or change a news item; ``publish`` publishes it now (keeping an earlier date) or makes it a draft."""
    check_may_write_news(actor, item)
    with transaction.atomic():
        is_new = item.pk is None
        if is_new:
            item.author = actor
        was_published = item.published_at is not None
        if publish and item.published_at is None:
            item.published_at = timezone.now()
        if not publish:
            item.published_at = None
        item.full_clean()
        item.save()
        action = "news.created" if is_new else "news.changed"
        if publish and not was_published:
            action = "news.published"
        elif was_published and not publish:
            action = "news.unpublished"
        record(
            action,
            actor=actor,
            organisation=item.organisation,
            target=item,
            summary=item.title,
            after={"published": item.published_at is not None},
        )
    return item
