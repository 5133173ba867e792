"""Tests of optamstats.marginal: Bilder & Loughin's tests of marginal independence."""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.stats import chi2_contingency

from optamstats._checks import DegenerateDataWarning, InvalidTypeError, InvalidValueError
from optamstats.marginal import MarginalIndependenceResult, marginal_independence_test
from optamstats.multiselect import MultiSelectAnswers, parse_multiselect

DATA = Path(__file__).parent / "data" / "mrcv"


@pytest.fixture(scope="module")
def farmer1() -> pd.DataFrame:
    return pd.read_csv(DATA / "farmer1.txt", sep="\t")


@pytest.fixture(scope="module")
def farmer2() -> pd.DataFrame:
    return pd.read_csv(DATA / "farmer2.txt", sep="\t")


def one_hot(frame: pd.DataFrame, columns: list[str]) -> MultiSelectAnswers:
    return parse_multiselect(frame[columns], columns)


Y5 = ["Y1", "Y2", "Y3", "Y4", "Y5"]

# ---------------------------------------------------------------- published MRCV values
# MRCV 0.4-0 (Koziol & Bilder), documentation of MI.test, examples
#   MI.test(data = farmer1, I = 1, J = 5, type = "rs2")
#   MI.test(data = farmer1, I = 1, J = 5, type = "all", B = 99)   # Bonferroni part
# printed: X^2_S = 30.84; X^2_S.ij = 5.96 7.89 4.62 1.42 10.95; X^2_S.adj = 28.68,
# df.adj = 18.6, p.adj = 0.0632; Bonferroni p.adj = 0.1357, p.ij.adj = 1.0000 0.4778
# 1.0000 1.0000 0.1357.


def test_farmer1_multiple_marginal_independence(farmer1: pd.DataFrame) -> None:
    result = marginal_independence_test(one_hot(farmer1, Y5), farmer1["Ed"])
    assert isinstance(result, MarginalIndependenceResult)
    assert result.kind == "MMI"
    assert result.n == 262
    assert result.item_df == 4
    assert round(result.statistic, 2) == 30.84
    assert result.item_statistics.round(2).to_numpy().tolist() == [[5.96, 7.89, 4.62, 1.42, 10.95]]
    assert list(result.item_statistics.columns) == Y5
    assert list(result.item_statistics.index) == ["Ed"]
    assert result.rao_scott_statistic is not None
    assert result.rao_scott_df is not None
    assert round(result.rao_scott_statistic, 2) == 28.68
    assert round(result.rao_scott_df, 1) == 18.6
    assert result.p_rao_scott is not None
    assert round(result.p_rao_scott, 4) == 0.0632
    assert round(result.p_bonferroni, 4) == 0.1357
    assert result.item_p_bonferroni.round(4).to_numpy().tolist() == [
        [1.0, 0.4778, 1.0, 1.0, 0.1357]
    ]


# MRCV vignette (Koziol & Bilder 2014, The R Journal 6(1), "Test for independence"):
#   MI.test(data = farmer2, I = 3, J = 4, type = "all", B = 1999)
# X^2_S = 64.03; X^2_S.ij rows w1..w3, columns y1..y4; X^2_S.adj = 36.17, df.adj = 6.78,
# p.adj < 0.0001; Bonferroni p.adj = 0.0019 and the p.ij.adj matrix below.
FARMER2_ITEMS = [[4.93, 2.93, 14.29, 0.01], [6.56, 2.11, 11.68, 0.13], [13.98, 0.00, 7.08, 0.32]]
FARMER2_BONFERRONI = [
    [0.3163, 1.0, 0.0019, 1.0],
    [0.1253, 1.0, 0.0076, 1.0],
    [0.0022, 1.0, 0.0934, 1.0],
]


def test_farmer2_simultaneous_pairwise_marginal_independence(farmer2: pd.DataFrame) -> None:
    w = one_hot(farmer2, ["w1", "w2", "w3"])
    y = one_hot(farmer2, ["y1", "y2", "y3", "y4"])
    result = marginal_independence_test(y, w)
    assert result.kind == "SPMI"
    assert result.n == 279
    assert result.item_df == 1
    assert round(result.statistic, 2) == 64.03
    assert result.item_statistics.round(2).to_numpy().tolist() == FARMER2_ITEMS
    assert list(result.item_statistics.index) == ["w1", "w2", "w3"]
    assert result.rao_scott_statistic is not None
    assert result.rao_scott_df is not None
    assert round(result.rao_scott_statistic, 2) == 36.17
    assert round(result.rao_scott_df, 2) == 6.78
    assert result.p_rao_scott is not None
    assert result.p_rao_scott < 0.0001
    assert round(result.p_bonferroni, 4) == 0.0019
    assert result.item_p_bonferroni.round(4).to_numpy().tolist() == FARMER2_BONFERRONI


