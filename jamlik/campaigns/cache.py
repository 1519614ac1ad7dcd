"""A short cache for the public standings: the whole page for anonymous visitors, the page's
standings and chart for everyone else, and the JSON.

At national scale rendering the standings costs far more than reading them, and thousands of
visitors ask for the same figures. Live figures may therefore be up to ``seconds()`` old (the page
says so). Keys hold the campaign's status, so the frozen result is served the moment a campaign
closes; the page's key also holds the amendments and headcount corrections it lists, and amending
a result drops the cached JSON (``forget``), so corrections show at once.

The anonymous page holds nothing personal, so a visitor without a session or pending messages
gets the whole page from the cache (``anonymous_page``): two queries (the campaign, the cache)
instead of seven, and no template rendered. Its CSRF token (the language form) is the one part
that differs per visitor: the page is kept with a placeholder, replaced on the way out. Every
action that changes what the page lists besides the live counts (the campaign's text, its
participants, news, headcount corrections, amendments) calls ``forget``, which starts a new
generation: pages kept before it are no longer served. Live counts may be ``seconds()`` old,
as the page says.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

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


# Stands in for the visitor's CSRF token in a kept page (HTML-safe, and no campaign text holds it).
CSRF_PLACEHOLDER = "jamlik-csrf-placeholder-3f9a1c7e52b04d68"


def _generation_key(campaign: Campaign) -> str:
    return f"campaigns:generation:{campaign.public_id}"


def anonymous_page(campaign: Campaign, language: str, path: str, token: str, render: Callable[[], str]) -> str:
    """The anonymous page for ``path`` in ``language``: kept for ``seconds()``, and only while no
    ``forget`` happened since it was rendered. ``render`` must use ``CSRF_PLACEHOLDER`` as the
    CSRF token; ``token`` (the visitor's) takes its place."""
    ttl = seconds()
    if ttl <= 0:
        return render().replace(CSRF_PLACEHOLDER, token)
    digest = hashlib.sha256(path.encode()).hexdigest()
    key = f"campaigns:anonymous:{campaign.public_id}:{campaign.status}:{language}:{digest}"
    generation_key = _generation_key(campaign)
    found = cache.get_many([key, generation_key])  # one round trip for both
    generation = found.get(generation_key, "")
    kept = found.get(key)
    if kept is not None and kept[0] == generation:
        html = str(kept[1])
    else:
        html = render()
        cache.set(key, (generation, html), ttl)
    return html.replace(CSRF_PLACEHOLDER, token)


def forget(campaign: Campaign) -> None:
    """After a change the public page shows besides the live counts: drop the cached JSON and
    start a new generation of anonymous pages (the signed-in page's key changes by itself)."""
    cache.delete(standings_key(campaign))
    cache.set(_generation_key(campaign), secrets.token_hex(8), None)


def forget_on_commit(campaign: Campaign) -> None:
    """``forget`` once the change is committed (a page rendered before the commit is dropped too)."""
    transaction.on_commit(lambda: forget(campaign))
