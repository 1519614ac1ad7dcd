"""The scope of a dashboard, export, report or API call, and the funded project form."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jamlik.campaigns.models import Campaign, CampaignStatus
from jamlik.courses.models import Course
from jamlik.people.access import coordinated_organisations
from jamlik.people.models import County, Organisation, OrganisationKind
from jamlik.people.pickers import OrganisationPicker
from jamlik.programmes.models import Programme
from jamlik.statistics.measures import Filters
from jamlik.statistics.models import FundedProject
from jamlik.statistics.widgets import QuickSelect

DIMENSION_CHOICES = [  # the dashboard's default first: counties (21 rows), not every organisation
    ("county", _("County")),
    ("organisation", _("Organisation")),
    ("item", _("Course, programme or campaign")),
]


class DateInput(forms.DateInput):
    input_type = "date"


class PeriodForm(forms.Form):
    """From and to days in Europe/Stockholm, both included. Either may be left empty."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The last day cannot be before the first day."))
        return data

    def filters(self, **rows: Any) -> Filters:
        data = self.cleaned_data
        return Filters(date_from=data.get("date_from"), date_to=data.get("date_to"), **rows)


def pickable_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations a person may filter by: every one for programme managers (and for a
    form without a person), a coordinator's own otherwise. Another one typed by name is then
    \"no organisation is called …\", the same answer as a name that does not exist."""
    everyone = Organisation.objects.only("pk", "slug", "name")
    if user is None or (getattr(user, "is_authenticated", False) and user.is_programme_manager):
        return everyone
    return everyone.filter(pk__in=coordinated_organisations(user).values("pk"))


class OrganisationScoped(forms.Form):
    """A form whose ``organisation`` picker offers only what ``user`` may see."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = pickable_organisations(user)  # type: ignore[attr-defined]


class ScopeForm(OrganisationScoped, PeriodForm):
    """A programme manager's filters across organisations."""

    dimension = forms.ChoiceField(label=_("Rows"), choices=DIMENSION_CHOICES, required=False, widget=QuickSelect)
    county = forms.ModelChoiceField(
        label=_("County"), queryset=County.objects.all(), required=False, widget=QuickSelect
    )
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", "—"), *OrganisationKind.choices],
        required=False,
        widget=QuickSelect,
    )
    # Hundreds of organisations: typed (name or short address) or chosen from suggestions.
    organisation = OrganisationPicker(label=_("Organisation"), queryset=Organisation.objects.all(), required=False)
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.all(), required=False, to_field_name="slug", widget=QuickSelect
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.all(), required=False, to_field_name="slug", widget=QuickSelect
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.exclude(status=CampaignStatus.DRAFT),
        required=False,
        to_field_name="slug",
        widget=QuickSelect,
    )
    project = forms.ModelChoiceField(
        label=_("Funded project"),
        queryset=FundedProject.objects.all(),
        required=False,
        to_field_name="public_id",
        widget=QuickSelect,
    )

    def rows(self, default: str = "organisation") -> str:
        """The chosen rows; the dashboard defaults to counties, exports and the API to organisations."""
        return self.cleaned_data.get("dimension") or default

    def scope(self) -> Filters:
        data = self.cleaned_data
        courses = programmes = campaigns = None
        date_from, date_to = data.get("date_from"), data.get("date_to")
        project: FundedProject | None = data.get("project")
        if project is not None:
            courses = tuple(project.courses.values_list("pk", flat=True))
            programmes = tuple(project.programmes.values_list("pk", flat=True))
            campaigns = tuple(project.campaigns.values_list("pk", flat=True))
            date_from, date_to = _narrow(date_from, date_to, project.starts_on, project.ends_on)
        if data.get("course"):
            courses = (data["course"].pk,)
        if data.get("programme"):
            programmes = (data["programme"].pk,)
        if data.get("campaign"):
            campaigns = (data["campaign"].pk,)
        return Filters(
            date_from=date_from,
            date_to=date_to,
            organisation_ids=(data["organisation"].pk,) if data.get("organisation") else None,
            county_ids=(data["county"].pk,) if data.get("county") else (),
            organisation_kinds=(data["kind"],) if data.get("kind") else (),
            course_ids=courses,
            programme_ids=programmes,
            campaign_ids=campaigns,
        )

    def families(self) -> set[str] | None:
        """Only the families a chosen course, programme or campaign belongs to; None: all."""
        data = self.cleaned_data
        chosen = {f for f in ("course", "programme", "campaign") if data.get(f)}
        return chosen or None


def _narrow(
    start: datetime.date | None, end: datetime.date | None, first: datetime.date, last: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """A period inside a project's period."""
    return max(start or first, first), min(end or last, last)


class ProjectForm(forms.ModelForm[FundedProject]):
    class Meta:
        model = FundedProject
        fields = ["name", "funder", "project_number", "starts_on", "ends_on", "courses", "programmes", "campaigns"]
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "courses": forms.CheckboxSelectMultiple,
            "programmes": forms.CheckboxSelectMultiple,
            "campaigns": forms.CheckboxSelectMultiple,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and start > end:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return data


class ReportForm(OrganisationScoped, PeriodForm):
    organisation = OrganisationPicker(label=_("Organisation"), queryset=Organisation.objects.all(), required=False)
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.all(), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("organisation") and data.get("county"):
            self.add_error("county", _("Choose an organisation or a county, not both."))
        return data
