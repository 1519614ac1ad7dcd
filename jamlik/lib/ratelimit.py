"""Fixed-window rate limits counted in Django's cache, shared by every web process.

Counts live in the cache chosen by ``JAMLIK_CACHE_URL`` (the database cache or Redis). A limit
is counted per *subject*: by default the client's address as ``jamlik.lib.clientip`` derives it
behind trusted proxies, an IPv6 client by its /64 as allauth's limits do (one machine holds
many); a caller may pass its own subject (the API counts a token by its hash).
"""

from __future__ import annotations

import ipaddress
import time

from django.core.cache import cache
from django.http import HttpRequest

from jamlik.lib.clientip import client_ip


def address_of(request: HttpRequest) -> str:
    """The subject of an address-based limit: the client's address, an IPv6 one by its /64."""
    address = client_ip(request)
    if ":" in address:
        address = str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return address


def seconds_left(window_seconds: int) -> int:
    """Seconds until the current window ends (at least one): the honest ``Retry-After``."""
    return window_seconds - int(time.time()) % window_seconds or window_seconds


def over_limit(scope: str, subject: str, limit: int, window_seconds: int) -> bool:
    """Count one use by ``subject``; True once it has used more than ``limit`` in this window."""
    window = int(time.time()) // window_seconds
    key = f"ratelimit:{scope}:{subject}:{window}"
    if cache.add(key, 1, timeout=window_seconds + 5):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds + 5)
        return limit < 1
    return count > limit
