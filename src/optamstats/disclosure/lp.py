"""The linear-programming audit: can a reader recompute a hidden count from what is printed.

Every published number is a linear constraint on the unknown true counts (integers
≥ 0), a ``_Fact``. For each count the rule protects (a ``_Protect``), HiGHS gives
the smallest and largest values it can take; the count is protected when that range
includes its protection interval. ``_secondary_by_audit`` hides published groups until
every count is. The constraints are plain data: the report layer reads its own tables
into them (``optamstats.report.audit_model``), and this module never imports the
report: :func:`disclosure_audit` reads the record a report carries.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from optamstats._checks import InvalidTypeError, InvalidValueError, OptamstatsError, _show

__all__ = ["DisclosureAudit", "ProtectedCell", "disclosure_audit"]


# A published share is the JSON's float k/n: a wrong integer pair k'/n' misses it by at
# least 1/n, far above HiGHS's feasibility tolerance (1e-7) for any survey size.
_SHARE_SLACK: Final = 1e-9


Terms = tuple[tuple[int, float], ...]


@dataclass(frozen=True, slots=True)
class _Fact:
    """One published number as a linear constraint on the unknown true counts x ≥ 0.

    ``low ≤ a·x ≤ high`` for a count or a total; with `per`, a share:
    ``low ≤ a·x / b·x ≤ high`` (and b·x ≥ 1), linear once multiplied by b·x.
    ``group`` names what a reader sees printing it (hidden together), ``cost`` what
    hiding it loses (math.inf: cannot be hidden — a structural fact, or a marker).
    """

    terms: Terms
    low: float
    high: float
    per: Terms = ()
    group: str = ""
    cost: float = math.inf
    hidden_with: tuple[str, ...] = ()

    def shown(self, hidden: frozenset[str]) -> bool:
        """Whether the fact is still published once the groups `hidden` are hidden."""
        return self.group not in hidden and not any(g in hidden for g in self.hidden_with)


@dataclass(frozen=True, slots=True)
class _Protect:
    """A hidden count (or complement) and its protection interval [low, high].

    ``kind`` is ``"interval"`` (the range must include [low, high]) or ``"newcomers"``
    (a count of respondents new since a previous release, whose true value the auditor
    does not know: the range must reach ``low`` = 0 or ``high`` = t, so that a reader
    cannot deduce that it is from 1 to t − 1).
    """

    terms: Terms
    low: int
    high: int
    label: str
    kind: str = "interval"
    # The quantity's true value, only while the report is being built (the newcomers'
    # counts it cannot make small are not solved for); never kept in a report's model.
    value: int | None = None


@dataclass(frozen=True, slots=True)
class _Model:
    """What a report publishes, as constraints; no true value is kept."""

    names: tuple[str, ...]
    facts: tuple[_Fact, ...]
    protect: tuple[_Protect, ...]
    rule: str
    min_cell: int
    rounding: int = 1
    hidden_cells: int = 0
    # Every quantity the rule protects when small, small or not: the quantities whose
    # newcomers a previous release could give by difference (``disclosure.releases``).
    exposed: tuple[_Protect, ...] = ()
    previous_releases: int = 0


@dataclass(frozen=True, slots=True)
class ProtectedCell:
    """The audit of one hidden count: the range a reader can deduce, and the one required.

    Attributes
    ----------
    label : str
        Which count (table and row).
    low, high : float
        Smallest and largest value of the count consistent with everything the report
        publishes (``inf`` when unbounded).
    required_low, required_high : int
        The protection interval: the range must include it.
    kind : {"interval", "newcomers"}
        ``"newcomers"`` for a count of the respondents new since a previous release
        (``build_report(previous=...)``): its true value is unknown to the audit, so
        the range must reach 0 or t (a reader cannot deduce that it is from 1 to
        t − 1) instead of including both.
    """

    label: str
    low: float
    high: float
    required_low: int
    required_high: int
    kind: str = "interval"

    @property
    def protected(self) -> bool:
        """True when the deducible range includes the protection interval.

        For a ``"newcomers"`` count, when it reaches either end of it.
        """
        if self.kind == "newcomers":
            return self.low <= self.required_low or self.high >= self.required_high
        return self.low <= self.required_low and self.high >= self.required_high


@dataclass(frozen=True, slots=True)
class DisclosureAudit:
    """Verdict of :func:`disclosure_audit`.

    Attributes
    ----------
    cells : tuple of ProtectedCell
        Every hidden count the rule protects, with its deducible range.
    rule : str
        The named rule (``"default"``, ``"insee"``, ``"ons"``, ``"health-fr"``).
    min_cell : int
        Its threshold t.
    hidden_cells : int
        Cells the report prints as ``< t`` or ``s``.
    previous_releases : int
        Previous releases whose published numbers the audit includes (0 by default).

    Examples
    --------
    >>> from optamstats.report import build_report
    >>> audit = disclosure_audit(build_report(lang="en"))
    >>> audit.passed, audit.hidden_cells
    (True, 0)
    """

    cells: tuple[ProtectedCell, ...]
    rule: str
    min_cell: int
    hidden_cells: int
    previous_releases: int = 0

    @property
    def passed(self) -> bool:
        """True when every protected count keeps its protection interval."""
        return all(c.protected for c in self.cells)

    def to_dict(self) -> dict[str, Any]:
        """Return the verdict as JSON-ready data (no range: a range is itself a hint).

        Returns
        -------
        dict
            ``method``, ``rule``, ``min_cell``, ``hidden_cells``, ``protected_counts``
            and ``passed``; ``previous_releases`` when the audit includes any.
        """
        out: dict[str, Any] = {
            "method": "linear programming (HiGHS), integer counts",
            "rule": self.rule,
            "min_cell": self.min_cell,
            "hidden_cells": self.hidden_cells,
            "protected_counts": len(self.cells),
            "passed": self.passed,
        }
        if self.previous_releases:
            out["previous_releases"] = self.previous_releases
        return out


def _dense(terms: Terms, size: int) -> np.ndarray[Any, np.dtype[np.float64]]:
    row = np.zeros(size, dtype=np.float64)
    for i, a in terms:
        row[i] += a
    return row


def _renumber(f: _Fact, index: dict[int, int]) -> _Fact:
    """Return the fact on a block's own unknowns (``index``: model unknown → block's)."""
    return _Fact(tuple((index[i], a) for i, a in f.terms), f.low, f.high,
                 tuple((index[i], a) for i, a in f.per))  # fmt: skip


def _is_box(matrix: Any) -> bool:
    """Whether every constraint bounds one unknown (then :func:`_box_range` is exact)."""
    return bool(np.all(np.count_nonzero(matrix, axis=1) == 1))


def _constraints(
    facts: Sequence[_Fact], size: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    rows: list[np.ndarray[Any, Any]] = []
    low: list[float] = []
    high: list[float] = []
    for f in facts:
        a = _dense(f.terms, size)
        if f.per:
            b = _dense(f.per, size)
            rows += [a - f.low * b, a - f.high * b, b]
            low += [-_SHARE_SLACK, -math.inf, 1.0]
            high += [math.inf, _SHARE_SLACK, math.inf]
        else:
            rows.append(a)
            low.append(f.low)
            high.append(f.high)
    if not rows:
        return np.zeros((0, size)), np.zeros(0), np.zeros(0)
    return np.vstack(rows), np.asarray(low), np.asarray(high)


# A point is feasible for the audit when it meets every constraint within this slack:
# HiGHS's own primal feasibility tolerance (1e-7), which `milp` applies too.
_FEASIBLE: Final = 1e-7


def _box_range(c: Any, matrix: Any, low: Any, high: Any) -> tuple[float, float]:
    """Return the integer range of c·x when every constraint bounds one unknown (a box).

    Each unknown then lies in its own integer interval, independently of the others,
    so c·x is smallest (largest) with each unknown at the end its coefficient favours.
    """
    size = matrix.shape[1]
    lo = np.zeros(size)
    hi = np.full(size, math.inf)
    for row, a_low, a_high in zip(matrix, low, high, strict=True):
        j = int(np.flatnonzero(row)[0])
        a = float(row[j])
        bounds = sorted((a_low / a, a_high / a))  # a < 0 swaps the ends
        lo[j] = max(lo[j], math.ceil(bounds[0] - _FEASIBLE) if math.isfinite(bounds[0]) else 0)
        if math.isfinite(bounds[1]):
            hi[j] = min(hi[j], math.floor(bounds[1] + _FEASIBLE))
    if np.any(lo > hi):  # the true counts satisfy every fact: this is a bug
        raise OptamstatsError(
            "disclosure audit: the published numbers admit no table; please report this "
            "with the survey's spec."
        )
    ends = []
    for sign in (1.0, -1.0):
        pick = np.where(sign * c >= 0, lo, hi)
        used = c != 0
        if np.any(np.isinf(pick[used])):
            ends.append(-math.inf * sign)
            continue
        ends.append(round(float(c[used] @ pick[used]), 6) + 0.0)
    return ends[0], ends[1]


def _lp_form(matrix: Any, low: Any, high: Any) -> tuple[Any, Any]:
    """Return the constraints as ``A_ub x ≤ b_ub``, sparse, built once per block."""
    from scipy import sparse

    finite_low, finite_high = np.isfinite(low), np.isfinite(high)
    a_ub = sparse.csr_array(np.vstack([matrix[finite_high], -matrix[finite_low]]))
    return a_ub, np.concatenate([high[finite_high], -low[finite_low]])


def _range(
    terms: Terms,
    matrix: Any,
    low: Any,
    high: Any,
    size: int,
    lp_form: tuple[Any, Any] | None = None,
    lp_first: bool = True,
) -> tuple[float, float]:
    """Smallest and largest integer value of a·x under the published constraints.

    The continuous LP (``linprog``, HiGHS) is solved first: when its optimum is
    attained at an integer point, that is the integer optimum (see
    :func:`_integral_at`) and the integer program is skipped; otherwise
    ``milp`` solves it. The result is the integer range either way. ``lp_first=False``
    goes to ``milp`` at once (the caller has seen the LP optimum is not integral).
    """
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp

    c = _dense(terms, size)
    if matrix.shape[0] and lp_form is None and _is_box(matrix):
        return _box_range(c, matrix, low, high)
    constraints = [LinearConstraint(matrix, low, high)] if matrix.shape[0] else []
    if matrix.shape[0]:
        a_ub, b_ub = lp_form if lp_form is not None else _lp_form(matrix, low, high)
    out = []
    for sign in (1.0, -1.0):
        if matrix.shape[0] and lp_first:
            lp = linprog(sign * c, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
            if lp.status == 0:
                value = _integral_at(np.asarray(lp.x), sign * c, matrix, low, high)
                if value is not None:
                    out.append(round(sign * value, 6) + 0.0)
                    continue
        res = milp(sign * c, constraints=constraints, integrality=np.ones(size, dtype=np.int64),
                   bounds=Bounds(0, np.inf))  # fmt: skip
        if res.status == 3 or (res.status != 0 and sign < 0 and "unbounded" in res.message):
            out.append(-math.inf if sign > 0 else math.inf)
            continue
        if res.status != 0:  # the true counts satisfy every fact: this is a bug
            raise OptamstatsError(
                f"disclosure audit: the published numbers admit no table ({res.message}); "
                "please report this with the survey's spec."
            )
        out.append(round(sign * float(res.fun), 6))
    return out[0], out[1]


def _components(model: _Model, facts: Sequence[_Fact]) -> list[int]:
    """Union-find label of each variable: counts linked by a published fact share one."""
    parent = list(range(len(model.names)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # A protected quantity (a complement n − k) is solved in one block with its terms.
    links = [(*f.terms, *f.per) for f in facts] + [p.terms for p in model.protect]
    for terms in links:
        ids = [i for i, _ in terms]
        for j in ids[1:]:
            parent[find(j)] = find(ids[0])
    return [find(i) for i in range(len(model.names))]


def _audit_model(model: _Model, hidden_groups: frozenset[str] = frozenset()) -> DisclosureAudit:
    """Solve the audit's integer programs, one small problem per linked block of counts."""
    facts = [f for f in model.facts if f.shown(hidden_groups)]
    label = _components(model, facts)
    size = len(model.names)
    by_block: dict[int, list[int]] = {}
    for n, p in enumerate(model.protect):
        by_block.setdefault(label[p.terms[0][0]], []).append(n)
    ranges: dict[int, tuple[float, float]] = {}
    stacked: list[tuple[int, Terms, _Block]] = []
    for block, members in by_block.items():
        keep = [i for i in range(size) if label[i] == block]
        index = {v: j for j, v in enumerate(keep)}
        local = [_renumber(f, index) for f in facts if label[f.terms[0][0]] == block]
        matrix, low, high = _constraints(local, len(keep))
        lp_form = _lp_form(matrix, low, high) if matrix.shape[0] and not _is_box(matrix) else None
        for n in members:
            terms = tuple((index[i], a) for i, a in model.protect[n].terms)
            if lp_form is None:
                ranges[n] = _range(terms, matrix, low, high, len(keep), lp_form)
            else:
                stacked.append((n, terms, (matrix, low, high, len(keep), lp_form)))
    for (n, _, _), r in zip(stacked, _ranges([(t, b) for _, t, b in stacked]), strict=True):
        ranges[n] = r
    marked: dict[Terms, tuple[float, float]] = {}
    for f in model.facts:  # the facts no hiding removes that bound one count by itself
        if not f.group and not f.hidden_with and not f.per:
            was = marked.get(f.terms, (-math.inf, math.inf))
            marked[f.terms] = (max(was[0], f.low), min(was[1], f.high))
    cells = []
    for n, p in enumerate(model.protect):
        lo, hi = ranges[n]
        # A newcomers' count is checked against the threshold itself: what other facts
        # fix about it is what the audit is asked to find, so nothing narrows [0, t].
        # Otherwise the interval is [0, t] narrowed by the facts no hiding removes; they
        # are among those just solved, so a range that already covers [0, t] says it is
        # not narrowed, with no further solve.
        # The same holds of [0, t] narrowed by the markers on the count itself ("< t":
        # 1 to t − 1): when the range covers that, nothing else narrows it either.
        if p.kind == "newcomers":
            need_low, need_high = p.low, p.high
        else:
            bound = marked.get(p.terms, (-math.inf, math.inf))
            need_low = p.low if bound[0] == -math.inf else max(p.low, math.ceil(bound[0]))
            need_high = p.high if bound[1] == math.inf else min(p.high, math.floor(bound[1]))
            if not (lo <= need_low and hi >= need_high):
                need_low, need_high = _required(model, p)
        cells.append(ProtectedCell(p.label, lo, hi, need_low, need_high, p.kind))
    return DisclosureAudit(tuple(cells), model.rule, model.min_cell, model.hidden_cells,
                           model.previous_releases)  # fmt: skip


