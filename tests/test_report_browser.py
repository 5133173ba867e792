"""The HTML report in a real browser: headless Chromium driven by selenium (issue 19).

Two reports (the embedded 2025 one, and a new 343-respondent survey made here from
``any_survey_data``) at two widths (a 390 px phone, a 1280 px screen): the page never
scrolls sideways, every figure is drawn and at least 60 % of its column wide, no text of
a figure is under 10 CSS px once the SVG is scaled, the console is clean and nothing is
fetched from the network. Screenshots of the whole page go to ``$OPTAMSTATS_SCREENSHOTS``
(or a temporary folder), named in the test's output; they are not committed.

Chromium and its driver are Debian's (``apt-get install chromium chromium-driver``),
which ``.ci/run`` installs: there (``OPTAMSTATS_BROWSER_TESTS=required``) a missing
browser fails the tests instead of skipping them.
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from optamstats.report import Report, build_report, render

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
REQUIRED = os.environ.get("OPTAMSTATS_BROWSER_TESTS") == "required"


def _browser_or_skip() -> Any:
    missing = [p for p in (CHROMIUM, DRIVER) if not Path(p).exists()]
    try:
        from selenium import webdriver
    except ImportError:  # pragma: no cover - the test extra has it
        missing.append("selenium (the [test] extra)")
        webdriver = None
    if missing:
        message = f"needs {', '.join(missing)}: apt-get install chromium chromium-driver"
        if REQUIRED:
            pytest.fail(message + " (OPTAMSTATS_BROWSER_TESTS=required)")
        pytest.skip(message)
    return webdriver


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    webdriver = _browser_or_skip()
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--hide-scrollbars",
                     # Any name lookup fails: a page that tried the network would log it.
                     "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost"):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    named = os.environ.get("OPTAMSTATS_SCREENSHOTS")
    folder = Path(named) if named else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {folder}")
    return folder


def _new_survey(tmp: Path) -> Report:
    import any_survey_data

    from optamstats.report.build import survey_counts_from_export

    (tmp / "export.csv").write_text(any_survey_data.export(343, seed=19).to_csv(index=False),
                                    encoding="utf-8")  # fmt: skip
    (tmp / "spec.toml").write_text(any_survey_data.SPEC, encoding="utf-8")
    counts = survey_counts_from_export(str(tmp / "export.csv"), str(tmp / "spec.toml"), rng=19)
    return build_report(counts, rng=19)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Report, Path]]:
    tmp = tmp_path_factory.mktemp("pages")
    reports = {"embedded-2025": build_report(lang="fr", rng=2025),
               "new-survey": _new_survey(tmp)}  # fmt: skip
    out = {}
    for name, report in reports.items():
        path = tmp / f"{name}.html"
        path.write_text(render(report, "html"), encoding="utf-8")
        out[name] = (report, path)
    return out


# Measured in the page: everything the assertions need, in one round trip.
_MEASURE = """
const se = document.scrollingElement;
const figures = [...document.querySelectorAll("figure")].map(fig => {
  const svg = fig.querySelector("svg");
  const column = fig.parentElement.getBoundingClientRect().width;
  if (!svg) return {id: fig.id, drawn: false, column};
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll("text")].filter(t => t.textContent.trim()).map(t => {
    const m = t.getScreenCTM();
    const scale = Math.hypot(m.a, m.b);
    return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale};
  });
  let bbox = null;
  try { const b = svg.getBBox(); bbox = [b.width, b.height]; } catch (e) {}
  return {id: fig.id, drawn: box.width > 0 && box.height > 0 && !!bbox && bbox[0] > 0,
          width: box.width, column, texts,
          label: svg.getAttribute("aria-label"),
          title: (svg.querySelector(":scope > title") || {}).textContent};
});
return {
  scrollWidth: se.scrollWidth, innerWidth: window.innerWidth,
  lang: document.documentElement.lang,
  resources: performance.getEntriesByType("resource").map(e => e.name),
  figures,
  toc: [...document.querySelectorAll("nav.toc a")].map(a => a.getAttribute("href")),
  ids: [...document.querySelectorAll("[id]")].map(e => e.id),
  footer: !!document.querySelector("footer.methods"),
};
"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", ["embedded-2025", "new-survey"])
def test_report_page_in_chromium(
    driver: Any, pages: dict[str, tuple[Report, Path]], screenshots: Path, name: str, width: int
) -> None:
    report, path = pages[name]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})  # fmt: skip
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(path.as_uri())
    m = driver.execute_script(_MEASURE)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot",
                                  {"format": "png", "captureBeyondViewport": True})  # fmt: skip
    (screenshots / f"{name}-{width}.png").write_bytes(base64.b64decode(shot["data"]))

    assert m["innerWidth"] == width
    # Nothing makes the page itself scroll sideways (wide tables scroll in their box).
    assert m["scrollWidth"] <= m["innerWidth"], (m["scrollWidth"], m["innerWidth"])
    assert m["lang"] == report.lang
    # Every figure the report has is on the page, drawn, and fills its column enough.
    expected = [f"figure-{k}" for s in report.sections for k in s.figures if k in report.figures]
    assert [f["id"] for f in m["figures"]] == expected
    assert len(expected) >= 3
    for fig in m["figures"]:
        assert fig["drawn"], fig["id"]
        assert fig["width"] >= 0.6 * fig["column"] - 0.5, (fig["id"], fig["width"], fig["column"])
        assert fig["width"] <= fig["column"] + 0.5, fig["id"]
        # Text is text (searchable, measurable), and none of it under 10 px as shown.
        assert len(fig["texts"]) >= 2, fig["id"]
        small = [(t["text"], round(t["px"], 2)) for t in fig["texts"] if t["px"] < 10.0]
        assert small == [], (fig["id"], small)
        # A text alternative in words, the same in the tooltip and for screen readers.
        assert fig["label"]
        assert fig["label"] == fig["title"]
        assert len(fig["label"].split()) >= 8
    # No request of any kind: no image, font, style sheet or script fetched.
    assert m["resources"] == []
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    # The table of contents leads to every section, the methods close the page.
    assert m["toc"] == [f"#{s.key}" for s in report.sections]
    assert set(m["toc"]) <= {f"#{i}" for i in m["ids"]}
    assert m["footer"]


