"""Checking a survey export against its specification (``optamstats check``).

Public facade: the code lives in :mod:`optamstats.survey.check`.
"""

from optamstats.survey.check import (
    FORMAT,
    KINDS,
    CheckReport,
    Problem,
    QuestionSummary,
    check_export,
    read_number,
)

__all__ = [
    "FORMAT",
    "KINDS",
    "CheckReport",
    "Problem",
    "QuestionSummary",
    "check_export",
    "read_number",
]
