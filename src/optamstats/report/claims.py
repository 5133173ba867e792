"""Threshold claims' sections: the one-sided bound, the p-value and the verdict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from optamstats import _format
from optamstats.report._model import Column, Section, Table
from optamstats.report._text import t as _t

if TYPE_CHECKING:
    from optamstats.report.control import _Control
    from optamstats.report.counts import ClaimData


def _claim_sections(
    claims: Sequence[ClaimData], funnel: Any, lang: str, conf: float, control: _Control
) -> tuple[list[Section], list[dict[str, Any]]]:
    """One section per claim: the one-sided bound and p-value, and the verdict."""
    from optamstats.funnel.threshold import _binomial_threshold_test

    sections: list[Section] = []
    results: list[dict[str, Any]] = []
    funnel_claims = 0
    for i, claim in enumerate(claims):
        key = "claim" if i == 0 else f"claim-{i + 1}"
        thr = _format.percent_number(claim.threshold, 1, lang) + (" %" if lang == "fr" else "%")
        text = claim.text or _t(f"claim_{claim.direction}", lang, thr=thr)
        title = _t("claim", lang, text=text)
        above = claim.direction == "above"
        if claim.of == "funnel":
            if funnel is None:
                continue  # withheld or nothing to estimate: said in the funnel section
            if above:
                test = funnel.above(claim.threshold)
            elif funnel.counts.no_answer == 0:
                counts = funnel.counts
                test = _binomial_threshold_test(counts.left + counts.plan, counts.n,
                                                claim.threshold, conf, funnel.estimate,
                                                above=False)  # fmt: skip
            else:
                sections.append(Section(key, title, (_t("claim_below_na", lang),)))
                continue
        else:
            if claim.n == 0 or control.small(claim.k, claim.n):
                reason = "claim_withheld" if claim.n else "nothing_row"
                sections.append(Section(key, title, (_t(reason, lang, t=control.min_cell),)))
                continue
            test = _binomial_threshold_test(claim.k, claim.n, claim.threshold, conf,
                                            claim.k / claim.n, above=above)  # fmt: skip
        verdict = _t("established" if test.established else "not_established", lang)
        bound = "bound" if above else "bound_high"
        columns = (
            Column("threshold", _t("threshold", lang), "percent"),
            Column("estimate", _t("estimate", lang), "percent"),
            Column("low" if above else "high", _t(bound, lang), "percent"),
            Column("low_exact" if above else "high_exact", _t(f"{bound}_exact", lang),
                   "percent"),
            Column("p_value", "p", "p"),
            Column("verdict", _t("verdict", lang)),
        )  # fmt: skip
        row = (test.threshold, test.estimate, test.low, test.low_exact, test.p_value, verdict)
        cite = test.cite(lang=lang) if above else _t(
            "claim_below_cite", lang, est=_format.percent_number(test.estimate, 1, lang),
            thr=thr, high=_format.percent_number(test.low, 1, lang),
            p=_format.p_value(test.p_value, lang), verdict=verdict,
        )  # fmt: skip
        if claim.of == "funnel":
            table_key = "claim" if not funnel_claims else f"claim-funnel-{i + 1}"
            funnel_claims += 1
        else:
            table_key = f"claim-q-{claim.of}-{i + 1}"
        table = Table(table_key, _t("claim_table", lang), columns, (row,))
        sections.append(Section(key, title, (cite,), (table,)))
        record: dict[str, Any] = {
            "of": claim.of, "text": text, "direction": claim.direction,
            "threshold": test.threshold, "estimate": test.estimate, "p_value": test.p_value,
            "method": test.method, "established": test.established, "n": test.n,
            ("low" if above else "high"): test.low,
            ("low_exact" if above else "high_exact"): test.low_exact,
        }  # fmt: skip
        if claim.of != "funnel":
            record["k"] = claim.k
        results.append(record)
    return sections, results


def _is_funnel_claim(section: Section) -> bool:
    """Whether a printed claim section tests the funnel's combined rate."""
    return any(tb.key == "claim" or tb.key.startswith("claim-funnel") for tb in section.tables)
