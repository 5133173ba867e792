"""Tests of optamstats.breakdowns: R and scipy references, invariants, disclosure, bad input."""

from __future__ import annotations

import importlib
import json
import math
import subprocess
import sys
from fractions import Fraction
from itertools import product
from math import comb

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency, fisher_exact
from statsmodels.stats.multitest import multipletests

from optamstats._checks import (
    DegenerateDataWarning,
    InvalidTypeError,
    InvalidValueError,
    ShapeError,
)
from optamstats.breakdowns import (
    Breakdown,
    adjust_p_values,
    breakdown,
    breakdown_from_counts,
    forest_plot,
)
from optamstats.cohort import Cohort
from optamstats.datasets import optam_2025_synthetic_export
from optamstats.forms import UnknownColumnError
from optamstats.proportions import difference, proportion

# The module (the package re-exports its function `breakdown` under the top-level name).
breakdown_module = importlib.import_module("optamstats.breakdowns.homogeneity")

# --------------------------------------------------------------------------- R references

# From tests/breakdown_reference.R, R 4.2.2 Patched (2022-11-10 r83330), base stats:
#   fisher.test(cbind(k, n - k), workspace = 2e8)$p.value
#   chisq.test(cbind(k, n - k), correct = FALSE)$statistic, $p.value
#   prop.test(c(k[i], K - k[i]), c(n[i], N - n[i]), correct = FALSE)$p.value  (each group)
#   p.adjust(<those>, "holm"), p.adjust(<those>, "BH")
#   fisher.test(matrix(c(k[i], n[i] - k[i], K - k[i], N - n[i] - K + k[i]), 2,
#               byrow = TRUE))$p.value                                          (each group)
# "specialty" is the synthetic export's left-by-specialty table.
R_TABLES = {
    "specialty": {
        "k": [7, 4, 8, 8, 6, 1, 3, 2, 7, 2, 2],
        "n": [17, 17, 15, 13, 13, 9, 8, 8, 7, 7, 5],
        "fisher": 0.022151250803772,
        "chisq": (20.0373638672117, 0.0289012628028571),
        "score": [0.939561675315765, 0.0953043345424865, 0.342190724968455, 0.130804581766954,
                  0.7488178572731, 0.0507279484042182, 0.788703540583621, 0.312661205772187,
                  0.00135669628428464, 0.457548889367198, 0.925626633228254],
        "holm": [1, 0.857739010882378, 1, 1, 1, 0.507279484042182, 1, 1, 0.0149236591271311,
                 1, 1],
        "bh": [0.939561675315765, 0.349449226655784, 0.627349662442168, 0.359712599859123,
               0.939561675315765, 0.2790037162232, 0.939561675315765, 0.627349662442168,
               0.0149236591271311, 0.719005397577026, 0.939561675315765],
        "fisher2": [1, 0.116134613708719, 0.406605075871354, 0.147862569701336,
                    0.773158663728256, 0.077398332278601, 1, 0.465256738559135,
                    0.00178309403341372, 0.697518963225369, 1],
    },
    "three": {
        "k": [12, 20, 9], "n": [30, 31, 28],
        "fisher": 0.0356468443404447,
        "chisq": (6.87630743977371, 0.0321239404026168),
        "score": [0.412865023606395, 0.010688139054512, 0.0741748258024774],
        "holm": [0.412865023606395, 0.032064417163536, 0.148349651604955],
        "bh": [0.412865023606395, 0.032064417163536, 0.111262238703716],
        "fisher2": [0.501741335458471, 0.01426742794708, 0.10852416888573],
    },
    "small": {
        "k": [0, 3, 1], "n": [4, 5, 6],
        "fisher": 0.164835164835165,
        "chisq": (4.60227272727273, 0.100144977927301),
        "score": [0.159025213404244, 0.0389886120963586, 0.474549143449401],
        "holm": [0.318050426808489, 0.116965836289076, 0.474549143449401],
        "bh": [0.238537820106367, 0.116965836289076, 0.474549143449401],
        "fisher2": [0.516483516483517, 0.076923076923077, 0.604395604395604],
    },
    "four": {
        "k": [2, 0, 5, 1], "n": [6, 4, 7, 3],
        "fisher": 0.140239739620543,
        "chisq": (5.71428571428572, 0.1263691558237),
        "score": [0.690328329464193, 0.0678891548618291, 0.0352663107266832, 0.798217248248711],
        "holm": [1, 0.203667464585487, 0.141065242906733, 1],
        "bh": [0.798217248248711, 0.135778309723658, 0.135778309723658, 0.798217248248711],
        "fisher2": [1, 0.116615067079463, 0.0623323013415893, 1],
    },
    "eleven": {
        "k": [11, 8, 13, 10, 3, 4, 12, 18, 4, 6, 11],
        "n": [21, 22, 31, 38, 6, 10, 33, 38, 13, 15, 35],
        "fisher": 0.712291653223907,
        "chisq": (7.05131859214447, 0.720591445983554),
        "score": [0.162137667792094, 0.855570185778709, 0.64561512214225, 0.10383913768209,
                  0.546145432492847, 0.903215695861433, 0.819479574845123, 0.206725630132779,
                  0.573246002485669, 0.880426173773181, 0.377923882220656],
        "holm": [1] * 11,
        "bh": [0.757993977153522, 0.903215695861433, 0.903215695861433, 0.757993977153522,
               0.903215695861433, 0.903215695861433, 0.903215695861433, 0.757993977153522,
               0.903215695861433, 0.903215695861433, 0.903215695861433],
        "fisher2": [0.16879750333297, 1, 0.695548944500945, 0.147694387872479,
                    0.677286813819965, 1, 0.850880126592353, 0.211965596880864,
                    0.771525664200022, 1, 0.456357437148074],
    },
    "many": {
        "k": [1, 0, 0, 2, 0, 1, 0, 3], "n": [3, 2, 4, 5, 1, 2, 3, 4],
        "fisher": 0.303989552273302,
        "chisq": (8.91428571428571, 0.258868730364285),
        "score": [0.865214946319652, 0.343212241552821, 0.159762717237886, 0.549184963134877,
                  0.512152136609178, 0.498389008512557, 0.234763662827669, 0.0271590393853907],
        "holm": [1, 1, 1, 1, 1, 1, 1, 0.217272315083126],
        "bh": [0.865214946319652, 0.627639957868431, 0.626036434207118, 0.627639957868431,
               0.627639957868431, 0.627639957868431, 0.626036434207118, 0.217272315083126],
        "fisher2": [1, 1, 0.283267457180501, 0.608036890645586, 1, 0.507246376811594,
                    0.529644268774704, 0.0592885375494071],
    },
}  # fmt: skip


