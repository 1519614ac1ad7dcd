"""The frozen result of a closed campaign, its logged amendments and news."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from jamlik.campaigns.models.campaign import Campaign


class Frozen(Exception):
    """A frozen result was about to be changed in place; amend it instead."""


class FrozenQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise Frozen("A frozen result is never edited; record an amendment.")

    def delete(self) -> NoReturn:
        raise Frozen("A frozen result is never deleted.")


class FrozenModel(models.Model):
    """Rows written once: saving an existing row or deleting one raises ``Frozen``."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise Frozen("A frozen result is never edited; record an amendment.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise Frozen("A frozen result is never deleted.")


class Medal(models.TextChoices):
    NONE = "", _("None")
    GOLD = "gold", _("Gold")
    SILVER = "silver", _("Silver")
    BRONZE = "bronze", _("Bronze")


class Result(FrozenModel):
    campaign = models.OneToOneField(Campaign, on_delete=models.PROTECT, related_name="result")
    closed_at = models.DateTimeField()
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    total_completions = models.PositiveIntegerField()
    total_headcount = models.PositiveIntegerField()
    organisations = models.PositiveIntegerField()

    objects = FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.total_completions}"


class ResultRow(FrozenModel):
    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="rows")
    organisation = models.ForeignKey("people.Organisation", on_delete=models.PROTECT, related_name="+")
    organisation_name = models.CharField(max_length=200)
    headcount = models.PositiveIntegerField(null=True)
    completions = models.PositiveIntegerField()
    rank = models.PositiveIntegerField(null=True)
    medal = models.CharField(max_length=6, choices=Medal.choices, blank=True)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["rank", "organisation_name"]
        constraints = [models.UniqueConstraint(fields=["result", "organisation"], name="one_result_row_per_org")]

    def __str__(self) -> str:
        return f"{self.rank}. {self.organisation_name}"


class ResultAmendment(FrozenModel):
    """A correction of one row after closing: the new figures, why, and who. Shown with the result."""

    row = models.ForeignKey(ResultRow, on_delete=models.PROTECT, related_name="amendments")
    completions_before = models.PositiveIntegerField()
    completions_after = models.PositiveIntegerField()
    headcount_before = models.PositiveIntegerField(null=True)
    headcount_after = models.PositiveIntegerField(null=True)
    reason = models.CharField(_("reason"), max_length=300)
    amended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    amended_at = models.DateTimeField(auto_now_add=True)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["amended_at", "id"]

    def __str__(self) -> str:
        return f"{self.row_id}: {self.completions_before} → {self.completions_after}"


class CampaignNews(models.Model):
    """A news item on the campaign page, e.g. the results summary drafted at closing."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="news")
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_sv = models.TextField(_("text (Swedish)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title_sv

    @property
    def title(self) -> str:
        return self.title_en if translation.get_language() == "en" and self.title_en else self.title_sv

    @property
    def body(self) -> str:
        return self.body_en if translation.get_language() == "en" and self.body_en else self.body_sv
