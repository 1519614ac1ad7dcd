"""Who is calling the LRS, and in which version of xAPI (docs/xapi.md, "Authentication").

A client sends HTTP Basic credentials: its ``key`` as the user name and its secret as the
password. The secret is 256 random bits, so a SHA-256 of it is as safe at rest as a slow
password hash and costs nothing per request; the comparison takes constant time. One indexed
query finds the client (by its key), so a revoked client is refused at once.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from jamlik.lrs.models import LrsClient
from jamlik.people.models import hash_token

# ``last_used_at`` is written at most this often per client, not on every request.
LAST_USED_EVERY = timedelta(minutes=1)

# The versions the LRS accepts in X-Experience-API-Version, and what it answers with.
VERSION_HEADER = "X-Experience-API-Version"
ANSWERED_VERSION = "2.0.0"
LEGACY_VERSION = "1.0.3"
ACCEPTED_VERSIONS = frozenset({"1.0", "1.0.0", "1.0.1", "1.0.2", "1.0.3", "2.0", "2.0.0"})


def credentials_of(authorization: str) -> tuple[str, str] | None:
    """The key and secret of a Basic ``Authorization`` value, or None if it is not one."""
    scheme, _sep, encoded = authorization.strip().partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    key, sep, secret = decoded.partition(":")
    if not sep or not key or not secret:
        return None
    return key, secret


def authenticate_header(authorization: str) -> LrsClient | None:
    credentials = credentials_of(authorization)
    if credentials is None:
        return None
    key, secret = credentials
    if len(key) > 40:
        return None
    client = LrsClient.objects.filter(key=key, revoked_at__isnull=True).select_related("organisation").first()
    if client is None or not hmac.compare_digest(client.secret_hash, hash_token(secret)):
        return None
    now = timezone.now()
    if client.expires_at is not None and client.expires_at <= now:
        return None
    if client.last_used_at is None or now - client.last_used_at > LAST_USED_EVERY:
        # Bookkeeping about the credential itself, not a change anyone makes: no action, no audit.
        LrsClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client


def authenticate(request: HttpRequest) -> LrsClient | None:
    """The client whose Basic credentials the request carries, or None."""
    return authenticate_header(request.META.get("HTTP_AUTHORIZATION", ""))


def requested_version(value: str | None) -> str | None:
    """The version a request names, if the LRS accepts it; None for a missing or unknown one."""
    if value is None:
        return None
    value = value.strip()
    return value if value in ACCEPTED_VERSIONS else None


def answered_version(requested: str | None) -> str:
    """What the LRS names in its answer: 2.0.0, or 1.0.3 to a 1.0 client."""
    return LEGACY_VERSION if requested is not None and requested.startswith("1.") else ANSWERED_VERSION
