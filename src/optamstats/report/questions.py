"""One report section per question, whatever the survey: counts, intervals, figure, JSON.

The spec's type decides what a question's section shows (``docs/spec.md``):

- ``single`` and ``yesno``: every option with its count and Wilson interval; the
  non-substantive options ("Ne sait pas") shown, with percentages of all answers and of
  substantive answers side by side (the spec's ``percent_of`` chooses);
- ``scale``: the distribution, the top-box and bottom-box shares, the median with its
  order-statistic interval and the mean with its t interval;
- ``number``: n, mean and median with intervals, quartiles (never a single answer);
- ``text``: how many answered, never what.

Multi-select questions keep their own tables (``motives._motive_section``). Every count
goes through the report's disclosure control: a count or its complement from 1 to
t − 1 is hidden, with what would give it back, and the whole-report linear-programming
audit reads these tables like the others (:func:`model_questions`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from optamstats import _format
from optamstats.disclosure import Hidden
from optamstats.disclosure.rules import _is_small
from optamstats.report._model import Column, Section, Table
from optamstats.report._text import t as _t

if TYPE_CHECKING:
    from optamstats.forms import Question, SurveySpec

__all__ = ["QuestionData"]

# Types with a table of options (one count per option).
_TABULATED = ("single", "yesno", "scale")


@dataclass(frozen=True, slots=True)
class QuestionData:
    """What the report needs of one question, counted from the export.

    Attributes
    ----------
    key, title, type : str
        The question's id, its label, its spec type.
    base : str
        Who was asked, as the spec's base label says ("" if none).
    asked, answered : int
        Respondents of the cohort asked the question, and those who answered it.
    options : tuple of str
        Rows of the table, in the form's order (an "Other" row last, if any).
    counts : tuple of int
        Respondents per option, among those who answered.
    non_substantive : tuple of str
        Options that take no position ("Ne sait pas").
    percent_of : str
        ``"both"``, ``"all"`` or ``"substantive"``.
    top, bottom : int
        Levels in the top and bottom boxes (scales).
    values : ndarray or None
        The numeric answers (``number``), never printed one by one.
    unreadable : int
        Answers to a ``number`` question that are no number (left out, and said).
    depends_on : tuple of str
        Questions whose answers decide who was asked (skip logic).
    parent : tuple of (str, tuple of str) or None
        When the skip logic is one condition: its question and answers (the audit
        ties the respondents asked to the parent's counts).
    nothing : str
        ``"not_asked"`` or ``"all_blank"`` when there is nothing to estimate.
    """

    key: str
    title: str
    type: str
    base: str
    asked: int
    answered: int
    options: tuple[str, ...] = ()
    counts: tuple[int, ...] = ()
    non_substantive: tuple[str, ...] = ()
    percent_of: str = "both"
    top: int = 1
    bottom: int = 1
    values: Any = field(default=None, compare=False)
    unreadable: int = 0
    depends_on: tuple[str, ...] = ()
    parent: tuple[str, tuple[str, ...]] | None = None
    everyone: bool = False
    nothing: str = ""
    yes: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    answered_not_asked: int = 0


# --------------------------------------------------------------------------- counting


def collect(cohort: Any, survey: SurveySpec, q: Question, language: str) -> QuestionData:
    """Count the answers to `q` among the cohort's respondents who were asked it.

    Answers are read from the column's codes: each distinct answer is mapped once.
    """
    import pandas as pd

    coded, asked_rows, base = cohort._coded(q.column)
    asked = int(np.count_nonzero(asked_rows))
    answered = int(np.count_nonzero(base))
    # Answers where the skip logic says nobody was asked: out of the base, and said.
    said = ~coded.blank()
    said &= cohort._keep
    said &= ~asked_rows
    outside = int(np.count_nonzero(said))
    title = q.title(language)
    base_label = survey.base_label(q.id, language) or ""
    depends = _ancestors(survey, q)
    from optamstats.forms import AllOf, Condition

    parent = None
    if isinstance(q.skip, AllOf) and len(q.skip.rules) == 1:
        rule = q.skip.rules[0]
        if isinstance(rule, Condition):
            parent = (rule.question, rule.values)
    common: dict[str, Any] = dict(
        key=q.id, title=title, type=q.type, base=base_label, asked=asked, answered=answered,
        depends_on=depends, parent=parent, everyone=q.skip is None, yes=q.yes, no=q.no,
        answered_not_asked=outside,
    )  # fmt: skip
    if asked == 0:
        return QuestionData(**common, nothing="not_asked")
    if answered == 0:
        return QuestionData(**common, nothing="all_blank")
    if q.type == "text":
        return QuestionData(**common)
    answers = coded.codes[base]  # each answer's code (−1: missing, the last entry below)
    # How many times each distinct answer was given: the options' counts are then
    # summed over the distinct answers, not the rows (one pass over the rows, not three).
    given = np.bincount(answers + 1, minlength=len(coded.uniques) + 1)
    given = np.roll(given, -1)  # code −1 (counted first) last, as `rows_of[-1]` reads it
    present = given > 0
    if q.type == "number":
        from optamstats.check import read_number

        lookup = np.full(len(coded.uniques) + 1, np.nan)
        for i in np.flatnonzero(present[:-1]):
            u = coded.uniques[i]
            # The same reading as `optamstats check`, so that what check calls
            # unreadable is exactly what the report leaves out.
            value = None if pd.isna(u) else read_number(str(u))
            if (
                value is not None
                and (q.minimum is None or value >= q.minimum)
                and (q.maximum is None or value <= q.maximum)
            ):
                lookup[i] = value
        values = lookup[answers]
        readable = values[~np.isnan(values)]
        return QuestionData(
            **common, values=np.sort(readable), unreadable=int(values.size - readable.size)
        )
    options = list(q.options)
    index = {o.strip(): j for j, o in enumerate(options)}
    other = len(options)  # the "Other" row, after the declared options
    rows_of = np.full(len(coded.uniques) + 1, -1, dtype=np.int64)
    for i in np.flatnonzero(present[:-1]):
        u = coded.uniques[i]
        text = "" if pd.isna(u) else str(u).strip()
        if text not in index:
            if q.options and not q.other:  # read_responses refused these already
                raise AssertionError(f"answer outside the options of {q.id!r}")  # pragma: no cover
            if not q.options:  # no declared list: each distinct answer is an option
                index[text] = len(options)
                options.append(text)
        rows_of[i] = index.get(text, other)
    if q.options and bool(given[rows_of == other].any()):
        options.append(_t("other_row", language))
    counted = rows_of >= 0  # (a missing answer, −1, is in no row: blanks are out of the base)
    counts = np.bincount(rows_of[counted], weights=given[counted], minlength=len(options))
    counts = counts[: len(options)].astype(np.int64)
    levels = [o for o in q.options if o not in q.non_substantive]
    default_box = 2 if len(levels) >= 5 else 1
    return QuestionData(
        **common,
        options=tuple(options),
        counts=tuple(int(c) for c in counts),
        non_substantive=q.non_substantive,
        percent_of=q.percent_of,
        top=q.top or default_box,
        bottom=q.bottom or default_box,
    )


def _ancestors(survey: SurveySpec, question: Question) -> tuple[str, ...]:
    found: list[str] = []
    pending = list(question.depends_on)
    while pending:
        qid = pending.pop(0)
        if qid in found:
            continue
        found.append(qid)
        pending += list(survey[qid].depends_on)
    return tuple(found)


# --------------------------------------------------------------------------- sections


def pooled_rows(
    d: QuestionData, control: Any, label: str
) -> list[tuple[str, tuple[str, ...], int]]:
    """Rows of a question's table: (label, the options it adds up, count).

    A single-choice question with many options (region, specialty) has small ones:
    under disclosure control, the options answered by 1 to t − 1 respondents are pooled
    into one row (with the smallest others until the pool reaches t), never dropped, so
    that the total does not give them back. Non-substantive options, yes/no questions
    and scale levels keep their own rows (hidden when small).
    """
    plain: list[tuple[str, tuple[str, ...], int]] = [
        (o, (o,), k) for o, k in zip(d.options, d.counts, strict=True)
    ]
    if not control.on or d.type != "single":
        return plain
    t = control.min_cell
    ns = set(d.non_substantive)
    small = [i for i, (o, _, k) in enumerate(plain) if _is_small(k, t) and o not in ns]
    if not small:
        return plain
    pool = set(small)
    total = sum(plain[i][2] for i in pool)
    others = sorted((i for i, (o, _, k) in enumerate(plain) if i not in pool and o not in ns
                     and k >= t), key=lambda i: (plain[i][2], i))  # fmt: skip
    while total < t and others:
        i = others.pop(0)
        pool.add(i)
        total += plain[i][2]
    if total < t or len(pool) == len([o for o in d.options if o not in ns]):
        return plain  # nothing to pool with: the small cells are hidden instead
    members = tuple(plain[i][0] for i in sorted(pool))
    return [row for i, row in enumerate(plain) if i not in pool] + [(label, members, total)]


def _status(counts: Sequence[int], n: int, control: Any) -> np.ndarray[Any, Any]:
    """Cells hidden in a one-way table with its total (primary: k or n − k small)."""
    from optamstats.disclosure import needs_suppression, suppress_small_cells

    k = np.asarray(counts, dtype=np.int64)
    if not control.on or k.size == 0:
        return np.zeros(k.size, dtype=np.int8)
    primary = np.asarray(needs_suppression(k, np.full(k.shape, n), min_cell=control.min_cell))
    table = suppress_small_cells(k, control.min_cell, primary=primary, audit=False)
    return np.asarray(table.status)[: k.size]


def _n(value: int, lang: str) -> str:
    """Return a count for a sentence, with the thousands separator the tables print."""
    return _format.count(value, lang, nbsp=True)


def _base_paragraph(d: QuestionData, lang: str, control: Any) -> str:
    who = d.base or _t("q_base_everyone" if d.everyone else "q_base_asked", lang)
    return _t("q_base", lang, who=who, n=_n(d.answered, lang), blank=_n(d.asked - d.answered, lang))


def question_section(
    d: QuestionData, lang: str, conf: float, control: Any
) -> tuple[Section, dict[str, Any], Callable[[], Any] | None]:
    """Return the section of one question, its JSON results and its figure (or None)."""
    section, result, figure = _question_section(d, lang, conf, control)
    if d.answered_not_asked:
        note = _t("not_asked_note", lang, k=d.answered_not_asked, q=d.key)
        section = Section(section.key, section.title, (note, *section.paragraphs),
                          section.tables, section.figures)  # fmt: skip
        result["answered_not_asked"] = d.answered_not_asked
    return section, result, figure


def _question_section(
    d: QuestionData, lang: str, conf: float, control: Any
) -> tuple[Section, dict[str, Any], Callable[[], Any] | None]:
    key = f"q-{d.key}"
    result: dict[str, Any] = {"key": d.key, "type": d.type, "title": d.title, "base": d.base}
    if control.blocked(d.depends_on) or (control.on and control.small(d.answered)):
        text = _t("withheld_table", lang, title=d.title, t=control.min_cell)
        return Section(key, d.title, (text,)), {**result, "withheld": True}, None
    if d.nothing:
        text = _t(f"nothing_{d.nothing}", lang, title=d.title)
        return Section(key, d.title, (text,)), {**result, "nothing_to_estimate": d.nothing}, None
    result["n"] = d.answered
    paragraphs = [_base_paragraph(d, lang, control)]
    if d.type == "text":
        paragraphs.append(_t("q_text", lang))
        return Section(key, d.title, tuple(paragraphs)), result, None
    if d.type == "number":
        return _number_section(d, lang, conf, control, key, result, paragraphs)
    return _table_section(d, lang, conf, control, key, result, paragraphs)


def _table_section(
    d: QuestionData,
    lang: str,
    conf: float,
    control: Any,
    key: str,
    result: dict[str, Any],
    paragraphs: list[str],
) -> tuple[Section, dict[str, Any], Callable[[], Any] | None]:
    from optamstats.categorical import single_choice_table

    s = Hidden.protecting()
    groups = pooled_rows(d, control, _t("merged", lang))
    counts = {label: k for label, _, k in groups}
    ns = tuple(o for o in d.non_substantive if o in counts)
    res = single_choice_table(counts, non_substantive=ns, confidence=conf)
    status = _status(list(counts.values()), d.answered, control)
    pooled = [(label, members) for label, members, _ in groups if len(members) > 1]
    if pooled:
        label, members = pooled[0]
        paragraphs.append(_t("q_pooled", lang, label=label, options=", ".join(members),
                             t=control.min_cell))  # fmt: skip
        result["pooled"] = {"label": label, "options": list(members)}
    both = bool(ns) and d.percent_of == "both" and res.n_substantive > 0
    only_subst = bool(ns) and d.percent_of == "substantive" and res.n_substantive > 0
    columns = [Column("option", _t("answer", lang)), Column("k", "k", "count")]
    if not only_subst:
        columns += [Column("estimate", _t("pct_all", lang), "percent"),
                    Column("low", _t("low", lang), "percent"),
                    Column("high", _t("high", lang), "percent")]  # fmt: skip
    if both or only_subst:
        columns += [Column("estimate_substantive", _t("pct_subst", lang), "percent"),
                    Column("low_substantive", _t("low", lang), "percent"),
                    Column("high_substantive", _t("high", lang), "percent")]  # fmt: skip
    records = res.table.to_dict(orient="records")
    rows: list[tuple[Any, ...]] = []
    plain: list[dict[str, Any]] = []
    for i, r in enumerate(records):
        hidden = bool(status[i])
        k_cell: Any = r["k"]
        if hidden:
            k_cell = control.marker(int(r["k"])) if control.small(int(r["k"])) else s
        row: list[Any] = [r["option"], k_cell]
        record: dict[str, Any] = {"option": r["option"], "k": None if hidden else int(r["k"]),
                                  "n": d.answered, "substantive": bool(r["substantive"]),
                                  "suppressed": hidden}  # fmt: skip
        if not only_subst:
            triple = (r["estimate"], r["low"], r["high"])
            row += [s, s, s] if hidden else list(triple)
            values = (None, None, None) if hidden else tuple(map(float, triple))
            record.update(zip(("estimate", "low", "high"), values, strict=True))
        if both or only_subst:
            triple = (r["estimate_substantive"], r["low_substantive"], r["high_substantive"])
            if not r["substantive"]:
                row += [None, None, None]
            else:
                row += [s, s, s] if hidden else list(triple)
                record.update(n_substantive=res.n_substantive, **dict(zip(
                    ("estimate_substantive", "low_substantive", "high_substantive"),
                    (None,) * 3 if hidden else map(float, triple), strict=True)))  # fmt: skip
        rows.append(tuple(row))
        plain.append(record)
    result.update(method=res.method, confidence=conf, table=plain)
    notes = []
    if both or only_subst:
        quoted = ", ".join(f"« {o} »" if lang == "fr" else f"“{o}”" for o in ns)
        notes.append(_t("q_subst_note", lang, n=_n(res.n_substantive, lang), options=quoted))
    if status.any():
        notes.append(_t("hidden_note", lang, t=control.min_cell))
    tables = [Table(key, d.title, tuple(columns), tuple(rows), " ".join(notes))]
    if d.type == "scale":
        extra, summary = _scale_summary(d, ns, lang, conf, control, key, status)
        tables += extra
        if summary:
            result["summary"] = summary
    shown = [i for i in range(len(records)) if not status[i]]
    figure: Any = None
    if shown:
        from optamstats.report._svg_figures import drawing

        labels = [str(records[i]["option"]) for i in shown]
        est = [float(records[i]["estimate"]) for i in shown]
        low = [float(records[i]["low"]) for i in shown]
        high = [float(records[i]["high"]) for i in shown]
        title = f"{d.title} ({_t('ci_of', lang, c=_format.level(conf, lang))})"
        if d.type == "scale" and not status.any():
            levels = [str(r["option"]) for r in records if r["substantive"]]
            shares = [float(r["estimate_substantive"] if ns else r["estimate"])
                      for r in records if r["substantive"]]  # fmt: skip

            figure = drawing("diverging", levels, shares, title=d.title, lang=lang)
        else:
            figure = drawing("bars", labels, est, low, high, title=title,
                             xlabel=_t("xlabel", lang), lang=lang)  # fmt: skip

    section = Section(key, d.title, tuple(paragraphs), tuple(tables),
                      (key,) if figure is not None else ())  # fmt: skip
    return section, result, figure


def _scale_summary(
    d: QuestionData,
    ns: tuple[str, ...],
    lang: str,
    conf: float,
    control: Any,
    key: str,
    status: np.ndarray[Any, Any],
) -> tuple[list[Table], dict[str, Any]]:
    """Two tables: the top and bottom boxes (shares), the median and mean (levels)."""
    from optamstats.scales import scale_summary

    levels = {o: k for o, k in zip(d.options, d.counts, strict=True)}
    res = scale_summary(levels, top=d.top, bottom=d.bottom, non_substantive=ns, confidence=conf)
    n = res.n
    if n == 0:
        return [], {}
    s = Hidden.protecting()
    rows: list[tuple[Any, ...]] = []
    summary: dict[str, Any] = {"n": n}
    for name, box in (("top_box", res.top_box), ("bottom_box", res.bottom_box)):
        hidden = control.small(int(box.k), n)
        k_cell: Any = int(box.k)
        if hidden:
            k_cell = control.marker(int(box.k)) if control.small(int(box.k)) else s
        ordered = [o for o in d.options if o not in ns]
        chosen = ordered[len(ordered) - d.top :] if name == "top_box" else ordered[: d.bottom]
        span = chosen[0] if len(chosen) == 1 else f"{chosen[0]}–{chosen[-1]}"
        label = _t(f"q_{name}", lang, levels=span)
        rows.append((label, k_cell, *((s, s, s) if hidden else (box.estimate, box.low, box.high))))
        summary[name] = None if hidden else {"k": int(box.k), "n": n, "estimate": box.estimate,
                                             "low": box.low, "high": box.high,
                                             "method": box.method}  # fmt: skip
    box_columns = (
        Column("statistic", _t("statistic", lang)),
        Column("k", "k", "count"),
        Column("estimate", "%", "percent"),
        Column("low", _t("low", lang), "percent"),
        Column("high", _t("high", lang), "percent"),
    )
    boxes = Table(f"{key}-boxes", _t("q_boxes", lang), box_columns, tuple(rows))
    if status.any():  # a median or mean beside hidden levels would narrow them: not shown
        summary["median"] = summary["mean"] = None
        return [boxes], summary
    med, mean = res.median, res.mean
    centre_rows = (
        (_t("q_median", lang), med.estimate, med.low, med.high),
        (_t("q_mean", lang), mean.estimate, mean.low, mean.high),
    )
    summary["median"] = {"value": med.estimate, "lower": med.low, "upper": med.high,
                         "method": med.method,
                         "achieved_confidence": med.achieved_confidence}  # fmt: skip
    summary["mean"] = {"value": mean.estimate, "lower": mean.low, "upper": mean.high,
                       "method": mean.method, "n": mean.n}  # fmt: skip
    columns = (
        Column("statistic", _t("statistic", lang)),
        Column("value", _t("estimate", lang), "level"),
        Column("lower", _t("low", lang), "level"),
        Column("upper", _t("high", lang), "level"),
    )
    note = _t("q_scale_note", lang, n=_n(n, lang), c=_format.level(conf, lang))
    centre = Table(f"{key}-centre", _t("q_centre", lang), columns, centre_rows, note)
    return [boxes, centre], summary


def _number_section(
    d: QuestionData,
    lang: str,
    conf: float,
    control: Any,
    key: str,
    result: dict[str, Any],
    paragraphs: list[str],
) -> tuple[Section, dict[str, Any], Callable[[], Any] | None]:
    from optamstats.quantiles import number_summary

    values = d.values
    if d.unreadable:
        shown: Any = d.unreadable
        if control.on and control.small(d.unreadable):
            shown = f"< {control.min_cell}"
        paragraphs.append(_t("q_unreadable", lang, k=shown))
    n = int(values.size)
    if n == 0 or (control.on and control.small(n)):
        paragraphs.append(_t("withheld_table", lang, title=d.title, t=control.min_cell))
        return Section(key, d.title, tuple(paragraphs)), {**result, "withheld": True}, None
    res = number_summary(values, confidence=conf)
    rows: list[tuple[Any, ...]] = [
        (_t("q_mean", lang), res.mean.estimate, res.mean.low, res.mean.high),
        (_t("q_median", lang), res.median.estimate, res.median.low, res.median.high),
        (_t("q_quartiles", lang), None, res.q1, res.q3),
    ]
    columns = (
        Column("statistic", _t("statistic", lang)),
        Column("value", _t("estimate", lang), "level"),
        Column("lower", _t("low", lang), "level"),
        Column("upper", _t("high", lang), "level"),
    )
    note = _t("q_number_note", lang, n=_n(n, lang), c=_format.level(conf, lang))
    table = Table(key, d.title, columns, tuple(rows), note)
    result.update(
        n=n,
        unreadable=d.unreadable,
        mean={"value": res.mean.estimate, "lower": res.mean.low, "upper": res.mean.high,
              "method": res.mean.method, "n": n},
        median={"value": res.median.estimate, "lower": res.median.low,
                "upper": res.median.high, "method": res.median.method,
                "achieved_confidence": res.median.achieved_confidence},
        quartiles={"q1": res.q1, "q3": res.q3, "method": "R type 7 (linear)"},
    )  # fmt: skip
    return Section(key, d.title, tuple(paragraphs), (table,)), result, None


# --------------------------------------------------------------------------- LP audit


@dataclass
class Registry:
    """The audit's unknowns for the questions' tables, shared with the other tables.

    ``options[qid][option]`` is the variable of a count of respondents, ``blank[qid]``
    that of the respondents asked who left the question blank; ``truth`` keeps the
    true value of each, only to decide which facts are true (an equality between two
    tables is added when it holds: a true fact can only make the audit stricter).
    """

    options: dict[str, dict[str, int]] = field(default_factory=dict)
    blank: dict[str, int] = field(default_factory=dict)
    truth: dict[int, int] = field(default_factory=dict)

    def value(self, terms: Sequence[tuple[int, float]]) -> float:
        """Return the true value of a linear combination of registered unknowns."""
        return sum(a * self.truth[i] for i, a in terms)


def model_questions(
    questions: Sequence[QuestionData],
    tables: dict[str, Table],
    var: Callable[[str], int],
    count: Callable[..., None],
    share: Callable[..., None],
    guard: Callable[..., None],
    facts: list[Any],
    remaining: Sequence[tuple[int, float]] | None,
    remaining_value: int | None,
    control: Any,
) -> Registry:
    """Read the questions' tables into the audit's facts; return the registry of unknowns.

    Each option is an unknown count; the table publishes it (or ``< t``), its share of
    the answers (and of the substantive answers), and the base n in the paragraph
    above it; the blank answers are published too. A question asked of everyone ties
    its answers and blanks to the flow's last remaining count; a question asked on
    one condition ties them to the parent's counts of the answers that open it.
    """
    from optamstats.disclosure.lp import _Fact

    reg = Registry()
    for d in questions:
        if d.type not in _TABULATED or d.nothing:
            continue
        opts = {o: var(f"q-{d.key}:{o}") for o in d.options}
        reg.options[d.key] = opts
        for o, k in zip(d.options, d.counts, strict=True):
            reg.truth[opts[o]] = k
        b = var(f"q-{d.key}:blank")
        reg.blank[d.key] = b
        reg.truth[b] = d.asked - d.answered
    for d in questions:
        if d.key not in reg.options:
            continue
        key = f"q-{d.key}"
        opts = reg.options[d.key]
        total = tuple((v, 1.0) for v in opts.values())
        b = reg.blank[d.key]
        tb = tables.get(key)
        if tb is not None:
            count(total, d.answered, "")  # n, printed above the table (rounded by a rule)
            blank = d.asked - d.answered
            # Item non-response is printed as it is, and not protected: who left a question
            # blank is no answer of theirs (docs/methods/disclosure.md).
            count(((b, 1.0),), blank, "")
            subst = tuple((opts[o], 1.0) for o in d.options if o not in d.non_substantive)
            columns = [c.key for c in tb.columns]
            # The pooled row is the one whose label is no option of the question.
            pool = next((m for _, m, _ in pooled_rows(d, control, "") if len(m) > 1), ())
            for r, row in enumerate(tb.rows):
                o = str(row[0])
                members = (o,) if o in opts else pool
                mi = tuple((opts[m], 1.0) for m in members)
                k = int(reg.value(mi))
                cells = ",".join(str(i) for i in range(1, len(columns)))
                gm = f"T|{key}|{r}|{cells}"
                count(mi, row[1], gm)
                if "estimate" in columns:
                    share(mi, total, row[columns.index("estimate")], with_=(gm,))
                if "estimate_substantive" in columns and o not in d.non_substantive:
                    share(mi, subst, row[columns.index("estimate_substantive")], with_=(gm,))
                guard(mi, k, f"{key}: {o}")
                for m in members if len(members) > 1 else ():  # each pooled option too
                    guard(((opts[m], 1.0),), reg.truth[opts[m]], f"{key}: {m}")
                rest = (*total, *((i, -a) for i, a in mi))
                guard(rest, d.answered - k, f"{key}: not {o}")
        boxes = tables.get(f"{key}-boxes")
        if boxes is not None:
            _model_boxes(d, boxes, opts, count, share)
        asked_terms = (*total, (b, 1.0))
        if d.everyone and remaining is not None and remaining_value == d.asked:
            facts.append(_Fact((*asked_terms, *((i, -a) for i, a in remaining)), 0, 0))
        if d.parent is not None and d.parent[0] in reg.options:
            parent = reg.options[d.parent[0]]
            wanted = {v.strip() for v in d.parent[1]}
            opened = tuple((v, -1.0) for o, v in parent.items() if o.strip() in wanted)
            if reg.value(opened) == -d.asked:  # true: add it
                facts.append(_Fact((*asked_terms, *opened), 0, 0))
    return reg


def _model_boxes(
    d: QuestionData,
    boxes: Table,
    opts: dict[str, int],
    count: Callable[..., None],
    share: Callable[..., None],
) -> None:
    """Top and bottom boxes: sums of levels, and their shares of the scale's answers.

    The median and mean are printed only when no level is hidden: every count they
    could narrow is then printed already.
    """
    levels = [opts[o] for o in d.options if o in opts and o not in d.non_substantive]
    n_terms = tuple((v, 1.0) for v in levels)
    for r, terms in enumerate((n_terms[len(levels) - d.top :], n_terms[: d.bottom])):
        group = f"T|{boxes.key}|{r}|1,2,3,4"
        count(terms, boxes.rows[r][1], group)
        share(terms, n_terms, boxes.rows[r][2], with_=(group,))
