"""The client's address: derived once per request, in one place, from what the trusted proxies say.

Behind a proxy ``REMOTE_ADDR`` is the proxy's address, and the client's is in
``X-Forwarded-For``, which every proxy extends with the address it received the request from.
Everything left of what our own proxies wrote is whatever the client chose to send, so only the
trusted part of the chain is read. ``JAMLIK_TRUSTED_PROXIES`` says which part that is:

- empty or ``0``: no proxy; the client is ``REMOTE_ADDR`` and ``X-Forwarded-For`` is ignored;
- a number *n*: the application is reached only through *n* proxies of ours; the client is the
  address the outermost of them saw (the *n*-th entry of ``X-Forwarded-For`` from the right);
- addresses or networks (``10.0.0.0/8, 192.0.2.7``): walking from ``REMOTE_ADDR`` leftwards,
  the first address that is not one of them is the client. A request from outside the list
  (someone who reached the application directly) is taken at its ``REMOTE_ADDR``, whatever
  ``X-Forwarded-For`` it carries.

``ClientAddressMiddleware`` stores the result on the request; every rate limit (ours and
allauth's, through the account adapter) and anything that records an address read it with
``client_ip(request)``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
UNKNOWN = "0.0.0.0"  # noqa: S104 (a key for rate limits when no address can be read, never a bind)


@dataclass(frozen=True)
class TrustedProxies:
    count: int = 0
    networks: tuple[Network, ...] = ()

    def trusts(self, address: Address) -> bool:
        return any(address in network for network in self.networks)


@lru_cache(maxsize=8)
def parse_trusted_proxies(value: str) -> TrustedProxies:
    """``JAMLIK_TRUSTED_PROXIES`` as written by an operator; a clear error for anything else."""
    value = value.strip()
    if not value:
        return TrustedProxies()
    if value.isdigit():
        return TrustedProxies(count=int(value))
    networks: list[Network] = []
    for part in value.replace(";", ",").split(","):
        if part.strip():
            try:
                networks.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError as error:
                raise ImproperlyConfigured(
                    f"JAMLIK_TRUSTED_PROXIES: {part.strip()!r} is neither an address nor a network "
                    "(write a number of proxies, or addresses and networks such as 10.0.0.0/8)."
                ) from error
    return TrustedProxies(networks=tuple(networks))


def _address(text: str) -> Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def derive(remote_addr: str, forwarded_for: str, proxies: TrustedProxies) -> str:
    """The client's address from the socket's peer, the X-Forwarded-For header and who is trusted."""
    peer = _address(remote_addr)
    chain = [entry for entry in forwarded_for.split(",") if entry.strip()] + [remote_addr]
    if proxies.count:
        candidates = chain[max(len(chain) - 1 - proxies.count, 0) :]
    elif proxies.networks and peer is not None and proxies.trusts(peer):
        candidates = chain
        for index in range(len(chain) - 1, -1, -1):
            address = _address(chain[index])
            if address is None or not proxies.trusts(address):
                candidates = chain[index:]
                break
    else:
        candidates = [remote_addr]
    # The first readable address: garbage left by a misconfigured proxy falls back to the proxy's view.
    for entry in candidates:
        address = _address(entry)
        if address is not None:
            return str(address)
    return UNKNOWN


def client_ip(request: HttpRequest) -> str:
    """The client's address (the middleware derives it once; derived here for requests it did not see)."""
    known: str | None = getattr(request, "client_ip", None)
    if known is None:
        known = derive(
            request.META.get("REMOTE_ADDR", ""),
            request.META.get("HTTP_X_FORWARDED_FOR", ""),
            parse_trusted_proxies(settings.JAMLIK_TRUSTED_PROXIES),
        )
        request.client_ip = known  # type: ignore[attr-defined]
    return known


class ClientAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        client_ip(request)
        return self.get_response(request)
