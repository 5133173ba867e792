"""Tests of optamstats.quantiles: numeric answers, the median interval, parse_numbers.

Reference values come from R 4.2.2 (base R: t.test, quantile, qbinom/pbinom, the
interval of DescTools::MedianCI(method = "exact")); each call is quoted beside its
values and the script that printed them is tests/question_types_reference.R.
"""

from __future__ import annotations

import math
from fractions import Fraction
from random import Random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from optamstats import (
    InvalidTypeError,
    InvalidValueError,
    MeanCI,
    MedianCI,
    NumberSummary,
    median_interval,
    number_summary,
    parse_numbers,
)
from optamstats.quantiles import order_statistic_ranks

# Years in practice of 24 respondents (the vector `v` of the R script).
YEARS = [12, 3, 25, 7.5, 18, 30, 1, 9, 14, 22, 5, 16, 11, 27, 8, 19, 2, 35, 13, 10, 6, 21, 4,
         17]  # fmt: skip

values_lists = st.lists(
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False), min_size=1, max_size=80
)
confidences = st.floats(0.5, 0.999)
# Answers as people type them: quarters of a unit (no subnormal spreads, where scipy's
# own t.interval overflows to NaN).
typed_lists = st.lists(st.integers(-400_000, 400_000).map(lambda i: i / 4), min_size=2,
                       max_size=80)  # fmt: skip


# --------------------------------------------------------------------------- R references


def test_number_summary_matches_r() -> None:
    s = number_summary(YEARS)
    assert isinstance(s, NumberSummary)
    assert isinstance(s.mean, MeanCI)
    assert s.n == 24
    # mean(v); sd(v) -> 13.9791666666667 9.24600873546158
    assert s.mean.estimate == pytest.approx(13.9791666666667, rel=1e-13)
    assert s.mean.sd == pytest.approx(9.24600873546158, rel=1e-13)
    # t.test(v)$conf.int -> 10.0749195897058 17.8834137436275
    assert s.mean.low == pytest.approx(10.0749195897058, rel=1e-12)
    assert s.mean.high == pytest.approx(17.8834137436275, rel=1e-12)
    assert s.mean.method == "t"
    assert s.mean.confidence == 0.95
    assert s.mean.n == 24
    # quantile(v, c(.25, .75), type = 7) -> 7.125 19.5; median(v) -> 12.5
    assert (s.q1, s.q3, s.median.estimate) == (7.125, 19.5, 12.5)
    assert (s.min, s.max) == (1.0, 35.0)


def test_mean_at_99_percent_matches_r() -> None:
    # t.test(v, conf.level = 0.99)$conf.int -> 8.6807876201764 19.2775457131569
    m = number_summary(YEARS, confidence=0.99).mean
    assert m.low == pytest.approx(8.6807876201764, rel=1e-12)
    assert m.high == pytest.approx(19.2775457131569, rel=1e-12)


@pytest.mark.parametrize(
    ("confidence", "low", "high", "level", "k"),
    [
        # median_ci(v) in the R script: k <- qbinom((1 - conf)/2, 24, 0.5);
        # sort(v)[c(k, 24 - k + 1)]; 1 - 2 * pbinom(k - 1, 24, 0.5)
        (0.95, 7.5, 19.0, 0.977344155311584, 7),
        (0.90, 8.0, 18.0, 0.936085343360901, 8),
        (0.99, 6.0, 21.0, 0.993389248847961, 6),
    ],
)
def test_median_interval_matches_r(
    confidence: float, low: float, high: float, level: float, k: int
) -> None:
    m = median_interval(YEARS, confidence)
    assert isinstance(m, MedianCI)
    assert (m.low, m.high, m.lower_order, m.upper_order) == (low, high, k, 24 - k + 1)
    assert m.achieved_confidence == pytest.approx(level, rel=1e-13)
    assert m.method == "order statistics (exact binomial)"
    assert m.defined


