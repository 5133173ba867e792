"""The bootstrap engine: exact and Monte Carlo resampling of survey respondents.

Resampling ``n`` respondents who each fall into one of ``c`` answer categories is a
multinomial draw of the category counts, so a statistic of the counts can be
bootstrapped without touching respondent rows: by drawing ``B`` multinomial vectors
(Monte Carlo), or, when ``c`` is small, by enumerating every possible vector with its
multinomial probability (the exact bootstrap, ``B = ∞``: no seed, no Monte Carlo
error). A generic path resamples respondent arrays for any other statistic.

Conventions (see ``docs/methods/bootstrap.md``):

- quantiles of the bootstrap distribution are its inverse CDF, the smallest value
  whose cumulative probability reaches the level, so Monte Carlo limits converge to
  the exact ones;
- the BCa bias correction counts resamples tied with the estimate as half below
  (``ties="mid"``, scipy's convention since PR #15892) — this keeps the interval of
  ``1 − θ`` the mirror image of that of ``θ`` on lattice statistics such as k/119.
  ``ties="strict"`` counts only smaller values, as R's ``boot``, ``arch`` and
  ``resample`` do;
- the acceleration is the jackknife skewness, computed from the category counts in
  O(c) evaluations of the statistic.

The code: :mod:`optamstats.resampling.results` (the distribution and the interval),
:mod:`optamstats.resampling.exact` (the exact enumeration),
:mod:`optamstats.resampling.intervals` (percentile, basic and BCa limits),
:mod:`optamstats.resampling.engine` (the public entry points) and
:mod:`optamstats.resampling.checks`.
"""

from __future__ import annotations

# The constants and type aliases of the single module this package was are re-exported.
from optamstats.resampling.engine import bootstrap, bootstrap_counts
from optamstats.resampling.exact import n_compositions
from optamstats.resampling.results import AUTO_MONTE_CARLO as AUTO_MONTE_CARLO
from optamstats.resampling.results import EXACT_HARD_LIMIT as EXACT_HARD_LIMIT
from optamstats.resampling.results import EXACT_MAX_OUTCOMES, BootstrapCI
from optamstats.resampling.results import MAX_RESAMPLES as MAX_RESAMPLES
from optamstats.resampling.results import METHODS as METHODS
from optamstats.resampling.results import TIES as TIES
from optamstats.resampling.results import BootstrapDistribution as BootstrapDistribution
from optamstats.resampling.results import NResamples as NResamples
from optamstats.resampling.results import Statistic as Statistic

__all__ = [
    "EXACT_MAX_OUTCOMES",
    "BootstrapCI",
    "bootstrap",
    "bootstrap_counts",
    "n_compositions",
]