def _from_counts(name: str, **kwargs: object) -> Breakdown:
    table = R_TABLES[name]
    labels = [f"g{i}" for i in range(len(table["k"]))]  # type: ignore[arg-type]
    kwargs.setdefault("min_cell", 1)
    return breakdown_from_counts(table["k"], table["n"], labels, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", list(R_TABLES))
def test_exact_homogeneity_matches_r_fisher_test(name: str) -> None:
    b = _from_counts(name, homogeneity="exact")
    assert b.homogeneity.method == "fisher-freeman-halton"
    # R's FEXACT merges past probabilities with its own tolerance: agreement to 1e-9.
    assert b.homogeneity.p_value == pytest.approx(R_TABLES[name]["fisher"], rel=1e-9)


@pytest.mark.parametrize("name", list(R_TABLES))
def test_chi_square_matches_r_chisq_test(name: str) -> None:
    b = _from_counts(name, homogeneity="chi-square")
    statistic, p = R_TABLES[name]["chisq"]  # type: ignore[misc]
    assert b.homogeneity.method == "chi-square"
    assert b.homogeneity.chi_square == pytest.approx(statistic, rel=1e-12)
    assert b.homogeneity.p_value == pytest.approx(p, rel=1e-10)
    assert b.homogeneity.df == len(R_TABLES[name]["k"]) - 1  # type: ignore[arg-type]


@pytest.mark.parametrize("name", list(R_TABLES))
def test_group_p_values_match_r_prop_test_and_p_adjust(name: str) -> None:
    table = R_TABLES[name]
    holm = _from_counts(name)
    bh = _from_counts(name, adjust="bh")
    raw = _from_counts(name, adjust=None)
    np.testing.assert_allclose(holm.p_value, table["score"], rtol=1e-10)
    np.testing.assert_allclose(holm.p_adjusted, table["holm"], rtol=1e-10)
    np.testing.assert_allclose(bh.p_adjusted, table["bh"], rtol=1e-10)
    np.testing.assert_array_equal(raw.p_adjusted, raw.p_value)


@pytest.mark.parametrize("name", list(R_TABLES))
def test_fisher_group_p_values_match_r_and_scipy(name: str) -> None:
    table = R_TABLES[name]
    b = _from_counts(name, test="fisher")
    np.testing.assert_allclose(b.p_value, table["fisher2"], rtol=1e-9)
    for i in range(len(b.groups)):
        rows = [[b.k[i], b.n[i] - b.k[i]], [b.rest_k[i], b.rest_n[i] - b.rest_k[i]]]
        assert b.p_value[i] == pytest.approx(fisher_exact(rows).pvalue, rel=1e-9)


def test_adjust_p_values_matches_r_p_adjust() -> None:
    # R: p.adjust(c(0.01, 0.04, 0.03, 0.20), "holm") and "BH".
    p = [0.01, 0.04, 0.03, 0.20]
    np.testing.assert_allclose(adjust_p_values(p), [0.04, 0.09, 0.09, 0.2], rtol=1e-12)
    np.testing.assert_allclose(
        adjust_p_values(p, "bh"), [0.04, 0.0533333333333333, 0.0533333333333333, 0.2], rtol=1e-12
    )
    np.testing.assert_allclose(adjust_p_values(p, "fdr_bh"), adjust_p_values(p, "bh"))


def test_intervals_are_wilson_and_newcombe() -> None:
    b = _from_counts("three")
    k, n = np.array([12, 20, 9]), np.array([30, 31, 28])
    wilson = proportion(k, n)
    np.testing.assert_array_equal(b.low, wilson.low)
    np.testing.assert_array_equal(b.high, wilson.high)
    newcombe = difference(k, n, 41 - k, 89 - n)
    np.testing.assert_array_equal(b.difference_low, newcombe.low)
    np.testing.assert_array_equal(b.difference_high, newcombe.high)
    np.testing.assert_array_equal(b.rest_k, 41 - k)
    np.testing.assert_array_equal(b.rest_n, 89 - n)
    assert (b.overall.k, b.overall.n) == (41, 89)


# --------------------------------------------------------------------------- exact test


def _brute_force_ffh(k: list[int], n: list[int]) -> float:
    """The Freeman–Halton p-value by enumerating every table, in exact rationals."""
    big_k, big_n = sum(k), sum(n)
    total = comb(big_n, big_k)

    def weight(ks: tuple[int, ...]) -> int:
        out = 1
        for ki, ni in zip(ks, n, strict=True):
            out *= comb(ni, ki)
        return out

    observed = weight(tuple(k))
    p = Fraction(0)
    for ks in product(*(range(ni + 1) for ni in n)):
        if sum(ks) == big_k:
            w = weight(ks)
            if w <= observed * (1 + 1e-7):
                p += Fraction(w, total)
    return float(p)


@st.composite
def small_tables(
    draw: st.DrawFn, max_groups: int = 4, max_n: int = 7
) -> tuple[list[int], list[int]]:
    r = draw(st.integers(2, max_groups))
    n = [draw(st.integers(1, max_n)) for _ in range(r)]
    k = [draw(st.integers(0, ni)) for ni in n]
    return k, n


@given(small_tables())
def test_exact_test_equals_enumeration(table: tuple[list[int], list[int]]) -> None:
    k, n = table
    assume(0 < sum(k) < sum(n))
    exact = breakdown_module._ffh_exact(np.array(k), np.array(n))
    assert exact == pytest.approx(_brute_force_ffh(k, n), rel=1e-11, abs=1e-14)


@given(small_tables(max_groups=5, max_n=9), st.integers(1, 300))
def test_exact_test_does_not_depend_on_the_meet_in_the_middle_split(
    table: tuple[list[int], list[int]], suffix: int
) -> None:
    k, n = table
    assume(0 < sum(k) < sum(n))
    a = breakdown_module._ffh_exact(np.array(k), np.array(n), suffix_size=1)
    b = breakdown_module._ffh_exact(np.array(k), np.array(n), suffix_size=suffix)
    assert a is not None
    assert b == pytest.approx(a, rel=1e-11, abs=1e-15)


@given(st.integers(1, 40), st.integers(1, 40), st.data())
def test_two_by_two_exact_equals_scipy_fisher(n1: int, n2: int, data: st.DataObject) -> None:
    k1 = data.draw(st.integers(0, n1))
    k2 = data.draw(st.integers(0, n2))
    assume(0 < k1 + k2 < n1 + n2)
    ours = breakdown_module._ffh_exact(np.array([k1, k2]), np.array([n1, n2]))
    ref = fisher_exact([[k1, n1 - k1], [k2, n2 - k2]]).pvalue
    assert ours == pytest.approx(ref, rel=1e-9)


@given(small_tables(max_groups=6, max_n=40))
def test_chi_square_equals_scipy(table: tuple[list[int], list[int]]) -> None:
    k, n = table
    assume(0 < sum(k) < sum(n))
    b = breakdown_from_counts(k, n, [f"g{i}" for i in range(len(k))], min_cell=1,
                              homogeneity="chi-square")  # fmt: skip
    ref = chi2_contingency(np.array([k, np.subtract(n, k)]).T, correction=False)
    assert b.homogeneity.chi_square == pytest.approx(ref.statistic, rel=1e-10, abs=1e-12)
    assert b.homogeneity.p_value == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-14)