def test_item_statistics_match_scipy(farmer1: pd.DataFrame, farmer2: pd.DataFrame) -> None:
    # Each item statistic is Pearson's X² of the item's table after MRCV's 0.5 is put in
    # its zero cells: scipy's chi2_contingency(correction=False) on that table.
    result = marginal_independence_test(one_hot(farmer1, Y5), farmer1["Ed"])
    for j, item in enumerate(Y5):
        table = pd.crosstab(farmer1["Ed"], farmer1[item]).to_numpy().astype(float)
        table[table == 0] = 0.5
        expected = chi2_contingency(table, correction=False)[0]
        assert result.item_statistics.iloc[0, j] == pytest.approx(expected, rel=1e-12)
    w, y = ["w1", "w2", "w3"], ["y1", "y2", "y3", "y4"]
    spmi = marginal_independence_test(one_hot(farmer2, y), one_hot(farmer2, w))
    for i, wi in enumerate(w):
        for j, yj in enumerate(y):
            table = pd.crosstab(farmer2[wi], farmer2[yj]).reindex(
                index=[0, 1], columns=[0, 1], fill_value=0
            )
            cells = table.to_numpy().astype(float)
            cells[cells == 0] = 0.5
            expected = chi2_contingency(cells, correction=False)[0]
            assert spmi.item_statistics.iloc[i, j] == pytest.approx(expected, rel=1e-12)


def test_farmer2_has_a_zero_cell_that_the_constant_changes(farmer2: pd.DataFrame) -> None:
    # w3 x y4 has no farmer in the (1, 1) cell: the 0.5 matters there and only there.
    w = one_hot(farmer2, ["w1", "w2", "w3"])
    y = one_hot(farmer2, ["y1", "y2", "y3", "y4"])
    with_half = marginal_independence_test(y, w)
    without = marginal_independence_test(y, w, add_constant=0)
    changed = with_half.item_statistics.to_numpy() != without.item_statistics.to_numpy()
    assert changed.tolist() == [[False] * 4, [False] * 4, [False, False, False, True]]


def test_one_binary_group_equals_a_one_item_second_question(farmer2: pd.DataFrame) -> None:
    # Grouping by w1 (0/1) gives the same 2 x 2 tables as the two-question test with w1.
    y = one_hot(farmer2, ["y1", "y2", "y3", "y4"])
    grouped = marginal_independence_test(y, farmer2["w1"])
    paired = marginal_independence_test(y, one_hot(farmer2, ["w1"]))
    np.testing.assert_allclose(
        grouped.item_statistics.to_numpy(), paired.item_statistics.to_numpy()
    )
    assert grouped.p_bonferroni == pytest.approx(paired.p_bonferroni)


def test_to_frame_and_repr(farmer1: pd.DataFrame) -> None:
    result = marginal_independence_test(one_hot(farmer1, Y5), farmer1["Ed"])
    frame = result.to_frame()
    assert list(frame.columns) == ["row", "option", "statistic", "df", "p_value", "p_bonferroni"]
    assert frame["option"].tolist() == Y5
    assert frame["df"].tolist() == [4] * 5
    assert frame["p_bonferroni"].to_numpy() == pytest.approx(np.minimum(1, 5 * frame["p_value"]))
    assert repr(result).startswith("MarginalIndependenceResult(MMI, n = 262: X²_S = 30.84;")
    page = result._repr_html_()
    assert page.startswith("<p>MMI, n = 262: X²_S = 30.84; Bonferroni p = 0.1357;")
    assert "<table" in page
    assert page.count("<tr") == 6  # header and one row per option


# ---------------------------------------------------------------- alignment and base


def test_groups_are_aligned_by_index_and_blanks_left_out(farmer1: pd.DataFrame) -> None:
    answers = one_hot(farmer1, Y5)
    reference = marginal_independence_test(answers, farmer1["Ed"])
    shuffled = farmer1["Ed"].sample(frac=1.0, random_state=3)
    aligned = marginal_independence_test(answers, shuffled)
    assert aligned.statistic == pytest.approx(reference.statistic)
    assert marginal_independence_test(answers, farmer1["Ed"].tolist()).statistic == pytest.approx(
        reference.statistic
    )
    # A blank group and a respondent who did not answer are both out of the test.
    groups = farmer1["Ed"].astype(object)
    groups.iloc[0] = None
    frame = farmer1[Y5].astype(object)
    frame.iloc[1] = None
    partial = marginal_independence_test(parse_multiselect(frame, Y5), groups)
    subset = farmer1.drop(index=[0, 1])
    expected = marginal_independence_test(one_hot(subset, Y5), subset["Ed"])
    assert partial.n == 260
    assert partial.statistic == pytest.approx(expected.statistic)
    assert partial.rao_scott_statistic == pytest.approx(expected.rao_scott_statistic)


