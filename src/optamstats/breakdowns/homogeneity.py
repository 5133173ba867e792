"""Is the rate the same in every group? The homogeneity test of a breakdown.

Pearson's chi-square when Cochran's rule allows it, else the Fisher–Freeman–Halton
exact test (a network algorithm with a meet-in-the-middle step; Monte Carlo when too
large to enumerate). Part of :mod:`optamstats.breakdowns`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from optamstats._checks import DegenerateDataWarning
from optamstats._typing import FloatArray, IntArray

__all__ = ["HomogeneityTest"]

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
_MC_BATCH: Final = 2**20  # elements of one batch of Monte Carlo tables
_KEY_SCALE: Final = 1e10  # past log-probabilities equal to 1e-10 are merged as one


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
