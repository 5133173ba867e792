"""Raking: weights that make the sample reproduce known population margins.

Iterative proportional fitting on the cells of the cross-classification, with optional
trimming, and the report of how it went. Part of :mod:`optamstats.weighting`.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    OptamstatsWarning,
    _show,
)
from optamstats._typing import FloatArray, IntArray
from optamstats.survey.declarations import TOTAL_RTOL as TOTAL_RTOL
from optamstats.survey.declarations import _margins_scale
from optamstats.weighting.design import _check_positive_weights, _kish

if TYPE_CHECKING:
    import pandas as pd


__all__ = ["RakeReport", "RakingConvergenceWarning", "rake"]

#: Cells of the cross-classification counted with one bincount (else np.unique).
_DENSE_CELLS: Final = 2**24
#: The smallest normal float64: below it numbers lose digits (subnormals) or vanish.
_TINY: Final = float(np.finfo(np.float64).tiny)


class RakingConvergenceWarning(OptamstatsWarning):
    """Raking stopped at `max_iter` before every margin was within `tol`.

    Examples
    --------
    Everyone in x is in p: 80 % in x and 20 % in p cannot both hold.

    >>> import warnings
    >>> import pandas as pd
    >>> from optamstats.weighting import RakingConvergenceWarning, rake
    >>> df = pd.DataFrame({"s": ["x", "x", "y", "y"], "t": ["p", "p", "q", "q"]})
    >>> margins = {"s": {"x": 0.8, "y": 0.2}, "t": {"p": 0.2, "q": 0.8}}
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     w = rake(df, margins, max_iter=10)
    >>> caught[0].category is RakingConvergenceWarning, w.attrs["rake"].converged
    (True, False)
    """


@dataclass(frozen=True, slots=True)
class RakeReport:
    """How raking went: convergence, the final fit, the spread of the weights.

    Found in ``weights.attrs["rake"]`` of the Series :func:`rake` returns.

    Attributes
    ----------
    converged : bool
        Every margin within `tol` (and every adjustment within the trimming bounds).
    iterations : int
        Full cycles over the margins.
    max_error : float
        Largest difference, over every category of every margin, between the weighted
        share and the target share at the end; with trimming, also the largest excess
        of an adjustment factor over its bound (relative to the mean).
    tol : float
        The tolerance asked for, on shares.
    margins : tuple of str
        The columns raked on, in order.
    scale : str
        ``"shares"`` (weights sum to the sum of the base weights: n without them) or
        ``"counts"`` (weights sum to the population total).
    total : float
        Sum of the weights.
    n : int
        Respondents weighted.
    cells : int
        Distinct combinations of the raked columns in the sample.
    trim : tuple of float or None
        The bounds on the adjustment factors relative to their mean, or None.
    trimmed : int
        Respondents whose adjustment sits at a trimming bound.
    weight_min, weight_max : float
        Smallest and largest weight.
    effective_n : float
        Kish's effective sample size of the weights.
    design_effect : float
        Kish's design effect of the weights, ``n / effective_n``.
    history : tuple of float
        `max_error` after each cycle.

    References
    ----------
    .. [1] W. E. Deming and F. F. Stephan, "On a least squares adjustment of a
       sampled frequency table when the expected marginal totals are known", Ann.
       Math. Statist. 11(4):427–444, 1940.

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.weighting import rake
    >>> df = pd.DataFrame({"sex": ["F", "F", "M", "M", "M"],
    ...                    "age": ["<50", "50+", "<50", "50+", "<50"]})
    >>> margins = {"sex": {"F": 0.5, "M": 0.5}, "age": {"<50": 0.6, "50+": 0.4}}
    >>> report = rake(df, margins).attrs["rake"]
    >>> report.converged, report.cells
    (True, 4)
    """

    converged: bool
    iterations: int
    max_error: float
    tol: float
    margins: tuple[str, ...]
    scale: str
    total: float
    n: int
    cells: int
    trim: tuple[float | None, float | None] | None
    trimmed: int
    weight_min: float
    weight_max: float
    effective_n: float
    design_effect: float
    history: tuple[float, ...]


def _check_tol(tol: object) -> float:
    if isinstance(tol, bool) or not isinstance(tol, numbers.Real) or not 0.0 < float(tol) < 1.0:
        raise InvalidValueError(
            f"`tol` must be a number in (0, 1), the largest error allowed on a share, such "
            f"as 1e-8; got {_show(tol)}."
        )
    return float(tol)


def _check_max_iter(max_iter: object) -> int:
    if isinstance(max_iter, bool) or not isinstance(max_iter, numbers.Integral) or max_iter < 1:
        raise InvalidValueError(
            f"`max_iter` must be a whole number ≥ 1 of cycles over the margins; got "
            f"{_show(max_iter)}."
        )
    return int(max_iter)


def _check_trim(trim: object) -> tuple[float | None, float | None] | None:
    if trim is None:
        return None
    bounds: tuple[object, object]
    if isinstance(trim, numbers.Real) and not isinstance(trim, bool):
        bounds = (None, trim)
    elif isinstance(trim, tuple | list) and len(trim) == 2:
        bounds = (trim[0], trim[1])
    else:
        raise InvalidTypeError(
            f"`trim` must be None, an upper bound such as 5.0, or a pair (low, high) such as "
            f"(0.2, 5.0), on the weights relative to their mean; got {_show(trim)}."
        )
    out: list[float | None] = []
    for bound in bounds:
        if bound is None:
            out.append(None)
            continue
        if isinstance(bound, bool) or not isinstance(bound, numbers.Real):
            raise InvalidTypeError(f"`trim` bounds must be numbers or None; got {_show(trim)}.")
        value = float(bound)
        if not math.isfinite(value) or value < 0.0:
            raise InvalidValueError(f"`trim` bounds must be finite and ≥ 0; got {_show(trim)}.")
        out.append(value)
    low, high = out
    if (low is not None and low > 1.0) or (high is not None and high < 1.0):
        raise InvalidValueError(
            f"`trim` must contain 1 (the mean weight): a low bound ≤ 1 and a high bound ≥ 1; "
            f"got {_show(trim)}."
        )
    return low, high


def _check_margins(
    frame: pd.DataFrame, margins: object
) -> tuple[list[str], list[list[Hashable]], list[FloatArray], str]:
    """Validate margins: columns, categories, values, totals. Return names, keys, targets."""
    from optamstats.forms import unknown_column

    if not isinstance(margins, Mapping) or not margins:
        raise InvalidTypeError(
            "`margins` must be a non-empty mapping {column: {category: share or count}}, "
            "e.g. {'specialty': {'Pédiatrie': 0.12, ...}, 'age': {...}}; got "
            f"{_show(margins)}."
        )
    names: list[str] = []
    keys: list[list[Hashable]] = []
    targets: list[FloatArray] = []
    for column, margin in margins.items():
        if column not in frame.columns:
            raise unknown_column(str(column), [str(c) for c in frame.columns], argument="margins")
        if not isinstance(margin, Mapping) or not margin:
            raise InvalidTypeError(
                f"`margins[{column!r}]` must be a non-empty mapping {{category: share or "
                f"count}}; got {_show(margin)}."
            )
        values = []
        for category, value in margin.items():
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise InvalidTypeError(
                    f"`margins[{column!r}][{category!r}]` must be a number (a share or a "
                    f"count); got {_show(value)}."
                )
            number = float(value)
            if not math.isfinite(number) or number < 0.0:
                raise InvalidValueError(
                    f"`margins[{column!r}][{category!r}]` must be finite and ≥ 0; got "
                    f"{_show(value)}."
                )
            values.append(number)
        target = np.array(values, dtype=np.float64)
        with np.errstate(over="ignore"):  # an overflowing sum is refused just below
            total = float(target.sum())
        if total <= 0.0:
            raise InvalidValueError(
                f"`margins[{column!r}]` sums to 0; give the population's shares or counts."
            )
        # Shares and counts of people sum to 1 or more: a total below the smallest
        # normal float (2.2e-308), or beyond the largest, is not a distribution the
        # weights could carry without losing their digits (or dividing by zero).
        if not _TINY <= total < math.inf:
            raise InvalidValueError(
                f"`margins[{column!r}]` sums to {total:g}, outside the range of float64 "
                f"numbers ({_TINY:g} to 1.8e308); give the population's shares (summing to "
                "1) or its counts."
            )
        names.append(str(column))
        keys.append(list(margin.keys()))
        targets.append(target)
    sums = [float(t.sum()) for t in targets]
    scale, odd = _margins_scale(sums)
    if odd is not None:
        raise InvalidValueError(
            f"`margins` must all sum to the same total (shares summing to 1, or "
            f"counts of one population); {names[0]!r} sums to {sums[0]:g} and {names[odd]!r} "
            f"to {sums[odd]:g}. If they are rounded shares or counts from different tables, "
            "rescale each margin to shares: {k: v / total for k, v in margin.items()}."
        )
    return names, keys, targets, scale


def _codes(frame: pd.DataFrame, column: str, keys: list[Hashable], target: FloatArray) -> IntArray:
    """Category index of each row in `keys`, with errors for missing and unknown values."""
    import pandas as pd

    series = frame[column]
    categories = pd.Index(keys, dtype=object)
    if isinstance(series.dtype, pd.CategoricalDtype):
        lookup = np.asarray(
            categories.get_indexer(pd.Index(series.cat.categories, dtype=object)), dtype=np.int64
        )
        # Code −1 (missing) picks the trailing −1.
        codes = np.append(lookup, -1)[series.cat.codes.to_numpy()]
    else:
        # One hash lookup per row; faster than factorizing the column first (pandas 3).
        codes = np.asarray(categories.get_indexer(pd.Index(series, dtype=object)), dtype=np.int64)
    unknown = codes < 0
    if unknown.any():
        missing = np.asarray(series.isna().to_numpy(), dtype=bool)
        if missing.any():
            raise InvalidValueError(
                f"`frame[{column!r}]` is missing for {int(missing.sum())} respondent(s): they "
                "cannot be raked on it. Drop them first, or give them a category of the margin."
            )
        found = list(pd.unique(series[unknown].to_numpy(dtype=object)))
        shown = ", ".join(repr(v) for v in found[:3]) + (", ..." if len(found) > 3 else "")
        folded = {str(k).strip().casefold(): k for k in keys}
        near = [
            folded[str(v).strip().casefold()] for v in found if str(v).strip().casefold() in folded
        ]
        hint = f" Did you mean {near[0]!r}?" if near else ""
        raise InvalidValueError(
            f"`frame[{column!r}]` holds categories that `margins[{column!r}]` does not list: "
            f"{shown} ({int(unknown.sum())} respondent(s)).{hint} Add them to the margin with "
            "their population share, or recode them into its categories."
        )
    present = np.bincount(codes, minlength=len(keys)) > 0
    empty = (~present) & (target > 0.0)
    if empty.any():
        names = ", ".join(repr(keys[i]) for i in np.flatnonzero(empty)[:3])
        raise InvalidValueError(
            f"`margins[{column!r}]` has an empty cell: no respondent is in {names}, whose "
            "population share is > 0, so no weight can represent it. Merge that category "
            "with a neighbouring one in both the data and the margin."
        )
    dead = present & (target == 0.0)
    if dead.any():
        names = ", ".join(repr(keys[i]) for i in np.flatnonzero(dead)[:3])
        raise InvalidValueError(
            f"`margins[{column!r}]` gives a population share of 0 to {names}, which has "
            "respondents: their weights would be 0. Drop those respondents first, or "
            "correct the margin."
        )
    return codes


def _cells(codes: list[IntArray], sizes: list[int]) -> tuple[IntArray, list[IntArray]]:
    """Cell of each row in the cross-classification, and each margin's category per cell.

    Raking multiplies every row of a cell (a combination of the raked categories) by
    the same factor at every step, so it runs on the cells and their base weights: a
    million respondents on three margins are a few hundred cells.
    """
    radix = 1
    combined = np.zeros(codes[0].size, dtype=np.int64)
    overflow = False
    for code, size in zip(codes, sizes, strict=True):
        if radix * size >= 2**62:
            overflow = True
            break
        combined = combined * size + code
        radix *= size
    if overflow:
        stacked = np.stack(codes, axis=1)
        uniques, cell = np.unique(stacked, axis=0, return_inverse=True)
        cell = np.asarray(cell, dtype=np.int64).ravel()
        return cell, [np.asarray(uniques[:, j], dtype=np.int64) for j in range(len(codes))]
    if radix <= _DENSE_CELLS:
        occupied = np.flatnonzero(np.bincount(combined, minlength=radix))
        position = np.full(radix, -1, dtype=np.int64)
        position[occupied] = np.arange(occupied.size)
        cell = position[combined]
        uniques = occupied
    else:
        uniques, cell = np.unique(combined, return_inverse=True)
        cell = np.asarray(cell, dtype=np.int64)
    per_margin: list[IntArray] = []
    rest = uniques.astype(np.int64)
    for size in reversed(sizes):
        per_margin.append(rest % size)
        rest = rest // size
    return cell, per_margin[::-1]


def _ipf(
    base: FloatArray,
    cell_codes: list[IntArray],
    shares: list[FloatArray],
    max_iter: int,
    tol: float,
    trim: tuple[float | None, float | None] | None,
) -> tuple[FloatArray, bool, int, float, list[float]]:
    """Raking on cells: return the adjustment factor of each cell and the convergence."""
    g = np.ones(base.size)
    history: list[float] = []
    base_total = float(base.sum())
    sizes = [s.size for s in shares]
    error = math.inf
    converged = False
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007 (the count is reported)
        for code, share, size in zip(cell_codes, shares, sizes, strict=True):
            totals = np.bincount(code, weights=base * g, minlength=size)
            with np.errstate(divide="ignore", invalid="ignore"):
                factor = np.where(totals > 0.0, share * float(totals.sum()) / totals, 1.0)
            g *= factor[code]
        if trim is not None:
            mean = float(np.dot(base, g)) / base_total
            low = -math.inf if trim[0] is None else trim[0] * mean
            high = math.inf if trim[1] is None else trim[1] * mean
            np.clip(g, low, high, out=g)
        weighted = base * g
        total = float(weighted.sum())
        error = max(
            float(
                np.max(np.abs(np.bincount(code, weights=weighted, minlength=size) / total - share))
            )
            for code, share, size in zip(cell_codes, shares, sizes, strict=True)
        )
        if trim is not None:
            # The clip moved the mean: the excess of a factor over its bound counts as error.
            ratio = g * (base_total / float(np.dot(base, g)))
            if trim[1] is not None:
                error = max(error, float(ratio.max()) - trim[1])
            if trim[0] is not None:
                error = max(error, trim[0] - float(ratio.min()))
        history.append(error)
        if error <= tol:
            converged = True
            break
    return g, converged, iterations, error, history


def rake(
    frame: pd.DataFrame,
    margins: Mapping[str, Mapping[Hashable, float]],
    *,
    max_iter: int = 100,
    tol: float = 1e-8,
    weights: pd.Series[Any] | Sequence[float] | np.ndarray[Any, Any] | None = None,
    trim: float | tuple[float | None, float | None] | None = None,
) -> pd.Series[Any]:
    r"""Compute weights that make the sample reproduce known population margins (raking).

    Parameters
    ----------
    frame : pandas.DataFrame
        The respondents, with a column for each margin.
    margins : mapping
        ``{column: {category: value}}``: each column's population distribution, as
        shares (every margin sums to 1) or counts (every margin sums to the same
        population total), e.g. ``{"specialty": {"Pédiatrie": 0.12, ...}, "age":
        {...}}``. Categories are matched exactly (``==``) against the column's values.
    max_iter : int, default 100
        Most cycles over the margins.
    tol : float, default 1e-8
        Convergence: every category's weighted share within `tol` of its target share.
    weights : pandas.Series or array_like, optional
        Base (design) weights to start from, positive; a Series is aligned on
        ``frame.index``. Default: 1 for everyone.
    trim : float or (float or None, float or None), optional
        Bounds on each respondent's adjustment factor ``w / w_base`` relative to its
        weighted mean (without base weights: on each weight relative to the mean
        weight), e.g. ``(0.2, 5.0)``; a single number is an upper bound. Factors are
        clipped after each cycle and the margins raked again ("trim and rake"), until
        both hold or `max_iter` is reached.

    Returns
    -------
    pandas.Series
        One weight per row of `frame`, aligned on its index, named ``"weight"``. With
        shares, the weights sum to the sum of the base weights (n without them: mean
        weight 1); with counts, to the population total. ``.attrs["rake"]`` holds a
        :class:`RakeReport` (convergence, iterations, final error, spread, Kish's
        effective sample size and design effect).

    Raises
    ------
    InvalidTypeError
        `frame` not a DataFrame; margins not mappings of numbers; bad weights or trim.
    InvalidValueError
        Margins that do not all sum to 1 nor to the same total; negative or NaN
        targets; a category in the data that a margin does not list; an empty cell (a
        category with a population share but no respondent); a category with
        respondents but a share of 0; missing values in a raked column; bad `tol`,
        `max_iter` or `trim`; an empty frame.
    UnknownColumnError
        A margin names a column `frame` does not have.
    ShapeError
        Base weights that are not one per row.

    Warns
    -----
    RakingConvergenceWarning
        `max_iter` reached with a margin still off by more than `tol` (incompatible
        margins, empty combinations, or trimming bounds too tight); the weights are
        returned with ``converged=False`` in the report.

    Notes
    -----
    Iterative proportional fitting [1]_: starting from the base weights, each cycle
    multiplies the weights of every category of each margin in turn by
    target / current total, which makes that margin exact. It converges, when the
    margins are compatible with the sample, to the weights closest to the base
    weights in the raking (multiplicative) distance that reproduce every margin [2]_.
    Every respondent of a cell (a combination of the raked categories) is multiplied
    by the same factors, so the iterations run on the cells, not on the rows (the
    result is the same). Trimming clips the adjustment factors and rakes again, a
    common practice that trades a little bias for variance [3]_. The matching R call
    is ``survey::rake(design, list(~specialty, ~age), list(pop_specialty,
    pop_age))``.

    References
    ----------
    .. [1] W. E. Deming and F. F. Stephan, "On a least squares adjustment of a sampled
       frequency table when the expected marginal totals are known", Ann. Math.
       Statist. 11(4):427–444, 1940.
    .. [2] J.-C. Deville and C.-E. Särndal, "Calibration estimators in survey
       sampling", J. Am. Stat. Assoc. 87:376–382, 1992.
    .. [3] D. Izrael, D. C. Hoaglin and M. P. Battaglia, "A SAS macro for balancing a
       weighted sample", SUGI 25, paper 258, 2000.
    .. [4] T. Lumley, "Analysis of complex survey samples", J. Stat. Softw. 9(8), 2004.

    Examples
    --------
    Respondents over-represent women; the population is half women, 60 % under 50:

    >>> import pandas as pd
    >>> from optamstats.weighting import rake
    >>> df = pd.DataFrame({"sex": ["F", "F", "F", "M", "M"],
    ...                    "age": ["<50", "<50", "50+", "<50", "50+"]})
    >>> w = rake(df, {"sex": {"F": 0.5, "M": 0.5}, "age": {"<50": 0.6, "50+": 0.4}})
    >>> w.round(4).tolist()  # R: weights(survey::rake(...)), the same to 1e-9
    [0.8528, 0.8528, 0.7944, 1.2944, 1.2056]
    >>> w.groupby(df["sex"]).sum().round(6).tolist()
    [2.5, 2.5]
    >>> w.attrs["rake"].converged
    True
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise InvalidTypeError(
            f"`frame` must be a pandas DataFrame of respondents; got {_show(frame)}."
        )
    n = len(frame)
    if n == 0:
        raise InvalidValueError("`frame` has no rows: there is nobody to weight.")
    iterations_max = _check_max_iter(max_iter)
    tolerance = _check_tol(tol)
    bounds = _check_trim(trim)
    names, keys, targets, scale = _check_margins(frame, margins)
    base = (
        np.ones(n)
        if weights is None
        else _check_positive_weights(weights, n, frame.index, "weights")
    )
    codes = [
        _codes(frame, name, key, target)
        for name, key, target in zip(names, keys, targets, strict=True)
    ]
    cell, cell_codes = _cells(codes, [len(k) for k in keys])
    base_cells = np.asarray(
        np.bincount(cell, weights=base, minlength=cell_codes[0].size), dtype=np.float64
    )
    shares = [t / t.sum() for t in targets]
    g, converged, iterations, error, history = _ipf(
        base_cells, cell_codes, shares, iterations_max, tolerance, bounds
    )
    total = float(targets[0].sum()) if scale == "counts" else float(base.sum())
    factor = g[cell]
    w = base * factor
    w *= total / float(w.sum())
    trimmed = 0
    if bounds is not None:
        mean = float(np.dot(base_cells, g)) / float(base_cells.sum())
        rel = factor / mean
        slack = max(tolerance, 1e-9)
        at_low = np.zeros(n, dtype=bool) if bounds[0] is None else rel <= bounds[0] + slack
        at_high = np.zeros(n, dtype=bool) if bounds[1] is None else rel >= bounds[1] - slack
        trimmed = int((at_low | at_high).sum())
    if not converged:
        warnings.warn(
            f"Raking did not converge in {iterations} cycles: a margin is still off by "
            f"{error:.3g} (tol = {tolerance:g}). The margins may be incompatible with the "
            "sample (combinations nobody is in), or the trimming bounds too tight. Check "
            "`weights.attrs['rake']`, merge sparse categories, or raise `max_iter`.",
            RakingConvergenceWarning,
            stacklevel=2,
        )
    n_eff = _kish(w)
    report = RakeReport(
        converged, iterations, error, tolerance, tuple(names), scale, float(w.sum()), n,
        int(cell_codes[0].size), bounds, trimmed, float(w.min()), float(w.max()), n_eff,
        n / n_eff, tuple(history),
    )  # fmt: skip
    out = pd.Series(w, index=frame.index, name="weight")
    out.attrs["rake"] = report
    return out
