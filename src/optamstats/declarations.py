"""What a survey specification declares for its report, beyond its questions.

Public facade: the models live in :mod:`optamstats.survey.declarations`, their readers
in :mod:`optamstats.survey.declarations_loader`.
"""

from optamstats.survey.declarations import (
    DECLARED_TABLES as DECLARED_TABLES,
)
from optamstats.survey.declarations import (
    BreakdownDecl,
    ClaimDecl,
    Fieldwork,
    FunnelDecl,
    SectionDecl,
    WavesDecl,
    WeightingDecl,
)
from optamstats.survey.declarations_loader import read_breakdowns as read_breakdowns
from optamstats.survey.declarations_loader import read_claims as read_claims
from optamstats.survey.declarations_loader import read_declarations as read_declarations
from optamstats.survey.declarations_loader import read_fieldwork as read_fieldwork
from optamstats.survey.declarations_loader import read_funnel as read_funnel
from optamstats.survey.declarations_loader import read_sections as read_sections
from optamstats.survey.declarations_loader import read_waves as read_waves
from optamstats.survey.declarations_loader import read_weighting as read_weighting

__all__ = [
    "BreakdownDecl",
    "ClaimDecl",
    "Fieldwork",
    "FunnelDecl",
    "SectionDecl",
    "WavesDecl",
    "WeightingDecl",
]
