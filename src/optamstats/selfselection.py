"""How far self-selection could move a headline: non-response in numbers.

Three readings, each with its limits stated (``docs/methods/self-selection.md``):

- :func:`response_waves` and :func:`response_trend`: respondents split by when they
  answered (before and after each reminder, or thirds of the fieldwork), and a trend
  test of a proportion across these waves (the "continuum of resistance": late
  respondents as a proxy for non-respondents, with mixed evidence [2]_; the test as in
  [4]_);
- :func:`nonresponse_bounds` and :func:`response_rate`: with the number invited, the
  response rate (AAPOR RR1 [3]_) and the worst-case (Manski [1]_) bounds of a proportion, with
  everyone who did not answer at 0 and at 1, and a narrower band for a given range of
  the non-respondents' rate;
- :func:`compare_to_population`: respondents' shares against known population shares,
  with a goodness-of-fit test.

References
----------
.. [1] C. F. Manski, "Anatomy of the selection problem", J. Human Resources
   24(3):343–360, 1989; *Partial Identification of Probability Distributions*,
   Springer, 2003.
.. [2] R. M. Groves and E. Peytcheva, "The impact of nonresponse rates on nonresponse
   bias: a meta-analysis", Public Opinion Quarterly 72(2):167–189, 2008.
.. [3] The American Association for Public Opinion Research, *Standard Definitions:
   Final Dispositions of Case Codes and Outcome Rates for Surveys*, 10th ed., 2023.
.. [4] A. Agresti, *Categorical Data Analysis*, 3rd ed., Wiley, 2013, §3.4.6 (the
   Cochran–Armitage trend test and the linear-by-linear association).
"""

from __future__ import annotations

import datetime
import itertools
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from optamstats._checks import InvalidTypeError, InvalidValueError, _show, check_confidence

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "NonresponseBounds",
    "PopulationComparison",
    "ResponseTrend",
    "compare_to_population",
    "nonresponse_bounds",
    "response_rate",
    "response_trend",
    "response_waves",
]

#: How many response waves without reminder dates: thirds of the respondents.
TERTILES: Final = 3


def _whole(value: object, name: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral | float):
        raise InvalidTypeError(f"`{name}` must be a whole number; got {_show(value)}.")
    if isinstance(value, float) and not value.is_integer():
        raise InvalidValueError(f"`{name}` must be a whole number; got {_show(value)}.")
    number = int(value)
    if number < minimum:
        raise InvalidValueError(f"`{name}` must be ≥ {minimum}; got {number}.")
    return number


# --------------------------------------------------------------------------- waves


