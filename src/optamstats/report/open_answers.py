"""Open answers' sections: coded themes with their intervals, and free text (opt-in)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from optamstats.disclosure import Hidden
from optamstats.report._model import Column, Section, Table
from optamstats.report._text import t as _t

if TYPE_CHECKING:
    from optamstats.report.control import _Control
    from optamstats.report.counts import SurveyCounts


def _theme_section(c: SurveyCounts, lang: str, conf: float, control: _Control) -> Section:
    from optamstats.proportions import proportion

    assert c.themes_respondents is not None
    n = c.themes_respondents
    columns = (
        Column("theme", _t("theme", lang)),
        Column("subtheme", _t("subtheme", lang)),
        Column("count", _t("count", lang), "count"),
        Column("estimate", f"% / {n}", "percent"),
        Column("low", _t("low", lang), "percent"),
        Column("high", _t("high", lang), "percent"),
    )
    # Coded themes and sub-themes are not additive (an answer may carry several codes),
    # so no count is the difference of others: primary suppression only.
    s = Hidden.protecting()
    hidden_any = False
    rows: list[tuple[Any, ...]] = []
    for label, count, subs in c.themes:
        if control.small(count, n):
            hidden_any = True
            rows.append((label, "", control.marker(count), s, s, s))
        else:
            r = proportion(count, n, confidence=conf)
            rows.append((label, "", count, r.estimate, r.low, r.high))
        for sub, k in subs:
            if control.small(k, n):
                hidden_any = True
                rows.append(("", sub, control.marker(k), s, None, None))
            else:
                rows.append(("", sub, k, k / n, None, None))
    note = _t("hidden_note", lang, t=control.min_cell) if hidden_any else ""
    title = c.themes_title or _t("expectations", lang)
    table = Table("themes", title, columns, tuple(rows), note)
    return Section("expectations", title, tables=(table,))


def _free_text_section(c: SurveyCounts, lang: str, control: _Control) -> Section:
    """Distinct free-text answers in alphabetical order, each question past the threshold."""
    from collections import Counter

    from optamstats.disclosure import suppress_small_cells

    columns = (Column("answer", _t("answer", lang)), Column("count", _t("count", lang), "count"))
    paragraphs, tables = [], []
    for q in c.free_text:
        n = len(q.answers)
        if n == 0:
            continue
        if control.blocked(q.depends_on) or control.small(n):
            paragraphs.append(_t("free_text_withheld", lang, title=q.title, t=control.min_cell))
            continue
        tally = Counter(q.answers)
        texts = sorted(tally, key=lambda text: (text.casefold(), text))
        counts = [tally[text] for text in texts]
        if control.on:
            table = suppress_small_cells(counts, control.min_cell, audit=False)  # as above
            shown: list[Any] = [
                table.label(i) if table.status[i] else counts[i] for i in range(len(texts))
            ]
        else:
            shown = counts
        note = _t("free_text_note", lang, n=n)
        if control.on and any(isinstance(v, Hidden) for v in shown):
            note += " " + _t("hidden_note", lang, t=control.min_cell)
        rows = tuple(zip(texts, shown, strict=True))
        tables.append(Table(f"free-text-{q.key}", q.title, columns, rows, note))
    return Section("free-text", _t("free_text", lang), tuple(paragraphs), tuple(tables))
