"""Named disclosure rules (issue 16, item 5): each rule's threshold, rounding in the audit.

Thresholds are the statistical offices' published ones (docs/methods/disclosure.md):
INSEE 3, ONS Census 2021 10 with counts rounded to 5, SNDS / CASD 11, our default 5.
"""

from __future__ import annotations

import itertools
import json

import pytest

from optamstats import InvalidValueError
from optamstats.cli import main
from optamstats.disclosure import RULES
from optamstats.disclosure.lp import _audit_model, _Fact, _Model, _Protect
from optamstats.report import render
from optamstats.report.build import ProportionRow, SurveyCounts, build_report

FLOW = (("start", "rows", None, 100), ("keep", "out of scope", 0, 100))


def _props(*ks: int) -> SurveyCounts:
    rows = tuple(ProportionRow(f"q{k}", f"Q{k}", k, 100, "members") for k in ks)
    return SurveyCounts(title="T", flow=FLOW, proportions=rows, funnel=None)


@pytest.mark.parametrize(("rule", "t"), [("default", 5), ("insee", 3), ("health-fr", 11)])
def test_each_rule_hides_below_its_threshold(rule: str, t: int) -> None:
    # k = t − 1 is hidden as "< t", k = t is printed; so is the complement: 100 − (t − 1)
    # of 100 is hidden with it (the row says t − 1 did not), 100 − t is printed.
    report = build_report(_props(t - 1, t, 100 - (t - 1), 100 - t), lang="en", rule=rule)
    rows = next(tb for s in report.sections for tb in s.tables if tb.key == "proportions").rows
    assert rows[0][1] == f"< {t}"
    assert rows[1][1] == t
    assert rows[2][1] == "s"
    assert rows[3][1] == 100 - t
    disclosure = json.loads(render(report, "json"))["results"]["disclosure"]
    assert disclosure["min_cell"] == t
    assert disclosure["audit"]["rule"] == rule
    assert disclosure["audit"]["passed"] is True
    assert f"rule “{rule}”: counts from 1 to {t - 1} hidden" in report.notes[-1]


def test_rule_table_matches_the_offices() -> None:
    # INSEE: secret below 3 units; ONS Census 2021: below 10, rounded to 5; SNDS: < 11.
    assert RULES == {"default": (5, 1), "insee": (3, 1), "ons": (10, 5), "health-fr": (11, 1)}


def test_rule_and_min_cell_disagreeing_is_refused() -> None:
    with pytest.raises(InvalidValueError, match=r"`rule` 'insee' sets the threshold to 3"):
        build_report(_props(50), rule="insee", min_cell=7)
    with pytest.raises(InvalidValueError, match=r"`rule` must be one of 'default', 'insee'"):
        build_report(_props(50), rule="argus")
    with pytest.raises(InvalidValueError, match=r"rounds published counts, and "
                       r"`disclosure_control` is off"):  # fmt: skip
        build_report(_props(50), rule="ons", disclosure_control=False)


def test_cli_bad_rule_names_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["report", "--rule", "argus"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "argument --rule: expected one of default, insee, ons, health-fr, got 'argus'" in err
    assert main(["report", "--rule", "insee", "--min-cell", "7"]) == 2
    assert "`--rule insee` sets the threshold" in capsys.readouterr().err
    assert main(["report", "--rule", "ons", "--no-disclosure-control"]) == 2
    assert "`--rule ons` sets the threshold" in capsys.readouterr().err


def test_cli_rule_sets_the_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--rule", "health-fr", "--format", "json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["results"]["disclosure"]["min_cell"] == 11


def test_audit_reads_a_rounded_count_as_an_interval() -> None:
    # A 1-D table a + b + c = total, printed rounded to 5 (ONS): a → 10, c → 15, total
    # → 30, b hidden. Read as exact, the total gives b = 30 − 10 − 15 = 5 back; read as
    # the audit must ([r − 2, r + 2]), b ranges over what brute force finds.
    a, b, c = 0, 1, 2
    # Printed numbers (a group each, so hideable), not structure known to every reader.
    facts = (
        _Fact(((a, 1.0),), 8, 12, group="a", cost=10),
        _Fact(((c, 1.0),), 13, 17, group="c", cost=15),
        _Fact(((a, 1.0), (b, 1.0), (c, 1.0)), 28, 32, group="total", cost=30),
    )
    model = _Model(("a", "b", "c"), facts, (_Protect(((b, 1.0),), 0, 10, "b"),), "ons", 10, 5)
    cell = _audit_model(model).cells[0]
    feasible = [
        y
        for x, y, z in itertools.product(range(40), repeat=3)
        if 8 <= x <= 12 and 13 <= z <= 17 and 28 <= x + y + z <= 32
    ]
    assert (cell.low, cell.high) == (min(feasible), max(feasible)) == (0, 11)
    assert cell.protected  # 0 … 11 includes the protection interval [0, 10]
    printed = zip(facts, (10, 15, 30), strict=True)
    exact_facts = tuple(_Fact(f.terms, v, v, group=f.group, cost=f.cost) for f, v in printed)
    exact = _Model(("a", "b", "c"), exact_facts, model.protect, "default", 10)
    pinned = _audit_model(exact).cells[0]
    assert (pinned.low, pinned.high) == (5, 5)
    assert not pinned.protected
