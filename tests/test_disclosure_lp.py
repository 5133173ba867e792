"""The audit's solver shortcuts give the integer range exactly (issue 16, speed item).

`_range` solves the continuous LP first and keeps its optimum only when an integer point
attains it; a model of bounds alone is solved in closed form. Both must agree with the
plain integer program (scipy.optimize.milp, HiGHS branch and bound) on every model,
including shares, whose LP vertices are fractional.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from optamstats.disclosure.lp import _constraints, _Fact, _range


def _milp_range(c: np.ndarray, matrix: np.ndarray, low: np.ndarray, high: np.ndarray) -> tuple:
    """Reference: the integer program alone (scipy.optimize.milp)."""
    size = c.size
    out = []
    for sign in (1.0, -1.0):
        res = milp(sign * c, constraints=[LinearConstraint(matrix, low, high)],
                   integrality=np.ones(size), bounds=Bounds(0, np.inf))  # fmt: skip
        out.append(math.inf * -sign if res.status == 3 else round(sign * float(res.fun), 6))
    return tuple(out)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[_Fact], int, int]:
    """A 1-D table of 2–4 cells with its total, some cells printed, others hidden
    ("< t" or "s"), and maybe a printed share of one cell in the total."""
    cells = draw(st.lists(st.integers(0, 12), min_size=2, max_size=4))
    t = draw(st.integers(2, 6))
    total = sum(cells)
    facts = [_Fact(tuple((i, 1.0) for i in range(len(cells))), total, total, group="T")]
    for i, x in enumerate(cells):
        how = draw(st.sampled_from(["shown", "hidden", "marker"]))
        if how == "shown":
            facts.append(_Fact(((i, 1.0),), x, x, group=f"c{i}"))
        elif how == "marker" and 1 <= x < t:
            facts.append(_Fact(((i, 1.0),), 1, t - 1))
    if total and draw(st.booleans()):
        j = draw(st.integers(0, len(cells) - 1))
        share = cells[j] / total
        facts.append(_Fact(((j, 1.0),), share, share,
                           per=tuple((i, 1.0) for i in range(len(cells)))))  # fmt: skip
    target = draw(st.integers(0, len(cells) - 1))
    return facts, len(cells), target


@settings(max_examples=150, deadline=None)
@given(tables())
def test_lp_first_range_equals_the_integer_program(model: tuple[list[_Fact], int, int]) -> None:
    facts, size, target = model
    matrix, low, high = _constraints(facts, size)
    c = np.zeros(size)
    c[target] = 1.0
    assert _range(((target, 1.0),), matrix, low, high, size) == _milp_range(c, matrix, low, high)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=1, max_size=3),
       st.lists(st.sampled_from([1.0, -1.0, 2.0]), min_size=3, max_size=3))  # fmt: skip
def test_box_range_equals_brute_force(bounds: list[tuple[int, int]], coef: list[float]) -> None:
    # Bounds alone (one unknown per constraint): the closed form against enumeration.
    size = len(bounds)
    facts = [_Fact(((i, 1.0),), min(a, b), max(a, b)) for i, (a, b) in enumerate(bounds)]
    matrix, low, high = _constraints(facts, size)
    terms = tuple((i, coef[i]) for i in range(size))
    values = [
        sum(coef[i] * x[i] for i in range(size))
        for x in itertools.product(*(range(min(a, b), max(a, b) + 1) for a, b in bounds))
    ]
    assert _range(terms, matrix, low, high, size) == (min(values), max(values))
