"""The figure of a wave comparison: a dumbbell chart, drawn without pyplot.

matplotlib is imported only when it is called; tick labels use a decimal comma with
``lang="fr"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from optamstats._checks import InvalidValueError, require_matplotlib
from optamstats.report.question_figures import _check_lang, _number_ticks, _wrap

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["dumbbell"]

_GREY = "#8c8c8c"
_BLUE = "#1f5a99"


def dumbbell(
    labels: Sequence[str],
    before: Sequence[float],
    after: Sequence[float],
    *,
    title: str,
    names: tuple[str, str],
    xlabel: str,
    lang: str = "en",
) -> Figure:
    """Draw each share in two waves as two dots joined by a line, first label on top.

    Parameters
    ----------
    labels : sequence of str
        One label per share ("Left: Yes"), top to bottom.
    before, after : sequence of float
        The shares in the earlier and the later wave, as fractions in [0, 1].
    title, xlabel : str
        Texts of the figure.
    names : (str, str)
        Legend names of the earlier and later waves.
    lang : {"en", "fr"}, default "en"
        Number format of the tick labels.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidValueError
        Sequences of different lengths, none at all, or shares outside [0, 1].

    References
    ----------
    .. [1] W. S. Cleveland, *The Elements of Graphing Data*, Hobart Press, 1994 (dot
       charts).

    Examples
    --------
    >>> from optamstats.report.wave_figures import dumbbell
    >>> fig = dumbbell(["Left: Yes"], [0.42], [0.54], title="Changes",
    ...                names=("2025", "2026"), xlabel="%")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['Left: Yes']
    """
    lang = _check_lang(lang)
    if len({len(labels), len(before), len(after)}) != 1 or not labels:
        raise InvalidValueError(
            "`labels`, `before` and `after` must have the same, non-zero length; got "
            f"{len(labels)}, {len(before)} and {len(after)}."
        )
    b, a = (np.asarray(v, dtype=np.float64) for v in (before, after))
    if not (np.all(np.isfinite(b) & np.isfinite(a)) and np.all((b >= 0) & (b <= 1))
            and np.all((a >= 0) & (a <= 1))):  # fmt: skip
        raise InvalidValueError(
            "`before` and `after` must be fractions in [0, 1] (not percentages, not NaN)."
        )
    require_matplotlib("dumbbell")
    from matplotlib.figure import Figure

    n = len(labels)
    fig = Figure(figsize=(7.5, 0.45 * n + 1.5))
    ax = fig.add_subplot()
    ys = np.arange(n)[::-1]
    ax.hlines(ys, 100 * np.minimum(a, b), 100 * np.maximum(a, b), color=_GREY, linewidth=2)
    ax.scatter(100 * b, ys, color=_GREY, zorder=3, label=names[0])
    ax.scatter(100 * a, ys, color=_BLUE, zorder=3, label=names[1])
    ax.set_yticks(ys, [_wrap(x) for x in labels])
    ax.set_xlim(0, 100)
    _number_ticks(ax.xaxis, lang)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.legend(loc="best", frameon=False)
    fig.tight_layout()
    return fig
