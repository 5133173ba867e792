"""The LP audit of a report (issue 16): the attacks an outsider would try, rebuilt.

Each test builds a small synthetic survey in the test, builds its report, and checks
that the published output no longer pins a hidden count: either two different truths
give the same published output (a reader cannot tell them apart), or the attacker's
arithmetic finds a hidden cell where it needs a number, and every protected count keeps
its protection interval (the τ-ARGUS / sdcTable definition: the range a reader can
deduce includes 0 and t, or all of 1 … t − 1 where the report prints ``< t``).
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optamstats import disclosure_audit
from optamstats.disclosure import Hidden
from optamstats.multiselect import multiselect_table_from_counts
from optamstats.report import render
from optamstats.report.build import MotiveQuestion, ProportionRow, SurveyCounts, build_report

FLOW = (("start", "rows", None, 90), ("keep", "out of scope", 0, 90))


def _motives(counts: dict[str, int], n: int, options: tuple[str, ...] = ()) -> MotiveQuestion:
    table = multiselect_table_from_counts(counts, n)
    return MotiveQuestion("why", "Why", table, options=options or tuple(counts))


def _survey(motives: MotiveQuestion, **kw: Any) -> SurveyCounts:
    return SurveyCounts(title="T", flow=FLOW, proportions=(), funnel=None,
                        motives=(motives,), **kw)  # fmt: skip


def _table(report: Any, key: str) -> Any:
    return next(t for s in report.sections for t in s.tables if t.key == key)


def _published(report: Any) -> str:
    """Everything a reader gets: every format (figures aside)."""
    return "\n".join(render(report, fmt) for fmt in ("text", "markdown", "json"))


def test_attack_1_funnel_given_back_by_the_proportions_table() -> None:
    # 60 members answered "left" (20 yes); 38 of the 40 still in answered "plan": 2 gave
    # no answer, and 60 − 20 − 38 = 2 from the proportions. Item non-response is no
    # answer of the respondents' and is printed as it is (issue 14: protecting it hid
    # most of a report), so the funnel is no longer withheld for it; what is protected
    # (planning, staying, left, and their complements) stays protected.
    counts = SurveyCounts(
        title="T", flow=FLOW,
        proportions=(ProportionRow("left", "Left", 20, 60, "members"),
                     ProportionRow("plan", "Plan", 25, 38, "not left")),
        funnel=(20, 25, 13, 2), funnel_keys=("left", "plan"),
    )  # fmt: skip
    report = build_report(counts, lang="en")
    assert report.results["funnel"]["counts"]["no_answer"] == 2
    audit = disclosure_audit(report)
    assert audit.passed
    assert not [c for c in audit.cells if c.label == "funnel: no answer"]
    assert report.results["disclosure"]["audit"]["passed"] is True
    # A small count among those answering is still withheld with the whole funnel.
    small = SurveyCounts(
        title="T", flow=FLOW,
        proportions=(ProportionRow("left", "Left", 20, 60, "members"),
                     ProportionRow("plan", "Plan", 3, 38, "not left")),
        funnel=(20, 3, 35, 2), funnel_keys=("left", "plan"),
    )  # fmt: skip
    withheld = build_report(small, lang="en")
    assert "funnel" not in withheld.results
    assert disclosure_audit(withheld).passed


def _two_hidden(politics: int, workload: int) -> Any:
    counts = {"Pay": 15, "Hours": 12, "Politics": politics, "Workload": workload}
    # The form lists Workload before Politics: hidden rows must follow the form.
    question = _motives(counts, 20, ("Pay", "Workload", "Hours", "Politics"))
    return build_report(_survey(question), lang="en")


def test_attack_2_percent_of_mentions_gives_the_total_back() -> None:
    # 15 / 0.5172 = 29 mentions, so the two "< 5" rows sum to 2 and each is 1. Two
    # truths (1 + 1 and 2 + 1) must now publish the same report.
    one, other = _two_hidden(1, 1), _two_hidden(2, 1)
    assert _published(one) == _published(other)
    table = _table(one, "motives-why")
    pm = [c.key for c in table.columns].index("pct_mentions")
    assert all(isinstance(row[pm], Hidden) for row in table.rows)  # the derived column
    assert all(r["share_of_mentions"] is None for r in one.results["motives"][0]["table"])
    for cell in disclosure_audit(one).cells:
        assert (cell.low, cell.high) == (1, 4)  # nothing narrows "< 5"


def test_attack_3_hidden_rows_are_not_sorted_by_their_hidden_counts() -> None:
    # Sorted by mentions, Politics = 3 above Workload = 1 would pin both with the total.
    a, b = _two_hidden(3, 1), _two_hidden(1, 3)
    assert _published(a) == _published(b)
    labels = [r[0] for r in _table(a, "motives-why").rows]
    assert labels[-2:] == ["Workload", "Politics"]  # the form's order
    ranks = [c.key for c in _table(a, "motives-why").columns]
    assert "rank" not in ranks  # a shown row's rank counts the hidden rows above it


def test_attack_4_rank_of_hidden_rows_not_printed_even_when_ranks_exist() -> None:
    from optamstats.multiselect import multiselect_table, parse_multiselect

    answers = ["Pay;Hours"] * 12 + ["Pay"] * 6 + ["Politics"] + ["Hours;Workload"]
    parsed = parse_multiselect(pd.Series(answers), ["Pay", "Hours", "Politics", "Workload"],
                               sep=";")  # fmt: skip
    table = multiselect_table(parsed, rng=1)
    report = build_report(_survey(MotiveQuestion("why", "Why", table)), lang="en")
    out = json.loads(render(report, "json"))
    for record in out["results"]["motives"][0]["table"]:
        assert record["rank_low"] is None
        assert record["rank_high"] is None


def test_attack_5_free_text_counts_pinned_by_their_total() -> None:
    from optamstats.report.build import FreeText

    answers = ("a",) * 10 + ("b",) * 8 + ("c",) + ("d",)
    free = FreeText("why-text", "Why (text)", answers)
    counts = SurveyCounts(title="T", flow=FLOW, proportions=(), funnel=None,
                          free_text=(free,))  # fmt: skip
    report = build_report(counts, lang="en", include_free_text=True)
    rows = _table(report, "free-text-why-text").rows
    # 20 answers: 20 − 10 − 8 = 2 for two "< 5" rows would make each 1.
    assert sum(isinstance(r[1], Hidden) for r in rows) >= 3
    assert disclosure_audit(report).passed


def test_attack_flow_small_exclusions_are_merged() -> None:
    flow = (("start", "rows", None, 100), ("dup", "duplicates", 2, 98),
            ("test", "tests", 3, 95), ("scope", "out of scope", 30, 65))  # fmt: skip
    counts = SurveyCounts(title="T", flow=flow, proportions=(), funnel=None)
    for t in (5, 11):
        report = build_report(counts, lang="en", min_cell=t)
        rows = _table(report, "flow").rows
        printed = [r[2] for r in rows[1:]]
        assert all(not isinstance(v, int) or v == 0 or v >= t for v in printed), printed
        assert rows[-1][3] == 65 or isinstance(rows[-1][3], Hidden)
        assert disclosure_audit(report).passed
    rows = _table(build_report(counts, lang="en"), "flow").rows
    assert rows[1] == ("test", "duplicates + tests", 5, 95)  # 2 + 3 merged
    off = build_report(counts, lang="en", disclosure_control=False)
    # The cohort's step kinds are printed in words ("start" is the export's row).
    assert _table(off, "flow").rows == (("export", "rows", None, 100), *flow[1:])


def test_audit_refuses_a_hand_made_report() -> None:
    from optamstats._checks import InvalidTypeError, InvalidValueError
    from optamstats.report import Report, Section

    with pytest.raises(InvalidValueError, match="assembled by hand"):
        disclosure_audit(Report("T", "en", (Section("s", "S"),)))
    with pytest.raises(InvalidTypeError, match="must be a Report"):
        disclosure_audit("report")


def test_the_2025_report_is_unchanged_by_the_audit() -> None:
    report = build_report(lang="en")
    assert "audit" not in report.results["disclosure"]
    assert not any("linear-programming" in note for note in report.notes)
    assert disclosure_audit(report).cells == ()


# --------------------------------------------------------------------------- brute force


def _brute_force(report: Any, counts: dict[str, int], n: int) -> dict[str, tuple[int, int]]:
    """Every integer table consistent with what the motive table prints, enumerated.

    Written from the printed cells only (independently of the audit's constraints):
    a shown count must equal, a "< t" lies in 1 … t − 1, a printed share of
    respondents must equal m / n, a printed share of mentions m / Σ m.
    """
    table = _table(report, "motives-why")
    cols = [c.key for c in table.columns]
    rows = {r[0]: r for r in table.rows}
    hidden = [o for o in counts if isinstance(rows[o][1], Hidden)]
    ranges: dict[str, list[int]] = {o: [] for o in hidden}
    for values in itertools.product(range(n + 1), repeat=len(hidden)):
        m = dict(counts) | dict(zip(hidden, values, strict=True))
        total = sum(m.values())
        ok = True
        for o, row in rows.items():
            if isinstance(row[1], Hidden):
                ok &= not str(row[1]).startswith("<") or 1 <= m[o] <= 4
            p_resp = row[cols.index("pct_respondents")]
            if not isinstance(p_resp, Hidden):
                ok &= abs(p_resp - m[o] / n) < 1e-12
            p_men = row[cols.index("pct_mentions")]
            if not isinstance(p_men, Hidden):
                ok &= total > 0 and abs(p_men - m[o] / total) < 1e-12
        if ok:
            for o in hidden:
                ranges[o].append(m[o])
    return {o: (min(v), max(v)) for o, v in ranges.items()}


@pytest.mark.parametrize(
    "counts",
    [{"a": 9, "b": 2, "c": 1}, {"a": 7, "b": 6, "c": 3, "d": 9}, {"a": 10, "b": 9, "c": 1}],
)
def test_lp_agrees_with_brute_force_on_tiny_tables(counts: dict[str, int]) -> None:
    n = 10
    report = build_report(_survey(_motives(counts, n)), lang="en")
    expected = _brute_force(report, counts, n)
    audit = {c.label.split(": ", 1)[1]: (c.low, c.high) for c in disclosure_audit(report).cells}
    for option, (low, high) in expected.items():
        if option in audit:
            assert audit[option] == (low, high), option
        complement = f"not {option}"
        if complement in audit:
            assert audit[complement] == (n - high, n - low), option


@settings(max_examples=25, deadline=None)
@given(
    counts=st.lists(st.integers(0, 30), min_size=2, max_size=5),
    extra=st.integers(0, 10),
    t=st.sampled_from([3, 5, 11]),
)
def test_every_hidden_count_keeps_its_protection_interval(
    counts: list[int], extra: int, t: int
) -> None:
    n = max(counts) + extra
    if n == 0:
        return
    question = _motives({f"o{i}": k for i, k in enumerate(counts)}, n)
    report = build_report(_survey(question), lang="en", min_cell=t)
    audit = disclosure_audit(report)
    assert audit.passed
    for cell in audit.cells:
        assert cell.low <= cell.required_low
        assert cell.high >= cell.required_high
        # The interval asked for is [0, t], narrowed only by a "< t" marker.
        assert (cell.required_low, cell.required_high) in ((0, t), (1, t - 1), (0, t - 1))
