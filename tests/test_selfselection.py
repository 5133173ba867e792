"""Tests of optamstats.selfselection: R references, exact arithmetic, properties, bad input."""

from __future__ import annotations

import datetime
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optamstats import proportion
from optamstats._checks import InvalidTypeError, InvalidValueError
from optamstats.selfselection import (
    compare_to_population,
    nonresponse_bounds,
    response_rate,
    response_trend,
    response_waves,
)

# R 4.x, prop.trend.test(x, n[, score]): (X-squared, p-value)
R_TREND = [
    (([15, 10, 6], [40, 35, 30], None), (2.545688903586568, 0.110595662805096)),
    (([30, 41, 60], [80, 82, 90], None), (1.45301263784080e01, 1.37935995528106e-04)),
    (([30, 41, 60], [80, 82, 90], [0, 1, 3]), (1.44633807566908e01, 1.42910967659418e-04)),
    (([12, 9], [30, 31], None), (0.812396313364055, 0.367412727037730)),
]


@pytest.mark.parametrize(("args", "expected"), R_TREND)
def test_trend_against_r_prop_trend_test(args: Any, expected: tuple[float, float]) -> None:
    k, n, scores = args
    t = response_trend(k, n, scores=scores)
    assert t.statistic == pytest.approx(expected[0], rel=1e-10)
    assert t.p_value == pytest.approx(expected[1], rel=1e-9)
    # statsmodels' linear-by-linear statistic is the same r² times N − 1 instead of N.
    total = sum(n)
    assert t.z**2 == pytest.approx(expected[0] * (total - 1) / total, rel=1e-10)
    assert t.p_value_lbl > t.p_value


def test_trend_sign_follows_the_direction() -> None:
    assert response_trend([15, 10, 6], [40, 35, 30]).z < 0
    assert response_trend([6, 10, 15], [30, 35, 40]).z > 0


def test_no_variation_means_no_trend() -> None:
    t = response_trend([0, 0, 0], [5, 6, 7])
    assert (t.statistic, t.p_value, t.z, t.p_value_lbl) == (0.0, 1.0, 0.0, 1.0)
    assert response_trend([5, 6], [5, 6]).p_value == 1.0


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"k": [1], "n": [2]}, InvalidValueError, "at least 2"),
        ({"k": [1, 2], "n": [2, 3, 4]}, InvalidValueError, "same number of waves"),
        ({"k": [3, 1], "n": [2, 3]}, InvalidValueError, r"`k\[0\]` = 3 is above"),
        ({"k": [0, 1], "n": [0, 3]}, InvalidValueError, r"`n\[0\]` must be ≥ 1"),
        ({"k": [1.5, 1], "n": [2, 3]}, InvalidValueError, r"`k\[0\]` must be a whole"),
        ({"k": ["1", 1], "n": [2, 3]}, InvalidTypeError, r"`k\[0\]` must be a whole"),
        ({"k": "12", "n": [2, 3]}, InvalidTypeError, "`k` must be a sequence"),
        ({"k": [1, 1], "n": [2, 3], "scores": [1, 1]}, InvalidValueError, "strictly increasing"),
        ({"k": [1, 1], "n": [2, 3], "scores": [0, np.inf]}, InvalidValueError, "finite"),
        ({"k": [1, 1], "n": [2, 3], "labels": ["a"]}, InvalidValueError, "`labels`"),
    ],
)
def test_trend_bad_input(kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        response_trend(**kwargs)


# --------------------------------------------------------------------------- waves


def test_waves_by_reminders_count_the_reminder_day_as_after() -> None:
    times = pd.to_datetime(["2026-03-01 09:00", "2026-03-08 23:59", "2026-03-09 00:01",
                            "2026-03-15 12:00", "2026-03-16 08:00"])  # fmt: skip
    waves, labels = response_waves(times, reminders=["2026-03-09", datetime.date(2026, 3, 16)])
    assert waves.tolist() == [0, 0, 1, 1, 2]
    assert labels == ("before 2026-03-09", "from 2026-03-09", "from 2026-03-16")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 10_000), min_size=3, max_size=60))
