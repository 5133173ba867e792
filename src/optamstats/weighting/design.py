"""Weights and what they cost: validation, Kish's effective sample size, design effects.

The effective sample size an estimate's interval uses, from the weights alone (Kish)
or from the linearised variance of the estimate. Part of :mod:`optamstats.weighting`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    ShapeError,
    _show,
)
from optamstats._typing import FloatArray

__all__ = ["design_effect", "effective_sample_size"]


def _check_positive_weights(
    weights: Any, n: int | None, index: Any, name: str = "weights"
) -> FloatArray:
    """Return `weights` as float64 aligned with `index` (a Series is aligned by label).

    `n` is the number of respondents they weigh, or None for any length (1-d).
    """
    import pandas as pd

    if isinstance(weights, pd.Series):
        if index is not None and not weights.index.equals(index):
            if not weights.index.is_unique or len(index.difference(weights.index)):
                raise ShapeError(
                    f"`{name}` must be indexed like the data it weights ({n} rows); labels "
                    f"such as {list(index.difference(weights.index)[:3])!r} have no weight."
                )
            weights = weights.reindex(index)
        values = weights.to_numpy()
    else:
        try:
            values = np.asarray(weights) if not isinstance(weights, str) else np.asarray(None)
        except (TypeError, ValueError):  # ragged nested sequences such as [1.0, [2.0]]
            values = np.asarray(None)
    if values.dtype.kind == "b" or values.dtype.kind not in "iuf":
        raise InvalidTypeError(
            f"`{name}` must hold positive numbers, one per respondent; got {_show(weights)}."
        )
    w: FloatArray = np.asarray(values, dtype=np.float64)
    if w.ndim != 1 or (n is not None and w.size != n):
        raise ShapeError(
            f"`{name}` must have one weight per respondent ({'1-d' if n is None else n}); got "
            f"shape {w.shape}."
        )
    bad = ~(np.isfinite(w) & (w > 0.0))
    if bad.any():
        where = int(np.argmax(bad))
        raise InvalidValueError(
            f"`{name}` must be finite and > 0; got {float(w[where])!r} at position {where}. Drop "
            "respondents who should not count instead of giving them weight 0."
        )
    with np.errstate(over="ignore"):  # an overflowing sum is refused just below
        total = float(w.sum())
    if not math.isfinite(total):
        raise InvalidValueError(
            f"`{name}` sum to more than the largest float (about 1.8e308); divide them by a "
            f"constant such as their largest, {float(w.max()):g}: weighted estimates do not "
            "depend on the scale of the weights."
        )
    return w


def _kish(w: FloatArray) -> float:
    """Kish's effective sample size (Σw)² / Σw², computed on w / max(w).

    The ratio does not depend on the scale of the weights; scaled by their largest, the
    sum is at most n and the sum of squares at least 1, so neither (Σw)² overflows
    (weights near 1e300) nor Σw² underflows to 0 (weights near 1e-300).
    """
    scaled = w / float(w.max())
    return float(scaled.sum()) ** 2 / float(np.dot(scaled, scaled))


def effective_sample_size(weights: Any) -> float:
    r"""Compute Kish's effective sample size of weights, :math:`(\sum w)^2 / \sum w^2`.

    Parameters
    ----------
    weights : array_like of float
        Positive weights of the respondents in an estimate's base.

    Returns
    -------
    float
        Between 1 and n; n when every weight is equal.

    Raises
    ------
    InvalidValueError, InvalidTypeError
        Weights that are not finite positive numbers; no weights.

    References
    ----------
    .. [1] L. Kish, *Survey Sampling*, Wiley, 1965, §11.7.

    Examples
    --------
    >>> from optamstats.weighting import effective_sample_size
    >>> effective_sample_size([1.0, 1.0, 1.0, 1.0])
    4.0
    >>> round(effective_sample_size([0.5, 0.5, 1.5, 1.5]), 4)
    3.2
    """
    w = _check_positive_weights(weights, None, None)
    if w.size == 0:
        raise InvalidValueError("`weights` is empty: an effective sample size of nobody.")
    return _kish(w)


def design_effect(weights: Any) -> float:
    r"""Compute Kish's design effect of weights, :math:`n \sum w^2 / (\sum w)^2 = 1 + CV^2`.

    The factor by which weighting inflates the variance of a mean when the weights are
    unrelated to the answer.

    Parameters
    ----------
    weights : array_like of float
        Positive weights.

    Returns
    -------
    float
        ≥ 1; 1 when every weight is equal.

    Raises
    ------
    InvalidValueError, InvalidTypeError
        As :func:`effective_sample_size`.

    References
    ----------
    .. [1] L. Kish, "Weighting for unequal Pi", J. Official Statist. 8(2):183–200, 1992.

    Examples
    --------
    >>> from optamstats.weighting import design_effect
    >>> round(design_effect([0.5, 0.5, 1.5, 1.5]), 4)
    1.25
    """
    w = _check_positive_weights(weights, None, None)
    if w.size == 0:
        raise InvalidValueError("`weights` is empty: a design effect of nobody.")
    scaled = w / float(w.max())  # as in _kish: no overflow nor underflow at any scale
    return w.size * float(np.dot(scaled, scaled)) / float(scaled.sum()) ** 2


def _effective_n(x: Any, w: FloatArray, p: Any, how: str) -> tuple[Any, str]:
    """Kish's (Σw)²/Σw², or p(1 − p) / V with V the linearised (with-replacement) variance."""
    kish = _kish(w)
    if how == "kish":
        return np.full(np.shape(p), kish) if np.ndim(p) else kish, "kish"
    n = w.size
    if n == 1:
        # One respondent: p is 0 or 1 and the variance estimate is undefined (n/(n − 1)
        # times 0): Kish's size, 1, as for any estimate at 0 or 1.
        return (np.full(np.shape(p), kish) if np.ndim(p) else kish), "design (kish at 0 or 1)"
    w = w / float(w.max())  # V and p(1 − p) / V do not depend on the scale of w
    total = float(w.sum())
    resid = w[:, None] * (np.asarray(x, dtype=np.float64).reshape(n, -1) - np.reshape(p, (1, -1)))
    var = n / (n - 1.0) * np.sum(resid**2, axis=0) / total**2
    var = var.reshape(np.shape(p))
    p_arr = np.asarray(p, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        design = np.where((var > 0.0) & np.isfinite(var), p_arr * (1.0 - p_arr) / var, kish)
    label = "design" if bool(np.all((var > 0.0) & np.isfinite(var))) else "design (kish at 0 or 1)"
    return (design if np.ndim(p) else float(design)), label
