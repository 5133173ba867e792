"""Assemble a survey's analysis into a :class:`~optamstats.report.Report`.

Every number in a report comes from the library's public functions (``proportion``,
``exit_funnel``, ``multiselect_table*``, ``audit_published``) called on the survey's
counts, so the report and a user's own analysis agree to the last digit (tested).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from optamstats._checks import check_choice, check_confidence
from optamstats._typing import RngLike
from optamstats.report._model import Column, Report, Section, Table
from optamstats.report._text import t as _t

if TYPE_CHECKING:
    import pandas as pd

    from optamstats.audit import AuditReport
    from optamstats.datasets import Optam2025

__all__ = [
    "SurveyCounts",
    "build_report",
    "survey_counts_from_aggregates",
    "survey_counts_from_export",
]

THRESHOLD: Final = 0.70
REALISATION: Final = (0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True, slots=True)
class ProportionRow:
    """One published proportion: ``k`` of ``n``, with a label and a base label."""

    key: str
    label: str
    k: int
    n: int
    base: str


@dataclass(frozen=True, slots=True)
class MotiveQuestion:
    """A multi-select question's table (from tallies or from answers) and its title."""

    key: str
    title: str
    table: pd.DataFrame
    base_known: bool = True


@dataclass(frozen=True, slots=True)
class SurveyCounts:
    """What a report needs from a survey, whatever its source (aggregates or export).

    Attributes
    ----------
    title : str
        Survey title.
    flow : tuple of (step, reason, excluded, remaining)
        The attrition flow.
    proportions : tuple of ProportionRow
        Proportions to show with their Wilson intervals.
    funnel : tuple (left, plan, stay, no_answer) or None
        The exit funnel, when the survey has one.
    funnel_base : str
        Who the funnel's members are.
    motives : tuple of MotiveQuestion
        Multi-select tables.
    themes : tuple of (theme label, count, ((sub label, count), ...)) and respondents
        Coded open answers, when published.
    notes : tuple of str
        Printed at the top (e.g. "synthetic data").
    audit : AuditReport or None
        Findings of the audit of published figures.
    lang : str
        The survey's own language (the report's default).
    """

    title: str
    flow: tuple[tuple[str, str, int | None, int], ...]
    proportions: tuple[ProportionRow, ...]
    funnel: tuple[int, int, int, int] | None
    funnel_base: str = ""
    motives: tuple[MotiveQuestion, ...] = ()
    themes: tuple[tuple[str, int, tuple[tuple[str, int], ...]], ...] = ()
    themes_respondents: int | None = None
    notes: tuple[str, ...] = ()
    audit: AuditReport | None = field(default=None)
    lang: str = "fr"


