"""Diplomas: one per person and achievement, verifiable by a code printed on them.

A diploma is never edited after it is issued. A correction is a re-issue: a new diploma that
``supersedes`` the old one, which then says so on its verification page. Revocation and expiry
only stamp dates. Every state change goes through ``jamlik.credentials.actions``.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.credentials import codes
from jamlik.credentials.achievement import Achievement, AchievementKind
from jamlik.lib.storage import PrivateStorage
from jamlik.people.models import Language


class DiplomaStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Replaced by a newer diploma")


def pdf_path(instance: Diploma, filename: str) -> str:
    return f"pdf/{uuid.uuid4().hex}/diploma.pdf"


def diploma_storage() -> PrivateStorage:
    """Kept PDFs are handed out only by the application, which checks that the diploma is the
    person's and still valid (``PRIVATE_ROOT/diplomas``; no address past the views)."""
    return PrivateStorage("diplomas")


class Diploma(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("verification code"), max_length=codes.LENGTH, unique=True, default=codes.new_code)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="diplomas")
    recipient_name = models.CharField(_("name on the diploma"), max_length=150)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.SV)
    kind = models.CharField(_("kind"), max_length=10, choices=AchievementKind.choices)
    # "course:<id>" or "programme:<id>": what "once per achievement" is counted by.
    achievement_key = models.CharField(max_length=40)
    achievement = models.JSONField(_("achievement"), help_text="An Achievement snapshot (credentials.achievement)")
    course_version = models.ForeignKey(
        "courses.CourseVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completion = models.ForeignKey(
        "courses.Completion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issuers = models.ManyToManyField("people.Organisation", verbose_name=_("issued by"), blank=True, related_name="+")
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    superseded_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    pdf = models.FileField(upload_to=pdf_path, storage=diploma_storage, blank=True, max_length=200)

    class Meta:
        verbose_name = _("diploma")
        verbose_name_plural = _("diplomas")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "achievement_key"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_diploma_per_achievement",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""), name="revocation_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name}: {self.title} ({self.display_code})"

    @property
    def data(self) -> Achievement:
        return Achievement.model_validate(self.achievement)

    @property
    def title(self) -> str:
        return str(self.achievement.get("title", ""))

    @property
    def display_code(self) -> str:
        return codes.display(self.code)

    def status(self, now: datetime.datetime | None = None) -> DiplomaStatus:
        """Revoked wins over replaced, which wins over expired."""
        if self.revoked_at is not None:
            return DiplomaStatus.REVOKED
        if self.superseded_at is not None:
            return DiplomaStatus.SUPERSEDED
        if self.expires_at is not None and self.expires_at <= (now or timezone.now()):
            return DiplomaStatus.EXPIRED
        return DiplomaStatus.VALID

    @property
    def is_valid(self) -> bool:
        return self.status() == DiplomaStatus.VALID

    def verify_url(self) -> str:
        return f"{settings.SITE_URL}/verify/{self.display_code}/"


class IssueJobState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Issuing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed: the diplomas issued before the error are kept")


FINISHED_ISSUE_JOB_STATES = {IssueJobState.DONE, IssueJobState.FAILED}


class BulkIssueJob(models.Model):
    """Diplomas for everyone who completed a course, issued in the background (``credentials.bulk_jobs``)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    language = models.CharField(max_length=8, default="sv")
    state = models.CharField(max_length=10, choices=IssueJobState.choices, default=IssueJobState.QUEUED)
    total = models.PositiveIntegerField(default=0)  # completions of the course when the job started
    processed = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    had_one = models.PositiveIntegerField(default=0)
    no_name = models.PositiveIntegerField(default=0)
    # The last completion handled, committed with its batch: a task retried after its worker died
    # goes on from here.
    last_completion_id = models.PositiveBigIntegerField(default=0)
    beat_at = models.DateTimeField(null=True, blank=True)  # when the worker last committed a batch (or claimed)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bulk diploma issue")
        verbose_name_plural = _("bulk diploma issues")
        indexes = [models.Index(fields=["created_by", "created_at"], name="bulk_issue_by_at")]

    def __str__(self) -> str:
        return f"{self.course_id} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_ISSUE_JOB_STATES

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return (100 * self.processed // self.total) if self.total else 0


class IssueOutcome(models.TextChoices):
    ISSUED = "issued", _("Issued")
    HAD_ONE = "has_one", _("Already had a diploma for the course")
    NO_NAME = "no_name", _("Has not given their name: the diploma is issued when they do")


class BulkIssueLine(models.Model):
    """One person's outcome in a bulk issue: issued, or skipped and why."""

    job = models.ForeignKey(BulkIssueJob, on_delete=models.CASCADE, related_name="lines")
    outcome = models.CharField(max_length=10, choices=IssueOutcome.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    diploma = models.ForeignKey(Diploma, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]
        verbose_name = _("bulk issue line")
        verbose_name_plural = _("bulk issue lines")

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.outcome}"
