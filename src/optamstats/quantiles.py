"""Numeric answers (years in practice, age): mean, median and quartiles with intervals.

The mean gets Student's t interval; the median a distribution-free interval from two
order statistics, chosen with the Binomial(n, ½) law of the number of answers below the
population median (the interval of R's ``DescTools::MedianCI(x, method = "exact")``);
the quartiles are R's type 7 (numpy's default, linear interpolation).
:func:`parse_numbers` reads the numbers as a French or English form export writes them.
"""

from __future__ import annotations

import math
import numbers
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    _show,
    as_float,
    check_confidence,
)
from optamstats._typing import FloatArray

__all__ = [
    "MeanCI",
    "MedianCI",
    "NumberSummary",
    "median_interval",
    "number_summary",
    "parse_numbers",
]

MEDIAN_METHOD: Final = "order statistics (exact binomial)"

# R's qbinom searches with p * (1 - 64 * DBL_EPSILON) "to ensure left continuity": a
# tail probability that equals a binomial CDF value exactly (1/8 for n = 3) then picks
# that value's index, as R does (qbinom(0.125, 3, 0.5) = 0).
_QBINOM_FUZZ: Final = 1.0 - 64.0 * np.finfo(np.float64).eps

# "12", "12,5", "12.5", "-3", "1 234", "1 234,5" (thousands separated by a space, a
# no-break space or a narrow no-break space: groups of exactly three digits).
_NUMBER: Final = re.compile(r"[+\-\u2212]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?")
_THOUSANDS: Final = re.compile(r"[ \u00a0\u202f]")


@dataclass(frozen=True, slots=True)
class MeanCI:
    """A mean with Student's t interval.

    Attributes
    ----------
    estimate : float
        The sample mean.
    low, high : float or None
        ``mean ∓ t(1 − α/2; n − 1) · sd / √n``. None when the interval is undefined:
        fewer than two values, or every value equal (sd = 0, where R's ``t.test`` stops
        with "data are essentially constant").
    n : int
        Number of values.
    sd : float or None
        Sample standard deviation (denominator n − 1); None when n = 1.
    confidence : float
        Confidence level.
    method : str
        ``"t"``.

    Examples
    --------
    >>> from optamstats import number_summary
    >>> m = number_summary([12, 3, 25, 7.5, 18, 30]).mean
    >>> round(m.estimate, 4), round(m.low, 4), round(m.high, 4), m.defined
    (15.9167, 5.0287, 26.8046, True)
    """

    estimate: float
    low: float | None
    high: float | None
    n: int
    sd: float | None
    confidence: float
    method: str = "t"

    @property
    def defined(self) -> bool:
        """Whether the interval exists (n ≥ 2 and the values are not all equal)."""
        return self.low is not None


@dataclass(frozen=True, slots=True)
class MedianCI:
    """A median with a distribution-free interval from two order statistics.

    Attributes
    ----------
    estimate : float
        The sample median (the mean of the two middle values for an even count, as R's
        ``median``).
    low, high : float or None
        The order statistics ``x(k)`` and ``x(n − k + 1)``. None when no pair of order
        statistics reaches the confidence (n ≤ 5 at 95 %; R gives NA).
    n : int
        Number of values.
    confidence : float
        The level asked for.
    achieved_confidence : float or None
        The exact coverage of ``[x(k), x(n − k + 1)]`` for any continuous distribution,
        ``1 − 2 P(B ≤ k − 1)`` with B ~ Binomial(n, ½): at least `confidence` (for
        discrete data, such as a scale, at least that too). None when undefined.
    lower_order, upper_order : int or None
        ``k`` and ``n − k + 1``: which order statistics (1-based) bound the interval.
    method : str
        ``"order statistics (exact binomial)"``.

    Examples
    --------
    >>> from optamstats import median_interval
    >>> m = median_interval([61, 45, 52, 38, 70, 49, 55])
    >>> m.estimate, m.low, m.high, m.achieved_confidence
    (52.0, 38.0, 70.0, 0.984375)
    """

    estimate: float
    low: float | None
    high: float | None
    n: int
    confidence: float
    achieved_confidence: float | None
    lower_order: int | None
    upper_order: int | None
    method: str = MEDIAN_METHOD

    @property
    def defined(self) -> bool:
        """Whether some pair of order statistics reaches the confidence."""
        return self.low is not None


