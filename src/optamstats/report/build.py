"""Assemble a survey's analysis into a :class:`~optamstats.report.Report`.

Every number in a report comes from the library's public functions (``proportion``,
``exit_funnel``, ``multiselect_table*``, ``audit_published``) called on the survey's
counts, so the report and a user's own analysis agree to the last digit (tested).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from optamstats import _format
from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    check_choice,
    check_confidence,
)
from optamstats._typing import RngLike
from optamstats.disclosure import DEFAULT_MIN_CELL, Hidden
from optamstats.report._model import Column, Report, Section, Table
from optamstats.report._text import TEXT
from optamstats.report._text import t as _t
from optamstats.report.questions import QuestionData, _ancestors

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

REALISATION: Final = (0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True, slots=True)
class ProportionRow:
    """One proportion: ``k`` of ``n``, with a label and a base label.

    ``depends_on`` lists the keys of the questions whose answers define the base (skip
    logic): when one of them is withheld by disclosure control, so is this row, since
    its base would give the withheld count back by difference.
    """

    key: str
    label: str
    k: int
    n: int
    base: str
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MotiveQuestion:
    """A multi-select question's table (from tallies or from answers) and its title.

    ``nothing`` says why there is no table when nobody answered: ``"not_asked"`` (the
    skip logic selected no respondent, e.g. a leavers' question when nobody has left)
    or ``"all_blank"`` (everyone asked left it blank); ``""`` when there is a table.
    ``options`` is the form's order of the options: hidden rows are printed in it
    (never in the order of their hidden counts); empty means alphabetical.
    """

    key: str
    title: str
    table: pd.DataFrame
    base_known: bool = True
    depends_on: tuple[str, ...] = ()
    nothing: str = ""
    options: tuple[str, ...] = ()
    base: str = ""


@dataclass(frozen=True, slots=True)
class FreeText:
    """The free-text answers to one question (collected only when asked for).

    ``answers`` holds the non-blank answers of the respondents who were asked, with
    control characters removed; ``depends_on`` as for :class:`ProportionRow`.
    """

    key: str
    title: str
    answers: tuple[str, ...]
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimData:
    """A threshold claim to test, with the counts it is about.

    ``of`` is ``"funnel"`` (the combined exit rate; `k` and `n` unused) or a question
    id, whose `k` answers out of `n` the claim is about.
    """

    of: str
    threshold: float
    direction: str = "above"
    text: str = ""
    k: int = 0
    n: int = 0
    title: str = ""
    answers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BreakdownData:
    """One question broken down by a grouping question: counts per group, unmerged.

    ``groups`` holds (group, k, n) in the grouping question's order; small groups are
    pooled when the report is built, by its disclosure threshold.
    """

    key: str
    title: str
    outcome: str
    by: str
    by_key: str
    groups: tuple[tuple[str, int, int], ...]
    unassigned: int = 0
    depends_on: tuple[str, ...] = ()
    blanks: tuple[int, ...] = ()
    blank_unassigned: int = 0


@dataclass(frozen=True, slots=True)
class NonresponseData:
    """How many were invited, and the range of the non-respondents' rate (``[fieldwork]``).

    ``respondents`` is the cohort (complete, eligible answers); everyone else invited
    counts as a non-respondent who could belong to any question's base.
    """

    invited: int
    respondents: int
    rate: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class WeightedRow:
    """A yes/no question's share, raked to the spec's population margins.

    ``estimate``, ``low`` and ``high`` are fractions (Wilson on Kish's effective n);
    ``unweighted`` is the plain share of the same respondents.
    """

    key: str
    title: str
    k: int
    n: int
    estimate: float
    low: float
    high: float
    effective_n: float
    design_effect: float
    unweighted: float


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
    published : bool
        True when every count is an aggregate the survey's authors already published
        (:func:`survey_counts_from_aggregates`): disclosure control then hides nothing,
        as hiding public figures protects no one. False for counts computed here.
    funnel_keys : tuple of str
        Keys of the proportions the funnel is made of (withheld together).
    free_text : tuple of FreeText
        Free-text answers, only when collected with ``include_free_text=True``.
    funnel_nothing : str
        Why the survey's funnel has nothing to estimate (`funnel` is then None):
        ``"not_asked"`` (nobody was asked the ``left`` question) or ``"all_blank"``
        (nobody answered it); ``""`` otherwise.
    questions : tuple of QuestionData
        Every single-choice, yes/no, scale, number and text question, counted (one
        section each); multi-select questions are in `motives`.
    layout : tuple of (title, question ids, text)
        The spec's ``[[section]]`` grouping; empty: one section per question in the
        spec's order.
    claims : tuple of ClaimData
        Threshold claims to test (the spec's ``[[claim]]``).
    funnel_title, funnel_labels : str, (str, str, str)
        Heading of the funnel section, and the figure's labels of its stages (left,
        planning, combined); empty: generic ones.
    realisation : tuple of float or None
        Shares for the scenarios table (None: the report's default; empty: none).
    undecided : (int, str, str)
        Non-substantive answers to the funnel's plan question, how they were counted
        (``"no"`` or ``"no_answer"``) and their label.
    sampling : str
        The sampling caveat printed under the proportions (the spec's
        ``[fieldwork] caveat``); empty: a generic one.
    methods : tuple of (label, value)
        The methods footer: fieldwork, mode, invitation, input and spec SHA-256.
    proportions_title : str
        Heading of the proportions section (empty: a generic one).
    themes_title : str
        Heading of the coded open answers (empty: a generic one).
    breakdowns : tuple of BreakdownData
        Questions broken down by a grouping question (``[[breakdown]]``, ``--by``).
    weighted : tuple of WeightedRow
        Yes/no questions raked to the spec's ``[weighting]`` margins.
    weighting_note : str
        Where the margins come from, and who could not be weighted.
    response_waves : tuple of BreakdownData
        Each yes/no question by response wave, earliest first (``[fieldwork]
        early_late``).
    nonresponse : NonresponseData or None
        How many were invited, for the response rate and the non-response bounds
        (``[fieldwork] invited``).
    margins : tuple of (question id, ((option, share), ...))
        The spec's ``[weighting]`` margins, for respondents against the population.
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
    published: bool = False
    funnel_keys: tuple[str, ...] = ()
    free_text: tuple[FreeText, ...] = ()
    funnel_nothing: str = ""
    questions: tuple[QuestionData, ...] = ()
    layout: tuple[tuple[str, tuple[str, ...], str], ...] = ()
    claims: tuple[ClaimData, ...] = ()
    funnel_title: str = ""
    funnel_labels: tuple[str, str, str] = ("", "", "")
    realisation: tuple[float, ...] | None = None
    undecided: tuple[int, str, str] = (0, "no", "")
    sampling: str = ""
    methods: tuple[tuple[str, str], ...] = ()
    proportions_title: str = ""
    themes_title: str = ""
    breakdowns: tuple[BreakdownData, ...] = ()
    weighted: tuple[WeightedRow, ...] = ()
    weighting_note: str = ""
    response_waves: tuple[BreakdownData, ...] = ()
    nonresponse: NonresponseData | None = None
    margins: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = ()


def survey_counts_from_aggregates(
    survey: Optam2025 | None = None, *, lang: str = "fr", confidence: float = 0.95
) -> SurveyCounts:
    """Collect the counts of the embedded survey, as its authors published them.

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

    Raises
    ------
    InvalidTypeError, InvalidValueError
        A `survey` that is not an ``Optam2025``, a bad `lang` or `confidence`.

    References
    ----------
    .. [1] The survey's report and sources: :func:`optamstats.datasets.optam_2025`.

    Examples
    --------
    >>> counts = survey_counts_from_aggregates(lang="en")
    >>> counts.funnel
    (50, 41, 28, 0)
    """
    # The 2025 survey's counts and words live with its data, not in the report engine.
    from optamstats.datasets._optam_2025_report import counts_of_2025

    return counts_of_2025(survey, lang=lang, confidence=confidence)


def survey_counts_from_export(
    responses: Any,
    spec: Any,
    *,
    lang: str | None = None,
    confidence: float = 0.95,
    rng: RngLike = 2025,
    notes: str | Sequence[str] = (),
    include_free_text: bool = False,
    by: str | Sequence[str] = (),
) -> SurveyCounts:
    """Collect a survey's counts from a respondent-level export and its specification.

    The spec's cohort steps give the attrition flow; each yes/no question with a
    funnel role (``member``, ``left``, ``plans_to_leave``) gives a proportion over the
    respondents who were asked it and answered; ``left`` and ``plans_to_leave`` give
    the exit funnel (with its skip logic); every multi-select question gives a motive
    table with intervals and rank ranges. Free-text answers are not copied unless
    `include_free_text` (and :func:`build_report` prints them only when asked too).

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
    notes : str or sequence of str
        Warnings to print at the top of the report (e.g. that the data are synthetic);
        a single string is one note.
    include_free_text : bool, default False
        Also collect the answers to ``type = "text"`` questions and the "Other" texts of
        multi-select questions (control characters removed).
    by : str or sequence of str
        Grouping questions (ids): every yes/no question of the spec is broken down by
        each, besides the spec's own ``[[breakdown]]`` tables (``--by`` on the command
        line).

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

    from optamstats.multiselect import multiselect_table

    if not isinstance(include_free_text, bool):
        raise InvalidTypeError(
            f"`include_free_text` must be True or False; got {include_free_text!r}."
        )
    # A plain string is one note, not one note per character.
    notes = (notes,) if isinstance(notes, str) else notes
    if not isinstance(notes, Sequence) or not all(isinstance(note, str) for note in notes):
        raise InvalidTypeError(
            f"`notes` must be a note (a string) or a list of them; got {notes!r:.60}."
        )
    by = (by,) if isinstance(by, str) else tuple(by)
    if not all(isinstance(x, str) for x in by):
        raise InvalidTypeError(f"`by` must be a question id or a list of them; got {by!r:.60}.")
    coded = _read_and_code(responses, spec, lang, include_free_text, by)
    motives = []
    free_text = []
    for q, title, answers in coded.answers:
        if isinstance(answers, FreeText):
            free_text.append(answers)
            continue
        if answers.n_answered == 0:  # a valid export: the report says there is nothing
            nothing = "not_asked" if len(answers.indicators) == 0 else "all_blank"
            empty = MotiveQuestion(q.id, title, pd.DataFrame(), nothing=nothing,
                                   depends_on=_ancestors(coded.survey, q))  # fmt: skip
            motives.append(empty)
            continue
        table = multiselect_table(answers, confidence=confidence, rng=rng)
        base = coded.survey.base_label(q.id, coded.language) or ""
        motives.append(MotiveQuestion(q.id, title, table, depends_on=_ancestors(coded.survey, q),
                                      options=tuple(q.options), base=base))  # fmt: skip
        if include_free_text and q.other:
            others = tuple(t for t in answers.other.astype(str).map(_printable) if t)
            other_title = f"{title} ({'autre' if coded.language == 'fr' else 'other'})"
            free_text.append(FreeText(f"{q.id}-other", other_title, others,
                                      (*_ancestors(coded.survey, q), q.id)))  # fmt: skip
    survey = coded.survey
    language = coded.language
    title = survey.title.text(language) if survey.title else _t("untitled", language)
    layout = tuple(
        (sec.title.text(language) if sec.title else "", sec.questions,
         sec.text.text(language) if sec.text else "")
        for sec in survey.sections
    ) or (("", survey.ids, ""),)  # fmt: skip
    listed = {qid for _, ids, _ in layout for qid in ids}
    if any(qid not in listed for qid in survey.ids):  # never left out: printed last
        rest = tuple(qid for qid in survey.ids if qid not in listed)
        layout = (*layout, (_t("other_questions", language), rest, ""))
    declared = survey.funnel
    funnel_title, labels, realisation = "", ("", "", ""), None
    pair = _funnel_questions(survey)
    if pair is not None:
        labels = (pair[0].title(language), pair[1].title(language), "")
    if declared is not None:
        funnel_title = declared.title.text(language) if declared.title else ""
        texts = [x.text(language) if x is not None else labels[j]
                 for j, x in enumerate(declared.labels)]  # fmt: skip
        labels = (texts[0], texts[1], texts[2])
        realisation = declared.realisation
    fieldwork = survey.fieldwork
    sampling = ""
    if fieldwork is not None and fieldwork.caveat is not None:
        sampling = fieldwork.caveat.text(language)
    elif survey.note is not None:  # the spec's own words on how it was run, then the rule
        sampling = f"{survey.note.text(language).rstrip()} {_t('sampling_tail', language)}"
    return SurveyCounts(
        title=title, flow=coded.flow, proportions=coded.proportions, funnel=coded.funnel,
        funnel_base=coded.funnel_base, motives=tuple(motives), notes=tuple(notes),
        lang=survey.lang, funnel_keys=coded.funnel_keys, free_text=tuple(free_text),
        funnel_nothing=coded.funnel_nothing, questions=coded.questions, layout=layout,
        claims=coded.claims, funnel_title=funnel_title, funnel_labels=labels,
        realisation=realisation, undecided=coded.undecided, sampling=sampling,
        methods=_methods(survey, language, responses, spec), breakdowns=coded.breakdowns,
        weighted=coded.weighted, weighting_note=coded.weighting_note,
        response_waves=coded.response_waves, nonresponse=coded.nonresponse,
        margins=survey.weighting.margins if survey.weighting is not None else (),
    )  # fmt: skip


def _sha256_of(source: Any) -> str:
    """SHA-256 of a file given by path, or of a text; "" for anything else."""
    import hashlib
    import os

    if isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source):
        try:
            with open(source, "rb") as handle:
                return hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError:
            return ""
    if isinstance(source, str):
        return hashlib.sha256(source.encode("utf-8")).hexdigest()
    return ""


