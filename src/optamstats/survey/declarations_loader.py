"""Reading the tables a spec declares for its report (``[fieldwork]``, ``[funnel]``...).

Called by :func:`optamstats.survey.loader.load_spec`, so that every error names the
spec's file and key path.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from optamstats._checks import _show
from optamstats.survey._reader import _not_option, _question_ref
from optamstats.survey.declarations import (
    _DIRECTIONS,
    BreakdownDecl,
    ClaimDecl,
    Fieldwork,
    FunnelDecl,
    SectionDecl,
    WavesDecl,
    WeightingDecl,
    _margins_scale,
)

if TYPE_CHECKING:
    from optamstats.survey._reader import _Reader
    from optamstats.survey.question import Label, Question


def _date(value: object, key: str, r: _Reader) -> str:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()  # TOML's bare dates: start = 2026-03-01
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise r.fail(
        key, f'must be a date written "YYYY-MM-DD", e.g. "2026-03-01"; got {_show(value)}.'
    )


def read_fieldwork(value: object, r: _Reader, lang: str) -> Fieldwork:
    """Read ``[fieldwork]``."""
    table = r.table(value, "fieldwork")
    r.keys(
        table,
        "fieldwork",
        ("start", "end", "mode", "invitation", "caveat", "reminders", "invited",
         "nonrespondent_rate", "early_late"),
    )  # fmt: skip
    start = _date(table["start"], "fieldwork.start", r) if "start" in table else None
    end = _date(table["end"], "fieldwork.end", r) if "end" in table else None
    if start is not None and end is not None and end < start:
        raise r.fail(
            "fieldwork.end", f"{end} is before `start` ({start}); fix one of the two dates."
        )
    raw = table.get("reminders", [])
    if not isinstance(raw, list):
        raise r.fail(
            "fieldwork.reminders",
            f"must be a list of dates, e.g. `reminders = [2026-03-09]`; got {_show(raw)}.",
        )
    reminders = tuple(_date(d, f"fieldwork.reminders[{i}]", r) for i, d in enumerate(raw))

    def label(name: str) -> Label | None:
        return r.label(table[name], f"fieldwork.{name}", lang) if name in table else None

    invited = _invited(table, r)
    rate = _nonrespondent_rate(table, r, invited)
    early_late = table.get("early_late", False)
    if not isinstance(early_late, bool):
        raise r.fail(
            "fieldwork.early_late",
            f"must be true or false (without quotes); got {_show(early_late)}.",
        )
    return Fieldwork(start, end, label("mode"), label("invitation"), label("caveat"), reminders,
                     invited, rate, early_late)  # fmt: skip


def _invited(table: Mapping[str, Any], r: _Reader) -> int | None:
    if "invited" not in table:
        return None
    v = table["invited"]
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:
        raise r.fail(
            "fieldwork.invited",
            "must be how many people were invited, a whole number ≥ 1 written without "
            f"quotes (e.g. `invited = 4200`); got {_show(v)}.",
        )
    return v


def _nonrespondent_rate(
    table: Mapping[str, Any], r: _Reader, invited: int | None
) -> tuple[float, float] | None:
    if "nonrespondent_rate" not in table:
        return None
    key = "fieldwork.nonrespondent_rate"
    v = table["nonrespondent_rate"]
    ok = (
        isinstance(v, list)
        and len(v) == 2
        and all(isinstance(x, int | float) and not isinstance(x, bool) for x in v)
        and all(math.isfinite(x) and x >= 0 for x in v)
        and v[0] <= v[1]
    )
    if not ok:
        raise r.fail(
            key,
            "must be two multipliers [low, high] of the respondents' rate with 0 ≤ low ≤ "
            "high, e.g. `nonrespondent_rate = [0.5, 1.0]` (non-respondents between half "
            f"the respondents' rate and the same rate); got {_show(v)}.",
        )
    if invited is None:
        raise r.fail(
            key,
            "needs `fieldwork.invited` (how many people were invited): without it there is "
            "no count of non-respondents to apply the range to.",
        )
    return float(v[0]), float(v[1])


def read_sections(
    value: object, r: _Reader, lang: str, questions: Sequence[Question]
) -> tuple[SectionDecl, ...]:
    """Read ``[[section]]``: each question in one section at most."""
    seen: dict[str, int] = {}
    out = []
    allowed = ("title", "questions", "text")
    for i, (key, table) in enumerate(r.tables(value, "section", "one", allowed)):
        if "questions" not in table:
            raise r.fail(key, 'needs `questions`, e.g. `questions = ["left", "plan"]`.')
        refs = r.strings(table["questions"], f"{key}.questions")
        if not refs:
            raise r.fail(
                f"{key}.questions", 'needs at least one question id, e.g. `questions = ["left"]`.'
            )
        ids = []
        for ref in refs:
            q = _question_ref(ref, f"{key}.questions", r, questions)
            if q.id in seen:
                raise r.fail(
                    f"{key}.questions",
                    f"{q.id!r} is already in section[{seen[q.id]}]; a question is printed once: "
                    "remove it from one of the two sections.",
                )
            seen[q.id] = i
            ids.append(q.id)
        title = r.label(table["title"], f"{key}.title", lang) if "title" in table else None
        text = r.label(table["text"], f"{key}.text", lang) if "text" in table else None
        out.append(SectionDecl(title, tuple(ids), text))
    return tuple(out)


def _yes_no(q: Question, key: str, r: _Reader) -> None:
    if q.type not in ("yesno", "single") or not q.yes:
        raise r.fail(
            key,
            f'{q.id!r} must be a yes/no question (`type = "yesno"` with `yes` and `no`); it '
            f"is a {q.type!r} question" + ("" if q.yes else " without `yes`") + ". Name a yes/no "
            "question here, or declare this one's `yes` and `no` answers.",
        )


def read_funnel(value: object, r: _Reader, lang: str, questions: Sequence[Question]) -> FunnelDecl:
    """Read ``[funnel]``."""
    table = r.table(value, "funnel")
    r.keys(table, "funnel", ("left", "plan", "title", "base", "labels", "realisation", "undecided"))
    for name in ("left", "plan"):
        if name not in table:
            raise r.fail(
                "funnel",
                f'needs `{name}`, the id of its yes/no question, e.g. `{name} = "{name}"`.',
            )
    left = _question_ref(table["left"], "funnel.left", r, questions)
    plan = _question_ref(table["plan"], "funnel.plan", r, questions)
    if left.id == plan.id:
        raise r.fail(
            "funnel.plan",
            "is the same question as `left`; name the question asked of members who have "
            "not left (whether they plan to leave).",
        )
    _yes_no(left, "funnel.left", r)
    _yes_no(plan, "funnel.plan", r)
    # The roles declare a funnel too: two different funnels would be ambiguous.
    for name, chosen, role in (("left", left, "left"), ("plan", plan, "plans_to_leave")):
        holder = next((q for q in questions if q.role == role), None)
        if holder is not None and holder.id != chosen.id:
            raise r.fail(
                f"funnel.{name}",
                f"is {chosen.id!r}, but {holder.id!r} has `role = {role!r}`, which declares "
                f"the funnel's stage too: name {holder.id!r} here, or remove its role.",
            )
    labels: list[Label | None] = [None, None, None]
    if "labels" in table:
        lt = r.table(table["labels"], "funnel.labels")
        r.keys(lt, "funnel.labels", ("left", "plan", "combined"))
        for j, name in enumerate(("left", "plan", "combined")):
            if name in lt:
                labels[j] = r.label(lt[name], f"funnel.labels.{name}", lang)
    raw = table.get("realisation", [])
    if not isinstance(raw, list) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1 for v in raw
    ):
        raise r.fail(
            "funnel.realisation",
            f"must be a list of shares in [0, 1], e.g. [0.25, 0.5, 0.75, 1]; got {_show(raw)}.",
        )
    undecided = table.get("undecided", "no")
    if undecided not in ("no", "no_answer"):
        raise r.fail("funnel.undecided", f"must be 'no' or 'no_answer'; got {_show(undecided)}.")
    title = r.label(table["title"], "funnel.title", lang) if "title" in table else None
    base = r.label(table["base"], "funnel.base", lang) if "base" in table else None
    return FunnelDecl(
        left.id, plan.id, title, base, (labels[0], labels[1], labels[2]),
        tuple(float(v) for v in raw), undecided,
    )  # fmt: skip


def read_claims(
    value: object, r: _Reader, lang: str, questions: Sequence[Question], has_funnel: bool
) -> tuple[ClaimDecl, ...]:
    """Read ``[[claim]]``."""
    out = []
    allowed = ("of", "answers", "threshold", "direction", "text")
    for key, table in r.tables(value, "claim", "claim", allowed):
        if "of" not in table:
            raise r.fail(key, 'needs `of`: "funnel" or the id of a question, e.g. `of = "left"`.')
        of = r.string(table["of"], f"{key}.of")
        answers: tuple[str, ...] = ()
        if of == "funnel":
            if not has_funnel:
                raise r.fail(
                    f"{key}.of",
                    'is "funnel" but the spec declares no funnel: add a [funnel] table '
                    "naming its `left` and `plan` questions, or claim on a question's id.",
                )
            if "answers" in table:
                raise r.fail(
                    f"{key}.answers",
                    "does not apply to the funnel's combined rate (its `yes` answers); remove it.",
                )
        else:
            q = _question_ref(of, f"{key}.of", r, questions)
            of = q.id
            if q.type not in ("single", "yesno"):
                raise r.fail(
                    f"{key}.of", f"{q.id!r} is a {q.type!r} question; a claim is on a share of "
                    "answers to a single-choice or yes/no question, or on the funnel: name one of "
                    "those in `of`.",
                )  # fmt: skip
            answers = r.strings(table["answers"], f"{key}.answers") if "answers" in table else q.yes
            if not answers:
                raise r.fail(
                    key, f"needs `answers`, the answers of {q.id!r} the claim counts "
                    "(the question has no `yes`), e.g. `answers = "
                    f"[{json.dumps(q.options[0] if q.options else 'Oui', ensure_ascii=False)}]`.",
                )  # fmt: skip
            for a in answers:
                if q.options and a not in q.options:
                    raise r.fail(f"{key}.answers", _not_option(a, q))
        if "threshold" not in table:
            raise r.fail(
                key, "needs `threshold`, the claimed share, e.g. `threshold = 0.7` for 70 %."
            )
        threshold = table["threshold"]
        if (
            not isinstance(threshold, int | float)
            or isinstance(threshold, bool)
            or not math.isfinite(threshold)
            or not 0 < threshold < 1
        ):
            quoted = " without quotes" if isinstance(threshold, str) else ""
            example = 0.7
            number = isinstance(threshold, int | float) and not isinstance(threshold, bool)
            if number and 1 < threshold < 100:  # a percentage written as one: 30 for 30 %
                example = float(threshold) / 100
            hint = f" Write a share{quoted}: {example:g} for {example * 100:g} %."
            raise r.fail(
                f"{key}.threshold", f"must be a share strictly between 0 and 1; got "
                f"{_show(threshold)}.{hint}",
            )  # fmt: skip
        direction = table.get("direction", "above")
        if direction not in _DIRECTIONS:
            raise r.fail(f"{key}.direction", f"must be 'above' or 'below'; got {_show(direction)}.")
        text = r.label(table["text"], f"{key}.text", lang) if "text" in table else None
        out.append(ClaimDecl(of, float(threshold), direction, answers, text))
    return tuple(out)


def read_breakdowns(
    value: object, r: _Reader, lang: str, questions: Sequence[Question]
) -> tuple[BreakdownDecl, ...]:
    """Read ``[[breakdown]]``."""
    out = []
    allowed = ("by", "questions", "answers", "title")
    for key, table in r.tables(value, "breakdown", "one", allowed):
        for name in ("by", "questions"):
            if name not in table:
                example = '"sector"' if name == "by" else '["left"]'
                raise r.fail(key, f"needs `{name}`, e.g. `{name} = {example}`.")
        by = _question_ref(table["by"], f"{key}.by", r, questions)
        if by.type not in ("single", "yesno", "scale"):
            raise r.fail(
                f"{key}.by", f"{by.id!r} is a {by.type!r} question; group by a single-choice one."
            )
        refs = r.strings(table["questions"], f"{key}.questions")
        if not refs:
            raise r.fail(
                f"{key}.questions", 'needs at least one question id, e.g. `questions = ["left"]`.'
            )
        answers = r.strings(table["answers"], f"{key}.answers") if "answers" in table else ()
        ids = []
        for ref in refs:
            q = _question_ref(ref, f"{key}.questions", r, questions)
            if q.id == by.id:
                raise r.fail(
                    f"{key}.questions",
                    f"{q.id!r} is the grouping question itself; remove it from `questions`.",
                )
            if q.type not in ("single", "yesno") or not (answers or q.yes):
                raise r.fail(
                    f"{key}.questions",
                    f"{q.id!r} needs `yes` answers (a yes/no question) or the breakdown's "
                    "`answers`, the answers counted as the outcome: add `answers = [...]` to the "
                    "breakdown, or remove the question.",
                )
            for a in answers:
                if q.options and a not in q.options:
                    raise r.fail(f"{key}.answers", _not_option(a, q))
            ids.append(q.id)
        title = r.label(table["title"], f"{key}.title", lang) if "title" in table else None
        out.append(BreakdownDecl(by.id, tuple(ids), answers, title))
    return tuple(out)


def read_weighting(
    value: object, r: _Reader, lang: str, questions: Sequence[Question]
) -> WeightingDecl:
    """Read ``[weighting]``: ``margins = { question = { option = share or count } }``."""
    table = r.table(value, "weighting")
    r.keys(table, "weighting", ("margins", "source"))
    if "margins" not in table:
        raise r.fail(
            "weighting", "needs `margins`: add `margins = { <question> = { <option> = <share> } }`."
        )
    margins_table = r.table(table["margins"], "weighting.margins")
    if not margins_table:
        raise r.fail(
            "weighting.margins",
            "needs at least one question, e.g. `margins.region = { IDF = 0.19, Autre = 0.81 }`.",
        )
    margins = []
    written = list(margins_table)  # the keys as the spec writes them, for messages
    for ref, body in margins_table.items():
        key = f"weighting.margins.{ref}"
        q = _question_ref(ref, key, r, questions)
        if q.type not in ("single", "yesno", "scale"):
            raise r.fail(
                key,
                f"{q.id!r} is a {q.type!r} question; raking needs one answer per respondent: "
                "give margins of single-choice, yes/no or scale questions.",
            )
        if q.skip is not None or q.other:
            why = "is asked of some respondents only (`asked_if`)" if q.skip is not None else (
                "has an 'Other' box, whose answers have no population share"
            )  # fmt: skip
            raise r.fail(
                key,
                f"{q.id!r} {why}: raking needs a known answer from every respondent; give "
                "margins of questions asked of everyone, with fixed options.",
            )
        values = r.table(body, key)
        if not values:
            raise r.fail(key, "needs the population's share or count of each option.")
        pairs: list[tuple[str, float]] = []
        for option, v in values.items():
            if q.options and option not in q.options:
                raise r.fail(f"{key}.{option}", _not_option(option, q))
            if (
                not isinstance(v, int | float)
                or isinstance(v, bool)
                or not math.isfinite(v)
                or v < 0
            ):
                raise r.fail(
                    f"{key}.{option}",
                    f"must be a share or count ≥ 0; got {_show(v)}. Write a number without "
                    "quotes, e.g. 0.19 or 1840.",
                )
            pairs.append((option, float(v)))
        if sum(v for _, v in pairs) <= 0:
            raise r.fail(key, "sums to 0; give the population's shares or counts.")
        listed = {o for o, _ in pairs}
        lacking = [o for o in q.substantive if o not in listed]
        if lacking:
            # Raking refuses a respondent whose answer has no population share.
            raise r.fail(
                key,
                f"lacks {lacking[0]!r}, an option of {q.id!r}; give the population's share "
                "or count of every option (0 if none).",
            )
        margins.append((q.id, tuple(pairs)))
    # As `optamstats.rake` requires: shares (each margin sums to 1), or counts of one
    # population (every margin sums to the same total).
    sums = [math.fsum(v for _, v in pairs) for _, pairs in margins]
    _, odd = _margins_scale(sums)
    if odd is not None:
        raise r.fail(
            f"weighting.margins.{written[odd]}",
            f"sums to {sums[odd]:g} but `weighting.margins.{written[0]}` sums to "
            f"{sums[0]:g}: give every margin as shares (summing to 1) or as counts "
            "of the same population.",
        )
    source = r.label(table["source"], "weighting.source", lang) if "source" in table else None
    return WeightingDecl(tuple(margins), source)


def read_waves(value: object, r: _Reader, questions: Sequence[Question]) -> WavesDecl:
    """Read ``[waves]``: ``questions = { id = "earlier key" }``, ``options.<id> = {...}``."""
    table = r.table(value, "waves")
    r.keys(table, "waves", ("questions", "options"))
    renamed: list[tuple[str, str]] = []
    targets: dict[str, str] = {}
    for ref, earlier in r.table(table.get("questions", {}), "waves.questions").items():
        key = f"waves.questions.{ref}"
        q = _question_ref(ref, key, r, questions)
        old = r.string(earlier, key)
        if old in targets:
            raise r.fail(
                key,
                f"{old!r} is already the earlier key of {targets[old]!r}; two questions of "
                "this wave cannot both stand for one question of the earlier wave.",
            )
        targets[old] = q.id
        renamed.append((q.id, old))
    options: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    for ref, body in r.table(table.get("options", {}), "waves.options").items():
        key = f"waves.options.{ref}"
        q = _question_ref(ref, key, r, questions)
        pairs = []
        for option, earlier in r.table(body, key).items():
            if q.options and option not in q.options:
                raise r.fail(f"{key}.{option}", _not_option(option, q))
            pairs.append((option, r.string(earlier, f"{key}.{option}")))
        olds = [old for _, old in pairs]
        if len(set(olds)) != len(olds):
            raise r.fail(
                key,
                "maps two options to the same earlier option; each earlier option stands for "
                "one option of this wave.",
            )
        options.append((q.id, tuple(pairs)))
    return WavesDecl(tuple(renamed), tuple(options))


def read_declarations(
    document: Mapping[str, Any], r: _Reader, lang: str, questions: Sequence[Question]
) -> dict[str, Any]:
    """Read every report table of `document`, as keyword arguments of SurveySpec."""
    out: dict[str, Any] = {}
    if "fieldwork" in document:
        out["fieldwork"] = read_fieldwork(document["fieldwork"], r, lang)
    if "section" in document:
        out["sections"] = read_sections(document["section"], r, lang, questions)
    if "funnel" in document:
        out["funnel"] = read_funnel(document["funnel"], r, lang, questions)
    if "claim" in document:
        # The roles `left` and `plans_to_leave` declare a funnel as well as [funnel] does.
        roles = {q.role for q in questions}
        has_funnel = "funnel" in out or {"left", "plans_to_leave"} <= roles
        out["claims"] = read_claims(document["claim"], r, lang, questions, has_funnel)
    if "breakdown" in document:
        out["breakdowns"] = read_breakdowns(document["breakdown"], r, lang, questions)
    if "weighting" in document:
        out["weighting"] = read_weighting(document["weighting"], r, lang, questions)
    if "waves" in document:
        out["waves"] = read_waves(document["waves"], r, questions)
    return out
