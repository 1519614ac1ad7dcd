from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jamlik.webhooks.models import EventType


class SubscriptionForm(forms.Form):
    url = forms.CharField(
        label=_("Endpoint address"),
        max_length=500,
        help_text=_("An https:// address on the public internet that accepts POST requests."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=EventType.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
