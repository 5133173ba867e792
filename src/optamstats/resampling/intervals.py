"""Reading an interval from a bootstrap distribution: percentile, basic, BCa.

The BCa bias correction (ties counted half below by default) and the jackknife
acceleration computed from category counts. Part of :mod:`optamstats.resampling`.
"""

from __future__ import annotations

import math

import numpy as np

from optamstats._checks import (
    DegenerateDataWarning,
)
from optamstats._typing import FloatArray, IntArray
from optamstats.resampling.checks import _evaluate
from optamstats.resampling.results import (
    BootstrapCI,
    BootstrapDistribution,
    Statistic,
    _ndtr,
    _ndtri,
)

__all__ = []


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
