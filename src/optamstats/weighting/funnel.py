"""The exit funnel with weights, beside the unweighted one.

Weighted stage totals, weighted shares, a bootstrap of the respondents with their
weights, and the delta-method interval on Kish's effective sizes. Part of
:mod:`optamstats.weighting`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from optamstats import _format
from optamstats._checks import (
    InvalidTypeError,
    _show,
    check_confidence,
    check_rng,
)
from optamstats._typing import Lang, RngLike
from optamstats.funnel.answers import (
    _blank,
    _check_answers,
    _check_labels,
    _normalise,
    exit_funnel_from_answers,
)
from optamstats.funnel.result import ExitFunnel, _cite_combined, _FunnelEstimates
from optamstats.funnel.stages import DeltaCI, FunnelCounts
from optamstats.resampling.engine import bootstrap
from optamstats.resampling.results import BootstrapCI
from optamstats.weighting.design import _check_positive_weights
from optamstats.weighting.proportion import WeightedProportionCI, _z, weighted_proportion

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["StageWeights", "WeightedExitFunnel", "weighted_exit_funnel"]


@dataclass(frozen=True, slots=True)
class StageWeights:
    """Sums of weights at each stage of the exit funnel.

    Attributes
    ----------
    left, plan, stay, no_answer : float
        Weighted members who left; who plan to leave; who plan to stay; who have not
        left and skipped the plan question.

    Examples
    --------
    >>> from optamstats.weighting import weighted_exit_funnel
    >>> f = weighted_exit_funnel(["Oui", "Non", "Non", "Non"], ["", "Oui", "Non", "Oui"],
    ...                          [1.0, 2.0, 1.0, 1.0], n_resamples=1000, rng=1)
    >>> f.weighted
    StageWeights(left=1.0, plan=3.0, stay=1.0, no_answer=0.0)
    >>> f.weighted.total
    5.0
    """

    left: float
    plan: float
    stay: float
    no_answer: float

    @property
    def total(self) -> float:
        """The weighted base."""
        return self.left + self.plan + self.stay + self.no_answer


@dataclass(frozen=True, slots=True)
class WeightedExitFunnel(_FunnelEstimates):
    """The exit funnel with weights, beside the unweighted one.

    Attributes
    ----------
    weighted : StageWeights
        Weighted totals at each stage.
    left : WeightedProportionCI
        Weighted share who left.
    plan : WeightedProportionCI or None
        Weighted share planning to leave, among those who had not left and answered.
    combined : BootstrapCI
        The weighted combined exit rate, ``p_left + (1 − p_left) p_plan``, with a
        bootstrap interval resampling respondents with their weights.
    wilson : WeightedProportionCI
        Weighted share of (left or plan) in the base, Wilson on Kish's effective n:
        the combined rate with full response; with non-response, the rate if every
        skipper stays.
    delta : DeltaCI
        Delta-method interval of the combined rate, each stage's variance on its Kish
        effective sample size.
    all_missing_leave, none_missing_leave : WeightedProportionCI or None
        With non-response: the combined rate if every skipper plans to leave, or none.
    unweighted : ExitFunnel
        The same funnel without weights (:func:`optamstats.exit_funnel_from_answers`).
    assumption : str
        The assumption behind the combined rate.
    base : str or None
        Who the members are.

    References
    ----------
    .. [1] B. Efron and R. J. Tibshirani, *An Introduction to the Bootstrap*, Chapman &
       Hall, 1993.

    Examples
    --------
    >>> from optamstats.weighting import weighted_exit_funnel
    >>> f = weighted_exit_funnel(["Oui", "Non", "Non", "Non"], ["", "Oui", "Non", "Oui"],
    ...                          [1.0, 2.0, 1.0, 1.0], n_resamples=1000, rng=1)
    >>> round(f.left.estimate, 4), round(f.plan.estimate, 4), round(f.estimate, 4)
    (0.2, 0.75, 0.8)
    """

    weighted: StageWeights
    left: WeightedProportionCI
    plan: WeightedProportionCI | None
    combined: BootstrapCI
    wilson: WeightedProportionCI
    delta: DeltaCI
    all_missing_leave: WeightedProportionCI | None
    none_missing_leave: WeightedProportionCI | None
    unweighted: ExitFunnel
    assumption: str
    base: str | None

    @property
    def estimate(self) -> float:
        """The weighted combined exit rate."""
        return self.combined.estimate

    @property
    def counts(self) -> FunnelCounts:
        """Unweighted members at each stage."""
        return self.unweighted.counts

    def to_frame(self) -> pd.DataFrame:
        """Tabulate the weighted estimates beside the unweighted ones.

        Returns
        -------
        pandas.DataFrame
            One row per quantity: ``quantity``, ``n``, ``estimate``, ``low``, ``high``,
            ``effective_n``, ``design_effect``, ``unweighted``, ``method``.

        References
        ----------
        .. [1] L. Kish, *Survey Sampling*, Wiley, 1965.

        Examples
        --------
        >>> from optamstats.weighting import weighted_exit_funnel
        >>> f = weighted_exit_funnel(["Oui", "Non", "Non", "Non"], ["", "Oui", "Non", "Oui"],
        ...                          [1.0, 2.0, 1.0, 1.0], n_resamples=1000, rng=1)
        >>> f.to_frame()["quantity"].tolist()
        ['left', 'plan', 'combined', 'combined (Wilson)', 'combined (delta)']
        """
        import pandas as pd

        # The unweighted funnel's estimates under the same names, beside the weighted ones.
        unweighted = dict(self.unweighted._estimates())
        n, n_eff, deff = self.combined.n, self.wilson.effective_n, self.wilson.design_effect
        rows: list[tuple[Any, ...]] = []
        for name, r in self._estimates():
            if name not in unweighted:
                continue
            u = unweighted[name].estimate
            if isinstance(r, BootstrapCI):
                how = f"weighted {r.method} bootstrap"
                rows.append((name, n, r.estimate, r.low, r.high, n_eff, deff, u, how))
            elif isinstance(r, DeltaCI):
                how = "delta (kish effective n)"
                rows.append((name, n, r.estimate, r.low, r.high, n_eff, deff, u, how))
            else:
                how = f"{r.method} ({r.effective_n_method} effective n)"
                rows.append(
                    (name, r.n, r.estimate, r.low, r.high, r.effective_n, r.design_effect, u, how)
                )
        return pd.DataFrame(
            rows,
            columns=[
                "quantity", "n", "estimate", "low", "high", "effective_n", "design_effect",
                "unweighted", "method",
            ],
        )  # fmt: skip

    def cite(self, lang: Lang = "en", digits: int = 1) -> str:
        """Cite the weighted combined exit rate with its bootstrap interval.

        Parameters
        ----------
        lang : {"en", "fr"}
            Language.
        digits : int
            Decimals.

        Returns
        -------
        str

        Examples
        --------
        >>> from optamstats.weighting import weighted_exit_funnel
        >>> f = weighted_exit_funnel(["Oui"] * 3 + ["Non"] * 5, [""] * 3 + ["Oui", "Non"] * 2
        ...                          + ["Oui"], [1.0] * 8, n_resamples=2000, rng=3)
        >>> f.cite()[:40]
        '75.0% (95% CI 37.5–100.0; n = 8, effecti'
        """
        lang = cast(Lang, _format.check_lang(lang))
        digits = _format.check_digits(digits)
        b = self.combined
        n_eff = _format.number(self.wilson.effective_n, 1, lang)
        if lang == "fr":
            after, how = f", n effectif = {n_eff}", f"pondéré, bootstrap {b.method}"
        else:
            after, how = f", effective n = {n_eff}", f"weighted, {b.method} bootstrap"
        n = self.unweighted.n
        return _cite_combined(b, n, self.base, how, lang, digits, after)


def _weighted_combined(p_plan_hat: float) -> Any:
    def statistic(x: Any) -> Any:
        # x: (..., rows, 4) weighted stage indicators; columns left, plan, stay, skip.
        totals = x.sum(axis=-2)
        n = totals.sum(axis=-1)
        answered = totals[..., 1] + totals[..., 2]
        p_plan = np.where(
            answered > 0, totals[..., 1] / np.where(answered > 0, answered, 1.0), p_plan_hat
        )
        p_left = totals[..., 0] / n
        return p_left + (1.0 - p_left) * p_plan

    return statistic


def weighted_exit_funnel(
    has_left: Any,
    plans_to_leave: Any,
    weights: Any,
    *,
    yes: str | Sequence[str] = ("Oui", "Yes"),
    no: str | Sequence[str] = ("Non", "No"),
    confidence: float = 0.95,
    method: str = "percentile",
    n_resamples: int = 10_000,
    rng: RngLike = None,
    base: str | None = None,
) -> WeightedExitFunnel:
    r"""Run the exit funnel with weights, beside the unweighted funnel.

    Parameters
    ----------
    has_left, plans_to_leave : pandas.Series or array_like of str
        The answers, as :func:`optamstats.exit_funnel_from_answers` reads them (blank
        "have you left?" = outside the base; blank plan of a member who has not left =
        no answer).
    weights : pandas.Series or array_like of float
        Positive weights, one per row (a Series is aligned on a Series `has_left`).
    yes, no : str or sequence of str
        Answer labels, compared after trimming and case folding; a plain string is one
        label (``yes="Oui"`` is ``yes=["Oui"]``), as in
        :func:`optamstats.exit_funnel_from_answers`.
    confidence : float, default 0.95
        Level of every interval.
    method : {"percentile", "basic", "bca"}, default "percentile"
        Bootstrap interval of the combined rate.
    n_resamples : int, default 10,000
        Bootstrap resamples of the respondents (with their weights).
    rng : int, numpy.random.Generator or None
        Seed of both bootstraps (weighted and unweighted).
    base : str, optional
        Who the members are.

    Returns
    -------
    WeightedExitFunnel

    Raises
    ------
    InvalidTypeError
        Answers that are not one column (a Series, list or 1-D array), labels that are
        not strings, non-numeric weights.
    InvalidValueError
        As :func:`optamstats.exit_funnel_from_answers` (unknown answers, lengths);
        weights not finite and > 0; an empty base.
    ShapeError
        Weights not one per row.

    Notes
    -----
    With weighted stage totals :math:`W_\text{left}, W_\text{plan}, W_\text{stay},
    W_\text{skip}`, :math:`\hat p_\text{left} = W_\text{left} / W` and
    :math:`\hat p_\text{plan} = W_\text{plan} / (W_\text{plan} + W_\text{stay})`;
    the combined rate is :math:`\hat p_\text{left} + (1 - \hat p_\text{left})\hat
    p_\text{plan}`, under the same missing-at-random assumption as the unweighted
    funnel. The bootstrap resamples respondents with their weights held fixed: it
    ignores the variability of the weights themselves (re-raking each resample would
    include it). See :func:`weighted_proportion` for the effective sample size.

    References
    ----------
    .. [1] L. Kish, *Survey Sampling*, Wiley, 1965.
    .. [2] B. Efron and R. J. Tibshirani, *An Introduction to the Bootstrap*, Chapman
       & Hall, 1993.
    .. [3] J. N. K. Rao and C. F. J. Wu, "Resampling inference with complex survey data",
       J. Am. Stat. Assoc. 83:231–241, 1988.

    Examples
    --------
    Four members; the one who plans to leave counts double:

    >>> from optamstats.weighting import weighted_exit_funnel
    >>> f = weighted_exit_funnel(["Oui", "Non", "Non", "Non"], ["", "Oui", "Non", "Oui"],
    ...                          [1.0, 2.0, 1.0, 1.0], n_resamples=1000, rng=1)
    >>> round(f.estimate, 4), round(f.unweighted.estimate, 4)
    (0.8, 0.75)
    """
    conf = check_confidence(confidence)
    generator = check_rng(rng)
    seed = int(generator.integers(0, 2**63 - 1))
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, numbers.Integral):
        raise InvalidTypeError(f"`n_resamples` must be a whole number; got {_show(n_resamples)}.")
    import pandas as pd

    # Validated before anything reads them (a set or bytes must get the library's error,
    # not pandas'), and the labels as the unweighted funnel reads them: a plain string
    # is one label, never its characters.
    has_left = _check_answers("has_left", has_left)
    plans_to_leave = _check_answers("plans_to_leave", plans_to_leave)
    yes, no = _check_labels("yes", yes), _check_labels("no", no)
    index = has_left.index if isinstance(has_left, pd.Series) else None
    left_s, plan_s = _normalise(has_left), _normalise(plans_to_leave)
    w = _check_positive_weights(weights, len(left_s), index)
    # The unweighted funnel validates the answers and labels with the usual messages.
    unweighted = exit_funnel_from_answers(
        has_left, plans_to_leave, yes=yes, no=no, confidence=conf, rng=seed, base=base
    )
    yes_set = {v.strip().casefold() for v in yes}
    no_set = {v.strip().casefold() for v in no}
    left_blank = _blank(has_left).to_numpy()
    plan_blank = _blank(plans_to_leave).to_numpy()
    has = left_s.isin(yes_set).to_numpy(dtype=bool) & ~left_blank
    has_not = left_s.isin(no_set).to_numpy(dtype=bool) & ~left_blank
    plans = has_not & plan_s.isin(yes_set).to_numpy(dtype=bool) & ~plan_blank
    stays = has_not & plan_s.isin(no_set).to_numpy(dtype=bool) & ~plan_blank
    skips = has_not & plan_blank
    in_base = has | has_not
    stages = np.stack([has, plans, stays, skips], axis=1)[in_base].astype(np.float64)
    wb = w[in_base]
    totals = StageWeights(*(float(v) for v in (stages * wb[:, None]).sum(axis=0)))
    left_ci = weighted_proportion(has[in_base], wb, confidence=conf, base=base)
    answered = plans | stays
    plan_ci = (
        weighted_proportion(plans[answered], w[answered], confidence=conf)
        if answered.any()
        else None
    )
    wilson = weighted_proportion((has | plans)[in_base], wb, confidence=conf, base=base)
    p_left = totals.left / totals.total
    answered_w = totals.plan + totals.stay
    p_plan = totals.plan / answered_w if answered_w else 0.0
    estimate = p_left + (1.0 - p_left) * p_plan
    var = (1.0 - p_plan) ** 2 * p_left * (1.0 - p_left) / left_ci.effective_n
    if plan_ci is not None:
        var += (1.0 - p_left) ** 2 * p_plan * (1.0 - p_plan) / plan_ci.effective_n
    se = math.sqrt(var)
    z = _z(conf)
    delta = DeltaCI(estimate, max(0.0, estimate - z * se), min(1.0, estimate + z * se), se, conf)
    data = stages * wb[:, None]
    combined = bootstrap(
        data, _weighted_combined(p_plan), confidence=conf, method=method,
        n_resamples=n_resamples, rng=seed,
    )  # fmt: skip
    extremes: tuple[WeightedProportionCI | None, WeightedProportionCI | None] = (None, None)
    assumption = unweighted.assumption
    if totals.no_answer > 0:
        extremes = (
            weighted_proportion((has | plans | skips)[in_base], wb, confidence=conf, base=base),
            wilson,
        )
    return WeightedExitFunnel(
        totals, left_ci, plan_ci, combined, wilson, delta, extremes[0], extremes[1],
        unweighted, assumption, base,
    )  # fmt: skip
