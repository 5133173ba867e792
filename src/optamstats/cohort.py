"""Cohorts: the ordered inclusion and exclusion steps from an export to the analysed rows.

Public facade: the code lives in :mod:`optamstats.survey.cohort` (the :class:`Cohort`),
:mod:`optamstats.survey.flow` (its attrition flow and the CONSORT-style diagram),
:mod:`optamstats.survey.masks` and :mod:`optamstats.survey.resubmissions`.
"""

from optamstats.survey.cohort import Cohort
from optamstats.survey.cohort import _restore as _restore  # cohorts pickled before the move
from optamstats.survey.flow import FlowStep
from optamstats.survey.flow import flow_diagram as flow_diagram
from optamstats.survey.masks import MaskLike as MaskLike

__all__ = ["Cohort", "FlowStep"]
