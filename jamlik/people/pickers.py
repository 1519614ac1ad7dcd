"""Organisation pickers: a plain text input that a script turns into an ARIA 1.2 combobox
(``people/static/people/combobox.js``), never a select of 313 options or 313 checkboxes (issue 19).

Without script the person types the organisation's name (or its short address) and the server
finds it; when several match, the error names them. With script, the input suggests matching
organisations from ``people:organisation_search`` as the person types and fills in the chosen
name. Either way the server resolves what was sent, inside the queryset the form allows.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jamlik.people.models import Organisation

SUGGESTIONS = 20  # organisations the search answers with at most
NAMED_IN_ERROR = 5  # candidates an ambiguous name lists


def matching(queryset: QuerySet[Organisation], text: str) -> QuerySet[Organisation]:
    """Organisations whose name or short address holds every word of ``text``."""
    for word in text.split()[:6]:
        queryset = queryset.filter(Q(name__icontains=word) | Q(slug__icontains=word))
    return queryset.order_by("name", "pk")


def resolve(queryset: QuerySet[Organisation], text: str) -> Organisation:
    """The one organisation ``text`` names: its short address, its exact name, or the only match."""
    text = " ".join(text.split())[:200]
    exact = list(queryset.filter(Q(slug=text.lower()) | Q(name__iexact=text))[:2])
    if len(exact) == 1:
        return exact[0]
    candidates = exact or list(matching(queryset, text)[: NAMED_IN_ERROR + 1])
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ValidationError(_("No organisation is called “%(text)s”.") % {"text": text}, code="invalid_choice")
    names = "; ".join(o.name for o in candidates[:NAMED_IN_ERROR])
    raise ValidationError(
        _("Several organisations match “%(text)s”: %(names)s. Type the full name.") % {"text": text, "names": names},
        code="ambiguous",
    )


def _combobox_attrs(multiple: bool = False) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "data-combobox": "organisations",
        # Lazy: forms are defined while the URLconf is still being imported.
        "data-source": reverse_lazy("people:organisation_search"),
        "autocomplete": "off",
        "spellcheck": "false",
    }
    if multiple:
        attrs["data-combobox-multiple"] = "true"
    return attrs


class OrganisationPicker(forms.CharField):
    """One organisation, typed or chosen from suggestions."""

    def __init__(self, *, queryset: QuerySet[Organisation], **kwargs: Any) -> None:
        self.queryset = queryset
        kwargs.setdefault("help_text", gettext_lazy("Type a few letters of the name and choose from the suggestions."))
        super().__init__(max_length=200, **kwargs)
        self.widget.attrs.update(_combobox_attrs())

    def prepare_value(self, value: Any) -> Any:
        return value.name if isinstance(value, Organisation) else value

    def clean(self, value: Any) -> Organisation | None:
        text = super().clean(value)
        if not text:
            return None
        return resolve(self.queryset, text)


class OrganisationsWidget(forms.Widget):
    """The chosen organisations as checked boxes (untick to remove) and one input to add another."""

    template_name = "people/widgets/organisations.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({**_combobox_attrs(multiple=True), **(attrs or {})})

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        kept = [str(v) for v in data.getlist(name)] if hasattr(data, "getlist") else list(data.get(name) or [])
        added = str(data.get(f"{name}_add", "") or "").strip()
        return [*kept, *([f"+{added}"] if added else [])]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # no box ticked and nothing typed means "none"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        items = value or []
        context["widget"]["chosen"] = [o for o in items if isinstance(o, Organisation)]
        pending = [o[1:] for o in items if isinstance(o, str) and o.startswith("+")]
        context["widget"]["pending"] = pending[0] if pending else ""
        context["widget"]["add_name"] = f"{name}_add"
        context["widget"]["input_attrs"] = {k: v for k, v in context["widget"]["attrs"].items() if k != "id"}
        return context

    def format_value(self, value: Any) -> Any:
        return value


class OrganisationsPicker(forms.Field):
    """Several organisations: the current ones kept by slug, one more added by name each time."""

    widget = OrganisationsWidget

    def __init__(self, *, queryset: QuerySet[Organisation], **kwargs: Any) -> None:
        self.queryset = queryset
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> list[Organisation | str]:
        """What the widget shows: organisations, from the initial list or from what was sent, and
        the name typed to add (``+name``), kept when the form comes back with an error."""
        if not value:
            return []
        organisations: list[Organisation | str] = []
        slugs = [v for v in value if isinstance(v, str) and not v.startswith("+")]
        found = {o.slug: o for o in self.queryset.filter(slug__in=slugs)}
        for item in value:
            if isinstance(item, Organisation):
                organisations.append(item)
            elif isinstance(item, str) and item in found:
                organisations.append(found[item])
            elif isinstance(item, str) and item.startswith("+"):
                organisations.append(item)
        return organisations

    def clean(self, value: Any) -> list[Organisation]:
        items = list(value or [])
        slugs = [v for v in items if isinstance(v, str) and not v.startswith("+")]
        found = {o.slug: o for o in self.queryset.filter(slug__in=slugs)}
        chosen = [found[s] for s in dict.fromkeys(slugs) if s in found]
        errors: list[ValidationError] = []
        for item in items:
            if isinstance(item, str) and item.startswith("+"):
                try:
                    organisation = resolve(self.queryset, item[1:])
                except ValidationError as error:
                    errors.append(error)
                else:
                    if organisation not in chosen:
                        chosen.append(organisation)
        if errors:
            raise ValidationError(errors)
        if self.required and not chosen:
            raise ValidationError(self.error_messages["required"], code="required")
        return chosen
