"""Small groups in published tables: which cells are hidden, and why nothing hidden can be worked out.

A table is a grid of counts (rows x kön) with a total column and a total row. Think of the whole
grid with its margins as one (r+1) x (c+1) grid: every line (row or column) says "the cells add up
to the total". Flip the sign of the margin cells and every line adds up to 0, so each hidden cell is
an edge between its row and its column in a graph of the hidden cells. A hidden cell can be worked
out from the published ones exactly when it is a *bridge* in that graph (removing it cuts the graph);
a hidden cell on a cycle can move by +t/-t around the cycle without changing anything published.

The rule (docs/statistics.md):

1. Primary: a cell (margins included) with 0 < n < threshold is hidden. Zero is shown as 0.
2. Secondary: while some hidden cell is a bridge, hide one more cell: the smallest published cell
   that closes a cycle through it (non-zero cells first, inner cells before totals); if none closes
   a cycle at once, the smallest published cell in its row or column.

Every step hides one more cell and a fully hidden grid of at least 2 x 2 has no bridge, so it ends.
``derive`` builds tables cut from a suppressed base (a county from its organisations, a filtered set
of organisations): a derived cell is published only when every cell it adds up is published.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

Grid = list[list[int]]
Mask = list[list[bool]]


def threshold() -> int:
    value = getattr(settings, "JAMLIK_STATISTICS_MIN_CELL", 5)
    return max(int(value), 1)


def with_margins(inner: Sequence[Sequence[int]], columns: int) -> Grid:
    """The inner grid with a total column on the right and a total row at the bottom."""
    grid = [[*row, sum(row)] for row in (list(r) for r in inner)]
    totals = [sum(row[j] for row in grid) for j in range(columns + 1)]
    return [*grid, totals]


def primary(grid: Grid, limit: int) -> Mask:
    return [[0 < value < limit for value in row] for row in grid]


Vertex = tuple[str, int]


def _adjacency(mask: Mask, skip: tuple[int, int] | None = None) -> dict[Vertex, list[tuple[Vertex, tuple[int, int]]]]:
    graph: dict[Vertex, list[tuple[Vertex, tuple[int, int]]]] = {}
    for i, row in enumerate(mask):
        for j, hidden in enumerate(row):
            if hidden and (i, j) != skip:
                graph.setdefault(("r", i), []).append((("c", j), (i, j)))
                graph.setdefault(("c", j), []).append((("r", i), (i, j)))
    return graph


def _component(mask: Mask, start: Vertex, skip: tuple[int, int]) -> set[Vertex]:
    """Vertices reachable from ``start`` over hidden cells other than ``skip``."""
    graph = _adjacency(mask, skip)
    seen = {start}
    todo = [start]
    while todo:
        for other, _cell in graph.get(todo.pop(), []):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def bridges(mask: Mask) -> list[tuple[int, int]]:
    """Hidden cells that the published cells and totals determine exactly (Tarjan, without recursion)."""
    graph = _adjacency(mask)
    order: dict[Vertex, int] = {}
    low: dict[Vertex, int] = {}
    found: list[tuple[int, int]] = []
    for root in graph:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[Vertex, tuple[int, int] | None, int]] = [(root, None, 0)]
        while stack:
            vertex, via, n = stack[-1]
            edges = graph[vertex]
            if n < len(edges):
                stack[-1] = (vertex, via, n + 1)
                other, cell = edges[n]
                if cell == via:
                    continue
                if other in order:
                    low[vertex] = min(low[vertex], order[other])
                else:
                    order[other] = low[other] = len(order)
                    stack.append((other, cell, 0))
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[vertex])
                    if low[vertex] > order[parent] and via is not None:
                        found.append(via)
    return sorted(found)


def _cost(grid: Grid, cell: tuple[int, int]) -> tuple[bool, bool, int, tuple[int, int]]:
    i, j = cell
    is_margin = i == len(grid) - 1 or j == len(grid[0]) - 1
    value = grid[i][j]
    return (value == 0, is_margin, value, cell)


def _lines(grid: Grid, mask: Mask) -> None:
    """The quick first pass: a row with exactly one hidden cell gets its smallest other cell hidden too.

    Most tables need nothing more (a small organisation with one small cell); the bridge loop after it
    handles columns and chains. It only ever hides more, so the result stays safe.
    """
    columns = len(grid[0])
    for i, row in enumerate(mask):
        if sum(row) == 1:
            others = [(i, b) for b in range(columns) if not row[b]]
            if others:
                a, b = min(others, key=lambda cell: _cost(grid, cell))
                mask[a][b] = True


def secondary(grid: Grid, mask: Mask) -> Mask:
    mask = [list(row) for row in mask]
    rows, columns = len(grid), len(grid[0]) if grid else 0
    if rows and columns:
        _lines(grid, mask)
    while True:
        found = bridges(mask)
        if not found:
            return mask
        i, j = found[0]
        left = _component(mask, ("r", i), (i, j))
        right = _component(mask, ("c", j), (i, j))
        left_rows = {n for kind, n in left if kind == "r"}
        left_cols = {n for kind, n in left if kind == "c"}
        right_rows = {n for kind, n in right if kind == "r"}
        right_cols = {n for kind, n in right if kind == "c"}
        closing = [(a, b) for a in left_rows for b in right_cols if not mask[a][b]]
        closing += [(a, b) for a in right_rows for b in left_cols if not mask[a][b]]
        if not closing:
            closing = [(i, b) for b in range(columns) if not mask[i][b]] + [
                (a, j) for a in range(rows) if not mask[a][j]
            ]
        if not closing:  # a 1 x n grid: nothing left to hide with
            return [[True] * columns for _ in range(rows)]
        a, b = min(closing, key=lambda cell: _cost(grid, cell))
        mask[a][b] = True


def suppress(grid: Grid, limit: int | None = None) -> Mask:
    """The hidden cells of ``grid`` (inner cells plus margins) under the rule in the module docstring."""
    if not grid or not grid[0]:
        return []
    return secondary(grid, primary(grid, limit or threshold()))


def derive(base: Grid, base_mask: Mask, groups: Sequence[Sequence[int]]) -> tuple[Grid, Mask]:
    """A table whose rows add up groups of the base's inner rows, with its own margins.

    A derived cell is published only if every base cell it adds up is published, so the derived table
    tells nothing that the base does not. Rows of the base's total column keep their own mask.
    """
    columns = len(base[0]) - 1 if base else 0
    inner = [[sum(base[i][j] for i in group) for j in range(columns)] for group in groups]
    grid = with_margins(inner, columns)
    mask: Mask = []
    for group in groups:
        mask.append([any(base_mask[i][j] for i in group) for j in range(columns + 1)])
    everyone = sorted({i for group in groups for i in group})
    mask.append([any(base_mask[i][j] for i in everyone) for j in range(columns + 1)])
    return grid, mask


@dataclass(frozen=True)
class Shown:
    """One published cell: the number, or ``None`` when it is hidden."""

    value: int | None

    @property
    def hidden(self) -> bool:
        return self.value is None


def publish(grid: Grid, mask: Mask) -> list[list[Shown]]:
    return [
        [Shown(None if h else v) for v, h in zip(row, hidden, strict=True)]
        for row, hidden in zip(grid, mask, strict=True)
    ]
