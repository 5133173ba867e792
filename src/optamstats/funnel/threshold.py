"""Is the combined exit rate above a threshold? The one-sided test and its verdict.

Exact binomial with full response, bootstrap otherwise. Part of :mod:`optamstats.funnel`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np

from optamstats import _format
from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    _show,
    as_float,
)
from optamstats._typing import Alternative, Lang
from optamstats.proportions import binomial_p_value, proportion

__all__ = ["ThresholdTest"]


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
