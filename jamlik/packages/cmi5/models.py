"""cmi5 registrations, the state of each AU and block in one, and launch sessions (docs/cmi5.md).

A ``Registration`` is cmi5's registration: one per enrolment in a ``delivery=cmi5`` version (so
per learner and course version), its ``public_id`` the UUID every statement carries. ``Progress``
keeps, per registration and AU or block (a ``PackageItem``), what the LMS has seen: completed,
passed, waived, satisfied. A ``Session`` is one launch of an AU: the one-time fetch URL's secret
(hashed), the session credential it handed out (an ``lrs.LrsClient`` of the session kind) and
where the session stands (initialized, terminated, abandoned).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LaunchMode(models.TextChoices):
    NORMAL = "Normal", _("Normal")
    BROWSE = "Browse", _("Browse")
    REVIEW = "Review", _("Review")


class Registration(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.OneToOneField(
        "courses.Enrolment", on_delete=models.CASCADE, related_name="cmi5_registration", verbose_name=_("enrolment")
    )
    package = models.ForeignKey("packages.Package", on_delete=models.CASCADE, related_name="cmi5_registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cmi5_registrations")
    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Whose store the registration's statements are kept in (the learner's at its start)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    satisfied_at = models.DateTimeField(_("course satisfied"), null=True, blank=True)

    class Meta:
        verbose_name = _("cmi5 registration")
        verbose_name_plural = _("cmi5 registrations")

    def __str__(self) -> str:
        return str(self.public_id)


class Progress(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="progress")
    item = models.ForeignKey("packages.PackageItem", on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)
    passed_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    waived_at = models.DateTimeField(null=True, blank=True)
    waive_reason = models.CharField(max_length=20, blank=True)
    satisfied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("cmi5 progress")
        verbose_name_plural = _("cmi5 progress")
        constraints = [models.UniqueConstraint(fields=["registration", "item"], name="cmi5_progress_unique")]

    def __str__(self) -> str:
        return f"{self.registration_id}/{self.item_id}"


class Session(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="sessions")
    item = models.ForeignKey("packages.PackageItem", on_delete=models.CASCADE, related_name="+")
    launch_mode = models.CharField(max_length=8, choices=LaunchMode.choices, default=LaunchMode.NORMAL)
    launch_url = models.CharField(max_length=4096)
    return_url = models.CharField(max_length=2048, blank=True)
    fetch_secret_hash = models.CharField(max_length=64)
    fetched_at = models.DateTimeField(null=True, blank=True)
    credential = models.OneToOneField(
        "lrs.LrsClient", null=True, blank=True, on_delete=models.SET_NULL, related_name="cmi5_session"
    )
    launched_at = models.DateTimeField()
    initialized_at = models.DateTimeField(null=True, blank=True)
    terminated_at = models.DateTimeField(null=True, blank=True)
    # When the AU first asked for cmi5LearnerPreferences: it must before sending initialized (11.0.0.0-3).
    preferences_read_at = models.DateTimeField(null=True, blank=True)
    # When the session's passed or failed statement was kept: a session has at most one (9.3.0.0-2).
    judged_at = models.DateTimeField(null=True, blank=True)
    abandoned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("cmi5 session")
        verbose_name_plural = _("cmi5 sessions")
        indexes = [models.Index(fields=["registration", "launched_at"], name="cmi5_session_reg")]

    def __str__(self) -> str:
        return str(self.public_id)

    @property
    def is_open(self) -> bool:
        return self.terminated_at is None and self.abandoned_at is None
