"""Forms for strategies, rounds and answers. Views pass ``cleaned_data`` to the actions."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jamlik.people.models import Membership, Organisation, OrganisationKind, User
from jamlik.people.pickers import OrganisationsPicker
from jamlik.strategies.evidence import MAX_BYTES, allowed_extensions
from jamlik.strategies.models import (
    Activity,
    Goal,
    Indicator,
    Question,
    QuestionKind,
    Response,
    Round,
    Strategy,
)


class StrategyForm(forms.ModelForm[Strategy]):
    class Meta:
        model = Strategy
        fields = ["area", "title", "period_from", "period_to", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, organisations: QuerySet[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=gettext_lazy("Organisation"), queryset=organisations, to_field_name="slug", empty_label=None
            )
            self.order_fields(["organisation"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_from"), data.get("period_to")
        if start is not None and end is not None and end < start:
            self.add_error("period_to", _("The period cannot end before it starts."))
        return data


class GoalForm(forms.ModelForm[Goal]):
    class Meta:
        model = Goal
        fields = ["title", "description", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ActivityForm(forms.ModelForm[Activity]):
    class Meta:
        model = Activity
        fields = ["goal", "title", "owner_text", "owner", "status", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, strategy: Strategy, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goal_field = self.fields["goal"]
        owner_field = self.fields["owner"]
        if not isinstance(goal_field, forms.ModelChoiceField) or not isinstance(owner_field, forms.ModelChoiceField):
            raise TypeError("ActivityForm expects model choice fields for goal and owner")
        goal_field.queryset = Goal.objects.filter(strategy=strategy)
        goal_field.empty_label = None
        members = Membership.objects.current().filter(organisation_id=strategy.organisation_id).values("user_id")
        owner_field.queryset = User.objects.filter(pk__in=members).order_by("name", "email")
        owner_field.required = False


class IndicatorForm(forms.ModelForm[Indicator]):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "baseline_year", "target", "target_year"]


class MeasurementForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1990, max_value=2100)
    value = forms.DecimalField(label=gettext_lazy("Value"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class RoundForm(forms.ModelForm[Round]):
    class Meta:
        model = Round
        fields = ["title", "year", "deadline", "introduction"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "introduction": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_deadline(self) -> datetime.date:
        deadline: datetime.date = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return deadline


class QuestionForm(forms.ModelForm[Question]):
    class Meta:
        model = Question
        fields = ["text", "help_text", "kind", "options", "required", "highlight"]
        widgets = {"options": forms.Textarea(attrs={"rows": 3})}


class OrganisationsForm(forms.Form):
    all_county_boards = forms.BooleanField(label=gettext_lazy("All county administrative boards"), required=False)
    organisations = OrganisationsPicker(
        label=gettext_lazy("Other organisations"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=gettext_lazy(
            "Type a few letters of a name and choose from the suggestions; add as many as you need."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("all_county_boards") and not data.get("organisations"):
            raise forms.ValidationError(_("Pick at least one organisation, or all county administrative boards."))
        return data

    def chosen(self) -> list[Organisation]:
        picked = {o.pk: o for o in self.cleaned_data.get("organisations") or []}
        if self.cleaned_data.get("all_county_boards"):
            for board in Organisation.objects.filter(kind=OrganisationKind.COUNTY_BOARD):
                picked.setdefault(board.pk, board)
        return list(picked.values())


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("Allowed types: %(types)s. At most %(mb)s MB.")
        % {"types": allowed_extensions(), "mb": MAX_BYTES // (1024 * 1024)},
    )


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """An action's ValidationError on any form (model forms too): per field where it names one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class AnswerForm(forms.Form):
    """One field per question of the round, plus the strategy the answer is about.

    Every field is optional here: a draft may be partial. Submitting checks required questions.
    """

    def __init__(
        self, response: Response, questions: list[Question], strategies: QuerySet[Strategy], *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields["strategy"] = forms.ModelChoiceField(
            label=gettext_lazy("Strategy followed up"),
            queryset=strategies,
            to_field_name="public_id",
            required=False,
            empty_label=gettext_lazy("No strategy"),
            help_text=gettext_lazy(
                "When you submit, the status of its goals, activities and indicators is copied into the answer."
            ),
        )
        for question in questions:
            name = field_name(question)
            # The programme manager's explanation is plain text: Django's form templates print help
            # text unescaped, so it is escaped here (a <meta http-equiv="refresh"> once redirected coordinators).
            label, help_text = question.text, escape(question.help_text)
            field: forms.Field
            if question.kind == QuestionKind.NUMBER:
                field = forms.DecimalField(
                    label=label, help_text=help_text, required=False, max_digits=14, decimal_places=2
                )
            elif question.kind == QuestionKind.YES_NO:
                field = forms.TypedChoiceField(
                    label=label,
                    help_text=help_text,
                    required=False,
                    choices=[("", _("No answer yet")), ("yes", _("Yes")), ("no", _("No"))],
                    coerce=_yes_no,
                    empty_value=None,
                    widget=forms.RadioSelect,
                )
            elif question.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(
                    label=label,
                    help_text=help_text,
                    required=False,
                    choices=[("", _("No answer yet")), *[(o, o) for o in question.option_list()]],
                )
            else:
                field = forms.CharField(
                    label=label,
                    help_text=help_text,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    max_length=10000,
                )
            self.fields[name] = field

    def values(self) -> dict[int, Any]:
        found: dict[int, Any] = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            found[question.pk] = value
        return found


def answer_initial(response: Response) -> dict[str, Any]:
    initial: dict[str, Any] = {"strategy": response.strategy.public_id if response.strategy else None}
    for answer in response.answers.all():
        key = f"q{answer.question_id}"
        if answer.yes is not None:
            initial[key] = "yes" if answer.yes else "no"
        elif answer.number is not None:
            initial[key] = answer.number
        else:
            initial[key] = answer.text
    return initial
