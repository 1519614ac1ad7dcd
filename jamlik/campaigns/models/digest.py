"""Who asked for the weekly campaign email (opt-in, per coordinator and campaign)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jamlik.campaigns.models.campaign import Campaign


class DigestSubscription(models.Model):
    """A coordinator asked for the weekly standings email of ``campaign``.

    It is only sent while the user is still a current coordinator of a participating organisation.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="digest_subscriptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("weekly email subscription")
        verbose_name_plural = _("weekly email subscriptions")
        constraints = [models.UniqueConstraint(fields=["campaign", "user"], name="one_digest_subscription")]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.user_id}"


class DigestSent(models.Model):
    """One weekly email went to ``user`` about ``organisation`` in ``campaign`` for the week starting ``week``.

    Written in the transaction that queues the email, so running the digest twice in a week (two
    schedulers, a restart, an operator by hand) emails nobody twice: the unique row refuses it.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("people.Organisation", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()  # the Monday of the week it was sent for
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation", "user", "week"], name="one_weekly_digest_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.organisation_id}/{self.user_id} {self.week}"
