"""The running standings, kept up to date one completion at a time (see ``counting.py``).

None of these rows is ever the truth on its own: ``recompute-standings`` rebuilds them from the
completions and reports any difference.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from jamlik.campaigns.models.campaign import Campaign, Participant


class CountedPerson(models.Model):
    """One person counted once for one participant: inserting this row decides whether to add 1.

    ``completion``, ``day`` and ``unit`` are those of the earliest counted completion, so the
    daily series and the unit counters can be moved if an earlier completion arrives later.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="counted")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    completion = models.ForeignKey("courses.Completion", on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField()
    day = models.DateField()
    unit = models.ForeignKey("people.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "user"], name="counted_once_per_participant")]

    def __str__(self) -> str:
        return f"{self.participant_id}/{self.user_id}"


class DailyCount(models.Model):
    """How many people were counted for a participant on one day (Europe/Stockholm).

    The over-time chart adds these up; completions counted from before the start are put on
    the first day.
    """

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="daily")
    day = models.DateField()
    added = models.IntegerField(default=0)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["participant", "day"], name="one_daily_count_per_day")]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.day}: +{self.added}"


class UnitCount(models.Model):
    """People counted for a participant by unit, for its coordinators only. ``unit`` empty: no unit."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="unit_counts")
    unit = models.ForeignKey("people.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "unit"], name="one_unit_count"),
            models.UniqueConstraint(fields=["participant"], condition=Q(unit__isnull=True), name="one_no_unit_count"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}/{self.unit_id}: {self.count}"
