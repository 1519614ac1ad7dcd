"""A learner's attempts at a package's items and the SCORM run-time data they hold.

An ``Attempt`` is one enrolment's try at one launchable item (a SCO), numbered from 1. The
values the learner's package writes through the runtime are kept here: statuses, score and
times in columns (reports filter and count them), the rest of the writable data model
(interactions, objectives, preferences, comments) in ``data`` as flattened element → value pairs,
every one checked by ``jamlik.packages.datamodel`` before it is stored. ``seq`` is the last
commit applied, so commits apply in order, once (``jamlik/packages/tracking.py``, docs/scorm.md).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CompletionStatus(models.TextChoices):
    NOT_ATTEMPTED = "not attempted", _("Not attempted")
    INCOMPLETE = "incomplete", _("Incomplete")
    COMPLETED = "completed", _("Completed")
    UNKNOWN = "unknown", _("Unknown")


class SuccessStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class LessonStatus(models.TextChoices):
    """SCORM 1.2's one status (``cmi.core.lesson_status``); empty for SCORM 2004 attempts."""

    NOT_ATTEMPTED = "not attempted", _("Not attempted")
    INCOMPLETE = "incomplete", _("Incomplete")
    BROWSED = "browsed", _("Browsed")
    COMPLETED = "completed", _("Completed")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class Entry(models.TextChoices):
    AB_INITIO = "ab-initio", _("First time")
    RESUME = "resume", _("Resumed")
    OTHER = "", _("Returned")


class AttemptQuerySet(models.QuerySet["Attempt"]):
    def of_learner(self, user_id: int) -> AttemptQuerySet:
        return self.filter(enrolment__user_id=user_id)


class Attempt(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(
        "courses.Enrolment", verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="package_attempts"
    )
    item = models.ForeignKey(
        "packages.PackageItem", verbose_name=_("item"), on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveIntegerField(_("attempt"), default=1)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    done_at = models.DateTimeField(
        _("done"), null=True, blank=True, help_text=_("When the item's rule (status, mastery score) was first met.")
    )
    seq = models.PositiveIntegerField(_("last commit"), default=0)
    commit_digest = models.CharField(max_length=64, blank=True, editable=False)
    sessions = models.PositiveIntegerField(_("sessions"), default=0)
    terminated = models.BooleanField(
        _("session ended"), default=False, help_text=_("The package ended its session (LMSFinish / Terminate).")
    )
    entry = models.CharField(_("entry"), max_length=9, choices=Entry.choices, blank=True, default=Entry.AB_INITIO)
    exit = models.CharField(_("exit"), max_length=8, blank=True)
    lesson_status = models.CharField(_("lesson status"), max_length=13, choices=LessonStatus.choices, blank=True)
    completion_status = models.CharField(
        _("completion status"), max_length=13, choices=CompletionStatus.choices, default=CompletionStatus.NOT_ATTEMPTED
    )
    success_status = models.CharField(
        _("success status"), max_length=7, choices=SuccessStatus.choices, default=SuccessStatus.UNKNOWN
    )
    score_raw = models.DecimalField(_("score"), max_digits=20, decimal_places=7, null=True, blank=True)
    score_min = models.DecimalField(_("lowest score"), max_digits=20, decimal_places=7, null=True, blank=True)
    score_max = models.DecimalField(_("highest score"), max_digits=20, decimal_places=7, null=True, blank=True)
    score_scaled = models.DecimalField(_("scaled score"), max_digits=8, decimal_places=7, null=True, blank=True)
    progress_measure = models.DecimalField(_("progress"), max_digits=8, decimal_places=7, null=True, blank=True)
    location = models.CharField(_("location"), max_length=1000, blank=True)
    suspend_data = models.TextField(_("suspend data"), blank=True)
    session_time = models.PositiveIntegerField(
        _("time this session (1/100 s)"), default=0, help_text=_("The session time the package last reported.")
    )
    total_time = models.PositiveBigIntegerField(
        _("time in earlier sessions (1/100 s)"),
        default=0,
        help_text=_("The sessions already ended; the attempt's total time is this plus the session time."),
    )
    data = models.JSONField(
        _("other run-time data"),
        default=dict,
        blank=True,
        help_text=_("Interactions, objectives, preferences and comments: element → value, checked by the data model."),
    )

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["enrolment", "item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "item", "number"], name="package_attempt_number_unique"),
            models.CheckConstraint(
                condition=Q(score_scaled__isnull=True) | Q(score_scaled__gte=-1, score_scaled__lte=1),
                name="package_attempt_scaled_range",
            ),
        ]
        indexes = [models.Index(fields=["item", "done_at"], name="package_attempt_item_done")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.item_id} #{self.number}"

    @property
    def total_centiseconds(self) -> int:
        """Every session's time, the current one included."""
        return self.total_time + self.session_time

    @property
    def status(self) -> str:
        """One word for a report: SCORM 1.2's lesson status, or 2004's success or completion status."""
        if self.lesson_status:
            return self.lesson_status
        if self.success_status != SuccessStatus.UNKNOWN:
            return self.success_status
        return self.completion_status
