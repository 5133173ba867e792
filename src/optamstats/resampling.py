"""The bootstrap engine: exact and Monte Carlo resampling of survey respondents.

Resampling ``n`` respondents who each fall into one of ``c`` answer categories is a
multinomial draw of the category counts, so a statistic of the counts can be
bootstrapped without touching respondent rows: by drawing ``B`` multinomial vectors
(Monte Carlo), or, when ``c`` is small, by enumerating every possible vector with its
multinomial probability (the exact bootstrap, ``B = ∞``: no seed, no Monte Carlo
error). A generic path resamples respondent arrays for any other statistic.

Conventions (see ``docs/methods/bootstrap.md``):

- quantiles of the bootstrap distribution are its inverse CDF, the smallest value
  whose cumulative probability reaches the level, so Monte Carlo limits converge to
  the exact ones;
- the BCa bias correction counts resamples tied with the estimate as half below
  (``ties="mid"``, scipy's convention since PR #15892) — this keeps the interval of
  ``1 − θ`` the mirror image of that of ``θ`` on lattice statistics such as k/119.
  ``ties="strict"`` counts only smaller values, as R's ``boot``, ``arch`` and
  ``resample`` do;
- the acceleration is the jackknife skewness, computed from the category counts in
  O(c) evaluations of the statistic.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeAlias

import numpy as np

from optamstats._checks import (
    DegenerateDataWarning,
    InvalidTypeError,
    InvalidValueError,
    check_choice,
    check_confidence,
    check_one_sided_level,
    check_rng,
)
from optamstats._typing import Alternative, FloatArray, IntArray, RngLike

__all__ = [
    "EXACT_MAX_OUTCOMES",
    "BootstrapCI",
    "bootstrap",
    "bootstrap_counts",
    "n_compositions",
]

#: ``n_resamples="auto"`` enumerates exactly up to this many outcomes (≈ 1 s, 200 MB
#: at most), and draws 100,000 Monte Carlo resamples beyond it.
EXACT_MAX_OUTCOMES: Final = 10**7
#: ``n_resamples="exact"`` refuses more outcomes than this.
EXACT_HARD_LIMIT: Final = 10**8
AUTO_MONTE_CARLO: Final = 100_000
#: Largest number of Monte Carlo resamples accepted (a larger one would run for days).
MAX_RESAMPLES: Final = 10**9
METHODS: Final = ("bca", "percentile", "basic")
TIES: Final = ("mid", "strict")
# Values closer than this (relative) are the same lattice point: the same count
# ratio computed along two float paths may differ in the last bits.
_TIE_RTOL: Final = 1e-12
_BLOCK_ROWS: Final = 1 << 18
_MC_BATCHES: Final = 20

Statistic: TypeAlias = Callable[[Any], Any]
NResamples: TypeAlias = int | Literal["auto", "exact"]


@dataclass(frozen=True, slots=True)
class BootstrapDistribution:
    """A bootstrap distribution: sorted distinct values and their probabilities.

    For the exact bootstrap the probabilities are multinomial; for Monte Carlo they are
    the resample frequencies.

    Attributes
    ----------
    values : numpy.ndarray
        The distinct values of the statistic over the resamples, in increasing order
        (values equal up to floating-point noise folded into one).
    probabilities : numpy.ndarray
        The probability of each value (they sum to 1).

    Examples
    --------
    The exact bootstrap distribution of 91/119 is the binomial law of the 120 possible
    resamples:

    >>> from optamstats.resampling import bootstrap_counts
    >>> r = bootstrap_counts([91, 28], lambda c: c[..., 0] / c.sum(axis=-1))
    >>> d = r.distribution
    >>> d.values.size, round(float(d.probabilities.sum()), 12)
    (120, 1.0)
    >>> round(d.quantile(0.5) * 119), round(d.mean(), 6)
    (91, 0.764706)
    """

    values: FloatArray
    probabilities: FloatArray

    def cdf(self, x: float, *, strict: bool = False) -> float:
        """Return P(θ* ≤ x), or P(θ* < x) with ``strict=True`` (lattice ties folded).

        Parameters
        ----------
        x : float
            The value.
        strict : bool, default False
            Count only values strictly below `x`. Values within
            ``1e-12 * max(1, abs(x))`` of `x` count as equal to it, so that
            floating-point noise in the statistic does not split a tie.

        Returns
        -------
        float
            The cumulative probability.
        """
        tol = _TIE_RTOL * max(1.0, abs(x))
        edge = x - tol if strict else x + tol
        idx = int(np.searchsorted(self.values, edge, side="right"))
        return float(self._cumulative[idx - 1]) if idx > 0 else 0.0

    def quantile(self, q: float) -> float:
        """Return the smallest value whose cumulative probability reaches ``q``.

        Parameters
        ----------
        q : float
            The level, in [0, 1].

        Returns
        -------
        float
            The quantile (the inverse CDF of the distribution at `q`).
        """
        cum = self._cumulative
        idx = int(np.searchsorted(cum, q - 1e-12, side="left"))
        return float(self.values[min(idx, self.values.size - 1)])

    def mean(self) -> float:
        """Return the mean of the distribution.

        Returns
        -------
        float
            The probability-weighted mean of the values.
        """
        return float(np.dot(self.values, self.probabilities))

    @property
    def _cumulative(self) -> FloatArray:
        cum: FloatArray = np.cumsum(self.probabilities)
        total = float(cum[-1])
        return cum / total


@dataclass(frozen=True, slots=True)
class BootstrapCI:
    """A bootstrap confidence interval and the distribution it was read from.

    Attributes
    ----------
    estimate : float
        The statistic on the observed data.
    low, high : float
        Confidence bounds (one-sided intervals have an infinite or boundary side set to
        the distribution's range: see ``alternative``).
    confidence : float
        Confidence level.
    method : str
        ``"bca"``, ``"percentile"`` or ``"basic"``.
    n : int
        Respondents resampled.
    engine : str
        ``"exact"`` (every outcome enumerated) or ``"monte-carlo"``.
    n_resamples : int
        Outcomes enumerated (exact) or resamples drawn (Monte Carlo).
    mc_se_low, mc_se_high : float
        Monte Carlo standard error of each bound (0 for the exact engine), from
        20 batch means.
    bias_correction, acceleration : float
        BCa's z0 and a (z0 computed for every method, a only for BCa; 0 otherwise).
    ties : str
        ``"mid"`` or ``"strict"``: how resamples tied with the estimate enter z0.
    alternative : str
        ``"two-sided"``, ``"greater"`` (``high`` is the largest possible value) or
        ``"less"``.
    distribution : BootstrapDistribution
        Distinct values and probabilities, for plots and further questions.

    Examples
    --------
    >>> from optamstats.resampling import bootstrap_counts
    >>> r = bootstrap_counts([91, 28], lambda c: c[..., 0] / c.sum(axis=-1))
    >>> r.method, r.engine, r.ties
    ('bca', 'exact', 'mid')
    >>> round(r.low * 119), round(r.high * 119)
    (81, 99)
    >>> r.mc_se_low, r.mc_se_high  # no Monte Carlo error: every resample was counted
    (0.0, 0.0)
    """

    estimate: float
    low: float
    high: float
    confidence: float
    method: str
    n: int
    engine: str
    n_resamples: int
    mc_se_low: float
    mc_se_high: float
    bias_correction: float
    acceleration: float
    ties: str
    alternative: str
    distribution: BootstrapDistribution = field(repr=False, compare=False)

    def p_value_above(self, threshold: float) -> float:
        """One-sided bootstrap p-value for "the statistic is above `threshold`".

        It is the smallest α at which the one-sided lower bound of this method at level
        1 − α still lies above `threshold` (test–interval duality).

        Parameters
        ----------
        threshold : float
            The value a claim says the statistic exceeds.

        Returns
        -------
        float
            The achieved significance level, in [0, 1].

        References
        ----------
        .. [1] B. Efron and R. J. Tibshirani, *An Introduction to the Bootstrap*,
           Chapman & Hall, 1993, ch. 15–16.

        Examples
        --------
        >>> from optamstats.resampling import bootstrap_counts
        >>> r = bootstrap_counts([91, 28], lambda c: c[..., 0] / c.sum(-1), method="percentile")
        >>> round(r.p_value_above(0.70), 3)  # P*(θ* ≤ 0.70) = P(Bin(119, 91/119) ≤ 83)
        0.055
        """
        return _p_value_above(
            self.distribution, threshold, self.method, self.estimate,
            self.bias_correction, self.acceleration, self.ties,
        )  # fmt: skip


# --------------------------------------------------------------------------- validation


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


# --------------------------------------------------------------------------- exact engine


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


# --------------------------------------------------------------------------- intervals


def _ndtr(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def _ndtri(p: float) -> float:
    from scipy.special import ndtri

    return float(ndtri(p))


def _bias_correction(dist: BootstrapDistribution, estimate: float, ties: str) -> float:
    below = dist.cdf(estimate, strict=True)
    tied = dist.cdf(estimate) - below
    share = below + 0.5 * tied if ties == "mid" else below
    # A point mass at the estimate (degenerate data) gives share 1/2 under "mid" and 0
    # under "strict"; clip so that z0 stays finite and the bounds are the support's ends.
    share = min(max(share, 1e-300), 1.0 - 1e-16)
    return _ndtri(share)


def _bca_level(z0: float, a: float, z: float) -> float:
    shifted = z0 + z
    denominator = 1.0 - a * shifted
    if denominator <= 0.0:  # far tail with strong skew: the level saturates
        return 1.0 if z > 0 else 0.0
    return _ndtr(z0 + shifted / denominator)


def _read_interval(
    dist: BootstrapDistribution,
    estimate: float,
    tail: float,
    method: str,
    alternative: str,
    z0: float,
    a: float,
) -> tuple[float, float]:
    lo_level, hi_level = tail, 1.0 - tail
    if method == "bca":
        z = -_ndtri(tail)
        lo_level, hi_level = _bca_level(z0, a, -z), _bca_level(z0, a, z)
    q_lo, q_hi = dist.quantile(lo_level), dist.quantile(hi_level)
    if method == "basic":
        q_lo, q_hi = 2.0 * estimate - q_hi, 2.0 * estimate - q_lo
    lowest, highest = float(dist.values[0]), float(dist.values[-1])
    if method == "basic":
        lowest, highest = 2.0 * estimate - highest, 2.0 * estimate - lowest
    if alternative == "greater":
        q_hi = highest
    elif alternative == "less":
        q_lo = lowest
    return q_lo, q_hi


def _reread(
    ci: BootstrapCI, *, method: str, confidence: float, alternative: str
) -> tuple[float, float]:
    """Read another interval from the distribution `ci` was read from.

    Equal to the ``(low, high)`` of the same bootstrap run with this method, level and
    alternative (same resamples, same bias correction), without drawing or enumerating
    the resamples again. BCa needs the acceleration, known only if `ci` is BCa.
    """
    if method == "bca" and ci.method != "bca":
        raise ValueError("a BCa interval can be re-read only from a BCa result")
    tail = (1.0 - confidence) / (2.0 if alternative == "two-sided" else 1.0)
    a = ci.acceleration if method == "bca" else 0.0
    return _read_interval(
        ci.distribution, ci.estimate, tail, method, alternative, ci.bias_correction, a
    )


def _one_sided_low(ci: BootstrapCI, confidence: float) -> float:
    """Read the one-sided lower bound at `confidence` (see `_reread`)."""
    return _reread(ci, method=ci.method, confidence=confidence, alternative="greater")[0]


def _p_value_above(
    dist: BootstrapDistribution,
    threshold: float,
    method: str,
    estimate: float,
    z0: float,
    a: float,
    ties: str,
) -> float:
    if method == "basic":
        # The basic lower bound 2θ̂ − q(1 − α) exceeds t iff q(1 − α) < 2θ̂ − t.
        mirrored = 2.0 * estimate - threshold
        return min(1.0, max(0.0, 1.0 - dist.cdf(mirrored, strict=True)))
    below = dist.cdf(threshold, strict=True)
    tied = dist.cdf(threshold) - below
    share = below + 0.5 * tied if ties == "mid" else below + tied
    if method == "percentile":
        return min(1.0, max(0.0, share))
    if share <= 0.0:
        return 0.0
    if share >= 1.0:
        return 1.0
    w = _ndtri(share) - z0
    if 1.0 + a * w <= 0.0:
        return 0.0
    return _ndtr(w / (1.0 + a * w) - z0)


def _jackknife_acceleration_counts(counts: IntArray, statistic: Statistic) -> float:
    """Jackknife acceleration from category counts: one evaluation per category.

    Removing any one of the ``counts[j]`` respondents of category j gives the same
    statistic, so the n leave-one-out values take c distinct values with
    multiplicities ``counts``.
    """
    present = np.flatnonzero(counts)
    if int(counts.sum()) < 2:
        return 0.0
    # The c leave-one-out rows form a c × c matrix: build it in slices of about 2^22
    # cells so that memory stays bounded with thousands of categories.
    per = max(1, (1 << 22) // counts.size)
    parts = []
    for start in range(0, present.size, per):
        cats = present[start : start + per]
        leave_one_out = np.repeat(counts[None, :], cats.size, axis=0)
        leave_one_out[np.arange(cats.size), cats] -= 1
        parts.append(_evaluate(statistic, leave_one_out, cats.size))
    return _acceleration(np.concatenate(parts), counts[present].astype(np.float64))


def _acceleration(theta: FloatArray, multiplicity: FloatArray) -> float:
    mean = float(np.dot(multiplicity, theta) / multiplicity.sum())
    d = mean - theta
    spread = float(np.dot(multiplicity, d**2))
    if spread <= 1e-300:
        return 0.0  # every leave-one-out value equal: no skewness to correct
    return float(np.dot(multiplicity, d**3)) / (6.0 * math.pow(spread, 1.5))


def _finish(
    dist: BootstrapDistribution,
    batches: list[BootstrapDistribution] | None,
    *,
    estimate: float,
    confidence: float,
    method: str,
    ties: str,
    alternative: str,
    a: float,
    n: int,
    engine: str,
    n_resamples: int,
) -> BootstrapCI:
    import warnings

    tail = (1.0 - confidence) / (2.0 if alternative == "two-sided" else 1.0)
    z0 = _bias_correction(dist, estimate, ties)
    a = a if method == "bca" else 0.0
    low, high = _read_interval(dist, estimate, tail, method, alternative, z0, a)
    se_low = se_high = 0.0
    if batches:
        bounds = np.array(
            [
                _read_interval(
                    b, estimate, tail, method, alternative, _bias_correction(b, estimate, ties), a
                )
                for b in batches
            ]
        )
        # Each batch bound uses B/20 resamples: its spread over √20 is the MC error of
        # the bound computed from all B.
        se_low, se_high = (bounds.std(axis=0, ddof=1) / math.sqrt(len(batches))).tolist()
    if dist.values.size == 1:
        warnings.warn(
            "every resample gives the same value: the bootstrap interval is a single point "
            f"({estimate:g}). Cite an analytic interval (e.g. Wilson) instead.",
            DegenerateDataWarning,
            stacklevel=3,
        )
    return BootstrapCI(
        estimate, low, high, confidence, method, n, engine, n_resamples,
        float(se_low), float(se_high), z0, a, ties, alternative, dist,
    )  # fmt: skip


# --------------------------------------------------------------------------- public API


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
