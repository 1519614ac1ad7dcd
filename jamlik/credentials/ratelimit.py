"""A fixed-window limit per client address for the public verification page and API.

Counts live in Django's cache (the database cache in production, shared by every web
process). Behind a proxy, ``REMOTE_ADDR`` must be the client's address (set it in the proxy).
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest

VERIFY_LIMIT = 30  # lookups per address per window
WINDOW_SECONDS = 60


def over_limit(request: HttpRequest, scope: str = "verify") -> bool:
    """Count this request; True when the address has used up its lookups for this window."""
    address = request.META.get("REMOTE_ADDR", "unknown")
    window = int(time.time()) // WINDOW_SECONDS
    key = f"ratelimit:{scope}:{address}:{window}"
    if cache.add(key, 1, timeout=WINDOW_SECONDS + 5):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS + 5)
        return False
    return count > VERIFY_LIMIT
