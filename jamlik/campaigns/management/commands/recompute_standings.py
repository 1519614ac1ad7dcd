"""Recompute campaign standings from the completions and report differences (``--fix`` repairs them)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.campaigns.counting import recompute
from jamlik.campaigns.models import Campaign


class Command(BaseCommand):
    help = "Compare each campaign's running standings with its completions; --fix repairs any difference."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("campaign", nargs="?", help="A campaign's short address (default: every campaign)")
        parser.add_argument("--fix", action="store_true", help="Repair the differences found")

    def handle(self, *args: Any, **options: Any) -> None:
        campaigns = Campaign.objects.order_by("slug")
        if options["campaign"]:
            campaigns = campaigns.filter(slug=options["campaign"])
            if not campaigns.exists():
                raise CommandError(f"No campaign with the short address {options['campaign']!r}")
        differences = 0
        for campaign in campaigns:
            lines = recompute(campaign, fix=options["fix"])
            differences += len(lines)
            status = "fixed" if options["fix"] and lines else ("differs" if lines else "ok")
            self.stdout.write(f"{campaign.slug}: {status}")
            for line in lines:
                self.stdout.write(f"  {line}")
        if differences and not options["fix"]:
            raise CommandError(f"{differences} difference(s) found; run again with --fix to repair them")
