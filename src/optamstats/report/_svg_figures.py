"""The report's figures as hand-written SVG, one function per kind, and :class:`Drawing`.

Why hand-written and not matplotlib: matplotlib made the HTML report ~5x slower than
the JSON one (~54 ms a figure, ~0.3 s to import), and issue 19 asks for at most 1.5x;
see ``_svg`` and ``docs/design.md``. Each function takes the arguments of its
matplotlib twin (``question_figures.bar_chart``, ``figures.forest_plot``,
``figures.funnel_chart``, ``question_figures.diverging_bars``,
``question_figures.histogram``, ``cohort.flow_diagram``) plus the figure's `key` (a
prefix for its ids), so that a :class:`Drawing` holds one set of arguments for both.
The look follows the twins: the same colours (Okabe-Ito blue, ColorBrewer RdBu),
titles, axis labels, tick texts and descriptions.

Elements a test (or a reader of the SVG) needs to find carry a class: each row of a
bar chart or forest plot is a ``<g class="row">`` holding its label (``class="label"``),
its bar (``class="bar"``) or point (``class="point"``) and its interval
(``class="interval"``); a scale's levels are ``class="segment"``; the flow diagram's
boxes ``class="box"`` and arrows ``class="arrow"``; a histogram's bars ``class="bin"``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from optamstats import _format
from optamstats.report import _style
from optamstats.report._svg import (
    FONT,
    LINE,
    PAD,
    TITLE,
    WIDTH,
    Canvas,
    describe,
    nice_ticks,
    num,
    percent,
    text_width,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from optamstats.funnel import ExitFunnel

__all__ = ["Drawing", "drawing"]

_AXIS: Final = "#1b1b1b"
_RESPONDENTS: Final = {"en": "Respondents", "fr": "Répondants"}
_SHARE: Final = {"en": "Share of answers (%)", "fr": "Part des réponses (%)"}
_LABEL_SHARE: Final = 0.42  # at most this share of the width for the row labels
_DUMBBELL_GREY: Final = "#8c8c8c"  # as wave_figures.dumbbell
_DUMBBELL_BLUE: Final = "#1f5a99"
_DUMBBELL_WORDS: Final = {
    "en": "Dumbbell chart: each share in the earlier wave as a grey point and in the later "
    "wave as a blue point, joined by a line, the same numbers as the table",
    "fr": "Graphique en haltères : chaque part dans la vague précédente en point gris et "
    "dans la suivante en point bleu, reliés par un trait, les mêmes nombres que le tableau",
}

# ColorBrewer's RdBu (Brewer et al. 2003), the 11 colours matplotlib's "RdBu" colormap
# interpolates; :func:`rdbu` samples it as matplotlib does (a 256-colour table), so the
# scale figures keep the colours of ``question_figures.diverging_bars``.
_RDBU: Final = (
    (0.403921568627451, 0.0, 0.12156862745098039),
    (0.6980392156862745, 0.09411764705882353, 0.16862745098039217),
    (0.8392156862745098, 0.3764705882352941, 0.30196078431372547),
    (0.9568627450980393, 0.6470588235294118, 0.5098039215686274),
    (0.9921568627450981, 0.8588235294117647, 0.7803921568627451),
    (0.9686274509803922, 0.9686274509803922, 0.9686274509803922),
    (0.8196078431372549, 0.8980392156862745, 0.9411764705882353),
    (0.5725490196078431, 0.7725490196078432, 0.8705882352941177),
    (0.2627450980392157, 0.5764705882352941, 0.7647058823529411),
    (0.12941176470588237, 0.4, 0.6745098039215687),
    (0.0196078431372549, 0.18823529411764706, 0.3803921568627451),
)


def rdbu(x: float) -> str:
    """Return the colour of matplotlib's ``colormaps["RdBu"](x)`` as ``#rrggbb``."""
    n = 256
    index = min(max(int(x * n), 0), n - 1)  # matplotlib: the table entry of x
    t = index / (n - 1)  # the table: n colours evenly from the first anchor to the last
    k = min(int(t * 10), 9)
    frac = t * 10 - k
    rgb = [a + (b - a) * frac for a, b in zip(_RDBU[k], _RDBU[k + 1], strict=True)]
    return "#" + "".join(f"{round(v * 255):02x}" for v in rgb)


