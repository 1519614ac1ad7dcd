from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jamlik.courses.models import Course
from jamlik.people.models import Organisation
from jamlik.people.pickers import OrganisationPicker


class DateInput(forms.DateInput):
    input_type = "date"


class CourseChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        if obj.published_version is not None:
            return str(obj.published_version.title)
        return f"{obj.slug} ({_('not published')})"


class CampaignForm(forms.Form):
    slug = forms.SlugField(label=_("Short address"), max_length=80, help_text=_("Used in the page's address."))
    title_sv = forms.CharField(label=_("Title (Swedish)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_sv = forms.CharField(label=_("Description (Swedish)"), widget=forms.Textarea, required=False)
    description_en = forms.CharField(label=_("Description (English)"), widget=forms.Textarea, required=False)
    courses = CourseChoiceField(
        label=_("Counted courses"),
        queryset=Course.objects.select_related("published_version").order_by("slug"),
        widget=forms.CheckboxSelectMultiple,
    )
    first_day = forms.DateField(label=_("First day"), widget=DateInput)
    last_day = forms.DateField(label=_("Last day"), widget=DateInput)
    counts_earlier = forms.BooleanField(label=_("Completions before the start count too"), required=False)
    headcount_freeze_on = forms.DateField(
        label=_("Last day for headcount corrections"), widget=DateInput, required=False
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["slug"]


class InviteForm(forms.Form):
    organisation = OrganisationPicker(label=_("Organisation"), queryset=Organisation.objects.all())


class HeadcountForm(forms.Form):
    headcount = forms.IntegerField(label=_("Number of employees"), min_value=1, max_value=2_000_000)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class AmendmentForm(forms.Form):
    completions = forms.IntegerField(label=_("People who completed"), min_value=0)
    headcount = forms.IntegerField(label=_("Number of employees"), min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class NewsForm(forms.Form):
    title_sv = forms.CharField(label=_("Title (Swedish)"), max_length=200)
    body_sv = forms.CharField(label=_("Text (Swedish)"), widget=forms.Textarea)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    body_en = forms.CharField(label=_("Text (English)"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Shares the campaign page with the campaign form, which has title_sv and title_en too.
        kwargs.setdefault("auto_id", "id_news_%s")
        super().__init__(*args, **kwargs)
