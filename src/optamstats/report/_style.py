"""The look shared by every figure of the report: size, fonts, colours, axis numbers.

Figures are drawn for the HTML page's column, which is at most 800 CSS px wide and
358 px on a 390 px phone. An SVG shown at its natural width (``WIDTH`` inches = 528 px)
fills 66 % of the wide column; scaled down to 358 px it keeps 358/528 of its size, so
text of ``FONT`` points (15.3 px) is still 10.4 px on the phone. Colours: the
Okabe–Ito blue for bars and points (safe for every common colour-vision deficiency),
ColorBrewer's RdBu for scales.

References
----------
.. [1] M. Okabe and K. Ito, "Color Universal Design (CUD): how to make figures and
   presentations that are friendly to colorblind people", J*Fly, 2008.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from optamstats import _format

if TYPE_CHECKING:
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

WIDTH: Final = 5.5  # inches: 396 pt, 528 CSS px
FONT: Final = 11.5  # points, every text of a figure (15.3 CSS px at natural size)
TITLE: Final = 12.0
BLUE: Final = "#0072B2"  # Okabe-Ito blue
GREY: Final = "#6e6e6e"
GRID: Final = "#dddddd"
LABEL_WIDTH: Final = 28  # characters of a row label per line, at FONT on WIDTH

#: Matplotlib settings while a figure is saved: text stays text in the SVG (a screen
#: reader and a PDF's text layer can read it, the browser measures it), no random ids.
SVG_FONTTYPE: Final = "none"


def tick_text(value: float, lang: str) -> str:
    """Format a tick value with the decimals it needs (up to 2), comma in French."""
    for digits in (0, 1, 2):
        if abs(value - round(value, digits)) < 1e-9:
            return _format.number(value, digits, lang)
    return _format.number(value, 2, lang)


def percent_ticks(axis: Axis, lang: str, *, absolute: bool = False) -> None:
    """Label an axis in percent: "20 %" in French (no-break space), "20%" in English."""
    from matplotlib.ticker import FuncFormatter

    space = _format.NBSP if lang == "fr" else ""

    def text(value: float, _position: Any) -> str:
        return f"{tick_text(abs(value) if absolute else value, lang)}{space}%"

    axis.set_major_formatter(FuncFormatter(text))


def wrap(label: str, width: int = LABEL_WIDTH, lines: int = 3) -> str:
    """Wrap a label onto at most `lines` lines; a longer one ends with an ellipsis."""
    # French typography: "95 %" and "suivantes :" never break before the sign.
    label = label.replace(" %", f"{_format.NBSP}%").replace(" :", f"{_format.NBSP}:")
    parts = textwrap.wrap(label, width) or [label]
    if len(parts) > lines:
        rest = textwrap.shorten(" ".join(parts[lines - 1 :]), width, placeholder=" …")
        parts = [*parts[: lines - 1], rest]
    return "\n".join(parts)


def rows_height(labels: list[str]) -> float:
    """Height in inches of a figure with one row per wrapped label: room for its lines."""
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    return len(labels) * (0.22 + 0.2 * lines)


def fit_title(figure: Figure, title: str, labels: Sequence[str] = ()) -> None:
    """Set the first axes' title, left-aligned, wrapped to stay within the figure; lay out.

    A title wider than the axes would widen the saved figure and so shrink every text
    of it on the page: the title is wrapped to the width from the axes' left edge (after
    the row `labels`, estimated from their longest line) to the figure's right edge.
    One layout pass only: each costs a full measure of every text.
    """
    ax = figure.axes[0]
    longest = max((len(line) for label in labels for line in label.split("\n")), default=0)
    # DejaVu Sans: about 0.58 em a character; 40 pt of ticks, padding and axis label.
    room = WIDTH * 72.0 - 40.0 - longest * 0.58 * FONT  # points
    chars = max(16, int(room / (0.58 * TITLE)))
    ax.set_title(wrap(title, chars, 6), fontsize=TITLE, loc="left")
    figure.tight_layout()


def describe(figure: Figure, words: str) -> None:
    """Record what `figure` shows, in words: the page's ``<title>`` and ``aria-label``."""
    figure.set_label(words)


def description(figure: Figure) -> str:
    """Return what :func:`describe` recorded, or the first axes' title."""
    words = str(figure.get_label() or "")
    title = figure.axes[0].get_title(loc="left") if figure.axes else ""
    title = " ".join(title.split())
    if words and title:
        return f"{words}. {title}"
    return words or title


KINDS: Final = {
    "bars": {
        "en": "Bar chart: the share of each answer as a horizontal bar, its confidence "
        "interval as a line, the same numbers as the table",
        "fr": "Diagramme en barres : la part de chaque réponse en barre horizontale, son "
        "intervalle de confiance en trait, les mêmes nombres que le tableau",
    },
    "bars_plain": {
        "en": "Bar chart: the share of each answer as a horizontal bar, without an interval, "
        "the same numbers as the table",
        "fr": "Diagramme en barres : la part de chaque réponse en barre horizontale, sans "
        "intervalle, les mêmes nombres que le tableau",
    },
    "forest": {
        "en": "Forest plot: each row's estimate as a point, its confidence interval as a "
        "line, the same numbers as the table",
        "fr": "Graphique en forêt : l'estimation de chaque ligne en point, son intervalle de "
        "confiance en trait, les mêmes nombres que le tableau",
    },
    "diverging": {
        "en": "Diverging stacked bar: the share of each level of the scale, low levels left "
        "of the centre line and high levels right, the same numbers as the table",
        "fr": "Barre empilée divergente : la part de chaque niveau de l'échelle, les niveaux "
        "bas à gauche de l'axe central et les hauts à droite, les mêmes nombres que le tableau",
    },
    "histogram": {
        "en": "Histogram: the number of respondents for each range of values",
        "fr": "Histogramme : le nombre de répondants par tranche de valeurs",
    },
    "flow": {
        "en": "Flow diagram: the number of respondents at each step, and beside each step "
        "the number excluded and why, the same numbers as the table",
        "fr": "Diagramme de flux : le nombre de répondants à chaque étape et, à côté, le "
        "nombre d'exclus et la raison, les mêmes nombres que le tableau",
    },
}


def kind_words(kind: str, lang: str) -> str:
    """Return the words describing a kind of figure, in `lang` (English by default)."""
    return KINDS[kind].get(lang, KINDS[kind]["en"])
