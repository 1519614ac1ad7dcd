"""Email each confirmed participant two days before their session, once (webinars with the link)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from jamlik.programmes import notify
from jamlik.programmes.models import Booking, BookingStatus, SessionStatus


def send_reminders(now: datetime.datetime | None = None, days: int = 2) -> int:
    """Claim each due booking with a conditional UPDATE, then email it: safe to run twice or in parallel."""
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        reminded_at__isnull=True,
        session__status=SessionStatus.SCHEDULED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + datetime.timedelta(days=days),
    )
    sent = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            if not Booking.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                continue  # another run claimed it
            booking = Booking.objects.select_related(
                "registration__user", "registration__programme", "session__module__programme"
            ).get(pk=pk)
            notify.reminder(booking)
            sent += 1
    return sent


class Command(BaseCommand):
    help = "Send programme session reminders two days ahead (idempotent: each booking is reminded once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=2, help="How far ahead to remind.")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders(days=options["days"])
        self.stdout.write(f"{sent} reminder(s) sent")