@given(
    rows=st.lists(
        st.tuples(st.sampled_from("abc"), st.lists(st.booleans(), min_size=3, max_size=3)),
        min_size=6,
        max_size=40,
    ),
    data=st.data(),
)
def test_row_order_never_matters(rows: list[tuple[str, list[bool]]], data: st.DataObject) -> None:
    groups = pd.Series([g for g, _ in rows], name="g")
    matrix = np.array([t for _, t in rows], dtype=bool)
    totals = matrix.sum(axis=0)
    # The test is undefined with one group or a constant option (errors tested below).
    assume(groups.nunique() >= 2 and not ((totals == 0) | (totals == len(rows))).any())
    answers = parse_multiselect(pd.DataFrame(matrix, columns=["A", "B", "C"]), ["A", "B", "C"])
    order = data.draw(st.permutations(range(len(rows))))
    shuffled = parse_multiselect(
        pd.DataFrame(matrix[list(order)], columns=["A", "B", "C"]), ["A", "B", "C"]
    )
    unanimous = _unanimous(groups, matrix)
    with pytest.warns(DegenerateDataWarning) if unanimous else contextlib.nullcontext():
        first = marginal_independence_test(answers, groups)
    with pytest.warns(DegenerateDataWarning) if unanimous else contextlib.nullcontext():
        second = marginal_independence_test(
            shuffled, groups.iloc[list(order)].reset_index(drop=True)
        )
    assert first.statistic == pytest.approx(second.statistic)
    assert first.statistic >= 0.0
    assert 0.0 <= first.p_bonferroni <= 1.0
    assert (first.rao_scott_statistic is None) == unanimous
    if first.rao_scott_statistic is not None:
        assert first.rao_scott_df is not None
        assert first.rao_scott_df > 0
        assert first.rao_scott_statistic == pytest.approx(second.rao_scott_statistic)
        assert first.rao_scott_df == pytest.approx(second.rao_scott_df)


def _unanimous(groups: pd.Series, matrix: np.ndarray) -> bool:
    """True when no option varies within any group (Rao–Scott undefined)."""
    frame = pd.DataFrame(matrix).groupby(groups.to_numpy())
    return bool((frame.nunique() == 1).all().all())


# ---------------------------------------------------------------- degenerate and bad input


def test_rao_scott_undefined_when_groups_are_unanimous() -> None:
    matrix = pd.DataFrame({"A": [1, 1, 0, 0], "B": [0, 0, 1, 1]})
    answers = parse_multiselect(matrix, ["A", "B"])
    with pytest.warns(DegenerateDataWarning, match="The Rao–Scott adjustment is undefined"):
        result = marginal_independence_test(answers, ["x", "x", "y", "y"])
    assert result.rao_scott_statistic is None
    assert result.rao_scott_df is None
    assert result.p_rao_scott is None
    assert result.statistic > 0
    assert "Rao–Scott undefined" in repr(result)


def test_bad_input(farmer1: pd.DataFrame) -> None:
    answers = one_hot(farmer1, Y5)
    with pytest.raises(
        InvalidTypeError, match=r"`answers` must be a MultiSelectAnswers; got DataFrame"
    ):
        marginal_independence_test(farmer1[Y5], farmer1["Ed"])  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"`by` must be the grouping of the respondents"):
        marginal_independence_test(answers, "Ed")  # type: ignore[arg-type]
    with pytest.raises(
        InvalidValueError,
        match=r"`by` must hold one group per respondent \(262\); got shape \(3,\)",
    ):
        marginal_independence_test(answers, [1, 2, 3])
    with pytest.raises(InvalidValueError, match="`by` must be indexed like the answers"):
        marginal_independence_test(answers, farmer1["Ed"].iloc[:-1])
    with pytest.raises(
        InvalidValueError, match=r"at least two groups; got 1 group\(s\) among the 262"
    ):
        marginal_independence_test(answers, pd.Series(1, index=farmer1.index))
    with pytest.raises(
        InvalidValueError, match=r"`add_constant` must be a finite number ≥ 0 .* got -0.5"
    ):
        marginal_independence_test(answers, farmer1["Ed"], add_constant=-0.5)
    with pytest.raises(
        InvalidTypeError, match=r"`add_constant` must be a number such as 0.5; got '0.5'"
    ):
        marginal_independence_test(answers, farmer1["Ed"], add_constant="0.5")  # type: ignore[arg-type]
    constant = parse_multiselect(farmer1[Y5].assign(Y3=1), Y5)
    with pytest.raises(
        InvalidValueError,
        match=r"`answers` option\(s\) \['Y3'\] were ticked by every respondent or by none",
    ):
        marginal_independence_test(constant, farmer1["Ed"])
    other = parse_multiselect(pd.DataFrame({"w": [1, 0]}, index=[7, 8]), ["w"])
    with pytest.raises(InvalidValueError, match="`by` must hold the same respondents as `answers`"):
        marginal_independence_test(answers, other)


def test_second_question_must_vary(farmer2: pd.DataFrame) -> None:
    y = one_hot(farmer2, ["y1", "y2"])
    w = parse_multiselect(farmer2[["w1"]].assign(w1=0), ["w1"])
    with pytest.raises(InvalidValueError, match=r"`by` option\(s\) \['w1'\] were ticked by every"):
        marginal_independence_test(y, w)
    nobody = parse_multiselect(farmer2[["w1"]].astype(object).assign(w1=None), ["w1"])
    with pytest.raises(InvalidValueError, match="No respondent answered both questions"):
        marginal_independence_test(y, nobody)
