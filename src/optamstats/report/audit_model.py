"""The report's linear-programming audit: what it prints, read back as constraints.

:func:`_model_of` turns the printed tables into facts on the unknown true counts
(:mod:`optamstats.disclosure`'s LP audit solves them); :func:`_hide_groups` prints
``s`` in the cells the audit asks to hide, and scrubs them from the JSON results.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from optamstats.disclosure import Hidden
from optamstats.report._model import Section
from optamstats.report._text import t as _t
from optamstats.report.claims import _is_funnel_claim
from optamstats.report.flow_section import _flow_groups
from optamstats.report.motives import _scrub_motive

if TYPE_CHECKING:
    from optamstats.report.control import _Control
    from optamstats.report.counts import SurveyCounts


def _model_of(
    c: SurveyCounts,
    sections: Sequence[Section],
    control: _Control,
    rule: str,
    rounding: int = 1,
) -> Any:
    """Read what the report prints into constraints on the true counts (the LP audit).

    Each printed number is a fact on unknown counts (≥ 0): a count, a base, a share (at
    the JSON's precision), a total, a ``< t`` bound. Counts that the report prints in
    several tables are one unknown (the funnel's counts are the ``left`` and
    ``plans_to_leave`` rows). The true counts decide only which quantities are to be
    protected (a count from 1 to t − 1, or the complement of one in its base).
    """
    from optamstats.disclosure.lp import _Fact, _Model, _Protect

    t = control.min_cell
    names: list[str] = []
    facts: list[_Fact] = []
    protect: list[_Protect] = []
    exposed: list[_Protect] = []

    def var(name: str) -> int:
        names.append(name)
        return len(names) - 1

    def count(terms: Any, value: Any, group: str, with_: tuple[str, ...] = ()) -> None:
        if isinstance(value, Hidden):
            if str(value).startswith("<"):  # "< t": from 1 to t − 1
                facts.append(_Fact(terms, 1, t - 1))
            return
        if isinstance(value, int | np.integer):
            v = int(value)
            # A count rounded to a base b (ONS: 5) means the true count is within b // 2 of
            # it: r = 10 published says 8 … 12 (and nothing below 0).
            low, high = max(0, v - rounding // 2), v + rounding // 2
            facts.append(_Fact(terms, low, high, group=group,
                               cost=float(value), hidden_with=with_))  # fmt: skip

    def share(terms: Any, per: Any, value: Any, group: str = "",
              cost: float = math.inf, with_: tuple[str, ...] = ()) -> None:  # fmt: skip
        # Under rounding, shares are computed from the rounded counts, already facts.
        shown = isinstance(value, float | np.floating) and not isinstance(value, Hidden)
        if rounding == 1 and shown:
            v = float(value)
            facts.append(_Fact(terms, v, v, per=per, group=group, cost=cost,
                               hidden_with=with_))  # fmt: skip

    def guard(terms: Any, value: int, label: str) -> None:
        # [0, t], narrowed by the audit only where a marker says more ("< t": 1 to t − 1).
        exposed.append(_Protect(terms, 0, t, label, value=int(value)))
        if control.small(value):
            protect.append(_Protect(terms, 0, t, label))

    tables = {tb.key: tb for section in sections for tb in section.tables}
    # The flow: the start r0 and one exclusion e_i per original step.
    flow = tables.get("flow")
    if flow is not None:
        groups = _flow_groups(c, control)
        r0 = var("flow:start")
        e = [r0] + [var(f"flow:{i}") for i in range(1, len(c.flow))]
        for g, (members, row) in enumerate(zip(groups, flow.rows, strict=True)):
            sums = tuple((e[j], 1.0) for j in members if j > 0)
            upto = ((r0, 1.0), *((e[j], -1.0) for j in range(1, members[-1] + 1)))
            count(upto, row[3], f"T|flow|{g}|3")
            if g == 0:
                continue
            count(sums, row[2], f"T|flow|{g}|2")
            for j in members:
                guard(((e[j], 1.0),), int(c.flow[j][2] or 0), f"flow: {c.flow[j][1]}")
    # The questions' tables; a question asked of everyone adds up to the last remaining.
    from optamstats.report.questions import model_questions

    remaining: tuple[tuple[int, float], ...] | None = None
    remaining_value: int | None = None
    if flow is not None:
        remaining = ((r0, 1.0), *((e[j], -1.0) for j in range(1, len(c.flow))))
        remaining_value = int(c.flow[-1][3])
    reg = model_questions(c.questions, tables, var, count, share, guard, facts, remaining,
                          remaining_value, control)  # fmt: skip

    # True values of the unknowns made here (the funnel's, the proportions', the
    # breakdowns' cells), beside the questions' in the registry.
    cell_truth: dict[int, int] = {}

    def tie(a: Any, b: Any) -> None:
        # a = b where it is true of the data (a true fact can only make the audit
        # stricter, and the form's structure may tell it to a reader).
        known = {**reg.truth, **cell_truth}
        if all(i in known for i, _ in (*a, *b)) and sum(x * known[i] for i, x in a) == sum(
            x * known[i] for i, x in b
        ):
            facts.append(_Fact((*a, *((i, -x) for i, x in b)), 0, 0))

    def answers(qid: str, wanted: Sequence[str]) -> tuple[tuple[int, float], ...]:
        opts = reg.options.get(qid, {})
        targets = {w.strip() for w in wanted}
        return tuple((v, 1.0) for o, v in opts.items() if o.strip() in targets)

    data = {d.key: d for d in c.questions}
    # The funnel: left, plan, stay, no answer; printed whole or not at all.
    funnel: tuple[int, ...] = ()
    k_terms: Any
    n_terms: Any
    if c.funnel is not None:
        funnel = tuple(var(f"funnel:{x}") for x in ("left", "plan", "stay", "no_answer"))
        L, P, S, U = funnel  # noqa: N806
        one = 1.0
        n_left, n_plan, n_stay, n_skip = c.funnel
        cell_truth.update(zip(funnel, c.funnel, strict=True))
        keys = c.funnel_keys if len(c.funnel_keys) > 1 else ("", "")
        lq, pq = data.get(keys[0]), data.get(keys[1])
        if lq is not None and pq is not None and lq.key in reg.options and pq.key in reg.options:
            undecided = answers(pq.key, pq.non_substantive)
            as_stay = c.undecided[1] == "no"
            tie(((L, one),), answers(lq.key, lq.yes))
            tie(((P, one), (S, one), (U, one)), answers(lq.key, lq.no))
            tie(((P, one),), answers(pq.key, pq.yes))
            tie(((S, one),), answers(pq.key, pq.no) + (undecided if as_stay else ()))
            blank = ((reg.blank[pq.key], 1.0),)
            tie(((U, one),), blank + (() if as_stay else undecided))
        if any(_is_funnel_claim(sec) for sec in sections):
            for fv, value in zip(funnel, c.funnel, strict=True):
                facts.append(_Fact(((fv, one),), value, value, group="F", cost=1e12))
        elif control.on:
            n_left, n_plan, n_stay, n_skip = c.funnel
            still = n_plan + n_stay + n_skip
            for terms, value, what in (
                (((L, one),), n_left, "left"),
                (((P, one), (S, one), (U, one)), still, "in"),
                (((P, one),), n_plan, "plan"),
                (((S, one),), n_stay, "stay"),
            ):  # fmt: skip  (item non-response is not protected: docs/methods/disclosure.md)
                guard(terms, value, f"funnel: {what}")
    # Proportions: k and its complement in n, the share k / n (with its interval).
    props = tables.get("proportions")
    if props is not None:
        for j, (p, row) in enumerate(zip(c.proportions, props.rows, strict=True)):
            if funnel and c.funnel is not None and p.key in c.funnel_keys[:2]:
                L, P, S, U = funnel  # noqa: N806
                f_left, f_plan, f_stay, f_skip = c.funnel
                everyone = f_left + f_plan + f_stay + f_skip
                if p.key == c.funnel_keys[0] and (p.k, p.n) == (f_left, everyone):
                    k_terms, n_terms = ((L, 1.0),), ((L, 1.0), (P, 1.0), (S, 1.0), (U, 1.0))
                elif p.key == c.funnel_keys[1] and (p.k, p.n) == (f_plan, f_plan + f_stay):
                    k_terms, n_terms = ((P, 1.0),), ((P, 1.0), (S, 1.0))
                else:
                    k_terms = ()
            else:
                k_terms = ()
            if not k_terms:
                k, rest = var(f"{p.key}:k"), var(f"{p.key}:n-k")
                k_terms, n_terms = ((k, 1.0),), ((k, 1.0), (rest, 1.0))
                cell_truth[k], cell_truth[rest] = p.k, p.n - p.k
            if p.key in reg.options:  # the same counts as the question's own table
                qd = data[p.key]
                tie(k_terms, answers(qd.key, qd.yes))
                tie(n_terms, tuple((v, 1.0) for v in reg.options[qd.key].values()))
            gk, gn = f"T|proportions|{j}|1,3,4,5", f"T|proportions|{j}|2,3,4,5"
            count(k_terms, row[1], gk)
            count(n_terms, row[2], gn)
            share(k_terms, n_terms, row[3], with_=(gk, gn))
            guard(k_terms, p.k, f"{p.key}: k")
            rest_terms = n_terms + tuple((i, -a) for i, a in k_terms)
            guard(rest_terms, p.n - p.k, f"{p.key}: n − k")
    # Breakdowns, cell by cell: for each group of the grouping question, the outcome's
    # yes (k), other answers (r) and blanks (b) are unknowns; a printed row adds up its
    # groups (a pooled row, several). True equalities tie them to what other tables
    # print: the question's own totals, the grouping question's counts (an outcome asked
    # of everyone: k + r + b is the group's count), and a breakdown of the outcome's
    # parent (an outcome asked on the parent's other answers: k + r + b is the parent's
    # r in the same group). Without these, 14 in a specialty table minus the 10 asked
    # the follow-up gave the 4 a pooled row hid.
    bd_cells: dict[tuple[str, str], tuple[dict[str, int], dict[str, int], dict[str, int]]] = {}
    # Response waves are breakdowns by when people answered: the same facts.
    for d in (*c.breakdowns, *c.response_waves):
        bt = tables.get(f"breakdown-{d.key}")
        if bt is None:
            continue
        qid = d.key.split("-by-")[0]
        group_names = [grp for grp, _, _ in d.groups]
        blanks = d.blanks or (0,) * len(group_names)
        kv = {grp: var(f"{bt.key}:{grp}:k") for grp in group_names}
        rv = {grp: var(f"{bt.key}:{grp}:n-k") for grp in group_names}
        bv = {grp: var(f"{bt.key}:{grp}:blank") for grp in group_names}
        for (grp, k, n), b in zip(d.groups, blanks, strict=True):
            cell_truth[kv[grp]], cell_truth[rv[grp]], cell_truth[bv[grp]] = k, n - k, b
            guard(((kv[grp], 1.0),), k, f"{bt.key}: {grp}")
            guard(((rv[grp], 1.0),), n - k, f"{bt.key}: not {grp}")
        bd_cells[(qid, d.by_key)] = (kv, rv, bv)
        shown = {str(row[0]) for row in bt.rows}
        pool = [grp for grp in group_names if grp not in shown]
        for r, row in enumerate(bt.rows):
            row_members = [str(row[0])] if str(row[0]) in kv else pool
            k_row = tuple((kv[grp], 1.0) for grp in row_members)
            n_row = (*k_row, *((rv[grp], 1.0) for grp in row_members))
            group = f"T|{bt.key}|{r}|1,2,3,4,5,6,7,8,9"
            count(k_row, row[1], group)
            count(n_row, row[2], group)
            share(k_row, n_row, row[3], with_=(group,))
        uk, ur = var(f"{bt.key}:unassigned:k"), var(f"{bt.key}:unassigned:n-k")
        ub = var(f"{bt.key}:unassigned:blank")
        facts.append(_Fact(((uk, 1.0), (ur, 1.0)), d.unassigned, d.unassigned))
        if qid not in reg.options:
            continue
        qd = data[qid]
        cell_truth[uk] = int(reg.value(answers(qid, qd.yes))) - sum(k for _, k, _ in d.groups)
        cell_truth[ur] = d.unassigned - cell_truth[uk]
        cell_truth[ub] = d.blank_unassigned
        ks = (*((kv[grp], 1.0) for grp in group_names), (uk, 1.0))
        tie(ks, answers(qid, qd.yes))
        all_answers = tuple((v, 1.0) for v in reg.options[qid].values())
        rs = (*((rv[grp], 1.0) for grp in group_names), (ur, 1.0))
        tie((*ks, *rs), all_answers)
        if not d.blanks:  # blanks by group not counted (response waves): no tie on them
            continue
        bs = (*((bv[grp], 1.0) for grp in group_names), (ub, 1.0))
        tie(bs, ((reg.blank[qid], 1.0),))
        by_opts = reg.options.get(d.by_key, {})
        for grp in group_names:
            asked_g = ((kv[grp], 1.0), (rv[grp], 1.0), (bv[grp], 1.0))
            if qd.everyone and grp in by_opts:
                tie(asked_g, ((by_opts[grp], 1.0),))
            if qd.parent is not None and (qd.parent[0], d.by_key) in bd_cells:
                parent_r = bd_cells[(qd.parent[0], d.by_key)][1]
                if grp in parent_r:
                    tie(asked_g, ((parent_r[grp], 1.0),))
    # Claims on a question: its share of the answers (and n, in the sentence).
    for claim_key, claim_table in tables.items():
        if not claim_key.startswith("claim-q-"):
            continue
        qid = claim_key.removeprefix("claim-q-").rsplit("-", 1)[0]
        claim = next((x for x in c.claims if x.of == qid), None)
        if claim is None or qid not in reg.options:
            continue
        k_terms = answers(qid, claim.answers)
        n_terms = tuple((v, 1.0) for v in reg.options[qid].values())
        facts.append(_Fact(n_terms, claim.n, claim.n))
        share(k_terms, n_terms, claim_table.rows[0][1], with_=(f"T|{claim_key}|0|1,2,3,4",))
    # Motive tables: mentions m_i ≤ base n, shares m_i / n and m_i / Σ m.
    for q in c.motives:
        key = f"motives-{q.key}"
        tb = tables.get(key)
        if tb is None:
            continue
        records = {str(r["option"]): r for r in q.table.to_dict(orient="records")}
        m = {o: var(f"{key}:{o}") for o in records}
        total = tuple((v, 1.0) for v in m.values())
        n_var = var(f"{key}:n") if q.base_known else None
        columns = [col.key for col in tb.columns]
        pm = columns.index("pct_mentions")
        for r, row in enumerate(tb.rows):
            o = str(row[0])
            mi = ((m[o], 1.0),)
            value = int(records[o]["mentions"])
            gm = f"T|{key}|{r}|" + ",".join(
                str(i) for i, name in enumerate(columns) if name not in ("option", "respondents")
            )
            count(mi, row[1], gm)
            share(mi, total, row[pm], f"C|{key}|{pm}", 0.0, (gm,))
            guard(mi, value, f"{key}: {o}")
            if n_var is not None:
                gn = f"C|{key}|2,3,4,5"
                facts.append(_Fact(((n_var, 1.0), (m[o], -1.0)), 0, math.inf))
                count(((n_var, 1.0),), row[2], gn)
                share(mi, ((n_var, 1.0),), row[3], with_=(gm, gn))
                base = int(records[o]["respondents"])
                guard(((n_var, 1.0), (m[o], -1.0)), base - value, f"{key}: not {o}")
    # Free text: each answer's count, their total printed in the note.
    for ft in c.free_text:
        key = f"free-text-{ft.key}"
        tb = tables.get(key)
        if tb is None:
            continue
        from collections import Counter

        tally = Counter(ft.answers)
        cells = [var(f"{key}:{r}") for r in range(len(tb.rows))]
        facts.append(_Fact(tuple((x, 1.0) for x in cells), len(ft.answers), len(ft.answers)))
        for r, row in enumerate(tb.rows):
            count(((cells[r], 1.0),), row[1], f"T|{key}|{r}|1")
            guard(((cells[r], 1.0),), tally[row[0]], f"{key}: answer {r + 1}")
    hidden = sum(isinstance(x, Hidden) for tb in tables.values() for row in tb.rows for x in row)
    return _Model(tuple(names), tuple(facts), tuple(protect), rule, t, rounding, hidden,
                  tuple(exposed))  # fmt: skip


def _hide_groups(
    groups: frozenset[str],
    c: SurveyCounts,
    sections: list[Section],
    results: dict[str, Any],
    figures: dict[str, Any],
    control: _Control,
    lang: str,
) -> tuple[list[Section], set[str]]:
    """Print ``s`` in every cell of the groups the audit hid; scrub the JSON results."""
    s = Hidden.protecting()
    cells: dict[str, set[tuple[int | None, int]]] = {}
    for group in groups:
        kind, *rest = group.split("|")
        if kind == "T":
            cells.setdefault(rest[0], set()).update(
                (int(rest[1]), int(col)) for col in rest[2].split(",")
            )
        elif kind == "C":
            cells.setdefault(rest[0], set()).update((None, int(col)) for col in rest[1].split(","))
    withheld: set[str] = set()
    out = []
    for section in sections:
        if "F" in groups and (section.key in ("funnel", "scenarios") or _is_funnel_claim(section)):
            if section.key == "funnel":
                text = _t("withheld_funnel", lang, m=control.min_cell - 1)
                out.append(Section("funnel", _t("funnel", lang), (text,)))
                results.pop("funnel", None)
                figures.pop("funnel", None)
            continue
        tables = []
        for tb in section.tables:
            where = cells.get(tb.key)
            if not where:
                tables.append(tb)
                continue
            rows = []
            for r, row in enumerate(tb.rows):
                cols = {col for rr, col in where if rr is None or rr == r}
                rows.append(tuple(s if i in cols and not isinstance(v, Hidden) else v
                                  for i, v in enumerate(row)))  # fmt: skip
                if cols and tb.key == "proportions":
                    withheld.add(c.proportions[r].key)
                    results.get("proportions", {}).pop(c.proportions[r].key, None)
                if cols and tb.key.startswith("motives-"):
                    _scrub_motive(results, tb, r, cols)
                if cols:
                    _scrub_row(results, tb, r)
            note = tb.note
            d = next((x for x in c.breakdowns if f"breakdown-{x.key}" == tb.key), None)
            if d is not None:
                # Each row's difference to the rest, and the test of all groups, involve
                # the hidden rows: withheld with them (the note printed the test).
                rows = [(*row[:6], *((s,) * (len(row) - 6))) for row in rows]
                note = _t("breakdown_unassigned", lang, k=d.unassigned) if d.unassigned else ""
            hidden_note = _t("hidden_note", lang, t=control.min_cell)
            if hidden_note not in note:
                note = f"{note} {hidden_note}".strip()
            tables.append(dataclasses.replace(tb, rows=tuple(rows), note=note))
        hit = {tb.key for tb in section.tables if cells.get(tb.key)}
        # A scale's median and mean beside hidden levels would narrow them (as when a
        # level is hidden by the rule: questions._scale_summary).
        tables = [
            tb
            for tb in tables
            if not (tb.key.endswith("-centre") and tb.key.removesuffix("-centre") in hit)
        ]
        for key in hit:
            if key.startswith("claim-q-"):  # the claim's sentence prints its estimate
                tables = [tb for tb in tables if tb.key != key]
                section = dataclasses.replace(
                    section, paragraphs=(_t("claim_withheld", lang, t=control.min_cell),)
                )
                of = key.removeprefix("claim-q-").rsplit("-", 1)[0]
                results["claims"] = [x for x in results.get("claims", []) if x.get("of") != of]
        figs = section.figures
        if hit:
            # A figure draws its table's numbers (the flow diagram prints every count):
            # a cell the audit hides takes the section's figures with it.
            for key in figs:
                figures.pop(key, None)
            figs = ()
        out.append(dataclasses.replace(section, tables=tuple(tables), figures=figs))
    return out, withheld


_WITHHELD_FIELDS = ("k", "estimate", "low", "high", "estimate_substantive", "low_substantive",
                    "high_substantive", "n", "difference", "difference_low", "difference_high",
                    "p_value", "p_adjusted")  # fmt: skip


def _scrub_row(results: dict[str, Any], tb: Any, r: int) -> None:
    """Withhold from the JSON results what a row the audit hid printed (its counts)."""
    label = str(tb.rows[r][0])
    if tb.key.startswith("breakdown-"):
        key = tb.key.removeprefix("breakdown-")
        for entry in results.get("breakdowns", []):
            if entry.get("key") != key or "groups" not in entry:
                continue
            entry["homogeneity"] = None
            for group in entry["groups"]:
                for field in ("difference", "difference_low", "difference_high", "p_value",
                              "p_adjusted"):  # fmt: skip
                    group[field] = None
                if str(group.get("group")) == label:
                    _withhold(group)
        return
    if not tb.key.startswith("q-"):
        return
    key = tb.key.removeprefix("q-")
    boxes = key.endswith("-boxes")
    entry = results.get("questions", {}).get(key.removesuffix("-boxes"))
    if not isinstance(entry, dict):
        return
    summary = entry.get("summary")
    if isinstance(summary, dict):
        summary["median"] = summary["mean"] = None
        if boxes:
            summary["top_box" if r == 0 else "bottom_box"] = None
    if boxes:
        return
    for record in entry.get("table", []):
        if str(record.get("option")) == label:
            _withhold(record, keep=("n",))  # the base is printed above the table


def _withhold(record: dict[str, Any], keep: tuple[str, ...] = ()) -> None:
    for field in _WITHHELD_FIELDS:
        if field in record and field not in keep:
            record[field] = None
    record["suppressed"] = True
