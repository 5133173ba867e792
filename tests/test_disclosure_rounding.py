"""Rounded releases (issue 16 item 5, ``rule="ons"``): counts rounded to 5, shares from
the rounded counts, nothing computed from the unrounded answers printed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import any_survey_data as data
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from optamstats import disclosure_audit
from optamstats.cli import main
from optamstats.report import build_report, render
from optamstats.report.build import survey_counts_from_export
from optamstats.report.rounding import round_count

DOCS = Path(__file__).resolve().parents[1] / "docs"


@given(st.integers(0, 10**6), st.sampled_from([2, 3, 5, 10]))
def test_round_count_is_the_nearest_multiple(k: int, base: int) -> None:
    r = round_count(k, base)
    assert r % base == 0
    assert abs(r - k) <= base / 2
    # Halves go up (ONS: 2.5 of 5 does not occur; of 2, 1 → 2), and rounding is monotone.
    assert round_count(k + 1, base) >= r
    if 2 * (k % base) == base:
        assert r > k


@pytest.fixture(scope="module")
def ons() -> tuple[Any, dict[str, Any], Any]:
    counts = survey_counts_from_export(data.export(n=300, seed=3), data.SPEC)
    report = build_report(counts, lang="en", rule="ons", rng=1)
    return report, json.loads(render(report, "json")), counts


def test_every_printed_count_is_rounded_and_hides_below_ten(ons: Any) -> None:
    _, document, counts = ons
    seen = 0
    for section in document["sections"]:
        for table in section["tables"]:
            for row in table["rows"]:
                for value, column in zip(row, table["columns"], strict=True):
                    if column["kind"] == "count" and isinstance(value, int):
                        seen += 1
                        assert value % 5 == 0
    assert seen > 20
    # Each question's counts are its true counts rounded; the small ones hidden (< 10).
    tables = {t["key"]: t for s in document["sections"] for t in s["tables"]}
    for d in counts.questions:
        table = tables.get(f"q-{d.key}")
        if table is None or d.type not in ("single", "yesno", "scale"):
            continue
        printed = {str(r[0]): r[1] for r in table["rows"]}
        for option, k in zip(d.options, d.counts, strict=True):
            if option in printed and isinstance(printed[option], int):
                assert printed[option] == round_count(k, 5)
                assert k == 0 or k >= 10 or d.answered - k < 10


def test_shares_are_wilson_of_the_rounded_counts(ons: Any) -> None:
    # Reference: statsmodels.stats.proportion.proportion_confint(k, n, alpha=0.05,
    # method="wilson") on the printed (rounded) k and n.
    _, document, _ = ons
    table = next(t for s in document["sections"] for t in s["tables"] if t["key"] == "proportions")
    checked = 0
    for row in table["rows"]:
        k, n, estimate, low, high = row[1:6]
        if not isinstance(k, int):
            continue
        ref_low, ref_high = proportion_confint(k, n, alpha=0.05, method="wilson")
        assert estimate == pytest.approx(k / n, rel=1e-12)
        assert (low, high) == pytest.approx((ref_low, ref_high), rel=1e-9)
        checked += 1
    assert checked >= 2


def test_nothing_computed_from_unrounded_answers_is_printed(ons: Any) -> None:
    report, document, _ = ons
    assert report.figures == {}
    assert set(document["results"]) == {"confidence", "proportions", "methods", "disclosure"}
    assert document["results"]["proportions"] == {}
    for section in document["sections"]:
        assert section["figures"] == []
        for paragraph in section["paragraphs"]:
            # Only the sentence saying what is withheld under rounding names a number.
            assert not re.search(r"\d", paragraph.replace("counts rounded to 5", ""))
        for table in section["tables"]:
            for row in table["rows"]:
                for value, column in zip(row, table["columns"], strict=True):
                    if column["kind"] in ("points", "p", "level", "range", "number"):
                        assert value is None or value == "s" or str(value).startswith("<")
    text = render(report, "text")
    assert "counts rounded to 5" in text
    assert "Rule “ons”: counts from 1 to 9 hidden" in text


def test_rounded_release_passes_its_audit_and_validates(ons: Any) -> None:
    report, document, _ = ons
    audit = disclosure_audit(report)
    assert audit.passed
    assert audit.rule == "ons"
    assert audit.min_cell == 10
    schema = json.loads((DOCS / "report-schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)


def test_cli_rule_ons(capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    spec = tmp_path / "survey.toml"
    spec.write_text(data.SPEC, encoding="utf-8")
    export = tmp_path / "export.csv"
    data.export(n=300, seed=3).to_csv(export, index=False)
    assert main(["report", "--responses", str(export), "--spec", str(spec), "--rule", "ons",
                 "--format", "markdown", "--seed", "1"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Counts rounded to the nearest multiple of 5" in out or "arrondis" in out


def test_truths_that_round_alike_publish_the_same_bytes() -> None:
    # 41 and 42 of 98 and 99 all round to 40 of 100: a release that printed anything
    # computed from the unrounded counts (a share, its interval, a base) would differ.
    from optamstats.report.build import ProportionRow, SurveyCounts

    def release(k: int, n: int) -> tuple[str, str]:
        rows = (ProportionRow("q", "Q", k, n, "members"),
                ProportionRow("r", "R", n - 30, n, "members"))  # fmt: skip
        flow = (("start", "rows", None, n), ("keep", "out of scope", 0, n))
        report = build_report(SurveyCounts(title="T", flow=flow, proportions=rows, funnel=None),
                              lang="en", rule="ons")  # fmt: skip
        return render(report, "text"), render(report, "json")

    assert release(41, 98) == release(42, 99) == release(40, 100)
    assert release(41, 98) != release(43, 100)  # 43 rounds to 45: the check can fail
