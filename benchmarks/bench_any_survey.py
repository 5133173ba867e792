"""The report of a new survey (every question type) against reading its export.

The export is the made-up 2026 survey of the tests (``tests/any_survey_data.py``: single
choice, yes/no with "Ne sait pas", skip logic with ``any``, a multi-select with commas in
its labels and an "Other" box, a 1–5 scale, a number with decimal commas, free text), at
10,000 rows, written as a CSV. Timed in one interpreter after a warm-up (imports and a
first report outside the measures), best of 3:

- ``pandas.read_csv(path)``: the peer;
- ``optamstats report --responses --spec --format json`` in-process (``cli.main``),
  output to /dev/null: the whole report, every section and the LP audit;
- the same with ``--format html``: the figures too, as hand-written SVG (matplotlib is
  not imported).

Issue 14 asks for the ratio; no target is set. Issue 19 sets one: the HTML report within
1.5× the time of the JSON one (the row "HTML against JSON"; target speed-up 1/1.5). The
PDF (WeasyPrint laying the page out, written with ``--output``) is timed for the record.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from pathlib import Path

from _timing import Row, best_time

ROWS = 10_000


def rows() -> list[Row]:
    import pandas as pd

    sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
    import any_survey_data as data

    from optamstats.cli import main

    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export.csv"
        data.export(n=ROWS, seed=7).to_csv(export, index=False)
        spec = Path(folder) / "survey.toml"
        spec.write_text(data.SPEC, encoding="utf-8")

        def report(fmt: str) -> None:
            with contextlib.redirect_stdout(io.StringIO()):
                main(["report", "--responses", str(export), "--spec", str(spec),
                      "--format", fmt, "--seed", "1"])  # fmt: skip

        report("json")  # warm-up: imports, first figures
        read = best_time(lambda: pd.read_csv(export), repeat=3)
        as_json = best_time(lambda: report("json"), repeat=3)
        as_html = best_time(lambda: report("html"), repeat=3)
        runs = iter(range(1_000))

        def pdf() -> None:
            with contextlib.redirect_stdout(io.StringIO()):
                main(["report", "--responses", str(export), "--spec", str(spec), "--format",
                      "pdf", "--seed", "1", "--output", f"{folder}/pdf-{next(runs)}"])  # fmt: skip

        as_pdf = best_time(pdf, repeat=3) if _has_weasyprint() else float("nan")
    return [
        Row(f"optamstats report (JSON), new survey, {ROWS:,} rows", as_json,
            "pandas.read_csv of the same file", read, None, "every question type"),
        Row(f"optamstats report (HTML, figures), new survey, {ROWS:,} rows", as_html,
            "pandas.read_csv of the same file", read, None, "figures as hand-written SVG"),
        Row(f"report --format html against --format json, {ROWS:,} rows", as_html,
            "the same report as JSON", as_json, 1 / 1.5, "issue 19: HTML ≤ 1.5× JSON"),
        Row(f"report --format pdf against --format json, {ROWS:,} rows", as_pdf,
            "the same report as JSON", as_json, None, "WeasyPrint; nan without it"),
    ]  # fmt: skip


def _has_weasyprint() -> bool:
    import importlib.util

    return importlib.util.find_spec("weasyprint") is not None