def _methods(survey: Any, lang: str, responses: Any, spec: Any) -> tuple[tuple[str, str], ...]:
    """Return the methods footer's lines from the survey: fieldwork, files' SHA-256."""
    rows: list[tuple[str, str]] = []
    fw = survey.fieldwork
    if fw is not None:
        if fw.start or fw.end:
            rows.append((_t("m_fieldwork", lang), f"{fw.start or '?'} – {fw.end or '?'}"))
        for name in ("mode", "invitation", "caveat"):
            value = getattr(fw, name)
            if value is not None:
                rows.append((_t(f"m_{name}", lang), value.text(lang)))
        if fw.reminders:
            rows.append((_t("m_reminders", lang), ", ".join(fw.reminders)))
    digest = _sha256_of(responses)
    if digest:
        rows.append((_t("m_input", lang), digest))
    spec_source = spec if not hasattr(spec, "source") else spec.source
    digest = _sha256_of(spec_source) if spec_source != "<text>" else ""
    if digest:
        rows.append((_t("m_spec", lang), digest))
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class _CodedExport:
    """The parse step of :func:`survey_counts_from_export`: read, cohort, answers coded.

    Everything the report takes from the respondents' rows, before any statistic: the
    flow, the proportions' counts, the funnel's counts and, in the spec's order, each
    multi-select question's parsed answers and each free-text question's answers
    (``(question, title, MultiSelectAnswers or FreeText)``).
    """

    survey: Any
    language: str
    flow: tuple[tuple[str, str, int | None, int], ...]
    proportions: tuple[ProportionRow, ...]
    funnel: tuple[int, int, int, int] | None
    funnel_base: str
    funnel_keys: tuple[str, ...]
    answers: tuple[tuple[Any, str, Any], ...]
    funnel_nothing: str = ""
    questions: tuple[QuestionData, ...] = ()
    undecided: tuple[int, str, str] = (0, "no", "")
    claims: tuple[ClaimData, ...] = ()
    breakdowns: tuple[BreakdownData, ...] = ()
    weighted: tuple[WeightedRow, ...] = ()
    weighting_note: str = ""
    response_waves: tuple[BreakdownData, ...] = ()
    nonresponse: NonresponseData | None = None
    margins: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = ()


def _funnel_questions(survey: Any) -> tuple[Any, Any] | None:
    """Return the funnel's (left, plan) questions: the spec's ``[funnel]``, or the roles."""
    if survey.funnel is not None:
        return survey[survey.funnel.left], survey[survey.funnel.plan]
    left_qs = survey.questions_with_role("left")
    plan_qs = survey.questions_with_role("plans_to_leave")
    if len(left_qs) == 1 and len(plan_qs) == 1:
        return left_qs[0], plan_qs[0]
    return None


def _by_flags(survey: Any, by: Sequence[str]) -> tuple[Any, ...]:
    """``--by QUESTION``: every yes/no question of the spec broken down by each one."""
    from optamstats.declarations import BreakdownDecl
    from optamstats.forms import SpecError

    out = []
    for ref in by:
        q = survey.resolve(ref)
        if q is None or q.type not in ("single", "yesno", "scale"):
            from optamstats.forms import closest

            near = [x for x in closest(ref, [x.id for x in survey.questions]) if x != ref]
            hint = f" Did you mean {', '.join(map(repr, near))}?" if near and q is None else ""
            what = "no question of the spec" if q is None else f"a {q.type!r} question"
            raise SpecError(
                f"--by {ref!r}: {what}; group by the id of a single-choice, yes/no or scale "
                f"question.{hint}",
                source=survey.source,
            )
        outcomes = tuple(x.id for x in survey.questions
                         if x.type in ("yesno", "single") and x.yes and x.id != q.id)  # fmt: skip
        if not outcomes:
            raise SpecError(
                f"--by {ref!r}: the spec has no yes/no question to break down.",
                source=survey.source,
            )
        out.append(BreakdownDecl(q.id, outcomes))
    return tuple(out)


