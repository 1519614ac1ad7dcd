"""Delete dietary and accessibility needs once each programme's retention after the session has passed."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from jamlik.audit.models import record
from jamlik.programmes.models import Needs, Programme


@transaction.atomic
def purge_needs(now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    ids: list[int] = []
    # Programmes are few; each has its own retention, so ask once per programme with needs on record.
    with_needs = Programme.objects.filter(registrations__bookings__needs__isnull=False).distinct()
    for programme in with_needs.only("pk", "needs_retention_days"):
        cutoff = now - datetime.timedelta(days=programme.needs_retention_days)
        ids += Needs.objects.filter(
            booking__registration__programme=programme, booking__session__ends_at__lt=cutoff
        ).values_list("pk", flat=True)
    if ids:
        Needs.objects.filter(pk__in=ids).delete()
        record("programme.needs_purged", summary=f"{len(ids)} deleted", after={"count": len(ids)})
    return len(ids)


class Command(BaseCommand):
    help = "Delete participants' dietary and accessibility needs the set number of days after their session."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{purge_needs()} record(s) of needs deleted")
