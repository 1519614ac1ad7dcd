"""Forms of the package pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jamlik.courses.authoring.forms import OrganisationChoiceField
from jamlik.people.models import Language, Organisation


class PackageVersionForm(forms.Form):
    """A new version of a package course: only the file."""

    package = forms.FileField(
        label=_("SCORM package (.zip)"),
        help_text=_("A SCORM 1.2 or 2004 package exported from an authoring tool, with imsmanifest.xml at the top."),
    )


class PackageUploadForm(PackageVersionForm):
    """A new course from a package: the file, the owner and the course's language."""

    language = forms.ChoiceField(label=_("Language of the course"), choices=Language.choices, initial=Language.SV)

    def __init__(self, *args: Any, owners: QuerySet[Organisation], owner_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OrganisationChoiceField(
            label=_("Organisation that owns the course"),
            queryset=owners,
            to_field_name="slug",
            required=owner_required,
            empty_label=_("The platform (all programme managers)") if not owner_required else "---------",
            help_text=_("The new course belongs to this organisation. It starts as a draft."),
        )