def test_auto_follows_cochrans_rule() -> None:
    large = breakdown_from_counts([40, 60, 50], [100, 110, 90], ["a", "b", "c"])
    assert large.homogeneity.method == "chi-square"
    assert "Cochran's rule holds" in large.homogeneity.reason
    small = _from_counts("small")
    assert small.homogeneity.method == "fisher-freeman-halton"
    assert small.homogeneity.min_expected == pytest.approx(4 * 4 / 15)
    assert "too small" in small.homogeneity.reason
    forced = _from_counts("small", homogeneity="chi-square")
    assert forced.homogeneity.method == "chi-square"
    assert forced.homogeneity.reason == "asked for"


def test_monte_carlo_when_the_exact_test_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(breakdown_module, "EXACT_WORK", 0)
    b = _from_counts("specialty", homogeneity="exact", rng=2025, n_resamples=20_000)
    h = b.homogeneity
    assert h.method == "fisher-freeman-halton (Monte Carlo)"
    assert h.n_resamples == 20_000
    assert "20000 drawn" in h.reason
    # Exact value 0.02215 (R): a fixed seed; a 5-SE band fails with probability < 1e-6.
    assert abs(h.p_value - R_TABLES["specialty"]["fisher"]) < 5 * h.mc_se  # type: ignore[operator]
    again = _from_counts("specialty", homogeneity="exact", rng=2025, n_resamples=20_000)
    assert again.homogeneity.p_value == h.p_value


