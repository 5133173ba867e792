"""Tests of optamstats.scales: distribution, boxes, median and mean of a scale question.

Reference values: R 4.2.2, printed by tests/question_types_reference.R — Wilson
intervals ``prop.test(k, n, correct = FALSE)$conf.int``, the median interval of
``DescTools::MedianCI(x, method = "exact")`` written in base R (``k <- qbinom((1 -
conf)/2, n, 0.5); sort(x)[c(k, n - k + 1)]``, level ``1 - 2 * pbinom(k - 1, n, 0.5)``),
and ``t.test(x)$conf.int`` on the answers expanded with ``rep(levels, counts)``.
"""

from __future__ import annotations

import math
from random import Random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from optamstats import (
    InvalidTypeError,
    InvalidValueError,
    MeanCI,
    ProportionCI,
    ScaleMedianCI,
    ScaleSummary,
    median_interval,
    number_summary,
    proportion,
    scale_summary,
)

FIVE = {"1": 3, "2": 7, "3": 10, "4": 18, "5": 12, "Sans avis": 4}
LIKERT = dict(
    zip(
        ["Pas du tout d'accord", "Plutôt pas d'accord", "Ni l'un ni l'autre",
         "Plutôt d'accord", "Tout à fait d'accord"],
        [3, 7, 10, 18, 12],
        strict=True,
    )
)  # fmt: skip
ELEVEN = {str(i): k for i, k in enumerate([1, 0, 2, 3, 4, 10, 6, 9, 12, 5, 8])}

# prop.test(k, 50, correct = FALSE)$conf.int, k = 3, 7, 10, 18, 12
WILSON_50 = [
    (0.020614970348974, 0.162170916888382), (0.0695083342701629, 0.261861937105855),
    (0.112437500157761, 0.330371059322254), (0.241387496518467, 0.498589831238873),
    (0.142973913969917, 0.374126837579429),
]  # fmt: skip


def test_five_point_scale_matches_r() -> None:
    s = scale_summary(FIVE, non_substantive=["Sans avis"])
    assert isinstance(s, ScaleSummary)
    assert s.levels == ("1", "2", "3", "4", "5")
    assert (s.n, s.n_non_substantive, s.top, s.bottom, s.confidence) == (50, 4, 2, 2, 0.95)
    d = s.distribution
    assert list(d.columns) == ["level", "k", "n", "estimate", "low", "high"]
    assert d["level"].tolist() == list(s.levels)
    assert (d["n"] == 50).all()
    np.testing.assert_allclose(d[["low", "high"]].to_numpy(), WILSON_50, rtol=1e-12)
    # Boxes: prop.test(30, 50, correct = FALSE) and prop.test(10, 50, correct = FALSE)
    assert isinstance(s.top_box, ProportionCI)
    assert (s.top_box.k, s.top_box.n, s.bottom_box.k, s.bottom_box.n) == (30, 50, 10, 50)
    assert s.top_box.low == pytest.approx(0.461814377475894, rel=1e-12)
    assert s.top_box.high == pytest.approx(0.723916102697435, rel=1e-12)
    assert s.bottom_box.low == pytest.approx(0.112437500157761, rel=1e-12)
    assert s.bottom_box.high == pytest.approx(0.330371059322254, rel=1e-12)
    # median(x) = 4; median_ci(x) -> 3 4 0.967160862435731 (k = 18)
    m = s.median
    assert isinstance(m, ScaleMedianCI)
    assert (m.estimate, m.low, m.high) == ("4", "3", "4")
    assert (m.estimate_rank, m.low_rank, m.high_rank, m.n) == (4.0, 3, 4, 50)
    assert m.achieved_confidence == pytest.approx(0.967160862435731, rel=1e-13)
    assert m.method == "order statistics (exact binomial)"
    # mean(x), sd(x) -> 3.58 1.17958830590532; t.test(x)$conf.int -> 3.24476471268217
    # 3.91523528731783
    assert isinstance(s.mean, MeanCI)
    assert s.mean.estimate == pytest.approx(3.58, rel=1e-14)
    assert s.mean.sd == pytest.approx(1.17958830590532, rel=1e-13)
    assert s.mean.low == pytest.approx(3.24476471268217, rel=1e-12)
    assert s.mean.high == pytest.approx(3.91523528731783, rel=1e-12)
    # The non-substantive answers are reported, on the base of all answers.
    assert s.non_substantive == ("Sans avis",)
    ns = s.non_substantive_table
    assert ns.to_dict("list") == {"level": ["Sans avis"], "k": [4], "n_all": [54],
                                  "estimate": [4 / 54]}  # fmt: skip


