"""The attrition flow of a cohort: its steps, their reasons, as text and as a diagram.

Each step that removes rows is a :class:`FlowStep`; the flow is drawn as a
CONSORT-style box diagram (``flow_diagram``) [1]_.

References
----------
.. [1] K. F. Schulz, D. G. Altman, D. Moher, "CONSORT 2010 Statement", BMJ 340:c332,
   2010 (the flow diagram).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, cast

from optamstats import _format, _style
from optamstats._checks import InvalidValueError, check_axes
from optamstats.survey.question import Label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from optamstats.survey.question import Condition
    from optamstats.survey.spec import CohortStep, SurveySpec


_TEXT: Final = {
    "start": {"en": "rows in the data", "fr": "lignes des données"},
    "start-export": {"en": "responses in the export", "fr": "réponses de l'export"},
    "include": {
        "en": "not meeting the inclusion criterion",
        "fr": "critère d'inclusion non rempli",
    },
    "exclude": {"en": "meeting the exclusion criterion", "fr": "critère d'exclusion"},
    "require": {"en": "incomplete answers", "fr": "réponses incomplètes"},
    "drop_resubmissions": {
        "en": "resubmissions (same answers within {within})",
        "fr": "réponses renvoyées (identiques à moins de {within})",
    },
    "cohort": {"en": "Cohort", "fr": "Cohorte"},
    "excluded": {"en": "Excluded", "fr": "Exclus"},
}


# Reasons of a spec's steps that give none (`_spec_reason`).
_SPEC_REASONS: Final[dict[str, dict[str, str]]] = {
    "include": {"en": "not meeting: {condition}", "fr": "ne remplit pas : {condition}"},
    "exclude": {"en": "excluded: {condition}", "fr": "exclusion : {condition}"},
    "require": {"en": "missing answer to {questions}", "fr": "réponse manquante à {questions}"},
    "drop_resubmissions": {
        "en": "repeated submissions (same answers within {within})",
        "fr": "réponses soumises plusieurs fois (identiques à moins de {within})",
    },
    "and": {"en": "and", "fr": "et"},
    "or": {"en": "or", "fr": "ou"},
}


def _spec_reason(spec: SurveySpec, step: CohortStep) -> Label:
    """Return the flow's reason for a spec step without `reason`: what it tested.

    The flow prints reasons, never step names (``require``, ``drop_resubmissions``): a
    reader of the report knows the questions, not the spec's vocabulary.
    """
    texts: dict[str, str] = {}
    words = _SPEC_REASONS
    for lang in ("en", "fr"):

        def condition(c: Condition, lang: str = lang) -> str:
            values = f" {words['or'][lang]} ".join(c.values)
            return f"{spec[c.question].title(lang)} = {values}"

        if step.step in ("include", "exclude"):
            met = f" {words['and'][lang]} ".join(condition(c) for c in step.where)
            texts[lang] = words[step.step][lang].format(condition=met)
        elif step.step == "require":
            names = ", ".join(spec[q].title(lang) for q in step.questions)
            texts[lang] = words["require"][lang].format(questions=names)
        else:
            texts[lang] = words["drop_resubmissions"][lang].format(within=step.within)
    return Label(en=texts["en"], fr=texts["fr"])


@dataclass(frozen=True, slots=True)
class FlowStep:
    """One row of a cohort's flow.

    Attributes
    ----------
    step : str
        ``"start"`` for the raw count, then ``"include"``, ``"exclude"``, ``"require"``
        or ``"drop_resubmissions"``.
    reason : str
        Why the rows were removed (or what the start row counts).
    excluded : int
        Rows this step removed (0 for the start row).
    remaining : int
        Rows left after it.

    References
    ----------
    .. [1] K. F. Schulz, D. G. Altman, D. Moher, "CONSORT 2010 Statement", BMJ
       340:c332, 2010 (the numbers at each stage of the flow diagram).

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.cohort import Cohort
    >>> df = pd.DataFrame({"status": ["intern", "doctor"]})
    >>> Cohort(df).exclude(df["status"] == "intern", reason="interns").steps[-1]
    FlowStep(step='exclude', reason='interns', excluded=1, remaining=1)
    """

    step: str
    reason: str
    excluded: int
    remaining: int


def _flow_text(reasons: Sequence[str], steps: Sequence[FlowStep], lang: str) -> str:
    """Render a flow as text: the raw count, each exclusion with its reason, the final count.

    `reasons` gives the text of each step's reason (the first labels the start).
    """
    first, rest = steps[0], steps[1:]
    rows: list[tuple[str, str, str]] = [(reasons[0], _format.count(first.remaining, lang), "")]
    for s, reason in zip(rest, reasons[1:], strict=True):
        rows.append(
            (
                f"  − {reason}",
                _format.count(s.excluded, lang),
                f"  → {_format.count(s.remaining, lang)}",
            )
        )
    rows.append((_TEXT["cohort"][lang], _format.count(steps[-1].remaining, lang), ""))
    left = max(len(r[0]) for r in rows)
    right = max(len(r[1]) for r in rows)
    return "\n".join(f"{a:<{left}}  {b:>{right}}{c}".rstrip() for a, b, c in rows)


def _exclusion_count(excluded: Sequence[int | str | None], i: int, lang: str) -> str:
    """Return the count line of step `i`'s exclusion box: ``n = 12``, or ``n < 5`` if hidden.

    A count hidden by disclosure control is drawn as the table prints it (``< 5``, or
    ``s``), never as a number: shared by the matplotlib and the SVG diagram.
    """
    value = excluded[i]
    if isinstance(value, str):
        return f"n {value}" if value.startswith("<") else f"n = {value}"
    if value is None:
        raise InvalidValueError(
            f"excluded[{i}] is None: only the first entry (the start) may be None; give "
            f"step {i}'s count, or the marker the table prints (e.g. '< 5') when it is hidden"
        )
    return f"n = {_format.count(int(value), lang)}"


def flow_diagram(
    reasons: Sequence[str],
    excluded: Sequence[int | str | None],
    remaining: Sequence[int],
    *,
    lang: str = "en",
    ax: Axes | None = None,
) -> Figure:
    r"""Draw an attrition flow as a CONSORT-style box diagram.

    Parameters
    ----------
    reasons : sequence of str
        The first entry labels the start; then one reason per step.
    excluded : sequence of int, str or None
        Rows excluded at each step (the first entry is ignored and may be None). A
        count hidden by disclosure control is given as the marker its table prints
        (``"< 5"``, ``"s"``) and drawn as ``n < 5`` (``n = s``), never as a number.
    remaining : sequence of int
        Rows left after each step (the first: the raw count).
    lang : {"en", "fr"}
        Language of the labels and numbers.
    ax : matplotlib Axes, optional
        Where to draw; by default a new :class:`matplotlib.figure.Figure`, made without
        pyplot (no global state, nothing to close).

    Returns
    -------
    matplotlib.figure.Figure

    References
    ----------
    .. [1] K. F. Schulz, D. G. Altman, D. Moher, "CONSORT 2010 Statement", BMJ
       340:c332, 2010 (the flow diagram).

    Examples
    --------
    >>> fig = flow_diagram(["respondents", "not in sector 2"], [None, 10], [188, 178])
    >>> [t.get_text() for t in fig.axes[0].texts][:2]
    ['respondents\nn = 188', 'Excluded: not in sector\n2\nn = 10']
    """
    lang = _format.check_lang(lang)
    check_axes(ax)
    count = len(remaining)
    if ax is None:
        from matplotlib.figure import Figure

        # The whole figure is the diagram: boxes get the full width.
        ax = Figure(figsize=(_style.WIDTH, 0.3 + 1.2 * count)).add_axes((0.0, 0.0, 1.0, 1.0))
    figure = ax.get_figure()
    ax.set_axis_off()
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(-0.7, 2.0 * (count - 1) + 0.7)
    box = {"boxstyle": "square,pad=0.4", "facecolor": "white", "edgecolor": "black"}
    main_x, side_x = 0.25, 0.74
    # "Exclus : raison" in French: a no-break space before the colon.
    excluded_label = _TEXT["excluded"][lang] + (f"{_format.NBSP}: " if lang == "fr" else ": ")

    def y_of(level: float) -> float:
        return 2.0 * (count - 1) - level

    def wrap(text: str) -> str:
        return "\n".join(textwrap.wrap(text, 24)) or text

    # Texts are added in reading order: the start, then for each step its exclusion
    # box before the count it leads to.
    mains, sides = [], []
    for i in range(count):
        if i > 0:
            sides.append(ax.text(
                side_x, y_of(2 * i - 1),
                f"{wrap(excluded_label + reasons[i])}\n{_exclusion_count(excluded, i, lang)}",
                ha="center", va="center", bbox=box, fontsize=_style.FONT,
            ))  # fmt: skip
        label = reasons[0] if i == 0 else _TEXT["cohort"][lang] if i == count - 1 else ""
        head = f"{wrap(label)}\n" if label else ""
        mains.append(ax.text(
            main_x, y_of(2 * i), f"{head}n = {_format.count(remaining[i], lang)}",
            ha="center", va="center", bbox=box, fontsize=_style.FONT,
        ))  # fmt: skip
    # Arrows run from box edge to box edge: the boxes' sizes follow their text, known
    # only once laid out, so lay out first and read each box's extent in data units.
    figure.draw_without_rendering()  # type: ignore[union-attr]
    to_data = ax.transData.inverted()

    def extent(text: Any) -> Any:
        return to_data.transform_bbox(text.get_bbox_patch().get_window_extent())

    arrow = {"arrowstyle": "-|>", "color": "black", "shrinkA": 0, "shrinkB": 0,
             "mutation_scale": 14}  # fmt: skip
    for i in range(1, count):
        above, below, side = extent(mains[i - 1]), extent(mains[i]), extent(sides[i - 1])
        ax.annotate("", xy=(main_x, below.y1), xytext=(main_x, above.y0), arrowprops=arrow)
        ax.annotate("", xy=(side.x0, y_of(2 * i - 1)), xytext=(main_x, y_of(2 * i - 1)),
                    arrowprops=arrow)  # fmt: skip
    _style.describe(cast("Figure", figure), _style.kind_words("flow", lang))
    return cast("Figure", figure)
