"""The weighting section: shares raked to the spec's margins beside the unweighted ones."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from optamstats.report._model import Column, Section, Table
from optamstats.report._text import t as _t

if TYPE_CHECKING:
    from optamstats.report.control import _Control
    from optamstats.report.counts import SurveyCounts


def _weighting_section(
    c: SurveyCounts, lang: str, control: _Control
) -> tuple[Section, list[dict[str, Any]]]:
    """Weighted shares beside the unweighted ones, with the design effect.

    A weighted share is printed only when its question's own counts are printed (no
    small count, no withheld dependency): weighted sums are no linear facts for the
    audit, so they may only restate what the report prints anyway.
    """
    columns = (
        Column("figure", _t("figure", lang)),
        Column("unweighted", _t("unweighted", lang), "percent"),
        Column("estimate", _t("weighted", lang), "percent"),
        Column("low", _t("low", lang), "percent"),
        Column("high", _t("high", lang), "percent"),
        Column("design_effect", _t("deff", lang), "number"),
    )
    data = {d.key: d for d in c.questions}
    rows, results = [], []
    for r in c.weighted:
        d = data.get(r.key)
        hidden = control.on and (
            d is None
            or any(control.small(k, d.answered) for k in d.counts)
            or control.blocked(d.depends_on)
            or control.small(r.k, r.n)
        )
        if hidden:
            continue
        rows.append((r.title, r.unweighted, r.estimate, r.low, r.high, r.design_effect))
        results.append({"key": r.key, "k": r.k, "n": r.n, "estimate": r.estimate, "low": r.low,
                        "high": r.high, "method": "wilson (Kish effective n)", "base": r.title,
                        "effective_n": r.effective_n, "design_effect": r.design_effect,
                        "unweighted": r.unweighted})  # fmt: skip
    table = Table("weighted", _t("weighted_table", lang), columns, tuple(rows), c.weighting_note)
    return Section("weighted", _t("weighted_title", lang), (), (table,)), results
