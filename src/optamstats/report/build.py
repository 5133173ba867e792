"""Assemble a survey's analysis into a :class:`~optamstats.report.Report`.

Every number in a report comes from the library's public functions (``proportion``,
``exit_funnel``, ``multiselect_table*``, ``audit_published``) called on the survey's
counts, so the report and a user's own analysis agree to the last digit (tested).

:func:`build_report` puts the sections in reading order, each made by its own module
(``flow_section``, ``proportions_section``, ``funnel_section``, ``claims``, ``layout``
and ``questions``, ``motives``, ``weighting_section``, ``breakdown_sections``,
``nonresponse``, ``open_answers``, ``audit_section``, ``methods``), applies disclosure
control (``control``) and ends with the linear-programming audit of what it prints
(``audit_model``). The survey's counts come from ``export_counts`` or ``aggregates``
(:class:`~optamstats.report.counts.SurveyCounts`); their names are importable from here
too, as before these modules were split out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    OptamstatsError,
    check_choice,
    check_confidence,
)
from optamstats._typing import RngLike
from optamstats.disclosure import DEFAULT_MIN_CELL
from optamstats.report._model import Report, Section
from optamstats.report._text import TEXT
from optamstats.report._text import t as _t
from optamstats.report.aggregates import survey_counts_from_aggregates
from optamstats.report.audit_model import _hide_groups
from optamstats.report.audit_model import _model_of as _model_of
from optamstats.report.audit_section import _audit_section
from optamstats.report.breakdown_sections import _breakdown_sections
from optamstats.report.claims import _claim_sections
from optamstats.report.control import _control, _funnel_withheld, _note_published_small
from optamstats.report.counts import BreakdownData as BreakdownData
from optamstats.report.counts import ClaimData, SurveyCounts
from optamstats.report.counts import FreeText as FreeText
from optamstats.report.counts import MotiveQuestion as MotiveQuestion
from optamstats.report.counts import NonresponseData as NonresponseData
from optamstats.report.counts import ProportionRow as ProportionRow
from optamstats.report.counts import WeightedRow as WeightedRow
from optamstats.report.export_counts import _read_and_code as _read_and_code
from optamstats.report.export_counts import survey_counts_from_export
from optamstats.report.flow_section import _flow_figure, _flow_section
from optamstats.report.funnel_section import _funnel_sections
from optamstats.report.layout import _question_sections
from optamstats.report.methods import _methods_section
from optamstats.report.motives import _motive_section, _motives_as_fractions
from optamstats.report.open_answers import _free_text_section, _theme_section
from optamstats.report.proportions_section import _proportion_section
from optamstats.report.weighting_section import _weighting_section

__all__ = [
    "SurveyCounts",
    "build_report",
    "survey_counts_from_aggregates",
    "survey_counts_from_export",
]


REALISATION: Final = (0.25, 0.5, 0.75, 1.0)


def build_report(
    counts: SurveyCounts | None = None,
    *,
    lang: str = "fr",
    confidence: float = 0.95,
    threshold: float | None = None,
    realisation: Sequence[float] = REALISATION,
    rng: RngLike = None,
    disclosure_control: bool = True,
    min_cell: int = DEFAULT_MIN_CELL,
    include_free_text: bool = False,
    rule: str | None = None,
    previous: Any = None,
) -> Report:
    """Build the full analysis of a survey as a report.

    Disclosure control is on by default: every count computed from respondent-level
    answers (proportions, the funnel, motive tables, free-text tables) is checked
    against `min_cell` with its complement in its base, hidden counts are shown as
    ``< 5`` (or ``s`` when hidden to protect another), their percentages and
    intervals are hidden with them, and whatever depends on a hidden count is withheld
    (``docs/methods/disclosure.md`` states the rule). The attrition flow is printed in
    full, and counts the survey's authors already published are shown as published.

    Parameters
    ----------
    counts : SurveyCounts, optional
        The survey; by default the embedded survey's published counts
        (:func:`survey_counts_from_aggregates`).
    lang : {"fr", "en"}
        Language of the text and number format.
    confidence : float, default 0.95
        Level of every interval.
    threshold : float, optional
        A claim "the combined exit rate is above `threshold`" to test besides the
        claims `counts` holds (the spec's ``[[claim]]`` tables); none by default.
    realisation : sequence of float
        Shares of intentions realised, for the scenarios (the spec's
        ``[funnel] realisation`` when it gives them and this is left at its default).
    rng : int, Generator or None
        Seed, used only where the bootstrap falls back to Monte Carlo.
    disclosure_control : bool, default True
        False prints every count, with a note at the top saying so.
    min_cell : int, default 5
        Smallest count printed (11 under the French health-data practice).
    include_free_text : bool, default False
        Print the free-text answers `counts` holds (collected with
        ``survey_counts_from_export(..., include_free_text=True)``), each question
        only if at least `min_cell` respondents answered it. Off by default: free text
        can name people.
    rule : {"default", "insee", "ons", "health-fr"}, optional
        A named rule of a statistical office, setting the threshold instead of
        `min_cell`: ``"default"`` 5, ``"insee"`` 3, ``"ons"`` 10 with counts rounded to
        5 (the report then prints its tables of rounded counts, shares computed from
        them, and nothing computed from the unrounded answers), ``"health-fr"`` 11
        (SNDS / CASD). Sources in ``docs/methods/disclosure.md``.
        A `min_cell` other than 5 or the rule's threshold is refused (two thresholds).
    previous : path, dict, Report or a list of them, optional
        Earlier releases of the same survey: the path of each one's JSON
        (``optamstats report --format json``), its parsed content, or the Report. The
        disclosure audit then includes what they published, and hides the cells of
        this report that would give, by difference, the answers of the respondents
        who came in between (``docs/methods/disclosure.md``, "Successive releases").

    Returns
    -------
    Report
        Render it with :func:`optamstats.report.render`.

    Raises
    ------
    InvalidValueError, InvalidTypeError
        A bad `counts`, `lang`, `confidence`, `min_cell` or flag; a `previous` that is
        not a report's JSON, or whose counts no answers added since can explain; a
        report that cannot be made safe against a previous release.

    References
    ----------
    .. [1] R. G. Newcombe, Stat. Med. 17:857–872, 1998 (Wilson intervals).
    .. [2] T. J. DiCiccio and B. Efron, Statist. Sci. 11(3):189–228, 1996 (BCa).
    .. [3] N. J. L. Brown and J. A. J. Heathers, "The GRIM test", Soc. Psychol. Personal.
       Sci. 8(4):363–369, 2017 (audit of percentages).
    .. [4] A. Hundepool et al., *Statistical Disclosure Control*, Wiley, 2012.

    Examples
    --------
    >>> from optamstats.report import build_report
    >>> report = build_report(lang="en")
    >>> [s.key for s in report.sections][:4]
    ['flow', 'proportions', 'funnel', 'claim']
    >>> round(report.results["funnel"]["combined"]["estimate"], 4)
    0.7647
    >>> report.results["disclosure"]["control"], report.results["disclosure"]["min_cell"]
    (True, 5)
    """
    from optamstats.disclosure import check_min_cell, check_rule

    lang = check_choice("lang", lang, ("fr", "en"))
    conf = check_confidence(confidence)
    for name, flag in (("disclosure_control", disclosure_control),
                       ("include_free_text", include_free_text)):  # fmt: skip
        if not isinstance(flag, bool):
            raise InvalidTypeError(f"`{name}` must be True or False; got {flag!r}.")
    min_cell = check_min_cell(min_cell)
    releases = _previous_releases(previous)
    # The rule's name says what was applied: "default" is 5; another --min-cell is itself.
    rule_name = "default" if min_cell == DEFAULT_MIN_CELL else f"min-cell {min_cell}"
    rounding = 1
    if rule is not None:
        rule_name, threshold_t, rounding = check_rule(rule)
        if min_cell not in (DEFAULT_MIN_CELL, threshold_t):
            raise InvalidValueError(
                f"`rule` {rule_name!r} sets the threshold to {threshold_t}, and `min_cell` "
                f"asks for {min_cell}; pass one or the other."
            )
        if rounding > 1 and not disclosure_control:
            raise InvalidValueError(
                f"`rule` {rule_name!r} rounds published counts, and `disclosure_control` "
                "is off; pass one or the other."
            )
        min_cell = threshold_t
    if counts is not None and not isinstance(counts, SurveyCounts):
        raise InvalidTypeError(
            "`counts` must be a SurveyCounts (from `survey_counts_from_export` or "
            f"`survey_counts_from_aggregates`) or None; got {type(counts).__name__}."
        )
    c = counts if counts is not None else survey_counts_from_aggregates(lang=lang, confidence=conf)
    control = _control(c, disclosure_control, min_cell)
    if releases and not control.on:
        raise InvalidValueError(
            "`previous` adds earlier releases to the disclosure audit, and this report has "
            "none: disclosure control is off, or every count was already published. Drop "
            "`previous`, or turn disclosure control on."
        )
    notes = list(c.notes)
    if not disclosure_control:
        notes.append(_t("disclosure_off", lang, m=min_cell - 1))
    if include_free_text and c.free_text:
        notes.append(_t("free_text_on", lang))
    for d in c.questions:  # the skip logic disagrees with the answers: said at the top
        if d.answered_not_asked:
            notes.append(_t("not_asked_note", lang, k=d.answered_not_asked, q=d.key))
    sections = [_flow_section(c, lang, control)]
    results: dict[str, Any] = {"confidence": conf, "proportions": {}}
    if c.proportions:
        prop_section, prop_results = _proportion_section(c, lang, conf, control)
        sections.append(prop_section)
        results["proportions"] = prop_results
    flow_rows = sections[0].tables[0].rows
    figures: dict[str, Any] = {"flow": _flow_figure(flow_rows, lang)}
    claims = list(c.claims)
    if threshold is not None:  # a claim on the funnel passed by a Python caller
        from optamstats.funnel.threshold import _check_threshold

        claims.insert(0, ClaimData("funnel", _check_threshold(threshold), "above"))
    funnel = None
    if c.funnel is None and c.funnel_nothing:
        if control.blocked(c.funnel_keys):
            paragraph = _t("withheld_funnel", lang, m=min_cell - 1)
        else:
            paragraph = _t(f"nothing_funnel_{c.funnel_nothing}", lang)
        sections.append(Section("funnel", c.funnel_title or _t("funnel", lang), (paragraph,)))
    if c.funnel is not None:
        if _funnel_withheld(c, control):
            withheld = _t("withheld_funnel", lang, m=min_cell - 1)
            sections.append(Section("funnel", c.funnel_title or _t("funnel", lang), (withheld,)))
        else:
            real = REALISATION if c.realisation is None else c.realisation
            if tuple(realisation) != REALISATION:
                real = tuple(realisation)
            funnel_sections, funnel_results, funnel_figure, funnel = _funnel_sections(
                c, lang, conf, claims, real, rng
            )
            sections += funnel_sections
            results["funnel"] = funnel_results
            figures["funnel"] = funnel_figure
    claim_sections, claim_results = _claim_sections(claims, funnel, lang, conf, control)
    # The claims right after the funnel, before its scenarios (the reading order).
    at = next((i for i, sec in enumerate(sections) if sec.key == "scenarios"), len(sections))
    sections[at:at] = claim_sections
    if claim_results:
        results["claims"] = claim_results
        if "funnel" in results and claim_results[0]["of"] == "funnel":
            results["funnel"]["claim"] = {k: v for k, v in claim_results[0].items() if k != "text"}
    if c.layout:
        question_sections, question_results, motive_list = _question_sections(
            c, lang, conf, control, figures
        )
        sections += question_sections
        results["questions"] = question_results
        if c.motives:
            results["motives"] = motive_list
    elif c.motives:
        motive_section, motive_results, motive_figures = _motive_section(c, lang, conf, control)
        sections.append(motive_section)
        results["motives"] = motive_results
        figures.update(motive_figures)
    if c.weighted:
        w_section, w_results = _weighting_section(c, lang, control)
        sections.append(w_section)
        results["weighted"] = w_results
    if c.breakdowns:
        b_sections, b_results = _breakdown_sections(c, lang, conf, control, rng, figures)
        sections += b_sections
        results["breakdowns"] = b_results
    from optamstats.report.nonresponse import selfselection_sections

    s_sections, s_results = selfselection_sections(c, lang, conf, control)
    sections += s_sections
    results.update(s_results)
    if c.themes:
        sections.append(_theme_section(c, lang, conf, control))
    if include_free_text and c.free_text:
        sections.append(_free_text_section(c, lang, control))
    if c.audit is not None:
        section, audit_results = _audit_section(c.audit, lang)
        sections.append(section)
        results["audit"] = audit_results
    sections.append(_methods_section(c, lang, rule_name, min_cell, rng, disclosure_control))
    # Keys in English whatever the report's language, so that two reports compare.
    ids = {text[lang]: key.removeprefix("m_") for key, text in TEXT.items() if key.startswith("m_")}
    results["methods"] = {ids.get(str(k), str(k)): str(v) for k, v in sections[-1].tables[0].rows}
    if disclosure_control and c.published:
        sections = [_note_published_small(s, lang, min_cell) for s in sections]
    withheld_keys = set(control.withheld)
    if rounding > 1:  # after the rule's hiding (true counts), before the audit (printed ones)
        from optamstats.report.rounding import _round_release

        sections, results = _round_release(c, sections, results, figures, rounding, conf,
                                           lang, min_cell)  # fmt: skip
        notes.append(_t("rounded_release", lang, rule=rule_name, t_1=min_cell - 1, b=rounding))
    model = verdict = None
    if control.on:
        from optamstats.disclosure.lp import _audit_model, _secondary_by_audit
        from optamstats.disclosure.releases import _record, _with_previous

        own = _model_of(c, sections, control, rule_name, rounding)
        model = _with_previous(own, releases)
        _refuse_unprotectable(model)
        hidden_groups, verdict = _secondary_by_audit(model)
        if hidden_groups:
            sections, more = _hide_groups(hidden_groups, c, sections, results, figures,
                                          control, lang)  # fmt: skip
            withheld_keys |= more
            if c.response_waves:
                from optamstats.report.nonresponse import withhold_hidden_waves

                sections = withhold_hidden_waves(sections, results, lang, min_cell)
            # Audit again what is now printed, read afresh from the tables.
            own = _model_of(c, sections, control, rule_name, rounding)
            model = _with_previous(own, releases)
            verdict = _audit_model(model)
        failed = sum(not cell.protected for cell in verdict.cells)
        exposed = [cell.label for cell in verdict.cells
                   if cell.kind == "newcomers" and not cell.protected]  # fmt: skip
        if exposed:  # _refuse_unprotectable let it through: a bug
            raise OptamstatsError(
                f"disclosure audit: newcomers' counts left exposed ({'; '.join(exposed[:5])}); "
                "please report this with the survey's spec."
            )
        if releases:
            notes.append(_t("previous_audited", lang, r=len(releases)))
        if failed:
            notes.append(_t("audit_failed", lang, rule=verdict.rule, failed=failed))
        else:
            notes.append(_t("audit_verdict", lang, rule=verdict.rule, t=min_cell,
                            t_1=min_cell - 1, hidden=verdict.hidden_cells,
                            protected=len(verdict.cells)))  # fmt: skip
    else:  # control off, or counts already public: nothing is hidden, nothing to audit
        from optamstats.disclosure.lp import _Model

        model = own = _Model((), (), (), "default", min_cell)
    _motives_as_fractions(results)
    results["disclosure"] = {
        "control": disclosure_control,
        "min_cell": min_cell,
        "published_aggregates": c.published,
        "withheld": sorted(withheld_keys),
        "free_text": include_free_text and bool(c.free_text),
    }
    if verdict is not None:
        results["disclosure"]["audit"] = verdict.to_dict()
        # What this release publishes, for the audit of the next one (`previous`).
        results["disclosure"]["record"] = _record(own)
    return Report(c.title, lang, tuple(sections), tuple(notes), figures, results, model)


def _previous_releases(previous: object) -> Any:
    """Read `previous` into the releases the audit adds (a Report as its JSON)."""
    from optamstats.disclosure.releases import _read_previous

    if isinstance(previous, Report):
        previous = [previous]
    if isinstance(previous, list | tuple) and any(isinstance(p, Report) for p in previous):
        from optamstats.report.render import report_dict

        previous = [report_dict(p) if isinstance(p, Report) else p for p in previous]
    return _read_previous(previous)


def _refuse_unprotectable(model: Any) -> None:
    """Refuse a report that no hiding can make safe against its previous releases."""
    from optamstats.disclosure.releases import _unprotectable

    exposed = _unprotectable(model)
    if exposed:
        more = f" and {len(exposed) - 5} more" if len(exposed) > 5 else ""
        raise InvalidValueError(
            "`previous`: this report cannot be made safe against the previous release(s): "
            "what it must print (the bases and blanks of each question, the markers) gives, "
            "by difference, counts from 1 to the threshold minus 1 of the respondents who "
            f"came in between ({'; '.join(exposed[:5])}{more}). Publish when more answers "
            "have come in, or leave this release unpublished."
        )
