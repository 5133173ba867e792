"""The exit funnel from survey answers: one column per question, or one of stages.

Blank answers, label matching (trimmed, case-folded) and the checks with their
messages. Part of :mod:`optamstats.funnel`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    _show,
)
from optamstats.funnel.estimate import _funnel_from_counts
from optamstats.funnel.result import ExitFunnel
from optamstats.funnel.stages import FunnelCounts

__all__ = ["exit_funnel_from_answers", "exit_funnel_from_stages"]


def _blank(values: Any) -> Any:
    import pandas as pd

    series = pd.Series(values, dtype="object")
    text = series.astype("string").str.strip()
    return series.isna() | (text == "")


def _normalise(values: Any) -> Any:
    import pandas as pd

    return pd.Series(values, dtype="object").astype("string").str.strip().str.casefold()


def _check_answers(name: str, values: Any) -> Any:
    """Return `values` if it is one column of answers (text, blanks or numbers), else raise."""
    import pandas as pd

    if isinstance(values, pd.DataFrame) or not (
        isinstance(values, pd.Series | list | tuple)
        or (isinstance(values, np.ndarray) and values.ndim == 1)
    ):
        raise InvalidTypeError(
            f"`{name}` must be one column of answers (a pandas Series, list or 1-D array); "
            f"got {type(values).__name__}."
        )
    if isinstance(values, np.ndarray) and values.dtype.kind in "USiuf":
        return values  # text or numbers: nothing else to check
    # One pass over the types (a C loop), and a second only to locate a bad one.
    allowed = (str, int, float, bool, np.number, np.str_, np.bool_, type(None), type(pd.NA))
    if not all(issubclass(kind, allowed) for kind in set(map(type, values))):
        for row, value in enumerate(values):
            if not isinstance(value, allowed):
                raise InvalidTypeError(
                    f"`{name}` must hold text answers (or blanks); got {value!r:.40} at row {row}."
                )
    return values


def _check_labels(name: str, labels: Any) -> tuple[str, ...]:
    """Return answer labels as a tuple of strings; one string is one label."""
    if isinstance(labels, str):
        return (labels,)
    if not isinstance(labels, Sequence) or not all(isinstance(v, str) for v in labels):
        raise InvalidTypeError(
            f"`{name}` must be a sequence of answer labels such as ('Oui', 'Yes'); "
            f"got {labels!r:.60}."
        )
    return tuple(labels)


def exit_funnel_from_answers(
    has_left: Any,
    plans_to_leave: Any,
    *,
    yes: Sequence[str] = ("Oui", "Yes"),
    no: Sequence[str] = ("Non", "No"),
    **kwargs: Any,
) -> ExitFunnel:
    """Build the funnel from respondents' answers to two questions with skip logic.

    Parameters
    ----------
    has_left : pandas.Series or array_like of str
        "Have you left?" for each member. Blank answers put the row outside the base
        (counted in ``counts.unanswered_left``).
    plans_to_leave : pandas.Series or array_like of str
        "If you have not left, do you plan to leave?", aligned with `has_left`. Blank
        for a member who has not left counts as ``no_answer``; any answer of a member
        who has left is ignored (the form should not have asked it).
    yes, no : str or sequence of str
        Accepted answer labels, compared after trimming and case folding; a plain
        string is one label (``yes="Oui"`` is ``yes=["Oui"]``).
    **kwargs
        Passed to :func:`exit_funnel` (confidence, method, n_resamples, rng, base, ...).

    Returns
    -------
    ExitFunnel

    Raises
    ------
    InvalidValueError
        Columns of different lengths, or an answer that is neither blank nor one of
        `yes` / `no` (the message lists the unknown labels).

    References
    ----------
    .. [1] R. J. A. Little and D. B. Rubin, *Statistical Analysis with Missing Data*,
       3rd ed., Wiley, 2019.

    Examples
    --------
    >>> from optamstats import exit_funnel_from_answers
    >>> left = ["Oui", "Non", "Non", "Non", ""]
    >>> plan = ["", "Oui", "Non", "", "Oui"]
    >>> exit_funnel_from_answers(left, plan, n_resamples="exact").counts
    FunnelCounts(left=1, plan=1, stay=1, no_answer=1, unanswered_left=1)
    """
    has_left = _check_answers("has_left", has_left)
    plans_to_leave = _check_answers("plans_to_leave", plans_to_leave)
    yes, no = _check_labels("yes", yes), _check_labels("no", no)
    left_s, plan_s = _normalise(has_left), _normalise(plans_to_leave)
    if len(left_s) != len(plan_s):
        raise InvalidValueError(
            f"`has_left` and `plans_to_leave` must have one answer per member; got "
            f"{len(left_s)} and {len(plan_s)} rows."
        )
    yes_set = {str(v).strip().casefold() for v in yes}
    no_set = {str(v).strip().casefold() for v in no}
    left_blank = _blank(has_left).to_numpy()
    plan_blank = _blank(plans_to_leave).to_numpy()
    for name, series, blank in (
        ("has_left", left_s, left_blank),
        ("plans_to_leave", plan_s, plan_blank),
    ):
        known = series.isin(yes_set | no_set).to_numpy(dtype=bool) | blank
        if not known.all():
            unknown = sorted(set(series[~known].tolist()))
            raise InvalidValueError(
                f"`{name}` holds answers that are neither yes {list(yes)} nor no "
                f"{list(no)}: {unknown}. Pass the form's labels with `yes=` and `no=`."
            )
    has = left_s.isin(yes_set).to_numpy(dtype=bool) & ~left_blank
    has_not = left_s.isin(no_set).to_numpy(dtype=bool) & ~left_blank
    plans = plan_s.isin(yes_set).to_numpy(dtype=bool) & ~plan_blank
    stays = plan_s.isin(no_set).to_numpy(dtype=bool) & ~plan_blank
    counts = FunnelCounts(
        int(has.sum()), int((has_not & plans).sum()), int((has_not & stays).sum()),
        int((has_not & plan_blank).sum()), int(left_blank.sum()),
    )  # fmt: skip
    return _funnel_from_counts(counts, kwargs)


def exit_funnel_from_stages(
    stage: Any,
    *,
    left: str = "left",
    plan: str = "plan",
    stay: str = "stay",
    no_answer: str | None = None,
    **kwargs: Any,
) -> ExitFunnel:
    """Build the funnel from one categorical answer per member.

    Parameters
    ----------
    stage : pandas.Series or array_like of str
        Each member's stage.
    left, plan, stay : str
        Labels of the three stages.
    no_answer : str, optional
        Label of members who have not left and skipped the plan question; blank
        cells count as such too.
    **kwargs
        Passed to :func:`exit_funnel`.

    Returns
    -------
    ExitFunnel

    Raises
    ------
    InvalidValueError
        A label that is none of the stages (the message lists them).
    InvalidTypeError
        A stage label that is not a string.

    References
    ----------
    .. [1] B. Efron and R. J. Tibshirani, *An Introduction to the Bootstrap*, 1993.

    Examples
    --------
    >>> from optamstats import exit_funnel_from_stages
    >>> stages = ["left"] * 50 + ["plan"] * 41 + ["stay"] * 28
    >>> round(exit_funnel_from_stages(stages).estimate, 4)
    0.7647
    """
    stage = _check_answers("stage", stage)
    for name, label in (("left", left), ("plan", plan), ("stay", stay), ("no_answer", no_answer)):
        if label is None and name == "no_answer":
            continue
        # Text labels, or whole-number codes (1, 2, 3) as some exports write stages.
        coded = (
            isinstance(label, int | np.integer)
            and not isinstance(label, bool | np.bool_)
            and abs(int(label)) < 2**63
        )
        if not (isinstance(label, str) or coded):
            raise InvalidTypeError(
                f"`{name}` must be the label of that stage in `stage`, a string (or a "
                f"whole-number code); got {_show(label)}."
            )
    labels = _normalise(stage)
    blank = _blank(stage).to_numpy()
    names = {"left": left, "plan": plan, "stay": stay}
    if no_answer is not None:
        names["no_answer"] = no_answer
    keys = {k: str(v).strip().casefold() for k, v in names.items()}
    known = labels.isin(set(keys.values())).to_numpy(dtype=bool) | blank
    if not known.all():
        unknown = sorted(set(labels[~known].tolist()))
        raise InvalidValueError(
            f"`stage` holds labels that are none of {list(names.values())}: {unknown}. "
            "Pass the form's labels with `left=`, `plan=`, `stay=`, `no_answer=`."
        )
    count = {
        k: int((labels == v).fillna(False).to_numpy(dtype=bool).sum()) for k, v in keys.items()
    }
    counts = FunnelCounts(
        count["left"], count["plan"], count["stay"], count.get("no_answer", 0) + int(blank.sum())
    )
    return _funnel_from_counts(counts, kwargs)
