"""A short cache for the public standings: the page's standings and chart, and the JSON.

At national scale rendering the standings costs far more than reading them, and thousands of
visitors ask for the same figures. Live figures may therefore be up to ``seconds()`` old (the page
says so). Keys hold the campaign's status, so the frozen result is served the moment a campaign
closes; the page's key also holds the amendments and headcount corrections it lists, and amending
a result drops the cached JSON (``forget``), so corrections show at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from jamlik.campaigns.models import Campaign

T = TypeVar("T")


def seconds() -> int:
    """How long public standings are kept; 0 turns the cache off."""
    return int(getattr(settings, "JAMLIK_CAMPAIGN_CACHE_SECONDS", 30))


def cached(key: str, compute: Callable[[], T]) -> T:
    ttl = seconds()
    if ttl <= 0:
        return compute()
    value: T | None = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, ttl)
    return value


def standings_key(campaign: Campaign) -> str:
    return f"campaigns:standings:{campaign.public_id}:{campaign.status}"


def page_key(campaign: Campaign, *parts: object) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"campaigns:page:{campaign.public_id}:{campaign.status}:{digest}"


def forget(campaign: Campaign) -> None:
    """Drop the cached JSON (after an amendment); the page's key changes by itself."""
    cache.delete(standings_key(campaign))
