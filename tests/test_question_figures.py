"""Tests of optamstats.report.question_figures: the figures draw and show what they say."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from optamstats import InvalidTypeError, InvalidValueError
from optamstats.report.question_figures import bar_chart, diverging_bars, histogram


def _draw(fig: Figure) -> None:
    FigureCanvasAgg(fig).draw()  # Agg, no pyplot: tick labels are formatted at draw time


def _texts(labels: list[object]) -> list[str]:
    return [label.get_text() for label in labels]  # type: ignore[attr-defined]


def test_bar_chart_draws_labels_first_on_top_with_whiskers() -> None:
    fig = bar_chart(["Généraliste", "Pédiatre", "Autre"], [0.6, 0.3, 0.1], [0.5, 0.2, 0.05],
                    [0.7, 0.4, 0.2], title="Spécialité", xlabel="%", lang="fr")  # fmt: skip
    assert isinstance(fig, Figure)
    _draw(fig)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Spécialité"
    assert ax.get_xlabel() == "%"
    ticks = dict(zip(_texts(ax.get_yticklabels()), ax.get_yticks(), strict=True))
    assert ticks["Généraliste"] > ticks["Pédiatre"] > ticks["Autre"]
    widths = sorted(round(p.get_width(), 9) for p in ax.patches)
    assert widths == [10.0, 30.0, 60.0]  # bars in percent
    # Whiskers from the interval: the error bar segments span low..high in percent.
    segments = ax.collections[0].get_segments()
    spans = sorted((round(s[0][0], 9), round(s[1][0], 9)) for s in segments)
    assert spans == [(5.0, 20.0), (20.0, 40.0), (50.0, 70.0)]


def test_tick_labels_use_a_decimal_comma_in_french() -> None:
    values = [0.5, 1.25, 1.5, 2.0, 2.75, 3.5]
    fr, en = (histogram(values, title="t", xlabel="x", lang=lang) for lang in ("fr", "en"))
    _draw(fr)
    _draw(en)
    fr_ticks, en_ticks = (_texts(f.axes[0].get_xticklabels()) for f in (fr, en))
    assert any("," in t for t in fr_ticks)
    assert not any("." in t for t in fr_ticks)
    assert [t.replace(",", ".") for t in fr_ticks] == en_ticks
    assert fr.axes[0].get_ylabel() == "Répondants"
    assert en.axes[0].get_ylabel() == "Respondents"


@pytest.mark.parametrize(
    ("shares", "centre_left"),
    [
        # Odd: below the centre are levels 1-2 and half of level 3.
        ([0.1, 0.2, 0.3, 0.25, 0.15], -(0.1 + 0.2 + 0.15)),
        # Even: below the centre are the two lower levels.
        ([0.1, 0.3, 0.4, 0.2], -(0.1 + 0.3)),
    ],
)
def test_diverging_bars_are_centred_on_the_neutral_level(
    shares: list[float], centre_left: float
) -> None:
    levels = [str(i + 1) for i in range(len(shares))]
    fig = diverging_bars(levels, shares, title="Satisfaction", lang="fr")
    _draw(fig)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Satisfaction"
    assert ax.get_xlabel() == "Part des réponses (%)"
    bars = ax.patches
    assert len(bars) == len(shares)
    assert bars[0].get_x() == pytest.approx(100 * centre_left)
    lefts = [b.get_x() for b in bars]
    assert lefts == sorted(lefts)  # low levels left, high levels right
    assert [b.get_width() for b in bars] == pytest.approx([100 * s for s in shares])
    if len(shares) % 2:
        middle = bars[len(shares) // 2]
        assert middle.get_x() == pytest.approx(-middle.get_width() / 2)
    else:
        assert bars[len(shares) // 2].get_x() == pytest.approx(0.0, abs=1e-12)
    assert _texts(ax.get_legend().get_texts()) == levels
    # The left side reads as a distance, not a negative share.
    assert not any(t.startswith(("-", "\u2212")) for t in _texts(ax.get_xticklabels()))
    # Diverging palette: distinct colours, mirrored in lightness around the centre.
    colours = [b.get_facecolor() for b in bars]
    assert len({tuple(c) for c in colours}) == len(shares)
    light = [sum(c[:3]) for c in colours]
    assert light == pytest.approx(light[::-1], abs=0.35)


def test_histogram_counts_every_answer_with_one_bar_per_whole_value() -> None:
    values = [1, 2, 2, 3, 3, 3, 10]
    fig = histogram(values, title="Years in practice", xlabel="years")
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert sum(heights) == len(values)
    assert len(heights) == 10  # 1 … 10, one bar each
    assert heights[:3] == [1, 2, 3]
    assert ax.get_title(loc="left") == "Years in practice"
    wide = histogram(np.linspace(0, 1000, 50), title="t", xlabel="x")
    assert sum(p.get_height() for p in wide.axes[0].patches) == 50


def test_figures_do_not_touch_pyplot() -> None:
    code = (
        "import sys; from optamstats.report.question_figures import bar_chart, "
        "diverging_bars, histogram; bar_chart(['a'], [0.5], [0.4], [0.6], title='t', "
        "xlabel='x'); diverging_bars(['a', 'b'], [0.5, 0.5], title='t'); "
        "histogram([1, 2], title='t', xlabel='x'); print('matplotlib.pyplot' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "pattern"),
    [
        ((["a", "b"], [0.5], [0.4], [0.6]), "same, non-zero length"),
        (([], [], [], []), "same, non-zero length"),
        ((["a"], [50.0], [40.0], [60.0]), "fractions"),
        ((["a"], [0.5], [0.6], [0.7]), "low ≤ estimate"),
        ((["a"], [float("nan")], [0.4], [0.6]), "not NaN"),
    ],
)
def test_bar_chart_bad_input(args: tuple[list[object], ...], pattern: str) -> None:
    with pytest.raises(InvalidValueError, match=pattern):
        bar_chart(*args, title="t", xlabel="x")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("levels", "shares", "pattern"),
    [
        (["a"], [1.0], "at least 2"),
        (["a", "b"], [1.0], "same length"),
        (["a", "b"], [0.5, 0.6], "adding up to 1"),
        (["a", "b"], [1.5, -0.5], "fractions ≥ 0"),
        (["a", "b"], [50, 50], "adding up to 1"),
    ],
)
def test_diverging_bars_bad_input(levels: list[str], shares: list[float], pattern: str) -> None:
    with pytest.raises(InvalidValueError, match=pattern):
        diverging_bars(levels, shares, title="t")


def test_histogram_and_lang_bad_input() -> None:
    with pytest.raises(InvalidValueError, match="at least one answer"):
        histogram([], title="t", xlabel="x")
    with pytest.raises(InvalidValueError, match="got nan at position 1"):
        histogram([1.0, float("nan")], title="t", xlabel="x")
    with pytest.raises(InvalidTypeError, match="parse_numbers"):
        histogram(["1", "2"], title="t", xlabel="x")
    with pytest.raises(InvalidValueError, match="`values` span more than float64"):
        histogram([1e308, -1e308], title="t", xlabel="x")
    with pytest.raises(InvalidValueError, match="`lang` must be one of"):
        bar_chart(["a"], [0.5], [0.4], [0.6], title="t", xlabel="x", lang="de")
    with pytest.raises(InvalidValueError, match="`lang`"):
        diverging_bars(["a", "b"], [0.5, 0.5], title="t", lang="EN")
