"""Figures of the report, drawn without pyplot (no global state, no open windows).

Each function returns a :class:`matplotlib.figure.Figure`; matplotlib is imported only
when one is called.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from optamstats import _format
from optamstats.report import _style

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from optamstats.funnel import ExitFunnel

__all__ = ["forest_plot", "funnel_chart"]


def forest_plot(
    labels: Sequence[str],
    estimates: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    *,
    title: str,
    xlabel: str,
    lang: str = "en",
) -> Figure:
    """Draw estimates with their intervals, one row per label, first label on top.

    Parameters
    ----------
    labels : sequence of str
        Row labels.
    estimates, lows, highs : sequence of float
        Point estimates and bounds, as fractions (drawn as percentages).
    title, xlabel : str
        Texts of the figure.
    lang : {"en", "fr"}, default "en"
        Axis numbers in percent: "20 %" (no-break space) in French, "20%" in English;
        also the language of the figure's description (its ``get_label()``).

    Returns
    -------
    matplotlib.figure.Figure

    References
    ----------
    .. [1] S. Lewis and M. Clarke, "Forest plots: trying to see the wood and the trees",
       BMJ 322:1479–1480, 2001.

    Examples
    --------
    >>> fig = forest_plot(["a", "b"], [0.4, 0.6], [0.3, 0.5], [0.5, 0.7], title="t",
    ...                   xlabel="%")
    >>> len(fig.axes)
    1
    """
    from matplotlib.figure import Figure

    lang = _format.check_lang(lang)
    n = len(labels)
    wrapped = [_style.wrap(label) for label in labels]
    fig = Figure(figsize=(_style.WIDTH, _style.rows_height(wrapped) + 1.5))
    ax = fig.add_subplot()
    ys = list(range(n))[::-1]
    for y, est, lo, hi in zip(ys, estimates, lows, highs, strict=True):
        ax.plot([100 * lo, 100 * hi], [y, y], color=_style.BLUE, linewidth=2)
        ax.plot([100 * est], [y], "o", color=_style.BLUE)
    ax.set_yticks(ys, labels=wrapped)
    ax.tick_params(labelsize=_style.FONT)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100])
    _style.percent_ticks(ax.xaxis, lang)
    ax.set_xlabel(xlabel, fontsize=_style.FONT)
    ax.grid(axis="x", color=_style.GRID)
    ax.set_axisbelow(True)
    _style.describe(fig, _style.kind_words("forest", lang))
    _style.fit_title(fig, title, wrapped)
    return fig


def funnel_chart(
    funnel: ExitFunnel,
    *,
    labels: Sequence[str],
    title: str,
    xlabel: str,
    threshold: float | None = None,
    lang: str = "en",
) -> Figure:
    """Draw the funnel: left, plan (among those still in) and the combined rate.

    Parameters
    ----------
    funnel : ExitFunnel
        The funnel to draw.
    labels : sequence of str
        Four row labels: left, plan, combined (bootstrap), combined (Wilson).
    title, xlabel : str
        Texts of the figure.
    threshold : float, optional
        A claimed level (e.g. 0.5), drawn as a dashed vertical line.
    lang : {"en", "fr"}, default "en"
        Number format of the axis, as in :func:`forest_plot`.

    Returns
    -------
    matplotlib.figure.Figure

    References
    ----------
    .. [1] B. Efron and R. J. Tibshirani, *An Introduction to the Bootstrap*, 1993.

    Examples
    --------
    >>> from optamstats import exit_funnel
    >>> fig = funnel_chart(exit_funnel(50, 41, 28), labels=["l", "p", "c", "w"],
    ...                    title="t", xlabel="%")
    >>> len(fig.axes)
    1
    """
    rows = [funnel.left]
    if funnel.plan is not None:
        rows.append(funnel.plan)
    names = list(labels[: len(rows)]) + list(labels[2:4])
    est = [r.estimate for r in rows] + [funnel.combined.estimate, funnel.wilson.estimate]
    low = [r.low for r in rows] + [funnel.combined.low, funnel.wilson.low]
    high = [r.high for r in rows] + [funnel.combined.high, funnel.wilson.high]
    fig = forest_plot(names, est, low, high, title=title, xlabel=xlabel, lang=lang)
    if threshold is not None:
        fig.axes[0].axvline(100 * threshold, linestyle="--", color=_style.GREY, linewidth=1)
    return fig