def response_waves(
    times: Any, *, reminders: Sequence[str | datetime.date] = ()
) -> tuple[np.ndarray[Any, np.dtype[np.int64]], tuple[str, ...]]:
    """Split respondents into response waves by when they answered.

    Parameters
    ----------
    times : array_like of datetime
        Each respondent's submission time (NaT refused).
    reminders : sequence of ISO dates or dates, optional
        Dates reminders were sent (the spec's ``[fieldwork] reminders``): wave 0 answered
        before the first reminder's day, wave j on or after reminder j's day and before
        the next one's. Without reminders: thirds of the respondents by submission time
        (ties broken by order in the export).

    Returns
    -------
    waves : numpy.ndarray of int
        Each respondent's wave, 0 for the earliest.
    labels : tuple of str
        ``("before 2026-03-09", "from 2026-03-09", ...)`` with reminders, else
        ``("first third", "second third", "last third")``.

    Raises
    ------
    InvalidValueError
        Missing times; reminders not in increasing order; fewer than 3 respondents
        without reminders.
    InvalidTypeError
        Times that are not dates; reminders that are not ISO dates.

    References
    ----------
    .. [1] R. M. Groves and E. Peytcheva, Public Opinion Quarterly 72(2):167–189, 2008.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.to_datetime(["2026-03-02", "2026-03-05", "2026-03-10", "2026-03-12"])
    >>> waves, labels = response_waves(t, reminders=["2026-03-09"])
    >>> waves.tolist(), labels
    ([0, 0, 1, 1], ('before 2026-03-09', 'from 2026-03-09'))
    """
    import warnings

    import pandas as pd

    bad = InvalidTypeError(f"`times` must be submission times (datetimes); got {_show(times)}.")
    if isinstance(times, str | bytes) or np.ndim(times) != 1:
        raise bad
    values = pd.Series(np.asarray(times, dtype=object) if not hasattr(times, "dtype") else times)
    # Numbers are no times (pandas would read them as nanoseconds); NaN is a missing time.
    numbers_in = any(isinstance(v, bool | int | float | np.number) and v == v for v in values)
    if values.dtype.kind in "biufc" or numbers_in:
        raise bad
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            stamps = pd.DatetimeIndex(pd.to_datetime(values))
    except (TypeError, ValueError, OverflowError, RuntimeWarning) as exc:
        raise bad from exc
    missing = int(np.count_nonzero(stamps.isna()))
    if missing:
        raise InvalidValueError(
            f"`times` has {missing} missing time(s): every respondent "
            "needs a submission time to be placed in a response wave."
        )
    if isinstance(reminders, str | bytes) or not isinstance(reminders, Sequence):
        raise InvalidTypeError(
            f"`reminders` must be a list of dates such as ['2026-03-09']; got {_show(reminders)}."
        )
    days = []
    for i, r in enumerate(reminders):
        try:
            day = r if isinstance(r, datetime.date) else datetime.date.fromisoformat(str(r))
        except ValueError as exc:
            raise InvalidTypeError(
                f"`reminders[{i}]` must be a date such as '2026-03-09'; got {_show(r)}."
            ) from exc
        days.append(day)
    if any(b <= a for a, b in itertools.pairwise(days)):
        raise InvalidValueError(
            f"`reminders` must be in increasing order, each once; got {_show(list(reminders))}."
        )
    if days:
        answered = np.array([t.date() for t in stamps], dtype=object)
        waves = np.zeros(len(stamps), dtype=np.int64)
        for day in days:
            waves += np.array([a >= day for a in answered], dtype=np.int64)
        labels = (f"before {days[0].isoformat()}", *(f"from {d.isoformat()}" for d in days))
        return waves, labels
    n = len(stamps)
    if n < TERTILES:
        raise InvalidValueError(
            f"`times` has {n} respondent(s); thirds of the fieldwork need at least 3."
        )
    order = np.argsort(stamps.asi8, kind="stable")
    waves = np.empty(n, dtype=np.int64)
    waves[order] = (np.arange(n) * TERTILES) // n
    return waves, ("first third", "second third", "last third")


@dataclass(frozen=True, slots=True)
class ResponseTrend:
    """A proportion across ordered response waves, with a test of a linear trend.

    Attributes
    ----------
    labels : tuple of str
        The waves, earliest first.
    k, n : tuple of int
        Count and base in each wave.
    scores : tuple of float
        The waves' scores (0, 1, 2, ... by default).
    statistic : float
        Cochran–Armitage chi-square (1 df), as R's ``prop.trend.test``.
    p_value : float
        Its two-sided p-value.
    z : float
        The linear-by-linear association statistic of statsmodels'
        ``Table.test_ordinal_association`` (permutation variance; positive when the
        proportion rises with the waves).
    p_value_lbl : float
        Its two-sided p-value (``statistic · (N − 1) / N`` against chi-square, 1 df).

    Examples
    --------
    >>> t = response_trend([15, 10, 6], [40, 35, 30])
    >>> round(t.statistic, 4), round(t.p_value, 4)
    (2.5457, 0.1106)
    """

    labels: tuple[str, ...]
    k: tuple[int, ...]
    n: tuple[int, ...]
    scores: tuple[float, ...]
    statistic: float
    p_value: float
    z: float
    p_value_lbl: float


