"""Reading ``[questions.<id>]`` tables and their skip logic (``asked_if``)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from optamstats._checks import _show
from optamstats.survey._reader import _IDENTIFIER, _not_option
from optamstats.survey.errors import closest
from optamstats.survey.question import (
    _YES_NO_ROLES,
    PERCENT_OF,
    QUESTION_TYPES,
    AllOf,
    AnyOf,
    Condition,
    NotOf,
    Question,
)

if TYPE_CHECKING:
    from optamstats.survey._reader import _Reader
    from optamstats.survey.question import SkipRule


# Words of `asked_if` that combine conditions instead of naming a question.
_COMBINERS: Final = ("any", "all", "not")


_QUESTION_KEYS: Final = (
    "column",
    "type",
    "role",
    "label",
    "base",
    "options",
    "other",
    "separator",
    "yes",
    "no",
    "asked_if",
    "non_substantive",
    "percent_of",
    "exclusive",
    "range",
    "top",
    "bottom",
    "min",
    "max",
)


# The keys each type accepts beyond the common ones (column, type, role, label, base,
# asked_if): a key that a type ignores would be a silent mistake.
_TYPE_KEYS: Final = {
    "single": ("options", "other", "yes", "no", "non_substantive", "percent_of"),
    "yesno": ("options", "yes", "no", "non_substantive", "percent_of"),
    "multi": ("options", "other", "separator", "exclusive"),
    "scale": ("options", "range", "top", "bottom", "non_substantive", "percent_of"),
    "number": ("min", "max"),
    "text": (),
}


# Keys that belong to some types only (the others apply to every question).
_TYPED_KEYS: Final = frozenset(k for keys in _TYPE_KEYS.values() for k in keys)


def _question(qid: str, body: object, r: _Reader, lang: str) -> tuple[Question, dict[str, Any]]:
    key = f"questions.{qid}"
    if not _IDENTIFIER.match(qid):
        raise r.fail(key, "a question id must be an identifier (letters, digits, _).")
    if qid in _COMBINERS:
        # `asked_if = { all = ... }` would read the id as the combiner, never the question.
        raise r.fail(
            key,
            f"{qid!r} is a word of skip logic (`any`, `all`, `not`), so `asked_if` could not "
            f"name this question; rename it, e.g. [questions.{qid}_]",
        )
    table = r.table(body, key)
    r.keys(table, key, _QUESTION_KEYS)
    if "column" not in table:
        raise r.fail(key, "needs `column`, the export's header for the question.")
    column = r.string(table["column"], f"{key}.column")
    qtype = table.get("type", "single")
    if qtype not in QUESTION_TYPES:
        raise r.fail(
            f"{key}.type", f"must be one of {', '.join(map(repr, QUESTION_TYPES))}; got {qtype!r}."
        )
    role = table.get("role")
    if role is not None and (not isinstance(role, str) or not _IDENTIFIER.match(role)):
        raise r.fail(f"{key}.role", f"must be an identifier such as 'left'; got {_show(role)}.")
    if role in _YES_NO_ROLES and qtype not in ("single", "yesno"):
        raise r.fail(
            f"{key}.type",
            f'a question with `role = {role!r}` is a yes/no question: its type must be "yesno" '
            f'or "single" (got {qtype!r}); remove `type` or give the question another role.',
        )
    if qtype in ("text", "number") and "options" in table:
        raise r.fail(
            f"{key}.options",
            f"a `type = {json.dumps(qtype)}` question has no options; remove `options`, or "
            'make it `type = "single"` (or "scale" for ordered levels).',
        )
    for name in _QUESTION_KEYS:
        if name in ("options", "separator"):  # their own messages, below
            continue
        if name in table and name not in _TYPE_KEYS[qtype] and name in _TYPED_KEYS:
            takes = [t for t, keys in _TYPE_KEYS.items() if name in keys]
            raise r.fail(
                f"{key}.{name}",
                f"does not apply to a `type = {qtype!r}` question (only to "
                f"{', '.join(map(repr, takes))}); remove it or change `type`.",
            )
    options = r.strings(table["options"], f"{key}.options") if "options" in table else ()
    if qtype == "scale":
        options = _scale_options(table, key, options, r)
    if "options" in table and not options:
        # An empty list would read as "no options to check" and every answer as no
        # known option: "0/178 = 0.0 %" in a report. Refused, naming the key.
        raise r.fail(
            f"{key}.options",
            "is an empty list; list the answer options exactly as exported, in the "
            "form's order, or remove `options` for a question without a fixed list.",
        )
    if len(set(options)) != len(options):
        dup = next(o for o in options if options.count(o) > 1)
        raise r.fail(f"{key}.options", f"lists {dup!r} twice.")
    if any(not o.strip() for o in options):
        raise r.fail(f"{key}.options", "holds an empty option.")
    other = table.get("other", False)
    if not isinstance(other, bool):
        raise r.fail(f"{key}.other", f"must be true or false; got {_show(other)}.")
    separator = table.get("separator", ", ")
    if "separator" in table and qtype != "multi":
        raise r.fail(
            f"{key}.separator",
            f'only a `type = "multi"` question has a separator (this one is {qtype!r}); remove '
            '`separator`, or set `type = "multi"` for a check-all-that-apply question.',
        )
    if not isinstance(separator, str) or not separator:
        raise r.fail(f"{key}.separator", f"must be a non-empty string; got {_show(separator)}.")
    if qtype == "multi" and not options:
        raise r.fail(key, "a multi-select question needs its `options`, in the form's order.")
    yes = r.strings(table["yes"], f"{key}.yes") if "yes" in table else ()
    no = r.strings(table["no"], f"{key}.no") if "no" in table else ()
    for name, values in (("yes", yes), ("no", no)):
        for v in values:
            if options and v not in options:
                near = closest(v, list(options), n=1)
                hint = (
                    f"Did you mean {near[0]!r}?"
                    if near
                    else f"Its options: {', '.join(map(repr, options))}."
                )
                raise r.fail(f"{key}.{name}", f"{v!r} is not one of the question's options. {hint}")
    if set(yes) & set(no):
        raise r.fail(
            key,
            f"{sorted(set(yes) & set(no))[0]!r} is both a `yes` and a `no` answer; keep it in "
            "one of them.",
        )
    non_substantive = _subset(table, "non_substantive", key, options, r)
    exclusive = _subset(table, "exclusive", key, options, r)
    if non_substantive and not [o for o in options if o not in non_substantive]:
        raise r.fail(
            f"{key}.non_substantive",
            "lists every option: at least one answer must take a position; keep only the "
            '"don\'t know" or "prefer not to say" options in it.',
        )
    percent_of = table.get("percent_of", "both")
    if percent_of not in PERCENT_OF:
        raise r.fail(
            f"{key}.percent_of", f"must be one of {', '.join(map(repr, PERCENT_OF))}; "
            f"got {_show(percent_of)}.",
        )  # fmt: skip
    if "percent_of" in table and not non_substantive:
        # It changes nothing without non-substantive options: most likely they were
        # forgotten, and the percentages would silently keep "Ne sait pas" in the base.
        raise r.fail(
            f"{key}.percent_of",
            "has no effect without `non_substantive`: list the non-substantive options "
            '(e.g. `non_substantive = ["Ne sait pas"]`) or remove `percent_of`.',
        )
    if qtype == "scale" and len(options) - len(non_substantive) < 2:
        raise r.fail(
            f"{key}.non_substantive",
            "leaves fewer than two levels on the scale; a scale needs at least two "
            "substantive levels: list them in `options`, lowest first.",
        )
    if role in _YES_NO_ROLES or qtype == "yesno":
        _check_yes_no(
            key, role or "yesno", qtype, options, other, yes, no, table, r, non_substantive
        )
    top, bottom = (
        _box(table, name, key, options, non_substantive, r) for name in ("top", "bottom")
    )
    minimum, maximum = (_bound(table, name, key, r) for name in ("min", "max"))
    if minimum is not None and maximum is not None and minimum >= maximum:
        raise r.fail(
            f"{key}.max", f"must be above `min` ({minimum:g}); got {maximum:g}. Fix `min` or `max`."
        )
    label = r.label(table["label"], f"{key}.label", lang) if "label" in table else None
    base = r.label(table["base"], f"{key}.base", lang) if "base" in table else None
    q = Question(
        id=qid,
        column=column,
        type=qtype,
        role=role,
        label=label,
        base=base,
        options=options,
        other=other,
        separator=separator,
        yes=yes,
        no=no,
        non_substantive=non_substantive,
        percent_of=percent_of,
        exclusive=exclusive,
        top=top,
        bottom=bottom,
        minimum=minimum,
        maximum=maximum,
    )
    asked_if = r.table(table.get("asked_if", {}), f"{key}.asked_if")
    return q, asked_if


def _subset(
    table: Mapping[str, Any], name: str, key: str, options: tuple[str, ...], r: _Reader
) -> tuple[str, ...]:
    """Read `name` (a list of options of the question), refusing one not in `options`."""
    if name not in table:
        return ()
    values = r.strings(table[name], f"{key}.{name}")
    if not values:
        raise r.fail(f"{key}.{name}", "is an empty list; remove it or list options.")
    for v in values:
        if v not in options:
            near = closest(v, list(options))
            if near:
                hint = f" Did you mean {near[0]!r}?"
            elif options:
                hint = f" Its options: {', '.join(map(repr, options))}; add it to them first."
            else:
                hint = " List the question's `options` first."
            if "range" in table:
                # `range` gives the numbered levels only: a "no opinion" answer is an
                # option beside them, so the levels must be listed in `options`.
                levels = ", ".join(json.dumps(o) for o in options)
                hint = (
                    f" `range` gives the levels {levels} only; to add {v!r}, replace `range` "
                    f"by `options = [{levels}, {json.dumps(v, ensure_ascii=False)}]`."
                )
            raise r.fail(f"{key}.{name}", f"{v!r} is not one of the question's `options`.{hint}")
    if len(set(values)) != len(values):
        dup = next(v for v in values if values.count(v) > 1)
        raise r.fail(f"{key}.{name}", f"lists {dup!r} twice; remove one.")
    return values


def _scale_options(
    table: Mapping[str, Any], key: str, options: tuple[str, ...], r: _Reader
) -> tuple[str, ...]:
    """Return the levels of a scale, lowest first: `options`, or `range = [low, high]`."""
    if "range" in table:
        bounds = table["range"]
        if (
            not isinstance(bounds, list)
            or len(bounds) != 2
            or not all(isinstance(b, int) and not isinstance(b, bool) for b in bounds)
            or bounds[0] >= bounds[1]
            or bounds[1] - bounds[0] > 100
        ):
            raise r.fail(
                f"{key}.range",
                f"must be two whole numbers, lowest first, e.g. [1, 5] or [0, 10]; got "
                f"{_show(bounds)}.",
            )
        if options:
            raise r.fail(
                f"{key}.range",
                "is given with `options`: give one or the other (`options` to list labelled "
                'levels or a "no opinion" answer as well).',
            )
        return tuple(str(v) for v in range(bounds[0], bounds[1] + 1))
    if len(options) < 2:
        raise r.fail(
            key,
            'a `type = "scale"` question needs its levels, lowest first: add `options = ["Pas '
            'du tout", …, "Tout à fait"]` or `range = [1, 5]`.',
        )
    return options


def _box(
    table: Mapping[str, Any],
    name: str,
    key: str,
    options: tuple[str, ...],
    non_substantive: tuple[str, ...],
    r: _Reader,
) -> int | None:
    """Read `top` or `bottom`: a number of levels, less than half the scale's."""
    if name not in table:
        return None
    value = table[name]
    levels = len([o for o in options if o not in non_substantive])
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= levels // 2:
        raise r.fail(
            f"{key}.{name}",
            f"must be a whole number of levels from 1 to {max(levels // 2, 1)} (half the "
            f"scale's {levels} levels); got {_show(value)}.",
        )
    return value


