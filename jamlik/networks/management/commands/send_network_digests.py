"""Email the daily digest of new network posts to each member who chose it (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jamlik.networks.digest import send_digests


class Command(BaseCommand):
    help = "Send the daily digest of new posts in networks; a post is never sent twice to the same member."

    def handle(self, *args: Any, **options: Any) -> None:
        emails, posts = send_digests()
        self.stdout.write(f"{emails} digest(s) sent with {posts} post(s)")
