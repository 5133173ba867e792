"""The table of a multi-select question: shares of respondents, intervals, ranks.

Each option's share of respondents with its interval, its share of mentions, and the
rank interval of ``optamstats.multiselect.ranks``; from answers or from published
tallies. Part of :mod:`optamstats.multiselect`.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from optamstats._checks import (
    DegenerateDataWarning,
    InvalidTypeError,
    InvalidValueError,
    as_float,
    check_choice,
    check_confidence,
    check_counts,
    check_rng,
)
from optamstats._typing import IntArray, RngLike
from optamstats.multiselect.parsing import MultiSelectAnswers, _check_answers, _check_options, _show
from optamstats.multiselect.ranks import _rank_bounds
from optamstats.proportions import METHOD_ALIASES, METHODS, proportion

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["multiselect_table", "multiselect_table_from_counts"]

TABLE_COLUMNS: Final = (
    "option",
    "mentions",
    "respondents",
    "pct_respondents",
    "low",
    "high",
    "pct_mentions",
    "rank_low",
    "rank_high",
)


def _check_adjust(adjust: object) -> str | None:
    if adjust is None:
        return None
    if not isinstance(adjust, str) or adjust != "bonferroni":
        raise InvalidValueError(
            f"`adjust` must be None (one interval per option) or 'bonferroni' (simultaneous "
            f"intervals across options); got {_show(adjust)}."
        )
    return adjust


def _check_method(method: object) -> str:
    name = check_choice("method", method, METHODS + tuple(METHOD_ALIASES))
    return METHOD_ALIASES.get(name, name)


def _check_n_resamples(n_resamples: object) -> int:
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, numbers.Integral):
        raise InvalidTypeError(
            f"`n_resamples` must be a whole number such as 2000 (0 skips the rank "
            f"intervals); got {_show(n_resamples)}."
        )
    value = int(n_resamples)
    if value < 0 or 0 < value < 100:
        raise InvalidValueError(
            "`n_resamples` must be 0 (no rank intervals) or at least 100 for stable "
            f"quantiles; got {value}. Use 2000 or more for published tables."
        )
    if value > 10**7:  # the rank bootstrap keeps two (n_resamples, options) int64 tables
        raise InvalidValueError(
            f"`n_resamples` must be at most 10,000,000 for rank intervals; got {value}."
        )
    return value


def _table_confidence(confidence: float, adjust: str | None, m: int) -> float:
    """Return the per-option level: 1 − α/m under Bonferroni, so that all m hold jointly."""
    return 1.0 - (1.0 - confidence) / m if adjust == "bonferroni" else confidence


def _assemble_table(
    labels: Sequence[str],
    mentions: IntArray,
    respondents: int,
    confidence: float,
    method: str,
    adjust: str | None,
    ranks: tuple[IntArray, IntArray] | None,
    note: str,
    n_resamples: int,
) -> pd.DataFrame:
    import pandas as pd

    m = len(labels)
    level = _table_confidence(confidence, adjust, m)
    ci = proportion(mentions, np.full(m, respondents), confidence=level, method=method)
    total = int(mentions.sum())
    order = np.argsort(-mentions, kind="stable")
    if total > 0:
        pct_mentions: Any = 100.0 * mentions[order] / total
    else:
        warnings.warn(
            "No option was ticked by anyone: the percent of mentions is undefined and "
            "shown as <NA>.",
            DegenerateDataWarning,
            stacklevel=3,
        )
        note += " No option was mentioned, so pct_mentions is <NA>."
        pct_mentions = pd.array([pd.NA] * m, dtype="Float64")
    if ranks is None:
        rank_low: Any = pd.array([pd.NA] * m, dtype="Int64")
        rank_high: Any = pd.array([pd.NA] * m, dtype="Int64")
    else:
        rank_low = pd.array(ranks[0][order], dtype="Int64")
        rank_high = pd.array(ranks[1][order], dtype="Int64")
    table = pd.DataFrame(
        {
            "option": pd.array([labels[i] for i in order], dtype=object),
            "mentions": mentions[order].astype(np.int64),
            "respondents": np.full(m, respondents, dtype=np.int64),
            "pct_respondents": 100.0 * np.asarray(ci.estimate)[order],
            "low": 100.0 * np.asarray(ci.low)[order],
            "high": 100.0 * np.asarray(ci.high)[order],
            "pct_mentions": pct_mentions,
            "rank_low": rank_low,
            "rank_high": rank_high,
        }
    )
    table.attrs.update(
        {
            "confidence": confidence,
            "per_option_confidence": level,
            "method": method,
            "adjust": adjust,
            "n_resamples": n_resamples,
            "note": note.strip(),
        }
    )
    return table


def multiselect_table(
    answers: MultiSelectAnswers,
    *,
    confidence: float = 0.95,
    method: str = "wilson",
    adjust: str | None = None,
    n_resamples: int = 2000,
    rng: RngLike = None,
) -> pd.DataFrame:
    """Tabulate a multi-select question: shares of respondents, intervals, ranks.

    Parameters
    ----------
    answers : MultiSelectAnswers
        Parsed answers (:func:`parse_multiselect`). The base is the respondents who
        answered.
    confidence : float, default 0.95
        Confidence level of the intervals (per option, or jointly with `adjust`).
    method : str, default "wilson"
        Interval method for each share of respondents, as in
        :func:`optamstats.proportion`.
    adjust : {None, "bonferroni"}
        ``"bonferroni"`` makes the intervals (and the rank intervals) simultaneous
        across the m options: each at level 1 − (1 − confidence)/m.
    n_resamples : int, default 2000
        Bootstrap resamples of the respondents for the rank intervals; 0 skips them
        (rank columns ``<NA>``).
    rng : int, numpy.random.Generator or None
        Seed or generator of the bootstrap. The same seed gives the same ranks
        whatever the order of the rows.

    Returns
    -------
    pandas.DataFrame
        One row per option, most mentioned first (ties in the form's order), with
        columns ``option``, ``mentions``, ``respondents`` (the base), ``pct_respondents``
        (mentions / respondents, in %), ``low`` and ``high`` (its interval, in %),
        ``pct_mentions`` (share of all mentions, in %; sums to 100), ``rank_low`` and
        ``rank_high`` (the rank interval, 1 = most mentioned; nullable integers).
        ``.attrs`` records the confidence, per-option confidence, method, adjustment,
        number of resamples and a ``note``.

    Raises
    ------
    InvalidTypeError
        `answers` not a MultiSelectAnswers; a non-integer `n_resamples`; a bad `rng`.
    InvalidValueError
        Nobody answered; a bad confidence, method or adjust; 0 < n_resamples < 100.

    See Also
    --------
    multiselect_table_from_counts : The same table from published tallies.
    compare_options : Test whether two options' shares really differ.

    Notes
    -----
    Percentages of respondents add up to more than 100 % because a respondent may
    tick several options; percentages of mentions add up to 100 % but answer another
    question (the share of all reasons given, not of people).

    The rank interval resamples respondents (rows) with replacement, recounts each
    option's mentions and ranks the options. A tie counts both ways: each tied option
    gets its best place for the lower bound and its worst for the upper bound.
    ``rank_low`` is the (1 − confidence)/2 quantile of the best-case ranks,
    ``rank_high`` the (1 + confidence)/2 quantile of the worst-case ranks. An option
    whose interval is "1–3" may plausibly be first or third. Bootstrap rank intervals
    are descriptive: for options whose true shares are equal they tend to be too
    narrow [2]_, so read overlapping intervals as "not distinguishable", not the
    reverse. There is no R equivalent in base R; ``questionr::multi.table`` gives the
    counts and percentages without intervals.

    A resample depends only on how many times it draws each distinct answer pattern,
    which is multinomial(n, count / n): when the respondents gave at most n/4
    distinct patterns those counts are drawn directly (``Generator.multinomial``,
    O(patterns) per resample, so a million respondents cost little more than a
    hundred), otherwise respondents are drawn one by one (``Generator.integers``).
    Same law, different random streams; the choice depends on the data only.

    References
    ----------
    .. [1] L. D. Brown, T. T. Cai and A. DasGupta, "Interval estimation for a binomial
       proportion", Statist. Sci. 16(2):101–133, 2001.
    .. [2] P. Hall and H. Miller, "Using the bootstrap to quantify the authority of an
       empirical ranking", Ann. Statist. 37(6B):3929–3959, 2009.
    .. [3] H. Goldstein and D. J. Spiegelhalter, "League tables and their limitations:
       statistical issues in comparisons of institutional performance", J. R. Stat.
       Soc. A 159(3):385–443, 1996.

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.multiselect import multiselect_table, parse_multiselect
    >>> cells = pd.Series(["A, B", "A", "A, C", "B", "A, B, C", None])
    >>> table = multiselect_table(parse_multiselect(cells, ["A", "B", "C"]), rng=1)
    >>> table[["option", "mentions", "respondents", "pct_respondents", "pct_mentions"]]
      option  mentions  respondents  pct_respondents  pct_mentions
    0      A         4            5             80.0          44.444444
    1      B         3            5             60.0          33.333333
    2      C         2            5             40.0          22.222222
    >>> table[["low", "high"]].round(1)
        low  high
    0  37.6  96.4
    1  23.1  88.2
    2  11.8  76.9
    >>> table[["rank_low", "rank_high"]]
       rank_low  rank_high
    0         1          3
    1         1          3
    2         1          3
    """
    answers = _check_answers(answers)
    conf = check_confidence(confidence)
    meth = _check_method(method)
    adj = _check_adjust(adjust)
    resamples = _check_n_resamples(n_resamples)
    generator = check_rng(rng)
    matrix = answers._matrix()
    n, m = matrix.shape
    mentions = matrix.sum(axis=0).astype(np.int64)
    ranks = None
    if resamples:
        level = _table_confidence(conf, adj, m)
        ranks = _rank_bounds(matrix, resamples, (1.0 - level) / 2.0, generator)
        note = (
            f"Rank intervals: {resamples} bootstrap resamples of the {n} respondents; "
            "ties count both ways."
        )
    else:
        note = "Rank intervals not computed (n_resamples=0)."
    return _assemble_table(answers.options, mentions, n, conf, meth, adj, ranks, note, resamples)


def multiselect_table_from_counts(
    counts: Mapping[str, object] | pd.Series[Any],
    respondents: int,
    *,
    confidence: float = 0.95,
    method: str = "wilson",
    adjust: str | None = None,
) -> pd.DataFrame:
    """Tabulate a multi-select question from published tallies (mentions per option).

    Parameters
    ----------
    counts : mapping or pandas.Series
        Mentions per option, ``{label: count}``, in the form's order.
    respondents : int
        The base: respondents who answered the question.
    confidence : float, default 0.95
        Confidence level.
    method : str, default "wilson"
        Interval method, as in :func:`optamstats.proportion`.
    adjust : {None, "bonferroni"}
        Simultaneous intervals across options.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`multiselect_table`. ``rank_low`` and ``rank_high`` are
        ``<NA>`` (nullable integers) and ``.attrs["note"]`` says why: ranks, like any
        paired comparison of options, need to know who ticked what together, which
        tallies do not tell.

    Raises
    ------
    InvalidTypeError
        `counts` not a mapping or Series; non-integer counts.
    InvalidValueError
        A count above `respondents`, negative or fractional counts; labels that are
        empty or repeated; a bad confidence, method or adjust.

    See Also
    --------
    multiselect_table : The same table from respondent-level answers, with ranks.

    Notes
    -----
    Each share of respondents and its interval need only the option's count and the
    base, so they are exact here. What tallies cannot give is anything that depends
    on the joint answers: whether the top option is significantly ahead of the
    second, or the rank intervals. The bounds of the difference between two options'
    shares range over every co-occurrence compatible with the tallies, from
    independent-looking to fully nested, so no single interval can be reported.

    References
    ----------
    .. [1] E. B. Wilson, "Probable inference, the law of succession, and statistical
       inference", J. Am. Stat. Assoc. 22:209–212, 1927.
    .. [2] R. G. Newcombe, "Improved confidence intervals for the difference between
       binomial proportions based on paired data", Stat. Med. 17:2635–2650, 1998.

    Examples
    --------
    The leavers' motives in the 2025 OPTAM survey (50 respondents):

    >>> from optamstats.multiselect import multiselect_table_from_counts
    >>> motives = {
    ...     "Désaccord politique": 43,
    ...     "Menace de sanctions / pénalités": 39,
    ...     "Objectifs financiers inatteignables": 38,
    ...     "Soutien à un mouvement collectif de confrères": 25,
    ...     "Manque de reconnaissance du travail médical": 23,
    ...     "Volonté de liberté / rejet des contraintes administratives": 17,
    ...     "Incompatibilité du mode d'exercice (spécialité / secteur / activité)": 13,
    ... }
    >>> table = multiselect_table_from_counts(motives, 50)
    >>> table[["mentions", "pct_respondents", "low", "high"]].round(1)
       mentions  pct_respondents   low  high
    0        43             86.0  73.8  93.0
    1        39             78.0  64.8  87.2
    2        38             76.0  62.6  85.7
    3        25             50.0  36.6  63.4
    4        23             46.0  33.0  59.6
    5        17             34.0  22.4  47.8
    6        13             26.0  15.9  39.6
    >>> print(round(float(table["pct_mentions"].sum()), 6))
    100.0
    >>> print(table.loc[0, "rank_low"])
    <NA>
    >>> table.attrs["note"][:36]
    'Built from tallies: rank intervals ('
    """
    import pandas as pd

    if isinstance(counts, pd.Series | Mapping):
        items = list(counts.items())
    else:
        raise InvalidTypeError(
            "`counts` must be a mapping {label: mentions} (or a pandas Series indexed by "
            f"label), in the form's order; got {_show(counts)}."
        )
    if not items:
        raise InvalidValueError("`counts` must hold at least one option; got none.")
    labels = _check_options([label for label, _ in items], None)
    conf = check_confidence(confidence)
    meth = _check_method(method)
    adj = _check_adjust(adjust)
    if isinstance(respondents, bool) or not isinstance(respondents, numbers.Real):
        raise InvalidTypeError(
            f"`respondents` must be the number of respondents who answered, a whole number; "
            f"got {_show(respondents)}."
        )
    values = [value for _, value in items]
    if any(isinstance(v, bool | np.bool_) or not isinstance(v, numbers.Real) for v in values):
        bad = next(
            (label, v)
            for label, v in items
            if isinstance(v, bool | np.bool_) or not isinstance(v, numbers.Real)
        )
        raise InvalidTypeError(
            f"`counts` must map each label to a whole number of mentions; got "
            f"{_show(bad[1])} for {_show(bad[0])}."
        )
    # as_float: a count beyond float64's range (10**400) becomes inf, refused by
    # check_counts as not finite, instead of raising OverflowError here.
    k, n = check_counts(
        np.array([as_float(v) for v in values], dtype=np.float64),
        respondents,
        k_name="counts",
        n_name="respondents",
    )
    mentions = np.asarray(k).astype(np.int64)
    base = int(np.asarray(n).flat[0])
    note = (
        "Built from tallies: rank intervals (and any paired comparison of two options) "
        "need respondent-level answers, so rank_low and rank_high are <NA>."
    )
    return _assemble_table(labels, mentions, base, conf, meth, adj, None, note, 0)
