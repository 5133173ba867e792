"""A multi-select question with weights: weighted shares and their intervals.

Part of :mod:`optamstats.weighting`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from optamstats._checks import (
    check_choice,
    check_confidence,
)
from optamstats.weighting.design import _check_positive_weights, _effective_n
from optamstats.weighting.proportion import EFFECTIVE_N, INTERVAL_METHODS, _intervals

if TYPE_CHECKING:
    import pandas as pd

    from optamstats.multiselect.parsing import MultiSelectAnswers

__all__ = ["weighted_multiselect_table"]


def weighted_multiselect_table(
    answers: MultiSelectAnswers,
    weights: Any,
    *,
    confidence: float = 0.95,
    method: str = "wilson",
    effective_n: str = "kish",
    adjust: str | None = None,
) -> pd.DataFrame:
    """Tabulate a multi-select question with weights: weighted shares and their intervals.

    Parameters
    ----------
    answers : MultiSelectAnswers
        Parsed answers (:func:`optamstats.multiselect.parse_multiselect`).
    weights : pandas.Series or array_like of float
        Positive weights, one per row of the answers (a Series is aligned on their
        index); only the respondents who answered are used.
    confidence : float, default 0.95
        Confidence level (per option, or jointly with `adjust`).
    method : {"wilson", "clopper-pearson"}, default "wilson"
        Interval on the effective sample size, as :func:`weighted_proportion`.
    effective_n : {"kish", "design"}, default "kish"
        As :func:`weighted_proportion` (Kish's is the same for every option).
    adjust : {None, "bonferroni"}
        ``"bonferroni"``: simultaneous intervals across the m options.

    Returns
    -------
    pandas.DataFrame
        One row per option, by weighted share (ties in the form's order): ``option``,
        ``mentions`` and ``respondents`` (unweighted counts), ``pct_respondents``
        (weighted %), ``low``, ``high`` (its interval, %), ``pct_mentions`` (weighted
        share of the weighted mentions, %), ``effective_n``, ``design_effect``, and
        ``pct_unweighted`` (the unweighted %, from
        :func:`optamstats.multiselect.multiselect_table`). ``.attrs`` records the
        options and a ``note``.

    Raises
    ------
    InvalidTypeError
        `answers` not a MultiSelectAnswers; non-numeric weights.
    InvalidValueError
        Nobody answered; weights not finite and > 0; bad options.
    ShapeError
        Weights not one per row.

    Notes
    -----
    No rank intervals: a weighted bootstrap of ranks is not implemented here.

    References
    ----------
    .. [1] L. Kish, *Survey Sampling*, Wiley, 1965.
    .. [2] L. D. Brown, T. T. Cai and A. DasGupta, Statist. Sci. 16(2):101–133, 2001.

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.multiselect import parse_multiselect
    >>> from optamstats.weighting import weighted_multiselect_table
    >>> answers = parse_multiselect(pd.Series(["A, B", "A", "B", "B"]), ["A", "B"])
    >>> t = weighted_multiselect_table(answers, [3.0, 1.0, 1.0, 1.0])
    >>> t[["option", "mentions", "pct_respondents", "pct_unweighted"]]
      option  mentions  pct_respondents  pct_unweighted
    0      B         3        83.333333            75.0
    1      A         2        66.666667            50.0
    """
    import pandas as pd

    from optamstats.multiselect.parsing import _check_answers
    from optamstats.multiselect.tables import _check_adjust, _table_confidence, multiselect_table

    answers = _check_answers(answers)
    conf = check_confidence(confidence)
    meth = check_choice("method", method, INTERVAL_METHODS)
    how = check_choice("effective_n", effective_n, EFFECTIVE_N)
    adj = _check_adjust(adjust)
    unweighted = multiselect_table(answers, confidence=conf, adjust=adj, n_resamples=0).set_index(
        "option"
    )
    index = answers.indicators.index
    w_all = _check_positive_weights(weights, len(index), index)
    answered = answers.answered.to_numpy(dtype=bool)
    matrix = answers._matrix()  # raises if nobody answered
    w = w_all[answered]
    m = matrix.shape[1]
    total = float(w.sum())
    weighted = w @ matrix.astype(np.float64)
    mentions = matrix.sum(axis=0).astype(np.int64)
    share = np.clip(weighted / total, 0.0, 1.0)
    # An option ticked by everyone (or no one) has share exactly 1 (0): the sums of the
    # matrix product and of the weights may differ in the last bit, and a share of
    # 1 − 1e-16 would give a design variance of 1e-32 and an absurd effective size.
    share[mentions == matrix.shape[0]] = 1.0
    share[mentions == 0] = 0.0
    level = _table_confidence(conf, adj, m)
    n_eff, label = _effective_n(matrix, w, share, how)
    low, high = _intervals(share, n_eff, level, meth)
    order = np.lexsort((np.arange(m), -share))
    options = answers.options
    all_mentions = float(weighted.sum())
    pct_mentions: Any = (
        100.0 * weighted[order] / all_mentions
        if all_mentions > 0
        else pd.array([pd.NA] * m, dtype="Float64")
    )
    table = pd.DataFrame(
        {
            "option": pd.array([options[i] for i in order], dtype=object),
            "mentions": mentions[order],
            "respondents": np.full(m, matrix.shape[0], dtype=np.int64),
            "pct_respondents": 100.0 * share[order],
            "low": 100.0 * np.asarray(low)[order],
            "high": 100.0 * np.asarray(high)[order],
            "pct_mentions": pct_mentions,
            "effective_n": np.asarray(n_eff, dtype=np.float64)[order],
            "design_effect": matrix.shape[0] / np.asarray(n_eff, dtype=np.float64)[order],
            "pct_unweighted": unweighted["pct_respondents"]
            .reindex([options[i] for i in order])
            .to_numpy(dtype=np.float64),
        }
    )
    table.attrs.update(
        {
            "confidence": conf,
            "per_option_confidence": level,
            "method": meth,
            "effective_n": label,
            "adjust": adj,
            "note": (
                f"Weighted shares of the {matrix.shape[0]} respondents who answered; "
                f"{meth} intervals on the {label} effective sample size. No rank intervals."
            ),
        }
    )
    return table