def test_median_interval_small_samples_match_r() -> None:
    # median_ci(c(61, 45, 52, 38, 70, 49, 55)) -> 38 70 0.984375 (k = 1)
    m = median_interval([61, 45, 52, 38, 70, 49, 55])
    assert (m.estimate, m.low, m.high, m.achieved_confidence) == (52.0, 38.0, 70.0, 0.984375)
    # median_ci(1:6) -> 1 6 0.96875
    m = median_interval([6, 5, 4, 3, 2, 1])
    assert (m.estimate, m.low, m.high, m.achieved_confidence) == (3.5, 1.0, 6.0, 0.96875)


def test_median_interval_undefined_where_r_gives_na() -> None:
    # median_ci(c(1, 2, 3, 4, 5)) -> NA: qbinom(0.025, 5, 0.5) = 0, and the full range
    # covers only 1 - 2/32 = 0.9375 < 0.95.
    m = median_interval([1, 2, 3, 4, 5])
    assert (m.low, m.high, m.achieved_confidence, m.lower_order) == (None, None, None, None)
    assert not m.defined
    assert m.estimate == 3.0
    # qbinom(0.125, 3, 0.5) = 0 (R's fuzz takes the exact tie P(B <= 0) = 1/8 as reached):
    # median_ci(1:3, 0.75) -> NA, where a tie-blind search would return [1, 3].
    assert not median_interval([1, 2, 3], 0.75).defined


@pytest.mark.parametrize(
    ("n", "k", "level"),
    # c(qbinom(0.025, n, 0.5), 1 - 2 * pbinom(qbinom(0.025, n, 0.5) - 1, n, 0.5))
    [(6, 1, 0.96875), (10, 2, 0.978515625), (30, 10, 0.957226054742932),
     (100, 40, 0.964799799782295), (1000, 469, 0.953708802639502)],
)  # fmt: skip
def test_order_statistic_ranks_match_qbinom(n: int, k: int, level: float) -> None:
    ranks = order_statistic_ranks(n, 0.95)
    assert ranks is not None
    assert ranks[:2] == (k, n - k + 1)
    assert ranks[2] == pytest.approx(level, rel=1e-13)


# --------------------------------------------------------------------------- other sources


