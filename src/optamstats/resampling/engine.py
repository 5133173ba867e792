"""The two ways in: category counts (exact or Monte Carlo) and respondent rows.

:func:`bootstrap_counts` resamples category counts (exact enumeration when small
enough, multinomial draws otherwise); :func:`bootstrap` resamples the rows of any
array of respondents. Part of :mod:`optamstats.resampling`.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np

from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    check_rng,
)
from optamstats._typing import Alternative, FloatArray, IntArray, RngLike
from optamstats.resampling.checks import (
    _check_category_counts,
    _check_method_args,
    _check_n_resamples,
    _evaluate,
)
from optamstats.resampling.exact import _exact_distributions, _merge_ties, n_compositions
from optamstats.resampling.intervals import _acceleration, _finish, _jackknife_acceleration_counts
from optamstats.resampling.results import (
    AUTO_MONTE_CARLO,
    EXACT_HARD_LIMIT,
    EXACT_MAX_OUTCOMES,
    MAX_RESAMPLES,
    BootstrapCI,
    NResamples,
    Statistic,
)

__all__ = ["bootstrap", "bootstrap_counts"]

_MC_BATCHES: Final = 20


def bootstrap_counts(
    counts: Any,
    statistic: Statistic,
    *,
    confidence: float = 0.95,
    method: str = "bca",
    n_resamples: NResamples = "auto",
    ties: str = "mid",
    alternative: Alternative = "two-sided",
    rng: RngLike = None,
) -> BootstrapCI:
    """Bootstrap a statistic of category counts by resampling respondents.

    Parameters
    ----------
    counts : array_like of int, shape (c,)
        Respondents in each answer category.
    statistic : callable
        Vectorised: given an integer array of shape (m, c) of resampled counts (each row
        sums to ``n``; the jackknife also passes rows summing to ``n − 1``), returns the
        m values of the statistic. It must be finite for every possible resample.
    confidence : float, default 0.95
        Confidence level.
    method : {"bca", "percentile", "basic"}
        Interval method.
    n_resamples : "auto", "exact" or int, default "auto"
        ``"auto"``: the exact bootstrap when at most 10^7 outcomes
        (``optamstats.resampling.EXACT_MAX_OUTCOMES``) exist, else 100,000 Monte Carlo
        resamples. ``"exact"`` forces enumeration (up to 10^8 outcomes). An integer
        forces Monte Carlo with that many resamples.
    ties : {"mid", "strict"}
        BCa bias correction: resamples equal to the estimate count half (scipy) or not
        at all (R ``boot``).
    alternative : {"two-sided", "greater", "less"}
        ``"greater"``: one-sided lower bound, ``high`` set to the largest possible
        value; ``"less"``: one-sided upper bound.
    rng : int, numpy.random.Generator or None
        Seed for the Monte Carlo engine (ignored by the exact one).

    Returns
    -------
    BootstrapCI

    Raises
    ------
    InvalidValueError
        Negative, fractional or empty counts; a statistic that is not vectorised or
        returns NaN; ``"exact"`` beyond 10^8 outcomes.
    InvalidTypeError
        Non-numeric counts, a bad `rng` or `n_resamples`.

    Warns
    -----
    DegenerateDataWarning
        When every resample gives the same value (e.g. all respondents in one category):
        the interval is then the single point ``[estimate, estimate]``.

    Notes
    -----
    The exact engine enumerates the ``C(n + c − 1, c − 1)`` count vectors of the
    categories that were observed, with their multinomial probabilities computed in log
    space, and folds equal statistic values. With ``c = 2`` this is the binomial
    distribution itself. The matching R call for the Monte Carlo engine is
    ``boot::boot.ci(boot(data, stat, R), type = c("perc", "basic", "bca"))`` (with
    ``ties = "strict"`` and jackknife influence values).

    Cost, as the number of categories c grows (n respondents, B resamples): the exact
    engine enumerates ``C(n + c − 1, c − 1)`` outcomes (``"auto"`` keeps it to 10^7);
    a Monte Carlo resample is one multinomial draw, which numpy makes as c − 1
    conditional binomial draws: O(B · c). With many categories and few respondents
    per category (c ≥ 64 and n < 8c) the engine draws the n respondents' categories
    instead, O(B · n), several times faster there (the same law, another random
    stream). Either way the statistic is evaluated on B vectors of c counts, and the
    jackknife for BCa costs c evaluations: about 2 s per 10,000 resamples at
    c = 5,000, n = 10,000 on a 2-core machine (``python benchmarks/run.py funnel``).

    References
    ----------
    .. [1] B. Efron and R. J. Tibshirani, *An Introduction to the Bootstrap*,
       Chapman & Hall, 1993, ch. 13–14 (percentile and BCa intervals).
    .. [2] T. J. DiCiccio and B. Efron, "Bootstrap confidence intervals", Statist. Sci.
       11(3):189–228, 1996.
    .. [3] N. I. Fisher and P. Hall, "Bootstrap algorithms for small samples",
       J. Statist. Plann. Inference 27:157–169, 1991 (exact enumeration).

    Examples
    --------
    The combined exit rate of the 2025 survey with full response is (left + plan) / n:

    >>> from optamstats.resampling import bootstrap_counts
    >>> def combined(c):
    ...     return (c[..., 0] + c[..., 1]) / c.sum(axis=-1)
    >>> r = bootstrap_counts([50, 41, 28], combined, method="percentile")
    >>> r.engine, r.n_resamples
    ('exact', 7260)
    >>> round(r.low * 119), round(r.high * 119)
    (82, 100)
    """
    return _bootstrap_family(
        counts, [statistic], confidence=confidence, method=method, n_resamples=n_resamples,
        ties=ties, alternative=alternative, rng=rng,
    )[0]  # fmt: skip


def _bootstrap_family(
    counts: Any,
    statistics: list[Statistic],
    *,
    confidence: float,
    method: str,
    n_resamples: NResamples,
    ties: str,
    alternative: str,
    rng: RngLike,
) -> list[BootstrapCI]:
    """`bootstrap_counts` for several statistics of the same counts, resampled once.

    Each result equals that of `bootstrap_counts` with the statistic alone (the same
    outcomes enumerated, or the same draws from the same seed); the outcomes or draws
    are made once for all of them.
    """
    conf, meth, tie, alt = _check_method_args(confidence, method, ties, alternative)
    how = _check_n_resamples(n_resamples)
    observed = _check_category_counts(counts)
    for statistic in statistics:
        if not callable(statistic):
            raise InvalidTypeError(f"`statistic` must be a callable; got {statistic!r}.")
    n = int(observed.sum())
    estimates = [float(_evaluate(s, observed[None, :], 1)[0]) for s in statistics]
    outcomes = n_compositions(n, int(np.count_nonzero(observed)))
    if how == "exact" and outcomes > EXACT_HARD_LIMIT:
        raise InvalidValueError(
            f"`n_resamples='exact'` would enumerate {outcomes:,} outcomes (limit "
            f"{EXACT_HARD_LIMIT:,}); pass `n_resamples=100_000` for Monte Carlo instead."
        )
    accelerations = [
        _jackknife_acceleration_counts(observed, s) if meth == "bca" else 0.0 for s in statistics
    ]

    def common(i: int) -> dict[str, Any]:
        return dict(estimate=estimates[i], confidence=conf, method=meth, ties=tie,
                    alternative=alt, a=accelerations[i], n=n)  # fmt: skip

    if how == "exact" or (how == "auto" and outcomes <= EXACT_MAX_OUTCOMES):
        dists, outcomes = _exact_distributions(observed, statistics)
        return [
            _finish(d, None, engine="exact", n_resamples=outcomes, **common(i))
            for i, d in enumerate(dists)
        ]
    size = AUTO_MONTE_CARLO if how == "auto" else int(how)
    generator = check_rng(rng)
    batches = [_draw_and_evaluate(generator, observed, statistics, m) for m in _batch_sizes(size)]
    return [
        _from_samples([b[i] for b in batches], engine="monte-carlo", n_resamples=size,
                      **common(i))
        for i in range(len(statistics))
    ]  # fmt: skip


#: Categories from which a Monte Carlo resample may be drawn respondent by respondent.
_MANY_CATEGORIES: Final = 64


def _draw_and_evaluate(
    generator: np.random.Generator, observed: IntArray, statistics: list[Statistic], m: int
) -> list[FloatArray]:
    """Draw `m` resampled count vectors and evaluate each statistic on them.

    numpy's multinomial makes c − 1 conditional binomial draws per resample (about
    80 ns each here), while drawing the n respondents' categories and counting them
    costs about 10 ns per respondent: with many categories and few respondents per
    category (c ≥ 64 and n < 8c) the second is several times faster. Both draw from
    the same multinomial law; small c keeps numpy's multinomial stream.
    """
    n, c = int(observed.sum()), observed.size
    by_respondent = c >= _MANY_CATEGORIES and n < 8 * c
    # Evaluate in slices of about 2^22 cells so that memory stays bounded.
    per = max(1, (1 << 22) // max(c, n if by_respondent else 1))
    parts: list[list[FloatArray]] = [[] for _ in statistics]
    for start in range(0, m, per):
        b = min(per, m - start)
        if by_respondent:
            # int32 halves the memory traffic; b · c stays below 2^22 + c here.
            category = np.repeat(np.arange(c, dtype=np.int32), observed)
            drawn = category[generator.integers(0, n, size=(b, n), dtype=np.int32)]
            drawn += (np.arange(b, dtype=np.int32) * c)[:, None]
            draws = np.bincount(drawn.ravel(), minlength=b * c).reshape(b, c)
        else:
            draws = generator.multinomial(n, observed / n, size=b)
        for statistic, part in zip(statistics, parts, strict=True):
            part.append(_evaluate(statistic, draws, b))
    return [np.concatenate(part) for part in parts]


def _batch_sizes(size: int) -> list[int]:
    """Split `size` resamples into `_MC_BATCHES` batches (the last one may be smaller)."""
    per_batch = -(-size // _MC_BATCHES)
    return [min(per_batch, size - start) for start in range(0, size, per_batch)]


def _from_samples(batches: list[FloatArray], **kwargs: Any) -> BootstrapCI:
    # Sort each batch once; the whole distribution is the merge of the batch ones
    # (cheap for lattice statistics, whose batches fold to a few support points).
    parts = [_merge_ties(b, np.ones_like(b)) for b in batches]
    sizes = [b.size for b in batches]
    whole = _merge_ties(
        np.concatenate([d.values for d in parts]),
        np.concatenate([d.probabilities * m for d, m in zip(parts, sizes, strict=True)]),
    )
    return _finish(whole, parts if len(parts) > 1 else None, **kwargs)


def bootstrap(
    data: Any,
    statistic: Statistic,
    *,
    confidence: float = 0.95,
    method: str = "bca",
    n_resamples: int = 100_000,
    ties: str = "mid",
    alternative: Alternative = "two-sided",
    batch_size: int | None = None,
    rng: RngLike = None,
) -> BootstrapCI:
    """Bootstrap any vectorised statistic of respondent-level data.

    Parameters
    ----------
    data : array_like, shape (n, ...)
        One row per respondent (e.g. a 0/1 matrix of ticked options).
    statistic : callable
        Vectorised: given an array of shape (m, n', ...) of m resampled data sets,
        returns the m values (n' is n, or n − 1 for the jackknife).
    confidence : float, default 0.95
        Confidence level.
    method : {"bca", "percentile", "basic"}
        Interval method.
    n_resamples : int, default 100,000
        Monte Carlo resamples.
    ties : {"mid", "strict"}
        BCa bias correction, as :func:`bootstrap_counts`.
    alternative : {"two-sided", "greater", "less"}
        Two-sided interval or one-sided bound, as :func:`bootstrap_counts`.
    batch_size : int, optional
        Resamples evaluated at once; by default chosen so a batch holds about 2^22
        values, which bounds memory whatever n and B.
    rng : int, numpy.random.Generator or None
        Seed.

    Returns
    -------
    BootstrapCI

    Raises
    ------
    InvalidValueError
        Empty data, a non-vectorised statistic, NaN values of the statistic.

    Notes
    -----
    For data that are one categorical answer per respondent, prefer
    :func:`bootstrap_counts`: its cost does not grow with n and it can be exact. The
    BCa acceleration here is the leave-one-out jackknife over the n respondents.

    References
    ----------
    .. [1] B. Efron and R. J. Tibshirani, *An Introduction to the Bootstrap*,
       Chapman & Hall, 1993, ch. 13–14.
    .. [2] T. J. DiCiccio and B. Efron, "Bootstrap confidence intervals", Statist. Sci.
       11(3):189–228, 1996.

    Examples
    --------
    >>> import numpy as np
    >>> from optamstats.resampling import bootstrap
    >>> ticked = np.array([1] * 43 + [0] * 7)
    >>> r = bootstrap(ticked, lambda x: x.mean(axis=-1), method="percentile",
    ...               n_resamples=20_000, rng=1)
    >>> bool(r.low < 0.86 < r.high), r.engine
    (True, 'monte-carlo')
    """
    conf, meth, tie, alt = _check_method_args(confidence, method, ties, alternative)
    size = _check_n_resamples(n_resamples)
    if isinstance(size, str):
        raise InvalidValueError(
            "`n_resamples` must be a whole number for respondent-level data; exact "
            "enumeration exists only for category counts (use `bootstrap_counts`)."
        )
    try:
        array = np.asarray(data)
    except (TypeError, ValueError) as exc:
        raise InvalidTypeError(
            f"`data` must be array-like, one row per respondent; got {data!r}."
        ) from exc
    if array.ndim == 0 or array.shape[0] == 0:
        raise InvalidValueError(
            f"`data` must hold at least one respondent (one row each); got shape {array.shape}."
        )
    if not callable(statistic):
        raise InvalidTypeError(f"`statistic` must be a callable; got {statistic!r}.")
    if batch_size is not None and (
        isinstance(batch_size, bool) or not isinstance(batch_size, int | np.integer)
    ):
        raise InvalidTypeError(
            f"`batch_size` must be None or a whole number of resamples; got {batch_size!r}."
        )
    if batch_size is not None and not 1 <= batch_size <= MAX_RESAMPLES:
        raise InvalidValueError(
            f"`batch_size` must be from 1 to {MAX_RESAMPLES:,}; got {batch_size}."
        )
    generator = check_rng(rng)
    n = array.shape[0]
    row = max(1, int(np.prod(array.shape[1:], dtype=np.int64)))
    per = batch_size or max(1, (1 << 22) // (n * row))
    estimate = float(_evaluate(statistic, array[None, ...], 1)[0])
    a = 0.0
    if meth == "bca" and n > 1:
        thetas = []
        for start in range(0, n, per):
            idx = np.arange(start, min(n, start + per))
            # Row i of the jackknife block omits respondent i.
            keep = np.arange(n - 1)[None, :] + (np.arange(n - 1)[None, :] >= idx[:, None])
            thetas.append(_evaluate(statistic, array[keep], idx.size))
        a = _acceleration(np.concatenate(thetas), np.ones(n))
    batches: list[FloatArray] = []
    for m in _batch_sizes(size):
        values = []
        for start in range(0, m, per):
            b = min(per, m - start)
            idx = generator.integers(0, n, size=(b, n))
            values.append(_evaluate(statistic, array[idx], b))
        batches.append(np.concatenate(values))
    return _from_samples(
        batches, estimate=estimate, confidence=conf, method=meth, ties=tie,
        alternative=alt, a=a, n=n, engine="monte-carlo", n_resamples=size,
    )  # fmt: skip