# Unknowns of one stacked LP (see `_ranges`): enough copies of small blocks to amortise
# scipy's per-call set-up, few enough of large ones that the simplex stays fast.
_STACK: Final = 4000


#: A block of linked counts as the LP sees it: its constraints (dense, and as
#: ``A_ub x ≤ b_ub``), and its number of unknowns.
_Block = tuple[Any, Any, Any, int, tuple[Any, Any]]


def _ranges(items: Sequence[tuple[Terms, _Block]]) -> list[tuple[float, float]]:
    """Integer ranges of several a·x, each over its block: :func:`_range`, batched.

    Each call of ``linprog`` costs milliseconds of scipy set-up whatever its size, and
    an audit has two per protected count. So the minima and maxima of several
    counts are solved as one LP over as many copies of their blocks' unknowns (up to
    ``_STACK`` unknowns in all), each
    copy with its own objective and its block's constraints: the copies share nothing,
    so the stacked optimum is each copy at its own optimum (HiGHS returns a vertex, a
    vertex of each copy). A copy's optimum is taken only when it is attained at an
    integer point (:func:`_integral_at`); any other count, or a stacked LP that HiGHS
    does not solve, goes through :func:`_range` alone.
    """
    from scipy import sparse
    from scipy.optimize import linprog

    chunks: list[list[tuple[Terms, _Block]]] = [[]]
    used = 0
    for item in items:
        if chunks[-1] and used + 2 * item[1][3] > _STACK:
            chunks.append([])
            used = 0
        chunks[-1].append(item)
        used += 2 * item[1][3]
    out: list[tuple[float, float]] = []
    for chunk in chunks:
        if not chunk:
            continue
        objectives = [sign * _dense(t, b[3]) for t, b in chunk for sign in (1.0, -1.0)]
        blocks = [b for _, b in chunk for _ in (1.0, -1.0)]
        lp = linprog(
            np.concatenate(objectives),
            A_ub=sparse.block_diag([b[4][0] for b in blocks], format="csr"),
            b_ub=np.concatenate([b[4][1] for b in blocks]),
            bounds=(0, None),
            method="highs",
        )
        offsets = np.cumsum([0] + [b[3] for b in blocks])
        for n, (terms, (matrix, low, high, size, lp_form)) in enumerate(chunk):
            ends: list[float] = []
            for side, sign in enumerate((1.0, -1.0)):
                k = 2 * n + side
                x = None if lp.status != 0 or lp.x is None else lp.x[offsets[k] : offsets[k + 1]]
                value = None if x is None else _integral_at(x, objectives[k], matrix, low, high)
                if value is None:
                    break
                ends.append(round(sign * value, 6) + 0.0)
            out.append((ends[0], ends[1]) if len(ends) == 2 else _range(
                terms, matrix, low, high, size, lp_form, lp_first=lp.status != 0))  # fmt: skip
    return out


