"""An export checked against its spec: every column the spec names, every answer it reads.

The checks of :meth:`optamstats.survey.spec.SurveySpec.validate`, also run by
``read_responses(..., spec=spec)`` and, column by column, by the cohort.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from optamstats._checks import InvalidValueError
from optamstats.survey.errors import UnknownColumnError, _RowError, closest, unknown_column

if TYPE_CHECKING:
    import pandas as pd

    from optamstats.survey.coding import Coded
    from optamstats.survey.question import Question
    from optamstats.survey.spec import SurveySpec


def _check_columns(spec: SurveySpec, frame: pd.DataFrame) -> None:
    """Refuse `frame` if a column the spec names is missing, each with its key and closest."""
    headers = [str(c) for c in frame.columns]
    present = set(headers)
    missing = [c for c in spec.columns if c not in present]
    if missing:
        keys = {q.column: f"questions.{q.id}.column" for q in spec.questions}
        keys.update({c: f"cohort[{i}].ignore" for i, st in enumerate(spec.steps)
                     for c in st.ignore if c not in keys})  # fmt: skip
        if spec.timestamp is not None:
            keys[spec.timestamp] = "survey.timestamp"
        parts = []
        first: UnknownColumnError | None = None
        for column in missing:
            err = unknown_column(column, headers)
            first = first or err
            near = ", ".join(map(repr, err.suggestions)) or "none close"
            parts.append(f"`{keys[column]}` = {column!r} (closest: {near})")
        raise UnknownColumnError(
            f"the spec names {len(missing)} column(s) missing from the data: "
            + "; ".join(parts)
            + ". Fix each key to the export's exact header.",
            column=missing[0],
            suggestions=first.suggestions if first is not None else (),
        )


def _check_answers(q: Question, coded: Coded) -> None:
    """Refuse answers of `q` that are none of its options (rows located by `_RowError`)."""
    options = {o.strip() for o in q.options}

    def foreign(answer: str) -> bool:
        if not answer.strip():
            return False
        if q.type != "multi":
            return answer.strip() not in options
        try:
            q.split(answer)
        except InvalidValueError:
            return True
        return False

    # Each distinct answer tested once; the rows are looked for only if one is foreign.
    flags = coded._value_flags(foreign)
    if not flags.any():
        return
    bad_rows = np.flatnonzero(flags[coded.codes])
    bad = [u for u in coded.uniques[np.unique(coded.codes[bad_rows])] if isinstance(u, str)]
    shown = [b for b in bad if closest(b, list(q.options), n=1)][:3]
    listed = f" e.g. {', '.join(map(repr, shown))}" if shown else ""
    first = int(bad_rows[0])
    raise _RowError(
        f"column {q.column!r} (question {q.id!r}) has {bad_rows.size} answer(s) that are "
        f"none of its `options`{listed}; first at {{where}}. Fix `questions.{q.id}.options` "
        "to the export's exact labels"
        + (
            ' (and its `yes`/`no`, or `non_substantive` for a "don\'t know").'
            if q.type == "yesno"
            else ", or set `other = true` if the form had an 'Other' box."
        ),
        rows=bad_rows[:10].tolist(),
        where=f"row {first} (0-based position in the data)",
    )