def test_other_levels_of_r_references() -> None:
    # median_ci(x, 0.99) -> 3 4 0.993399552033189; t.test(x, conf.level = 0.9)$conf.int
    # -> 3.30031949349044 3.85968050650956
    s = scale_summary(FIVE, non_substantive=["Sans avis"], confidence=0.99)
    assert (s.median.low, s.median.high) == ("3", "4")
    assert s.median.achieved_confidence == pytest.approx(0.993399552033189, rel=1e-13)
    m = scale_summary(FIVE, non_substantive=["Sans avis"], confidence=0.9).mean
    assert m.low == pytest.approx(3.30031949349044, rel=1e-12)
    assert m.high == pytest.approx(3.85968050650956, rel=1e-12)


def test_labelled_likert_uses_positions_and_labels() -> None:
    s = scale_summary(LIKERT)
    assert s.mean_scores == (1.0, 2.0, 3.0, 4.0, 5.0)
    # Same answers as FIVE without "Sans avis": same R values, labels instead of digits.
    assert s.mean.low == pytest.approx(3.24476471268217, rel=1e-12)
    assert (s.median.estimate, s.median.low, s.median.high) == (
        "Plutôt d'accord", "Ni l'un ni l'autre", "Plutôt d'accord",
    )  # fmt: skip
    assert s.top_box.k == 30


def test_zero_to_ten_scale_uses_the_numbers() -> None:
    s = scale_summary(ELEVEN)
    assert s.mean_scores == tuple(float(i) for i in range(11))
    # mean(y), sd(y) -> 6.65 2.34935981182613; t.test(y)$conf.int -> 6.04309600575305
    # 7.25690399424695
    assert s.mean.estimate == pytest.approx(6.65, rel=1e-14)
    assert s.mean.sd == pytest.approx(2.34935981182613, rel=1e-13)
    assert s.mean.low == pytest.approx(6.04309600575305, rel=1e-12)
    assert s.mean.high == pytest.approx(7.25690399424695, rel=1e-12)
    # median(y) = 7; median_ci(y) -> 6 8 0.972659866131922. Level "7" is position 8.
    assert (s.median.estimate, s.median.low, s.median.high) == ("7", "6", "8")
    assert (s.median.estimate_rank, s.median.low_rank, s.median.high_rank) == (8.0, 7, 9)
    assert s.median.achieved_confidence == pytest.approx(0.972659866131922, rel=1e-13)
    # Boxes 9–10 and 0–1: prop.test(13, 60, correct = FALSE), prop.test(1, 60, ...)
    assert (s.top, s.bottom, s.top_box.k, s.bottom_box.k) == (2, 2, 13, 1)
    assert s.top_box.low == pytest.approx(0.131230440481903, rel=1e-12)
    assert s.top_box.high == pytest.approx(0.336200275731948, rel=1e-12)
    assert s.bottom_box.low == pytest.approx(0.00294815979478626, rel=1e-12)
    assert s.bottom_box.high == pytest.approx(0.0885512972759006, rel=1e-12)


def test_even_scale_median_between_two_levels() -> None:
    # median(z) = 2.5 for z = rep(1:4, c(5, 5, 5, 5)); median_ci(z) -> 2 3 0.958610534667969
    s = scale_summary({"1": 5, "2": 5, "3": 5, "4": 5})
    assert (s.top, s.bottom) == (1, 1)  # fewer than 5 levels: one level per box
    m = s.median
    assert (m.estimate, m.estimate_rank, m.low, m.high) == ("2 / 3", 2.5, "2", "3")
    assert m.achieved_confidence == pytest.approx(0.958610534667969, rel=1e-13)


