"""Tests of optamstats.resampling: exact and Monte Carlo bootstrap."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from optamstats import DegenerateDataWarning, InvalidTypeError, InvalidValueError
from optamstats.resampling import (
    EXACT_MAX_OUTCOMES,
    bootstrap,
    bootstrap_counts,
    n_compositions,
)
from optamstats.resampling.exact import _compositions


def share_first(c: Any) -> Any:
    return c[..., 0] / c.sum(axis=-1)


def combined(c: Any) -> Any:
    """p_left + (1 - p_left) * p_plan from (left, plan, stay) counts."""
    n = c.sum(axis=-1)
    remaining = c[..., 1] + c[..., 2]
    p_plan = np.where(remaining > 0, c[..., 1] / np.maximum(remaining, 1), 0.0)
    return c[..., 0] / n + (1 - c[..., 0] / n) * p_plan


SURVEY = [50, 41, 28]  # left, plan, stay among 119 OPTAM members (2025 survey)

# --------------------------------------------------------------------------- references

# R 4.2.2, boot 1.3-28 (tests/boot_reference.R): boot(x, mean, R = 200000) on 91 ones and
# 28 zeros, boot.ci(..., type = c("perc", "basic", "bca"), L = empinf(b, type = "jack")):
#   perc 0.689076 0.840336; basic 0.689076 0.840336; bca 0.672269 0.823529; a = -0.019068
# i.e. [82/119, 100/119] and, for BCa with R's strict tie rule, [80/119, 98/119].
R_BOOT = {
    "percentile": (0.689076, 0.840336),
    "basic": (0.689076, 0.840336),
    "bca": (0.672269, 0.823529),
}
R_ACCELERATION = -0.019068


@pytest.mark.parametrize("method", sorted(R_BOOT))
def test_exact_matches_r_boot_with_strict_ties(method: str) -> None:
    r = bootstrap_counts(SURVEY, combined, method=method, ties="strict")
    assert r.engine == "exact"
    assert r.low == pytest.approx(R_BOOT[method][0], abs=5e-7)
    assert r.high == pytest.approx(R_BOOT[method][1], abs=5e-7)
    if method == "bca":
        assert r.acceleration == pytest.approx(R_ACCELERATION, abs=5e-7)


def test_published_exact_limits_of_issue_11() -> None:
    # Percentile [82/119, 100/119]; BCa [81/119, 99/119] with ties counted half (scipy's
    # rule) and [80/119, 98/119] counting only smaller values (R boot, arch, resample).
    for stat, counts in ((combined, SURVEY), (share_first, [91, 28])):
        perc = bootstrap_counts(counts, stat, method="percentile")
        mid = bootstrap_counts(counts, stat, method="bca", ties="mid")
        strict = bootstrap_counts(counts, stat, method="bca", ties="strict")
        assert (round(perc.low * 119, 9), round(perc.high * 119, 9)) == (82, 100)
        assert (round(mid.low * 119, 9), round(mid.high * 119, 9)) == (81, 99)
        assert (round(strict.low * 119, 9), round(strict.high * 119, 9)) == (80, 98)
    assert bootstrap_counts(SURVEY, combined).n_resamples == 7260  # C(121, 2)


def test_agrees_with_scipy_bootstrap() -> None:
    # scipy.stats.bootstrap resamples the 119 respondents (B = 100,000, seed 1); its
    # limits interpolate between order statistics, so they lie within one lattice step
    # (1/119) of the exact B = ∞ limits. BCa uses the same mid-rank tie rule as ours.
    data = np.repeat([1.0, 0.0], [91, 28])
    for method in ("percentile", "basic", "bca"):
        ref = stats.bootstrap(
            (data,), np.mean, method=method, n_resamples=100_000, rng=1, vectorized=True
        ).confidence_interval
        ours = bootstrap_counts([91, 28], share_first, method=method)
        assert abs(ours.low - ref.low) <= 1 / 119 + 1e-9, method
        assert abs(ours.high - ref.high) <= 1 / 119 + 1e-9, method


def test_generic_path_agrees_with_scipy_on_a_continuous_statistic() -> None:
    rng = np.random.default_rng(5)
    data = rng.gamma(2.0, size=60)
    ref = stats.bootstrap(
        (data,), np.median, method="percentile", n_resamples=20_000, rng=2, vectorized=True
    ).confidence_interval
    ours = bootstrap(data, lambda x: np.median(x, axis=-1), method="percentile", rng=3,
                     n_resamples=20_000)  # fmt: skip
    # Both are Monte Carlo: tolerance of 6 of our reported MC standard errors (the
    # chance of a false failure is below 1e-6 if the errors are normal).
    assert abs(ours.low - ref.low) <= 6 * max(ours.mc_se_low, 1e-3)
    assert abs(ours.high - ref.high) <= 6 * max(ours.mc_se_high, 1e-3)


@given(st.integers(1, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.floats(0.5, 0.99))  # fmt: skip
def test_exact_percentile_of_a_proportion_is_binomial_quantiles(
    kn: tuple[int, int], confidence: float
) -> None:
    k, n = kn
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)  # k = 0 or n
        r = bootstrap_counts([k, n - k], share_first, method="percentile", confidence=confidence)
    tail = (1 - confidence) / 2
    assert r.low == pytest.approx(stats.binom.ppf(tail, n, k / n) / n, abs=1e-12)
    assert r.high == pytest.approx(stats.binom.ppf(1 - tail, n, k / n) / n, abs=1e-12)


# --------------------------------------------------------------------------- exact engine


@given(st.integers(0, 40), st.integers(1, 5))
def test_compositions_are_all_distinct_and_complete(n: int, c: int) -> None:
    rows = np.concatenate(list(_compositions(n, c, block=37)))
    assert rows.shape == (n_compositions(n, c), c)
    assert np.all(rows.sum(axis=1) == n)
    assert np.all(rows >= 0)
    # distinct rows (np.unique sorts in C: ~20x cheaper than a set of 135,751 tuples)
    assert np.unique(rows, axis=0).shape[0] == rows.shape[0]


@given(st.lists(st.integers(0, 30), min_size=2, max_size=4).filter(lambda c: sum(c) > 0))
def test_exact_distribution_sums_to_one_and_has_plugin_mean(counts: list[int]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)
        r = bootstrap_counts(counts, share_first, method="percentile")
    assert r.distribution.probabilities.sum() == pytest.approx(1.0, abs=1e-12)
    # A linear statistic's bootstrap mean is its plug-in value: E*[X/n] = k/n.
    assert r.distribution.mean() == pytest.approx(counts[0] / sum(counts), abs=1e-12)


@given(st.lists(st.integers(1, 25), min_size=3, max_size=3), st.permutations(range(3)))
def test_invariant_under_relabelling(counts: list[int], order: list[int]) -> None:
    def first_two(c: Any) -> Any:
        return (c[..., 0] + c[..., 1]) / c.sum(axis=-1)

    base = bootstrap_counts(counts, first_two)
    perm = [counts[i] for i in order]
    # Same statistic written for the permuted columns.
    pos = [order.index(0), order.index(1)]

    def permuted(c: Any) -> Any:
        return (c[..., pos[0]] + c[..., pos[1]]) / c.sum(axis=-1)

    again = bootstrap_counts(perm, permuted)
    assert (again.low, again.high) == pytest.approx((base.low, base.high), abs=1e-12)


@given(st.integers(1, 60), st.integers(1, 60), st.integers(0, 60))
def test_mirror_symmetry_with_mid_ties(a: int, b: int, c: int) -> None:
    # The interval of 1 - θ is the mirror of that of θ: the reason for the mid rule.
    counts = [a, b, c]
    r = bootstrap_counts(counts, share_first, method="bca")
    m = bootstrap_counts(counts, lambda x: 1 - share_first(x), method="bca")
    assert r.low == pytest.approx(1 - m.high, abs=1e-12)
    assert r.high == pytest.approx(1 - m.low, abs=1e-12)


def test_monte_carlo_converges_to_exact() -> None:
    # A non-linear statistic of 4 categories (the funnel with non-response); B = 200,000.
    counts = [40, 30, 20, 10]

    def stat(c: Any) -> Any:
        n = c.sum(axis=-1)
        ans = c[..., 1] + c[..., 2]
        p_plan = np.where(ans > 0, c[..., 1] / np.maximum(ans, 1), 0.5)
        return c[..., 0] / n + (1 - c[..., 0] / n) * p_plan

    for method in ("percentile", "bca", "basic"):
        exact = bootstrap_counts(counts, stat, method=method)
        mc = bootstrap_counts(counts, stat, method=method, n_resamples=200_000, rng=11)
        assert exact.engine == "exact"
        assert mc.engine == "monte-carlo"
        assert mc.n_resamples == 200_000
        assert mc.mc_se_low > 0
        assert mc.mc_se_high > 0
        # Within 5 reported MC standard errors plus one support gap (the limits are
        # order statistics of a discrete law); fixed seed, so deterministic.
        gap = np.diff(exact.distribution.values).max()
        assert abs(mc.low - exact.low) <= 5 * mc.mc_se_low + gap, method
        assert abs(mc.high - exact.high) <= 5 * mc.mc_se_high + gap, method


def test_auto_switches_to_monte_carlo_beyond_the_bound() -> None:
    big = [4000, 3000, 3000]  # C(10002, 2) ≈ 5.0e7 outcomes > 1e7
    assert n_compositions(10_000, 3) > EXACT_MAX_OUTCOMES
    r = bootstrap_counts(big, share_first, method="percentile", rng=1)
    assert r.engine == "monte-carlo"
    assert r.n_resamples == 100_000
    forced = bootstrap_counts([40, 30, 30], share_first, n_resamples=5000, rng=1)
    assert forced.engine == "monte-carlo"
    assert forced.n_resamples == 5000


def test_exact_refuses_past_hard_limit() -> None:
    with pytest.raises(InvalidValueError, match=r"`n_resamples='exact'` would enumerate"):
        bootstrap_counts([100] * 6, share_first, n_resamples="exact")


def test_same_seed_same_digits() -> None:
    a = bootstrap_counts(SURVEY, combined, n_resamples=10_000, rng=42)
    b = bootstrap_counts(SURVEY, combined, n_resamples=10_000, rng=np.random.default_rng(42))
    assert (a.low, a.high, a.mc_se_low) == (b.low, b.high, b.mc_se_low)
    c = bootstrap_counts(SURVEY, combined, n_resamples=10_000, rng=43)
    assert c.distribution.probabilities.tolist() != a.distribution.probabilities.tolist()


def test_degenerate_data_gives_a_point_and_a_warning() -> None:
    for counts in ([0, 0, 30], [30, 0, 0], [1, 0, 0]):
        for method in ("bca", "percentile", "basic"):
            for ties in ("mid", "strict"):
                with pytest.warns(DegenerateDataWarning, match="single point"):
                    r = bootstrap_counts(counts, combined, method=method, ties=ties)
                assert r.low == r.high == r.estimate
                assert not math.isnan(r.bias_correction)
                assert r.acceleration == 0.0


def test_one_sided_bounds_and_p_value() -> None:
    r = bootstrap_counts([91, 28], share_first, method="percentile", alternative="greater")
    assert r.high == 1.0  # largest possible resampled value
    assert round(r.low * 119) == round(stats.binom.ppf(0.05, 119, 91 / 119))
    # The p-value for "above t" is where the one-sided bound crosses t (duality).
    for t in (0.6, 0.68, 0.7, 0.72):
        p = r.p_value_above(t)
        bound_at_p = bootstrap_counts(
            [91, 28],
            share_first,
            method="percentile",
            alternative="greater",
            confidence=1 - p * 0.999,
        )
        assert bound_at_p.low <= t + 1e-12  # fmt: skip
    less = bootstrap_counts([91, 28], share_first, alternative="less")
    assert less.low == 0.0


def test_generic_bca_matches_counts_path() -> None:
    data = np.repeat([1.0, 0.0], [91, 28])
    gen = bootstrap(data, lambda x: x.mean(axis=-1), method="bca", n_resamples=50_000, rng=4)
    exact = bootstrap_counts([91, 28], share_first, method="bca")
    assert gen.acceleration == pytest.approx(exact.acceleration, abs=1e-12)
    assert abs(gen.low - exact.low) <= 1 / 119 + 1e-9
    assert abs(gen.high - exact.high) <= 1 / 119 + 1e-9


def test_generic_path_is_batched() -> None:
    data = np.arange(200.0)
    a = bootstrap(data, lambda x: x.mean(axis=-1), n_resamples=2000, rng=9, batch_size=7)
    b = bootstrap(data, lambda x: x.mean(axis=-1), n_resamples=2000, rng=9, batch_size=7)
    assert a == b


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("counts", "error", "message"),
    [
        ([-1, 3], InvalidValueError, r"`counts` must hold counts ≥ 0"),
        ([1.5, 3], InvalidValueError, r"`counts` must hold whole finite numbers"),
        ([np.nan, 3], InvalidValueError, r"`counts` must hold whole finite numbers"),
        ([0, 0], InvalidValueError, r"`counts` must add up to at least one respondent"),
        ([], InvalidValueError, r"`counts` must be a non-empty 1-d array"),
        ([[1, 2]], InvalidValueError, r"`counts` must be a non-empty 1-d array"),
        (["a", "b"], InvalidTypeError, r"`counts` must hold integer category counts"),
        ([True, False], InvalidTypeError, r"`counts` must hold integer category counts"),
    ],
)
def test_bad_counts(counts: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        bootstrap_counts(counts, share_first)


def test_bad_arguments() -> None:
    with pytest.raises(InvalidValueError, match=r"`method` must be one of 'bca'"):
        bootstrap_counts(SURVEY, combined, method="studentized")
    with pytest.raises(InvalidValueError, match=r"`ties` must be one of 'mid', 'strict'"):
        bootstrap_counts(SURVEY, combined, ties="half")
    with pytest.raises(InvalidValueError, match=r"`n_resamples` must be at least 1000"):
        bootstrap_counts(SURVEY, combined, n_resamples=10)
    with pytest.raises(InvalidTypeError, match=r"`n_resamples` must be 'auto', 'exact'"):
        bootstrap_counts(SURVEY, combined, n_resamples=1e5)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"`rng` must be None, an integer seed"):
        bootstrap_counts(SURVEY, combined, n_resamples=2000, rng="seed")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"`statistic` must be a callable"):
        bootstrap_counts(SURVEY, 3)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"`statistic` must be vectorised"):
        bootstrap_counts(SURVEY, lambda c: 0.5)
    with pytest.raises(InvalidValueError, match=r"`statistic` returned NaN"):
        bootstrap_counts(SURVEY, lambda c: c[..., 1] / c[..., 2] * np.nan)
    with pytest.raises(InvalidValueError, match=r"`data` must hold at least one respondent"):
        bootstrap([], lambda x: x.mean(axis=-1))
    with pytest.raises(InvalidValueError, match=r"`n_resamples` must be a whole number for"):
        bootstrap([1.0, 2.0], lambda x: x.mean(axis=-1), n_resamples="exact")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"`confidence` must be in the open interval"):
        bootstrap_counts(SURVEY, combined, confidence=95)


def test_exact_engine_is_deterministic_and_ignores_rng() -> None:
    a = bootstrap_counts(SURVEY, combined, rng=1)
    b = bootstrap_counts(SURVEY, combined, rng=np.random.default_rng(99))
    c = bootstrap_counts(SURVEY, combined)
    assert a.engine == b.engine == c.engine == "exact"
    assert (a.low, a.high, a.bias_correction, a.acceleration) == (
        b.low, b.high, b.bias_correction, b.acceleration
    )  # fmt: skip
    assert a.distribution.values.tolist() == c.distribution.values.tolist()
    assert a.mc_se_low == a.mc_se_high == 0.0


def test_many_categories_draw_respondents_from_the_multinomial_law() -> None:
    # With c ≥ 64 categories and n < 8c the Monte Carlo engine draws respondents'
    # categories instead of numpy's multinomial (faster there). Each resample must
    # still be a multinomial vector: rows sum to n, and the count of a category
    # follows Binomial(n, p_j) (chi-square goodness of fit, scipy.stats.chisquare).
    counts = np.ones(100, dtype=np.int64)
    counts[:10] = 5  # n = 140 < 8 · 100
    seen: list[Any] = []

    def record(c: Any) -> Any:
        assert np.all(c.sum(axis=-1) == c.sum(axis=-1).flat[0])
        if c.shape[0] > 1:
            seen.append(c[:, [0, 50]].copy())
        return c[..., 0] / c.sum(axis=-1)

    r = bootstrap_counts(counts, record, method="percentile", n_resamples=40_000, rng=5)
    assert r.engine == "monte-carlo"
    drawn = np.concatenate(seen)
    assert drawn.shape[0] == 40_000
    n = int(counts.sum())
    for column, p in ((0, 5 / n), (1, 1 / n)):
        k = np.arange(0, 8)
        observed = np.array([(drawn[:, column] == j).sum() for j in k[:-1]])
        observed = np.append(observed, (drawn[:, column] >= k[-1]).sum())
        expected = stats.binom.pmf(k[:-1], n, p) * drawn.shape[0]
        expected = np.append(expected, stats.binom.sf(k[-1] - 1, n, p) * drawn.shape[0])
        assert stats.chisquare(observed, expected).pvalue > 1e-4
    again = bootstrap_counts(counts, share_first, method="percentile", n_resamples=40_000, rng=5)
    assert (again.low, again.high) == (r.low, r.high)
