"""Forms for the organiser's authoring pages: programme details, a module, a session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jamlik.courses.models import Course
from jamlik.people.models import Language, Organisation
from jamlik.people.pickers import OrganisationPicker, OrganisationsPicker
from jamlik.programmes.authoring import QuestionRow, TrainerRow, check_slug
from jamlik.programmes.models import ModuleKind, Programme

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

LOCAL = "%Y-%m-%dT%H:%M"

DETAIL_FIELDS = (
    "title",
    "summary",
    "description",
    "outline",
    "audience",
    "cost",
    "contact_name",
    "contact_email",
    "language",
    "registration_deadline",
    "requires_approval",
    "issues_diploma",
    "needs_retention_days",
)


class _CourseChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        version = obj.published_version
        return str(version.title if version else obj.slug)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _area(label: StrOrPromise, help_text: StrOrPromise = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class TieErrors:
    """Point each invalid field at its error message and mark it invalid (as the registration form does)."""

    def tie_errors(self: Any) -> None:
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}_errors"
                self.fields[name].widget.attrs["aria-invalid"] = "true"


class ProgrammeForm(TieErrors, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.CharField(
        label=_("Short address"),
        max_length=80,
        help_text=_("Used in the programme's web address, e.g. jamlikhet-i-praktiken-2026. It cannot change later."),
    )
    summary = forms.CharField(label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    description = _area(_("Background"))
    objectives = _area(_("Learning objectives"), _("One objective per line."))
    outline = _area(_("Content outline"), rows=6)
    audience = forms.CharField(label=_("Audience"), max_length=300, required=False)
    trainers = _area(
        _("Trainers"),
        _("One trainer per line: name; title; organisation. Title and organisation may be left out."),
    )
    cost = forms.CharField(
        label=_("Cost"),
        max_length=300,
        required=False,
        help_text=_("For example: Free of charge. Travel and accommodation are paid by the participant."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.SV)
    registration_deadline = forms.DateField(
        label=_("Last day to register"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    requires_approval = forms.BooleanField(label=_("The organiser approves each registration"), required=False)
    issues_diploma = forms.BooleanField(label=_("Diploma on completion"), required=False, initial=True)
    required_questions = _area(
        _("Questions every participant must answer"), _("One question per line, e.g. Organisation or Job title.")
    )
    optional_questions = _area(_("Questions participants may answer"), _("One question per line."))
    needs_retention_days = forms.IntegerField(
        label=_("Days to keep dietary and accessibility needs after a session"),
        min_value=0,
        max_value=365,
        initial=14,
        help_text=_("Only the host of the session sees them; they are deleted automatically after this."),
    )

    def __init__(
        self, *args: Any, organisers: QuerySet[Organisation], programme: Programme | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["organisers"] = OrganisationsPicker(
            label=_("Organising organisations"),
            queryset=organisers,
            help_text=_("Their coordinators may edit the programme. Type a few letters of a name to add one."),
        )
        if programme is not None:
            del self.fields["slug"]
        self.order_fields(["title", "slug", "summary", "organisers"])

    @staticmethod
    def initial_for(programme: Programme) -> dict[str, Any]:
        questions = list(programme.questions.all())
        return {
            **{name: getattr(programme, name) for name in DETAIL_FIELDS},
            "objectives": "\n".join(str(o) for o in programme.objectives),
            "organisers": list(programme.organisers.all()),
            "trainers": "\n".join(
                "; ".join(p for p in (t.name, t.title, t.organisation) if p) for t in programme.trainers.all()
            ),
            "required_questions": "\n".join(q.text for q in questions if q.required),
            "optional_questions": "\n".join(q.text for q in questions if not q.required),
        }

    def clean_slug(self) -> str:
        value = str(self.cleaned_data["slug"]).strip().lower()
        try:
            return check_slug(value)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["slug"]) from None

    def clean_trainers(self) -> list[TrainerRow]:
        rows: list[TrainerRow] = []
        for line in _lines(self.cleaned_data["trainers"]):
            parts = [p.strip() for p in line.split(";")]
            if len(parts) > 3 or not parts[0]:
                raise ValidationError(
                    _("Write each trainer as: name; title; organisation. This line is not: %(line)s"),
                    params={"line": line},
                )
            if any(len(p) > 150 for p in parts[:2]) or (len(parts) == 3 and len(parts[2]) > 200):
                raise ValidationError(_("A name, title or organisation is too long: %(line)s"), params={"line": line})
            name, title, organisation = (*parts, "", "")[:3]
            rows.append(TrainerRow(name, title, organisation))
        return rows

    def clean_objectives(self) -> list[str]:
        return _lines(self.cleaned_data["objectives"])

    def _questions(self, name: str, required: bool) -> list[QuestionRow]:
        rows = [QuestionRow(text, required) for text in _lines(self.cleaned_data[name])]
        if any(len(r.text) > 200 for r in rows):
            raise ValidationError(_("A question can be at most 200 characters long."))
        return rows

    def clean_required_questions(self) -> list[QuestionRow]:
        return self._questions("required_questions", True)

    def clean_optional_questions(self) -> list[QuestionRow]:
        return self._questions("optional_questions", False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        texts = [q.text for q in data.get("required_questions", []) + data.get("optional_questions", [])]
        if len(texts) != len(set(texts)):
            self.add_error("optional_questions", _("Each question can be asked only once."))
        return data

    def details(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in DETAIL_FIELDS}
        fields["objectives"] = self.cleaned_data["objectives"]
        if "slug" in self.cleaned_data:
            fields["slug"] = self.cleaned_data["slug"]
        return fields

    def questions(self) -> list[QuestionRow]:
        return [*self.cleaned_data["required_questions"], *self.cleaned_data["optional_questions"]]


class ModuleForm(TieErrors, forms.Form):
    title = forms.CharField(label=_("Title of the module"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ModuleKind.choices, widget=forms.RadioSelect)
    required = forms.BooleanField(label=_("Required to complete the programme"), required=False, initial=True)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    course = _CourseChoice(
        label=_("Course (for a self-paced module)"),
        queryset=Course.objects.filter(published_version__isnull=False).select_related("published_version"),
        required=False,
        to_field_name="slug",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ModuleKind.SELF_PACED and not data.get("course"):
            self.add_error("course", _("A self-paced module links a published course."))
        return data


def _when(label: StrOrPromise) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[LOCAL],
        help_text=_("Swedish time (Europe/Stockholm)."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL),
    )


class SessionForm(TieErrors, forms.Form):
    """A session's time, place, seats, host, language and own deadline (new and changed sessions)."""

    starts_at = _when(_("Starts"))
    ends_at = _when(_("Ends"))
    venue_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    street_address = forms.CharField(label=_("Street address"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to confirmed participants."),
    )
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100_000)
    host_organisation = OrganisationPicker(
        label=_("Host organisation"),
        queryset=Organisation.objects.all(),
        help_text=_(
            "Its coordinators see the participants, approve registrations and mark attendance. "
            "Type a few letters of the name and choose from the suggestions."
        ),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.SV)
    registration_deadline = forms.DateField(
        label=_("Own last day to register"),
        required=False,
        help_text=_("Leave empty to use the programme's last day."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
