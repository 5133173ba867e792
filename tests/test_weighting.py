"""Tests of optamstats.weighting: R survey references, invariants, bad input."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from optamstats._checks import InvalidTypeError, InvalidValueError, ShapeError
from optamstats.forms import UnknownColumnError
from optamstats.funnel import exit_funnel_from_answers
from optamstats.multiselect import MultiSelectAnswers, multiselect_table, parse_multiselect
from optamstats.proportions import proportion
from optamstats.weighting import (
    RakeReport,
    RakingConvergenceWarning,
    WeightedProportionCI,
    design_effect,
    effective_sample_size,
    rake,
    weighted_exit_funnel,
    weighted_multiselect_table,
    weighted_proportion,
)

# --------------------------------------------------------------------------- R references

# The data set of tests/weighting_reference.R (40 respondents, 4 specialties, 3 age
# bands, two 0/1 answers, base weights w0). R 4.2.2 Patched (2022-11-10 r83330),
# survey 4.1.1:
#   des <- svydesign(ids = ~1, weights = ~rep(1, 40), data = d)
#   rake(des, list(~spec, ~age), list(pop.spec, pop.age),
#        control = list(maxit = 1000, epsilon = 1e-13))
SPEC = ["Chirurgie"] * 12 + ["Pediatrie"] * 10 + ["Psychiatrie"] * 8 + ["Radiologie"] * 10
AGE = ["<45", "45-59", "60+", "<45", "45-59"] * 8
LEFT = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0,
        1, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1]  # fmt: skip
A = [1, 1, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1,
     1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1]  # fmt: skip
W0 = [1.0, 2.0, 1.5, 1.0] * 10
MARGINS = {
    "spec": {"Chirurgie": 9000, "Pediatrie": 4000, "Psychiatrie": 5000, "Radiologie": 2000},
    "age": {"<45": 6000, "45-59": 8000, "60+": 6000},
}
R_W_EQUAL = [
    571.482871276989, 761.977161702652, 1166.3499175509, 571.482871276989, 761.977161702652,
    571.482871276989, 761.977161702652, 1166.3499175509, 571.482871276989, 761.977161702652,
    571.482871276989, 761.977161702652, 608.54044852998, 298.169903886433, 397.559871848577,
    298.169903886433, 397.559871848577, 608.54044852998, 298.169903886433, 397.559871848577,
    298.169903886433, 397.559871848577, 920.839409654132, 451.188740098819, 601.584986798426,
    451.188740098819, 601.584986798426, 920.839409654132, 451.188740098819, 601.584986798426,
    149.084951943216, 198.779935924289, 304.27022426499, 149.084951943216, 198.779935924289,
    149.084951943216, 198.779935924289, 304.27022426499, 149.084951943216, 198.779935924289,
]  # fmt: skip
#   des0 <- svydesign(ids = ~1, weights = ~w0, data = d); rake(des0, <the same>)
R_W_BASE = [
    428.54094090705, 1066.46944697589, 1329.13407476677, 428.54094090705, 533.234723487943,
    857.081881814099, 799.852085231914, 886.089383177843, 428.54094090705, 1066.46944697589,
    642.811411360575, 533.234723487943, 445.941398498836, 431.342819652634, 402.540831943295,
    215.671409826317, 268.360554628863, 891.882796997672, 323.507114739475, 268.360554628863,
    215.671409826317, 536.721109257727, 1050.04419737715, 338.55646084234, 421.266776518975,
    677.112921684679, 631.900164778462, 700.029464918102, 338.55646084234, 842.533553037949,
    168.516321672519, 139.790228676955, 232.292894754543, 224.688428896692, 209.685343015432,
    112.344214448346, 139.790228676955, 464.585789509086, 168.516321672519, 139.790228676955,
]  # fmt: skip
# With the raked weights w held fixed (fixed <- svydesign(ids = ~1, weights = ~w, ...)):
#   svymean(~left, fixed)                          -> 0.521128913754351, SE 0.0902362044335548
#   attr(svyciprop(~left, fixed, method = "beta"), "ci")
#   attr(svyciprop(~left, fixed, method = "beta", level = 0.9), "ci")
#   neff <- sum(w)^2 / sum(w^2)                    -> 31.2264075477638
#   prop.test(p * neff, neff, correct = FALSE)$conf.int   (Wilson on Kish's n)
R_MEAN, R_SE = 0.521128913754351, 0.0902362044335548
R_BETA_95 = (0.334100211397028, 0.703920435238642)
R_BETA_90 = (0.360297516690673, 0.678745957899362)
R_KISH = 31.2264075477638
R_WILSON_KISH = (0.35345917575623, 0.684169579013314)
#   svymean(~a, fixed); svyciprop(~a, fixed, method = "beta"); prop.test on Kish's n
R_MEAN_A, R_SE_A = 0.572297178053663, 0.0904071160002872
R_BETA_A = (0.37941109116404, 0.750333354838093)
R_WILSON_KISH_A = (0.400438354435441, 0.728316621572311)
#   among left == 0: share with a == 1 on w, Kish size and Wilson on it
R_PLAN, R_PLAN_KISH = 0.694547430033981, 16.2781834277549
R_PLAN_WILSON = (0.452741720689507, 0.862062957483692)


@pytest.fixture
def data() -> pd.DataFrame:
    return pd.DataFrame({"spec": SPEC, "age": AGE, "left": LEFT, "a": A, "w0": W0})


def test_rake_matches_r_survey(data: pd.DataFrame) -> None:
    w = rake(data, MARGINS, tol=1e-14, max_iter=1000)
    np.testing.assert_allclose(w.to_numpy(), R_W_EQUAL, rtol=1e-10)
    report = w.attrs["rake"]
    assert isinstance(report, RakeReport)
    assert report.converged
    assert report.scale == "counts"
    assert report.total == pytest.approx(20000)
    assert report.cells == data.groupby(["spec", "age"]).ngroups == 12
    assert report.effective_n == pytest.approx(R_KISH, rel=1e-10)


def test_rake_with_base_weights_matches_r_survey(data: pd.DataFrame) -> None:
    w = rake(data, MARGINS, tol=1e-14, max_iter=1000, weights=data["w0"])
    np.testing.assert_allclose(w.to_numpy(), R_W_BASE, rtol=1e-10)


def test_rake_with_shares_is_the_same_up_to_scale(data: pd.DataFrame) -> None:
    shares = {c: {k: v / 20000 for k, v in m.items()} for c, m in MARGINS.items()}
    w = rake(data, shares, tol=1e-14, max_iter=1000)
    assert w.attrs["rake"].scale == "shares"
    assert float(w.sum()) == pytest.approx(40.0, rel=1e-12)
    np.testing.assert_allclose(w.to_numpy() * 500.0, R_W_EQUAL, rtol=1e-10)


def test_weighted_proportion_matches_r_survey(data: pd.DataFrame) -> None:
    w = pd.Series(R_W_EQUAL)
    x = data["left"] == 1
    kish = weighted_proportion(x, w)
    assert kish.estimate == pytest.approx(R_MEAN, rel=1e-12)
    assert kish.effective_n == pytest.approx(R_KISH, rel=1e-12)
    assert (kish.low, kish.high) == pytest.approx(R_WILSON_KISH, rel=1e-10)
    assert kish.design_effect == pytest.approx(40 / R_KISH, rel=1e-12)
    assert kish.weighted_n == pytest.approx(20000, rel=1e-12)
    assert (kish.k, kish.n) == (19, 40)
    beta = weighted_proportion(x, w, method="clopper-pearson", effective_n="design")
    assert beta.effective_n == pytest.approx(R_MEAN * (1 - R_MEAN) / R_SE**2, rel=1e-10)
    assert (beta.low, beta.high) == pytest.approx(R_BETA_95, rel=1e-9)
    beta90 = weighted_proportion(
        x, w, method="clopper-pearson", effective_n="design", confidence=0.9
    )
    assert (beta90.low, beta90.high) == pytest.approx(R_BETA_90, rel=1e-9)


def test_weighted_multiselect_matches_r_survey(data: pd.DataFrame) -> None:
    indicators = pd.DataFrame({"left": data["left"] == 1, "a": data["a"] == 1})
    answers = MultiSelectAnswers(
        indicators,
        pd.Series([""] * 40, dtype=object),
        pd.Series(np.ones(40, dtype=bool)),
    )
    w = np.array(R_W_EQUAL)
    kish = weighted_multiselect_table(answers, w).set_index("option")
    assert kish.loc["a", "pct_respondents"] == pytest.approx(100 * R_MEAN_A, rel=1e-12)
    assert kish.loc["left", "pct_respondents"] == pytest.approx(100 * R_MEAN, rel=1e-12)
    assert (kish.loc["a", "low"], kish.loc["a", "high"]) == pytest.approx(
        tuple(100 * v for v in R_WILSON_KISH_A), rel=1e-10
    )
    assert kish.loc["left", "effective_n"] == pytest.approx(R_KISH, rel=1e-12)
    beta = weighted_multiselect_table(
        answers, w, method="clopper-pearson", effective_n="design"
    ).set_index("option")
    assert (beta.loc["a", "low"], beta.loc["a", "high"]) == pytest.approx(
        tuple(100 * v for v in R_BETA_A), rel=1e-9
    )
    assert beta.loc["a", "effective_n"] == pytest.approx(
        R_MEAN_A * (1 - R_MEAN_A) / R_SE_A**2, rel=1e-10
    )
    assert (beta.loc["left", "low"], beta.loc["left", "high"]) == pytest.approx(
        tuple(100 * v for v in R_BETA_95), rel=1e-9
    )
    assert list(kish.index) == ["a", "left"]  # by weighted share
    assert kish["pct_unweighted"].tolist() == pytest.approx(
        [100 * sum(A) / 40, 100 * sum(LEFT) / 40]
    )


def test_weighted_funnel_matches_r_shares(data: pd.DataFrame) -> None:
    has_left = np.where(data["left"] == 1, "Oui", "Non")
    plans = np.where(data["left"] == 1, "", np.where(data["a"] == 1, "Oui", "Non"))
    f = weighted_exit_funnel(has_left, plans, R_W_EQUAL, n_resamples=2000, rng=7)
    assert f.left.estimate == pytest.approx(R_MEAN, rel=1e-12)
    assert (f.left.low, f.left.high) == pytest.approx(R_WILSON_KISH, rel=1e-10)
    assert f.plan is not None
    assert f.plan.estimate == pytest.approx(R_PLAN, rel=1e-12)
    assert f.plan.effective_n == pytest.approx(R_PLAN_KISH, rel=1e-12)
    assert (f.plan.low, f.plan.high) == pytest.approx(R_PLAN_WILSON, rel=1e-10)
    combined = R_MEAN + (1 - R_MEAN) * R_PLAN
    assert f.estimate == pytest.approx(combined, rel=1e-12)
    # Full response: the combined rate is the weighted share who left or plan to leave.
    assert f.wilson.estimate == pytest.approx(combined, rel=1e-12)
    assert f.delta.estimate == pytest.approx(combined, rel=1e-12)
    assert f.combined.low <= f.estimate <= f.combined.high
    assert f.all_missing_leave is None
    assert (f.counts.n, f.unweighted.counts.left) == (40, 19)


# --------------------------------------------------------------------------- properties


@st.composite
def frames_and_margins(
    draw: st.DrawFn,
) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    n = draw(st.integers(8, 120))
    columns: dict[str, list[str]] = {}
    margins: dict[str, dict[str, float]] = {}
    for name in ("a", "b", "c")[: draw(st.integers(1, 3))]:
        levels = draw(st.integers(2, 4))
        cats = [f"{name}{i}" for i in range(levels)]
        values = draw(st.lists(st.sampled_from(cats), min_size=n, max_size=n))
        assume(set(values) == set(cats))
        columns[name] = values
        raw = [draw(st.floats(0.05, 1.0)) for _ in cats]
        margins[name] = {c: r / sum(raw) for c, r in zip(cats, raw, strict=True)}
    return pd.DataFrame(columns), margins


@given(frames_and_margins())
def test_raked_weights_reproduce_every_margin(
    case: tuple[pd.DataFrame, dict[str, dict[str, float]]],
) -> None:
    frame, margins = case
    try:
        w = rake(frame, margins, max_iter=500)
    except RakingConvergenceWarning:  # incompatible margins for this sample: reported
        return
    report = w.attrs["rake"]
    assert report.converged
    assert report.max_error <= 1e-8
    assert np.all(w.to_numpy() > 0.0)
    assert float(w.sum()) == pytest.approx(len(frame), rel=1e-12)
    for column, margin in margins.items():
        shares = w.groupby(frame[column]).sum() / w.sum()
        for category, target in margin.items():
            assert abs(shares[category] - target) <= 1e-8
    assert 1.0 <= report.effective_n <= len(frame) + 1e-9
    assert report.design_effect >= 1.0 - 1e-12


@given(frames_and_margins(), st.floats(0.1, 10.0))
def test_raking_ignores_the_scale_of_base_weights(
    case: tuple[pd.DataFrame, dict[str, dict[str, float]]], scale: float
) -> None:
    frame, margins = case
    base = np.linspace(0.5, 2.0, len(frame))
    try:
        one = rake(frame, margins, weights=base, max_iter=500)
        two = rake(frame, margins, weights=base * scale, max_iter=500)
    except RakingConvergenceWarning:
        return
    # With shares, weights sum to the base weights' sum: the same up to that scale.
    np.testing.assert_allclose(two.to_numpy(), one.to_numpy() * scale, rtol=1e-7)


@given(frames_and_margins(), st.randoms(use_true_random=False))
def test_raking_follows_the_rows(
    case: tuple[pd.DataFrame, dict[str, dict[str, float]]], random: object
) -> None:
    frame, margins = case
    order = list(range(len(frame)))
    random.shuffle(order)  # type: ignore[attr-defined]
    try:
        w = rake(frame, margins, max_iter=500)
        shuffled = rake(frame.iloc[order], margins, max_iter=500)
    except RakingConvergenceWarning:
        return
    pd.testing.assert_series_equal(shuffled.sort_index(), w, rtol=1e-9)


def test_a_sample_matching_the_margins_gets_equal_weights() -> None:
    frame = pd.DataFrame({"s": ["x", "x", "y", "y"], "t": ["p", "q", "p", "q"]})
    w = rake(frame, {"s": {"x": 0.5, "y": 0.5}, "t": {"p": 0.5, "q": 0.5}})
    np.testing.assert_allclose(w.to_numpy(), 1.0)
    assert w.attrs["rake"].iterations == 1
    again = rake(frame, {"s": {"x": 0.5, "y": 0.5}}, weights=w)
    np.testing.assert_allclose(again.to_numpy(), w.to_numpy())


def test_raking_equals_a_row_level_loop() -> None:
    """An independent, plain pandas IPF over rows gives the same weights."""
    rng = np.random.default_rng(11)
    n = 5000
    frame = pd.DataFrame(
        {
            "spec": rng.choice(["s0", "s1", "s2", "s3", "s4"], n, p=[0.4, 0.2, 0.2, 0.1, 0.1]),
            "age": rng.choice(["y", "m", "o"], n, p=[0.2, 0.5, 0.3]),
            "sex": rng.choice(["f", "m"], n),
        }
    )
    margins = {
        "spec": {"s0": 0.2, "s1": 0.2, "s2": 0.2, "s3": 0.2, "s4": 0.2},
        "age": {"y": 0.3, "m": 0.4, "o": 0.3},
        "sex": {"f": 0.55, "m": 0.45},
    }
    w = rake(frame, margins, tol=1e-13, max_iter=1000)
    loop = pd.Series(1.0, index=frame.index)
    targets = {column: frame[column].map(margin) * n for column, margin in margins.items()}
    for _ in range(1000):
        before = loop.copy()
        for column, target in targets.items():
            loop *= target / loop.groupby(frame[column]).transform("sum")
        if float((loop / before - 1.0).abs().max()) < 1e-15:
            break
    np.testing.assert_allclose(w.to_numpy(), loop.to_numpy(), rtol=1e-9)


def test_trimming_bounds_the_weights() -> None:
    frame = pd.DataFrame({"s": ["x"] * 18 + ["y"] * 2, "t": (["p", "q"] * 10)})
    margins = {"s": {"x": 0.5, "y": 0.5}, "t": {"p": 0.5, "q": 0.5}}
    plain = rake(frame, margins)
    assert float(plain.max() / plain.mean()) == pytest.approx(5.0)
    with pytest.warns(RakingConvergenceWarning, match="did not converge"):
        trimmed = rake(frame, margins, trim=(0.5, 3.0), max_iter=50)
    report = trimmed.attrs["rake"]
    assert not report.converged
    assert report.trim == (0.5, 3.0)
    assert report.trimmed == 2
    # Margins compatible with the bounds: trimming converges and both hold.
    frame = pd.DataFrame(
        {"s": ["x"] * 12 + ["y"] * 8, "t": ["p"] * 6 + ["q"] * 6 + ["p"] * 2 + ["q"] * 6}
    )
    margins = {"s": {"x": 0.4, "y": 0.6}, "t": {"p": 0.5, "q": 0.5}}
    plain = rake(frame, margins)
    trimmed = rake(frame, margins, trim=2.0, max_iter=1000)
    report = trimmed.attrs["rake"]
    assert float(plain.max() / plain.mean()) > 2.0
    assert report.converged
    assert float(trimmed.max() / trimmed.mean()) <= 2.0 + 1e-8  # within `tol`
    assert report.trimmed > 0
    for column, margin in margins.items():
        shares = trimmed.groupby(frame[column]).sum() / trimmed.sum()
        assert shares.to_dict() == pytest.approx(margin, abs=1e-8)


def test_non_convergence_is_reported() -> None:
    # Everyone in x is in p: x = 80 % and p = 20 % cannot both hold.
    frame = pd.DataFrame({"s": ["x", "x", "y", "y"], "t": ["p", "p", "q", "q"]})
    with pytest.warns(RakingConvergenceWarning, match=r"Raking did not converge in 20 cycles"):
        w = rake(frame, {"s": {"x": 0.8, "y": 0.2}, "t": {"p": 0.2, "q": 0.8}}, max_iter=20)
    report = w.attrs["rake"]
    assert not report.converged
    assert report.iterations == 20
    assert report.max_error > 0.1
    assert len(report.history) == 20


def test_categorical_and_integer_columns() -> None:
    frame = pd.DataFrame({"s": pd.Categorical(["x", "y", "y", "z"]), "age": [1, 2, 2, 1]})
    margins = {"s": {"x": 0.2, "y": 0.5, "z": 0.3}, "age": {1: 0.5, 2: 0.5}}
    w = rake(frame, margins)
    shares = w.groupby(frame["s"], observed=True).sum() / w.sum()
    assert shares.to_dict() == pytest.approx(margins["s"], abs=1e-8)


@given(st.lists(st.booleans(), min_size=1, max_size=200), st.floats(0.01, 100.0))
def test_equal_weights_give_the_unweighted_interval(x: list[bool], weight: float) -> None:
    k, n = sum(x), len(x)
    r = weighted_proportion(x, [weight] * n)
    ref = proportion(k, n)
    assert r.effective_n == pytest.approx(n, rel=1e-12)
    assert r.design_effect == pytest.approx(1.0, rel=1e-12)
    assert (r.estimate, r.low, r.high) == pytest.approx(
        (ref.estimate, ref.low, ref.high), abs=1e-12
    )
    exact = weighted_proportion(x, [weight] * n, method="clopper-pearson")
    ref_exact = proportion(k, n, method="exact")
    assert (exact.low, exact.high) == pytest.approx((ref_exact.low, ref_exact.high), abs=1e-9)


@given(
    st.lists(st.tuples(st.booleans(), st.floats(0.01, 50.0)), min_size=2, max_size=100),
    st.floats(1e-3, 1e3),
    st.sampled_from(["kish", "design"]),
)
def test_scaling_the_weights_changes_nothing(
    rows: list[tuple[bool, float]], scale: float, how: str
) -> None:
    x = [r[0] for r in rows]
    w = np.array([r[1] for r in rows])
    one = weighted_proportion(x, w, effective_n=how)
    two = weighted_proportion(x, w * scale, effective_n=how)
    for name in ("estimate", "low", "high", "effective_n", "design_effect"):
        assert getattr(two, name) == pytest.approx(getattr(one, name), rel=1e-9, abs=1e-12)
    assert one.low <= one.estimate <= one.high
    assert 1.0 - 1e-9 <= one.effective_n <= len(rows) + 1e-9 or how == "design"


def test_effective_sample_size_and_design_effect() -> None:
    assert effective_sample_size([2.0, 2.0, 2.0]) == pytest.approx(3.0)
    w = np.array([0.5, 1.0, 1.5, 3.0])
    cv2 = w.var() / w.mean() ** 2  # Kish: deff = 1 + CV² (population variance)
    assert design_effect(w) == pytest.approx(1.0 + cv2)
    assert effective_sample_size(w) * design_effect(w) == pytest.approx(4.0)


def test_missing_answers_are_outside_the_base() -> None:
    x = pd.Series([True, False, pd.NA, True], dtype="boolean")
    w = pd.Series([1.0, 2.0, 5.0, 1.0])
    r = weighted_proportion(x, w)
    assert r.n == 3
    assert r.estimate == pytest.approx(0.5)
    shuffled = weighted_proportion(x, w.iloc[::-1])  # aligned on the index
    assert shuffled.estimate == r.estimate


def test_cite_and_frame() -> None:
    r = weighted_proportion([True, False, True, True], [1.0, 1.0, 2.0, 2.0], base="members")
    assert r.cite() == (
        "83.3% (95% CI 34.3–98.0; n = 4 members, effective n = 3.6, design effect 1.11; weighted)"
    )
    assert r.cite("fr") == (
        "83,3 % (IC à 95 % : 34,3–98,0 ; n = 4 members, n effectif = 3,6, effet de plan "
        "1,11 ; pondéré)"
    )
    frame = r.to_frame()
    assert list(frame.columns) == list(WeightedProportionCI.__slots__)
    assert frame.loc[0, "k"] == 3


# --------------------------------------------------------------------------- weighted runs


def test_weighted_funnel_with_equal_weights_is_the_unweighted_funnel() -> None:
    left = ["Oui"] * 50 + ["Non"] * 69
    plan = [""] * 50 + ["Oui"] * 41 + ["Non"] * 28
    f = weighted_exit_funnel(left, plan, np.full(119, 3.0), n_resamples=2000, rng=1)
    u = exit_funnel_from_answers(left, plan)
    assert f.estimate == pytest.approx(u.estimate, rel=1e-12)
    assert (f.wilson.low, f.wilson.high) == pytest.approx((u.wilson.low, u.wilson.high))
    assert (f.left.low, f.left.high) == pytest.approx((u.left.low, u.left.high))
    assert f.delta.se == pytest.approx(u.delta.se, rel=1e-12)
    frame = f.to_frame()
    assert frame["estimate"].to_numpy() == pytest.approx(frame["unweighted"].to_numpy())
    assert f.cite().startswith("76.5% (95% CI ")
    assert f.cite("fr").startswith("76,5 % (IC à 95 % : ")


def test_weighted_funnel_reads_a_plain_string_as_one_label() -> None:
    # The report of issue 17: 300 respondents, 38 left, 223 had not ("Non" or "Ne sait
    # pas"), 39 blank. yes="Oui" was read as the labels 'O', 'u', 'i': left = 0/223.
    left = ["Oui"] * 38 + ["Non"] * 200 + ["Ne sait pas"] * 23 + [""] * 39
    plan = [""] * 38 + ["Oui", "Non"] * 100 + ["Ne sait pas"] * 23 + [""] * 39
    w = np.array([1.0, 2.0, 0.5] * 100)
    f = weighted_exit_funnel(
        left, plan, w, yes="Oui", no=["Non", "Ne sait pas"], n_resamples=1000, rng=0
    )
    assert (f.left.k, f.left.n) == (38, 261)
    in_base = np.array([v != "" for v in left])
    is_yes = np.array([v == "Oui" for v in left])
    # The weighted share by hand: the weights of those who left over the base's.
    assert f.left.estimate == pytest.approx(w[is_yes].sum() / w[in_base].sum(), rel=1e-12)
    assert f.weighted.plan == pytest.approx(w[38:238:2].sum(), rel=1e-12)
    assert (
        f.counts
        == exit_funnel_from_answers(left, plan, yes="Oui", no=["Non", "Ne sait pas"]).counts
    )
    same = weighted_exit_funnel(
        left, plan, w, yes=["Oui"], no=("Non", "Ne sait pas"), n_resamples=1000, rng=0
    )
    assert same == f
    with pytest.raises(InvalidTypeError, match=r"`yes` must be a sequence of answer labels"):
        weighted_exit_funnel(left, plan, w, yes=[1], no="Non")  # type: ignore[list-item]


def test_weighted_funnel_with_skipped_answers() -> None:
    left = ["Oui", "Oui", "Non", "Non", "Non", "Non", "Non", ""]
    plan = ["", "", "Oui", "Non", "", "Oui", "Non", "Oui"]
    w = [1.0, 3.0, 2.0, 1.0, 2.0, 1.0, 2.0, 9.0]
    f = weighted_exit_funnel(left, plan, w, n_resamples=2000, rng=3)
    assert (f.weighted.left, f.weighted.plan, f.weighted.stay, f.weighted.no_answer) == (
        4.0, 3.0, 3.0, 2.0,
    )  # fmt: skip
    assert f.weighted.total == 12.0
    p_left, p_plan = 4 / 12, 3 / 6
    assert f.estimate == pytest.approx(p_left + (1 - p_left) * p_plan)
    assert f.all_missing_leave is not None
    assert f.none_missing_leave is not None
    assert f.all_missing_leave.estimate == pytest.approx(9 / 12)
    assert f.none_missing_leave.estimate == pytest.approx(7 / 12)
    assert f.counts.unanswered_left == 1
    assert "missing at random" in f.assumption


@given(st.floats(0.01, 100.0), st.integers(0, 2**32 - 1))
def test_weighted_funnel_ignores_the_scale_of_weights(scale: float, seed: int) -> None:
    left = ["Oui", "Non", "Non", "Non", "Oui", "Non"]
    plan = ["", "Oui", "Non", "Oui", "", ""]
    w = np.array([1.0, 2.0, 0.5, 1.5, 1.0, 2.5])
    one = weighted_exit_funnel(left, plan, w, n_resamples=1000, rng=seed)
    two = weighted_exit_funnel(left, plan, w * scale, n_resamples=1000, rng=seed)
    assert two.estimate == pytest.approx(one.estimate, rel=1e-12)
    assert (two.combined.low, two.combined.high) == pytest.approx(
        (one.combined.low, one.combined.high), rel=1e-9
    )
    assert (two.delta.low, two.delta.high) == pytest.approx((one.delta.low, one.delta.high))


def test_weighted_multiselect_with_equal_weights_is_the_table() -> None:
    cells = pd.Series(["A, B", "A", "A, C", "B", "A, B, C", None, "C"])
    answers = parse_multiselect(cells, ["A", "B", "C"])
    weighted = weighted_multiselect_table(answers, np.full(7, 2.5))
    plain = multiselect_table(answers, n_resamples=0)
    for column in ("option", "mentions", "respondents"):
        assert weighted[column].tolist() == plain[column].tolist()
    for column in ("pct_respondents", "low", "high", "pct_mentions"):
        np.testing.assert_allclose(weighted[column], plain[column].astype(float), rtol=1e-12)
    np.testing.assert_allclose(weighted["design_effect"], 1.0)
    bonferroni = weighted_multiselect_table(answers, np.full(7, 2.5), adjust="bonferroni")
    plain_b = multiselect_table(answers, n_resamples=0, adjust="bonferroni")
    np.testing.assert_allclose(bonferroni["low"], plain_b["low"], rtol=1e-12)
    assert bonferroni.attrs["per_option_confidence"] == pytest.approx(1 - 0.05 / 3)


def test_weighted_multiselect_aligns_a_series_on_the_index() -> None:
    cells = pd.Series(["A, B", "A", "B"], index=[10, 20, 30])
    answers = parse_multiselect(cells, ["A", "B"])
    w = pd.Series([1.0, 3.0, 1.0], index=[20, 30, 10])  # 20 weighs 1, 30 weighs 3
    table = weighted_multiselect_table(answers, w).set_index("option")
    assert table.loc["A", "pct_respondents"] == pytest.approx(100 * 2 / 5)
    assert table.loc["B", "pct_respondents"] == pytest.approx(100 * 4 / 5)
    assert table["pct_mentions"].sum() == pytest.approx(100.0)


# --------------------------------------------------------------------------- bad input


def test_bad_frames_and_margins(data: pd.DataFrame) -> None:
    with pytest.raises(InvalidTypeError, match=r"`frame` must be a pandas DataFrame"):
        rake([1, 2], MARGINS)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"`frame` has no rows"):
        rake(data.iloc[:0], MARGINS)
    with pytest.raises(InvalidTypeError, match=r"`margins` must be a non-empty mapping"):
        rake(data, {})
    with pytest.raises(UnknownColumnError, match=r"`margins` 'specialty' is not a column"):
        rake(data, {"specialty": {"x": 1.0}})
    with pytest.raises(InvalidTypeError, match=r"`margins\['age'\]` must be a non-empty mapping"):
        rake(data, {"age": [0.5, 0.5]})  # type: ignore[dict-item]
    with pytest.raises(InvalidTypeError, match=r"`margins\['age'\]\['<45'\]` must be a number"):
        rake(data, {"age": {"<45": True, "45-59": 1, "60+": 1}})
    with pytest.raises(InvalidValueError, match=r"`margins\['age'\]\['<45'\]` must be finite"):
        rake(data, {"age": {"<45": -0.1, "45-59": 0.6, "60+": 0.5}})
    with pytest.raises(InvalidValueError, match=r"`margins\['age'\]\['60\+'\]` must be finite"):
        rake(data, {"age": {"<45": 0.5, "45-59": 0.5, "60+": math.nan}})
    bad = {"spec": MARGINS["spec"], "age": {"<45": 6000, "45-59": 8000, "60+": 6001}}
    with pytest.raises(
        InvalidValueError,
        match=r"must all sum to the same total .* 'spec' sums to 20000 and 'age' to 20001",
    ):
        rake(data, bad)
    with pytest.raises(InvalidValueError, match=r"`margins\['age'\]` sums to 0"):
        rake(data, {"age": {"<45": 0, "45-59": 0, "60+": 0}})


def test_bad_categories(data: pd.DataFrame) -> None:
    shares = {"age": {"<45": 0.3, "45-59": 0.4}}
    with pytest.raises(
        InvalidValueError, match=r"holds categories that `margins\['age'\]` does not list: '60\+'"
    ):
        rake(data, shares)
    cased = {"spec": {"chirurgie": 0.4, "Pediatrie": 0.2, "Psychiatrie": 0.2, "Radiologie": 0.2}}
    with pytest.raises(
        InvalidValueError, match=r"'Chirurgie' \(12 respondent\(s\)\)\. Did you mean 'chirurgie'\?"
    ):
        rake(data, cased)
    empty = {"age": {"<45": 0.3, "45-59": 0.3, "60+": 0.3, "75+": 0.1}}
    with pytest.raises(InvalidValueError, match=r"has an empty cell: no respondent is in '75\+'"):
        rake(data, empty)
    dead = {"age": {"<45": 0.5, "45-59": 0.5, "60+": 0.0}}
    with pytest.raises(InvalidValueError, match=r"gives a population share of 0 to '60\+'"):
        rake(data, dead)
    holes = data.assign(age=data["age"].where(data.index != 3))
    with pytest.raises(InvalidValueError, match=r"`frame\['age'\]` is missing for 1 respondent"):
        rake(holes, {"age": {"<45": 0.3, "45-59": 0.4, "60+": 0.3}})


SHIFTED = pd.Series([1.0] * 40, index=range(1, 41))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"tol": 0}, InvalidValueError, r"`tol` must be a number in \(0, 1\)"),
        ({"tol": "small"}, InvalidValueError, r"`tol` must be a number in \(0, 1\).*'small'"),
        ({"max_iter": 0}, InvalidValueError, r"`max_iter` must be a whole number ≥ 1"),
        ({"max_iter": 2.5}, InvalidValueError, r"`max_iter` must be a whole number ≥ 1.*2.5"),
        ({"trim": "5"}, InvalidTypeError, r"`trim` must be None, an upper bound"),
        ({"trim": (2.0, 5.0)}, InvalidValueError, r"`trim` must contain 1 \(the mean weight\)"),
        ({"trim": 0.5}, InvalidValueError, r"`trim` must contain 1"),
        ({"trim": (-1.0, 5.0)}, InvalidValueError, r"`trim` bounds must be finite and ≥ 0"),
        ({"trim": ("a", 5.0)}, InvalidTypeError, r"`trim` bounds must be numbers or None"),
        ({"weights": [1.0] * 39}, ShapeError, r"`weights` must have one weight per respondent"),
        ({"weights": [0.0] + [1.0] * 39}, InvalidValueError, r"> 0; got 0.0 at position 0"),
        ({"weights": [True] * 40}, InvalidTypeError, r"`weights` must hold positive numbers"),
        ({"weights": SHIFTED}, ShapeError, r"labels such as \[0\] have no weight"),
    ],
)  # fmt: skip
def test_bad_rake_options(
    data: pd.DataFrame, kwargs: dict[str, object], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        rake(data, MARGINS, **kwargs)  # type: ignore[arg-type]


def test_bad_weighted_proportion_input() -> None:
    with pytest.raises(InvalidTypeError, match=r"`x` must hold booleans or 0/1, one per"):
        weighted_proportion(["Oui", "Non"], [1.0, 1.0])
    with pytest.raises(InvalidValueError, match=r"`x` must hold booleans or 0/1; got 2.0"):
        weighted_proportion([1, 2], [1.0, 1.0])
    with pytest.raises(
        InvalidTypeError, match=r"`x` must hold booleans or 0/1 .* dtype '(str|object)'"
    ):
        weighted_proportion(pd.Series(["a", "b"]), [1.0, 1.0])
    with pytest.raises(ShapeError, match=r"`weights` must have one weight per respondent \(3\)"):
        weighted_proportion([True, False, True], [1.0, 1.0])
    with pytest.raises(InvalidValueError, match=r"`weights` must be finite and > 0; got nan"):
        weighted_proportion([True, False], [1.0, math.nan])
    with pytest.raises(InvalidValueError, match=r"`x` has no respondent in the base"):
        weighted_proportion(pd.Series([pd.NA, pd.NA], dtype="boolean"), [1.0, 1.0])
    with pytest.raises(InvalidValueError, match=r"`method` must be one of 'wilson', 'clopper"):
        weighted_proportion([True], [1.0], method="wald")
    with pytest.raises(InvalidValueError, match=r"`effective_n` must be one of 'kish', 'design'"):
        weighted_proportion([True], [1.0], effective_n="n")
    with pytest.raises(InvalidTypeError, match=r"`base` must be None or a string label"):
        weighted_proportion([True], [1.0], base=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"`confidence` must be in the open interval"):
        weighted_proportion([True], [1.0], confidence=1.0)
    with pytest.raises(ShapeError, match=r"`x` must be 1-d"):
        weighted_proportion([[True]], [1.0])
    with pytest.raises(InvalidValueError, match=r"`weights` is empty: an effective sample size"):
        effective_sample_size([])
    with pytest.raises(InvalidValueError, match=r"`weights` must be finite and > 0; got -1.0"):
        design_effect([1.0, -1.0])
    # Ragged (found by fuzzing): numpy's ValueError from np.size before.
    for function in (design_effect, effective_sample_size):
        with pytest.raises(InvalidTypeError, match=r"`weights` must hold positive numbers"):
            function([1, [2]])
        with pytest.raises(ShapeError, match=r"`weights` must have one weight per respondent"):
            function([[1.0, 2.0]])


def test_bad_weighted_runs() -> None:
    with pytest.raises(InvalidValueError, match=r"`has_left` holds answers that are neither"):
        weighted_exit_funnel(["Oui", "Peut-être"], ["", "Oui"], [1.0, 1.0])
    with pytest.raises(ShapeError, match=r"`weights` must have one weight per respondent \(3\)"):
        weighted_exit_funnel(["Oui", "Non", "Non"], ["", "Oui", "Non"], [1.0])
    with pytest.raises(InvalidTypeError, match=r"`n_resamples` must be a whole number"):
        weighted_exit_funnel(["Oui", "Non"], ["", "Oui"], [1.0, 1.0], n_resamples=1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"`answers` must be a MultiSelectAnswers"):
        weighted_multiselect_table(pd.Series(["A"]), [1.0])  # type: ignore[arg-type]
    answers = parse_multiselect(pd.Series(["A", None]), ["A"])
    with pytest.raises(ShapeError, match=r"`weights` must have one weight per respondent \(2\)"):
        weighted_multiselect_table(answers, [1.0])
    with pytest.raises(InvalidValueError, match=r"`adjust` must be None"):
        weighted_multiselect_table(answers, [1.0, 1.0], adjust="holm")
    blank = parse_multiselect(pd.Series([None, None]), ["A"])
    with pytest.raises(InvalidValueError, match=r"no respondent who answered the question"):
        weighted_multiselect_table(blank, [1.0, 1.0])


@given(
    st.lists(
        st.tuples(st.booleans(), st.booleans(), st.floats(0.05, 20.0)), min_size=2, max_size=60
    ),
    st.floats(1e-3, 1e3),
)
def test_weighted_multiselect_ignores_the_scale_of_weights(
    rows: list[tuple[bool, bool, float]], scale: float
) -> None:
    indicators = pd.DataFrame({"A": [r[0] for r in rows], "B": [r[1] for r in rows]})
    answers = MultiSelectAnswers(
        indicators,
        pd.Series([""] * len(rows), dtype=object),
        pd.Series(np.ones(len(rows), dtype=bool)),
    )
    assume(indicators.to_numpy().any())
    w = np.array([r[2] for r in rows])
    one = weighted_multiselect_table(answers, w, effective_n="design").set_index("option")
    two = weighted_multiselect_table(answers, w * scale, effective_n="design").set_index("option")
    columns = ["pct_respondents", "low", "high", "effective_n", "design_effect"]
    np.testing.assert_allclose(
        two.loc[["A", "B"], columns].to_numpy(),
        one.loc[["A", "B"], columns].to_numpy(),
        rtol=1e-9,
        atol=1e-9,
    )


def test_design_effective_n_at_zero_and_one() -> None:
    r = weighted_proportion([False, False, False], [1.0, 2.0, 3.0], effective_n="design")
    assert r.effective_n_method == "design (kish at 0 or 1)"
    assert r.effective_n == pytest.approx(36 / 14)
    assert (r.low, r.estimate) == (0.0, 0.0)
    r = weighted_proportion([True, False, True], [1.0, 1.0, 1.0], effective_n="design")
    assert r.effective_n_method == "design"
    assert r.effective_n == pytest.approx(2.0)  # n - 1 with equal weights


def test_base_weights_as_a_series_are_aligned_on_the_frame() -> None:
    frame = pd.DataFrame({"s": ["x", "y", "y", "x", "y"]}, index=[10, 11, 12, 13, 14])
    base = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=frame.index)
    margins = {"s": {"x": 0.5, "y": 0.5}}
    aligned = rake(frame, margins, weights=base.iloc[::-1])
    plain = rake(frame, margins, weights=base.to_numpy())
    pd.testing.assert_series_equal(aligned, plain)
    # Within each category the base weights' ratios are kept.
    assert aligned[13] / aligned[10] == pytest.approx(4.0)


def test_lower_trimming_bound_only() -> None:
    frame = pd.DataFrame({"s": ["x"] * 16 + ["y"] * 4})
    margins = {"s": {"x": 0.2, "y": 0.8}}
    plain = rake(frame, margins)
    assert float(plain.min() / plain.mean()) == pytest.approx(0.25)
    with pytest.warns(RakingConvergenceWarning):
        trimmed = rake(frame, margins, trim=(0.5, None), max_iter=30)
    assert trimmed.attrs["rake"].trim == (0.5, None)
    assert trimmed.attrs["rake"].trimmed == 16


# --------------------------------------------------------------------------- unit weights
# Every weighted estimator, given weights that are all 1, must give the unweighted
# estimator's result, for every input form the unweighted function accepts. A weighted
# path that reads its input differently from the unweighted one (a label passed as a
# plain string read as its characters, a blank read as an answer, a Series aligned by
# position rather than by label) breaks this whatever the data. Counts and estimates
# (k / n from the same integers) must be equal; the interval bounds come from
# algebraically equal formulas written differently, hence the 1e-12 tolerance: a
# wrong base or a wrong count moves them by far more.

_UNIT_TOL = {"rel": 1e-12, "abs": 1e-12}


def _unit_weights(n: int, form: str, index: pd.Index | None = None) -> object:
    if form == "list":
        return [1.0] * n
    if form == "array":
        return np.ones(n)
    if form == "int array":
        return np.ones(n, dtype=np.int64)
    return pd.Series(np.ones(n), index=index if index is not None else pd.RangeIndex(n))


def _same_ci(weighted: Any, plain: Any) -> None:
    assert weighted.estimate == plain.estimate
    assert (weighted.n, weighted.k) == (plain.n, plain.k)
    for bound in ("low", "high"):
        assert getattr(weighted, bound) == pytest.approx(getattr(plain, bound), **_UNIT_TOL)


_INDICATOR_FORMS = [
    "list of bool", "list of 0/1", "list of 0/1/NaN", "bool array", "int array",
    "float array with NaN", "bool Series", "boolean Series with <NA>", "Int64 Series with <NA>",
    "float Series with NaN", "Series with a shuffled index",
]  # fmt: skip


def _indicator_form(values: list[bool | None], form: str) -> object:
    if form in ("list of bool", "bool array", "bool Series", "list of 0/1", "int array"):
        values = [v for v in values if v is not None]
    as_float = [math.nan if v is None else float(v) for v in values]
    if form == "list of bool":
        return values
    if form == "list of 0/1":
        return [int(v) for v in values]  # type: ignore[arg-type]
    if form == "list of 0/1/NaN":
        return as_float
    if form == "bool array":
        return np.array(values, dtype=bool)
    if form == "int array":
        return np.array(values, dtype=np.int64)
    if form == "float array with NaN":
        return np.array(as_float)
    if form == "bool Series":
        return pd.Series(values, dtype=bool)
    if form == "boolean Series with <NA>":
        return pd.Series(values, dtype="boolean")
    if form == "Int64 Series with <NA>":
        return pd.Series([None if v is None else int(v) for v in values], dtype="Int64")
    if form == "float Series with NaN":
        return pd.Series(as_float)
    # A Series whose index is not 0..n-1: unit weights as a Series on the same labels
    # (in another order) must be aligned by label.
    return pd.Series(values, dtype="boolean", index=[3 * i + 7 for i in range(len(values))])


@given(
    st.lists(st.sampled_from([True, False, None]), min_size=1, max_size=120),
    st.sampled_from(_INDICATOR_FORMS),
    st.sampled_from(["list", "array", "int array", "Series"]),
    st.sampled_from(["wilson", "clopper-pearson"]),
    st.one_of(st.sampled_from([0.95, 0.9, 0.99, 0.5]), st.floats(0.01, 0.999)),
)
def test_unit_weights_give_the_unweighted_proportion(
    values: list[bool | None], form: str, weight_form: str, method: str, confidence: float
) -> None:
    x = _indicator_form(values, form)
    # The forms without a missing value drop the Nones; the others hold them as missing,
    # outside the base: the base is the same either way.
    answered = [v for v in values if v is not None]
    assume(answered)
    index = x.index[::-1] if isinstance(x, pd.Series) else None
    n_rows = len(x)  # type: ignore[arg-type]
    w = _unit_weights(n_rows, weight_form, index)
    r = weighted_proportion(x, w, method=method, confidence=confidence)
    ref = proportion(sum(answered), len(answered), method=method, confidence=confidence)
    _same_ci(r, ref)
    assert (r.effective_n, r.design_effect) == (len(answered), 1.0)
    assert (r.weighted_k, r.weighted_n) == (sum(answered), len(answered))


# Answer cells as forms export them: the labels in any case and spacing, and blanks
# of every kind (None, NaN, <NA>, "", spaces).
_BLANKS = [None, math.nan, pd.NA, "", "  "]
_LABELS = {
    # (yes, no, the labels the cells use for yes and for no)
    "default": (None, None, ["Oui", "Yes"], ["Non", "No"]),
    "one string each": ("Oui", "Non", ["Oui"], ["Non"]),
    "string and list": ("Oui", ["Non", "Ne sait pas"], ["Oui"], ["Non", "Ne sait pas"]),
    "list and string": (["Yes", "Y"], "No", ["Yes", "Y"], ["No"]),
    "tuples": (("Oui", "Yes"), ("Non",), ["Oui", "Yes"], ["Non"]),
    # Coded answers: the cells hold the numbers 1 and 0 (or their text).
    "codes": ("1", ["0"], [1, "1"], [0, "0"]),
}


def _cell(label: str | int, style: int) -> str | int:
    if isinstance(label, int):
        return label
    return [label, label.upper(), f"  {label.lower()} "][style]


@st.composite
def _funnel_answers(draw: st.DrawFn) -> tuple[object, object, dict[str, object], int]:
    yes, no, yes_cells, no_cells = _LABELS[draw(st.sampled_from(sorted(_LABELS)))]
    n = draw(st.integers(1, 25))
    answer = st.tuples(st.sampled_from(yes_cells + no_cells), st.integers(0, 2)).map(
        lambda c: _cell(*c)
    )
    cells = st.one_of(answer, answer, answer, st.sampled_from(_BLANKS))
    left = draw(st.lists(cells, min_size=n, max_size=n))
    plan = draw(st.lists(cells, min_size=n, max_size=n))
    form = draw(st.sampled_from(["list", "tuple", "object Series", "string Series", "array"]))

    def shaped(values: list[object]) -> object:
        if form == "list":
            return values
        if form == "tuple":
            return tuple(values)
        if form == "object Series":
            return pd.Series(values, dtype=object, index=[5 * i + 2 for i in range(n)])
        if form == "string Series":
            return pd.Series([None if v is pd.NA else v for v in values], dtype="string")
        return np.array(values, dtype=object)

    labels = {name: value for name, value in (("yes", yes), ("no", no)) if value is not None}
    return shaped(left), shaped(plan), labels, n


@given(
    _funnel_answers(),
    st.sampled_from(["list", "array", "Series"]),
    st.sampled_from([0.95, 0.9, 0.8]),
)
def test_unit_weights_give_the_unweighted_funnel(
    answers: tuple[object, object, dict[str, object], int], weight_form: str, confidence: float
) -> None:
    import warnings

    from optamstats import DegenerateDataWarning, OptamstatsError

    left, plan, labels, n = answers
    index = left.index if isinstance(left, pd.Series) else None
    w = _unit_weights(n, weight_form, index)
    with warnings.catch_warnings():
        # Everyone at one stage: both bootstraps are a single point, and say so.
        warnings.simplefilter("ignore", DegenerateDataWarning)
        try:
            u = exit_funnel_from_answers(left, plan, confidence=confidence, **labels)  # type: ignore[arg-type]
        except OptamstatsError as error:
            with pytest.raises(type(error)):
                weighted_exit_funnel(left, plan, w, confidence=confidence, **labels)  # type: ignore[arg-type]
            return
        f = weighted_exit_funnel(
            left,
            plan,
            w,
            confidence=confidence,
            n_resamples=1000,
            rng=0,
            **labels,  # type: ignore[arg-type]
        )
    c = u.counts
    assert f.counts == c
    assert (f.weighted.left, f.weighted.plan, f.weighted.stay, f.weighted.no_answer) == (
        c.left, c.plan, c.stay, c.no_answer,
    )  # fmt: skip
    _same_ci(f.left, u.left)
    assert (f.plan is None) == (u.plan is None)
    if f.plan is not None and u.plan is not None:
        _same_ci(f.plan, u.plan)
    _same_ci(f.wilson, u.wilson)
    for name in ("estimate", "low", "high", "se"):
        assert getattr(f.delta, name) == pytest.approx(getattr(u.delta, name), **_UNIT_TOL)
    assert f.estimate == pytest.approx(u.estimate, **_UNIT_TOL)
    for extreme in ("all_missing_leave", "none_missing_leave"):
        mine, theirs = getattr(f, extreme), getattr(u, extreme)
        assert (mine is None) == (theirs is None)
        if mine is not None:
            _same_ci(mine, theirs)
    assert f.assumption == u.assumption


_OPTIONS = ["Désaccord politique", "Menace de sanctions", "Autre, précisez"]


@st.composite
def _multiselect_answers(draw: st.DrawFn) -> MultiSelectAnswers:
    n = draw(st.integers(1, 30))
    mandatory = draw(st.booleans())
    if draw(st.booleans()):  # one text column, the ticked labels joined by `sep`
        sep = draw(st.sampled_from([", ", ";"]))
        picked = st.lists(st.sampled_from(_OPTIONS), unique=True, max_size=3)
        cell = st.one_of(picked.map(sep.join), st.sampled_from([None, "", "Autre chose"]))
        cells = draw(st.lists(cell, min_size=n, max_size=n))
        index = [10 * i + 1 for i in range(n)] if draw(st.booleans()) else None
        return parse_multiselect(
            pd.Series(cells, dtype=object, index=index), _OPTIONS, sep=sep, other="keep",
            mandatory=mandatory,
        )  # fmt: skip
    # One-hot export: one column per option, in the codings forms use.
    ticked, blank = draw(st.sampled_from([(1, 0), (True, False), ("Y", ""), ("Oui", None)]))
    rows = draw(st.lists(st.lists(st.booleans(), min_size=3, max_size=3), min_size=n, max_size=n))
    frame = pd.DataFrame([[ticked if t else blank for t in row] for row in rows], columns=_OPTIONS)
    return parse_multiselect(frame, _OPTIONS, mandatory=mandatory)


@given(
    _multiselect_answers(),
    st.sampled_from(["list", "array", "int array", "Series"]),
    st.sampled_from(["wilson", "clopper-pearson"]),
    st.sampled_from([None, "bonferroni"]),
    st.sampled_from([0.95, 0.9]),
)
def test_unit_weights_give_the_unweighted_multiselect_table(
    answers: MultiSelectAnswers, weight_form: str, method: str, adjust: str | None,
    confidence: float,
) -> None:  # fmt: skip
    import warnings

    from optamstats import DegenerateDataWarning

    assume(bool(answers.answered.any()))
    index = answers.indicators.index
    w = _unit_weights(len(index), weight_form, index[::-1])
    # Nothing ticked: both warn that the percent of mentions is undefined.
    with warnings.catch_warnings(record=True) as plain_warnings:
        warnings.simplefilter("always")
        plain = multiselect_table(
            answers, confidence=confidence, method=method, adjust=adjust, n_resamples=0
        )
    with warnings.catch_warnings(record=True) as weighted_warnings:
        warnings.simplefilter("always")
        weighted = weighted_multiselect_table(
            answers, w, confidence=confidence, method=method, adjust=adjust
        )
    assert [w.category for w in weighted_warnings] == [w.category for w in plain_warnings]
    assert {w.category for w in plain_warnings} <= {DegenerateDataWarning}
    for column in ("option", "mentions", "respondents"):
        assert weighted[column].tolist() == plain[column].tolist()
    assert weighted["pct_respondents"].tolist() == plain["pct_respondents"].tolist()
    assert weighted["pct_unweighted"].tolist() == plain["pct_respondents"].tolist()
    for column in ("low", "high"):
        np.testing.assert_allclose(weighted[column], plain[column], rtol=1e-12, atol=1e-10)
    mentions = plain["pct_mentions"].astype("Float64")
    assert weighted["pct_mentions"].isna().tolist() == mentions.isna().tolist()
    np.testing.assert_allclose(
        weighted["pct_mentions"].astype("Float64").fillna(0.0).to_numpy(dtype=float),
        mentions.fillna(0.0).to_numpy(dtype=float),
        rtol=1e-12,
    )
    assert weighted["effective_n"].tolist() == plain["respondents"].astype(float).tolist()
    assert weighted["design_effect"].tolist() == [1.0] * len(weighted)
