"""The Redis cache while Redis is down: pages still answer, and the server is left alone for a while.

Django's own RedisCache raises on a refused or timed-out connection, so every page that reads
the cache failed during an outage (and first waited for the timeouts). These tests point the
production configuration (``cache_from_url``) at a port where nothing listens, or at a socket
that accepts connections and never answers, and count the connections that reach it.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from jamlik.lib.cache import ResilientRedisCache
from jamlik.lib.env import cache_from_url


def a_closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SilentServer:
    """Accepts connections and never answers; counts how many arrive."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = int(self.sock.getsockname()[1])
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self) -> None:
        for conn in self.accepted:
            conn.close()
        self.sock.close()


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


def down_cache(port: int, **extra: Any) -> ResilientRedisCache:
    params = {**cache_from_url(f"redis://127.0.0.1:{port}/0"), **extra}
    assert params["BACKEND"] == "jamlik.lib.cache.ResilientRedisCache"
    params.pop("BACKEND")
    return ResilientRedisCache(params.pop("LOCATION"), params)


def test_a_cache_that_is_down_answers_as_an_empty_cache() -> None:
    cache = down_cache(a_closed_port())
    assert cache.get("standings", "fallback") == "fallback"
    cache.set("standings", "table")
    assert cache.add("ratelimit:verify:1", 1) is True  # as if counting from nothing: the limit fails open
    assert cache.incr("ratelimit:verify:1") == 1
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("a") is False
    assert cache.is_paused


def test_after_a_failure_the_cache_server_is_left_alone_for_a_while(silent: SilentServer) -> None:
    cache = down_cache(
        silent.port,
        OPTIONS={"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        PAUSE_AFTER_FAILURE=1.5,
    )
    assert cache.get("k", "fallback") == "fallback"  # connects, then times out waiting for an answer
    tried = len(silent.accepted)
    assert tried >= 1
    for _ in range(20):
        assert cache.get("k") is None
        cache.set("k", 1)
    assert len(silent.accepted) == tried  # nothing reached the server during the pause
    time.sleep(1.6)
    cache.get("k")
    assert len(silent.accepted) > tried  # after the pause it is tried again


@pytest.mark.django_db
def test_pages_and_rate_limits_work_while_the_cache_is_down(client: Client, settings: Any) -> None:
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{a_closed_port()}/0")}
    assert client.get("/statistik/oversikt/").status_code == 200
    assert client.get("/verifiera/?code=ABCD-EFGH").status_code in (200, 404)
