"""A campaign, the organisations taking part, and the logged corrections of their headcount."""

from __future__ import annotations

import datetime
import uuid
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class Campaign(models.Model):
    """A time-boxed competition: which share of each organisation's staff completes the counted courses.

    ``start_at`` is inclusive and ``end_at`` exclusive; the pages show them as days in
    Europe/Stockholm (the last day shown is the day before ``end_at``).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    courses = models.ManyToManyField("courses.Course", verbose_name=_("counted courses"), related_name="+")
    start_at = models.DateTimeField(_("starts"))
    end_at = models.DateTimeField(_("ends"))
    counts_earlier = models.BooleanField(
        _("completions before the start count"),
        default=False,
        help_text=_("If ticked, people who completed a counted course before the start count too."),
    )
    headcount_freeze_on = models.DateField(
        _("last day for headcount corrections"),
        help_text=_("Until the end of this day the programme manager may correct a participant's headcount."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT, db_index=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("programme manager"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_at", "slug"]
        constraints = [models.CheckConstraint(condition=Q(end_at__gt=models.F("start_at")), name="campaign_period")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if translation.get_language() == "en" and self.title_en else self.title_sv

    @property
    def description(self) -> str:
        return (
            self.description_en if translation.get_language() == "en" and self.description_en else self.description_sv
        )

    @property
    def first_day(self) -> datetime.date:
        return timezone.localdate(self.start_at)

    @property
    def last_day(self) -> datetime.date:
        return timezone.localdate(self.end_at - datetime.timedelta(microseconds=1))

    def has_started(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.start_at

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.end_at

    def days_left(self, now: datetime.datetime | None = None) -> int:
        """Whole days left, counting today; 0 once the period is over."""
        now = now or timezone.now()
        if now >= self.end_at:
            return 0
        today = max(timezone.localdate(now), self.first_day)
        return (self.last_day - today).days + 1

    def headcount_open(self, today: datetime.date | None = None) -> bool:
        return self.status != CampaignStatus.CLOSED and (today or timezone.localdate()) <= self.headcount_freeze_on

    def counts_at(self, moment: datetime.datetime) -> bool:
        """Whether a completion at ``moment`` falls within what this campaign counts."""
        return moment < self.end_at and (self.counts_earlier or moment >= self.start_at)


class ParticipantStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Taking part")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Participant(models.Model):
    """An organisation in a campaign. ``completions`` is maintained incrementally (see counting.py)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey("people.Organisation", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=ParticipantStatus.choices)
    frozen_headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    headcount_frozen_at = models.DateTimeField(null=True, blank=True)
    completions = models.PositiveIntegerField(_("people who completed"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation"], name="one_participant_per_organisation"),
            models.CheckConstraint(
                condition=Q(frozen_headcount__isnull=True) | Q(frozen_headcount__gt=0),
                name="participant_headcount_positive",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="participant_org_status")]

    def __str__(self) -> str:
        return f"{self.organisation_id} in {self.campaign_id}"

    @property
    def rate(self) -> Fraction | None:
        if not self.frozen_headcount:
            return None
        return Fraction(self.completions, self.frozen_headcount)

    @property
    def over_headcount(self) -> bool:
        return bool(self.frozen_headcount) and self.completions > (self.frozen_headcount or 0)


class HeadcountCorrection(models.Model):
    """A change of a participant's frozen headcount before the freeze date. Shown on the campaign page."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="corrections")
    before = models.PositiveIntegerField(_("before"))
    after = models.PositiveIntegerField(_("after"))
    reason = models.CharField(_("reason"), max_length=300)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("headcount correction")
        verbose_name_plural = _("headcount corrections")
        ordering = ["corrected_at", "id"]

    def __str__(self) -> str:
        return f"{self.before} → {self.after}"
