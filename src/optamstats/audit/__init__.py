"""Audit published figures: percentages against counts, themes against sub-themes, claims.

Unions publish percentages and journalists re-quote them. This module checks such figures
the way a careful reader would, with exact integer and rational arithmetic (no floating
point enters any verdict):

- **percent consistency**, the GRIM idea of Brown & Heathers [1]_ for percentages (as
  scrutiny's ``grim(percent = TRUE)`` [2]_): is a reported percentage, at its stated
  number of decimals, reachable as ``k/n`` for a whole ``k`` under round-half-up,
  round-half-even, round-half-down or truncation? Which ``k`` fit? Which bases ``n`` fit
  all the percentages of one question at once?
- **hierarchical codes**: ``max(sub) ≤ theme ≤ sum(sub)`` for a coded theme and its
  sub-themes counted per respondent, when every theme mention carries a sub-code;
- **funnel arithmetic**: stage percentages against each other ("42 % left, 59 % of the
  rest plan to leave") and the statements made of their combination;
- **claims against intervals**: "more than 70 %" against the one-sided interval of
  :func:`optamstats.proportions.proportion` and an exact binomial test;
- **bases**: a percentage quoted of one base whose count only fits another.

:func:`audit_published` runs every check over a set of published figures, read from the
TOML format documented in ``docs/published-figures.md`` by :func:`read_published`, and
returns an :class:`AuditReport` that renders as text, Markdown, JSON or a DataFrame.

This package is the audit's public namespace; the code lives in one module per idea:
``values`` (a published percentage parsed exactly) and ``wording`` (numbers in
English and French) below the checks ``percentages`` (GRIM), ``themes``,
``funnels`` and ``claims``; the published-figures model ``figures``, its reader
``reader`` and the checked set ``published``; ``findings`` (the report and its
rendering); ``context`` and the ``*_findings`` modules (each check's verdicts in
words) under ``run`` (:func:`audit_published`).

References
----------
.. [1] N. J. L. Brown and J. A. J. Heathers, "The GRIM test: a simple technique detects
   numerous anomalies in the reporting of results in psychology", Social Psychological
   and Personality Science 8(4):363–369, 2017. https://doi.org/10.1177/1948550616673876
.. [2] L. Jung, "scrutiny: Error Detection in Science", R package (functions ``grim()``
   and ``grim_map()``, argument ``percent = TRUE``), https://lhdjung.github.io/scrutiny/
"""

from __future__ import annotations

# Public constants of the old module, kept importable from here (not in __all__, as before).
from optamstats.audit.claims import RELATIONS as RELATIONS
from optamstats.audit.claims import SCOPES as SCOPES
from optamstats.audit.claims import ClaimCheck, check_claim
from optamstats.audit.figures import (
    AuditSettings,
    Base,
    ClaimFigure,
    CountFigure,
    Document,
    FunnelFigure,
    FunnelStatement,
    PercentFigure,
    QuestionGroup,
    SubTheme,
    ThemeFigure,
)
from optamstats.audit.findings import FORMATS as FORMATS
from optamstats.audit.findings import SEVERITIES as SEVERITIES
from optamstats.audit.findings import VERDICTS as VERDICTS
from optamstats.audit.findings import AuditReport, Finding
from optamstats.audit.funnels import FunnelCheck, check_funnel
from optamstats.audit.percentages import PercentConsistency, fitting_bases, grim_percent
from optamstats.audit.published import PublishedFigures, read_published
from optamstats.audit.run import audit_published
from optamstats.audit.themes import ThemeCheck, check_theme
from optamstats.audit.values import DEFAULT_MODES, ROUNDING_MODES

__all__ = [
    "DEFAULT_MODES",
    "ROUNDING_MODES",
    "AuditReport",
    "AuditSettings",
    "Base",
    "ClaimCheck",
    "ClaimFigure",
    "CountFigure",
    "Document",
    "Finding",
    "FunnelCheck",
    "FunnelFigure",
    "FunnelStatement",
    "PercentConsistency",
    "PercentFigure",
    "PublishedFigures",
    "QuestionGroup",
    "SubTheme",
    "ThemeCheck",
    "ThemeFigure",
    "audit_published",
    "check_claim",
    "check_funnel",
    "check_theme",
    "fitting_bases",
    "grim_percent",
    "read_published",
]