def survey_counts_from_aggregates(
    survey: Optam2025 | None = None, *, lang: str = "fr", confidence: float = 0.95
) -> SurveyCounts:
    """Collect the counts of the published 2025 OPTAM survey for a report.

    Parameters
    ----------
    survey : Optam2025, optional
        The aggregates; :func:`optamstats.datasets.optam_2025` by default.
    lang : {"fr", "en"}
        Language of labels.
    confidence : float
        Level of the motive tables' intervals.

    Returns
    -------
    SurveyCounts

    References
    ----------
    .. [1] Jeunes Médecins, "Enquête sortie de l'OPTAM", survey report, November 2025.

    Examples
    --------
    >>> counts = survey_counts_from_aggregates(lang="en")
    >>> counts.funnel
    (50, 41, 28, 0)
    """
    from optamstats.audit import audit_published
    from optamstats.datasets import optam_2025, optam_2025_published
    from optamstats.multiselect import multiselect_table_from_counts

    s = survey or optam_2025()
    fr = lang == "fr"
    n188, n178, n119 = (_c(s.respondents), _c(s.sector2), _c(s.members))
    left, plan, stay = s.funnel_counts()
    members = "adhérents OPTAM en octobre (S2)" if fr else "sector-2 OPTAM members in October"
    still_in = "adhérents non encore sortis" if fr else "members who had not left"
    sector2 = "répondants de secteur 2" if fr else "sector-2 respondents"
    proportions = (
        ProportionRow("members", _t("p_members", lang), n119, n178, sector2),
        ProportionRow("left", _t("p_left", lang), left, n119, members),
        ProportionRow("plan", _t("p_plan", lang), plan, plan + stay, still_in),
        ProportionRow("stay", _t("p_stay", lang), stay, plan + stay, still_in),
        ProportionRow("combined", _t("p_combined", lang), left + plan, n119, members),
    )
    leavers = s.leavers_motives
    leavers_n = _c(leavers.respondents)
    leavers_table = multiselect_table_from_counts(
        {t.label: _c(t) for t in leavers.tallies}, leavers_n, confidence=confidence
    )
    planners_table = _mentions_only({t.label: _c(t) for t in s.planners_motives.tallies})
    return SurveyCounts(
        title=s.title if fr else "OPTAM exit survey (November 2025)",
        flow=(
            (
                "répondants" if fr else "respondents",
                "répondants retenus" if fr else "respondents kept",
                None,
                n188,
            ),
            (
                "secteur 2" if fr else "sector 2",
                "hors secteur 2" if fr else "not in sector 2",
                n188 - n178,
                n178,
            ),
        ),
        proportions=proportions,
        funnel=(left, plan, stay, 0),
        funnel_base=members,
        motives=(
            MotiveQuestion(
                "leavers", leavers.question + (" (sortis)" if fr else " (leavers)"), leavers_table
            ),
            MotiveQuestion("planners", s.planners_motives.question, planners_table, False),
        ),
        themes=tuple(
            (t.theme.label, _c(t.theme), tuple((x.label, _c(x)) for x in t.subthemes))
            for t in s.expectations
        ),
        themes_respondents=_c(s.expectations_respondents),
        audit=audit_published(optam_2025_published(), lang=lang),
    )


def survey_counts_from_export(
    responses: Any,
    spec: Any,
    *,
    lang: str | None = None,
    confidence: float = 0.95,
    rng: RngLike = 2025,
    notes: Sequence[str] = (),
) -> SurveyCounts:
    """Collect a survey's counts from a respondent-level export and its specification.

    The spec's cohort steps give the attrition flow; each yes/no question with a
    funnel role (``member``, ``left``, ``plans_to_leave``) gives a proportion over the
    respondents who were asked it and answered; ``left`` and ``plans_to_leave`` give
    the exit funnel (with its skip logic); every multi-select question gives a motive
    table with intervals and rank ranges. Free-text answers are never copied.

    Parameters
    ----------
    responses : path, file or DataFrame
        The export (read with :func:`optamstats.read_responses`) or a DataFrame it
        returned.
    spec : path, TOML text or SurveySpec
        The survey specification.
    lang : {"fr", "en"}, optional
        Language of labels; the spec's by default.
    confidence : float
        Level of the motive tables' intervals.
    rng : int, Generator or None
        Seed of the rank bootstrap of the motive tables.
    notes : sequence of str
        Warnings to print at the top of the report (e.g. that the data are synthetic).

    Returns
    -------
    SurveyCounts

    References
    ----------
    .. [1] D. Moher et al., "CONSORT 2010 explanation and elaboration", BMJ 340:c869,
       2010 (the flow of participants).

    Examples
    --------
    >>> from optamstats.datasets import optam_2025_synthetic_export
    >>> export = optam_2025_synthetic_export()
    >>> counts = survey_counts_from_export(export.frame(), export.spec)
    >>> counts.funnel, counts.flow[-1][-1]
    ((50, 41, 28, 0), 178)
    """
    import pandas as pd

    from optamstats.forms import SurveySpec, load_spec, read_responses
    from optamstats.funnel import exit_funnel_from_answers
    from optamstats.multiselect import multiselect_table, parse_multiselect

    survey = spec if isinstance(spec, SurveySpec) else load_spec(spec)
    frame = (
        responses if isinstance(responses, pd.DataFrame) else read_responses(responses, spec=survey)
    )
    language = check_choice("lang", lang or survey.lang, ("fr", "en"))
    cohort = survey.cohort(frame, lang=language)
    flow = tuple(
        (str(r["step"]), str(r["reason"]), None if i == 0 else int(r["excluded"]),
         int(r["remaining"]))
        for i, r in enumerate(cohort.flow.to_dict(orient="records"))
    )  # fmt: skip
    proportions = []
    for role in ("member", "left", "plans_to_leave"):
        for q in survey.questions_with_role(role):
            answered = cohort.base(q.column)[q.column].astype(str).str.strip()
            k = int(answered.isin(q.yes).sum())
            label = q.label.text(language) if q.label else q.column
            base = survey.base_label(q.id, language) or ""
            proportions.append(ProportionRow(q.id, label, k, len(answered), base))
    funnel = None
    funnel_base = ""
    left_qs, plan_qs = (
        survey.questions_with_role("left"),
        survey.questions_with_role("plans_to_leave"),
    )
    if len(left_qs) == 1 and len(plan_qs) == 1:
        lq, pq = left_qs[0], plan_qs[0]
        members = cohort.data[cohort.asked(lq.column).to_numpy(dtype=bool)]
        f = exit_funnel_from_answers(members[lq.column], members[pq.column],
                                     yes=lq.yes + pq.yes, no=lq.no + pq.no)  # fmt: skip
        c = f.counts
        funnel = (c.left, c.plan, c.stay, c.no_answer)
        funnel_base = survey.base_label(lq.id, language) or ""
    motives = []
    for q in survey.questions:
        if q.type != "multi":
            continue
        asked = cohort.data[cohort.asked(q.column).to_numpy(dtype=bool)]
        answers = parse_multiselect(asked[q.column], q.options, sep=q.separator,
                                    other="keep" if q.other else "error")  # fmt: skip
        table = multiselect_table(answers, confidence=confidence, rng=rng)
        title = q.label.text(language) if q.label else q.column
        motives.append(MotiveQuestion(q.id, title, table))
    title = survey.title.text(language) if survey.title else "Survey report"
    return SurveyCounts(
        title=title, flow=flow, proportions=tuple(proportions), funnel=funnel,
        funnel_base=funnel_base, motives=tuple(motives), notes=tuple(notes), lang=survey.lang,
    )  # fmt: skip