def test_custom_boxes_and_non_substantive_anywhere() -> None:
    # top = 1, bottom = 1 on FIVE: prop.test(12, 50, ...) and prop.test(3, 50, ...)
    counts = {"Sans avis": 4, "1": 3, "2": 7, "3": 10, "4": 18, "5": 12}
    s = scale_summary(counts, top=1, bottom=1, non_substantive=["Sans avis"])
    assert s.levels == ("1", "2", "3", "4", "5")
    assert s.top_box.low == pytest.approx(0.142973913969917, rel=1e-12)
    assert s.bottom_box.high == pytest.approx(0.162170916888382, rel=1e-12)


def test_too_few_answers_for_the_median_interval() -> None:
    # n = 5: qbinom(0.025, 5, 0.5) = 0, R gives NA.
    m = scale_summary({"1": 1, "2": 2, "3": 2}).median
    assert (m.low, m.high, m.low_rank, m.high_rank, m.achieved_confidence) == (None,) * 5
    assert not m.defined
    assert m.estimate == "2"


def test_everyone_on_one_level() -> None:
    s = scale_summary({"1": 0, "2": 9, "3": 0})
    assert (s.median.low, s.median.high) == ("2", "2")
    assert (s.mean.estimate, s.mean.sd, s.mean.low, s.mean.defined) == (2.0, 0.0, None, False)


# --------------------------------------------------------------------------- properties

scales = st.lists(st.integers(0, 300), min_size=2, max_size=11).filter(lambda ks: sum(ks) > 0)


def _levels(ks: list[int]) -> dict[str, int]:
    return {f"level {i}": k for i, k in enumerate(ks)}


@given(scales, st.floats(0.5, 0.999))
def test_scale_agrees_with_the_expanded_answers(ks: list[int], conf: float) -> None:
    # The scale's median and mean equal number_summary / median_interval on the
    # positions repeated by their counts (R: rep(1:L, counts)).
    s = scale_summary(_levels(ks), confidence=conf)
    positions = np.repeat(np.arange(1, len(ks) + 1), ks)
    reference = median_interval(positions, conf)
    assert s.median.estimate_rank == reference.estimate
    assert s.median.low_rank == reference.low
    assert s.median.high_rank == reference.high
    assert s.median.achieved_confidence == reference.achieved_confidence
    mean = number_summary(positions, confidence=conf).mean
    assert s.mean.estimate == pytest.approx(mean.estimate, rel=1e-12)
    if mean.defined:
        assert s.mean.low == pytest.approx(mean.low, rel=1e-12)
        assert s.mean.high == pytest.approx(mean.high, rel=1e-12)
    else:
        assert not s.mean.defined


@given(scales, st.data())
def test_shares_and_boxes_add_up(ks: list[int], data: st.DataObject) -> None:
    levels = len(ks)
    top = data.draw(st.integers(1, levels - 1))
    bottom = data.draw(st.integers(1, levels - top))
    s = scale_summary(_levels(ks), top=top, bottom=bottom)
    d = s.distribution
    assert d["estimate"].sum() == pytest.approx(1.0, abs=1e-12)
    assert (d["low"] <= d["estimate"]).all()
    assert (d["estimate"] <= d["high"]).all()
    middle = sum(ks[bottom : levels - top]) / s.n
    assert s.top_box.estimate + middle + s.bottom_box.estimate == pytest.approx(1.0, abs=1e-12)
    assert s.top_box.low <= s.top_box.estimate <= s.top_box.high
    assert s.bottom_box.low <= s.bottom_box.estimate <= s.bottom_box.high
    assert s.top_box == proportion(sum(ks[levels - top :]), sum(ks))


@given(scales, st.floats(0.5, 0.999))
def test_median_interval_contains_the_median(ks: list[int], conf: float) -> None:
    m = scale_summary(_levels(ks), confidence=conf).median
    if m.defined:
        assert m.low_rank is not None
        assert m.high_rank is not None
        assert m.low_rank <= m.estimate_rank <= m.high_rank
        assert m.achieved_confidence is not None
        assert m.achieved_confidence >= conf
        assert ks[m.low_rank - 1] > 0
        assert ks[m.high_rank - 1] > 0


