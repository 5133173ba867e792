"""Confidence intervals for binomial proportions and their differences.

A survey proportion is ``k`` respondents out of a base of ``n``. Every function here is
vectorised (``k`` and ``n`` broadcast like numpy arrays) and returns a frozen result
that keeps the count, the base, the method and the confidence level beside the
interval, so that a figure can be cited without losing what it is a proportion of.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, Generic, cast, overload

import numpy as np

from optamstats import _format
from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    ShapeError,
    check_choice,
    check_confidence,
    check_counts,
    check_one_sided_level,
)
from optamstats._typing import Alternative, ArrayCount, F, FloatArray, Lang, ScalarCount

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DifferenceCI", "ProportionCI", "binomial_p_value", "difference", "proportion"]

METHODS: Final = ("wilson", "wilson-cc", "clopper-pearson", "jeffreys", "agresti-coull", "wald")
METHOD_ALIASES: Final = {"exact": "clopper-pearson"}
DIFFERENCE_METHODS: Final = ("newcombe", "wald")
ALTERNATIVES: Final = ("two-sided", "greater", "less")

# Below this many elements np.unique costs more than it saves.
_DEDUP_MIN_SIZE: Final = 4096


def _check_base(base: object) -> str | None:
    if base is not None and not isinstance(base, str):
        raise InvalidTypeError(
            f"`base` must be None or a short label of who was asked (a string); got {base!r}."
        )
    return base


@dataclass(frozen=True, slots=True)
class ProportionCI(Generic[F]):
    """A proportion ``k / n`` with its confidence interval.

    Scalar inputs give Python ``int``/``float`` attributes; array inputs give arrays of
    the broadcast shape. Values are never rounded: rounding happens in :meth:`cite`.

    Attributes
    ----------
    k, n : int or ndarray
        Respondents counted, and the base (respondents asked the question who answered).
    estimate : float or ndarray
        The sample proportion ``k / n``.
    low, high : float or ndarray
        Confidence bounds, within [0, 1]. One-sided intervals have ``high = 1``
        (``alternative="greater"``) or ``low = 0`` (``alternative="less"``).
    confidence : float
        Confidence level, e.g. 0.95.
    method : str
        Interval method, by its canonical name (``"exact"`` is stored as
        ``"clopper-pearson"``).
    alternative : str
        ``"two-sided"``, ``"greater"`` or ``"less"``.
    base : str or None
        Who was asked, e.g. ``"sector-2 OPTAM members in October"``.

    Examples
    --------
    >>> from optamstats import proportion
    >>> r = proportion(50, 119, base="OPTAM members in October")
    >>> r.k, r.n, r.method, round(r.estimate, 4), round(r.low, 4), round(r.high, 4)
    (50, 119, 'wilson', 0.4202, 0.3353, 0.51)
    >>> r.cite()
    '42.0% (95% CI 33.5–51.0; n = 119 OPTAM members in October)'
    >>> proportion([50, 41], [119, 69]).estimate.round(3)
    array([0.42 , 0.594])
    """

    k: int | np.ndarray[Any, np.dtype[np.int64]]
    n: int | np.ndarray[Any, np.dtype[np.int64]]
    estimate: F
    low: F
    high: F
    confidence: float
    method: str
    alternative: str
    base: str | None = None

    def to_frame(self) -> pd.DataFrame:
        """Return the result as a tidy DataFrame, one row per proportion.

        Returns
        -------
        pandas.DataFrame
            Columns ``k``, ``n``, ``estimate``, ``low``, ``high``, ``confidence``,
            ``method``, ``alternative``, ``base``; one row for a scalar result, one per
            element (in C order) for an array result. Values are not rounded.

        Examples
        --------
        >>> from optamstats import proportion
        >>> proportion([50, 41], [119, 69]).to_frame()[["k", "n", "estimate"]]
            k    n  estimate
        0  50  119  0.420168
        1  41   69  0.594203
        """
        import pandas as pd

        columns = {f.name: getattr(self, f.name) for f in fields(self)}
        size = int(np.size(self.estimate))
        data = {
            name: np.ravel(value) if isinstance(value, np.ndarray) else [value] * size
            for name, value in columns.items()
        }
        return pd.DataFrame(data)

    def cite(self, lang: Lang = "en", digits: int = 1, *, nbsp: bool = False) -> str:
        """Return the sentence fragment a press release needs.

        Parameters
        ----------
        lang : {"en", "fr"}
            Language and number format: ``42.0%`` or ``42,0 %``.
        digits : int
            Decimals of the percentages.
        nbsp : bool
            In French, use no-break spaces before ``%``, ``:`` and ``;`` (typographic
            rules) instead of plain spaces.

        Returns
        -------
        str
            E.g. ``42.0% (95% CI 33.5–51.0; n = 119)``. One-sided intervals read
            ``76.5% (95% one-sided CI ≥ 69.5; n = 119)``. A ``base`` label follows the
            count.

        Raises
        ------
        InvalidValueError
            For a vectorised result (cite its elements one by one).

        Examples
        --------
        >>> from optamstats import proportion
        >>> proportion(50, 119).cite()
        '42.0% (95% CI 33.5–51.0; n = 119)'
        >>> proportion(50, 119).cite(lang="fr")
        '42,0 % (IC à 95 % : 33,5–51,0 ; n = 119)'
        >>> proportion(91, 119, alternative="greater").cite()
        '76.5% (95% one-sided CI ≥ 69.5; n = 119)'
        """
        lang = cast(Lang, _format.check_lang(lang))
        digits = _format.check_digits(digits)
        if isinstance(self.estimate, np.ndarray):
            raise InvalidValueError(
                "`cite()` needs a single proportion; this result holds "
                f"{self.estimate.size}. Cite each with `proportion(k[i], n[i]).cite()`, "
                "or tabulate them with `to_frame()`."
            )
        est, low, high, conf = _format.interval_figures(
            float(self.estimate), float(self.low), float(self.high), self.confidence, digits, lang
        )
        if self.alternative == "two-sided":
            bounds = f"{low}–{high}"
        else:
            bounds = f"≥ {low}" if self.alternative == "greater" else f"≤ {high}"
        n = _format.count(int(self.n), lang, nbsp=nbsp)
        who = f" {self.base}" if self.base else ""
        text = _format.interval_sentence(
            est, conf, bounds, [f"n = {n}{who}"], lang, one_sided=self.alternative != "two-sided"
        )
        return _format.french_spaces(text) if nbsp and lang == "fr" else text


@dataclass(frozen=True, slots=True)
class DifferenceCI(Generic[F]):
    """A difference of two independent proportions ``k1/n1 − k2/n2`` with its interval.

    Attributes
    ----------
    k1, n1, k2, n2 : int or ndarray
        Counts and bases of the two groups.
    estimate : float or ndarray
        ``k1/n1 − k2/n2``.
    low, high : float or ndarray
        Confidence bounds, within [−1, 1].
    confidence : float
        Confidence level.
    method : str
        ``"newcombe"`` or ``"wald"``.
    alternative : str
        ``"two-sided"``, ``"greater"`` (``high = 1``) or ``"less"`` (``low = −1``).
    base : str or None
        A label of the two groups, e.g. ``"paediatricians vs surgeons"``.

    Examples
    --------
    >>> from optamstats import difference
    >>> d = difference(56, 70, 48, 80)
    >>> round(d.estimate, 3), round(d.low, 4), round(d.high, 4), d.method
    (0.2, 0.0524, 0.3339, 'newcombe')
    """

    k1: int | np.ndarray[Any, np.dtype[np.int64]]
    n1: int | np.ndarray[Any, np.dtype[np.int64]]
    k2: int | np.ndarray[Any, np.dtype[np.int64]]
    n2: int | np.ndarray[Any, np.dtype[np.int64]]
    estimate: F
    low: F
    high: F
    confidence: float
    method: str
    alternative: str
    base: str | None = None

    @property
    def n(self) -> int | np.ndarray[Any, np.dtype[np.int64]]:
        """Respondents in both groups, ``n1 + n2``."""
        return self.n1 + self.n2

    def to_frame(self) -> pd.DataFrame:
        """Return the result as a tidy DataFrame, one row per difference.

        Returns
        -------
        pandas.DataFrame
            Columns ``k1``, ``n1``, ``k2``, ``n2``, ``estimate``, ``low``, ``high``,
            ``confidence``, ``method``, ``alternative``, ``base``.

        Examples
        --------
        >>> from optamstats import difference
        >>> difference(56, 70, 48, 80).to_frame()[["estimate", "low", "high"]].round(4)
           estimate     low    high
        0       0.2  0.0524  0.3339
        """
        return ProportionCI.to_frame(self)  # type: ignore[arg-type]

    def cite(self, lang: Lang = "en", digits: int = 1, *, nbsp: bool = False) -> str:
        """Return the difference in percentage points with its interval.

        Parameters
        ----------
        lang : {"en", "fr"}
            Language and number format.
        digits : int
            Decimals.
        nbsp : bool
            In French, no-break spaces before ``:`` and ``;``.

        Returns
        -------
        str
            E.g. ``20.0 points (95% CI 5.2 to 33.4; n = 70 and 80)``.

        Examples
        --------
        >>> from optamstats import difference
        >>> difference(56, 70, 48, 80).cite()
        '20.0 points (95% CI 5.2 to 33.4; n = 70 and 80)'
        >>> difference(56, 70, 48, 80).cite(lang="fr")
        '20,0 points (IC à 95 % : 5,2 à 33,4 ; n = 70 et 80)'
        """
        lang = cast(Lang, _format.check_lang(lang))
        digits = _format.check_digits(digits)
        if isinstance(self.estimate, np.ndarray):
            raise InvalidValueError(
                f"`cite()` needs a single difference; this result holds {self.estimate.size}. "
                "Tabulate them with `to_frame()`."
            )
        est, low, high, conf = _format.interval_figures(
            float(self.estimate), float(self.low), float(self.high), self.confidence, digits, lang
        )
        n1 = _format.count(int(self.n1), lang, nbsp=nbsp)
        n2 = _format.count(int(self.n2), lang, nbsp=nbsp)
        who = f"; {self.base}" if self.base else ""
        to, and_ = ("to", "and") if lang == "en" else ("à", "et")
        if self.alternative == "two-sided":
            bounds = f"{low} {to} {high}"
        else:
            bounds = f"≥ {low}" if self.alternative == "greater" else f"≤ {high}"
        text = _format.interval_sentence(
            est, conf, bounds, [f"n = {n1} {and_} {n2}{who}"], lang,
            points=True, one_sided=self.alternative != "two-sided",
        )  # fmt: skip
        return _format.french_spaces(text) if nbsp and lang == "fr" else text


# --------------------------------------------------------------------------- bounds
# Each method takes counts (Python floats or float64 arrays) and the tail probability
# on each side (alpha/2 two-sided, alpha one-sided) and returns both raw bounds, shared
# terms computed once. `_interval` then sets the exact edges (0 at k = 0, 1 at k = n),
# so a formula may return anything there as long as it does not warn.


def _z(tail: float) -> float:
    from scipy import special

    # From the tail itself: at confidence 1 − 1e-16, 1 − tail rounds to 1 and ndtri(1)
    # is infinite, while ndtri(tail) is accurate.
    return -float(special.ndtri(tail))


def _wilson(k: Any, n: Any, tail: float) -> tuple[Any, Any]:
    z = _z(tail)
    z2 = z * z
    scale = 1.0 / (n + z2)
    centre = (k + z2 / 2.0) * scale
    # k * ((n - k) / n): integer arrays would overflow int64 in k * (n - k).
    half = (z * scale) * (k * ((n - k) / n) + z2 / 4.0) ** 0.5
    return centre - half, centre + half


def _wilson_cc(k: Any, n: Any, tail: float) -> tuple[Any, Any]:
    # Newcombe (1998a) method 4. Both radicands are > 0 whenever 0 < k < n (the lower
    # one is at least z² + 2 − 1/n), and the edges are replaced by `_interval`.
    z = _z(tail)
    z2 = z * z
    core = 4.0 * k * (n - k) / n - 1.0 / n + z2
    denominator = 2.0 * (n + z2)
    low_rad, high_rad = core - 2.0 + 4.0 * k / n, core + 2.0 - 4.0 * k / n
    if isinstance(core, np.ndarray):
        low_rad, high_rad = np.maximum(low_rad, 0.0), np.maximum(high_rad, 0.0)
    else:
        low_rad, high_rad = max(low_rad, 0.0), max(high_rad, 0.0)
    low = (2.0 * k + z2 - 1.0 - z * low_rad**0.5) / denominator
    high = (2.0 * k + z2 + 1.0 + z * high_rad**0.5) / denominator
    return low, high


def _agresti_coull(k: Any, n: Any, tail: float) -> tuple[Any, Any]:
    z = _z(tail)
    n_tilde = n + z * z
    p_tilde = (k + z * z / 2.0) / n_tilde
    half = z * (p_tilde * (1.0 - p_tilde) / n_tilde) ** 0.5
    return p_tilde - half, p_tilde + half


def _wald(k: Any, n: Any, tail: float) -> tuple[Any, Any]:
    z = _z(tail)
    p = k / n
    half = z * (p * (1.0 - p) / n) ** 0.5
    return p - half, p + half


def _log_beta_density(a: Any, b: Any, x: Any, log_beta: Any) -> Any:
    from scipy import special

    # From logs: x^(a−1) alone underflows for large a, (1 − x)^(b−1) for large b, while
    # their product at a quantile does not.
    return special.xlogy(a - 1.0, x) + special.xlog1py(b - 1.0, -x) - log_beta


def _refine_beta_root(a: Any, b: Any, x: Any, tail: float, *, upper: bool) -> Any:
    """One Newton step towards the root of I_x(a, b) = tail (or of 1 − I_x(a, b) = tail).

    scipy's inverse incomplete beta (boost's ``ibeta_inv``) stops early in places: the
    Clopper–Pearson upper bound of 999 in 239,287 at 95 % is 5.5e-10 relative off, many
    others 1e-14 to 1e-12, at any n. A Newton step on the incomplete beta itself,
    accurate to a few ulps, squares that error.

    The upper tail 1 − I_x(a, b) is I_{1−x}(b, a), from ``betainc``: five times faster
    than ``betaincc`` in scipy 1.17. 1 − x is rounded for x < 1/2; the exact remainder d
    is added back by the midpoint rule, d·density(x + d/2), whose error is of order d³.
    """
    from scipy import special

    scalar = not isinstance(x, np.ndarray)
    with np.errstate(all="ignore"):
        log_beta = special.betaln(a, b)
        if upper:
            y = 1.0 - x
            d = (1.0 - y) - x  # exact: 1 − y and x are within a factor 2 of each other
            tail_above = special.betainc(b, a, y)
            if not scalar or d != 0.0:  # d = 0 for x ≥ 1/2: the same bits either way
                tail_above = tail_above + d * np.exp(_log_beta_density(a, b, x + d / 2.0, log_beta))
            residual = tail_above - tail  # 1 − I_x decreases in x
        else:
            residual = tail - special.betainc(a, b, x)
        step = residual * np.exp(-_log_beta_density(a, b, x, log_beta))
    if scalar:
        refined = float(x + step)
        return refined if math.isfinite(refined) and 0.0 <= refined <= 1.0 else float(x)
    return _keep_if_bad(x + step, x)


def _keep_if_bad(refined: Any, x: Any) -> Any:
    # A density that under- or overflows (x at 0 or 1, only where `_interval` sets the
    # exact edge afterwards) makes the step inf or NaN: keep the unrefined value there.
    bad = ~(np.isfinite(refined) & (refined >= 0.0) & (refined <= 1.0))
    if isinstance(refined, np.ndarray) and refined.ndim > 0:
        refined[bad] = np.asarray(x)[bad]
        return refined
    return float(x) if bad else float(refined)


# Below k = 40 with n − k ≥ 40, the Clopper–Pearson upper bound comes from our own sum
# of the binomial tail: there scipy's inverse is worst (3.5e-8 relative off at k = 1,
# n = 2·10^9, from boost's finite binomial sum in 1 − x for whole parameters below 40),
# and neither ``betaincc`` (4e-11) nor ``betainc`` of the complement (3e-14 at k = 5,
# n = 6.7·10^10) is accurate enough to refine it.
_SMALL_K: Final = 40


def _refine_binomial_root(k: Any, n: Any, x: Any, tail: float) -> Any:
    """Two Newton steps towards the root in x of P(X ≤ k) = tail, X ~ Binomial(n, x).

    The k + 1 terms are positive, each the previous times an exact ratio, from
    (1 − x)^n = exp(n·log1p(−x)): the sum keeps full relative precision for any n. With
    k < 40 and n − k ≥ 40, (1 − x)^n stays far above underflow at the bound. Two steps,
    as the first may start 1e-7 off.
    """
    scalar = not isinstance(x, np.ndarray)
    for _ in range(2):
        with np.errstate(all="ignore"):
            # numpy's exp and log1p for a scalar too, so that scalar and vectorised
            # calls give the same bits; the rest is correctly rounded IEEE arithmetic.
            term = np.exp(n * np.log1p(-x))
            ratio = x / (1.0 - x)
            if scalar:
                term = total = float(term)
                for i in range(1, int(k) + 1):
                    term = term * ((n - (i - 1)) / i) * ratio
                    total += term
                last = term
            else:
                total, last = term.copy(), term.copy()
                for i in range(1, int(k.max()) + 1):
                    term = term * ((n - (i - 1)) / i) * ratio
                    active = k >= i
                    total = np.where(active, total + term, total)
                    last = np.where(active, term, last)
            # d/dx P(X ≤ k) = −n·C(n − 1, k)·x^k·(1 − x)^(n−1−k) = −(n − k)·last / (1 − x).
            x = _keep_if_bad(x + (total - tail) * (1.0 - x) / ((n - k) * last), x)
    return x


def _clopper_pearson(k: Any, n: Any, tail: float) -> tuple[Any, Any]:
    from scipy import special

    floor = np.maximum if isinstance(k, np.ndarray) else max
    a_low, b_low = floor(k, 1.0), n - k + 1.0
    low = special.betaincinv(a_low, b_low, tail)
    low = _refine_beta_root(a_low, b_low, low, tail, upper=False)
    # The upper bound from the complemented incomplete beta, 1 − I_x(a, b) = tail: full
    # precision both where 1 − tail would round to 1 and where the bound is tiny (k = 0
    # with n = 10^12), which 1 − betaincinv(b, a, tail) loses to cancellation.
    a_high, b_high = k + 1.0, floor(n - k, 1.0)
    high = special.betainccinv(a_high, b_high, tail)
    small = (k < _SMALL_K) & (n - k >= _SMALL_K)
    if not isinstance(k, np.ndarray):
        if small:
            return low, _refine_binomial_root(float(k), float(n), float(high), tail)
        return low, _refine_beta_root(a_high, b_high, high, tail, upper=True)
    rest = ~small
    high[rest] = _refine_beta_root(a_high[rest], b_high[rest], high[rest], tail, upper=True)
    if small.any():
        k_s, n_s = k[small].astype(np.float64), n[small].astype(np.float64)
        high[small] = _refine_binomial_root(k_s, n_s, high[small], tail)
    return low, high


def _jeffreys(k: Any, n: Any, tail: float) -> tuple[Any, Any]:
    # Brown, Cai & DasGupta (2001): the bounds at k = 0 and k = n are set to 0 and 1.
    from scipy import special

    a, b = k + 0.5, n - k + 0.5
    low = _refine_beta_root(a, b, special.betaincinv(a, b, tail), tail, upper=False)
    return low, _refine_beta_root(a, b, special.betainccinv(a, b, tail), tail, upper=True)


_BOUNDS: Final = {
    "wilson": _wilson,
    "wilson-cc": _wilson_cc,
    "clopper-pearson": _clopper_pearson,
    "jeffreys": _jeffreys,
    "agresti-coull": _agresti_coull,
    "wald": _wald,
}
# Methods whose cost is a special-function inversion per element, worth deduplicating.
_EXPENSIVE: Final = frozenset({"clopper-pearson", "jeffreys"})


def _dedup_pairs(k: FloatArray, n: FloatArray) -> tuple[FloatArray, FloatArray, Any] | None:
    """Return the unique (k, n) pairs and the inverse map, or None where it would not pay.

    Survey tables repeat the same (k, n) many times; the beta quantile costs ~1 µs per
    element (boost's inverse incomplete beta), a sort of int64 keys ~0.07 µs.
    """
    if k.size < _DEDUP_MIN_SIZE:
        return None
    n_max = float(n.max())
    if (n_max + 1.0) ** 2 >= 2.0**62:
        return None
    keys = k.astype(np.int64) * (int(n_max) + 1) + n.astype(np.int64)
    unique, inverse = np.unique(keys.ravel(), return_inverse=True)
    if unique.size > 0.9 * keys.size:
        return None
    width = int(n_max) + 1
    return (
        (unique // width).astype(np.float64),
        (unique % width).astype(np.float64),
        inverse.reshape(k.shape),
    )


def _interval(k: Any, n: Any, tail: float, method: str, alternative: str) -> tuple[Any, Any]:
    """Bounds of `method` at the given one-side tail probability, edges fixed, clipped."""
    bound = _BOUNDS[method]
    if isinstance(k, np.ndarray) and method in _EXPENSIVE:
        pairs = _dedup_pairs(k, n)
        if pairs is not None:
            k_u, n_u, inverse = pairs
            low_u, high_u = _interval(k_u, n_u, tail, method, alternative)
            return low_u[inverse], high_u[inverse]
    low, high = bound(k, n, tail)
    if isinstance(k, np.ndarray):
        # Exact edges (no 1.0000000000000002, statsmodels #7386) and clipping for the
        # normal-approximation methods whose raw bounds leave [0, 1]; in place, as
        # these arrays are ours.
        np.clip(low, 0.0, 1.0, out=low)
        np.clip(high, 0.0, 1.0, out=high)
        low[k == 0] = 0.0
        high[k == n] = 1.0
        if alternative == "less":
            low.fill(0.0)
        elif alternative == "greater":
            high.fill(1.0)
        return low, high
    low_s = 0.0 if alternative == "less" or k == 0 else min(max(float(low), 0.0), 1.0)
    high_s = 1.0 if alternative == "greater" or k == n else min(max(float(high), 0.0), 1.0)
    return low_s, high_s


def binomial_p_value(k: int, n: int, p0: float, alternative: Alternative = "greater") -> float:
    """Exact one-sided binomial p-value for "the proportion is above (below) `p0`".

    Parameters
    ----------
    k, n : int
        Count and base.
    p0 : float
        The claimed proportion, in (0, 1).
    alternative : {"greater", "less"}
        ``"greater"``: P(X ≥ k) under Binomial(n, p0); ``"less"``: P(X ≤ k).

    Returns
    -------
    float
        The p-value, as R's ``binom.test(k, n, p0, alternative = ...)`` and scipy's
        ``binomtest`` give it.

    Raises
    ------
    InvalidValueError
        Bad counts, `p0` outside (0, 1), or ``alternative="two-sided"``.

    Notes
    -----
    Computed with ``scipy.special.betainc``/``betaincc`` (the regularised incomplete beta):
    the same numbers as ``scipy.stats.binomtest`` without importing ``scipy.stats``
    (≈ 0.5 s), which the report and the CLI would otherwise pay at every run.

    Accuracy bound: the relative error is scipy's, and grows with n: measured against
    the beta integral in mpmath (40 digits) near the mean, where it is largest, about
    1e-13 at n = 10^6, 1e-12 at 10^9, 5e-11 at 10^12 and 4e-9 at 2**53; up to 1e-7 in
    the tails at n = 2**53 (``betainc`` against ``betaincc`` by symmetry). Beyond
    n ≈ 2**52.6, scipy (1.17) returns NaN within a few counts of the mean n·p0; there,
    and only there, the p-value is the continuity-corrected normal approximation with
    its Edgeworth (skewness) term [2]_, ``Φ(x) − φ(x) (1 − 2 p0) (x² − 1) / (6σ)`` with
    ``x = (k + ½ − n p0) / σ``, whose error is O(1/n): within 1e-14 relative there.

    References
    ----------
    .. [1] C. J. Clopper and E. S. Pearson, Biometrika 26:404–413, 1934.
    .. [2] C.-G. Esseen, "Fourier analysis of distribution functions. A mathematical
       study of the Laplace–Gaussian law", Acta Math. 77:1–125, 1945 (the expansion
       for lattice distributions, with the continuity correction).

    Examples
    --------
    "More than 70 %" with 91 of 119 (R: ``binom.test(91, 119, p = 0.7,
    alternative = "greater")$p.value`` = 0.0725604):

    >>> round(binomial_p_value(91, 119, 0.70), 7)
    0.0725604
    """
    from scipy import special

    k_int, n_int = check_counts(k, n)
    if isinstance(k_int, np.ndarray) or isinstance(n_int, np.ndarray):
        raise InvalidTypeError("`k` and `n` must be single counts for a p-value.")
    p = check_confidence(p0, name="p0")
    side = check_choice("alternative", alternative, ("greater", "less"))
    # The regularised incomplete beta rather than bdtr/bdtrc, which take n as a C int
    # (NaN from n = 2**31): P(X ≥ k) = I_p(k, n − k + 1), P(X ≤ k) = 1 − I_p(k + 1, n − k).
    if side == "greater":
        if k_int == 0:
            return 1.0
        value = float(special.betainc(k_int, n_int - k_int + 1, p))
    else:
        if k_int == n_int:
            return 1.0
        value = float(special.betaincc(k_int + 1, n_int - k_int, p))
    if math.isnan(value):  # scipy's incomplete beta near the mean for n ≳ 2**52.6
        value = _edgeworth_p_value(k_int, n_int, p, side)
    return value


def _edgeworth_p_value(k: int, n: int, p: float, side: str) -> float:
    """P(X ≥ k) or P(X ≤ k), X ~ Binomial(n, p), by Esseen's expansion; for huge n only.

    The continuity-corrected normal approximation with the skewness term has error
    O(1/n): about 1e-16 at the n (≈ 2**53) where it is used. `k − n p` is computed in
    exact rational arithmetic, as n p rounds to a unit or more at those n.
    """
    from scipy import special

    sigma = math.sqrt(n * p * (1.0 - p))
    half = Fraction(1, 2) if side == "less" else Fraction(-1, 2)
    x = float(Fraction(k) + half - Fraction(n) * Fraction(p)) / sigma
    skew = math.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi) * (1.0 - 2.0 * p) * (x * x - 1.0)
    skew /= 6.0 * sigma
    # P(X ≤ k) ≈ Φ(x) − skew; P(X ≥ k) = 1 − P(X ≤ k − 1) ≈ Φ(−x) + skew.
    value = float(special.ndtr(x)) - skew if side == "less" else float(special.ndtr(-x)) + skew
    return min(max(value, 0.0), 1.0)


def _proportion_iv(
    k: object, n: object, confidence: object, method: object, alternative: object, base: object
) -> tuple[Any, Any, float, str, str, str | None]:
    if isinstance(method, str) and method in METHOD_ALIASES:
        method = METHOD_ALIASES[method]
    method = check_choice("method", method, METHODS + tuple(METHOD_ALIASES))
    alternative = check_choice("alternative", alternative, ALTERNATIVES)
    conf = check_one_sided_level(check_confidence(confidence), alternative)
    k_v, n_v = check_counts(k, n)
    return k_v, n_v, conf, method, alternative, _check_base(base)


def _tail(confidence: float, alternative: str) -> float:
    alpha = 1.0 - confidence
    return alpha / 2.0 if alternative == "two-sided" else alpha


@overload
def proportion(
    k: ScalarCount,
    n: ScalarCount,
    *,
    confidence: float = ...,
    method: str = ...,
    alternative: Alternative = ...,
    base: str | None = ...,
) -> ProportionCI[float]: ...
@overload
def proportion(
    k: ArrayCount,
    n: ArrayCount | ScalarCount,
    *,
    confidence: float = ...,
    method: str = ...,
    alternative: Alternative = ...,
    base: str | None = ...,
) -> ProportionCI[FloatArray]: ...
@overload
def proportion(
    k: ScalarCount,
    n: ArrayCount,
    *,
    confidence: float = ...,
    method: str = ...,
    alternative: Alternative = ...,
    base: str | None = ...,
) -> ProportionCI[FloatArray]: ...
def proportion(
    k: ScalarCount | ArrayCount,
    n: ScalarCount | ArrayCount,
    *,
    confidence: float = 0.95,
    method: str = "wilson",
    alternative: Alternative = "two-sided",
    base: str | None = None,
) -> ProportionCI[Any]:
    r"""Estimate a proportion ``k / n`` with a confidence interval.

    Parameters
    ----------
    k : int or array_like of int
        Respondents with the characteristic. Whole-valued floats (``3.0``) are accepted;
        booleans, fractions, NaN and negative values are refused.
    n : int or array_like of int
        The base: respondents asked the question who answered it. Broadcasts with `k`.
    confidence : float, default 0.95
        Confidence level, in (0, 1).
    method : str, default "wilson"
        ``"wilson"`` (score interval, recommended for surveys [2]_), ``"wilson-cc"``
        (with continuity correction, as R's ``prop.test``), ``"clopper-pearson"`` (alias
        ``"exact"``, as R's ``binom.test``; conservative), ``"jeffreys"`` (equal-tailed
        Bayesian with the Jeffreys prior, bounds 0 at k = 0 and 1 at k = n; centred on
        the posterior, so at low levels it may exclude k / n),
        ``"agresti-coull"`` and ``"wald"`` (for comparison only: it undercovers). The
        Agresti–Coull and Wald bounds are clipped to [0, 1].
    alternative : {"two-sided", "greater", "less"}
        ``"greater"`` gives a one-sided lower bound (``high = 1``): the interval to test
        "the proportion is above a threshold"; ``"less"`` a one-sided upper bound
        (``low = 0``). This follows scipy's ``binomtest`` and R's meaning. statsmodels'
        ``"larger"`` means ``"greater"`` in its tests (``binom_test``) but names the
        ``"less"`` interval, ``[0, high]``, in ``proportion_confint``.
    base : str, optional
        Who was asked, kept on the result and printed by ``cite()``.

    Returns
    -------
    ProportionCI
        Python scalars for scalar (or 0-d) input, arrays of the broadcast shape
        otherwise.

    Raises
    ------
    InvalidValueError
        k > n, n = 0, negative, NaN, infinite or fractional counts; confidence outside
        (0, 1); an unknown method or alternative.
    InvalidTypeError
        Booleans, strings or other non-numeric counts.
    ShapeError
        `k` and `n` that do not broadcast.

    See Also
    --------
    difference : Difference of two independent proportions.

    Notes
    -----
    With :math:`z = \Phi^{-1}(1 - \alpha/2)` (two-sided), the Wilson interval is

    .. math:: \frac{k + z^2/2}{n + z^2} \pm \frac{z}{n + z^2}
              \sqrt{\frac{k(n-k)}{n} + \frac{z^2}{4}}

    [1]_; Clopper–Pearson inverts the binomial test with beta quantiles [3]_; Jeffreys
    takes the :math:`\alpha/2` quantiles of Beta(k + ½, n − k + ½) [2]_. For every
    method the bound at k = 0 is exactly 0 and at k = n exactly 1. The matching R
    functions are ``prop.test(k, n, correct = FALSE)`` (Wilson), ``prop.test(k, n)``
    (Wilson with continuity correction, except at k = n/2, where R drops the correction:
    see ``docs/methods/proportions.md``) and ``binom.test(k, n)`` (Clopper–Pearson).

    The beta quantiles (Clopper–Pearson, Jeffreys) start from scipy's inverse incomplete
    beta, which can be 3.5e-8 relative off (the one-sided 90 % upper bound of 1 in
    2·10^9), and are refined by Newton steps on the incomplete beta itself (on the exact
    binomial sum for the Clopper–Pearson upper bound with k < 40): every bound is within
    ~1e-15 relative of mpmath's below 1/2, and within 2 ulps of 1 above, for n up to
    10^12 (R's ``qbeta`` is within ~1e-14).

    References
    ----------
    .. [1] E. B. Wilson, "Probable inference, the law of succession, and statistical
       inference", J. Am. Stat. Assoc. 22:209–212, 1927.
    .. [2] L. D. Brown, T. T. Cai and A. DasGupta, "Interval estimation for a binomial
       proportion", Statist. Sci. 16(2):101–133, 2001.
    .. [3] C. J. Clopper and E. S. Pearson, "The use of confidence or fiducial limits
       illustrated in the case of the binomial", Biometrika 26:404–413, 1934.
    .. [4] R. G. Newcombe, "Two-sided confidence intervals for the single proportion:
       comparison of seven methods", Stat. Med. 17:857–872, 1998.

    Examples
    --------
    Among 119 OPTAM members, 50 had left:

    >>> from optamstats import proportion
    >>> r = proportion(50, 119, base="OPTAM members in October")
    >>> round(r.low, 4), round(r.high, 4)
    (0.3353, 0.51)
    >>> r.cite()
    '42.0% (95% CI 33.5–51.0; n = 119 OPTAM members in October)'

    Vectorised over several questions at once:

    >>> proportion([119, 50, 41], [178, 119, 69]).low.round(3)
    array([0.596, 0.335, 0.476])
    """
    k_v, n_v, conf, meth, alt, label = _proportion_iv(k, n, confidence, method, alternative, base)
    low, high = _interval(k_v, n_v, _tail(conf, alt), meth, alt)
    estimate = k_v / n_v
    if meth != "jeffreys":
        # These intervals contain k/n; at levels where z is ~0 (one-sided 50 %) the
        # rounding of centre ± half could land one ulp on the wrong side of it.
        if isinstance(k_v, np.ndarray):
            np.minimum(low, estimate, out=low)
            np.maximum(high, estimate, out=high)
        else:
            low, high = min(low, estimate), max(high, estimate)
    if isinstance(k_v, np.ndarray):
        return ProportionCI(
            k_v.astype(np.int64), n_v.astype(np.int64), estimate, low, high, conf, meth, alt, label
        )
    return ProportionCI(k_v, n_v, estimate, low, high, conf, meth, alt, label)


@overload
def difference(
    k1: ScalarCount,
    n1: ScalarCount,
    k2: ScalarCount,
    n2: ScalarCount,
    *,
    confidence: float = ...,
    method: str = ...,
    alternative: Alternative = ...,
    base: str | None = ...,
) -> DifferenceCI[float]: ...
@overload
def difference(
    k1: ArrayCount | ScalarCount,
    n1: ArrayCount | ScalarCount,
    k2: ArrayCount | ScalarCount,
    n2: ArrayCount | ScalarCount,
    *,
    confidence: float = ...,
    method: str = ...,
    alternative: Alternative = ...,
    base: str | None = ...,
) -> DifferenceCI[Any]: ...
def difference(
    k1: ScalarCount | ArrayCount,
    n1: ScalarCount | ArrayCount,
    k2: ScalarCount | ArrayCount,
    n2: ScalarCount | ArrayCount,
    *,
    confidence: float = 0.95,
    method: str = "newcombe",
    alternative: Alternative = "two-sided",
    base: str | None = None,
) -> DifferenceCI[Any]:
    r"""Estimate the difference ``k1/n1 − k2/n2`` of two independent proportions.

    Parameters
    ----------
    k1, n1 : int or array_like of int
        Count and base of the first group.
    k2, n2 : int or array_like of int
        Count and base of the second group. All four broadcast together.
    confidence : float, default 0.95
        Confidence level, in (0, 1).
    method : {"newcombe", "wald"}
        ``"newcombe"``: the hybrid score interval, method 10 of [1]_, built from the
        two Wilson intervals; good coverage down to small groups. ``"wald"``: the
        normal approximation, for comparison; clipped to [−1, 1].
    alternative : {"two-sided", "greater", "less"}
        ``"greater"`` gives a one-sided lower bound (``high = 1``), ``"less"`` a
        one-sided upper bound (``low = −1``).
    base : str, optional
        A label of the two groups.

    Returns
    -------
    DifferenceCI

    Raises
    ------
    InvalidValueError, InvalidTypeError, ShapeError
        As :func:`proportion`, for each pair of counts.

    Notes
    -----
    With Wilson bounds :math:`(l_i, u_i)` for :math:`p_i = k_i/n_i` at the same level,
    Newcombe's interval is

    .. math:: \left[d - \sqrt{(p_1 - l_1)^2 + (u_2 - p_2)^2},\;
              d + \sqrt{(u_1 - p_1)^2 + (p_2 - l_2)^2}\right],
              \quad d = p_1 - p_2.

    It matches statsmodels' ``confint_proportions_2indep(method="newcomb")``; the
    matching R function is ``DescTools::BinomDiffCI(x1, n1, x2, n2, method = "score")``.

    References
    ----------
    .. [1] R. G. Newcombe, "Interval estimation for the difference between independent
       proportions: comparison of eleven methods", Stat. Med. 17:873–890, 1998.

    Examples
    --------
    Newcombe's example (a), 56/70 against 48/80:

    >>> from optamstats import difference
    >>> d = difference(56, 70, 48, 80)
    >>> round(d.low, 4), round(d.high, 4)
    (0.0524, 0.3339)
    """
    meth = check_choice("method", method, DIFFERENCE_METHODS)
    alt = check_choice("alternative", alternative, ALTERNATIVES)
    conf = check_one_sided_level(check_confidence(confidence), alt)
    label = _check_base(base)
    a1, b1 = check_counts(k1, n1, k_name="k1", n_name="n1")
    a2, b2 = check_counts(k2, n2, k_name="k2", n_name="n2")
    if any(isinstance(v, np.ndarray) for v in (a1, b1, a2, b2)):
        try:
            a1, b1, a2, b2 = np.broadcast_arrays(
                *(np.asarray(v, dtype=np.float64) for v in (a1, b1, a2, b2))
            )
        except ValueError as exc:
            raise ShapeError(
                "`k1`, `n1`, `k2` and `n2` must have shapes that broadcast together; got "
                f"{np.shape(a1)}, {np.shape(a2)}."
            ) from exc
    tail = _tail(conf, alt)
    p1, p2 = a1 / b1, a2 / b2
    d = p1 - p2
    if meth == "newcombe":
        l1, u1 = _interval(a1, b1, tail, "wilson", "two-sided")
        l2, u2 = _interval(a2, b2, tail, "wilson", "two-sided")
        low = d - ((p1 - l1) ** 2 + (u2 - p2) ** 2) ** 0.5
        high = d + ((u1 - p1) ** 2 + (p2 - l2) ** 2) ** 0.5
    else:
        half = _z(tail) * (p1 * (1.0 - p1) / b1 + p2 * (1.0 - p2) / b2) ** 0.5
        low, high = d - half, d + half
    if isinstance(d, np.ndarray):
        low = np.full(d.shape, -1.0) if alt == "less" else np.clip(low, -1.0, 1.0)
        high = np.full(d.shape, 1.0) if alt == "greater" else np.clip(high, -1.0, 1.0)
        i1, j1, i2, j2 = (np.asarray(v).astype(np.int64) for v in (a1, b1, a2, b2))
        return DifferenceCI(i1, j1, i2, j2, d, low, high, conf, meth, alt, label)
    low = -1.0 if alt == "less" else min(max(float(low), -1.0), 1.0)
    high = 1.0 if alt == "greater" else min(max(float(high), -1.0), 1.0)
    c1, m1, c2, m2 = (int(v) for v in (a1, b1, a2, b2))
    return DifferenceCI(c1, m1, c2, m2, float(d), low, high, conf, meth, alt, label)
