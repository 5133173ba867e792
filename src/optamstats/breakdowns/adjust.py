"""Multiplicity control: p-values adjusted across the groups of a breakdown.

Holm's step-down family-wise adjustment and Benjamini–Hochberg's false discovery rate.
Part of :mod:`optamstats.breakdowns`.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np

from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    _show,
)
from optamstats._typing import FloatArray

__all__ = ["adjust_p_values"]

ADJUSTMENTS: Final = ("holm", "bh")
ADJUST_ALIASES: Final = {"fdr_bh": "bh", "benjamini-hochberg": "bh"}


def adjust_p_values(p_values: Any, method: str = "holm") -> FloatArray:
    r"""Adjust p-values for multiple testing: Holm (FWER) or Benjamini–Hochberg (FDR).

    Parameters
    ----------
    p_values : array_like of float
        Raw p-values, each in [0, 1], of one family of tests (1-d).
    method : {"holm", "bh"}, default "holm"
        ``"holm"``: Holm's step-down adjustment, controlling the family-wise error rate
        under any dependence [1]_. ``"bh"`` (alias ``"fdr_bh"``): Benjamini and
        Hochberg's step-up adjustment, controlling the false discovery rate for
        independent or positively dependent tests [2]_.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, in the input's order, each in [raw p, 1].

    Raises
    ------
    InvalidValueError
        An unknown method; p-values outside [0, 1], NaN, or not 1-d; an empty family.
    InvalidTypeError
        Non-numeric p-values.

    Notes
    -----
    With the sorted p-values :math:`p_{(1)} \le \dots \le p_{(m)}`, Holm's adjusted
    value is :math:`\max_{j \le i} \min\{1, (m - j + 1)\, p_{(j)}\}` and
    Benjamini–Hochberg's is :math:`\min_{j \ge i} \min\{1, m\, p_{(j)} / j\}`. They
    equal statsmodels' ``multipletests(p, method="holm" | "fdr_bh")[1]`` and R's
    ``p.adjust(p, "holm" | "BH")``; written here in a few lines of numpy because
    importing ``statsmodels.stats.multitest`` costs about a second.

    References
    ----------
    .. [1] S. Holm, "A simple sequentially rejective multiple test procedure", Scand.
       J. Statist. 6(2):65–70, 1979.
    .. [2] Y. Benjamini and Y. Hochberg, "Controlling the false discovery rate: a
       practical and powerful approach to multiple testing", J. R. Stat. Soc. B
       57(1):289–300, 1995.

    Examples
    --------
    R: ``p.adjust(c(0.01, 0.04, 0.03, 0.20), "holm")`` gives 0.04 0.09 0.09 0.20.

    >>> from optamstats.breakdowns import adjust_p_values
    >>> adjust_p_values([0.01, 0.04, 0.03, 0.20]).round(4).tolist()
    [0.04, 0.09, 0.09, 0.2]
    >>> adjust_p_values([0.01, 0.04, 0.03, 0.20], "bh").round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.2]
    """
    meth = _check_adjust(method)
    if meth is None:
        raise InvalidValueError(
            "`method` must be 'holm' or 'bh' (Benjamini–Hochberg); got None. Use the raw "
            "p-values if no adjustment is wanted."
        )
    try:
        p = np.asarray(p_values, dtype=np.float64)
    except OverflowError as exc:  # an integer beyond the float range: not in [0, 1]
        raise InvalidValueError(f"`p_values` must lie in [0, 1]; got {_show(p_values)}.") from exc
    except (TypeError, ValueError) as exc:
        raise InvalidTypeError(
            f"`p_values` must be an array of numbers in [0, 1]; got {_show(p_values)}."
        ) from exc
    if p.ndim != 1 or p.size == 0:
        raise InvalidValueError(
            f"`p_values` must be a non-empty 1-d array (one family of tests); got shape {p.shape}."
        )
    bad = ~((p >= 0.0) & (p <= 1.0))  # also catches NaN
    if bad.any():
        where = int(np.argmax(bad))
        raise InvalidValueError(
            f"`p_values` must lie in [0, 1]; got {float(p[where])!r} at index {where}."
        )
    return _adjust(p, meth)


def _adjust(p: FloatArray, method: str) -> FloatArray:
    m = p.size
    order = np.argsort(p, kind="stable")
    ranked = p[order]
    if method == "holm":
        steps = np.maximum.accumulate((m - np.arange(m)) * ranked)
    else:  # Benjamini–Hochberg: a running minimum from the largest p-value down
        steps = np.minimum.accumulate((m / np.arange(m, 0, -1)) * ranked[::-1])[::-1]
    out = np.empty(m, dtype=np.float64)
    out[order] = np.minimum(steps, 1.0)
    # Never below the raw p-value (float rounding of m * p / j at j = m).
    return np.maximum(out, p)


def _check_adjust(adjust: object) -> str | None:
    if adjust is None:
        return None
    if isinstance(adjust, str):
        name = ADJUST_ALIASES.get(adjust.lower(), adjust.lower())
        if name in ADJUSTMENTS:
            return name
    raise InvalidValueError(
        f"`adjust` must be 'holm' (family-wise error), 'bh' (Benjamini–Hochberg false "
        f"discovery rate) or None (no adjustment); got {_show(adjust)}."
    )
