"""The bootstrap interval of each option's rank ("is the top motive really first?").

Respondents are resampled with replacement and the options ranked in every resample;
ties count both ways. Part of :mod:`optamstats.multiselect`.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np

from optamstats._typing import IntArray

__all__ = []

# 2**22 int64 are 32 MiB, whatever the number of respondents.
_BATCH_ELEMENTS: Final = 2**22
# The rank bootstrap draws multinomial counts of the distinct answer patterns when there
# are at most n / _PATTERN_RATIO of them (one binomial draw per pattern costs about
# four times one respondent drawn and tallied), and respondents one by one otherwise.
_PATTERN_RATIO: Final = 4


def _answer_patterns(
    matrix: np.ndarray[Any, np.dtype[np.bool_]],
) -> tuple[np.ndarray[Any, np.dtype[np.bool_]], IntArray]:
    """Return the distinct rows of `matrix` (answer patterns) and how many times each occurs.

    The patterns come in a canonical order that does not depend on the order of the
    rows: by their key, option j worth 2**j, for up to 63 options (rows packed into
    one integer each, counted by ``bincount`` for up to 20 options, by sorting above);
    lexicographically for more (``numpy.unique`` on the rows).
    """
    n, m = matrix.shape
    if m > 63:
        patterns, counts = np.unique(matrix, axis=0, return_counts=True)
        return patterns.astype(bool), counts.astype(np.int64)
    # One uint64 key per row: the packed bits, little-endian, zero-padded to 8 bytes.
    packed = np.zeros((n, 8), dtype=np.uint8)
    packed[:, : (m + 7) // 8] = np.packbits(matrix, axis=1, bitorder="little")
    keys = packed.view("<u8").ravel()
    if m <= 20:  # 2**20 counters: cheaper than sorting a million keys
        tally = np.bincount(keys.astype(np.intp), minlength=1 << m)
        found = np.flatnonzero(tally)
        unique_keys, counts = found.astype(np.uint64), tally[found]
    else:
        unique_keys, counts = np.unique(keys, return_counts=True)
    bits = (unique_keys[:, None] >> np.arange(m, dtype=np.uint64)) & np.uint64(1)
    return bits.astype(bool), counts.astype(np.int64)


def _resampled_ranks(
    matrix: np.ndarray[Any, np.dtype[np.bool_]],
    n_resamples: int,
    rng: np.random.Generator,
) -> tuple[IntArray, IntArray]:
    """Best-case and worst-case rank of each option in bootstrap resamples of the rows.

    Respondents (rows) are resampled with replacement; in each resample every option
    gets a best-case rank (1 + options mentioned strictly more) and a worst-case rank
    (options mentioned at least as often), so that a tie counts both ways. Returns two
    (n_resamples, m) integer arrays.

    A resample of the n respondents only matters through how many times it draws each
    distinct answer pattern, and those numbers are multinomial(n, count / n) over the
    P patterns: the same law, drawn in O(P) instead of O(n) per resample. That draw
    (``Generator.multinomial``) is used when P ≤ n / _PATTERN_RATIO; otherwise the
    respondents are drawn one by one (``Generator.integers``), which is then as cheap
    and keeps the stream of earlier versions. The choice depends on n and P only,
    never on the seed or the order of the rows, so the same seed gives the same ranks.
    """
    n, m = matrix.shape
    patterns, counts = _answer_patterns(matrix)
    by_pattern = patterns.shape[0] * _PATTERN_RATIO <= n
    if by_pattern:
        table = patterns.astype(np.float64)
        shares = counts / n
    else:
        # Sorting the rows first makes the result independent of the respondents'
        # order for a given seed (the resampled row numbers then point at the same
        # patterns).
        order = np.lexsort(matrix.T[::-1]) if m else np.arange(n)
        table = matrix[order].astype(np.float64)

    def weights_of(size: int) -> IntArray:
        """Count the draws of each row of `table` in `size` resamples of n respondents."""
        if by_pattern:
            drawn: IntArray = rng.multinomial(n, shares, size=size)
            return drawn
        rows = rng.integers(0, n, size=(size, n))
        rows += (np.arange(size) * n)[:, None]
        return np.bincount(rows.ravel(), minlength=size * n).reshape(size, n)

    batch = max(1, min(n_resamples, _BATCH_ELEMENTS // max(table.shape[0], m * m)))
    best = np.empty((n_resamples, m), dtype=np.int64)
    worst = np.empty((n_resamples, m), dtype=np.int64)
    for start in range(0, n_resamples, batch):
        size = min(batch, n_resamples - start)
        # float64 matmul is exact here: the counts are integers below 2**53.
        mentions = weights_of(size).astype(np.float64) @ table
        above = mentions[:, None, :] > mentions[:, :, None]  # [b, j, k]: k beats j
        level = mentions[:, None, :] >= mentions[:, :, None]
        best[start : start + size] = 1 + above.sum(axis=2)
        worst[start : start + size] = level.sum(axis=2)
    return best, worst


def _rank_bounds(
    matrix: np.ndarray[Any, np.dtype[np.bool_]],
    n_resamples: int,
    tail: float,
    rng: np.random.Generator,
) -> tuple[IntArray, IntArray]:
    """Bootstrap interval of each option's rank (1 = most mentioned).

    The interval is [tail quantile of the best-case ranks, 1 − tail quantile of the
    worst-case ranks] of :func:`_resampled_ranks`, with quantiles read as the inverse
    CDF.
    """
    best, worst = _resampled_ranks(matrix, n_resamples, rng)
    low = np.quantile(best, tail, axis=0, method="inverted_cdf")
    high = np.quantile(worst, 1.0 - tail, axis=0, method="inverted_cdf")
    return low.astype(np.int64), high.astype(np.int64)
