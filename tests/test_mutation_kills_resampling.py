"""Secondary paths of resampling.py that mutation testing found unchecked (issue 18).

The exact bootstrap of a share k/n is the binomial law Bin(n, k/n) on the lattice j/n, so
its quantiles, tail probabilities, bias correction and p-values have closed forms computed
here with scipy (and fractions), independently of the library.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import product
from typing import Any

import numpy as np
import pytest
from scipy import stats

from optamstats.resampling import BootstrapCI, bootstrap, bootstrap_counts, n_compositions
from optamstats.resampling.exact import _exact_distribution, _exact_distributions

K, N = 91, 119
THETA = K / N
LAW = stats.binom(N, THETA)  # the exact bootstrap law of 119 θ*


def share_first(c: Any) -> Any:
    return c[..., 0] / c.sum(axis=-1)


def _exact(method: str, ties: str = "mid", **kw: Any) -> BootstrapCI:
    return bootstrap_counts([K, N - K], share_first, method=method, ties=ties, **kw)


def _z0(ties: str) -> float:
    below = LAW.cdf(K - 1)
    share = below + 0.5 * LAW.pmf(K) if ties == "mid" else below
    return float(stats.norm.ppf(share))


def _acceleration() -> float:
    # Jackknife of k/n: K leave-one-out values (K-1)/(N-1) and N-K values K/(N-1)
    # (Efron and Tibshirani 1993, eq. 14.15).
    theta = np.repeat([(K - 1) / (N - 1), K / (N - 1)], [K, N - K])
    d = theta.mean() - theta
    return float((d**3).sum() / (6 * (d**2).sum() ** 1.5))


# Thresholds off the lattice j/119 (no ties) and on it (tied with 83/119 and 86/119).
OFF = [0.6, 0.68, 0.7, 0.72, 0.79, 0.81]
ON = [83 / 119, 86 / 119]


@pytest.mark.parametrize("ties", ["mid", "strict"])
def test_percentile_p_value_is_the_binomial_tail(ties: str) -> None:
    r = _exact("percentile", ties)
    for t in OFF:
        # P*(θ* ≤ t) = pbinom(floor(119 t), 119, 91/119)
        assert r.p_value_above(t) == pytest.approx(LAW.cdf(math.floor(N * t)), rel=1e-9)
    for t in ON:
        j = round(N * t)
        below, tied = LAW.cdf(j - 1), LAW.pmf(j)
        want = below + (0.5 * tied if ties == "mid" else tied)  # mid-p or P(θ* ≤ t)
        assert r.p_value_above(t) == pytest.approx(want, rel=1e-9)


def test_basic_p_value_is_the_mirrored_binomial_tail() -> None:
    r = _exact("basic")
    for t in OFF + ON:
        # basic low = 2θ̂ − q(1 − α) > t  iff  q(1 − α) < 2θ̂ − t: p = P*(θ* ≥ 2θ̂ − t).
        m = N * (2 * THETA - t)
        j = math.ceil(m - 1e-9)
        assert r.p_value_above(t) == pytest.approx(LAW.sf(j - 1), rel=1e-9), t
    assert r.p_value_above(-1.0) == 0.0  # every resample above: p = 1 - 1, not negative
    assert r.p_value_above(2 * THETA + 0.5) == 1.0


@pytest.mark.parametrize("ties", ["mid", "strict"])
def test_bca_p_value_formula_and_bias_correction(ties: str) -> None:
    r = _exact("bca", ties)
    z0, a = _z0(ties), _acceleration()
    assert r.bias_correction == pytest.approx(z0, rel=1e-9)
    assert r.acceleration == pytest.approx(a, rel=1e-9)
    for t in OFF + ON:
        j = N * t
        below = LAW.cdf(math.ceil(j - 1e-9) - 1)
        tied = LAW.pmf(round(j)) if abs(j - round(j)) < 1e-9 else 0.0
        share = below + (0.5 * tied if ties == "mid" else tied)
        # Inverting the BCa lower level Φ(z0 + (z0 + z_α) / (1 − a (z0 + z_α))) at
        # `share` (Efron and Tibshirani 1993, eq. 14.10): p = Φ(w / (1 + a w) − z0),
        # w = Φ⁻¹(share) − z0.
        w = stats.norm.ppf(share) - z0
        want = stats.norm.cdf(w / (1 + a * w) - z0)
        assert r.p_value_above(t) == pytest.approx(want, rel=1e-9), t


@pytest.mark.parametrize(("method", "ties"), [("percentile", "strict"), ("basic", "mid"),
                                              ("bca", "strict"), ("bca", "mid")])  # fmt: skip
def test_p_value_and_one_sided_bound_are_dual_both_ways(method: str, ties: str) -> None:
    # The p-value is the smallest α at which the one-sided lower bound at level 1 − α
    # lies above t: just above it the bound is above t, just below it the bound is not.
    # (Mid ties make the percentile/BCa p-value a mid-p value, dual only off the lattice.)
    r = _exact(method, ties)
    thresholds = OFF + (ON if ties == "strict" or method == "basic" else [])
    for t in thresholds:
        p = r.p_value_above(t)
        if not 0.002 < p < 0.5:
            continue
        above = _exact(method, ties, alternative="greater", confidence=1 - p * 1.001)
        below = _exact(method, ties, alternative="greater", confidence=1 - p * 0.999)
        assert above.low > t, (t, p, above.low)
        assert below.low <= t, (t, p, below.low)


def test_one_sided_basic_limits() -> None:
    # basic: [2θ̂ − q(1 − α/2), 2θ̂ − q(α/2)], one-sided with α instead of α/2, and the
    # open side at the mirrored end of the support (2θ̂ − 1 or 2θ̂ − 0); q from qbinom.
    def q(level: float) -> float:
        return float(LAW.ppf(level)) / N

    two = _exact("basic")
    assert (two.low, two.high) == pytest.approx((2 * THETA - q(0.975), 2 * THETA - q(0.025)))
    greater = _exact("basic", alternative="greater", confidence=0.9)
    assert greater.low == pytest.approx(2 * THETA - q(0.9), rel=1e-12)
    assert greater.high == pytest.approx(2 * THETA - 0.0, rel=1e-12)
    less = _exact("basic", alternative="less", confidence=0.9)
    assert less.high == pytest.approx(2 * THETA - q(0.1), rel=1e-12)
    assert less.low == pytest.approx(2 * THETA - 1.0, rel=1e-12)
    assert (greater.alternative, less.alternative, less.method) == ("greater", "less", "basic")


# --------------------------------------------------------------------------- Monte Carlo


def _inverse_cdf(sorted_values: np.ndarray, q: float) -> float:
    """Smallest value whose empirical cumulative frequency reaches q."""
    m = sorted_values.size
    k = next(i for i in range(1, m + 1) if i / m >= q - 1e-12)
    return float(sorted_values[k - 1])


def test_monte_carlo_standard_error_is_the_batch_formula() -> None:
    # Documented definition: the bound read from each of 20 batches of B/20 resamples;
    # the standard error is their standard deviation (ddof = 1) over √20. Recomputed here
    # from the same uniform draws (numpy's Generator.integers, one (B/20, n) block per
    # batch), with numpy sorting in place of the library's folding.
    rng = np.random.default_rng(11)
    data = rng.normal(size=60).round(3)
    stat = lambda x: x.mean(axis=-1)  # noqa: E731
    r = bootstrap(data, stat, method="percentile", n_resamples=40_000, rng=2)
    gen = np.random.default_rng(2)
    lows, highs = [], []
    for _ in range(20):
        values = np.sort(data[gen.integers(0, 60, size=(2000, 60))].mean(axis=-1))
        lows.append(_inverse_cdf(values, 0.025))
        highs.append(_inverse_cdf(values, 0.975))
    assert r.mc_se_low == pytest.approx(np.std(lows, ddof=1) / math.sqrt(20), rel=1e-9)
    assert r.mc_se_high == pytest.approx(np.std(highs, ddof=1) / math.sqrt(20), rel=1e-9)
    # ... and it is the size the asymptotic formula of a sample quantile predicts:
    # sqrt(q (1 − q) / B) / f(x_q), f the N(x̄, s²/n) density (Serfling 1980, 2.3.3);
    # the batch estimate has ~16 % relative error (19 degrees of freedom), so a ratio
    # outside (0.6, 1.6) has probability < 0.5 % for a right formula.
    sd = data.std() / math.sqrt(60)
    asym = math.sqrt(0.025 * 0.975 / 40_000) * sd / stats.norm.pdf(stats.norm.ppf(0.025))
    assert 0.6 < r.mc_se_low / asym < 1.6
    assert 0.6 < r.mc_se_high / asym < 1.6


@pytest.mark.parametrize("size", [1003, 1000, 20_000])
def test_generic_bootstrap_draws_exactly_n_resamples(size: int) -> None:
    seen: list[int] = []

    def stat(x: Any) -> Any:
        seen.append(x.shape[0])
        return x.mean(axis=-1)

    data = np.arange(30.0)
    r = bootstrap(data, stat, method="percentile", n_resamples=size, rng=1, batch_size=97)
    # The first call is the estimate (one data set); the rest are the resamples.
    assert seen[0] == 1
    assert sum(seen[1:]) == size
    assert max(seen[1:]) <= 97
    assert r.n_resamples == size
    # Every resample carries weight 1/size in the distribution.
    counts = r.distribution.probabilities * size
    np.testing.assert_allclose(counts, np.rint(counts), atol=1e-9)


def test_generic_bca_draws_n_resamples_after_the_jackknife() -> None:
    seen: list[int] = []

    def stat(x: Any) -> Any:
        seen.append(x.shape[0] * 1000 + x.shape[-1])
        return x.mean(axis=-1)

    bootstrap(np.arange(25.0), stat, method="bca", n_resamples=1010, rng=2)
    resamples = [s // 1000 for s in seen if s % 1000 == 25][1:]  # drop the estimate
    jackknife = [s // 1000 for s in seen if s % 1000 == 24]
    assert sum(jackknife) == 25  # one leave-one-out set per respondent
    assert sum(resamples) == 1010


# --------------------------------------------------------------------------- exact engine


def _rational_law(counts: tuple[int, ...], stat: Any) -> dict[Fraction, Fraction]:
    """Exact multinomial law of a rational statistic by enumeration with fractions."""
    n = sum(counts)
    p = [Fraction(c, n) for c in counts]
    law: dict[Fraction, Fraction] = {}
    for x in product(range(n + 1), repeat=len(counts)):
        if sum(x) != n:
            continue
        mass = Fraction(math.factorial(n))
        for xi, pi in zip(x, p, strict=True):
            mass = mass / math.factorial(xi) * pi**xi
        v = stat(x)
        law[v] = law.get(v, Fraction(0)) + mass
    return law


def test_folding_path_with_several_statistics_is_the_rational_law() -> None:
    # The memory-bounded path (taken past ~2 million outcomes) on a small case: blocks of
    # 7 rows, a fold after every block, two statistics enumerated together.
    counts = (5, 3, 2, 4)
    s1 = lambda c: (c[..., 0] + c[..., 1]) / c.sum(axis=-1)  # noqa: E731
    s2 = lambda c: c[..., 0] / np.maximum(c[..., 0] + c[..., 3], 1)  # noqa: E731
    c = np.array(counts, dtype=np.int64)
    dists, outcomes = _exact_distributions(c, [s1, s2], block=7, fold_every=1)
    assert outcomes == n_compositions(14, 4) == math.comb(17, 3)
    refs = [
        _rational_law(counts, lambda x: Fraction(x[0] + x[1], 14)),
        _rational_law(counts, lambda x: Fraction(x[0], max(x[0] + x[3], 1))),
    ]
    for dist, ref in zip(dists, refs, strict=True):
        keys = sorted(ref)
        np.testing.assert_allclose(dist.values, [float(k) for k in keys], rtol=1e-14)
        np.testing.assert_allclose(dist.probabilities, [float(ref[k]) for k in keys], atol=1e-14)
    # The single-statistic entry point gives the same law through the same folding.
    one, _ = _exact_distribution(c, s2, block=7, fold_every=2)
    np.testing.assert_allclose(one.probabilities, dists[1].probabilities, atol=1e-15)


# --------------------------------------------------------------------------- re-reading


@pytest.mark.parametrize("method", ["percentile", "basic", "bca"])
@pytest.mark.parametrize(("confidence", "alternative"), [(0.9, "two-sided"), (0.8, "greater"),
                                                         (0.99, "less")])  # fmt: skip
def test_reread_equals_a_fresh_run(method: str, confidence: float, alternative: str) -> None:
    # Documented: re-reading the distribution gives the (low, high) of the same bootstrap
    # run with another method, level and alternative (same resamples, same z0).
    from optamstats.resampling.intervals import _one_sided_low, _reread

    base = _exact("bca")
    fresh = _exact(method, confidence=confidence, alternative=alternative)
    got = _reread(base, method=method, confidence=confidence, alternative=alternative)
    assert got == (fresh.low, fresh.high)
    own = _exact(method)
    one_sided = _exact(method, confidence=confidence, alternative="greater")
    assert _one_sided_low(own, confidence) == one_sided.low


def test_reread_bca_needs_a_bca_result() -> None:
    from optamstats.resampling.intervals import _reread

    with pytest.raises(ValueError, match="a BCa interval can be re-read only from a BCa result"):
        _reread(_exact("percentile"), method="bca", confidence=0.9, alternative="two-sided")


def test_bca_p_value_is_zero_where_every_bound_clears_the_threshold() -> None:
    # With acceleration a > 0 the BCa lower level Φ(z0 + (z0 + z_α)/(1 − a (z0 + z_α)))
    # never falls below Φ(z0 − 1/a): with a = 0.5, z0 = 0 that is Φ(−2) = 0.023, so the
    # lower bound at every level lies at or above the 2.3 % quantile. A threshold whose
    # CDF is below that is cleared at every α: p = 0 (and not 1).
    import dataclasses

    from optamstats.resampling.intervals import _reread

    r = dataclasses.replace(_exact("bca"), acceleration=0.5, bias_correction=0.0)
    t = 80.5 / 119  # P*(θ* <= t) = R: pbinom(80, 119, 91/119) = 0.01377 < pnorm(-2)
    assert LAW.cdf(80) == pytest.approx(0.0137714, rel=1e-5)
    for alpha in (0.5, 0.1, 1e-3, 1e-9):
        low = _reread(r, method="bca", confidence=1 - alpha, alternative="greater")[0]
        assert low > t
    assert r.p_value_above(t) == 0.0


# --------------------------------------------------------------------------- generic path


def test_generic_bootstrap_defaults_and_engine() -> None:
    r = bootstrap(np.arange(8.0), lambda x: x.mean(axis=-1), method="percentile", rng=3)
    assert r.n_resamples == 100_000  # the documented default
    assert r.engine == "monte-carlo"
    assert r.acceleration == 0.0
    np.testing.assert_allclose(r.distribution.probabilities.sum(), 1.0)


def test_generic_bca_with_one_respondent_is_a_point() -> None:
    from optamstats import DegenerateDataWarning

    with pytest.warns(DegenerateDataWarning, match="single point"):
        r = bootstrap([4.0], lambda x: x.mean(axis=-1), n_resamples=1000, rng=1)
    assert (r.low, r.high, r.estimate) == (4.0, 4.0, 4.0)
    assert r.acceleration == 0.0


def test_generic_bootstrap_error_messages() -> None:
    from optamstats import InvalidTypeError, InvalidValueError

    stat = lambda x: x.mean(axis=-1)  # noqa: E731
    with pytest.raises(InvalidTypeError, match="`data` must be array-like, one row per respondent"):
        bootstrap([[1.0, 2.0], [3.0]], stat)
    with pytest.raises(InvalidTypeError, match="`batch_size` must be None or a whole number"):
        bootstrap([1.0, 2.0], stat, batch_size=2.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="`batch_size` must be from 1 to 1,000,000,000"):
        bootstrap([1.0, 2.0], stat, batch_size=0)


def test_monte_carlo_error_of_basic_limits_mirrors_the_percentile_ones() -> None:
    # basic low = 2θ̂ − q(1 − α/2), high = 2θ̂ − q(α/2): from the same resamples (same
    # seed) the batch spread of the basic low limit is that of the percentile high one.
    data = np.random.default_rng(4).exponential(size=40)  # skewed: the two sides differ
    stat = lambda x: x.mean(axis=-1)  # noqa: E731
    basic = bootstrap(data, stat, method="basic", n_resamples=20_000, rng=8, confidence=0.9)
    pct = bootstrap(data, stat, method="percentile", n_resamples=20_000, rng=8, confidence=0.9)
    assert basic.mc_se_low == pytest.approx(pct.mc_se_high, rel=1e-12)
    assert basic.mc_se_high == pytest.approx(pct.mc_se_low, rel=1e-12)
    assert pct.mc_se_low != pytest.approx(pct.mc_se_high, rel=1e-3)
    assert (basic.confidence, pct.confidence) == (0.9, 0.9)


def test_degenerate_warning_text() -> None:
    from optamstats import DegenerateDataWarning

    message = (
        r"^every resample gives the same value: the bootstrap interval is a single point "
        r"\(1\)\. Cite an analytic interval"
    )
    with pytest.warns(DegenerateDataWarning, match=message):
        bootstrap_counts([5, 0], share_first)


def test_statistic_messages() -> None:
    from optamstats import InvalidValueError

    def ratio(c: Any) -> Any:
        with np.errstate(divide="ignore", invalid="ignore"):  # the library must refuse it
            return c[..., 0] / c[..., 1]

    with pytest.raises(
        InvalidValueError, match=r"^`statistic` must be vectorised: given an array "
    ):
        bootstrap_counts([3, 4], lambda c: 0.5)
    message = r"possible resample \(e\.g\. guard divisions by a zero count\)\.$"
    with pytest.raises(InvalidValueError, match=message):
        bootstrap_counts([3, 4], ratio)
