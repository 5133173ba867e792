"""Disclosure control of one report: which counts it hides, and how it shows them.

The rule itself (a count or its complement from 1 to t − 1) is
:func:`optamstats.disclosure.needs_suppression`; this module applies it to a survey's
counts: the proportions withheld with what depends on them, the funnel shown whole or
not at all, and the note under published tables that show small counts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from optamstats.disclosure import Hidden
from optamstats.disclosure.rules import _is_small
from optamstats.report._model import Section
from optamstats.report._text import t as _t

if TYPE_CHECKING:
    from optamstats.report.counts import SurveyCounts


@dataclass(frozen=True, slots=True)
class _Control:
    """Disclosure control of one report: what is hidden, and how it is shown.

    ``on`` is False when control is off or when every count was already published;
    ``withheld`` holds the keys of the proportions and questions withheld, closed under
    ``depends_on`` (a base defined by a withheld answer gives it back by difference).
    """

    on: bool
    min_cell: int
    withheld: frozenset[str] = frozenset()

    def small(self, k: int, n: int | None = None) -> bool:
        from optamstats.disclosure import needs_suppression

        return self.on and bool(needs_suppression(k, n, min_cell=self.min_cell))

    def marker(self, k: int) -> Hidden:
        """``< t`` for a count from 1 to t − 1, ``s`` for anything else hidden."""
        if _is_small(k, self.min_cell):
            return Hidden.below(self.min_cell)
        return Hidden.protecting()

    def blocked(self, depends_on: Sequence[str]) -> bool:
        return self.on and any(key in self.withheld for key in depends_on)


def _control(c: SurveyCounts, on: bool, min_cell: int) -> _Control:
    if not on or c.published:
        return _Control(False, min_cell)
    probe = _Control(True, min_cell)
    withheld: set[str] = set()
    changed = True
    while changed:  # a fixed point: dependencies may chain (member → left → plan)
        changed = False
        for p in c.proportions:
            if p.key not in withheld and (
                probe.small(p.k, p.n) or any(d in withheld for d in p.depends_on)
            ):
                withheld.add(p.key)
                changed = True
    return _Control(True, min_cell, frozenset(withheld))


def _funnel_withheld(c: SurveyCounts, control: _Control) -> bool:
    """Tell whether the funnel is withheld: it is shown whole or not at all."""
    if not control.on or c.funnel is None:
        return False
    left, plan, stay, skip = c.funnel
    still_in = plan + stay + skip
    return (
        control.blocked(c.funnel_keys)
        or control.small(left, left + still_in)
        or (still_in > 0 and (control.small(plan, still_in) or control.small(stay, still_in)))
    )  # item non-response (skip) is printed as it is: see docs/methods/disclosure.md


def _note_published_small(section: Section, lang: str, min_cell: int) -> Section:
    """Say so under each table of published counts that shows a count below `min_cell`."""
    tables = []
    for table in section.tables:
        counts = [i for i, col in enumerate(table.columns) if col.kind == "count"]
        small = any(
            isinstance(row[i], int) and _is_small(row[i], min_cell)
            for row in table.rows
            for i in counts
        )
        if small and table.key not in ("flow", "audit"):
            extra = _t("published_small", lang, t=min_cell)
            note = f"{table.note} {extra}" if table.note else extra
            table = dataclasses.replace(table, note=note)
        tables.append(table)
    return dataclasses.replace(section, tables=tuple(tables))
