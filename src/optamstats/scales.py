"""Ordinal scale questions: 1–5, 0–10, or labelled Likert levels from low to high.

An ordinal answer has an order but no unit: the distribution, the top-box and
bottom-box shares and the median need nothing more, and get intervals here (Wilson for
shares, order statistics for the median). The mean is reported too, with a t interval,
but it treats the scale as interval data (the step from 1 to 2 worth the step from 4
to 5), which the scale does not guarantee. Non-substantive levels ("Sans avis") are
counted and reported, and left out of every ordinal statistic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from optamstats._checks import InvalidTypeError, InvalidValueError, _show, check_confidence
from optamstats.categorical import check_non_substantive, check_option_counts
from optamstats.proportions import ProportionCI, proportion
from optamstats.quantiles import (
    MeanCI,
    order_statistic_ranks,
    parse_numbers,
    scale_exponent,
    t_interval,
    unscale,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ScaleMedianCI", "ScaleSummary", "scale_summary"]

MEDIAN_METHOD: Final = "order statistics (exact binomial)"


@dataclass(frozen=True, slots=True)
class ScaleMedianCI:
    """The median level of a scale, with its interval from order statistics.

    Attributes
    ----------
    estimate : str
        The median level's label. With an even number of answers whose two middle
        answers are different levels, both labels joined by ``" / "`` (e.g. ``"2 / 3"``).
    low, high : str or None
        Labels of the levels at the order statistics ``x(k)`` and ``x(n − k + 1)``;
        None when no pair reaches the confidence (n ≤ 5 at 95 %; R gives NA).
    estimate_rank : float
        Position (1 = lowest substantive level) of the median, as R's ``median`` of the
        positions: a half position (2.5) between two levels.
    low_rank, high_rank : int or None
        1-based positions of `low` and `high`.
    n : int
        Substantive answers.
    confidence : float
        The level asked for.
    achieved_confidence : float or None
        ``1 − 2 P(B ≤ k − 1)``, B ~ Binomial(n, ½): the exact coverage for continuous
        data, at least `confidence`; for a scale (ties) the coverage is at least this.
    method : str
        ``"order statistics (exact binomial)"``.

    Examples
    --------
    >>> from optamstats import scale_summary
    >>> m = scale_summary({"1": 3, "2": 7, "3": 10, "4": 18, "5": 12}).median
    >>> m.estimate, m.low, m.high, m.estimate_rank, round(m.achieved_confidence, 4)
    ('4', '3', '4', 4.0, 0.9672)
    """

    estimate: str
    low: str | None
    high: str | None
    estimate_rank: float
    low_rank: int | None
    high_rank: int | None
    n: int
    confidence: float
    achieved_confidence: float | None
    method: str = MEDIAN_METHOD

    @property
    def defined(self) -> bool:
        """Whether some pair of order statistics reaches the confidence."""
        return self.low is not None


@dataclass(frozen=True, slots=True)
class ScaleSummary:
    """Summary of an ordinal scale question.

    Attributes
    ----------
    distribution : pandas.DataFrame
        One row per substantive level, low to high: ``level``, ``k``, ``n``,
        ``estimate``, ``low``, ``high`` (share among substantive answers, Wilson
        interval, fractions).
    top_box, bottom_box : ProportionCI
        Share of answers in the `top` highest and the `bottom` lowest levels, Wilson.
    top, bottom : int
        How many levels each box holds.
    median : ScaleMedianCI
        Median level and its order-statistic interval.
    mean : MeanCI
        Mean of the level values with a t interval (interval data: see the module).
    mean_scores : tuple of float
        The value given to each substantive level for the mean: the numbers themselves
        when every level label is a number and they increase ("0" … "10"), else the
        positions 1 … L.
    n : int
        Substantive answers (the base of every statistic above).
    n_non_substantive : int
        Answers at non-substantive levels, reported apart.
    non_substantive : tuple of str
        The levels declared non-substantive, in the order given.
    non_substantive_table : pandas.DataFrame
        One row per non-substantive level: ``level``, ``k``, ``n_all`` (all answers),
        ``estimate`` (share of all answers).
    levels : tuple of str
        The substantive levels, low to high.
    confidence : float
        Confidence level.

    Examples
    --------
    >>> from optamstats import scale_summary
    >>> s = scale_summary({"1": 3, "2": 7, "3": 10, "4": 18, "5": 12, "Sans avis": 4},
    ...                   non_substantive=["Sans avis"])
    >>> s.n, s.n_non_substantive, s.levels, s.top, s.bottom
    (50, 4, ('1', '2', '3', '4', '5'), 2, 2)
    """

    distribution: pd.DataFrame
    top_box: ProportionCI[float]
    bottom_box: ProportionCI[float]
    top: int
    bottom: int
    median: ScaleMedianCI
    mean: MeanCI
    mean_scores: tuple[float, ...]
    n: int
    n_non_substantive: int
    non_substantive: tuple[str, ...]
    non_substantive_table: pd.DataFrame
    levels: tuple[str, ...]
    confidence: float


def _check_box(name: str, value: object, default: int, levels: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InvalidTypeError(
            f"`{name}` must be None or a whole number of levels; got {_show(value)}."
        )
    count = int(value)
    if not 1 <= count < levels:
        raise InvalidValueError(
            f"`{name}` must be between 1 and {levels - 1} (the scale has {levels} "
            f"substantive levels); got {count}."
        )
    return count


def _scores(levels: Sequence[str]) -> tuple[float, ...]:
    """Score the levels: the numbers they spell if all do, increasing; else 1 … L."""
    try:
        values = parse_numbers(list(levels))
    except InvalidValueError:
        values = None
    if values is not None and not np.isnan(values).any() and np.all(np.diff(values) > 0):
        return tuple(float(v) for v in values)
    return tuple(float(i) for i in range(1, len(levels) + 1))


def _level_at(cumulative: np.ndarray[Any, Any], rank: int) -> int:
    """0-based level index of the `rank`-th (1-based) answer in ascending order."""
    return int(np.searchsorted(cumulative, rank, side="left"))


def scale_summary(
    counts: Mapping[str, int],
    *,
    top: int | None = None,
    bottom: int | None = None,
    non_substantive: Sequence[str] = (),
    confidence: float = 0.95,
) -> ScaleSummary:
    """Summarise an ordinal scale: distribution, top/bottom boxes, median and mean.

    Parameters
    ----------
    counts : mapping of str to int
        Answers per level, the levels in order from low to high ("1" … "5", "0" … "10",
        or labels such as "Pas du tout d'accord" … "Tout à fait d'accord"). Levels
        nobody chose are listed with 0.
    top, bottom : int, optional
        Levels in the top box and in the bottom box. Default: 2 when the scale has at
        least 5 substantive levels (4–5 on 1–5), else 1. Together at most the number of
        substantive levels, so that the two boxes never overlap.
    non_substantive : sequence of str, default ()
        Levels outside the order ("Sans avis", "Ne sait pas"), wherever they stand in
        `counts`: reported in ``non_substantive_table``, excluded from every ordinal statistic.
    confidence : float, default 0.95
        Level of every interval.

    Returns
    -------
    ScaleSummary

    Raises
    ------
    InvalidValueError
        Fewer than 2 substantive levels, no substantive answer, negative or fractional
        counts, `top`/`bottom` out of range or overlapping, `non_substantive` labels not
        among the levels, confidence outside (0, 1).
    InvalidTypeError
        `counts` not a mapping, non-string labels, non-integer `top`/`bottom`.

    Notes
    -----
    Shares: Wilson intervals (R's ``prop.test(k, n, correct = FALSE)``) [1]_. Median:
    the order statistics ``x(k)`` and ``x(n − k + 1)`` of the answers' positions with
    ``k = qbinom((1 − confidence)/2, n, 0.5)``, as R's ``DescTools::MedianCI(x, method
    = "exact")`` [2]_ [3]_; on a scale many answers tie, so the interval is a pair of
    levels and its coverage at least ``achieved_confidence``. Mean: Student's t
    interval on the level values; this treats the scale as interval data, which an
    ordinal scale does not guarantee [4]_: cite the median and the boxes first.

    References
    ----------
    .. [1] L. D. Brown, T. T. Cai and A. DasGupta, "Interval estimation for a binomial
       proportion", Statist. Sci. 16(2):101–133, 2001.
    .. [2] W. J. Conover, *Practical Nonparametric Statistics*, 3rd ed., Wiley, 1999,
       section 3.2.
    .. [3] A. Signorell et al., DescTools: Tools for Descriptive Statistics, R package,
       ``MedianCI``.
    .. [4] S. Jamieson, "Likert scales: how to (ab)use them", Med. Educ.
       38(12):1217–1218, 2004.

    Examples
    --------
    >>> from optamstats import scale_summary
    >>> s = scale_summary({"1": 3, "2": 7, "3": 10, "4": 18, "5": 12, "Sans avis": 4},
    ...                   non_substantive=["Sans avis"])
    >>> s.top_box.k, s.top_box.n, round(s.top_box.low, 4), round(s.top_box.high, 4)
    (30, 50, 0.4618, 0.7239)
    >>> s.median.estimate, s.median.low, s.median.high
    ('4', '3', '4')
    >>> round(s.mean.estimate, 2), round(s.mean.low, 4), round(s.mean.high, 4)
    (3.58, 3.2448, 3.9152)
    """
    checked = check_option_counts(counts)
    labels = list(checked)
    skipped = check_non_substantive(non_substantive, labels)
    conf = check_confidence(confidence)
    levels = tuple(label for label in labels if label not in skipped)
    if len(levels) < 2:
        raise InvalidValueError(
            f"`counts` must have at least 2 substantive levels to form a scale; got "
            f"{len(levels)} ({', '.join(map(repr, levels)) or 'none'}). Tabulate a single "
            "option with `single_choice_table`."
        )
    count = len(levels)
    default = 2 if count >= 5 else 1
    n_top = _check_box("top", top, default, count)
    n_bottom = _check_box("bottom", bottom, default, count)
    if n_top + n_bottom > count:
        raise InvalidValueError(
            f"`top` + `bottom` must be at most the {count} substantive levels, so that the "
            f"boxes do not overlap; got top={n_top}, bottom={n_bottom}."
        )
    k = np.array([checked[level] for level in levels], dtype=np.int64)
    n = int(k.sum())
    if n == 0:
        raise InvalidValueError(
            "`counts` must hold at least one substantive answer; every level of the scale "
            "has 0 (only non-substantive answers, or none). The scale has no distribution "
            "to estimate."
        )
    n_all = n + sum(checked[label] for label in skipped)

    import pandas as pd

    shares = proportion(k, n, confidence=conf)
    distribution = pd.DataFrame(
        {
            "level": list(levels),
            "k": k,
            "n": np.full(count, n, dtype=np.int64),
            "estimate": shares.estimate,
            "low": shares.low,
            "high": shares.high,
        }
    )
    skipped_k = np.array([checked[label] for label in skipped], dtype=np.int64)
    non_substantive_table = pd.DataFrame(
        {
            "level": list(skipped),
            "k": skipped_k,
            "n_all": np.full(len(skipped), n_all, dtype=np.int64),
            "estimate": skipped_k / n_all,
        }
    )
    top_box = proportion(int(k[count - n_top :].sum()), n, confidence=conf)
    bottom_box = proportion(int(k[:n_bottom].sum()), n, confidence=conf)

    # Median of the positions without expanding the answers: the r-th answer in
    # ascending order sits at the first level whose cumulative count reaches r.
    cumulative = np.cumsum(k)
    lower_mid = _level_at(cumulative, (n + 1) // 2)
    upper_mid = _level_at(cumulative, n // 2 + 1)
    estimate = levels[lower_mid] if lower_mid == upper_mid else (
        f"{levels[lower_mid]} / {levels[upper_mid]}"
    )  # fmt: skip
    estimate_rank = (lower_mid + upper_mid) / 2.0 + 1.0
    ranks = order_statistic_ranks(n, conf)
    if ranks is None:
        median = ScaleMedianCI(estimate, None, None, estimate_rank, None, None, n, conf, None)
    else:
        lo, hi, coverage = ranks
        i_lo, i_hi = _level_at(cumulative, lo), _level_at(cumulative, hi)
        median = ScaleMedianCI(
            estimate, levels[i_lo], levels[i_hi], estimate_rank, i_lo + 1, i_hi + 1, n, conf,
            coverage,
        )  # fmt: skip

    scores = _scores(levels)
    # Scaled by a power of two (exact): numeric labels near float64's limits must not
    # overflow in the squares; ordinary scales get the digits of the plain computation.
    exponent = scale_exponent(np.array(scores))
    values = np.ldexp(np.array(scores), -exponent)
    mean_s = float(np.dot(k, values) / n)
    sd_s = math.sqrt(float(np.dot(k, (values - mean_s) ** 2)) / (n - 1)) if n >= 2 else None
    if sd_s is not None and np.count_nonzero(k) == 1:
        sd_s = 0.0  # one level only: exactly 0, whatever the rounding of the mean
    low_s, high_s = t_interval(mean_s, sd_s, n, conf)
    mean = unscale(mean_s, exponent, "counts")
    sd, low, high = (
        None if v is None else unscale(v, exponent, "counts") for v in (sd_s, low_s, high_s)
    )
    return ScaleSummary(
        distribution=distribution,
        top_box=top_box,
        bottom_box=bottom_box,
        top=n_top,
        bottom=n_bottom,
        median=median,
        mean=MeanCI(mean, low, high, n, sd, conf),
        mean_scores=scores,
        n=n,
        n_non_substantive=n_all - n,
        non_substantive=skipped,
        non_substantive_table=non_substantive_table,
        levels=levels,
        confidence=conf,
    )
