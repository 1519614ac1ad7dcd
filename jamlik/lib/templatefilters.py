"""Template filters every template may use without ``{% load %}`` (``builtins`` in settings).

- ``{{ value|num }}``, ``{{ value|num:1 }}``: a number in the page's language (``12 590``, ``12,5``);
  anything that is not a number (``None``, a suppressed cell's text) is shown as it is.
- ``{{ value|pct }}``, ``{{ value|pct:1 }}``: a share already in per cent (``45 %``, ``45%``).
- ``{% page_has_errors as failed %}``: whether any bound form on the page has errors (base.html's
  "Fel:" title), whatever name the view gave it.
"""

from __future__ import annotations

import decimal
from typing import Any

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.template import loader
from django.utils.safestring import mark_safe

from jamlik.lib.numbers import format_number, format_percent

register = template.Library()


def _as_number(value: Any) -> int | float | decimal.Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | decimal.Decimal):
        return value
    if isinstance(value, str):
        try:
            return int(value) if value.lstrip("-").isdigit() else None
        except ValueError:
            return None
    return None


def _places(arg: Any) -> int | None:
    try:
        return None if arg in (None, "") else int(arg)
    except (TypeError, ValueError):
        return None


@register.filter(is_safe=True)
def num(value: Any, places: Any = None) -> Any:
    number = _as_number(value)
    return value if number is None else format_number(number, _places(places))


@register.filter(is_safe=True)
def pct(value: Any, places: Any = 0) -> Any:
    number = _as_number(value)
    return value if number is None else format_percent(number, _places(places) or 0)


@register.inclusion_tag("components/confirm.html", takes_context=True)
def confirm(
    context: template.Context,
    action: str,
    label: str,
    question: str,
    confirm_label: str = "",
    cancel_label: str = "",
    name: str = "",
    value: Any = "",
    style: str = "danger",
) -> dict[str, Any]:
    """A destructive action in two steps: a button that opens the question, and the form that does it.

    ``{% confirm action=url label=_("Remove") question=_("Remove Anna from the organisation?") %}``

    Without JavaScript it is a ``<details>``: the first button shows the question and the second
    submits. With JavaScript (``site.js``) the question opens in a modal ``<dialog>`` instead.
    ``name``/``value`` add one hidden field; ``style`` is ``danger`` or ``secondary``."""
    return {
        "csrf_token": context.get("csrf_token"),
        "action": action,
        "label": label,
        "question": question,
        "confirm_label": confirm_label or label,
        "cancel_label": cancel_label,
        "name": name,
        "value": value,
        "style": style if style in ("danger", "secondary") else "danger",
    }


@register.simple_tag(takes_context=True)
def error_summary(context: template.Context, form: Any) -> str:
    """The form's error summary (``components/error_summary.html``), once per form and page: the
    form template and a page's own include may both ask for it, and the first one shows it."""
    if form is None or not getattr(form, "errors", None) or getattr(form, "_jamlik_summary_shown", False):
        return ""
    form._jamlik_summary_shown = True
    rendered: str = loader.render_to_string("components/error_summary.html", {"form": form})
    return mark_safe(rendered)  # noqa: S308 (a template we wrote, its values escaped by it)


def _failed(value: Any) -> bool:
    """A bound form or formset with errors; forms no one sent are never checked (never cleaned).
    ``type()``, not ``isinstance``: the latter would evaluate lazy values (``csrf_token``, ``user``)."""
    kind = type(value)
    if issubclass(kind, BaseForm):
        return bool(value.is_bound and value.errors)
    if issubclass(kind, BaseFormSet):
        return bool(value.is_bound and value.total_error_count() > 0)
    return False


@register.simple_tag(takes_context=True)
def page_has_errors(context: template.Context) -> bool:
    """Whether the page shows a form that came back with errors: the view's ``page_has_errors``,
    or any bound form or formset in the context under any name (``form``, ``link_form``,
    ``invite_form``…), or in a list of them. base.html then starts the title with "Fel:" and the
    form's error summary (rendered by ``{{ form }}``) takes focus (site.js)."""
    values: list[Any] = list(context.flatten().values())
    if any(_failed(value) for value in values):
        return True
    for value in values:
        if type(value) in (list, tuple) and any(_failed(item) for item in list(value)[:500]):
            return True
    return bool(context.get("page_has_errors"))