def _integral_at(x: Any, c: Any, matrix: Any, low: Any, high: Any) -> float | None:
    """Return c·x if the LP optimum x is attained by an integer point, else None.

    The LP relaxation's optimum bounds the integer one (min: LP ≤ integer). If the
    LP solution, rounded to integers, is still feasible and gives the same objective,
    that integer point attains the bound, so it *is* the integer optimum: exact, with
    no branch and bound. Otherwise the caller solves the integer program.
    """
    xr = np.round(x)
    if np.any(xr < 0) or np.max(np.abs(x - xr), initial=0.0) > 1e-6:
        return None
    if matrix.shape[0]:
        ax = matrix @ xr
        if np.any(ax < low - _FEASIBLE) or np.any(ax > high + _FEASIBLE):
            return None
    value = float(c @ xr)
    if abs(value - float(c @ x)) > 1e-6:
        return None
    return value


def _required(model: _Model, p: _Protect) -> tuple[int, int]:
    """Return the protection interval: [0, t], narrowed only by what the markers say.

    A count printed as ``< t`` is known to lie in [1, t − 1] by its marker: the audit
    asks that nothing else narrows it, not the impossible. So the interval is [0, t]
    intersected with the range allowed by the markers and the table's structure alone
    (every fact that no hiding could remove: bounds, m ≤ n, printed totals).
    """
    fixed = [f for f in model.facts if not f.group and not f.hidden_with and not f.per]
    # Only the facts linked to the count (through shared unknowns) can bound it.
    reach = {i for i, _ in p.terms}
    grew = True
    while grew:
        grew = False
        for f in fixed:
            ids_f = {i for i, _ in f.terms}
            if ids_f & reach and not ids_f <= reach:
                reach |= ids_f
                grew = True
    fixed = [f for f in fixed if f.terms and f.terms[0][0] in reach]
    ids = sorted({i for i, _ in p.terms} | {i for f in fixed for i, _ in f.terms})
    index = {v: j for j, v in enumerate(ids)}
    local = [_renumber(f, index) for f in fixed]
    matrix, low, high = _constraints(local, len(ids))
    lo, hi = _range(tuple((index[i], a) for i, a in p.terms), matrix, low, high, len(ids))
    return max(p.low, math.ceil(lo)), int(min(p.high, hi))