def _diverging_colours(count: int) -> list[str]:
    # As question_figures._diverging_colours: sampled symmetrically (np.linspace).
    if count == 1:
        return [rdbu(0.1)]
    return [rdbu(0.1 + 0.8 * i / (count - 1)) for i in range(count)]


# --------------------------------------------------------------------------- rows


def _rows_chart(
    key: str,
    labels: Sequence[str],
    estimates: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    *,
    title: str,
    xlabel: str,
    lang: str,
    kind: str,
    threshold: float | None = None,
    names: tuple[str, str] | None = None,
) -> str:
    """Rows of shares, first label on top: bars ("bars"/"bars_plain"), points ("forest").

    A "dumbbell" row joins `lows` (the earlier wave, grey) to `estimates` (the later one,
    blue); `names` are the waves' names, in a legend below the axis.
    """
    canvas = Canvas()
    wrapped = [wrap(label, _LABEL_SHARE * WIDTH) for label in labels]
    label_w = max(text_width(line) for lines in wrapped for line in lines)
    x0 = PAD + label_w + 10.0
    x1 = WIDTH - PAD - text_width(percent(100, lang)) / 2.0
    scale = (x1 - x0) / 100.0
    titled = wrap(title, WIDTH - 2 * PAD, TITLE, 6)
    y0 = canvas.title(titled)
    most = max(len(lines) for lines in wrapped)
    row_h = most * LINE + 14.0
    y1 = y0 + row_h * len(labels)
    ticks = (0, 25, 50, 75, 100)
    for tick in ticks:  # grid behind the data
        canvas.line(x0 + tick * scale, y0, x0 + tick * scale, y1, _style.GRID)
    for i, (lines, est, low, high) in enumerate(zip(wrapped, estimates, lows, highs,
                                                    strict=True)):  # fmt: skip
        middle = y0 + row_h * (i + 0.5)
        canvas.add('<g class="row">')
        canvas.lines(x0 - 8.0, middle, lines, anchor="end", extra=' class="label"')
        if kind in ("bars", "bars_plain"):
            bar_h = 0.6 * row_h
            canvas.rect(x0, middle - bar_h / 2, 100 * est * scale, bar_h, _style.BLUE,
                        ' fill-opacity="0.8" class="bar"')  # fmt: skip
        if kind == "dumbbell":
            a, b = x0 + 100 * low * scale, x0 + 100 * est * scale
            canvas.line(a, middle, b, middle, _DUMBBELL_GREY, 2.0, ' class="interval"')
            for x, colour, name in ((a, _DUMBBELL_GREY, "before"), (b, _DUMBBELL_BLUE, "point")):
                canvas.add(f'<circle class="{name}" cx="{num(x)}" cy="{num(middle)}" r="5" '
                           f'fill="{colour}"/>')  # fmt: skip
        elif kind != "bars_plain":
            a, b = x0 + 100 * low * scale, x0 + 100 * high * scale
            if kind == "bars":  # black whiskers with caps, as matplotlib's errorbar
                canvas.add(
                    f'<path class="interval" d="M{num(a)} {num(middle)}H{num(b)}'
                    f"M{num(a)} {num(middle - 5)}V{num(middle + 5)}"
                    f'M{num(b)} {num(middle - 5)}V{num(middle + 5)}" stroke="#000000" '
                    'stroke-width="1" fill="none"/>'
                )
            else:  # a forest plot: a blue line and its point
                canvas.line(a, middle, b, middle, _style.BLUE, 2.0, ' class="interval"')
                canvas.add(f'<circle class="point" cx="{num(x0 + 100 * est * scale)}" '
                           f'cy="{num(middle)}" r="4.5" fill="{_style.BLUE}"/>')  # fmt: skip
        canvas.add("</g>")
    if threshold is not None:
        x = x0 + 100 * threshold * scale
        canvas.line(x, y0, x, y1, _style.GREY, 1.0, ' stroke-dasharray="5 4" class="threshold"')
    canvas.frame(x0, y0, x1, y1)
    # The dumbbell's axis says "(%)" in its label, as wave_figures.dumbbell's plain ticks.
    form = _style.tick_text if kind == "dumbbell" else percent
    y = _x_axis(canvas, [(x0 + t * scale, form(t, lang)) for t in ticks], y1)
    canvas.text((x0 + x1) / 2, y + 0.8 * FONT, xlabel, anchor="middle", extra=' class="xlabel"')
    height = y + LINE + PAD
    if kind == "dumbbell" and names is not None:
        x = x0
        for name, colour in zip(names, (_DUMBBELL_GREY, _DUMBBELL_BLUE), strict=True):
            canvas.add(f'<circle cx="{num(x + 5)}" cy="{num(height + 2)}" r="5" fill="{colour}"/>')
            canvas.text(x + 14.0, height + 2 + 0.36 * FONT, name, extra=' class="legend"')
            x += 14.0 + text_width(name) + 24.0
        height += LINE + PAD
    words = _DUMBBELL_WORDS[lang] if kind == "dumbbell" else _style.kind_words(kind, lang)
    return canvas.document(key, WIDTH, height, describe(words, title))


