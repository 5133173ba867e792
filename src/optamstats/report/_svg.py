"""Hand-written SVG: escaping, stable numbers, text width, and a small drawing surface.

Why hand-written: drawing the report's figures with matplotlib cost ~54 ms a figure plus
~0.3 s to import it, which made the HTML report ~5x slower than the JSON one (issue 19
asks for at most 1.5x). A report figure is a few rectangles, lines and texts: written as
SVG directly it costs well under a millisecond, and the HTML and PDF reports no longer
import matplotlib at all. The public functions returning matplotlib figures stay for
Python callers (``report.figures``, ``report.question_figures``, the cohort's flow
diagram, the waves' dumbbell).

Every coordinate is printed with at most two decimals (:func:`num`), so the same input
gives the same bytes on every machine and run. Text is laid out from the advance widths
of DejaVu Sans (the first font asked for, and the widest of the usual fallbacks), so a
label measured to fit does fit.
"""

from __future__ import annotations

import html
from typing import Final

from optamstats import _format
from optamstats.report import _style

#: Natural width of a figure in CSS px (``_style.WIDTH`` inches at 96 px an inch): 66 %
#: of the page's 800 px column, and scaled to 358/528 on a 390 px phone.
WIDTH: Final = round(_style.WIDTH * 96)
#: Every text but the title: 15.5 px at natural size is 10.5 px on the phone (>= 10 px).
FONT: Final = 15.5
TITLE: Final = 16.0
LINE: Final = round(1.25 * FONT, 2)  # distance between two lines of a label
TITLE_LINE: Final = round(1.25 * TITLE, 2)
PAD: Final = 6.0
FAMILY: Final = "DejaVu Sans, Verdana, Arial, sans-serif"
INK: Final = "#1b1b1b"

# Advance widths of DejaVu Sans, in thousandths of an em, for U+0020..U+00FF (0 for the
# C1 controls); read from the font with FreeType (matplotlib's ft2font, unhinted).
_WIDTHS: Final = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    318, 401, 636, 636, 636, 636, 337, 500, 500, 1000, 471, 612, 838, 361, 1000, 500,
    500, 838, 401, 401, 500, 636, 636, 318, 500, 401, 471, 612, 969, 969, 969, 531,
    684, 684, 684, 684, 684, 684, 974, 698, 632, 632, 632, 632, 295, 295, 295, 295,
    775, 748, 787, 787, 787, 787, 787, 838, 787, 732, 732, 732, 732, 611, 605, 630,
    613, 613, 613, 613, 613, 613, 982, 550, 615, 615, 615, 615, 278, 278, 278, 278,
    612, 634, 612, 612, 612, 612, 612, 838, 612, 634, 634, 634, 634, 592, 635, 592,
)  # fmt: skip
_OTHER: Final = {"\u2019": 318, "\u2013": 500, "\u2014": 1000, "\u2026": 1000,
                 "\u20ac": 636, "\u202f": 200, "\u2212": 838, "\u0153": 1023,
                 "\u0152": 1070}  # fmt: skip
_UNKNOWN: Final = 1000  # a character not in the table: as wide as an em (overestimate)


def esc(text: str) -> str:
    """Escape text for an SVG text node or a double-quoted attribute.

    An apostrophe stays as it is ("Mode d'exercice"): searchable in the page's source
    as it reads; attributes are always written between double quotes.
    """
    return html.escape(text, quote=False).replace('"', "&quot;")


