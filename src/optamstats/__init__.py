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
    from optamstats import datasets, report
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
    from optamstats.breakdowns import (
        Breakdown,
        HomogeneityTest,
        adjust_p_values,
        breakdown,
        breakdown_from_counts,
    )
    from optamstats.categorical import SingleChoiceTable, single_choice_table
    from optamstats.check import CheckReport, check_export
    from optamstats.cohort import Cohort, FlowStep
    from optamstats.disclosure import (
        DisclosureAudit,
        Hidden,
        SuppressedTable,
        disclosure_audit,
        needs_suppression,
        spreadsheet_safe,
        spreadsheet_safe_frame,
        suppress_small_cells,
        write_safe_csv,
    )
    from optamstats.draft import draft_spec
    from optamstats.forms import (
        CohortStep,
        Condition,
        ExportFormat,
        Label,
        Question,
        ResponseFileError,
        SpecError,
        SurveySpec,
        UnknownColumnError,
        load_spec,
        read_responses,
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
    from optamstats.quantiles import (
        MeanCI,
        MedianCI,
        NumberSummary,
        median_interval,
        number_summary,
        parse_numbers,
    )
    from optamstats.scales import ScaleMedianCI, ScaleSummary, scale_summary
    from optamstats.selfselection import (
        NonresponseBounds,
        PopulationComparison,
        ResponseTrend,
        compare_to_population,
        nonresponse_bounds,
        response_rate,
        response_trend,
        response_waves,
    )
    from optamstats.waves import WaveComparison, compare_waves
    from optamstats.weighting import (
        RakeReport,
        RakingConvergenceWarning,
        StageWeights,
        WeightedExitFunnel,
        WeightedProportionCI,
        design_effect,
        effective_sample_size,
        rake,
        weighted_exit_funnel,
        weighted_multiselect_table,
        weighted_proportion,
    )

# Heavier modules load on first use (PEP 562), so that `import optamstats` stays fast
# as the library grows; type checkers see the imports above.
_LAZY: dict[str, str] = {
    "datasets": "optamstats.datasets",
    "DisclosureAudit": "optamstats.disclosure",
    "disclosure_audit": "optamstats.disclosure",
    "draft_spec": "optamstats.draft",
    "Hidden": "optamstats.disclosure",
    "SuppressedTable": "optamstats.disclosure",
    "needs_suppression": "optamstats.disclosure",
    "spreadsheet_safe": "optamstats.disclosure",
    "spreadsheet_safe_frame": "optamstats.disclosure",
    "suppress_small_cells": "optamstats.disclosure",
    "write_safe_csv": "optamstats.disclosure",
    "Breakdown": "optamstats.breakdowns",
    "HomogeneityTest": "optamstats.breakdowns",
    "adjust_p_values": "optamstats.breakdowns",
    "breakdown": "optamstats.breakdowns",
    "breakdown_from_counts": "optamstats.breakdowns",
    "RakeReport": "optamstats.weighting",
    "RakingConvergenceWarning": "optamstats.weighting",
    "StageWeights": "optamstats.weighting",
    "WeightedExitFunnel": "optamstats.weighting",
    "WeightedProportionCI": "optamstats.weighting",
    "design_effect": "optamstats.weighting",
    "effective_sample_size": "optamstats.weighting",
    "rake": "optamstats.weighting",
    "weighted_exit_funnel": "optamstats.weighting",
    "weighted_multiselect_table": "optamstats.weighting",
    "weighted_proportion": "optamstats.weighting",
    "WaveComparison": "optamstats.waves",
    "compare_waves": "optamstats.waves",
    "NonresponseBounds": "optamstats.selfselection",
    "PopulationComparison": "optamstats.selfselection",
    "ResponseTrend": "optamstats.selfselection",
    "compare_to_population": "optamstats.selfselection",
    "nonresponse_bounds": "optamstats.selfselection",
    "response_rate": "optamstats.selfselection",
    "response_trend": "optamstats.selfselection",
    "response_waves": "optamstats.selfselection",
    "report": "optamstats.report",
    "Cohort": "optamstats.cohort",
    "CheckReport": "optamstats.check",
    "check_export": "optamstats.check",
    "FlowStep": "optamstats.cohort",
    "CohortStep": "optamstats.forms",
    "Condition": "optamstats.forms",
    "ExportFormat": "optamstats.forms",
    "Label": "optamstats.forms",
    "Question": "optamstats.forms",
    "ResponseFileError": "optamstats.forms",
    "SpecError": "optamstats.forms",
    "SurveySpec": "optamstats.forms",
    "UnknownColumnError": "optamstats.forms",
    "load_spec": "optamstats.forms",
    "read_responses": "optamstats.forms",
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
    "SingleChoiceTable": "optamstats.categorical",
    "single_choice_table": "optamstats.categorical",
    "MeanCI": "optamstats.quantiles",
    "MedianCI": "optamstats.quantiles",
    "NumberSummary": "optamstats.quantiles",
    "median_interval": "optamstats.quantiles",
    "number_summary": "optamstats.quantiles",
    "parse_numbers": "optamstats.quantiles",
    "ScaleMedianCI": "optamstats.scales",
    "ScaleSummary": "optamstats.scales",
    "scale_summary": "optamstats.scales",
}

__all__ = [
    "AmbiguousAnswerError",
    "AuditReport",
    "BootstrapCI",
    "BootstrapDistribution",
    "Breakdown",
    "CheckReport",
    "ClaimCheck",
    "Cohort",
    "CohortStep",
    "Condition",
    "DegenerateDataWarning",
    "DeltaCI",
    "DifferenceCI",
    "DisclosureAudit",
    "ExitFunnel",
    "ExportFormat",
    "Finding",
    "FlowStep",
    "FunnelCheck",
    "FunnelCounts",
    "Hidden",
    "HomogeneityTest",
    "InvalidTypeError",
    "InvalidValueError",
    "Label",
    "MarginalIndependenceResult",
    "MeanCI",
    "MedianCI",
    "MultiSelectAnswers",
    "NonresponseBounds",
    "NumberSummary",
    "OptamstatsError",
    "OptamstatsWarning",
    "PairedDifferenceCI",
    "PercentConsistency",
    "PopulationComparison",
    "ProportionCI",
    "PublishedFigures",
    "Question",
    "RakeReport",
    "RakingConvergenceWarning",
    "ResponseFileError",
    "ResponseTrend",
    "ScaleMedianCI",
    "ScaleSummary",
    "ShapeError",
    "SingleChoiceTable",
    "SpecError",
    "StageWeights",
    "SuppressedTable",
    "SurveySpec",
    "ThemeCheck",
    "ThresholdTest",
    "UnknownColumnError",
    "UnknownOptionError",
    "WaveComparison",
    "WeightedExitFunnel",
    "WeightedProportionCI",
    "__version__",
    "adjust_p_values",
    "audit_published",
    "bootstrap",
    "bootstrap_counts",
    "breakdown",
    "breakdown_from_counts",
    "check_claim",
    "check_export",
    "check_funnel",
    "check_theme",
    "compare_options",
    "compare_to_population",
    "compare_waves",
    "cooccurrence",
    "datasets",
    "design_effect",
    "difference",
    "disclosure_audit",
    "draft_spec",
    "effective_sample_size",
    "exit_funnel",
    "exit_funnel_from_answers",
    "exit_funnel_from_stages",
    "fitting_bases",
    "grim_percent",
    "load_spec",
    "marginal_independence_test",
    "median_interval",
    "multiselect_table",
    "multiselect_table_from_counts",
    "needs_suppression",
    "nonresponse_bounds",
    "number_summary",
    "parse_multiselect",
    "parse_numbers",
    "plot_cooccurrence",
    "proportion",
    "rake",
    "read_published",
    "read_responses",
    "report",
    "response_rate",
    "response_trend",
    "response_waves",
    "scale_summary",
    "single_choice_table",
    "spreadsheet_safe",
    "spreadsheet_safe_frame",
    "suppress_small_cells",
    "weighted_exit_funnel",
    "weighted_multiselect_table",
    "weighted_proportion",
    "write_safe_csv",
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
