from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jamlik.people.models import Organisation
from jamlik.retention.catalogue import RULES, RuleKey


class RuleForm(forms.Form):
    organisation = forms.ModelChoiceField(
        Organisation.objects.order_by("name"),
        label=_("Organisation"),
        required=False,
        empty_label=_("The whole platform"),
    )
    key = forms.ChoiceField(label=_("Rule"), choices=[(k.value, k.label) for k in RuleKey if RULES[k].adjustable])
    amount = forms.IntegerField(
        label=_("Period"), min_value=0, max_value=10_000, help_text=_("In the rule's unit: days, months or years.")
    )


class ConfirmErasureForm(forms.Form):
    confirm = forms.BooleanField(label=_("I understand what is deleted and what stays"))


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for refusal"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ArchiveForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until (inclusive)"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
