"""Where optamstats parts from R or statsmodels on purpose: each difference, both numbers.

Issue 22 found every estimator in agreement with R, statsmodels and mpmath to rounding
error, except where a convention differs; ``docs/methods/*.md`` says which convention
each number follows. Each test below pins the library's number to the outside tool that
shares its convention, the other tool's number to its own call, and the gap between them,
so that a change of convention on either side fails here, not silently in a report.

R 4.2.2 Patched (2022-11-10 r83330), boot 1.3-28.1, survey 4.1.1; statsmodels 0.15.0
is called live.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import binom_test, proportion_confint

from optamstats import proportion
from optamstats.proportions import binomial_p_value
from optamstats.resampling import bootstrap
from optamstats.weighting import design_effect, effective_sample_size, rake, weighted_proportion

R_TOL = 1e-12  # R printed 15 significant digits

# --------------------------------------------------------------------------- prop.test

# R drops the continuity correction where k = n·p0 (p0 = 1/2 unless `p =` is given):
#   YATES <- min(0.5, abs(x - n * p))   in the body of stats::prop.test.
# (k, n, conf.level, alternative, R with the correction (p = 0.01 keeps it),
#  R's default, which is the plain Wilson interval here)
PROP_TEST_AT_HALF = [
    # prop.test(1, 2, conf.level = 0.8, p = 0.01) / prop.test(1, 2, conf.level = 0.8)
    (1, 2, 0.8, "two-sided", (0.050873518388182, 0.949126481611818),
     (0.164251720029899, 0.835748279970101)),
    # prop.test(5, 10, p = 0.01) / prop.test(5, 10)
    (5, 10, 0.95, "two-sided", (0.201422969598607, 0.798577030401393),
     (0.236593090512564, 0.763406909487436)),
    # prop.test(59, 118, p = 0.01) / prop.test(59, 118)
    (59, 118, 0.95, "two-sided", (0.407118288272949, 0.592881711727051),
     (0.411218894151832, 0.588781105848168)),
    # prop.test(59, 118, alternative = "greater", p = 0.01) / (..., alternative = "greater")
    (59, 118, 0.95, "greater", (0.421003103144630, 1.0), (0.425142787110697, 1.0)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("k", "n", "confidence", "alternative", "corrected", "r_default"), PROP_TEST_AT_HALF
)
def test_wilson_cc_keeps_the_correction_where_r_drops_it(
    k: int,
    n: int,
    confidence: float,
    alternative: str,
    corrected: tuple[float, float],
    r_default: tuple[float, float],
) -> None:
    cc = proportion(k, n, method="wilson-cc", confidence=confidence, alternative=alternative)  # type: ignore[arg-type]
    assert (cc.low, cc.high) == pytest.approx(corrected, abs=R_TOL)
    # R's default at k = n/2 is the uncorrected interval, which `method="wilson"` gives.
    w = proportion(k, n, method="wilson", confidence=confidence, alternative=alternative)  # type: ignore[arg-type]
    assert (w.low, w.high) == pytest.approx(r_default, abs=R_TOL)
    assert cc.low < w.low - 0.004


def test_r_drops_the_correction_at_any_null_value_hit_exactly() -> None:
    # prop.test(30, 100) keeps the correction (|30 - 50| > 1/2); prop.test(30, 100,
    # p = 0.3) drops it (30 = 100 * 0.3).
    cc = proportion(30, 100, method="wilson-cc")
    assert (cc.low, cc.high) == pytest.approx((0.214542569929061, 0.401060424345193), abs=R_TOL)
    w = proportion(30, 100, method="wilson")
    assert (w.low, w.high) == pytest.approx((0.218948852949328, 0.395848546333467), abs=R_TOL)


def test_r_default_at_half_is_narrower_than_its_neighbours() -> None:
    # The reason the docs give for not copying R: prop.test(5, 10) is 0.527 wide,
    # prop.test(4, 10) = 0.136930563470036-0.726330310387682 is 0.589 wide.
    four = proportion(4, 10, method="wilson-cc")
    assert (four.low, four.high) == pytest.approx((0.136930563470036, 0.726330310387682), abs=R_TOL)
    half = proportion(5, 10, method="wilson-cc")
    assert four.high - four.low < half.high - half.low  # method 4: widest at k = n/2
    r_half_width = 0.763406909487436 - 0.236593090512564
    assert four.high - four.low > r_half_width  # R's is narrower at k = n/2


# --------------------------------------------------------------------------- "larger"


def test_statsmodels_larger_is_greater_in_its_tests() -> None:
    # R: binom.test(91, 119, p = 0.7, alternative = "greater")$p.value = 0.0725604037721535
    ours = binomial_p_value(91, 119, 0.7, "greater")
    assert ours == pytest.approx(0.0725604037721535, rel=R_TOL)
    assert binom_test(91, 119, 0.7, alternative="larger") == pytest.approx(ours, rel=1e-12)
    assert binom_test(91, 119, 0.7, alternative="smaller") == pytest.approx(
        binomial_p_value(91, 119, 0.7, "less"), rel=1e-12
    )  # R: 0.952237294419724


def test_statsmodels_larger_is_less_in_proportion_confint() -> None:
    # R: prop.test(91, 119, correct = FALSE, alternative = "less")$conf.int
    #      = 0, 0.822339371773477
    #    prop.test(91, 119, correct = FALSE, alternative = "greater")$conf.int
    #      = 0.695303442284226, 1
    less = proportion(91, 119, alternative="less")
    greater = proportion(91, 119, alternative="greater")
    assert (less.low, less.high) == pytest.approx((0.0, 0.822339371773477), abs=R_TOL)
    assert (greater.low, greater.high) == pytest.approx((0.695303442284226, 1.0), abs=R_TOL)
    larger = proportion_confint(91, 119, method="wilson", alternative="larger")
    smaller = proportion_confint(91, 119, method="wilson", alternative="smaller")
    assert larger == pytest.approx((less.low, less.high), abs=1e-12)
    assert smaller == pytest.approx((greater.low, greater.high), abs=1e-12)


# --------------------------------------------------------------------------- BCa acceleration

# 30 values: set.seed(22); x <- round(rlnorm(30), 2) (R 4.2.2). Statistic log(sd(x)).
X30 = np.array([
    0.60, 12.00, 2.74, 1.34, 0.81, 6.41, 0.94, 0.85, 0.82, 1.35, 0.47, 1.09, 2.10, 0.92, 0.45,
    0.40, 2.37, 7.41, 2.55, 0.20, 0.56, 1.00, 0.51, 0.35, 0.58, 1.74, 1.29, 0.41, 2.28, 0.21,
])  # fmt: skip
# stat <- function(d, i) log(sd(d[i])); tj <- sapply(1:30, function(i) log(sd(x[-i])))
# R boot centres the jackknife on the full-sample value:
#   L <- empinf(data = x, statistic = stat, type = "jack", stype = "i")
#   sum(L^3) / (6 * sum(L^2)^1.5)                                 -> 0.149216768739725
# Efron & Tibshirani (1993, eq. 14.15) centre it on the mean of the leave-one-out values:
#   Lm <- 29 * (mean(tj) - tj); sum(Lm^3) / (6 * sum(Lm^2)^1.5)   -> 0.144421683966617
R_A_BOOT, R_A_MEAN = 0.149216768739725, 0.144421683966617
# On the same 100,000 resamples (set.seed(2025); b <- boot(x, stat, R = 100000)),
# boot.ci(b, type = "bca", L = L) gives 0.295603-1.472923 and L = Lm 0.292534-1.470108:
# R's centring moves both bounds up.


def _log_sd(d: np.ndarray) -> np.ndarray:
    return np.log(d.std(axis=-1, ddof=1))


def test_bca_acceleration_centres_on_the_jackknife_mean() -> None:
    r = bootstrap(X30, _log_sd, n_resamples=2_000, rng=1)
    assert r.acceleration == pytest.approx(R_A_MEAN, rel=1e-12)
    assert abs(r.acceleration - R_A_BOOT) > 0.004


def test_both_centrings_reproduced_from_the_leave_one_out_values() -> None:
    # The two conventions differ only in the centre of the influence values.
    theta = float(_log_sd(X30))
    loo = np.array([_log_sd(np.delete(X30, i)) for i in range(X30.size)])

    def accel(d: np.ndarray) -> float:
        return float((d**3).sum() / (6.0 * (d**2).sum() ** 1.5))

    assert accel(loo.mean() - loo) == pytest.approx(R_A_MEAN, rel=1e-12)
    assert accel(theta - loo) == pytest.approx(R_A_BOOT, rel=1e-12)


def test_bca_interval_with_r_centring_on_identical_resamples() -> None:
    # The library's resamples, read with each acceleration by the BCa levels of Efron &
    # Tibshirani (1993, eq. 14.10): its own a gives its own interval, bit for bit; R's a
    # moves both bounds up, as boot.ci does on R's resamples (numbers above).
    from statistics import NormalDist

    r = bootstrap(X30, _log_sd, n_resamples=100_000, rng=2025)
    z0, norm = r.bias_correction, NormalDist()

    def bca(a: float) -> tuple[float, float]:
        bounds = []
        for z in (norm.inv_cdf(0.025), norm.inv_cdf(0.975)):
            level = norm.cdf(z0 + (z0 + z) / (1.0 - a * (z0 + z)))
            bounds.append(r.distribution.quantile(level))
        return bounds[0], bounds[1]

    assert bca(r.acceleration) == pytest.approx((r.low, r.high), abs=1e-12)
    low_r, high_r = bca(R_A_BOOT)
    assert low_r > r.low
    assert high_r > r.high


# --------------------------------------------------------------------------- Jeffreys edges


def test_jeffreys_edges_follow_brown_cai_dasgupta_not_statsmodels() -> None:
    # R: qbeta(c(0.025, 0.975), 0.5, 20.5) = 2.42464784592427e-05, 0.116638982904875;
    # statsmodels keeps the quantile at k = 0, the library sets the bound to 0.
    r = proportion(0, 20, method="jeffreys")
    assert r.low == 0.0
    assert r.high == pytest.approx(0.116638982904875, abs=R_TOL)
    sm_low, sm_high = proportion_confint(0, 20, method="jeffreys")
    assert sm_low == pytest.approx(2.42464784592427e-05, rel=1e-12)
    assert sm_high == pytest.approx(r.high, abs=1e-15)
    # k = n mirrors it: qbeta(c(0.025, 0.975), 20.5, 0.5) = 0.883361017095125, 0.999975753521541
    top = proportion(20, 20, method="jeffreys")
    assert (top.low, top.high) == (pytest.approx(0.883361017095125, abs=R_TOL), 1.0)
    assert proportion_confint(20, 20, method="jeffreys")[1] == pytest.approx(
        0.999975753521541, abs=R_TOL
    )
    # The largest gap at 95 %, n = 1 (qbeta(0.025, 0.5, 1.5) = 0.000385580980755901), and
    # at 50 % (qbeta(0.25, 0.5, 1.5) = 0.0390631322189965).
    assert proportion_confint(0, 1, method="jeffreys")[0] == pytest.approx(
        0.000385580980755901, rel=1e-12
    )
    assert proportion_confint(0, 1, alpha=0.5, method="jeffreys")[0] == pytest.approx(
        0.0390631322189965, rel=1e-12
    )
    assert proportion(0, 1, method="jeffreys", confidence=0.5).low == 0.0


# --------------------------------------------------------------------------- weights

# The 40-respondent data set of tests/weighting_reference.R, raked from equal weights:
#   w <- weights(rake(svydesign(ids = ~1, weights = ~rep(1, 40), data = d),
#                     list(~spec, ~age), list(pop.spec, pop.age),
#                     control = list(maxit = 1000, epsilon = 1e-13)))
#   fixed <- svydesign(ids = ~1, weights = ~w, data = cbind(d, w = w))
SPEC = ["Chirurgie"] * 12 + ["Pediatrie"] * 10 + ["Psychiatrie"] * 8 + ["Radiologie"] * 10
AGE = ["<45", "45-59", "60+", "<45", "45-59"] * 8
LEFT = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0,
        1, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1]  # fmt: skip
MARGINS = {
    "spec": {"Chirurgie": 9000, "Pediatrie": 4000, "Psychiatrie": 5000, "Radiologie": 2000},
    "age": {"<45": 6000, "45-59": 8000, "60+": 6000},
}
R_KISH_DEFF = 1.28096707694653  # 40 * sum(w^2) / sum(w)^2
R_DEFF_REPLACE = 1.27251368233434  # deff(svymean(~left, fixed, deff = "replace"))
R_NEFF_FIXED = 30.6480005216582  # p * (1 - p) / vcov(svymean(~left, fixed))
R_NEFF_RAKED = 33.5335996101622  # p * (1 - p) / vcov(svymean(~left, raked design))
R_BETA_FIXED = (0.334100211397028, 0.703920435238642)  # svyciprop(~left, fixed, method = "beta")
R_BETA_RAKED = (0.342385991378716, 0.695999041831504)  # svyciprop(~left, raked design, "beta")


@pytest.fixture
def raked() -> tuple[np.ndarray, np.ndarray]:
    # The library's rake gives R's weights to 1e-10 (tests/test_weighting.py).
    frame = pd.DataFrame({"spec": SPEC, "age": AGE})
    return rake(frame, MARGINS, tol=1e-13, max_iter=1000).to_numpy(), np.array(LEFT)


def test_kish_design_effect_is_not_r_deff_replace(raked: tuple[np.ndarray, np.ndarray]) -> None:
    w, left = raked
    # Kish's deff depends on the weights only; R's deff = "replace" is the variance ratio
    # of one estimate, n·Σw²(x − p)² / (Σw · Σw(x − p)²), which is (n − 1) / n_eff of the
    # library's effective_n="design" for a proportion.
    assert design_effect(w) == pytest.approx(R_KISH_DEFF, rel=1e-10)
    assert len(w) / effective_sample_size(w) == pytest.approx(R_KISH_DEFF, rel=1e-10)
    design = weighted_proportion(left, w, effective_n="design")
    assert design.effective_n == pytest.approx(R_NEFF_FIXED, rel=1e-10)
    assert (len(w) - 1) / design.effective_n == pytest.approx(R_DEFF_REPLACE, rel=1e-10)
    assert abs(R_KISH_DEFF - R_DEFF_REPLACE) > 0.008


def test_raked_design_in_r_accounts_for_the_calibration(
    raked: tuple[np.ndarray, np.ndarray],
) -> None:
    # The library holds the raked weights fixed: svyciprop on a design built from the
    # final weights. svyciprop on R's raked design uses the calibration residuals and
    # reports a larger effective size, hence a narrower interval.
    w, left = raked
    r = weighted_proportion(left, w, method="clopper-pearson", effective_n="design")
    assert (r.low, r.high) == pytest.approx(R_BETA_FIXED, abs=1e-10)
    assert r.effective_n < R_NEFF_RAKED - 2.5
    assert r.low < R_BETA_RAKED[0]
    assert r.high > R_BETA_RAKED[1]
