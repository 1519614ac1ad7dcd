"""Retention rules set per organisation (or for the whole platform) over the catalogue's defaults."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.retention.catalogue import RuleKey


class RetentionRule(models.Model):
    """An administrator's rule: ``amount`` (in the catalogue rule's unit) replaces the default.

    ``organisation`` empty: the platform's own rule, for every organisation without one (and the
    only one that counts for platform-wide rules: sign-in sessions and API tokens).
    """

    organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="retention_rules",
    )
    key = models.CharField(_("rule"), max_length=40, choices=RuleKey.choices)
    amount = models.PositiveIntegerField(_("period"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["organisation_id", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"],
                condition=Q(organisation__isnull=False),
                name="one_rule_per_organisation",
            ),
            models.UniqueConstraint(fields=["key"], condition=Q(organisation__isnull=True), name="one_platform_rule"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation or '*'} {self.key}={self.amount}"
