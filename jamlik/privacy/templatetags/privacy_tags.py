"""Rendering a record's values in the person's language: dates, yes/no, lists, a dash for nothing."""

from __future__ import annotations

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jamlik.privacy.inventory import Record, Value
from jamlik.privacy.kinds import Kind

register = template.Library()


def shown(value: Value) -> str:
    if value is None or value == "" or value == []:
        return "\N{EN DASH}"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "Y-m-d")
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


@register.filter
def cells(record: Record, kind: Kind) -> list[str]:
    return [shown(record.values.get(f.key)) for f in kind.fields]