def _weighted_rows(
    cohort: Any, frame: Any, survey: Any, lang: str
) -> tuple[tuple[WeightedRow, ...], str]:
    """Rake the cohort to the spec's margins; each yes/no question's weighted share."""
    if survey.weighting is None:
        return (), ""
    import pandas as pd

    from optamstats.weighting import rake, weighted_proportion

    decl = survey.weighting
    columns = {q.id: q.column for q in survey.questions}
    keep = cohort._keep
    margins_frame = pd.DataFrame(
        {
            columns[qid]: frame[columns[qid]][keep].astype("string").str.strip()
            for qid, _ in decl.margins
        }
    )
    complete = margins_frame.notna().all(axis=1) & (margins_frame != "").all(axis=1)
    weights = rake(margins_frame[complete], decl.as_mapping(columns))
    w = pd.Series(np.nan, index=margins_frame.index)
    w[complete[complete].index] = weights.to_numpy()
    rows = []
    for q in survey.questions:
        if q.type not in ("yesno", "single") or not q.yes:
            continue
        coded, _, base = cohort._coded(q.column)
        said = coded.where(_stripped_in({y.strip() for y in q.yes}), among=base)
        inside = base[keep] & complete.to_numpy()
        if not inside.any():
            continue
        x = said[keep][inside]
        r = weighted_proportion(x, w.to_numpy()[inside])
        rows.append(WeightedRow(q.id, q.title(lang), int(x.sum()), int(x.size), r.estimate,
                                r.low, r.high, r.effective_n, r.design_effect,
                                float(x.mean())))  # fmt: skip
    source = decl.source.text(lang) if decl.source is not None else ""
    left_out = int((~complete).sum())
    note = _t("weighting_note", lang, margins=", ".join(survey[q].title(lang) for q, _ in
                                                         decl.margins), left=left_out)  # fmt: skip
    return tuple(rows), f"{note} {source}".strip()


def _breakdown_counts(
    cohort: Any, survey: Any, q: Any, by: Any, answers: Sequence[str], title: str, lang: str
) -> BreakdownData:
    """Count `q`'s answers (`answers`, or its yes) in each group of `by`, from the codes."""
    import pandas as pd

    coded, _, base = cohort._coded(q.column)
    wanted = {a.strip() for a in (answers or q.yes)}
    outcome = coded.where(_stripped_in(wanted), among=base) & base
    groups_coded = cohort._code(by.column)
    labels = list(by.options)
    index = {o.strip(): j for j, o in enumerate(labels)}
    rows_of = np.full(len(groups_coded.uniques) + 1, -1, dtype=np.int64)
    for i, u in enumerate(groups_coded.uniques):
        text = "" if pd.isna(u) else str(u).strip()
        if not text:
            continue
        if text not in index:
            index[text] = len(labels)
            labels.append(text)
        rows_of[i] = index[text]
    group = rows_of[groups_coded.codes]
    assigned = base & (group >= 0)
    n = np.bincount(group[assigned], minlength=len(labels))
    k = np.bincount(group[assigned & outcome], minlength=len(labels))
    left_blank = cohort._asked_rows(q.column) & ~base  # asked, left the outcome blank
    blank = np.bincount(group[left_blank & (group >= 0)], minlength=len(labels))
    present = [j for j in range(len(labels)) if n[j] > 0]  # blanks of others: see below
    return BreakdownData(
        key=f"{q.id}-by-{by.id}", title=title or _t("by_title", lang, q=q.title(lang),
                                                    by=by.title(lang)),
        outcome=q.title(lang), by=by.title(lang), by_key=by.id,
        groups=tuple((labels[j], int(k[j]), int(n[j])) for j in present),
        unassigned=int(np.count_nonzero(base & (group < 0))),
        blanks=tuple(int(blank[j]) for j in present),
        blank_unassigned=int(np.count_nonzero(left_blank & (group < 0))),
        depends_on=(*_ancestors(survey, q), *_ancestors(survey, by), by.id),
    )  # fmt: skip


def _read_and_code(
    responses: Any, spec: Any, lang: str | None, include_free_text: bool, by: Sequence[str] = ()
) -> _CodedExport:
    """Read the export and code every answer the report uses (the parse step).

    Answers are counted from each column's codes (one test per distinct answer, spread
    to the rows by indexing, see :class:`optamstats.forms.Coded`): no row is copied
    and no cell is stripped one by one, so a million rows cost little more than
    reading them.
    """
    import pandas as pd

    from optamstats import forms
    from optamstats.cohort import Cohort
    from optamstats.forms import SurveySpec, load_spec, read_responses
    from optamstats.multiselect.parsing import _parse_coded

    survey = spec if isinstance(spec, SurveySpec) else load_spec(spec)
    codes: dict[str, Any] = {}
    if isinstance(responses, pd.DataFrame):
        frame = responses
    else:  # keep the codes read_responses makes when it checks the answers
        token = forms._VALIDATION_CODES.set(codes)
        try:
            frame = read_responses(responses, spec=survey)
        finally:
            forms._VALIDATION_CODES.reset(token)
        codes.pop(frame.attrs["export_format"].timestamp, None)  # parsed after the check
    language = check_choice("lang", lang or survey.lang, ("fr", "en"))
    cohort = Cohort._from_spec(frame, survey, language, codes)
    flow = tuple(
        (str(r["step"]), str(r["reason"]), None if i == 0 else int(r["excluded"]),
         int(r["remaining"]))
        for i, r in enumerate(cohort.flow.to_dict(orient="records"))
    )  # fmt: skip
    proportions = []
    pair = _funnel_questions(survey)
    headline = [*survey.questions_with_role("member")]
    headline += [q for q in pair or () if q not in headline]
    for role in ("member", "left", "plans_to_leave"):
        headline += [q for q in survey.questions_with_role(role) if q not in headline]
    for q in headline:
        if q.type in ("single", "yesno") and q.yes:
            coded, _, base = cohort._coded(q.column)
            _check_yes_no_answers(survey, q, coded, base, frame.index)
            # Answers compared once stripped, with the spec's `yes` as written.
            said_yes = coded.where(_stripped_in(set(q.yes)), among=base)
            k = int(np.count_nonzero(said_yes & base))
            n = int(np.count_nonzero(base))
            label = q.label.text(language) if q.label else q.column
            base_label = survey.base_label(q.id, language) or ""
            proportions.append(ProportionRow(q.id, label, k, n, base_label, _ancestors(survey, q)))
    funnel = None
    funnel_base = ""
    funnel_keys: tuple[str, ...] = ()
    funnel_nothing = ""
    undecided: tuple[int, str, str] = (0, "no", "")
    if pair is not None:
        lq, pq = pair
        declared = survey.funnel
        funnel_base = (
            declared.base.text(language)
            if declared is not None and declared.base is not None
            else survey.base_label(lq.id, language) or ""
        )
        funnel_keys = (lq.id, pq.id)
        members = cohort._asked_rows(lq.column)
        if not members.any():  # nobody in the funnel: nothing to estimate
            funnel_nothing = "not_asked"
        elif cohort._code(lq.column).blank()[members].all():
            funnel_nothing = "all_blank"
        else:
            rule = declared.undecided if declared is not None else "no"
            funnel, n_undecided = _funnel_counts(cohort, lq, pq, rule)
            undecided = (n_undecided, rule, ", ".join(pq.non_substantive))
    from optamstats.report.questions import collect

    questions = tuple(
        collect(cohort, survey, q, language)
        for q in survey.questions
        if q.type in ("single", "yesno", "scale", "number", "text")
    )
    claims = []
    for claim in survey.claims:
        text = claim.text.text(language) if claim.text is not None else ""
        if claim.of == "funnel":
            claims.append(ClaimData("funnel", claim.threshold, claim.direction, text))
            continue
        q = survey[claim.of]
        coded, _, base = cohort._coded(q.column)
        said = coded.where(_stripped_in({a.strip() for a in claim.answers}), among=base) & base
        claims.append(ClaimData(q.id, claim.threshold, claim.direction, text,
                                int(np.count_nonzero(said)), int(np.count_nonzero(base)),
                                q.title(language), claim.answers))  # fmt: skip
    pairs_seen: set[tuple[str, str]] = set()
    breakdowns_list = []
    for decl in (*survey.breakdowns, *_by_flags(survey, by)):
        for qid in decl.questions:
            if (qid, decl.by) in pairs_seen:  # --by repeating a declared breakdown
                continue
            pairs_seen.add((qid, decl.by))
            title = decl.title.text(language) if decl.title else ""
            breakdowns_list.append(_breakdown_counts(cohort, survey, survey[qid],
                                                     survey[decl.by], decl.answers, title,
                                                     language))  # fmt: skip
    breakdowns = tuple(breakdowns_list)
    weighted, weighting_note = _weighted_rows(cohort, frame, survey, language)
    from optamstats.report.nonresponse import nonresponse_data, response_wave_counts

    response_waves = response_wave_counts(cohort, frame, survey, language)
    nonresponse = nonresponse_data(survey, flow[-1][-1])
    answers: list[tuple[Any, str, Any]] = []
    for q in survey.questions:
        if q.type not in ("multi", "text"):
            continue
        # Only this column of the rows asked: copying every column of a million rows
        # per question cost more than parsing the answers.
        asked = cohort._asked_rows(q.column)
        column = frame[q.column] if asked.all() else frame[q.column][asked]
        title = q.label.text(language) if q.label else q.column
        if q.type == "text":
            if include_free_text:
                texts = column.astype(str).map(_printable)
                free = FreeText(q.id, title, tuple(t for t in texts if t), _ancestors(survey, q))
                answers.append((q, title, free))
            continue
        # The cohort factorized the column already (resubmissions compare every column);
        # its answers are checked by the parser, on the rows asked only.
        coded = cohort._unchecked_codes(q.column)
        parsed = _parse_coded(column, coded.codes[asked], coded.uniques, q.options,
                              sep=q.separator, other="keep" if q.other else "error")  # fmt: skip
        answers.append((q, title, parsed))
    return _CodedExport(
        survey, language, flow, tuple(proportions), funnel, funnel_base, funnel_keys,
        tuple(answers), funnel_nothing, questions, undecided, tuple(claims), breakdowns,
        weighted, weighting_note, response_waves, nonresponse,
    )  # fmt: skip


