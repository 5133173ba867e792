"""Weights to population margins, and the estimates that use them.

The 2025 survey's respondents came by mailing list and social networks and were
reported "sans pondération ni redressement statistique". When the distribution of the
population is known on a few characteristics (sector-2 doctors by specialty and by age,
as the national insurer publishes them), :func:`rake` computes weights that make the
sample reproduce those margins (iterative proportional fitting,
:mod:`optamstats.weighting.raking`), and the estimators here use them:
:func:`weighted_proportion` (a Wilson interval on Kish's effective sample size, with the
design effect beside it; :mod:`optamstats.weighting.proportion` and
:mod:`optamstats.weighting.design`), :func:`weighted_exit_funnel`
(:mod:`optamstats.weighting.funnel`) and :func:`weighted_multiselect_table`
(:mod:`optamstats.weighting.multiselect`). The weighted results reuse the unweighted
ones: the weighted funnel carries the unweighted :class:`optamstats.ExitFunnel` and
tabulates the same quantities in the same order.

Weighting corrects for the characteristics raked on, and only for them: if doctors who
left answered more often than those who stayed within the same specialty and age, no
weight can tell. See ``docs/methods/weighting.md``.
"""

from __future__ import annotations

# The constants of the single module this package was are re-exported (``X as X``).
from optamstats.weighting.design import design_effect, effective_sample_size
from optamstats.weighting.funnel import StageWeights, WeightedExitFunnel, weighted_exit_funnel
from optamstats.weighting.multiselect import weighted_multiselect_table
from optamstats.weighting.proportion import EFFECTIVE_N as EFFECTIVE_N
from optamstats.weighting.proportion import INTERVAL_METHODS as INTERVAL_METHODS
from optamstats.weighting.proportion import WeightedProportionCI, weighted_proportion
from optamstats.weighting.raking import TOTAL_RTOL as TOTAL_RTOL
from optamstats.weighting.raking import RakeReport, RakingConvergenceWarning, rake

__all__ = [
    "RakeReport",
    "RakingConvergenceWarning",
    "StageWeights",
    "WeightedExitFunnel",
    "WeightedProportionCI",
    "design_effect",
    "effective_sample_size",
    "rake",
    "weighted_exit_funnel",
    "weighted_multiselect_table",
    "weighted_proportion",
]
