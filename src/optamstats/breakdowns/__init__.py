"""Breakdowns: a rate in each group, each group against the rest, multiplicity control.

"The exits matter for all specialties" is a claim about groups. :func:`breakdown` gives,
for each group of a grouping question (the specialty, the age band...), the share of
its respondents with the outcome and a Wilson interval; the difference between the
group and all the other respondents (Newcombe's hybrid score interval) with a two-sided
p-value adjusted across groups (Holm by default, Benjamini–Hochberg as an option); and
one overall test that the rate is the same in every group (Pearson's chi-square, or the
Fisher–Freeman–Halton exact test when expected counts are small, computed exactly by a
network algorithm). Groups with a count or complement below a disclosure threshold
are merged before anything is computed, so no small group or small count is ever shown
raw, and nobody is dropped (the totals are the survey's).

The code: :mod:`optamstats.breakdowns.groups` (the estimators and the pooling of small
groups, by the rule of :mod:`optamstats.disclosure`), :mod:`optamstats.breakdowns.result`
(the result, its table and forest plot), :mod:`optamstats.breakdowns.homogeneity` (the
overall test) and :mod:`optamstats.breakdowns.adjust` (multiplicity control). See
``docs/methods/breakdown.md`` for the formulas and the choices.
"""

from __future__ import annotations

# The constants of the single module this package was are re-exported (``X as X``).
from optamstats.breakdowns.adjust import ADJUST_ALIASES as ADJUST_ALIASES
from optamstats.breakdowns.adjust import ADJUSTMENTS as ADJUSTMENTS
from optamstats.breakdowns.adjust import adjust_p_values
from optamstats.breakdowns.groups import HOMOGENEITY as HOMOGENEITY
from optamstats.breakdowns.groups import TESTS as TESTS
from optamstats.breakdowns.groups import breakdown, breakdown_from_counts
from optamstats.breakdowns.homogeneity import COCHRAN_MIN as COCHRAN_MIN
from optamstats.breakdowns.homogeneity import COCHRAN_SHARE as COCHRAN_SHARE
from optamstats.breakdowns.homogeneity import COCHRAN_SMALL as COCHRAN_SMALL
from optamstats.breakdowns.homogeneity import EXACT_REL_TOL as EXACT_REL_TOL
from optamstats.breakdowns.homogeneity import EXACT_SUFFIX as EXACT_SUFFIX
from optamstats.breakdowns.homogeneity import EXACT_WORK as EXACT_WORK
from optamstats.breakdowns.homogeneity import HomogeneityTest
from optamstats.breakdowns.result import MEASURES as MEASURES
from optamstats.breakdowns.result import Breakdown, forest_plot

__all__ = [
    "Breakdown",
    "HomogeneityTest",
    "adjust_p_values",
    "breakdown",
    "breakdown_from_counts",
    "forest_plot",
]
