"""The notices every page's banner shows, read from the database at most once every few seconds
per process (``JAMLIK_NOTICE_CACHE_SECONDS``, default 10; 0 reads them on every page).

The banner is on every page, and nearly always there is nothing to show: the query it cost was
one of the eight of a lesson page (docs/performance.md). Each process keeps the published, not
yet expired notices; which of them are shown is decided per request (start and end times against
the clock, counties against the visitor's current memberships), so a notice appears and goes
at its own times. Saving or deleting a notice empties this process's copy at once; other
processes see the change within the configured seconds. The visitor's counties are read only
while some shown notice is for a county.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from jamlik.people.models import Membership
from jamlik.web.models import Notice

_kept: tuple[float, list[Notice]] | None = None


def forget() -> None:
    """Read the notices again on the next page (after a change)."""
    global _kept
    _kept = None


def _published() -> list[Notice]:
    global _kept
    kept = _kept
    now = time.monotonic()
    if kept is not None and kept[0] > now:
        return kept[1]
    rows = list(
        Notice.objects.filter(published=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .select_related("county")
    )
    seconds = settings.JAMLIK_NOTICE_CACHE_SECONDS
    if seconds > 0:
        _kept = (now + seconds, rows)
    return rows


def _county_ids(user: Any) -> set[int]:
    """The counties of the person's current memberships' organisations (or their parents')."""
    rows = (
        Membership.objects.current()
        .filter(user=user)
        .values_list("organisation__county", "organisation__parent__county")
    )
    return {county for pair in rows for county in pair if county is not None}


def shown_to(user: Any) -> list[Notice]:
    """Active notices for everyone, plus those for the counties of the person's organisations,
    newest first (as ``Notice.objects.shown_to``)."""
    now = timezone.now()
    active = [n for n in _published() if n.starts_at <= now and (n.expires_at is None or n.expires_at > now)]
    if all(n.county_id is None for n in active):
        return active
    if not getattr(user, "is_authenticated", False):
        return [n for n in active if n.county_id is None]
    counties = _county_ids(user)
    return [n for n in active if n.county_id is None or n.county_id in counties]


@receiver(post_save, sender=Notice)
@receiver(post_delete, sender=Notice)
def _notice_changed(**_kwargs: Any) -> None:
    forget()
