"""Forget used SAML assertions that have expired (a periodic job; safe to run twice).

An assertion is remembered until its NotOnOrAfter plus the allowed clock skew; after that it is
refused as expired, so its row is no longer needed to refuse a replay.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jamlik.identity.saml.actions import prune_assertion_uses


class Command(BaseCommand):
    help = "Delete the record of used SAML assertions once they have expired."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = prune_assertion_uses()
        self.stdout.write(f"{deleted} expired SAML assertions forgotten.")