def num(value: float) -> str:
    """Print a coordinate with at most two decimals, no trailing zeros, never ``-0``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def text_width(text: str, size: float = FONT) -> float:
    """Estimate the width in px of `text` at font size `size` (DejaVu Sans)."""
    total = 0
    for char in text:
        code = ord(char)
        total += _WIDTHS[code - 32] if 32 <= code < 256 else _OTHER.get(char, _UNKNOWN)
    return total * size / 1000.0


def wrap(text: str, width: float, size: float = FONT, lines: int = 3) -> list[str]:
    """Wrap `text` into at most `lines` lines of at most `width` px; "…" ends a cut one.

    French typography first, as in ``_style.wrap``: "95 %" and "suivantes :" never break
    before the sign. A word wider than the line is cut at the width.
    """
    text = text.replace(" %", f"{_format.NBSP}%").replace(" :", f"{_format.NBSP}:")
    out: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            out.append(current)
        while text_width(word, size) > width and len(word) > 1:  # cut a long word
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], size) > width:
                cut -= 1
            out.append(word[:cut])
            word = word[cut:]
        current = word
    if current or not out:
        out.append(current)
    if len(out) > lines:
        last = " ".join(out[lines - 1 :])
        while last and text_width(last + " …", size) > width:
            last = last[:-1]
        out = [*out[: lines - 1], last.rstrip() + " …"]
    return out


def percent(value: float, lang: str) -> str:
    """Format a tick in percent: "20 %" in French (no-break space), "20%" in English."""
    space = _format.NBSP if lang == "fr" else ""
    return f"{_style.tick_text(value, lang)}{space}%"


def nice_ticks(low: float, high: float, target: int = 5) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of 10."""
    import math

    span = high - low
    if not span > 0:
        return [low]
    raw = span / target
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw)
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(k * step, 10) for k in range(first, last + 1)]


class Canvas:
    """An SVG drawing built element by element, then closed with its text alternative."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, element: str) -> None:
        self.parts.append(element)

    def rect(self, x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> None:
        self.add(f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" '
                 f'fill="{fill}"{extra}/>')  # fmt: skip

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str,
             width: float = 1.0, extra: str = "") -> None:  # fmt: skip
        self.add(f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
                 f'stroke="{stroke}" stroke-width="{num(width)}"{extra}/>')  # fmt: skip

    def polygon(self, points: list[tuple[float, float]], fill: str, extra: str = "") -> None:
        coords = " ".join(f"{num(x)},{num(y)}" for x, y in points)
        self.add(f'<polygon points="{coords}" fill="{fill}"{extra}/>')

    def text(self, x: float, y: float, text: str, *, anchor: str = "start",
             size: float = FONT, extra: str = "") -> None:  # fmt: skip
        """One line of text; `y` is its baseline."""
        a = "" if anchor == "start" else f' text-anchor="{anchor}"'
        s = "" if size == FONT else f' font-size="{num(size)}"'
        self.add(f'<text x="{num(x)}" y="{num(y)}"{a}{s}{extra}>{esc(text)}</text>')

    def lines(self, x: float, middle: float, lines: list[str], *, anchor: str = "start",
              size: float = FONT, step: float = LINE, extra: str = "") -> None:  # fmt: skip
        """Lines of text centred vertically on `middle`."""
        top = middle - step * (len(lines) - 1) / 2.0
        for k, line in enumerate(lines):
            self.text(x, top + k * step + 0.36 * size, line, anchor=anchor, size=size,
                      extra=extra)  # fmt: skip

    def frame(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """Draw the axes' frame (matplotlib's four spines)."""
        self.rect(
            x0, y0, x1 - x0, y1 - y0, "none", f' stroke="{INK}" stroke-width="0.8" class="frame"'
        )

    def title(self, lines: list[str]) -> float:
        """Write the figure's title at the top left; return the y below it."""
        for k, line in enumerate(lines):
            self.text(PAD, PAD + k * TITLE_LINE + 0.8 * TITLE, line, size=TITLE,
                      extra=' class="title"')  # fmt: skip
        return PAD + len(lines) * TITLE_LINE + 6.0

    def document(self, key: str, width: float, height: float, words: str) -> str:
        """Close the drawing: its size, its ``<title>`` and ``aria-label`` (`words`)."""
        import re

        prefix = re.sub(r"[^A-Za-z0-9_-]", "_", key) + "-"
        said = esc(words)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{said}" '
            f'width="{num(width)}" height="{num(height)}" viewBox="0 0 {num(width)} '
            f'{num(height)}" font-family="{FAMILY}" font-size="{num(FONT)}" fill="{INK}">'
            f'<title id="{prefix}title">{said}</title>'
            f'<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(self.parts) + "</svg>"
        )


def describe(words: str, title: str = "") -> str:
    """Say what a figure shows: its kind in `words`, then its title (``_style.description``)."""
    title = " ".join(title.split())
    return f"{words}. {title}" if title else words
