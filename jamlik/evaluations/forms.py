"""The learner's answer form (built from the questions asked) and the organisers' questions form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jamlik.evaluations.defaults import MAX_RATING_QUESTIONS, MAX_TEXT_QUESTIONS, QuestionRow
from jamlik.evaluations.models import Question, QuestionKind

RATING_CHOICES = [
    ("1", _("1 (lowest)")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 (highest)")),
]


def _text(question: Question | QuestionRow) -> str:
    if (get_language() or "sv").startswith("en") and question.text_en:
        return question.text_en
    return question.text_sv


class AnswerForm(forms.Form):
    """One field per question: ``rating_<position>`` (radio buttons, required) or ``text_<position>``."""

    def __init__(self, questions: Sequence[Question | QuestionRow], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for position, question in enumerate(questions, start=1):
            if question.kind == QuestionKind.RATING:
                self.fields[f"rating_{position}"] = forms.ChoiceField(
                    label=_text(question),
                    choices=RATING_CHOICES,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose a rating from 1 to 5.")},
                )
            else:
                self.fields[f"text_{position}"] = forms.CharField(
                    label=_text(question),
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text=_("Optional. Shown to the organisers without your name; do not write names."),
                )

    def ratings(self) -> dict[int, int]:
        return {
            int(name.split("_")[1]): int(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("rating_") and value
        }

    def texts(self) -> dict[int, str]:
        return {int(name.split("_")[1]): value for name, value in self.cleaned_data.items() if name.startswith("text_")}


class QuestionsForm(forms.Form):
    """Up to ``MAX_RATING_QUESTIONS`` rating questions and ``MAX_TEXT_QUESTIONS`` free-text ones, each in
    Swedish and English; an empty pair is left out."""

    def __init__(self, questions: Sequence[Question | QuestionRow], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ratings = [q for q in questions if q.kind == QuestionKind.RATING]
        texts = [q for q in questions if q.kind == QuestionKind.TEXT]
        for kind, count, given in (
            (QuestionKind.RATING, MAX_RATING_QUESTIONS, ratings),
            (QuestionKind.TEXT, MAX_TEXT_QUESTIONS, texts),
        ):
            for n in range(1, count + 1):
                q = given[n - 1] if n <= len(given) else None
                for lang, label in (("sv", _("in Swedish")), ("en", _("in English"))):
                    what = _("Rating question") if kind == QuestionKind.RATING else _("Free-text question")
                    self.fields[f"{kind}_{n}_{lang}"] = forms.CharField(
                        label=f"{what} {n}, {label}",
                        required=False,
                        max_length=200,
                        initial=getattr(q, f"text_{lang}", ""),
                    )

    def rows(self) -> list[QuestionRow]:
        rows = []
        for kind, count in ((QuestionKind.RATING, MAX_RATING_QUESTIONS), (QuestionKind.TEXT, MAX_TEXT_QUESTIONS)):
            for n in range(1, count + 1):
                sv = (self.cleaned_data.get(f"{kind}_{n}_sv") or "").strip()
                en = (self.cleaned_data.get(f"{kind}_{n}_en") or "").strip()
                if sv or en:
                    rows.append(QuestionRow(kind, sv, en))
        return rows

    def groups(self) -> list[tuple[str, list[tuple[Any, Any]]]]:
        """The fields in pairs (Swedish, English), for the template's fieldsets."""
        pairs: list[tuple[str, list[tuple[Any, Any]]]] = []
        for kind, count in ((QuestionKind.RATING, MAX_RATING_QUESTIONS), (QuestionKind.TEXT, MAX_TEXT_QUESTIONS)):
            pairs.append((str(kind), [(self[f"{kind}_{n}_sv"], self[f"{kind}_{n}_en"]) for n in range(1, count + 1)]))
        return pairs
