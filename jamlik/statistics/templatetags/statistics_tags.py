from __future__ import annotations

from django import template

from jamlik.statistics import tables
from jamlik.statistics.suppression import Shown

register = template.Library()


@register.filter
def shown(cell: Shown) -> int | str:
    """A published cell: its number, "fewer than 5" for a small group, or "x" when it protects other figures."""
    return tables.show(cell)


@register.simple_tag
def legend_lines() -> list[str]:
    """What the marks for hidden cells mean (the same lines as in the files and the API)."""
    return tables.legend_lines()