def _bound(table: Mapping[str, Any], name: str, key: str, r: _Reader) -> float | None:
    """Read `min` or `max` of a number question: a finite number."""
    if name not in table:
        return None
    value = table[name]
    if not isinstance(value, int | float) or isinstance(value, bool) or not np.isfinite(value):
        raise r.fail(
            f"{key}.{name}",
            f"must be a number; got {_show(value)}. Write a finite number without quotes, "
            f"e.g. `{name} = 0`.",
        )
    return float(value)


def _check_yes_no(
    key: str,
    role: str,
    qtype: str,
    options: tuple[str, ...],
    other: bool,
    yes: tuple[str, ...],
    no: tuple[str, ...],
    table: Mapping[str, Any],
    r: _Reader,
    non_substantive: tuple[str, ...] = (),
) -> None:
    """Refuse a funnel question whose answers cannot all be read as yes or no.

    A ``left`` question without ``yes`` counted every leaver as staying (0/119 beside a
    funnel of 50 leavers): the report counts ``yes`` answers over everyone who answered,
    so each answer must be declared yes or no.
    """
    what = (
        f"a question with `role = {role!r}`" if role != "yesno" else 'a `type = "yesno"` question'
    )
    if qtype not in ("single", "yesno"):
        raise r.fail(
            f"{key}.type",
            f'{what} is a yes/no question: its type must be "yesno" or "single" '
            f"(got {qtype!r}); remove `type` or give the question another role.",
        )
    if other:
        raise r.fail(
            f"{key}.other",
            f"a question with `role = {role!r}` is a yes/no question: an 'Other' box would give "
            "answers that are neither; remove `other` and list every answer in `yes` or `no`.",
        )
    for name, values in (("yes", yes), ("no", no)):
        if not values:
            present = "is empty" if name in table else "is missing"
            example = next((o for o in options if o not in yes + no), None)
            hint = ' = "…"' if example is None else f" = {json.dumps(example, ensure_ascii=False)}"
            raise r.fail(
                f"{key}.{name}",
                f"{present}: {what} needs the answer(s) meaning "
                f"{name}, e.g. `{name}{hint}`; without them its percentage would count "
                "every answer as " + ("no." if name == "yes" else "neither yes nor no."),
            )
    both = [o for o in non_substantive if o in yes + no]
    if both:
        raise r.fail(
            f"{key}.non_substantive",
            f"{both[0]!r} is also a `yes` or `no` answer; an answer is one of the three: "
            "remove it from `non_substantive` or from `yes`/`no`.",
        )
    loose = [o for o in options if o not in yes + no + non_substantive]
    if loose:
        raise r.fail(
            f"{key}.options",
            f"{loose[0]!r} is neither a `yes` nor a `no` answer of {what}; add "
            'it to `no` or to `yes`, or to `non_substantive` (a "don\'t know", counted and '
            "shown apart), so that every answer has a meaning.",
        )