@given(typed_lists.filter(lambda v: len(set(v)) > 1), confidences)
def test_mean_interval_matches_scipy_t_interval(values: list[float], confidence: float) -> None:
    x = np.array(values)
    m = number_summary(values, confidence=confidence).mean
    low, high = stats.t.interval(confidence, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    scale = max(1.0, float(np.abs(x).max()))
    assert m.low == pytest.approx(low, rel=1e-9, abs=1e-12 * scale)
    assert m.high == pytest.approx(high, rel=1e-9, abs=1e-12 * scale)


@given(values_lists)
def test_quartiles_are_numpy_linear_and_median_is_numpy_median(values: list[float]) -> None:
    s = number_summary(values)
    q1, q3 = np.quantile(values, [0.25, 0.75])  # numpy default "linear" = R type 7
    assert (s.q1, s.q3) == (pytest.approx(q1, rel=1e-15, abs=1e-300),
                            pytest.approx(q3, rel=1e-15, abs=1e-300))  # fmt: skip
    assert s.median.estimate == pytest.approx(float(np.median(values)), rel=1e-15, abs=1e-300)
    assert (s.min, s.max) == (min(values), max(values))


def _exact_cdf(k: int, n: int) -> Fraction:
    """P(B ≤ k), B ~ Binomial(n, ½), as an exact fraction (math.comb)."""
    return Fraction(sum(math.comb(n, j) for j in range(k + 1)), 2**n)


@given(st.integers(1, 1500), confidences)
def test_order_statistics_are_the_narrowest_reaching_the_level(n: int, conf: float) -> None:
    # Exact coverage in rational arithmetic: the chosen k reaches the level, k + 1 does
    # not (k is the largest valid index), and k = 0 exactly when the range falls short.
    ranks = order_statistic_ranks(n, conf)
    if ranks is None:
        assert 1 - 2 * _exact_cdf(0, n) <= Fraction(conf)
        return
    k, upper, coverage = ranks
    assert upper == n - k + 1
    assert 1 <= k < upper
    exact = 1 - 2 * _exact_cdf(k - 1, n)
    assert coverage == float(exact)  # correctly rounded
    assert exact > Fraction(conf)
    assert 1 - 2 * _exact_cdf(k, n) <= Fraction(conf)


@pytest.mark.parametrize("n", [20_001, 54_321, 1_000_000])
@pytest.mark.parametrize("conf", [0.9, 0.95, 0.99])
def test_order_statistics_for_large_n_match_scipy_binom(n: int, conf: float) -> None:
    # Beyond 20,000 answers the CDF is scipy.special.betainc: check k against
    # scipy.stats.binom.ppf (R's qbinom) and the coverage against binom.cdf.
    ranks = order_statistic_ranks(n, conf)
    assert ranks is not None
    k, _, coverage = ranks
    assert k == int(stats.binom.ppf((1 - conf) / 2, n, 0.5))
    assert coverage == pytest.approx(1 - 2 * stats.binom.cdf(k - 1, n, 0.5), rel=1e-11)


# --------------------------------------------------------------------------- properties


@given(values_lists, confidences)
def test_median_interval_contains_median_and_covers(values: list[float], conf: float) -> None:
    m = median_interval(values, conf)
    assert m.n == len(values)
    assert m.confidence == conf
    if m.defined:
        assert m.low is not None
        assert m.high is not None
        assert m.achieved_confidence is not None
        assert m.low <= m.estimate <= m.high
        assert m.achieved_confidence >= conf
        ordered = sorted(values)
        assert m.lower_order is not None
        assert m.upper_order is not None
        assert (m.low, m.high) == (ordered[m.lower_order - 1], ordered[m.upper_order - 1])


@given(values_lists, st.randoms(use_true_random=False))
def test_permuting_values_changes_nothing(values: list[float], rnd: Random) -> None:
    # Every statistic is computed on the sorted answers: not even the last bit moves.
    shuffled = list(values)
    rnd.shuffle(shuffled)
    assert number_summary(shuffled) == number_summary(values)
    assert median_interval(shuffled, 0.9) == median_interval(values, 0.9)


@given(values_lists, st.lists(confidences, min_size=2, max_size=2))
def test_intervals_nest_as_confidence_grows(values: list[float], confs: list[float]) -> None:
    small, large = sorted(confs)
    a, b = number_summary(values, confidence=small), number_summary(values, confidence=large)
    if b.median.defined:
        assert a.median.defined
        assert b.median.low <= a.median.low <= a.median.high <= b.median.high  # type: ignore[operator]
    if a.mean.defined:
        assert b.mean.low <= a.mean.low <= a.mean.estimate <= a.mean.high <= b.mean.high  # type: ignore[operator]


def test_mean_interval_undefined_for_one_value_or_constant_data() -> None:
    # R: t.test(5) stops with "not enough 'x' observations"; t.test(c(4, 4, 4)) with
    # "data are essentially constant". Here the estimate stays and the bounds are None.
    one = number_summary([5]).mean
    assert (one.estimate, one.low, one.high, one.sd, one.defined) == (5.0, None, None, None, False)
    same = number_summary([0.1, 0.1, 0.1]).mean
    assert (same.low, same.high, same.sd, same.defined) == (None, None, 0.0, False)


def test_accepts_numpy_arrays_integers_and_fractions() -> None:
    a = number_summary(np.array(YEARS))
    assert a == number_summary(YEARS)
    assert number_summary([Fraction(1, 2), 3, np.int64(4)]).median.estimate == 3.0


# --------------------------------------------------------------------------- parse_numbers


def test_parse_numbers_reads_french_and_english_writing() -> None:
    got = parse_numbers(["12", "12,5", "12.5", " 3 ", "1 234", "1\u00a0234", "1\u202f234,5",
                         "", "   ", None, "-3", "\u22122,5", "+7", "0,25"])  # fmt: skip
    expected = [12, 12.5, 12.5, 3, 1234, 1234, 1234.5, math.nan, math.nan, math.nan, -3, -2.5,
                7, 0.25]  # fmt: skip
    np.testing.assert_array_equal(got, np.array(expected))
    assert got.dtype == np.float64
    np.testing.assert_array_equal(parse_numbers([math.nan, "1"]), [math.nan, 1.0])
    assert parse_numbers([]).shape == (0,)


@pytest.mark.parametrize(
    "text", ["douze", "12 ans", "1,234.5", "12 34", "1 2345", "1.2.3", "inf", "nan", "--3",
             "12,", ",5", "1e3", "0x10", "12 %"],
)  # fmt: skip
def test_parse_numbers_refuses_what_is_not_a_number(text: str) -> None:
    with pytest.raises(InvalidValueError, match=r"`texts` position 1 is .*not a number"):
        parse_numbers(["3", text])


def test_parse_numbers_refuses_bad_containers() -> None:
    with pytest.raises(InvalidTypeError, match="not one string"):
        parse_numbers("12")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="must hold strings; got 12 at position 0"):
        parse_numbers([12])  # type: ignore[list-item]
    with pytest.raises(InvalidTypeError, match="sequence of strings"):
        parse_numbers(5)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("values", "error", "pattern"),
    [
        ([], InvalidValueError, "at least one answer"),
        ([1.0, math.nan], InvalidValueError, r"finite numbers; got nan at position 1"),
        ([1.0, math.inf, 2.0], InvalidValueError, r"got inf at position 1"),
        ([[1, 2], [3, 4]], InvalidValueError, "one-dimensional"),
        ("12", InvalidTypeError, "not one string"),
        (["12", "3"], InvalidTypeError, "parse_numbers"),
        ([1, None, 3], InvalidTypeError, "got None at position 1"),
        ([True, False], InvalidTypeError, "not booleans"),
        ([1, [2, 3]], InvalidTypeError, "one-dimensional sequence of numbers"),
        ([1, 10**400], InvalidValueError, r"finite numbers; got inf at position 1"),
        (12.5, InvalidValueError, "one-dimensional"),
    ],
)
def test_bad_values(values: object, error: type[Exception], pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        number_summary(values)  # type: ignore[arg-type]
    with pytest.raises(error, match=pattern):
        median_interval(values)  # type: ignore[arg-type]


def test_extreme_answers_are_exact_or_refused() -> None:
    # Scaled by a power of two: no overflow in the squares. sd of (a, b) is |a - b|/√2.
    s = number_summary([1e300, 3e300])
    assert s.mean.estimate == 2e300
    assert s.mean.sd == pytest.approx(2e300 / math.sqrt(2), rel=1e-15)
    # scipy.stats.t.interval(0.95, 1, loc=2, scale=1) scaled by 1e300
    low, high = stats.t.interval(0.95, 1, loc=2.0, scale=1.0)
    assert s.mean.low == pytest.approx(low * 1e300, rel=1e-12)
    assert s.mean.high == pytest.approx(high * 1e300, rel=1e-12)
    tiny = number_summary([1e-310, 3e-310])  # subnormal: squares would underflow to 0
    # the difference of two subnormals is exact; unscaled, the squares would be 0
    assert tiny.mean.sd == pytest.approx((3e-310 - 1e-310) / math.sqrt(2), rel=1e-15)
    assert tiny.mean.defined
    # A spread beyond float64 is refused; the median needs no arithmetic and stays.
    with pytest.raises(InvalidValueError, match="`values` are too large for float64"):
        number_summary([1e308, -1e308])
    assert median_interval([1e308, -1e308]).estimate == 0.0


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5, math.nan])
def test_bad_confidence_value(confidence: float) -> None:
    with pytest.raises(InvalidValueError, match="`confidence`"):
        number_summary(YEARS, confidence=confidence)
    with pytest.raises(InvalidValueError, match="`confidence`"):
        median_interval(YEARS, confidence)


@pytest.mark.parametrize("confidence", ["0.95", True, None])
def test_bad_confidence_type(confidence: object) -> None:
    with pytest.raises(InvalidTypeError, match="`confidence`"):
        number_summary(YEARS, confidence=confidence)  # type: ignore[arg-type]
