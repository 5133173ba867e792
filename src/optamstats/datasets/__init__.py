"""Datasets shipped with optamstats.

- :func:`optam_2025` — the survey's published aggregates as typed objects (cohort,
  funnel, motives, coded expectations), each count with its source sentence.
- :func:`optam_2025_synthetic_export` — a SYNTHETIC respondent-level export reproducing
  the published margins, and its specification (for examples and end-to-end tests).
- :func:`optam_2026_synthetic_wave` — a SYNTHETIC second wave made from it, same spec
  (the worked example of comparing waves).
- :func:`optam_2025_published` — the figures of the 2025 OPTAM exit survey as published
  in the union's report and in the press, each with its source sentence.

Each survey lives in its own private module (``_optam_2025.py``), beside the data files
it reads with :mod:`importlib.resources`.
"""

from optamstats.datasets._optam_2025 import (
    CodedTheme,
    MotiveTallies,
    Optam2025,
    SourcedCount,
    optam_2025,
    optam_2025_published,
)
from optamstats.datasets._synthetic import (
    SyntheticExport,
    optam_2025_synthetic_export,
    optam_2026_synthetic_wave,
)

__all__ = [
    "CodedTheme",
    "MotiveTallies",
    "Optam2025",
    "SourcedCount",
    "SyntheticExport",
    "optam_2025",
    "optam_2025_published",
    "optam_2025_synthetic_export",
    "optam_2026_synthetic_wave",
]
