from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.people.models import Kon, Language, MembershipRole, Organisation, Unit
from jamlik.people.validators import validate_logo


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_(
            "As it should appear on your diplomas. If you correct it, you can have your diplomas "
            "re-issued with the new name under My diplomas."
        ),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    kon = forms.ChoiceField(
        label=_("Kön (optional)"),
        choices=[("", _("Not answered")), *Kon.choices],
        required=False,
        help_text=_(
            "Optional. Used only in statistics broken down by kön, never shown about you as a person. "
            "Public bodies must report statistics about people by kön (förordning 2001:100)."
        ),
    )


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _unit_field(organisation: Organisation, label: str) -> UnitChoiceField:
    return UnitChoiceField(
        label=label,
        queryset=Unit.objects.filter(organisation=organisation),
        required=False,
        empty_label=_("No unit"),
        to_field_name="public_id",
    )


class HeadcountForm(forms.Form):
    headcount = forms.IntegerField(label=_("Number of employees"), min_value=1, max_value=2_000_000)
    as_of = forms.DateField(
        label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    source_note = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("For example: payroll system, 1 November."),
    )

    def clean_as_of(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["as_of"]
        if value > timezone.localdate() + datetime.timedelta(days=366):
            raise ValidationError(_("The date is too far in the future."))
        return value


class EmailDomainForm(forms.Form):
    domain = forms.CharField(label=_("Domain"), max_length=253, help_text=_("For example: kommun.se"))
    requires_approval = forms.BooleanField(label=_("A coordinator approves new members"), required=False, initial=True)


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name of the unit"), max_length=150)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"] = _unit_field(organisation, str(_("Part of")))


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=_("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One or more addresses, separated by new lines, commas or spaces. At most 500."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.LEARNER)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field(organisation, str(_("Unit")))

    def clean_emails(self) -> list[str]:
        raw = self.cleaned_data["emails"].replace(",", " ").replace(";", " ").split()
        emails: list[str] = []
        bad: list[str] = []
        for item in raw:
            try:
                validate_email(item)
            except ValidationError:
                bad.append(item)
            else:
                emails.append(item.lower())
        if bad:
            raise ValidationError(
                _("These are not valid email addresses: %(list)s. Nothing was sent."), params={"list": ", ".join(bad)}
            )
        if not emails:
            raise ValidationError(_("Enter at least one email address."))
        if len(emails) > 500:
            raise ValidationError(_("At most 500 addresses at a time."))
        return emails


class InviteLinkForm(forms.Form):
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=30)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field(organisation, str(_("New members join the unit")))


class MemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field(organisation, str(_("Unit")))


class MemberFilter(forms.Form):
    """The member list's search and filters (GET): each optional; an invalid value is left out."""

    q = forms.CharField(label=_("Name or email"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Members and people waiting")),
            ("active", _("Members")),
            ("pending", _("Waiting for approval")),
        ],
    )
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("Any role")), *MembershipRole.choices])

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(
            label=_("Unit"),
            queryset=Unit.objects.filter(organisation=organisation).order_by("name"),
            required=False,
            empty_label=_("Any unit"),
            to_field_name="public_id",
        )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name of the token"), max_length=100, help_text=_("For example: our BI tool"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Shares My page with the profile form, whose name field is ``id_name``: ids must differ.
        kwargs.setdefault("auto_id", "id_token_%s")
        super().__init__(*args, **kwargs)


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG or JPEG, at most 1 MB. Shown on the diplomas your organisation issues."),
        widget=forms.FileInput(attrs={"accept": ".png,.jpg,.jpeg,image/png,image/jpeg"}),
    )
    remove = forms.BooleanField(label=_("Remove the current logo"), required=False)

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo:
            validate_logo(logo)
        return logo

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("logo") and not cleaned.get("remove") and not self.errors:
            self.add_error("logo", _("Choose a file, or tick the box to remove the current logo."))
        return cleaned
