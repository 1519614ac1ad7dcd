from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.courses.models import Course
from jamlik.knowledge.access import submitting_organisations
from jamlik.knowledge.models import Example, NewsItem, Theme
from jamlik.people.models import County, OrganisationKind
from jamlik.programmes.models import Programme

MAX_LINKS = 10


class ExampleForm(forms.ModelForm):  # type: ignore[type-arg]
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    courses = forms.ModelMultipleChoiceField(
        label=_("Related courses"),
        queryset=Course.objects.filter(published_version__isnull=False).select_related("published_version"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Related programmes"),
        queryset=Programme.objects.public(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Example
        fields = [
            "language",
            "title",
            "summary",
            "problem",
            "what_was_done",
            "results",
            "lessons",
            "organisation",
            "county",
            "themes",
            "target_groups",
            "period_start",
            "period_end",
            "contact_name",
            "contact_email",
            "show_contact",
            "links",
            "courses",
            "programmes",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = submitting_organisations(user)  # type: ignore[attr-defined]
        self.fields["county"].help_text = _("Empty: the organisation's county.")
        self.fields["courses"].label_from_instance = lambda c: c.published_version.title  # type: ignore[attr-defined]
        self.fields["programmes"].label_from_instance = lambda p: p.title  # type: ignore[attr-defined]
        if self.instance.pk is None:
            self.fields["organisation"].initial = submitting_organisations(user).first()

    def clean_links(self) -> str:
        lines = [line.strip() for line in (self.cleaned_data.get("links") or "").splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise ValidationError(_("At most %(n)d links.") % {"n": MAX_LINKS})
        check = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                check(line)
            except ValidationError:
                raise ValidationError(
                    _("%(line)s is not a web address (it should start with https://).") % {"line": line[:80]}
                ) from None
        return "\n".join(lines)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Add an attachment"),
        help_text=_("PDF, DOCX, XLSX, PPTX, ODT, PNG or JPEG, at most 10 MB."),
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("What should change"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000, required=False
    )


def _year_choices() -> list[tuple[str, Any]]:
    this_year = timezone.localdate().year
    return [("", _("Any year"))] + [(str(y), str(y)) for y in range(this_year, 1999, -1)]


class SearchForm(forms.Form):
    """The filters of the example list; each optional, invalid values explained, never fatal.

    The words (``q``) are not a form field: any text is a valid query (``search.clean_query``).
    """

    theme = forms.ChoiceField(label=_("Theme"), required=False)
    county = forms.ChoiceField(label=_("County"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("Any kind")), *OrganisationKind.choices],
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes: list[tuple[str, Any]] = [("", _("Any theme"))]
        themes += [(t.slug, t.name) for t in Theme.objects.all()]
        counties: list[tuple[str, Any]] = [("", _("Any county"))]
        counties += [(c.code, c.name) for c in County.objects.order_by("name")]
        for name, choices in (("theme", themes), ("county", counties), ("year", _year_choices())):
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):
                field.choices = choices


class NewsForm(forms.ModelForm):  # type: ignore[type-arg]
    publish = forms.BooleanField(label=_("Published"), required=False)

    class Meta:
        model = NewsItem
        fields = ["organisation", "language", "title", "lead", "body"]
        widgets = {"lead": forms.Textarea(attrs={"rows": 3}), "body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        organisation.queryset = submitting_organisations(user)  # type: ignore[attr-defined]
        if getattr(user, "is_programme_manager", False):
            organisation.empty_label = _("Platform-wide")  # type: ignore[attr-defined]
        else:
            organisation.required = True
            organisation.empty_label = None  # type: ignore[attr-defined]
        self.fields["publish"].initial = self.instance.published_at is not None