def _conditions(
    table: Mapping[str, Any], key: str, r: _Reader, questions: Sequence[Question]
) -> tuple[Condition, ...]:
    out = []
    for ref, values in table.items():
        target = r.question(ref, f"{key}.{ref}", questions)
        if target.type == "multi":
            raise r.fail(
                f"{key}.{ref}",
                f"conditions on a multi-select question ({target.id!r}) are not supported; "
                "condition on a single-choice question.",
            )
        wanted = r.strings(values, f"{key}.{ref}")
        if not wanted:
            raise r.fail(
                f"{key}.{ref}", f'needs at least one answer, e.g. `{ref} = "Oui"`; or remove it.'
            )
        # A yes/no question without `options` has its answers in `yes` and `no` (any
        # other answer is refused when counted): a condition on a third one never holds.
        known = target.options or (target.yes + target.no if target.yes and target.no else ())
        if known and not target.other:
            for v in wanted:
                if v not in known:
                    raise r.fail(f"{key}.{ref}", _not_option(v, target, known))
        out.append(Condition(question=target.id, values=wanted))
    return tuple(out)


def _skip_rule(
    table: Mapping[str, Any], key: str, r: _Reader, questions: Sequence[Question]
) -> AllOf | None:
    """Read an ``asked_if`` table: conditions that must all hold, ``any``, ``all``, ``not``."""
    return AllOf(_rules(table, key, r, questions)) if table else None


