"""Shared test configuration: a deterministic hypothesis profile (as scipy does)."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "deterministic",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", parent=settings.get_profile("deterministic"), max_examples=2000
)
settings.load_profile(os.environ.get("OPTAMSTATS_HYPOTHESIS_PROFILE", "deterministic"))


def pytest_configure(config: object) -> None:
    """Validate every report the test suite builds against docs/report-schema.json.

    ``build_report`` is wrapped before any test module imports it, so each report a test
    builds (through the library, the command line in-process, or a doctest) is rendered
    to JSON and checked against the schema: one unit (fractions) and one contract for
    every estimate, whatever the survey.
    """
    import functools
    import json
    import pathlib

    import jsonschema

    import optamstats.report as package
    import optamstats.report.build as build
    from optamstats.report.render import render

    schema = json.loads(
        (pathlib.Path(__file__).parent.parent / "docs" / "report-schema.json").read_text("utf-8")
    )
    validator = jsonschema.Draft202012Validator(schema)
    original = build.build_report
    if getattr(original, "__wrapped__", None) is not None:
        return

    @functools.wraps(original)
    def build_report(*args: object, **kwargs: object) -> object:
        report = original(*args, **kwargs)  # type: ignore[arg-type]
        validator.validate(json.loads(render(report, "json")))
        return report

    build.build_report = build_report  # type: ignore[assignment]
    package.build_report = build_report  # type: ignore[attr-defined]
