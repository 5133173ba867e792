"""Assemble a survey's analysis into a :class:`~optamstats.report.Report`.

Every number in a report comes from the library's public functions (``proportion``,
``exit_funnel``, ``multiselect_table*``, ``audit_published``) called on the survey's
counts, so the report and a user's own analysis agree to the last digit (tested).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from optamstats._checks import InvalidTypeError, check_choice, check_confidence
from optamstats._typing import RngLike
from optamstats.disclosure import DEFAULT_MIN_CELL, Hidden
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
    """

    key: str
    title: str
    table: pd.DataFrame
    base_known: bool = True
    depends_on: tuple[str, ...] = ()
    nothing: str = ""


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

    Raises
    ------
    InvalidTypeError, InvalidValueError
        A `survey` that is not an ``Optam2025``, a bad `lang` or `confidence`.

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
    from optamstats.datasets import Optam2025, optam_2025, optam_2025_published
    from optamstats.multiselect import multiselect_table_from_counts

    if survey is not None and not isinstance(survey, Optam2025):
        raise InvalidTypeError(
            f"`survey` must be an Optam2025 (from `optamstats.datasets.optam_2025()`) or None; "
            f"got {type(survey).__name__}."
        )
    lang = check_choice("lang", lang, ("fr", "en"))
    confidence = check_confidence(confidence)
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
        published=True,
        funnel_keys=("left", "plan"),
    )


