"""Attack 4 of issue 16: `suppress_small_cells` on a 2-D table with margins, where the
"< 5" markers (1 … 4) and the totals pinned hidden cells exactly.

The attacker here is scipy.optimize.milp (HiGHS) on constraints the test builds from
the printed table alone (`display()`): shown cells and totals are equations, "< t"
is 1 … t − 1, "s" is ≥ 0. It must not pin any primary cell.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from optamstats.disclosure import suppress_small_cells


def _attack(printed: list[list[str]], t: int) -> dict[tuple[int, int], tuple[int, int]]:
    """Range of every hidden inner cell from the printed table (last row/col: totals)."""
    rows, cols = len(printed) - 1, len(printed[0]) - 1
    size = rows * cols
    a, lo, hi = [], [], []

    def add(cells: list[tuple[int, int]], low: float, high: float) -> None:
        row = np.zeros(size)
        for i, j in cells:
            row[i * cols + j] = 1.0
        a.append(row)
        lo.append(low)
        hi.append(high)

    for i in range(rows + 1):
        for j in range(cols + 1):
            if i < rows and j < cols:
                cells = [(i, j)]
            elif i < rows:
                cells = [(i, k) for k in range(cols)]
            elif j < cols:
                cells = [(k, j) for k in range(rows)]
            else:
                cells = [(k, m) for k in range(rows) for m in range(cols)]
            text = printed[i][j]
            if text.startswith("<"):
                add(cells, 1, t - 1)
            elif text != "s":
                add(cells, int(text), int(text))
    out = {}
    for i in range(rows):
        for j in range(cols):
            if printed[i][j] in ("s",) or printed[i][j].startswith("<"):
                c = np.zeros(size)
                c[i * cols + j] = 1.0
                ends = []
                for sign in (1.0, -1.0):
                    res = milp(sign * c, constraints=[LinearConstraint(np.array(a), lo, hi)],
                               integrality=np.ones(size), bounds=Bounds(0, np.inf))  # fmt: skip
                    assert res.status == 0
                    ends.append(round(sign * res.fun))
                out[i, j] = (ends[0], ends[1])
    return out


def _printed(table: object) -> list[list[str]]:
    frame = table.display()  # type: ignore[attr-defined]
    return [[str(v) for v in row] for row in frame.to_numpy().tolist()]


def test_attack_4_markers_and_margins_no_longer_pin_cells() -> None:
    # Row 0 holds two cells of 1: printed "< 5" each, their row gives them a sum of 2,
    # so both are 1 — and their cycle's other two cells follow from the column totals.
    counts = [[1, 1, 20], [15, 30, 40], [12, 25, 35]]
    table = suppress_small_cells(counts, 5)
    ranges = _attack(_printed(table), 5)
    assert table.primary[0, 0]
    assert table.primary[0, 1]
    for (i, j), (low, high) in ranges.items():
        if table.primary[i, j]:  # the primary cells keep all of 1 … 4 (secondary ones
            assert (low, high) == (1, 4), ((i, j), low, high)  # are not protected)


@pytest.mark.parametrize("seed", range(3))
def test_random_tables_keep_every_marker_open(seed: int) -> None:
    rng = np.random.default_rng(seed)
    counts = rng.poisson(rng.gamma(1.5, 3.0, size=(5, 4)))
    table = suppress_small_cells(counts, 5)
    for (i, j), (low, high) in _attack(_printed(table), 5).items():
        if table.primary[i, j] and 1 <= counts[i, j] < 5:
            assert (low, high) == (1, 4), ((i, j), low, high)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), min_size=3, max_size=3), min_size=2, max_size=4))
def test_no_primary_cell_narrowed_beyond_its_marker(counts: list[list[int]]) -> None:
    table = suppress_small_cells(counts, 5)
    for (i, j), (low, high) in _attack(_printed(table), 5).items():
        if table.primary[i, j]:
            assert low <= 1
            assert high >= 4


def test_attack_4_in_one_dimension() -> None:
    # Two "< 5" cells and a printed total: 30 − 14 − 14 = 2, so both are 1. A third
    # cell must be hidden for them to keep all of 1 … 4.
    table = suppress_small_cells([14, 1, 1, 14], 5)
    shown = [c for c, s in zip(table.counts[:-1], table.status[:-1], strict=True) if not s]
    hidden = int((table.status[:-1] > 0).sum())
    assert hidden >= 3
    # Brute force: every split of the hidden remainder with "< 5" cells in 1 … 4.
    rest = int(table.counts[-1]) - sum(int(c) for c in shown)
    primary = [i for i in range(4) if table.primary[i]]
    secondary = [i for i in range(4) if table.secondary[i]]
    values: dict[int, set[int]] = {i: set() for i in primary}
    import itertools

    for xs in itertools.product(range(1, 5), repeat=len(primary)):
        if rest - sum(xs) >= 0 and (secondary or rest == sum(xs)):
            for i, x in zip(primary, xs, strict=True):
                values[i].add(x)
    assert all(v == {1, 2, 3, 4} for v in values.values()), values


def test_audit_can_be_turned_off_and_checks_its_flag() -> None:
    plain = suppress_small_cells([14, 1, 1, 14], 5, audit=False)
    assert int((plain.status[:-1] > 0).sum()) == 2  # the bridge rule alone: pinned
    from optamstats import InvalidTypeError

    with pytest.raises(InvalidTypeError, match=r"`audit` must be True or False; got 'yes'"):
        suppress_small_cells([14, 1, 1, 14], 5, audit="yes")  # type: ignore[arg-type]
