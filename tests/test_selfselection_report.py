"""The report's self-selection sections: response waves, non-response bounds, population.

Counts are checked against pandas on the export, statistics against R (calls quoted),
bounds against exact fractions; every format and both languages render; disclosure
control withholds a response-wave table with a small count.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import any_survey_data as data
import pandas as pd
import pytest

from optamstats.datasets import optam_2025_synthetic_export
from optamstats.forms import SpecError
from optamstats.report import build_report, render
from optamstats.report.build import survey_counts_from_export

FIELDWORK = """invited = 2000
nonrespondent_rate = [0.5, 1.0]
early_late = true
reminders = [2025-11-09]
"""


def _spec(extra: str = FIELDWORK) -> str:
    text = optam_2025_synthetic_export().spec_text
    anchor = 'invitation = { fr = "lien diffusé'
    at = text.index("\n", text.index(anchor)) + 1
    return text[:at] + extra + text[at:]


@pytest.fixture(scope="module")
def export() -> Any:
    return optam_2025_synthetic_export()


@pytest.fixture(scope="module")
def report(export: Any) -> Any:
    return build_report(survey_counts_from_export(export.frame(), _spec(), lang="en"), lang="en")


def test_response_waves_are_the_crosstab_of_the_reminder_day(export: Any, report: Any) -> None:
    spec = export.spec
    kept = spec.cohort(export.frame()).data
    late = kept["Horodateur"].dt.date >= pd.Timestamp("2025-11-09").date()
    waves = {entry["key"]: entry for entry in report.results["response_waves"]}
    for qid in ("member", "left", "plans_to_leave"):
        answers = kept[spec[qid].column].astype("string")
        asked = answers.isin(["Oui", "Non"])
        groups = waves[f"{qid}-by-response-wave"]["groups"]
        expected = [
            (int((answers[asked & ~late] == "Oui").sum()), int((asked & ~late).sum())),
            (int((answers[asked & late] == "Oui").sum()), int((asked & late).sum())),
        ]
        assert [(g["k"], g["n"]) for g in groups] == expected
    # R: prop.trend.test(c(31, 88), c(49, 129)): X-squared = 0.392937894793031,
    #    p-value = 0.530759148090741;
    #    prop.trend.test(c(12, 38), c(31, 88)): 0.188192868375196, 0.664424952568665
    member = waves["member-by-response-wave"]
    assert [(g["k"], g["n"]) for g in member["groups"]] == [(31, 49), (88, 129)]
    assert member["trend"]["statistic"] == pytest.approx(0.392937894793031, rel=1e-10)
    assert member["trend"]["p_value"] == pytest.approx(0.530759148090741, rel=1e-9)
    left = waves["left-by-response-wave"]
    assert [(g["k"], g["n"]) for g in left["groups"]] == [(12, 31), (38, 88)]
    assert left["trend"]["p_value"] == pytest.approx(0.664424952568665, rel=1e-9)


def test_bounds_are_exact_fractions_of_the_printed_counts(report: Any) -> None:
    bounds = report.results["nonresponse"]
    assert bounds["response_rate"] == float(Fraction(178, 2000))
    questions = report.results["questions"]
    m = 2000 - 178
    for row in bounds["questions"]:
        printed = questions[row["key"]]["table"][0]  # the "Oui" row, as its table prints it
        k, n = printed["k"], printed["n"]
        assert (row["k"], row["n"]) == (k, n)
        assert row["low"] == float(Fraction(k, n + m))
        assert row["high"] == float(Fraction(k + m, n + m))
        assert (row["ci_low"], row["ci_high"]) == (printed["low"], printed["high"])
        # The band: m·n/178 non-respondents in the base (rounded), rate ½ to 1 × k/n.
        in_base = round(Fraction(m * n, 178))
        half = (k + in_base * Fraction(k, 2 * n)) / (n + in_base)
        assert row["rate_low"] == pytest.approx(float(half), rel=1e-14)
        assert row["rate_high"] == pytest.approx(k / n, rel=1e-14)
        assert row["low"] <= row["rate_low"] <= row["estimate"] <= row["high"]


def test_population_against_r_and_pandas() -> None:
    frame = data.export()
    margins = {"Île-de-France": 0.3, "Occitanie": 0.3, "Bretagne": 0.3, "Corse": 0.1}
    spec = data.SPEC + "\n[weighting]\nmargins = { region = " + json.dumps(
        margins, ensure_ascii=False
    ).replace(":", " =") + " }\n"  # fmt: skip
    report = build_report(survey_counts_from_export(frame, spec), rng=1)
    (entry,) = report.results["population"]
    counts = [row["k"] for row in entry["table"]]
    observed = frame[data.COLUMNS["region"]].value_counts()
    assert counts == [int(observed.get(o, 0)) for o in margins]  # pandas, not the report
    assert counts == [126, 89, 76, 9]
    # R: chisq.test(c(126, 89, 76, 9), p = c(0.3, 0.3, 0.3, 0.1)):
    #    X-squared = 31.2888888888889, df = 3, p-value = 7.38937880315310e-07
    assert entry["chi_square"] == pytest.approx(31.2888888888889, rel=1e-12)
    assert entry["p_value"] == pytest.approx(7.38937880315310e-07, rel=1e-9)
    assert entry["df"] == 3
    # R: prop.test(126, 300, correct = FALSE)$conf.int: 0.365506025380638 0.476516850015289
    assert entry["table"][0]["low"] == pytest.approx(0.365506025380638, rel=1e-9)
    assert entry["table"][0]["high"] == pytest.approx(0.476516850015289, rel=1e-9)
    assert [row["population"] for row in entry["table"]] == list(margins.values())
    # The raked headline is the weighting section's: present, not duplicated.
    assert report.results["weighted"]
    assert [s.key for s in report.sections].count("population") == 1


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_format_and_language(export: Any, fmt: str, lang: str) -> None:
    report = build_report(survey_counts_from_export(export.frame(), _spec(), lang=lang),
                          lang=lang)  # fmt: skip
    out = render(report, fmt)
    if fmt == "json":
        results = json.loads(out)["results"]
        assert {"response_waves", "nonresponse"} <= set(results)
        return
    flat = " ".join(out.replace("\u00a0", " ").replace("\u202f", " ").split())
    if lang == "fr":
        assert "Répondants précoces et tardifs" in flat
        assert "taux de réponse de 8,9 %" in flat
        assert "Groves et Peytcheva 2008" in flat
    else:
        assert "Early and late respondents" in flat
        assert "a response rate of 8.9%" in flat
        assert "Groves and Peytcheva 2008" in flat


def test_the_audit_covers_the_response_wave_counts(export: Any, report: Any) -> None:
    assert report.results["disclosure"]["audit"]["passed"]
    # Without early_late the audit has fewer facts: the wave tables were read into it.
    plain = build_report(survey_counts_from_export(export.frame(), _spec("invited = 2000\n"),
                                                   lang="en"), lang="en")  # fmt: skip
    assert len(report._disclosure.facts) > len(plain._disclosure.facts)
    assert "response_waves" not in plain.results


def test_a_wave_with_a_small_count_withholds_its_table(export: Any) -> None:
    # A reminder on the last afternoon: few answered after it.
    spec = _spec("early_late = true\nreminders = [2025-11-12]\n")
    counts = survey_counts_from_export(export.frame(), spec, lang="en")
    # The French health-data threshold, 11: a count (or its complement) from 1 to 10.
    small = [d for d in counts.response_waves
             if any(1 <= k < 11 or 1 <= n - k < 11 for _, k, n in d.groups)]  # fmt: skip
    assert small, "the late wave should be small"
    report = build_report(counts, lang="en", min_cell=11)
    entries = {e["key"]: e for e in report.results["response_waves"]}
    for d in small:
        assert entries[d.key] == {"key": d.key, "title": d.title, "withheld": True}
    tables = {tb.key for s in report.sections for tb in s.tables}
    assert not any(f"breakdown-{d.key}" in tables for d in small)
    shown = [d for d in counts.response_waves if d not in small]
    assert all(f"breakdown-{d.key}" in tables for d in shown)
    # Without disclosure control, every wave prints.
    open_report = build_report(counts, lang="en", disclosure_control=False)
    assert all("groups" in e for e in open_report.results["response_waves"])


def test_thirds_without_reminders(export: Any) -> None:
    counts = survey_counts_from_export(export.frame(), _spec("early_late = true\n"), lang="en")
    groups = counts.response_waves[0].groups
    assert [g for g, _, _ in groups] == ["first third", "second third", "last third"]
    # 178 respondents in thirds: 60, 59, 59 by the rule floor(3 i / n).
    assert [n for _, _, n in groups] == [60, 59, 59]


def test_bad_declarations_name_their_key(export: Any) -> None:
    with pytest.raises(SpecError, match=r"`fieldwork.invited`: 100 invited is fewer than the 178"):
        survey_counts_from_export(export.frame(), _spec("invited = 100\n"))
    with pytest.raises(SpecError, match=r"`fieldwork.early_late`: must be true or false"):
        survey_counts_from_export(export.frame(), _spec('early_late = "yes"\n'))
    no_time = (
        '[fieldwork]\nearly_late = true\n[questions.a]\ncolumn = "A"\n'
        'options = ["Oui", "Non"]\nyes = "Oui"\nno = "Non"\n'
    )
    with pytest.raises(SpecError, match=r"`fieldwork.early_late`: response waves need"):
        survey_counts_from_export(pd.DataFrame({"A": ["Oui", "Non", "Oui"]}), no_time)


def test_a_wave_table_the_audit_hid_cells_of_is_withheld(report: Any) -> None:
    import dataclasses

    from optamstats.disclosure import Hidden
    from optamstats.report.nonresponse import withhold_hidden_waves

    results = json.loads(json.dumps(report.results))
    sections = []
    for section in report.sections:
        if section.key == "response-waves":
            first = section.tables[0]
            rows = ((first.rows[0][0], Hidden.protecting(), *first.rows[0][2:]), *first.rows[1:])
            section = dataclasses.replace(
                section, tables=(dataclasses.replace(first, rows=rows), *section.tables[1:])
            )
        sections.append(section)
    out = withhold_hidden_waves(sections, results, "en", 5)
    waves = next(s for s in out if s.key == "response-waves")
    assert [tb.key for tb in waves.tables] == [
        tb.key for tb in next(s for s in report.sections if s.key == "response-waves").tables[1:]
    ]
    assert "by response wave: withheld" in waves.paragraphs[-1]
    entry = results["response_waves"][0]
    assert entry == {"key": entry["key"], "title": entry["title"], "withheld": True}
