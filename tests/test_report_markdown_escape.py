"""Markdown output escapes spec labels and free text (issue 16, item 7).

A label from a spec or an answer holding Markdown or HTML must come out as text: no raw
``<script>``, no live ``javascript:`` link, no extra table column from a ``|``, no
heading from a leading ``#``, no code span from backticks. The output is parsed with
markdown-it-py, a CommonMark-compliant parser (the reference the renderers follow), and
the rendered HTML is checked, so that a missing escape shows as a wrong element.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optamstats.multiselect import multiselect_table_from_counts
from optamstats.report import render
from optamstats.report.build import MotiveQuestion, ProportionRow, SurveyCounts, build_report
from optamstats.report.render import _md_escape, _md_inline

markdown_it = pytest.importorskip("markdown_it")

HOSTILE = (
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "a | b | c",
    "# heading",
    "`code`",
    "<javascript:alert(1)>",
    "![img](http://evil.example/p.png)",
    "**bold** _em_ ~~del~~",
    "1. list",
    "> quote",
    "- item",
    "line\n# second line",
)


def _html(md: str) -> str:
    return str(markdown_it.MarkdownIt("commonmark").enable("table").render(md))


def _plain(text: str) -> str:
    """What the escaped text must render to: the text itself, HTML-escaped, one line."""
    import html

    return html.escape(" ".join(text.splitlines()), quote=False)


@pytest.mark.parametrize("label", HOSTILE)
def test_hostile_label_renders_as_its_text(label: str) -> None:
    # As a paragraph line, a heading and a table cell: rendered, the text comes back.
    for md, tag in ((_md_inline(label), "p"), ("## " + _md_inline(label), "h2")):
        html = _html(md).strip()
        assert html == f"<{tag}>{_plain(label)}</{tag}>", (label, md, html)
    table = f"| h |\n|---|\n| {_md_escape(label)} |\n"
    html = _html(table)
    assert html.count("<td>") == 1, (label, html)  # a "|" did not add a column
    assert f"<td>{_plain(label)}</td>" in html


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>[]()|#`*_~!-+=.:/\\ \n1aj&;")), max_size=30))
def test_any_punctuation_renders_as_its_text(text: str) -> None:
    # Property: whatever the label, a table cell renders to exactly that text.
    html = _html(f"| h |\n|---|\n| {_md_escape(text)} |\n")
    cell = re.search(r"<tbody>\s*<tr>\s*<td>(.*?)</td>", html, re.S)
    assert cell is not None, (text, html)
    assert cell.group(1) == _plain(text).strip(), (text, html)


def test_report_with_hostile_labels_in_spec() -> None:
    options = {"<script>alert(1)</script>": 30, "[x](javascript:alert(1))": 25,
               "a | b": 20, "# heading": 12, "`rm -rf`": 8}  # fmt: skip
    counts = SurveyCounts(
        title="# <img src=x onerror=alert(1)>",
        flow=(("start", "rows", None, 90), ("keep", "[y](javascript:x)", 0, 90)),
        proportions=(ProportionRow("left", "<b>Left</b> | `x`", 40, 90, "# members"),),
        funnel=None,
        motives=(
            MotiveQuestion("why", "[Why](javascript:alert(2))",
                           multiselect_table_from_counts(options, 60), options=tuple(options)),
        ),
    )  # fmt: skip
    md = render(build_report(counts, lang="en"), "markdown")
    html = _html(md)
    for tag in ("<script", "<img", "<b>", "<a ", "<code>"):
        assert tag not in html, tag
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', html))
    assert html.count("<h1>") == 1  # the title's "#" did not make a second heading
    # Every table keeps its columns: each row has as many cells as the header.
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        width = len(re.findall(r"<th[ >]", table))
        for row in re.findall(r"<tbody>.*?</tbody>", table, re.S)[0].split("</tr>")[:-1]:
            assert row.count("<td") == width, row
    # The labels come back as text.
    for label in options:
        assert _plain(label) in html
    assert "&lt;b&gt;Left&lt;/b&gt; | `x`" in html
