"""Tests of optamstats.proportions: outside references, invariants, bad input."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.stats import binomtest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

import optamstats
from optamstats import (
    DifferenceCI,
    InvalidTypeError,
    InvalidValueError,
    OptamstatsError,
    ProportionCI,
    ShapeError,
    difference,
    proportion,
)
from optamstats.proportions import METHODS

# --------------------------------------------------------------------------- strategies


@st.composite
def counts(draw: st.DrawFn, max_n: int = 5000) -> tuple[int, int]:
    n = draw(st.integers(1, max_n))
    return draw(st.integers(0, n)), n


confidences = st.floats(0.5, 0.999)
alternatives = st.sampled_from(["two-sided", "greater", "less"])

# --------------------------------------------------------------------------- R references

# (k, n, Wilson low/high, Wilson-cc low/high, Clopper-Pearson low/high,
#  one-sided Wilson lower bound, one-sided Clopper-Pearson lower bound), from
#   prop.test(k, n, correct = FALSE)$conf.int             # Wilson
#   prop.test(k, n, correct = TRUE)$conf.int              # Wilson with continuity corr.
#   binom.test(k, n)$conf.int                             # Clopper-Pearson
#   prop.test(k, n, correct = FALSE, alternative = "greater")$conf.int[1]
#   binom.test(k, n, alternative = "greater")$conf.int[1]
# R 4.2.2 Patched (2022-11-10 r83330); the script is tests/prop_reference.R.
# The first four rows are the 2025 survey's 119/178, 50/119, 41/69 and 91/119; the last
# three are Newcombe's (1998a) worked cases; 0/20 and 20/20 are the edges.
R_REFERENCE = [
    (119, 178, 0.596466608486405, 0.733491149162049, 0.593575403765617, 0.736096560772777,
     0.594196884735757, 0.737159817950155, 0.608360885578861, 0.605876002917873),
    (50, 119, 0.335344137356333, 0.509984954447002, 0.331393363383345, 0.514168474702661,
     0.330303541163848, 0.514102542831849, 0.348328667698799, 0.343705042849292),
    (41, 69, 0.476358878348368, 0.702110913587028, 0.469204533759971, 0.708660964891270,
     0.469185006125246, 0.710868638251898, 0.495198909502433, 0.488080497775862),
    (91, 119, 0.680961136589235, 0.831895032694444, 0.676449224521253, 0.835513966164163,
     0.678196129639878, 0.837599972090302, 0.695303442284226, 0.691917881605085),
    (0, 20, 0.000000000000000, 0.161125158052819, 0.000000000000000, 0.200453345013487,
     0.000000000000000, 0.168433470983085, 0.000000000000000, 0.000000000000000),
    (20, 20, 0.838874841947181, 1.000000000000000, 0.799546654986513, 1.000000000000000,
     0.831566529016915, 1.000000000000000, 0.880842162639035, 0.860891659331735),
    (81, 263, 0.255288519878274, 0.366209576982800, 0.253508682295185, 0.368176201043004,
     0.252736745585271, 0.367621922601351, 0.263313617188481, 0.261055746009112),
    (15, 148, 0.062386399530736, 0.160487241723308, 0.059778208428498, 0.164449779364837,
     0.057844010083449, 0.161650490349479, 0.067443262246871, 0.063518448819351),
    (1, 29, 0.006113214292763, 0.171755218793203, 0.001802640213280, 0.196281751009759,
     0.000872646883580, 0.177644295488723, 0.007730807972738, 0.001767171000550),
]  # fmt: skip


@pytest.mark.parametrize("row", R_REFERENCE, ids=lambda r: f"{r[0]}/{r[1]}")
def test_matches_r(row: tuple[float, ...]) -> None:
    k, n, wl, wh, cl, ch, el, eh, wg, eg = row
    tol = 1e-12  # R printed 15 decimals
    for method, (lo, hi) in {"wilson": (wl, wh), "wilson-cc": (cl, ch), "exact": (el, eh)}.items():
        r = proportion(int(k), int(n), method=method)
        assert r.low == pytest.approx(lo, abs=tol), method
        assert r.high == pytest.approx(hi, abs=tol), method
    assert proportion(int(k), int(n), alternative="greater").low == pytest.approx(wg, abs=tol)
    exact = proportion(int(k), int(n), method="clopper-pearson", alternative="greater")
    assert exact.low == pytest.approx(eg, abs=tol)


# Newcombe (1998a), Stat Med 17:857-872, Table II, methods 3 (score), 4 (score with
# continuity correction) and 5 (Clopper-Pearson), to the 4 decimals printed. (The Wald
# column is checked against statsmodels and the formula by hand instead.)
NEWCOMBE_1998A = {
    (81, 263): {"wilson": (0.2553, 0.3662),
                "wilson-cc": (0.2535, 0.3682), "clopper-pearson": (0.2527, 0.3676)},
    (15, 148): {"wilson": (0.0624, 0.1605),
                "wilson-cc": (0.0598, 0.1644), "clopper-pearson": (0.0578, 0.1617)},
    (0, 20): {"wilson": (0.0, 0.1611),
              "wilson-cc": (0.0, 0.2005), "clopper-pearson": (0.0, 0.1684)},
    (1, 29): {"wilson": (0.0061, 0.1718),
              "wilson-cc": (0.0018, 0.1963), "clopper-pearson": (0.0009, 0.1776)},
}  # fmt: skip


@pytest.mark.parametrize(
    ("case", "method"), [(c, m) for c in NEWCOMBE_1998A for m in NEWCOMBE_1998A[c]]
)
def test_matches_newcombe_single_table(case: tuple[int, int], method: str) -> None:
    lo, hi = NEWCOMBE_1998A[case][method]
    r = proportion(*case, method=method)
    assert round(r.low, 4) == lo
    assert round(r.high, 4) == hi


# Newcombe (1998b), Stat Med 17:873-890, Table II, method 10 (hybrid score), 4 decimals.
NEWCOMBE_1998B = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((6, 7, 2, 7), (0.0582, 0.8062)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
    ((0, 10, 0, 10), (-0.2775, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0000)),
    ((10, 10, 0, 10), (0.6075, 1.0000)),
]


@pytest.mark.parametrize(("counts4", "expected"), NEWCOMBE_1998B)
def test_difference_matches_newcombe_table(
    counts4: tuple[int, int, int, int], expected: tuple[float, float]
) -> None:
    d = difference(*counts4)
    assert (round(d.low, 4), round(d.high, 4)) == expected
    k1, n1, k2, n2 = counts4
    assert d.estimate == pytest.approx(k1 / n1 - k2 / n2)


def test_headline_one_sided_bound_of_issue() -> None:
    # The issue's measured figure: one-sided 95 % Wilson lower bound of 91/119 is 69.5 %.
    r = proportion(91, 119, alternative="greater")
    assert f"{100 * r.low:.1f}" == "69.5"
    assert r.high == 1.0


# --------------------------------------------------------------------------- oracles

STATSMODELS_NAMES = {
    "wilson": "wilson",
    "clopper-pearson": "beta",
    "jeffreys": "jeffreys",
    "agresti-coull": "agresti_coull",
    "wald": "normal",
}


@given(counts(), confidences, st.sampled_from(sorted(STATSMODELS_NAMES)))
def test_agrees_with_statsmodels(kn: tuple[int, int], confidence: float, method: str) -> None:
    k, n = kn
    if method == "jeffreys":
        # statsmodels does not set the Jeffreys bounds to 0 and 1 at k = 0 and k = n as
        # Brown, Cai & DasGupta (2001) do; compare inside only (edges tested below).
        assume(0 < k < n)
    lo, hi = proportion_confint(k, n, alpha=1 - confidence, method=STATSMODELS_NAMES[method])
    r = proportion(k, n, confidence=confidence, method=method)
    assert r.low == pytest.approx(lo, abs=1e-10)
    assert r.high == pytest.approx(hi, abs=1e-10)


@given(
    counts(), confidences, st.sampled_from(["wilson", "wilson-cc", "clopper-pearson"]), alternatives
)
def test_agrees_with_scipy_binomtest(
    kn: tuple[int, int], confidence: float, method: str, alternative: str
) -> None:
    k, n = kn
    scipy_method = {"wilson": "wilson", "wilson-cc": "wilsoncc", "clopper-pearson": "exact"}[method]
    ci = binomtest(k, n, alternative=alternative).proportion_ci(confidence, method=scipy_method)
    r = proportion(k, n, confidence=confidence, method=method, alternative=alternative)
    assert r.low == pytest.approx(float(ci.low), abs=1e-10)
    assert r.high == pytest.approx(float(ci.high), abs=1e-10)


def test_vectorised_agrees_with_statsmodels_on_many_pairs() -> None:
    rng = np.random.default_rng(7)
    n = rng.integers(1, 300, 20_000)  # many repeated pairs: exercises the dedup path
    k = rng.integers(0, n + 1)
    for method, name in STATSMODELS_NAMES.items():
        r = proportion(k, n, method=method)
        lo, hi = proportion_confint(k, n, method=name)
        inside = (k > 0) & (k < n) if method == "jeffreys" else slice(None)
        np.testing.assert_allclose(r.low[inside], lo[inside], rtol=0, atol=1e-10)
        np.testing.assert_allclose(r.high[inside], hi[inside], rtol=0, atol=1e-10)


@given(counts(max_n=300), confidences, alternatives)
def test_jeffreys_edges_are_exact(kn: tuple[int, int], confidence: float, alt: str) -> None:
    k, n = kn
    r = proportion(k, n, confidence=confidence, method="jeffreys", alternative=alt)
    if k == 0:
        assert r.low == 0.0
    if k == n:
        assert r.high == 1.0


@given(st.integers(1, 5000), confidences, st.sampled_from(METHODS))
def test_edges_exact_for_every_method(n: int, confidence: float, method: str) -> None:
    assert proportion(0, n, confidence=confidence, method=method).low == 0.0
    assert proportion(n, n, confidence=confidence, method=method).high == 1.0


def test_statsmodels_issue_7386_bound_above_one() -> None:
    # statsmodels returned 1.0000000000000002 for 38/38 (issue #7386).
    for method in METHODS:
        assert proportion(38, 38, method=method).high == 1.0


# --------------------------------------------------------------------------- properties


@given(counts(), st.data(), st.sampled_from(METHODS), alternatives)
def test_bounds_are_ordered(
    kn: tuple[int, int], data: st.DataObject, method: str, alt: str
) -> None:
    k, n = kn
    # Jeffreys is a Bayesian credible interval centred on the posterior, not on k/n: at
    # low levels it may exclude k/n (see test_jeffreys_need_not_contain_estimate).
    conf = data.draw(st.floats(0.8 if method == "jeffreys" else 0.5, 0.999), label="conf")
    r = proportion(k, n, confidence=conf, method=method, alternative=alt)
    assert 0.0 <= r.low <= r.estimate <= r.high <= 1.0
    assert r.estimate == k / n
    if alt == "greater":
        assert r.high == 1.0
    if alt == "less":
        assert r.low == 0.0


def test_one_sided_half_level_contains_estimate() -> None:
    # z = ndtri(0.5) = 0: the Wilson bound is k/n itself, and rounding must not put it
    # one ulp inside (found by hypothesis: 5/6 gave high = 0.8333333333333333).
    r = proportion(5, 6, confidence=0.5, alternative="less")
    assert r.high >= r.estimate
    v = proportion([5], [6], confidence=0.5, alternative="less")
    assert v.high[0] >= v.estimate[0]


def test_jeffreys_need_not_contain_estimate() -> None:
    # Documented behaviour: the one-sided 50 % Jeffreys bound of 1/3 is the median of
    # Beta(1.5, 2.5) = scipy.stats.beta.ppf(0.5, 1.5, 2.5) = 0.3525, above 1/3.
    from scipy.stats import beta

    r = proportion(1, 3, confidence=0.5, method="jeffreys", alternative="greater")
    assert r.low == pytest.approx(beta.ppf(0.5, 1.5, 2.5), abs=1e-12)
    assert r.low > r.estimate


@given(counts(), confidences, st.sampled_from(METHODS))
def test_mirror_symmetry(kn: tuple[int, int], conf: float, method: str) -> None:
    k, n = kn
    r, m = (
        proportion(k, n, confidence=conf, method=method),
        proportion(n - k, n, confidence=conf, method=method),
    )
    assert r.low == pytest.approx(1.0 - m.high, abs=1e-12)
    assert r.high == pytest.approx(1.0 - m.low, abs=1e-12)


@given(counts(), st.floats(0.5, 0.99), st.floats(0.001, 0.009), st.sampled_from(METHODS))
def test_wider_at_higher_confidence(
    kn: tuple[int, int], conf: float, step: float, method: str
) -> None:
    k, n = kn
    narrow = proportion(k, n, confidence=conf, method=method)
    wide = proportion(k, n, confidence=conf + step, method=method)
    assert wide.low <= narrow.low + 1e-12
    assert wide.high >= narrow.high - 1e-12


@given(st.integers(1, 1000), st.integers(2, 10), confidences)
def test_narrower_with_more_respondents_at_same_proportion(
    n: int, factor: int, conf: float
) -> None:
    k = n // 3
    small = proportion(k, n, confidence=conf)
    large = proportion(factor * k, factor * n, confidence=conf)
    assert large.high - large.low < small.high - small.low


@given(counts(), st.floats(0.51, 0.99))
def test_one_sided_wilson_is_two_sided_at_double_alpha(kn: tuple[int, int], conf: float) -> None:
    k, n = kn
    two = proportion(k, n, confidence=2 * conf - 1)
    assert proportion(k, n, confidence=conf, alternative="greater").low == pytest.approx(
        two.low, abs=1e-12
    )
    assert proportion(k, n, confidence=conf, alternative="less").high == pytest.approx(
        two.high, abs=1e-12
    )


@given(
    st.lists(counts(max_n=400), min_size=1, max_size=30),
    confidences,
    st.sampled_from(METHODS),
    alternatives,
)
def test_vectorised_equals_scalar(
    pairs: list[tuple[int, int]], conf: float, method: str, alt: str
) -> None:
    k = np.array([p[0] for p in pairs])
    n = np.array([p[1] for p in pairs])
    vec = proportion(k, n, confidence=conf, method=method, alternative=alt)
    assert isinstance(vec.low, np.ndarray)
    assert vec.low.shape == k.shape
    for i, (ki, ni) in enumerate(pairs):
        one = proportion(ki, ni, confidence=conf, method=method, alternative=alt)
        assert vec.low[i] == pytest.approx(one.low, abs=1e-14)
        assert vec.high[i] == pytest.approx(one.high, abs=1e-14)
        assert vec.k[i] == ki
        assert vec.n[i] == ni


@pytest.mark.parametrize("method", METHODS)
def test_dedup_path_equals_direct_path(method: str) -> None:
    rng = np.random.default_rng(3)
    n = rng.integers(1, 60, 10_000)
    k = rng.integers(0, n + 1)
    vec = proportion(k, n, method=method)
    idx = rng.choice(k.size, 50, replace=False)
    for i in idx:
        one = proportion(int(k[i]), int(n[i]), method=method)
        assert vec.low[i] == pytest.approx(one.low, abs=1e-14)
        assert vec.high[i] == pytest.approx(one.high, abs=1e-14)


def test_broadcasting_and_shapes() -> None:
    r = proportion(np.array([[0, 1, 2]]), np.array([[2], [4]]))
    assert r.low.shape == (2, 3)
    assert r.k.shape == (2, 3)
    assert r.n.tolist() == [[2, 2, 2], [4, 4, 4]]
    assert r.k.dtype == np.int64
    empty = proportion(np.array([], dtype=int), np.array([], dtype=int))
    assert empty.low.shape == (0,)


def test_scalar_and_0d_inputs_give_python_scalars() -> None:
    for k, n in [(3, 10), (np.int64(3), np.int32(10)), (np.array(3), np.array(10)), (3.0, 10.0)]:
        r = proportion(k, n)
        assert type(r.k) is int
        assert type(r.n) is int
        assert type(r.estimate) is float
        assert type(r.low) is float
        assert type(r.high) is float
    for method in METHODS:
        assert type(proportion(3, 10, method=method).low) is float


def test_alias_exact_is_clopper_pearson() -> None:
    assert proportion(3, 10, method="exact") == proportion(3, 10, method="clopper-pearson")
    assert proportion(3, 10, method="exact").method == "clopper-pearson"


def test_result_is_frozen() -> None:
    r = proportion(3, 10)
    with pytest.raises(AttributeError):
        r.low = 0.5  # type: ignore[misc]


# --------------------------------------------------------------------------- difference


@given(counts(max_n=500), counts(max_n=500), confidences)
def test_difference_agrees_with_statsmodels(
    a: tuple[int, int], b: tuple[int, int], conf: float
) -> None:
    lo, hi = confint_proportions_2indep(a[0], a[1], b[0], b[1], method="newcomb", alpha=1 - conf)
    d = difference(a[0], a[1], b[0], b[1], confidence=conf)
    assert d.low == pytest.approx(lo, abs=1e-10)
    assert d.high == pytest.approx(hi, abs=1e-10)


@given(
    counts(max_n=500),
    counts(max_n=500),
    confidences,
    st.sampled_from(["newcombe", "wald"]),
    alternatives,
)
def test_difference_properties(
    a: tuple[int, int], b: tuple[int, int], conf: float, method: str, alt: str
) -> None:
    d = difference(a[0], a[1], b[0], b[1], confidence=conf, method=method, alternative=alt)
    assert -1.0 <= d.low <= d.estimate + 1e-12
    assert d.estimate - 1e-12 <= d.high <= 1.0
    swapped = difference(b[0], b[1], a[0], a[1], confidence=conf, method=method)
    two = difference(a[0], a[1], b[0], b[1], confidence=conf, method=method)
    assert two.low == pytest.approx(-swapped.high, abs=1e-12)
    assert two.high == pytest.approx(-swapped.low, abs=1e-12)


def test_difference_vectorised_and_wald() -> None:
    d = difference([56, 9], [70, 10], [48, 3], [80, 10])
    assert isinstance(d, DifferenceCI)
    assert d.low.round(4).tolist() == [0.0524, 0.1705]
    w = difference(56, 70, 48, 80, method="wald")
    # Wald by hand: 0.2 ± 1.959964 * sqrt(.8*.2/70 + .6*.4/80)
    half = 1.959963984540054 * math.sqrt(0.8 * 0.2 / 70 + 0.6 * 0.4 / 80)
    assert w.low == pytest.approx(0.2 - half, abs=1e-12)
    assert w.high == pytest.approx(0.2 + half, abs=1e-12)
    with pytest.raises(ShapeError, match="broadcast"):
        difference([1, 2], [3, 4], [1, 2, 3], [4, 5, 6])


def test_difference_one_sided() -> None:
    g = difference(56, 70, 48, 80, alternative="greater")
    assert g.high == 1.0
    two90 = difference(56, 70, 48, 80, confidence=0.90)
    assert g.low == pytest.approx(two90.low, abs=1e-12)
    assert difference(56, 70, 48, 80, alternative="less").low == -1.0


# --------------------------------------------------------------------------- citing


def test_cite_formats_of_issue() -> None:
    r = proportion(50, 119)
    assert r.cite() == "42.0% (95% CI 33.5–51.0; n = 119)"
    assert r.cite(lang="fr") == "42,0 % (IC à 95 % : 33,5–51,0 ; n = 119)"
    assert r.cite(digits=2) == "42.02% (95% CI 33.53–51.00; n = 119)"


def test_cite_french_typography_and_base() -> None:
    r = proportion(1234, 5678, confidence=0.9, base="répondants")
    text = r.cite(lang="fr", nbsp=True)
    lo, hi = proportion_confint(1234, 5678, alpha=0.1, method="wilson")
    lo_s, hi_s = (f"{100 * v:.1f}".replace(".", ",") for v in (lo, hi))
    nb, thin = "\u00a0", "\u202f"
    assert text == (
        f"21,7{nb}% (IC à 90{nb}%{nb}: {lo_s}–{hi_s}{nb}; n{nb}={nb}5{thin}678 répondants)"
    )
    lo, hi = proportion_confint(3, 10, alpha=0.001, method="wilson")
    expected = f"30.0% (99.9% CI {100 * lo:.1f}–{100 * hi:.1f}; n = 10)"
    assert proportion(3, 10, confidence=0.999).cite() == expected
    assert proportion(3, 1000).cite(lang="fr").endswith("n = 1 000)")


def test_cite_one_sided() -> None:
    assert proportion(91, 119, alternative="greater").cite(lang="fr") == (
        "76,5 % (IC unilatéral à 95 % : ≥ 69,5 ; n = 119)"
    )
    assert proportion(91, 119, alternative="less").cite().startswith("76.5% (95% one-sided CI ≤ ")


def test_cite_refuses_arrays_and_bad_options() -> None:
    with pytest.raises(InvalidValueError, match=r"`cite\(\)` needs a single proportion"):
        proportion([1, 2], [3, 4]).cite()
    with pytest.raises(InvalidValueError, match="`lang`"):
        proportion(1, 3).cite(lang="de")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="`digits`"):
        proportion(1, 3).cite(digits=-1)


def test_difference_cite() -> None:
    d = difference(56, 70, 48, 80, base="A vs B")
    assert d.cite() == "20.0 points (95% CI 5.2 to 33.4; n = 70 and 80; A vs B)"
    neg = difference(48, 80, 56, 70)
    assert neg.cite(lang="fr").startswith("\u221220,0 points (IC à 95 % : \u221233,4 à \u22125,2")


def test_to_frame() -> None:
    frame = proportion([50, 41], [119, 69], base="members").to_frame()
    assert list(frame.columns) == [
        "k", "n", "estimate", "low", "high", "confidence", "method", "alternative", "base"
    ]  # fmt: skip
    assert frame["k"].tolist() == [50, 41]
    assert frame["base"].tolist() == ["members", "members"]
    one = proportion(50, 119).to_frame()
    assert len(one) == 1
    assert one.loc[0, "low"] == proportion(50, 119).low
    pd.testing.assert_series_equal(
        difference([56], [70], [48], [80]).to_frame()["low"],
        pd.Series([difference(56, 70, 48, 80).low], name="low"),
    )


# --------------------------------------------------------------------------- bad input

BAD_COUNTS = [
    ((120, 119), InvalidValueError, r"`k` must be ≤ `n`; got k=120 > n=119"),
    ((-1, 10), InvalidValueError, r"`k` must be a count ≥ 0; got -1"),
    ((1, -10), InvalidValueError, r"`n` must be a count ≥ 0; got -10"),
    ((float("nan"), 10), InvalidValueError, r"`k` must be a finite count; got nan"),
    ((1, float("inf")), InvalidValueError, r"`n` must be a finite count; got inf"),
    ((2.5, 10), InvalidValueError, r"`k` must be a whole number of respondents; got 2.5"),
    ((True, 10), InvalidTypeError, r"`k` must be an integer count, not a boolean"),
    ((1, np.True_), InvalidTypeError, r"`n` must be an integer count, not a boolean"),
    ((0, 0), InvalidValueError, r"`n` must be ≥ 1: a proportion of nobody is undefined"),
    (("3", 10), InvalidTypeError, r"`k` must be an integer count or an array of counts; got '3'"),
    ((None, 10), InvalidTypeError, r"`k` must be an integer count"),
    ((3, 1j), InvalidTypeError, r"`n` must be an integer count"),
    (([1, 2], [3, 4, 5]), ShapeError, r"`k` and `n` must have shapes that broadcast"),
    (([1, 5], [3, 4]), InvalidValueError, r"`k` must be ≤ `n`; got k=5 > n=4 at index \(1,\)"),
    (([1, np.nan], 4), InvalidValueError, r"`k` must hold finite counts; got nan at index \(1,\)"),
    (([1.0, 2.5], 4), InvalidValueError, r"`k` must hold whole numbers of respondents; got 2.5"),
    (([1, -2], 4), InvalidValueError, r"`k` must hold counts ≥ 0; got -2 at index \(1,\)"),
    (([True, False], 4), InvalidTypeError, r"`k` must hold integer counts, not booleans"),
    ((1, [3, 0]), InvalidValueError, r"`n` must be ≥ 1: .* at index \(1,\)"),
    ((np.array(5), np.array(4)), InvalidValueError, r"`k` must be ≤ `n`; got k=5 > n=4"),
    ((np.array(0), np.array(0)), InvalidValueError, r"`n` must be ≥ 1"),
    (([[1, 2], [3]], 4), InvalidTypeError, r"`k` must be an integer count or an array"),
    ((2**60, 2**61), InvalidValueError, r"`k` must be at most 2\*\*53"),
    # Beyond float64 and beyond str(): OverflowError and ValueError before (issue 17).
    ((3, Fraction(10**400, 3)), InvalidValueError, r"`n` must be at most 2\*\*53; got Fraction"),
    ((Fraction(-(10**400), 3), 4), InvalidValueError, r"`k` must be a count ≥ 0; got Fraction"),
    ((3, 10**5000), InvalidValueError, r"`n` must be at most 2\*\*53; got an integer of about"),
]


@pytest.mark.parametrize(("args", "error", "message"), BAD_COUNTS)
def test_bad_counts(args: tuple[object, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message) as info:
        proportion(*args)  # type: ignore[call-overload]
    assert isinstance(info.value, OptamstatsError)


def test_whole_floats_are_counts() -> None:
    assert proportion(3.0, 10.0) == proportion(3, 10)
    assert proportion(np.array([3.0]), 10).low[0] == proportion(3, 10).low


@pytest.mark.parametrize(
    ("confidence", "error", "message"),
    [
        (1.5, InvalidValueError, r"`confidence` must be in the open interval \(0, 1\); got 1.5"),
        (95, InvalidValueError, r"got 95\. Write a level such as 0.95, not a percentage"),
        (0.0, InvalidValueError, r"`confidence` must be in the open interval \(0, 1\); got 0.0"),
        (1.0, InvalidValueError, r"`confidence` must be in the open interval"),
        (float("nan"), InvalidValueError, r"`confidence` .* got nan"),
        ("0.95", InvalidTypeError, r"`confidence` must be a real number in \(0, 1\)"),
        (True, InvalidTypeError, r"`confidence` must be a real number"),
        # Beyond float64: float() raised OverflowError (issue 17).
        pytest.param(
            10**400, InvalidValueError, r"`confidence` must be in the open .*got 1000", id="1e400"
        ),
        pytest.param(
            -(10**400), InvalidValueError, r"`confidence` must be in the .*got -1000", id="-1e400"
        ),
        pytest.param(
            Fraction(10**400, 3), InvalidValueError, r"`confidence` must be in the open", id="F"
        ),
    ],
)
def test_bad_confidence(confidence: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        proportion(3, 10, confidence=confidence)  # type: ignore[arg-type]
    with pytest.raises(error, match=message):
        difference(3, 10, 4, 10, confidence=confidence)  # type: ignore[arg-type]


def test_bad_method_lists_valid_ones() -> None:
    with pytest.raises(
        InvalidValueError, match=r"`method` must be one of 'wilson', 'wilson-cc'.*got 'score'"
    ):
        proportion(3, 10, method="score")
    with pytest.raises(InvalidTypeError, match="`method` must be a string"):
        proportion(3, 10, method=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"`method` must be one of 'newcombe', 'wald'"):
        difference(3, 10, 4, 10, method="wilson")
    with pytest.raises(InvalidValueError, match=r"`alternative` must be one of .*got 'larger'"):
        proportion(3, 10, alternative="larger")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="`base` must be None or a short label"):
        proportion(3, 10, base=3)  # type: ignore[arg-type]


def test_difference_bad_counts_name_their_argument() -> None:
    with pytest.raises(InvalidValueError, match=r"`k2` must be ≤ `n2`"):
        difference(3, 10, 11, 10)
    with pytest.raises(InvalidValueError, match=r"`n1` must be ≥ 1"):
        difference(0, 0, 1, 10)


def test_exceptions_subclass_builtins() -> None:
    assert issubclass(optamstats.InvalidValueError, ValueError)
    assert issubclass(optamstats.InvalidTypeError, TypeError)
    assert issubclass(optamstats.ShapeError, ValueError)
    assert re.fullmatch(r"\d+\.\d+\.\d+", optamstats.__version__)
    assert isinstance(proportion(1, 2), ProportionCI)


@given(counts(max_n=2000), st.floats(0.001, 0.999), st.sampled_from(["greater", "less"]))
def test_binomial_p_value_agrees_with_scipy_binomtest(
    kn: tuple[int, int], p0: float, alternative: str
) -> None:
    from optamstats.proportions import binomial_p_value

    k, n = kn
    expected = binomtest(k, n, p0, alternative=alternative).pvalue
    assert binomial_p_value(k, n, p0, alternative) == pytest.approx(expected, rel=1e-9, abs=1e-15)  # type: ignore[arg-type]


def test_binomial_p_value_reference_and_bad_input() -> None:
    from optamstats.proportions import binomial_p_value

    # R 4.2.2: binom.test(91, 119, p = 0.7, alternative = "greater")$p.value
    assert binomial_p_value(91, 119, 0.7) == pytest.approx(0.072560403772153, abs=1e-13)
    with pytest.raises(InvalidValueError, match=r"`alternative` must be one of 'greater', 'less'"):
        binomial_p_value(91, 119, 0.7, "two-sided")
    with pytest.raises(InvalidValueError, match=r"`p0` must be in the open interval"):
        binomial_p_value(91, 119, 70)
    with pytest.raises(InvalidValueError, match=r"`k` must be ≤ `n`"):
        binomial_p_value(120, 119, 0.7)


@pytest.mark.parametrize("method", METHODS)
def test_huge_integer_arrays_do_not_overflow(method: str) -> None:
    # k * (n - k) exceeds int64 here; the array path must agree with the scalar path.
    k, n = 2**40 + 12345, 2**41
    vec = proportion(np.array([k], dtype=np.int64), np.array([n], dtype=np.int64), method=method)
    one = proportion(k, n, method=method)
    assert vec.low[0] == pytest.approx(one.low, rel=1e-12)
    assert vec.high[0] == pytest.approx(one.high, rel=1e-12)
    assert one.low < k / n < one.high


def test_difference_n_is_both_groups() -> None:
    assert difference(56, 70, 48, 80).n == 150
    assert difference([56, 9], [70, 10], [48, 3], [80, 10]).n.tolist() == [150, 20]


@pytest.mark.parametrize("method", METHODS)
def test_confidence_next_to_one_stays_finite(method: str) -> None:
    # 1 − 1e-16 rounds 1 − α/2 to 1.0: z must come from the tail (found by the fuzz test).
    r = proportion(3, 10, confidence=1 - 1e-16, method=method)
    assert 0.0 <= r.low <= 0.3 <= r.high <= 1.0
    wide = proportion(3, 10, confidence=0.999999, method=method)
    assert r.low <= wide.low
    assert r.high >= wide.high
    d = difference(3, 10, 4, 10, confidence=1 - 1e-16)
    assert -1.0 <= d.low <= d.estimate <= d.high <= 1.0


def test_one_sided_levels_below_half_are_refused() -> None:
    # Found by the fuzz test: at confidence 1e-300 the tail rounds to 1 and z to -inf.
    with pytest.raises(
        InvalidValueError, match=r"`confidence` must be at least 0.5 for a one-sided"
    ):
        proportion(1, 3, confidence=1e-300, alternative="greater")
    with pytest.raises(
        InvalidValueError, match=r"`confidence` must be at least 0.5 for a one-sided"
    ):
        difference(1, 3, 2, 3, confidence=0.3, alternative="less")
    assert proportion(1, 3, confidence=1e-300).low == pytest.approx(1 / 3)  # two-sided: fine


# P(X ≤ k), X ~ Binomial(n, p), near the mean at n ≈ 2**53, where scipy's betaincc
# (1.17) returns NaN. Reference: mpmath 1.4 at 40 digits, the regularised incomplete beta
# I_{1-p}(n - k, k + 1) as the integral of the beta density by mp.quad (cut at the mode
# ± 60 sd), which reproduces the closed form 1/2 + C(2m, m)/2**(2m + 1) of the first
# row to 22 digits. The docstring's bounds: 1e-14 relative where scipy gives NaN (the
# Edgeworth expansion), 1e-7 for scipy's own values at n ≈ 2**53.
HUGE_N_REFERENCE = [
    (2**53, 0.5, 4503599627370496, 0.5000000042035399641674),
    (2**53 - 1, 0.7, 6305039478318693, 0.5000000012230501633377),
    (2**53, 0.3, 2702159776422295, 0.4999999822657726316029),
    (9007199254740987, 0.5, 4503599627370496, 0.5000000252212397850047),
    (2**53, 0.7, 6305039478318699, 0.5000000498392941560125),
]


@pytest.mark.parametrize(("n", "p", "k", "expected"), HUGE_N_REFERENCE)
def test_binomial_p_value_near_the_mean_at_2_53(n: int, p: float, k: int, expected: float) -> None:
    from scipy import special

    from optamstats.proportions import binomial_p_value

    assert math.isnan(special.betaincc(k + 1, n - k, p))  # the case this test is about
    assert math.isclose(binomial_p_value(k, n, p, "less"), expected, rel_tol=1e-14)
    # The complement: P(X ≥ k + 1) = 1 − P(X ≤ k), from scipy's betainc (finite there).
    assert math.isclose(binomial_p_value(k + 1, n, p), 1.0 - expected, rel_tol=1e-7)


def test_binomial_p_value_beyond_int32_counts() -> None:
    from optamstats.proportions import binomial_p_value

    # scipy.special.bdtrc takes n as a C int (NaN from 2**31); the incomplete beta does not.
    # Exact values: P(X ≥ 1) = 1 − (1/2)**n = 1.0 in float64; P(X ≤ 0) = 2**-n underflows to 0.
    assert binomial_p_value(1, 2**31, 0.5) == 1.0
    assert binomial_p_value(0, 2**31, 0.5, "less") == 0.0
    half = binomial_p_value(2**30, 2**31, 0.5)  # P(X ≥ n/2) ≈ 1/2 + pmf(n/2)/2
    assert 0.5 < half < 0.5001