def _secondary_by_audit(model: _Model) -> tuple[frozenset[str], DisclosureAudit]:
    """Hide published groups until the audit passes: the first that widens, else the cheapest.

    For the first unprotected count, the groups published in its block are tried in
    order of cost; the first whose hiding widens that count's range is hidden. If none
    does alone, the cheapest is hidden and the search goes on. Every group hidden removes
    constraints, so the ranges only widen and this ends (at worst with every hideable
    group hidden; what then remains protected is decided by the markers alone).
    """
    hidden: frozenset[str] = frozenset()
    audit = _audit_model(model, hidden)
    cells = list(audit.cells)
    while not all(c.protected for c in cells):
        failing = next(i for i, c in enumerate(cells) if not c.protected)
        target = model.protect[failing]
        facts = [f for f in model.facts if f.shown(hidden)]
        label = _components(model, facts)
        block = label[target.terms[0][0]]
        costs: dict[str, float] = {}
        for f in facts:
            if f.group and math.isfinite(f.cost) and label[f.terms[0][0]] == block:
                costs[f.group] = min(costs.get(f.group, math.inf), f.cost)
        if not costs:
            break  # nothing left to hide: the report cannot be made safe
        before = cells[failing]
        chosen = None
        order = sorted(costs, key=lambda g: (costs[g], g))
        if target.kind == "newcomers":
            # A newcomers' count is pinned first by this release printing the cell itself:
            # the groups that print its own unknowns are tried first, cheapest first.
            own = {i for i, _ in target.terms}
            touching = {f.group for f in facts if f.group in costs
                        and any(i in own for i, _ in (*f.terms, *f.per))}  # fmt: skip
            # When none of them widens it alone (the count is printed in several tables),
            # the cheapest of them is hidden: the others are never tried.
            order = [g for g in order if g in touching] or order
        for group, (low, high) in zip(order, _trials(model, facts, target, order), strict=True):
            if low < before.low or high > before.high:
                chosen = group
                break
        hidden = hidden | {chosen or order[0]}
        # Hiding removes constraints, so ranges only widen: a protected count stays
        # protected, and only the failing ones are solved again.
        again = [i for i, c in enumerate(cells) if not c.protected]
        redo = dataclasses.replace(model, protect=tuple(model.protect[i] for i in again))
        for i, cell in zip(again, _audit_model(redo, hidden).cells, strict=True):
            cells[i] = cell
    if not hidden:
        return hidden, audit
    # The ranges of the counts protected early were solved before later hiding widened
    # them: the verdict is solved again, whole.
    return hidden, _audit_model(model, hidden)


