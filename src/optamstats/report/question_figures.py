"""Figures of single-choice, scale and numeric questions, drawn without pyplot.

Each function returns a :class:`matplotlib.figure.Figure` whose axes title says what it
shows; matplotlib is imported only when one is called. Tick labels use a decimal comma
with ``lang="fr"``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from optamstats import _format
from optamstats._checks import InvalidValueError, require_matplotlib
from optamstats.report import _style

if TYPE_CHECKING:
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

__all__ = ["bar_chart", "diverging_bars", "histogram"]

_RESPONDENTS = {"en": "Respondents", "fr": "Répondants"}
_SHARE = {"en": "Share of answers (%)", "fr": "Part des réponses (%)"}


def _tick_text(value: float, lang: str) -> str:
    """Format a tick value with the decimals it needs (up to 2), comma in French."""
    return _style.tick_text(value, lang)


def _number_ticks(axis: Axis, lang: str, *, absolute: bool = False) -> None:
    from matplotlib.ticker import FuncFormatter

    def text(value: float, _position: Any) -> str:
        return _tick_text(abs(value) if absolute else value, lang)

    axis.set_major_formatter(FuncFormatter(text))


def _check_lang(lang: object) -> str:
    return _format.check_lang(lang)


def _wrap(label: str, width: int = _style.LABEL_WIDTH) -> str:
    return _style.wrap(label, width)


def bar_chart(
    labels: Sequence[str],
    estimates: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    *,
    title: str,
    xlabel: str,
    lang: str = "en",
    intervals: bool = True,
) -> Figure:
    """Draw shares as horizontal bars with interval whiskers, first label on top.

    Parameters
    ----------
    labels : sequence of str
        Option labels, in the order to show from top to bottom.
    estimates, lows, highs : sequence of float
        Shares and interval bounds, as fractions in [0, 1] (drawn as percentages).
    title, xlabel : str
        Texts of the figure.
    lang : {"en", "fr"}, default "en"
        Number format of the tick labels (decimal comma in French).
    intervals : bool, default True
        False for shares without an interval (shares of mentions when the number of
        respondents is unknown): no whiskers, and the description says so.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidValueError
        Sequences of different lengths, none at all, or shares outside [0, 1] or not
        bracketed by their bounds.

    References
    ----------
    .. [1] W. S. Cleveland and R. McGill, "Graphical perception: theory,
       experimentation, and application to the development of graphical methods",
       J. Am. Stat. Assoc. 79(387):531–554, 1984.

    Examples
    --------
    >>> from optamstats.report.question_figures import bar_chart
    >>> fig = bar_chart(["Oui", "Non"], [0.6, 0.4], [0.46, 0.27], [0.72, 0.54],
    ...                 title="Réponses", xlabel="%", lang="fr")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['Oui', 'Non']
    """
    lang = _check_lang(lang)
    sizes = {len(labels), len(estimates), len(lows), len(highs)}
    if len(sizes) != 1 or not labels:
        raise InvalidValueError(
            "`labels`, `estimates`, `lows` and `highs` must have the same, non-zero length; "
            f"got {len(labels)}, {len(estimates)}, {len(lows)} and {len(highs)}."
        )
    est, low, high = (np.asarray(v, dtype=np.float64) for v in (estimates, lows, highs))
    if not (
        np.all(np.isfinite(est) & np.isfinite(low) & np.isfinite(high))
        and np.all((low >= 0) & (low <= est) & (est <= high) & (high <= 1))
    ):
        raise InvalidValueError(
            "`estimates`, `lows` and `highs` must be fractions with 0 ≤ low ≤ estimate ≤ "
            "high ≤ 1 (not percentages, not NaN)."
        )
    require_matplotlib("bar_chart")
    from matplotlib.figure import Figure

    n = len(labels)
    wrapped = [_wrap(label) for label in labels]
    fig = Figure(figsize=(_style.WIDTH, _style.rows_height(wrapped) + 1.6))
    ax = fig.add_subplot()
    ys = np.arange(n)[::-1]
    ax.barh(ys, 100 * est, color=_style.BLUE, alpha=0.8, height=0.6)
    if intervals:
        ax.errorbar(
            100 * est, ys, xerr=[100 * (est - low), 100 * (high - est)], fmt="none",
            ecolor="black", elinewidth=1, capsize=3,
        )  # fmt: skip
    ax.set_yticks(ys, labels=wrapped)
    ax.tick_params(labelsize=_style.FONT)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100])
    _style.percent_ticks(ax.xaxis, lang)
    ax.set_xlabel(xlabel, fontsize=_style.FONT)
    ax.grid(axis="x", color=_style.GRID)
    ax.set_axisbelow(True)
    _style.describe(fig, _style.kind_words("bars" if intervals else "bars_plain", lang))
    _style.fit_title(fig, title, wrapped)
    return fig


def _diverging_colours(count: int) -> list[Any]:
    # ColorBrewer's RdBu (Brewer 2003: colour-blind safe), sampled symmetrically so
    # that the middle level of an odd scale gets the neutral near-white.
    from matplotlib import colormaps

    cmap = colormaps["RdBu"]
    return [cmap(x) for x in np.linspace(0.1, 0.9, count)]


def diverging_bars(
    levels: Sequence[str],
    shares: Sequence[float],
    *,
    title: str,
    lang: str = "en",
) -> Figure:
    """Draw a scale's distribution as one stacked bar centred on the neutral level.

    Parameters
    ----------
    levels : sequence of str
        Level labels from low to high (at least 2).
    shares : sequence of float
        Share of each level, fractions adding up to 1.
    title : str
        Title of the figure.
    lang : {"en", "fr"}, default "en"
        Language of the axis label and number format of the ticks.

    Returns
    -------
    matplotlib.figure.Figure
        Low levels extend left of 0, high levels right; the middle level of an odd
        scale straddles 0 (half on each side), an even scale splits between its two
        middle levels. Ticks show the distance from the centre in percent (no minus
        sign on the left).

    Raises
    ------
    InvalidValueError
        Lengths that differ, fewer than 2 levels, negative or non-finite shares, or
        shares not adding up to 1 (within 1e-6).

    References
    ----------
    .. [1] N. B. Robbins and R. M. Heiberger, "Plotting Likert and other rating
       scales", Proc. Survey Research Methods Section, ASA, 2011.
    .. [2] C. A. Brewer, G. W. Hatchard and M. A. Harrower, "ColorBrewer in print: a
       catalog of color schemes for maps", Cartogr. Geogr. Inf. Sci. 30(1):5–32, 2003.

    Examples
    --------
    >>> from optamstats.report.question_figures import diverging_bars
    >>> fig = diverging_bars(["1", "2", "3", "4", "5"], [0.06, 0.14, 0.2, 0.36, 0.24],
    ...                      title="Satisfaction")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['1', '2', '3', '4', '5']
    """
    lang = _check_lang(lang)
    if len(levels) != len(shares) or len(levels) < 2:
        raise InvalidValueError(
            "`levels` and `shares` must have the same length, at least 2; got "
            f"{len(levels)} and {len(shares)}."
        )
    values = np.asarray(shares, dtype=np.float64)
    if not np.all(np.isfinite(values) & (values >= 0)) or abs(values.sum() - 1.0) > 1e-6:
        raise InvalidValueError(
            "`shares` must be fractions ≥ 0 adding up to 1 (the distribution over the "
            f"substantive levels); got a sum of {float(values.sum())!r}."
        )
    require_matplotlib("diverging_bars")
    from matplotlib.figure import Figure

    count = len(levels)
    # Left edge: everything below the centre. Odd: the lower levels plus half the middle.
    if count % 2:
        below = values[: count // 2].sum() + values[count // 2] / 2.0
    else:
        below = values[: count // 2].sum()
    starts = -below + np.concatenate(([0.0], np.cumsum(values)[:-1]))
    columns = min(count, 3)
    fig = Figure(figsize=(_style.WIDTH, 2.2 + 0.45 * math.ceil(count / columns)))
    ax = fig.add_subplot()
    for start, width, label, colour in zip(
        starts, values, levels, _diverging_colours(count), strict=True
    ):
        ax.barh(
            [0], [100 * width], left=[100 * start], color=colour, edgecolor="#555555",
            linewidth=0.5, height=0.5, label=_style.wrap(label, 16, 2),
        )  # fmt: skip
    ax.axvline(0, color="black", linewidth=0.8)
    reach = 100 * max(below, 1.0 - below)
    ax.set_xlim(-reach * 1.05, reach * 1.05)
    ax.set_ylim(-0.6, 0.6)
    ax.set_yticks([])
    _style.percent_ticks(ax.xaxis, lang, absolute=True)
    ax.tick_params(labelsize=_style.FONT)
    ax.set_xlabel(_SHARE[lang], fontsize=_style.FONT)
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=columns, fontsize=_style.FONT,
        frameon=False,
    )  # fmt: skip
    _style.describe(fig, _style.kind_words("diverging", lang))
    _style.fit_title(fig, title)
    return fig


def histogram(
    values: npt.ArrayLike,
    *,
    title: str,
    xlabel: str,
    lang: str = "en",
) -> Figure:
    """Draw the distribution of numeric answers as a histogram of counts.

    Parameters
    ----------
    values : array_like of float
        One answer per respondent, finite.
    title, xlabel : str
        Texts of the figure.
    lang : {"en", "fr"}, default "en"
        Language of the count axis and number format of the ticks.

    Returns
    -------
    matplotlib.figure.Figure
        Whole-number answers spanning at most 40 values get one bar per value
        (edges at half-integers); other data get numpy's ``"auto"`` bins.

    Raises
    ------
    InvalidValueError
        No values, NaN or infinite values, a range beyond float64.
    InvalidTypeError
        Non-numeric values.

    References
    ----------
    .. [1] D. W. Scott, "On optimal and data-based histograms", Biometrika
       66(3):605–610, 1979.

    Examples
    --------
    >>> from optamstats.report.question_figures import histogram
    >>> fig = histogram([12, 3, 25, 7, 18, 30, 1, 9], title="Years in practice",
    ...                 xlabel="years")
    >>> fig.axes[0].get_title(loc="left")
    'Years in practice'
    """
    from optamstats.quantiles import _as_values

    lang = _check_lang(lang)
    data = _as_values(values)
    require_matplotlib("histogram")
    from matplotlib.figure import Figure

    low, high = float(data.min()), float(data.max())
    with np.errstate(over="ignore"):
        span = high - low
    if not math.isfinite(span):
        raise InvalidValueError(
            f"`values` span more than float64 can hold ({low!r} to {high!r}); express them "
            "in a larger unit."
        )
    bins: Any
    whole = bool(np.all(data == np.round(data))) and max(abs(low), abs(high)) < 2.0**52
    if whole and span <= 40:
        bins = np.arange(math.floor(low) - 0.5, math.ceil(high) + 1.0, 1.0)
    else:
        bins = np.histogram_bin_edges(data, bins="auto")
    fig = Figure(figsize=(_style.WIDTH, 3.4))
    ax = fig.add_subplot()
    ax.hist(data, bins=bins, color=_style.BLUE, alpha=0.8, edgecolor="white")
    _number_ticks(ax.xaxis, lang)
    _number_ticks(ax.yaxis, lang)
    ax.tick_params(labelsize=_style.FONT)
    ax.set_xlabel(xlabel, fontsize=_style.FONT)
    ax.set_ylabel(_RESPONDENTS[lang], fontsize=_style.FONT)
    ax.grid(axis="y", color=_style.GRID)
    ax.set_axisbelow(True)
    _style.describe(fig, _style.kind_words("histogram", lang))
    _style.fit_title(fig, title)
    return fig
