"""The result of a breakdown, its table and its forest plot.

Part of :mod:`optamstats.breakdowns`.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, cast

import numpy as np

from optamstats import _format
from optamstats._checks import (
    InvalidTypeError,
    _show,
    check_axes,
    check_choice,
)
from optamstats._typing import FloatArray, IntArray
from optamstats.breakdowns.homogeneity import HomogeneityTest
from optamstats.proportions import ProportionCI

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


__all__ = ["Breakdown", "forest_plot"]

MEASURES: Final = ("proportion", "difference")


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Breakdown:
    """An outcome's rate in each group, each group against the rest, and an overall test.

    Arrays are in the order of ``groups`` (the merged group, if any, last). Nothing
    is rounded.

    Attributes
    ----------
    outcome, by : str
        Labels of the outcome and of the grouping.
    groups : tuple of str
        The groups shown; a merged group is labelled by `merged_label`.
    k, n : numpy.ndarray of int
        Respondents with the outcome, and the group's base.
    estimate, low, high : numpy.ndarray of float
        ``k / n`` and its Wilson interval.
    rest_k, rest_n : numpy.ndarray of int
        The same counts among all the other shown respondents.
    difference, difference_low, difference_high : numpy.ndarray of float
        ``k / n − rest_k / rest_n`` and Newcombe's hybrid score interval.
    p_value : numpy.ndarray of float
        Two-sided p-value of "the group's rate equals the rest's" (see `test`).
    p_adjusted : numpy.ndarray of float
        The same, adjusted across the groups (see `adjust`).
    test : str
        ``"score"`` (Pearson chi-square on the group-vs-rest 2×2, no continuity
        correction) or ``"fisher"`` (Fisher's exact test, two-sided).
    adjust : str or None
        ``"holm"``, ``"bh"`` or None (p_adjusted = p_value).
    confidence : float
        Level of every interval (not adjusted for multiplicity).
    homogeneity : HomogeneityTest
        The overall test.
    overall : ProportionCI
        The rate among all shown respondents.
    merged : tuple of str
        Groups pooled into the merged group (a count or complement from 1 to
        ``min_cell − 1``, or the smallest groups added to make the pool pass); empty if
        none.
    suppressed : int
        Always 0 since issue 16: nobody is left out (a dropped group is the report's
        total minus the breakdown's). Kept so that existing code reading it works.
    unassigned : int
        Respondents in the outcome's base with no answer to the grouping question.
    min_cell : int
        The disclosure threshold on a group's base.
    merged_label : str
        The label of the merged group.
    lang : str
        Language of labels and figures.

    References
    ----------
    .. [1] R. G. Newcombe, Stat. Med. 17:873–890, 1998 (the difference interval).

    Examples
    --------
    >>> from optamstats.breakdowns import breakdown_from_counts
    >>> b = breakdown_from_counts([12, 20, 9], [30, 31, 28], ["A", "B", "C"])
    >>> b.groups, b.k.tolist(), b.rest_k.tolist()
    (('A', 'B', 'C'), [12, 20, 9], [29, 21, 32])
    >>> b.p_adjusted.round(4).tolist()  # R: p.adjust(<prop.test p-values>, "holm")
    [0.4129, 0.0321, 0.1483]
    """

    outcome: str
    by: str
    groups: tuple[str, ...]
    k: IntArray
    n: IntArray
    estimate: FloatArray
    low: FloatArray
    high: FloatArray
    rest_k: IntArray
    rest_n: IntArray
    difference: FloatArray
    difference_low: FloatArray
    difference_high: FloatArray
    p_value: FloatArray
    p_adjusted: FloatArray
    test: str
    adjust: str | None
    confidence: float
    homogeneity: HomogeneityTest
    overall: ProportionCI[float]
    merged: tuple[str, ...]
    suppressed: int
    unassigned: int
    min_cell: int
    merged_label: str
    lang: str

    def __repr__(self) -> str:
        h = self.homogeneity
        return (
            f"<Breakdown of {self.outcome!r} by {self.by!r}: {len(self.groups)} groups, "
            f"n = {int(self.n.sum())}; {h.method} p = {h.p_value:.3g}; "
            f"{self.adjust or 'unadjusted'} p-values>"
        )

    @property
    def note(self) -> str:
        """What was merged, suppressed or left out, and which tests ran, in a sentence."""
        h = self.homogeneity
        test = "score (chi-square, 1 df)" if self.test == "score" else "Fisher exact"
        adjust = {"holm": "Holm", "bh": "Benjamini–Hochberg", None: "not"}[self.adjust]
        parts = [
            "Differences: each group against all other shown respondents, Newcombe "
            f"interval; p-values: {test} test, {adjust} adjusted across {len(self.groups)} "
            f"groups. Homogeneity: {h.method} ({h.reason}).",
        ]
        if self.merged:
            parts.append(
                f"Groups with fewer than {self.min_cell} respondents pooled as "
                f"{self.merged_label!r}: {', '.join(self.merged)}."
            )
        if self.suppressed:
            parts.append(
                f"Respondents in groups with fewer than {self.min_cell} respondents even "
                "when pooled were left out of every figure."
            )
        if self.unassigned:
            parts.append(f"{self.unassigned} respondent(s) without a group were left out.")
        return " ".join(parts)

    def to_frame(self) -> pd.DataFrame:
        """Return one row per group, in the order of ``groups``.

        Returns
        -------
        pandas.DataFrame
            Columns ``group``, ``k``, ``n``, ``proportion``, ``low``, ``high``,
            ``rest_k``, ``rest_n``, ``difference``, ``difference_low``,
            ``difference_high``, ``p_value``, ``p_adjusted`` (proportions as fractions).
            ``.attrs`` holds the confidence, test, adjustment, homogeneity test and
            :attr:`note`.

        References
        ----------
        .. [1] R. G. Newcombe, Stat. Med. 17:873–890, 1998 (the difference interval).

        Examples
        --------
        >>> from optamstats.breakdowns import breakdown_from_counts
        >>> b = breakdown_from_counts([12, 20, 9], [30, 31, 28], ["A", "B", "C"])
        >>> b.to_frame()[["group", "k", "n", "rest_k", "rest_n"]]
          group   k   n  rest_k  rest_n
        0     A  12  30      29      59
        1     B  20  31      21      58
        2     C   9  28      32      61
        """
        import pandas as pd

        frame = pd.DataFrame(
            {
                "group": pd.array(list(self.groups), dtype=object),
                "k": self.k,
                "n": self.n,
                "proportion": self.estimate,
                "low": self.low,
                "high": self.high,
                "rest_k": self.rest_k,
                "rest_n": self.rest_n,
                "difference": self.difference,
                "difference_low": self.difference_low,
                "difference_high": self.difference_high,
                "p_value": self.p_value,
                "p_adjusted": self.p_adjusted,
            }
        )
        frame.attrs.update(
            {
                "outcome": self.outcome,
                "by": self.by,
                "confidence": self.confidence,
                "test": self.test,
                "adjust": self.adjust,
                "homogeneity_method": self.homogeneity.method,
                "homogeneity_p_value": self.homogeneity.p_value,
                "note": self.note,
            }
        )
        return frame

    def _repr_html_(self) -> str:
        """Return the table as HTML with the overall test and notes as caption (Jupyter).

        Returns
        -------
        str
            A paragraph (the note) and the table, rates and differences in %.
        """
        import html

        table = self.to_frame()
        shown = table.assign(
            **{c: 100.0 * table[c] for c in ("proportion", "low", "high")},
            **{c: 100.0 * table[c] for c in ("difference", "difference_low", "difference_high")},
        )
        body = str(shown.to_html(index=False, float_format=lambda v: f"{v:.3g}"))
        caption = html.escape(f"{self.outcome} by {self.by} (%). {self.note}")
        return f"<p>{caption}</p>{body}"

    def forest_plot(
        self, *, measure: str = "proportion", ax: Axes | None = None, lang: str | None = None
    ) -> Figure:
        """Draw the groups as a forest plot; see :func:`forest_plot`.

        Parameters
        ----------
        measure : {"proportion", "difference"}
            What to draw.
        ax : matplotlib.axes.Axes, optional
            Where to draw.
        lang : {"en", "fr"}, optional
            Language of the labels (default: the breakdown's).

        Returns
        -------
        matplotlib.figure.Figure

        References
        ----------
        .. [1] S. Lewis and M. Clarke, "Forest plots: trying to see the wood and the
           trees", BMJ 322:1479–1480, 2001.

        Examples
        --------
        >>> from optamstats.breakdowns import breakdown_from_counts
        >>> fig = breakdown_from_counts([12, 20, 9], [30, 31, 28], ["A", "B", "C"]).forest_plot()
        >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
        ['A', 'B', 'C']
        """
        return forest_plot(self, measure=measure, ax=ax, lang=lang)


def forest_plot(
    result: Breakdown,
    *,
    measure: str = "proportion",
    ax: Axes | None = None,
    lang: str | None = None,
) -> Figure:
    """Draw a breakdown as a forest plot: one line per group, its estimate and interval.

    Parameters
    ----------
    result : Breakdown
        From :func:`breakdown`.
    measure : {"proportion", "difference"}, default "proportion"
        ``"proportion"``: each group's rate (%) with its Wilson interval, a dashed line
        at the overall rate. ``"difference"``: each group minus the rest (points of
        %) with Newcombe's interval, a line at 0.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new :class:`matplotlib.figure.Figure`, made
        without pyplot (no global state).
    lang : {"en", "fr"}, optional
        Language of the labels (default: the breakdown's).

    Returns
    -------
    matplotlib.figure.Figure
        Group labels on the y axis, top to bottom in the order of ``result.groups``;
        ``k / n`` and the adjusted p-value written on the right.

    Raises
    ------
    InvalidTypeError
        `result` is not a Breakdown; `ax` is not a matplotlib Axes.
    InvalidValueError
        An unknown measure or language.

    References
    ----------
    .. [1] S. Lewis and M. Clarke, "Forest plots: trying to see the wood and the trees",
       BMJ 322:1479–1480, 2001.

    Examples
    --------
    >>> from optamstats.breakdowns import breakdown_from_counts, forest_plot
    >>> b = breakdown_from_counts([12, 20, 9], [30, 31, 28], ["A", "B", "C"])
    >>> fig = forest_plot(b, measure="difference")
    >>> fig.axes[0].get_xlabel()
    'Difference from the rest (points of %), 95% CI'
    """
    if not isinstance(result, Breakdown):
        raise InvalidTypeError(f"`result` must be a Breakdown; got {_show(result)}.")
    what = check_choice("measure", measure, MEASURES)
    lang = _format.check_lang(lang if lang is not None else result.lang)
    check_axes(ax)
    from matplotlib.figure import Figure

    m = len(result.groups)
    if ax is None:
        figure = Figure(figsize=(8.0, 1.2 + 0.45 * m), layout="constrained")
        ax = figure.add_subplot()
    else:
        figure = cast("Figure", ax.figure)
    y = np.arange(m)[::-1].astype(np.float64)  # first group on top
    level = _format.level(result.confidence, lang)
    if what == "proportion":
        centre, low, high = (100.0 * v for v in (result.estimate, result.low, result.high))
        reference = 100.0 * result.overall.estimate
        label = {
            "en": f"Proportion (%), {level}% CI (Wilson)",
            "fr": f"Proportion (%), IC à {level} % (Wilson)",
        }[lang]
    else:
        centre, low, high = (
            100.0 * v for v in (result.difference, result.difference_low, result.difference_high)
        )
        reference = 0.0
        label = {
            "en": f"Difference from the rest (points of %), {level}% CI",
            "fr": f"Différence avec les autres (points de %), IC à {level} %",
        }[lang]
    sizes = 20.0 + 180.0 * result.n / max(int(result.n.max()), 1)
    ax.hlines(y, low, high, color="black", linewidth=1.2)
    ax.scatter(centre, y, s=sizes, marker="s", color="black", zorder=3)
    ax.axvline(reference, color="grey", linestyle="--", linewidth=1.0)
    ax.set_yticks(y, [textwrap.shorten(g, 40, placeholder="…") for g in result.groups])
    ax.set_xlabel(label)
    ax.set_title(f"{result.outcome} — {result.by}")
    p_name = "p adj." if result.adjust else "p"
    for yi, ki, ni, pi in zip(y, result.k, result.n, result.p_adjusted, strict=True):
        # As people cite it: "p < 0.001", "p < 0,001" in French (the bound in the language too).
        bound = _format.number(0.001, 3, lang)
        p_text = (
            f"{p_name} < {bound}" if pi < 0.001 else f"{p_name} = {_format.number(pi, 3, lang)}"
        )
        ax.annotate(
            f"{_format.count(int(ki), lang)} / {_format.count(int(ni), lang)}   {p_text}",
            xy=(1.02, yi),
            xycoords=("axes fraction", "data"),
            va="center",
            fontsize=8,
        )
    ax.set_ylim(-0.7, m - 0.3)
    return figure