def survey_counts_from_export(
    responses: Any,
    spec: Any,
    *,
    lang: str | None = None,
    confidence: float = 0.95,
    rng: RngLike = 2025,
    notes: str | Sequence[str] = (),
    include_free_text: bool = False,
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
    coded = _read_and_code(responses, spec, lang, include_free_text)
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
        motives.append(MotiveQuestion(q.id, title, table, depends_on=_ancestors(coded.survey, q)))
        if include_free_text and q.other:
            others = tuple(t for t in answers.other.astype(str).map(_printable) if t)
            other_title = f"{title} ({'autre' if coded.language == 'fr' else 'other'})"
            free_text.append(FreeText(f"{q.id}-other", other_title, others,
                                      (*_ancestors(coded.survey, q), q.id)))  # fmt: skip
    survey = coded.survey
    title = survey.title.text(coded.language) if survey.title else "Survey report"
    return SurveyCounts(
        title=title, flow=coded.flow, proportions=coded.proportions, funnel=coded.funnel,
        funnel_base=coded.funnel_base, motives=tuple(motives), notes=tuple(notes),
        lang=survey.lang, funnel_keys=coded.funnel_keys, free_text=tuple(free_text),
        funnel_nothing=coded.funnel_nothing,
    )  # fmt: skip


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


def _read_and_code(
    responses: Any, spec: Any, lang: str | None, include_free_text: bool
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
    from optamstats.multiselect import _parse_coded

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
    for role in ("member", "left", "plans_to_leave"):
        for q in survey.questions_with_role(role):
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
    left_qs, plan_qs = (
        survey.questions_with_role("left"),
        survey.questions_with_role("plans_to_leave"),
    )
    if len(left_qs) == 1 and len(plan_qs) == 1:
        lq, pq = left_qs[0], plan_qs[0]
        funnel_base = survey.base_label(lq.id, language) or ""
        funnel_keys = (lq.id, pq.id)
        members = cohort._asked_rows(lq.column)
        if not members.any():  # nobody in the funnel: nothing to estimate
            funnel_nothing = "not_asked"
        elif cohort._code(lq.column).blank()[members].all():
            funnel_nothing = "all_blank"
        else:
            funnel = _funnel_counts(cohort, lq, pq)
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
        tuple(answers), funnel_nothing,
    )  # fmt: skip


def _check_yes_no_answers(
    survey: Any, question: Any, coded: Any, base: Any, index: pd.Index
) -> None:
    """Refuse answers to a funnel question that are neither its ``yes`` nor its ``no``.

    With ``options`` the spec's own check covers this; without them an answer such as
    "Yes" to a question whose ``yes`` is "Oui" would silently count as no.
    """
    from optamstats.forms import SpecError

    known = {v.strip() for v in (*question.yes, *question.no)}
    loose = coded.where(lambda a: a.strip() not in known, among=base) & base
    if loose.any():
        row = index[int(np.flatnonzero(loose)[0])]
        raise SpecError(
            f"spec {survey.source!r}, `questions.{question.id}.yes`: column "
            f"{question.column!r} has {int(loose.sum())} answer(s) that are neither a `yes` "
            f"{list(question.yes)} nor a `no` {list(question.no)} answer; first at row {row}. "
            "Add the export's exact labels to `yes` or `no` (or list them in `options`).",
            source=survey.source,
            key=f"questions.{question.id}.yes",
        )


def _stripped_in(values: set[str]) -> Any:
    """Return the test "this answer, stripped, is one of `values`" (for Coded.where)."""

    def test(answer: str) -> bool:
        return answer.strip() in values

    return test


def _funnel_counts(cohort: Any, lq: Any, pq: Any) -> tuple[int, int, int, int]:
    """(left, plan, stay, no_answer) of the members asked `lq`, from the columns' codes.

    The rule of :func:`optamstats.exit_funnel_from_answers` with ``yes=lq.yes + pq.yes``
    and ``no=lq.no + pq.no`` (answers compared stripped and case-folded, blank = empty
    or spaces), applied to each distinct answer once; its checks too, with the same
    messages, so that a funnel it refused is refused here.
    """
    import pandas as pd

    from optamstats._checks import InvalidValueError

    yes = {str(v).strip().casefold() for v in lq.yes + pq.yes}
    no = {str(v).strip().casefold() for v in lq.no + pq.no}
    members = cohort._asked_rows(lq.column)
    left, plan = cohort._code(lq.column), cohort._code(pq.column)
    flags = []
    for q, coded in ((lq, left), (pq, plan)):
        # Per distinct answer given by a member: yes? no? blank? The extra last entry
        # is for code -1 (a missing value): blank.
        size = len(coded.uniques) + 1
        is_yes, is_no, blank = (np.zeros(size, dtype=bool) for _ in range(3))
        blank[-1] = True
        present = np.zeros(size, dtype=bool)
        present[coded.codes[members]] = True
        unknown = set()
        for i in np.flatnonzero(present[:-1]):
            u = coded.uniques[i]
            text = "" if pd.isna(u) else str(u).strip().casefold()
            blank[i] = not text
            is_yes[i], is_no[i] = text in yes, text in no
            if text and not (is_yes[i] or is_no[i]):
                unknown.add(text)
        if unknown:
            raise InvalidValueError(
                f"column {q.column!r} (question {q.id!r}) holds answers that are neither yes "
                f"{list(lq.yes + pq.yes)} nor no {list(lq.no + pq.no)}: {sorted(unknown)}. "
                "Add them to the question's `yes` or `no` in the spec."
            )
        codes = coded.codes[members]
        flags.append((is_yes[codes] & ~blank[codes], is_no[codes] & ~blank[codes], blank[codes]))
    (has, has_not, _), (plans, stays, plan_blank) = flags
    left_n = int(np.count_nonzero(has))
    plan_n = int(np.count_nonzero(has_not & plans))
    stay_n = int(np.count_nonzero(has_not & stays))
    no_answer = int(np.count_nonzero(has_not & plan_blank))
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
    return left_n, plan_n, stay_n, no_answer


def _ancestors(survey: Any, question: Any) -> tuple[str, ...]:
    """Ids of the questions whose answers decide who is asked `question` (skip logic)."""
    found: list[str] = []
    pending = [c.question for c in question.asked_if]
    while pending:
        qid = pending.pop(0)
        if qid in found:
            continue
        found.append(qid)
        pending += [c.question for c in survey[qid].asked_if]
    return tuple(found)


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
    disclosure_control: bool = True,
    min_cell: int = DEFAULT_MIN_CELL,
    include_free_text: bool = False,
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
    disclosure_control : bool, default True
        False prints every count, with a note at the top saying so.
    min_cell : int, default 5
        Smallest count printed (11 under the French health-data practice).
    include_free_text : bool, default False
        Print the free-text answers `counts` holds (collected with
        ``survey_counts_from_export(..., include_free_text=True)``), each question
        only if at least `min_cell` respondents answered it. Off by default: free text
        can name people.

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
    from optamstats.disclosure import check_min_cell

    lang = check_choice("lang", lang, ("fr", "en"))
    conf = check_confidence(confidence)
    for name, flag in (("disclosure_control", disclosure_control),
                       ("include_free_text", include_free_text)):  # fmt: skip
        if not isinstance(flag, bool):
            raise InvalidTypeError(f"`{name}` must be True or False; got {flag!r}.")
    min_cell = check_min_cell(min_cell)
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
    sections = [_flow_section(c, lang)]
    prop_section, prop_results = _proportion_section(c, lang, conf, control)
    sections.append(prop_section)
    results: dict[str, Any] = {"confidence": conf, "proportions": prop_results}
    figures: dict[str, Any] = {"flow": lambda: _flow_figure(c, lang)}
    if c.funnel is None and c.funnel_nothing:
        if control.blocked(c.funnel_keys):
            paragraph = _t("withheld_funnel", lang, m=min_cell - 1)
        else:
            paragraph = _t(f"nothing_funnel_{c.funnel_nothing}", lang)
        sections.append(Section("funnel", _t("funnel", lang), (paragraph,)))
    if c.funnel is not None:
        if _funnel_withheld(c, control):
            withheld = _t("withheld_funnel", lang, m=min_cell - 1)
            sections.append(Section("funnel", _t("funnel", lang), (withheld,)))
        else:
            funnel_sections, funnel_results, funnel_figure = _funnel_sections(
                c, lang, conf, threshold, realisation, rng
            )
            sections += funnel_sections
            results["funnel"] = funnel_results
            figures["funnel"] = funnel_figure
    if c.motives:
        motive_section, motive_results, motive_figure = _motive_section(c, lang, conf, control)
        sections.append(motive_section)
        results["motives"] = motive_results
        if motive_figure is not None:
            figures["motives"] = motive_figure
    if c.themes:
        sections.append(_theme_section(c, lang, conf, control))
    if include_free_text and c.free_text:
        sections.append(_free_text_section(c, lang, control))
    if c.audit is not None:
        section, audit_results = _audit_section(c.audit, lang)
        sections.append(section)
        results["audit"] = audit_results
    if disclosure_control and c.published:
        sections = [_note_published_small(s, lang, min_cell) for s in sections]
    results["disclosure"] = {
        "control": disclosure_control,
        "min_cell": min_cell,
        "published_aggregates": c.published,
        "withheld": sorted(control.withheld),
        "free_text": include_free_text and bool(c.free_text),
    }
    return Report(c.title, lang, tuple(sections), tuple(notes), figures, results)


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
        or control.small(skip)
    )


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
    threshold: float,
    realisation: Sequence[float],
    rng: RngLike,
) -> tuple[list[Section], dict[str, Any], Any]:
    from optamstats.funnel import exit_funnel
    from optamstats.report.figures import funnel_chart
    from optamstats.resampling import _reread

    assert c.funnel is not None
    left, plan, stay, skip = c.funnel
    f = exit_funnel(left, plan, stay, no_answer=skip, confidence=conf, rng=rng, base=c.funnel_base)
    b = f.combined
    # The percentile interval from the same resamples (equal to a percentile run with
    # the same seed, without resampling again).
    p_low, p_high = _reread(b, method="percentile", confidence=conf, alternative="two-sided")
    engine = "exact" if b.engine == "exact" else f"B = {b.n_resamples:,}"
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
        "percentile": {"low": p_low, "high": p_high},
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


