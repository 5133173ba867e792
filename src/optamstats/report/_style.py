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
from optamstats._style import FONT as FONT
from optamstats._style import KINDS as KINDS
from optamstats._style import WIDTH as WIDTH
from optamstats._style import describe as describe
from optamstats._style import kind_words as kind_words

if TYPE_CHECKING:
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

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


def description(figure: Figure) -> str:
    """Return what :func:`describe` recorded, or the first axes' title."""
    words = str(figure.get_label() or "")
    title = figure.axes[0].get_title(loc="left") if figure.axes else ""
    title = " ".join(title.split())
    if words and title:
        return f"{words}. {title}"
    return words or title
