"""Tests of optamstats.categorical: single-choice tables on two bases.

Reference intervals: R 4.2.2, ``prop.test(k, n, correct = FALSE)$conf.int`` (Wilson)
and ``binom.test(k, n)$conf.int`` (Clopper–Pearson), printed by
tests/question_types_reference.R.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from random import Random

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from optamstats import (
    InvalidTypeError,
    InvalidValueError,
    SingleChoiceTable,
    proportion,
    single_choice_table,
)

COUNTS = {
    "Généraliste": 40, "Pédiatre": 12, "Chirurgien": 0, "Autre": 8, "Ne sait pas": 5,
    "Je ne souhaite pas répondre": 3,
}  # fmt: skip
SKIP = ["Ne sait pas", "Je ne souhaite pas répondre"]
COLUMNS = [
    "option", "k", "n", "estimate", "low", "high", "substantive", "n_substantive",
    "estimate_substantive", "low_substantive", "high_substantive",
]  # fmt: skip

# prop.test(k, 68, correct = FALSE)$conf.int, k = 40, 12, 0, 8, 5, 3
WILSON_ALL = [
    (0.469614667531054, 0.697419802494816), (0.103935872494377, 0.283604404077433),
    (0.0, 0.0534713365200705), (0.0608349260233134, 0.215349037197917),
    (0.031814844251118, 0.160851883957177), (0.0151166197080416, 0.121871951824964),
]  # fmt: skip
# prop.test(k, 60, correct = FALSE)$conf.int, k = 40, 12, 0, 8
WILSON_SUBSTANTIVE = [
    (0.540568664521197, 0.772707384764773), (0.118285053228975, 0.317818058056279),
    (0.0, 0.0601718521420898), (0.0691410948058697, 0.241651596764996),
]  # fmt: skip
# binom.test(k, 60)$conf.int, k = 40, 12, 0, 8
EXACT_SUBSTANTIVE = [
    (0.533127325257169, 0.78313055456883), (0.107841122524362, 0.323300423801291),
    (0.0, 0.0596294922861669), (0.0593644227053572, 0.24592222113042),
]  # fmt: skip


def test_table_matches_r_wilson_on_both_bases() -> None:
    t = single_choice_table(COUNTS, non_substantive=SKIP)
    assert isinstance(t, SingleChoiceTable)
    table = t.table
    assert list(table.columns) == COLUMNS
    assert table["option"].tolist() == list(COUNTS)  # the caller's order, 0 kept
    assert table["k"].tolist() == [40, 12, 0, 8, 5, 3]
    assert (t.n, t.n_substantive, t.confidence, t.method) == (68, 60, 0.95, "wilson")
    assert t.non_substantive == tuple(SKIP)
    assert t.substantive_defined
    assert (table["n"] == 68).all()
    assert (table["n_substantive"] == 60).all()
    assert table["substantive"].tolist() == [True, True, True, True, False, False]
    np.testing.assert_allclose(table["estimate"], np.array([40, 12, 0, 8, 5, 3]) / 68, rtol=1e-15)
    np.testing.assert_allclose(table[["low", "high"]].to_numpy(), WILSON_ALL, rtol=1e-12)
    sub = table.iloc[:4]
    np.testing.assert_allclose(
        sub["estimate_substantive"].to_numpy(dtype=float), np.array([40, 12, 0, 8]) / 60
    )
    np.testing.assert_allclose(
        sub[["low_substantive", "high_substantive"]].to_numpy(dtype=float),
        WILSON_SUBSTANTIVE,
        rtol=1e-12,
    )
    rest = table.iloc[4:][["estimate_substantive", "low_substantive", "high_substantive"]]
    # Missing (<NA> of a nullable column), not a float NaN.
    assert rest.isna().all().all()
    assert (rest.dtypes == "Float64").all()
    assert rest.iloc[0, 0] is pd.NA


def test_exact_method_matches_binom_test() -> None:
    t = single_choice_table(COUNTS, non_substantive=SKIP, method="exact")
    assert t.method == "clopper-pearson"
    sub = t.table.iloc[:4][["low_substantive", "high_substantive"]].to_numpy(dtype=float)
    np.testing.assert_allclose(sub, EXACT_SUBSTANTIVE, rtol=1e-12)


def test_confidence_is_passed_on() -> None:
    # prop.test(40, 60, correct = FALSE, conf.level = 0.9)$conf.int
    t = single_choice_table(COUNTS, non_substantive=SKIP, confidence=0.9)
    row = t.table.iloc[0]
    assert row["low_substantive"] == pytest.approx(0.561292592786729, rel=1e-12)
    assert row["high_substantive"] == pytest.approx(0.757658474348847, rel=1e-12)


def test_without_non_substantive_both_bases_agree() -> None:
    t = single_choice_table({"Oui": 30, "Non": 20})
    table = t.table
    assert t.n == t.n_substantive == 50
    assert t.non_substantive == ()
    for a, b in [("estimate", "estimate_substantive"), ("low", "low_substantive"),
                 ("high", "high_substantive")]:  # fmt: skip
        assert table[a].tolist() == table[b].tolist()


def test_every_answer_non_substantive_is_flagged_not_hidden() -> None:
    t = single_choice_table({"Oui": 0, "Non": 0, "Ne sait pas": 7}, non_substantive=["Ne sait pas"])
    assert t.n == 7
    assert t.n_substantive == 0
    assert not t.substantive_defined
    sub = t.table[["estimate_substantive", "low_substantive", "high_substantive"]]
    assert sub.isna().all().all()
    # The shares of all answers are still there.
    assert t.table["estimate"].tolist() == [0.0, 0.0, 1.0]


def test_one_option_table() -> None:
    t = single_choice_table({"Oui": 4})
    assert t.table[["estimate", "high"]].iloc[0].tolist() == [1.0, 1.0]


def test_the_result_is_frozen() -> None:
    t = single_choice_table({"Oui": 4, "Non": 1})
    with pytest.raises(AttributeError):
        t.n = 3  # type: ignore[misc]


# --------------------------------------------------------------------------- properties

option_counts = st.lists(st.integers(0, 500), min_size=1, max_size=12).filter(
    lambda ks: sum(ks) > 0
)


def _mapping(ks: list[int]) -> dict[str, int]:
    return {f"option {i}": k for i, k in enumerate(ks)}


@given(option_counts, st.data())
def test_shares_sum_to_one_and_intervals_contain_estimates(
    ks: list[int], data: st.DataObject
) -> None:
    counts = _mapping(ks)
    skip = data.draw(st.lists(st.sampled_from(list(counts)), unique=True, max_size=len(ks)))
    t = single_choice_table(counts, non_substantive=skip)
    table = t.table
    assert table["estimate"].sum() == pytest.approx(1.0, abs=1e-12)
    assert (table["low"] <= table["estimate"]).all()
    assert (table["estimate"] <= table["high"]).all()
    assert t.n_substantive == sum(k for o, k in counts.items() if o not in skip)
    sub = table[table["substantive"]]
    if t.substantive_defined:
        assert sub["estimate_substantive"].sum() == pytest.approx(1.0, abs=1e-12)
        assert (sub["low_substantive"] <= sub["estimate_substantive"]).all()
        assert (sub["estimate_substantive"] <= sub["high_substantive"]).all()
    else:
        assert table["estimate_substantive"].isna().all()
    assert table.loc[~table["substantive"], "estimate_substantive"].isna().all()


@given(option_counts, st.sampled_from(["wilson", "clopper-pearson", "jeffreys"]))
def test_each_row_is_proportion_of_its_base(ks: list[int], method: str) -> None:
    t = single_choice_table(_mapping(ks), method=method)
    ref = proportion(ks, sum(ks), method=method)
    np.testing.assert_array_equal(t.table["low"], ref.low)
    np.testing.assert_array_equal(t.table["high"], ref.high)


@given(option_counts, st.randoms(use_true_random=False))
def test_reordering_options_only_reorders_rows(ks: list[int], rnd: Random) -> None:
    counts = _mapping(ks)
    items = list(counts.items())
    rnd.shuffle(items)
    a = single_choice_table(counts).table.set_index("option")
    b = single_choice_table(OrderedDict(items)).table
    assert b["option"].tolist() == [o for o, _ in items]
    pd.testing.assert_frame_equal(a.loc[b["option"]], b.set_index("option"))


@given(option_counts, st.lists(st.floats(0.5, 0.999), min_size=2, max_size=2))
def test_intervals_nest_as_confidence_grows(ks: list[int], confs: list[float]) -> None:
    small, large = sorted(confs)
    a = single_choice_table(_mapping(ks), confidence=small).table
    b = single_choice_table(_mapping(ks), confidence=large).table
    assert (b["low"] <= a["low"] + 1e-15).all()
    assert (a["high"] <= b["high"] + 1e-15).all()


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("counts", "error", "pattern"),
    [
        ({}, InvalidValueError, "`counts` must list at least one option"),
        ([("Oui", 3)], InvalidTypeError, "`counts` must be a mapping"),
        ({"Oui": -1, "Non": 3}, InvalidValueError, r"`counts\['Oui'\]` must be a count ≥ 0"),
        ({"Oui": 2.5}, InvalidValueError, r"`counts\['Oui'\]` must be a whole number"),
        ({"Oui": math.nan}, InvalidValueError, r"`counts\['Oui'\]` must be a finite count"),
        ({"Oui": "3"}, InvalidTypeError, r"`counts\['Oui'\]` must be an integer count"),
        ({"Oui": True}, InvalidTypeError, r"`counts\['Oui'\]` must be an integer count"),
        ({1: 3}, InvalidTypeError, "keys must be option labels"),
        ({"Oui": 0, "Non": 0}, InvalidValueError, "every count is 0"),
    ],
)
def test_bad_counts(counts: object, error: type[Exception], pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        single_choice_table(counts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("skip", "error", "pattern"),
    [
        ("Ne sait pas", InvalidTypeError, "must be a list of option labels"),
        (["NSP"], InvalidValueError, "'NSP', which is not an option of `counts`"),
        (["Oui", "Oui"], InvalidValueError, "names 'Oui' twice"),
        ([3], InvalidTypeError, "must hold option labels"),
        (None, InvalidTypeError, "must be a list of option labels"),
    ],
)
def test_bad_non_substantive(skip: object, error: type[Exception], pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        single_choice_table({"Oui": 3, "Non": 2}, non_substantive=skip)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"confidence": 95}, InvalidValueError, "`confidence`"),
        ({"confidence": 1.0}, InvalidValueError, "`confidence`"),
        ({"confidence": "0.95"}, InvalidTypeError, "`confidence`"),
        ({"method": "normal"}, InvalidValueError, "`method` must be one of"),
        ({"method": None}, InvalidTypeError, "`method` must be a string"),
    ],
)
def test_bad_confidence_and_method(
    kwargs: dict[str, object], error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern):
        single_choice_table({"Oui": 3, "Non": 2}, **kwargs)  # type: ignore[arg-type]