def _trials(
    model: _Model, facts: Sequence[_Fact], target: _Protect, groups: Sequence[str]
) -> list[tuple[float, float]]:
    """Return the range of `target` with each of `groups` hidden in turn (the others shown).

    One block, one set of constraints less a group's rows per trial: the trials are
    independent, so they are solved together (:func:`_ranges`), not one audit each.
    """
    label = _components(model, facts)
    block = label[target.terms[0][0]]
    keep = [i for i in range(len(model.names)) if label[i] == block]
    index = {v: j for j, v in enumerate(keep)}
    local = [f for f in facts if label[f.terms[0][0]] == block]
    terms = tuple((index[i], a) for i, a in target.terms)
    out: list[tuple[float, float] | None] = []
    items: list[tuple[Terms, _Block]] = []
    for group in groups:
        kept = [_renumber(f, index) for f in local if f.shown(frozenset((group,)))]
        matrix, low, high = _constraints(kept, len(keep))
        if not matrix.shape[0] or _is_box(matrix):
            out.append(_range(terms, matrix, low, high, len(keep)))
            continue
        out.append(None)
        items.append((terms, (matrix, low, high, len(keep), _lp_form(matrix, low, high))))
    solved = iter(_ranges(items))
    return [r if r is not None else next(solved) for r in out]


