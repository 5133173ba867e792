"""Figures of the report, drawn without pyplot (no global state, no open windows).

Each function returns a :class:`matplotlib.figure.Figure`; matplotlib is imported only
when one is called.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from optamstats.funnel import ExitFunnel

__all__ = ["forest_plot", "funnel_chart"]

_BLUE = "#1f5a99"
_GREY = "#8a8a8a"


def forest_plot(
    labels: Sequence[str],
    estimates: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    *,
    title: str,
    xlabel: str,
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

    n = len(labels)
    fig = Figure(figsize=(7.5, 0.45 * n + 1.2))
    ax = fig.add_subplot()
    ys = list(range(n))[::-1]
    for y, est, lo, hi in zip(ys, estimates, lows, highs, strict=True):
        ax.plot([100 * lo, 100 * hi], [y, y], color=_BLUE, linewidth=2)
        ax.plot([100 * est], [y], "o", color=_BLUE)
    ax.set_yticks(ys, labels=[_wrap(label) for label in labels], fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel(xlabel)
    ax.set_title(title, fontsize=10, loc="left")
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)
    fig.tight_layout()
    return fig


def funnel_chart(
    funnel: ExitFunnel,
    *,
    labels: Sequence[str],
    title: str,
    xlabel: str,
    threshold: float | None = None,
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
        A claimed level (e.g. 0.70), drawn as a dashed vertical line.

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
    fig = forest_plot(names, est, low, high, title=title, xlabel=xlabel)
    if threshold is not None:
        fig.axes[0].axvline(100 * threshold, linestyle="--", color=_GREY, linewidth=1)
    return fig


def _wrap(label: str, width: int = 42) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(label, width)[:2])
