"""The results of the bootstrap: its distribution and the interval read from it.

A bootstrap distribution (values and probabilities, exact or Monte Carlo), its inverse
CDF, and the interval with the p-value of "the statistic is above a threshold". Part of
:mod:`optamstats.resampling`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeAlias

import numpy as np

from optamstats._typing import FloatArray

__all__ = ["BootstrapCI", "BootstrapDistribution"]

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


def _ndtr(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def _ndtri(p: float) -> float:
    from scipy.special import ndtri

    return float(ndtri(p))


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
