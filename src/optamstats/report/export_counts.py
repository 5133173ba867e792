"""A survey's counts from a respondent-level export and its spec (the parse step).

The export is read and checked against the spec, the cohort applies its steps, and
every answer the report uses is counted from each column's codes: the proportions, the
funnel, the claims' counts, the breakdowns' cells, the weighted shares and, per
question, its table (:func:`optamstats.report.questions.collect`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from optamstats._checks import InvalidTypeError, check_choice
from optamstats._typing import RngLike
from optamstats.report._answers import _printable, _stripped_in
from optamstats.report._text import t as _t
from optamstats.report.counts import (
    BreakdownData,
    ClaimData,
    FreeText,
    MotiveQuestion,
    ProportionRow,
    SurveyCounts,
    WeightedRow,
)
from optamstats.report.methods import _methods, _sha256_of
from optamstats.report.questions import _ancestors

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["survey_counts_from_export"]


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
    # The export's SHA-256 (the methods footer) in a thread while it is parsed: hashlib
    # releases the GIL, and at 10^6 rows (200 MB) hashing costs 0.15 s of the report.
    with ThreadPoolExecutor(max_workers=1) as hashing:
        input_digest = hashing.submit(_sha256_of, responses)
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
    return dataclasses.replace(
        coded.counts, title=title, motives=tuple(motives), notes=tuple(notes),
        lang=survey.lang, free_text=tuple(free_text), layout=layout,
        funnel_title=funnel_title, funnel_labels=labels, realisation=realisation,
        sampling=sampling,
        methods=_methods(survey, language, input_digest.result(), spec),
        margins=survey.weighting.margins if survey.weighting is not None else (),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _CodedExport:
    """The parse step of :func:`survey_counts_from_export`: read, cohort, answers coded.

    Everything the report takes from the respondents' rows, before any statistic:
    ``counts`` holds the flow and the counts of the proportions, the funnel, every
    question, the claims and the breakdowns, and the weighted shares (the survey's own
    fields, its title, layout and methods, are filled in by the caller); ``answers``
    holds, in the spec's order, each multi-select question's parsed answers and each
    free-text question's answers (``(question, title, MultiSelectAnswers or FreeText)``).
    """

    survey: Any
    language: str
    counts: SurveyCounts
    answers: tuple[tuple[Any, str, Any], ...]


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

    from optamstats.cohort import Cohort
    from optamstats.forms import SurveySpec, load_spec, read_responses
    from optamstats.multiselect.parsing import _parse_coded
    from optamstats.survey.coding import _VALIDATION_CODES

    survey = spec if isinstance(spec, SurveySpec) else load_spec(spec)
    codes: dict[str, Any] = {}
    if isinstance(responses, pd.DataFrame):
        frame = responses
    else:  # keep the codes read_responses makes when it checks the answers
        token = _VALIDATION_CODES.set(codes)
        try:
            frame = read_responses(responses, spec=survey)
        finally:
            _VALIDATION_CODES.reset(token)
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
        everyone = bool(asked.all())
        title = q.label.text(language) if q.label else q.column
        if q.type == "text":
            if include_free_text:
                column = frame[q.column] if everyone else frame[q.column][asked]
                texts = column.astype(str).map(_printable)
                free = FreeText(q.id, title, tuple(t for t in texts if t), _ancestors(survey, q))
                answers.append((q, title, free))
            continue
        # The cohort factorized the column already (resubmissions compare every column);
        # its answers are checked by the parser, on the rows asked only. The parser reads
        # the answers from the codes and only the rows' labels from the Series: no copy
        # of the column's strings (0.02 s a question at 10^6 rows).
        rows = pd.Series(index=frame.index if everyone else frame.index[asked], dtype=object)
        coded = cohort._unchecked_codes(q.column)
        parsed = _parse_coded(rows, coded.codes[asked], coded.uniques, q.options,
                              sep=q.separator, other="keep" if q.other else "error")  # fmt: skip
        answers.append((q, title, parsed))
    counts = SurveyCounts(
        title="", flow=flow, proportions=tuple(proportions), funnel=funnel,
        funnel_base=funnel_base, funnel_keys=funnel_keys, funnel_nothing=funnel_nothing,
        questions=questions, undecided=undecided, claims=tuple(claims),
        breakdowns=breakdowns, weighted=weighted, weighting_note=weighting_note,
        response_waves=response_waves, nonresponse=nonresponse,
    )  # fmt: skip
    return _CodedExport(survey, language, counts, tuple(answers))


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
        from optamstats.survey.errors import _SpecRowError

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
        codes = coded.codes[members]  # the members' answers, taken once for both uses
        present = np.zeros(size, dtype=bool)
        present[codes] = True
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
        # Combined per distinct answer, then spread to the members: one pass each.
        flags.append(((is_yes & ~blank)[codes], (is_no & ~blank)[codes], blank[codes],
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
