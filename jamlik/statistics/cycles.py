"""Graphs of hidden cells: which hidden cell a reader can work out, and which cell would stop them.

A table with its margins is a grid whose every line adds up (flip the sign of the margin cells and
every line sums to 0). Changing hidden cells without changing anything published means moving +1/-1
around a cycle of hidden cells that alternates between rows and columns. ``bridges`` answers this
for exact arithmetic alone (undirected: a hidden cell that is a bridge is determined).

The reader also knows what the labels mean: a "fewer than 5" cell is 1 to 4, a protected cell 0 or
more. Seen as a flow network (the source sends each row its total, each cell flows from its row to
its column, each column sends its total to the sink, the sink returns the grand total), every cell
is an edge whose flow may only go up, only down, both or neither. A cell can take another value
exactly when one of its residual arcs (up: tail -> head, down: head -> tail) lies on a directed cycle
of residual arcs: the difference of two tables that fit everything splits into such cycles. The
same holds for any network of sums, so ``stuck`` also audits a table together with a table cut from
it (organisations grouped into counties). ``grid_edges`` builds the network of one table, optionally
for a reader who knows every row's total (who is in each row).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

Grid = list[list[int]]
Mask = list[list[bool]]
Position = tuple[int, int]
Vertex = tuple[str, int]


def _adjacency(mask: Mask, skip: tuple[int, int] | None = None) -> dict[Vertex, list[tuple[Vertex, tuple[int, int]]]]:
    graph: dict[Vertex, list[tuple[Vertex, tuple[int, int]]]] = {}
    for i, row in enumerate(mask):
        for j, hidden in enumerate(row):
            if hidden and (i, j) != skip:
                graph.setdefault(("r", i), []).append((("c", j), (i, j)))
                graph.setdefault(("c", j), []).append((("r", i), (i, j)))
    return graph


def component(mask: Mask, start: Vertex, skip: tuple[int, int]) -> set[Vertex]:
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
    """Hidden cells that the published cells and totals determine exactly."""
    return sorted(_bridge_keys(_adjacency(mask)))


@dataclass(frozen=True)
class Edge:
    """One figure in a network of sums: its flow (the count), what it shows, and whether the reader knows it."""

    key: Hashable
    tail: Hashable
    head: Hashable
    value: int
    state: str  # "shown", "small" or "protected" (suppression.Cell)
    known: bool = False  # e.g. a row total, to a reader who knows who is in the row


V = TypeVar("V", bound=Hashable)
K = TypeVar("K", bound=Hashable)

Arcs = dict[Hashable, list[tuple[Hashable, Hashable]]]  # vertex -> [(other vertex, edge key)]


def _directions(edge: Edge, limit: int) -> tuple[bool, bool]:
    """(may go up, may go down) without contradicting what the edge shows or says."""
    if edge.state == "shown" or edge.known:
        return False, False
    if edge.state == "small":
        return edge.value + 1 < limit, edge.value - 1 >= 1
    return True, edge.value >= 1


def _arcs(edges: Iterable[Edge], limit: int) -> tuple[Arcs, Arcs, dict[Hashable, tuple[bool, bool]]]:
    forward: Arcs = defaultdict(list)
    backward: Arcs = defaultdict(list)
    possible: dict[Hashable, tuple[bool, bool]] = {}
    for edge in edges:
        if edge.state == "shown" or edge.known:
            continue
        up, down = possible[edge.key] = _directions(edge, limit)
        for a, b, ok in ((edge.tail, edge.head, up), (edge.head, edge.tail, down)):
            if ok:
                forward[a].append((b, edge.key))
                backward[b].append((a, edge.key))
    return forward, backward, possible


def _reach(
    arcs: Arcs,
    start: Hashable,
    skip: Hashable = None,
    goal: Hashable = None,
    within: Callable[[Hashable], bool] = lambda v: True,
) -> set[Hashable]:
    """Vertices reachable from ``start`` without the edge ``skip`` (stops early once ``goal`` is reached)."""
    seen = {start}
    todo = deque([start])
    while todo:
        # Depth first when looking for one vertex (a way round is usually a few steps away), else breadth first.
        vertex = todo.pop() if goal is not None else todo.popleft()
        for other, key in arcs.get(vertex, []):
            if other not in seen and key != skip and within(other):
                seen.add(other)
                if other == goal:
                    return seen
                todo.append(other)
    return seen


def _strong_components(arcs: Arcs, vertices: Iterable[Hashable]) -> dict[Hashable, int]:
    """Tarjan's strongly connected components, without recursion."""
    index: dict[Hashable, int] = {}
    low: dict[Hashable, int] = {}
    on_stack: set[Hashable] = set()
    stack: list[Hashable] = []
    component_of: dict[Hashable, int] = {}
    count = 0
    for root in vertices:
        if root in index:
            continue
        work: list[tuple[Hashable, int]] = [(root, 0)]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            vertex, n = work[-1]
            out = arcs.get(vertex, [])
            if n < len(out):
                work[-1] = (vertex, n + 1)
                other = out[n][0]
                if other not in index:
                    index[other] = low[other] = len(index)
                    stack.append(other)
                    on_stack.add(other)
                    work.append((other, 0))
                elif other in on_stack:
                    low[vertex] = min(low[vertex], index[other])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[vertex])
            if low[vertex] == index[vertex]:
                count += 1
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component_of[member] = count
                    if member == vertex:
                        break
    return component_of