def _c(item: Any) -> int:
    if item.count is None:  # pragma: no cover - guarded by the dataset's tests
        raise ValueError(f"{item.label}: count not published")
    return int(item.count)


def _mentions_only(counts: dict[str, int]) -> pd.DataFrame:
    import pandas as pd

    total = sum(counts.values())
    frame = pd.DataFrame({"option": list(counts), "mentions": list(counts.values())})
    frame["pct_mentions"] = 100.0 * frame["mentions"] / total
    return frame.sort_values("mentions", ascending=False, kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- sections


def _flow_section(c: SurveyCounts, lang: str) -> Section:
    columns = (
        Column("step", _t("step", lang)),
        Column("reason", _t("reason", lang)),
        Column("excluded", _t("excluded", lang), "count"),
        Column("remaining", _t("remaining", lang), "count"),
    )
    table = Table("flow", _t("flow_table", lang), columns, tuple(c.flow))
    return Section("flow", _t("flow", lang), tables=(table,), figures=("flow",))


def _flow_figure(c: SurveyCounts, lang: str) -> Any:
    from optamstats.cohort import flow_diagram

    reasons = [c.flow[0][1], *(row[1] for row in c.flow[1:])]
    excluded = [row[2] for row in c.flow]
    remaining = [row[3] for row in c.flow]
    return flow_diagram(reasons, excluded, remaining, lang=lang)


def _proportion_section(
    c: SurveyCounts, lang: str, confidence: float
) -> tuple[Section, dict[str, Any]]:
    from optamstats.proportions import proportion

    rows, results = [], {}
    for p in c.proportions:
        r = proportion(p.k, p.n, confidence=confidence, base=p.base)
        rows.append((p.label, p.k, p.n, r.estimate, r.low, r.high, p.base))
        results[p.key] = {"k": p.k, "n": p.n, "estimate": r.estimate, "low": r.low,
                          "high": r.high, "method": r.method, "base": p.base,
                          "cite": r.cite(lang=lang)}  # type: ignore[arg-type]  # fmt: skip
    columns = (
        Column("figure", _t("figure", lang)),
        Column("k", "k", "count"),
        Column("n", "n", "count"),
        Column("estimate", "%", "percent"),
        Column("low", _t("low", lang), "percent"),
        Column("high", _t("high", lang), "percent"),
        Column("base", _t("base", lang)),
    )
    table = Table("proportions", _t("props_table", lang), columns, tuple(rows))
    section = Section("proportions", _t("props", lang), (_t("sampling_only", lang),), (table,))
    return section, results


def build_report(
    counts: SurveyCounts | None = None,
    *,
    lang: str = "fr",
    confidence: float = 0.95,
    threshold: float = THRESHOLD,
    realisation: Sequence[float] = REALISATION,
    rng: RngLike = None,
) -> Report:
    """Build the full analysis of a survey as a report.

    Parameters
    ----------
    counts : SurveyCounts, optional
        The survey; by default the published 2025 OPTAM survey
        (:func:`survey_counts_from_aggregates`).
    lang : {"fr", "en"}
        Language of the text and number format.
    confidence : float, default 0.95
        Level of every interval.
    threshold : float, default 0.70
        The claim to test on the combined exit rate ("more than 70 %").
    realisation : sequence of float
        Shares of intentions realised, for the scenarios.
    rng : int, Generator or None
        Seed, used only where the bootstrap falls back to Monte Carlo.

    Returns
    -------
    Report
        Render it with :func:`optamstats.report.render`.

    References
    ----------
    .. [1] R. G. Newcombe, Stat. Med. 17:857–872, 1998 (Wilson intervals).
    .. [2] T. J. DiCiccio and B. Efron, Statist. Sci. 11(3):189–228, 1996 (BCa).
    .. [3] N. J. L. Brown and J. A. J. Heathers, "The GRIM test", Soc. Psychol. Personal.
       Sci. 8(4):363–369, 2017 (audit of percentages).

    Examples
    --------
    >>> from optamstats.report import build_report
    >>> report = build_report(lang="en")
    >>> [s.key for s in report.sections][:4]
    ['flow', 'proportions', 'funnel', 'claim']
    >>> round(report.results["funnel"]["combined"]["estimate"], 4)
    0.7647
    """
    lang = check_choice("lang", lang, ("fr", "en"))
    conf = check_confidence(confidence)
    c = counts if counts is not None else survey_counts_from_aggregates(lang=lang, confidence=conf)
    sections = [_flow_section(c, lang)]
    prop_section, prop_results = _proportion_section(c, lang, conf)
    sections.append(prop_section)
    results: dict[str, Any] = {"confidence": conf, "proportions": prop_results}
    figures: dict[str, Any] = {"flow": lambda: _flow_figure(c, lang)}
    if c.funnel is not None:
        funnel_sections, funnel_results, funnel_figure = _funnel_sections(
            c, lang, conf, threshold, realisation, rng
        )
        sections += funnel_sections
        results["funnel"] = funnel_results
        figures["funnel"] = funnel_figure
    if c.motives:
        motive_section, motive_results, motive_figure = _motive_section(c, lang, conf)
        sections.append(motive_section)
        results["motives"] = motive_results
        if motive_figure is not None:
            figures["motives"] = motive_figure
    if c.themes:
        sections.append(_theme_section(c, lang, conf))
    if c.audit is not None:
        section, audit_results = _audit_section(c.audit, lang)
        sections.append(section)
        results["audit"] = audit_results
    return Report(c.title, lang, tuple(sections), c.notes, figures, results)


def _funnel_sections(
    c: SurveyCounts,
    lang: str,
    conf: float,
    threshold: float,
    realisation: Sequence[float],
    rng: RngLike,
) -> tuple[list[Section], dict[str, Any], Any]:
    from optamstats.funnel import exit_funnel
    from optamstats.report.figures import funnel_chart

    assert c.funnel is not None
    left, plan, stay, skip = c.funnel
    f = exit_funnel(left, plan, stay, no_answer=skip, confidence=conf, rng=rng, base=c.funnel_base)
    perc = exit_funnel(left, plan, stay, no_answer=skip, confidence=conf, method="percentile",
                       rng=rng)  # fmt: skip
    b, p = f.combined, perc.combined
    engine = "exact" if b.engine == "exact" else f"B = {b.n_resamples:,}"
    rows = (
        (f"{_t('m_bca', lang)} ({engine})", b.estimate, b.low, b.high),
        (f"{_t('m_perc', lang)} ({engine})", p.estimate, p.low, p.high),
        (_t("m_wilson", lang), f.wilson.estimate, f.wilson.low, f.wilson.high),
        (_t("m_delta", lang), f.delta.estimate, f.delta.low, f.delta.high),
    )
    columns = (
        Column("method", _t("method", lang)),
        Column("estimate", _t("estimate", lang), "percent"),
        Column("low", _t("low", lang), "percent"),
        Column("high", _t("high", lang), "percent"),
    )
    funnel_section = Section(
        "funnel", _t("funnel", lang), (_t("funnel_intro", lang), f.cite(lang=lang)),  # type: ignore[arg-type]
        (Table("funnel", _t("funnel_table", lang), columns, rows),), ("funnel",),
    )  # fmt: skip
    test = f.above(threshold)
    verdict = _t("established" if test.established else "not_established", lang)
    claim_columns = (
        Column("threshold", _t("threshold", lang), "percent"),
        Column("estimate", _t("estimate", lang), "percent"),
        Column("low", _t("bound", lang), "percent"),
        Column("low_exact", _t("bound_exact", lang), "percent"),
        Column("p_value", "p", "p"),
        Column("verdict", _t("verdict", lang)),
    )
    claim_row = (test.threshold, test.estimate, test.low, test.low_exact, test.p_value, verdict)
    claim_section = Section(
        "claim", _t("claim", lang), (test.cite(lang=lang),),  # type: ignore[arg-type]
        (Table("claim", _t("claim_table", lang), claim_columns, (claim_row,)),),
    )  # fmt: skip
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
    scen_section = Section(
        "scenarios", _t("scenarios", lang), (_t("scenarios_intro", lang),),
        (Table("scenarios", _t("scenarios_table", lang), scen_columns, scen_rows),),
    )  # fmt: skip
    results = {
        "counts": {"left": left, "plan": plan, "stay": stay, "no_answer": skip, "n": f.n},
        "combined": {"estimate": b.estimate, "low": b.low, "high": b.high, "method": b.method,
                     "engine": b.engine, "n_resamples": b.n_resamples,
                     "mc_se_low": b.mc_se_low, "mc_se_high": b.mc_se_high},
        "percentile": {"low": p.low, "high": p.high},
        "wilson": {"low": f.wilson.low, "high": f.wilson.high},
        "delta": {"low": f.delta.low, "high": f.delta.high, "se": f.delta.se},
        "claim": {"threshold": test.threshold, "low": test.low, "low_exact": test.low_exact,
                  "p_value": test.p_value, "method": test.method,
                  "established": test.established},
        "scenarios": [list(r) for r in scen_rows],
    }  # fmt: skip
    labels = [_t(k, lang) for k in ("f_left", "f_plan", "f_comb", "f_wilson")]
    title = _t("funnel_title", lang, c=_pct_label(conf, lang))

    def figure() -> Any:
        return funnel_chart(f, labels=labels, title=title, xlabel="%", threshold=threshold)

    return [funnel_section, claim_section, scen_section], results, figure


def _pct_label(confidence: float, lang: str) -> str:
    from optamstats import _format

    return _format.level(confidence, lang)


def _motive_section(c: SurveyCounts, lang: str, conf: float) -> tuple[Section, list[Any], Any]:
    from optamstats.report.figures import forest_plot

    tables, results = [], []
    for q in c.motives:
        records: list[dict[str, Any]] = [
            {str(k): v for k, v in r.items()} for r in q.table.to_dict(orient="records")
        ]
        results.append({"key": q.key, "title": q.title, "table": [_plain(r) for r in records]})
        if not q.base_known:
            columns = [
                Column("option", _t("option", lang)),
                Column("mentions", _t("mentions", lang), "count"),
                Column("pct_mentions", _t("pct_mentions", lang), "percent"),
            ]
            rows = [(r["option"], int(r["mentions"]), r["pct_mentions"] / 100) for r in records]
            tables.append(Table(f"motives-{q.key}", q.title, tuple(columns), tuple(rows),
                                _t("no_base", lang)))  # fmt: skip
            continue
        has_ranks = all(_present(r["rank_low"]) for r in records)
        columns = [
            Column("option", _t("option", lang)),
            Column("mentions", _t("mentions", lang), "count"),
            Column("respondents", _t("respondents", lang), "count"),
            Column("pct_respondents", _t("pct_resp", lang), "percent"),
            Column("low", _t("low", lang), "percent"),
            Column("high", _t("high", lang), "percent"),
            Column("pct_mentions", _t("pct_mentions", lang), "percent"),
        ]
        if has_ranks:
            columns.append(Column("rank", _t("rank", lang), "range"))
        rows = []
        for r in records:
            row: tuple[Any, ...] = (
                r["option"], int(r["mentions"]), int(r["respondents"]),
                r["pct_respondents"] / 100, r["low"] / 100, r["high"] / 100,
                r["pct_mentions"] / 100,
            )  # fmt: skip
            if has_ranks:
                row += ((int(r["rank_low"]), int(r["rank_high"])),)
            rows.append(row)
        note = "" if has_ranks else _t("no_ranks", lang)
        tables.append(Table(f"motives-{q.key}", q.title, tuple(columns), tuple(rows), note))
    first = next((q for q in c.motives if q.base_known), None)
    figure = None
    if first is not None:
        t = first.table
        labels = [str(x) for x in t["option"]]
        est, low, high = (
            [float(x) / 100 for x in t[k]] for k in ("pct_respondents", "low", "high")
        )
        title = _t("forest_title", lang, c=_pct_label(conf, lang))
        xlabel = _t("xlabel", lang)

        def figure() -> Any:
            return forest_plot(labels, est, low, high, title=title, xlabel=xlabel)

    section = Section("motives", _t("motives", lang), (), tuple(tables),
                      ("motives",) if figure is not None else ())  # fmt: skip
    return section, results, figure


def _present(value: Any) -> bool:
    import pandas as pd

    return not bool(pd.isna(value))


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """Return a table row for JSON: numpy scalars as Python numbers, missing values as None."""
    return {k: (None if not _present(v) else v.item() if hasattr(v, "item") else v)
            for k, v in record.items()}  # fmt: skip


def _theme_section(c: SurveyCounts, lang: str, conf: float) -> Section:
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
    rows: list[tuple[Any, ...]] = []
    for label, count, subs in c.themes:
        r = proportion(count, n, confidence=conf)
        rows.append((label, "", count, r.estimate, r.low, r.high))
        for sub, k in subs:
            rows.append(("", sub, k, k / n, None, None))
    table = Table("themes", _t("expectations", lang), columns, tuple(rows))
    return Section("expectations", _t("expectations", lang), tables=(table,))


def _audit_section(audit: AuditReport, lang: str) -> tuple[Section, dict[str, Any]]:
    findings = audit.findings
    shown = [f for f in findings if f.severity != "ok"]
    columns = (
        Column("figure", _t("figure", lang)),
        Column("check", _t("check", lang)),
        Column("severity", _t("severity", lang)),
        Column("explanation", _t("explanation", lang)),
    )
    order = {"error": 0, "warning": 1, "info": 2}
    rows = tuple(
        (f.figure, f.check, f.severity, f.explanation)
        for f in sorted(shown, key=lambda f: order.get(f.severity, 3))
    )
    note = _t("audit_ok", lang, ok=len(findings) - len(shown))
    table = Table("audit", _t("audit", lang), columns, rows, note)
    return Section("audit", _t("audit", lang), tables=(table,)), audit.to_dict()
