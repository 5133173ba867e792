"""Skip logic evaluated on the data: which rows were asked a question.

A condition holds for a row asked its question whose answer, without outer spaces, is
among its values; ``all``/``any`` combine, ``not`` negates among the rows asked what it
reads (``docs/spec.md``, "Skip logic: asked_if"). A parent's own skip logic applies down
a chain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from optamstats.survey.errors import unknown_column
from optamstats.survey.question import AllOf, Condition, NotOf, _rule_questions

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

    from optamstats.survey.coding import BoolArray, Coded
    from optamstats.survey.question import Question, SkipRule
    from optamstats.survey.spec import SurveySpec


def _asked(
    spec: SurveySpec, frame: pd.DataFrame, q: Question, code: Callable[[str], Coded]
) -> BoolArray:
    """Rows of `frame` asked `q`: all of them, or those its skip logic holds for."""
    if q.skip is None:
        return np.ones(len(frame), dtype=bool)
    return _holds(spec, frame, q.skip, code)


def _holds(
    spec: SurveySpec, frame: pd.DataFrame, rule: SkipRule, code: Callable[[str], Coded]
) -> BoolArray:
    """Rows meeting `rule`, each condition among the rows asked its question."""
    if isinstance(rule, Condition):
        parent = spec[rule.question]
        if parent.column not in frame.columns:
            raise unknown_column(parent.column, [str(c) for c in frame.columns])
        mask: BoolArray = code(parent.column).isin(rule.values)
        return mask & _asked(spec, frame, parent, code)
    if isinstance(rule, NotOf):
        asked = np.ones(len(frame), dtype=bool)
        for qid in _rule_questions(rule.rule):
            asked &= _asked(spec, frame, spec[qid], code)
        return asked & ~_holds(spec, frame, rule.rule, code)
    masks = [_holds(spec, frame, sub, code) for sub in rule.rules]
    combine = np.logical_and if isinstance(rule, AllOf) else np.logical_or
    out: BoolArray = combine.reduce(masks) if masks else np.ones(len(frame), dtype=bool)
    return out
