"""What a diploma says was achieved, frozen when it is issued.

``Diploma.achievement`` is a JSON column written only through ``Achievement.model_dump``, so
every stored value parses. It is a snapshot: later edits to a course or programme never
change a diploma already issued.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict


class AchievementKind(models.TextChoices):
    COURSE = "course", _("Course")
    PROGRAMME = "programme", _("Programme")


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Part(_Schema):
    """A module of a course or programme, with the date it took place if it had one."""

    title: str
    date: datetime.date | None = None


class Achievement(_Schema):
    kind: AchievementKind
    title: str
    summary: str = ""
    language: str = "sv"
    parts: list[Part] = []
    started_on: datetime.date | None = None
    completed_on: datetime.date
    estimated_minutes: int | None = None
    reference: str = ""  # a stable id of the course or programme, e.g. "course:12"