def _x_axis(canvas: Canvas, ticks: list[tuple[float, str]], y: float) -> float:
    """Tick marks and texts below `y`; return the y below the texts."""
    for x, text in ticks:
        canvas.line(x, y, x, y + 4.0, _AXIS, 0.8)
        canvas.text(x, y + 6.0 + 0.8 * FONT, text, anchor="middle", extra=' class="tick"')
    return y + 6.0 + LINE + 2.0


def bar_chart_svg(
    key: str,
    labels: Sequence[str],
    estimates: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    *,
    title: str,
    xlabel: str,
    lang: str = "en",
    intervals: bool = True,
) -> str:
    """SVG twin of :func:`optamstats.report.question_figures.bar_chart`."""
    return _rows_chart(key, labels, estimates, lows, highs, title=title, xlabel=xlabel,
                       lang=lang, kind="bars" if intervals else "bars_plain")  # fmt: skip


def forest_plot_svg(
    key: str,
    labels: Sequence[str],
    estimates: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    *,
    title: str,
    xlabel: str,
    lang: str = "en",
    threshold: float | None = None,
) -> str:
    """SVG twin of :func:`optamstats.report.figures.forest_plot`."""
    return _rows_chart(key, labels, estimates, lows, highs, title=title, xlabel=xlabel,
                       lang=lang, kind="forest", threshold=threshold)  # fmt: skip


def funnel_chart_svg(
    key: str,
    funnel: ExitFunnel,
    *,
    labels: Sequence[str],
    title: str,
    xlabel: str,
    threshold: float | None = None,
    lang: str = "en",
) -> str:
    """SVG twin of :func:`optamstats.report.figures.funnel_chart` (the same rows)."""
    rows = [funnel.left]
    if funnel.plan is not None:
        rows.append(funnel.plan)
    names = list(labels[: len(rows)]) + list(labels[2:4])
    est = [r.estimate for r in rows] + [funnel.combined.estimate, funnel.wilson.estimate]
    low = [r.low for r in rows] + [funnel.combined.low, funnel.wilson.low]
    high = [r.high for r in rows] + [funnel.combined.high, funnel.wilson.high]
    return forest_plot_svg(key, names, est, low, high, title=title, xlabel=xlabel, lang=lang,
                           threshold=threshold)  # fmt: skip


def dumbbell_svg(
    key: str,
    labels: Sequence[str],
    before: Sequence[float],
    after: Sequence[float],
    *,
    title: str,
    names: tuple[str, str],
    xlabel: str,
    lang: str = "en",
) -> str:
    """SVG twin of :func:`optamstats.report.wave_figures.dumbbell`."""
    return _rows_chart(key, labels, after, before, after, title=title, xlabel=xlabel,
                       lang=lang, kind="dumbbell", names=names)  # fmt: skip


# --------------------------------------------------------------------------- scale


