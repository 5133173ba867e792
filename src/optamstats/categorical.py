"""Single-choice questions with any number of options, some of them non-substantive.

A single-choice question gives each respondent exactly one option, so the shares add up
to 1. Options such as "Ne sait pas" or "Je ne souhaite pas répondre" are answers but
not opinions: they stay in the table, and every substantive option gets two
percentages, one over all answers and one over the substantive answers only, so that a
reader always knows which base a figure uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    _scalar_count,
    _show,
    check_choice,
    check_confidence,
)
from optamstats.proportions import METHOD_ALIASES, METHODS, proportion

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SingleChoiceTable", "single_choice_table"]

COLUMNS = (
    "option", "k", "n", "estimate", "low", "high", "substantive", "n_substantive",
    "estimate_substantive", "low_substantive", "high_substantive",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SingleChoiceTable:
    """Shares of the options of a single-choice question, with intervals on two bases.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per option, in the order given, with columns ``option``, ``k`` (answers),
        ``n`` (all answers), ``estimate``, ``low``, ``high`` (the share of all answers
        and its interval), ``substantive`` (bool), ``n_substantive`` (answers that are
        not non-substantive), ``estimate_substantive``, ``low_substantive`` and
        ``high_substantive`` (the share among substantive answers, nullable
        ``Float64``: missing, ``<NA>``, on the rows of non-substantive options, and on
        every row when ``substantive_defined`` is False). Shares are fractions in
        [0, 1].
    n : int
        All answers.
    n_substantive : int
        Answers other than the non-substantive options.
    confidence : float
        Confidence level.
    method : str
        Interval method, by its canonical name (see :func:`optamstats.proportion`).
    non_substantive : tuple of str
        The options declared non-substantive, in the order given.
    substantive_defined : bool
        False when nobody gave a substantive answer (``n_substantive = 0``): the shares
        among substantive answers are then undefined, and their columns are ``<NA>``.

    Examples
    --------
    >>> from optamstats import single_choice_table
    >>> t = single_choice_table({"Oui": 30, "Non": 20, "Ne sait pas": 10},
    ...                         non_substantive=["Ne sait pas"])
    >>> t.n, t.n_substantive, t.substantive_defined
    (60, 50, True)
    >>> t.table[["option", "estimate", "estimate_substantive"]]
            option  estimate  estimate_substantive
    0          Oui  0.500000                   0.6
    1          Non  0.333333                   0.4
    2  Ne sait pas  0.166667                  <NA>
    """

    table: pd.DataFrame
    n: int
    n_substantive: int
    confidence: float
    method: str
    non_substantive: tuple[str, ...]

    @property
    def substantive_defined(self) -> bool:
        """Whether at least one answer was substantive."""
        return self.n_substantive > 0


def check_option_counts(counts: object, name: str = "counts") -> dict[str, int]:
    """Validate a mapping of option labels to answer counts, keeping its order."""
    if not isinstance(counts, Mapping):
        raise InvalidTypeError(
            f"`{name}` must be a mapping of option labels to counts, e.g. "
            f'{{"Oui": 30, "Non": 20}}; got {_show(counts)}.'
        )
    if not counts:
        raise InvalidValueError(
            f"`{name}` must list at least one option with its count; got an empty mapping."
        )
    checked: dict[str, int] = {}
    for option, value in counts.items():
        if not isinstance(option, str):
            raise InvalidTypeError(
                f"`{name}` keys must be option labels (strings); got {_show(option)}."
            )
        count = _scalar_count(f"{name}[{option!r}]", value)
        if count is None:
            raise InvalidTypeError(
                f"`{name}[{option!r}]` must be an integer count; got {_show(value)}."
            )
        checked[option] = count
    return checked


def check_non_substantive(
    non_substantive: object, options: Sequence[str], counts_name: str = "counts"
) -> tuple[str, ...]:
    """Validate the non-substantive options: strings among `options`, each once."""
    if isinstance(non_substantive, str) or not isinstance(non_substantive, Sequence):
        raise InvalidTypeError(
            "`non_substantive` must be a list of option labels, e.g. "
            f'["Ne sait pas"]; got {_show(non_substantive)}.'
        )
    seen: list[str] = []
    for label in non_substantive:
        if not isinstance(label, str):
            raise InvalidTypeError(
                f"`non_substantive` must hold option labels (strings); got {_show(label)}."
            )
        if label not in options:
            raise InvalidValueError(
                f"`non_substantive` names {label!r}, which is not an option of "
                f"`{counts_name}` ({', '.join(map(repr, options))}). Check its exact "
                "spelling, or add it to the counts (with 0 if nobody chose it)."
            )
        if label in seen:
            raise InvalidValueError(f"`non_substantive` names {label!r} twice.")
        seen.append(label)
    return tuple(seen)


def single_choice_table(
    counts: Mapping[str, int],
    *,
    non_substantive: Sequence[str] = (),
    confidence: float = 0.95,
    method: str = "wilson",
) -> SingleChoiceTable:
    """Tabulate a single-choice question: each option's share on two bases.

    Parameters
    ----------
    counts : mapping of str to int
        Answers per option, in the order the table should show (the form's order).
        Options nobody chose are listed with 0: they stay in the table.
    non_substantive : sequence of str, default ()
        Options that are answers but not opinions ("Ne sait pas", "Je ne souhaite pas
        répondre"). They keep their share of all answers, and are left out of the
        substantive base.
    confidence : float, default 0.95
        Confidence level, in (0, 1).
    method : str, default "wilson"
        Interval method of :func:`optamstats.proportion`, applied to each option on its
        own (a marginal interval per option, not simultaneous).

    Returns
    -------
    SingleChoiceTable
        ``table`` has one row per option; when every answer is non-substantive
        (``n_substantive = 0``), ``substantive_defined`` is False and the substantive
        columns are ``<NA>`` on every row.

    Raises
    ------
    InvalidValueError
        Empty counts, negative or fractional counts, no answer at all, a
        `non_substantive` label that is not an option (or named twice), a confidence
        outside (0, 1), an unknown method.
    InvalidTypeError
        `counts` not a mapping, non-string labels, non-numeric counts; a bare string as
        `non_substantive`.

    Notes
    -----
    Each share is ``k / n`` with the interval of :func:`optamstats.proportion`
    (Wilson by default [1]_ [2]_): R's ``prop.test(k, n, correct = FALSE)$conf.int``.
    The substantive share uses ``n_substantive`` as base, the choice of the AAPOR
    standard definitions for "don't know" answers when they are reported apart [3]_.

    References
    ----------
    .. [1] E. B. Wilson, "Probable inference, the law of succession, and statistical
       inference", J. Am. Stat. Assoc. 22:209–212, 1927.
    .. [2] L. D. Brown, T. T. Cai and A. DasGupta, "Interval estimation for a binomial
       proportion", Statist. Sci. 16(2):101–133, 2001.
    .. [3] The American Association for Public Opinion Research, *Standard Definitions:
       Final Dispositions of Case Codes and Outcome Rates for Surveys*, 10th ed., 2023.

    Examples
    --------
    >>> from optamstats import single_choice_table
    >>> t = single_choice_table(
    ...     {"Généraliste": 40, "Pédiatre": 12, "Chirurgien": 0, "Autre": 8,
    ...      "Ne sait pas": 5, "Je ne souhaite pas répondre": 3},
    ...     non_substantive=["Ne sait pas", "Je ne souhaite pas répondre"])
    >>> t.n, t.n_substantive
    (68, 60)
    >>> row = t.table.iloc[0]
    >>> t.table.loc[0, ["low", "high", "low_substantive", "high_substantive"]].round(4).tolist()
    [0.4696, 0.6974, 0.5406, 0.7727]
    """
    checked = check_option_counts(counts)
    options = list(checked)
    skipped = check_non_substantive(non_substantive, options)
    conf = check_confidence(confidence)
    if isinstance(method, str) and method in METHOD_ALIASES:
        method = METHOD_ALIASES[method]
    meth = check_choice("method", method, METHODS + tuple(METHOD_ALIASES))

    k = np.array([checked[o] for o in options], dtype=np.int64)
    n = int(k.sum())
    if n == 0:
        raise InvalidValueError(
            "`counts` must hold at least one answer; every count is 0. A question nobody "
            "answered has no shares to estimate."
        )
    substantive = np.array([o not in skipped for o in options], dtype=bool)
    n_sub = int(k[substantive].sum())

    everyone = proportion(k, n, confidence=conf, method=meth)
    import pandas as pd

    # Nullable floats: a share that does not exist (a non-substantive row, or nobody
    # substantive) is <NA>, a missing value, never a float NaN that arithmetic would
    # carry along silently.
    est_sub, low_sub, high_sub = (pd.array([None] * k.size, dtype="Float64") for _ in range(3))
    if n_sub > 0:
        among = proportion(k[substantive], n_sub, confidence=conf, method=meth)
        est_sub[substantive] = among.estimate
        low_sub[substantive] = among.low
        high_sub[substantive] = among.high

    table = pd.DataFrame(
        {
            "option": options,
            "k": k,
            "n": np.full(k.size, n, dtype=np.int64),
            "estimate": everyone.estimate,
            "low": everyone.low,
            "high": everyone.high,
            "substantive": substantive,
            "n_substantive": np.full(k.size, n_sub, dtype=np.int64),
            "estimate_substantive": est_sub,
            "low_substantive": low_sub,
            "high_substantive": high_sub,
        },
        columns=list(COLUMNS),
    )
    return SingleChoiceTable(table, n, n_sub, conf, meth, skipped)