@dataclass(frozen=True, slots=True)
class NumberSummary:
    """Summary of a numeric question: mean, median and quartiles.

    Attributes
    ----------
    n : int
        Number of answers.
    mean : MeanCI
        Mean with a t interval.
    median : MedianCI
        Median with its order-statistic interval.
    q1, q3 : float
        First and third quartiles, R's type 7 (numpy's default ``"linear"``).
    min, max : float
        Smallest and largest answers.
    confidence : float
        Confidence level of both intervals.

    Examples
    --------
    >>> from optamstats import number_summary
    >>> s = number_summary([12, 3, 25, 7.5, 18, 30, 1, 9])
    >>> s.n, s.q1, s.median.estimate, s.q3, s.min, s.max
    (8, 6.375, 10.5, 19.75, 1.0, 30.0)
    """

    n: int
    mean: MeanCI
    median: MedianCI
    q1: float
    q3: float
    min: float
    max: float
    confidence: float


# --------------------------------------------------------------------------- helpers


# Up to this many answers the Binomial(n, ½) CDF is summed exactly in integers (one
# pass, milliseconds), so that ties such as P(B ≤ 0) = 1/8 at n = 3 are decided exactly
# as R decides them; beyond, scipy's regularised incomplete beta (relative error
# ~1e-12) is used.
_EXACT_MAX_N: Final = 20_000


