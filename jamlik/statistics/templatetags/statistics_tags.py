from __future__ import annotations

from django import template

from jamlik.statistics.suppression import Shown
from jamlik.statistics.tables import show

register = template.Library()


@register.filter
def shown(cell: Shown) -> int | str:
    """A published cell: its number, or "fewer than 5" when it is hidden."""
    return show(cell)
