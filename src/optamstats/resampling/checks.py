"""The bootstrap's checks of its arguments, and of what a statistic returns.

Part of :mod:`optamstats.resampling`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    check_choice,
    check_confidence,
    check_one_sided_level,
)
from optamstats._typing import FloatArray, IntArray
from optamstats.resampling.results import MAX_RESAMPLES, METHODS, TIES, Statistic

__all__ = []


def _check_method_args(
    confidence: object, method: object, ties: object, alternative: object
) -> tuple[float, str, str, str]:
    alt = check_choice("alternative", alternative, ("two-sided", "greater", "less"))
    return (
        check_one_sided_level(check_confidence(confidence), alt),
        check_choice("method", method, METHODS),
        check_choice("ties", ties, TIES),
        alt,
    )


def _check_n_resamples(n_resamples: object) -> int | str:
    if isinstance(n_resamples, str):
        return check_choice("n_resamples", n_resamples, ("auto", "exact"))
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int | np.integer):
        raise InvalidTypeError(
            "`n_resamples` must be 'auto', 'exact' or a whole number of resamples such as "
            f"100_000; got {n_resamples!r}."
        )
    if n_resamples < 1000:
        raise InvalidValueError(
            f"`n_resamples` must be at least 1000 for stable interval bounds; got {n_resamples}."
        )
    if n_resamples > MAX_RESAMPLES:
        raise InvalidValueError(
            f"`n_resamples` must be at most {MAX_RESAMPLES:,} (10**9); got {n_resamples}. "
            "Beyond 10**6 the Monte Carlo error of a bound is already below 0.001."
        )
    return int(n_resamples)


def _check_category_counts(counts: object) -> IntArray:
    try:
        array = np.asarray(counts)
    except (TypeError, ValueError) as exc:
        raise InvalidTypeError(
            f"`counts` must be a 1-d array of category counts; got {counts!r}."
        ) from exc
    if array.dtype.kind == "b" or array.dtype.kind not in "iuf":
        raise InvalidTypeError(
            f"`counts` must hold integer category counts; got dtype {array.dtype}."
        )
    if array.ndim != 1 or array.size == 0:
        raise InvalidValueError(
            f"`counts` must be a non-empty 1-d array of category counts; got shape {array.shape}."
        )
    floats = array.astype(np.float64)
    if not np.all(np.isfinite(floats)) or np.any(floats != np.floor(floats)):
        raise InvalidValueError(f"`counts` must hold whole finite numbers; got {array.tolist()}.")
    if np.any(floats < 0):
        raise InvalidValueError(f"`counts` must hold counts ≥ 0; got {array.tolist()}.")
    if floats.sum() < 1:
        raise InvalidValueError(
            f"`counts` must add up to at least one respondent; got {array.tolist()}."
        )
    return floats.astype(np.int64)


def _evaluate(statistic: Statistic, batch: Any, expected: int) -> FloatArray:
    """Apply a vectorised statistic and check it returned one finite value per row."""
    returned = statistic(batch)
    try:
        values = np.asarray(returned, dtype=np.float64)
    except (TypeError, ValueError):  # text, ragged lists, objects
        raise InvalidTypeError(
            f"`statistic` must return real numbers, one per resample; got {returned!r:.60}."
        ) from None
    if values.shape != (expected,):
        raise InvalidValueError(
            "`statistic` must be vectorised: given an array of shape "
            f"{np.shape(batch)} it must return shape ({expected},); got {values.shape}."
        )
    if not np.all(np.isfinite(values)):
        raise InvalidValueError(
            "`statistic` returned NaN or infinity on a resample; make it defined for every "
            "possible resample (e.g. guard divisions by a zero count)."
        )
    return values
