"""Which options of a multi-select question are ticked together: co-occurrence.

Counts, Jaccard indices or conditional shares for every pair of options, and the
matrix as a heat map. Part of :mod:`optamstats.multiselect`.
"""

from __future__ import annotations

import math
import textwrap
import warnings
from typing import TYPE_CHECKING, Final, cast

import numpy as np

from optamstats._checks import (
    DegenerateDataWarning,
    InvalidValueError,
    check_axes,
    check_choice,
)
from optamstats.multiselect.parsing import MultiSelectAnswers, _check_answers, _show

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["cooccurrence", "plot_cooccurrence"]

COOCCURRENCE_MEASURES: Final = ("count", "jaccard", "conditional")


def cooccurrence(answers: MultiSelectAnswers, *, measure: str = "count") -> pd.DataFrame:
    r"""Which options are ticked together: an options × options matrix.

    Parameters
    ----------
    answers : MultiSelectAnswers
        Parsed answers; only respondents who answered count.
    measure : {"count", "jaccard", "conditional"}, default "count"
        ``"count"``: respondents who ticked both (the diagonal holds each option's
        mentions). ``"jaccard"``: both / either, in [0, 1] (1 on the diagonal).
        ``"conditional"``: row i, column j is the share of the respondents who ticked
        option i that also ticked option j.

    Returns
    -------
    pandas.DataFrame
        Indexed and labelled by option, in the form's order: int64 counts, or float64
        shares. Shares that are undefined (an option nobody ticked) are ``<NA>`` in a
        nullable Float64 frame, with a :class:`DegenerateDataWarning`.

    Raises
    ------
    InvalidTypeError
        `answers` not a MultiSelectAnswers.
    InvalidValueError
        An unknown measure; nobody answered.

    Warns
    -----
    DegenerateDataWarning
        An option nobody ticked, whose Jaccard or conditional shares are undefined.

    See Also
    --------
    plot_cooccurrence : The same matrix as a heat map.

    Notes
    -----
    With the (n × m) 0/1 matrix X of respondents who answered, counts are
    :math:`C = X^\top X`; Jaccard is :math:`C_{ij} / (C_{ii} + C_{jj} - C_{ij})` [1]_;
    conditional shares are :math:`C_{ij} / C_{ii}`. Counts can be small: publish them
    only after disclosure control.

    References
    ----------
    .. [1] P. Jaccard, "The distribution of the flora in the alpine zone", New
       Phytologist 11(2):37–50, 1912.

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.multiselect import cooccurrence, parse_multiselect
    >>> cells = pd.Series(["A, B", "A", "A, C", "B", "A, B, C"])
    >>> answers = parse_multiselect(cells, ["A", "B", "C"])
    >>> cooccurrence(answers)
       A  B  C
    A  4  2  2
    B  2  3  1
    C  2  1  2
    >>> cooccurrence(answers, measure="jaccard").round(2)
         A     B     C
    A  1.0  0.40  0.50
    B  0.4  1.00  0.25
    C  0.5  0.25  1.00
    """
    import pandas as pd

    answers = _check_answers(answers)
    measure = check_choice("measure", measure, COOCCURRENCE_MEASURES)
    matrix = answers._matrix().astype(np.int64)
    counts = matrix.T @ matrix
    labels = pd.Index(answers.options, dtype=object)
    if measure == "count":
        return pd.DataFrame(counts, index=labels, columns=labels)
    diagonal = np.diag(counts).astype(np.float64)
    if measure == "jaccard":
        denominator = diagonal[:, None] + diagonal[None, :] - counts
    else:
        denominator = np.repeat(diagonal[:, None], len(diagonal), axis=1)
    undefined = denominator == 0
    shares = counts / np.where(undefined, 1.0, denominator)
    if not undefined.any():
        return pd.DataFrame(shares, index=labels, columns=labels)
    never = [str(labels[int(i)]) for i in np.flatnonzero(diagonal == 0)]
    warnings.warn(
        f"Option(s) {_show(never, 200)} were ticked by nobody: their {measure} shares are "
        "undefined and shown as <NA>.",
        DegenerateDataWarning,
        stacklevel=2,
    )
    frame = pd.DataFrame(shares, index=labels, columns=labels).astype("Float64")
    return frame.mask(pd.DataFrame(undefined, index=labels, columns=labels))


def plot_cooccurrence(
    answers: MultiSelectAnswers,
    *,
    measure: str = "jaccard",
    ax: Axes | None = None,
    annotate: bool = True,
    wrap: int = 28,
) -> Figure:
    """Draw the co-occurrence matrix of a multi-select question as a heat map.

    Parameters
    ----------
    answers : MultiSelectAnswers
        Parsed answers.
    measure : {"jaccard", "count", "conditional"}, default "jaccard"
        As in :func:`cooccurrence`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; by default a new figure (not registered with pyplot, so
        nothing is shown or kept in global state).
    annotate : bool, default True
        Write each cell's value in it.
    wrap : int, default 28
        Wrap long option labels at this many characters.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the heat map (``ax.figure`` when `ax` is given).

    Raises
    ------
    InvalidTypeError, InvalidValueError
        As :func:`cooccurrence`; `wrap` not a positive integer; `ax` not a matplotlib
        Axes.

    Notes
    -----
    matplotlib is imported only here. Cells of undefined shares are left blank.

    References
    ----------
    .. [1] P. Jaccard, "The distribution of the flora in the alpine zone", New
       Phytologist 11(2):37–50, 1912.

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.multiselect import parse_multiselect, plot_cooccurrence
    >>> answers = parse_multiselect(pd.Series(["A, B", "A", "B, C"]), ["A", "B", "C"])
    >>> fig = plot_cooccurrence(answers)
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['A', 'B', 'C']
    """
    if isinstance(wrap, bool) or not isinstance(wrap, int) or wrap < 1:
        raise InvalidValueError(
            f"`wrap` must be a positive number of characters; got {_show(wrap)}."
        )
    check_axes(ax)
    with warnings.catch_warnings():
        # Undefined cells are drawn blank; the caller sees them, no need to warn twice.
        warnings.simplefilter("ignore", DegenerateDataWarning)
        frame = cooccurrence(answers, measure=measure)
    from matplotlib.figure import Figure

    values = frame.to_numpy(dtype=np.float64, na_value=np.nan)
    if ax is None:
        m = len(frame)
        side = 2.0 + 0.7 * m
        figure = Figure(figsize=(side + 1.5, side), layout="constrained")
        ax = figure.add_subplot()
    else:
        figure = cast("Figure", ax.figure)
    masked = np.ma.masked_invalid(values)
    vmax = 1.0 if measure != "count" else max(float(np.nanmax(values)), 1.0)
    image = ax.imshow(masked, cmap="Blues", vmin=0.0, vmax=vmax)
    labels = [textwrap.fill(str(label), wrap) for label in frame.index]
    ticks = np.arange(len(labels))
    ax.set_xticks(ticks, labels, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(ticks, labels)
    names = {
        "count": "respondents who ticked both",
        "jaccard": "Jaccard index (both / either)",
        "conditional": "share of row option's respondents who also ticked column option",
    }
    figure.colorbar(image, ax=ax, label=textwrap.fill(names[measure], 40))
    if annotate:
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                value = values[i, j]
                if math.isnan(value):
                    continue
                text = f"{value:.0f}" if measure == "count" else f"{value:.2f}"
                colour = "white" if value > 0.6 * vmax else "black"
                ax.text(j, i, text, ha="center", va="center", color=colour, fontsize=8)
    return figure
