from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jamlik.courses.models import Course


class IssueForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.none(), help_text=_("Only people who completed it get a diploma.")
    )
    email = forms.EmailField(
        label=_("Email address of one person (optional)"),
        required=False,
        help_text=_("Leave empty to issue to everyone who completed the course and has no diploma yet."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = (  # type: ignore[attr-defined]
            Course.objects.filter(published_version__isnull=False).select_related("published_version").order_by("slug")
        )
        self.fields["course"].label_from_instance = lambda c: c.published_version.title  # type: ignore[attr-defined]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Shown to anyone who checks the diploma."),
    )


class ReissueForm(forms.Form):
    recipient_name = forms.CharField(label=_("Name on the new diploma"), max_length=150)
    expires_on = forms.DateField(
        label=_("Valid until (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class DiplomaNameForm(forms.Form):
    name = forms.CharField(
        label=_("Your name as it should appear on your diplomas"), max_length=150, widget=forms.TextInput()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_diploma_%s")
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