def diverging_bars_svg(
    key: str,
    levels: Sequence[str],
    shares: Sequence[float],
    *,
    title: str,
    lang: str = "en",
) -> str:
    """SVG twin of :func:`optamstats.report.question_figures.diverging_bars`."""
    count = len(levels)
    values = [float(v) for v in shares]
    half = count // 2
    below = sum(values[:half]) + (values[half] / 2.0 if count % 2 else 0.0)
    reach = 100 * max(below, 1.0 - below) * 1.05
    canvas = Canvas()
    y0 = canvas.title(wrap(title, WIDTH - 2 * PAD, TITLE, 6))
    edge = text_width(percent(100, lang)) / 2.0
    x0, x1 = PAD + edge, WIDTH - PAD - edge
    scale = (x1 - x0) / (2 * reach)
    centre = (x0 + x1) / 2.0
    y1 = y0 + 56.0
    ticks = [t for t in nice_ticks(-reach, reach, 6) if abs(t) <= reach]
    for t in ticks:
        canvas.line(centre + t * scale, y0, centre + t * scale, y1, _style.GRID)
    start = -below
    colours = _diverging_colours(count)
    for level, value, colour in zip(levels, values, colours, strict=True):
        canvas.rect(centre + 100 * start * scale, y0 + 14.0, 100 * value * scale, 28.0, colour,
                    f' stroke="#555555" stroke-width="0.5" class="segment" '
                    f'data-level="{_esc_attr(level)}"')  # fmt: skip
        start += value
    canvas.line(centre, y0, centre, y1, "#000000", 0.8, ' class="centre"')
    canvas.frame(x0, y0, x1, y1)
    y = _x_axis(canvas, [(centre + t * scale, percent(abs(t), lang)) for t in ticks], y1)
    canvas.text(centre, y + 0.8 * FONT, _SHARE[lang], anchor="middle", extra=' class="xlabel"')
    y += LINE + 10.0
    # The legend: up to three columns, level labels on at most two lines.
    columns = min(count, 3)
    col_w = (WIDTH - 2 * PAD) / columns
    for row in range(math.ceil(count / columns)):
        items = list(range(row * columns, min(count, (row + 1) * columns)))
        texts = [wrap(levels[i], col_w - 26.0, FONT, 2) for i in items]
        row_h = max(len(t) for t in texts) * LINE + 6.0
        for j, (i, lines) in enumerate(zip(items, texts, strict=True)):
            x = PAD + j * col_w
            canvas.rect(x, y + row_h / 2 - 7.0, 14.0, 14.0, colours[i],
                        ' stroke="#555555" stroke-width="0.5" class="swatch"')  # fmt: skip
            canvas.lines(x + 20.0, y + row_h / 2, lines, extra=' class="legend"')
        y += row_h
    return canvas.document(
        key, WIDTH, y + PAD, describe(_style.kind_words("diverging", lang), title)
    )


def _esc_attr(text: str) -> str:
    from optamstats.report._svg import esc

    return esc(text)


# --------------------------------------------------------------------------- histogram