def _undirected_bridges(edges: Iterable[Edge]) -> set[Hashable]:
    """Keys of edges whose removal disconnects their ends (Tarjan, without recursion)."""
    graph: dict[Hashable, list[tuple[Hashable, Hashable]]] = defaultdict(list)
    for e in edges:
        graph[e.tail].append((e.head, e.key))
        graph[e.head].append((e.tail, e.key))
    return _bridge_keys(graph)


def _bridge_keys(graph: Mapping[V, Sequence[tuple[V, K]]]) -> set[K]:
    """Keys of the edges of an undirected multigraph (adjacency lists of (other end, edge key)) whose
    removal disconnects their ends: Tarjan's bridges, with an explicit stack instead of recursion."""
    order: dict[V, int] = {}
    low: dict[V, int] = {}
    found: set[K] = set()
    for root in list(graph):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[V, K | None, int]] = [(root, None, 0)]
        while stack:
            vertex, via, n = stack[-1]
            out = graph[vertex]
            if n < len(out):
                stack[-1] = (vertex, via, n + 1)
                other, key = out[n]
                if key == via:
                    continue
                if other in order:
                    low[vertex] = min(low[vertex], order[other])
                else:
                    order[other] = low[other] = len(order)
                    stack.append((other, key, 0))
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[vertex])
                    if low[vertex] > order[parent] and via is not None:
                        found.add(via)
    return found


def _forced_zero(edges: Sequence[Edge]) -> set[Hashable]:
    """Edges that a published 0 forces to 0: everything flowing into (or out of) their end is a known 0.

    A unit of an organisation that published "0 men" has 0 men; that is no secret to keep.
    """
    into: dict[Hashable, list[Edge]] = defaultdict(list)
    out_of: dict[Hashable, list[Edge]] = defaultdict(list)
    for e in edges:
        out_of[e.tail].append(e)
        into[e.head].append(e)
    zero = {e.key for e in edges if e.value == 0 and (e.state == "shown" or e.known)}
    changed = True
    while changed:
        changed = False
        for vertex in set(into) | set(out_of):
            for side, other in ((into[vertex], out_of[vertex]), (out_of[vertex], into[vertex])):
                if side and all(e.key in zero for e in side):
                    for e in other:
                        if e.key not in zero:
                            zero.add(e.key)
                            changed = True
    return zero


