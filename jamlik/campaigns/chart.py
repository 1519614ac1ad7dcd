"""The over-time chart as plain SVG geometry: one line per organisation shown, its rate by day.

At national scale a line for each of some 330 organisations is unreadable and costly to draw, so
the chart shows the organisations ranked in the top ``TOP`` plus any the visitor picks (the page's
plain GET form); its table has exactly the chart's figures. Every organisation's full series is
in the CSV and XLSX downloads (``series_table``).

The template draws it and shows the same numbers as a table, so nothing depends on seeing the
lines or running a script. Colours come from a palette safe for colour blindness, and every
line also has its own dash pattern and a label at its end.

A closed campaign's lines end in one more point, "Result", with the frozen result's figures
(amendments applied) whenever they differ from the last day's count or a row was amended, so
the chart, its table and the result table always end on the same numbers.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from jamlik.campaigns.standings import Row, Standings
from jamlik.lib.numbers import format_percent

WIDTH, HEIGHT = 700, 320
LEFT, RIGHT, TOP, BOTTOM = 48, 210, 16, 40
LABEL_FONT = 12  # px: every text in the chart (docs/design.md, "Charts")
CHAR_WIDTH = 6.8  # px: a wide estimate of one character at LABEL_FONT, so a label never leaves the chart
PERCENT_CHARS = 8  # " 100,0 %", after the name in a line's end label
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000", "#7F7F7F"]
DASHES = ["", "8 4", "2 3", "12 4 2 4", "4 4", "1 5", "10 2", "6 3 1 3"]
TOP = 10  # organisations charted by default: those ranked in the top ten
MAX_PICKED = 20  # organisations a visitor may add to the chart at once


@dataclass
class Line:
    name: str
    points: str
    colour: str
    dash: str
    end_x: float
    end_y: float
    last_percent: float
    label: str = ""  # the name as the end label shows it: shortened with "…" when it would not fit

    def __post_init__(self) -> None:
        self.label = self.label or fit_label(self.name)


@dataclass
class Chart:
    width: int
    height: int
    lines: list[Line]
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    table: list[tuple[str, list[float | None]]]
    names: list[str]
    amended: bool = False  # the last point is a result amended after closing


def fit_label(name: str) -> str:
    """``name`` short enough for the room right of the plot beside its percentage; the full name
    is in the label's tooltip and in the table under the chart."""
    room = int((RIGHT - 6 - 2) / CHAR_WIDTH) - PERCENT_CHARS
    return name if len(name) <= room else name[: room - 1].rstrip() + "…"


def percent_of(count: int, headcount: int | None) -> float | None:
    """The same arithmetic as ``standings.Row.percent``, so equal figures compare equal."""
    return round(float(Fraction(count, headcount)) * 100, 1) if headcount else None


def shown(standings: Standings, picked: Collection[str] = ()) -> list[Row]:
    """The rows the chart draws, in standings order: the first ``TOP`` rows (ties broken by name, as in the
    table) and those whose slugs are picked. Rows without a headcount have no rate to draw."""
    return [r for n, r in enumerate(standings.rows) if r.headcount and (n < TOP or r.slug in picked)]


def build(standings: Standings, picked: Collection[str] = ()) -> Chart | None:
    """The chart of the top organisations plus those whose slugs are in ``picked`` (unknown slugs are ignored)."""
    days = standings.days
    rows = shown(standings, picked)
    if not days or not rows:
        return None
    percents = {
        r.participant_id: [percent_of(n, r.headcount) or 0.0 for n in standings.series[r.participant_id]] for r in rows
    }
    labels = [day.isoformat() for day in days]
    amended = standings.final and any(r.amended for r in rows)
    if standings.final and (amended or any(percents[r.participant_id][-1] != (r.percent or 0.0) for r in rows)):
        for r in rows:
            percents[r.participant_id].append(r.percent or 0.0)
        labels.append(_("Final result, amended") if amended else _("Final result"))
    top = max(max(values) for values in percents.values())
    y_max = max(10, int(-(-top // 10) * 10))  # up to the next 10 %
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return round(LEFT + plot_w * i / span, 1)

    def y(value: float) -> float:
        return round(TOP + plot_h * (1 - value / y_max), 1)

    lines = []
    for n, row in enumerate(rows):
        values = percents[row.participant_id]
        points = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values))
        lines.append(
            Line(
                row.name,
                points,
                PALETTE[n % len(PALETTE)],
                DASHES[n % len(DASHES)],
                x(len(values) - 1) + 6,
                y(values[-1]) + 4,
                values[-1],
            )
        )
    _spread_labels(lines)
    y_ticks = [(y(v), format_percent(v)) for v in range(0, y_max + 1, max(10, y_max // 5 // 10 * 10))]
    step = max(1, len(days) // 6)
    x_ticks = [(x(i), days[i].strftime("%d/%m")) for i in range(0, len(days), step)]
    if len(labels) > len(days):
        x_ticks = [tick for tick in x_ticks if x(len(days)) - tick[0] > 40]  # room for the result's tick
        x_ticks.append((x(len(days)), _("Result")))
    table: list[tuple[str, list[float | None]]] = [
        (label, [percents[r.participant_id][i] for r in rows]) for i, label in enumerate(labels)
    ]
    return Chart(
        WIDTH,
        HEIGHT,
        lines,
        y_ticks,
        x_ticks,
        LEFT,
        WIDTH - RIGHT,
        TOP,
        HEIGHT - BOTTOM,
        table,
        [r.name for r in rows],
        amended,
    )


def _spread_labels(lines: list[Line], gap: float = 13) -> None:
    """Move end labels apart vertically so they do not overlap, and keep them inside the chart:
    labels pushed below its bottom edge move up together."""
    ordered = sorted(lines, key=lambda line: line.end_y)
    for previous, line in itertools.pairwise(ordered):
        if line.end_y - previous.end_y < gap:
            line.end_y = previous.end_y + gap
    lowest: float = HEIGHT - 4
    for line in reversed(ordered):
        line.end_y = min(line.end_y, lowest)
        lowest = line.end_y - gap
