"""Close every published campaign whose last day is over (a periodic job; safe to run twice).

Each campaign is closed by ``closing.close_campaign``, the same action as the button, in its own
transaction: one that cannot close (an organisation without a headcount) is named on stderr and
tried again at the next run, and the others still close. A closed campaign is never touched again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone

from jamlik.campaigns.closing import close_campaign
from jamlik.campaigns.models import Campaign, CampaignStatus


class Command(BaseCommand):
    help = "Freeze the result of every published campaign whose period is over."

    def handle(self, *args: Any, **options: Any) -> None:
        due = Campaign.objects.filter(
            status=CampaignStatus.PUBLISHED, end_at__lte=timezone.now(), result__isnull=True
        ).order_by("end_at", "pk")
        for campaign in due:
            try:
                result = close_campaign(None, campaign)
            except ValidationError as error:
                for message in error.messages:
                    self.stderr.write(f"{campaign.slug}: {message}")
            else:
                self.stdout.write(
                    f"{campaign.slug}: closed, {result.total_completions} completions, "
                    f"{result.organisations} organisations"
                )
