"""Survey reports: build the analysis, render it as text, Markdown, HTML, JSON or PDF.

>>> from optamstats.report import build_report, render
>>> text = render(build_report(lang="en"), "text")
>>> "Combined exit rate" in text
True
"""

from optamstats.report._model import Column, Report, Section, Table
from optamstats.report.build import (
    SurveyCounts,
    build_report,
    survey_counts_from_aggregates,
)
from optamstats.report.render import FORMATS, render, render_pdf, report_dict, write_report

__all__ = [
    "FORMATS",
    "Column",
    "Report",
    "Section",
    "SurveyCounts",
    "Table",
    "build_report",
    "render",
    "render_pdf",
    "report_dict",
    "survey_counts_from_aggregates",
    "write_report",
]
