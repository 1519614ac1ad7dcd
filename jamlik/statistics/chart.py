"""Bar charts as plain SVG geometry: people by kön for each table's total row.

The template draws the bars and shows the same numbers in a table beside them. Every bar carries
its own text label (kön and number), so nothing depends on telling colours apart; a hidden cell
draws no bar and says why it is hidden ("fewer than 5", or "x" when it protects other figures).
"""

from __future__ import annotations

from dataclasses import dataclass

from jamlik.lib.numbers import format_number
from jamlik.statistics.tables import KON_COLUMNS, Table, show

WIDTH = 640
LABEL_W = 230
BAR_H, GAP, GROUP_GAP, TOP = 16, 4, 26, 8
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#6A3D9A"]


@dataclass
class Bar:
    y: int
    width: float
    colour: str
    text: str
    share: float = 0.0  # of the longest bar, 0 to 100: the HTML bars' length (statistics/_bars.html)


@dataclass
class Group:
    title: str
    title_y: int
    bars: list[Bar]


@dataclass
class Chart:
    width: int
    height: int
    label_width: int
    groups: list[Group]
    tables: list[Table]


def build(tables: list[Table]) -> Chart | None:
    values = [c.value for t in tables for c in t.total[: len(KON_COLUMNS)] if c.value is not None]
    if not tables or not values or max(values) == 0:
        return None
    top = max(values)
    plot_w = WIDTH - LABEL_W - 90
    groups: list[Group] = []
    y = TOP
    for table in tables:
        title_y = y + 12
        y += 18
        bars = []
        for n, (_key, label) in enumerate(KON_COLUMNS):
            value = table.total[n].value
            width = 0.0 if value is None else round(plot_w * value / top, 1)
            shown = show(table.total[n])
            text = f"{label}: {format_number(shown) if isinstance(shown, int) else shown}"
            share = 0.0 if value is None else round(100 * value / top, 1)
            bars.append(Bar(y, width, PALETTE[n], text, share))
            y += BAR_H + GAP
        groups.append(Group(str(table.measure.label), title_y, bars))
        y += GROUP_GAP - GAP
    return Chart(WIDTH, y, LABEL_W, groups, tables)
