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

import importlib
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from optamstats import datasets
    from optamstats.audit import (
        AuditReport,
        ClaimCheck,
        Finding,
        FunnelCheck,
        PercentConsistency,
        PublishedFigures,
        ThemeCheck,
        audit_published,
        check_claim,
        check_funnel,
        check_theme,
        fitting_bases,
        grim_percent,
        read_published,
    )
    from optamstats.marginal import (
        MarginalIndependenceResult,
        marginal_independence_test,
    )
    from optamstats.multiselect import (
        AmbiguousAnswerError,
        MultiSelectAnswers,
        PairedDifferenceCI,
        UnknownOptionError,
        compare_options,
        cooccurrence,
        multiselect_table,
        multiselect_table_from_counts,
        parse_multiselect,
        plot_cooccurrence,
    )

# Heavier modules load on first use (PEP 562), so that `import optamstats` stays fast
# as the library grows; type checkers see the imports above.
_LAZY: dict[str, str] = {
    "datasets": "optamstats.datasets",
    "AmbiguousAnswerError": "optamstats.multiselect",
    "AuditReport": "optamstats.audit",
    "ClaimCheck": "optamstats.audit",
    "Finding": "optamstats.audit",
    "FunnelCheck": "optamstats.audit",
    "MarginalIndependenceResult": "optamstats.marginal",
    "MultiSelectAnswers": "optamstats.multiselect",
    "PairedDifferenceCI": "optamstats.multiselect",
    "PercentConsistency": "optamstats.audit",
    "PublishedFigures": "optamstats.audit",
    "ThemeCheck": "optamstats.audit",
    "UnknownOptionError": "optamstats.multiselect",
    "audit_published": "optamstats.audit",
    "check_claim": "optamstats.audit",
    "check_funnel": "optamstats.audit",
    "check_theme": "optamstats.audit",
    "compare_options": "optamstats.multiselect",
    "cooccurrence": "optamstats.multiselect",
    "fitting_bases": "optamstats.audit",
    "grim_percent": "optamstats.audit",
    "marginal_independence_test": "optamstats.marginal",
    "multiselect_table": "optamstats.multiselect",
    "multiselect_table_from_counts": "optamstats.multiselect",
    "parse_multiselect": "optamstats.multiselect",
    "plot_cooccurrence": "optamstats.multiselect",
    "read_published": "optamstats.audit",
}

__all__ = [
    "AmbiguousAnswerError",
    "AuditReport",
    "BootstrapCI",
    "BootstrapDistribution",
    "ClaimCheck",
    "DegenerateDataWarning",
    "DeltaCI",
    "DifferenceCI",
    "ExitFunnel",
    "Finding",
    "FunnelCheck",
    "FunnelCounts",
    "InvalidTypeError",
    "InvalidValueError",
    "MarginalIndependenceResult",
    "MultiSelectAnswers",
    "OptamstatsError",
    "OptamstatsWarning",
    "PairedDifferenceCI",
    "PercentConsistency",
    "ProportionCI",
    "PublishedFigures",
    "ShapeError",
    "ThemeCheck",
    "ThresholdTest",
    "UnknownOptionError",
    "__version__",
    "audit_published",
    "bootstrap",
    "bootstrap_counts",
    "check_claim",
    "check_funnel",
    "check_theme",
    "compare_options",
    "cooccurrence",
    "datasets",
    "difference",
    "exit_funnel",
    "exit_funnel_from_answers",
    "exit_funnel_from_stages",
    "fitting_bases",
    "grim_percent",
    "marginal_independence_test",
    "multiselect_table",
    "multiselect_table_from_counts",
    "parse_multiselect",
    "plot_cooccurrence",
    "proportion",
    "read_published",
]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'optamstats' has no attribute {name!r}")
    imported = importlib.import_module(module)
    value = imported if module.endswith("." + name) else getattr(imported, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
