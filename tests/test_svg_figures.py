"""The report's hand-written SVG figures (report/_svg_figures.py, issue 19).

Each figure is read back with an XML parser: well formed, a ``<title>`` equal to its
``aria-label``, one row per table row (hidden cells absent, the table's order), bars
and points where the estimates put them, labels beside their own bar, scale segments
as wide as their shares, flow arrows ending on box edges. References from outside our
code: the font's advance widths (FreeType, through matplotlib's ft2font), matplotlib's
RdBu colormap (the colours the matplotlib twins used), matplotlib's own figures.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import optamstats
from optamstats import _format
from optamstats.report import Report, _svg, build_report, render
from optamstats.report._model import Table
from optamstats.report._svg_figures import (
    Drawing,
    bar_chart_svg,
    diverging_bars_svg,
    flow_diagram_svg,
    forest_plot_svg,
    histogram_svg,
    rdbu,
)

NS = "{http://www.w3.org/2000/svg}"
SRC = str(Path(optamstats.__file__).parents[1])


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises on anything not well formed
    assert root.tag == f"{NS}svg"
    return root


def _by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def _f(element: ET.Element, attribute: str) -> float:
    return float(element.get(attribute) or "nan")


def _texts(element: ET.Element, name: str = "") -> list[str]:
    return [t.text or "" for t in element.iter(f"{NS}text")
            if not name or t.get("class") == name]  # fmt: skip


def _frame(root: ET.Element) -> tuple[float, float]:
    (frame,) = _by_class(root, "frame")
    return _f(frame, "x"), _f(frame, "width")


def _rows(root: ET.Element) -> list[dict[str, Any]]:
    """Each row of a bar chart or forest plot: its label, and where its marks end."""
    x0, width = _frame(root)
    out = []
    for g in _by_class(root, "row"):
        row: dict[str, Any] = {"label": " ".join(_texts(g, "label")).replace("\u00a0", " ")}
        for bar in _by_class(g, "bar"):
            row["bar"] = _f(bar, "width") / width
            row["y"] = _f(bar, "y")
            assert _f(bar, "x") == pytest.approx(x0, abs=0.006)
        for point in _by_class(g, "point"):
            row["point"] = (_f(point, "cx") - x0) / width
            row["y"] = _f(point, "cy")
        for interval in _by_class(g, "interval"):
            if interval.tag == f"{NS}path":  # M a y H b, then the two caps
                a, b = map(float, re.match(r"M([\d.]+) [\d.]+H([\d.]+)", interval.get("d", ""))
                           .groups())  # type: ignore[union-attr]  # fmt: skip
            else:
                a, b = _f(interval, "x1"), _f(interval, "x2")
            row["interval"] = ((a - x0) / width, (b - x0) / width)
        out.append(row)
    return out


def _check_document(svg: str) -> ET.Element:
    root = _parse(svg)
    title = root.find(f"{NS}title")
    assert title is not None
    assert title.text
    assert root.get("aria-label") == title.text
    assert root.get("role") == "img"
    assert len(title.text.split()) >= 8  # says what it shows, in words
    return root


# --------------------------------------------------------------------------- primitives


def test_text_width_is_the_font_advance_width() -> None:
    # Reference: FreeType's advance widths of DejaVu Sans (the font matplotlib ships),
    # laid out without kerning, as the estimate does.
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font, LoadFlags

    font = FT2Font(font_manager.findfont("DejaVu Sans"))
    font.set_size(1000, 72)
    for text in ("Désaccord politique", "Incompatibilité du mode d'exercice", "100 %",
                 "Île-de-France", "n = 1 234", "WMW iii"):  # fmt: skip
        advance = sum(font.load_char(ord(c), flags=LoadFlags.NO_HINTING).linearHoriAdvance
                      for c in text) / 65536 / 1000  # em  # fmt: skip
        assert _svg.text_width(text, 15.5) == pytest.approx(15.5 * advance, rel=1e-3), text


def test_wrap_keeps_lines_within_the_width_and_marks_a_cut() -> None:
    text = "Incompatibilité du mode d'exercice (spécialité / secteur / activité) et autres"
    lines = _svg.wrap(text, 150.0, 15.5, 3)
    assert len(lines) == 3
    assert all(_svg.text_width(line, 15.5) <= 150.0 for line in lines)
    assert lines[-1].endswith("…")
    assert _svg.wrap("Oui", 150.0) == ["Oui"]
    # French typography: the "%" never starts a line.
    assert all(not line.startswith("%") for line in _svg.wrap("a b c 95 % d", 30.0))


def test_numbers_are_printed_with_two_decimals_at_most() -> None:
    assert [_svg.num(x) for x in (1.0, 1.2345, -0.001, 0.005, 12.5)] == [
        "1", "1.23", "0", "0.01", "12.5"]  # fmt: skip


def test_scale_colours_are_matplotlibs_rdbu() -> None:
    # The colours of question_figures.diverging_bars: matplotlib's RdBu colormap.
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps["RdBu"]
    for i in range(101):
        x = i / 100
        assert rdbu(x) == to_hex(cmap(x)), x


# --------------------------------------------------------------------------- figures


def test_bar_chart_bars_and_whiskers_where_the_estimates_put_them() -> None:
    labels = ["Généraliste", "Pédiatre de ville et de PMI", "Autre"]
    est, low, high = [0.6, 0.3, 0.1], [0.5, 0.2, 0.05], [0.7, 0.4, 0.2]
    svg = bar_chart_svg("k", labels, est, low, high, title="Spécialité", xlabel="% des x",
                        lang="fr")  # fmt: skip
    root = _check_document(svg)
    rows = _rows(root)
    # One row per label, in the given order from the top, each label beside its bar.
    assert [r["label"] for r in rows] == labels
    assert [r["y"] for r in rows] == sorted(r["y"] for r in rows)
    for row, e, lo, hi in zip(rows, est, low, high, strict=True):
        assert row["bar"] == pytest.approx(e, abs=1e-4), row["label"]
        assert row["interval"] == pytest.approx((lo, hi), abs=1e-4), row["label"]
    ticks = _texts(root, "tick")
    assert ticks == ["0\u00a0%", "25\u00a0%", "50\u00a0%", "75\u00a0%", "100\u00a0%"]
    assert _texts(root, "xlabel") == ["% des x"]
    assert "Spécialité" in _texts(root, "title")
    assert svg == bar_chart_svg("k", labels, est, low, high, title="Spécialité",
                                xlabel="% des x", lang="fr")  # same bytes  # fmt: skip


def test_bar_chart_without_intervals_has_no_whisker() -> None:
    root = _check_document(bar_chart_svg("k", ["a", "b"], [0.25, 0.75], [0.25, 0.75],
                                         [0.25, 0.75], title="t", xlabel="%",
                                         intervals=False))  # fmt: skip
    assert _by_class(root, "interval") == []
    assert [r["bar"] for r in _rows(root)] == pytest.approx([0.25, 0.75], abs=1e-4)
    assert _texts(root, "tick")[-1] == "100%"  # English: no space


def test_forest_plot_points_and_threshold() -> None:
    svg = forest_plot_svg("k", ["A", "B"], [0.42, 0.655], [0.3, 0.5], [0.5, 0.8], title="t",
                          xlabel="%", threshold=0.5)  # fmt: skip
    root = _check_document(svg)
    rows = _rows(root)
    assert [r["point"] for r in rows] == pytest.approx([0.42, 0.655], abs=1e-4)
    assert [r["interval"] for r in rows] == [pytest.approx((0.3, 0.5), abs=1e-4),
                                             pytest.approx((0.5, 0.8), abs=1e-4)]  # fmt: skip
    (line,) = _by_class(root, "threshold")
    x0, width = _frame(root)
    assert (_f(line, "x1") - x0) / width == pytest.approx(0.5, abs=1e-4)


@pytest.mark.parametrize(
    ("shares", "below"),
    [([0.1, 0.2, 0.3, 0.25, 0.15], 0.1 + 0.2 + 0.15), ([0.1, 0.4, 0.3, 0.2], 0.5)],
)
def test_diverging_bars_segments_as_wide_as_their_shares(shares: list[float], below: float) -> None:
    levels = [f"level {i}" for i in range(len(shares))]
    root = _check_document(diverging_bars_svg("k", levels, shares, title="Satisfaction",
                                              lang="fr"))  # fmt: skip
    segments = _by_class(root, "segment")
    assert [s.get("data-level") for s in segments] == levels
    widths = [_f(s, "width") for s in segments]
    total = sum(widths)
    assert [w / total for w in widths] == pytest.approx(shares, abs=1e-4)
    # Contiguous, and the centre line where the low levels (and half the middle) end.
    for a, b in itertools.pairwise(segments):
        assert _f(a, "x") + _f(a, "width") == pytest.approx(_f(b, "x"), abs=0.011)
    (centre,) = _by_class(root, "centre")
    assert (_f(centre, "x1") - _f(segments[0], "x")) / total == pytest.approx(below, abs=1e-4)
    # The colours of the matplotlib twin (RdBu sampled from 0.1 to 0.9).
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    n = len(shares)
    expected = [to_hex(colormaps["RdBu"](0.1 + 0.8 * i / (n - 1))) for i in range(n)]
    assert [s.get("fill") for s in segments] == expected
    assert _texts(root, "legend") == levels
    assert all("%" in t and "\u2212" not in t for t in _texts(root, "tick"))


def test_histogram_counts_every_answer_with_decimal_commas() -> None:
    values = [0.5, 1.25, 1.5, 2.0, 2.75, 3.5, 3.5]
    root = _check_document(histogram_svg("k", values, title="t", xlabel="x", lang="fr"))
    bins = _by_class(root, "bin")
    assert sum(int(b.get("data-count") or 0) for b in bins) == len(values)
    # Heights proportional to the counts.
    per = {
        _f(b, "height") / int(b.get("data-count") or 1) for b in bins if b.get("data-count") != "0"
    }
    assert max(per) - min(per) < 0.01
    ticks = _texts(root, "tick")
    assert any("," in t for t in ticks)
    assert not any("." in t for t in ticks)
    assert "Répondants" in _texts(root)


def _boxes(root: ET.Element) -> list[tuple[float, float, float, float, list[str]]]:
    out = []
    for g in _by_class(root, "box"):
        rect = g.find(f"{NS}rect")
        assert rect is not None
        out.append((_f(rect, "x"), _f(rect, "y"), _f(rect, "width"), _f(rect, "height"),
                    _texts(g)))  # fmt: skip
    return out


def test_flow_arrows_meet_their_boxes() -> None:
    reasons = ["rows in the data", "not in sector 2", "interns and residents not in practice"]
    svg = flow_diagram_svg("flow", reasons, [None, 10, 1234], [2000, 1990, 756], lang="fr")
    root = _check_document(svg)
    boxes = _boxes(root)
    texts = [" ".join(b[4]) for b in boxes]
    # Counts as the matplotlib twin prints them (_format.count: "2 000" in French).
    assert texts[0].startswith("rows in the data")
    assert texts[0].endswith("n = 2 000")
    assert texts[1].startswith("Exclus\u00a0: not in")
    assert texts[1].endswith("n = 10")
    assert texts[3].endswith("n = 1 234")
    assert texts[4] == "Cohorte n = 756"
    arrows = _by_class(root, "arrow")
    assert len(arrows) == 4  # two down the main column, two to the exclusions

    def on_edge(x: float, y: float, box: tuple[Any, ...], edge: str) -> bool:
        bx, by, bw, bh = box[:4]
        tol = 0.011
        if edge in ("top", "bottom"):
            ey = by if edge == "top" else by + bh
            return abs(y - ey) < tol and bx - tol <= x <= bx + bw + tol
        return abs(x - bx) < tol and by - tol <= y <= by + bh + tol  # left edge

    mains, sides = boxes[0::2], boxes[1::2]
    for arrow in arrows:
        line, head = arrow.find(f"{NS}line"), arrow.find(f"{NS}polygon")
        assert line is not None
        assert head is not None
        tip_x, tip_y = map(float, (head.get("points") or "").split()[0].split(","))
        tip = (tip_x, tip_y)
        start = (_f(line, "x1"), _f(line, "y1"))
        if start[0] == pytest.approx(tip[0]):  # down: from a count's bottom to the next's top
            assert any(on_edge(*tip, b, "top") for b in mains[1:]), tip
            assert any(on_edge(*start, b, "bottom") for b in mains[:-1]), start
        else:  # right: from the main line to an exclusion box's left edge
            assert any(on_edge(*tip, b, "left") for b in sides), tip
            assert start[0] == pytest.approx(mains[0][0] + mains[0][2] / 2, abs=0.011)
        # The line reaches the head's base: nothing between them.
        base = [tuple(map(float, p.split(","))) for p in (head.get("points") or "").split()[1:]]
        mid = ((base[0][0] + base[1][0]) / 2, (base[0][1] + base[1][1]) / 2)
        assert (_f(line, "x2"), _f(line, "y2")) == pytest.approx(mid, abs=0.011)


# --------------------------------------------------------------------------- reports


def _new_survey(tmp: Path, n: int = 343, seed: int = 19) -> Report:
    import any_survey_data

    from optamstats.report.build import survey_counts_from_export

    (tmp / "export.csv").write_text(any_survey_data.export(n, seed=seed).to_csv(index=False),
                                    encoding="utf-8")  # fmt: skip
    (tmp / "spec.toml").write_text(any_survey_data.SPEC, encoding="utf-8")
    counts = survey_counts_from_export(str(tmp / "export.csv"), str(tmp / "spec.toml"), rng=19)
    return build_report(counts, rng=19)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    return {
        "embedded-fr": build_report(lang="fr", rng=2025),
        "embedded-en": build_report(lang="en", rng=2025),
        "new-survey": _new_survey(tmp_path_factory.mktemp("new")),
        "small-survey": _new_survey(tmp_path_factory.mktemp("small"), n=40, seed=3),
    }


def _table_of(report: Report, key: str) -> Table:
    for section in report.sections:
        if key in section.figures:
            for table in section.tables:
                if table.key in (key, f"motives-{key.removeprefix('q-')}") or (
                    key.startswith("motives") and table.key.startswith("motives")
                    and section.figures.index(key) == section.tables.index(table)
                ):  # fmt: skip
                    return table
    raise AssertionError(key)


@pytest.mark.parametrize("which", ["embedded-fr", "embedded-en", "new-survey", "small-survey"])
def test_every_figure_draws_its_tables_numbers(reports: dict[str, Report], which: str) -> None:
    from optamstats.disclosure import Hidden

    report = reports[which]
    checked = 0
    for key, draw in report.figures.items():
        assert isinstance(draw, Drawing)
        root = _check_document(draw.svg(key))
        if draw.kind not in ("bars", "forest", "diverging"):
            continue
        table = _table_of(report, key)
        columns = [c.key for c in table.columns]
        # A multi-select's share of respondents, or of mentions when the number of
        # respondents is unknown (no interval then); a question's or group's estimate.
        name = next(c for c in ("pct_respondents", "pct_mentions", "estimate") if c in columns)
        est = columns.index(name)
        # Hidden cells are absent; the rest in the table's order.
        shown = [r for r in table.rows if not any(isinstance(v, Hidden) for v in r)]
        labels = [str(r[0]) for r in shown]
        if draw.kind == "diverging":
            segments = _by_class(root, "segment")
            assert [s.get("data-level") for s in segments] == labels
            widths = [_f(s, "width") for s in segments]
            assert [w / sum(widths) for w in widths] == pytest.approx(
                [float(r[est]) for r in shown], abs=1e-4)  # fmt: skip
        else:
            rows = _rows(root)
            assert [r["label"] for r in rows] == labels, key
            mark = "bar" if draw.kind == "bars" else "point"
            assert [r[mark] for r in rows] == pytest.approx(
                [float(r[est]) for r in shown], abs=1e-4), key  # fmt: skip
            assert ("interval" in rows[0]) == ("low" in columns), key
            if "low" in columns:
                low, high = columns.index("low"), columns.index("high")
                assert [r["interval"] for r in rows] == [
                    pytest.approx((float(r[low]), float(r[high])), abs=1e-4) for r in shown
                ]
        checked += 1
    assert checked >= 2


def test_flow_figure_prints_the_flow_tables_counts(reports: dict[str, Report]) -> None:
    report = reports["embedded-fr"]
    table = _table_of(report, "flow")
    root = _parse(report.figures["flow"].svg("flow"))  # type: ignore[attr-defined]
    numbers = [t for t in _texts(root) if t.startswith("n = ")]
    expected = [f"n = {_format.count(table.rows[0][3], 'fr')}"]
    for row in table.rows[1:]:
        expected += [f"n = {_format.count(row[2], 'fr')}", f"n = {_format.count(row[3], 'fr')}"]
    assert numbers == expected


def test_html_report_embeds_the_svg_and_never_imports_matplotlib(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from optamstats.report import build_report, render\n"
        "page = render(build_report(lang='fr', rng=1), 'html')\n"
        "assert page.count('<svg') == 4, page.count('<svg')\n"
        "print('matplotlib' in sys.modules)\n"
    )
    env = {"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_drawings_still_give_the_public_matplotlib_figures(reports: dict[str, Report]) -> None:
    # Report.figures has always held functions returning matplotlib figures: Python
    # callers (and write_report's PNG files) still get them.
    from matplotlib.figure import Figure

    report = reports["new-survey"]
    kinds = {draw.kind for draw in report.figures.values()}  # type: ignore[attr-defined]
    assert kinds == {"flow", "funnel", "bars", "diverging", "forest"}
    for kind in kinds:
        draw = next(d for d in report.figures.values() if d.kind == kind)  # type: ignore[attr-defined]
        assert isinstance(draw(), Figure)


def test_figures_in_a_page_have_unique_ids(reports: dict[str, Report]) -> None:
    page = render(reports["new-survey"], "html")
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert page.count("<title id=") == len(reports["new-survey"].figures)


def test_dumbbell_dots_at_both_waves() -> None:
    from optamstats.report._svg_figures import dumbbell_svg

    svg = dumbbell_svg("w", ["Left: Yes", "Plan: Yes"], [0.42, 0.7], [0.54, 0.3],
                       title="Changes", names=("2025", "2026"), xlabel="Share (%)")  # fmt: skip
    root = _check_document(svg)
    x0, width = _frame(root)
    rows = _by_class(root, "row")
    assert [" ".join(_texts(g, "label")) for g in rows] == ["Left: Yes", "Plan: Yes"]
    for g, before, after in zip(rows, [0.42, 0.7], [0.54, 0.3], strict=True):
        (grey,) = _by_class(g, "before")
        (blue,) = _by_class(g, "point")
        assert (_f(grey, "cx") - x0) / width == pytest.approx(before, abs=1e-4)
        assert (_f(blue, "cx") - x0) / width == pytest.approx(after, abs=1e-4)
    assert _texts(root, "legend") == ["2025", "2026"]


def test_wave_comparison_html_draws_its_table_without_matplotlib() -> None:
    # The same comparison as tests/test_waves.py (six yes/no questions, two waves).
    from test_waves import EARLIER, LATER, _report

    from optamstats.waves import compare_waves

    result = compare_waves(_report(EARLIER, title="2025"), _report(LATER, title="2026"))
    draw = result.report().figures["waves"]
    assert isinstance(draw, Drawing)
    root = _check_document(draw.svg("waves"))
    x0, width = _frame(root)
    shown = result.table[result.table["difference"].notna()]
    rows = _by_class(root, "row")
    assert len(rows) == len(shown) == 6
    for g, p1, p2 in zip(rows, shown["p1"], shown["p2"], strict=True):
        assert (_f(_by_class(g, "before")[0], "cx") - x0) / width == pytest.approx(p1, abs=1e-4)
        assert (_f(_by_class(g, "point")[0], "cx") - x0) / width == pytest.approx(p2, abs=1e-4)
    assert "<svg" in result.render("html")


def test_labels_with_markup_characters_are_text() -> None:
    # Spec labels may hold any character: the SVG stays well formed and says them as written.
    label = 'R&D <b>"pôle"</b> d\'été'
    svg = bar_chart_svg("k", [label], [0.5], [0.4], [0.6], title=f"{label} title",
                        xlabel="x")  # fmt: skip
    root = _check_document(svg)
    assert [r["label"] for r in _rows(root)] == [label]
    assert label in (root.get("aria-label") or "")
    assert "d'été" in svg  # an apostrophe is left as it reads (searchable in the page)


def test_a_hidden_flow_exclusion_is_drawn_as_its_table_prints_it() -> None:
    # The report's flow table prints a small exclusion as "< 5"; both diagrams used to
    # draw it as "n = 0" (the hidden value became None, then 0): a wrong number.
    from optamstats._checks import InvalidValueError
    from optamstats.disclosure import Hidden
    from optamstats.report.flow_section import _flow_figure
    from optamstats.survey.flow import flow_diagram

    rows = (("start", "rows in the data", None, 200), ("exclude", "not in sector 2",
            Hidden.below(5), 197))  # fmt: skip
    drawing = _flow_figure(rows, "fr")
    texts = [" ".join(b[4]) for b in _boxes(_check_document(drawing.svg("flow")))]
    assert texts[1].endswith("n < 5")
    assert not any(t.endswith("n = 0") for t in texts)
    figure = drawing()  # the public matplotlib diagram, from the same arguments
    drawn = [t.get_text() for t in figure.axes[0].texts]
    assert drawn[1].endswith("n < 5")
    assert (
        flow_diagram(["a", "b"], [None, "s"], [9, 9]).axes[0].texts[1].get_text().endswith("n = s")
    )
    with pytest.raises(InvalidValueError, match=r"excluded\[1\] is None"):
        flow_diagram_svg("flow", ["a", "b"], [None, None], [9, 9])
    with pytest.raises(InvalidValueError, match=r"excluded\[1\] is None"):
        flow_diagram(["a", "b"], [None, None], [9, 9])