def test_exact_gives_way_on_a_large_table() -> None:
    rng = np.random.default_rng(1)
    n = rng.integers(5, 20, size=40)
    k = rng.binomial(n, 0.5)
    b = breakdown_from_counts(k, n, [f"g{i}" for i in range(40)], homogeneity="exact", rng=1)
    assert b.homogeneity.method == "fisher-freeman-halton (Monte Carlo)"
    assert 0.0 < b.homogeneity.p_value <= 1.0


# --------------------------------------------------------------------------- adjustments


p_families = st.lists(st.floats(0.0, 1.0), min_size=1, max_size=30)


@settings(max_examples=50)  # statsmodels' multipletests costs about 10 ms a call
@given(p_families)
def test_adjustments_match_statsmodels(p: list[float]) -> None:
    for ours, theirs in (("holm", "holm"), ("bh", "fdr_bh")):
        ref = multipletests(p, method=theirs)[1]
        np.testing.assert_allclose(adjust_p_values(p, ours), ref, rtol=1e-12, atol=1e-15)


@given(p_families)
def test_adjustment_invariants(p: list[float]) -> None:
    raw = np.array(p)
    holm = adjust_p_values(raw, "holm")
    bh = adjust_p_values(raw, "bh")
    assert np.all(holm >= raw)
    assert np.all(bh >= raw)
    assert np.all(bh <= holm + 1e-15)
    assert np.all(holm <= 1.0)
    order = np.argsort(raw, kind="stable")
    assert np.all(np.diff(holm[order]) >= -1e-15)  # the order of the raw p-values is kept
    assert np.all(np.diff(bh[order]) >= -1e-15)


@st.composite
def count_tables(
    draw: st.DrawFn, max_groups: int = 8, max_n: int = 60
) -> tuple[list[int], list[int]]:
    r = draw(st.integers(2, max_groups))
    n = [draw(st.integers(1, max_n)) for _ in range(r)]
    k = [draw(st.integers(0, ni)) for ni in n]
    return k, n