def stuck(edges: Sequence[Edge], limit: int) -> list[Hashable]:
    """Keys of hidden, unknown edges whose true value is the only one that fits everything published.

    Edges a published 0 forces to 0 are left out: nothing can hide them, and they tell nothing new.
    """
    zero = _forced_zero(edges)
    edges = [replace(e, known=True) if e.key in zero else e for e in edges]
    forward, _backward, possible = _arcs(edges, limit)
    by_key = {e.key: e for e in edges}
    vertices = [v for key in possible for v in (by_key[key].tail, by_key[key].head)]
    component_of = _strong_components(forward, vertices)
    loose = _undirected_bridges([by_key[k] for k, (up, down) in possible.items() if up and down])
    # Without any loose edge at all: two ends still strongly connected have a way round that edge.
    firm: Arcs = {v: [(w, k) for w, k in out if k not in loose] for v, out in forward.items()}
    firm_component = _strong_components(firm, vertices)
    out = []
    for key, (up, down) in possible.items():
        edge = by_key[key]
        tail, head = edge.tail, edge.head
        home = component_of[tail]

        def same(v: Hashable, home: int = home) -> bool:
            return component_of[v] == home

        if not (up or down) or component_of[head] != home:
            out.append(key)
        elif (
            up
            and down
            and key in loose
            and firm_component[tail] != firm_component[head]
            and head not in _reach(forward, tail, key, head, same)
            and tail not in _reach(forward, head, key, tail, same)
        ):
            # Its own two arcs make a cycle of no change, and there is no way round without it (a way
            # round stays inside the strong component of its two ends).
            out.append(key)
    return out


def helpers(edges: Sequence[Edge], limit: int, key: Hashable, candidates: Iterable[Hashable]) -> list[Hashable]:
    """Those of ``candidates`` (shown or small edges) whose protection would put edge ``key`` on a cycle."""
    forward, backward, possible = _arcs(edges, limit)
    by_key = {e.key: e for e in edges}
    target = by_key[key]
    up, down = possible.get(key, (False, False))
    # Each arc of the edge wants a way back: (reachable from its end, reaching its start).
    wanted = [(_reach(forward, target.head, key), _reach(backward, target.tail, key))] if up else []
    if down:
        wanted.append((_reach(forward, target.tail, key), _reach(backward, target.head, key)))
    out = []
    for candidate in candidates:
        if candidate == key:
            out.append(key)  # relabelled as protected it may go down to 0 or above the threshold
            continue
        edge = replace(by_key[candidate], state="protected")
        new_up, new_down = _directions(edge, limit)
        for start, end in wanted:
            if (new_up and edge.tail in start and edge.head in end) or (
                new_down and edge.head in start and edge.tail in end
            ):
                out.append(candidate)
                break
    return out


def grid_edges(grid: Grid, states: Sequence[Sequence[str]], *, known_rows: bool = False) -> list[Edge]:
    """One table as a network: source = the total column, sink = the total row (see the module docstring)."""
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1
    source, sink = ("c", last_col), ("r", last_row)
    edges = []
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if i < last_row and j < last_col:
                tail, head = ("r", i), ("c", j)
            elif i < last_row:
                tail, head = source, ("r", i)
            elif j < last_col:
                tail, head = ("c", j), sink
            else:
                tail, head = sink, source
            edges.append(Edge((i, j), tail, head, value, states[i][j], known_rows and j == last_col))
    return edges


def stuck_cells(grid: Grid, states: Sequence[Sequence[str]], limit: int, *, known_rows: bool = False) -> list[Position]:
    return sorted(k for k in stuck(grid_edges(grid, states, known_rows=known_rows), limit) if isinstance(k, tuple))


def cell_helpers(
    grid: Grid, states: Sequence[Sequence[str]], limit: int, cell: Position, *, known_rows: bool
) -> list[Position]:
    """Cells that, protected (hidden as "0 or more"), would let ``cell`` move: they close a directed cycle."""
    edges = grid_edges(grid, states, known_rows=known_rows)
    candidates = [e.key for e in edges if not e.known and e.state != "protected"]
    return [k for k in helpers(edges, limit, cell, candidates) if isinstance(k, tuple)]
