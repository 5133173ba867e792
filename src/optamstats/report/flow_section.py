"""The attrition flow's section: the cohort's steps, small exclusions merged, its diagram."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from optamstats.disclosure import Hidden
from optamstats.report._model import Column, Section, Table
from optamstats.report._text import t as _t

if TYPE_CHECKING:
    from optamstats.report.control import _Control
    from optamstats.report.counts import SurveyCounts


_FLOW_STEPS: Final = ("start", "include", "exclude", "require", "drop_resubmissions")


def _flow_groups(c: SurveyCounts, control: _Control) -> list[list[int]]:
    """Group the steps printed together: a step excluding 1 to t − 1 rows joins the next.

    Each printed row lists the original steps it adds up (the first row, the start,
    is ``[0]``). A small exclusion is merged with the following steps until their sum
    is 0 or at least t; a small sum left at the end joins the previous row.
    """
    groups: list[list[int]] = [[0]]
    current: list[int] = []
    for i in range(1, len(c.flow)):
        current.append(i)
        total = sum(int(c.flow[j][2] or 0) for j in current)
        if not control.small(total):
            groups.append(current)
            current = []
    if current:
        if len(groups) > 1:
            groups[-1] = groups[-1] + current
        else:
            groups.append(current)
    return groups


def _flow_rows(c: SurveyCounts, control: _Control) -> tuple[tuple[Any, ...], ...]:
    """Return the flow as printed: merged steps, reasons joined, small sums as ``< t``."""
    if not control.on:
        return tuple(c.flow)
    rows: list[tuple[Any, ...]] = [c.flow[0]]
    for group in _flow_groups(c, control)[1:]:
        total = sum(int(c.flow[j][2] or 0) for j in group)
        last = c.flow[group[-1]]
        reason = " + ".join(str(c.flow[j][1]) for j in group)
        shown: Any = control.marker(total) if control.small(total) else total
        rows.append((last[0], reason, shown, last[3]))
    return tuple(rows)


def _flow_section(c: SurveyCounts, lang: str, control: _Control) -> Section:
    columns = (
        Column("step", _t("step", lang)),
        Column("reason", _t("reason", lang)),
        Column("excluded", _t("excluded", lang), "count"),
        Column("remaining", _t("remaining", lang), "count"),
    )
    # The cohort's step kinds (`include`, `drop_resubmissions`) are the spec's words:
    # the table says what each step is in the report's language.
    kinds = {k: _t(f"flow_step_{k}", lang) for k in _FLOW_STEPS}
    rows = tuple((kinds.get(r[0], r[0]), *r[1:]) for r in _flow_rows(c, control))
    merged = len(rows) < len(c.flow)
    note = _t("flow_merged", lang, t_1=control.min_cell - 1) if merged else ""
    table = Table("flow", _t("flow_table", lang), columns, rows, note)
    return Section("flow", _t("flow", lang), tables=(table,), figures=("flow",))


def _flow_figure(rows: Sequence[tuple[Any, ...]], lang: str) -> Any:
    from optamstats.report._svg_figures import drawing

    reasons = [rows[0][1], *(row[1] for row in rows[1:])]
    # A hidden exclusion is drawn as its table prints it ("< 5"), never as a number.
    excluded = [None, *(str(row[2]) if isinstance(row[2], Hidden) else row[2] for row in rows[1:])]
    remaining = [row[3] for row in rows]
    return drawing("flow", reasons, excluded, remaining, lang=lang)  # survey.flow.flow_diagram
