"""The headline proportions' section: each count of its base with its Wilson interval."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from optamstats.disclosure import Hidden
from optamstats.disclosure.rules import _is_small
from optamstats.report._model import Column, Section, Table, rate_columns
from optamstats.report._text import t as _t

if TYPE_CHECKING:
    from optamstats.report.control import _Control
    from optamstats.report.counts import SurveyCounts


def _proportion_section(
    c: SurveyCounts, lang: str, confidence: float, control: _Control
) -> tuple[Section, dict[str, Any]]:
    from optamstats.proportions import proportion

    rows: list[tuple[Any, ...]] = []
    results: dict[str, Any] = {}
    hidden_any = nothing_any = False
    for p in c.proportions:
        if p.n == 0:  # nobody answered: a row that says so, not a refused report
            nothing_any = True
            rows.append((p.label, 0, 0, None, None, None, p.base))
            continue
        if control.on and p.key in control.withheld:
            # The count, its share and interval are hidden; the base too when it is
            # defined by a hidden answer (it would give the count back by difference).
            hidden_any = True
            s = Hidden.protecting()
            own = control.small(p.k, p.n)
            k_shown = control.marker(p.k) if own and _is_small(p.k, control.min_cell) else s
            n_shown: Any = p.n if own and not control.blocked(p.depends_on) else s
            rows.append((p.label, k_shown, n_shown, s, s, s, p.base))
            continue
        r = proportion(p.k, p.n, confidence=confidence, base=p.base)
        rows.append((p.label, p.k, p.n, r.estimate, r.low, r.high, p.base))
        results[p.key] = {"k": p.k, "n": p.n, "estimate": r.estimate, "low": r.low,
                          "high": r.high, "method": r.method, "base": p.base,
                          "cite": r.cite(lang=lang)}  # type: ignore[arg-type]  # fmt: skip
    columns = (
        *rate_columns(Column("figure", _t("figure", lang)), _t("low", lang), _t("high", lang)),
        Column("base", _t("base", lang)),
    )
    notes = (_t("hidden_note", lang, t=control.min_cell) if hidden_any else "",
             _t("nothing_row", lang) if nothing_any else "")  # fmt: skip
    note = " ".join(n for n in notes if n)
    table = Table("proportions", _t("props_table", lang), columns, tuple(rows), note)
    title = c.proportions_title or _t("props", lang)
    sampling = c.sampling or _t("sampling_only", lang)
    section = Section("proportions", title, (sampling,), (table,))
    return section, results
