"""Counting an answer in a base: the answers asked for, checked against the question.

The count behind :meth:`optamstats.survey.cohort.Cohort.proportion`: a multi-select
question counts respondents who ticked an option; any other counts those whose answer
is one of the values. A value that is no option, or that nobody gave where no options
are declared (most often a misspelling), is refused rather than counted as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from optamstats._checks import InvalidTypeError, InvalidValueError, _show

if TYPE_CHECKING:
    from optamstats.survey.coding import BoolArray, Coded
    from optamstats.survey.question import Question


def _answer_values(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if (
        isinstance(value, Sequence | set | frozenset)
        and value
        and all(isinstance(v, str) for v in value)
    ):
        return tuple(value)
    raise InvalidTypeError(
        f"`value` must be an answer (a string) or a list of answers; got {_show(value)}."
    )


def _ticked(q: Question, coded: Coded, rows: BoolArray, wanted: tuple[str, ...]) -> int:
    for v in wanted:
        if v not in q.options:
            near = [o for o in q.options if o.strip().casefold() == v.strip().casefold()]
            hint = f" Did you mean {near[0]!r}?" if near else ""
            raise InvalidValueError(
                f"`value` {v!r} is not an option of the multi-select question {q.id!r}; "
                f"its options are {', '.join(map(repr, q.options))}.{hint}"
            )
    targets = set(wanted)
    # Each distinct answer of the base is split once (a survey has few combinations).
    ticked = coded.where(lambda u: bool(targets.intersection(q.split(u))), among=rows)
    return int(ticked[rows].sum())


def _check_values(
    name: str,
    q: Question | None,
    coded: Coded,
    rows: BoolArray,
    wanted: tuple[str, ...],
    k: int,
) -> None:
    if q is not None and q.options:
        options = {o.strip() for o in q.options}
        for v in wanted:
            if v.strip() not in options and not q.other:
                raise InvalidValueError(
                    f"`value` {v!r} is not an option of question {q.id!r}; its options are "
                    f"{', '.join(map(repr, q.options))}."
                )
        return
    if k > 0:
        return
    distinct = coded.uniques[np.unique(coded.codes[rows])]
    free = q is not None and q.type == "text"
    if len(distinct) <= 20 and not free:
        listed = "answers given: " + ", ".join(repr(str(d)) for d in distinct)
    else:
        listed = f"{len(distinct)} distinct answers (not printed)"
    shown = list(wanted) if len(wanted) > 1 else wanted[0]
    raise InvalidValueError(
        f"`value` {shown!r} is given by none of the {int(rows.sum())} respondents who "
        f"answered {name!r} ({listed}). Check the spelling; to count a genuine zero, "
        "declare the question's `options` in a spec."
    )


def _count_answer(
    name: str, q: Question | None, coded: Coded, rows: BoolArray, wanted: tuple[str, ...]
) -> int:
    """Return how many of `rows` gave one of `wanted` to column `name` (question `q`)."""
    if q is not None and q.type == "multi":
        return _ticked(q, coded, rows, wanted)
    k = int(coded.isin(wanted)[rows].sum())
    _check_values(name, q, coded, rows, wanted, k)
    return k
