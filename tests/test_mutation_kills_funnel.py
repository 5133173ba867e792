"""Secondary paths of funnel.py that mutation testing found unchecked (issue 18).

With non-response the combined exit rate's exact bootstrap law is recomputed here by
enumerating every multinomial resample of (left, plan, stay, no_answer) with exact
rational arithmetic (fractions), independently of the library's engine.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from optamstats import DegenerateDataWarning, exit_funnel


def _law(
    counts: tuple[int, int, int, int], realisation: Fraction = Fraction(1)
) -> list[tuple[Fraction, Fraction]]:
    """Sorted (value, probability) of combined = p_left + (1 − p_left) p_plan r over every
    resample; a resample where nobody answered the plan question uses the observed plan
    rate (the documented MAR plug-in)."""
    n = sum(counts)
    p = [Fraction(c, n) for c in counts]
    plan_hat = Fraction(counts[1], counts[1] + counts[2])
    law: dict[Fraction, Fraction] = {}
    for a in range(n + 1):
        for b in range(n + 1 - a):
            for c in range(n + 1 - a - b):
                d = n - a - b - c
                mass = Fraction(math.factorial(n), math.factorial(a) * math.factorial(b)
                                * math.factorial(c) * math.factorial(d))  # fmt: skip
                for x, px in zip((a, b, c, d), p, strict=True):
                    mass *= px**x
                if mass == 0:
                    continue
                plan = Fraction(b, b + c) if b + c else plan_hat
                left = Fraction(a, n)
                value = left + (1 - left) * plan * realisation
                law[value] = law.get(value, Fraction(0)) + mass
    return sorted(law.items())


def _quantile(law: list[tuple[Fraction, Fraction]], q: float) -> float:
    """Inverse CDF: the smallest value whose cumulative probability reaches q."""
    cum = Fraction(0)
    for value, mass in law:
        cum += mass
        if cum >= Fraction(q) - Fraction(1, 10**12):
            return float(value)
    return float(law[-1][0])


def _mid_cdf(law: list[tuple[Fraction, Fraction]], t: float) -> float:
    """P*(θ* < t) + P*(θ* = t) / 2: the mid-p tail of the default ``ties="mid"``; values
    within 1e-12 of t are tied with it (the float t is not the rational it stands for)."""
    below = sum(
        (m for v, m in law if v < Fraction(t) and abs(v - Fraction(t)) > 1e-12), Fraction(0)
    )
    tied = sum((m for v, m in law if abs(v - Fraction(t)) <= 1e-12), Fraction(0))
    return float(below + tied / 2)


FUNNEL = (5, 4, 3, 2)  # left, plan, stay, no_answer: 680 resamples, all enumerated


def test_non_response_exact_law_and_realisation_factor() -> None:
    f = exit_funnel(*FUNNEL[:3], no_answer=FUNNEL[3], method="percentile")
    law = _law(FUNNEL)
    assert f.combined.engine == "exact"
    # estimate: 5/14 + 9/14 * 4/7 = 71/98 (combined(1), plan intentions all realised)
    assert f.estimate == pytest.approx(float(Fraction(71, 98)), rel=1e-15)
    dist = f.combined.distribution
    assert dist.values.size == len(law)
    assert dist.values == pytest.approx([float(v) for v, _ in law], rel=1e-12)
    assert dist.probabilities == pytest.approx([float(m) for _, m in law], abs=1e-12)
    assert dist.values[0] >= 0.0  # a rate, whatever r is
    assert dist.values[-1] <= 1.0
    assert (f.combined.low, f.combined.high) == pytest.approx(
        (_quantile(law, 0.025), _quantile(law, 0.975)), rel=1e-12
    )
    # scenarios() with r = 1/2 halves the plan stage.
    half = f.scenarios([0.5]).iloc[0]
    assert half["estimate"] == pytest.approx(
        float(Fraction(5, 14) + Fraction(9, 14) * Fraction(2, 7))
    )
    law_half = _law(FUNNEL, Fraction(1, 2))
    assert (half["low"], half["high"]) == pytest.approx(
        (_quantile(law_half, 0.025), _quantile(law_half, 0.975)), rel=1e-12
    )


@pytest.mark.parametrize("confidence", [None, 0.9, 0.8])
def test_above_under_non_response_is_the_bootstrap_law(confidence: float | None) -> None:
    f = exit_funnel(*FUNNEL[:3], no_answer=FUNNEL[3], method="percentile")
    law = _law(FUNNEL)
    level = 0.95 if confidence is None else confidence
    for t in (0.45, 0.5, 0.55, 0.6, 0.66, 5 / 7):  # 0.5 and 5/7 are values of the law
        test = f.above(t, confidence=confidence)
        # one-sided percentile bound at level c: the (1 − c) quantile; p = P*(θ* ≤ t)
        assert test.low == pytest.approx(_quantile(law, 1 - level), rel=1e-12)
        assert test.low < f.estimate
        assert test.p_value == pytest.approx(_mid_cdf(law, t), rel=1e-10)
        assert test.confidence == level
        assert test.established == (test.p_value < 1 - level)
        assert test.low_exact is None
        assert test.method == "bootstrap percentile"
        assert (test.threshold, test.estimate, test.n) == (t, f.estimate, 14)


def test_plug_in_plan_rate_when_no_resample_member_answered() -> None:
    # left 2, plan 1, stay 0, no_answer 3: a resample without the planner (prob. > 1/3)
    # has no answer to the plan question and uses the observed plan rate, 1/1.
    counts = (2, 1, 0, 3)
    with pytest.warns(DegenerateDataWarning, match="single point"):
        f = exit_funnel(*counts[:3], no_answer=counts[3], method="percentile")
    law = _law(counts)
    dist = f.combined.distribution
    assert dist.values == pytest.approx([float(v) for v, _ in law], rel=1e-12)
    assert dist.probabilities == pytest.approx([float(m) for _, m in law], abs=1e-12)
    # With plan rate 1 every resample's combined rate is 1: the law is a point mass.
    assert [float(v) for v, _ in law] == [1.0]


def test_plug_in_plan_rate_with_a_stayer() -> None:
    counts = (1, 2, 1, 3)  # observed plan rate 2/3 stands in where b + c = 0
    f = exit_funnel(*counts[:3], no_answer=counts[3], method="percentile")
    law = _law(counts)
    dist = f.combined.distribution
    assert dist.values == pytest.approx([float(v) for v, _ in law], rel=1e-12)
    assert dist.probabilities == pytest.approx([float(m) for _, m in law], abs=1e-12)


@pytest.mark.parametrize("confidence", [0.9, 0.99])
def test_full_response_non_default_levels(confidence: float) -> None:
    f = exit_funnel(50, 41, 28, confidence=confidence)
    assert f.combined.confidence == confidence
    # statsmodels proportion_confint(91, 119, alpha, method="wilson"): the funnel's
    # wilson interval at the funnel's level.
    lo, hi = proportion_confint(91, 119, alpha=1 - confidence, method="wilson")
    assert (f.wilson.low, f.wilson.high) == pytest.approx((lo, hi), rel=1e-12)
    assert f.left.confidence == confidence
    # above() at the funnel's level by default, and at another one on request.
    for level in (None, 0.8):
        test = f.above(0.7, confidence=level)
        c = confidence if level is None else level
        # one-sided level c Wilson lower bound = two-sided level 2c − 1 lower bound
        wl, _ = proportion_confint(91, 119, alpha=2 * (1 - c), method="wilson")
        # scipy.stats.binomtest(91, 119, 0.7, alternative="greater"): p = 0.07262
        ref = stats.binomtest(91, 119, 0.7, alternative="greater")
        assert test.low == pytest.approx(wl, rel=1e-12)
        assert test.low_exact == pytest.approx(ref.proportion_ci(c, method="exact").low, rel=1e-8)
        assert test.p_value == pytest.approx(ref.pvalue, rel=1e-10)
        assert test.confidence == c
        assert test.established == (ref.pvalue < 1 - c)


def _stat(counts: tuple[int, ...], plan_hat: Fraction) -> Fraction:
    a, b, c, d = counts
    n = a + b + c + d
    plan = Fraction(b, b + c) if b + c else plan_hat
    return Fraction(a, n) + (1 - Fraction(a, n)) * plan


@pytest.mark.parametrize("confidence", [0.95, 0.8])
def test_bca_under_non_response_from_the_rational_law(confidence: float) -> None:
    # BCa from its definition (Efron and Tibshirani 1993, eqs. 14.10, 14.14, 14.15):
    # z0 = Φ⁻¹(P*(θ* < θ̂) + P*(θ* = θ̂)/2) on the exact law, a = the jackknife skewness
    # over the 14 members (removing any member of a stage gives the same value).
    law = _law(FUNNEL)
    plan_hat = Fraction(FUNNEL[1], FUNNEL[1] + FUNNEL[2])
    theta = _stat(FUNNEL, plan_hat)
    below = sum((m for v, m in law if v < theta), Fraction(0))
    tied = sum((m for v, m in law if v == theta), Fraction(0))
    z0 = stats.norm.ppf(float(below + tied / 2))
    loo, mult = [], []
    for j, m in enumerate(FUNNEL):
        if m:
            smaller = tuple(x - (i == j) for i, x in enumerate(FUNNEL))
            loo.append(float(_stat(smaller, plan_hat)))
            mult.append(m)
    w = np.array(mult, dtype=float)
    th = np.array(loo)
    d = (w @ th) / w.sum() - th
    a = float((w * d**3).sum() / (6 * (w * d**2).sum() ** 1.5))
    z = stats.norm.ppf([(1 - confidence) / 2, (1 + confidence) / 2])
    levels = stats.norm.cdf(z0 + (z0 + z) / (1 - a * (z0 + z)))
    f = exit_funnel(*FUNNEL[:3], no_answer=FUNNEL[3], confidence=confidence)
    assert f.combined.method == "bca"
    assert f.combined.bias_correction == pytest.approx(z0, rel=1e-9)
    assert f.combined.acceleration == pytest.approx(a, rel=1e-9)
    assert f.combined.low == pytest.approx(_quantile(law, float(levels[0])), rel=1e-12)
    assert f.combined.high == pytest.approx(_quantile(law, float(levels[1])), rel=1e-12)
    # above(): the one-sided BCa bound at the funnel's level, read from the same law
    one = stats.norm.cdf(
        z0 + (z0 + stats.norm.ppf(1 - confidence)) / (1 - a * (z0 + stats.norm.ppf(1 - confidence)))
    )
    assert f.above(0.6).low == pytest.approx(_quantile(law, float(one)), rel=1e-12)


def test_to_frame_under_non_response_lists_every_interval_with_its_method() -> None:
    # Each row is one of the funnel's own results; the analytic rows are Wilson intervals
    # (statsmodels proportion_confint(k, n, method="wilson")).
    f = exit_funnel(50, 35, 24, no_answer=10)
    frame = f.to_frame()
    assert frame.columns.tolist() == ["quantity", "k", "n", "estimate", "low", "high", "method"]
    assert frame["quantity"].tolist() == [
        "left",
        "plan",
        "combined",
        "combined (Wilson)",
        "combined (delta)",
        "combined if every skipper leaves",
        "combined if no skipper leaves",
    ]
    assert frame["method"].tolist() == [
        "wilson", "wilson", "bca (exact)", "wilson", "delta", "wilson", "wilson",
    ]  # fmt: skip
    assert str(frame["k"].dtype) == "Int64"
    assert frame["k"].isna().tolist() == [False, False, True, False, True, False, False]
    assert frame["k"].dropna().tolist() == [50, 35, 85, 95, 85]
    assert frame["n"].tolist() == [119, 59, 119, 119, 119, 119, 119]
    for row, k, n in ((0, 50, 119), (1, 35, 59), (3, 85, 119), (5, 95, 119), (6, 85, 119)):
        lo, hi = proportion_confint(k, n, alpha=0.05, method="wilson")
        assert (frame["low"][row], frame["high"][row]) == pytest.approx((lo, hi), rel=1e-12)
    assert frame["low"][2] == f.combined.low
    assert frame["high"][4] == f.delta.high


def test_from_stages_with_large_whole_number_codes() -> None:
    from optamstats import InvalidTypeError, InvalidValueError, exit_funnel_from_stages

    stage = [1000] * 5 + [2000] * 4 + [3000] * 3 + [None] * 2
    f = exit_funnel_from_stages(stage, left=1000, plan=2000, stay=3000)  # type: ignore[arg-type]
    assert (f.counts.left, f.counts.plan, f.counts.stay, f.counts.no_answer) == (5, 4, 3, 2)
    with pytest.raises(InvalidTypeError, match="`left` must be the label of that stage"):
        exit_funnel_from_stages(stage, left=2**63, plan=2000, stay=3000)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="Pass the form's labels with `left=`"):
        exit_funnel_from_stages(["gone", "planning"], left="left")


def test_from_answers_error_messages_name_the_argument() -> None:
    from optamstats import InvalidTypeError, InvalidValueError, exit_funnel_from_answers

    with pytest.raises(InvalidTypeError, match="`yes` must be a sequence of answer labels"):
        exit_funnel_from_answers(["Oui"], ["Non"], yes=[1])  # type: ignore[list-item]
    with pytest.raises(InvalidTypeError, match="`no` must be a sequence of answer labels"):
        exit_funnel_from_answers(["Oui"], ["Non"], no=3)  # type: ignore[arg-type]
    with pytest.raises(
        InvalidValueError, match=r"`plans_to_leave` holds answers .*\['peut-être'\]"
    ):
        exit_funnel_from_answers(["Non", "Non"], ["Oui", "peut-être"])
    with pytest.raises(InvalidValueError, match=r"`has_left` holds answers .*\['parti'\]"):
        exit_funnel_from_answers(["parti", "Non"], ["Oui", "Non"])


def test_cite_levels_and_monte_carlo_error_in_both_languages() -> None:
    exact = exit_funnel(50, 41, 28, confidence=0.975)
    assert "(97.5% CI " in exact.cite()
    assert "(IC à 97,5 % : " in exact.cite(lang="fr")
    assert exact.cite().endswith("; BCa bootstrap, exact)")
    assert exact.cite(lang="fr").endswith(" ; bootstrap BCa, exact)")
    mc = exit_funnel(150, 123, 84, no_answer=30, n_resamples=20_000, rng=3)
    b = mc.combined
    assert b.engine == "monte-carlo"
    assert b.n_resamples == 20_000
    # the larger Monte Carlo standard error of the two limits, in points, two decimals
    se = f"{100 * max(b.mc_se_low, b.mc_se_high):.2f}"
    assert mc.cite().endswith(
        f"; BCa bootstrap, 20,000 resamples, Monte Carlo error of the limits {se} points)"
    )
    fr = mc.cite(lang="fr")
    assert fr.endswith(
        f"20 000 rééchantillons, erreur de Monte-Carlo des bornes {se.replace('.', ',')} point)"
    )
    assert mc.cite(digits=2).endswith(f"{100 * max(b.mc_se_low, b.mc_se_high):.3f} points)")
    assert mc.cite(digits=4).endswith(f"{100 * max(b.mc_se_low, b.mc_se_high):.5f} points)")


def test_threshold_and_realisation_messages() -> None:
    from optamstats import InvalidValueError

    f = exit_funnel(50, 41, 28)
    with pytest.raises(InvalidValueError, match=r"got 70\. Write 0\.70 for 70 %\.$"):
        f.above(70)
    with pytest.raises(InvalidValueError, match=r"got 1\.5\. Write 0\.70 for 70 %\.$"):
        f.above(1.5)  # a percentage (1 < t <= 100) gets the hint
    for bad in (0, -0.5, 150):
        with pytest.raises(InvalidValueError, match=r"must be in \(0, 1\); got [-\d.]+\.$"):
            f.above(bad)
    with pytest.raises(
        InvalidValueError, match=r"^`realisation` must hold at least one share; got none\.$"
    ):
        f.scenarios([])


def test_from_stages_passes_the_options_on() -> None:
    from optamstats import exit_funnel_from_stages

    stage = ["left"] * 50 + ["plan"] * 41 + ["stay"] * 28
    f = exit_funnel_from_stages(stage, method="percentile", confidence=0.9, n_resamples=2000, rng=1)
    direct = exit_funnel(50, 41, 28, method="percentile", confidence=0.9, n_resamples=2000, rng=1)
    assert (f.combined.method, f.combined.confidence, f.combined.n_resamples) == (
        "percentile",
        0.9,
        2000,
    )
    assert f.combined.engine == "monte-carlo"
    assert (f.combined.low, f.combined.high) == (direct.combined.low, direct.combined.high)


def test_non_response_extremes_at_the_funnel_level() -> None:
    from optamstats import InvalidValueError

    # statsmodels proportion_confint(k, 119, alpha=0.2, method="wilson") for the extreme
    # assumptions every skipper leaves (95 = 50 + 35 + 10) or none does (85).
    f = exit_funnel(50, 35, 24, no_answer=10, confidence=0.8)
    assert f.all_missing_leave is not None
    assert f.none_missing_leave is not None
    for ci, k in ((f.all_missing_leave, 95), (f.none_missing_leave, 85)):
        lo, hi = proportion_confint(k, 119, alpha=0.2, method="wilson")
        assert (ci.low, ci.high) == pytest.approx((lo, hi), rel=1e-12)
        assert ci.confidence == 0.8
    with pytest.raises(
        InvalidValueError, match=r"the plan rate is not identified\. Report the bounds"
    ):
        exit_funnel(50, 0, 0, no_answer=10)
