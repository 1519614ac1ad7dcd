"""One POST to an endpoint: pinned to a checked address, short timeouts, no redirects, a bounded read.

``http.client`` follows no redirects (a 3xx is an answer like any other, and not a success); the
socket connects to an address ``addresses.resolve`` has just allowed, and TLS still checks the
certificate against the host name. At most ``EXCERPT`` characters of the answer are kept.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass

from django.conf import settings

from jamlik.webhooks.addresses import Endpoint, IPAddress, Refused, resolve

EXCERPT = 200
USER_AGENT = "Jamlik-Webhooks/1"


@dataclass(frozen=True)
class Outcome:
    status: int | None  # None: no answer (refused, unreachable, timed out)
    error: str = ""
    excerpt: str = ""
    duration_ms: int = 0

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, endpoint: Endpoint, address: IPAddress, timeout: float) -> None:
        super().__init__(endpoint.host, endpoint.port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((str(self._address), self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, endpoint: Endpoint, address: IPAddress, timeout: float) -> None:
        super().__init__(endpoint.host, endpoint.port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((str(self._address), self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


def post(endpoint: Endpoint, body: str, headers: dict[str, str]) -> Outcome:
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        address = resolve(endpoint)[0]
    except Refused as refused:
        return Outcome(None, error=str(refused)[:200], duration_ms=took())
    timeout = float(settings.JAMLIK_WEBHOOKS_TIMEOUT_SECONDS)
    kind = _PinnedHTTPS if endpoint.scheme == "https" else _PinnedHTTP
    connection = kind(endpoint, address, timeout)
    try:
        connection.request(
            "POST",
            endpoint.path,
            body=body.encode("utf-8"),
            headers={**headers, "content-type": "application/json", "user-agent": USER_AGENT},
        )
        response = connection.getresponse()
        excerpt = response.read(EXCERPT * 4).decode("utf-8", "replace")[:EXCERPT]
        return Outcome(response.status, excerpt=excerpt, duration_ms=took())
    except TimeoutError:
        return Outcome(None, error="timed out", duration_ms=took())
    except (OSError, http.client.HTTPException) as exc:
        return Outcome(None, error=f"{type(exc).__name__}: {exc}"[:200], duration_ms=took())
    finally:
        connection.close()
