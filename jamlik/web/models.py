"""Site-wide content that administrators edit: notices and the accessibility statement."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


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


class Notice(models.Model):
    """A banner shown on every page until it expires (service breaks, warnings, news)."""

    title_sv = models.CharField(_("title (Swedish)"), max_length=150)
    title_en = models.CharField(_("title (English)"), max_length=150, blank=True)
    body_sv = models.TextField(_("text (Swedish)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.INFO)
    published = models.BooleanField(_("published"), default=True)
    starts_at = models.DateTimeField(_("shown from"), default=timezone.now)
    expires_at = models.DateTimeField(_("shown until"), null=True, blank=True)

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


class AccessibilityStatement(models.Model):
    """The tillgänglighetsredogörelse (lag 2018:1937). The latest row is the one shown."""

    compliance = models.CharField(
        _("compliance status"), max_length=10, choices=ComplianceStatus.choices, default=ComplianceStatus.PARTIAL
    )
    known_issues_sv = models.TextField(_("content that is not accessible, and why (Swedish)"), blank=True)
    known_issues_en = models.TextField(_("content that is not accessible, and why (English)"), blank=True)
    assessed_on = models.DateField(_("date of assessment"))
    method_sv = models.TextField(_("how the service was assessed (Swedish)"))
    method_en = models.TextField(_("how the service was assessed (English)"), blank=True)
    feedback_email = models.EmailField(_("email for accessibility feedback"))
    feedback_phone = models.CharField(_("phone for accessibility feedback"), max_length=40, blank=True)
    response_days = models.PositiveSmallIntegerField(_("we answer within (working days)"), default=5)
    published_on = models.DateField(_("statement published"), default=timezone.localdate)
    updated_at = models.DateTimeField(auto_now=True)

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
