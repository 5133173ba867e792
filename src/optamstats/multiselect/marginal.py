"""Does a multi-select question differ across groups? Tests of marginal independence.

The ordinary Pearson test does not apply to a "check all that apply" question crossed
with groups (e.g. the specialty of the respondent): a respondent contributes to
several cells, so the table of mentions is not multinomial. Bilder & Loughin (2004)
test *multiple marginal independence* (MMI) -- each option's share is the same in
every group -- with the sum of the option-wise Pearson statistics, referred either to
a Bonferroni bound on its terms or, after a Rao–Scott second-order correction, to a
chi-square distribution. The same machinery tests *simultaneous pairwise marginal
independence* (SPMI) between two multi-select questions. R's MRCV package implements
both; the figures of its documentation are reproduced in the tests.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from optamstats._checks import (
    DegenerateDataWarning,
    InvalidTypeError,
    InvalidValueError,
    _repr,
    as_float,
)
from optamstats._typing import FloatArray
from optamstats.multiselect.parsing import MultiSelectAnswers

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MarginalIndependenceResult", "marginal_independence_test"]

# Rows of the influence-function matrix accumulated at a time in the two-question test,
# so that memory stays bounded for large surveys (rows x I*J float64).
_CHUNK_ELEMENTS: Final = 2**21


def _show(value: object, width: int = 200) -> str:
    text = _repr(value)  # never raises, even for a 5000-digit int
    return text if len(text) <= width else text[: width - 3] + "..."


@dataclass(frozen=True, slots=True)
class MarginalIndependenceResult:
    """The test of marginal independence of a multi-select question.

    Attributes
    ----------
    kind : str
        ``"MMI"`` (a single-choice grouping against a multi-select question: multiple
        marginal independence) or ``"SPMI"`` (two multi-select questions:
        simultaneous pairwise marginal independence).
    statistic : float
        The modified Pearson statistic X²_S, the sum of the item statistics.
    item_statistics : pandas.DataFrame
        The Pearson statistic of each option's table (group × ticked, r × 2; or item ×
        item, 2 × 2). Columns are the options of `answers`; rows are the grouping's
        name (MMI) or the options of `by` (SPMI).
    item_df : int
        Degrees of freedom of each item statistic: r − 1 (MMI) or 1 (SPMI).
    item_p_values : pandas.DataFrame
        Unadjusted chi-square p-value of each item statistic.
    item_p_bonferroni : pandas.DataFrame
        Item p-values multiplied by the number of items, capped at 1.
    p_bonferroni : float
        The smallest Bonferroni-adjusted item p-value: the test's p-value.
    rao_scott_statistic, rao_scott_df, p_rao_scott : float or None
        The second-order Rao–Scott statistic, its (fractional) degrees of freedom and
        p-value. None when the adjustment is undefined (no variation within any
        group), with a :class:`DegenerateDataWarning`.
    n : int
        Respondents used (who answered both questions).
    add_constant : float
        Added to every zero cell of the item tables before their Pearson statistic.

    See Also
    --------
    marginal_independence_test : Compute it.

    References
    ----------
    .. [1] C. R. Bilder and T. M. Loughin, "Testing for marginal independence between
       two categorical variables with multiple responses", Biometrics 60(1):241–248,
       2004.

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.marginal import marginal_independence_test
    >>> from optamstats.multiselect import parse_multiselect
    >>> cells = pd.Series(["A", "A, B", "B", "A", "B", "A, B"])
    >>> result = marginal_independence_test(parse_multiselect(cells, ["A", "B"]), list("xxxyyy"))
    >>> result.kind, result.n, result.item_df
    ('MMI', 6, 1)
    """

    kind: str
    statistic: float
    item_statistics: pd.DataFrame
    item_df: int
    item_p_values: pd.DataFrame
    item_p_bonferroni: pd.DataFrame
    p_bonferroni: float
    rao_scott_statistic: float | None
    rao_scott_df: float | None
    p_rao_scott: float | None
    n: int
    add_constant: float

    def __repr__(self) -> str:
        rs = (
            "Rao–Scott undefined"
            if self.rao_scott_statistic is None
            else (
                f"Rao–Scott X² = {self.rao_scott_statistic:.2f} on {self.rao_scott_df:.2f} df, "
                f"p = {self.p_rao_scott:.4g}"
            )
        )
        return (
            f"MarginalIndependenceResult({self.kind}, n = {self.n}: X²_S = {self.statistic:.2f}; "
            f"Bonferroni p = {self.p_bonferroni:.4g}; {rs})"
        )

    def _repr_html_(self) -> str:
        """Return the summary line and the table of item statistics as HTML (Jupyter)."""
        import html

        summary = html.escape(repr(self).removeprefix("MarginalIndependenceResult("))
        return f"<p>{summary.removesuffix(')')}</p>" + self.to_frame().to_html(index=False)

    def to_frame(self) -> pd.DataFrame:
        """Return one row per item statistic: its value, df and p-values.

        Returns
        -------
        pandas.DataFrame
            Columns ``row``, ``option``, ``statistic``, ``df``, ``p_value`` and
            ``p_bonferroni``.

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.marginal import marginal_independence_test
        >>> from optamstats.multiselect import parse_multiselect
        >>> cells = pd.Series(["A", "A, B", "B", "A", "B", "A, B", "A", "B"])
        >>> group = pd.Series(["x", "x", "x", "x", "y", "y", "y", "y"], name="group")
        >>> result = marginal_independence_test(parse_multiselect(cells, ["A", "B"]), group)
        >>> result.to_frame()[["row", "option", "statistic", "df"]]
             row option  statistic  df
        0  group      A   0.533333   1
        1  group      B   0.533333   1
        """
        import pandas as pd

        stats = self.item_statistics.stack()
        return pd.DataFrame(
            {
                "row": [str(r) for r, _ in stats.index],
                "option": [str(c) for _, c in stats.index],
                "statistic": stats.to_numpy(dtype=np.float64),
                "df": self.item_df,
                "p_value": self.item_p_values.stack().to_numpy(dtype=np.float64),
                "p_bonferroni": self.item_p_bonferroni.stack().to_numpy(dtype=np.float64),
            }
        )


def _pearson(tables: FloatArray, add_constant: float) -> FloatArray:
    """Pearson X² of a stack of two-way tables (..., r, c), zero cells raised first.

    As R's MRCV, every zero cell becomes `add_constant` before the expected counts
    are formed from the table's own margins (``chisq.test(correct = FALSE)``).
    """
    observed = np.where(tables == 0, add_constant, tables)
    rows = observed.sum(axis=-1, keepdims=True)
    cols = observed.sum(axis=-2, keepdims=True)
    total = observed.sum(axis=(-2, -1), keepdims=True)
    expected = rows * cols / total
    result: FloatArray = ((observed - expected) ** 2 / expected).sum(axis=(-2, -1))
    return result


def _sum_squared_eigenvalues(covariance: FloatArray, null_variance: FloatArray) -> float:
    """Σλ² of D⁻¹Σ: its eigenvalues are those of the symmetric D^-½ Σ D^-½.

    The sum of their squares is that matrix's squared Frobenius norm, so no
    eigendecomposition is needed.
    """
    scale = 1.0 / np.sqrt(null_variance)
    symmetric = covariance * scale[:, None] * scale[None, :]
    return float(np.sum(symmetric * symmetric))


def _constant_items(matrix: FloatArray, labels: Sequence[object], name: str) -> None:
    ticked = matrix.sum(axis=0)
    n = matrix.shape[0]
    constant = [str(labels[int(j)]) for j in np.flatnonzero((ticked == 0) | (ticked == n))]
    if constant:
        raise InvalidValueError(
            f"`{name}` option(s) {_show(constant)} were ticked by every respondent or by "
            "none (among those used): their test of independence is undefined (R's MRCV "
            "returns NA). Drop them from the indicators before testing."
        )


def _align_groups(by: object, index: pd.Index[Any]) -> pd.Series[Any]:
    import pandas as pd

    if isinstance(by, pd.Series):
        if by.index.equals(index):
            return by
        if by.index.is_unique and index.is_unique and set(by.index) == set(index):
            return by.reindex(index)
        raise InvalidValueError(
            "`by` must be indexed like the answers (the same respondents); its index "
            "differs. Align them first, e.g. `by.loc[answers.answered.index]`."
        )
    if isinstance(by, str | bytes) or not isinstance(by, Sequence | np.ndarray):
        raise InvalidTypeError(
            "`by` must be the grouping of the respondents (a pandas Series such as the "
            f"specialty) or a second MultiSelectAnswers; got {_show(by, 80)}."
        )
    array = np.asarray(by, dtype=object)
    if array.ndim != 1 or len(array) != len(index):
        raise InvalidValueError(
            f"`by` must hold one group per respondent ({len(index)}); got shape {array.shape}."
        )
    return pd.Series(array, index=index, dtype=object)


def _mmi(
    y: FloatArray, groups: Any, group_name: str, labels: Sequence[str], add_constant: float
) -> dict[str, Any]:
    n, c = y.shape
    r = int(groups.max()) + 1
    sizes = np.bincount(groups, minlength=r).astype(np.float64)
    ticked = np.zeros((r, c))
    np.add.at(ticked, groups, y)
    # One r × 2 table per option: (not ticked, ticked) in each group.
    tables = np.stack([sizes[:, None] - ticked, ticked], axis=-1).transpose(1, 0, 2)
    items = _pearson(tables, add_constant)[None, :]
    # Rao–Scott (Bilder & Loughin 2004, appendix A): covariance of the estimated
    # marginal proportions in each group, Σᵢ/aᵢ with aᵢ = nᵢ/n, projected on their
    # deviations from the pooled proportions (H), against the null variances D.
    shares = sizes / n
    within = np.zeros((r * c, r * c))
    for i in range(r):
        rows = y[groups == i]
        p = rows.mean(axis=0)
        block = rows.T @ rows / rows.shape[0] - np.outer(p, p)
        within[i * c : (i + 1) * c, i * c : (i + 1) * c] = block / shares[i]
    projection = np.eye(r * c) - np.kron(np.outer(np.ones(r), shares), np.eye(c))
    covariance = projection @ within @ projection.T
    pooled = ticked.sum(axis=0) / n
    null_variance = np.kron(1.0 / shares, pooled * (1.0 - pooled))
    return {
        "kind": "MMI",
        "items": items,
        "rows": [group_name],
        "df": r - 1,
        "trace": (r - 1) * c,
        "sum_sq": _sum_squared_eigenvalues(covariance, null_variance),
    }


def _spmi(w: FloatArray, y: FloatArray, add_constant: float) -> dict[str, Any]:
    n, i_items = w.shape
    j_items = y.shape[1]
    both = w.T @ y
    w_count, y_count = w.sum(axis=0), y.sum(axis=0)
    only_w = w_count[:, None] - both
    only_y = y_count[None, :] - both
    neither = n - both - only_w - only_y
    tables = np.stack(
        [np.stack([neither, only_y], axis=-1), np.stack([only_w, both], axis=-1)], axis=-2
    )
    items = _pearson(tables, add_constant)
    # Rao–Scott for two questions (Bilder & Loughin 2004, appendix A): the covariance
    # of πᵢⱼ − πᵢ.π.ⱼ is that of its influence function wᵢyⱼ − πᵢ.yⱼ − wᵢπ.ⱼ over
    # respondents, accumulated in chunks of rows.
    pw, py = w_count / n, y_count / n
    size = i_items * j_items
    chunk = max(1, _CHUNK_ELEMENTS // size)
    total = np.zeros(size)
    cross = np.zeros((size, size))
    for start in range(0, n, chunk):
        ws, ys = w[start : start + chunk], y[start : start + chunk]
        influence = (
            ws[:, :, None] * ys[:, None, :]
            - pw[None, :, None] * ys[:, None, :]
            - ws[:, :, None] * py[None, None, :]
        ).reshape(len(ws), size)
        total += influence.sum(axis=0)
        cross += influence.T @ influence
    mean = total / n
    covariance = cross / n - np.outer(mean, mean)
    null_variance = np.kron(pw * (1.0 - pw), py * (1.0 - py))
    return {
        "kind": "SPMI",
        "items": items,
        "df": 1,
        "trace": size,
        "sum_sq": _sum_squared_eigenvalues(covariance, null_variance),
    }


def marginal_independence_test(
    answers: MultiSelectAnswers,
    by: pd.Series[Any] | Sequence[object] | np.ndarray[Any, Any] | MultiSelectAnswers,
    *,
    add_constant: float = 0.5,
) -> MarginalIndependenceResult:
    r"""Test whether a multi-select question's option shares differ across groups.

    With `by` a grouping of the respondents (a single-choice question such as the
    specialty), this is the test of multiple marginal independence (MMI) of Bilder &
    Loughin [1]_: is each option ticked by the same share of every group? With `by` a
    second multi-select question, it is the test of simultaneous pairwise marginal
    independence (SPMI) of Agresti & Liu [2]_: is each option of one question
    independent of each option of the other?

    Parameters
    ----------
    answers : MultiSelectAnswers
        The multi-select question (its options are the columns of the item tables).
    by : pandas.Series, sequence or MultiSelectAnswers
        The groups, one per respondent, indexed like `answers` (blank groups are left
        out); or a second multi-select question on the same respondents.
    add_constant : float, default 0.5
        Added to the zero cells of each item table before its Pearson statistic, as R's
        MRCV does; 0 leaves them.

    Returns
    -------
    MarginalIndependenceResult
        X²_S, the item statistics, the Bonferroni and the Rao–Scott second-order tests.

    Raises
    ------
    InvalidTypeError
        `answers` not a MultiSelectAnswers; `by` of another type; a non-numeric
        `add_constant`.
    InvalidValueError
        `by` not aligned with `answers`; fewer than two groups; an option ticked by
        every respondent or by none (its test is undefined); an `add_constant` outside [0, 1].

    Warns
    -----
    DegenerateDataWarning
        When the Rao–Scott adjustment is undefined (no variation within any group).

    Notes
    -----
    Only respondents who answered the question (and have a group, or answered the
    second question) are used. For option j, :math:`X^2_j` is the Pearson statistic
    of its r × 2 table (group × ticked), and :math:`X^2_S = \sum_j X^2_j`. Under MMI
    each :math:`X^2_j` is asymptotically :math:`\chi^2_{r-1}`, but they are dependent
    (the same respondents tick several options), so :math:`X^2_S` is not
    :math:`\chi^2_{(r-1)c}`. Two valid tests:

    - Bonferroni: :math:`p = \min(1, c \cdot \min_j p_j)`, conservative when c is large.
    - Rao–Scott second order: with :math:`\lambda` the eigenvalues of
      :math:`D^{-1}\hat\Sigma` (:math:`\hat\Sigma` the estimated covariance of the
      group-minus-pooled proportions, :math:`D` its diagonal under the null),
      :math:`X^2_{adj} = (r-1)c\,X^2_S / \sum\lambda^2` on
      :math:`(r-1)^2c^2/\sum\lambda^2` degrees of freedom (the nominal trace
      :math:`(r-1)c` in the numerator, as MRCV). This matches the first two moments
      of :math:`X^2_S`'s asymptotic distribution [1]_ [3]_.

    For two questions (I and J options) the items are the I·J 2 × 2 tables, each on
    1 df, and the trace is I·J. The bootstrap approaches of MRCV (resampling under the
    null, p-value combinations) are not implemented. The matching R call is
    ``MRCV::MI.test(data, I, J, type = "all")``.

    References
    ----------
    .. [1] C. R. Bilder and T. M. Loughin, "Testing for marginal independence between
       two categorical variables with multiple responses", Biometrics 60(1):241–248,
       2004.
    .. [2] A. Agresti and I.-M. Liu, "Modeling a categorical variable allowing
       arbitrarily many category choices", Biometrics 55:936–943, 1999.
    .. [3] C. R. Bilder, T. M. Loughin and D. Nettleton, "Multiple marginal
       independence testing for pick any/c variables", Commun. Stat. Theory Methods
       29:1285–1316, 2000.
    .. [4] N. A. Koziol and C. R. Bilder, "MRCV: a package for analyzing categorical
       variables with multiple response options", The R Journal 6(1):144–150, 2014.

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.marginal import marginal_independence_test
    >>> from optamstats.multiselect import parse_multiselect
    >>> cells = pd.Series(["A", "A, B", "B", "A", "B", "A, B", "A", "B", "A, B", "B"])
    >>> specialty = pd.Series(["x"] * 5 + ["y"] * 5, name="specialty")
    >>> result = marginal_independence_test(parse_multiselect(cells, ["A", "B"]), specialty)
    >>> round(result.statistic, 4), result.item_df, round(result.p_bonferroni, 4)
    (0.4762, 1, 0.9803)
    """
    import pandas as pd
    from scipy import special

    if not isinstance(answers, MultiSelectAnswers):
        raise InvalidTypeError(
            "`answers` must be a MultiSelectAnswers; got "
            f"{type(answers).__name__}. Build it with `parse_multiselect(column, options)`."
        )
    if isinstance(add_constant, bool) or not isinstance(add_constant, numbers.Real):
        raise InvalidTypeError(
            f"`add_constant` must be a number such as 0.5; got {_show(add_constant, 80)}."
        )
    constant = as_float(add_constant)  # 10**400 is +inf, refused below
    # The constant stands in for empty cells of tables of counts: beyond 1 it would
    # outweigh real counts, and a huge one overflows the Pearson statistic.
    if not math.isfinite(constant) or constant < 0.0 or constant > 1.0:
        raise InvalidValueError(
            f"`add_constant` must be a finite number ≥ 0 and at most 1 (0.5 as R's MRCV); "
            f"got {_show(add_constant, 80)}."
        )
    index = answers.indicators.index
    used = answers.answered.to_numpy(dtype=bool).copy()
    labels = answers.options
    if isinstance(by, MultiSelectAnswers):
        if not by.indicators.index.equals(index):
            raise InvalidValueError(
                "`by` must hold the same respondents as `answers` (the same index); the "
                "indexes differ."
            )
        used &= by.answered.to_numpy(dtype=bool)
        w = by.indicators.to_numpy(dtype=np.float64)[used]
        y = answers.indicators.to_numpy(dtype=np.float64)[used]
        if y.shape[0] == 0:
            raise InvalidValueError(
                "No respondent answered both questions (`answers` and `by`): nothing to test."
            )
        _constant_items(w, by.options, "by")
        _constant_items(y, labels, "answers")
        parts = _spmi(w, y, constant)
        row_labels: list[str] = list(by.options)
    else:
        groups = _align_groups(by, index)
        used &= groups.notna().to_numpy()
        y = answers.indicators.to_numpy(dtype=np.float64)[used]
        kept = groups[used]
        try:
            codes, levels = pd.factorize(kept, sort=True)
        except TypeError:  # unorderable mixture of types: order of appearance
            codes, levels = pd.factorize(kept, sort=False)
        if len(levels) < 2:
            raise InvalidValueError(
                f"`by` must split the respondents into at least two groups; got {len(levels)} "
                f"group(s) among the {len(kept)} respondents who answered."
            )
        _constant_items(y, labels, "answers")
        name = str(groups.name) if isinstance(by, pd.Series) and by.name is not None else "group"
        parts = _mmi(y, np.asarray(codes), name, labels, constant)
        row_labels = parts["rows"]
    n = y.shape[0]
    items: FloatArray = parts["items"]
    df = int(parts["df"])
    p_items = special.chdtrc(df, items)
    count = items.size
    p_bonf_items = np.minimum(1.0, count * p_items)
    statistic = float(items.sum())
    sum_sq = float(parts["sum_sq"])
    rs_stat: float | None = None
    rs_df: float | None = None
    rs_p: float | None = None
    if sum_sq > 0.0 and math.isfinite(sum_sq):
        rs_stat = parts["trace"] * statistic / sum_sq
        rs_df = parts["trace"] ** 2 / sum_sq
        rs_p = float(special.chdtrc(rs_df, rs_stat))
    else:
        warnings.warn(
            "The Rao–Scott adjustment is undefined: no option varies within any group "
            "(every estimated covariance is 0). Use the Bonferroni p-value.",
            DegenerateDataWarning,
            stacklevel=2,
        )

    def frame(values: FloatArray) -> pd.DataFrame:
        return pd.DataFrame(
            values,
            index=pd.Index(row_labels, dtype=object),
            columns=pd.Index(labels, dtype=object),
        )

    return MarginalIndependenceResult(
        kind=str(parts["kind"]),
        statistic=statistic,
        item_statistics=frame(items),
        item_df=df,
        item_p_values=frame(p_items),
        item_p_bonferroni=frame(p_bonf_items),
        p_bonferroni=float(p_bonf_items.min()),
        rao_scott_statistic=rs_stat,
        rao_scott_df=rs_df,
        p_rao_scott=rs_p,
        n=n,
        add_constant=constant,
    )