def _motive_section(
    c: SurveyCounts, lang: str, conf: float, control: _Control
) -> tuple[Section, list[Any], Any]:
    from optamstats.report.figures import forest_plot

    tables, results, paragraphs = [], [], []
    first: tuple[list[str], list[float], list[float], list[float]] | None = None
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
        order = sorted(range(len(records)), key=lambda i: (bool(status[i]), i))
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
            record["suppressed"] = bool(status[i])
            plain.append(record)
        results.append({"key": q.key, "title": q.title, "table": plain})
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
                hidden_rank = status[i] or total_hidden
                row += (s if hidden_rank else (int(r["rank_low"]), int(r["rank_high"])),)
            rows.append(row)
        note = " ".join(x for x in ("" if has_ranks else _t("no_ranks", lang), note_hidden) if x)
        tables.append(Table(f"motives-{q.key}", q.title, tuple(columns), tuple(rows), note))
        if first is None:
            shown = [i for i in range(len(records)) if not status[i]]
            if shown:
                first = (
                    [str(records[i]["option"]) for i in shown],
                    [float(records[i]["pct_respondents"]) / 100 for i in shown],
                    [float(records[i]["low"]) / 100 for i in shown],
                    [float(records[i]["high"]) / 100 for i in shown],
                )
    figure = None
    if first is not None:
        labels, est, low, high = first
        title = _t("forest_title", lang, c=_pct_label(conf, lang))
        xlabel = _t("xlabel", lang)

        def figure() -> Any:
            return forest_plot(labels, est, low, high, title=title, xlabel=xlabel)

    section = Section("motives", _t("motives", lang), tuple(paragraphs), tuple(tables),
                      ("motives",) if figure is not None else ())  # fmt: skip
    return section, results, figure


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
    table = suppress_small_cells(k, control.min_cell, primary=forced)
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
    table = Table("themes", _t("expectations", lang), columns, tuple(rows), note)
    return Section("expectations", _t("expectations", lang), tables=(table,))


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
            table = suppress_small_cells(counts, control.min_cell)
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
