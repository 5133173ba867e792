"""The staged exit funnel: already left, planning to leave, staying.

Among ``n`` members of a scheme, ``left`` have left; of the others, ``plan`` say they
will leave soon and ``stay`` say they will not (``no_answer`` skipped the question).
The combined exit rate::

    combined = p_left + (1 − p_left) · p_plan,   p_left = left / n,
               p_plan = plan / (plan + stay),

is what headlines such as "more than 70 % would leave by February" quote. With full
response it is one binomial proportion, (left + plan) / n; with non-response it is not,
and the bootstrap resamples members with their missing answers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, cast

import numpy as np

from optamstats import _format
from optamstats._checks import (
    MAX_COUNT,
    InvalidTypeError,
    InvalidValueError,
    _show,
    as_float,
    check_confidence,
    check_one_sided_level,
)
from optamstats._typing import Alternative, Lang, RngLike
from optamstats.proportions import ProportionCI, binomial_p_value, proportion
from optamstats.resampling.engine import _bootstrap_family
from optamstats.resampling.exact import n_compositions
from optamstats.resampling.intervals import _one_sided_low
from optamstats.resampling.results import AUTO_MONTE_CARLO, BootstrapCI, NResamples

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DeltaCI",
    "ExitFunnel",
    "FunnelCounts",
    "ThresholdTest",
    "exit_funnel",
    "exit_funnel_from_answers",
    "exit_funnel_from_stages",
]

MAR_ASSUMPTION: Final = (
    "members who skipped the plan question are missing at random within their stage: "
    "they plan to leave at the same rate as those who answered"
)


@dataclass(frozen=True, slots=True)
class FunnelCounts:
    """Members at each stage of the funnel.

    Attributes
    ----------
    left, plan, stay, no_answer : int
        Members who have left; who have not and plan to leave; who plan to stay; who
        have not left and skipped the plan question.
    unanswered_left : int
        Rows outside the base because the "have you left?" answer was blank (only
        for respondent-level input).

    Examples
    --------
    >>> from optamstats import exit_funnel
    >>> counts = exit_funnel(50, 41, 28).counts
    >>> counts
    FunnelCounts(left=50, plan=41, stay=28, no_answer=0, unanswered_left=0)
    >>> counts.n
    119
    """

    left: int
    plan: int
    stay: int
    no_answer: int = 0
    unanswered_left: int = 0

    @property
    def n(self) -> int:
        """Members in the base: ``left + plan + stay + no_answer``."""
        return self.left + self.plan + self.stay + self.no_answer


@dataclass(frozen=True, slots=True)
class DeltaCI:
    """A normal-approximation interval from the delta method.

    Attributes
    ----------
    estimate, low, high, se : float
        Point estimate, bounds (clipped to [0, 1]) and standard error.
    confidence : float
        Confidence level.
    method : str
        ``"delta"``.

    Examples
    --------
    >>> from optamstats import exit_funnel
    >>> delta = exit_funnel(50, 41, 28).delta
    >>> round(delta.se, 4), round(delta.low, 3), round(delta.high, 3)
    (0.0389, 0.688, 0.841)
    """

    estimate: float
    low: float
    high: float
    se: float
    confidence: float
    method: str = "delta"


@dataclass(frozen=True, slots=True)
class ThresholdTest:
    """Is the combined rate above a threshold? A one-sided bound and p-value.

    Attributes
    ----------
    threshold : float
        The claimed floor, e.g. 0.70 for "more than 70 %".
    estimate : float
        The combined exit rate.
    low : float
        One-sided lower confidence bound (Wilson with full response, else bootstrap).
    low_exact : float or None
        One-sided Clopper–Pearson lower bound, the bound dual to the exact test (full
        response only).
    confidence : float
        Level of the one-sided bound; the test's level is ``1 − confidence``.
    p_value : float
        One-sided p-value for "combined > threshold": exact binomial with full
        response, bootstrap otherwise.
    method : str
        How the p-value was computed.
    established : bool
        ``p_value < 1 − confidence``.
    n : int
        Members in the base.

    Examples
    --------
    >>> from optamstats import exit_funnel
    >>> test = exit_funnel(50, 41, 28).above(0.70)
    >>> test.established, round(test.p_value, 4), round(test.low, 3), round(test.low_exact, 3)
    (False, 0.0726, 0.695, 0.692)
    """

    threshold: float
    estimate: float
    low: float
    low_exact: float | None
    confidence: float
    p_value: float
    method: str
    established: bool
    n: int

    def cite(self, lang: Lang = "en", digits: int = 1) -> str:
        """Return the verdict as a sentence.

        Parameters
        ----------
        lang : {"en", "fr"}
            Language.
        digits : int
            Decimals of the percentages.

        Returns
        -------
        str
            The estimate, the one-sided bound, the p-value and whether the claim is
            established at the test's level.

        Examples
        --------
        >>> from optamstats import exit_funnel
        >>> print(exit_funnel(50, 41, 28).above(0.70).cite())  # doctest: +NORMALIZE_WHITESPACE
        76.5% > 70.0%? One-sided 95% lower bound 69.5%, p = 0.073
        (exact binomial test, n = 119): not established at the 5% level.
        """
        lang = cast(Lang, _format.check_lang(lang))
        digits = _format.check_digits(digits)
        est, low, thr = (
            _format.percent_number(v, digits, lang)
            for v in (self.estimate, self.low, self.threshold)
        )
        level = _format.level(1.0 - self.confidence, lang)
        conf = _format.level(self.confidence, lang)
        p = _format.p_value(self.p_value, lang)
        if lang == "fr":
            verdict = "établi" if self.established else "non établi"
            how = "test binomial exact" if self.method.startswith("exact") else "bootstrap"
            return (
                f"{est} % > {thr} % ? Borne inférieure unilatérale à {conf} % : {low} %, "
                f"{p} ({how}, n = {self.n}) : {verdict} au seuil de {level} %."
            )
        verdict = "established" if self.established else "not established"
        how = "exact binomial test" if self.method.startswith("exact") else "bootstrap"
        return (
            f"{est}% > {thr}%? One-sided {conf}% lower bound {low}%, {p} "
            f"({how}, n = {self.n}): {verdict} at the {level}% level."
        )


class _FunnelEstimates:
    """The estimates a funnel result tabulates, named, in the order of its table.

    Shared by :class:`ExitFunnel` and :class:`optamstats.weighting.WeightedExitFunnel`:
    both tabulate the same quantities under the same names, each with its own columns
    (the weighted table puts the unweighted estimate of the same name beside each).
    """

    __slots__ = ()
    left: Any
    plan: Any
    combined: BootstrapCI
    wilson: Any
    delta: DeltaCI

    def _estimates(self) -> list[tuple[str, Any]]:
        """Return ``(quantity, result)`` pairs: left, plan, combined, Wilson, delta.

        ``plan`` only if anyone is in its base.
        """
        named: list[tuple[str, Any]] = [("left", self.left)]
        if self.plan is not None:
            named.append(("plan", self.plan))
        named += [
            ("combined", self.combined),
            ("combined (Wilson)", self.wilson),
            ("combined (delta)", self.delta),
        ]
        return named


@dataclass(frozen=True, slots=True)
class ExitFunnel(_FunnelEstimates):
    """The exit funnel and its combined exit rate, with intervals side by side.

    Attributes
    ----------
    counts : FunnelCounts
        Members at each stage.
    left : ProportionCI
        ``left / n`` with its Wilson interval.
    plan : ProportionCI or None
        ``plan / (plan + stay)`` among members who have not left and answered; None
        when nobody is in that base (everyone left or skipped).
    combined : BootstrapCI
        The combined exit rate with its bootstrap interval (method, engine, Monte Carlo
        standard errors of the bounds, the distribution).
    wilson : ProportionCI
        Wilson interval of ``(left + plan) / n``: the exact analytic interval of the
        combined rate with full response; with non-response, the rate if every
        skipper stays.
    delta : DeltaCI
        Delta-method interval of the combined rate.
    all_missing_leave, none_missing_leave : ProportionCI or None
        With non-response, Wilson intervals of the combined rate under the extreme
        assumptions that every skipper plans to leave, or none does.
    assumption : str
        The assumption behind the bootstrap interval.
    base : str or None
        Who the members are, e.g. ``"OPTAM members in October"``.

    Examples
    --------
    >>> from optamstats import exit_funnel
    >>> funnel = exit_funnel(left=50, plan=41, stay=28)
    >>> funnel.cite()
    '76.5% (95% CI 68.1–83.2; n = 119; BCa bootstrap, exact)'
    >>> funnel.left.cite(), funnel.plan.cite()
    ('42.0% (95% CI 33.5–51.0; n = 119)', '59.4% (95% CI 47.6–70.2; n = 69)')
    >>> funnel.wilson.k, funnel.wilson.n
    (91, 119)
    """

    counts: FunnelCounts
    left: ProportionCI[float]
    plan: ProportionCI[float] | None
    combined: BootstrapCI
    wilson: ProportionCI[float]
    delta: DeltaCI
    all_missing_leave: ProportionCI[float] | None
    none_missing_leave: ProportionCI[float] | None
    assumption: str
    base: str | None
    _settings: tuple[str, NResamples, str, int | None]

    @property
    def estimate(self) -> float:
        """The combined exit rate."""
        return self.combined.estimate

    @property
    def n(self) -> int:
        """Members in the base."""
        return self.counts.n

    def above(self, threshold: float, *, confidence: float | None = None) -> ThresholdTest:
        """Test "the combined exit rate is above `threshold`".

        Parameters
        ----------
        threshold : float
            In (0, 1), e.g. 0.70.
        confidence : float, optional
            Level of the one-sided bound (the funnel's level by default).

        Returns
        -------
        ThresholdTest
            With full response: Wilson one-sided lower bound, Clopper–Pearson bound and
            the exact binomial p-value (``binom.test(k, n, p, alternative =
            "greater")`` in R). With non-response: the bootstrap one-sided bound and
            p-value of the funnel's method.

        Raises
        ------
        InvalidValueError
            A threshold outside (0, 1) or a bad confidence.

        References
        ----------
        .. [1] C. J. Clopper and E. S. Pearson, Biometrika 26:404–413, 1934.
        .. [2] B. Efron and R. J. Tibshirani, *An Introduction to the Bootstrap*, 1993,
           ch. 15–16.

        Examples
        --------
        >>> from optamstats import exit_funnel
        >>> t = exit_funnel(50, 41, 28).above(0.70)
        >>> round(t.low, 3), round(t.p_value, 4), t.established
        (0.695, 0.0726, False)
        """
        conf = self.combined.confidence if confidence is None else check_confidence(confidence)
        t = _check_threshold(threshold)
        c = self.counts
        if c.no_answer == 0:
            return _binomial_threshold_test(c.left + c.plan, c.n, t, conf, self.estimate)
        # The one-sided bound is read from the funnel's own bootstrap distribution: the
        # same resamples (same counts, same seed) a fresh one-sided bootstrap would
        # draw or enumerate, without paying for them twice (~11 s at n = 385 before).
        b = self.combined
        low = _one_sided_low(b, check_one_sided_level(conf, "greater"))
        p_value = b.p_value_above(t)
        return ThresholdTest(
            t, self.estimate, low, None, conf, p_value,
            f"bootstrap {b.method}", p_value < 1.0 - conf, c.n,
        )  # fmt: skip

    def scenarios(self, realisation: Iterable[float] = (0.25, 0.5, 0.75, 1.0)) -> pd.DataFrame:
        """Recompute the combined rate if only a share ``r`` of intentions become departures.

        ``combined(r) = p_left + (1 − p_left) · p_plan · r``: intentions are not
        departures. Each scenario gets a bootstrap interval of the funnel's method.

        Parameters
        ----------
        realisation : iterable of float
            Shares in [0, 1].

        Returns
        -------
        pandas.DataFrame
            Columns ``realisation``, ``estimate``, ``low``, ``high``, ``method``,
            ``engine``.

        Raises
        ------
        InvalidValueError
            A share outside [0, 1] or NaN; an empty list.

        References
        ----------
        .. [1] B. Efron and R. J. Tibshirani, *An Introduction to the Bootstrap*, 1993.

        Examples
        --------
        >>> from optamstats import exit_funnel
        >>> table = exit_funnel(50, 41, 28).scenarios([0, 0.5, 1])
        >>> (table["estimate"] * 119).round(1).tolist()
        [50.0, 70.5, 91.0]
        """
        import pandas as pd

        shares = _check_realisation(realisation)
        method, n_resamples, ties, seed = self._settings
        # combined(1) is the funnel's own interval; the other shares are resampled once.
        others = [r for r in shares if r != 1.0]
        results = dict(
            zip(
                others,
                _bootstrap_combined_many(
                    self.counts, others, self.combined.confidence, method, n_resamples,
                    ties, seed,
                ),
                strict=True,
            )
        )  # fmt: skip
        results[1.0] = self.combined
        rows = []
        for r in shares:
            res = results[r]
            rows.append((r, res.estimate, res.low, res.high, res.method, res.engine))
        return pd.DataFrame(
            rows, columns=["realisation", "estimate", "low", "high", "method", "engine"]
        )

    def to_frame(self) -> pd.DataFrame:
        """Tabulate every estimate of the funnel with its interval.

        Returns
        -------
        pandas.DataFrame
            One row per quantity: ``quantity``, ``k``, ``n``, ``estimate``, ``low``,
            ``high``, ``method``.

        References
        ----------
        .. [1] E. B. Wilson, J. Am. Stat. Assoc. 22:209–212, 1927.

        Examples
        --------
        >>> from optamstats import exit_funnel
        >>> exit_funnel(50, 41, 28).to_frame()["quantity"].tolist()
        ['left', 'plan', 'combined', 'combined (Wilson)', 'combined (delta)']
        """
        import pandas as pd

        c = self.counts
        rows: list[tuple[str, Any, Any, float, float, float, str]] = []
        for name, r in self._estimates():
            if isinstance(r, BootstrapCI):
                rows.append(
                    (name, None, c.n, r.estimate, r.low, r.high, f"{r.method} ({r.engine})")
                )
            elif isinstance(r, DeltaCI):
                rows.append((name, None, c.n, r.estimate, r.low, r.high, "delta"))
            else:
                rows.append((name, r.k, r.n, r.estimate, r.low, r.high, "wilson"))
        for name, extreme in (
            ("combined if every skipper leaves", self.all_missing_leave),
            ("combined if no skipper leaves", self.none_missing_leave),
        ):
            if extreme is not None:
                rows.append(
                    (
                        name,
                        extreme.k,
                        extreme.n,
                        extreme.estimate,
                        extreme.low,
                        extreme.high,
                        "wilson",
                    )
                )
        frame = pd.DataFrame(
            rows, columns=["quantity", "k", "n", "estimate", "low", "high", "method"]
        )
        frame["k"] = frame["k"].astype("Int64")
        return frame

    def cite(self, lang: Lang = "en", digits: int = 1) -> str:
        """Cite the combined exit rate with its bootstrap interval.

        Parameters
        ----------
        lang : {"en", "fr"}
            Language.
        digits : int
            Decimals.

        Returns
        -------
        str
            E.g. ``76.5% (95% CI 68.1–83.2; n = 119; BCa bootstrap, exact)``; a Monte
            Carlo interval says how many resamples it drew and the standard error of
            its limits, e.g. ``…; BCa bootstrap, 100,000 resamples, Monte Carlo error
            of the limits 0.03 points)``.

        References
        ----------
        .. [1] T. J. DiCiccio and B. Efron, Statist. Sci. 11(3):189–228, 1996.

        Examples
        --------
        >>> from optamstats import exit_funnel
        >>> exit_funnel(50, 41, 28).cite()
        '76.5% (95% CI 68.1–83.2; n = 119; BCa bootstrap, exact)'
        """
        lang = cast(Lang, _format.check_lang(lang))
        digits = _format.check_digits(digits)
        b = self.combined
        name = {"bca": "BCa", "percentile": "percentile", "basic": "basic"}[b.method]
        # A Monte Carlo interval carries the standard error of its limits (the larger
        # of the two, in points, to one more decimal than the figure).
        se = _format.number(100.0 * max(b.mc_se_low, b.mc_se_high), digits + 1, lang)
        if lang == "fr":
            engine = (
                "exact"
                if b.engine == "exact"
                else f"{_format.count(b.n_resamples, lang)} rééchantillons, erreur "
                f"de Monte-Carlo des bornes {se} point"
            )
            how = f"bootstrap {name}, {engine}"
        else:
            engine = (
                "exact"
                if b.engine == "exact"
                else f"{b.n_resamples:,} resamples, Monte Carlo error of the limits {se} points"
            )
            how = f"{name} bootstrap, {engine}"
        return _cite_combined(b, self.n, self.base, how, lang, digits)


# --------------------------------------------------------------------------- helpers


def _cite_combined(
    b: BootstrapCI, n: int, base: str | None, how: str, lang: Lang, digits: int, after: str = ""
) -> str:
    """Cite a funnel's combined rate: ``76.5% (95% CI 68.1–83.2; n = 119; <how>)``.

    `how` names the interval's method; `after` follows the base (the weighted funnel's
    effective n). Shared by :meth:`ExitFunnel.cite` and
    :meth:`optamstats.weighting.WeightedExitFunnel.cite`.
    """
    est, low, high, conf = _format.interval_figures(
        b.estimate, b.low, b.high, b.confidence, digits, lang
    )
    who = f" {base}" if base else ""
    details = [f"n = {n}{who}{after}", how]
    return _format.interval_sentence(est, conf, f"{low}–{high}", details, lang)


def _binomial_threshold_test(
    k: int, n: int, threshold: float, confidence: float, estimate: float, above: bool = True
) -> ThresholdTest:
    """Test "the share k / n is above (or below) `threshold`" with the exact binomial test.

    The one-sided Wilson bound and the Clopper–Pearson bound dual to the test; for
    "below" the upper bounds stand where ``low`` and ``low_exact`` stand for "above".
    """
    side: Alternative = "greater" if above else "less"
    p_value = binomial_p_value(k, n, threshold, side)
    wilson = proportion(k, n, confidence=confidence, alternative=side)
    exact = proportion(k, n, confidence=confidence, method="exact", alternative=side)
    bound, bound_exact = (wilson.low, exact.low) if above else (wilson.high, exact.high)
    return ThresholdTest(
        threshold, estimate, bound, bound_exact, confidence, p_value,
        "exact binomial test", p_value < 1.0 - confidence, n,
    )  # fmt: skip


def _check_threshold(threshold: object) -> float:
    if isinstance(threshold, bool) or not isinstance(threshold, int | float | np.floating):
        raise InvalidTypeError(f"`threshold` must be a number in (0, 1); got {_show(threshold)}.")
    value = as_float(threshold)  # 10**400 is +inf, refused below
    if not 0.0 < value < 1.0:
        hint = " Write 0.70 for 70 %." if 1.0 < value <= 100.0 else ""
        raise InvalidValueError(f"`threshold` must be in (0, 1); got {_show(threshold)}.{hint}")
    return value


def _check_realisation(realisation: Iterable[float]) -> list[float]:
    if isinstance(realisation, str) or not isinstance(realisation, Iterable):
        raise InvalidTypeError(
            f"`realisation` must be a list of shares in [0, 1]; got {realisation!r}."
        )
    shares = []
    for r in realisation:
        if isinstance(r, bool) or not isinstance(r, int | float | np.integer | np.floating):
            raise InvalidTypeError(f"`realisation` must hold numbers in [0, 1]; got {_show(r)}.")
        if not 0.0 <= as_float(r) <= 1.0:  # also NaN; 10**400 is +inf
            raise InvalidValueError(
                f"`realisation` must hold shares in [0, 1] (0.5 = half of intentions "
                f"realised); got {_show(r)}."
            )
        shares.append(float(r))
    if not shares:
        raise InvalidValueError("`realisation` must hold at least one share; got none.")
    return shares


def _count(name: str, value: object) -> int:
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        if isinstance(value, float | np.floating) and float(value).is_integer() and value >= 0:
            value = int(value)
        else:
            raise InvalidTypeError(
                f"`{name}` must be a whole number of members; got {_show(value)}."
            )
    if value < 0:
        raise InvalidValueError(f"`{name}` must be a count ≥ 0; got {_show(value)}.")
    # Checked here, before any arithmetic: the bootstrap's int64 counts overflow at
    # 2**63, and the intervals work in float64, exact for counts up to 2**53.
    if value > MAX_COUNT:
        raise InvalidValueError(f"`{name}` must be at most 2**53; got {_show(value)}.")
    return int(value)


def _combined_statistic(r: float, p_plan_hat: float) -> Any:
    def statistic(c: Any) -> Any:
        # Columns: left, plan, stay, no_answer. A resample in which no remaining member
        # answered the plan question uses the observed p_plan (MAR plug-in): such
        # resamples have probability (share of skippers)^(n − left), negligible unless
        # nearly everyone skipped.
        n = c.sum(axis=-1)
        answered = c[..., 1] + c[..., 2]
        p_plan = np.where(answered > 0, c[..., 1] / np.maximum(answered, 1), p_plan_hat)
        p_left = c[..., 0] / n
        return p_left + (1.0 - p_left) * p_plan * r

    return statistic


#: ``n_resamples="auto"`` enumerates a staged funnel exactly up to this many outcomes:
#: C(n + 3, 3) with non-response, 295,240 at n = 119 (about 0.15 s); beyond it, where
#: the enumeration grows as n³ (10 s at n = 385), Monte Carlo draws are as accurate as
#: a published figure needs and cost the same at any n.
FUNNEL_EXACT_MAX: Final = 300_000
#: Monte Carlo standard error the "auto" engine keeps each limit under (0.05 point):
#: resamples are multiplied by 4 (up to 1.6 million) until it is reached.
FUNNEL_MC_SE: Final = 0.0005
_MC_GROWTH: Final = 4
_MC_MAX: Final = 1_600_000


def _funnel_counts(c: FunnelCounts, r: float) -> tuple[list[int], Any]:
    """Return the category counts and the statistic that combined(r) resamples."""
    if c.no_answer == 0 and r == 1.0:
        # Full response: combined = (left + plan) / n, a binomial proportion. Two
        # categories make the exact engine enumerate the binomial law directly.
        def statistic(x: Any) -> Any:
            return x[..., 0] / x.sum(axis=-1)

        return [c.left + c.plan, c.stay], statistic
    answered = c.plan + c.stay
    p_plan_hat = c.plan / answered if answered else 0.0
    return [c.left, c.plan, c.stay, c.no_answer], _combined_statistic(r, p_plan_hat)


def _bootstrap_combined_many(
    c: FunnelCounts,
    shares: Sequence[float],
    confidence: float,
    method: str,
    n_resamples: NResamples,
    ties: str,
    seed: int | None,
) -> list[BootstrapCI]:
    """Bootstrap combined(r) for each realisation share r, resampling the members once.

    Shares with the same category counts share their outcomes (exact engine) or their
    draws (Monte Carlo, same seed), so each result equals a run on its own.
    """
    groups: dict[tuple[int, ...], list[tuple[int, Any]]] = {}
    for i, r in enumerate(shares):
        category_counts, statistic = _funnel_counts(c, r)
        groups.setdefault(tuple(category_counts), []).append((i, statistic))
    out: list[BootstrapCI | None] = [None] * len(shares)
    for counts, members in groups.items():
        how: NResamples = n_resamples
        if n_resamples == "auto":
            present = sum(1 for k in counts if k)
            exact = n_compositions(sum(counts), present) <= FUNNEL_EXACT_MAX
            how = "exact" if exact else AUTO_MONTE_CARLO
        while True:
            results = _bootstrap_family(
                list(counts), [s for _, s in members], confidence=confidence, method=method,
                n_resamples=how, ties=ties, alternative="two-sided", rng=seed,
            )  # fmt: skip
            worst = max(max(r.mc_se_low, r.mc_se_high) for r in results)
            if n_resamples != "auto" or how == "exact" or worst < FUNNEL_MC_SE:
                break
            if int(how) * _MC_GROWTH > _MC_MAX:
                break
            how = int(how) * _MC_GROWTH
        for (i, _), result in zip(members, results, strict=True):
            out[i] = result
    return [r for r in out if r is not None]


def _delta(c: FunnelCounts, confidence: float) -> DeltaCI:
    from scipy.special import ndtri

    p_left = c.left / c.n
    answered = c.plan + c.stay
    p_plan = c.plan / answered if answered else 0.0
    estimate = p_left + (1.0 - p_left) * p_plan
    # Var ≈ (1 − p_plan)² Var(p_left) + (1 − p_left)² Var(p_plan), the two stages
    # being estimated from disjoint members. With full response this equals the
    # binomial variance of (left + plan) / n.
    var = (1.0 - p_plan) ** 2 * p_left * (1.0 - p_left) / c.n
    if answered:
        var += (1.0 - p_left) ** 2 * p_plan * (1.0 - p_plan) / answered
    se = math.sqrt(var)
    z = -float(ndtri((1.0 - confidence) / 2.0))  # accurate even at confidence 1 − 1e-16
    low, high = max(0.0, estimate - z * se), min(1.0, estimate + z * se)
    return DeltaCI(estimate, low, high, se, confidence)


# --------------------------------------------------------------------------- public API


def exit_funnel(
    left: int,
    plan: int,
    stay: int,
    *,
    no_answer: int = 0,
    confidence: float = 0.95,
    method: str = "bca",
    n_resamples: NResamples = "auto",
    ties: str = "mid",
    rng: RngLike = None,
    base: str | None = None,
) -> ExitFunnel:
    """Estimate the combined exit rate of a staged funnel, with its intervals.

    Parameters
    ----------
    left : int
        Members who have left.
    plan : int
        Members who have not left and plan to leave.
    stay : int
        Members who have not left and plan to stay.
    no_answer : int, default 0
        Members who have not left and skipped the plan question.
    confidence : float, default 0.95
        Confidence level of every interval.
    method : {"bca", "percentile", "basic"}
        Bootstrap interval of the combined rate.
    n_resamples : "auto", "exact" or int, default "auto"
        ``"auto"`` enumerates the bootstrap exactly when it has at most 300,000
        outcomes (``FUNNEL_EXACT_MAX``: always with full response, where the combined
        rate is binomial; with non-response, C(n + 3, 3) outcomes, up to 119
        members), else draws 100,000 Monte Carlo resamples from the `rng` seed, four
        times more (up to 1.6 million) until the Monte Carlo standard error of each
        limit is under 0.05 point; ``cite()`` prints that error. ``"exact"`` forces
        the enumeration (up to 10^8 outcomes, ≈ 10 s at 385 members); an integer
        forces Monte Carlo with that many resamples.
    ties : {"mid", "strict"}
        BCa bias-correction convention (see :func:`optamstats.bootstrap_counts`).
    rng : int, numpy.random.Generator or None
        Seed of the Monte Carlo engine. A Generator is turned into one seed so that
        ``above()`` and ``scenarios()`` reuse the same stream.
    base : str, optional
        Who the members are.

    Returns
    -------
    ExitFunnel

    Raises
    ------
    InvalidValueError
        Negative or empty counts; ``plan = stay = 0`` with skippers (the plan rate is
        then not identified: see ``all_missing_leave`` and ``none_missing_leave`` of a
        funnel with ``no_answer`` moved to ``stay`` or ``plan``).
    InvalidTypeError
        Non-integer counts.

    Warns
    -----
    DegenerateDataWarning
        When every member is at one stage: the bootstrap interval is a single point.

    Notes
    -----
    With full response the combined rate is the binomial proportion (left + plan)/n:
    the bootstrap is then the binomial law itself and ``wilson`` is the interval to
    cite; the bootstrap and delta intervals are cross-checks. With non-response the
    bootstrap resamples members with their missing answers under the assumption in
    ``assumption`` (missing at random within the stage), and the extreme-assumption
    intervals bound what non-response can do.

    References
    ----------
    .. [1] B. Efron and R. J. Tibshirani, *An Introduction to the Bootstrap*,
       Chapman & Hall, 1993, ch. 14 (BCa).
    .. [2] T. J. DiCiccio and B. Efron, "Bootstrap confidence intervals", Statist. Sci.
       11(3):189–228, 1996.
    .. [3] R. J. A. Little and D. B. Rubin, *Statistical Analysis with Missing Data*,
       3rd ed., Wiley, 2019 (missing at random; bounds under extreme assumptions).

    Examples
    --------
    The 2025 survey: 119 members, 50 left, 41 of the 69 others plan to leave.

    >>> from optamstats import exit_funnel
    >>> f = exit_funnel(50, 41, 28, base="OPTAM members")
    >>> round(f.estimate, 3), f.combined.engine
    (0.765, 'exact')
    >>> round(f.combined.low * 119), round(f.combined.high * 119)
    (81, 99)
    >>> f.wilson.cite()
    '76.5% (95% CI 68.1–83.2; n = 119 OPTAM members)'
    """
    counts = FunnelCounts(
        _count("left", left), _count("plan", plan), _count("stay", stay),
        _count("no_answer", no_answer),
    )  # fmt: skip
    return _funnel(counts, confidence, method, n_resamples, ties, rng, base)


def _funnel(
    c: FunnelCounts,
    confidence: float,
    method: str,
    n_resamples: NResamples,
    ties: str,
    rng: RngLike,
    base: str | None,
) -> ExitFunnel:
    from optamstats._checks import check_rng

    conf = check_confidence(confidence)
    if c.n == 0:
        raise InvalidValueError(
            "the funnel is empty: `left`, `plan`, `stay` and `no_answer` are all 0; "
            "pass the members' counts."
        )
    if c.n > MAX_COUNT:
        raise InvalidValueError(
            f"`left` + `plan` + `stay` + `no_answer` must be at most 2**53 members; got {c.n}."
        )
    if c.plan + c.stay == 0 and c.no_answer > 0:
        raise InvalidValueError(
            f"`plan` and `stay` are both 0 while `no_answer` = {c.no_answer}: no remaining "
            "member answered the plan question, so the plan rate is not identified. Report "
            "the bounds instead: exit_funnel(left, no_answer, 0) and exit_funnel(left, 0, "
            "no_answer)."
        )
    if base is not None and not isinstance(base, str):
        raise InvalidTypeError(f"`base` must be None or a string label; got {base!r}.")
    seed = _seed_of(check_rng(rng))
    (combined,) = _bootstrap_combined_many(c, [1.0], conf, method, n_resamples, ties, seed)
    left_ci = proportion(c.left, c.n, confidence=conf, base=base)
    answered = c.plan + c.stay
    plan_ci = proportion(c.plan, answered, confidence=conf) if answered else None
    wilson = proportion(c.left + c.plan, c.n, confidence=conf, base=base)
    extremes: tuple[ProportionCI[float] | None, ProportionCI[float] | None] = (None, None)
    assumption = "full response: the combined rate is the binomial proportion (left + plan) / n"
    if c.no_answer:
        assumption = MAR_ASSUMPTION
        extremes = (
            proportion(c.left + c.plan + c.no_answer, c.n, confidence=conf, base=base),
            proportion(c.left + c.plan, c.n, confidence=conf, base=base),
        )
    return ExitFunnel(
        c, left_ci, plan_ci, combined, wilson, _delta(c, conf), extremes[0], extremes[1],
        assumption, base, (combined.method, n_resamples, combined.ties, seed),
    )  # fmt: skip


def _seed_of(generator: np.random.Generator) -> int:
    # One integer drawn from the caller's stream: the funnel and its follow-up
    # questions (above, scenarios) then reuse reproducible draws.
    return int(generator.integers(0, 2**63 - 1))


def _blank(values: Any) -> Any:
    import pandas as pd

    series = pd.Series(values, dtype="object")
    text = series.astype("string").str.strip()
    return series.isna() | (text == "")


def _normalise(values: Any) -> Any:
    import pandas as pd

    return pd.Series(values, dtype="object").astype("string").str.strip().str.casefold()


def _check_answers(name: str, values: Any) -> Any:
    """Return `values` if it is one column of answers (text, blanks or numbers), else raise."""
    import pandas as pd

    if isinstance(values, pd.DataFrame) or not (
        isinstance(values, pd.Series | list | tuple)
        or (isinstance(values, np.ndarray) and values.ndim == 1)
    ):
        raise InvalidTypeError(
            f"`{name}` must be one column of answers (a pandas Series, list or 1-D array); "
            f"got {type(values).__name__}."
        )
    if isinstance(values, np.ndarray) and values.dtype.kind in "USiuf":
        return values  # text or numbers: nothing else to check
    # One pass over the types (a C loop), and a second only to locate a bad one.
    allowed = (str, int, float, bool, np.number, np.str_, np.bool_, type(None), type(pd.NA))
    if not all(issubclass(kind, allowed) for kind in set(map(type, values))):
        for row, value in enumerate(values):
            if not isinstance(value, allowed):
                raise InvalidTypeError(
                    f"`{name}` must hold text answers (or blanks); got {value!r:.40} at row {row}."
                )
    return values


def _check_labels(name: str, labels: Any) -> tuple[str, ...]:
    """Return answer labels as a tuple of strings; one string is one label."""
    if isinstance(labels, str):
        return (labels,)
    if not isinstance(labels, Sequence) or not all(isinstance(v, str) for v in labels):
        raise InvalidTypeError(
            f"`{name}` must be a sequence of answer labels such as ('Oui', 'Yes'); "
            f"got {labels!r:.60}."
        )
    return tuple(labels)


def exit_funnel_from_answers(
    has_left: Any,
    plans_to_leave: Any,
    *,
    yes: Sequence[str] = ("Oui", "Yes"),
    no: Sequence[str] = ("Non", "No"),
    **kwargs: Any,
) -> ExitFunnel:
    """Build the funnel from respondents' answers to two questions with skip logic.

    Parameters
    ----------
    has_left : pandas.Series or array_like of str
        "Have you left?" for each member. Blank answers put the row outside the base
        (counted in ``counts.unanswered_left``).
    plans_to_leave : pandas.Series or array_like of str
        "If you have not left, do you plan to leave?", aligned with `has_left`. Blank
        for a member who has not left counts as ``no_answer``; any answer of a member
        who has left is ignored (the form should not have asked it).
    yes, no : str or sequence of str
        Accepted answer labels, compared after trimming and case folding; a plain
        string is one label (``yes="Oui"`` is ``yes=["Oui"]``).
    **kwargs
        Passed to :func:`exit_funnel` (confidence, method, n_resamples, rng, base, ...).

    Returns
    -------
    ExitFunnel

    Raises
    ------
    InvalidValueError
        Columns of different lengths, or an answer that is neither blank nor one of
        `yes` / `no` (the message lists the unknown labels).

    References
    ----------
    .. [1] R. J. A. Little and D. B. Rubin, *Statistical Analysis with Missing Data*,
       3rd ed., Wiley, 2019.

    Examples
    --------
    >>> from optamstats import exit_funnel_from_answers
    >>> left = ["Oui", "Non", "Non", "Non", ""]
    >>> plan = ["", "Oui", "Non", "", "Oui"]
    >>> exit_funnel_from_answers(left, plan, n_resamples="exact").counts
    FunnelCounts(left=1, plan=1, stay=1, no_answer=1, unanswered_left=1)
    """
    has_left = _check_answers("has_left", has_left)
    plans_to_leave = _check_answers("plans_to_leave", plans_to_leave)
    yes, no = _check_labels("yes", yes), _check_labels("no", no)
    left_s, plan_s = _normalise(has_left), _normalise(plans_to_leave)
    if len(left_s) != len(plan_s):
        raise InvalidValueError(
            f"`has_left` and `plans_to_leave` must have one answer per member; got "
            f"{len(left_s)} and {len(plan_s)} rows."
        )
    yes_set = {str(v).strip().casefold() for v in yes}
    no_set = {str(v).strip().casefold() for v in no}
    left_blank = _blank(has_left).to_numpy()
    plan_blank = _blank(plans_to_leave).to_numpy()
    for name, series, blank in (
        ("has_left", left_s, left_blank),
        ("plans_to_leave", plan_s, plan_blank),
    ):
        known = series.isin(yes_set | no_set).to_numpy(dtype=bool) | blank
        if not known.all():
            unknown = sorted(set(series[~known].tolist()))
            raise InvalidValueError(
                f"`{name}` holds answers that are neither yes {list(yes)} nor no "
                f"{list(no)}: {unknown}. Pass the form's labels with `yes=` and `no=`."
            )
    has = left_s.isin(yes_set).to_numpy(dtype=bool) & ~left_blank
    has_not = left_s.isin(no_set).to_numpy(dtype=bool) & ~left_blank
    plans = plan_s.isin(yes_set).to_numpy(dtype=bool) & ~plan_blank
    stays = plan_s.isin(no_set).to_numpy(dtype=bool) & ~plan_blank
    counts = FunnelCounts(
        int(has.sum()), int((has_not & plans).sum()), int((has_not & stays).sum()),
        int((has_not & plan_blank).sum()), int(left_blank.sum()),
    )  # fmt: skip
    return _funnel_from_counts(counts, kwargs)


def exit_funnel_from_stages(
    stage: Any,
    *,
    left: str = "left",
    plan: str = "plan",
    stay: str = "stay",
    no_answer: str | None = None,
    **kwargs: Any,
) -> ExitFunnel:
    """Build the funnel from one categorical answer per member.

    Parameters
    ----------
    stage : pandas.Series or array_like of str
        Each member's stage.
    left, plan, stay : str
        Labels of the three stages.
    no_answer : str, optional
        Label of members who have not left and skipped the plan question; blank
        cells count as such too.
    **kwargs
        Passed to :func:`exit_funnel`.

    Returns
    -------
    ExitFunnel

    Raises
    ------
    InvalidValueError
        A label that is none of the stages (the message lists them).
    InvalidTypeError
        A stage label that is not a string.

    References
    ----------
    .. [1] B. Efron and R. J. Tibshirani, *An Introduction to the Bootstrap*, 1993.

    Examples
    --------
    >>> from optamstats import exit_funnel_from_stages
    >>> stages = ["left"] * 50 + ["plan"] * 41 + ["stay"] * 28
    >>> round(exit_funnel_from_stages(stages).estimate, 4)
    0.7647
    """
    stage = _check_answers("stage", stage)
    for name, label in (("left", left), ("plan", plan), ("stay", stay), ("no_answer", no_answer)):
        if label is None and name == "no_answer":
            continue
        # Text labels, or whole-number codes (1, 2, 3) as some exports write stages.
        coded = (
            isinstance(label, int | np.integer)
            and not isinstance(label, bool | np.bool_)
            and abs(int(label)) < 2**63
        )
        if not (isinstance(label, str) or coded):
            raise InvalidTypeError(
                f"`{name}` must be the label of that stage in `stage`, a string (or a "
                f"whole-number code); got {_show(label)}."
            )
    labels = _normalise(stage)
    blank = _blank(stage).to_numpy()
    names = {"left": left, "plan": plan, "stay": stay}
    if no_answer is not None:
        names["no_answer"] = no_answer
    keys = {k: str(v).strip().casefold() for k, v in names.items()}
    known = labels.isin(set(keys.values())).to_numpy(dtype=bool) | blank
    if not known.all():
        unknown = sorted(set(labels[~known].tolist()))
        raise InvalidValueError(
            f"`stage` holds labels that are none of {list(names.values())}: {unknown}. "
            "Pass the form's labels with `left=`, `plan=`, `stay=`, `no_answer=`."
        )
    count = {
        k: int((labels == v).fillna(False).to_numpy(dtype=bool).sum()) for k, v in keys.items()
    }
    counts = FunnelCounts(
        count["left"], count["plan"], count["stay"], count.get("no_answer", 0) + int(blank.sum())
    )
    return _funnel_from_counts(counts, kwargs)


def _funnel_from_counts(counts: FunnelCounts, kwargs: dict[str, Any]) -> ExitFunnel:
    allowed = {"confidence", "method", "n_resamples", "ties", "rng", "base"}
    unknown = sorted(set(kwargs) - allowed)
    if unknown:
        raise InvalidTypeError(
            f"unexpected keyword argument(s) {unknown}; the funnel accepts {sorted(allowed)}."
        )
    return _funnel(
        counts,
        kwargs.get("confidence", 0.95),
        kwargs.get("method", "bca"),
        kwargs.get("n_resamples", "auto"),
        kwargs.get("ties", "mid"),
        kwargs.get("rng"),
        kwargs.get("base"),
    )
