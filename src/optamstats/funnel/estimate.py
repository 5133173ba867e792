"""The exit funnel from its stage counts.

Part of :mod:`optamstats.funnel`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from optamstats._checks import (
    MAX_COUNT,
    InvalidTypeError,
    InvalidValueError,
    _show,
    check_confidence,
)
from optamstats._typing import RngLike
from optamstats.funnel.combined import _bootstrap_combined_many
from optamstats.funnel.result import ExitFunnel
from optamstats.funnel.stages import MAR_ASSUMPTION, DeltaCI, FunnelCounts
from optamstats.proportions import ProportionCI, proportion
from optamstats.resampling.results import NResamples

__all__ = ["exit_funnel"]


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
