"""A weighted proportion with its interval on the effective sample size.

Wilson or Clopper–Pearson on Kish's (or the design-based) effective sample size, the
design effect beside the estimate. Part of :mod:`optamstats.weighting`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, cast

import numpy as np

from optamstats import _format
from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    ShapeError,
    _show,
    check_choice,
    check_confidence,
)
from optamstats._typing import Lang
from optamstats.weighting.design import _check_positive_weights, _effective_n

if TYPE_CHECKING:
    import pandas as pd


__all__ = ["WeightedProportionCI", "weighted_proportion"]

INTERVAL_METHODS: Final = ("wilson", "clopper-pearson")
EFFECTIVE_N: Final = ("kish", "design")


@dataclass(frozen=True, slots=True)
class WeightedProportionCI:
    """A weighted proportion, its interval on the effective sample size, its design effect.

    Attributes
    ----------
    estimate : float
        ``Σ w x / Σ w`` over the base.
    low, high : float
        Confidence bounds, within [0, 1].
    n : int
        Respondents in the base (unweighted).
    k : int
        Respondents with the characteristic (unweighted).
    effective_n : float
        The effective sample size the interval used.
    design_effect : float
        ``n / effective_n``: the variance inflation from the weights.
    weighted_k, weighted_n : float
        ``Σ w`` over those with the characteristic, and over the base.
    confidence : float
        Confidence level.
    method : str
        ``"wilson"`` or ``"clopper-pearson"``, computed on ``effective_n``.
    effective_n_method : str
        ``"kish"`` (from the weights alone) or ``"design"`` (from the linearised
        variance of the estimate; ``"design (kish at 0 or 1)"`` when the estimate is 0
        or 1 and the variance vanishes).
    base : str or None
        Who was asked.

    References
    ----------
    .. [1] L. Kish, *Survey Sampling*, Wiley, 1965.

    Examples
    --------
    >>> from optamstats.weighting import weighted_proportion
    >>> r = weighted_proportion([True, False, True, True], [1.0, 1.0, 2.0, 2.0])
    >>> r.n, r.k, round(r.estimate, 4), round(r.effective_n, 4)
    (4, 3, 0.8333, 3.6)
    """

    estimate: float
    low: float
    high: float
    n: int
    k: int
    effective_n: float
    design_effect: float
    weighted_k: float
    weighted_n: float
    confidence: float
    method: str
    effective_n_method: str
    base: str | None = None

    def to_frame(self) -> pd.DataFrame:
        """Return the result as a one-row DataFrame.

        Returns
        -------
        pandas.DataFrame
            One column per attribute.

        Examples
        --------
        >>> from optamstats.weighting import weighted_proportion
        >>> r = weighted_proportion([True, False, True, True], [1.0, 1.0, 2.0, 2.0])
        >>> r.to_frame()[["n", "estimate", "effective_n"]].round(4)
           n  estimate  effective_n
        0  4    0.8333       3.6
        """
        import pandas as pd

        return pd.DataFrame({name: [getattr(self, name)] for name in self.__slots__})

    def cite(self, lang: Lang = "en", digits: int = 1) -> str:
        """Return the estimate with its interval, base and design effect, to quote.

        Parameters
        ----------
        lang : {"en", "fr"}
            Language and number format.
        digits : int
            Decimals of the percentages.

        Returns
        -------
        str
            E.g. ``45.2% (95% CI 35.0–55.8; n = 119, effective n = 86.3, design effect
            1.38; weighted)``.

        Examples
        --------
        >>> from optamstats.weighting import weighted_proportion
        >>> weighted_proportion([True, False, True, True], [1.0, 1.0, 2.0, 2.0]).cite()
        '83.3% (95% CI 34.3–98.0; n = 4, effective n = 3.6, design effect 1.11; weighted)'
        """
        lang = cast(Lang, _format.check_lang(lang))
        digits = _format.check_digits(digits)
        est, low, high, conf = _format.interval_figures(
            self.estimate, self.low, self.high, self.confidence, digits, lang
        )
        n_eff = _format.number(self.effective_n, 1, lang)
        deff = _format.number(self.design_effect, 2, lang)
        who = f" {self.base}" if self.base else ""
        count = _format.count(self.n, lang)
        if lang == "fr":
            details = [f"n = {count}{who}, n effectif = {n_eff}, effet de plan {deff}", "pondéré"]
        else:
            details = [f"n = {count}{who}, effective n = {n_eff}, design effect {deff}", "weighted"]
        return _format.interval_sentence(est, conf, f"{low}–{high}", details, lang)


def _z(confidence: float) -> float:
    from scipy import special

    # From the tail, not 0.5 + confidence / 2: at confidence 1 − 1e-16 the latter rounds
    # to 1 and gives an infinite z.
    return float(-special.ndtri((1.0 - confidence) / 2.0))


def _intervals(p: Any, m: Any, confidence: float, method: str) -> tuple[Any, Any]:
    """Wilson or Clopper–Pearson bounds with a (real-valued) effective sample size `m`."""
    from scipy import special

    p = np.asarray(p, dtype=np.float64)
    m = np.asarray(m, dtype=np.float64)
    if method == "wilson":
        z2 = _z(confidence) ** 2
        centre = (p + z2 / (2.0 * m)) / (1.0 + z2 / m)
        half = math.sqrt(z2) / (1.0 + z2 / m) * np.sqrt(p * (1.0 - p) / m + z2 / (4.0 * m * m))
        low, high = centre - half, centre + half
        # Wilson contains p; rounding may put a bound one ulp on the wrong side.
        low, high = np.minimum(low, p), np.maximum(high, p)
    else:  # Clopper–Pearson on (p m, m), as survey::svyciprop(method = "beta")
        alpha = 1.0 - confidence
        x = p * m
        with np.errstate(invalid="ignore"):
            low = np.where(x > 0.0, special.betaincinv(x, m - x + 1.0, alpha / 2.0), 0.0)
            high = np.where(x < m, special.betaincinv(x + 1.0, m - x, 1.0 - alpha / 2.0), 1.0)
    low = np.where(p <= 0.0, 0.0, np.clip(low, 0.0, 1.0))
    high = np.where(p >= 1.0, 1.0, np.clip(high, 0.0, 1.0))
    return low, high


def _indicator(x: Any) -> tuple[np.ndarray[Any, np.dtype[np.bool_]], np.ndarray[Any, Any], Any]:
    """Return (values, in_base, index) for a 0/1 or boolean input; NA = outside the base."""
    import pandas as pd

    index = None
    if isinstance(x, pd.Series):
        index = x.index
        in_base = np.asarray(x.notna().to_numpy(), dtype=bool)
        kind = x.dtype
        if not (pd.api.types.is_bool_dtype(kind) or pd.api.types.is_numeric_dtype(kind)):
            raise InvalidTypeError(
                f"`x` must hold booleans or 0/1 (missing = outside the base); got dtype "
                f"{str(kind)!r}. Build it with a comparison, e.g. `data['Q'] == 'Oui'`."
            )
        raw = x.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        try:
            array = np.asarray(x) if not isinstance(x, str) else np.asarray(None)
        except (TypeError, ValueError):  # ragged nested sequences such as [1, [2]]
            array = np.asarray(None)
        if array.dtype.kind not in "biuf":
            raise InvalidTypeError(
                f"`x` must hold booleans or 0/1, one per respondent; got {_show(x)}."
            )
        raw = array.astype(np.float64)
        in_base = ~np.isnan(raw)
    if raw.ndim != 1:
        raise ShapeError(f"`x` must be 1-d, one value per respondent; got shape {raw.shape}.")
    values = raw[in_base]
    if not np.all((values == 0.0) | (values == 1.0)):
        bad = float(values[(values != 0.0) & (values != 1.0)][0])
        raise InvalidValueError(
            f"`x` must hold booleans or 0/1; got {bad!r}. Pass the indicator of the answer "
            "counted, not the answer itself."
        )
    out = np.zeros(raw.size, dtype=bool)
    out[in_base] = values == 1.0
    return out, in_base, index


def weighted_proportion(
    x: Any,
    weights: Any,
    *,
    confidence: float = 0.95,
    method: str = "wilson",
    effective_n: str = "kish",
    base: str | None = None,
) -> WeightedProportionCI:
    r"""Estimate a proportion with weights, its interval on the effective sample size.

    Parameters
    ----------
    x : array_like of bool or 0/1, or pandas.Series
        Each respondent's indicator (True: has the characteristic). Missing values
        (a pandas ``"boolean"`` ``<NA>``, NaN) put the respondent outside the base.
    weights : array_like of float or pandas.Series
        Positive weights (e.g. from :func:`rake`), one per respondent; a Series is
        aligned on the index of a Series `x`.
    confidence : float, default 0.95
        Confidence level.
    method : {"wilson", "clopper-pearson"}, default "wilson"
        The interval, computed as if ``effective_n`` respondents had been sampled
        with replacement: Wilson's score interval, or Clopper–Pearson's (Korn and
        Graubard's interval [3]_, as ``survey::svyciprop(method = "beta")``).
    effective_n : {"kish", "design"}, default "kish"
        ``"kish"``: :math:`(\sum w)^2 / \sum w^2`, from the weights alone [1]_.
        ``"design"``: :math:`\hat p (1 - \hat p) / \hat V`, with :math:`\hat V` the
        linearised variance of :math:`\hat p` treating respondents as drawn with
        replacement, as ``survey::svymean`` on ``svydesign(ids = ~1, weights = ~w)``
        [3]_; it uses the answers as well as the weights.
    base : str, optional
        Who was asked, kept on the result and printed by ``cite()``.

    Returns
    -------
    WeightedProportionCI
        With ``design_effect = n / effective_n`` beside the estimate.

    Raises
    ------
    InvalidTypeError
        Non-boolean `x`; non-numeric weights.
    InvalidValueError
        Values other than 0/1; weights not finite and > 0; an empty base; bad options.
    ShapeError
        `x` and `weights` of different lengths or indexes.

    Notes
    -----
    The estimate is the ratio :math:`\hat p = \sum w_i x_i / \sum w_i`. Kish's
    effective sample size is the size of a simple random sample with the same
    variance as a weighted mean when the weights are unrelated to the answer; its
    design effect :math:`n / n_{\text{eff}} = 1 + CV^2(w)` [1]_ [2]_. The Wilson
    interval on :math:`(\hat p, n_{\text{eff}})` then keeps Wilson's behaviour near 0
    and 1, which the normal interval of ``svymean`` lacks [4]_. Limits: Kish's design
    effect ignores any relation between the weights and the answer (it can overstate
    or understate the variance), ignores that raking to margins correlated with the
    answer reduces variance, and, like every weighted estimate, corrects only for the
    characteristics weighted on. With equal weights it gives exactly the unweighted
    Wilson interval; the ``"design"`` size is then n − 1 (the n/(n − 1) factor of the
    linearised variance).

    References
    ----------
    .. [1] L. Kish, *Survey Sampling*, Wiley, 1965.
    .. [2] S. Gabler, S. Haeder and P. Lahiri, "A model based justification of Kish's
       formula for design effects for weighting and clustering", Surv. Methodol.
       25(1):105–106, 1999.
    .. [3] E. L. Korn and B. I. Graubard, "Confidence intervals for proportions with
       small expected number of positive counts estimated from survey data", Surv.
       Methodol. 24(2):193–201, 1998.
    .. [4] N. Dean and M. Pagano, "Evaluating confidence interval methods for binomial
       proportions in clustered surveys", J. Surv. Stat. Methodol. 3(4):484–503, 2015.

    Examples
    --------
    >>> from optamstats.weighting import weighted_proportion
    >>> r = weighted_proportion([True, True, False, False, True], [2.0, 2.0, 1.0, 1.0, 0.5])
    >>> round(r.estimate, 4), round(r.effective_n, 4), round(r.design_effect, 4)
    (0.6923, 4.122, 1.213)
    >>> round(r.low, 4), round(r.high, 4)  # R: prop.test(p * n_eff, n_eff, correct = FALSE)
    (0.2658, 0.9333)
    """
    conf = check_confidence(confidence)
    meth = check_choice("method", method, INTERVAL_METHODS)
    how = check_choice("effective_n", effective_n, EFFECTIVE_N)
    if base is not None and not isinstance(base, str):
        raise InvalidTypeError(f"`base` must be None or a string label; got {_show(base)}.")
    values, in_base, index = _indicator(x)
    w_all = _check_positive_weights(weights, values.size, index)
    w = w_all[in_base]
    hit = values[in_base]
    if w.size == 0:
        raise InvalidValueError(
            "`x` has no respondent in the base (every value is missing): a proportion of "
            "nobody is undefined."
        )
    weighted_n = float(w.sum())
    weighted_k = float(w[hit].sum())
    p = min(max(weighted_k / weighted_n, 0.0), 1.0)
    m, label = _effective_n(hit, w, p, how)
    low, high = _intervals(p, m, conf, meth)
    return WeightedProportionCI(
        p, float(low), float(high), int(w.size), int(hit.sum()), float(m),
        w.size / float(m), weighted_k, weighted_n, conf, meth, label, base,
    )  # fmt: skip
