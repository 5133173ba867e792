"""The report as a PDF (issue 19): WeasyPrint prints the HTML page with its print
stylesheet. Pages, the text of every section title, no row or figure cut across pages,
the same bytes in two processes, and clear errors when the engine is missing.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import optamstats
from optamstats._checks import InvalidValueError, MissingDependencyError
from optamstats.cli import main
from optamstats.report import Report, build_report, render, render_pdf, write_report

pypdf = pytest.importorskip("pypdf")  # in the test extra: runs wherever `.[test]` is installed
SRC = str(Path(optamstats.__file__).parents[1])


def _words(text: str) -> str:
    """Text as a PDF gives it back: any run of spaces (no-break ones too) is one space."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _new_survey(tmp: Path) -> Report:
    import any_survey_data

    from optamstats.report.build import survey_counts_from_export

    (tmp / "export.csv").write_text(any_survey_data.export(343, seed=19).to_csv(index=False),
                                    encoding="utf-8")  # fmt: skip
    (tmp / "spec.toml").write_text(any_survey_data.SPEC, encoding="utf-8")
    counts = survey_counts_from_export(str(tmp / "export.csv"), str(tmp / "spec.toml"), rng=19)
    return build_report(counts, rng=19)


@pytest.mark.parametrize("which", ["embedded-2025", "new-survey"])
def test_pdf_has_pages_and_every_section_title(tmp_path: Path, which: str) -> None:
    report = build_report(lang="fr", rng=2025) if which == "embedded-2025" else _new_survey(
        tmp_path)  # fmt: skip
    out = write_report(report, tmp_path / "out", "pdf")
    data = (out / "report.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    # Each section starts with a heading, tables and figures follow: more pages than
    # one, fewer than two per section (the 2025 report prints on 10 A4 pages).
    assert 3 <= pages <= 2 * len(report.sections)
    text = _words(" ".join(page.extract_text() for page in reader.pages))
    for section in report.sections:
        assert _words(section.title) in text, section.title
    assert _words(report.title) in text
    # Figures are vector with their text kept: an axis label is searchable.
    assert "% des répondants" in text
    assert reader.metadata.title == report.title
    # No date of the run in the file (it would change the bytes every time).
    assert "/CreationDate" not in reader.metadata
    assert "/ModDate" not in reader.metadata
    # The methods footer starts its own page, at the end: the last page holding its
    # title (the contents on page 1 holds every title) holds no other section's title.
    methods = next(s for s in report.sections if s.key == "methods")
    pages_text = [_words(page.extract_text()) for page in reader.pages]
    where = max(i for i, t in enumerate(pages_text) if _words(methods.title) in t)
    assert where >= pages - 2
    others = [s.title for s in report.sections if s.key != "methods"]
    assert not any(_words(t) in pages_text[where] for t in others)


def test_no_table_row_or_figure_is_cut_across_pages() -> None:
    # The layout engine's own boxes: an element laid out on two pages was cut.
    weasyprint = pytest.importorskip("weasyprint")
    from optamstats.report.render import _render_html, render_figures_svg

    report = build_report(lang="fr", rng=2025)
    page = _render_html(report, render_figures_svg(report))
    document = weasyprint.HTML(string=page, media_type="print").render()
    seen: dict[int, set[int]] = {}
    tags: dict[int, str] = {}

    def walk(box: Any, number: int) -> None:
        element = getattr(box, "element", None)
        tag = getattr(box, "element_tag", None)
        if tag == "thead":  # repeated on every page a table spans, on purpose
            return
        if element is not None and tag in ("tr", "figure"):
            seen.setdefault(id(element), set()).add(number)
            tags[id(element)] = tag
        for child in getattr(box, "children", ()):
            walk(child, number)

    for number, pdf_page in enumerate(document.pages):
        walk(pdf_page._page_box, number)
    assert sum(1 for t in tags.values() if t == "figure") == len(report.figures)
    assert sum(1 for t in tags.values() if t == "tr") > 30
    cut = [tags[key] for key, pages in seen.items() if len(pages) > 1]
    assert cut == []


_PDF = """
    import sys
    from optamstats.cli import main
    sys.exit(main(["report", "--format", "pdf", "--seed", "7", "--output", sys.argv[1]]))
"""


def test_pdf_is_the_same_bytes_in_two_processes(tmp_path: Path) -> None:
    env = {"PYTHONPATH": SRC, "MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"}
    outs = []
    for name in ("a", "b"):
        done = subprocess.run([sys.executable, "-c", textwrap.dedent(_PDF), str(tmp_path / name)],
                              env=env, capture_output=True, timeout=300, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr.decode()
        outs.append((tmp_path / name / "report.pdf").read_bytes())
    assert outs[0][:5] == b"%PDF-"
    assert outs[0] == outs[1]
    # A different report gives different bytes (the check compares something real).
    assert main(["report", "--format", "pdf", "--lang", "en", "--output",
                 str(tmp_path / "en")]) == 0  # fmt: skip
    assert (tmp_path / "en" / "report.pdf").read_bytes() != outs[0]


def test_missing_weasyprint_names_the_flag_and_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if absent
    report = Report("T", "en", ())
    with pytest.raises(MissingDependencyError, match=r"optamstats\[pdf\]") as info:
        render_pdf(report)
    assert "--format pdf" in str(info.value)
    assert isinstance(info.value, ImportError)
    with pytest.raises(MissingDependencyError, match="--format pdf"):
        write_report(report, tmp_path / "never", "pdf")
    assert not (tmp_path / "never").exists()  # said before anything is written
    assert main(["report", "--format", "pdf", "--output", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("optamstats report: error: ")
    assert "--format pdf" in err
    assert "pip install 'optamstats[pdf]'" in err
    assert "Pango" in err


def test_pdf_bad_requests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = Report("T", "en", ())
    with pytest.raises(InvalidValueError, match=r"render_pdf\(report\)"):
        render(report, "pdf")
    # A PDF on standard output would flood a terminal with bytes: --output is needed.
    assert main(["report", "--format", "pdf"]) == 2
    assert "`--format pdf` writes report.pdf into the `--output` folder" in (
        capsys.readouterr().err)  # fmt: skip


def test_render_refuses_an_array_or_a_frame_as_format() -> None:
    # `fmt == "pdf"` on an array or a DataFrame raised numpy's/pandas' "truth value is
    # ambiguous" ValueError (found by tests/test_fuzz.py): a library error names `fmt`.
    import numpy as np
    import pandas as pd

    from optamstats._checks import InvalidTypeError
    from optamstats.report import Report

    report = Report("T", "en", ())
    for fmt in (np.array([], dtype=float), pd.DataFrame(), np.array(["pdf"])):
        with pytest.raises(InvalidTypeError, match=r"`fmt` must be a string"):
            render(report, fmt)  # type: ignore[arg-type]