@given(scales, st.lists(st.floats(0.5, 0.999), min_size=2, max_size=2))
def test_intervals_nest_as_confidence_grows(ks: list[int], confs: list[float]) -> None:
    small, large = sorted(confs)
    a = scale_summary(_levels(ks), confidence=small)
    b = scale_summary(_levels(ks), confidence=large)
    assert b.top_box.low <= a.top_box.low + 1e-15
    assert a.top_box.high <= b.top_box.high + 1e-15
    if b.median.defined:
        assert b.median.low_rank <= a.median.low_rank  # type: ignore[operator]
        assert a.median.high_rank <= b.median.high_rank  # type: ignore[operator]


@given(scales, st.randoms(use_true_random=False))
def test_moving_non_substantive_levels_changes_nothing(ks: list[int], rnd: Random) -> None:
    # "Sans avis" may stand anywhere in the mapping: only the order of the
    # substantive levels matters.
    counts = _levels(ks)
    items = [*counts.items(), ("Sans avis", 5), ("Ne sait pas", 2)]
    at = sorted(rnd.sample(range(len(items) - 1), 2))
    moved = list(counts.items())
    moved.insert(at[0], ("Sans avis", 5))
    moved.insert(at[1] + 1, ("Ne sait pas", 2))
    skip = ["Sans avis", "Ne sait pas"]
    a = scale_summary(dict(items), non_substantive=skip)
    b = scale_summary(dict(moved), non_substantive=skip)
    assert a.levels == b.levels
    assert (a.median, a.mean, a.top_box, a.n_non_substantive) == (
        b.median, b.mean, b.top_box, b.n_non_substantive,
    )  # fmt: skip


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("counts", "kwargs", "error", "pattern"),
    [
        ({}, {}, InvalidValueError, "at least one option"),
        ([1, 2, 3], {}, InvalidTypeError, "`counts` must be a mapping"),
        ({"1": 3}, {}, InvalidValueError, "at least 2 substantive levels"),
        ({"1": 3, "NSP": 2}, {"non_substantive": ["NSP"]}, InvalidValueError, "at least 2"),
        ({"1": 0, "2": 0, "NSP": 2}, {"non_substantive": ["NSP"]}, InvalidValueError,
         "at least one substantive answer"),
        ({"1": -2, "2": 3}, {}, InvalidValueError, r"`counts\['1'\]` must be a count ≥ 0"),
        ({"1": 1.5, "2": 3}, {}, InvalidValueError, r"`counts\['1'\]` must be a whole"),
        ({"1": 1, "2": 3}, {"non_substantive": "NSP"}, InvalidTypeError, "list of option"),
        ({"1": 1, "2": 3}, {"non_substantive": ["NSP"]}, InvalidValueError, "not an option"),
        ({"1": 1, "2": 3}, {"top": 2}, InvalidValueError, r"`top` must be between 1 and 1"),
        ({"1": 1, "2": 3}, {"bottom": 0}, InvalidValueError, "`bottom` must be between"),
        ({"1": 1, "2": 3}, {"top": 1.0}, InvalidTypeError, "`top` must be None or a whole"),
        ({"1": 1, "2": 3}, {"bottom": True}, InvalidTypeError, "`bottom`"),
        ({"1": 1, "2": 3, "3": 4}, {"top": 2, "bottom": 2}, InvalidValueError,
         "`top` \\+ `bottom` must be at most the 3"),
        ({"1": 1, "2": 3}, {"confidence": 1.5}, InvalidValueError, "`confidence`"),
        ({"1": 1, "2": 3}, {"confidence": "95%"}, InvalidTypeError, "`confidence`"),
        ({"1": 1, "2": math.inf}, {}, InvalidValueError, r"`counts\['2'\]` must be a finite"),
    ],
)  # fmt: skip
def test_bad_input(
    counts: object, kwargs: dict[str, object], error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern):
        scale_summary(counts, **kwargs)  # type: ignore[arg-type]
