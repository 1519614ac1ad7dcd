from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jamlik.courses.models import Topic
from jamlik.people.models import Language


class CatalogueFilter(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *Language.choices]
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=[("", _("All topics")), *Topic.choices])


class ReflectionForm(forms.Form):
    text = forms.CharField(required=False, max_length=10_000, widget=forms.Textarea)