@given(count_tables(max_groups=6, max_n=25))
def test_breakdown_invariants(table: tuple[list[int], list[int]]) -> None:
    k, n = table
    assume(0 < sum(k) < sum(n))
    labels = [f"g{i}" for i in range(len(k))]
    holm = breakdown_from_counts(k, n, labels, min_cell=1)
    bh = breakdown_from_counts(k, n, labels, min_cell=1, adjust="bh", homogeneity="chi-square")
    assert np.all(holm.p_adjusted >= holm.p_value)
    assert np.all(bh.p_adjusted <= holm.p_adjusted + 1e-15)
    assert np.all((holm.low <= holm.estimate) & (holm.estimate <= holm.high))
    assert np.all(holm.difference_low <= holm.difference)
    assert np.all(holm.difference <= holm.difference_high)
    np.testing.assert_array_equal(holm.k + holm.rest_k, sum(k))
    np.testing.assert_array_equal(holm.n + holm.rest_n, sum(n))
    # The complementary outcome: same tests, differences of opposite sign.
    flipped = breakdown_from_counts(np.subtract(n, k), n, labels, min_cell=1)
    np.testing.assert_allclose(flipped.p_value, holm.p_value, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(flipped.difference, -holm.difference, atol=1e-15)
    assert flipped.homogeneity.p_value == pytest.approx(
        holm.homogeneity.p_value, rel=1e-9, abs=1e-15
    )


@given(count_tables(max_groups=6, max_n=25), st.randoms(use_true_random=False))
def test_order_of_groups_does_not_change_their_results(
    table: tuple[list[int], list[int]], random: object
) -> None:
    k, n = table
    assume(0 < sum(k) < sum(n))
    labels = [f"g{i}" for i in range(len(k))]
    order = list(range(len(k)))
    random.shuffle(order)  # type: ignore[attr-defined]
    a = breakdown_from_counts(k, n, labels, min_cell=1).to_frame().set_index("group")
    b = (
        breakdown_from_counts(
            [k[i] for i in order], [n[i] for i in order], [labels[i] for i in order], min_cell=1
        )
        .to_frame()
        .set_index("group")
    )
    pd.testing.assert_frame_equal(a, b.loc[a.index], check_exact=False, rtol=1e-12)


# --------------------------------------------------------------------------- disclosure


def test_small_groups_are_pooled() -> None:
    # C, D, E pooled: 6 of 9, so 3 without the outcome — the pool fails the rule, and B
    # (the smallest shown base) joins it: 14 of 27.
    b = breakdown_from_counts([10, 8, 1, 2, 3], [20, 18, 2, 3, 4], ["A", "B", "C", "D", "E"])
    assert b.groups == ("A", "Other (merged)")
    assert b.merged == ("B", "C", "D", "E")
    assert b.suppressed == 0
    np.testing.assert_array_equal(b.k, [10, 14])
    np.testing.assert_array_equal(b.n, [20, 27])
    assert "B, C, D, E" in b.note
    fr = breakdown_from_counts([10, 8, 1, 2, 3], [20, 18, 2, 3, 4], list("ABCDE"), lang="fr")
    assert fr.groups[-1] == "Autres (regroupés)"
    ok = breakdown_from_counts([10, 8, 1, 2, 3], [20, 18, 6, 3, 4], list("ABCDE"))
    assert ok.merged == ("C", "D", "E")  # 6 of 13: both cells ≥ 5, no more pooling


def test_counts_are_checked_not_only_group_sizes() -> None:
    # Issue 16: with min_cell = 11 a group of 40 with k = 4 was printed (its base passed).
    b = breakdown_from_counts([4, 20, 15, 36], [40, 40, 40, 40], list("ABCD"), min_cell=11)
    assert "A" in b.merged  # k = 4
    assert "D" in b.merged  # complement 40 − 36 = 4
    for k, n in zip(b.k, b.n, strict=True):
        assert k == 0 or k >= 11
        assert n - k == 0 or n - k >= 11


def test_attack_5_a_dropped_region_is_not_given_back_by_the_totals() -> None:
    # Issue 16, attack 5: the report prints 20 leavers of 60; a region of 2 (both left)
    # was dropped from the breakdown, whose totals 18 / 58 then gave both back. Now the
    # region is pooled, the totals are the report's, and every table of true counts
    # consistent with what the breakdown prints leaves the region's counts open.
    k, n = [10, 8, 2], [30, 28, 2]
    b = breakdown_from_counts(k, n, ["North", "South", "Islands"])
    assert (b.overall.k, b.overall.n) == (20, 60)  # report total − breakdown = 0 of 0
    assert b.suppressed == 0
    assert "Islands" in b.merged
    pooled = [g for g in ("North", "South", "Islands") if g in b.merged]
    assert len(pooled) >= 2  # a pool of one group would be that group
    i = b.groups.index("Other (merged)")
    pk, pn = int(b.k[i]), int(b.n[i])
    # Brute force over the pooled groups' true (k, n): all splits of (pk, pn) among them
    # (each group ≥ 1 respondent, as a group that exists).
    ks, rests = set(), set()
    others = len(pooled) - 1
    for n_isl in range(1, pn - others + 1):
        for k_isl in range(0, min(n_isl, pk) + 1):
            if pk - k_isl <= pn - n_isl:
                ks.add(k_isl)
                rests.add(n_isl - k_isl)
    t = b.min_cell
    assert set(range(t + 1)) <= ks  # the region's leavers: 0 … t all possible
    assert set(range(t + 1)) <= rests  # and its stayers


@given(count_tables(), st.integers(1, 30))
def test_no_small_count_is_ever_shown_and_nobody_dropped(
    table: tuple[list[int], list[int]], min_cell: int
) -> None:
    k, n = table
    labels = [f"g{i}" for i in range(len(k))]
    try:
        b = breakdown_from_counts(k, n, labels, min_cell=min_cell)
    except InvalidValueError as exc:  # everything pooled into one group
        message = str(exc)
        assert "at least two groups" in message
        return
    except DegenerateDataWarning:  # every shown respondent has the same outcome
        return
    for ki, ni in zip(b.k, b.n, strict=True):
        assert ki == 0 or ki >= min_cell
        assert ni - ki == 0 or ni - ki >= min_cell
    assert int(b.n.sum()) == sum(n)  # nobody dropped
    assert int(b.k.sum()) == sum(k)
    assert b.suppressed == 0
    assert set(b.merged).isdisjoint(b.groups)
    assert b.overall.n == int(b.n.sum())
    # Every group failing the rule on its own is pooled.
    for g, ki, ni in zip(labels, k, n, strict=True):
        if (1 <= ki < min_cell) or (1 <= ni - ki < min_cell):
            assert g in b.merged


def test_merged_label_must_not_be_a_group() -> None:
    with pytest.raises(InvalidValueError, match="`merged_label` 'B' is already the label"):
        breakdown_from_counts([5, 5, 1], [10, 10, 2], ["A", "B", "C"], merged_label="B")


def test_fewer_than_two_groups_after_pooling() -> None:
    with pytest.raises(InvalidValueError, match=r"at least two groups of ≥ 5 respondents"):
        breakdown_from_counts([5, 1, 1], [10, 2, 2], ["A", "B", "C"])


# --------------------------------------------------------------------------- cohorts


@pytest.fixture(scope="module")
def cohort() -> Cohort:
    export = optam_2025_synthetic_export()
    return export.spec.cohort(export.frame())


def test_cohort_breakdown_counts_are_the_crosstab(cohort: Cohort) -> None:
    b = breakdown(cohort, "left", "specialty", min_cell=1)
    base = cohort.base("left")
    spec = cohort.spec
    assert spec is not None
    left = base[spec["left"].column].str.strip() == "Oui"
    by = base[spec["specialty"].column]
    table = pd.crosstab(by, left)
    for group, k, n in zip(b.groups, b.k, b.n, strict=True):
        assert table.loc[group].sum() == n
        assert table.loc[group].get(True, 0) == k
    assert (b.overall.k, b.overall.n) == (50, 119)
    assert b.overall.base == cohort.proportion("left", "Oui").base
    same = breakdown_from_counts(b.k, b.n, list(b.groups), min_cell=1)
    np.testing.assert_array_equal(same.p_value, b.p_value)
    assert (b.outcome, b.by) == ("Sorti de l'OPTAM", "Spécialité")  # the spec's labels (fr)
    # No options declared for the specialty: the largest groups first, ties by label.
    assert [(-n, g) for g, n in zip(b.groups, b.n, strict=True)] == sorted(
        (-n, g) for g, n in zip(b.groups, b.n, strict=True)
    )


def test_cohort_breakdown_respects_min_cell(cohort: Cohort) -> None:
    every = breakdown(cohort, "left", "specialty", min_cell=1)
    b = breakdown(cohort, "left", "specialty", min_cell=5)
    assert b.groups[-1] == "Autres (regroupés)"
    assert int(b.n.sum()) == 119
    for k, n in zip(b.k, b.n, strict=True):
        assert k == 0 or k >= 5
        assert n - k == 0 or n - k >= 5
    failing = [g for g, k, n in zip(every.groups, every.k, every.n, strict=True)
               if 1 <= k < 5 or 1 <= n - k < 5]  # fmt: skip
    assert set(failing) <= set(b.merged)
    assert "Chirurgie" in b.merged  # 4 of 17 left: its base (17) passed the old rule
    pooled = [i for i, g in enumerate(every.groups) if g in b.merged]
    assert b.n[-1] == sum(every.n[i] for i in pooled)
    assert b.k[-1] == sum(every.k[i] for i in pooled)


def test_outcome_and_grouping_as_series(cohort: Cohort) -> None:
    data = cohort.data
    spec = cohort.spec
    assert spec is not None
    left = data[spec["left"].column].str.strip()
    plan = data[spec["plans_to_leave"].column].str.strip()
    members = data[spec["member"].column].str.strip() == "Oui"
    leaving = ((left == "Oui") | (plan == "Oui")).astype("boolean")
    leaving[~members | (left == "")] = pd.NA
    by = data[spec["specialty"].column].copy()
    by.iloc[:5] = ""  # five respondents without a group
    b = breakdown(cohort, leaving.rename("leaving"), by.rename("specialty"), min_cell=1)
    assert (b.outcome, b.by) == ("leaving", "specialty")
    in_base = leaving.notna() & (by != "")
    assert int(b.n.sum()) == int(in_base.sum())
    assert int(b.k.sum()) == int(leaving[in_base].sum())
    assert b.unassigned == int((leaving.notna() & (by == "")).sum())
    assert b.overall.n + b.unassigned == 119


@pytest.mark.parametrize("dtype", ["bool", "boolean", "object"])
def test_boolean_column_outcome_counts_true(dtype: str) -> None:
    # Was refused (`value` must be a string): a boolean column is its own outcome.
    left = [True, False, True, True, False, False] * 5 + [False, True, True] * 5
    spec = ["Chirurgie"] * 30 + ["Pédiatrie"] * 15
    values: list[object] = list(left)
    if dtype != "bool":
        values[0] = None  # missing: outside the base
    df = pd.DataFrame({"left": pd.Series(values, dtype=dtype), "spec": spec})
    b = breakdown(Cohort(df), outcome="left", by="spec", min_cell=1)
    start = 0 if dtype == "bool" else 1
    expected = {
        g: (sum(x for x, s in zip(left[start:], spec[start:], strict=True) if s == g),
            sum(1 for s in spec[start:] if s == g))
        for g in ("Chirurgie", "Pédiatrie")
    }  # fmt: skip
    assert {g: (int(k), int(n)) for g, k, n in zip(b.groups, b.k, b.n, strict=True)} == expected
    # The same counts as the boolean Series outcome.
    series = breakdown(Cohort(df), df["left"].astype("boolean"), "spec", min_cell=1)
    assert (tuple(series.k), tuple(series.n)) == (tuple(b.k), tuple(b.n))
    assert b.outcome == "left"


def test_multi_select_outcome(cohort: Cohort) -> None:
    b = breakdown(cohort, "motives", "specialty", value="Désaccord politique", min_cell=1)
    assert (b.overall.k, b.overall.n) == (43, 50)  # the published tally, among the 50 leavers


def test_spec_option_order(cohort: Cohort) -> None:
    b = breakdown(cohort, "left", "practice", min_cell=1)
    assert b.groups == ("Libéral exclusif", "Mixte (libéral et hospitalier)")


def test_degenerate_outcome_warns() -> None:
    with pytest.warns(DegenerateDataWarning, match="same outcome"):
        b = breakdown_from_counts([0, 0], [10, 12], ["A", "B"])
    assert b.homogeneity.method == "none"
    np.testing.assert_array_equal(b.p_value, [1.0, 1.0])


# --------------------------------------------------------------------------- results and figure


def test_frame_html_and_repr() -> None:
    b = _from_counts("three")
    frame = b.to_frame()
    assert list(frame.columns) == [
        "group", "k", "n", "proportion", "low", "high", "rest_k", "rest_n", "difference",
        "difference_low", "difference_high", "p_value", "p_adjusted",
    ]  # fmt: skip
    assert frame.attrs["homogeneity_method"] == "chi-square"
    html = b._repr_html_()
    assert "<table" in html
    assert "g1" in html
    assert "Holm adjusted" in html
    assert repr(b).startswith("<Breakdown of 'outcome' by 'group': 3 groups, n = 89; chi-square")


def test_forest_plot() -> None:
    from matplotlib.figure import Figure

    b = breakdown_from_counts([12, 20, 9], [30, 31, 28], ["A", "B", "C"])
    fig = b.forest_plot()
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B", "C"]
    assert ax.get_xlabel() == "Proportion (%), 95% CI (Wilson)"
    texts = [t.get_text() for t in ax.texts]
    assert texts[0].startswith("12 / 30   p adj. = ")
    fr = forest_plot(b, measure="difference", lang="fr")
    assert fr.axes[0].get_xlabel() == "Différence avec les autres (points de %), IC à 95 %"
    target = Figure().add_subplot()
    assert forest_plot(b, ax=target) is target.figure
    with pytest.raises(InvalidTypeError, match=r"`ax` must be a matplotlib Axes to draw"):
        b.forest_plot(ax=target.figure)  # type: ignore[arg-type]


def test_imports_stay_light() -> None:
    code = (
        "import sys, json; import optamstats.breakdowns, optamstats.weighting; "
        "before = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'pandas', 'scipy', 'statsmodels', 'matplotlib'}); "
        "from optamstats.breakdowns import breakdown_from_counts; "
        "breakdown_from_counts([12, 20, 9, 1], [30, 31, 28, 4], list('ABCD')); "
        "print(json.dumps([before, 'statsmodels' in sys.modules, 'matplotlib' in sys.modules, "
        "'scipy.stats' in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [[], False, False, False]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"adjust": "bonferroni"}, InvalidValueError, r"`adjust` must be 'holm'.*got 'bonferroni'"),
        ({"test": "wald"}, InvalidValueError, r"`test` must be one of 'score', 'fisher'; got"),
        ({"homogeneity": "g-test"}, InvalidValueError, r"`homogeneity` must be one of 'auto'"),
        ({"min_cell": 0}, InvalidValueError, r"`min_cell` must be a whole number .* got 0"),
        ({"min_cell": 2.5}, InvalidValueError, r"`min_cell` must be a whole number .* got 2.5"),
        ({"min_cell": True}, InvalidValueError, r"`min_cell` .* got True"),
        ({"n_resamples": 10}, InvalidValueError, r"`n_resamples` must be a whole number ≥ 1000"),
        ({"confidence": 95}, InvalidValueError, r"`confidence` must be in the open interval"),
        ({"rng": "seed"}, InvalidTypeError, r"`rng` must be None, an integer seed"),
        ({"merged_label": ""}, InvalidTypeError, r"`merged_label` must be a non-empty string"),
        ({"lang": "de"}, InvalidValueError, r"`lang` must be one of 'en', 'fr'; got 'de'"),
    ],
)
def test_bad_options(kwargs: dict[str, object], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        breakdown_from_counts([12, 20, 9], [30, 31, 28], ["A", "B", "C"], **kwargs)  # type: ignore[arg-type]


def test_bad_counts_and_labels() -> None:
    with pytest.raises(InvalidValueError, match=r"`k` must be ≤ `n`; got k=31 > n=30"):
        breakdown_from_counts([31, 20], [30, 31], ["A", "B"])
    with pytest.raises(InvalidValueError, match=r"`n` must be ≥ 1: a proportion of nobody"):
        breakdown_from_counts([0, 20], [0, 31], ["A", "B"])
    with pytest.raises(ShapeError, match=r"`groups` must have one label per count; got 3 labels"):
        breakdown_from_counts([1, 2], [5, 5], ["A", "B", "C"])
    with pytest.raises(InvalidValueError, match=r"`groups` must be distinct; \['A'\] repeated"):
        breakdown_from_counts([1, 2], [5, 5], ["A", "A"])
    with pytest.raises(InvalidTypeError, match=r"`groups` must be a list of group labels"):
        breakdown_from_counts([1, 2], [5, 5], "AB")
    with pytest.raises(InvalidTypeError, match=r"`groups` must be a non-empty string; got 3"):
        breakdown_from_counts([1, 2], [5, 5], ["A", 3])  # type: ignore[list-item]
    with pytest.raises(ShapeError, match=r"`k` and `n` must be 1-d, one count per group"):
        breakdown_from_counts([[1, 2]], [[5, 5]], ["A", "B"])


def test_bad_cohort_arguments(cohort: Cohort) -> None:
    with pytest.raises(InvalidTypeError, match=r"`cohort` must be a Cohort"):
        breakdown(pd.DataFrame(), "left", "specialty")  # type: ignore[arg-type]
    with pytest.raises(UnknownColumnError, match=r"`outcome` 'leftt' is not a column"):
        breakdown(cohort, "leftt", "specialty")
    with pytest.raises(UnknownColumnError, match=r"`by` 'specialite' is not a column"):
        breakdown(cohort, "left", "specialite")
    with pytest.raises(InvalidValueError, match=r"`value` must name the answer counted"):
        breakdown(cohort, "specialty", "practice")
    with pytest.raises(InvalidValueError, match=r"`value` 'oui' is not an option of question"):
        breakdown(cohort, "left", "specialty", value="oui")
    spec = cohort.spec
    assert spec is not None
    as_text = cohort.data[spec["left"].column]
    with pytest.raises(InvalidTypeError, match=r"`outcome` must hold booleans .* got dtype"):
        breakdown(cohort, as_text, "specialty")
    flag = as_text == "Oui"
    with pytest.raises(InvalidValueError, match=r"`value` applies to an outcome given as a column"):
        breakdown(cohort, flag, "specialty", value="Oui")
    with pytest.raises(ShapeError, match=r"`by` must be a Series indexed like `cohort.data`"):
        breakdown(cohort, "left", pd.Series(["a", "b"]))
    with pytest.raises(InvalidValueError, match=r"`by` 'motives' is a multi-select question"):
        breakdown(cohort, "left", "motives")
    with pytest.raises(InvalidValueError, match=r"`by` 'changes' is a free-text question"):
        breakdown(cohort, "left", "changes")
    with pytest.raises(InvalidTypeError, match=r"`by` must be a column name"):
        breakdown(cohort, "left", ["a", "b"])  # type: ignore[arg-type]


def test_bad_figure_and_adjust_arguments() -> None:
    b = _from_counts("three")
    with pytest.raises(InvalidValueError, match=r"`measure` must be one of 'proportion'"):
        forest_plot(b, measure="odds")
    with pytest.raises(InvalidTypeError, match=r"`result` must be a Breakdown"):
        forest_plot("table")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"`p_values` must lie in \[0, 1\]; got 1.5"):
        adjust_p_values([0.1, 1.5])
    with pytest.raises(InvalidValueError, match=r"`p_values` must lie in \[0, 1\]; got nan"):
        adjust_p_values([0.1, math.nan])
    with pytest.raises(InvalidValueError, match=r"`p_values` must be a non-empty 1-d array"):
        adjust_p_values([])
    with pytest.raises(InvalidValueError, match=r"`method` must be 'holm' or 'bh'"):
        adjust_p_values([0.1], None)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"`adjust` must be 'holm'"):
        adjust_p_values([0.1], "sidak")
    with pytest.raises(InvalidTypeError, match=r"`p_values` must be an array of numbers"):
        adjust_p_values(["a"])


def test_adjust_p_values_refuses_integers_beyond_the_float_range() -> None:
    # Found by the fuzz test: 10**400 raised numpy's OverflowError.
    from optamstats import InvalidValueError

    with pytest.raises(InvalidValueError, match=r"`p_values` must lie in \[0, 1\]"):
        adjust_p_values([0.1, 10**400])
