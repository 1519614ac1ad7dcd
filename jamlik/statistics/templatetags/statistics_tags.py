from __future__ import annotations

from django import template

from jamlik.lib.numbers import format_number
from jamlik.statistics import tables
from jamlik.statistics.suppression import Shown

register = template.Library()


@register.filter
def shown(cell: Shown) -> str:
    """A published cell: its number in the page's language (``2 891``), "fewer than 5" for a small
    group, or "x" when it protects other figures. Files keep plain numbers (``tables.show``)."""
    value = tables.show(cell)
    return format_number(value) if isinstance(value, int) else value


@register.simple_tag
def legend_lines() -> list[str]:
    """What the marks for hidden cells mean (the same lines as in the files and the API)."""
    return tables.legend_lines()