def response_trend(
    k: Sequence[int],
    n: Sequence[int],
    *,
    scores: Sequence[float] | None = None,
    labels: Sequence[str] | None = None,
) -> ResponseTrend:
    """Test a linear trend of a proportion across ordered response waves.

    Parameters
    ----------
    k, n : sequence of int
        Count and base in each wave, earliest first (at least 2 waves, each n ≥ 1).
    scores : sequence of float, optional
        The waves' scores, strictly increasing; 0, 1, 2, ... by default.
    labels : sequence of str, optional
        The waves' names; ``"1"``, ``"2"``, ... by default.

    Returns
    -------
    ResponseTrend

    Raises
    ------
    InvalidValueError
        Fewer than 2 waves, lengths that differ, a count above its base, an empty wave,
        scores not strictly increasing or not finite.
    InvalidTypeError
        Counts that are not whole numbers.

    Notes
    -----
    The Cochran–Armitage statistic is :math:`N r^2` with :math:`r` the correlation of
    the wave scores and the answer over the :math:`N` respondents; statsmodels'
    linear-by-linear test uses :math:`(N - 1) r^2` (the permutation variance). Both are
    computed from statsmodels' ``Table(...).test_ordinal_association``. When every
    respondent gives the same answer (or all share one score) there is no trend to
    see: statistic 0 and p = 1.

    A trend across response waves is read as the "continuum of resistance": if late
    respondents resemble non-respondents, a rising or falling rate suggests how
    non-respondents differ. The evidence for that proxy is mixed (Groves and Peytcheva
    2008): read a trend as a warning, and no trend as no reassurance.

    References
    ----------
    .. [1] P. Armitage, "Tests for linear trends in proportions and frequencies",
       Biometrics 11(3):375–386, 1955.
    .. [2] A. Agresti, *Categorical Data Analysis*, 3rd ed., Wiley, 2013, §3.4.6.

    Examples
    --------
    R: ``prop.trend.test(c(15, 10, 6), c(40, 35, 30))`` gives X-squared = 2.5457,
    p-value = 0.1106.

    >>> t = response_trend([15, 10, 6], [40, 35, 30])
    >>> round(t.statistic, 4), round(t.p_value, 4), t.z < 0
    (2.5457, 0.1106, True)
    """
    ks = [_whole(v, f"k[{i}]") for i, v in enumerate(_seq(k, "k"))]
    ns = [_whole(v, f"n[{i}]", 1) for i, v in enumerate(_seq(n, "n"))]
    if len(ks) != len(ns) or len(ks) < 2:
        raise InvalidValueError(
            f"`k` and `n` must give the same number of waves, at least 2; got {len(ks)} "
            f"and {len(ns)}."
        )
    for i, (a, b) in enumerate(zip(ks, ns, strict=True)):
        if a > b:
            raise InvalidValueError(f"`k[{i}]` = {a} is above its base `n[{i}]` = {b}.")
    if scores is None:
        s = [float(i) for i in range(len(ks))]
    else:
        s = [float(v) for v in _seq(scores, "scores")]
        if (
            len(s) != len(ks)
            or not all(math.isfinite(v) for v in s)
            or any(b <= a for a, b in itertools.pairwise(s))
        ):
            raise InvalidValueError(
                f"`scores` must be {len(ks)} finite, strictly increasing numbers; got "
                f"{_show(list(scores))}."
            )
    names = tuple(str(i + 1) for i in range(len(ks))) if labels is None else tuple(labels)
    if len(names) != len(ks) or not all(isinstance(x, str) for x in names):
        raise InvalidValueError(f"`labels` must be {len(ks)} strings; got {_show(labels)}.")
    total, yes = sum(ns), sum(ks)
    if yes in (0, total):
        return ResponseTrend(names, tuple(ks), tuple(ns), tuple(s), 0.0, 1.0, 0.0, 1.0)
    from statsmodels.stats.contingency_tables import Table  # type: ignore[import-untyped]

    table = np.column_stack([ks, [b - a for a, b in zip(ks, ns, strict=True)]]).astype(float)
    result = Table(table).test_ordinal_association(
        row_scores=np.asarray(s), col_scores=np.array([1.0, 0.0])
    )
    z = float(result.zscore)
    lbl = z * z
    ca = lbl * total / (total - 1)
    return ResponseTrend(names, tuple(ks), tuple(ns), tuple(s), ca,
                         math.erfc(math.sqrt(ca / 2.0)), z,
                         math.erfc(math.sqrt(lbl / 2.0)))  # fmt: skip


