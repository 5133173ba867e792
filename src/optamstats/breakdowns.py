"""Breakdowns: a rate in each group, each group against the rest, multiplicity control.

"The exits matter for all specialties" is a claim about groups. :func:`breakdown` gives,
for each group of a grouping question (the specialty, the age band...), the share of
its respondents with the outcome and a Wilson interval; the difference between the
group and all the other respondents (Newcombe's hybrid score interval) with a two-sided
p-value adjusted across groups (Holm by default, Benjamini–Hochberg as an option); and
one overall test that the rate is the same in every group (Pearson's chi-square, or the
Fisher–Freeman–Halton exact test when expected counts are small, computed exactly by a
network algorithm). Groups with a count or complement below a disclosure threshold
are merged before anything is computed, so no small group or small count is ever shown
raw, and nobody is dropped (the totals are the survey's).

See ``docs/methods/breakdown.md`` for the formulas and the choices.
"""

from __future__ import annotations

import math
import numbers
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, cast

import numpy as np

from optamstats import _format
from optamstats._checks import (
    DegenerateDataWarning,
    InvalidTypeError,
    InvalidValueError,
    ShapeError,
    _show,
    check_axes,
    check_choice,
    check_confidence,
    check_counts,
    check_rng,
)
from optamstats._typing import FloatArray, IntArray, RngLike
from optamstats.proportions import ProportionCI, difference, proportion

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from optamstats.cohort import Cohort

__all__ = [
    "Breakdown",
    "HomogeneityTest",
    "adjust_p_values",
    "breakdown",
    "breakdown_from_counts",
    "forest_plot",
]

ADJUSTMENTS: Final = ("holm", "bh")
ADJUST_ALIASES: Final = {"fdr_bh": "bh", "benjamini-hochberg": "bh"}
TESTS: Final = ("score", "fisher")
HOMOGENEITY: Final = ("auto", "chi-square", "exact")
MEASURES: Final = ("proportion", "difference")
#: Relative tolerance under which two tables count as equally probable in the exact
#: test: R's ``fisher.test`` (``relErr <- 1 + 10^(-7)``) and scipy use the same.
EXACT_REL_TOL: Final = 1e-7
#: Entries the exact network algorithm may expand in all before it gives up and the Monte
#: Carlo version runs instead (about a second of work).
EXACT_WORK: Final = 5_000_000
#: Tables of the last groups enumerated once for the meet-in-the-middle step.
EXACT_SUFFIX: Final = 2**20
#: Cochran's rule for the chi-square approximation: no expected count below 1 and at
#: most 20 % of them below 5.
COCHRAN_MIN: Final = 1.0
COCHRAN_SMALL: Final = 5.0
COCHRAN_SHARE: Final = 0.2
_MERGED: Final = {"en": "Other (merged)", "fr": "Autres (regroupés)"}
_MC_BATCH: Final = 2**20  # elements of one batch of Monte Carlo tables
_KEY_SCALE: Final = 1e10  # past log-probabilities equal to 1e-10 are merged as one


# --------------------------------------------------------------------------- p-values


