"""Extreme scale: proportions of bases up to 10^12, and bootstraps of 10^7 resamples.

Reference values are computed here, independently of the library (no scipy): the
normal quantile by the standard library (``statistics.NormalDist``, Wichura's AS 241),
then each interval's closed form in 50-digit decimal arithmetic, and the exact binomial
tail equations of Clopper and Pearson solved by bisection in the same arithmetic.
mpmath is not a dependency, so ``decimal`` plays its part; the beta quantiles of
Clopper-Pearson and Jeffreys are also checked against mpmath values computed offline
and typed in (``MPMATH_BOUNDS``, to 1e-14 relative).

Tolerances: a bound below 1/2 must match to 1e-12 *relative* (it may be 1e-13 itself:
an absolute tolerance would prove nothing); a bound above 1/2 to 4 ulps of 1, the
spacing float64 has there.
"""

from __future__ import annotations

import math
import time
import tracemalloc
from decimal import Decimal, getcontext, localcontext
from statistics import NormalDist

import numpy as np
import pytest

from optamstats.proportions import proportion
from optamstats.resampling import bootstrap, bootstrap_counts

getcontext().prec = 50
ULP_1 = 2.0**-52
BASES = [10**6, 10**9, 10**12]
CONFIDENCE = 0.95


def _tail(confidence: float = CONFIDENCE) -> float:
    # The level as the library receives it: (1 − 0.95) / 2 in float64 is
    # 0.025000000000000022, and the references use exactly that number.
    return (1.0 - confidence) / 2.0


def _z(tail: float) -> Decimal:
    return Decimal(NormalDist().inv_cdf(1.0 - tail))


def _near(got: float, exact: Decimal, label: str) -> None:
    value = float(exact)
    error = abs(Decimal(got) - exact)
    if value < 0.5:
        assert error <= Decimal("1e-12") * exact + Decimal("1e-300"), (label, got, value)
    else:
        assert error <= Decimal(4 * ULP_1), (label, got, value)


def _clip(x: Decimal) -> Decimal:
    return min(max(x, Decimal(0)), Decimal(1))


# --------------------------------------------------------------------------- closed forms


def _wilson(k: int, n: int, z: Decimal) -> tuple[Decimal, Decimal]:
    # E. B. Wilson (1927), J. Amer. Statist. Assoc. 22:209-212: the roots in p of
    # (k/n - p)^2 = z^2 p (1 - p) / n.
    kk, nn, z2 = Decimal(k), Decimal(n), z * z
    root = z * (z2 + 4 * kk * (nn - kk) / nn).sqrt()
    return (2 * kk + z2 - root) / (2 * (nn + z2)), (2 * kk + z2 + root) / (2 * (nn + z2))


def _wilson_cc(k: int, n: int, z: Decimal) -> tuple[Decimal, Decimal]:
    # R. G. Newcombe (1998), Stat. Med. 17:857-872, method 4, as printed there.
    kk, nn, z2 = Decimal(k), Decimal(n), z * z
    p = kk / nn
    low_rad = z2 - 2 - 1 / nn + 4 * p * (nn * (1 - p) + 1)
    high_rad = z2 + 2 - 1 / nn + 4 * p * (nn * (1 - p) - 1)
    low = (2 * nn * p + z2 - 1 - z * max(low_rad, Decimal(0)).sqrt()) / (2 * (nn + z2))
    high = (2 * nn * p + z2 + 1 + z * max(high_rad, Decimal(0)).sqrt()) / (2 * (nn + z2))
    return _clip(low), _clip(high)


def _agresti_coull(k: int, n: int, z: Decimal) -> tuple[Decimal, Decimal]:
    # A. Agresti and B. A. Coull (1998), Amer. Statist. 52:119-126.
    z2 = z * z
    n_t = Decimal(n) + z2
    p_t = (Decimal(k) + z2 / 2) / n_t
    half = z * (p_t * (1 - p_t) / n_t).sqrt()
    return _clip(p_t - half), _clip(p_t + half)


def _wald(k: int, n: int, z: Decimal) -> tuple[Decimal, Decimal]:
    p = Decimal(k) / Decimal(n)
    half = z * (p * (1 - p) / Decimal(n)).sqrt()
    return _clip(p - half), _clip(p + half)


