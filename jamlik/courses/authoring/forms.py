"""Authoring forms for a course, its settings, modules and lessons (blocks: ``block_forms``)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jamlik.courses.models import Audience, Course, CourseVersion, Module, OrderMode, Topic
from jamlik.people.models import Language, Organisation
from jamlik.people.pickers import OrganisationsPicker

# Addresses under /kurser/ that belong to pages, not to courses.
# And "completions", the API's fixed path /api/v1/courses/completions, which a slug must not shadow.
RESERVED_SLUGS = frozenset(
    {"redigera", "grupptraff", "importera", "organisation", "api", "ny", "mina", "completions", "paket"}
)

SLUG_HELP = _("Used in the course's web address, e.g. ett-dalarna-for-alla. Lower-case letters, digits and hyphens.")


class OrganisationChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def check_slug(value: str) -> str:
    value = value.strip().lower()
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
        raise ValidationError(_("Use lower-case letters a-z, digits and single hyphens, e.g. bemotande-2026."))
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This address is used by the site itself. Choose another."))
    if Course.objects.filter(slug=value).exists():
        raise ValidationError(_("Another course already uses this address."))
    return value


class NewCourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.CharField(label=_("Short address"), max_length=80, help_text=SLUG_HELP)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.SV)

    def __init__(self, *args: Any, owners: QuerySet[Organisation], owner_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OrganisationChoiceField(
            label=_("Owner"),
            queryset=owners,
            required=owner_required,
            empty_label=None if owner_required else _("The platform (programme managers)"),
            to_field_name="slug",
            help_text=_("The organisation that authors and maintains the course."),
        )

    def clean_slug(self) -> str:
        return check_slug(self.cleaned_data["slug"])


class SettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences for the catalogue: who the course is for and what they will learn."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    estimated_minutes = forms.IntegerField(label=_("Estimated time (minutes)"), min_value=1, max_value=6000)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    audience = forms.ChoiceField(label=_("Who may take the course"), choices=Audience.choices, widget=forms.RadioSelect)
    organisations = OrganisationsPicker(
        label=_("Chosen organisations"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_(
            "Only used when the course is for chosen organisations. "
            "Type a few letters of a name and choose from the suggestions."
        ),
    )
    order_mode = forms.ChoiceField(label=_("Order of the lessons"), choices=OrderMode.choices, widget=forms.RadioSelect)
    pass_mark = forms.IntegerField(
        label=_("Pass mark (%)"),
        min_value=0,
        max_value=100,
        help_text=_("Share of knowledge checks that must be answered correctly to complete the course."),
    )
    issues_diploma = forms.BooleanField(label=_("Issue a diploma on completion"), required=False)

    @staticmethod
    def initial_for(version: CourseVersion) -> dict[str, Any]:
        return {
            "title": version.title,
            "summary": version.summary,
            "language": version.language,
            "estimated_minutes": version.estimated_minutes,
            "topic": version.course.topic,
            "audience": version.audience,
            "organisations": list(version.organisations.all()),
            "order_mode": version.order_mode,
            "pass_mark": version.pass_mark,
            "issues_diploma": version.issues_diploma,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("audience") == Audience.CHOSEN_ORGANISATIONS and not data.get("organisations"):
            self.add_error("organisations", _("Choose at least one organisation, or another audience."))
        return data


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Title of the module"), max_length=200)


class NewLessonForm(forms.Form):
    title = forms.CharField(label=_("Title of the lesson"), max_length=200)


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Title of the lesson"), max_length=200)

    def __init__(self, *args: Any, version: CourseVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"] = ModuleChoiceField(
            label=_("Module"), queryset=Module.objects.filter(version=version).order_by("position", "id")
        )


class ModuleChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class ImportBundleForm(forms.Form):
    bundle = forms.FileField(label=_("Course bundle (.zip)"), help_text=_("A file exported from Jämlik."))

    def __init__(self, *args: Any, owners: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OrganisationChoiceField(
            label=_("Organisation that adopts the course"),
            queryset=owners,
            to_field_name="slug",
            help_text=_("The new course belongs to this organisation. It starts as a draft."),
        )