def _check_yes_no_answers(
    survey: Any, question: Any, coded: Any, base: Any, index: pd.Index
) -> None:
    """Refuse answers to a funnel question that are neither its ``yes`` nor its ``no``.

    With ``options`` the spec's own check covers this; without them an answer such as
    "Yes" to a question whose ``yes`` is "Oui" would silently count as no.
    """
    known = {v.strip() for v in (*question.yes, *question.no, *question.non_substantive)}
    loose = coded.where(lambda a: a.strip() not in known, among=base) & base
    if loose.any():
        from optamstats.forms import _SpecRowError

        first = int(np.flatnonzero(loose)[0])
        raise _SpecRowError(
            f"spec {survey.source!r}, `questions.{question.id}.yes`: column "
            f"{question.column!r} has {int(loose.sum())} answer(s) that are neither a `yes` "
            f"{list(question.yes)} nor a `no` {list(question.no)} answer; first at {{where}}. "
            "Add the export's exact labels to `yes` or `no` (or list them in `options`).",
            rows=[first],
            where=f"data row {first}",
            source=survey.source,
            key=f"questions.{question.id}.yes",
        )


def _stripped_in(values: set[str]) -> Any:
    """Return the test "this answer, stripped, is one of `values`" (for Coded.where)."""

    def test(answer: str) -> bool:
        return answer.strip() in values

    return test


def _funnel_counts(
    cohort: Any, lq: Any, pq: Any, undecided: str = "no"
) -> tuple[tuple[int, int, int, int], int]:
    """(left, plan, stay, no_answer) of the members asked `lq`, and the undecided.

    The rule of :func:`optamstats.exit_funnel_from_answers` with ``yes=lq.yes + pq.yes``
    and ``no=lq.no + pq.no`` (answers compared stripped and case-folded, blank = empty
    or spaces), applied to each distinct answer once; its checks too, with the same
    messages, so that a funnel it refused is refused here. A non-substantive answer
    to the plan question ("Ne sait pas") counts as `stay` (``undecided="no"``) or as
    `no_answer`; one to the left question leaves the member out, like a blank. The
    second value is the number of undecided members, which the report prints.
    """
    import pandas as pd

    from optamstats._checks import InvalidValueError

    yes = {str(v).strip().casefold() for v in lq.yes + pq.yes}
    no = {str(v).strip().casefold() for v in lq.no + pq.no}
    unsure = {str(v).strip().casefold() for v in lq.non_substantive + pq.non_substantive}
    members = cohort._asked_rows(lq.column)
    left, plan = cohort._code(lq.column), cohort._code(pq.column)
    flags = []
    for q, coded in ((lq, left), (pq, plan)):
        # Per distinct answer given by a member: yes? no? blank? The extra last entry
        # is for code -1 (a missing value): blank.
        size = len(coded.uniques) + 1
        is_yes, is_no, blank, is_unsure = (np.zeros(size, dtype=bool) for _ in range(4))
        blank[-1] = True
        present = np.zeros(size, dtype=bool)
        present[coded.codes[members]] = True
        unknown = set()
        for i in np.flatnonzero(present[:-1]):
            u = coded.uniques[i]
            text = "" if pd.isna(u) else str(u).strip().casefold()
            blank[i] = not text
            is_yes[i], is_no[i] = text in yes, text in no
            is_unsure[i] = text in unsure and not (is_yes[i] or is_no[i])
            if text and not (is_yes[i] or is_no[i] or is_unsure[i]):
                unknown.add(text)
        if unknown:
            raise InvalidValueError(
                f"column {q.column!r} (question {q.id!r}) holds answers that are neither yes "
                f"{list(lq.yes + pq.yes)} nor no {list(lq.no + pq.no)}: {sorted(unknown)}. "
                "Add them to the question's `yes` or `no` in the spec."
            )
        codes = coded.codes[members]
        flags.append((is_yes[codes] & ~blank[codes], is_no[codes] & ~blank[codes], blank[codes],
                      is_unsure[codes]))  # fmt: skip
    (has, has_not, _, _), (plans, stays, plan_blank, plan_unsure) = flags
    unsure_n = int(np.count_nonzero(has_not & plan_unsure))
    left_n = int(np.count_nonzero(has))
    plan_n = int(np.count_nonzero(has_not & plans))
    stay_n = int(np.count_nonzero(has_not & stays))
    no_answer = int(np.count_nonzero(has_not & plan_blank))
    if undecided == "no":
        stay_n += unsure_n
    else:
        no_answer += unsure_n
    # The checks of exit_funnel (optamstats.funnel._funnel), which the report used to
    # call here: an empty funnel, or a plan rate that nobody answered for.
    if left_n + plan_n + stay_n + no_answer == 0:
        raise InvalidValueError(
            "the funnel is empty: `left`, `plan`, `stay` and `no_answer` are all 0; "
            "pass the members' counts."
        )
    if plan_n + stay_n == 0 and no_answer > 0:
        raise InvalidValueError(
            f"`plan` and `stay` are both 0 while `no_answer` = {no_answer}: no remaining "
            "member answered the plan question, so the plan rate is not identified. Report "
            "the bounds instead: exit_funnel(left, no_answer, 0) and exit_funnel(left, 0, "
            "no_answer)."
        )
    return (left_n, plan_n, stay_n, no_answer), unsure_n


# Control characters (a terminal escape, a NUL) and bidirectional overrides, which can
# reorder what a reader sees ("Trojan Source"), are dropped from free text.
_UNPRINTABLE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _printable(text: str) -> str:
    """Return a free-text answer on one line, without control characters."""
    return " ".join(_UNPRINTABLE.sub("", text).split())


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


_FLOW_STEPS: Final = ("start", "include", "exclude", "require", "drop_resubmissions")


def _flow_groups(c: SurveyCounts, control: _Control) -> list[list[int]]:
    """Group the steps printed together: a step excluding 1 to t − 1 rows joins the next.

    Each printed row lists the original steps it adds up (the first row, the start,
    is ``[0]``). A small exclusion is merged with the following steps until their sum
    is 0 or at least t; a small sum left at the end joins the previous row.
    """
    groups: list[list[int]] = [[0]]
    current: list[int] = []
    for i in range(1, len(c.flow)):
        current.append(i)
        total = sum(int(c.flow[j][2] or 0) for j in current)
        if not control.small(total):
            groups.append(current)
            current = []
    if current:
        if len(groups) > 1:
            groups[-1] = groups[-1] + current
        else:
            groups.append(current)
    return groups


def _flow_rows(c: SurveyCounts, control: _Control) -> tuple[tuple[Any, ...], ...]:
    """Return the flow as printed: merged steps, reasons joined, small sums as ``< t``."""
    if not control.on:
        return tuple(c.flow)
    rows: list[tuple[Any, ...]] = [c.flow[0]]
    for group in _flow_groups(c, control)[1:]:
        total = sum(int(c.flow[j][2] or 0) for j in group)
        last = c.flow[group[-1]]
        reason = " + ".join(str(c.flow[j][1]) for j in group)
        shown: Any = control.marker(total) if control.small(total) else total
        rows.append((last[0], reason, shown, last[3]))
    return tuple(rows)


def _flow_section(c: SurveyCounts, lang: str, control: _Control) -> Section:
    columns = (
        Column("step", _t("step", lang)),
        Column("reason", _t("reason", lang)),
        Column("excluded", _t("excluded", lang), "count"),
        Column("remaining", _t("remaining", lang), "count"),
    )
    # The cohort's step kinds (`include`, `drop_resubmissions`) are the spec's words:
    # the table says what each step is in the report's language.
    kinds = {k: _t(f"flow_step_{k}", lang) for k in _FLOW_STEPS}
    rows = tuple((kinds.get(r[0], r[0]), *r[1:]) for r in _flow_rows(c, control))
    merged = len(rows) < len(c.flow)
    note = _t("flow_merged", lang, t_1=control.min_cell - 1) if merged else ""
    table = Table("flow", _t("flow_table", lang), columns, rows, note)
    return Section("flow", _t("flow", lang), tables=(table,), figures=("flow",))