def adjust_p_values(p_values: Any, method: str = "holm") -> FloatArray:
    r"""Adjust p-values for multiple testing: Holm (FWER) or Benjamini–Hochberg (FDR).

    Parameters
    ----------
    p_values : array_like of float
        Raw p-values, each in [0, 1], of one family of tests (1-d).
    method : {"holm", "bh"}, default "holm"
        ``"holm"``: Holm's step-down adjustment, controlling the family-wise error rate
        under any dependence [1]_. ``"bh"`` (alias ``"fdr_bh"``): Benjamini and
        Hochberg's step-up adjustment, controlling the false discovery rate for
        independent or positively dependent tests [2]_.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, in the input's order, each in [raw p, 1].

    Raises
    ------
    InvalidValueError
        An unknown method; p-values outside [0, 1], NaN, or not 1-d; an empty family.
    InvalidTypeError
        Non-numeric p-values.

    Notes
    -----
    With the sorted p-values :math:`p_{(1)} \le \dots \le p_{(m)}`, Holm's adjusted
    value is :math:`\max_{j \le i} \min\{1, (m - j + 1)\, p_{(j)}\}` and
    Benjamini–Hochberg's is :math:`\min_{j \ge i} \min\{1, m\, p_{(j)} / j\}`. They
    equal statsmodels' ``multipletests(p, method="holm" | "fdr_bh")[1]`` and R's
    ``p.adjust(p, "holm" | "BH")``; written here in a few lines of numpy because
    importing ``statsmodels.stats.multitest`` costs about a second.

    References
    ----------
    .. [1] S. Holm, "A simple sequentially rejective multiple test procedure", Scand.
       J. Statist. 6(2):65–70, 1979.
    .. [2] Y. Benjamini and Y. Hochberg, "Controlling the false discovery rate: a
       practical and powerful approach to multiple testing", J. R. Stat. Soc. B
       57(1):289–300, 1995.

    Examples
    --------
    R: ``p.adjust(c(0.01, 0.04, 0.03, 0.20), "holm")`` gives 0.04 0.09 0.09 0.20.

    >>> from optamstats.breakdowns import adjust_p_values
    >>> adjust_p_values([0.01, 0.04, 0.03, 0.20]).round(4).tolist()
    [0.04, 0.09, 0.09, 0.2]
    >>> adjust_p_values([0.01, 0.04, 0.03, 0.20], "bh").round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.2]
    """
    meth = _check_adjust(method)
    if meth is None:
        raise InvalidValueError(
            "`method` must be 'holm' or 'bh' (Benjamini–Hochberg); got None. Use the raw "
            "p-values if no adjustment is wanted."
        )
    try:
        p = np.asarray(p_values, dtype=np.float64)
    except OverflowError as exc:  # an integer beyond the float range: not in [0, 1]
        raise InvalidValueError(f"`p_values` must lie in [0, 1]; got {_show(p_values)}.") from exc
    except (TypeError, ValueError) as exc:
        raise InvalidTypeError(
            f"`p_values` must be an array of numbers in [0, 1]; got {_show(p_values)}."
        ) from exc
    if p.ndim != 1 or p.size == 0:
        raise InvalidValueError(
            f"`p_values` must be a non-empty 1-d array (one family of tests); got shape {p.shape}."
        )
    bad = ~((p >= 0.0) & (p <= 1.0))  # also catches NaN
    if bad.any():
        where = int(np.argmax(bad))
        raise InvalidValueError(
            f"`p_values` must lie in [0, 1]; got {float(p[where])!r} at index {where}."
        )
    return _adjust(p, meth)


def _adjust(p: FloatArray, method: str) -> FloatArray:
    m = p.size
    order = np.argsort(p, kind="stable")
    ranked = p[order]
    if method == "holm":
        steps = np.maximum.accumulate((m - np.arange(m)) * ranked)
    else:  # Benjamini–Hochberg: a running minimum from the largest p-value down
        steps = np.minimum.accumulate((m / np.arange(m, 0, -1)) * ranked[::-1])[::-1]
    out = np.empty(m, dtype=np.float64)
    out[order] = np.minimum(steps, 1.0)
    # Never below the raw p-value (float rounding of m * p / j at j = m).
    return np.maximum(out, p)


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


def _log_choose(n: Any, k: Any) -> Any:
    from scipy import special

    return special.gammaln(n + 1.0) - special.gammaln(k + 1.0) - special.gammaln(n - k + 1.0)


