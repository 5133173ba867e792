"""The size, font and words shared by every figure: the survey's flow and the report's.

The flow diagram of a cohort (:mod:`optamstats.survey.flow`) and the report's figures
(:mod:`optamstats.report._style`, which adds colours and axis formats) are drawn at
one width and one font size, and say what they show in the same words. Figures are
drawn for the HTML page's column, which is at most 800 CSS px wide and 358 px on a 390
px phone. An SVG shown at its natural width (``WIDTH`` inches = 528 px) fills 66 % of
the wide column; scaled down to 358 px it keeps 358/528 of its size, so text of
``FONT`` points (15.3 px) is still 10.4 px on the phone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH: Final = 5.5  # inches: 396 pt, 528 CSS px
FONT: Final = 11.5  # points, every text of a figure (15.3 CSS px at natural size)


def describe(figure: Figure, words: str) -> None:
    """Record what `figure` shows, in words: the page's ``<title>`` and ``aria-label``."""
    figure.set_label(words)


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
