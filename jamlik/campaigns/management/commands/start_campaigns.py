"""Freeze the headcounts of campaigns that have started (a periodic job; safe to run twice)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone

from jamlik.campaigns import actions
from jamlik.campaigns.models import Campaign, CampaignStatus


class Command(BaseCommand):
    help = "Freeze each started campaign's headcounts from the organisations' latest declarations."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        due = Campaign.objects.filter(
            status=CampaignStatus.PUBLISHED,
            start_at__lte=now,
            participants__status="approved",
            participants__frozen_headcount__isnull=True,
        ).distinct()
        for campaign in due:
            try:
                frozen = actions.start(None, campaign)
            except ValidationError as error:
                for message in error.messages:
                    self.stderr.write(f"{campaign.slug}: {message}")
            else:
                self.stdout.write(f"{campaign.slug}: {len(frozen)} headcount(s) frozen")
