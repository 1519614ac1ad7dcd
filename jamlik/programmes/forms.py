"""The registration form, built from a programme's modules, sessions and questions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jamlik.programmes.models import ModuleKind, Programme, Session, SessionStatus


def seats_left(session: Session) -> int:
    return max(0, session.capacity - session.taken)


def session_label(session: Session) -> str:
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    when = f"{formats.date_format(start, 'j F Y')}, {start:%H:%M}\N{EN DASH}{end:%H:%M}"
    where = session.city or (_("online") if session.online_url else "")
    left = seats_left(session)
    seats = (
        ngettext("%(n)s seat left", "%(n)s seats left", left) % {"n": left}
        if left
        else _("full, you join the waiting list")
    )
    return ", ".join(p for p in (where, when, seats) if p)


class RegistrationForm(forms.Form):
    """One radio group per module with alternatives; a tick box per optional single session."""

    dietary = forms.CharField(label=gettext_lazy("Dietary needs"), max_length=300, required=False)
    accessibility = forms.CharField(label=gettext_lazy("Accessibility needs"), max_length=300, required=False)

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.session_fields: list[str] = []
        has_in_person = False
        for module in programme.modules.all():
            if module.kind == ModuleKind.SELF_PACED:
                continue
            has_in_person = has_in_person or module.kind == ModuleKind.IN_PERSON
            open_ones = [s for s in module.sessions.all() if s.status == SessionStatus.SCHEDULED]
            name = f"module_{module.pk}"
            if len(open_ones) > 1:
                self.fields[name] = forms.TypedChoiceField(
                    label=module.title,
                    choices=[(s.pk, session_label(s)) for s in open_ones],
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=module.required,
                    error_messages={"required": _("Choose a session for %(module)s.") % {"module": module.title}},
                )
                self.session_fields.append(name)
            elif len(open_ones) == 1 and not module.required:
                self.fields[name] = forms.BooleanField(
                    label=_("Take part in %(module)s (%(when)s)")
                    % {"module": module.title, "when": session_label(open_ones[0])},
                    required=False,
                )
                self.fields[name].session_id = open_ones[0].pk  # type: ignore[attr-defined]
                self.session_fields.append(name)
        for question in programme.questions.all():
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=question.text, max_length=300, required=question.required
            )
        if not has_in_person:
            del self.fields["dietary"]
            del self.fields["accessibility"]
        else:
            self.fields["dietary"].help_text = _(
                "Seen only by the host of your in-person session, and deleted after it."
            )
            self.fields["accessibility"].help_text = self.fields["dietary"].help_text
            self.order_fields([*self.session_fields, *[f for f in self.fields if f.startswith("question_")]])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.session_fields:
            if hasattr(self.data, "getlist") and len(self.data.getlist(name)) > 1:
                self.add_error(
                    name, _("Choose only one of the alternatives for %(module)s.") % {"module": self.fields[name].label}
                )
        return cleaned

    def session_ids(self) -> list[int]:
        ids: list[int] = []
        for name in self.session_fields:
            value = self.cleaned_data.get(name)
            field = self.fields[name]
            if isinstance(field, forms.BooleanField):
                if value:
                    ids.append(field.session_id)  # type: ignore[attr-defined]
            elif value:
                ids.append(int(value))
        return ids

    def answers(self) -> dict[int, str]:
        return {
            int(name.removeprefix("question_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("question_") and value
        }

    def tie_errors(self) -> None:
        """Point each invalid field at its error message (aria-describedby) and mark it invalid."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                described = f"{self[name].auto_id}_errors"
                widget.attrs["aria-describedby"] = " ".join(
                    p for p in (widget.attrs.get("aria-describedby", ""), described) if p
                )
                widget.attrs["aria-invalid"] = "true"


class SwitchForm(forms.Form):
    session = forms.UUIDField(widget=forms.HiddenInput)
    wait = forms.BooleanField(required=False, widget=forms.HiddenInput)


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