def _flow_figure(rows: Sequence[tuple[Any, ...]], lang: str) -> Any:
    from optamstats.cohort import flow_diagram

    reasons = [rows[0][1], *(row[1] for row in rows[1:])]
    excluded = [None if isinstance(row[2], Hidden) else row[2] for row in rows]
    remaining = [row[3] for row in rows]
    return flow_diagram(reasons, excluded, remaining, lang=lang)


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
        if 1 <= k < self.min_cell:
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
            k_shown = control.marker(p.k) if own and 1 <= p.k < control.min_cell else s
            n_shown: Any = p.n if own and not control.blocked(p.depends_on) else s
            rows.append((p.label, k_shown, n_shown, s, s, s, p.base))
            continue
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
    notes = (_t("hidden_note", lang, t=control.min_cell) if hidden_any else "",
             _t("nothing_row", lang) if nothing_any else "")  # fmt: skip
    note = " ".join(n for n in notes if n)
    table = Table("proportions", _t("props_table", lang), columns, tuple(rows), note)
    title = c.proportions_title or _t("props", lang)
    sampling = c.sampling or _t("sampling_only", lang)
    section = Section("proportions", title, (sampling,), (table,))
    return section, results


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
        5, ``"health-fr"`` 11 (SNDS / CASD). Sources in ``docs/methods/disclosure.md``.
        A `min_cell` other than 5 or the rule's threshold is refused (two thresholds).

    Returns
    -------
    Report
        Render it with :func:`optamstats.report.render`.

    Raises
    ------
    InvalidValueError, InvalidTypeError
        A bad `counts`, `lang`, `confidence`, `min_cell` or flag.

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
        if rounding > 1:
            raise InvalidValueError(
                f"`rule` {rule_name!r} rounds published counts to {rounding}: the report "
                "does not round its counts yet (issue 16), and a rule applied in part would "
                "be mislabelled. Use `min_cell=10` for its threshold alone."
            )
        min_cell = threshold_t
    if counts is not None and not isinstance(counts, SurveyCounts):
        raise InvalidTypeError(
            "`counts` must be a SurveyCounts (from `survey_counts_from_export` or "
            f"`survey_counts_from_aggregates`) or None; got {type(counts).__name__}."
        )
    c = counts if counts is not None else survey_counts_from_aggregates(lang=lang, confidence=conf)
    control = _control(c, disclosure_control, min_cell)
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
    figures: dict[str, Any] = {"flow": lambda: _flow_figure(flow_rows, lang)}
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
    model = verdict = None
    if control.on:
        from optamstats.disclosure import _audit_model, _secondary_by_audit

        model = _model_of(c, sections, control, rule_name)
        hidden_groups, verdict = _secondary_by_audit(model)
        if hidden_groups:
            sections, more = _hide_groups(hidden_groups, c, sections, results, figures,
                                          control, lang)  # fmt: skip
            withheld_keys |= more
            if c.response_waves:
                from optamstats.report.nonresponse import withhold_hidden_waves

                sections = withhold_hidden_waves(sections, results, lang, min_cell)
            # Audit again what is now printed, read afresh from the tables.
            model = _model_of(c, sections, control, rule_name)
            verdict = _audit_model(model)
        failed = sum(not cell.protected for cell in verdict.cells)
        if failed:
            notes.append(_t("audit_failed", lang, rule=verdict.rule, failed=failed))
        else:
            notes.append(_t("audit_verdict", lang, rule=verdict.rule, t=min_cell,
                            t_1=min_cell - 1, hidden=verdict.hidden_cells,
                            protected=len(verdict.cells)))  # fmt: skip
    else:  # control off, or counts already public: nothing is hidden, nothing to audit
        from optamstats.disclosure import _Model

        model = _Model((), (), (), "default", min_cell)
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
    return Report(c.title, lang, tuple(sections), tuple(notes), figures, results, model)


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
            isinstance(row[i], int) and 1 <= row[i] < min_cell for row in table.rows for i in counts
        )
        if small and table.key not in ("flow", "audit"):
            extra = _t("published_small", lang, t=min_cell)
            note = f"{table.note} {extra}" if table.note else extra
            table = dataclasses.replace(table, note=note)
        tables.append(table)
    return dataclasses.replace(section, tables=tuple(tables))


def _funnel_sections(
    c: SurveyCounts,
    lang: str,
    conf: float,
    claims: Sequence[ClaimData],
    realisation: Sequence[float],
    rng: RngLike,
) -> tuple[list[Section], dict[str, Any], Any, Any]:
    from optamstats.funnel import exit_funnel
    from optamstats.report.figures import funnel_chart
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
               c=_pct_label(conf, lang))  # fmt: skip
    lines = tuple(x.threshold for x in claims if x.of == "funnel")

    def figure() -> Any:
        return funnel_chart(f, labels=labels, title=title, xlabel="%",
                            threshold=lines[0] if lines else None, lang=lang)  # fmt: skip

    return sections, results, figure, f


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


