"""Breakdown sections: each group's rate against the rest, Holm-adjusted, and its forest plot."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from optamstats import _format
from optamstats._typing import RngLike
from optamstats.report._model import Column, Section, Table, rate_columns
from optamstats.report._text import TEXT
from optamstats.report._text import t as _t

if TYPE_CHECKING:
    from optamstats.report.control import _Control
    from optamstats.report.counts import SurveyCounts


def _breakdown_sections(
    c: SurveyCounts,
    lang: str,
    conf: float,
    control: _Control,
    rng: RngLike,
    figures: dict[str, Any],
) -> tuple[list[Section], list[dict[str, Any]]]:
    """One section per breakdown: each group's rate, against the rest, Holm-adjusted.

    Groups whose count or complement is from 1 to t − 1 are pooled (never dropped: a
    dropped group is the total minus the others), by :func:`optamstats.breakdown`'s rule.
    """
    from optamstats.breakdowns import breakdown_from_counts
    from optamstats.breakdowns.groups import _disclose

    sections: list[Section] = []
    results: list[dict[str, Any]] = []
    columns = (
        *rate_columns(Column("group", _t("group", lang)), _t("low", lang), _t("high", lang)),
        Column("difference", _t("diff_rest", lang), "points"),
        Column("difference_low", _t("diff_low", lang), "points"),
        Column("difference_high", _t("diff_high", lang), "points"),
        Column("p_adjusted", _t("p_holm", lang), "p"),
    )
    for d in c.breakdowns:
        key = f"breakdown-{d.key}"
        total_k = sum(k for _, k, _ in d.groups)
        total_n = sum(n for _, _, n in d.groups)
        if (
            control.blocked(d.depends_on)
            or len(d.groups) < 2
            or (control.on and control.small(total_k, total_n))
        ):
            single = len(d.groups) < 2 and not control.blocked(d.depends_on)
            reason = "one_group" if single else "withheld_table"
            text = _t(reason, lang, title=d.title, t=control.min_cell)
            sections.append(Section(key, d.title, (text,)))
            results.append({"key": d.key, "title": d.title, "withheld": True})
            continue
        labels = [g for g, _, _ in d.groups]
        ks, ns = [k for _, k, _ in d.groups], [n for _, _, n in d.groups]
        min_cell = control.min_cell if control.on else 1
        shown = _disclose(labels, np.asarray(ks), np.asarray(ns), min_cell, "")[0]
        if len(shown) < 2:  # everything pooled by the breakdown's rule: one group is the total
            text = _t("withheld_table", lang, title=d.title, t=control.min_cell)
            sections.append(Section(key, d.title, (text,)))
            results.append({"key": d.key, "title": d.title, "withheld": True})
            continue
        b = breakdown_from_counts(
            ks, ns, labels, confidence=conf, min_cell=min_cell, merged_label=_t("merged", lang),
            rng=rng, outcome=d.outcome, by=d.by, lang=lang,
        )  # fmt: skip
        rows = tuple(
            (g, int(b.k[i]), int(b.n[i]), float(b.estimate[i]), float(b.low[i]),
             float(b.high[i]), float(b.difference[i]), float(b.difference_low[i]),
             float(b.difference_high[i]), float(b.p_adjusted[i]))
            for i, g in enumerate(b.groups)
        )  # fmt: skip
        h = b.homogeneity
        method = TEXT[h.method][lang] if h.method in TEXT else h.method
        note = _t("breakdown_note", lang, p=_format.p_value(h.p_value, lang), method=method)
        if b.merged:
            note += " " + _t("breakdown_merged", lang, groups=", ".join(b.merged),
                             label=b.merged_label)  # fmt: skip
        if d.unassigned:
            note += " " + _t("breakdown_unassigned", lang, k=d.unassigned)
        table = Table(key, d.title, columns, rows, note)
        labels = list(b.groups)
        est, low, high = (list(map(float, x)) for x in (b.estimate, b.low, b.high))
        title = _t("forest_title", lang, title=d.title, c=_format.level(conf, lang))

        from optamstats.report._svg_figures import drawing

        figures[key] = drawing("forest", labels, est, low, high, title=title,
                               xlabel=_t("xlabel", lang), lang=lang)  # fmt: skip
        sections.append(Section(key, d.title, (), (table,), (key,)))
        results.append({
            "key": d.key, "title": d.title, "outcome": d.outcome, "by": d.by,
            "groups": [{"group": g, "k": int(b.k[i]), "n": int(b.n[i]),
                        "estimate": float(b.estimate[i]), "low": float(b.low[i]),
                        "high": float(b.high[i]), "method": "wilson", "base": g,
                        "difference": float(b.difference[i]),
                        "difference_low": float(b.difference_low[i]),
                        "difference_high": float(b.difference_high[i]),
                        "p_value": float(b.p_value[i]), "p_adjusted": float(b.p_adjusted[i])}
                       for i, g in enumerate(b.groups)],
            "merged": list(b.merged), "unassigned": d.unassigned,
            "homogeneity": {"p_value": float(h.p_value), "method": h.method},
            "adjust": b.adjust,
        })  # fmt: skip
    return sections, results
