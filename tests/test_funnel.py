"""Tests of optamstats.funnel: the exit funnel and its combined rate."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from optamstats import (
    DegenerateDataWarning,
    InvalidTypeError,
    InvalidValueError,
    exit_funnel,
    exit_funnel_from_answers,
    exit_funnel_from_stages,
    proportion,
)
from optamstats.resampling import n_compositions

# --------------------------------------------------------------------------- the survey


def test_survey_headline_figures_of_issue_4() -> None:
    f = exit_funnel(50, 41, 28)
    assert f.estimate == pytest.approx(91 / 119, abs=1e-15)
    assert f.left.k == 50
    assert f.left.n == 119
    assert f.plan is not None
    assert f.plan.k == 41
    assert f.plan.n == 69
    # Wilson on the combined count: R prop.test(91, 119, correct = FALSE)$conf.int
    # = 0.680961136589235 0.831895032694444 (R 4.2.2).
    assert f.wilson.low == pytest.approx(0.680961136589235, abs=1e-12)
    assert f.wilson.high == pytest.approx(0.831895032694444, abs=1e-12)
    t = f.above(0.70)
    # Issue 4: one-sided 95 % Wilson lower bound 69.5 %; R binom.test(91, 119, p = 0.7,
    # alternative = "greater")$p.value = 0.072560403772153 (R 4.2.2); Clopper-Pearson
    # bound binom.test(91, 119, alternative = "greater")$conf.int[1] = 0.691917881605085.
    assert t.low == pytest.approx(0.695303442284226, abs=1e-12)
    assert t.p_value == pytest.approx(0.072560403772153, abs=1e-12)
    assert t.low_exact == pytest.approx(0.691917881605085, abs=1e-12)
    assert t.established is False
    assert t.method == "exact binomial test"
    assert exit_funnel(50, 41, 28).above(0.6).established is True


def test_bca_and_engine_of_survey() -> None:
    f = exit_funnel(50, 41, 28)
    assert f.combined.engine == "exact"
    assert f.combined.method == "bca"
    assert (round(f.combined.low * 119, 9), round(f.combined.high * 119, 9)) == (81, 99)
    assert f.combined.mc_se_low == 0.0
    strict = exit_funnel(50, 41, 28, ties="strict")
    assert (round(strict.combined.low * 119, 9), round(strict.combined.high * 119, 9)) == (80, 98)


def test_delta_equals_wald_with_full_response() -> None:
    # With full response the delta-method variance is the binomial one of (L + P) / n.
    f = exit_funnel(50, 41, 28)
    p = 91 / 119
    assert f.delta.se == pytest.approx(np.sqrt(p * (1 - p) / 119), rel=1e-12)
    wald = proportion(91, 119, method="wald")
    assert (f.delta.low, f.delta.high) == pytest.approx((wald.low, wald.high), abs=1e-12)


def test_cite_and_to_frame() -> None:
    f = exit_funnel(50, 41, 28, base="OPTAM members")
    assert f.cite() == "76.5% (95% CI 68.1–83.2; n = 119 OPTAM members; BCa bootstrap, exact)"
    assert f.cite(lang="fr").startswith("76,5 % (IC à 95 % : 68,1–83,2 ; n = 119")
    t = f.above(0.7)
    assert "not established at the 5% level" in t.cite()
    assert "p = 0.073" in t.cite()
    assert "non établi au seuil de 5 %" in t.cite(lang="fr")
    frame = f.to_frame()
    assert frame["quantity"].tolist()[:3] == ["left", "plan", "combined"]
    assert frame.loc[frame["quantity"] == "combined", "low"].item() == f.combined.low


# --------------------------------------------------------------------------- non-response


def test_non_response_is_explicit() -> None:
    f = exit_funnel(50, 35, 24, no_answer=10)
    assert f.counts.n == 119
    assert "missing at random" in f.assumption
    assert f.plan is not None
    assert f.plan.n == 59
    p_plan = 35 / 59
    assert f.estimate == pytest.approx(50 / 119 + (69 / 119) * p_plan, abs=1e-15)
    assert f.combined.engine == "exact"
    assert f.combined.n_resamples == 295_240  # C(122, 3): four categories
    assert f.all_missing_leave is not None
    assert f.none_missing_leave is not None
    assert f.all_missing_leave.k == 95
    assert f.none_missing_leave.k == 85
    # The MAR estimate lies between the extreme assumptions.
    assert f.none_missing_leave.estimate <= f.estimate <= f.all_missing_leave.estimate
    t = f.above(0.7)
    assert t.method == "bootstrap bca"
    assert t.low_exact is None
    assert 0.0 < t.p_value < 1.0
    assert t.established == (t.p_value < 0.05)
    # A one-sided lower bound lies below the estimate, and the test and the bound agree
    # (test–interval duality): the claim is established iff the bound clears 70 %.
    assert t.low < t.estimate
    assert (t.low > 0.7) == t.established
    assert t.p_value == f.combined.p_value_above(0.7)


def test_full_response_has_no_extremes() -> None:
    f = exit_funnel(50, 41, 28)
    assert f.all_missing_leave is None
    assert f.none_missing_leave is None
    assert "binomial" in f.assumption


# --------------------------------------------------------------------------- scenarios


def test_scenarios_ends() -> None:
    f = exit_funnel(50, 41, 28)
    table = f.scenarios([0.0, 0.25, 0.5, 0.75, 1.0])
    assert list(table.columns) == ["realisation", "estimate", "low", "high", "method", "engine"]
    last = table.iloc[-1]
    assert last["estimate"] == pytest.approx(f.estimate, abs=1e-15)
    assert table.iloc[0]["estimate"] == pytest.approx(50 / 119, abs=1e-15)
    # r = 0: the bootstrap of p_left alone, the binomial quantiles of Bin(119, 50/119)
    # for the percentile method.
    perc = exit_funnel(50, 41, 28, method="percentile").scenarios([0.0]).iloc[0]
    assert perc["low"] * 119 == pytest.approx(stats.binom.ppf(0.025, 119, 50 / 119), abs=1e-9)
    assert perc["high"] * 119 == pytest.approx(stats.binom.ppf(0.975, 119, 50 / 119), abs=1e-9)


@settings(max_examples=60)
@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30))
def test_percentile_scenarios_are_monotone_in_realisation(a: int, b: int, c: int) -> None:
    # Each resample's statistic grows with r, so every percentile bound does too.
    if (a, b, c).count(0) >= 2:
        return  # empty or degenerate: tested separately
    f = exit_funnel(a, b, c, method="percentile")
    table = f.scenarios([0.0, 0.3, 0.6, 1.0])
    for col in ("estimate", "low", "high"):
        assert np.all(np.diff(table[col].to_numpy()) >= -1e-12), col


# --------------------------------------------------------------------------- properties


@settings(max_examples=100)
@given(st.integers(0, 40), st.integers(0, 40), st.integers(0, 40), st.integers(0, 8))
def test_combined_at_least_left(left: int, plan: int, stay: int, skip: int) -> None:
    if (plan + stay == 0 and skip > 0) or left + plan + stay + skip == 0:
        return
    with warnings.catch_warnings():
        # A funnel whose resamples all give one value (e.g. 0 left, 0 plan) is valid.
        warnings.simplefilter("ignore", DegenerateDataWarning)
        f = exit_funnel(left, plan, stay, no_answer=skip, method="percentile")
    assert f.estimate >= f.left.estimate - 1e-15
    assert 0.0 <= f.combined.low <= f.estimate <= f.combined.high <= 1.0
    assert 0.0 <= f.delta.low <= f.delta.high <= 1.0


@given(st.integers(1, 30), st.integers(1, 30), st.integers(1, 30), st.integers(2, 5))
def test_more_members_narrower_interval(left: int, plan: int, stay: int, m: int) -> None:
    small = exit_funnel(left, plan, stay, method="percentile")
    large = exit_funnel(m * left, m * plan, m * stay, method="percentile")
    assert large.wilson.high - large.wilson.low < small.wilson.high - small.wilson.low
    assert large.combined.high - large.combined.low <= small.combined.high - small.combined.low


def test_permuting_respondents_changes_nothing() -> None:
    stages = np.array(["left"] * 50 + ["plan"] * 41 + ["stay"] * 28)
    a = exit_funnel_from_stages(stages)
    b = exit_funnel_from_stages(np.random.default_rng(3).permutation(stages))
    assert (a.combined.low, a.combined.high) == (b.combined.low, b.combined.high)
    assert a.counts == b.counts


def test_same_seed_same_digits_for_monte_carlo() -> None:
    a = exit_funnel(50, 41, 28, n_resamples=20_000, rng=7)
    b = exit_funnel(50, 41, 28, n_resamples=20_000, rng=7)
    assert a.combined == b.combined
    assert a.scenarios([0.5]).equals(b.scenarios([0.5]))
    assert a.combined.engine == "monte-carlo"


# --------------------------------------------------------------------------- respondents


def test_from_answers_follows_the_skip_logic() -> None:
    left = pd.Series(["Oui"] * 50 + ["Non"] * 69 + [""] * 3)
    plan = pd.Series(["", "Non"] * 25 + ["Oui"] * 41 + ["Non"] * 23 + [None] * 5 + ["Oui"] * 3)
    f = exit_funnel_from_answers(left, plan)
    # Leavers' stray answers are ignored; blank "left?" rows are outside the base.
    assert (f.counts.left, f.counts.plan, f.counts.stay, f.counts.no_answer) == (50, 41, 23, 5)
    assert f.counts.unanswered_left == 3
    english = exit_funnel_from_answers([" yes", "NO", "no"], ["", "Yes", "no"])
    assert (english.counts.left, english.counts.plan, english.counts.stay) == (1, 1, 1)


def test_from_stages_with_no_answer_label() -> None:
    stages = ["a"] * 5 + ["b"] * 4 + ["c"] * 3 + ["?"] * 2 + [""]
    f = exit_funnel_from_stages(stages, left="a", plan="b", stay="c", no_answer="?")
    assert (f.counts.left, f.counts.plan, f.counts.stay, f.counts.no_answer) == (5, 4, 3, 3)


def test_unknown_labels_are_listed() -> None:
    with pytest.raises(InvalidValueError, match=r"`has_left` holds answers .*\['peut-être'\]"):
        exit_funnel_from_answers(["Oui", "peut-être"], ["", "Oui"])
    with pytest.raises(InvalidValueError, match=r"`stage` holds labels that are none of"):
        exit_funnel_from_stages(["left", "gone"])
    with pytest.raises(InvalidValueError, match=r"one answer per member; got 2 and 1 rows"):
        exit_funnel_from_answers(["Oui", "Non"], ["Oui"])
    with pytest.raises(InvalidTypeError, match=r"unexpected keyword argument\(s\) \['alpha'\]"):
        exit_funnel_from_stages(["left", "stay"], alpha=0.05)
    # Labels that are not text nor a whole-number code (a 5000-digit int broke str()).
    for bad in (10**5000, 2.5, None, ["left"]):
        with pytest.raises(InvalidTypeError, match=r"`left` must be the label of that stage"):
            exit_funnel_from_stages(["left", "stay"], left=bad)  # type: ignore[arg-type]
    # Whole-number codes, as some exports write the stages, still work.
    coded = exit_funnel_from_stages([1, 2, 3, 1], left=1, plan=2, stay=3)  # type: ignore[arg-type]
    assert (coded.counts.left, coded.counts.plan, coded.counts.stay) == (2, 1, 1)


# --------------------------------------------------------------------------- degenerate


def test_degenerate_funnels_are_defined() -> None:
    with pytest.warns(DegenerateDataWarning):
        everyone_left = exit_funnel(30, 0, 0)
    assert everyone_left.plan is None
    assert everyone_left.estimate == 1.0
    assert (everyone_left.combined.low, everyone_left.combined.high) == (1.0, 1.0)
    assert everyone_left.wilson.high == 1.0
    assert everyone_left.wilson.low < 1.0  # the analytic interval stays informative
    with pytest.warns(DegenerateDataWarning):
        everyone_stays = exit_funnel(0, 0, 30)
    assert (everyone_stays.combined.low, everyone_stays.combined.high) == (0.0, 0.0)
    with pytest.warns(DegenerateDataWarning):
        one = exit_funnel(0, 1, 0)
    assert one.estimate == 1.0


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        ((-1, 2, 3), {}, InvalidValueError, r"`left` must be a count ≥ 0; got -1"),
        ((1.5, 2, 3), {}, InvalidTypeError, r"`left` must be a whole number of members"),
        ((1, True, 3), {}, InvalidTypeError, r"`plan` must be a whole number of members"),
        ((1, 2, "3"), {}, InvalidTypeError, r"`stay` must be a whole number"),
        ((0, 0, 0), {}, InvalidValueError, r"the funnel is empty"),
        ((5, 0, 0), {"no_answer": 3}, InvalidValueError, r"plan rate is not identified"),
        ((5, 2, 3), {"method": "bc"}, InvalidValueError, r"`method` must be one of"),
        ((5, 2, 3), {"confidence": 1.2}, InvalidValueError, r"`confidence` must be in"),
        ((5, 2, 3), {"base": 4}, InvalidTypeError, r"`base` must be None or a string"),
        # Counts beyond 2**53 (issue 17): 2**63 overflowed int64 in the bootstrap first.
        ((2**63, 41, 28), {}, InvalidValueError, r"`left` must be at most 2\*\*53; got 9223"),
        ((50, 41, 1e300), {}, InvalidValueError, r"`stay` must be at most 2\*\*53"),
        ((5, 2, 3), {"no_answer": 2**64}, InvalidValueError, r"`no_answer` must be at most"),
        ((2**53, 41, 28), {}, InvalidValueError, r"`left` \+ `plan` \+ `stay` \+ `no_answer` mu"),
    ],
)
def test_bad_counts(
    args: tuple[object, ...], kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        exit_funnel(*args, **kwargs)  # type: ignore[arg-type]


def test_bad_threshold_and_realisation() -> None:
    f = exit_funnel(50, 41, 28)
    with pytest.raises(InvalidValueError, match=r"`threshold` must be in \(0, 1\); got 70\. Write"):
        f.above(70)
    with pytest.raises(InvalidTypeError, match=r"`threshold` must be a number"):
        f.above("70%")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"`realisation` must hold shares in \[0, 1\]"):
        f.scenarios([0.5, 1.5])
    with pytest.raises(InvalidValueError, match=r"`realisation` must hold shares"):
        f.scenarios([float("nan")])
    with pytest.raises(InvalidValueError, match=r"at least one share"):
        f.scenarios([])
    with pytest.raises(InvalidTypeError, match=r"`realisation` must be a list"):
        f.scenarios("0.5")  # type: ignore[arg-type]
    # Beyond float64: float() raised OverflowError.
    with pytest.raises(InvalidValueError, match=r"`threshold` must be in \(0, 1\); got 1000"):
        f.above(10**400)
    with pytest.raises(InvalidValueError, match=r"`realisation` must hold shares in \[0, 1\]"):
        f.scenarios([0.5, 10**400])


# --------------------------------------------------------------------------- coverage


def exact_coverage(n: int, p: float, method: str, confidence: float = 0.95) -> float:
    """Coverage of the full-response combined interval, summed over every outcome."""
    from optamstats.resampling import bootstrap_counts

    total = 0.0
    for k in range(n + 1):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateDataWarning)
            r = bootstrap_counts([k, n - k], lambda x: x[..., 0] / x.sum(-1), method=method,
                                 confidence=confidence)  # fmt: skip
        if r.low <= p <= r.high:
            total += stats.binom.pmf(k, n, p)
    return total


def independent_interval(k: int, n: int, method: str, confidence: float) -> tuple[float, float]:
    """The exact bootstrap interval of k/n from scipy alone: the bootstrap law of k*/n is
    Bin(n, k/n); quantiles are its inverse CDF (binom.ppf); BCa's z0 is the mid-rank
    normal score of k and a the jackknife skewness of the n leave-one-out shares
    (Efron and Tibshirani 1993, eqs. 14.10, 14.14, 14.15)."""
    if k in (0, n):
        return k / n, k / n  # every resample equals the estimate
    law = stats.binom(n, k / n)
    tail = (1 - confidence) / 2
    levels = (tail, 1 - tail)
    if method == "bca":
        z0 = stats.norm.ppf(law.cdf(k - 1) + 0.5 * law.pmf(k))
        theta = np.repeat([(k - 1) / (n - 1), k / (n - 1)], [k, n - k])
        d = theta.mean() - theta
        a = (d**3).sum() / (6 * (d**2).sum() ** 1.5)
        z = stats.norm.ppf(levels)
        levels = tuple(stats.norm.cdf(z0 + (z0 + z) / (1 - a * (z0 + z))))
    # binom.ppf(q) is the smallest j with P(X <= j) >= q; the library reads q - 1e-12
    return law.ppf(levels[0] - 1e-12) / n, law.ppf(levels[1] - 1e-12) / n


def test_exact_coverage_for_the_survey_design() -> None:
    # n = 119, p = (0.42, 0.59) => combined p = 0.42 + 0.58 * 0.59 = 0.7622. With full
    # response the combined count is Binomial(119, 0.7622), so coverage is a finite sum:
    # no simulation error. Each of the 120 intervals is recomputed from scipy alone, so
    # the coverage is checked exactly, not to a band (notes measured 0.943 percentile,
    # 0.953 BCa mid-rank over 2,000 simulations).
    p = 0.42 + 0.58 * 0.59
    for method in ("bca", "percentile"):
        coverage = exact_coverage(119, p, method)
        want = sum(
            stats.binom.pmf(k, 119, p)
            for k in range(120)
            if independent_interval(k, 119, method, 0.95)[0]
            <= p
            <= independent_interval(k, 119, method, 0.95)[1]
        )
        assert coverage == pytest.approx(want, rel=1e-12), method
        assert abs(coverage - 0.95) <= 0.02, (method, coverage)  # the design's claim


def simulate_coverage(n_surveys: int, seed: int) -> dict[str, float]:
    """Two-stage surveys with 10 % non-response to the plan question (MAR)."""
    rng = np.random.default_rng(seed)
    p_left, p_plan, p_skip = 0.42, 0.59, 0.10
    truth = p_left + (1 - p_left) * p_plan
    hits = {"bca": 0, "percentile": 0}
    for _ in range(n_surveys):
        left = rng.binomial(119, p_left)
        skip = rng.binomial(119 - left, p_skip)
        plan = rng.binomial(119 - left - skip, p_plan)
        stay = 119 - left - skip - plan
        if plan + stay == 0:
            continue
        for method in hits:
            f = exit_funnel(left, plan, stay, no_answer=skip, method=method)
            hits[method] += f.combined.low <= truth <= f.combined.high
    return {m: h / n_surveys for m, h in hits.items()}


@pytest.mark.slow
def test_coverage_simulation_full() -> None:
    # The non-response design by simulation (slow: ~10 min). Its always-on twins check
    # every interval it is built from exactly: test_exact_coverage_for_the_survey_design
    # (full response) and, with non-response, the funnel's bootstrap law, percentile and
    # BCa limits against exact rational enumeration (test_mutation_kills_funnel.py).
    # 1,000 surveys: s.e. ≈ 0.007; ±2 points is ≈ 3 s.e. (false failure ≈ 0.3 %).
    coverage = simulate_coverage(1000, seed=2026)
    for method, c in coverage.items():
        assert abs(c - 0.95) <= 0.02, (method, c)


# --------------------------------------------------------------------------- above() reuse


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"method": "percentile"},
        {"method": "basic"},
        {"ties": "strict"},
        {"n_resamples": 20_000, "rng": 3},
        {"method": "basic", "n_resamples": 20_000, "rng": 4},
    ],
)
@pytest.mark.parametrize("confidence", [None, 0.9, 0.99])
def test_above_with_non_response_equals_a_fresh_one_sided_bootstrap(
    kwargs: dict[str, object], confidence: float | None
) -> None:
    # above() reads its one-sided bound from the funnel's own distribution instead of
    # re-running the bootstrap (the former 11 s at n = 385). A fresh one-sided run of
    # bootstrap_counts on the same counts, statistic and seed must give the same bound
    # and p-value, for every method, tie rule, engine and level.
    from optamstats.funnel.combined import _combined_statistic
    from optamstats.resampling import bootstrap_counts

    f = exit_funnel(50, 35, 24, no_answer=10, **kwargs)  # type: ignore[arg-type]
    t = f.above(0.7, confidence=confidence)
    seed = f._settings[3]
    fresh = bootstrap_counts(
        [50, 35, 24, 10], _combined_statistic(1.0, 35 / 59),
        confidence=confidence or 0.95, method=f.combined.method,
        n_resamples=kwargs.get("n_resamples", "auto"),  # type: ignore[arg-type]
        ties=f.combined.ties, alternative="greater", rng=seed,
    )  # fmt: skip
    assert t.low == fresh.low
    assert t.p_value == fresh.p_value_above(0.7)
    # Duality: established at level c exactly when the one-sided bound is above 0.7.
    assert t.established == (t.low > 0.7)


def test_above_refuses_one_sided_levels_below_one_half() -> None:
    f = exit_funnel(50, 35, 24, no_answer=10)
    with pytest.raises(InvalidValueError, match=r"at least 0\.5 for a one-sided"):
        f.above(0.7, confidence=0.4)


# --------------------------------------------------------------------------- engines


@pytest.mark.parametrize(
    ("counts", "kwargs"),
    [
        ((50, 35, 24, 10), {}),  # exact, four categories
        ((50, 41, 28, 0), {}),  # exact, full response (r < 1 has three categories)
        ((132, 88, 73, 8), {"rng": 5}),  # Monte Carlo ("auto" past 300,000 outcomes)
        ((50, 35, 24, 10), {"n_resamples": 20_000, "rng": 6, "method": "basic"}),
    ],
)
def test_scenarios_resampled_once_equal_each_share_on_its_own(
    counts: tuple[int, int, int, int], kwargs: dict[str, object]
) -> None:
    # scenarios() resamples the members once for all shares; each row must equal a
    # separate bootstrap of combined(r) with the same counts, method and seed.
    from optamstats.funnel.combined import _combined_statistic
    from optamstats.resampling import bootstrap_counts

    left, plan, stay, missing = counts
    f = exit_funnel(left, plan, stay, no_answer=missing, **kwargs)  # type: ignore[arg-type]
    table = f.scenarios([0.0, 0.3, 1.0])
    method, how, ties, seed = f._settings
    for r, low, high in zip(table["realisation"], table["low"], table["high"], strict=True):
        if r == 1.0:
            assert (low, high) == (f.combined.low, f.combined.high)
            continue
        engine = how
        if how == "auto":
            engine = "exact" if f.combined.engine == "exact" or missing == 0 else 100_000
        alone = bootstrap_counts(
            list(counts), _combined_statistic(r, plan / (plan + stay)), method=method,
            ties=ties, n_resamples=engine, rng=seed,  # type: ignore[arg-type]
        )  # fmt: skip
        assert (low, high) == (alone.low, alone.high)


@pytest.mark.parametrize("counts", [(50, 35, 24, 10), (132, 88, 73, 8)])
def test_the_report_s_percentile_row_equals_a_percentile_run(
    counts: tuple[int, int, int, int],
) -> None:
    # The report reads the percentile interval from the BCa run's distribution.
    from optamstats.resampling.intervals import _reread

    left, plan, stay, missing = counts
    bca = exit_funnel(left, plan, stay, no_answer=missing, rng=9).combined
    perc = exit_funnel(left, plan, stay, no_answer=missing, rng=9, method="percentile")
    got = _reread(bca, method="percentile", confidence=0.95, alternative="two-sided")
    assert got == (perc.combined.low, perc.combined.high)


@given(
    st.integers(120, 2_000),
    st.floats(0.05, 0.9),
    st.floats(0.05, 0.95),
    st.floats(0.01, 0.3),
    st.sampled_from(["bca", "percentile", "basic"]),
)
@settings(max_examples=15, deadline=None)
def test_auto_monte_carlo_keeps_each_limit_within_half_a_tenth_of_a_point(
    n: int, p_left: float, p_plan: float, p_missing: float, method: str
) -> None:
    # Past 300,000 outcomes "auto" draws resamples until the Monte Carlo standard
    # error of each limit is under 0.0005 (or 1.6 million are drawn); the error is
    # what cite() prints beside the interval.
    left = min(n - 2, round(n * p_left))
    missing = max(1, round((n - left) * p_missing))
    plan = max(1, round((n - left - missing) * p_plan))
    stay = n - left - missing - plan
    if stay < 1:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)
        f = exit_funnel(left, plan, stay, no_answer=missing, method=method, rng=n)
    b = f.combined
    if b.engine == "exact":
        assert n_compositions(n, 4) <= 300_000
        return
    assert b.n_resamples in (100_000, 400_000, 1_600_000)
    assert max(b.mc_se_low, b.mc_se_high) < 0.0005 or b.n_resamples == 1_600_000
    assert "Monte Carlo error of the limits" in f.cite()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "p < 0.001 (exact binomial test"), ("fr", "p < 0,001 (test binomial exact")],
)
def test_tiny_p_values_are_cited_as_a_bound(lang: str, expected: str) -> None:
    # 105 of 119 against 70 %: scipy.stats.binomtest(105, 119, 0.7, alternative="greater")
    # .pvalue = 2.19e-06, far below the 0.001 that three decimals can show.
    t = exit_funnel(60, 45, 14).above(0.70)
    assert t.p_value < 1e-5
    text = t.cite(lang=lang)  # type: ignore[arg-type]
    assert expected in text
    assert "p = <" not in text
    assert "0.000" not in text


def test_french_p_values_have_a_decimal_comma() -> None:
    t = exit_funnel(50, 41, 28).above(0.70)
    assert "p = 0,073" in t.cite(lang="fr")
    assert "p = 0.073" in t.cite()
