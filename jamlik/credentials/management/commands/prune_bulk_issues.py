"""Delete bulk diploma issue reports 30 days after they ended (the diplomas stay; the list of who
got what is only the job's report), and end as failed a job whose worker has been silent for a day."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from jamlik.credentials.models import BulkIssueJob, IssueJobState

KEEP = datetime.timedelta(days=30)
ABANDONED = datetime.timedelta(days=1)


class Command(BaseCommand):
    help = "Delete bulk diploma issue reports ended over 30 days ago; fail jobs silent for a day."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        stuck = BulkIssueJob.objects.filter(state=IssueJobState.RUNNING, beat_at__lt=now - ABANDONED).update(
            state=IssueJobState.FAILED, finished_at=now
        )
        deleted, _by_model = BulkIssueJob.objects.filter(finished_at__lt=now - KEEP).delete()
        self.stdout.write(f"{stuck} abandoned, {deleted} rows deleted")
