"""Forget finished imports and end abandoned ones (a periodic job; safe to run twice).

A finished completion import or bundle import is deleted 30 days after it ended: its lines name
people (email addresses), and nobody needs the report after that. A job still marked as running
two hours after it started was abandoned by a worker that died (the transaction that writes the
completions was rolled back with it, so nothing was saved): it is marked failed and its file
deleted, so the person sees that nothing was imported and can upload again.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from jamlik.courses.models import BundleImport, BundleState, CompletionImport, ImportState

KEEP = datetime.timedelta(days=30)
ABANDONED = datetime.timedelta(hours=2)


class Command(BaseCommand):
    help = "Delete imports finished over 30 days ago; mark imports running for over two hours as failed."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        stuck = CompletionImport.objects.filter(
            state__in=[ImportState.CHECKING, ImportState.SAVING], started_at__lt=now - ABANDONED
        ).update(state=ImportState.FAILED, finished_at=now, content=b"")
        stuck_bundles = 0
        for job in BundleImport.objects.filter(state=BundleState.RUNNING, created_at__lt=now - ABANDONED):
            if job.file.name:
                job.file.storage.delete(job.file.name)
            stuck_bundles += BundleImport.objects.filter(pk=job.pk, state=BundleState.RUNNING).update(
                state=BundleState.FAILED, finished_at=now, file=""
            )
        old = Q(finished_at__lt=now - KEEP)
        deleted, _ = CompletionImport.objects.filter(old).delete()
        deleted_bundles, _ = BundleImport.objects.filter(old).delete()
        self.stdout.write(
            f"{stuck + stuck_bundles} abandoned import(s) marked failed; "
            f"{deleted + deleted_bundles} row(s) of old imports deleted"
        )
