"""Retention rules set per organisation (or for the whole platform) over the catalogue's defaults."""

from __future__ import annotations

import uuid

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


class RunState(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Stopped by an error: the next run resumes it")


class RetentionRun(models.Model):
    """One application of the rules, all against one instant (``as_of``).

    A run that stops midway (``FAILED``, or ``RUNNING`` after its process died) is resumed by the
    next: the batches it committed are gone and logged, the rest is still due at ``as_of``.
    """

    as_of = models.DateTimeField(_("rules applied as of"))
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=RunState.choices, default=RunState.RUNNING)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.as_of:%Y-%m-%d %H:%M} ({self.state})"


class DeletionLogEntry(models.Model):
    """How many rows of one kind a run thinned out by one rule for one organisation: never what they held."""

    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind of data"), max_length=40)  # catalogue.DataKind.key
    model = models.CharField(_("table"), max_length=80)
    rule = models.CharField(_("rule"), max_length=40, choices=RuleKey.choices)
    period = models.CharField(_("period"), max_length=200)
    organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("count"), default=0)
    action = models.CharField(_("what was done"), max_length=20, default="deleted")

    class Meta:
        verbose_name = _("deletion log entry")
        verbose_name_plural = _("deletion log")
        ordering = ["-run__started_at", "kind", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "model", "rule", "organisation", "action"],
                name="one_log_entry_per_run_table_rule_organisation",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.count}"


class InactivityWarning(models.Model):
    """A warning email sent before an inactive account is erased; one per period of inactivity."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_login = models.DateTimeField(null=True, blank=True)  # the sign-in the warning counted from
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "last_login"], name="one_warning_per_inactivity", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.sent_at:%Y-%m-%d}"


class ErasureState(models.TextChoices):
    AWAITING_DECISION = "awaiting", _("Waiting for a decision")
    DONE = "done", _("Erased")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ErasureRequest(models.Model):
    """A person's request to erase their account (GDPR Art. 17), answered within a month (Art. 12(3))."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=ErasureState.choices)
    reasons = models.JSONField(_("why a decision is needed"), default=list)
    requested_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(_("answer due"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(state="awaiting"), name="one_open_erasure_request_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.state})"