def _half_binomial_numerators(n: int) -> list[int]:
    """``2**n · P(B ≤ j)`` for j = 0 … ⌊n/2⌋, B ~ Binomial(n, ½), as exact integers."""
    term, total, out = 1, 0, []
    for j in range(n // 2 + 1):
        total += term
        out.append(total)
        term = term * (n - j) // (j + 1)  # C(n, j + 1), exact
    return out


def order_statistic_ranks(n: int, confidence: float) -> tuple[int, int, float] | None:
    """Return ``(k, n − k + 1, coverage)`` of the two-sided median interval, or None.

    ``k`` is R's ``qbinom((1 − confidence) / 2, n, 0.5)``: the smallest k with
    P(B ≤ k) ≥ α/2, so that P(B ≤ k − 1) < α/2 and the coverage
    ``1 − 2 P(B ≤ k − 1)`` exceeds the confidence; k = 0 means no interval reaches it.
    """
    target = (1.0 - confidence) / 2.0 * _QBINOM_FUZZ
    if n <= _EXACT_MAX_N:
        numerators = _half_binomial_numerators(n)
        scaled = Fraction(target) * 2**n  # exact: compare integers, no rounding
        k = next(j for j, num in enumerate(numerators) if num >= scaled)
        if k == 0:
            return None
        coverage = float(Fraction(2**n - 2 * numerators[k - 1], 2**n))
        return k, n - k + 1, coverage

    from scipy import special

    def cdf(j: int) -> float:  # P(B ≤ j) = I_{1/2}(n − j, j + 1)
        return float(special.betainc(n - j, j + 1, 0.5)) if j >= 0 else 0.0

    lo, hi = 0, n // 2  # P(B ≤ ⌊n/2⌋) ≥ ½ > α/2: the answer is in [0, ⌊n/2⌋]
    while lo < hi:  # bisection: the CDF increases with k
        mid = (lo + hi) // 2
        if cdf(mid) >= target:
            hi = mid
        else:
            lo = mid + 1
    if lo == 0:
        return None
    return lo, n - lo + 1, 1.0 - 2.0 * cdf(lo - 1)


def _as_values(values: object, name: str = "values") -> FloatArray:
    """Validate answers: a 1-d sequence of finite real numbers, at least one."""
    if isinstance(values, str | bytes):
        raise InvalidTypeError(
            f"`{name}` must be a sequence of numbers, not one string; got {_show(values)}. "
            "Read text answers with `parse_numbers` first."
        )
    try:
        array = np.asarray(values)
    except (TypeError, ValueError) as exc:
        raise InvalidTypeError(
            f"`{name}` must be a one-dimensional sequence of numbers; got {_show(values)}."
        ) from exc
    if array.dtype.kind == "O":
        # Python numbers (e.g. Fractions, or ints beyond int64) become floats; anything
        # else (None, text) is refused below by position.
        for i, item in enumerate(array.ravel()):
            if isinstance(item, bool) or not isinstance(item, numbers.Real):
                raise InvalidTypeError(
                    f"`{name}` must hold numbers; got {_show(item)} at position {i}. "
                    "Read text answers with `parse_numbers`, and drop blanks first."
                )
        # as_float: ±inf for a number beyond float64 (10**400), refused below by position.
        array = np.array([as_float(v) for v in array.ravel()], dtype=np.float64).reshape(
            array.shape
        )
    if array.dtype.kind == "b":
        raise InvalidTypeError(f"`{name}` must hold numbers, not booleans; got {_show(values)}.")
    if array.dtype.kind not in "iuf":
        raise InvalidTypeError(
            f"`{name}` must hold numbers; got {_show(values)} (dtype {array.dtype}). "
            "Read text answers with `parse_numbers` first."
        )
    if array.ndim != 1:
        raise InvalidValueError(
            f"`{name}` must be one-dimensional (one answer per respondent); got shape "
            f"{array.shape}."
        )
    if array.size == 0:
        raise InvalidValueError(f"`{name}` must hold at least one answer; got none.")
    floats = array.astype(np.float64)
    bad = ~np.isfinite(floats)
    if bad.any():
        i = int(np.argmax(bad))
        raise InvalidValueError(
            f"`{name}` must hold finite numbers; got {float(floats[i])!r} at position {i}. "
            "Drop unanswered rows first (e.g. `values[~numpy.isnan(values)]`): a blank is "
            "not an answer."
        )
    return floats


def _median_from_sorted(ordered: npt.NDArray[Any], n: int) -> float:
    middle = n // 2
    if n % 2:
        return float(ordered[middle])
    # As R's median: the mean of the two middle values (halved first: no overflow).
    return float(ordered[middle - 1] / 2.0 + ordered[middle] / 2.0)


def _median_ci_sorted(ordered: FloatArray, confidence: float) -> MedianCI:
    n = int(ordered.size)
    ranks = order_statistic_ranks(n, confidence)
    estimate = _median_from_sorted(ordered, n)
    if ranks is None:
        return MedianCI(estimate, None, None, n, confidence, None, None, None)
    k, upper, coverage = ranks
    return MedianCI(
        estimate, float(ordered[k - 1]), float(ordered[upper - 1]), n, confidence, coverage,
        k, upper,
    )  # fmt: skip


def t_interval(
    mean: float, sd: float | None, n: int, confidence: float
) -> tuple[float | None, float | None]:
    """Student's t interval ``mean ∓ t · sd / √n``; (None, None) when undefined."""
    if sd is None or sd == 0.0 or n < 2:
        return None, None
    from scipy import special

    t = float(special.stdtrit(n - 1, 1.0 - (1.0 - confidence) / 2.0))
    half = t * sd / math.sqrt(n)
    return mean - half, mean + half


# --------------------------------------------------------------------------- public


def median_interval(values: npt.ArrayLike, confidence: float = 0.95) -> MedianCI:
    """Estimate the median with a distribution-free interval from order statistics.

    Parameters
    ----------
    values : array_like of float
        One answer per respondent, finite (drop blanks first).
    confidence : float, default 0.95
        Confidence level, in (0, 1).

    Returns
    -------
    MedianCI
        The median, the interval ``[x(k), x(n − k + 1)]`` and its exact coverage; the
        bounds are None when n is too small for the level (n ≤ 5 at 95 %).

    Raises
    ------
    InvalidValueError
        No values, NaN or infinite values, more than one dimension; confidence outside
        (0, 1).
    InvalidTypeError
        Text, booleans or other non-numbers.

    Notes
    -----
    The number B of answers below the population median is Binomial(n, ½) for any
    continuous distribution, so ``[x(k), x(n − k + 1)]`` covers it with probability
    ``P(k ≤ B ≤ n − k) = 1 − 2 P(B ≤ k − 1)`` [1]_ [2]_. k is R's
    ``qbinom((1 − confidence)/2, n, 0.5)``, the largest k whose coverage is at least
    the confidence (up to R's tie-breaking fuzz): the interval of
    ``DescTools::MedianCI(x, method = "exact")`` [3]_. For discrete data (ties) the
    coverage is at least as large.

    References
    ----------
    .. [1] W. J. Conover, *Practical Nonparametric Statistics*, 3rd ed., Wiley, 1999,
       section 3.2 (confidence interval for a quantile).
    .. [2] D. G. Altman, D. Machin, T. N. Bryant and M. J. Gardner, *Statistics with
       Confidence*, 2nd ed., BMJ Books, 2000, chapter 5.
    .. [3] A. Signorell et al., DescTools: Tools for Descriptive Statistics, R package,
       ``MedianCI``.

    Examples
    --------
    >>> from optamstats import median_interval
    >>> m = median_interval([12, 3, 25, 7.5, 18, 30, 1, 9, 14, 22, 5, 16, 11, 27, 8, 19,
    ...                      2, 35, 13, 10, 6, 21, 4, 17])
    >>> m.estimate, m.low, m.high, m.lower_order, m.upper_order
    (12.5, 7.5, 19.0, 7, 18)
    >>> round(m.achieved_confidence, 4)
    0.9773
    >>> median_interval([1, 2, 3, 4, 5]).defined
    False
    """
    conf = check_confidence(confidence)
    return _median_ci_sorted(np.sort(_as_values(values)), conf)


def number_summary(values: npt.ArrayLike, *, confidence: float = 0.95) -> NumberSummary:
    """Summarise numeric answers: mean (t interval), median (order statistics), quartiles.

    Parameters
    ----------
    values : array_like of float
        One answer per respondent, finite: drop blanks first (:func:`parse_numbers`
        reads them as NaN).
    confidence : float, default 0.95
        Level of both intervals.

    Returns
    -------
    NumberSummary
        With one value, the mean's interval and sd are None (undefined) and the median's
        interval too; with values all equal the mean's interval is None.

    Raises
    ------
    InvalidValueError
        No values, NaN or infinite values, more than one dimension; confidence outside
        (0, 1).
    InvalidTypeError
        Text, booleans or other non-numbers.

    Notes
    -----
    Mean: ``mean ∓ t(1 − α/2; n − 1) · s / √n`` (R's ``t.test(x)$conf.int``; the t
    quantile from ``scipy.special.stdtrit``) [1]_. Quartiles: R's ``quantile(x, type = 7)``,
    numpy's default ``"linear"`` method [2]_. Median: see :func:`median_interval`.

    References
    ----------
    .. [1] Student, "The probable error of a mean", Biometrika 6(1):1–25, 1908.
    .. [2] R. J. Hyndman and Y. Fan, "Sample quantiles in statistical packages",
       Am. Stat. 50(4):361–365, 1996.

    Examples
    --------
    >>> from optamstats import number_summary
    >>> s = number_summary([12, 3, 25, 7.5, 18, 30, 1, 9, 14, 22, 5, 16, 11, 27, 8, 19,
    ...                     2, 35, 13, 10, 6, 21, 4, 17])
    >>> round(s.mean.estimate, 4), round(s.mean.low, 4), round(s.mean.high, 4)
    (13.9792, 10.0749, 17.8834)
    >>> s.q1, s.median.estimate, s.q3
    (7.125, 12.5, 19.5)
    """
    conf = check_confidence(confidence)
    ordered = np.sort(_as_values(values))
    n = int(ordered.size)
    # Computed on the answers scaled by a power of two (exact), so that squares and
    # differences of answers near float64's limits neither overflow nor underflow;
    # in the ordinary range the digits are those of the unscaled computation.
    exponent = scale_exponent(ordered)
    scaled = np.ldexp(ordered, -exponent)
    mean_s = float(np.mean(scaled))
    sd_s = float(np.std(scaled, ddof=1)) if n >= 2 else None
    if sd_s is not None and ordered[0] == ordered[-1]:
        sd_s = 0.0  # all equal: exactly 0, whatever the rounding of the mean
    low_s, high_s = t_interval(mean_s, sd_s, n, conf)
    q1_s, q3_s = (float(q) for q in np.quantile(scaled, [0.25, 0.75], method="linear"))
    mean, q1, q3 = (unscale(v, exponent) for v in (mean_s, q1_s, q3_s))
    sd, low, high = (None if v is None else unscale(v, exponent) for v in (sd_s, low_s, high_s))
    return NumberSummary(
        n=n,
        mean=MeanCI(mean, low, high, n, sd, conf),
        median=_median_ci_sorted(ordered, conf),
        q1=q1,
        q3=q3,
        min=float(ordered[0]),
        max=float(ordered[-1]),
        confidence=conf,
    )


def scale_exponent(values: FloatArray) -> int:
    """Return e such that the largest |value| / 2**e is in [0.5, 1) (0 for all zeros)."""
    largest = float(np.max(np.abs(values))) if values.size else 0.0
    return math.frexp(largest)[1] if largest > 0.0 else 0


def unscale(value: float, exponent: int, name: str = "values") -> float:
    """``value · 2**exponent``, refusing a result beyond float64's range."""
    try:
        return math.ldexp(value, exponent)
    except OverflowError:
        raise InvalidValueError(
            f"`{name}` are too large for float64: their spread or interval exceeds "
            f"{sys.float_info.max:.3g}. Express them in a larger unit."
        ) from None


def parse_numbers(texts: Sequence[str | None]) -> FloatArray:
    """Read numbers typed in a form: ``"12"``, ``"12,5"``, ``"12.5"``, ``"1 234"``.

    Parameters
    ----------
    texts : sequence of str
        One cell per respondent. Spaces around the number are ignored; a comma or a
        point is the decimal mark; thousands may be separated by a space, a no-break
        space or a narrow no-break space (groups of three digits). A blank cell (empty,
        spaces only, None or NaN) is an unanswered question.

    Returns
    -------
    numpy.ndarray
        The numbers as float64, NaN where the cell is blank.

    Raises
    ------
    InvalidValueError
        A cell that is not a number ("douze", "12 ans", "1,234.5", "12 34"), naming its
        position and text.
    InvalidTypeError
        `texts` is a single string, or holds something other than text.

    Notes
    -----
    "1,234" is read as 1.234 (the French decimal comma), never as a thousand: a form
    filled in France writes thousands with a space. A number with units or words is
    refused rather than guessed.

    References
    ----------
    .. [1] Imprimerie nationale, *Lexique des règles typographiques en usage à
       l'Imprimerie nationale*, 2002 (decimal comma, spaced thousands).

    Examples
    --------
    >>> from optamstats import parse_numbers
    >>> parse_numbers(["12", "12,5", " 3 ", "1 234", "", "7.25"])
    array([  12.  ,   12.5 ,    3.  , 1234.  ,     nan,    7.25])
    """
    if isinstance(texts, str | bytes):
        raise InvalidTypeError(
            f"`texts` must be a sequence of cells, not one string; got {_show(texts)}. "
            "Wrap it in a list: `parse_numbers([text])`."
        )
    try:
        cells = list(texts)
    except TypeError as exc:
        raise InvalidTypeError(
            f"`texts` must be a sequence of strings; got {_show(texts)}."
        ) from exc
    out = np.empty(len(cells), dtype=np.float64)
    for i, cell in enumerate(cells):
        if cell is None or (isinstance(cell, float) and math.isnan(cell)):
            out[i] = np.nan
            continue
        if not isinstance(cell, str):
            raise InvalidTypeError(
                f"`texts` must hold strings; got {_show(cell)} at position {i}. Pass the "
                "column as read from the export (text), or numbers to `number_summary`."
            )
        text = cell.strip()
        if not text:
            out[i] = np.nan
            continue
        if _NUMBER.fullmatch(text) is None:
            raise InvalidValueError(
                f"`texts` position {i} is {cell!r}, not a number. Write digits with a "
                "comma or a point as decimal mark (12, 12,5, 1 234); blank it if the "
                "respondent gave no number."
            )
        plain = _THOUSANDS.sub("", text).replace(",", ".").replace("\u2212", "-")
        value = float(plain)
        if not math.isfinite(value):  # 309 digits and more
            raise InvalidValueError(
                f"`texts` position {i} is a number too large for float64 "
                f"({len(text)} characters); check the cell."
            )
        out[i] = value
    return out
