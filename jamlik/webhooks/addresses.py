"""Which endpoint addresses a webhook may be sent to: the guard against server-side request forgery.

An endpoint is ``https://`` on a host whose every address is public. Loopback, private,
link-local (cloud metadata at 169.254.169.254), multicast, reserved and unspecified addresses
are refused, whether written as a number or reached through a name, so a subscription cannot
make the server call into its own network. The check runs when a subscription is saved and
again before every attempt, against the addresses the name resolves to *then* (DNS can change),
and the connection goes to the address that was checked (``transport.py``), not to a second
lookup. ``JAMLIK_WEBHOOKS_ALLOW_LOOPBACK`` (tests and the demo only) lets loopback addresses
through, over plain ``http://`` too.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(Exception):
    """The address may not be called; the message says why, for the person who gave it."""


@dataclass(frozen=True)
class Endpoint:
    scheme: str
    host: str
    port: int
    path: str  # with the query string


def _loopback_allowed() -> bool:
    return bool(settings.JAMLIK_WEBHOOKS_ALLOW_LOOPBACK)


def allowed_address(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return _loopback_allowed()
    return address.is_global and not address.is_multicast


def parse(url: str) -> Endpoint:
    """The parts of ``url``, or ``Refused`` for a form that is never sent to (no lookup)."""
    try:
        parts: SplitResult = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise Refused(_("Enter a complete address, such as https://example.org/webhooks.")) from None
    host = (parts.hostname or "").rstrip(".")
    if parts.scheme not in ("https", "http") or not host:
        raise Refused(_("Enter a complete address, such as https://example.org/webhooks."))
    if parts.username is not None or parts.password is not None:
        raise Refused(_("The address may not contain a user name or password."))
    if parts.scheme == "http" and not (_loopback_allowed() and _is_loopback_name(host)):
        raise Refused(_("The address must start with https://."))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Endpoint(parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path)


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _is_loopback_name(host: str) -> bool:
    literal = _literal(host)
    return host == "localhost" if literal is None else literal.is_loopback


def resolve(endpoint: Endpoint) -> list[IPAddress]:
    """Every address the host has now, all allowed, or ``Refused``."""
    literal = _literal(endpoint.host)
    if literal is not None:
        found = [literal]
    else:
        try:
            infos = socket.getaddrinfo(endpoint.host, endpoint.port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            raise Refused(_("The address's host name could not be looked up.")) from None
        found = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not found or not all(allowed_address(a) for a in found):
        raise Refused(_("The address leads to a private or local network, which webhooks are never sent to."))
    return found


def check(url: str, *, look_up: bool = True) -> Endpoint:
    """``parse`` and, when asked, ``resolve``: the check made when a subscription is saved."""
    endpoint = parse(url)
    literal = _literal(endpoint.host)
    if literal is not None and not allowed_address(literal):
        raise Refused(_("The address leads to a private or local network, which webhooks are never sent to."))
    if look_up and literal is None:
        resolve(endpoint)
    return endpoint