CLOSED_FORMS = {
    "wilson": _wilson,
    "wilson-cc": _wilson_cc,
    "agresti-coull": _agresti_coull,
    "wald": _wald,
}


def _ks(n: int) -> list[int]:
    return [0, 1, 2, 10, n // 2, n - 10, n - 2, n - 1, n]


@pytest.mark.parametrize("method", sorted(CLOSED_FORMS))
@pytest.mark.parametrize("n", BASES)
def test_closed_form_intervals_at_extreme_scale(method: str, n: int) -> None:
    tail = _tail()
    z = _z(tail)
    for k in _ks(n):
        low, high = CLOSED_FORMS[method](k, n, z)
        if k == 0:
            low = Decimal(0)  # every method's exact edge
        if k == n:
            high = Decimal(1)
        r = proportion(k, n, method=method)
        _near(r.low, low, f"{method} low k={k} n={n}")
        _near(r.high, high, f"{method} high k={k} n={n}")
        assert r.estimate == k / n


def test_vectorised_equals_scalar_at_extreme_scale() -> None:
    n = 10**12
    ks = np.array(_ks(n), dtype=np.int64)
    vector = proportion(ks, n)
    for i, k in enumerate(ks.tolist()):
        scalar = proportion(k, n)
        assert (vector.low[i], vector.high[i]) == (scalar.low, scalar.high)


# --------------------------------------------------------------------------- Clopper-Pearson


def _binomial_cdf(k: int, n: int, p: Decimal) -> Decimal:
    """P(X <= k) for X ~ Binomial(n, p), summed exactly in 50 digits (k small)."""
    total, term = Decimal(0), (1 - p) ** n  # i = 0
    for i in range(k + 1):
        if i > 0:
            term = term * Decimal(n - i + 1) / Decimal(i) * p / (1 - p)
        total += term
    return total


def _bisect(f: object, target: Decimal, lo: Decimal, hi: Decimal, increasing: bool) -> Decimal:
    """Root of f(p) = target on [lo, hi] for a monotone f, to 1e-40 relative."""
    for _ in range(400):
        mid = (lo + hi) / 2
        value = f(mid)  # type: ignore[operator]
        if (value < target) == increasing:
            lo = mid
        else:
            hi = mid
        if hi - lo <= Decimal("1e-40") * hi:
            break
    return (lo + hi) / 2


def _clopper_pearson(k: int, n: int, tail: float) -> tuple[Decimal, Decimal]:
    # C. J. Clopper and E. S. Pearson (1934), Biometrika 26:404-413: the lower bound
    # solves P(X >= k; p) = tail, the upper P(X <= k; p) = tail. For k or n - k small
    # the tails are finite sums; the bound is found by bisection on p.
    a = Decimal(tail)
    if k <= 3:
        low = (
            Decimal(0)
            if k == 0
            else _bisect(lambda p: 1 - _binomial_cdf(k - 1, n, p), a, Decimal(0), Decimal(1), True)
        )
        high = _bisect(lambda p: _binomial_cdf(k, n, p), a, Decimal(0), Decimal(1), False)
        return low, high
    # Mirror: X ~ Binomial(n, p) is n − Y with Y ~ Binomial(n, 1 − p).
    low_m, high_m = _clopper_pearson(n - k, n, tail)
    return 1 - high_m, 1 - low_m


@pytest.mark.parametrize("n", BASES)
def test_clopper_pearson_against_exact_binomial_tails(n: int) -> None:
    tail = _tail()
    for k in [0, 1, 2, 3, n - 3, n - 2, n - 1, n]:
        low, high = _clopper_pearson(k, n, tail)
        r = proportion(k, n, method="clopper-pearson")
        _near(r.low, low, f"CP low k={k} n={n}")
        _near(r.high, high, f"CP high k={k} n={n}")


@pytest.mark.parametrize("n", BASES)
def test_clopper_pearson_upper_bound_at_zero(n: int) -> None:
    # Was a bug (cancellation in 1 - betaincinv(b, a, tail): 1.4e-5 relative at n = 10^12);
    # now scipy.special.betainccinv, exact to 1e-12 relative at k = 0.
    _, high = _clopper_pearson(0, n, _tail())
    _near(proportion(0, n, method="clopper-pearson").high, high, f"CP high k=0 n={n}")


# Bounds computed by mpmath 1.4.1 (mp.dps = 40), rounded to 25 digits: the root p of
#   lower bound:  mp.betainc(a, b, 0, p, regularized=True) == tail
#   upper bound:  mp.betainc(a, b, p, 1, regularized=True) == tail
# with (a, b) = (k, n - k + 1) for the Clopper-Pearson lower bound, (k + 1, n - k) for its
# upper bound, (k + 1/2, n - k + 1/2) for both Jeffreys bounds, and tail the float64
# number the library uses, (1 - confidence) / 2 two-sided or 1 - confidence one-sided,
# solved by mp.findroot(f, (p0 * (1 - 1e-6), p0 * (1 + 1e-6)), solver="anderson").
# Each root was checked by Newton's method on a second evaluation of the incomplete beta
# (its 2F1 series, DLMF 8.17.8, or continued fraction, DLMF 8.17.22), agreeing to 1e-27.
# The comment gives the relative error of scipy 1.17's betaincinv / betainccinv, which
# the library used alone before it refined the root: the number each row would catch.
MPMATH_BOUNDS = [
    # The example (R's qbeta is within 1e-14 of it): was 1.944860152529681e-09.
    ("exact", "high", 1, 2 * 10**9, 0.9, "less", "1.944860083528689315307602e-9"),  # 3.5e-8
    ("exact", "high", 1, 10**8, 0.95, "two-sided", "5.571643263581065794185128e-8"),  # 9.9e-10
    ("exact", "high", 2, 10**6, 0.95, "two-sided", "7.224668794380315846975498e-6"),  # 1.0e-11
    ("exact", "high", 3, 10**9, 0.95, "two-sided", "8.767273044460695867088168e-9"),  # 5.0e-9
    ("exact", "high", 38, 2 * 10**9, 0.9, "less", "2.359337893677017667809958e-8"),  # 1.8e-9
    ("exact", "high", 39, 10**6, 0.99, "two-sided", "5.815997105857720334486655e-5"),  # 5.9e-17
    ("exact", "high", 40, 10**9, 0.95, "two-sided", "5.446864656994026162686836e-8"),  # 1.0e-16
    ("exact", "high", 5, 67456677336, 0.9, "less", "1.374908201727879764034097e-10"),  # 6.6e-14
    ("exact", "high", 2, 10**12, 0.95, "two-sided", "7.224687667705086278684539e-12"),  # 2.9e-15
    ("exact", "high", 999, 239287, 0.95, "two-sided", "0.004441440809435350594610317"),  # 5.5e-10
    ("exact", "low", 3, 10**9, 0.95, "two-sided", "6.18672123322896027549549e-10"),  # 2.4e-17
    ("exact", "low", 68512, 69511, 0.95, "two-sided", "0.9847156445802887887486003"),  # 3.6e-12
    ("jeffreys", "low", 1632, 3301, 0.95, "two-sided", "0.4773511590605590672667239"),  # 8.2e-14
    ("jeffreys", "high", 1632, 3301, 0.95, "two-sided", "0.5114499392732716420601277"),  # 8.1e-14
    ("jeffreys", "high", 1, 2 * 10**9, 0.9, "less", "1.562847156766691201667011e-9"),  # 1.3e-16
    ("jeffreys", "low", 1, 2 * 10**9, 0.9, "greater", "1.460935935463858198185974e-10"),  # 4.4e-17
]


def _near_mpmath(got: float, reference: str, label: str) -> None:
    # Below 1/2: 1e-14 relative (the library's bounds are within 1.3e-15 on 2,000 random
    # cases from n = 3 to 10^12); above: 2 ulps of 1, the spacing of float64 there.
    exact = Decimal(reference)
    error = abs(Decimal(got) - exact)
    if exact < Decimal("0.5"):
        assert error <= Decimal("1e-14") * exact, (label, got, reference)
    else:
        assert error <= Decimal(2 * ULP_1), (label, got, reference)


@pytest.mark.parametrize(
    ("method", "side", "k", "n", "confidence", "alternative", "reference"),
    MPMATH_BOUNDS,
    ids=[f"{m}-{s}-{k}/{n}-{c}-{a}" for m, s, k, n, c, a, _ in MPMATH_BOUNDS],
)
def test_beta_bounds_against_mpmath(
    method: str, side: str, k: int, n: int, confidence: float, alternative: str, reference: str
) -> None:
    r = proportion(k, n, method=method, confidence=confidence, alternative=alternative)  # type: ignore[arg-type]
    _near_mpmath(r.low if side == "low" else r.high, reference, f"{method} {side} {k}/{n}")


def test_beta_bounds_vectorised_and_deduplicated_equal_scalar() -> None:
    # The refinement runs on arrays (and on the unique pairs of a large array) with the
    # same arithmetic as on scalars: the same bits, rows of every kind of the table above.
    for method in ("exact", "jeffreys"):
        for confidence, alternative in [(0.95, "two-sided"), (0.9, "less"), (0.9, "greater")]:
            rows = [(k, n) for _, _, k, n, *_ in MPMATH_BOUNDS if n < 2**31]
            ks = np.array([k for k, _ in rows] * 500, dtype=np.int64)  # 5,000+: deduplicated
            ns = np.array([n for _, n in rows] * 500, dtype=np.int64)
            for vector in (
                proportion(ks[: len(rows)], ns[: len(rows)], method=method,
                           confidence=confidence, alternative=alternative),  # type: ignore[arg-type]
                proportion(ks, ns, method=method, confidence=confidence,
                           alternative=alternative),  # type: ignore[arg-type]
            ):  # fmt: skip
                for i, (k, n) in enumerate(rows):
                    scalar = proportion(k, n, method=method, confidence=confidence,
                                        alternative=alternative)  # type: ignore[arg-type]  # fmt: skip
                    assert (vector.low[i], vector.high[i]) == (scalar.low, scalar.high), (k, n)


def test_clopper_pearson_closed_forms() -> None:
    # k = n: the lower bound is (alpha/2)^(1/n); k = 0: the upper is 1 - (alpha/2)^(1/n)
    # (checked above; here only against the float identity of expm1).
    tail = _tail()
    with localcontext() as ctx:
        ctx.prec = 50
        for n in BASES:
            root = (Decimal(tail).ln() / Decimal(n)).exp()
            _near(proportion(n, n, method="exact").low, root, f"k=n n={n}")
            _, high = _clopper_pearson(0, n, tail)
            assert abs(high - (1 - root)) <= Decimal("1e-45")  # the two references agree


_JEFFREYS_BUG = (
    "BUG (proportions._jeffreys): the upper bound is computed as "
    "1 - betaincinv(n - k + 1/2, k + 1/2, tail), which cancels when the bound is near 0: "
    "at k = 0, n = 10**12 it gives 2.511991e-12 for 2.511943e-12 (1.9e-5 relative). "
    "scipy.special.betainccinv(k + 1/2, n - k + 1/2, tail) keeps full precision."
)


def test_jeffreys_upper_bound_near_zero() -> None:
    # Was a bug (see _JEFFREYS_BUG, kept for the record); now betainccinv.
    # At k = 0 the upper bound is the 1 - tail quantile of Beta(1/2, n + 1/2). As n grows,
    # n Beta(1/2, n + 1/2) tends to Gamma(1/2, 1), that is chi-square(1) / 2, whose
    # quantile is z^2 / 2 with z the 1 - tail/2 normal quantile; the relative error of
    # the limit is of order 1/n (1.5e-12 at n = 10^12), far below the tolerance.
    n, tail = 10**12, _tail()
    z = NormalDist().inv_cdf(1.0 - tail / 2.0)
    limit = z * z / (2.0 * n)
    assert math.isclose(proportion(0, n, method="jeffreys").high, limit, rel_tol=1e-9)


def test_jeffreys_mirror_symmetry_at_extreme_scale() -> None:
    # No closed form without scipy's beta quantile; the interval of n - k mirrors that
    # of k exactly (Beta(a, b) and Beta(b, a)), and bounds stay inside Clopper-Pearson's.
    for n in BASES:
        for k in [1, 2, 10]:
            a = proportion(k, n, method="jeffreys")
            b = proportion(n - k, n, method="jeffreys")
            # b's bounds are near 1, where float64 holds them to an ulp of 1 only.
            assert math.isclose(a.low, 1 - b.high, rel_tol=0, abs_tol=4 * ULP_1)
            assert math.isclose(a.high, 1 - b.low, rel_tol=0, abs_tol=4 * ULP_1)
            cp = proportion(k, n, method="exact")
            assert cp.low <= a.low < k / n < a.high <= cp.high


def test_bounds_are_monotone_in_k_at_extreme_scale() -> None:
    n = 10**12
    ks = np.array([0, 1, 2, 3, 10, 100, n - 100, n - 10, n - 3, n - 2, n - 1, n])
    for method in ("wilson", "wilson-cc", "clopper-pearson", "jeffreys", "agresti-coull"):
        r = proportion(ks, n, method=method)
        assert np.all(np.diff(r.low) >= 0), method
        assert np.all(np.diff(r.high) >= 0), method
        assert np.all((r.low <= r.estimate) & (r.estimate <= r.high)), method


# --------------------------------------------------------------------------- bootstrap


def _share(counts: np.ndarray) -> np.ndarray:
    return counts[:, 0] / counts.sum(axis=1)


def test_ten_million_resamples_of_counts_in_bounded_memory() -> None:
    b = 10**7
    counts = np.array([50, 41, 28])
    tracemalloc.start()
    try:
        start = time.perf_counter()
        r = bootstrap_counts(counts, _share, n_resamples=b, method="percentile", rng=2025)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert r.n_resamples == b
    assert r.engine == "monte-carlo"
    # Memory: the B statistic values (8 bytes each, 80 MB) and their sorting, never
    # the B × 3 resampled tables at once (240 MB) nor B × n respondents (9.5 GB).
    assert peak < 2.5 * 8 * b, f"peak {peak / 2**20:.0f} MiB"
    # The exact bootstrap (B = ∞) enumerates the 7,260 outcomes: with 10^7 resamples
    # the Monte Carlo quantiles land on the same lattice points unless the exact CDF
    # at a bound is within a few Monte Carlo errors (5e-5) of 0.025 or 0.975, which
    # the first assertion rules out; the chance of a mismatch is then below 1e-9.
    exact = bootstrap_counts(counts, _share, n_resamples="exact", method="percentile")
    dist = exact.distribution
    # A Monte Carlo quantile leaves the exact lattice point only if the empirical CDF
    # at one of the two jumps around each bound crosses the level: each has standard
    # error sqrt(q (1 - q) / B) = 4.9e-5, and the margins below make that chance tiny.
    se = math.sqrt(0.025 * 0.975 / b)
    margins = [
        abs(cdf - q)
        for bound in (exact.low, exact.high)
        for cdf in (dist.cdf(bound), dist.cdf(bound, strict=True))
        for q in (0.025, 0.975)
    ]
    chance = 4 * (1 - NormalDist().cdf(min(margins) / se))
    assert chance < 1e-9
    assert (r.low, r.high) == (exact.low, exact.high)
    assert r.mc_se_low < 0.01
    assert elapsed < 60


def _respondent_peak(n: int, b: int) -> int:
    data = (np.arange(n) % 3 == 0).astype(np.int8)
    tracemalloc.start()
    try:
        bootstrap(data, lambda x: x.mean(axis=-1), n_resamples=b, method="percentile", rng=7)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_respondent_bootstrap_memory_does_not_grow_with_respondents() -> None:
    # Resamples are drawn in blocks of about 2^22 values: five times more respondents
    # must not take five times more memory (the B × n int64 indices would be 0.45 GB
    # and 2.4 GB).
    b = 50_000
    small, large = _respondent_peak(1190, b), _respondent_peak(5950, b)
    assert large < 1.5 * small + 32 * 2**20, (small, large)
    assert large < 8 * b * 5950 / 20


@pytest.mark.slow
def test_ten_million_respondent_resamples() -> None:
    b = 10**7
    data = np.array([1] * 50 + [0] * 69, dtype=np.int8)
    tracemalloc.start()
    try:
        r = bootstrap(data, lambda x: x.mean(axis=-1), n_resamples=b, method="percentile", rng=2025)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2.5 * 8 * b, f"peak {peak / 2**20:.0f} MiB"
    exact = bootstrap_counts(np.array([50, 69]), _share, n_resamples="exact", method="percentile")
    assert (r.low, r.high) == (exact.low, exact.high)