def _rules(
    table: Mapping[str, Any], key: str, r: _Reader, questions: Sequence[Question]
) -> tuple[SkipRule, ...]:
    out: list[SkipRule] = []
    for ref, value in table.items():
        if ref in ("any", "all"):
            example = f'`{ref} = [{{ left = "Oui" }}, {{ plan = "Oui" }}]`'
            if not isinstance(value, list) or not value:
                raise r.fail(
                    f"{key}.{ref}",
                    f"must be a list of condition tables, e.g. {example}; got {_show(value)}.",
                )
            subs: list[SkipRule] = []
            for i, item in enumerate(value):
                where = f"{key}.{ref}[{i}]"
                if not isinstance(item, dict) or not item:
                    raise r.fail(
                        where, f"must be a table of conditions, e.g. {example}; got {_show(item)}."
                    )
                inner = _rules(item, where, r, questions)
                subs.append(inner[0] if len(inner) == 1 else AllOf(inner))
            out.append(AnyOf(tuple(subs)) if ref == "any" else AllOf(tuple(subs)))
        elif ref == "not":
            if not isinstance(value, dict):
                raise r.fail(
                    f"{key}.not",
                    'must be a table of conditions, e.g. `not = { sector = "1" }`; got '
                    f"{_show(value)}.",
                )
            inner_table = value
            if not inner_table:
                raise r.fail(f"{key}.not", 'needs a condition, e.g. `not = { sector = "1" }`.')
            inner = _rules(inner_table, f"{key}.not", r, questions)
            out.append(NotOf(inner[0] if len(inner) == 1 else AllOf(inner)))
        else:
            out.extend(_conditions({ref: value}, key, r, questions))
    return tuple(out)
