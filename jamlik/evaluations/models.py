"""Evaluations: a questionnaire per course or programme, and answers that carry no one's name.

Who answered (``Participation``: a person and the completion or booking they answered for) and what
was answered (``Response`` and its ``Answer`` rows) are kept apart on purpose: no key, no time and no
order links them. Responses and answers have random keys (UUIDs) and no timestamps; a response only
says which questionnaire, which round (a quarter) and the respondent's kön column. So nothing in the
database, the pages, the files, the API or the audit log says who answered what, and an answer cannot
be changed after it is sent (docs/evaluations.md).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating from 1 to 5")
    TEXT = "text", _("Free text")


class Questionnaire(models.Model):
    """The questions of one course's or one programme's evaluation. Changing the questions after the
    first answer makes a new questionnaire (the old one stays, with its answers); ``current`` marks the
    one that is asked."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(
        "courses.Course", null=True, blank=True, on_delete=models.CASCADE, related_name="questionnaires"
    )
    programme = models.ForeignKey(
        "programmes.Programme", null=True, blank=True, on_delete=models.CASCADE, related_name="questionnaires"
    )
    number = models.PositiveIntegerField(default=1)
    current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.CheckConstraint(
                condition=(Q(course__isnull=False) & Q(programme__isnull=True))
                | (Q(course__isnull=True) & Q(programme__isnull=False)),
                name="questionnaire_course_or_programme",
            ),
            models.UniqueConstraint(
                fields=["course"], condition=Q(current=True, course__isnull=False), name="questionnaire_current_course"
            ),
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(current=True, programme__isnull=False),
                name="questionnaire_current_programme",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course or self.programme} ({self.number})"


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField()
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices)
    text_sv = models.CharField(_("question in Swedish"), max_length=200)
    text_en = models.CharField(_("question in English"), max_length=200)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "position"], name="question_position")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The question in the reader's language (Swedish when the English text is missing)."""
        if (get_language() or "sv").startswith("en") and self.text_en:
            return self.text_en
        return self.text_sv


class Participation(models.Model):
    """That a person answered for one occasion: a course completion or an attended session (booking).
    It says nothing about what they answered and has no time."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    completion = models.OneToOneField(
        "courses.Completion", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    booking = models.OneToOneField(
        "programmes.Booking", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(completion__isnull=False) & Q(booking__isnull=True))
                | (Q(completion__isnull=True) & Q(booking__isnull=False)),
                name="participation_one_occasion",
            ),
        ]

    def __str__(self) -> str:
        return f"participation {self.pk}"


class Response(models.Model):
    """One anonymous set of answers: which questionnaire and round, and the kön column, nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    period = models.CharField(max_length=7, help_text="The round: year and quarter, 2026-4.")
    kon = models.CharField(max_length=12, blank=True)

    class Meta:
        indexes = [models.Index(fields=["questionnaire", "period"], name="response_round")]

    def __str__(self) -> str:
        return f"response {self.pk}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="answer_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"answer {self.pk}"
