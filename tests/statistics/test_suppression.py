"""The suppression rule: small cells hidden, and no hidden cell can be worked out from what is published.

The property test checks with exact linear algebra (fractions), independently of the graph argument
in ``suppression.py``: a hidden cell is recoverable when the published cells and totals determine
it, i.e. when its unit vector lies in the row space of the equations "each line adds up to its total".
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from jamlik.statistics import suppression


def _rank(matrix: list[list[Fraction]]) -> int:
    rows = [list(r) for r in matrix]
    rank, columns = 0, len(rows[0]) if rows else 0
    for c in range(columns):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][c] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][c] != 0:
                factor = rows[r][c] / rows[rank][c]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def recoverable(grid: list[list[int]], mask: list[list[bool]]) -> list[tuple[int, int]]:
    """Hidden cells whose value follows from the published cells and the line sums."""
    n_rows, n_cols = len(grid), len(grid[0])
    hidden = [(i, j) for i in range(n_rows) for j in range(n_cols) if mask[i][j]]
    index = {cell: k for k, cell in enumerate(hidden)}
    equations: list[list[Fraction]] = []
    # Row i (inner rows and the total row): cells 0..n_cols-2 add up to the last cell.
    for i in range(n_rows):
        eq = [Fraction(0)] * len(hidden)
        for j in range(n_cols):
            if (i, j) in index:
                eq[index[(i, j)]] += 1 if j < n_cols - 1 else -1
        equations.append(eq)
    for j in range(n_cols):
        eq = [Fraction(0)] * len(hidden)
        for i in range(n_rows):
            if (i, j) in index:
                eq[index[(i, j)]] += 1 if i < n_rows - 1 else -1
        equations.append(eq)
    base = _rank(equations)
    found = []
    for cell, k in index.items():
        unit = [Fraction(int(m == k)) for m in range(len(hidden))]
        if _rank([*equations, unit]) == base:
            found.append(cell)
    return found


grids = st.integers(min_value=1, max_value=6).flatmap(
    lambda rows: st.lists(
        st.lists(st.integers(min_value=0, max_value=40), min_size=4, max_size=4), min_size=rows, max_size=rows
    )
)


@settings(max_examples=300, deadline=None)
@given(grids)
def test_no_hidden_cell_can_be_worked_out_from_the_published_totals(inner: list[list[int]]) -> None:
    grid = suppression.with_margins(inner, 4)
    mask = suppression.suppress(grid, 5)
    assert recoverable(grid, mask) == []


@settings(max_examples=300, deadline=None)
@given(grids)
def test_every_small_cell_is_hidden_and_zero_is_shown(inner: list[list[int]]) -> None:
    grid = suppression.with_margins(inner, 4)
    mask = suppression.suppress(grid, 5)
    for row, hidden in zip(grid, mask, strict=True):
        for value, h in zip(row, hidden, strict=True):
            if 0 < value < 5:
                assert h
    if not any(0 < v < 5 for row in grid for v in row):
        assert not any(h for row in mask for h in row)


def test_a_lone_small_cell_gets_a_partner_in_its_row_and_column() -> None:
    grid = suppression.with_margins([[20, 3, 0, 15], [30, 25, 0, 12]], 4)
    mask = suppression.suppress(grid, 5)
    assert mask[0][1]
    assert sum(mask[0]) >= 2
    assert sum(row[1] for row in mask) >= 2
    assert recoverable(grid, mask) == []


def test_the_threshold_comes_from_the_setting(settings: object) -> None:
    settings.JAMLIK_STATISTICS_MIN_CELL = 10  # type: ignore[attr-defined]
    grid = suppression.with_margins([[20, 7, 30, 15], [30, 25, 40, 12]], 4)
    assert suppression.suppress(grid)[0][1]


@settings(max_examples=200, deadline=None)
@given(grids, st.data())
def test_a_table_cut_from_the_base_tells_nothing_more(inner: list[list[int]], data: st.DataObject) -> None:
    """Grouping rows (counties from organisations) publishes a cell only when all its parts are published."""
    grid = suppression.with_margins(inner, 4)
    mask = suppression.suppress(grid, 5)
    labels = data.draw(st.lists(st.integers(0, 2), min_size=len(inner), max_size=len(inner)))
    groups = [[i for i, g in enumerate(labels) if g == n] for n in sorted(set(labels))]
    derived, derived_mask = suppression.derive(grid, mask, groups)
    for g, group in enumerate(groups):
        for j in range(5):
            if not derived_mask[g][j]:
                assert all(not mask[i][j] for i in group)
                assert derived[g][j] == sum(grid[i][j] for i in group)
