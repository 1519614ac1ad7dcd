"""A fixed-window limit per client address for the public verification page and API.

The counting is ``jamlik.lib.ratelimit``'s (the cache, shared by every web process; the client's
address behind trusted proxies, an IPv6 client by its /64).
"""

from __future__ import annotations

from django.http import HttpRequest

from jamlik.lib import ratelimit

VERIFY_LIMIT = 30  # lookups per address per window
WINDOW_SECONDS = 60


def over_limit(request: HttpRequest, scope: str = "verify") -> bool:
    """Count this request; True when the address has used up its lookups for this window."""
    return ratelimit.over_limit(scope, ratelimit.address_of(request), VERIFY_LIMIT, WINDOW_SECONDS)
