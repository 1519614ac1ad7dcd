"""Close a campaign that has ended: freeze its standings into an immutable result."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.campaigns.closing import close_campaign
from jamlik.campaigns.models import Campaign


class Command(BaseCommand):
    help = "Freeze a campaign's standings into its final result."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("campaign", help="The campaign's short address")

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = Campaign.objects.filter(slug=options["campaign"]).first()
        if campaign is None:
            raise CommandError(f"No campaign with the short address {options['campaign']!r}")
        try:
            result = close_campaign(None, campaign)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"{campaign.slug}: closed, {result.total_completions} completions, {result.organisations} organisations"
        )
