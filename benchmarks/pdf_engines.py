"""Measure the two PDF engines considered for `--format pdf` (docs/design.md).

Usage: ``python benchmarks/pdf_engines.py`` (needs WeasyPrint, Debian's ``chromium`` and
poppler's ``pdfinfo``). For the embedded 2025 report and a new 343-respondent survey
(``tests/any_survey_data.py``), the same HTML page is printed twice by each engine:
WeasyPrint in-process, headless Chromium as a new process each time (browser start
included, as ``--print-to-pdf`` runs). Prints the best time, size, pages, and whether
the two runs gave the same bytes. Not a ``bench_*`` file: ``run.py`` does not run it.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    import weasyprint

    sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
    import any_survey_data as data

    from optamstats.report import build_report, render
    from optamstats.report.build import survey_counts_from_export

    folder = Path(tempfile.mkdtemp())
    (folder / "e.csv").write_text(data.export(343, seed=19).to_csv(index=False))
    (folder / "s.toml").write_text(data.SPEC)
    counts = survey_counts_from_export(str(folder / "e.csv"), str(folder / "s.toml"), rng=7)
    reports = {"embedded 2025": build_report(lang="fr", rng=7),
               "new survey": build_report(counts, rng=7)}  # fmt: skip
    for name, report in reports.items():
        page = render(report, "html")
        html = folder / "page.html"
        html.write_text(page, encoding="utf-8")
        times: dict[str, list[float]] = {"weasyprint": [], "chromium": []}
        files: dict[str, list[bytes]] = {"weasyprint": [], "chromium": []}
        for i in range(2):
            start = time.perf_counter()
            files["weasyprint"].append(weasyprint.HTML(string=page).write_pdf())
            times["weasyprint"].append(time.perf_counter() - start)
            target = folder / f"c{i}.pdf"
            start = time.perf_counter()
            subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                            "--no-pdf-header-footer", f"--print-to-pdf={target}",
                            html.as_uri()], capture_output=True, check=True)  # fmt: skip
            times["chromium"].append(time.perf_counter() - start)
            files["chromium"].append(target.read_bytes())
        for engine in ("weasyprint", "chromium"):
            first, second = files[engine]
            info = subprocess.run(["pdfinfo", "-"], input=first, capture_output=True,
                                  check=True).stdout.decode()  # fmt: skip
            pages = info.split("Pages:")[1].split()[0]
            print(
                f"{name}: {engine} best {min(times[engine]):.2f} s, {len(first) // 1000} kB, "
                f"{pages} pages, same bytes twice: {first == second}"
            )


if __name__ == "__main__":
    main()
