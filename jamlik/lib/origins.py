"""Web origins (scheme, host and port) as settings give them, and whether a request's host is one.

Used for the content origin (``JAMLIK_CONTENT_ORIGIN``, docs/scorm.md): the second address
from which package files are served, so that third-party scripts never run in the platform's
origin.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

DEFAULT_PORTS = {"http": 80, "https": 443}

# The two names of the loopback address that browsers treat as different sites: the demo serves
# the platform on one and package content on the other, from the same process and port.
LOOPBACK_PAIR = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}


def normalise_origin(value: str, *, setting: str) -> str:
    """``value`` as ``scheme://host[:port]`` (lower case, no default port, no path), or ``""``.

    Anything with a path, query, credentials or another scheme than http(s) is a mistake in the
    settings and stops the start with the setting's name.
    """
    value = value.strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ImproperlyConfigured(f"{setting} must be an http(s) origin such as https://innehall.example.se")
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise ImproperlyConfigured(f"{setting} must be an origin only (scheme, host, port), not {value!r}")
    try:
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"{setting} has an invalid port: {value!r}") from exc
    netloc = parts.hostname.lower()
    if port is not None and port != DEFAULT_PORTS[parts.scheme]:
        netloc = f"{netloc}:{port}"
    return f"{parts.scheme}://{netloc}"


def origin_of(url: str) -> str:
    """The origin of an absolute http(s) URL (``SITE_URL``), normalised as above."""
    parts = urlsplit(url)
    return normalise_origin(f"{parts.scheme}://{parts.netloc}", setting="the URL")


def loopback_partner(site_url: str) -> str:
    """For a site on ``127.0.0.1`` the same scheme and port on ``localhost`` (and the other way
    round); ``""`` for any other host. The demo's content origin, so it works out of the box."""
    parts = urlsplit(site_url)
    partner = LOOPBACK_PAIR.get(parts.hostname or "")
    if partner is None:
        return ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{partner}{port}"


def host_of(origin: str) -> str:
    """The host name of an origin, as ``ALLOWED_HOSTS`` lists hosts."""
    return urlsplit(origin).hostname or ""


def is_origin_host(request_host: str, origin: str) -> bool:
    """Whether a request for ``request_host`` (``HttpRequest.get_host()``: host, maybe ``:port``)
    is addressed to ``origin``'s host. The host name alone decides, whatever the port or scheme
    (behind a proxy the request may arrive on another port, or over plain http): a request for the
    content host must never fall through to the platform's pages."""
    if not origin:
        return False
    return urlsplit(f"//{request_host}").hostname == host_of(origin)