def _merge(
    s: IntArray, past: FloatArray, paths: FloatArray
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Merge the paths that reach the same node with the same past log-weight.

    From there on they are one path of multiplicity `paths` (Mehta & Patel's "past
    probabilities"). Equal sums reached along different paths differ only by
    rounding, so keys are the log-weights rounded to 1e-10.
    """
    key = np.round(past * _KEY_SCALE)
    top = float(key.max(initial=0.0)) + 1.0
    if top * (float(s.max(initial=0)) + 1.0) < 2.0**62:
        # One int64 key sorts about three times faster than a lexsort on two.
        combined = s * np.int64(top) + key.astype(np.int64)
        order = np.argsort(combined, kind="stable")
        combined = combined[order]
        s, past, paths = s[order], past[order], paths[order]
        first = np.ones(s.size, dtype=bool)
        first[1:] = combined[1:] != combined[:-1]
        starts = np.flatnonzero(first)
        return s[starts], past[starts], np.add.reduceat(paths, starts)
    order = np.lexsort((key, s))
    s, past, paths, key = s[order], past[order], paths[order], key[order]
    first = np.ones(s.size, dtype=bool)
    first[1:] = (s[1:] != s[:-1]) | (key[1:] != key[:-1])
    starts = np.flatnonzero(first)
    return s[starts], past[starts], np.add.reduceat(paths, starts)


def _expand(
    s: IntArray, past: FloatArray, paths: FloatArray, log_c: FloatArray, need: IntArray, room: int
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Add one group: every count j it can take, given what is still needed."""
    parts_s, parts_past, parts_paths = [], [], []
    for j, value in enumerate(log_c):
        ok = (need >= j) & (need - j <= room)
        if ok.any():
            parts_s.append(s[ok] + j)
            parts_past.append(past[ok] + value)
            parts_paths.append(paths[ok])
    return _merge(np.concatenate(parts_s), np.concatenate(parts_past), np.concatenate(parts_paths))


def _ffh_exact(
    k: Any, n: Any, *, work: int = EXACT_WORK, suffix_size: int = EXACT_SUFFIX
) -> float | None:
    """Exact Fisher–Freeman–Halton p-value of an r x 2 table, or None if too large.

    The table has rows (k_i, n_i − k_i). Under independence with both margins fixed,
    P(table) = prod C(n_i, k_i) / C(N, K); the p-value sums P over the tables no more
    probable than the observed one (within EXACT_REL_TOL, as R). A network algorithm
    (Mehta & Patel, 1983) walks the groups one at a time, largest first; at each node
    (groups done, partial total s) it keeps the distinct past log-weights and decides
    whole subtrees at once from the largest and smallest log-weight of any completion
    (a dynamic programme) and their total weight, C(n_rest, K − s) by Vandermonde's
    identity. The last groups, whose tables number at most `suffix_size`, are
    enumerated once and sorted, so that each node left open before them is settled by
    a binary search (meet in the middle). Returns None when the forward walk would
    expand more than `work` entries in all.
    """
    n = np.asarray(n, dtype=np.int64)
    k = np.asarray(k, dtype=np.int64)
    big_k, big_n = int(k.sum()), int(n.sum())
    if 2 * big_k > big_n:  # the test is symmetric in the two columns: walk the smaller
        k, big_k = n - k, big_n - big_k
    order = np.argsort(-n, kind="stable")
    n, k = n[order], k[order]
    r = n.size
    lc = [_log_choose(float(ni), np.arange(min(int(ni), big_k) + 1.0)) for ni in n]
    observed = float(sum(lc[i][int(k[i])] for i in range(r)))
    threshold = observed + math.log1p(EXACT_REL_TOL)
    rest = np.concatenate([np.cumsum(n[::-1])[::-1], [0]])  # rest[i] = n_i + ... + n_{r-1}
    # Largest and smallest sum of log C(n_j, k_j) over j >= i with sum k_j = t.
    high = [np.empty(0)] * (r + 1)
    low = [np.empty(0)] * (r + 1)
    high[r] = np.full(big_k + 1, -np.inf)
    low[r] = np.full(big_k + 1, np.inf)
    high[r][0] = low[r][0] = 0.0
    for i in range(r - 1, -1, -1):
        hi = np.full(big_k + 1, -np.inf)
        lo = np.full(big_k + 1, np.inf)
        for j, value in enumerate(lc[i]):
            np.maximum(hi[j:], value + high[i + 1][: big_k + 1 - j], out=hi[j:])
            np.minimum(lo[j:], value + low[i + 1][: big_k + 1 - j], out=lo[j:])
        high[i], low[i] = hi, lo
    total = _log_choose(float(big_n), float(big_k))
    # The suffix: groups h..r-1, every completion enumerated, sorted by (t, log-weight),
    # with the cumulative share of C(rest[h], t) each prefix holds.
    h, size = r, 1
    while h > 1 and size * lc[h - 1].size <= suffix_size:
        h -= 1
        size *= lc[h].size
    t_b = np.zeros(1, dtype=np.int64)
    v_b = np.zeros(1)
    w_b = np.ones(1)
    for i in range(r - 1, h - 1, -1):
        t_b, v_b, w_b = _expand(t_b, v_b, w_b, lc[i], big_k - t_b, big_k)
    order = np.lexsort((v_b, t_b))
    t_b, v_b, w_b = t_b[order], v_b[order], w_b[order]
    share = w_b * np.exp(v_b - _log_choose(float(rest[h]), t_b.astype(np.float64)))
    bounds = np.searchsorted(t_b, np.arange(big_k + 2))
    s = np.zeros(1, dtype=np.int64)
    past = np.zeros(1)
    paths = np.ones(1)
    p_value = 0.0
    spent = 0
    for i in range(h):
        need = big_k - s
        all_in = past + high[i][need] <= threshold
        if all_in.any():
            mass = past[all_in] + _log_choose(float(rest[i]), need[all_in]) - total
            p_value += float(np.sum(paths[all_in] * np.exp(mass)))
        open_ = ~all_in & (past + low[i][need] <= threshold)
        if not open_.any():
            return min(p_value, 1.0)
        s, past, paths, need = s[open_], past[open_], paths[open_], need[open_]
        width = np.minimum(need, lc[i].size - 1) - np.maximum(0, need - rest[i + 1]) + 1
        spent += int(width.sum())
        if spent > work:
            return None
        s, past, paths = _expand(s, past, paths, lc[i], need, int(rest[i + 1]))
    need = big_k - s
    for t in np.unique(need):
        at = need == t
        a, b = int(bounds[t]), int(bounds[t + 1])
        # Share of the completions whose log-weight keeps the table at most as probable.
        cum = np.concatenate([[0.0], np.cumsum(share[a:b])])
        below = cum[np.searchsorted(v_b[a:b], threshold - past[at], side="right")]
        mass = past[at] + _log_choose(float(rest[h]), float(t)) - total
        p_value += float(np.sum(paths[at] * np.exp(mass) * below))
    return min(p_value, 1.0)


def _ffh_monte_carlo(k: IntArray, n: IntArray, n_resamples: int, rng: np.random.Generator) -> float:
    """Monte Carlo Fisher–Freeman–Halton p-value: (1 + #{P* <= P_obs}) / (B + 1).

    Tables are drawn from the null (multivariate hypergeometric: K yes answers shared
    among groups of sizes n_i), as R's ``fisher.test(simulate.p.value = TRUE)`` does.
    """
    n = np.asarray(n, dtype=np.int64)
    k = np.asarray(k, dtype=np.int64)
    big_k = int(k.sum())
    observed = float(np.sum(_log_choose(n.astype(np.float64), k.astype(np.float64))))
    threshold = observed + math.log1p(EXACT_REL_TOL)
    batch = max(1, _MC_BATCH // max(1, n.size))
    hits = 0
    done = 0
    while done < n_resamples:
        size = min(batch, n_resamples - done)
        draws = rng.multivariate_hypergeometric(n, big_k, size=size)
        logs = np.sum(_log_choose(n.astype(np.float64), draws.astype(np.float64)), axis=1)
        hits += int(np.count_nonzero(logs <= threshold))
        done += size
    return (1.0 + hits) / (n_resamples + 1.0)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class HomogeneityTest:
    """The overall test that the outcome's rate is the same in every group.

    Attributes
    ----------
    chi_square : float
        Pearson's statistic of the groups × (outcome, not) table, shown whatever test
        gave the p-value.
    df : int
        Its degrees of freedom, groups − 1.
    p_value : float
        The p-value of `method`.
    method : str
        ``"chi-square"`` (Pearson, asymptotic), ``"fisher-freeman-halton"`` (exact),
        ``"fisher-freeman-halton (Monte Carlo)"`` (when the exact computation would be
        too large), or ``"none"`` (every respondent has the same outcome: p = 1).
    reason : str
        Why this method ran (Cochran's rule on the expected counts, or the caller's
        choice).
    min_expected : float
        The smallest expected count under homogeneity.
    share_expected_below_5 : float
        Share of the expected counts below 5.
    n_resamples : int or None
        Monte Carlo tables drawn (None unless Monte Carlo).
    mc_se : float
        Monte Carlo standard error of the p-value (0 otherwise).

    References
    ----------
    .. [1] W. G. Cochran, "Some methods for strengthening the common χ² tests",
       Biometrics 10(4):417–451, 1954.
    .. [2] G. H. Freeman and J. H. Halton, "Note on an exact treatment of contingency,
       goodness of fit and other problems of significance", Biometrika 38:141–149, 1951.

    Examples
    --------
    >>> from optamstats.breakdowns import breakdown_from_counts
    >>> t = breakdown_from_counts([12, 20, 9], [30, 31, 28], ["A", "B", "C"]).homogeneity
    >>> t.method, t.df, round(t.p_value, 4)  # R: chisq.test(table, correct = FALSE)
    ('chi-square', 2, 0.0321)
    """

    chi_square: float
    df: int
    p_value: float
    method: str
    reason: str
    min_expected: float
    share_expected_below_5: float
    n_resamples: int | None = None
    mc_se: float = 0.0


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Breakdown:
    """An outcome's rate in each group, each group against the rest, and an overall test.

    Arrays are in the order of ``groups`` (the merged group, if any, last). Nothing
    is rounded.

    Attributes
    ----------
    outcome, by : str
        Labels of the outcome and of the grouping.
    groups : tuple of str
        The groups shown; a merged group is labelled by `merged_label`.
    k, n : numpy.ndarray of int
        Respondents with the outcome, and the group's base.
    estimate, low, high : numpy.ndarray of float
        ``k / n`` and its Wilson interval.
    rest_k, rest_n : numpy.ndarray of int
        The same counts among all the other shown respondents.
    difference, difference_low, difference_high : numpy.ndarray of float
        ``k / n − rest_k / rest_n`` and Newcombe's hybrid score interval.
    p_value : numpy.ndarray of float
        Two-sided p-value of "the group's rate equals the rest's" (see `test`).
    p_adjusted : numpy.ndarray of float
        The same, adjusted across the groups (see `adjust`).
    test : str
        ``"score"`` (Pearson chi-square on the group-vs-rest 2×2, no continuity
        correction) or ``"fisher"`` (Fisher's exact test, two-sided).
    adjust : str or None
        ``"holm"``, ``"bh"`` or None (p_adjusted = p_value).
    confidence : float
        Level of every interval (not adjusted for multiplicity).
    homogeneity : HomogeneityTest
        The overall test.
    overall : ProportionCI
        The rate among all shown respondents.
    merged : tuple of str
        Groups pooled into the merged group (a count or complement from 1 to
        ``min_cell − 1``, or the smallest groups added to make the pool pass); empty if
        none.
    suppressed : int
        Always 0 since issue 16: nobody is left out (a dropped group is the report's
        total minus the breakdown's). Kept so that existing code reading it works.
    unassigned : int
        Respondents in the outcome's base with no answer to the grouping question.
    min_cell : int
        The disclosure threshold on a group's base.
    merged_label : str
        The label of the merged group.
    lang : str
        Language of labels and figures.

    References
    ----------
    .. [1] R. G. Newcombe, Stat. Med. 17:873–890, 1998 (the difference interval).

    Examples
    --------
    >>> from optamstats.breakdowns import breakdown_from_counts
    >>> b = breakdown_from_counts([12, 20, 9], [30, 31, 28], ["A", "B", "C"])
    >>> b.groups, b.k.tolist(), b.rest_k.tolist()
    (('A', 'B', 'C'), [12, 20, 9], [29, 21, 32])
    >>> b.p_adjusted.round(4).tolist()  # R: p.adjust(<prop.test p-values>, "holm")
    [0.4129, 0.0321, 0.1483]
    """

    outcome: str
    by: str
    groups: tuple[str, ...]
    k: IntArray
    n: IntArray
    estimate: FloatArray
    low: FloatArray
    high: FloatArray
    rest_k: IntArray
    rest_n: IntArray
    difference: FloatArray
    difference_low: FloatArray
    difference_high: FloatArray
    p_value: FloatArray
    p_adjusted: FloatArray
    test: str
    adjust: str | None
    confidence: float
    homogeneity: HomogeneityTest
    overall: ProportionCI[float]
    merged: tuple[str, ...]
    suppressed: int
    unassigned: int
    min_cell: int
    merged_label: str
    lang: str

    def __repr__(self) -> str:
        h = self.homogeneity
        return (
            f"<Breakdown of {self.outcome!r} by {self.by!r}: {len(self.groups)} groups, "
            f"n = {int(self.n.sum())}; {h.method} p = {h.p_value:.3g}; "
            f"{self.adjust or 'unadjusted'} p-values>"
        )

    @property
    def note(self) -> str:
        """What was merged, suppressed or left out, and which tests ran, in a sentence."""
        h = self.homogeneity
        test = "score (chi-square, 1 df)" if self.test == "score" else "Fisher exact"
        adjust = {"holm": "Holm", "bh": "Benjamini–Hochberg", None: "not"}[self.adjust]
        parts = [
            "Differences: each group against all other shown respondents, Newcombe "
            f"interval; p-values: {test} test, {adjust} adjusted across {len(self.groups)} "
            f"groups. Homogeneity: {h.method} ({h.reason}).",
        ]
        if self.merged:
            parts.append(
                f"Groups with fewer than {self.min_cell} respondents pooled as "
                f"{self.merged_label!r}: {', '.join(self.merged)}."
            )
        if self.suppressed:
            parts.append(
                f"Respondents in groups with fewer than {self.min_cell} respondents even "
                "when pooled were left out of every figure."
            )
        if self.unassigned:
            parts.append(f"{self.unassigned} respondent(s) without a group were left out.")
        return " ".join(parts)

    def to_frame(self) -> pd.DataFrame:
        """Return one row per group, in the order of ``groups``.

        Returns
        -------
        pandas.DataFrame
            Columns ``group``, ``k``, ``n``, ``proportion``, ``low``, ``high``,
            ``rest_k``, ``rest_n``, ``difference``, ``difference_low``,
            ``difference_high``, ``p_value``, ``p_adjusted`` (proportions as fractions).
            ``.attrs`` holds the confidence, test, adjustment, homogeneity test and
            :attr:`note`.

        References
        ----------
        .. [1] R. G. Newcombe, Stat. Med. 17:873–890, 1998 (the difference interval).

        Examples
        --------
        >>> from optamstats.breakdowns import breakdown_from_counts
        >>> b = breakdown_from_counts([12, 20, 9], [30, 31, 28], ["A", "B", "C"])
        >>> b.to_frame()[["group", "k", "n", "rest_k", "rest_n"]]
          group   k   n  rest_k  rest_n
        0     A  12  30      29      59
        1     B  20  31      21      58
        2     C   9  28      32      61
        """
        import pandas as pd

        frame = pd.DataFrame(
            {
                "group": pd.array(list(self.groups), dtype=object),
                "k": self.k,
                "n": self.n,
                "proportion": self.estimate,
                "low": self.low,
                "high": self.high,
                "rest_k": self.rest_k,
                "rest_n": self.rest_n,
                "difference": self.difference,
                "difference_low": self.difference_low,
                "difference_high": self.difference_high,
                "p_value": self.p_value,
                "p_adjusted": self.p_adjusted,
            }
        )
        frame.attrs.update(
            {
                "outcome": self.outcome,
                "by": self.by,
                "confidence": self.confidence,
                "test": self.test,
                "adjust": self.adjust,
                "homogeneity_method": self.homogeneity.method,
                "homogeneity_p_value": self.homogeneity.p_value,
                "note": self.note,
            }
        )
        return frame

    def _repr_html_(self) -> str:
        """Return the table as HTML with the overall test and notes as caption (Jupyter).

        Returns
        -------
        str
            A paragraph (the note) and the table, rates and differences in %.
        """
        import html

        table = self.to_frame()
        shown = table.assign(
            **{c: 100.0 * table[c] for c in ("proportion", "low", "high")},
            **{c: 100.0 * table[c] for c in ("difference", "difference_low", "difference_high")},
        )
        body = str(shown.to_html(index=False, float_format=lambda v: f"{v:.3g}"))
        caption = html.escape(f"{self.outcome} by {self.by} (%). {self.note}")
        return f"<p>{caption}</p>{body}"

    def forest_plot(
        self, *, measure: str = "proportion", ax: Axes | None = None, lang: str | None = None
    ) -> Figure:
        """Draw the groups as a forest plot; see :func:`forest_plot`.

        Parameters
        ----------
        measure : {"proportion", "difference"}
            What to draw.
        ax : matplotlib.axes.Axes, optional
            Where to draw.
        lang : {"en", "fr"}, optional
            Language of the labels (default: the breakdown's).

        Returns
        -------
        matplotlib.figure.Figure

        References
        ----------
        .. [1] S. Lewis and M. Clarke, "Forest plots: trying to see the wood and the
           trees", BMJ 322:1479–1480, 2001.

        Examples
        --------
        >>> from optamstats.breakdowns import breakdown_from_counts
        >>> fig = breakdown_from_counts([12, 20, 9], [30, 31, 28], ["A", "B", "C"]).forest_plot()
        >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
        ['A', 'B', 'C']
        """
        return forest_plot(self, measure=measure, ax=ax, lang=lang)


# --------------------------------------------------------------------------- checks


def _check_adjust(adjust: object) -> str | None:
    if adjust is None:
        return None
    if isinstance(adjust, str):
        name = ADJUST_ALIASES.get(adjust.lower(), adjust.lower())
        if name in ADJUSTMENTS:
            return name
    raise InvalidValueError(
        f"`adjust` must be 'holm' (family-wise error), 'bh' (Benjamini–Hochberg false "
        f"discovery rate) or None (no adjustment); got {_show(adjust)}."
    )


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
    """Return whether k or n − k is from 1 to t − 1 (the rule of `needs_suppression`)."""
    return (1 <= k < min_cell) or (1 <= n - k < min_cell)


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


def _homogeneity(
    k: IntArray, n: IntArray, choice: str, n_resamples: int, rng: np.random.Generator
) -> HomogeneityTest:
    from scipy import special

    big_k, big_n = int(k.sum()), int(n.sum())
    r = n.size
    expected = np.concatenate([n * big_k / big_n, n * (big_n - big_k) / big_n])
    observed = np.concatenate([k, n - k]).astype(np.float64)
    min_expected = float(expected.min())
    share_small = float(np.mean(expected < COCHRAN_SMALL))
    if big_k in (0, big_n):
        warnings.warn(
            "Every respondent in the breakdown has the same outcome: the groups cannot "
            "differ, the differences are 0 and every p-value is 1 by convention.",
            DegenerateDataWarning,
            stacklevel=4,
        )
        return HomogeneityTest(
            0.0, r - 1, 1.0, "none", "the outcome is constant", min_expected, share_small
        )
    chi_square = float(np.sum((observed - expected) ** 2 / expected))
    cochran = min_expected >= COCHRAN_MIN and share_small <= COCHRAN_SHARE
    if choice == "chi-square" or (choice == "auto" and cochran):
        reason = (
            "asked for"
            if choice == "chi-square"
            else f"Cochran's rule holds: smallest expected count {min_expected:.3g} ≥ 1, "
            f"{100 * share_small:.0f}% of expected counts below 5 (at most 20%)"
        )
        p = float(special.chdtrc(r - 1, chi_square))
        return HomogeneityTest(
            chi_square, r - 1, p, "chi-square", reason, min_expected, share_small
        )
    reason = (
        "asked for"
        if choice == "exact"
        else f"expected counts too small for the chi-square approximation (Cochran's rule: "
        f"smallest {min_expected:.3g}, {100 * share_small:.0f}% below 5)"
    )
    exact = _ffh_exact(k, n, work=EXACT_WORK)
    if exact is not None:
        return HomogeneityTest(
            chi_square, r - 1, exact, "fisher-freeman-halton", reason, min_expected, share_small
        )
    p = _ffh_monte_carlo(k, n, n_resamples, rng)
    se = math.sqrt(p * (1.0 - p) / n_resamples)
    return HomogeneityTest(
        chi_square,
        r - 1,
        p,
        "fisher-freeman-halton (Monte Carlo)",
        reason + f"; too many tables to enumerate, {n_resamples} drawn",
        min_expected,
        share_small,
        n_resamples,
        se,
    )


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


def forest_plot(
    result: Breakdown,
    *,
    measure: str = "proportion",
    ax: Axes | None = None,
    lang: str | None = None,
) -> Figure:
    """Draw a breakdown as a forest plot: one line per group, its estimate and interval.

    Parameters
    ----------
    result : Breakdown
        From :func:`breakdown`.
    measure : {"proportion", "difference"}, default "proportion"
        ``"proportion"``: each group's rate (%) with its Wilson interval, a dashed line
        at the overall rate. ``"difference"``: each group minus the rest (points of
        %) with Newcombe's interval, a line at 0.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new :class:`matplotlib.figure.Figure`, made
        without pyplot (no global state).
    lang : {"en", "fr"}, optional
        Language of the labels (default: the breakdown's).

    Returns
    -------
    matplotlib.figure.Figure
        Group labels on the y axis, top to bottom in the order of ``result.groups``;
        ``k / n`` and the adjusted p-value written on the right.

    Raises
    ------
    InvalidTypeError
        `result` is not a Breakdown; `ax` is not a matplotlib Axes.
    InvalidValueError
        An unknown measure or language.

    References
    ----------
    .. [1] S. Lewis and M. Clarke, "Forest plots: trying to see the wood and the trees",
       BMJ 322:1479–1480, 2001.

    Examples
    --------
    >>> from optamstats.breakdowns import breakdown_from_counts, forest_plot
    >>> b = breakdown_from_counts([12, 20, 9], [30, 31, 28], ["A", "B", "C"])
    >>> fig = forest_plot(b, measure="difference")
    >>> fig.axes[0].get_xlabel()
    'Difference from the rest (points of %), 95% CI'
    """
    if not isinstance(result, Breakdown):
        raise InvalidTypeError(f"`result` must be a Breakdown; got {_show(result)}.")
    what = check_choice("measure", measure, MEASURES)
    lang = _format.check_lang(lang if lang is not None else result.lang)
    check_axes(ax)
    from matplotlib.figure import Figure

    m = len(result.groups)
    if ax is None:
        figure = Figure(figsize=(8.0, 1.2 + 0.45 * m), layout="constrained")
        ax = figure.add_subplot()
    else:
        figure = cast("Figure", ax.figure)
    y = np.arange(m)[::-1].astype(np.float64)  # first group on top
    level = _format.level(result.confidence, lang)
    if what == "proportion":
        centre, low, high = (100.0 * v for v in (result.estimate, result.low, result.high))
        reference = 100.0 * result.overall.estimate
        label = {
            "en": f"Proportion (%), {level}% CI (Wilson)",
            "fr": f"Proportion (%), IC à {level} % (Wilson)",
        }[lang]
    else:
        centre, low, high = (
            100.0 * v for v in (result.difference, result.difference_low, result.difference_high)
        )
        reference = 0.0
        label = {
            "en": f"Difference from the rest (points of %), {level}% CI",
            "fr": f"Différence avec les autres (points de %), IC à {level} %",
        }[lang]
    sizes = 20.0 + 180.0 * result.n / max(int(result.n.max()), 1)
    ax.hlines(y, low, high, color="black", linewidth=1.2)
    ax.scatter(centre, y, s=sizes, marker="s", color="black", zorder=3)
    ax.axvline(reference, color="grey", linestyle="--", linewidth=1.0)
    ax.set_yticks(y, [textwrap.shorten(g, 40, placeholder="…") for g in result.groups])
    ax.set_xlabel(label)
    ax.set_title(f"{result.outcome} — {result.by}")
    p_name = "p adj." if result.adjust else "p"
    for yi, ki, ni, pi in zip(y, result.k, result.n, result.p_adjusted, strict=True):
        # As people cite it: "p < 0.001", "p < 0,001" in French (the bound in the language too).
        bound = _format.number(0.001, 3, lang)
        p_text = (
            f"{p_name} < {bound}" if pi < 0.001 else f"{p_name} = {_format.number(pi, 3, lang)}"
        )
        ax.annotate(
            f"{_format.count(int(ki), lang)} / {_format.count(int(ni), lang)}   {p_text}",
            xy=(1.02, yi),
            xycoords=("axes fraction", "data"),
            va="center",
            fontsize=8,
        )
    ax.set_ylim(-0.7, m - 0.3)
    return figure
