"""optamstats: honest statistical inference for union surveys of doctors.

Proportions with confidence intervals that carry their count, base and method, ready
to cite in French or English. Heavy dependencies (scipy, pandas, statsmodels,
matplotlib) are imported only by the functions that need them, so that
``import optamstats`` stays fast.

Examples
--------
>>> import optamstats
>>> optamstats.proportion(50, 119).cite(lang="fr")
'42,0 % (IC à 95 % : 33,5–51,0 ; n = 119)'
"""

from optamstats._checks import (
    DegenerateDataWarning,
    InvalidTypeError,
    InvalidValueError,
    OptamstatsError,
    OptamstatsWarning,
    ShapeError,
)
from optamstats._version import __version__
from optamstats.funnel import (
    DeltaCI,
    ExitFunnel,
    FunnelCounts,
    ThresholdTest,
    exit_funnel,
    exit_funnel_from_answers,
    exit_funnel_from_stages,
)
from optamstats.proportions import DifferenceCI, ProportionCI, difference, proportion
from optamstats.resampling import BootstrapCI, BootstrapDistribution, bootstrap, bootstrap_counts

__all__ = [
    "BootstrapCI",
    "BootstrapDistribution",
    "DegenerateDataWarning",
    "DeltaCI",
    "DifferenceCI",
    "ExitFunnel",
    "FunnelCounts",
    "InvalidTypeError",
    "InvalidValueError",
    "OptamstatsError",
    "OptamstatsWarning",
    "ProportionCI",
    "ShapeError",
    "ThresholdTest",
    "__version__",
    "bootstrap",
    "bootstrap_counts",
    "difference",
    "exit_funnel",
    "exit_funnel_from_answers",
    "exit_funnel_from_stages",
    "proportion",
]
