"""The exit funnel's sections: its intervals (BCa, percentile, Wilson, delta), scenarios."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from optamstats import _format
from optamstats._typing import RngLike
from optamstats.report._model import Column, Section, Table
from optamstats.report._text import t as _t

if TYPE_CHECKING:
    from optamstats.report.counts import ClaimData, SurveyCounts


def _funnel_sections(
    c: SurveyCounts,
    lang: str,
    conf: float,
    claims: Sequence[ClaimData],
    realisation: Sequence[float],
    rng: RngLike,
) -> tuple[list[Section], dict[str, Any], Any, Any]:
    from optamstats.funnel import exit_funnel
    from optamstats.report._svg_figures import drawing
    from optamstats.resampling.intervals import _reread

    assert c.funnel is not None
    left, plan, stay, skip = c.funnel
    f = exit_funnel(left, plan, stay, no_answer=skip, confidence=conf, rng=rng, base=c.funnel_base)
    b = f.combined
    # The percentile interval from the same resamples (equal to a percentile run with
    # the same seed, without resampling again).
    p_low, p_high = _reread(b, method="percentile", confidence=conf, alternative="two-sided")
    engine = "exact" if b.engine == "exact" else f"B = {_format.count(b.n_resamples, lang)}"
    rows = (
        (f"{_t('m_bca', lang)} ({engine})", b.estimate, b.low, b.high),
        (f"{_t('m_perc', lang)} ({engine})", b.estimate, p_low, p_high),
        (_t("m_wilson", lang), f.wilson.estimate, f.wilson.low, f.wilson.high),
        (_t("m_delta", lang), f.delta.estimate, f.delta.low, f.delta.high),
    )
    columns = (
        Column("method", _t("method", lang)),
        Column("estimate", _t("estimate", lang), "percent"),
        Column("low", _t("low", lang), "percent"),
        Column("high", _t("high", lang), "percent"),
    )
    defaults = [_t(k, lang) for k in ("f_left", "f_plan", "f_comb")]
    labels = [given or default for given, default in zip(c.funnel_labels, defaults, strict=True)]
    stage_a, stage_b = labels[0], labels[1]
    paragraphs = [_t("funnel_intro", lang, a=stage_a, b=stage_b), f.cite(lang=lang)]  # type: ignore[arg-type]
    n_undecided, rule, what = c.undecided
    if n_undecided:
        paragraphs.append(_t(f"undecided_{rule}", lang, what=what, k=n_undecided, b=stage_b))
    funnel_section = Section(
        "funnel", c.funnel_title or _t("funnel", lang), tuple(paragraphs),
        (Table("funnel", _t("funnel_table", lang), columns, rows),), ("funnel",),
    )  # fmt: skip
    sections = [funnel_section]
    scen_rows: tuple[tuple[float, ...], ...] = ()
    if realisation:
        scen = f.scenarios(realisation)
        scen_columns = (
            Column("realisation", _t("realisation", lang), "number"),
            Column("estimate", _t("estimate", lang), "percent"),
            Column("low", _t("low", lang), "percent"),
            Column("high", _t("high", lang), "percent"),
        )
        scen_rows = tuple(
            (float(r["realisation"]), float(r["estimate"]), float(r["low"]), float(r["high"]))
            for r in scen.to_dict(orient="records")
        )
        sections.append(Section(
            "scenarios", _t("scenarios", lang), (_t("scenarios_intro", lang),),
            (Table("scenarios", _t("scenarios_table", lang), scen_columns, scen_rows),),
        ))  # fmt: skip
    results = {
        "counts": {"left": left, "plan": plan, "stay": stay, "no_answer": skip, "n": f.n},
        "base": c.funnel_base,
        "combined": {"estimate": b.estimate, "low": b.low, "high": b.high, "method": b.method,
                     "engine": b.engine, "n_resamples": b.n_resamples,
                     "mc_se_low": b.mc_se_low, "mc_se_high": b.mc_se_high,
                     "k": left + plan, "n": f.n},
        "percentile": {"low": p_low, "high": p_high},
        "wilson": {"low": f.wilson.low, "high": f.wilson.high},
        "delta": {"low": f.delta.low, "high": f.delta.high, "se": f.delta.se},
        "scenarios": [list(r) for r in scen_rows],
        "undecided": {"count": n_undecided, "counted_as": rule},
    }  # fmt: skip
    labels.append(_t("f_wilson", lang))
    title = _t("funnel_title", lang, title=c.funnel_title or _t("funnel", lang),
               c=_format.level(conf, lang))  # fmt: skip
    lines = tuple(x.threshold for x in claims if x.of == "funnel")

    figure = drawing("funnel", f, labels=labels, title=title, xlabel="%",
                     threshold=lines[0] if lines else None, lang=lang)  # fmt: skip

    return sections, results, figure, f
