"""The exact bootstrap: every resample of category counts with its probability.

Resampling n respondents in c categories is a multinomial draw of the counts, so the
whole bootstrap distribution of a statistic of the counts is a finite sum over the
compositions of n into c parts, enumerated block by block (``B = ∞``: no seed, no
Monte Carlo error). Part of :mod:`optamstats.resampling`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Final

import numpy as np

from optamstats._typing import FloatArray, IntArray
from optamstats.resampling.checks import _evaluate
from optamstats.resampling.results import _TIE_RTOL, BootstrapDistribution, Statistic

__all__ = ["n_compositions"]

_BLOCK_ROWS: Final = 1 << 18


def n_compositions(n: int, c: int) -> int:
    """Count the possible resampled count vectors: ``C(n + c − 1, c − 1)``.

    Parameters
    ----------
    n : int
        Respondents.
    c : int
        Categories with at least one observed respondent.

    Returns
    -------
    int
        The number of outcomes the exact bootstrap enumerates.

    References
    ----------
    .. [1] W. Feller, *An Introduction to Probability Theory and Its Applications*,
       vol. 1, 3rd ed., Wiley, 1968, II.5 ("occupancy problems").

    Examples
    --------
    >>> n_compositions(119, 3)
    7260
    """
    return math.comb(n + c - 1, c - 1)


def _compositions(n: int, c: int, block: int = _BLOCK_ROWS) -> Iterator[IntArray]:
    """Yield every vector of ``c`` counts ≥ 0 summing to ``n``, in blocks of rows.

    Depth-first over the leading counts so memory stays at about ``block`` rows.
    """
    stack: list[tuple[IntArray, IntArray]] = [
        (np.zeros((1, 0), dtype=np.int64), np.array([n], dtype=np.int64))
    ]
    while stack:
        prefix, rest = stack.pop()
        if prefix.shape[1] == c - 1:
            yield np.column_stack([prefix, rest])
            continue
        sizes = rest + 1
        ends = np.cumsum(sizes)
        if ends[-1] > block and prefix.shape[0] > 1:
            cut = max(1, int(np.searchsorted(ends, block, side="right")))
            stack.append((prefix[cut:], rest[cut:]))
            prefix, rest, sizes, ends = prefix[:cut], rest[:cut], sizes[:cut], ends[:cut]
        total = int(ends[-1])
        starts = np.repeat(ends - sizes, sizes)
        new = np.arange(total, dtype=np.int64) - starts
        stack.append(
            (
                np.column_stack([np.repeat(prefix, sizes, axis=0), new]),
                np.repeat(rest, sizes) - new,
            )
        )


def _fold(
    values: FloatArray, weights: FloatArray, *, runs: bool = False
) -> tuple[FloatArray, FloatArray]:
    """Sort values and fold equal (within `_TIE_RTOL`) ones, keeping their raw mass.

    The weights are added, never rescaled: a partial fold of the exact enumeration must
    keep the probability mass it has accumulated so far, or the outcomes enumerated
    after it would count for more than their share (the bug fixed in issue 23).
    ``runs=True`` says that `values` is a concatenation of sorted runs: numpy's stable
    sort (timsort for floats) then merges them in O(N log runs), 3–4× faster than
    sorting from scratch.
    """
    order = np.argsort(values, kind="stable" if runs else None)
    values, weights = values[order], weights[order]
    if values.size > 1:
        gaps = np.diff(values) > _TIE_RTOL * np.maximum(1.0, np.abs(values[1:]))
        starts = np.concatenate([[0], np.flatnonzero(gaps) + 1])
        values = values[starts]
        weights = np.add.reduceat(weights, starts)
    return values, weights


def _merge_ties(values: FloatArray, weights: FloatArray) -> BootstrapDistribution:
    """Fold equal values (see `_fold`) and normalise the weights into probabilities."""
    values, weights = _fold(values, weights)
    return BootstrapDistribution(values, weights / weights.sum())


#: Blocks of outcomes held before the enumerated values are folded (memory bound).
_FOLD_EVERY: Final = 8
#: The multinomial probabilities of all outcomes add up to 1; a sum further from 1 than
#: this means outcomes were lost or counted twice, and no interval is returned.
_MASS_TOLERANCE: Final = 1e-9


def _exact_distribution(
    counts: IntArray,
    statistic: Statistic,
    *,
    block: int = _BLOCK_ROWS,
    fold_every: int = _FOLD_EVERY,
    normalise: bool = True,
) -> tuple[BootstrapDistribution, int]:
    """Enumerate every resampled count vector; fold equal values of the statistic.

    `block` and `fold_every` bound memory (tests shrink them to exercise the folding
    path on small data); ``normalise=False`` returns the raw multinomial masses, whose
    sum is 1 up to rounding, for tests.
    """
    dists, outcomes = _exact_distributions(
        counts, [statistic], block=block, fold_every=fold_every, normalise=normalise
    )
    return dists[0], outcomes


def _exact_distributions(
    counts: IntArray,
    statistics: list[Statistic],
    *,
    block: int = _BLOCK_ROWS,
    fold_every: int = _FOLD_EVERY,
    normalise: bool = True,
) -> tuple[list[BootstrapDistribution], int]:
    """`_exact_distribution` for several statistics of the same counts, enumerated once."""
    from scipy.special import gammaln

    n = int(counts.sum())
    present = np.flatnonzero(counts)
    log_p = np.log(counts[present] / n)
    # log k! for every count an outcome can hold: a table look-up per cell instead of a
    # gammaln call per cell (the enumeration's former bottleneck).
    log_fact = gammaln(np.arange(n + 1, dtype=np.float64) + 1.0)
    log_n_fact = float(log_fact[n])
    parts: list[tuple[list[FloatArray], list[FloatArray]]] = [([], []) for _ in statistics]
    outcomes = 0
    for rows in _compositions(n, present.size, block=block):
        full = np.zeros((rows.shape[0], counts.size), dtype=np.int64)
        full[:, present] = rows
        weights = np.exp(log_n_fact - log_fact[rows].sum(axis=1) + rows @ log_p)
        outcomes += rows.shape[0]
        for statistic, (values_parts, weight_parts) in zip(statistics, parts, strict=True):
            # Each block is sorted on its own (cache-sized); later folds merge runs.
            block_values, block_weights = _fold(_evaluate(statistic, full, rows.shape[0]), weights)
            values_parts.append(block_values)
            weight_parts.append(block_weights)
            if len(values_parts) > fold_every:  # keep memory bounded: fold as we go
                folded = _fold(
                    np.concatenate(values_parts), np.concatenate(weight_parts), runs=True
                )
                values_parts[:] = [folded[0]]
                weight_parts[:] = [folded[1]]
    dists = []
    for values_parts, weight_parts in parts:
        values, masses = _fold(
            np.concatenate(values_parts), np.concatenate(weight_parts), runs=True
        )
        total = float(masses.sum())
        if not normalise:
            dists.append(BootstrapDistribution(values, masses))
            continue
        if not abs(total - 1.0) <= _MASS_TOLERANCE:
            # No silent wrong number: a distribution that lost mass gives wrong quantiles.
            raise RuntimeError(
                f"optamstats internal error: the exact bootstrap distribution of counts "
                f"{counts.tolist()} has total probability {total!r}, not 1. Please report "
                "it; meanwhile pass `n_resamples=100_000` for the Monte Carlo engine."
            )
        dists.append(BootstrapDistribution(values, masses / total))
    return dists, outcomes