def histogram_svg(
    key: str,
    values: Any,
    *,
    title: str,
    xlabel: str,
    lang: str = "en",
) -> str:
    """SVG twin of :func:`optamstats.report.question_figures.histogram` (the same bins)."""
    import numpy as np

    from optamstats.quantiles import _as_values

    data = _as_values(values)
    low, high = float(data.min()), float(data.max())
    whole = bool(np.all(data == np.round(data))) and max(abs(low), abs(high)) < 2.0**52
    if whole and high - low <= 40:
        edges = np.arange(math.floor(low) - 0.5, math.ceil(high) + 1.0, 1.0)
    else:
        edges = np.histogram_bin_edges(data, bins="auto")
    counts, edges = np.histogram(data, bins=edges)
    canvas = Canvas()
    y0 = canvas.title(wrap(title, WIDTH - 2 * PAD, TITLE, 6))
    top = float(counts.max()) * 1.05
    y_ticks = [t for t in nice_ticks(0.0, top, 5) if t <= top]
    y_texts = [_style.tick_text(t, lang) for t in y_ticks]
    x0 = PAD + LINE + 4.0 + max(text_width(t) for t in y_texts) + 6.0
    first, last = float(edges[0]), float(edges[-1])
    margin = 0.05 * (last - first) if last > first else 0.5
    lo_x, hi_x = first - margin, last + margin
    x_ticks = [t for t in nice_ticks(lo_x, hi_x, 8) if lo_x <= t <= hi_x]
    x1 = WIDTH - PAD - text_width(_style.tick_text(x_ticks[-1], lang)) / 2.0
    y1 = y0 + 230.0
    sx = (x1 - x0) / (hi_x - lo_x)
    sy = (y1 - y0) / top
    for t, text in zip(y_ticks, y_texts, strict=True):
        y = y1 - t * sy
        canvas.line(x0, y, x1, y, _style.GRID)
        canvas.line(x0 - 4.0, y, x0, y, _AXIS, 0.8)
        canvas.text(x0 - 6.0, y + 0.36 * FONT, text, anchor="end", extra=' class="tick"')
    for k, c in enumerate(counts.tolist()):
        a, b = x0 + (float(edges[k]) - lo_x) * sx, x0 + (float(edges[k + 1]) - lo_x) * sx
        canvas.rect(
            a,
            y1 - float(c) * sy,
            b - a,
            float(c) * sy,
            _style.BLUE,
            f' fill-opacity="0.8" stroke="#ffffff" class="bin" data-count="{c}"',
        )
    canvas.frame(x0, y0, x1, y1)
    y = _x_axis(canvas, [(x0 + (t - lo_x) * sx, _style.tick_text(t, lang)) for t in x_ticks], y1)
    canvas.text((x0 + x1) / 2, y + 0.8 * FONT, xlabel, anchor="middle", extra=' class="xlabel"')
    middle = (y0 + y1) / 2
    canvas.text(PAD + 0.8 * FONT, middle, _RESPONDENTS[lang], anchor="middle",
                extra=f' transform="rotate(-90 {num(PAD + 0.8 * FONT)} {num(middle)})" '
                'class="ylabel"')  # fmt: skip
    return canvas.document(
        key, WIDTH, y + LINE + PAD, describe(_style.kind_words("histogram", lang), title)
    )


# --------------------------------------------------------------------------- flow


def flow_diagram_svg(
    key: str,
    reasons: Sequence[str],
    excluded: Sequence[int | str | None],
    remaining: Sequence[int],
    *,
    lang: str = "en",
) -> str:
    """SVG twin of :func:`optamstats.cohort.flow_diagram`: arrows end on box edges.

    Boxes are sized from their text, so every edge is known before an arrow is drawn:
    the vertical arrows run from the bottom of one count's box to the top of the next,
    each horizontal one from the vertical line to the left edge of its exclusion box.
    """
    # the cohort's own words ("Cohort", "Excluded") and its count line ("n < 5" if hidden)
    from optamstats.survey.flow import _TEXT, _exclusion_count

    count = len(remaining)
    excluded_label = _TEXT["excluded"][lang] + (f"{_format.NBSP}: " if lang == "fr" else ": ")
    inner = 0.5 * WIDTH - 2 * PAD - 16.0  # text width inside a box: half the figure
    main_x, side_x = 0.25 * WIDTH, 0.74 * WIDTH
    mains: list[list[str]] = []
    sides: list[list[str]] = []
    for i in range(count):
        label = reasons[0] if i == 0 else _TEXT["cohort"][lang] if i == count - 1 else ""
        n = f"n = {_format.count(int(remaining[i]), lang)}"
        mains.append([*wrap(label, inner, FONT, 4), n] if label else [n])
        if i > 0:
            side_n = _exclusion_count(excluded, i, lang)
            sides.append([*wrap(excluded_label + reasons[i], inner, FONT, 5), side_n])

    def size(lines: list[str]) -> tuple[float, float]:
        return max(text_width(x) for x in lines) + 16.0, len(lines) * LINE + 12.0

    canvas = Canvas()
    gap = 14.0  # between a box and the exclusion row beside the arrow
    boxes_main: list[tuple[float, float, float, float]] = []  # x, y, w, h
    y = PAD
    arrows: list[str] = []
    for i in range(count):
        if i > 0:  # the exclusion of step i sits between count i-1 and count i
            w, h = size(sides[i - 1])
            x = min(side_x - w / 2, WIDTH - PAD - w)
            top = y + gap
            _box(canvas, x, top, w, h, sides[i - 1])
            arrows.append(_arrow(main_x, top + h / 2, x, top + h / 2))
            y = top + h + gap
        w, h = size(mains[i])
        box = (max(main_x - w / 2, PAD), y, w, h)
        _box(canvas, *box, mains[i])
        if i > 0:
            above = boxes_main[-1]
            arrows.append(_arrow(main_x, above[1] + above[3], main_x, box[1]))
        boxes_main.append(box)
        y += h
    for arrow in arrows:
        canvas.add(arrow)
    return canvas.document(key, WIDTH, y + PAD, describe(_style.kind_words("flow", lang)))


