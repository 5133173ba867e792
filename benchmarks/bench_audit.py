"""Percent consistency: exact integer search against the float (numpy) way, same run.

No Python library checks published percentages, so the peer is what one writes with
numpy, the way scrutiny's grim() works in R: for every base n, take k = floor(x·n) and
k + 1 in floating point and test whether round(100·k/n) gives the value back. Ours does
the same search with integer floor/ceiling of exact bracket bounds (no float, no flips).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from _timing import Row, best_time

from optamstats.audit import fitting_bases, grim_percent


def _numpy_fitting_bases(values: list[int], n_max: int) -> Any:
    """Bases n ≤ n_max where every whole percentage is k/n rounded half-even (np.round)."""
    n = np.arange(1, n_max + 1, dtype=np.float64)
    ok = np.ones(n_max, dtype=bool)
    for v in values:
        below = np.floor(v / 100.0 * n)
        hit = np.zeros(n_max, dtype=bool)
        for k in (below, below + 1.0):
            hit |= (k <= n) & (np.round(100.0 * k / n) == v)
        ok &= hit
    return np.flatnonzero(ok) + 1


def rows() -> list[Row]:
    out: list[Row] = []
    values = [82, 78, 78]  # the press article's top three motives, base not given
    for n_max in (1_000, 100_000):
        ours_result = fitting_bases([str(v) for v in values], n_max=n_max, modes="half-even")
        peer_result = _numpy_fitting_bases(values, n_max)
        same = tuple(int(n) for n in peer_result) == ours_result
        ours = best_time(
            lambda m=n_max: fitting_bases(["82", "78", "78"], n_max=m, modes="half-even"),
            repeat=3,
        )
        peer = best_time(lambda m=n_max: _numpy_fitting_bases(values, m), repeat=3)
        out.append(
            Row(
                f"bases fitting 3 percentages, n ≤ {n_max:,}",
                ours,
                "numpy float search (scrutiny's method)",
                peer,
                note="same bases" if same else "RESULTS DIFFER",
            )
        )
    k_of_n = best_time(lambda: grim_percent("67", 178, modes="half-even"), number=2000)
    brute = best_time(lambda: [k for k in range(179) if round(100 * k / 178) == 67], number=2000)
    out.append(Row("one percentage of n = 178", k_of_n, "Python loop over every k", brute))
    return out
