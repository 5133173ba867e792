"""The staged exit funnel: already left, planning to leave, staying.

Among ``n`` members of a scheme, ``left`` have left; of the others, ``plan`` say they
will leave soon and ``stay`` say they will not (``no_answer`` skipped the question).
The combined exit rate::

    combined = p_left + (1 − p_left) · p_plan,   p_left = left / n,
               p_plan = plan / (plan + stay),

is what headlines such as "more than 70 % would leave by February" quote. With full
response it is one binomial proportion, (left + plan) / n; with non-response it is not,
and the bootstrap resamples members with their missing answers.

The code: :mod:`optamstats.funnel.stages` (the counts), :mod:`optamstats.funnel.result`
(the result), :mod:`optamstats.funnel.estimate` (from counts),
:mod:`optamstats.funnel.answers` (from answers), :mod:`optamstats.funnel.combined`
(the combined rate's bootstrap) and :mod:`optamstats.funnel.threshold` (the test of a
threshold).
"""

from __future__ import annotations

# The constants of the single module this package was are re-exported (``X as X``).
from optamstats.funnel.answers import exit_funnel_from_answers, exit_funnel_from_stages
from optamstats.funnel.combined import FUNNEL_EXACT_MAX as FUNNEL_EXACT_MAX
from optamstats.funnel.combined import FUNNEL_MC_SE as FUNNEL_MC_SE
from optamstats.funnel.estimate import exit_funnel
from optamstats.funnel.result import ExitFunnel
from optamstats.funnel.stages import MAR_ASSUMPTION as MAR_ASSUMPTION
from optamstats.funnel.stages import DeltaCI, FunnelCounts
from optamstats.funnel.threshold import ThresholdTest

__all__ = [
    "DeltaCI",
    "ExitFunnel",
    "FunnelCounts",
    "ThresholdTest",
    "exit_funnel",
    "exit_funnel_from_answers",
    "exit_funnel_from_stages",
]
