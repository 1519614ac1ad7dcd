"""The suppression rule: small cells hidden, and no hidden cell, nor anyone's kön, can be worked out.

Two checks independent of the graph argument in ``suppression.py`` and ``cycles.py``: exact linear
algebra (a hidden cell is recoverable when its unit vector lies in the row space of the equations
"each line adds up to its total"), and the attacker in ``attacker.py``, who also uses what the
labels say (1 to 4, or 0 and more), that counts are whole numbers, and who may know who is in
every row; it decides with max-flow whether any other table fits.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from jamlik.statistics import suppression
from jamlik.statistics.suppression import Cell
from tests.statistics.attacker import worked_out, worked_out_together


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
# Small tables with many zeros and small cells: where disclosure hides.
small_counts = st.sampled_from([0, 0, 0, 1, 2, 3, 4, 5, 6, 9, 12, 30])
small_grids = st.integers(min_value=1, max_value=4).flatmap(
    lambda rows: st.lists(st.lists(small_counts, min_size=4, max_size=4), min_size=rows, max_size=rows)
)
KON = range(4)  # the kön columns; 4 is the total column


def _states(inner: list[list[int]]) -> tuple[list[list[int]], list[list[Cell]]]:
    grid = suppression.with_margins(inner, 4)
    return grid, suppression.suppress(grid, 5)


@settings(max_examples=300, deadline=None)
@given(grids)
def test_no_hidden_cell_can_be_worked_out_from_the_published_totals(inner: list[list[int]]) -> None:
    grid, states = _states(inner)
    assert recoverable(grid, suppression.mask_of(states)) == []


@settings(max_examples=300, deadline=None)
@given(grids)
def test_only_a_group_of_1_to_4_says_fewer_than_5_and_every_such_group_is_hidden(inner: list[list[int]]) -> None:
    grid, states = _states(inner)
    for row, row_states in zip(grid, states, strict=True):
        for value, state in zip(row, row_states, strict=True):
            if state == Cell.SMALL:
                assert 0 < value < 5
            if 0 < value < 5:
                assert state != Cell.SHOWN


@settings(max_examples=300, deadline=None)
@given(small_grids)
def test_no_table_lets_a_reader_work_out_a_hidden_cell_or_the_kon_of_a_group_they_know(
    inner: list[list[int]],
) -> None:
    """The search for a disclosing table: a reader who knows nobody works out no hidden cell, and a
    reader who knows who is in every row (so every row's total) works out no hidden kön cell, using
    every published number, what each label says and that people come in whole numbers."""
    grid, states = _states(inner)
    assert worked_out(grid, states, 5) == []
    everyone = range(len(grid))
    assert [cell for cell in worked_out(grid, states, 5, everyone) if cell[1] in KON] == []


@settings(max_examples=300, deadline=None)
@given(small_grids)
def test_a_row_shows_its_zeros_only_beside_two_kinds_of_people_one_of_them_shown(inner: list[list[int]]) -> None:
    grid, states = _states(inner)
    for row, row_states in zip(grid, states, strict=True):
        zeros_shown = any(row[j] == 0 and row_states[j] == Cell.SHOWN for j in KON)
        if zeros_shown and row[4]:
            nonzero = [j for j in KON if row[j]]
            assert row[4] >= 5
            assert len(nonzero) >= 2
            assert any(row_states[j] == Cell.SHOWN for j in nonzero)


def test_a_unit_with_one_diploma_holder_shows_no_zeros_beside_them() -> None:
    """Säter's "Kultur och fritid,0,0,fewer than 5,0,fewer than 5": the coordinator knows the one
    diploma holder, so the zeros told their kön. Now the row is its total and nothing else."""
    _grid, states = _states([[0, 0, 1, 0]])
    assert states[0] == [Cell.PROTECTED] * 4 + [Cell.SMALL]
    assert states[1] == [Cell.PROTECTED] * 4 + [Cell.SMALL]


def test_a_small_unit_beside_big_ones_keeps_its_kon_to_itself() -> None:
    """One person in a small unit; the other units are big, with no one of that kön. The zeros of
    the big rows and the column total must not point at the small unit's person either."""
    grid, states = _states([[0, 0, 1, 0], [30, 25, 0, 0], [12, 9, 0, 6]])
    assert states[0][:4] == [Cell.PROTECTED] * 4
    assert worked_out(grid, states, 5, range(len(grid))) == [] or all(
        cell[1] == 4 for cell in worked_out(grid, states, 5, range(len(grid)))
    )
    assert worked_out(grid, states, 5) == []


def test_a_big_cell_hidden_to_protect_a_small_one_does_not_say_fewer_than_5() -> None:
    """Barn- och utbildningsförvaltningen: 161 people shown as "fewer than 5" beside a small cell."""
    grid, states = _states([[0, 3, 0, 158], [40, 22, 0, 90]])
    assert any(Cell.PROTECTED in row for row in states)  # the complement of the 3 says "x"
    for row, row_states in zip(grid, states, strict=True):
        for value, state in zip(row, row_states, strict=True):
            assert state != Cell.SMALL or 0 < value < 5


def test_a_group_all_of_one_kon_shows_only_its_total() -> None:
    """Twelve men and nobody else: showing 0, 12, 0, 0 would tell each known member's kön."""
    grid, states = _states([[0, 12, 0, 0], [20, 15, 0, 3]])
    assert states[0] == [Cell.PROTECTED] * 4 + [Cell.SHOWN]
    assert (
        worked_out(grid, states, 5, range(len(grid))) == [(2, 4)]
        or [c for c in worked_out(grid, states, 5, range(len(grid))) if c[1] in KON] == []
    )


def test_a_lone_small_cell_gets_a_partner_in_its_row_and_column() -> None:
    grid, states = _states([[20, 3, 0, 15], [30, 25, 0, 12]])
    mask = suppression.mask_of(states)
    assert states[0][1] != Cell.SHOWN
    assert sum(mask[0]) >= 2
    assert sum(row[1] for row in mask) >= 2
    assert recoverable(grid, mask) == []


def test_the_threshold_comes_from_the_setting(settings: object) -> None:
    settings.JAMLIK_STATISTICS_MIN_CELL = 10  # type: ignore[attr-defined]
    grid = suppression.with_margins([[20, 7, 30, 15], [30, 25, 40, 12]], 4)
    assert suppression.suppress(grid)[0][1] != Cell.SHOWN  # 7 < 10


@settings(max_examples=150, deadline=None)
@given(small_grids, st.data())
def test_a_units_table_and_the_national_table_together_disclose_nothing(
    inner: list[list[int]], data: st.DataObject
) -> None:
    """The organisation's row, published in the national table, is the units table's total row (with
    the same states). A reader of both works out no hidden cell, and a reader who knows every unit's
    and organisation's people no hidden kön cell: seen together, the national table is the units
    table with this organisation's units grouped back into one row."""
    base, base_states = _states(inner)
    org = data.draw(st.integers(0, len(inner) - 1))
    units = data.draw(st.integers(1, 3))
    split: list[list[int]] = [[0] * 4 for _ in range(units)]
    for j in KON:
        for _person in range(inner[org][j]):
            split[data.draw(st.integers(0, units - 1))][j] += 1
    split = [row for row in split if any(row)] or [[0, 0, 0, 0]]
    grid = suppression.with_margins(split, 4)
    states = suppression.split(base, base_states, org, grid)
    assert states[-1] == base_states[org]
    others = [i for i in range(len(inner)) if i != org]
    fine = [base[i] for i in others] + grid[:-1] + [base[-1]]
    fine_states = [base_states[i] for i in others] + states[:-1] + [base_states[-1]]
    coarse = [base[i] for i in others] + [base[org], base[-1]]
    coarse_states = [base_states[i] for i in others] + [base_states[org], base_states[-1]]
    groups = [[n] for n in range(len(others))] + [list(range(len(others), len(others) + len(split)))]
    silent = [base_states[i] for i in others] + [[Cell.PROTECTED] * 5 for _ in split] + [base_states[-1]]
    for known_rows in (False, True):
        alone = set(worked_out_together(fine, silent, coarse, coarse_states, groups, 5, known_rows))
        both = worked_out_together(fine, fine_states, coarse, coarse_states, groups, 5, known_rows)
        assert [key for key in both if key not in alone and (not known_rows or key[2] in KON)] == []


@settings(max_examples=150, deadline=None)
@given(small_grids, st.data())
def test_a_table_by_county_and_the_table_by_organisation_together_disclose_nothing(
    inner: list[list[int]], data: st.DataObject
) -> None:
    """Counties add up organisations. A reader with both tables works out no hidden cell of either,
    and a reader who knows every organisation's and county's people no hidden kön cell."""
    base, base_states = _states(inner)
    labels = data.draw(st.lists(st.integers(0, 2), min_size=len(inner), max_size=len(inner)))
    groups = [[i for i, g in enumerate(labels) if g == n] for n in sorted(set(labels))]
    cut, cut_states = suppression.cut(base, base_states, groups)
    for g, group in enumerate(groups):
        for j in range(5):
            assert cut[g][j] == sum(base[i][j] for i in group)
    assert cut_states[-1] == base_states[-1]
    # What the organisations' table gives away alone (a county's total that its hidden organisations'
    # totals add up to, known from the grand total) is not the county table's doing.
    silent = [[Cell.PROTECTED] * 5 for _ in groups] + [cut_states[-1]]
    for known_rows in (False, True):
        alone = set(worked_out_together(base, base_states, cut, silent, groups, 5, known_rows))
        both = worked_out_together(base, base_states, cut, cut_states, groups, 5, known_rows)
        assert [key for key in both if key not in alone and (not known_rows or key[2] in KON)] == []


@settings(max_examples=200, deadline=None)
@given(grids, st.data())
def test_a_table_cut_from_the_base_tells_nothing_more(inner: list[list[int]], data: st.DataObject) -> None:
    """Grouping rows of a filtered view publishes a cell only when all its parts are published."""
    grid, states = _states(inner)
    labels = data.draw(st.lists(st.integers(0, 2), min_size=len(inner), max_size=len(inner)))
    groups = [[i for i, g in enumerate(labels) if g == n] for n in sorted(set(labels))]
    derived, derived_states = suppression.derive(grid, states, groups)
    for g, group in enumerate(groups):
        for j in range(5):
            assert derived[g][j] == sum(grid[i][j] for i in group)
            if len(group) == len(inner):  # every row: the total row, as the base publishes it
                assert derived_states[g][j] == states[-1][j]
            elif derived_states[g][j] == Cell.SHOWN:
                assert all(states[i][j] == Cell.SHOWN for i in group)
            elif len(group) > 1:
                assert derived_states[g][j] == Cell.PROTECTED
