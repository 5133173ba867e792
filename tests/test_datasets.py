"""Tests of optamstats.datasets.optam_2025: every count sourced, every sum consistent."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from optamstats.datasets import MotiveTallies, SourcedCount, optam_2025

# Unchanged copy of the union's report (see tests/data/audit/README.md).
REPORT = (Path(__file__).parent / "data" / "audit" / "report_2025.txt").read_text("utf-8")


def all_counts() -> list[SourcedCount]:
    survey = optam_2025()
    out: list[SourcedCount] = []
    for f in fields(survey):
        value = getattr(survey, f.name)
        if isinstance(value, SourcedCount):
            out.append(value)
        elif isinstance(value, MotiveTallies):
            out += ([value.respondents] if value.respondents else []) + list(value.tallies)
    for theme in survey.expectations:
        out += [theme.theme, *theme.subthemes]
    return out


def test_every_sentence_is_verbatim_in_the_report() -> None:
    counts = all_counts()
    assert len(counts) > 40
    for item in counts:
        assert item.sentence in REPORT, item.sentence
        if item.count is not None and not item.derived:
            assert str(item.count) in item.sentence, item


def test_funnel_arithmetic_holds() -> None:
    s = optam_2025()
    assert s.left.count is not None
    assert s.stayed.count is not None
    assert s.members.count == s.left.count + s.stayed.count
    assert s.stayed.count == (s.plan.count or 0) + (s.stay.count or 0)
    assert s.funnel_counts() == (50, 41, 28)
    # The derived counts are the only ones that round to the printed percentages.
    assert round(100 * 41 / 69) == 59
    assert round(100 * 28 / 69) == 41
    assert round(100 * 119 / 178) == 67


def test_motive_tallies_and_unknown_denominator() -> None:
    s = optam_2025()
    leavers = s.leavers_motives
    assert leavers.respondents is not None
    assert leavers.respondents.count == 50
    assert [t.count for t in leavers.tallies] == [43, 39, 38, 25, 23, 17, 13]
    assert all((t.count or 0) <= 50 for t in leavers.tallies)
    assert s.planners_motives.respondents is None  # never invented
    assert [t.count for t in s.planners_motives.tallies] == [38, 32, 29, 19, 15, 14, 10, 16]


def test_coded_themes() -> None:
    themes = optam_2025().expectations
    assert [t.theme.count for t in themes] == [89, 62, 37, 28]
    sums = [sum(x.count or 0 for x in t.subthemes) for t in themes]
    assert sums == [87, 62, 37, 28]  # the first theme's sub-codes miss 2 (see the audit)
