"""Small groups in published tables: which cells are hidden, why, and why nothing hidden can be worked out.

A table is a grid of counts (rows x kön) with a total column and a total row. Think of the whole
grid with its margins as one (r+1) x (c+1) grid: every line (row or column) says "the cells add up
to the total". Flip the sign of the margin cells and every line adds up to 0, so each hidden cell is
an edge between its row and its column in a graph of the hidden cells. A hidden cell can be worked
out from the published ones exactly when it is a *bridge* in that graph (removing it cuts the graph);
a hidden cell on a cycle can move by +t/-t around the cycle without changing anything published.

The reader we guard against also knows *who* is in a row (a coordinator knows who completed in a
unit) and knows what each label means ("fewer than 5" is 1 to 4, a protected cell is 0 or more).
The rule (docs/statistics.md), applied by ``suppress`` to every table:

1. Primary: a cell (margins included) with 0 < n < threshold is hidden as ``Cell.SMALL``.
2. Closed rows: a row shows its kön cells (zeros included) only when its total is 0 or at least the
   threshold, at least two kön cells are non-zero, and at least one of those is shown. Otherwise
   every kön cell of the row is ``Cell.PROTECTED`` (the row is shown as a total at most), so neither
   zeros nor labels say which kön the row's people have.
3. Secondary: while some hidden cell is a bridge, hide one more cell (``Cell.PROTECTED``): the
   cheapest published cell that closes a cycle through it (inner cells before totals, cells that keep
   their row open, non-zero, small); if none closes a cycle at once, the cheapest in its row or column.
4. Audit: with what the labels say (1 to threshold - 1, or 0 and more) and whole numbers, no hidden
   cell may have only one possible value, for a reader who knows nobody and (kön cells) for one who
   knows every row's total (``cycles.stuck``). While one has, protect the cheapest cell that gives it
   a way to move (or relabel a small cell as protected).

Every step hides or relabels one more cell, so it ends. ``derive`` builds tables cut from a
suppressed base for a filtered view: a derived cell is published only when every cell it adds up is
published. ``cut`` (a table of groups of all the base's rows: counties) and ``split`` (one row of the
base by its parts: an organisation by unit) are audited together with the base.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jamlik.statistics import cycles
from jamlik.statistics.cycles import bridges, component

Grid = list[list[int]]
Mask = list[list[bool]]
Position = tuple[int, int]


class Cell(models.TextChoices):
    """What a published cell is: its number, a small group, or hidden so that others cannot be worked out."""

    SHOWN = "shown", _("shown")
    SMALL = "small", _("fewer than the threshold")
    PROTECTED = "protected", _("hidden to protect other figures")


States = list[list[Cell]]


def threshold() -> int:
    value = getattr(settings, "JAMLIK_STATISTICS_MIN_CELL", 5)
    return max(int(value), 1)


def with_margins(inner: Sequence[Sequence[int]], columns: int) -> Grid:
    """The inner grid with a total column on the right and a total row at the bottom."""
    grid = [[*row, sum(row)] for row in (list(r) for r in inner)]
    totals = [sum(row[j] for row in grid) for j in range(columns + 1)]
    return [*grid, totals]


def primary(grid: Grid, limit: int) -> States:
    return [[Cell.SMALL if 0 < value < limit else Cell.SHOWN for value in row] for row in grid]


def mask_of(states: States) -> Mask:
    return [[state != Cell.SHOWN for state in row] for row in states]


def _cost(grid: Grid, cell: Position, states: States) -> tuple[bool, bool, bool, int, Position]:
    """Which cell to hide first: inside (totals are the figures people look for), one that leaves its row
    open (rule 2), non-zero, small."""
    i, j = cell
    kon = len(grid[0]) - 1
    is_margin = i == len(grid) - 1 or j == kon
    value = grid[i][j]
    shown_nonzero = [b for b in range(kon) if grid[i][b] > 0 and states[i][b] == Cell.SHOWN]
    closes = j < kon and shown_nonzero == [j]
    return (is_margin, closes, value == 0, value, cell)


def _lines(grid: Grid, states: States, fixed: set[Position]) -> None:
    """The quick first pass: a row with exactly one hidden cell gets its smallest other cell hidden too.

    Most tables need little more (a small organisation with one small cell); the loop after it handles
    columns, chains and closed rows. It only ever hides more, so the result stays safe.
    """
    columns = len(grid[0])
    for i, row in enumerate(states):
        if sum(s != Cell.SHOWN for s in row) == 1:
            others = [(i, b) for b in range(columns) if row[b] == Cell.SHOWN]
            if others:
                a, b = min(others, key=lambda cell: _cost(grid, cell, states))
                states[a][b] = Cell.PROTECTED


def is_open(values: Sequence[int], states: Sequence[Cell], limit: int) -> bool:
    """Rule 2: may this row show its kön cells (and so its zeros)?"""
    total = values[-1]
    if total == 0:
        return True
    if total < limit:
        return False
    nonzero = [j for j in range(len(values) - 1) if values[j] > 0]
    return len(nonzero) >= 2 and any(states[j] == Cell.SHOWN for j in nonzero)


def _close(grid: Grid, states: States, fixed: set[Position], limit: int) -> None:
    for i, row in enumerate(grid):
        if not is_open(row, states[i], limit):
            for j in range(len(row) - 1):
                if (i, j) not in fixed:
                    states[i][j] = Cell.PROTECTED


def _bridge_step(grid: Grid, states: States, fixed: set[Position]) -> bool:
    """Rule 3, one step: hide one more cell if some hidden cell is a bridge.

    Cells fixed by another table are never changed here; a bridge only they could close is left to the
    audit of both tables together (``split``, ``cut``).
    """
    mask = mask_of(states)
    rows, columns = len(grid), len(grid[0])
    for i, j in bridges(mask):
        left = component(mask, ("r", i), (i, j))
        right = component(mask, ("c", j), (i, j))
        left_rows = {n for kind, n in left if kind == "r"}
        left_cols = {n for kind, n in left if kind == "c"}
        right_rows = {n for kind, n in right if kind == "r"}
        right_cols = {n for kind, n in right if kind == "c"}
        closing = [(a, b) for a in left_rows for b in right_cols if not mask[a][b]]
        closing += [(a, b) for a in right_rows for b in left_cols if not mask[a][b]]
        closing = [c for c in closing if c not in fixed]
        if not closing:
            closing = [(i, b) for b in range(columns) if not mask[i][b]] + [
                (a, j) for a in range(rows) if not mask[a][j]
            ]
            closing = [c for c in closing if c not in fixed]
        if closing:
            a, b = min(closing, key=lambda cell: _cost(grid, cell, states))
            states[a][b] = Cell.PROTECTED
            return True
        if not fixed:  # a 1 x n grid: nothing left to hide with
            for row in states:
                row[:] = [Cell.PROTECTED if s == Cell.SHOWN else s for s in row]
            return any(not m for row in mask for m in row)
    return False


def _free(grid: Grid, states: States, fixed: set[Position], limit: int) -> bool:
    """Rule 4, one step: give one cell that could be worked out a way to move (hide or relabel one more)."""
    for known_rows in (True, False):
        for cell in cycles.stuck_cells(grid, states, limit, known_rows=known_rows):
            if _unstick(grid, states, fixed, limit, cell, known_rows):
                return True
    return False


def _unstick(grid: Grid, states: States, fixed: set[Position], limit: int, cell: Position, known_rows: bool) -> bool:
    """Protect the cheapest cell that puts ``cell`` on a cycle; failing that, one in its row or column.

    Cells fixed by another table are left alone: protecting one here would not hide it there.
    """
    i, j = cell
    rows, columns = len(grid), len(grid[0])
    tiers = [
        cycles.cell_helpers(grid, states, limit, cell, known_rows=known_rows),
        [(i, b) for b in range(columns)] + [(a, j) for a in range(rows)],
        [(a, b) for a in range(rows) for b in range(columns)],
    ]
    for tier in tiers:
        candidates = [c for c in tier if states[c[0]][c[1]] != Cell.PROTECTED and c not in fixed]
        if candidates:
            a, b = min(candidates, key=lambda c: (states[c[0]][c[1]] == Cell.SHOWN, *_cost(grid, c, states)))
            states[a][b] = Cell.PROTECTED
            return True
    return False


def suppress(grid: Grid, limit: int | None = None, *, fixed_total: Sequence[Cell] | None = None) -> States:
    """The state of every cell of ``grid`` (inner cells plus margins) under the rule in the module docstring.

    ``fixed_total`` gives the total row's states as another table already published them (an
    organisation's row in the national table is the total row of its table by unit); those cells are
    kept as they are, and what they alone cannot settle is left to the audit of both tables together.
    """
    if not grid or not grid[0]:
        return []
    limit = limit or threshold()
    states = primary(grid, limit)
    if limit <= 1:  # a threshold of 1 turns suppression off (tests, internal checks)
        return states
    fixed: set[Position] = set()
    if fixed_total is not None:
        last = len(grid) - 1
        for j, given in enumerate(fixed_total):
            if given != Cell.SHOWN:  # hidden there, so hidden here; "fewer than" only if it is true here too
                states[last][j] = (
                    Cell.SMALL if states[last][j] == Cell.SMALL and given == Cell.SMALL else Cell.PROTECTED
                )
        fixed = {(last, j) for j in range(len(grid[0]))}
    _lines(grid, states, fixed)
    _settle(grid, states, fixed, limit)
    return states


def _settle(grid: Grid, states: States, fixed: set[Position], limit: int) -> None:
    """Rules 2 to 4 until nothing changes (each step hides or relabels one more cell)."""
    while True:
        _close(grid, states, fixed, limit)
        if _bridge_step(grid, states, fixed):
            continue
        if _free(grid, states, fixed, limit):
            continue
        return


def derive(base: Grid, base_states: States, groups: Sequence[Sequence[int]]) -> tuple[Grid, States]:
    """A table whose rows add up groups of the base's inner rows, with its own margins.

    A derived cell is published only if every base cell it adds up is published, so the derived table
    tells nothing that the base does not. A row of one base row keeps that row's states; the total row
    of every base row is the base's total row; any other hidden cell is ``PROTECTED`` (its value may
    well be 5 or more).
    """
    columns = len(base[0]) - 1 if base else 0
    inner_rows = len(base) - 1
    inner = [[sum(base[i][j] for i in group) for j in range(columns)] for group in groups]
    grid = with_margins(inner, columns)

    def states_of(group: Sequence[int]) -> list[Cell]:
        if len(group) == 1:
            return list(base_states[group[0]])
        if sorted(group) == list(range(inner_rows)):
            return list(base_states[-1])
        hidden = [any(base_states[i][j] != Cell.SHOWN for i in group) for j in range(columns + 1)]
        return [Cell.PROTECTED if h else Cell.SHOWN for h in hidden]

    states = [states_of(group) for group in groups]
    states.append(states_of(sorted({i for group in groups for i in group})))
    return grid, states


def cut(base: Grid, base_states: States, groups: Sequence[Sequence[int]]) -> tuple[Grid, States]:
    """A table of groups that together hold every inner row of the base (organisations by county).

    It is suppressed on its own terms (its total row is the base's, as published there), then audited
    together with the base: a reader who sees both must not work out a hidden cell of either. While
    one could, another cell of the cut table is protected. If that cannot help, it falls back to
    ``derive`` (a cell published only when all its parts are).
    """
    columns = len(base[0]) - 1
    grid = with_margins([[sum(base[i][j] for i in group) for j in range(columns)] for group in groups], columns)
    states = suppress(grid, fixed_total=base_states[-1])
    cells = {("cut", g, j): (g, j) for g in range(len(grid) - 1) for j in range(columns + 1)}

    def network(known_rows: bool, states: States) -> list[cycles.Edge]:
        return _joint(base, base_states, grid, states, groups, known_rows)

    if _audit_together(grid, states, cells, network):
        return grid, states
    return derive(base, base_states, groups)


def split(base: Grid, base_states: States, index: int, grid: Grid) -> States:
    """The states of a table splitting the base's row ``index`` (an organisation by unit).

    Its total row keeps the states the base published for that row. Where the units add up to the
    row exactly, it is audited together with the base (the row seen as the group of its units): while
    a reader of both could work out a hidden cell, another unit cell is protected; failing that, every
    unit cell is. (Where a person counts in two units the sums differ and only the table's own audit
    applies: docs/statistics.md.)
    """
    limit = threshold()
    states = suppress(grid, limit, fixed_total=base_states[index])
    if limit <= 1 or grid[-1] != base[index]:
        return states
    others = [i for i in range(len(base) - 1) if i != index]
    units = len(grid) - 1
    columns = len(grid[0]) - 1
    # The finer table: the other organisations as they are, this one as its units; the coarser one is
    # the base with this organisation's row last. Each organisation is a group of one, this one of its units.
    fine = [base[i] for i in others] + grid[:-1] + [base[-1]]
    coarse = [base[i] for i in others] + [base[index], base[-1]]
    coarse_states = [base_states[i] for i in others] + [base_states[index], base_states[-1]]
    groups = [[n] for n in range(len(others))] + [list(range(len(others), len(others) + units))]
    cells = {("base", len(others) + u, j): (u, j) for u in range(units) for j in range(columns + 1)}

    def network(known_rows: bool, states: States) -> list[cycles.Edge]:
        fine_states = [base_states[i] for i in others] + states[:-1] + [base_states[-1]]
        return _joint(fine, fine_states, coarse, coarse_states, groups, known_rows)

    if not _audit_together(grid, states, cells, network):
        for row in states[:-1]:
            row[:] = [Cell.PROTECTED if s == Cell.SHOWN or s == Cell.SMALL else s for s in row]
    return states


def _audit_together(
    grid: Grid,
    states: States,
    cells: dict[tuple[str, int, int], Position],
    network: Callable[[bool, States], list[cycles.Edge]],
) -> bool:
    """Protect ``cells`` of ``grid`` until nothing in ``network`` is stuck; False if no cell could help.

    What the other table already gives away on its own (the sum of two hidden cells that a published
    total determines) is not this table's to hide: those cells are known before it says anything.
    """
    limit = threshold()
    last = len(grid) - 1
    fixed = {(last, j) for j in range(len(grid[0]))}
    silent = [list(row) for row in states]
    for a, b in cells.values():
        silent[a][b] = Cell.PROTECTED
    given = {known: set(cycles.stuck(network(known, silent), limit)) for known in (True, False)}
    while True:
        for known_rows in (True, False):
            edges = network(known_rows, states)
            stuck = [k for k in cycles.stuck(edges, limit) if k not in given[known_rows]]
            if stuck:
                break
        else:
            return True
        options: list[Hashable] = [k for k, (a, b) in cells.items() if states[a][b] != Cell.PROTECTED]
        useful = [cells[k] for k in cycles.helpers(edges, limit, stuck[0], options)]  # type: ignore[index]
        if not useful:
            return False
        a, b = min(useful, key=lambda c: (states[c[0]][c[1]] == Cell.SHOWN, *_cost(grid, c, states)))
        states[a][b] = Cell.PROTECTED
        _settle(grid, states, fixed, limit)


def _joint(
    base: Grid, base_states: States, grid: Grid, states: States, groups: Sequence[Sequence[int]], known_rows: bool
) -> list[cycles.Edge]:
    """The base and a table cut from it as one network: each group's cells and total sit between the
    base rows' cells and totals and the columns (see ``cycles``)."""
    group_of = {i: g for g, group in enumerate(groups) for i in group}
    last_row, last_col = len(base) - 1, len(base[0]) - 1
    source = ("c", last_col)
    edges = []
    positions = [(i, j) for i in range(last_row + 1) for j in range(last_col + 1)]
    for (i, j), e in zip(positions, cycles.grid_edges(base, base_states, known_rows=known_rows), strict=True):
        if i < last_row and j < last_col:
            e = replace(e, head=("g", group_of[i], j))
        elif i < last_row:
            e = replace(e, tail=("G", group_of[i]))
        edges.append(replace(e, key=("base", i, j)))
    for g, row in enumerate(grid[:-1]):
        for j, value in enumerate(row):
            if j < last_col:
                edges.append(cycles.Edge(("cut", g, j), ("g", g, j), ("c", j), value, states[g][j]))
            else:
                edges.append(cycles.Edge(("cut", g, j), source, ("G", g), value, states[g][j], known_rows))
    return edges


@dataclass(frozen=True)
class Shown:
    """One published cell: the number, or ``None`` when it is hidden, and why."""

    value: int | None
    state: Cell = Cell.SHOWN

    @property
    def hidden(self) -> bool:
        return self.state != Cell.SHOWN


def publish(grid: Grid, states: States) -> list[list[Shown]]:
    return [
        [Shown(None if s != Cell.SHOWN else v, s) for v, s in zip(row, row_states, strict=True)]
        for row, row_states in zip(grid, states, strict=True)
    ]
