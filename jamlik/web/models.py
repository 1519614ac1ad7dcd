"""Site-wide content that administrators edit: notices and the accessibility statement."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jamlik.people.models import County, Membership


class Severity(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    CRITICAL = "critical", _("Serious disruption")


class NoticeQuerySet(models.QuerySet["Notice"]):
    def active(self) -> NoticeQuerySet:
        now = timezone.now()
        return self.filter(published=True, starts_at__lte=now).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def shown_to(self, user: Any) -> NoticeQuerySet:
        """Active notices for everyone, plus those for the counties of the person's organisations.

        An organisation belongs to a county through its own county or, for a municipal company
        without one, its parent's. Only current (approved, not ended) memberships count.
        """
        active = self.active().select_related("county")
        if not getattr(user, "is_authenticated", False):
            return active.filter(county__isnull=True)
        memberships = Membership.objects.current().filter(user=user)
        return active.filter(
            Q(county__isnull=True)
            | Q(county__in=memberships.values("organisation__county"))
            | Q(county__in=memberships.values("organisation__parent__county"))
        )


class Notice(models.Model):
    """A banner shown on every page until it expires (service breaks, warnings, news).

    Without a county it is for everyone; with one, only for signed-in members of organisations
    in that county (a county board's own warnings for its region).
    """

    title_sv = models.CharField(_("title (Swedish)"), max_length=150)
    title_en = models.CharField(_("title (English)"), max_length=150, blank=True)
    body_sv = models.TextField(_("text (Swedish)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.INFO)
    published = models.BooleanField(_("published"), default=True)
    starts_at = models.DateTimeField(_("shown from"), default=timezone.now)
    expires_at = models.DateTimeField(_("shown until"), null=True, blank=True)
    county = models.ForeignKey(
        County,
        verbose_name=_("only for the county"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_(
            "Leave empty to show the notice to everyone. With a county, only signed-in members of "
            "organisations in that county see it."
        ),
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("starts_at")),
                name="notice_expires_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title_sv

    @property
    def title(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title_sv

    @property
    def body(self) -> str:
        return self.body_en if get_language() == "en" and self.body_en else self.body_sv


class ComplianceStatus(models.TextChoices):
    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class AccessibilityStatementQuerySet(models.QuerySet["AccessibilityStatement"]):
    def current(self) -> AccessibilityStatement | None:
        """The statement shown: the latest published one, or none."""
        return self.filter(published=True).first()


class AccessibilityStatement(models.Model):
    """The tillgänglighetsredogörelse (lag 2018:1937, DIGG's model). The latest published row is shown."""

    provider = models.CharField(
        _("organisation responsible for the service"),
        max_length=200,
        blank=True,
        help_text=_("Named at the start of the statement, e.g. the county board that runs this installation."),
    )
    compliance = models.CharField(
        _("compliance status"), max_length=10, choices=ComplianceStatus.choices, default=ComplianceStatus.PARTIAL
    )
    known_issues_sv = models.TextField(_("content that is not accessible, and why (Swedish)"), blank=True)
    known_issues_en = models.TextField(_("content that is not accessible, and why (English)"), blank=True)
    burden_sv = models.TextField(_("disproportionate burden (Swedish)"), blank=True)
    burden_en = models.TextField(_("disproportionate burden (English)"), blank=True)
    out_of_scope_sv = models.TextField(_("content outside the law's scope (Swedish)"), blank=True)
    out_of_scope_en = models.TextField(_("content outside the law's scope (English)"), blank=True)
    assessed_on = models.DateField(_("date of assessment"))
    method_sv = models.TextField(_("how the service was assessed (Swedish)"))
    method_en = models.TextField(_("how the service was assessed (English)"), blank=True)
    feedback_email = models.EmailField(_("email for accessibility feedback"))
    feedback_phone = models.CharField(_("phone for accessibility feedback"), max_length=40, blank=True)
    response_days = models.PositiveSmallIntegerField(_("we answer within (working days)"), default=5)
    published_on = models.DateField(_("statement prepared"), default=timezone.localdate)
    reviewed_on = models.DateField(_("statement last reviewed"), null=True, blank=True)
    published = models.BooleanField(
        _("published"), default=True, help_text=_("Untick to withdraw the statement; the page then says so.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccessibilityStatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return f"{self.published_on}"

    @property
    def known_issues(self) -> str:
        return self.known_issues_en if get_language() == "en" and self.known_issues_en else self.known_issues_sv

    @property
    def method(self) -> str:
        return self.method_en if get_language() == "en" and self.method_en else self.method_sv

    @property
    def burden(self) -> str:
        return self.burden_en if get_language() == "en" and self.burden_en else self.burden_sv

    @property
    def out_of_scope(self) -> str:
        return self.out_of_scope_en if get_language() == "en" and self.out_of_scope_en else self.out_of_scope_sv


class JobOutcome(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class ScheduledJob(models.Model):
    """The scheduler's memory of one periodic job (``jamlik/schedule.py``): one row per job.

    A scheduler claims the row before running the job (``jamlik.web.scheduling``), so two
    schedulers never run it twice; ``beat_at`` moves while it runs, so a claim whose scheduler
    died is taken over once the beats stop.
    """

    command = models.CharField(max_length=100, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    beat_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=JobOutcome.choices, blank=True)
    error = models.TextField(blank=True)  # the end of the traceback of the last failed run
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["command"]

    def __str__(self) -> str:
        return f"{self.command}: {self.outcome or '-'}"


class WorkerHeartbeat(models.Model):
    """A background worker process saying it is alive, every ``JAMLIK_WORKER_HEARTBEAT_SECONDS``.

    Written by the worker itself (``jamlik/web/worker.py``), not by an action: it is the
    process's own bookkeeping, like django-tasks-db's task rows, and changes nothing a person
    made. ``/readyz`` and ``/metrics`` read the newest beat.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"{self.host}:{self.pid} ({self.worker_id})"
