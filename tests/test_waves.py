"""Tests of optamstats.waves: R and Newcombe references, invariants, disclosure, bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optamstats._checks import InvalidTypeError, InvalidValueError
from optamstats.cli import main
from optamstats.datasets import optam_2025_synthetic_export, optam_2026_synthetic_wave
from optamstats.forms import SpecError, load_spec
from optamstats.report import build_report, report_dict
from optamstats.report.build import survey_counts_from_export
from optamstats.waves import WaveComparison, compare_waves

# Six yes/no questions: (k1, n1) in the earlier wave, (k2, n2) in the later one. The
# first four are Newcombe's (1998) Table II examples (a)-(d), with the later wave first
# in his notation (his p1 − p2 is our change p2 − p1).
EARLIER = [(48, 80), (9, 10), (2, 7), (0, 29), (50, 119), (41, 69)]
LATER = [(56, 70), (3, 10), (6, 7), (5, 56), (75, 130), (16, 44)]

# R 4.x:
#   k1 <- c(48, 9, 2, 0, 50, 41); n1 <- c(80, 10, 7, 29, 119, 69)
#   k2 <- c(56, 3, 6, 5, 75, 16); n2 <- c(70, 10, 7, 56, 130, 44)
#   p <- sapply(1:6, function(i) prop.test(c(k1[i], k2[i]), c(n1[i], n2[i]),
#                                           correct = FALSE)$p.value)
#   p.adjust(p, "holm")
R_P = [0.00804508136819656, 0.00616989932054415, 0.03075356125927456,
       0.09718656817057975, 0.01346765228799402, 0.01683397816959085]  # fmt: skip
R_HOLM = [0.0402254068409828, 0.0370193959232649, 0.0615071225185491,
          0.0971865681705797, 0.0538706091519761, 0.0538706091519761]  # fmt: skip
# Newcombe (1998), Stat. Med. 17:873, Table II, method 10 (hybrid score), examples (a)
# 56/70 − 48/80, (b) 9/10 − 3/10, (c) 6/7 − 2/7, (d) 5/56 − 0/29; (b) is the later
# wave minus the earlier here reversed, so its interval is negated.
NEWCOMBE = {0: (0.0524, 0.3339), 1: (-0.8090, -0.1705), 2: (0.0582, 0.8062),
            3: (-0.0381, 0.1926)}  # fmt: skip


def _report(
    counts: list[tuple[int | None, int]],
    *,
    title: str = "wave",
    lang: str = "en",
    keys: list[str] | None = None,
    options: tuple[str, str] = ("Yes", "No"),
    bases: list[str] | None = None,
    titles: list[str] | None = None,
) -> dict[str, Any]:
    questions = {}
    for i, (k, n) in enumerate(counts):
        key = keys[i] if keys else f"q{i}"
        table = [
            {"option": options[0], "k": k, "n": n, "suppressed": k is None},
            {"option": options[1], "k": None if k is None else n - k, "n": n,
             "suppressed": k is None},
        ]  # fmt: skip
        questions[key] = {"key": key, "type": "yesno",
                          "title": titles[i] if titles else f"Question {i}",
                          "base": bases[i] if bases else "members", "table": table}  # fmt: skip
    return {"schema": "optamstats-report/1", "title": title, "lang": lang,
            "results": {"confidence": 0.95, "proportions": {}, "questions": questions}}  # fmt: skip


def _six() -> WaveComparison:
    return compare_waves(_report(EARLIER, title="2025"), _report(LATER, title="2026"))


def test_changes_p_values_and_holm_against_r() -> None:
    table = _six().table
    assert list(table["question"]) == [f"q{i}" for i in range(6)]
    assert table["p_value"].tolist() == pytest.approx(R_P, rel=1e-9)
    assert table["p_adjusted"].tolist() == pytest.approx(R_HOLM, rel=1e-9)
    for i, ((k1, n1), (k2, n2)) in enumerate(zip(EARLIER, LATER, strict=True)):
        row = table.iloc[i]
        assert (row.k1, row.n1, row.k2, row.n2) == (k1, n1, k2, n2)
        assert row.difference == pytest.approx(k2 / n2 - k1 / n1, abs=1e-15)


def test_intervals_against_newcombes_table_ii() -> None:
    table = _six().table
    for i, (low, high) in NEWCOMBE.items():
        assert table["low"].iloc[i] == pytest.approx(low, abs=5e-5)
        assert table["high"].iloc[i] == pytest.approx(high, abs=5e-5)


def test_confidence_changes_the_interval_only() -> None:
    # statsmodels: confint_proportions_2indep(56, 70, 48, 80, method="newcomb",
    # alpha=0.10) -> (0.07558..., 0.31467...) (a narrower interval at 90 %).
    from statsmodels.stats.proportion import confint_proportions_2indep

    ninety = compare_waves(_report(EARLIER), _report(LATER), confidence=0.90).table.iloc[0]
    low, high = confint_proportions_2indep(56, 70, 48, 80, method="newcomb", alpha=0.10)
    assert (ninety.low, ninety.high) == pytest.approx((low, high), abs=1e-12)
    assert ninety.p_value == pytest.approx(R_P[0], rel=1e-9)


counts = st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(counts, counts), min_size=1, max_size=6))
def test_swapping_waves_negates_changes_and_mirrors_intervals(pairs: Any) -> None:
    first = [a for a, _ in pairs]
    second = [b for _, b in pairs]
    ab = compare_waves(_report(first), _report(second)).table
    ba = compare_waves(_report(second), _report(first)).table
    assert ab["difference"].tolist() == pytest.approx((-ba["difference"]).tolist(), abs=1e-12)
    assert ab["low"].tolist() == pytest.approx((-ba["high"]).tolist(), abs=1e-12)
    assert ab["p_value"].tolist() == pytest.approx(ba["p_value"].tolist(), rel=1e-12)
    # The interval holds its point estimate; Holm never lowers a p-value and keeps order.
    assert (ab["low"] <= ab["difference"] + 1e-12).all()
    assert (ab["difference"] <= ab["high"] + 1e-12).all()
    assert (ab["p_adjusted"] >= ab["p_value"] - 1e-15).all()
    ordered = ab.sort_values("p_value", kind="stable")["p_adjusted"].tolist()
    assert ordered == sorted(ordered)


def test_the_same_counts_give_no_change_and_p_one() -> None:
    table = compare_waves(_report([(0, 10), (7, 7)]), _report([(0, 20), (9, 9)])).table
    assert table["difference"].tolist() == [0.0, 0.0]
    assert table["p_value"].tolist() == [1.0, 1.0]
    # Newcombe (1998), Table II (e): 0/10 − 0/20 gives (−0.1611, 0.2775); here the
    # later wave is 0/20, so the interval is negated.
    assert table["low"].iloc[0] == pytest.approx(-0.2775, abs=5e-5)
    assert table["high"].iloc[0] == pytest.approx(0.1611, abs=5e-5)


def test_a_hidden_count_stays_hidden_and_leaves_the_family() -> None:
    earlier = list(EARLIER)
    earlier[2] = (None, 7)  # the earlier report hid this cell
    table = compare_waves(_report(earlier), _report(LATER)).table
    row = table.iloc[2]
    assert pd.isna(row.k1)
    assert pd.isna(row.n1)
    assert pd.isna(row.p1)
    assert pd.isna(row.difference)
    assert pd.isna(row.p_adjusted)
    assert row.k2 == 6
    assert "hidden in the earlier wave" in row.note
    # The family is the five others: R p.adjust(p[-3], "holm").
    # p.adjust(c(0.00804508136819656, 0.00616989932054415, 0.09718656817057975,
    #            0.01346765228799402, 0.01683397816959085), "holm")
    # -> 0.0321803254727862 0.0308494966027207 0.0971865681705797 0.0404029568639821
    #    0.0404029568639821
    rest = table.drop(index=2)["p_adjusted"].tolist()
    assert rest == pytest.approx(
        [
            0.0321803254727862,
            0.0308494966027207,
            0.0971865681705797,
            0.0404029568639821,
            0.0404029568639821,
        ],
        rel=1e-9,
    )


def test_a_mapping_matches_renamed_keys_and_options() -> None:
    earlier = _report([(50, 119)], keys=["left"], options=("Oui", "Non"))
    later = _report([(75, 130)], keys=["left_optam"], options=("Yes", "No"))
    with pytest.raises(InvalidValueError, match="no proportion in common"):
        compare_waves(earlier, later)
    mapped = compare_waves(
        earlier,
        later,
        mapping={"questions": {"left_optam": "left"}, "options": {"left_optam": {"Yes": "Oui"}}},
    )
    row = mapped.table.iloc[0]
    assert (row.question, row.option, row.k1, row.k2) == ("left_optam", "Yes", 50, 75)
    assert "key 'left' in the earlier wave" in row.note
    assert row.p_value == pytest.approx(R_P[4], rel=1e-9)


def test_notes_say_when_base_or_wording_changed() -> None:
    earlier = _report([(50, 119)], bases=["members in October"], titles=["Left?"])
    later = _report([(75, 130)], bases=["members in September"], titles=["Have you left?"])
    note = compare_waves(earlier, later).table["note"].iloc[0]
    assert "base changed: 'members in October' → 'members in September'" in note
    assert "wording changed: 'Left?' → 'Have you left?'" in note


def test_unmatched_questions_are_listed() -> None:
    earlier = _report([(1, 5), (2, 5)], keys=["a", "b"])
    later = _report([(1, 5), (2, 5)], keys=["a", "c"])
    result = compare_waves(earlier, later)
    assert result.unmatched == ("before:b", "after:c")
    assert "Not compared (in one wave only): before:b, after:c." in result.render("text")


def test_synthetic_waves_end_to_end_with_their_reports_hidden_cells() -> None:
    e25, e26 = optam_2025_synthetic_export(), optam_2026_synthetic_wave()
    result = compare_waves((e25.frame(), e25.spec), (e26.frame(), e26.spec), lang="en")
    printed = report_dict(
        build_report(survey_counts_from_export(e26.frame(), e26.spec, lang="en"), lang="en")
    )
    hidden = {(q, r["option"]) for q, e in printed["results"]["questions"].items()
              for r in e.get("table", []) if r.get("suppressed")}  # fmt: skip
    assert hidden  # the 2026 wave hides small counts
    for row in result.table.itertuples():
        assert pd.isna(row.k2) == ((row.question, row.option) in hidden)
    left = result.table.set_index("question").loc["left"]
    # The counts, by pandas from each cohort's kept rows (not through the report).
    expected = []
    for export in (e25, e26):
        column = export.spec["left"].column
        answers = export.spec.cohort(export.frame()).data[column].astype("string")
        expected += [int((answers == "Oui").sum()), int(answers.isin(["Oui", "Non"]).sum())]
    assert [left.k1, left.n1, left.k2, left.n2] == expected
    assert expected[:2] == [50, 119]  # the published 2025 counts


def test_a_report_file_and_its_dict_give_the_same_table(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(_report(EARLIER)), encoding="utf-8")
    from_file = compare_waves(path, _report(LATER)).table
    pd.testing.assert_frame_equal(from_file, _six().table)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_format_and_language(fmt: str, lang: str) -> None:
    result = compare_waves(_report(EARLIER, lang=lang), _report(LATER, lang=lang))
    out = result.render(fmt)
    if fmt == "json":
        data = json.loads(out)
        assert data["schema"] == "optamstats-waves/1"
        assert data["rows"][0]["p_value"] == pytest.approx(R_P[0], rel=1e-9)
    elif fmt == "html":
        assert "<svg" in out
    word = "Holm"
    if fmt != "json":
        assert word in out
        flat = " ".join(out.replace("\u00a0", " ").split())  # text wraps its paragraphs
        assert ("6 proportions comparées" if lang == "fr" else "6 proportions compared") in flat


def test_the_figure_has_a_dumbbell_per_compared_row() -> None:
    fig = _six().figure()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == [f"Question {i}: Yes" for i in range(6)]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"adjust": "bonferroni"}, InvalidValueError, "adjust"),
        ({"confidence": 95}, InvalidValueError, "confidence"),
        ({"confidence": "0.95"}, InvalidTypeError, "confidence"),
        ({"mapping": ["left"]}, InvalidTypeError, "mapping"),
        ({"mapping": {"questions": {"a": 1}}}, InvalidTypeError, "mapping"),
        ({"mapping": {"renamed": {}}}, InvalidTypeError, "mapping"),
        ({"mapping": {"questions": {"a": "x", "b": "x"}}}, InvalidValueError, "two keys"),
        ({"lang": "de"}, InvalidValueError, "lang"),
    ],
)
def test_bad_arguments(kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        compare_waves(_report(EARLIER), _report(LATER), **kwargs)


def test_bad_waves(tmp_path: Path) -> None:
    with pytest.raises(InvalidTypeError, match="`before` must be a report"):
        compare_waves(42, _report(LATER))
    with pytest.raises(InvalidValueError, match="`after` is not an optamstats report"):
        compare_waves(_report(EARLIER), {"schema": "other"})
    bad = tmp_path / "x.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidValueError, match=r"`before` .*x\.json' is not JSON \(line 1"):
        compare_waves(bad, _report(LATER))
    with pytest.raises(InvalidValueError, match="in 'fr' and `after` in 'en'"):
        compare_waves(_report(EARLIER, lang="fr"), _report(LATER))
    broken = _report([(9, 5)])
    with pytest.raises(InvalidValueError, match="k = 9 and n = 5 are no proportion"):
        compare_waves(broken, _report(LATER))
    negative = _report([(-1, 5)])
    with pytest.raises(InvalidValueError, match="`k` must be a whole number"):
        compare_waves(negative, _report(LATER))


# --------------------------------------------------------------------------- [waves]

SPEC = """
[questions.left_optam]
column = "Left?"
options = ["Yes", "No"]
yes = "Yes"
no = "No"
"""


def test_the_waves_table_of_a_spec() -> None:
    spec = load_spec(SPEC + '[waves.questions]\nleft_optam = "left"\n'
                     '[waves.options.left_optam]\nYes = "Oui"\nNo = "Non"\n')  # fmt: skip
    assert spec.waves is not None
    assert spec.waves.as_mapping() == {
        "questions": {"left_optam": "left"},
        "options": {"left_optam": {"Yes": "Oui", "No": "Non"}},
    }


@pytest.mark.parametrize(
    ("extra", "key", "match"),
    [
        ("[waves]\nrenamed = {}\n", "waves.renamed", "unknown key"),
        ('[waves.questions]\nleft = "left"\n', "waves.questions.left", "no question id"),
        ("[waves.questions]\nleft_optam = 3\n", "waves.questions.left_optam", "non-empty string"),
        (
            '[waves.options.left_optam]\nMaybe = "Peut-être"\n',
            "waves.options.left_optam.Maybe",
            "not one of the options of 'left_optam'",
        ),
        (
            '[waves.options.left_optam]\nYes = "Oui"\nNo = "Oui"\n',
            "waves.options.left_optam",
            "same earlier option",
        ),
        ("[waves]\nquestions = 3\n", "waves.questions", "must be a table"),
        ("[fieldwork]\ninvited = 0\n", "fieldwork.invited", "whole number ≥ 1"),
        ('[fieldwork]\ninvited = "4200"\n', "fieldwork.invited", "whole number ≥ 1"),
        ("[fieldwork]\ninvited = true\n", "fieldwork.invited", "whole number ≥ 1"),
        (
            "[fieldwork]\ninvited = 10\nnonrespondent_rate = [1.0, 0.5]\n",
            "fieldwork.nonrespondent_rate",
            "0 ≤ low ≤ high",
        ),
        (
            "[fieldwork]\ninvited = 10\nnonrespondent_rate = [-0.5, 1]\n",
            "fieldwork.nonrespondent_rate",
            "0 ≤ low ≤ high",
        ),
        (
            "[fieldwork]\ninvited = 10\nnonrespondent_rate = 0.5\n",
            "fieldwork.nonrespondent_rate",
            "two multipliers",
        ),
        (
            "[fieldwork]\ninvited = 10\nnonrespondent_rate = [nan, 1]\n",
            "fieldwork.nonrespondent_rate",
            "two multipliers",
        ),
        (
            "[fieldwork]\nnonrespondent_rate = [0.5, 1.0]\n",
            "fieldwork.nonrespondent_rate",
            "needs `fieldwork.invited`",
        ),
    ],
)
def test_bad_spec_keys_name_their_key_path(extra: str, key: str, match: str) -> None:
    with pytest.raises(SpecError, match=match) as info:
        load_spec(SPEC + extra)
    assert f"`{key}`" in str(info.value)


def test_fieldwork_invited_and_rate_are_read() -> None:
    spec = load_spec(SPEC + "[fieldwork]\ninvited = 4200\nnonrespondent_rate = [0.5, 1]\n")
    assert spec.fieldwork is not None
    assert (spec.fieldwork.invited, spec.fieldwork.nonrespondent_rate) == (4200, (0.5, 1.0))


# --------------------------------------------------------------------------- CLI


def test_cli_compare_two_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(_report(EARLIER)), encoding="utf-8")
    b.write_text(json.dumps(_report(LATER)), encoding="utf-8")
    assert main(["compare", "--before", str(a), "--after", str(b), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["p_adjusted"] for r in data["rows"]] == pytest.approx(R_HOLM, rel=1e-9)


def test_cli_compare_an_export_with_its_waves_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    e25, e26 = optam_2025_synthetic_export(), optam_2026_synthetic_wave()
    before = tmp_path / "2025.json"
    before.write_text(json.dumps(report_dict(build_report(
        survey_counts_from_export(e25.frame(), e25.spec, lang="en"), lang="en"))),
        encoding="utf-8")  # fmt: skip
    export = tmp_path / "2026.csv"
    export.write_text(e26.csv, encoding="utf-8")
    spec = tmp_path / "2026.toml"
    spec.write_text(e26.spec_text.replace("[questions.left]", "[questions.has_left]")
                    .replace('asked_if = { left = "Non" }', 'asked_if = { has_left = "Non" }')
                    .replace('left = "left"', 'left = "has_left"')
                    .replace('asked_if = { left = "Oui" }', 'asked_if = { has_left = "Oui" }')
                    + '\n[waves.questions]\nhas_left = "left"\n', encoding="utf-8")  # fmt: skip
    code = main(["compare", "--before", str(before), "--after", str(export),
                 "--spec-after", str(spec), "--lang", "en", "--format", "json"])  # fmt: skip
    assert code == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    left = next(r for r in rows if r["question"] == "has_left")
    kept = e26.spec.cohort(e26.frame()).data[e26.spec["left"].column].astype("string")
    expected = [50, 119, int((kept == "Oui").sum()), int(kept.isin(["Oui", "Non"]).sum())]
    assert [left["k1"], left["n1"], left["k2"], left["n2"]] == expected


def test_cli_compare_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "a.json"
    a.write_text(json.dumps(_report(EARLIER)), encoding="utf-8")
    assert main(["compare", "--before", str(a), "--after", "x.csv"]) == 2
    assert "give its spec with `--spec-after`" in capsys.readouterr().err
    assert main(["compare", "--before", str(a), "--after", str(a), "--spec-before", "s"]) == 2
    assert "drop `--spec-before`" in capsys.readouterr().err
    assert main(["compare", "--before", str(tmp_path / "none.json"), "--after", str(a)]) == 2
    assert "none.json" in capsys.readouterr().err
    b = tmp_path / "b.json"
    b.write_text("[]", encoding="utf-8")
    assert main(["compare", "--before", str(b), "--after", str(a)]) == 2
    assert "--before '" in capsys.readouterr().err


def test_survey_counts_are_read_as_their_report_prints_them() -> None:
    e25, e26 = optam_2025_synthetic_export(), optam_2026_synthetic_wave()
    c25 = survey_counts_from_export(e25.frame(), e25.spec, lang="fr")
    c26 = survey_counts_from_export(e26.frame(), e26.spec, lang="fr")
    from_counts = compare_waves(c25, c26)
    from_pairs = compare_waves((e25.frame(), e25.spec), (e26.frame(), e26.spec), lang="fr")
    pd.testing.assert_frame_equal(from_counts.table, from_pairs.table)
    assert from_counts.lang == "fr"
    assert "masqué dans le rapport de la vague suivante" in " ".join(from_counts.table["note"])
