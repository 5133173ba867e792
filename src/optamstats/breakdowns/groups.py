"""A rate in each group, each group against the rest: the breakdown estimators.

Small groups are pooled by the rule of :mod:`optamstats.disclosure` before anything is
computed. Part of :mod:`optamstats.breakdowns`.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from optamstats import _format
from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    ShapeError,
    _show,
    check_choice,
    check_confidence,
    check_counts,
    check_rng,
)
from optamstats._typing import FloatArray, IntArray, RngLike
from optamstats.breakdowns.adjust import _adjust, _check_adjust
from optamstats.breakdowns.homogeneity import _ffh_exact, _homogeneity
from optamstats.breakdowns.result import Breakdown
from optamstats.disclosure.rules import _is_small
from optamstats.proportions import difference, proportion

if TYPE_CHECKING:
    import pandas as pd

    from optamstats.cohort import Cohort

__all__ = ["breakdown", "breakdown_from_counts"]

TESTS: Final = ("score", "fisher")
HOMOGENEITY: Final = ("auto", "chi-square", "exact")
_MERGED: Final = {"en": "Other (merged)", "fr": "Autres (regroupés)"}


def _score_p_values(k1: Any, n1: Any, k2: Any, n2: Any) -> Any:
    """Two-sided score test of p1 = p2 (Pearson chi-square on the 2x2, no correction).

    As R's ``prop.test(c(k1, k2), c(n1, n2), correct = FALSE)$p.value``. When both
    groups are all 0 or all 1 the statistic is 0/0: no difference can be seen, p = 1.
    """
    from scipy import special

    pooled = (k1 + k2) / (n1 + n2)
    var = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)
    diff = k1 / n1 - k2 / n2
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = np.where(var > 0.0, diff**2 / np.where(var > 0.0, var, 1.0), 0.0)
    return special.chdtrc(1.0, chi2)


def _check_min_cell(min_cell: object) -> int:
    if isinstance(min_cell, bool) or not isinstance(min_cell, numbers.Integral) or min_cell < 1:
        raise InvalidValueError(
            f"`min_cell` must be a whole number of respondents ≥ 1 (the smallest group "
            f"shown, e.g. 5 or 11); got {_show(min_cell)}."
        )
    return int(min_cell)


def _check_n_resamples(n_resamples: object) -> int:
    if (
        isinstance(n_resamples, bool)
        or not isinstance(n_resamples, numbers.Integral)
        or n_resamples < 1000
    ):
        raise InvalidValueError(
            f"`n_resamples` must be a whole number ≥ 1000 (Monte Carlo tables for the "
            f"exact test when it is too large to enumerate); got {_show(n_resamples)}."
        )
    return int(n_resamples)


def _check_label(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidTypeError(f"`{name}` must be a non-empty string; got {_show(value)}.")
    return value


# --------------------------------------------------------------------------- core


def _small(k: int, n: int, min_cell: int) -> bool:
    """Return whether k or n − k is from 1 to t − 1: the rule of `needs_suppression`.

    Decided by :mod:`optamstats.disclosure` (its checks of `min_cell` are not applied:
    a breakdown accepts ``min_cell=1``, which hides nothing).
    """
    return bool(_is_small(k, min_cell, n))


def _disclose(
    labels: list[str], k: IntArray, n: IntArray, min_cell: int, merged_label: str
) -> tuple[list[str], IntArray, IntArray, tuple[str, ...], int]:
    """Apply the disclosure rule; return shown labels, k, n, merged labels, suppressed.

    Rule (issue 16): a group is shown only if its count ``k`` and its complement
    ``n − k`` are each 0 or at least `min_cell` (the rule of
    :func:`optamstats.disclosure.needs_suppression`; a base below `min_cell` always
    fails it). Every other group is pooled into one group `merged_label`. If the pool
    fails the rule too, the shown group with the smallest base joins it, and so on.
    Nobody is dropped: the breakdown's totals are the survey's, so no pooled count
    can be recovered by subtracting the breakdown from a total printed elsewhere.
    ``suppressed`` is always 0 (kept for the record's shape).
    """
    small = np.array(
        [_small(int(ki), int(ni), min_cell) for ki, ni in zip(k, n, strict=True)], dtype=bool
    )
    if not small.any():
        return labels, k, n, (), 0
    if merged_label in [label for label, s in zip(labels, small, strict=True) if not s]:
        raise InvalidValueError(
            f"`merged_label` {merged_label!r} is already the label of a group; pass another "
            "`merged_label` for the pooled small groups."
        )
    pooled = small.copy()
    while _small(int(k[pooled].sum()), int(n[pooled].sum()), min_cell) and not pooled.all():
        # The cheapest group to add: the smallest base (first in order on ties).
        rest = np.flatnonzero(~pooled)
        pooled[rest[np.argmin(n[rest])]] = True
    keep = ~pooled
    shown = [label for label, s in zip(labels, pooled, strict=True) if not s]
    merged = tuple(label for label, s in zip(labels, pooled, strict=True) if s)
    shown.append(merged_label)
    k_out = np.append(k[keep], int(k[pooled].sum()))
    n_out = np.append(n[keep], int(n[pooled].sum()))
    return shown, k_out, n_out, merged, 0


def _fisher_p_values(k1: IntArray, n1: IntArray, k2: IntArray, n2: IntArray) -> FloatArray:
    out = np.empty(k1.size, dtype=np.float64)
    for i in range(k1.size):
        p = _ffh_exact(np.array([k1[i], k2[i]]), np.array([n1[i], n2[i]]))
        out[i] = 1.0 if p is None else p  # a 2 x 2 has at most K + 1 tables: never None
    return out


def _breakdown(
    labels: list[str],
    k: IntArray,
    n: IntArray,
    *,
    confidence: float,
    adjust: str | None,
    test: str,
    homogeneity: str,
    min_cell: int,
    merged_label: str,
    n_resamples: int,
    rng: np.random.Generator,
    outcome: str,
    by: str,
    unassigned: int,
    lang: str,
    base: str | None,
) -> Breakdown:
    shown, k_s, n_s, merged, suppressed = _disclose(labels, k, n, min_cell, merged_label)
    if len(shown) < 2:
        raise InvalidValueError(
            f"a breakdown needs at least two groups of ≥ {min_cell} respondents (`min_cell`) "
            f"to compare, each with 0 or ≥ {min_cell} respondents with and without the "
            f"outcome; after pooling the small groups there are {len(shown)}. Group "
            "coarser categories, or lower `min_cell` if your disclosure rules allow it."
        )
    k_s = k_s.astype(np.int64)
    n_s = n_s.astype(np.int64)
    big_k, big_n = int(k_s.sum()), int(n_s.sum())
    rest_k, rest_n = big_k - k_s, big_n - n_s
    homog = _homogeneity(k_s, n_s, homogeneity, n_resamples, rng)
    wilson = proportion(k_s, n_s, confidence=confidence)
    diff = difference(k_s, n_s, rest_k, rest_n, confidence=confidence)
    if test == "score":
        p = np.asarray(_score_p_values(k_s * 1.0, n_s * 1.0, rest_k * 1.0, rest_n * 1.0))
    else:
        p = _fisher_p_values(k_s, n_s, rest_k, rest_n)
    p_adj = p.copy() if adjust is None else _adjust(p, adjust)
    overall = proportion(big_k, big_n, confidence=confidence, base=base)
    return Breakdown(
        outcome, by, tuple(shown), k_s, n_s,
        np.asarray(wilson.estimate), np.asarray(wilson.low), np.asarray(wilson.high),
        rest_k, rest_n,
        np.asarray(diff.estimate), np.asarray(diff.low), np.asarray(diff.high),
        p, p_adj, test, adjust, confidence, homog, overall, merged, suppressed,
        unassigned, min_cell, merged_label, lang,
    )  # fmt: skip


def _options(
    confidence: object,
    adjust: object,
    test: object,
    homogeneity: object,
    min_cell: object,
    n_resamples: object,
    rng: object,
) -> dict[str, Any]:
    return {
        "confidence": check_confidence(confidence),
        "adjust": _check_adjust(adjust),
        "test": check_choice("test", test, TESTS),
        "homogeneity": check_choice("homogeneity", homogeneity, HOMOGENEITY),
        "min_cell": _check_min_cell(min_cell),
        "n_resamples": _check_n_resamples(n_resamples),
        "rng": check_rng(rng),
    }


# --------------------------------------------------------------------------- public API


def breakdown_from_counts(
    k: Any,
    n: Any,
    groups: Sequence[str],
    *,
    confidence: float = 0.95,
    adjust: str | None = "holm",
    test: str = "score",
    homogeneity: str = "auto",
    min_cell: int = 5,
    merged_label: str | None = None,
    n_resamples: int = 100_000,
    rng: RngLike = None,
    outcome: str = "outcome",
    by: str = "group",
    lang: str = "en",
) -> Breakdown:
    """Break an outcome's rate down by group, from counts per group.

    Parameters
    ----------
    k, n : array_like of int
        Per group: respondents with the outcome, and the group's base (n ≥ 1).
    groups : sequence of str
        The groups' labels, distinct, in the order to show them.
    confidence : float, default 0.95
        As :func:`breakdown`.
    adjust : {"holm", "bh", None}, default "holm"
        As :func:`breakdown`.
    test : {"score", "fisher"}, default "score"
        As :func:`breakdown`.
    homogeneity : {"auto", "chi-square", "exact"}, default "auto"
        As :func:`breakdown`.
    min_cell : int, default 5
        As :func:`breakdown`: groups whose count or complement is below it are pooled.
    merged_label : str, optional
        As :func:`breakdown`.
    n_resamples : int, default 100,000
        As :func:`breakdown`.
    rng : int, numpy.random.Generator or None
        As :func:`breakdown`.
    outcome, by : str
        Labels of the outcome and the grouping, for the table and the figure.
    lang : {"en", "fr"}
        Language of the merged group's default label and of the figure.

    Returns
    -------
    Breakdown

    Raises
    ------
    InvalidValueError, InvalidTypeError, ShapeError
        Bad counts (k > n, n = 0, fractions, ...); labels not distinct or not strings,
        or not one per group; fewer than two groups left after pooling; bad options.

    See Also
    --------
    breakdown : The same from a cohort of respondents.

    References
    ----------
    .. [1] R. G. Newcombe, "Interval estimation for the difference between independent
       proportions: comparison of eleven methods", Stat. Med. 17:873–890, 1998.
    .. [2] S. Holm, Scand. J. Statist. 6(2):65–70, 1979.

    Examples
    --------
    >>> from optamstats.breakdowns import breakdown_from_counts
    >>> b = breakdown_from_counts([12, 20, 9, 2], [30, 31, 28, 3], ["A", "B", "C", "D"])
    >>> b.groups, b.merged  # D (3): below min_cell = 5, pooled with C, the smallest shown
    (('A', 'B', 'Other (merged)'), ('C', 'D'))
    >>> b.to_frame()[["group", "k", "n"]]
                group   k   n
    0               A  12  30
    1               B  20  31
    2  Other (merged)  11  31
    """
    lang = _format.check_lang(lang)
    opts = _options(confidence, adjust, test, homogeneity, min_cell, n_resamples, rng)
    k_v, n_v = check_counts(k, n)
    k_arr = np.atleast_1d(np.asarray(k_v, dtype=np.int64))
    n_arr = np.atleast_1d(np.asarray(n_v, dtype=np.int64))
    if k_arr.ndim != 1:
        raise ShapeError(f"`k` and `n` must be 1-d, one count per group; got shape {k_arr.shape}.")
    if isinstance(groups, str) or not isinstance(groups, Sequence):
        raise InvalidTypeError(
            f"`groups` must be a list of group labels, one per count; got {_show(groups)}."
        )
    labels = [_check_label("groups", g) for g in groups]
    if len(labels) != k_arr.size:
        raise ShapeError(
            f"`groups` must have one label per count; got {len(labels)} labels for "
            f"{k_arr.size} counts."
        )
    if len(set(labels)) != len(labels):
        repeated = sorted({g for g in labels if labels.count(g) > 1})
        raise InvalidValueError(f"`groups` must be distinct; {repeated!r} repeated.")
    label = _MERGED[lang] if merged_label is None else _check_label("merged_label", merged_label)
    return _breakdown(
        labels, k_arr, n_arr, merged_label=label, outcome=_check_label("outcome", outcome),
        by=_check_label("by", by), unassigned=0, lang=lang, base=None, **opts,
    )  # fmt: skip


def _aligned_series(cohort: Cohort, value: Any, name: str) -> Any:
    import pandas as pd

    data_index = cohort.data.index
    if not isinstance(value, pd.Series):
        raise InvalidTypeError(
            f"`{name}` must be a column name (or, with a spec, a question id or role) or a "
            f"pandas Series aligned on `cohort.data`; got {_show(value)}."
        )
    if (
        not value.index.is_unique
        or len(value.index.difference(data_index))
        or len(data_index.difference(value.index))
    ):
        raise ShapeError(
            f"`{name}` must be a Series indexed like `cohort.data` ({len(data_index)} rows); "
            f"its index ({len(value)} rows) has other labels. Build it from `cohort.data`."
        )
    return value.reindex(data_index)


def _is_boolean(column: pd.Series[Any]) -> bool:
    """Tell a column of booleans: dtype bool or "boolean", or objects all True or False."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(column.dtype):
        return True
    if column.dtype != object:
        return False
    present = column.dropna()
    return bool(len(present)) and all(isinstance(v, bool | np.bool_) for v in present)


def _outcome_rows(cohort: Cohort, outcome: Any, value: Any) -> tuple[Any, Any, str, str | None]:
    """Return (in_base, hit) boolean arrays over `cohort.data`, a label, a base label."""
    import pandas as pd

    from optamstats.forms import Coded, matches

    data = cohort.data
    lang = cohort.lang
    if isinstance(outcome, str):
        name = cohort._column(outcome, "outcome")
        q = cohort._question(name)
        if value is None and _is_boolean(data[name]):
            # A column of booleans is its own outcome: True counts, as for a boolean
            # Series; its base is the cohort's (asked, and not missing).
            in_base = np.asarray(data.index.isin(cohort.base(name).index), dtype=bool)
            truth = data[name].map(lambda v: v is True or v is np.True_, na_action="ignore")
            hit = np.asarray(truth.fillna(False).to_numpy(dtype=bool), dtype=bool) & in_base
            label = q.title(lang) if q is not None else name
            spec = cohort.spec
            base = spec.base_label(q.id, lang) if q is not None and spec is not None else None
            return in_base, hit, label, base
        if value is None:
            if q is None or not q.yes:
                raise InvalidValueError(
                    f"`value` must name the answer counted as the outcome, e.g. value='Oui': "
                    f"{name!r} has no `yes` answers declared in a spec (only a column of "
                    "booleans needs none: True is the outcome)."
                )
            wanted: tuple[str, ...] = q.yes
        else:
            wanted = cohort._values(value)
        # Validates the answers (a misspelt value raises) and gives the base label.
        overall = cohort.proportion(name, list(wanted))
        in_base = np.asarray(data.index.isin(cohort.base(name).index), dtype=bool)
        if q is not None and q.type == "multi":
            targets = set(wanted)
            hit = Coded(data[name]).where(
                lambda u: bool(targets.intersection(q.split(u))), among=in_base
            )
        else:
            hit = matches(data[name], list(wanted))
        label = q.title(lang) if q is not None else name
        return in_base, np.asarray(hit, dtype=bool) & in_base, label, overall.base
    if value is not None:
        raise InvalidValueError(
            "`value` applies to an outcome given as a column; a Series outcome is already "
            "True/False. Drop `value`."
        )
    series = _aligned_series(cohort, outcome, "outcome")
    if not pd.api.types.is_bool_dtype(series.dtype):
        raise InvalidTypeError(
            f"`outcome` must hold booleans (dtype bool, or 'boolean' with <NA> for "
            f"respondents outside the base); got dtype {str(series.dtype)!r}. Build it with "
            "a comparison, e.g. `data['Q'].isin(['Oui'])`, or `.astype('boolean')`."
        )
    in_base = np.asarray(series.notna().to_numpy(), dtype=bool)
    hit = np.asarray(series.fillna(False).to_numpy(dtype=bool), dtype=bool) & in_base
    return in_base, hit, str(series.name) if series.name is not None else "outcome", None


def _group_labels(cohort: Cohort, by: Any) -> tuple[Any, list[str], str, tuple[str, ...]]:
    """Return (codes over data, −1 = no group), labels, the grouping's label, option order."""
    from optamstats.forms import Coded

    data = cohort.data
    if isinstance(by, str):
        name = cohort._column(by, "by")
        q = cohort._question(name)
        if q is not None and q.type in ("multi", "text"):
            kind = "multi-select" if q.type == "multi" else "free-text"
            why = (
                "a respondent can tick several answers, so the groups overlap; test a "
                "multi-select question across groups with `marginal_independence_test`"
                if q.type == "multi"
                else "its answers are never shown; code them into categories first"
            )
            raise InvalidValueError(
                f"`by` {by!r} is a {kind} question and cannot define groups: {why}."
            )
        column = data[name]
        title = q.title(cohort.lang) if q is not None else name
        options = q.options if q is not None else ()
    else:
        column = _aligned_series(cohort, by, "by")
        title = str(column.name) if column.name is not None else "group"
        options = ()
    coded = Coded(column)
    blank = coded.blank()
    texts = [str(u).strip() for u in coded.uniques]
    distinct = list(dict.fromkeys(t for t in texts if t))
    to_label = {t: i for i, t in enumerate(distinct)}
    lookup = np.array([to_label.get(t, -1) for t in texts] + [-1], dtype=np.int64)
    codes = lookup[coded.codes]  # code −1 of a missing cell picks the trailing −1
    codes[blank] = -1
    return codes, distinct, title, tuple(o.strip() for o in options)


def breakdown(
    cohort: Cohort,
    outcome: str | pd.Series[Any],
    by: str | pd.Series[Any],
    *,
    confidence: float = 0.95,
    adjust: str | None = "holm",
    value: str | Sequence[str] | None = None,
    test: str = "score",
    homogeneity: str = "auto",
    min_cell: int = 5,
    merged_label: str | None = None,
    n_resamples: int = 100_000,
    rng: RngLike = None,
) -> Breakdown:
    """Break an outcome's rate down by group, with each group compared to the rest.

    Parameters
    ----------
    cohort : Cohort
        The respondents.
    outcome : str or pandas.Series
        A column (with a spec: a question id or role) whose answer `value` is the
        outcome; its base is the cohort's base of the question (asked and answered).
        Or a boolean Series aligned on ``cohort.data`` (missing = not in the base),
        e.g. "left or plans to leave".
    by : str or pandas.Series
        The grouping: a column, question id or role, or a Series aligned on
        ``cohort.data``. Blank answers put the respondent in no group (counted in
        ``unassigned``).
    confidence : float, default 0.95
        Level of the intervals of each rate and each difference.
    adjust : {"holm", "bh", None}, default "holm"
        Adjustment of the group-vs-rest p-values across the groups: Holm
        (family-wise error rate), Benjamini–Hochberg (false discovery rate; alias
        ``"fdr_bh"``) or none.
    value : str or sequence of str, optional
        The answer(s) counted as the outcome; by default the question's ``yes``
        answers from the spec. For a multi-select question: the option(s) ticked.
    test : {"score", "fisher"}, default "score"
        Test of each group against the rest: the two-sided score test (Pearson's
        chi-square on the 2×2 without continuity correction, R's ``prop.test(...,
        correct = FALSE)``), score-based like the Newcombe interval beside it; or
        Fisher's exact test (conservative, for very small groups).
    homogeneity : {"auto", "chi-square", "exact"}, default "auto"
        The overall test. ``"auto"`` runs Pearson's chi-square when Cochran's rule
        holds (no expected count below 1, at most 20 % below 5) and the exact
        Fisher–Freeman–Halton test otherwise; the result says which ran and why.
    min_cell : int, default 5
        Disclosure threshold: a group is shown only if its count and its complement
        (``k`` and ``n − k``) are each 0 or at least `min_cell`. Other groups are
        pooled into one group `merged_label`; if the pool fails the rule too, the
        smallest shown group joins it. Nobody is dropped, so no pooled count can be
        recovered by subtraction from a total printed elsewhere.
    merged_label : str, optional
        Label of the pooled group (default "Other (merged)" / "Autres (regroupés)" in
        the cohort's language).
    n_resamples : int, default 100,000
        Tables drawn if the exact test has too many tables to enumerate (it then
        runs by Monte Carlo, and says so).
    rng : int, numpy.random.Generator or None
        Seed of that Monte Carlo run (unused otherwise).

    Returns
    -------
    Breakdown
        Per group ``k``, ``n``, the Wilson interval, the difference from the rest with
        its Newcombe interval, ``p_value`` and ``p_adjusted``; ``homogeneity``;
        ``to_frame()``, ``forest_plot()``.

    Raises
    ------
    InvalidTypeError
        `cohort` not a Cohort; `outcome` or `by` neither a column nor a Series; a
        non-boolean outcome Series.
    InvalidValueError
        No `value` and no ``yes`` answers in the spec; a value nobody gave (likely a
        misspelling) or that is not an option; fewer than two groups left after
        pooling; bad options.
    UnknownColumnError
        `outcome` or `by` names no column (the message lists the closest).
    ShapeError
        A Series not indexed like ``cohort.data``.

    Warns
    -----
    DegenerateDataWarning
        Every respondent in the breakdown has the same outcome.

    See Also
    --------
    breakdown_from_counts : The same from counts per group.
    optamstats.cohort.Cohort.proportion : One rate with its base.

    Notes
    -----
    Each group is compared with the rest of the shown respondents (not with the
    overall rate, which contains the group): the rest is independent of the group, so
    Newcombe's interval for two independent proportions [2]_ and the 2×2 score test
    apply. The p-values are adjusted across the m groups, which form one family; the
    intervals are not (they are at `confidence` each). The score test and the
    Newcombe interval are both built on score statistics without continuity
    correction and agree on almost every table; near the boundary one may exclude 0
    while the other does not, since Newcombe's interval is not the exact inversion of
    the test. The exact homogeneity test is the Freeman–Halton extension of Fisher's
    test to the groups × 2 table [4]_, computed by a network algorithm [5]_ (the
    matching R call is ``fisher.test(table)``); ``chisq.test(table, correct =
    FALSE)`` is the chi-square.

    References
    ----------
    .. [1] E. B. Wilson, J. Am. Stat. Assoc. 22:209–212, 1927.
    .. [2] R. G. Newcombe, "Interval estimation for the difference between independent
       proportions: comparison of eleven methods", Stat. Med. 17:873–890, 1998.
    .. [3] S. Holm, "A simple sequentially rejective multiple test procedure", Scand.
       J. Statist. 6(2):65–70, 1979; Y. Benjamini and Y. Hochberg, J. R. Stat. Soc. B
       57(1):289–300, 1995.
    .. [4] G. H. Freeman and J. H. Halton, Biometrika 38:141–149, 1951.
    .. [5] C. R. Mehta and N. R. Patel, "A network algorithm for performing Fisher's
       exact test in r × c contingency tables", J. Am. Stat. Assoc. 78:427–434, 1983.
    .. [6] W. G. Cochran, Biometrics 10(4):417–451, 1954.

    Examples
    --------
    The synthetic 2025 export (invented specialties): who left OPTAM, by specialty.

    >>> from optamstats.breakdowns import breakdown
    >>> from optamstats.datasets import optam_2025_synthetic_export
    >>> export = optam_2025_synthetic_export()
    >>> cohort = export.spec.cohort(export.frame())
    >>> every = breakdown(cohort, "left", "specialty", min_cell=1)  # all 11 specialties
    >>> every.overall.k, every.overall.n
    (50, 119)
    >>> every.homogeneity.method, round(every.homogeneity.p_value, 4)  # R: fisher.test(table)
    ('fisher-freeman-halton', 0.0222)

    With the default disclosure rule (5), groups whose count or complement is small are
    pooled, never dropped, so the groups still add up to everyone:

    >>> table = breakdown(cohort, "left", "specialty").to_frame()
    >>> int(table["n"].sum()), table["group"].iloc[-1]
    (119, 'Autres (regroupés)')
    """
    from optamstats.cohort import Cohort

    if not isinstance(cohort, Cohort):
        raise InvalidTypeError(
            f"`cohort` must be a Cohort (see `optamstats.cohort.Cohort`); got {_show(cohort)}."
        )
    opts = _options(confidence, adjust, test, homogeneity, min_cell, n_resamples, rng)
    label = (
        _MERGED[cohort.lang] if merged_label is None else _check_label("merged_label", merged_label)
    )
    in_base, hit, outcome_label, base = _outcome_rows(cohort, outcome, value)
    codes, labels, by_label, options = _group_labels(cohort, by)
    grouped = in_base & (codes >= 0)
    unassigned = int((in_base & (codes < 0)).sum())
    m = len(labels)
    n = np.bincount(codes[grouped], minlength=m).astype(np.int64)
    k = np.bincount(codes[grouped & hit], minlength=m).astype(np.int64)
    present = np.flatnonzero(n > 0)
    rank = {o: i for i, o in enumerate(options)}
    # The spec's option order when it has one, else the largest groups first.
    present = np.array(
        sorted(present, key=lambda i: (rank.get(labels[i], len(rank)), -n[i], labels[i])),
        dtype=np.int64,
    )
    return _breakdown(
        [labels[i] for i in present], k[present], n[present], merged_label=label,
        outcome=outcome_label, by=by_label, unassigned=unassigned, lang=cohort.lang,
        base=base, **opts,
    )  # fmt: skip