def _box(canvas: Canvas, x: float, y: float, w: float, h: float, lines: list[str]) -> None:
    canvas.add('<g class="box">')
    canvas.rect(x, y, w, h, "#ffffff", ' stroke="#000000" stroke-width="1"')
    canvas.lines(x + w / 2, y + h / 2, lines, anchor="middle")
    canvas.add("</g>")


def _arrow(x1: float, y1: float, x2: float, y2: float) -> str:
    """Return an arrow from (x1, y1) whose head's tip is exactly (x2, y2)."""
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    head, half = 10.0, 4.0
    bx, by = x2 - head * ux, y2 - head * uy  # the base of the head
    points = [(x2, y2), (bx - half * uy, by + half * ux), (bx + half * uy, by - half * ux)]
    coords = " ".join(f"{num(px)},{num(py)}" for px, py in points)
    return (
        f'<g class="arrow" data-from="{num(x1)},{num(y1)}" data-to="{num(x2)},{num(y2)}">'
        f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(bx)}" y2="{num(by)}" '
        f'stroke="#000000" stroke-width="1.2"/><polygon points="{coords}" fill="#000000"/></g>'
    )


# --------------------------------------------------------------------------- drawing


# The public matplotlib twin of each kind: (module, function), imported only when called.
_MATPLOTLIB: Final = {
    "bars": ("optamstats.report.question_figures", "bar_chart"),
    "diverging": ("optamstats.report.question_figures", "diverging_bars"),
    "histogram": ("optamstats.report.question_figures", "histogram"),
    "forest": ("optamstats.report.figures", "forest_plot"),
    "funnel": ("optamstats.report.figures", "funnel_chart"),
    "dumbbell": ("optamstats.report.wave_figures", "dumbbell"),
    "flow": ("optamstats.survey.flow", "flow_diagram"),
}


def _matplotlib(kind: str) -> Callable[..., Figure]:
    import importlib

    module, name = _MATPLOTLIB[kind]
    function: Callable[..., Figure] = getattr(importlib.import_module(module), name)
    return function


_SVG: Final[dict[str, Callable[..., str]]] = {
    "bars": bar_chart_svg,
    "diverging": diverging_bars_svg,
    "histogram": histogram_svg,
    "forest": forest_plot_svg,
    "funnel": funnel_chart_svg,
    "flow": flow_diagram_svg,
    "dumbbell": dumbbell_svg,
}


@dataclass(frozen=True, eq=False)
class Drawing:
    """A figure of the report, drawn either way from one set of arguments.

    Calling it returns the matplotlib figure of the public function of its `kind` (what
    ``Report.figures`` has always held, and what the PNG files are saved from);
    :meth:`svg` returns the hand-written SVG, which the HTML and PDF reports embed
    without importing matplotlib.
    """

    kind: str
    args: tuple[Any, ...]
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self) -> Figure:
        return _matplotlib(self.kind)(*self.args, **self.kwargs)

    def svg(self, key: str) -> str:
        """Return the figure as inline SVG; `key` prefixes its ids (unique in a page)."""
        return _SVG[self.kind](key, *self.args, **self.kwargs)


def drawing(kind: str, *args: Any, **kwargs: Any) -> Drawing:
    """Return a :class:`Drawing` of `kind` with the arguments of its matplotlib function.

    Kinds: "bars", "diverging", "histogram", "forest", "funnel", "flow", "dumbbell".
    """
    if kind not in _SVG:
        raise ValueError(f"unknown figure kind {kind!r}")  # a bug here, not user input
    return Drawing(kind, args, dict(kwargs))