def test_the_checks_catch_an_overflowing_page(
    driver: Any, pages: dict[str, tuple[Report, Path]], tmp_path: Path
) -> None:
    # The measurement itself can fail: a page with a 2000 px wide figure and 1 px
    # text scrolls sideways and reports its small text.
    _, path = pages["new-survey"]
    text = (
        path.read_text(encoding="utf-8")
        .replace(
            "figure svg{display:block;max-width:100%;height:auto}",
            "figure svg{display:block;width:2000px;height:auto}",
        )
        .replace("</style>", "figure text{font-size:1px !important}</style>")
    )
    bad = tmp_path / "bad.html"
    bad.write_text(text, encoding="utf-8")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 390, "height": 900, "deviceScaleFactor": 1, "mobile": True})  # fmt: skip
    driver.get(bad.as_uri())
    m = driver.execute_script(_MEASURE)
    assert m["scrollWidth"] > m["innerWidth"]
    assert any(t["px"] < 10 for f in m["figures"] for t in f["texts"])


# Measured in the page: each text of each figure against its SVG's drawing area and,
# for a row label, against the left edge of the axes it labels.
_OVERFLOW = """
return [...document.querySelectorAll("figure svg")].map(svg => {
  const view = svg.viewBox.baseVal;
  const frame = svg.querySelector(".frame");
  const left = frame ? frame.getBBox().x : null;
  const texts = [...svg.querySelectorAll("text")].map(t => {
    const b = t.getBBox();
    return {text: t.textContent, label: t.classList.contains("label"),
            x0: b.x, x1: b.x + b.width, y0: b.y, y1: b.y + b.height};
  });
  return {id: svg.parentElement.id, width: view.width, height: view.height, left, texts};
});
"""


@pytest.mark.parametrize("name", ["embedded-2025", "new-survey"])
def test_figure_text_fits_inside_its_figure(
    driver: Any, pages: dict[str, tuple[Report, Path]], name: str
) -> None:
    # The SVG figures lay text out from estimated widths (report/_svg.py): in the
    # browser, with the font it really uses, no text runs out of its figure and no row
    # label runs into the axes.
    _, path = pages[name]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})  # fmt: skip
    driver.get(path.as_uri())
    figures = driver.execute_script(_OVERFLOW)
    assert len(figures) >= 3
    for fig in figures:
        for t in fig["texts"]:
            inside = (t["x0"] >= -0.5 and t["x1"] <= fig["width"] + 0.5
                      and t["y0"] >= -0.5 and t["y1"] <= fig["height"] + 0.5)  # fmt: skip
            assert inside, (fig["id"], t)
            if t["label"]:
                assert t["x1"] <= fig["left"], (fig["id"], t)
