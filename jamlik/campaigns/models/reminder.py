"""A coordinator's reminder to members who have not completed, sent by the background worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jamlik.campaigns.models.campaign import Campaign


class ReminderState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Sending")
    DONE = "done", _("Sent")
    FAILED = "failed", _("Failed")


class Reminder(models.Model):
    """A reminder a coordinator sent to members who have not completed (rate-limited).

    ``recipients`` is how many were waiting when it was asked for; ``sent`` how many the worker
    has emailed so far.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("people.Organisation", on_delete=models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(db_index=True)
    recipients = models.PositiveIntegerField()
    sent = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=16, choices=ReminderState.choices, default=ReminderState.QUEUED)
    beat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.organisation_id} {self.sent_at:%Y-%m-%d}"


class ReminderRecipient(models.Model):
    """Who a reminder has been emailed to, while it is being sent (so nobody gets it twice).

    The rows are deleted when the reminder is done; only the counts stay.
    """

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reminder", "user"], name="campaign_reminder_once_per_person")]

    def __str__(self) -> str:
        return f"{self.reminder_id}: {self.user_id}"
