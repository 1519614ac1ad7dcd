"""Funded projects: an ESF+ (or other) project tagging the courses, programmes and campaigns it pays for."""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FundedProject(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    funder = models.CharField(_("funder"), max_length=100, help_text=_("For example ESF+."))
    project_number = models.CharField(_("project number"), max_length=60, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    courses = models.ManyToManyField("courses.Course", verbose_name=_("courses"), blank=True, related_name="+")
    programmes = models.ManyToManyField(
        "programmes.Programme", verbose_name=_("programmes"), blank=True, related_name="+"
    )
    campaigns = models.ManyToManyField("campaigns.Campaign", verbose_name=_("campaigns"), blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("funded project")
        verbose_name_plural = _("funded projects")
        ordering = ["-starts_on", "name"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="project_period")]

    def __str__(self) -> str:
        return self.name

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return self.starts_on, self.ends_on