def _seq(value: object, name: str) -> list[Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
        raise InvalidTypeError(f"`{name}` must be a sequence of numbers; got {_show(value)}.")
    return list(value)


# --------------------------------------------------------------------------- bounds


def response_rate(respondents: int, invited: int, *, ineligible: int = 0) -> float:
    """Return the response rate AAPOR RR1: complete responses over eligible invited.

    Parameters
    ----------
    respondents : int
        Complete, eligible responses (the report's cohort).
    invited : int
        How many people were invited (the spec's ``[fieldwork] invited``).
    ineligible : int, default 0
        Respondents found ineligible (excluded by the cohort steps): they leave the
        denominator.

    Returns
    -------
    float
        ``respondents / (invited − ineligible)``.

    Raises
    ------
    InvalidValueError
        Negative counts, or more respondents and ineligible than invited.
    InvalidTypeError
        Counts that are not whole numbers.

    Notes
    -----
    RR1 counts every invited person who did not answer as eligible (AAPOR's *e* = 1)
    and partial answers as non-response: it is the lowest of AAPOR's response rates.
    It says how many did not answer, not how they differ from those who did (Groves and
    Peytcheva 2008).

    References
    ----------
    .. [1] AAPOR, *Standard Definitions*, 10th ed., 2023, RR1.

    Examples
    --------
    >>> response_rate(178, 2000, ineligible=10)
    0.08944723618090453
    """
    r = _whole(respondents, "respondents")
    inv = _whole(invited, "invited", 1)
    inel = _whole(ineligible, "ineligible")
    if r + inel > inv:
        raise InvalidValueError(
            f"`invited` = {inv} is fewer than the respondents ({r}) and ineligible ({inel}): "
            "give how many people were invited in all."
        )
    return r / (inv - inel)


@dataclass(frozen=True, slots=True)
class NonresponseBounds:
    """Where a proportion could lie had the non-respondents answered.

    Attributes
    ----------
    k, n : int
        Count and base among respondents.
    nonrespondents : int
        People who could belong to the base but did not answer.
    estimate : float
        ``k / n``, the respondents' share.
    low, high : float
        Worst-case (Manski) bounds: ``k / (n + m)`` (every non-respondent answers no)
        and ``(k + m) / (n + m)`` (every one yes), with ``m`` non-respondents.
    rate : tuple of (float, float) or None
        The range of the non-respondents' rate, as multipliers of the respondents'.
    rate_low, rate_high : float or None
        The share within that range, the non-respondents' rate capped at 1.

    Examples
    --------
    >>> b = nonresponse_bounds(50, 119, 81)
    >>> b.low, b.high
    (0.25, 0.655)
    """

    k: int
    n: int
    nonrespondents: int
    estimate: float
    low: float
    high: float
    rate: tuple[float, float] | None = None
    rate_low: float | None = None
    rate_high: float | None = None


def nonresponse_bounds(
    k: int, n: int, nonrespondents: int, *, rate: Sequence[float] | None = None
) -> NonresponseBounds:
    r"""Bound a proportion over respondents and non-respondents together.

    Parameters
    ----------
    k, n : int
        Count and base among respondents (n ≥ 1).
    nonrespondents : int
        ``m``: people of the population the proportion is about who did not answer
        (with N invited and n answering a question put to all, ``m = N − n``).
    rate : (float, float), optional
        ``(a, b)``, 0 ≤ a ≤ b: the non-respondents' rate lies between ``a`` and ``b``
        times the respondents' (capped at 1); e.g. ``(0.5, 1.0)``, "non-respondents left
        at half to the same rate as respondents".

    Returns
    -------
    NonresponseBounds

    Raises
    ------
    InvalidValueError
        Negative counts, k > n, n = 0; a rate range that is not 0 ≤ a ≤ b, finite.
    InvalidTypeError
        Counts that are not whole numbers; a rate that is not two numbers.

    Notes
    -----
    The population share is :math:`(k + m\,q)/(n + m)` with :math:`q` the
    non-respondents' unknown rate. With nothing known of :math:`q \in [0, 1]` its
    range is Manski's worst-case bounds :math:`[k/(n+m), (k+m)/(n+m)]`, of width
    :math:`m/(n+m)`, one minus the response rate: no sample size narrows it. With
    :math:`q \in [a\hat p, \min(1, b\hat p)]`, :math:`\hat p = k/n`, the band is
    the share at those two ends. Both are identification regions, not confidence
    intervals: they say what non-response could do, beside the sampling interval.

    References
    ----------
    .. [1] C. F. Manski, J. Human Resources 24(3):343–360, 1989.
    .. [2] C. F. Manski, *Partial Identification of Probability Distributions*,
       Springer, 2003, ch. 1.

    Examples
    --------
    50 of 119 respondents left; 81 members did not answer:

    >>> b = nonresponse_bounds(50, 119, 81, rate=(0.5, 1.0))
    >>> b.low, b.high, round(b.rate_low, 4), round(b.rate_high, 4)
    (0.25, 0.655, 0.335, 0.4202)
    """
    kk = _whole(k, "k")
    nn = _whole(n, "n", 1)
    m = _whole(nonrespondents, "nonrespondents")
    if kk > nn:
        raise InvalidValueError(f"`k` = {kk} is above its base `n` = {nn}.")
    total = nn + m
    low, high = kk / total, (kk + m) / total
    if rate is None:
        return NonresponseBounds(kk, nn, m, kk / nn, low, high)
    if isinstance(rate, str | bytes) or not isinstance(rate, Sequence) or len(rate) != 2:
        raise InvalidTypeError(f"`rate` must be two multipliers (a, b); got {_show(rate)}.")
    a, b = rate
    if not all(isinstance(x, numbers.Real) and not isinstance(x, bool) for x in (a, b)):
        raise InvalidTypeError(f"`rate` must be two numbers (a, b); got {_show(rate)}.")
    a, b = float(a), float(b)
    if not (math.isfinite(a) and math.isfinite(b) and 0 <= a <= b):
        raise InvalidValueError(
            f"`rate` must satisfy 0 ≤ a ≤ b (multipliers of the respondents' rate); got "
            f"{_show(rate)}."
        )
    p = kk / nn
    q_low, q_high = min(1.0, a * p), min(1.0, b * p)
    return NonresponseBounds(kk, nn, m, p, low, high, (a, b), (kk + m * q_low) / total,
                             (kk + m * q_high) / total)  # fmt: skip


# --------------------------------------------------------------------------- population


@dataclass(frozen=True, slots=True)
class PopulationComparison:
    """Respondents' shares of a question against the population's.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per option: ``option``, ``k``, ``n``, ``estimate``, ``low``, ``high``
        (Wilson), ``population`` (the population's share), ``difference``
        (respondents' minus population's share).
    statistic : float
        Pearson's goodness-of-fit chi-square.
    df : int
        Its degrees of freedom (options − 1).
    p_value : float
        Its p-value (scipy's ``chisquare``; R's ``chisq.test(x, p = shares)``).
    confidence : float
        Level of the Wilson intervals.

    Examples
    --------
    >>> c = compare_to_population({"F": 60, "M": 40}, {"F": 0.5, "M": 0.5})
    >>> round(c.statistic, 2), c.df, round(c.p_value, 4)
    (4.0, 1, 0.0455)
    """

    table: pd.DataFrame
    statistic: float
    df: int
    p_value: float
    confidence: float = 0.95


def compare_to_population(
    counts: Mapping[str, int], shares: Mapping[str, float], *, confidence: float = 0.95
) -> PopulationComparison:
    """Compare respondents' answers with known population shares.

    Parameters
    ----------
    counts : mapping
        Option → respondents who gave it.
    shares : mapping
        Option → the population's share or count (the spec's ``[weighting]``
        margins); rescaled to sum to 1, and holding the same options as `counts`.
    confidence : float, default 0.95
        Level of the Wilson intervals.

    Returns
    -------
    PopulationComparison

    Raises
    ------
    InvalidValueError
        Options that differ; negative counts or shares; no respondent; a population
        share of 0 for an option some respondent gave.
    InvalidTypeError
        Counts that are not whole numbers, shares that are not numbers.

    Notes
    -----
    A significant test says the respondents differ from the population on this
    question, which raking corrects (:func:`optamstats.rake`); no test can say they
    are alike on what the survey asks.

    References
    ----------
    .. [1] K. Pearson, Phil. Mag. 50(302):157–175, 1900.
    .. [2] E. B. Wilson, J. Am. Stat. Assoc. 22(158):209–212, 1927.

    Examples
    --------
    R: ``chisq.test(c(60, 40), p = c(0.5, 0.5))`` gives X-squared = 4, p = 0.0455.

    >>> c = compare_to_population({"F": 60, "M": 40}, {"F": 0.5, "M": 0.5})
    >>> c.table["population"].tolist()
    [0.5, 0.5]
    """
    import pandas as pd
    from scipy.stats import chisquare

    from optamstats.proportions import proportion

    conf = check_confidence(confidence)
    if not isinstance(counts, Mapping) or not isinstance(shares, Mapping):
        raise InvalidTypeError(
            "`counts` and `shares` must be mappings of option → count and option → share; "
            f"got {_show(counts)} and {_show(shares)}."
        )
    if set(counts) != set(shares):
        raise InvalidValueError(
            f"`counts` and `shares` must hold the same options; `counts` only: "
            f"{sorted(set(counts) - set(shares))}, `shares` only: "
            f"{sorted(set(shares) - set(counts))}."
        )
    options = list(counts)
    ks = [_whole(counts[o], f"counts[{o!r}]") for o in options]
    pop: list[float] = []
    for o in options:
        v = shares[o]
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise InvalidTypeError(f"`shares[{o!r}]` must be a number; got {_show(v)}.")
        if not math.isfinite(float(v)) or float(v) < 0:
            raise InvalidValueError(f"`shares[{o!r}]` must be ≥ 0; got {_show(v)}.")
        pop.append(float(v))
    n, whole = sum(ks), math.fsum(pop)
    if n == 0 or whole <= 0:
        raise InvalidValueError(
            "`counts` must hold at least one respondent and `shares` a positive total."
        )
    pop = [v / whole for v in pop]
    for o, k, v in zip(options, ks, pop, strict=True):
        if v == 0 and k > 0:
            raise InvalidValueError(
                f"`shares[{o!r}]` is 0 but {k} respondent(s) gave it: a population share "
                "of 0 cannot be tested; correct the margin."
            )
    est = proportion(np.asarray(ks), n, confidence=conf)
    table = pd.DataFrame({
        "option": options, "k": ks, "n": n, "estimate": est.estimate, "low": est.low,
        "high": est.high, "population": pop,
        "difference": np.asarray(est.estimate) - np.asarray(pop),
    })  # fmt: skip
    keep = [i for i, v in enumerate(pop) if v > 0]
    if len(keep) < 2:
        raise InvalidValueError(
            "`shares` must give at least two options a population share above 0: with one, "
            "there is nothing to compare."
        )
    expected = [n * pop[i] for i in keep]
    with np.errstate(over="ignore"):  # checked just below
        result = chisquare([ks[i] for i in keep], expected)
    if not math.isfinite(float(result.statistic)):
        tiny = min((pop[i], options[i]) for i in keep)
        raise InvalidValueError(
            f"`shares[{tiny[1]!r}]` is {tiny[0]:.3g} of the total, so small that the "
            "goodness-of-fit statistic overflows: correct the margin (0 if nobody has it)."
        )
    return PopulationComparison(table, float(result.statistic), len(keep) - 1,
                                float(result.pvalue), conf)  # fmt: skip
