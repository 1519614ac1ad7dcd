"""Typed readers for settings that come from the environment.

Every setting is read through one of these helpers so that its type, default and
documentation live in one place. A secret may instead be given as a path in
``NAME_FILE`` (for container and systemd secrets); the file's content wins.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points to an unreadable file: {exc}") from exc
    return os.environ.get(name)


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def cache_from_url(url: str) -> dict[str, Any]:
    """``JAMLIK_CACHE_URL`` as a Django cache: empty (or ``db://``) is the database cache, which
    needs nothing to run; ``redis://`` / ``rediss://`` / ``unix://`` is Redis or Valkey through
    Django's own backend, for installations with several application servers. Nothing the
    application must remember is kept in the cache, so either may be emptied at any time."""
    scheme = urlsplit(url.strip()).scheme
    if scheme in ("", "db"):
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "jamlik_cache"}
    if scheme in ("redis", "rediss", "unix"):
        return {
            # Django's Redis backend, answering as an empty cache while Redis does not (jamlik.lib.cache).
            "BACKEND": "jamlik.lib.cache.ResilientRedisCache",
            "LOCATION": url.strip(),
            "KEY_PREFIX": "jamlik",
            # A cache that stops answering slows a request by at most this much, and then is left
            # alone for PAUSE_AFTER_FAILURE seconds, so requests during an outage do not wait.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
            "PAUSE_AFTER_FAILURE": 15,
        }
    raise ImproperlyConfigured(
        f"JAMLIK_CACHE_URL must be empty (the database cache) or a redis:// address, not {url!r}."
    )
