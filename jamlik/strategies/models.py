"""Strategies of organisations, and the yearly follow-up rounds that a programme manager runs.

A strategy belongs to one organisation and is private to its coordinators and to programme
managers (there is no public strategy page). A round asks a set of organisations the same
questions; each organisation has one ``Response`` per round. On submission the linked
strategy's goals, activities and indicator values are copied into snapshot rows, so the round's
roll-up reads what was true when the organisation answered, in real columns.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.lib.storage import PrivateStorage
from jamlik.people.models import Organisation


class EqualityArea(models.TextChoices):
    GENDER_MAINSTREAMING = "gender_mainstreaming", _("Gender mainstreaming")
    NON_DISCRIMINATION = "non_discrimination", _("Non-discrimination")
    ANTI_RACISM = "anti_racism", _("Anti-racism")
    ACCESSIBILITY = "accessibility", _("Accessibility")
    LGBTQI = "lgbtqi", _("LGBTQI inclusion")
    NATIONAL_MINORITIES = "national_minorities", _("National minorities")
    HUMAN_RIGHTS = "human_rights", _("Human rights")


class WorkStatus(models.TextChoices):
    """Status of a goal or an activity."""

    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class Strategy(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="strategies")
    area = models.CharField(_("area"), max_length=30, choices=EqualityArea.choices)
    title = models.CharField(_("title"), max_length=200)
    period_from = models.PositiveSmallIntegerField(_("from year"))
    period_to = models.PositiveSmallIntegerField(_("to year"))
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["-period_to", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(period_to__gte=models.F("period_from")), name="strategy_period_ordered")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_from}\N{EN DASH}{self.period_to})"


class Goal(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=WorkStatus.choices, default=WorkStatus.PLANNED)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("activity"), max_length=300)
    owner_text = models.CharField(
        _("owner (name or role)"), max_length=150, blank=True, help_text=_("For example a unit or a role.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (member)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=WorkStatus.choices, default=WorkStatus.PLANNED)
    due_date = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    def owner_label(self) -> str:
        if self.owner_id is not None and self.owner is not None:
            name = self.owner.display_name()
            return f"{name}, {self.owner_text}" if self.owner_text else name
        return self.owner_text


class Indicator(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("For example percent or number of people."))
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target = models.DecimalField(_("target value"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    """The measured value of an indicator for one year. Measuring again replaces it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="strategy_one_measurement_per_year")]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.year})"


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Round(models.Model):
    """A follow-up round: the same questions to a set of organisations, with a deadline."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year followed up"))
    deadline = models.DateField(_("deadline"))
    introduction = models.TextField(_("introduction"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        ordering = ["-year", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def accepts_answers(self, today: datetime.date | None = None) -> bool:
        """Open and the deadline (a whole day, local time) has not passed."""
        return self.status == RoundStatus.OPEN and (today or timezone.localdate()) <= self.deadline


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    YES_NO = "yes_no", _("Yes or no")
    NUMBER = "number", _("Number")
    CHOICE = "choice", _("One of several options")


class Question(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    options = models.TextField(_("options"), blank=True, help_text=_("For options: one per line."))
    required = models.BooleanField(_("an answer is required"), default=True)
    highlight = models.BooleanField(
        _("show the answers as highlights in the roll-up"),
        default=False,
        help_text=_("For text questions such as lessons learned."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class ResponseStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Response(models.Model):
    """One organisation's answer to a round. Created when the organisation is picked."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="strategy_responses")
    status = models.CharField(
        _("status"), max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.NOT_STARTED
    )
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="strategy_one_response_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} \N{EN DASH} {self.round}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    yes = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="strategy_one_answer_per_question")
        ]

    def __str__(self) -> str:
        return self.display()

    def display(self) -> str:
        if self.yes is not None:
            return str(_("Yes") if self.yes else _("No"))
        if self.number is not None:
            return f"{self.number.normalize():f}"
        return self.text


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.public_id}"


def evidence_storage() -> PrivateStorage:
    """Evidence is private to the organisation and programme managers (``PRIVATE_ROOT/strategies``)."""
    return PrivateStorage("strategies")


class Evidence(models.Model):
    """A file attached to a response. Stored under an opaque name; always downloaded, never shown inline."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(storage=evidence_storage, upload_to=evidence_path)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.filename


class SnapshotKind(models.TextChoices):
    GOAL = "goal", _("Goal")
    ACTIVITY = "activity", _("Activity")


class WorkSnapshot(models.Model):
    """A goal or activity of the linked strategy as it stood when the response was submitted."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="work_snapshots")
    kind = models.CharField(max_length=10, choices=SnapshotKind.choices)
    goal_title = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=WorkStatus.choices)
    owner = models.CharField(max_length=300, blank=True)
    due_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class IndicatorSnapshot(models.Model):
    """An indicator of the linked strategy at submission, with its value for the round's year (or the latest before)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="indicator_snapshots")
    name = models.CharField(max_length=300)
    unit = models.CharField(max_length=40)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    value_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class RoundReminder(models.Model):
    """A reminder to one organisation's coordinators. At most one per organisation and round a day."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation", "sent_on"], name="one_round_reminder_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.sent_on}"
