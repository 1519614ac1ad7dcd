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
