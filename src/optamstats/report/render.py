"""Renderers: plain text, Markdown, self-contained HTML and JSON.

French output follows French typography: decimal commas and no-break spaces before
``%`` and ``:`` (U+00A0) and between thousands (U+202F).
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import textwrap
from pathlib import Path
from typing import Any, Final

from optamstats import _format
from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    _show,
    check_choice,
    require_matplotlib,
)
from optamstats.disclosure import Hidden
from optamstats.report._model import Column, Report, Table

__all__ = ["FILE_FORMATS", "FORMATS", "render", "render_pdf", "report_dict", "write_report"]

FORMATS: Final = ("text", "markdown", "html", "json")
#: What :func:`write_report` writes: the text formats, and PDF (bytes: ``render_pdf``).
FILE_FORMATS: Final = (*FORMATS, "pdf")
#: The optional extra that brings the PDF engine (WeasyPrint): ``pip install ".[pdf]"``.
PDF_EXTRA: Final = "pdf"
SCHEMA_ID: Final = "optamstats-report/1"


def _cell(value: Any, column: Column, lang: str) -> str:
    """Format one value for people; missing values are an en dash."""
    if isinstance(value, Hidden):  # withheld by disclosure control: "< 5" or "s"
        return str(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    nb = _format.NBSP if lang == "fr" else ""
    if column.kind == "count":
        return _format.count(int(value), lang, nbsp=True)
    if column.kind == "percent":
        return f"{_format.percent_number(float(value), 1, lang)}{nb if lang == 'fr' else ''}%"
    if column.kind == "number":
        return _format.number(float(value), 3, lang)
    if column.kind == "p":
        p = float(value)
        return (
            _format.number(p, 3, lang)
            if p >= 0.001
            else f"<{nb or ' '}{_format.number(0.001, 3, lang)}"
        )
    if column.kind == "points":  # a difference of two shares, in percentage points
        return _format.number(100.0 * float(value), 1, lang)
    if column.kind == "level":  # a scale's level (its label) or a number in its own unit
        if isinstance(value, str):
            return _french(value, lang)
        return _format.number(float(value), 2, lang)
    if column.kind == "range":
        low, high = value
        return str(low) if low == high else f"{low}–{high}"
    return _french(str(value), lang)


def _french(text: str, lang: str) -> str:
    return _format.french_spaces(text) if lang == "fr" else text


def _rows(table: Table, lang: str) -> list[list[str]]:
    return [
        [_cell(v, c, lang) for v, c in zip(row, table.columns, strict=True)] for row in table.rows
    ]


# --------------------------------------------------------------------------- text


def _text_table(table: Table, lang: str, max_width: int = 60) -> str:
    head = [c.title for c in table.columns]
    body = _rows(table, lang)
    # Long text cells (explanations) wrap onto continuation lines.
    wrapped = [[textwrap.wrap(cell, max_width) or [""] for cell in row] for row in body]
    widths = [
        max([len(head[i])] + [len(line) for row in wrapped for line in row[i]])
        for i in range(len(head))
    ]
    right = [c.kind != "text" for c in table.columns]

    def line(cells: list[str]) -> str:
        parts = [
            cell.rjust(w) if r else cell.ljust(w)
            for cell, w, r in zip(cells, widths, right, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [_french(table.title, lang), line(head), "  ".join("-" * w for w in widths)]
    for row in wrapped:
        for k in range(max(len(cell) for cell in row)):
            out.append(line([cell[k] if k < len(cell) else "" for cell in row]))
    if table.note:
        out += textwrap.wrap(_french(table.note, lang), 88)
    return "\n".join(out)


def _render_text(report: Report) -> str:
    lang = report.lang
    out = [report.title, "=" * len(report.title), ""]
    for note in report.notes:
        out += [*textwrap.wrap("! " + _french(note, lang), 88), ""]
    for section in report.sections:
        title = _french(section.title, lang)
        out += [title, "-" * len(title), ""]
        for paragraph in section.paragraphs:
            out += [*textwrap.wrap(_french(paragraph, lang), 88), ""]
        for table in section.tables:
            # A SHA-256 (64 characters) must stay on one line to be copied.
            width = 80 if table.key == "methods" else 60
            out += [_text_table(table, lang, width), ""]
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- markdown


# Characters that start Markdown inline syntax anywhere in a line: code spans (`),
# emphasis (*, _), strikethrough (~), links and images ([, ]), backslash itself. Spec
# labels and free-text answers may hold any of them; "[x](javascript:alert(1))" would
# otherwise become a live link. CommonMark lets any ASCII punctuation be escaped with a
# backslash, which renders as the character itself.
_MD_INLINE: Final = re.compile(r"([\\`*_~\[\]])")
# "<" opening a tag, a comment or an autolink ("<javascript:…>"): renderers pass raw HTML
# through. "< 5" (a space after it) opens nothing and is left as the report prints it.
_MD_TAG: Final = re.compile(r"<(?=\S)")
# A line starting with these opens a block (heading, quote, list, thematic break, setext
# underline, table row) or, once "#" is inside a heading, nothing harmful: escape the
# first character.
_MD_BLOCK_START: Final = re.compile(r"^(\s*\d*)([#>+=|.)-])")


def _md_inline(text: str, *, block: bool = True) -> str:
    """Escape text from the spec or the answers so that it is only text in Markdown.

    Line breaks become spaces (a line break could open a block: a heading, a fence),
    inline syntax is backslash-escaped, a tag-opening ``<`` becomes ``&lt;`` and a
    block marker at the start (``block=True``, text that starts a line) is escaped; in
    "1." the point is escaped, as a backslash before a digit escapes nothing.
    """
    lines = text.splitlines()
    text = " ".join(lines) if len(lines) > 1 else text
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_TAG.sub("&lt;", text)
    if not block:
        return text
    return _MD_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


def _md_escape(text: str) -> str:
    """Keep a cell inside its table row: no pipe, no line break, no Markdown syntax."""
    # Inside a table row no block can start: "-3" stays as printed.
    return _md_inline(text, block=False).replace("|", "\\|")


def _render_markdown(report: Report, figure_files: dict[str, str] | None = None) -> str:
    lang = report.lang
    out = [f"# {_md_inline(report.title)}", ""]
    for note in report.notes:
        out += [f"> **{_md_inline(_french(note, lang))}**", ""]
    for section in report.sections:
        out += [f"## {_md_inline(_french(section.title, lang))}", ""]
        for paragraph in section.paragraphs:
            out += [_md_inline(_french(paragraph, lang)), ""]
        for table in section.tables:
            out += [f"**{_md_inline(_french(table.title, lang))}**", ""]
            out.append("| " + " | ".join(_md_escape(c.title) for c in table.columns) + " |")
            out.append(
                "|" + "|".join("---:" if c.kind != "text" else "---" for c in table.columns) + "|"
            )
            out += [
                "| " + " | ".join(_md_escape(v) for v in row) + " |" for row in _rows(table, lang)
            ]
            out += [""] + ([_md_inline(_french(table.note, lang)), ""] if table.note else [])
        for key in section.figures:
            if figure_files and key in figure_files:
                out += [f"![{_md_inline(key)}]({figure_files[key]})", ""]
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- html

_CSS: Final = """
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:52rem;padding:1rem;line-height:1.5;color:#1b1b1b;background:#fff;
overflow-wrap:break-word}
h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.25rem;margin-top:2rem;
border-bottom:1px solid #ccc}
.note{background:#fff4d6;border-left:4px solid #e0a800;padding:.5rem .75rem}
nav.toc{border:1px solid #ddd;border-radius:4px;padding:.5rem 1rem;margin:1rem 0}
nav.toc h2{font-size:1rem;margin:.25rem 0;border:0}
nav.toc ol{margin:0;padding-left:1.5rem}nav.toc a{color:#0a4a8a}
.scroll{overflow-x:auto;max-width:100%;-webkit-overflow-scrolling:touch}
table{border-collapse:separate;border-spacing:0;margin:.5rem 0 1rem;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{padding:.25rem .5rem;border-bottom:1px solid #e5e5e5;vertical-align:top;
background:#fff}
th{text-align:left}td.num,th.num{text-align:right}td.num{white-space:nowrap}
th:first-child,td:first-child{position:sticky;left:0;z-index:1;
box-shadow:1px 0 0 #e5e5e5}
figure{margin:1rem 0;max-width:100%}
figure svg{display:block;max-width:100%;height:auto}
footer.methods{margin-top:3rem;padding:1rem;border-top:3px solid #1b1b1b;
background:#f6f6f6;font-size:.9rem}
footer.methods h2{margin-top:0}footer.methods th,footer.methods td{background:#f6f6f6}
@media print{
@page{size:A4;margin:16mm 14mm}
body{max-width:none;padding:0;font-size:10pt;line-height:1.4}
a{color:inherit;text-decoration:none}
.scroll{overflow:visible}
th:first-child,td:first-child{position:static;box-shadow:none}
tr,figure,caption,.note{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
h2,caption,.scroll:has(caption){break-after:avoid;page-break-after:avoid}
table{break-before:auto}tbody tr:first-child{break-before:avoid}
footer.methods{break-before:page;page-break-before:always;background:none}
footer.methods th,footer.methods td{background:none}
}
"""

#: Heading of the table of contents.
_CONTENTS: Final = {"fr": "Sommaire", "en": "Contents"}


def _html_table(table: Table, lang: str) -> str:
    def cls(c: Column) -> str:
        return ' class="num"' if c.kind != "text" else ""

    head = "".join(f"<th{cls(c)}>{html.escape(c.title)}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + "".join(
            f"<td{cls(c)}>{html.escape(v)}</td>" for v, c in zip(row, table.columns, strict=True)
        ) + "</tr>"
        for row in _rows(table, lang)
    )  # fmt: skip
    note = f"<p><small>{html.escape(_french(table.note, lang))}</small></p>" if table.note else ""
    return (
        f'<div class="scroll"><table id="table-{html.escape(table.key)}"><caption>'
        f"{html.escape(_french(table.title, lang))}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>{note}"
    )


def _render_html(report: Report, svgs: dict[str, str]) -> str:
    lang = report.lang
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(report.title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{html.escape(report.title)}</h1>",
    ]
    parts += [f'<p class="note">{html.escape(_french(n, lang))}</p>' for n in report.notes]
    parts.append("</header>")
    # The methods section closes the page as its footer; everything else is the main text.
    body = [s for s in report.sections if s.key != "methods"]
    footer = [s for s in report.sections if s.key == "methods"]
    contents = "".join(
        f'<li><a href="#{html.escape(s.key)}">{html.escape(_french(s.title, lang))}</a></li>'
        for s in (*body, *footer)
    )
    heading = _CONTENTS.get(lang, _CONTENTS["en"])
    parts.append(
        f'<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">{heading}</h2>'
        f"<ol>{contents}</ol></nav><main>"
    )
    for section in body:
        parts.append(f'<section id="{html.escape(section.key)}">')
        parts += _html_section(section, svgs, lang)
        parts.append("</section>")
    parts.append("</main>")
    for section in footer:
        parts.append(f'<footer class="methods" id="{html.escape(section.key)}">')
        parts += _html_section(section, svgs, lang)
        parts.append("</footer>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_section(section: Any, svgs: dict[str, str], lang: str) -> list[str]:
    parts = [f"<h2>{html.escape(_french(section.title, lang))}</h2>"]
    parts += [f"<p>{html.escape(_french(p, lang))}</p>" for p in section.paragraphs]
    parts += [_html_table(t, lang) for t in section.tables]
    parts += [
        f'<figure id="figure-{html.escape(k)}">{svgs[k]}</figure>'
        for k in section.figures
        if k in svgs
    ]
    return parts


def _save_figure(figure: Any, target: Any, fmt: str, key: str) -> None:
    """Save `figure` so that the same figure gives the same bytes on every run.

    An SVG carries the date (``dc:date``) and ids (clip paths, markers) hashed with a
    salt that is random per process unless ``svg.hashsalt`` is set; the salt names the
    figure, so that figures inlined in one HTML page never share an id.
    """
    import matplotlib

    from optamstats.report import _style

    metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {}
    options: dict[str, Any] = {"dpi": 150} if fmt == "png" else {}
    with matplotlib.rc_context(
        {"svg.fonttype": _style.SVG_FONTTYPE, "svg.hashsalt": f"optamstats-{key}"}
    ):
        # The figure functions lay their figure out to fit (tight_layout): saving it
        # as it is spares a second drawing that bbox_inches="tight" would make.
        figure.savefig(target, format=fmt, metadata=metadata, **options)


def _svg(figure: Any, key: str) -> str:
    import io

    buffer = io.StringIO()
    _save_figure(figure, buffer, "svg", key)
    text = buffer.getvalue()
    # Inline SVG: drop the XML prolog and DOCTYPE (which names an external DTD URL).
    text = text[text.index("<svg") :]
    # Every SVG numbers its ids alike ("figure_1", "patch_1", glyphs "DejaVuSans-30"):
    # in one HTML page they must be made unique, with their references.
    prefix = re.sub(r"[^A-Za-z0-9_-]", "_", key) + "-"
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m[1]}"', text)
    text = re.sub(r'(url\(#|href="#)', lambda m: m[1] + prefix, text)
    # What the figure shows, in words: its <title> (a tooltip, read by screen readers)
    # and the image's accessible name.
    from optamstats.report import _style

    words = html.escape(_style.description(figure))
    opening = text.index(">") + 1
    return (
        f'<svg role="img" aria-label="{words}"{text[4:opening]}'
        f'<title id="{prefix}title">{words}</title>{text[opening:]}'
    )


# --------------------------------------------------------------------------- json


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _json_value(value.item())
    return value


def _check_report(report: object) -> Report:
    if not isinstance(report, Report):
        raise InvalidTypeError(
            f"`report` must be a Report (from `optamstats.report.build_report`); got "
            f"{_show(report)} ({type(report).__name__})."
        )
    return report


def report_dict(report: Report) -> dict[str, Any]:
    """Return the report as JSON-ready data (the schema is ``docs/report-schema.json``).

    Parameters
    ----------
    report : Report
        The report.

    Returns
    -------
    dict
        Plain data: numbers unrounded, non-finite floats as None, withheld cells as
        their markers (``"< 5"``, ``"s"``).

    Raises
    ------
    InvalidTypeError
        `report` is not a :class:`Report`.

    References
    ----------
    .. [1] JSON Schema, draft 2020-12, https://json-schema.org/draft/2020-12.

    Examples
    --------
    >>> from optamstats.report import Report, Section
    >>> report_dict(Report("T", "en", (Section("s", "S"),)))["schema"]
    'optamstats-report/1'
    """
    report = _check_report(report)
    return {
        "schema": SCHEMA_ID,
        "title": report.title,
        "lang": report.lang,
        "notes": list(report.notes),
        "results": _json_value_tree(report.results),
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "paragraphs": list(s.paragraphs),
                "figures": list(s.figures),
                "tables": [
                    {
                        "key": t.key,
                        "title": t.title,
                        "note": t.note,
                        "columns": [
                            {"key": c.key, "title": c.title, "kind": c.kind} for c in t.columns
                        ],
                        "rows": [[_json_value(v) for v in row] for row in t.rows],
                    }
                    for t in s.tables
                ],
            }
            for s in report.sections
        ],
    }


def _json_value_tree(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_value_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value_tree(v) for v in value]
    return _json_value(value)


def render(report: Report, fmt: str = "text") -> str:
    """Render a report as text, Markdown, self-contained HTML or JSON.

    Parameters
    ----------
    report : Report
        The report, e.g. from :func:`optamstats.report.build_report`.
    fmt : {"text", "markdown", "html", "json"}
        Output format. HTML inlines its figures as SVG and loads nothing from the
        network; the report's own figures are hand-written SVG (no matplotlib), a
        figure added as a function returning a matplotlib figure is drawn with it.

    Returns
    -------
    str
        The rendered report.

    References
    ----------
    .. [1] JSON Schema, draft 2020-12, https://json-schema.org/draft/2020-12.

    Examples
    --------
    >>> from optamstats.report import Column, Report, Section, Table
    >>> t = Table("t", "Left", (Column("k", "k", "count"), Column("p", "%", "percent")),
    ...           ((50, 50 / 119),))
    >>> print(render(Report("Demo", "en", (Section("s", "Funnel", tables=(t,)),)), "markdown"))
    # Demo
    <BLANKLINE>
    ## Funnel
    <BLANKLINE>
    **Left**
    <BLANKLINE>
    | k | % |
    |---:|---:|
    | 50 | 42.0% |
    """
    report = _check_report(report)
    if isinstance(fmt, str) and fmt == "pdf":  # an array or frame is refused by the check below
        raise InvalidValueError(
            '`fmt` "pdf" gives bytes, not text: call `render_pdf(report)`, or '
            '`write_report(report, folder, "pdf")` (`--format pdf --output DIR` on the '
            "command line)."
        )
    fmt = check_choice("fmt", fmt, FORMATS)
    if fmt == "text":
        return _render_text(report)
    if fmt == "markdown":
        return _render_markdown(report)
    if fmt == "json":
        return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
    return _render_html(report, render_figures_svg(report))


def _weasyprint() -> Any:
    """Import WeasyPrint, or say how to install it (it needs the Pango library too)."""
    import importlib

    from optamstats._checks import MissingDependencyError

    try:
        weasyprint = importlib.import_module("weasyprint")  # untyped: used as Any
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint without its Pango library
        raise MissingDependencyError(
            "A PDF report (`--format pdf` on the command line, `render_pdf` or "
            '`write_report(..., "pdf")` in Python) needs WeasyPrint, which could not be '
            f"loaded ({type(exc).__name__}: {exc}). Install the extra with "
            f"`python -m pip install 'optamstats[{PDF_EXTRA}]'`; WeasyPrint also needs the "
            "Pango library (Debian/Ubuntu: `apt-get install libpango-1.0-0 libpangoft2-1.0-0`)."
        ) from None
    return weasyprint


def _pdf(page: str) -> bytes:
    """Print an HTML page (from :func:`_render_html`) to PDF, the same bytes every run.

    WeasyPrint writes no date; the file identifier is the SHA-256 of the page, so the
    same page gives the same bytes in any process. Only ``data:`` URLs may be fetched:
    the page needs none, and nothing is ever loaded from the network or the disk.
    """
    import hashlib
    import logging

    weasyprint = _weasyprint()
    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",))
    identifier = hashlib.sha256(page.encode("utf-8")).hexdigest()[:32].encode("ascii")
    # WeasyPrint logs every screen-only CSS property it ignores (sticky columns, touch
    # scrolling): nothing the reader of the PDF misses.
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        document = weasyprint.HTML(string=page, url_fetcher=fetcher, media_type="print")
        data = document.write_pdf(pdf_identifier=identifier)
    finally:
        logger.setLevel(level)
    return bytes(data)


def render_pdf(report: Report) -> bytes:
    """Render a report as a PDF: the HTML page printed with its print stylesheet.

    Parameters
    ----------
    report : Report
        The report, e.g. from :func:`optamstats.report.build_report`.

    Returns
    -------
    bytes
        An A4 PDF: every section, its tables (no row cut across pages) and figures
        (vector, their text searchable), the methods last. The same report gives the
        same bytes on every run (no date, a file identifier hashed from the content).

    Raises
    ------
    MissingDependencyError
        WeasyPrint (the ``pdf`` extra) or its Pango library is missing.
    InvalidTypeError
        `report` is not a :class:`Report`.

    References
    ----------
    .. [1] WeasyPrint, https://doc.courtbouillon.org/weasyprint/ (the engine, and why
       it was chosen over a browser's print: ``docs/design.md``).

    Examples
    --------
    >>> from optamstats.report import Report, Section
    >>> render_pdf(Report("T", "en", (Section("s", "S"),)))[:5]
    b'%PDF-'
    """
    report = _check_report(report)
    return _pdf(_render_html(report, render_figures_svg(report)))


def render_figures_svg(report: Report) -> dict[str, str]:
    """Draw every figure of the report and return it as inline SVG text."""
    # The report's own figures are hand-written SVG (report/_svg_figures.Drawing: no
    # matplotlib, which made the HTML report 5x slower than JSON); a figure a caller
    # added as a function returning a matplotlib Figure is drawn with it, without pyplot.
    if any(not hasattr(draw, "svg") for draw in report.figures.values()):
        require_matplotlib("An HTML report (its figures)")
    return {key: _figure_svg(draw, key) for key, draw in report.figures.items()}


def _figure_svg(draw: Any, key: str, figure: Any = None) -> str:
    """Inline SVG of one figure: hand-written when it can be, else from matplotlib."""
    svg = getattr(draw, "svg", None)
    return str(svg(key)) if svg is not None else _svg(figure or draw(), key)


_XML: Final = '<?xml version="1.0" encoding="utf-8"?>\n'
_EXTENSIONS: Final = {"text": "txt", "markdown": "md", "html": "html", "json": "json",
                       "pdf": "pdf"}  # fmt: skip


def _table_frame(table: Table) -> Any:
    """Return a table as a DataFrame for CSV: headings as shown, numbers unrounded.

    Percentages are in percent (42.0, not 0.42), as a spreadsheet reader expects; a
    rank range is text ("1–3"); cells withheld by disclosure control keep their marker.
    """
    import pandas as pd

    def value(v: Any, column: Column) -> Any:
        if isinstance(v, Hidden) or v is None:
            return v
        if column.kind == "range":
            low, high = v
            return str(low) if low == high else f"{low}–{high}"
        if column.kind in ("percent", "points") and isinstance(v, int | float):
            return 100.0 * float(v)
        return v.item() if hasattr(v, "item") else v

    titles = [c.title for c in table.columns]
    rows = [[value(v, c) for v, c in zip(row, table.columns, strict=True)] for row in table.rows]
    return pd.DataFrame(rows, columns=pd.Index(titles, dtype=object), dtype=object)


def write_report(
    report: Report,
    directory: str | os.PathLike[str],
    fmt: str = "html",
    *,
    csv: bool = False,
) -> Path:
    """Write a report and its figures (PNG and SVG) into a new folder, atomically.

    Everything is written into a temporary folder beside `directory`, which is renamed
    into place only once complete: an interrupted run leaves no partial output, and the
    temporary folder of a run killed outright (SIGKILL) is removed by the next run
    writing into the same folder. Files and folders get the permissions of any new one
    (the umask decides). A `directory` that is a symbolic link is written where it
    points. Figures are the same bytes on every run (no date, fixed SVG ids).

    Parameters
    ----------
    report : Report
        The report.
    directory : path
        The folder to create. It must not exist yet, or be empty.
    fmt : {"text", "markdown", "html", "json", "pdf"}
        Format of ``report.<ext>``; ``"pdf"`` needs the ``pdf`` extra (WeasyPrint).
    csv : bool, default False
        Also write every table as ``tables/<key>.csv`` (UTF-8 with a byte-order mark),
        through :func:`optamstats.disclosure.write_safe_csv`: text cells a spreadsheet
        would run as formulas are neutralised, numbers are left as they are.

    Returns
    -------
    pathlib.Path
        The folder written.

    Raises
    ------
    InvalidValueError
        When `directory` exists and is not an empty folder, or cannot be created.
    OSError
        Writing failed (a full disk, no rights): an :class:`~optamstats.OptamstatsError`
        too, whose message names `directory` and the fix; nothing is left behind.
    InvalidTypeError
        A `report` that is not a Report, a `directory` that is not a path, a `csv` flag
        that is not a boolean.

    References
    ----------
    .. [1] POSIX ``rename(2)``: atomic replacement of a directory entry.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from optamstats.report import Report, Section
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "demo"
    >>> sorted(p.name for p in write_report(Report("T", "en", (Section("s", "S"),)), out,
    ...                                     "text").iterdir())
    ['report.txt']
    """
    import shutil

    from optamstats.disclosure import write_safe_csv
    from optamstats.disclosure.safe_csv import (
        _lock_folder,
        _output_error,
        _staging_name,
        _unlock_folder,
    )

    report = _check_report(report)
    fmt = check_choice("fmt", fmt, FILE_FORMATS)
    if fmt == "pdf":
        _weasyprint()  # before any work: a missing engine is said at once
    if not isinstance(csv, bool):
        raise InvalidTypeError(f"`csv` must be True or False; got {csv!r}.")
    if not isinstance(directory, str | os.PathLike) or not os.fspath(directory):
        raise InvalidTypeError(
            f"`directory` must be a folder path (a string or pathlib.Path); got {_show(directory)}."
        )
    if report.figures:
        require_matplotlib("Writing a report's figures")
    given = Path(directory)
    target = given
    try:
        # Through a symbolic link, write where it points: rename(2) onto the link
        # would try to replace the link itself (NotADirectoryError).
        if target.is_symlink():
            try:
                target = Path(os.path.realpath(target, strict=True))
            except FileNotFoundError:  # a dangling link: create what it points to
                target = Path(os.path.realpath(target))
        exists = target.exists()
        if exists and (not target.is_dir() or any(target.iterdir())):
            raise InvalidValueError(
                f"`directory` must be a new or empty folder; {str(given)!r} already holds "
                "files. Choose another --output folder or remove it."
            )
        for parent in reversed(target.parents):
            if parent.exists() and not parent.is_dir():
                raise InvalidValueError(
                    f"`directory` {str(given)!r} cannot be created: {str(parent)!r} is a file, "
                    "not a folder. Choose another --output folder."
                )
        target.parent.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as exc:  # a NUL in the name, a loop of links, no rights
        if isinstance(exc, InvalidValueError):
            raise
        raise InvalidValueError(
            f"`directory` {str(given)!r} cannot be created ({exc}). Choose another --output folder."
        ) from None
    lock = _lock_folder(target.parent)  # also removes the staging of killed runs
    staging: Path | None = None
    try:
        while True:
            staging = target.parent / _staging_name(target)
            try:
                # 0o777 less the umask, as for any new folder: shared or private as the
                # user's umask says (mkdtemp's 0o700 was then forced to 0o755).
                staging.mkdir(0o777)
            except FileExistsError:  # pragma: no cover - 48 random bits
                continue
            break
        files: dict[str, str] = {}
        svgs: dict[str, str] = {}
        for key, draw in report.figures.items():
            figure = draw()
            _save_figure(figure, staging / f"{key}.png", "png", key)
            svgs[key] = _figure_svg(draw, key, figure)
            if hasattr(draw, "svg"):  # the file is the figure of the page
                (staging / f"{key}.svg").write_text(_XML + svgs[key] + "\n", encoding="utf-8")
            else:
                _save_figure(figure, staging / f"{key}.svg", "svg", key)
            files[key] = f"{key}.png"
        if fmt == "pdf":
            (staging / "report.pdf").write_bytes(_pdf(_render_html(report, svgs)))
        else:
            if fmt == "markdown":
                text = _render_markdown(report, files)
            elif fmt == "html":
                text = _render_html(report, svgs)
            else:
                text = render(report, fmt)
            (staging / f"report.{_EXTENSIONS[fmt]}").write_text(text, encoding="utf-8")
        if csv:
            (staging / "tables").mkdir()
            for section in report.sections:
                for table in section.tables:
                    name = re.sub(r"[^A-Za-z0-9_.-]", "_", table.key) + ".csv"
                    write_safe_csv(_table_frame(table), staging / "tables" / name)
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except OSError as exc:  # a full disk, rights changed under us, a CSV that failed
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise _output_error(exc, given, "the report folder `directory` (--output)") from None
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        _unlock_folder(lock)
    return given