def test_thirds_are_balanced_and_ordered(minutes: list[int]) -> None:
    times = pd.Timestamp("2026-03-01") + pd.to_timedelta(minutes, unit="min")
    waves, labels = response_waves(times)
    n = len(minutes)
    counts = np.bincount(waves, minlength=3)
    assert counts.tolist() == [sum(1 for i in range(n) if (i * 3) // n == w) for w in range(3)]
    # No respondent of an earlier wave answered after one of a later wave.
    for a in range(3):
        for b in range(a + 1, 3):
            early = [m for m, w in zip(minutes, waves, strict=True) if w == a]
            late = [m for m, w in zip(minutes, waves, strict=True) if w == b]
            assert max(early) <= min(late)
    assert labels == ("first third", "second third", "last third")


def test_waves_bad_input() -> None:
    with pytest.raises(InvalidValueError, match="1 missing time"):
        response_waves(pd.to_datetime(["2026-03-01", None, "2026-03-02"]))
    with pytest.raises(InvalidValueError, match="at least 3"):
        response_waves(pd.to_datetime(["2026-03-01", "2026-03-02"]))
    with pytest.raises(InvalidValueError, match="increasing order"):
        response_waves(pd.to_datetime(["2026-03-01"]), reminders=["2026-03-09", "2026-03-02"])
    with pytest.raises(InvalidTypeError, match=r"`reminders\[0\]` must be a date"):
        response_waves(pd.to_datetime(["2026-03-01"]), reminders=["9 March"])
    with pytest.raises(InvalidTypeError, match="`times` must be submission times"):
        response_waves([object()])


# --------------------------------------------------------------------------- bounds


@pytest.mark.parametrize(("k", "n", "m"), [(50, 119, 81), (0, 10, 5), (7, 7, 0), (3, 9, 1000)])
def test_manski_bounds_are_exact_fractions(k: int, n: int, m: int) -> None:
    b = nonresponse_bounds(k, n, m)
    assert b.low == float(Fraction(k, n + m))
    assert b.high == float(Fraction(k + m, n + m))
    assert b.estimate == float(Fraction(k, n))


def test_the_rate_band_is_exact() -> None:
    # (50 + 81 · ½ · 50/119) / 200 and (50 + 81 · 50/119) / 200, in exact arithmetic.
    b = nonresponse_bounds(50, 119, 81, rate=(0.5, 1.0))
    assert b.rate_low == pytest.approx(float((50 + 81 * Fraction(1, 2) * Fraction(50, 119)) / 200),
                                       rel=1e-15)  # fmt: skip
    assert b.rate_high == pytest.approx(float(Fraction(50, 119)), rel=1e-15)
    # A multiplier above 1/p̂ caps the non-respondents' rate at 1: Manski's upper bound.
    capped = nonresponse_bounds(50, 119, 81, rate=(0.0, 10.0))
    assert capped.rate_high == pytest.approx(capped.high, rel=1e-15)
    assert capped.rate_low == pytest.approx(capped.low, rel=1e-15)


bounds_input = st.integers(1, 500).flatmap(
    lambda n: st.tuples(st.integers(0, n), st.just(n), st.integers(0, 5000))
)


@settings(max_examples=200, deadline=None)
@given(bounds_input, st.floats(0, 3), st.floats(0, 3))
def test_bounds_hold_the_estimate_the_intervals_point_and_the_band(
    args: tuple[int, int, int], a: float, b: float
) -> None:
    k, n, m = args
    lo, hi = min(a, b), max(a, b)
    r = nonresponse_bounds(k, n, m, rate=(lo, hi))
    point = proportion(k, n).estimate
    assert r.low <= r.estimate <= r.high
    assert r.low <= point <= r.high
    assert r.rate_low is not None
    assert r.rate_high is not None
    assert r.low - 1e-12 <= r.rate_low <= r.rate_high <= r.high + 1e-12
    # The width of the worst case is the share of non-respondents, whatever k.
    assert r.high - r.low == pytest.approx(m / (n + m), abs=1e-12)


def test_response_rate_rr1() -> None:
    assert response_rate(178, 2000, ineligible=10) == float(Fraction(178, 1990))
    assert response_rate(5, 5) == 1.0
    with pytest.raises(InvalidValueError, match="fewer than the respondents"):
        response_rate(178, 100)
    with pytest.raises(InvalidValueError, match="`invited` must be ≥ 1"):
        response_rate(0, 0)
    with pytest.raises(InvalidTypeError, match="`respondents` must be a whole number"):
        response_rate("178", 2000)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((5, 3, 1), {}, InvalidValueError, "above its base"),
        ((1, 0, 1), {}, InvalidValueError, "`n` must be ≥ 1"),
        ((1, 3, -1), {}, InvalidValueError, "`nonrespondents` must be ≥ 0"),
        ((1, 3, True), {}, InvalidTypeError, "`nonrespondents` must be a whole"),
        ((1, 3, 2), {"rate": 0.5}, InvalidTypeError, "two multipliers"),
        ((1, 3, 2), {"rate": (1.0, 0.5)}, InvalidValueError, "0 ≤ a ≤ b"),
        ((1, 3, 2), {"rate": (-0.1, 0.5)}, InvalidValueError, "0 ≤ a ≤ b"),
        ((1, 3, 2), {"rate": (0.1, float("nan"))}, InvalidValueError, "0 ≤ a ≤ b"),
        ((1, 3, 2), {"rate": ("a", 1)}, InvalidTypeError, "two numbers"),
    ],
)
def test_bounds_bad_input(
    args: tuple[Any, ...], kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        nonresponse_bounds(*args, **kwargs)


# --------------------------------------------------------------------------- population


def test_goodness_of_fit_against_r_chisq_test() -> None:
    # R: chisq.test(c(66, 17, 17, 20, 58), p = c(0.2, 0.15, 0.15, 0.1, 0.4))
    #    X-squared = 35.7265917602996, p-value = 3.29372053583667e-07
    counts = {"a": 66, "b": 17, "c": 17, "d": 20, "e": 58}
    c = compare_to_population(counts, {"a": 20, "b": 15, "c": 15, "d": 10, "e": 40})
    assert c.statistic == pytest.approx(35.7265917602996, rel=1e-12)
    assert c.p_value == pytest.approx(3.29372053583667e-07, rel=1e-9)
    assert c.df == 4
    assert c.table["population"].tolist() == pytest.approx([0.2, 0.15, 0.15, 0.1, 0.4])
    # Wilson intervals, as proportion() gives them (R: prop.test(66, 178, correct = FALSE)
    # $conf.int = 0.303259022979558 0.443773362823294).
    assert c.table["low"].iloc[0] == pytest.approx(0.303259022979558, rel=1e-9)
    assert c.table["high"].iloc[0] == pytest.approx(0.443773362823294, rel=1e-9)
    # R: chisq.test(c(149, 29), p = c(0.7, 0.3)): X-squared = 15.9272338148743,
    #    p-value = 6.58247358051118e-05
    two = compare_to_population({"x": 149, "y": 29}, {"x": 0.7, "y": 0.3})
    assert (two.statistic, two.p_value) == pytest.approx(
        (15.9272338148743, 6.58247358051118e-05), rel=1e-9
    )


@pytest.mark.parametrize(
    ("counts", "shares", "error", "match"),
    [
        ({"a": 1}, {"b": 1.0}, InvalidValueError, "same options"),
        ({"a": 0, "b": 0}, {"a": 0.5, "b": 0.5}, InvalidValueError, "at least one respondent"),
        ({"a": 3, "b": 1}, {"a": 1.0, "b": 0.0}, InvalidValueError, "share of 0"),
        ({"a": 3, "b": 1}, {"a": 1.0, "b": -0.5}, InvalidValueError, "must be ≥ 0"),
        ({"a": 3, "b": 1}, {"a": "1", "b": 0.5}, InvalidTypeError, "must be a number"),
        ({"a": 3.5, "b": 1}, {"a": 0.5, "b": 0.5}, InvalidValueError, "whole number"),
        ([3, 1], {"a": 0.5, "b": 0.5}, InvalidTypeError, "mappings"),
    ],
)
def test_population_bad_input(counts: Any, shares: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        compare_to_population(counts, shares)


def test_a_vanishing_population_share_is_refused_not_infinite() -> None:
    # Found by the fuzzer: 400 respondents against an expected count of 1e-305.
    with pytest.raises(InvalidValueError, match=r"`shares\['a'\]` is 2.23e-308 of the total"):
        compare_to_population({"a": 400, "b": 0, "c": 1}, {"a": 2.2250738585072014e-308,
                                                           "b": 0.0, "c": 1.0})  # fmt: skip
    with pytest.raises(InvalidValueError, match="at least two options"):
        compare_to_population({"a": 1}, {"a": 1.0})
