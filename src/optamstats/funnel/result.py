"""The exit funnel's result: its estimates side by side, its table and its citation.

Part of :mod:`optamstats.funnel`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from optamstats import _format
from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    _show,
    as_float,
    check_confidence,
    check_one_sided_level,
)
from optamstats._typing import Lang
from optamstats.funnel.combined import _bootstrap_combined_many
from optamstats.funnel.stages import DeltaCI, FunnelCounts
from optamstats.funnel.threshold import ThresholdTest, _binomial_threshold_test, _check_threshold
from optamstats.proportions import ProportionCI
from optamstats.resampling.intervals import _one_sided_low
from optamstats.resampling.results import BootstrapCI, NResamples

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ExitFunnel"]


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
