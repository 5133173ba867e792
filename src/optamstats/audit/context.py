"""One audit run: the figures, the settings, the language, and the counts behind figures.

The findings of every check are built from a :class:`_Run`: it looks up bases and
figures by id, finds the counts behind a figure (its own, the sum of others', or those
that fit its percentage), names a base in the report's language and turns a verdict
into a :class:`~optamstats.audit.findings.Finding`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from optamstats.audit.findings import _SEVERITY_OF, Finding
from optamstats.audit.values import _counts_any_mode, _parse_value
from optamstats.audit.wording import _tr

if TYPE_CHECKING:
    from optamstats.audit.figures import PercentFigure
    from optamstats.audit.published import PublishedFigures


class _Run:
    """One audit run: the figures, the settings and the language."""

    def __init__(
        self, figs: PublishedFigures, lang: str, modes: tuple[str, ...], confidence: float
    ) -> None:
        self.figs = figs
        self.lang = lang
        self.modes = modes
        self.confidence = confidence
        self.bases = {b.id: b for b in figs.bases}
        self.percent = {f.id: f for f in figs.figures}
        self.count_figs = {c.id: c for c in figs.counts}
        self.values = {f.id: _parse_value(f.value, f.decimals, f.tolerance) for f in figs.figures}
        self.in_questions = {ref for q in figs.questions for ref in q.figures}

    def t(self, en: str, fr: str) -> str:
        return _tr(self.lang, en, fr)

    def n_of(self, item: Any) -> int | None:
        if item.n is not None:
            return int(item.n)
        return self.bases[item.base].n if item.base is not None else None

    def base_label(self, base_id: str | None, n: int) -> str:
        """Name a base: ``sector-2 respondents (n = 178)``, ``la base « … » (n = 178)``."""
        if base_id is None:
            return f"n = {n}"
        base = self.bases[base_id]
        if self.lang == "fr":
            return f"la base « {base.label_fr or base.label} » (n = {n})"
        return f"{base.label} (n = {n})"

    def finding(
        self,
        item: Any,
        check: str,
        verdict: str,
        explanation: str,
        alternatives: Sequence[str] = (),
        figure: str | None = None,
    ) -> Finding:
        return Finding(
            figure or item.id,
            check,
            verdict,
            _SEVERITY_OF[verdict],
            explanation,
            tuple(alternatives),
            getattr(item, "source", None),
            getattr(item, "sentence", None),
        )

    # counts behind figures -------------------------------------------------------------

    def counts_of(self, ident: str) -> tuple[int, ...]:
        """Return the counts behind a figure: its count, its sources' sums, or the k that fit."""
        if ident in self.count_figs:
            return (self.count_figs[ident].count,)
        fig = self.percent[ident]
        if fig.count is not None:
            return (fig.count,)
        if fig.count_from:
            return self.sum_counts(fig.count_from)
        n = self.n_of(fig)
        if n is None:
            return ()
        return _counts_any_mode(self.values[ident], n, self.modes)

    def sum_counts(self, refs: Sequence[str]) -> tuple[int, ...]:
        totals = {0}
        for ref in refs:
            ks = self.counts_of(ref)
            if not ks:
                return ()
            totals = {t + k for t in totals for k in ks}
        return tuple(sorted(totals))

    def count_origin(self, item: Any) -> str:
        """Say where the count of a figure or claim comes from: its own, or others' sum."""
        if item.count is not None:
            return self.t("the published count", "l'effectif publié")
        return " + ".join(item.count_from)

    def claim_text(self, relation: str, shown: str) -> str:
        """Word a claim: ``more than 70%``, ``moins de 30 %``, or the value for "equal"."""
        if relation == "equal":
            return shown
        if relation == "greater":
            return self.t(f"more than {shown}", f"plus de {shown}")
        return self.t(f"less than {shown}", f"moins de {shown}")

    def base_chain(self, fig: PercentFigure) -> list[str]:
        """Bases that can contain the figure's counted respondents, innermost first."""
        start: str | None = None
        for ref in fig.count_from:
            item: Any = self.percent.get(ref) or self.count_figs.get(ref)
            if item is not None and item.base is not None:
                start = item.base
                break
        if start is None:
            return [b.id for b in self.figs.bases]
        chain = []
        current: str | None = start
        while current is not None:
            chain.append(current)
            current = self.bases[current].within
        return chain
