"""The JSON contract: every estimate, low and high is a fraction in [0, 1] (issue 14 item 8).

Every report the suite builds is validated by ``tests/conftest.py``; these tests check
that the validation is on, and that it would catch a percentage where a fraction goes.
"""

from __future__ import annotations

import copy
import json
import pathlib

import jsonschema
import pytest

import optamstats.report as report_package
from optamstats.datasets import optam_2025_synthetic_export
from optamstats.report import build_report, render
from optamstats.report.build import survey_counts_from_export

SCHEMA = json.loads(
    (pathlib.Path(__file__).parent.parent / "docs" / "report-schema.json").read_text("utf-8")
)


def _data() -> dict[str, object]:
    export = optam_2025_synthetic_export()
    counts = survey_counts_from_export(export.frame(), export.spec)
    return json.loads(render(build_report(counts, lang="en"), "json"))  # type: ignore[no-any-return]


def test_every_report_the_suite_builds_is_validated() -> None:
    assert getattr(report_package.build_report, "__wrapped__", None) is not None


def test_motive_tables_are_fractions_with_k_n_method_and_base() -> None:
    data = _data()
    results = data["results"]
    assert isinstance(results, dict)
    for entry in results["motives"]:
        for row in entry["table"]:
            assert row["estimate"] is None or 0 <= row["estimate"] <= 1
            # The multi-select table gives percentages: the JSON divides them by 100.
            assert row["k"] is None or row["estimate"] == pytest.approx(row["k"] / row["n"])
            assert row["method"] == "wilson"
            assert "pct_respondents" not in row


@pytest.mark.parametrize(
    "path",
    [
        ("motives", 0, "table", 0, "estimate"),
        ("proportions", "left", "low"),
        ("funnel", "combined", "high"),
    ],
)
def test_a_percentage_where_a_fraction_goes_is_refused(path: tuple[object, ...]) -> None:
    data = _data()
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    broken = copy.deepcopy(data)
    node: object = broken["results"]
    for step in path[:-1]:
        node = node[step]  # type: ignore[index]
    node[path[-1]] = 86.0  # type: ignore[index]  # 86 % written as a percentage
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA, cls=jsonschema.Draft202012Validator)