def disclosure_audit(report: Any) -> DisclosureAudit:
    """Audit a report by linear programming: can a reader recompute a hidden count.

    Every number the report publishes — counts, bases, totals, shares at the precision
    of its JSON output (the most precise format), bounds such as ``"< 5"``, and the
    order of rows — is a linear constraint on the unknown true counts (integers ≥ 0).
    For every hidden count the rule protects (a count from 1 to t − 1, or the complement
    of one in its base), the smallest and largest values it can take are computed with
    HiGHS (``scipy.optimize.milp``, integer counts). The count is protected when this
    range includes its *protection interval*: ``[0, t]`` for a count printed as ``s``
    or not printed (a reader cannot tell whether anyone is there, or whether the count
    is small), ``[1, t − 1]`` for a count printed as ``< t`` (nothing narrows what the
    marker itself says).

    Parameters
    ----------
    report : Report
        A report from :func:`optamstats.report.build_report` (which already hides
        whatever this audit asks for, so its own audit passes).

    Returns
    -------
    DisclosureAudit
        The range of each protected count and the verdict (``passed``).

    Raises
    ------
    InvalidTypeError
        `report` is not a Report.
    InvalidValueError
        A Report assembled by hand: it carries no record of what it publishes.

    Notes
    -----
    The protection interval is the one τ-ARGUS and sdcTable check in their audits:
    the range of a suppressed cell, given every published value, must reach its lower
    and upper protection levels; here they are the cell's distance to 0 and to t.

    References
    ----------
    .. [1] A. Hundepool et al., *Statistical Disclosure Control*, Wiley, 2012, §5.4
       (protection levels, the audit of a suppression pattern).
    .. [2] A. Hundepool et al., *τ-ARGUS version 4.2 user's manual*, Statistics
       Netherlands, 2018, §4.2.3 ("Audit").
    .. [3] B. Meindl, *sdcTable: Methods for Statistical Disclosure Control in Tabular
       Data*, R package, ``protectTable()`` and ``attack()``.

    Examples
    --------
    >>> from optamstats.report import build_report
    >>> audit = disclosure_audit(build_report(lang="en", disclosure_control=True))
    >>> audit.passed, audit.rule, len(audit.cells)
    (True, 'default', 0)
    """
    # A Report is known by the record of what it publishes (its `_disclosure` field),
    # not by its class: the report layer sits above this module, which never imports it.
    if isinstance(report, type) or not hasattr(report, "_disclosure"):
        raise InvalidTypeError(
            f"`report` must be a Report (from `optamstats.report.build_report`); got "
            f"{_show(report)} ({type(report).__name__})."
        )
    model = report._disclosure
    if not isinstance(model, _Model):
        raise InvalidValueError(
            "`report` carries no record of what it publishes (it was assembled by hand); "
            "build it with `optamstats.report.build_report` to audit it."
        )
    return _audit_model(model)