def _question_sections(
    c: SurveyCounts, lang: str, conf: float, control: _Control, figures: dict[str, Any]
) -> tuple[list[Section], dict[str, Any], list[Any]]:
    """Return a section per question, grouped as the spec's ``[[section]]`` tables say."""
    from optamstats.report.questions import question_section

    data = {d.key: d for d in c.questions}
    motives = {m.key: m for m in c.motives}
    sections: list[Section] = []
    results: dict[str, Any] = {}
    motive_results: list[Any] = []
    for i, (title, keys, text) in enumerate(c.layout):
        if title or text:
            sections.append(Section(f"part-{i + 1}", title, (text,) if text else ()))
        for qid in keys:
            if qid in data:
                section, result, figure = question_section(data[qid], lang, conf, control)
                sections.append(section)
                results[qid] = result
                if figure is not None:
                    figures[section.key] = figure
            elif qid in motives:
                one = dataclasses.replace(c, motives=(motives[qid],))
                section, found, drawn = _motive_section(one, lang, conf, control)
                figure = drawn.get("motives")
                m = motives[qid]
                key = f"q-{qid}"
                n_resp = _motive_base(m)
                if n_resp is not None and section.tables:
                    who = m.base or _t("q_base_asked", lang)
                    line = _t(
                        "q_base_multi", lang, who=who, n=_format.count(n_resp, lang, nbsp=True)
                    )
                    section = dataclasses.replace(section, paragraphs=(line, *section.paragraphs))
                shown = (key,) if figure is not None else ()
                section = dataclasses.replace(section, key=key, title=m.title, figures=shown)
                sections.append(section)
                motive_results += found
                results[qid] = {"key": qid, "type": "multi", "title": m.title, **found[0]}
                if figure is not None:
                    figures[key] = figure
    return sections, results, motive_results


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

    sections: list[Section] = []
    results: list[dict[str, Any]] = []
    columns = (
        Column("group", _t("group", lang)),
        Column("k", "k", "count"),
        Column("n", "n", "count"),
        Column("estimate", "%", "percent"),
        Column("low", _t("low", lang), "percent"),
        Column("high", _t("high", lang), "percent"),
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
        b = breakdown_from_counts(
            [k for _, k, _ in d.groups], [n for _, _, n in d.groups], [g for g, _, _ in d.groups],
            confidence=conf, min_cell=control.min_cell if control.on else 1,
            merged_label=_t("merged", lang), rng=rng, outcome=d.outcome, by=d.by, lang=lang,
        )  # fmt: skip
        if len(b.groups) < 2:  # everything pooled: one group is the total
            text = _t("withheld_table", lang, title=d.title, t=control.min_cell)
            sections.append(Section(key, d.title, (text,)))
            results.append({"key": d.key, "title": d.title, "withheld": True})
            continue
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
        title = _t("forest_title", lang, title=d.title, c=_pct_label(conf, lang))

        def figure(labels: list[str] = labels, est: list[float] = est, low: list[float] = low,
                   high: list[float] = high, title: str = title) -> Any:  # fmt: skip
            from optamstats.report.figures import forest_plot

            return forest_plot(labels, est, low, high, title=title, xlabel=_t("xlabel", lang),
                               lang=lang)  # fmt: skip

        figures[key] = figure
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


def _motive_base(m: MotiveQuestion) -> int | None:
    """Return the respondents a multi-select table is of (None when it has no base)."""
    if not m.base_known or m.table.empty or "respondents" not in m.table:
        return None
    return int(m.table["respondents"].iloc[0])


def _methods_section(c: SurveyCounts, lang: str, rule: str, min_cell: int, rng: RngLike,
                     disclosure_control: bool) -> Section:  # fmt: skip
    """Return the methods footer: how the survey was run, how the report was made."""
    from optamstats._version import __version__

    rows = list(c.methods)
    if disclosure_control and not c.published:
        rows.append((_t("m_rule", lang), _t("m_rule_value", lang, rule=rule, t_1=min_cell - 1)))
    elif not disclosure_control:
        rows.append((_t("m_rule", lang), _t("m_rule_off", lang)))
    rows.append((_t("m_software", lang), f"optamstats {__version__}"))
    if isinstance(rng, int) and not isinstance(rng, bool):
        rows.append((_t("m_seed", lang), str(rng)))
    columns = (Column("item", _t("m_item", lang)), Column("value", _t("m_value", lang)))
    table = Table("methods", _t("methods", lang), columns, tuple(rows))
    return Section("methods", _t("methods", lang), (c.sampling or _t("sampling_only", lang),),
                   (table,))  # fmt: skip


def _pct_label(confidence: float, lang: str) -> str:

    return _format.level(confidence, lang)


def _motive_section(
    c: SurveyCounts, lang: str, conf: float, control: _Control
) -> tuple[Section, list[Any], dict[str, Any]]:
    """Return the multi-select section: a table per question, each with its bar chart.

    The figures are keyed "motives" (the first), then "motives-<question key>"; each
    draws the table's shown rows in the table's order, hidden options absent.
    """
    tables, results, paragraphs = [], [], []
    drawn: list[tuple[str, str, list[str], list[float], list[float], list[float]]] = []
    s = Hidden.protecting()
    for q in c.motives:
        records: list[dict[str, Any]] = [
            {str(k): v for k, v in r.items()} for r in q.table.to_dict(orient="records")
        ]
        base = int(records[0]["respondents"]) if q.base_known and records else None
        if control.blocked(q.depends_on) or (base is not None and control.small(base)):
            paragraphs.append(_t("withheld_table", lang, title=q.title, t=control.min_cell))
            results.append({"key": q.key, "title": q.title, "table": [], "withheld": True})
            continue
        if q.nothing:  # nobody answered: say so, and why, instead of a table of nobody
            paragraphs.append(_t(f"nothing_{q.nothing}", lang, title=q.title))
            results.append({"key": q.key, "title": q.title, "table": [],
                            "nothing_to_estimate": q.nothing})  # fmt: skip
            continue
        status = _motive_status(records, q.base_known, control)
        order = _motive_order(records, status, q.options)
        total_hidden = bool(status[-1]) if status.size > len(records) else False
        plain = []
        for i in order:
            record = _plain(records[i])
            if status[i]:
                hidden_keys = ("mentions", "pct_respondents", "low", "high", "pct_mentions",
                               "rank_low", "rank_high")  # fmt: skip
                record.update({k: None for k in hidden_keys if k in record})
            if total_hidden:
                record["pct_mentions"] = None
            if status.any():  # ranks count hidden options: not printed (see below)
                record.update({k: None for k in ("rank_low", "rank_high") if k in record})
            record["suppressed"] = bool(status[i])
            plain.append(record)
        results.append({"key": q.key, "title": q.title, "table": plain, "base": q.base})
        hidden_any = bool(status.any())
        note_hidden = _t("hidden_note", lang, t=control.min_cell) if hidden_any else ""
        if not q.base_known:
            columns = [
                Column("option", _t("option", lang)),
                Column("mentions", _t("mentions", lang), "count"),
                Column("pct_mentions", _t("pct_mentions", lang), "percent"),
            ]
            rows: list[tuple[Any, ...]] = []
            for i in order:
                r = records[i]
                k = int(r["mentions"])
                if status[i]:
                    rows.append((r["option"], control.marker(k), s))
                else:
                    rows.append((r["option"], k, s if total_hidden else r["pct_mentions"] / 100))
            note = " ".join(x for x in (_t("no_base", lang), note_hidden) if x)
            tables.append(Table(f"motives-{q.key}", q.title, tuple(columns), tuple(rows), note))
            shown = [i for i in order if not status[i]]
            if shown and not total_hidden:  # shares of mentions: no interval to draw
                shares = [float(records[i]["pct_mentions"]) / 100 for i in shown]
                labels = [str(records[i]["option"]) for i in shown]
                key = "motives" if not drawn else f"motives-{q.key}"
                drawn.append((key, q.title, labels, shares, [], []))
            continue
        # A shown row's rank interval counts the options above it, hidden ones included:
        # ranks are printed only when no option is hidden.
        has_ranks = all(_present(r["rank_low"]) for r in records) and not status.any()
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
        for i in order:
            r = records[i]
            row: tuple[Any, ...]
            if status[i]:
                row = (r["option"], control.marker(int(r["mentions"])), int(r["respondents"]),
                       s, s, s, s)  # fmt: skip
            else:
                row = (
                    r["option"], int(r["mentions"]), int(r["respondents"]),
                    r["pct_respondents"] / 100, r["low"] / 100, r["high"] / 100,
                    s if total_hidden else r["pct_mentions"] / 100,
                )  # fmt: skip
            if has_ranks:
                row += ((int(r["rank_low"]), int(r["rank_high"])),)
            rows.append(row)
        note = " ".join(x for x in ("" if has_ranks else _t("no_ranks", lang), note_hidden) if x)
        tables.append(Table(f"motives-{q.key}", q.title, tuple(columns), tuple(rows), note))
        shown = [i for i in order if not status[i]]  # as the table: its order, none hidden
        if shown:
            drawn.append((
                "motives" if not drawn else f"motives-{q.key}", q.title,
                [str(records[i]["option"]) for i in shown],
                [float(records[i]["pct_respondents"]) / 100 for i in shown],
                [float(records[i]["low"]) / 100 for i in shown],
                [float(records[i]["high"]) / 100 for i in shown],
            ))  # fmt: skip
    figures: dict[str, Any] = {}
    xlabel = _t("xlabel", lang)
    for key, question, labels, est, low, high in drawn:
        title = _t("forest_title", lang, title=question, c=_pct_label(conf, lang))
        if not low:
            title = f"{question} ({_t('pct_mentions', lang)})"

        def figure(labels: list[str] = labels, est: list[float] = est,
                   low: list[float] = low, high: list[float] = high,
                   title: str = title) -> Any:  # fmt: skip
            from optamstats.report.question_figures import bar_chart

            if not low:
                return bar_chart(labels, est, est, est, title=title, lang=lang,
                                 xlabel=_t("pct_mentions", lang), intervals=False)  # fmt: skip
            return bar_chart(labels, est, low, high, title=title, xlabel=xlabel, lang=lang)

        figures[key] = figure
    section = Section("motives", _t("motives", lang), tuple(paragraphs), tuple(tables),
                      tuple(figures))  # fmt: skip
    return section, results, figures


def _motive_order(
    records: list[dict[str, Any]], status: np.ndarray[Any, Any], options: Sequence[str]
) -> list[int]:
    """Shown rows as tabulated (most mentioned first), then hidden rows in the form's order.

    Hidden rows are never ordered by their hidden counts: with the total, the order of
    two hidden rows bounds each of them.
    """
    position = {str(o): i for i, o in enumerate(options)}
    shown = [i for i in range(len(records)) if not status[i]]
    hidden = [i for i in range(len(records)) if status[i]]
    label = [str(r["option"]) for r in records]
    hidden.sort(key=lambda i: (position.get(label[i], len(position)), label[i].casefold(),
                               label[i]))  # fmt: skip
    return shown + hidden


def _motive_status(
    records: list[dict[str, Any]], base_known: bool, control: _Control
) -> np.ndarray[Any, Any]:
    """Status of each option (and of the total of mentions, last) under disclosure control.

    Each option is a count k of its base n: hidden when k or n − k is from 1 to t − 1.
    The "% of mentions" column publishes every option's share of the total mentions,
    so the options form a 1-D table with its total: secondary suppression makes sure
    that no hidden option is the total minus the others.
    """
    from optamstats.disclosure import needs_suppression, suppress_small_cells

    if not control.on or not records:
        return np.zeros(len(records) + 1, dtype=np.int8)
    k = np.array([int(r["mentions"]) for r in records], dtype=np.int64)
    forced = np.zeros(k.shape, dtype=bool)
    if base_known:
        n = np.array([int(r["respondents"]) for r in records], dtype=np.int64)
        forced = np.asarray(needs_suppression(k, n, min_cell=control.min_cell), dtype=bool)
    # audit=False: the report's own LP audit reads this table with everything else it
    # prints, and drops the "% of mentions" (the total) first when the markers pin cells.
    table = suppress_small_cells(k, control.min_cell, primary=forced, audit=False)
    return np.asarray(table.status)


def _present(value: Any) -> bool:
    import pandas as pd

    return not bool(pd.isna(value))


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """Return a table row for JSON: numpy scalars as Python numbers, missing values as None."""
    return {k: (None if not _present(v) else v.item() if hasattr(v, "item") else v)
            for k, v in record.items()}  # fmt: skip


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


# --------------------------------------------------------------------------- the LP audit


def _model_of(
    c: SurveyCounts,
    sections: Sequence[Section],
    control: _Control,
    rule: str,
    rounding: int = 1,
) -> Any:
    """Read what the report prints into constraints on the true counts (the LP audit).

    Each printed number is a fact on unknown counts (≥ 0): a count, a base, a share (at
    the JSON's precision), a total, a ``< t`` bound. Counts that the report prints in
    several tables are one unknown (the funnel's counts are the ``left`` and
    ``plans_to_leave`` rows). The true counts decide only which quantities are to be
    protected (a count from 1 to t − 1, or the complement of one in its base).
    """
    from optamstats.disclosure import _Fact, _Model, _Protect

    t = control.min_cell
    names: list[str] = []
    facts: list[_Fact] = []
    protect: list[_Protect] = []

    def var(name: str) -> int:
        names.append(name)
        return len(names) - 1

    def count(terms: Any, value: Any, group: str, with_: tuple[str, ...] = ()) -> None:
        if isinstance(value, Hidden):
            if str(value).startswith("<"):  # "< t": from 1 to t − 1
                facts.append(_Fact(terms, 1, t - 1))
            return
        if isinstance(value, int | np.integer):
            v = int(value)
            # A count rounded to a base b (ONS: 5) means the true count is within b // 2 of
            # it: r = 10 published says 8 … 12 (and nothing below 0).
            low, high = max(0, v - rounding // 2), v + rounding // 2
            facts.append(_Fact(terms, low, high, group=group,
                               cost=float(value), hidden_with=with_))  # fmt: skip

    def share(terms: Any, per: Any, value: Any, group: str = "",
              cost: float = math.inf, with_: tuple[str, ...] = ()) -> None:  # fmt: skip
        if isinstance(value, float | np.floating) and not isinstance(value, Hidden):
            v = float(value)
            facts.append(_Fact(terms, v, v, per=per, group=group, cost=cost,
                               hidden_with=with_))  # fmt: skip

    def guard(terms: Any, value: int, label: str) -> None:
        # [0, t], narrowed by the audit only where a marker says more ("< t": 1 to t − 1).
        if control.small(value):
            protect.append(_Protect(terms, 0, t, label))

    tables = {tb.key: tb for section in sections for tb in section.tables}
    # The flow: the start r0 and one exclusion e_i per original step.
    flow = tables.get("flow")
    if flow is not None:
        groups = _flow_groups(c, control)
        r0 = var("flow:start")
        e = [r0] + [var(f"flow:{i}") for i in range(1, len(c.flow))]
        for g, (members, row) in enumerate(zip(groups, flow.rows, strict=True)):
            sums = tuple((e[j], 1.0) for j in members if j > 0)
            upto = ((r0, 1.0), *((e[j], -1.0) for j in range(1, members[-1] + 1)))
            count(upto, row[3], f"T|flow|{g}|3")
            if g == 0:
                continue
            count(sums, row[2], f"T|flow|{g}|2")
            for j in members:
                guard(((e[j], 1.0),), int(c.flow[j][2] or 0), f"flow: {c.flow[j][1]}")
    # The questions' tables; a question asked of everyone adds up to the last remaining.
    from optamstats.report.questions import model_questions

    remaining: tuple[tuple[int, float], ...] | None = None
    remaining_value: int | None = None
    if flow is not None:
        remaining = ((r0, 1.0), *((e[j], -1.0) for j in range(1, len(c.flow))))
        remaining_value = int(c.flow[-1][3])
    reg = model_questions(c.questions, tables, var, count, share, guard, facts, remaining,
                          remaining_value, control)  # fmt: skip

    # True values of the unknowns made here (the funnel's, the proportions', the
    # breakdowns' cells), beside the questions' in the registry.
    cell_truth: dict[int, int] = {}

    def tie(a: Any, b: Any) -> None:
        # a = b where it is true of the data (a true fact can only make the audit
        # stricter, and the form's structure may tell it to a reader).
        known = {**reg.truth, **cell_truth}
        if all(i in known for i, _ in (*a, *b)) and sum(x * known[i] for i, x in a) == sum(
            x * known[i] for i, x in b
        ):
            facts.append(_Fact((*a, *((i, -x) for i, x in b)), 0, 0))

    def answers(qid: str, wanted: Sequence[str]) -> tuple[tuple[int, float], ...]:
        opts = reg.options.get(qid, {})
        targets = {w.strip() for w in wanted}
        return tuple((v, 1.0) for o, v in opts.items() if o.strip() in targets)

    data = {d.key: d for d in c.questions}
    # The funnel: left, plan, stay, no answer; printed whole or not at all.
    funnel: tuple[int, ...] = ()
    k_terms: Any
    n_terms: Any
    if c.funnel is not None:
        funnel = tuple(var(f"funnel:{x}") for x in ("left", "plan", "stay", "no_answer"))
        L, P, S, U = funnel  # noqa: N806
        one = 1.0
        n_left, n_plan, n_stay, n_skip = c.funnel
        cell_truth.update(zip(funnel, c.funnel, strict=True))
        keys = c.funnel_keys if len(c.funnel_keys) > 1 else ("", "")
        lq, pq = data.get(keys[0]), data.get(keys[1])
        if lq is not None and pq is not None and lq.key in reg.options and pq.key in reg.options:
            undecided = answers(pq.key, pq.non_substantive)
            as_stay = c.undecided[1] == "no"
            tie(((L, one),), answers(lq.key, lq.yes))
            tie(((P, one), (S, one), (U, one)), answers(lq.key, lq.no))
            tie(((P, one),), answers(pq.key, pq.yes))
            tie(((S, one),), answers(pq.key, pq.no) + (undecided if as_stay else ()))
            blank = ((reg.blank[pq.key], 1.0),)
            tie(((U, one),), blank + (() if as_stay else undecided))
        if any(_is_funnel_claim(sec) for sec in sections):
            for fv, value in zip(funnel, c.funnel, strict=True):
                facts.append(_Fact(((fv, one),), value, value, group="F", cost=1e12))
        elif control.on:
            n_left, n_plan, n_stay, n_skip = c.funnel
            still = n_plan + n_stay + n_skip
            for terms, value, what in (
                (((L, one),), n_left, "left"),
                (((P, one), (S, one), (U, one)), still, "in"),
                (((P, one),), n_plan, "plan"),
                (((S, one),), n_stay, "stay"),
            ):  # fmt: skip  (item non-response is not protected: docs/methods/disclosure.md)
                guard(terms, value, f"funnel: {what}")
    # Proportions: k and its complement in n, the share k / n (with its interval).
    props = tables.get("proportions")
    if props is not None:
        for j, (p, row) in enumerate(zip(c.proportions, props.rows, strict=True)):
            if funnel and c.funnel is not None and p.key in c.funnel_keys[:2]:
                L, P, S, U = funnel  # noqa: N806
                f_left, f_plan, f_stay, f_skip = c.funnel
                everyone = f_left + f_plan + f_stay + f_skip
                if p.key == c.funnel_keys[0] and (p.k, p.n) == (f_left, everyone):
                    k_terms, n_terms = ((L, 1.0),), ((L, 1.0), (P, 1.0), (S, 1.0), (U, 1.0))
                elif p.key == c.funnel_keys[1] and (p.k, p.n) == (f_plan, f_plan + f_stay):
                    k_terms, n_terms = ((P, 1.0),), ((P, 1.0), (S, 1.0))
                else:
                    k_terms = ()
            else:
                k_terms = ()
            if not k_terms:
                k, rest = var(f"{p.key}:k"), var(f"{p.key}:n-k")
                k_terms, n_terms = ((k, 1.0),), ((k, 1.0), (rest, 1.0))
                cell_truth[k], cell_truth[rest] = p.k, p.n - p.k
            if p.key in reg.options:  # the same counts as the question's own table
                qd = data[p.key]
                tie(k_terms, answers(qd.key, qd.yes))
                tie(n_terms, tuple((v, 1.0) for v in reg.options[qd.key].values()))
            gk, gn = f"T|proportions|{j}|1,3,4,5", f"T|proportions|{j}|2,3,4,5"
            count(k_terms, row[1], gk)
            count(n_terms, row[2], gn)
            share(k_terms, n_terms, row[3], with_=(gk, gn))
            guard(k_terms, p.k, f"{p.key}: k")
            rest_terms = n_terms + tuple((i, -a) for i, a in k_terms)
            guard(rest_terms, p.n - p.k, f"{p.key}: n − k")
    # Breakdowns, cell by cell: for each group of the grouping question, the outcome's
    # yes (k), other answers (r) and blanks (b) are unknowns; a printed row adds up its
    # groups (a pooled row, several). True equalities tie them to what other tables
    # print: the question's own totals, the grouping question's counts (an outcome asked
    # of everyone: k + r + b is the group's count), and a breakdown of the outcome's
    # parent (an outcome asked on the parent's other answers: k + r + b is the parent's
    # r in the same group). Without these, 14 in a specialty table minus the 10 asked
    # the follow-up gave the 4 a pooled row hid.
    bd_cells: dict[tuple[str, str], tuple[dict[str, int], dict[str, int], dict[str, int]]] = {}
    # Response waves are breakdowns by when people answered: the same facts.
    for d in (*c.breakdowns, *c.response_waves):
        bt = tables.get(f"breakdown-{d.key}")
        if bt is None:
            continue
        qid = d.key.split("-by-")[0]
        group_names = [grp for grp, _, _ in d.groups]
        blanks = d.blanks or (0,) * len(group_names)
        kv = {grp: var(f"{bt.key}:{grp}:k") for grp in group_names}
        rv = {grp: var(f"{bt.key}:{grp}:n-k") for grp in group_names}
        bv = {grp: var(f"{bt.key}:{grp}:blank") for grp in group_names}
        for (grp, k, n), b in zip(d.groups, blanks, strict=True):
            cell_truth[kv[grp]], cell_truth[rv[grp]], cell_truth[bv[grp]] = k, n - k, b
            guard(((kv[grp], 1.0),), k, f"{bt.key}: {grp}")
            guard(((rv[grp], 1.0),), n - k, f"{bt.key}: not {grp}")
        bd_cells[(qid, d.by_key)] = (kv, rv, bv)
        shown = {str(row[0]) for row in bt.rows}
        pool = [grp for grp in group_names if grp not in shown]
        for r, row in enumerate(bt.rows):
            row_members = [str(row[0])] if str(row[0]) in kv else pool
            k_row = tuple((kv[grp], 1.0) for grp in row_members)
            n_row = (*k_row, *((rv[grp], 1.0) for grp in row_members))
            group = f"T|{bt.key}|{r}|1,2,3,4,5,6,7,8,9"
            count(k_row, row[1], group)
            count(n_row, row[2], group)
            share(k_row, n_row, row[3], with_=(group,))
        uk, ur = var(f"{bt.key}:unassigned:k"), var(f"{bt.key}:unassigned:n-k")
        ub = var(f"{bt.key}:unassigned:blank")
        facts.append(_Fact(((uk, 1.0), (ur, 1.0)), d.unassigned, d.unassigned))
        if qid not in reg.options:
            continue
        qd = data[qid]
        cell_truth[uk] = int(reg.value(answers(qid, qd.yes))) - sum(k for _, k, _ in d.groups)
        cell_truth[ur] = d.unassigned - cell_truth[uk]
        cell_truth[ub] = d.blank_unassigned
        ks = (*((kv[grp], 1.0) for grp in group_names), (uk, 1.0))
        tie(ks, answers(qid, qd.yes))
        all_answers = tuple((v, 1.0) for v in reg.options[qid].values())
        rs = (*((rv[grp], 1.0) for grp in group_names), (ur, 1.0))
        tie((*ks, *rs), all_answers)
        if not d.blanks:  # blanks by group not counted (response waves): no tie on them
            continue
        bs = (*((bv[grp], 1.0) for grp in group_names), (ub, 1.0))
        tie(bs, ((reg.blank[qid], 1.0),))
        by_opts = reg.options.get(d.by_key, {})
        for grp in group_names:
            asked_g = ((kv[grp], 1.0), (rv[grp], 1.0), (bv[grp], 1.0))
            if qd.everyone and grp in by_opts:
                tie(asked_g, ((by_opts[grp], 1.0),))
            if qd.parent is not None and (qd.parent[0], d.by_key) in bd_cells:
                parent_r = bd_cells[(qd.parent[0], d.by_key)][1]
                if grp in parent_r:
                    tie(asked_g, ((parent_r[grp], 1.0),))
    # Claims on a question: its share of the answers (and n, in the sentence).
    for claim_key, claim_table in tables.items():
        if not claim_key.startswith("claim-q-"):
            continue
        qid = claim_key.removeprefix("claim-q-").rsplit("-", 1)[0]
        claim = next((x for x in c.claims if x.of == qid), None)
        if claim is None or qid not in reg.options:
            continue
        k_terms = answers(qid, claim.answers)
        n_terms = tuple((v, 1.0) for v in reg.options[qid].values())
        facts.append(_Fact(n_terms, claim.n, claim.n))
        share(k_terms, n_terms, claim_table.rows[0][1], with_=(f"T|{claim_key}|0|1,2,3,4",))
    # Motive tables: mentions m_i ≤ base n, shares m_i / n and m_i / Σ m.
    for q in c.motives:
        key = f"motives-{q.key}"
        tb = tables.get(key)
        if tb is None:
            continue
        records = {str(r["option"]): r for r in q.table.to_dict(orient="records")}
        m = {o: var(f"{key}:{o}") for o in records}
        total = tuple((v, 1.0) for v in m.values())
        n_var = var(f"{key}:n") if q.base_known else None
        columns = [col.key for col in tb.columns]
        pm = columns.index("pct_mentions")
        for r, row in enumerate(tb.rows):
            o = str(row[0])
            mi = ((m[o], 1.0),)
            value = int(records[o]["mentions"])
            gm = f"T|{key}|{r}|" + ",".join(
                str(i) for i, name in enumerate(columns) if name not in ("option", "respondents")
            )
            count(mi, row[1], gm)
            share(mi, total, row[pm], f"C|{key}|{pm}", 0.0, (gm,))
            guard(mi, value, f"{key}: {o}")
            if n_var is not None:
                gn = f"C|{key}|2,3,4,5"
                facts.append(_Fact(((n_var, 1.0), (m[o], -1.0)), 0, math.inf))
                count(((n_var, 1.0),), row[2], gn)
                share(mi, ((n_var, 1.0),), row[3], with_=(gm, gn))
                base = int(records[o]["respondents"])
                guard(((n_var, 1.0), (m[o], -1.0)), base - value, f"{key}: not {o}")
    # Free text: each answer's count, their total printed in the note.
    for ft in c.free_text:
        key = f"free-text-{ft.key}"
        tb = tables.get(key)
        if tb is None:
            continue
        from collections import Counter

        tally = Counter(ft.answers)
        cells = [var(f"{key}:{r}") for r in range(len(tb.rows))]
        facts.append(_Fact(tuple((x, 1.0) for x in cells), len(ft.answers), len(ft.answers)))
        for r, row in enumerate(tb.rows):
            count(((cells[r], 1.0),), row[1], f"T|{key}|{r}|1")
            guard(((cells[r], 1.0),), tally[row[0]], f"{key}: answer {r + 1}")
    hidden = sum(isinstance(x, Hidden) for tb in tables.values() for row in tb.rows for x in row)
    return _Model(tuple(names), tuple(facts), tuple(protect), rule, t, rounding, hidden)


def _is_funnel_claim(section: Section) -> bool:
    """Whether a printed claim section tests the funnel's combined rate."""
    return any(tb.key == "claim" or tb.key.startswith("claim-funnel") for tb in section.tables)


def _hide_groups(
    groups: frozenset[str],
    c: SurveyCounts,
    sections: list[Section],
    results: dict[str, Any],
    figures: dict[str, Any],
    control: _Control,
    lang: str,
) -> tuple[list[Section], set[str]]:
    """Print ``s`` in every cell of the groups the audit hid; scrub the JSON results."""
    s = Hidden.protecting()
    cells: dict[str, set[tuple[int | None, int]]] = {}
    for group in groups:
        kind, *rest = group.split("|")
        if kind == "T":
            cells.setdefault(rest[0], set()).update(
                (int(rest[1]), int(col)) for col in rest[2].split(",")
            )
        elif kind == "C":
            cells.setdefault(rest[0], set()).update((None, int(col)) for col in rest[1].split(","))
    withheld: set[str] = set()
    out = []
    for section in sections:
        if "F" in groups and (section.key in ("funnel", "scenarios") or _is_funnel_claim(section)):
            if section.key == "funnel":
                text = _t("withheld_funnel", lang, m=control.min_cell - 1)
                out.append(Section("funnel", _t("funnel", lang), (text,)))
                results.pop("funnel", None)
                figures.pop("funnel", None)
            continue
        tables = []
        for tb in section.tables:
            where = cells.get(tb.key)
            if not where:
                tables.append(tb)
                continue
            rows = []
            for r, row in enumerate(tb.rows):
                cols = {col for rr, col in where if rr is None or rr == r}
                rows.append(tuple(s if i in cols and not isinstance(v, Hidden) else v
                                  for i, v in enumerate(row)))  # fmt: skip
                if cols and tb.key == "proportions":
                    withheld.add(c.proportions[r].key)
                    results.get("proportions", {}).pop(c.proportions[r].key, None)
                if cols and tb.key.startswith("motives-"):
                    _scrub_motive(results, tb, r, cols)
            note = tb.note
            hidden_note = _t("hidden_note", lang, t=control.min_cell)
            if hidden_note not in note:
                note = f"{note} {hidden_note}".strip()
            tables.append(dataclasses.replace(tb, rows=tuple(rows), note=note))
        figs = section.figures
        if any(cells.get(tb.key) for tb in section.tables):
            # A figure draws its table's numbers (the flow diagram prints every count):
            # a cell the audit hides takes the section's figures with it.
            for key in figs:
                figures.pop(key, None)
            figs = ()
        out.append(dataclasses.replace(section, tables=tuple(tables), figures=figs))
    return out, withheld


def _motive_record(record: dict[str, Any], base: str) -> dict[str, Any]:
    """Return a motive row for the JSON: shares as fractions, with k, n, method and base.

    The tables of :func:`optamstats.multiselect_table` give percentages (86.0); the
    report's JSON gives every estimate, low and high as a fraction in [0, 1].
    """

    def fraction(key: str) -> float | None:
        value = record.get(key)
        return None if value is None else float(value) / 100.0

    out = {k: v for k, v in record.items() if k not in ("pct_respondents", "low", "high",
                                                          "pct_mentions")}  # fmt: skip
    out.update(k=record.get("mentions"), n=record.get("respondents"),
               estimate=fraction("pct_respondents"), low=fraction("low"),
               high=fraction("high"), share_of_mentions=fraction("pct_mentions"),
               method="wilson", base=base)  # fmt: skip
    return out


def _motives_as_fractions(results: dict[str, Any]) -> None:
    """Turn every motive table of the JSON results into fractions (one unit everywhere)."""
    entries = list(results.get("motives", []))
    entries += [e for e in results.get("questions", {}).values() if e.get("type") == "multi"]
    done: set[int] = set()
    for entry in entries:
        if id(entry) in done:
            continue
        done.add(id(entry))
        entry["table"] = [_motive_record(r, entry.get("base", "")) for r in entry["table"]]


def _scrub_motive(results: dict[str, Any], tb: Table, r: int, cols: set[int]) -> None:
    key = tb.key.removeprefix("motives-")
    option = tb.rows[r][0]
    names = {i: col.key for i, col in enumerate(tb.columns)}
    for entry in results.get("motives", []):
        if entry.get("key") != key:
            continue
        for record in entry.get("table", []):
            if record.get("option") != option:
                continue
            for i in cols:
                name = names.get(i)
                if name == "pct_respondents":
                    record.update(pct_respondents=None, low=None, high=None)
                elif name in record:
                    record[name] = None
            if 1 in cols:
                record["suppressed"] = True
