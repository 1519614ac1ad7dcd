"""The site's own address (``SITE_URL``) as Django's sites framework and allauth see it.

Every absolute link we write (emails, feeds, calendar files, diplomas, Open Badge ids) is built
from ``SITE_URL``, never from the request's host. allauth signs its emails with the current
``Site`` ("Hej från Jämlik!") and builds its links from the request, so the account adapter
passes it :func:`current_site` and moves its links onto ``SITE_URL`` with :func:`on_site`; the
``Site`` row itself is kept in step after every ``migrate`` (:func:`sync_site_row`) for the
admin and anything else that reads it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.sites.models import Site

SITE_NAME = "Jämlik"


def site_domain() -> str:
    """Host and port of ``SITE_URL``, e.g. ``jamlik.example.se`` or ``127.0.0.1:8101``."""
    return urlsplit(settings.SITE_URL).netloc


def current_site() -> Site:
    """The site as ``SITE_URL`` says it is (not read from the database, so never stale)."""
    return Site(id=settings.SITE_ID, domain=site_domain(), name=SITE_NAME)


def absolute(path: str) -> str:
    """``path`` (from ``reverse`` or a file's ``url``) as an absolute URL on ``SITE_URL``."""
    return f"{settings.SITE_URL}{path}"


def on_site(url: str) -> str:
    """An absolute URL built from some request's host, moved onto ``SITE_URL`` (path and query kept)."""
    parts = urlsplit(url)
    site = urlsplit(settings.SITE_URL)
    return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, parts.fragment))


def sync_site_row(**kwargs: Any) -> None:
    """``post_migrate``: the ``Site`` row named Jämlik with ``SITE_URL``'s domain."""
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": site_domain(), "name": SITE_NAME})
