"""Secondary paths of proportions.py that mutation testing found unchecked (issue 18).

Every number comes from an outside reference (statsmodels, scipy) or an invariant a wrong
number breaks (the vectorised path equals the scalar path element by element).
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from optamstats import difference, proportion
from optamstats.proportions import _DEDUP_MIN_SIZE

# Groups of the union survey: (k1, n1, k2, n2), including a difference near +1 and one near
# -1 whose Wald half-width crosses the [-1, 1] edge, a zero count and a full count.
GROUPS = np.array(
    [
        (56, 70, 48, 80),  # Newcombe (1998) example (a)
        (19, 20, 1, 20),  # d = 0.9: Wald high = 1.035 before clipping
        (1, 20, 19, 20),  # d = -0.9: Wald low = -1.035 before clipping
        (0, 15, 9, 30),
        (12, 12, 40, 61),
        (33, 119, 50, 119),
    ]
)


def _sm_2indep(row: np.ndarray, method: str, alpha: float) -> tuple[float, float]:
    k1, n1, k2, n2 = (int(v) for v in row)
    # statsmodels.stats.proportion.confint_proportions_2indep(count1, nobs1, count2, nobs2,
    # method="newcomb" | "wald", compare="diff", alpha): the unclipped two-sided bounds.
    low, high = confint_proportions_2indep(k1, n1, k2, n2, method=method, alpha=alpha)
    return float(low), float(high)


@pytest.mark.parametrize(("method", "sm_method"), [("newcombe", "newcomb"), ("wald", "wald")])
@pytest.mark.parametrize("confidence", [0.95, 0.80])
def test_vectorised_difference_both_bounds_match_statsmodels(
    method: str, sm_method: str, confidence: float
) -> None:
    d = difference(*GROUPS.T, method=method, confidence=confidence)
    ref = np.array([_sm_2indep(r, sm_method, 1 - confidence) for r in GROUPS])
    np.testing.assert_allclose(d.low, np.clip(ref[:, 0], -1, 1), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(d.high, np.clip(ref[:, 1], -1, 1), rtol=1e-12, atol=1e-14)
    k1, n1, k2, n2 = GROUPS.T
    np.testing.assert_allclose(d.estimate, k1 / n1 - k2 / n2)
    # The array result carries what was asked, like the scalar one.
    assert (d.confidence, d.method, d.alternative) == (confidence, method, "two-sided")
    for name in ("k1", "n1", "k2", "n2"):
        assert getattr(d, name).dtype == np.int64
    np.testing.assert_array_equal(d.k1, GROUPS[:, 0])
    np.testing.assert_array_equal(d.n2, GROUPS[:, 3])


def test_wald_difference_crossing_plus_and_minus_one_is_clipped() -> None:
    # statsmodels' Wald bounds for 19/20 vs 1/20 at 95 %: 0.9 ± 1.959964 * sqrt(2 * 0.0475 / 20)
    # = (0.7649, 1.0351); the library clips to [-1, 1] (documented), vectorised or not.
    raw = _sm_2indep(GROUPS[1], "wald", 0.05)
    assert raw[1] > 1.0  # the edge case is real
    d = difference(19, 20, 1, 20, method="wald")
    assert d.high == 1.0
    assert d.low == pytest.approx(raw[0], rel=1e-12)
    mirrored = difference(1, 20, 19, 20, method="wald")
    assert mirrored.low == -1.0
    assert mirrored.high == pytest.approx(-raw[0], rel=1e-12)
    arr = difference([19, 1], [20, 20], [1, 19], [20, 20], method="wald")
    np.testing.assert_array_equal(arr.high, [1.0, mirrored.high])
    np.testing.assert_array_equal(arr.low, [d.low, -1.0])


@pytest.mark.parametrize("method", ["newcombe", "wald"])
@pytest.mark.parametrize("alternative", ["greater", "less"])
def test_vectorised_one_sided_difference(method: str, alternative: str) -> None:
    # A one-sided 95 % bound is the matching bound of the two-sided 90 % interval
    # (statsmodels has no one-sided option: alpha = 0.10 two-sided).
    d = difference(*GROUPS.T, method=method, alternative=alternative)
    sm_method = "newcomb" if method == "newcombe" else "wald"
    ref = np.array([_sm_2indep(r, sm_method, 0.10) for r in GROUPS])
    if alternative == "greater":
        np.testing.assert_allclose(d.low, np.clip(ref[:, 0], -1, 1), rtol=1e-12, atol=1e-14)
        np.testing.assert_array_equal(d.high, np.ones(len(GROUPS)))
    else:
        np.testing.assert_allclose(d.high, np.clip(ref[:, 1], -1, 1), rtol=1e-12, atol=1e-14)
        np.testing.assert_array_equal(d.low, -np.ones(len(GROUPS)))
    assert (d.confidence, d.method, d.alternative) == (0.95, method, alternative)
    # ... and element by element the scalar path gives the same numbers.
    for i, row in enumerate(GROUPS):
        s = difference(*(int(v) for v in row), method=method, alternative=alternative)
        assert (s.low, s.high) == pytest.approx((d.low[i], d.high[i]), rel=1e-14, abs=1e-15)


# --------------------------------------------------------------------------- de-duplication


def _survey_table(rng: np.random.Generator, size: int, n_max: int) -> tuple[np.ndarray, np.ndarray]:
    """Many repeated (k, n) cells, as in a survey table: few distinct pairs."""
    n = rng.integers(1, n_max + 1, size=size)
    k = (rng.integers(0, 1_000_000, size=size) % (n + 1)).astype(np.int64)
    return k, n


def _scipy_one_sided(k: int, n: int, method: str, alternative: str, conf: float) -> float:
    a = 1.0 - conf
    if method == "clopper-pearson":
        # scipy.stats.binomtest(k, n, alternative=...).proportion_ci(conf, method="exact")
        ci = stats.binomtest(k, n, alternative=alternative).proportion_ci(conf, method="exact")
        return float(ci.low if alternative == "greater" else ci.high)
    # Jeffreys: the a (or 1 - a) quantile of Beta(k + 1/2, n - k + 1/2), 0 at k = 0 and 1 at
    # k = n (Brown, Cai and DasGupta 2001, section 4.1.2).
    if alternative == "greater":
        return 0.0 if k == 0 else float(stats.beta.ppf(a, k + 0.5, n - k + 0.5))
    return 1.0 if k == n else float(stats.beta.ppf(1 - a, k + 0.5, n - k + 0.5))


@pytest.mark.parametrize("method", ["clopper-pearson", "jeffreys"])
@pytest.mark.parametrize("alternative", ["greater", "less"])
def test_deduplicated_path_one_sided(method: str, alternative: str) -> None:
    rng = np.random.default_rng(18)
    k, n = _survey_table(rng, _DEDUP_MIN_SIZE + 4, 12)  # 78 distinct pairs in 4,100 cells
    assert len(set(zip(k.tolist(), n.tolist(), strict=True))) < 0.9 * k.size
    r = proportion(k, n, method=method, alternative=alternative, confidence=0.9)
    assert (r.method, r.alternative, r.confidence) == (method, alternative, 0.9)
    free = r.high if alternative == "greater" else r.low
    np.testing.assert_array_equal(free, 1.0 if alternative == "greater" else 0.0)
    bound = r.low if alternative == "greater" else r.high
    pairs = list(zip(k.tolist(), n.tolist(), strict=True))
    ref = {pair: _scipy_one_sided(*pair, method, alternative, 0.9) for pair in set(pairs)}
    # scipy's beta quantiles are within ~1e-9 here (n <= 12); the library's refined ones
    # within 1e-15 of mpmath (test_proportions): 1e-9 catches any wrong pair or side.
    np.testing.assert_allclose(bound, [ref[p] for p in pairs], rtol=1e-9, atol=1e-12)
    # The small-array path (no de-duplication) gives the same numbers.
    small = proportion(k[:100], n[:100], method=method, alternative=alternative, confidence=0.9)
    np.testing.assert_allclose(small.low, r.low[:100], rtol=1e-15, atol=0)
    np.testing.assert_allclose(small.high, r.high[:100], rtol=1e-15, atol=0)


def test_deduplicated_two_sided_matches_statsmodels_beta() -> None:
    rng = np.random.default_rng(7)
    k, n = _survey_table(rng, 5000, 30)
    r = proportion(k, n, method="exact")
    # statsmodels.stats.proportion.proportion_confint(k, n, alpha=0.05, method="beta")
    lo, hi = proportion_confint(k, n, alpha=0.05, method="beta")
    np.testing.assert_allclose(r.low, np.where(k == 0, 0.0, lo), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(r.high, np.where(k == n, 1.0, hi), rtol=1e-9, atol=1e-12)


def test_int64_key_overflow_guard() -> None:
    # Bases of 4e9 (a national register count): the pair key k * (n_max + 1) + n would
    # need ~1.6e19 > 2**63 - 1, so de-duplication must step aside. Keys that wrapped around
    # would map cells to the wrong (k, n): each cell must equal its own scalar interval.
    big = 4_000_000_000
    k = np.array([big - 1, 17, big - 2, 3_999_000_000] * 1100, dtype=np.int64)
    n = np.full(k.size, big, dtype=np.int64)
    assert k.size >= _DEDUP_MIN_SIZE
    assert (big + 1) ** 2 > 2**63
    for method in ("clopper-pearson", "jeffreys"):
        r = proportion(k, n, method=method, alternative="greater")
        for i in range(4):
            s = proportion(int(k[i]), int(n[i]), method=method, alternative="greater")
            assert r.low[i] == pytest.approx(s.low, rel=1e-14), (method, i)
            assert r.estimate[i] == int(k[i]) / int(n[i])
        # the cells of the same pair agree with each other
        np.testing.assert_array_equal(r.low[::4], np.full(1100, r.low[0]))


# (n, p, k, P(X <= k)) for X ~ Binomial(n, p) at n ≈ 2**53: the mpmath references of
# tests/test_proportions.py (40 digits, the regularised incomplete beta by mp.quad).
HUGE = [
    (2**53, 0.5, 4503599627370496, 0.5000000042035399641674),
    (2**53, 0.3, 2702159776422295, 0.4999999822657726316029),
    (2**53, 0.7, 6305039478318699, 0.5000000498392941560125),
]


@pytest.mark.parametrize(("n", "p", "k", "expected"), HUGE)
def test_edgeworth_tail_both_sides(n: int, p: float, k: int, expected: float) -> None:
    # The expansion is reached only where scipy's incomplete beta gives NaN; both sides
    # of it are checked here directly: P(X >= k + 1) = 1 − P(X <= k).
    from optamstats.proportions import _edgeworth_p_value

    assert _edgeworth_p_value(k, n, p, "less") == pytest.approx(expected, rel=1e-14)
    assert _edgeworth_p_value(k + 1, n, p, "greater") == pytest.approx(1 - expected, rel=1e-13)


# R 4.x: binom.test(k, n)$conf.int, printed with sprintf("%.17g"); R's qbeta is within
# ~1e-14 relative. k < 40 with n - k >= 40 is the path refined on the binomial sum.
R_CLOPPER_PEARSON = [
    (5, 200, 0.0081661661908425179, 0.057374351126845857),
    (1, 1000, 2.5317487491294069e-05, 0.005558924279826627),
    (39, 100, 0.29401041485341706, 0.49268552036763646),
    (0, 300, 0.0, 0.012220974694293507),
    (12, 5000, 0.0012407107696028046, 0.004188560186045312),
]


def test_clopper_pearson_small_k_matches_r_scalar_and_vectorised() -> None:
    k, n, lo, hi = (np.array(c) for c in zip(*R_CLOPPER_PEARSON, strict=True))
    r = proportion(k, n, method="exact")
    np.testing.assert_allclose(r.low, lo, rtol=1e-13, atol=0)
    np.testing.assert_allclose(r.high, hi, rtol=1e-13, atol=0)
    for i in range(k.size):
        s = proportion(int(k[i]), int(n[i]), method="exact")
        assert (s.low, s.high) == pytest.approx((lo[i], hi[i]), rel=1e-13, abs=0)
    # R: binom.test(k, n, alternative = "less", conf.level = 0.9)$conf.int[2]
    less = proportion([5, 39], [200, 100], method="exact", alternative="less", confidence=0.9)
    np.testing.assert_allclose(less.high, [0.045878690367753827, 0.45873599192843317], rtol=1e-13)


def test_keep_if_bad_keeps_the_unrefined_value_outside_zero_one() -> None:
    from optamstats.proportions import _keep_if_bad

    x = np.full(6, 0.25)
    refined = np.array([-0.5, 0.3, np.inf, -np.inf, np.nan, 1.5])
    np.testing.assert_array_equal(
        _keep_if_bad(refined.copy(), x), [0.25, 0.3, 0.25, 0.25, 0.25, 0.25]
    )
    assert _keep_if_bad(np.float64(-1e-3), 0.25) == 0.25
    assert _keep_if_bad(np.float64(0.5), 0.25) == 0.5


def test_dedup_keys_do_not_merge_bases_one_apart() -> None:
    # Bases of 10^9 + i: float64 keys k * (n_max + 1) + n (~5e17, spacing 64) would merge
    # pairs one base apart; int64 keys keep them apart. Each cell equals its scalar bound.
    k = np.full(4400, 500_000_000, dtype=np.int64)
    n = np.tile(np.arange(1_000_000_000, 1_000_000_004, dtype=np.int64), 1100)
    for method in ("clopper-pearson", "jeffreys"):
        r = proportion(k, n, method=method, confidence=0.9)
        for i in range(4):
            s = proportion(500_000_000, int(n[i]), method=method, confidence=0.9)
            assert r.low[i] == pytest.approx(s.low, rel=1e-15), (method, i)
            assert r.high[i] == pytest.approx(s.high, rel=1e-15), (method, i)
        assert len(set(r.low[:4].tolist())) == 4  # four different bases, four bounds


def test_binomial_p_value_refuses_arrays_on_either_side() -> None:
    from optamstats import InvalidTypeError
    from optamstats.proportions import binomial_p_value

    for k, n in ((np.array([1, 2]), 10), (3, np.array([10, 12])), (np.array([1]), np.array([5]))):
        with pytest.raises(
            InvalidTypeError, match=r"^`k` and `n` must be single counts for a p-value\.$"
        ):
            binomial_p_value(k, n, 0.5)  # type: ignore[arg-type]


def test_difference_scalar_metadata_and_argument_names() -> None:
    from optamstats import InvalidValueError

    d = difference(56, 70, 48, 80, method="wald", confidence=0.9, alternative="less")
    assert (d.method, d.confidence, d.alternative) == ("wald", 0.9, "less")
    assert difference(56, 70, 48, 80).method == "newcombe"
    with pytest.raises(InvalidValueError, match="`alternative`"):
        difference(1, 3, 2, 3, alternative="up")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="`k1`"):
        difference(-1, 3, 2, 3)
    with pytest.raises(InvalidValueError, match="`k2`"):
        difference(1, 3, 4, 3)
    # A two-sided interval at a low level is allowed (only one-sided ones are refused):
    # statsmodels confint_proportions_2indep(56, 70, 48, 80, method="newcomb", alpha=0.7)
    low = difference(56, 70, 48, 80, confidence=0.3)
    ref = confint_proportions_2indep(56, 70, 48, 80, method="newcomb", alpha=0.7)
    assert (low.low, low.high) == pytest.approx(ref, rel=1e-12)


def test_french_citation_of_a_difference_formats_both_bases() -> None:
    fr = difference(500, 1234, 300, 1000).cite(lang="fr")
    en = difference(500, 1234, 300, 1000).cite()
    assert "1,234" in en
    # French thousands separators (a space, no-break or narrow no-break), never commas
    assert re.search(r"n\W+1[\u202f\u00a0 ]234 et 1[\u202f\u00a0 ]000\)", fr), fr
