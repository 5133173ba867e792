"""The survey layer: a survey's specification, its exports, and the cohort read from them.

Everything below the estimators: the spec model (:mod:`~optamstats.survey.question`,
:mod:`~optamstats.survey.spec`), its TOML loader, the export readers, answer coding,
the cohort and its flow diagram, the export check and the spec draft. It imports only
the base modules (``optamstats._checks``, ``_format``, ``_style``...), never an
estimator, the audit or the report. The public names are re-exported by the flat
``optamstats`` namespace and by the facades kept at the old paths
(``optamstats.forms``, ``optamstats.cohort``, ...).
"""
