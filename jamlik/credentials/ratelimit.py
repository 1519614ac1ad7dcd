"""A fixed-window limit per client address for the public verification page and API.

Counts live in Django's cache (the database cache or Redis, ``JAMLIK_CACHE_URL``; shared by every
web process). The address is the client's as ``jamlik.lib.clientip`` derives it behind trusted
proxies; an IPv6 client counts by its /64, as allauth's limits do, since one machine holds many.
"""

from __future__ import annotations

import ipaddress
import time

from django.core.cache import cache
from django.http import HttpRequest

from jamlik.lib.clientip import client_ip

VERIFY_LIMIT = 30  # lookups per address per window
WINDOW_SECONDS = 60


def over_limit(request: HttpRequest, scope: str = "verify") -> bool:
    """Count this request; True when the address has used up its lookups for this window."""
    address = client_ip(request)
    if ":" in address:
        address = str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
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
