"""Forget staff lists nobody needs any more, and end abandoned ones (a periodic job; safe to run twice).

- A preview nobody confirmed or discarded within 7 days is discarded: its file (names and email
  addresses) is deleted, and the members will have changed by then anyway.
- A job still checking or applying two hours after it began was abandoned by a worker that died
  (the applying transaction rolled back with it): it is marked failed and its file deleted, so the
  coordinator sees that nothing changed and can upload again.
- A job that ended more than 30 days ago is deleted with its lines (they name people).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from jamlik.identity.models import RosterImport, RosterState

UNCONFIRMED = datetime.timedelta(days=7)
ABANDONED = datetime.timedelta(hours=2)
KEEP = datetime.timedelta(days=30)


class Command(BaseCommand):
    help = "Discard staff list previews older than 7 days, fail jobs abandoned by a worker, delete old jobs."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        discarded = RosterImport.objects.filter(state=RosterState.READY, checked_at__lt=now - UNCONFIRMED).update(
            state=RosterState.DISCARDED, finished_at=now, content=b""
        )
        stuck = RosterImport.objects.filter(
            Q(state=RosterState.CHECKING, started_at__lt=now - ABANDONED)
            | Q(state=RosterState.APPLYING, confirmed_at__lt=now - ABANDONED)
        ).update(state=RosterState.FAILED, finished_at=now, content=b"")
        deleted, _ = RosterImport.objects.filter(finished_at__lt=now - KEEP).delete()
        self.stdout.write(
            f"{discarded} unconfirmed preview(s) discarded; {stuck} abandoned job(s) marked failed; "
            f"{deleted} row(s) of old staff lists deleted"
        )
