"""An attacker for the suppression tests, written without the production code's graph argument.

The reader sees a published table: shown numbers, "fewer than n" cells (1 to n - 1) and protected
cells (0 or more). They may also know who is in one row, and so that row's true total. Is there a
table of whole numbers that fits all of that and differs from the true table in a given cell?

Tables with margins are flows: the source sends each inner row its row total, each inner cell is
an edge from its row to its column, each column sends its total to the sink, and the sink returns
the grand total to the source. Every cell, shown or hidden, bounds one edge, so the question is
whether a circulation with lower and upper bounds exists. Network matrices are totally unimodular:
a fractional circulation exists exactly when a whole-number one does, so max-flow answers exactly.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from jamlik.statistics.suppression import Cell

BIG = 10**6
Bounds = tuple[int, int]


def _max_flow(n: int, edges: list[tuple[int, int, int]], source: int, sink: int) -> int:
    capacity: dict[tuple[int, int], int] = {}
    neighbours: list[set[int]] = [set() for _ in range(n)]
    for a, b, c in edges:
        capacity[(a, b)] = capacity.get((a, b), 0) + c
        capacity.setdefault((b, a), 0)
        neighbours[a].add(b)
        neighbours[b].add(a)
    flow = 0
    while True:
        parent = {source: source}
        queue = deque([source])
        while queue and sink not in parent:
            a = queue.popleft()
            for b in neighbours[a]:
                if b not in parent and capacity[(a, b)] > 0:
                    parent[b] = a
                    queue.append(b)
        if sink not in parent:
            return flow
        path, b = [], sink
        while b != source:
            path.append((parent[b], b))
            b = parent[b]
        push = min(capacity[e] for e in path)
        for a, b in path:
            capacity[(a, b)] -= push
            capacity[(b, a)] += push
        flow += push


Arc = tuple[object, object, Bounds]


def circulates(arcs: list[Arc]) -> bool:
    """Is there a flow on every arc within its bounds that is conserved at every vertex?"""
    names = sorted({v for a, b, _ in arcs for v in (a, b)}, key=repr)
    number = {v: n for n, v in enumerate(names)}
    n = len(names)
    super_source, super_sink = n, n + 1
    excess = [0] * n
    edges = []
    for a, b, (low, high) in arcs:
        if low > high:
            return False
        edges.append((number[a], number[b], high - low))
        excess[number[b]] += low
        excess[number[a]] -= low
    need = 0
    for v, e in enumerate(excess):
        if e > 0:
            edges.append((super_source, v, e))
            need += e
        elif e < 0:
            edges.append((v, super_sink, -e))
    return _max_flow(n + 2, edges, super_source, super_sink) == need


def grid_arcs(bounds: dict[tuple[int, int], Bounds], rows: int, columns: int) -> dict[tuple[int, int], Arc]:
    """The arcs of one table, by cell: source -> row (its total) -> column (the cell) -> sink (column total)."""
    arcs: dict[tuple[int, int], Arc] = {}
    for i in range(rows):
        arcs[(i, columns)] = ("source", ("row", i), bounds[(i, columns)])
        for j in range(columns):
            arcs[(i, j)] = (("row", i), ("column", j), bounds[(i, j)])
    for j in range(columns):
        arcs[(rows, j)] = (("column", j), "sink", bounds[(rows, j)])
    arcs[(rows, columns)] = ("sink", "source", bounds[(rows, columns)])
    return arcs


def feasible(bounds: dict[tuple[int, int], Bounds], rows: int, columns: int) -> bool:
    """Is there a table whose every cell (inner, row total, column total, grand total) is within bounds?

    ``bounds`` is keyed by the cell's place in the grid with margins: rows ``0..rows`` (the last is
    the total row), columns ``0..columns`` (the last is the total column).
    """
    return circulates(list(grid_arcs(bounds, rows, columns).values()))


def forced_zero(arcs: dict[object, Arc]) -> set[object]:
    """Arcs that published zeros force to 0: all that flows into (or out of) one of their ends is 0.

    Such a cell (a unit of an organisation that published "0 men") is implied by what is published,
    so the tests do not count it as worked out.
    """
    zero = {key for key, (_a, _b, bound) in arcs.items() if bound == (0, 0)}
    changed = True
    while changed:
        changed = False
        vertices = {v for a, b, _ in arcs.values() for v in (a, b)}
        for v in vertices:
            into = [k for k, (_a, b, _) in arcs.items() if b == v]
            out = [k for k, (a, _b, _) in arcs.items() if a == v]
            for side, other in ((into, out), (out, into)):
                if side and all(k in zero for k in side) and not all(k in zero for k in other):
                    zero.update(other)
                    changed = True
    return zero


def published_bounds(grid: list[list[int]], states: list[list[Cell]], limit: int) -> dict[tuple[int, int], Bounds]:
    out: dict[tuple[int, int], Bounds] = {}
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            state = states[i][j]
            if state == Cell.SHOWN:
                out[(i, j)] = (value, value)
            elif state == Cell.SMALL:
                out[(i, j)] = (1, limit - 1)
            else:
                out[(i, j)] = (0, BIG)
    return out


def worked_out(
    grid: list[list[int]], states: list[list[Cell]], limit: int, known_rows: Iterable[int] = ()
) -> list[tuple[int, int]]:
    """Hidden cells whose true value is the only one that fits, for a reader who knows who is in ``known_rows``.

    Knowing who is in a row means knowing its total (the total row: everyone in the table).
    """
    rows, columns = len(grid) - 1, len(grid[0]) - 1
    bounds = published_bounds(grid, states, limit)
    for row in known_rows:
        total = grid[row][columns]
        bounds[(row, columns)] = (total, total)
    zero = forced_zero(dict(grid_arcs(bounds, rows, columns).items()))
    pinned = []
    for (i, j), (low, high) in bounds.items():
        if states[i][j] == Cell.SHOWN or low == high or (i, j) in zero:  # shown, known, or a published 0
            continue
        value = grid[i][j]
        below = feasible({**bounds, (i, j): (low, value - 1)}, rows, columns)
        above = feasible({**bounds, (i, j): (value + 1, high)}, rows, columns)
        if not below and not above:
            pinned.append((i, j))
    return pinned


def _ends(key: tuple[str, int, int], rows: int, columns: int, group_of: dict[int, int], groups: int) -> object:
    """The (tail, head) of a cell's arc in ``worked_out_together``'s network."""
    name, i, j = key
    if name == "base" and i < rows:
        return (("group", group_of[i]), ("row", i)) if j == columns else (("row", i), ("group cell", group_of[i], j))
    if name == "cut" and i < groups:
        return ("source", ("group", i)) if j == columns else (("group cell", i, j), ("column", j))
    return (("column", j), "sink") if j < columns else ("sink", "source")


def worked_out_together(
    base: list[list[int]],
    base_states: list[list[Cell]],
    cut: list[list[int]],
    cut_states: list[list[Cell]],
    groups: list[list[int]],
    limit: int,
    known_rows: bool = False,
) -> list[tuple[str, int, int]]:
    """Hidden cells of a base table or of a table of groups of its rows, for a reader who sees both.

    The groups' cells sit between the base rows and the columns (each base cell flows into its
    group's cell, which flows into the column), and each group's total between the source and its
    rows' totals. ``known_rows``: the reader knows every row's and every group's total.
    """
    rows, columns = len(base) - 1, len(base[0]) - 1
    group_of = {i: g for g, group in enumerate(groups) for i in group}
    bounds: dict[tuple[str, int, int], Bounds] = {}
    values: dict[tuple[str, int, int], int] = {}
    hidden: list[tuple[str, int, int]] = []
    for name, grid, states in (("base", base, base_states), ("cut", cut, cut_states)):
        for (i, j), bound in published_bounds(grid, states, limit).items():
            key = (name, i, j)
            values[key] = grid[i][j]
            if known_rows and j == columns:
                bound = (grid[i][j], grid[i][j])
            bounds[key] = bound
            if states[i][j] != Cell.SHOWN and bound[0] != bound[1]:
                hidden.append(key)

    def arcs(with_bounds: dict[tuple[str, int, int], Bounds]) -> list[Arc]:
        out: list[Arc] = []
        for i in range(rows):
            g = group_of[i]
            out.append((("group", g), ("row", i), with_bounds[("base", i, columns)]))
            out += [(("row", i), ("group cell", g, j), with_bounds[("base", i, j)]) for j in range(columns)]
        for g in range(len(groups)):
            out.append(("source", ("group", g), with_bounds[("cut", g, columns)]))
            out += [(("group cell", g, j), ("column", j), with_bounds[("cut", g, j)]) for j in range(columns)]
        for j in range(columns):
            # The two total rows are the same figures: both bound the column's total.
            low = max(with_bounds[("base", rows, j)][0], with_bounds[("cut", len(groups), j)][0])
            high = min(with_bounds[("base", rows, j)][1], with_bounds[("cut", len(groups), j)][1])
            out.append((("column", j), "sink", (low, high)))
        low = max(with_bounds[("base", rows, columns)][0], with_bounds[("cut", len(groups), columns)][0])
        high = min(with_bounds[("base", rows, columns)][1], with_bounds[("cut", len(groups), columns)][1])
        out.append(("sink", "source", (low, high)))
        return out

    keyed = dict(enumerate(arcs(bounds)))
    zero_arcs = forced_zero(keyed)  # type: ignore[arg-type]
    zero_ends = {keyed[k][:2] for k in zero_arcs}  # type: ignore[index]
    pinned = []
    for key in hidden:
        low, high = bounds[key]
        if _ends(key, rows, columns, group_of, len(groups)) in zero_ends:
            continue
        value = values[key]
        total_row = (key[0] == "base" and key[1] == rows) or (key[0] == "cut" and key[1] == len(groups))
        if total_row:  # the same figure in both tables: bound both
            other = ("cut", len(groups), key[2]) if key[0] == "base" else ("base", rows, key[2])
            below = circulates(arcs({**bounds, key: (low, value - 1), other: (low, value - 1)}))
            above = circulates(arcs({**bounds, key: (value + 1, high), other: (value + 1, high)}))
        else:
            below = circulates(arcs({**bounds, key: (low, value - 1)}))
            above = circulates(arcs({**bounds, key: (value + 1, high)}))
        if not below and not above:
            pinned.append(key)
    return pinned
