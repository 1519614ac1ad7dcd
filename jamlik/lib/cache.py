"""Redis (or Valkey) as the shared cache, degrading to "no cache" while it does not answer.

The cache holds only what can be recomputed (rate-limit counters, cached standings and
statistics), so a cache server that is down must cost speed, not pages. Django's own
``RedisCache`` raises on a refused or timed-out connection, which fails every request that
touches the cache; and each such request first waits for the timeouts. This backend:

- answers as an empty cache would when Redis fails (``get`` → the default, ``add`` → stored,
  ``incr`` → the delta, writes → nothing), logging a warning;
- after a failure, does not try Redis again for ``PAUSE_AFTER_FAILURE`` seconds (default 15),
  so requests during an outage do not each wait for the timeouts; then it tries again.

What this means while Redis is down: pages are computed on every request, and rate limits
count nothing (they fail open: sign-in codes are still bounded per code by allauth's attempt
limit in the session). ``/readyz`` still reports the cache as failing, since what it writes
does not come back, so the load balancer and the operator know.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

T = TypeVar("T")
FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self.pause_after_failure = float(params.get("PAUSE_AFTER_FAILURE", 15))
        self._down_until = 0.0

    @property
    def is_paused(self) -> bool:
        return time.monotonic() < self._down_until

    def _try(self, call: Callable[[], T], fallback: T) -> T:
        if self.is_paused:
            return fallback
        try:
            return call()
        except FAILURES as exc:
            self._down_until = time.monotonic() + self.pause_after_failure
            logger.warning(
                "The cache does not answer (%s); going on without it for %.0f s", exc, self.pause_after_failure
            )
            return fallback

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._try(lambda: super(ResilientRedisCache, self).get(key, default, version), default)

    def set(self, key: Any, value: Any, timeout: Any = ..., version: int | None = None) -> None:
        kwargs: dict[str, Any] = {} if timeout is ... else {"timeout": timeout}
        self._try(lambda: super(ResilientRedisCache, self).set(key, value, version=version, **kwargs), None)

    def add(self, key: Any, value: Any, timeout: Any = ..., version: int | None = None) -> bool:
        kwargs: dict[str, Any] = {} if timeout is ... else {"timeout": timeout}
        return self._try(lambda: super(ResilientRedisCache, self).add(key, value, version=version, **kwargs), True)

    def touch(self, key: Any, timeout: Any = ..., version: int | None = None) -> bool:
        kwargs: dict[str, Any] = {} if timeout is ... else {"timeout": timeout}
        return self._try(lambda: super(ResilientRedisCache, self).touch(key, version=version, **kwargs), False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._try(lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        keys = list(keys)
        return self._try(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def set_many(self, data: dict[Any, Any], timeout: Any = ..., version: int | None = None) -> list[Any]:
        kwargs: dict[str, Any] = {} if timeout is ... else {"timeout": timeout}
        return self._try(lambda: super(ResilientRedisCache, self).set_many(data, version=version, **kwargs), [])

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        keys = list(keys)
        self._try(lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._try(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self._try(lambda: super(ResilientRedisCache, self).incr(key, delta, version), delta)

    def clear(self) -> None:
        self._try(lambda: super(ResilientRedisCache, self).clear(), None)
