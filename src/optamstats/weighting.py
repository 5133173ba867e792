"""Weights to population margins, and the estimates that use them.

The 2025 survey's respondents came by mailing list and social networks and were
reported "sans pondération ni redressement statistique". When the distribution of the
population is known on a few characteristics (sector-2 doctors by specialty and by age,
as the national insurer publishes them), :func:`rake` computes weights that make the
sample reproduce those margins (iterative proportional fitting), and the estimators
here use them: :func:`weighted_proportion` (a Wilson interval on Kish's effective
sample size, with the design effect beside it), :func:`weighted_exit_funnel` and
:func:`weighted_multiselect_table`.

Weighting corrects for the characteristics raked on, and only for them: if doctors who
left answered more often than those who stayed within the same specialty and age, no
weight can tell. See ``docs/methods/weighting.md``.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, cast

import numpy as np

from optamstats import _format
from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    OptamstatsWarning,
    ShapeError,
    _show,
    check_choice,
    check_confidence,
    check_rng,
)
from optamstats._typing import FloatArray, IntArray, Lang, RngLike

if TYPE_CHECKING:
    import pandas as pd

    from optamstats.funnel import DeltaCI, ExitFunnel, FunnelCounts
    from optamstats.multiselect.parsing import MultiSelectAnswers
    from optamstats.resampling import BootstrapCI

__all__ = [
    "RakeReport",
    "RakingConvergenceWarning",
    "StageWeights",
    "WeightedExitFunnel",
    "WeightedProportionCI",
    "design_effect",
    "effective_sample_size",
    "rake",
    "weighted_exit_funnel",
    "weighted_multiselect_table",
    "weighted_proportion",
]

INTERVAL_METHODS: Final = ("wilson", "clopper-pearson")
EFFECTIVE_N: Final = ("kish", "design")
#: Margins whose totals differ by less than this (relative) are the same total.
TOTAL_RTOL: Final = 1e-6
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


# --------------------------------------------------------------------------- raking


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
    if all(abs(s - 1.0) <= TOTAL_RTOL for s in sums):
        scale = "shares"
    else:
        scale = "counts"
        ref = sums[0]
        for name, s in zip(names[1:], sums[1:], strict=True):
            if abs(s - ref) > TOTAL_RTOL * max(ref, s):
                raise InvalidValueError(
                    f"`margins` must all sum to the same total (shares summing to 1, or "
                    f"counts of one population); {names[0]!r} sums to {ref:g} and {name!r} "
                    f"to {s:g}. If they are rounded shares or counts from different tables, "
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


# --------------------------------------------------------------------------- weighted estimates


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


@dataclass(frozen=True, slots=True)
class WeightedProportionCI:
    """A weighted proportion, its interval on the effective sample size, its design effect.

    Attributes
    ----------
    estimate : float
        ``Σ w x / Σ w`` over the base.
    low, high : float
        Confidence bounds, within [0, 1].
    n : int
        Respondents in the base (unweighted).
    k : int
        Respondents with the characteristic (unweighted).
    effective_n : float
        The effective sample size the interval used.
    design_effect : float
        ``n / effective_n``: the variance inflation from the weights.
    weighted_k, weighted_n : float
        ``Σ w`` over those with the characteristic, and over the base.
    confidence : float
        Confidence level.
    method : str
        ``"wilson"`` or ``"clopper-pearson"``, computed on ``effective_n``.
    effective_n_method : str
        ``"kish"`` (from the weights alone) or ``"design"`` (from the linearised
        variance of the estimate; ``"design (kish at 0 or 1)"`` when the estimate is 0
        or 1 and the variance vanishes).
    base : str or None
        Who was asked.

    References
    ----------
    .. [1] L. Kish, *Survey Sampling*, Wiley, 1965.

    Examples
    --------
    >>> from optamstats.weighting import weighted_proportion
    >>> r = weighted_proportion([True, False, True, True], [1.0, 1.0, 2.0, 2.0])
    >>> r.n, r.k, round(r.estimate, 4), round(r.effective_n, 4)
    (4, 3, 0.8333, 3.6)
    """

    estimate: float
    low: float
    high: float
    n: int
    k: int
    effective_n: float
    design_effect: float
    weighted_k: float
    weighted_n: float
    confidence: float
    method: str
    effective_n_method: str
    base: str | None = None

    def to_frame(self) -> pd.DataFrame:
        """Return the result as a one-row DataFrame.

        Returns
        -------
        pandas.DataFrame
            One column per attribute.

        Examples
        --------
        >>> from optamstats.weighting import weighted_proportion
        >>> r = weighted_proportion([True, False, True, True], [1.0, 1.0, 2.0, 2.0])
        >>> r.to_frame()[["n", "estimate", "effective_n"]].round(4)
           n  estimate  effective_n
        0  4    0.8333       3.6
        """
        import pandas as pd

        return pd.DataFrame({name: [getattr(self, name)] for name in self.__slots__})

    def cite(self, lang: Lang = "en", digits: int = 1) -> str:
        """Return the estimate with its interval, base and design effect, to quote.

        Parameters
        ----------
        lang : {"en", "fr"}
            Language and number format.
        digits : int
            Decimals of the percentages.

        Returns
        -------
        str
            E.g. ``45.2% (95% CI 35.0–55.8; n = 119, effective n = 86.3, design effect
            1.38; weighted)``.

        Examples
        --------
        >>> from optamstats.weighting import weighted_proportion
        >>> weighted_proportion([True, False, True, True], [1.0, 1.0, 2.0, 2.0]).cite()
        '83.3% (95% CI 34.3–98.0; n = 4, effective n = 3.6, design effect 1.11; weighted)'
        """
        lang = cast(Lang, _format.check_lang(lang))
        digits = _format.check_digits(digits)
        est, low, high = (
            _format.percent_number(v, digits, lang) for v in (self.estimate, self.low, self.high)
        )
        conf = _format.level(self.confidence, lang)
        n_eff = _format.number(self.effective_n, 1, lang)
        deff = _format.number(self.design_effect, 2, lang)
        who = f" {self.base}" if self.base else ""
        count = _format.count(self.n, lang)
        if lang == "fr":
            return (
                f"{est} % (IC à {conf} % : {low}–{high} ; n = {count}{who}, n effectif = "
                f"{n_eff}, effet de plan {deff} ; pondéré)"
            )
        return (
            f"{est}% ({conf}% CI {low}–{high}; n = {count}{who}, effective n = {n_eff}, "
            f"design effect {deff}; weighted)"
        )


def _z(confidence: float) -> float:
    from scipy import special

    # From the tail, not 0.5 + confidence / 2: at confidence 1 − 1e-16 the latter rounds
    # to 1 and gives an infinite z.
    return float(-special.ndtri((1.0 - confidence) / 2.0))


def _intervals(p: Any, m: Any, confidence: float, method: str) -> tuple[Any, Any]:
    """Wilson or Clopper–Pearson bounds with a (real-valued) effective sample size `m`."""
    from scipy import special

    p = np.asarray(p, dtype=np.float64)
    m = np.asarray(m, dtype=np.float64)
    if method == "wilson":
        z2 = _z(confidence) ** 2
        centre = (p + z2 / (2.0 * m)) / (1.0 + z2 / m)
        half = math.sqrt(z2) / (1.0 + z2 / m) * np.sqrt(p * (1.0 - p) / m + z2 / (4.0 * m * m))
        low, high = centre - half, centre + half
        # Wilson contains p; rounding may put a bound one ulp on the wrong side.
        low, high = np.minimum(low, p), np.maximum(high, p)
    else:  # Clopper–Pearson on (p m, m), as survey::svyciprop(method = "beta")
        alpha = 1.0 - confidence
        x = p * m
        with np.errstate(invalid="ignore"):
            low = np.where(x > 0.0, special.betaincinv(x, m - x + 1.0, alpha / 2.0), 0.0)
            high = np.where(x < m, special.betaincinv(x + 1.0, m - x, 1.0 - alpha / 2.0), 1.0)
    low = np.where(p <= 0.0, 0.0, np.clip(low, 0.0, 1.0))
    high = np.where(p >= 1.0, 1.0, np.clip(high, 0.0, 1.0))
    return low, high


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


def _indicator(x: Any) -> tuple[np.ndarray[Any, np.dtype[np.bool_]], np.ndarray[Any, Any], Any]:
    """Return (values, in_base, index) for a 0/1 or boolean input; NA = outside the base."""
    import pandas as pd

    index = None
    if isinstance(x, pd.Series):
        index = x.index
        in_base = np.asarray(x.notna().to_numpy(), dtype=bool)
        kind = x.dtype
        if not (pd.api.types.is_bool_dtype(kind) or pd.api.types.is_numeric_dtype(kind)):
            raise InvalidTypeError(
                f"`x` must hold booleans or 0/1 (missing = outside the base); got dtype "
                f"{str(kind)!r}. Build it with a comparison, e.g. `data['Q'] == 'Oui'`."
            )
        raw = x.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        try:
            array = np.asarray(x) if not isinstance(x, str) else np.asarray(None)
        except (TypeError, ValueError):  # ragged nested sequences such as [1, [2]]
            array = np.asarray(None)
        if array.dtype.kind not in "biuf":
            raise InvalidTypeError(
                f"`x` must hold booleans or 0/1, one per respondent; got {_show(x)}."
            )
        raw = array.astype(np.float64)
        in_base = ~np.isnan(raw)
    if raw.ndim != 1:
        raise ShapeError(f"`x` must be 1-d, one value per respondent; got shape {raw.shape}.")
    values = raw[in_base]
    if not np.all((values == 0.0) | (values == 1.0)):
        bad = float(values[(values != 0.0) & (values != 1.0)][0])
        raise InvalidValueError(
            f"`x` must hold booleans or 0/1; got {bad!r}. Pass the indicator of the answer "
            "counted, not the answer itself."
        )
    out = np.zeros(raw.size, dtype=bool)
    out[in_base] = values == 1.0
    return out, in_base, index


def weighted_proportion(
    x: Any,
    weights: Any,
    *,
    confidence: float = 0.95,
    method: str = "wilson",
    effective_n: str = "kish",
    base: str | None = None,
) -> WeightedProportionCI:
    r"""Estimate a proportion with weights, its interval on the effective sample size.

    Parameters
    ----------
    x : array_like of bool or 0/1, or pandas.Series
        Each respondent's indicator (True: has the characteristic). Missing values
        (a pandas ``"boolean"`` ``<NA>``, NaN) put the respondent outside the base.
    weights : array_like of float or pandas.Series
        Positive weights (e.g. from :func:`rake`), one per respondent; a Series is
        aligned on the index of a Series `x`.
    confidence : float, default 0.95
        Confidence level.
    method : {"wilson", "clopper-pearson"}, default "wilson"
        The interval, computed as if ``effective_n`` respondents had been sampled
        with replacement: Wilson's score interval, or Clopper–Pearson's (Korn and
        Graubard's interval [3]_, as ``survey::svyciprop(method = "beta")``).
    effective_n : {"kish", "design"}, default "kish"
        ``"kish"``: :math:`(\sum w)^2 / \sum w^2`, from the weights alone [1]_.
        ``"design"``: :math:`\hat p (1 - \hat p) / \hat V`, with :math:`\hat V` the
        linearised variance of :math:`\hat p` treating respondents as drawn with
        replacement, as ``survey::svymean`` on ``svydesign(ids = ~1, weights = ~w)``
        [3]_; it uses the answers as well as the weights.
    base : str, optional
        Who was asked, kept on the result and printed by ``cite()``.

    Returns
    -------
    WeightedProportionCI
        With ``design_effect = n / effective_n`` beside the estimate.

    Raises
    ------
    InvalidTypeError
        Non-boolean `x`; non-numeric weights.
    InvalidValueError
        Values other than 0/1; weights not finite and > 0; an empty base; bad options.
    ShapeError
        `x` and `weights` of different lengths or indexes.

    Notes
    -----
    The estimate is the ratio :math:`\hat p = \sum w_i x_i / \sum w_i`. Kish's
    effective sample size is the size of a simple random sample with the same
    variance as a weighted mean when the weights are unrelated to the answer; its
    design effect :math:`n / n_{\text{eff}} = 1 + CV^2(w)` [1]_ [2]_. The Wilson
    interval on :math:`(\hat p, n_{\text{eff}})` then keeps Wilson's behaviour near 0
    and 1, which the normal interval of ``svymean`` lacks [4]_. Limits: Kish's design
    effect ignores any relation between the weights and the answer (it can overstate
    or understate the variance), ignores that raking to margins correlated with the
    answer reduces variance, and, like every weighted estimate, corrects only for the
    characteristics weighted on. With equal weights it gives exactly the unweighted
    Wilson interval; the ``"design"`` size is then n − 1 (the n/(n − 1) factor of the
    linearised variance).

    References
    ----------
    .. [1] L. Kish, *Survey Sampling*, Wiley, 1965.
    .. [2] S. Gabler, S. Haeder and P. Lahiri, "A model based justification of Kish's
       formula for design effects for weighting and clustering", Surv. Methodol.
       25(1):105–106, 1999.
    .. [3] E. L. Korn and B. I. Graubard, "Confidence intervals for proportions with
       small expected number of positive counts estimated from survey data", Surv.
       Methodol. 24(2):193–201, 1998.
    .. [4] N. Dean and M. Pagano, "Evaluating confidence interval methods for binomial
       proportions in clustered surveys", J. Surv. Stat. Methodol. 3(4):484–503, 2015.

    Examples
    --------
    >>> from optamstats.weighting import weighted_proportion
    >>> r = weighted_proportion([True, True, False, False, True], [2.0, 2.0, 1.0, 1.0, 0.5])
    >>> round(r.estimate, 4), round(r.effective_n, 4), round(r.design_effect, 4)
    (0.6923, 4.122, 1.213)
    >>> round(r.low, 4), round(r.high, 4)  # R: prop.test(p * n_eff, n_eff, correct = FALSE)
    (0.2658, 0.9333)
    """
    conf = check_confidence(confidence)
    meth = check_choice("method", method, INTERVAL_METHODS)
    how = check_choice("effective_n", effective_n, EFFECTIVE_N)
    if base is not None and not isinstance(base, str):
        raise InvalidTypeError(f"`base` must be None or a string label; got {_show(base)}.")
    values, in_base, index = _indicator(x)
    w_all = _check_positive_weights(weights, values.size, index)
    w = w_all[in_base]
    hit = values[in_base]
    if w.size == 0:
        raise InvalidValueError(
            "`x` has no respondent in the base (every value is missing): a proportion of "
            "nobody is undefined."
        )
    weighted_n = float(w.sum())
    weighted_k = float(w[hit].sum())
    p = min(max(weighted_k / weighted_n, 0.0), 1.0)
    m, label = _effective_n(hit, w, p, how)
    low, high = _intervals(p, m, conf, meth)
    return WeightedProportionCI(
        p, float(low), float(high), int(w.size), int(hit.sum()), float(m),
        w.size / float(m), weighted_k, weighted_n, conf, meth, label, base,
    )  # fmt: skip


# --------------------------------------------------------------------------- weighted funnel


@dataclass(frozen=True, slots=True)
class StageWeights:
    """Sums of weights at each stage of the exit funnel.

    Attributes
    ----------
    left, plan, stay, no_answer : float
        Weighted members who left; who plan to leave; who plan to stay; who have not
        left and skipped the plan question.

    Examples
    --------
    >>> from optamstats.weighting import weighted_exit_funnel
    >>> f = weighted_exit_funnel(["Oui", "Non", "Non", "Non"], ["", "Oui", "Non", "Oui"],
    ...                          [1.0, 2.0, 1.0, 1.0], n_resamples=1000, rng=1)
    >>> f.weighted
    StageWeights(left=1.0, plan=3.0, stay=1.0, no_answer=0.0)
    >>> f.weighted.total
    5.0
    """

    left: float
    plan: float
    stay: float
    no_answer: float

    @property
    def total(self) -> float:
        """The weighted base."""
        return self.left + self.plan + self.stay + self.no_answer


@dataclass(frozen=True, slots=True)
class WeightedExitFunnel:
    """The exit funnel with weights, beside the unweighted one.

    Attributes
    ----------
    weighted : StageWeights
        Weighted totals at each stage.
    left : WeightedProportionCI
        Weighted share who left.
    plan : WeightedProportionCI or None
        Weighted share planning to leave, among those who had not left and answered.
    combined : BootstrapCI
        The weighted combined exit rate, ``p_left + (1 − p_left) p_plan``, with a
        bootstrap interval resampling respondents with their weights.
    wilson : WeightedProportionCI
        Weighted share of (left or plan) in the base, Wilson on Kish's effective n:
        the combined rate with full response; with non-response, the rate if every
        skipper stays.
    delta : DeltaCI
        Delta-method interval of the combined rate, each stage's variance on its Kish
        effective sample size.
    all_missing_leave, none_missing_leave : WeightedProportionCI or None
        With non-response: the combined rate if every skipper plans to leave, or none.
    unweighted : ExitFunnel
        The same funnel without weights (:func:`optamstats.exit_funnel_from_answers`).
    assumption : str
        The assumption behind the combined rate.
    base : str or None
        Who the members are.

    References
    ----------
    .. [1] B. Efron and R. J. Tibshirani, *An Introduction to the Bootstrap*, Chapman &
       Hall, 1993.

    Examples
    --------
    >>> from optamstats.weighting import weighted_exit_funnel
    >>> f = weighted_exit_funnel(["Oui", "Non", "Non", "Non"], ["", "Oui", "Non", "Oui"],
    ...                          [1.0, 2.0, 1.0, 1.0], n_resamples=1000, rng=1)
    >>> round(f.left.estimate, 4), round(f.plan.estimate, 4), round(f.estimate, 4)
    (0.2, 0.75, 0.8)
    """

    weighted: StageWeights
    left: WeightedProportionCI
    plan: WeightedProportionCI | None
    combined: BootstrapCI
    wilson: WeightedProportionCI
    delta: DeltaCI
    all_missing_leave: WeightedProportionCI | None
    none_missing_leave: WeightedProportionCI | None
    unweighted: ExitFunnel
    assumption: str
    base: str | None

    @property
    def estimate(self) -> float:
        """The weighted combined exit rate."""
        return self.combined.estimate

    @property
    def counts(self) -> FunnelCounts:
        """Unweighted members at each stage."""
        return self.unweighted.counts

    def to_frame(self) -> pd.DataFrame:
        """Tabulate the weighted estimates beside the unweighted ones.

        Returns
        -------
        pandas.DataFrame
            One row per quantity: ``quantity``, ``n``, ``estimate``, ``low``, ``high``,
            ``effective_n``, ``design_effect``, ``unweighted``, ``method``.

        References
        ----------
        .. [1] L. Kish, *Survey Sampling*, Wiley, 1965.

        Examples
        --------
        >>> from optamstats.weighting import weighted_exit_funnel
        >>> f = weighted_exit_funnel(["Oui", "Non", "Non", "Non"], ["", "Oui", "Non", "Oui"],
        ...                          [1.0, 2.0, 1.0, 1.0], n_resamples=1000, rng=1)
        >>> f.to_frame()["quantity"].tolist()
        ['left', 'plan', 'combined', 'combined (Wilson)', 'combined (delta)']
        """
        import pandas as pd

        u = self.unweighted
        rows: list[tuple[Any, ...]] = []

        def add(name: str, r: WeightedProportionCI, unweighted: float) -> None:
            rows.append(
                (name, r.n, r.estimate, r.low, r.high, r.effective_n, r.design_effect,
                 unweighted, f"{r.method} ({r.effective_n_method} effective n)")
            )  # fmt: skip

        add("left", self.left, u.left.estimate)
        if self.plan is not None and u.plan is not None:
            add("plan", self.plan, u.plan.estimate)
        b = self.combined
        rows.append(
            ("combined", b.n, b.estimate, b.low, b.high, self.wilson.effective_n,
             self.wilson.design_effect, u.estimate, f"weighted {b.method} bootstrap")
        )  # fmt: skip
        add("combined (Wilson)", self.wilson, u.wilson.estimate)
        d = self.delta
        rows.append(
            ("combined (delta)", b.n, d.estimate, d.low, d.high, self.wilson.effective_n,
             self.wilson.design_effect, u.delta.estimate, "delta (kish effective n)")
        )  # fmt: skip
        return pd.DataFrame(
            rows,
            columns=[
                "quantity", "n", "estimate", "low", "high", "effective_n", "design_effect",
                "unweighted", "method",
            ],
        )  # fmt: skip

    def cite(self, lang: Lang = "en", digits: int = 1) -> str:
        """Cite the weighted combined exit rate with its bootstrap interval.

        Parameters
        ----------
        lang : {"en", "fr"}
            Language.
        digits : int
            Decimals.

        Returns
        -------
        str

        Examples
        --------
        >>> from optamstats.weighting import weighted_exit_funnel
        >>> f = weighted_exit_funnel(["Oui"] * 3 + ["Non"] * 5, [""] * 3 + ["Oui", "Non"] * 2
        ...                          + ["Oui"], [1.0] * 8, n_resamples=2000, rng=3)
        >>> f.cite()[:40]
        '75.0% (95% CI 37.5–100.0; n = 8, effecti'
        """
        lang = cast(Lang, _format.check_lang(lang))
        digits = _format.check_digits(digits)
        b = self.combined
        est, low, high = (
            _format.percent_number(v, digits, lang) for v in (b.estimate, b.low, b.high)
        )
        conf = _format.level(b.confidence, lang)
        n_eff = _format.number(self.wilson.effective_n, 1, lang)
        who = f" {self.base}" if self.base else ""
        if lang == "fr":
            return (
                f"{est} % (IC à {conf} % : {low}–{high} ; n = {self.unweighted.n}{who}, "
                f"n effectif = {n_eff} ; pondéré, bootstrap {b.method})"
            )
        return (
            f"{est}% ({conf}% CI {low}–{high}; n = {self.unweighted.n}{who}, effective n = "
            f"{n_eff}; weighted, {b.method} bootstrap)"
        )


def _weighted_combined(p_plan_hat: float) -> Any:
    def statistic(x: Any) -> Any:
        # x: (..., rows, 4) weighted stage indicators; columns left, plan, stay, skip.
        totals = x.sum(axis=-2)
        n = totals.sum(axis=-1)
        answered = totals[..., 1] + totals[..., 2]
        p_plan = np.where(
            answered > 0, totals[..., 1] / np.where(answered > 0, answered, 1.0), p_plan_hat
        )
        p_left = totals[..., 0] / n
        return p_left + (1.0 - p_left) * p_plan

    return statistic


def weighted_exit_funnel(
    has_left: Any,
    plans_to_leave: Any,
    weights: Any,
    *,
    yes: str | Sequence[str] = ("Oui", "Yes"),
    no: str | Sequence[str] = ("Non", "No"),
    confidence: float = 0.95,
    method: str = "percentile",
    n_resamples: int = 10_000,
    rng: RngLike = None,
    base: str | None = None,
) -> WeightedExitFunnel:
    r"""Run the exit funnel with weights, beside the unweighted funnel.

    Parameters
    ----------
    has_left, plans_to_leave : pandas.Series or array_like of str
        The answers, as :func:`optamstats.exit_funnel_from_answers` reads them (blank
        "have you left?" = outside the base; blank plan of a member who has not left =
        no answer).
    weights : pandas.Series or array_like of float
        Positive weights, one per row (a Series is aligned on a Series `has_left`).
    yes, no : str or sequence of str
        Answer labels, compared after trimming and case folding; a plain string is one
        label (``yes="Oui"`` is ``yes=["Oui"]``), as in
        :func:`optamstats.exit_funnel_from_answers`.
    confidence : float, default 0.95
        Level of every interval.
    method : {"percentile", "basic", "bca"}, default "percentile"
        Bootstrap interval of the combined rate.
    n_resamples : int, default 10,000
        Bootstrap resamples of the respondents (with their weights).
    rng : int, numpy.random.Generator or None
        Seed of both bootstraps (weighted and unweighted).
    base : str, optional
        Who the members are.

    Returns
    -------
    WeightedExitFunnel

    Raises
    ------
    InvalidTypeError
        Answers that are not one column (a Series, list or 1-D array), labels that are
        not strings, non-numeric weights.
    InvalidValueError
        As :func:`optamstats.exit_funnel_from_answers` (unknown answers, lengths);
        weights not finite and > 0; an empty base.
    ShapeError
        Weights not one per row.

    Notes
    -----
    With weighted stage totals :math:`W_\text{left}, W_\text{plan}, W_\text{stay},
    W_\text{skip}`, :math:`\hat p_\text{left} = W_\text{left} / W` and
    :math:`\hat p_\text{plan} = W_\text{plan} / (W_\text{plan} + W_\text{stay})`;
    the combined rate is :math:`\hat p_\text{left} + (1 - \hat p_\text{left})\hat
    p_\text{plan}`, under the same missing-at-random assumption as the unweighted
    funnel. The bootstrap resamples respondents with their weights held fixed: it
    ignores the variability of the weights themselves (re-raking each resample would
    include it). See :func:`weighted_proportion` for the effective sample size.

    References
    ----------
    .. [1] L. Kish, *Survey Sampling*, Wiley, 1965.
    .. [2] B. Efron and R. J. Tibshirani, *An Introduction to the Bootstrap*, Chapman
       & Hall, 1993.
    .. [3] J. N. K. Rao and C. F. J. Wu, "Resampling inference with complex survey data",
       J. Am. Stat. Assoc. 83:231–241, 1988.

    Examples
    --------
    Four members; the one who plans to leave counts double:

    >>> from optamstats.weighting import weighted_exit_funnel
    >>> f = weighted_exit_funnel(["Oui", "Non", "Non", "Non"], ["", "Oui", "Non", "Oui"],
    ...                          [1.0, 2.0, 1.0, 1.0], n_resamples=1000, rng=1)
    >>> round(f.estimate, 4), round(f.unweighted.estimate, 4)
    (0.8, 0.75)
    """
    from optamstats.funnel import (
        DeltaCI,
        _blank,
        _check_answers,
        _check_labels,
        _normalise,
        exit_funnel_from_answers,
    )
    from optamstats.resampling import bootstrap

    conf = check_confidence(confidence)
    generator = check_rng(rng)
    seed = int(generator.integers(0, 2**63 - 1))
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, numbers.Integral):
        raise InvalidTypeError(f"`n_resamples` must be a whole number; got {_show(n_resamples)}.")
    import pandas as pd

    # Validated before anything reads them (a set or bytes must get the library's error,
    # not pandas'), and the labels as the unweighted funnel reads them: a plain string
    # is one label, never its characters.
    has_left = _check_answers("has_left", has_left)
    plans_to_leave = _check_answers("plans_to_leave", plans_to_leave)
    yes, no = _check_labels("yes", yes), _check_labels("no", no)
    index = has_left.index if isinstance(has_left, pd.Series) else None
    left_s, plan_s = _normalise(has_left), _normalise(plans_to_leave)
    w = _check_positive_weights(weights, len(left_s), index)
    # The unweighted funnel validates the answers and labels with the usual messages.
    unweighted = exit_funnel_from_answers(
        has_left, plans_to_leave, yes=yes, no=no, confidence=conf, rng=seed, base=base
    )
    yes_set = {v.strip().casefold() for v in yes}
    no_set = {v.strip().casefold() for v in no}
    left_blank = _blank(has_left).to_numpy()
    plan_blank = _blank(plans_to_leave).to_numpy()
    has = left_s.isin(yes_set).to_numpy(dtype=bool) & ~left_blank
    has_not = left_s.isin(no_set).to_numpy(dtype=bool) & ~left_blank
    plans = has_not & plan_s.isin(yes_set).to_numpy(dtype=bool) & ~plan_blank
    stays = has_not & plan_s.isin(no_set).to_numpy(dtype=bool) & ~plan_blank
    skips = has_not & plan_blank
    in_base = has | has_not
    stages = np.stack([has, plans, stays, skips], axis=1)[in_base].astype(np.float64)
    wb = w[in_base]
    totals = StageWeights(*(float(v) for v in (stages * wb[:, None]).sum(axis=0)))
    left_ci = weighted_proportion(has[in_base], wb, confidence=conf, base=base)
    answered = plans | stays
    plan_ci = (
        weighted_proportion(plans[answered], w[answered], confidence=conf)
        if answered.any()
        else None
    )
    wilson = weighted_proportion((has | plans)[in_base], wb, confidence=conf, base=base)
    p_left = totals.left / totals.total
    answered_w = totals.plan + totals.stay
    p_plan = totals.plan / answered_w if answered_w else 0.0
    estimate = p_left + (1.0 - p_left) * p_plan
    var = (1.0 - p_plan) ** 2 * p_left * (1.0 - p_left) / left_ci.effective_n
    if plan_ci is not None:
        var += (1.0 - p_left) ** 2 * p_plan * (1.0 - p_plan) / plan_ci.effective_n
    se = math.sqrt(var)
    z = _z(conf)
    delta = DeltaCI(estimate, max(0.0, estimate - z * se), min(1.0, estimate + z * se), se, conf)
    data = stages * wb[:, None]
    combined = bootstrap(
        data, _weighted_combined(p_plan), confidence=conf, method=method,
        n_resamples=n_resamples, rng=seed,
    )  # fmt: skip
    extremes: tuple[WeightedProportionCI | None, WeightedProportionCI | None] = (None, None)
    assumption = unweighted.assumption
    if totals.no_answer > 0:
        extremes = (
            weighted_proportion((has | plans | skips)[in_base], wb, confidence=conf, base=base),
            wilson,
        )
    return WeightedExitFunnel(
        totals, left_ci, plan_ci, combined, wilson, delta, extremes[0], extremes[1],
        unweighted, assumption, base,
    )  # fmt: skip


# --------------------------------------------------------------------------- weighted multi-select


def weighted_multiselect_table(
    answers: MultiSelectAnswers,
    weights: Any,
    *,
    confidence: float = 0.95,
    method: str = "wilson",
    effective_n: str = "kish",
    adjust: str | None = None,
) -> pd.DataFrame:
    """Tabulate a multi-select question with weights: weighted shares and their intervals.

    Parameters
    ----------
    answers : MultiSelectAnswers
        Parsed answers (:func:`optamstats.multiselect.parse_multiselect`).
    weights : pandas.Series or array_like of float
        Positive weights, one per row of the answers (a Series is aligned on their
        index); only the respondents who answered are used.
    confidence : float, default 0.95
        Confidence level (per option, or jointly with `adjust`).
    method : {"wilson", "clopper-pearson"}, default "wilson"
        Interval on the effective sample size, as :func:`weighted_proportion`.
    effective_n : {"kish", "design"}, default "kish"
        As :func:`weighted_proportion` (Kish's is the same for every option).
    adjust : {None, "bonferroni"}
        ``"bonferroni"``: simultaneous intervals across the m options.

    Returns
    -------
    pandas.DataFrame
        One row per option, by weighted share (ties in the form's order): ``option``,
        ``mentions`` and ``respondents`` (unweighted counts), ``pct_respondents``
        (weighted %), ``low``, ``high`` (its interval, %), ``pct_mentions`` (weighted
        share of the weighted mentions, %), ``effective_n``, ``design_effect``, and
        ``pct_unweighted`` (the unweighted %, from
        :func:`optamstats.multiselect.multiselect_table`). ``.attrs`` records the
        options and a ``note``.

    Raises
    ------
    InvalidTypeError
        `answers` not a MultiSelectAnswers; non-numeric weights.
    InvalidValueError
        Nobody answered; weights not finite and > 0; bad options.
    ShapeError
        Weights not one per row.

    Notes
    -----
    No rank intervals: a weighted bootstrap of ranks is not implemented here.

    References
    ----------
    .. [1] L. Kish, *Survey Sampling*, Wiley, 1965.
    .. [2] L. D. Brown, T. T. Cai and A. DasGupta, Statist. Sci. 16(2):101–133, 2001.

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.multiselect import parse_multiselect
    >>> from optamstats.weighting import weighted_multiselect_table
    >>> answers = parse_multiselect(pd.Series(["A, B", "A", "B", "B"]), ["A", "B"])
    >>> t = weighted_multiselect_table(answers, [3.0, 1.0, 1.0, 1.0])
    >>> t[["option", "mentions", "pct_respondents", "pct_unweighted"]]
      option  mentions  pct_respondents  pct_unweighted
    0      B         3        83.333333            75.0
    1      A         2        66.666667            50.0
    """
    import pandas as pd

    from optamstats.multiselect.parsing import _check_answers
    from optamstats.multiselect.tables import _check_adjust, _table_confidence, multiselect_table

    answers = _check_answers(answers)
    conf = check_confidence(confidence)
    meth = check_choice("method", method, INTERVAL_METHODS)
    how = check_choice("effective_n", effective_n, EFFECTIVE_N)
    adj = _check_adjust(adjust)
    unweighted = multiselect_table(answers, confidence=conf, adjust=adj, n_resamples=0).set_index(
        "option"
    )
    index = answers.indicators.index
    w_all = _check_positive_weights(weights, len(index), index)
    answered = answers.answered.to_numpy(dtype=bool)
    matrix = answers._matrix()  # raises if nobody answered
    w = w_all[answered]
    m = matrix.shape[1]
    total = float(w.sum())
    weighted = w @ matrix.astype(np.float64)
    mentions = matrix.sum(axis=0).astype(np.int64)
    share = np.clip(weighted / total, 0.0, 1.0)
    # An option ticked by everyone (or no one) has share exactly 1 (0): the sums of the
    # matrix product and of the weights may differ in the last bit, and a share of
    # 1 − 1e-16 would give a design variance of 1e-32 and an absurd effective size.
    share[mentions == matrix.shape[0]] = 1.0
    share[mentions == 0] = 0.0
    level = _table_confidence(conf, adj, m)
    n_eff, label = _effective_n(matrix, w, share, how)
    low, high = _intervals(share, n_eff, level, meth)
    order = np.lexsort((np.arange(m), -share))
    options = answers.options
    all_mentions = float(weighted.sum())
    pct_mentions: Any = (
        100.0 * weighted[order] / all_mentions
        if all_mentions > 0
        else pd.array([pd.NA] * m, dtype="Float64")
    )
    table = pd.DataFrame(
        {
            "option": pd.array([options[i] for i in order], dtype=object),
            "mentions": mentions[order],
            "respondents": np.full(m, matrix.shape[0], dtype=np.int64),
            "pct_respondents": 100.0 * share[order],
            "low": 100.0 * np.asarray(low)[order],
            "high": 100.0 * np.asarray(high)[order],
            "pct_mentions": pct_mentions,
            "effective_n": np.asarray(n_eff, dtype=np.float64)[order],
            "design_effect": matrix.shape[0] / np.asarray(n_eff, dtype=np.float64)[order],
            "pct_unweighted": unweighted["pct_respondents"]
            .reindex([options[i] for i in order])
            .to_numpy(dtype=np.float64),
        }
    )
    table.attrs.update(
        {
            "confidence": conf,
            "per_option_confidence": level,
            "method": meth,
            "effective_n": label,
            "adjust": adj,
            "note": (
                f"Weighted shares of the {matrix.shape[0]} respondents who answered; "
                f"{meth} intervals on the {label} effective sample size. No rank intervals."
            ),
        }
    )
    return table
