"""``optamstats.check_export`` and ``optamstats check`` (issue 14, item 5).

A small survey is generated here, consistent with its skip logic (``any`` and ``not``),
then problems are planted at known rows. Every count is compared with a pandas
computation on the same frame, written independently of the library (string tests on
the cells, ``pandas.to_numeric``, ``groupby``); every line with the line an editor
shows, counted from the line breaks the cells hold.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optamstats import InvalidTypeError, check_export
from optamstats.check import KINDS, CheckReport, read_number
from optamstats.cli import main
from optamstats.forms import ResponseFileError, SpecError, load_spec, read_responses

SCHEMA = json.loads((Path(__file__).parents[1] / "docs" / "check-schema.json").read_text("utf-8"))

SPEC = """
[survey]
lang = "fr"
timestamp = "Horodateur"
dayfirst = true

[questions.left]
column = "Êtes-vous sorti ?"
type = "yesno"
options = ["Oui", "Non"]
yes = "Oui"
no = "Non"

[questions.plan]
column = "Comptez-vous sortir ?"
options = ["Oui", "Non", "Ne sait pas"]
non_substantive = ["Ne sait pas"]
asked_if = { left = "Non" }

[questions.why]
column = "Pourquoi ?"
type = "multi"
options = ["Coût, surtout", "Temps", "Aucune"]
exclusive = ["Aucune"]
asked_if = { any = [{ left = "Oui" }, { plan = "Oui" }] }

[questions.sector]
column = "Secteur"
options = ["Secteur 1", "Secteur 2"]

[questions.comment]
column = "Pourquoi pas le secteur 1 ?"
type = "text"
asked_if = { not = { sector = "Secteur 1" } }

[questions.age]
column = "Âge"
type = "number"
min = 25
max = 80

[questions.satisfaction]
column = "Satisfaction"
type = "scale"
range = [1, 5]

[[cohort]]
step = "drop_resubmissions"
within = "10min"
"""

TS, LEFT, PLAN, WHY = "Horodateur", "Êtes-vous sorti ?", "Comptez-vous sortir ?", "Pourquoi ?"
SECTOR, COMMENT, AGE, SAT = "Secteur", "Pourquoi pas le secteur 1 ?", "Âge", "Satisfaction"
EMAIL = "Adresse e-mail"
WHY_OPTIONS = ["Coût, surtout", "Temps", "Aucune"]


def clean_survey(n: int = 150, seed: int = 14) -> pd.DataFrame:
    """An export that follows the skip logic, with no invalid answer, as text cells."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-03-02 08:00:00")
    rows = []
    for i in range(n):
        # 40 minutes apart at least: no two rows fall in one 10-minute window.
        time = start + pd.Timedelta(minutes=40 * i + int(rng.integers(0, 20)))
        left = str(rng.choice(["Oui", "Non"]))
        plan = str(rng.choice(["Oui", "Non", "Ne sait pas"])) if left == "Non" else ""
        why = ""
        if left == "Oui" or plan == "Oui":
            picks = [o for o in ("Coût, surtout", "Temps") if rng.random() < 0.6]
            why = ", ".join(picks) if picks else "Aucune"
        sector = str(rng.choice(["Secteur 1", "Secteur 2"]))
        comment = ""
        if sector == "Secteur 2" and rng.random() < 0.7:
            # Every seventh comment spans lines: its record then spans several lines.
            comment = f"avis {i}\nsur deux lignes" if i % 7 == 0 else f"avis {i}"
        age = str(int(rng.integers(28, 75)))
        if i % 11 == 0:
            age = f"{age},5"  # a decimal comma is a readable number
        rows.append(
            {
                TS: time.strftime("%d/%m/%Y %H:%M:%S"),
                LEFT: left,
                PLAN: plan,
                WHY: why,
                SECTOR: sector,
                COMMENT: comment,
                AGE: age,
                SAT: str(int(rng.integers(1, 6))),
                EMAIL: "",
            }
        )
    return pd.DataFrame(rows)


def rows_where(frame: pd.DataFrame, test: Any, after: int, count: int = 1) -> list[int]:
    """The first `count` row positions after `after` meeting `test`."""
    found = [i for i in range(after, len(frame)) if test(frame.iloc[i])]
    assert len(found) >= count
    return found[:count]


def planted() -> pd.DataFrame:
    """The clean survey with each kind of problem planted at known rows."""
    frame = clean_survey()
    plant = frame.copy()

    def put(row: int, column: str, value: str) -> None:
        plant.iloc[row, plant.columns.get_loc(column)] = value

    non = lambda r: r[LEFT] == "Non" and r[PLAN] != "Oui"  # noqa: E731
    oui = lambda r: r[LEFT] == "Oui"  # noqa: E731
    for row in rows_where(frame, non, 10):
        put(row, PLAN, "oui")  # a label variant: shown
    for row in rows_where(frame, non, 30):
        put(row, PLAN, "SECRET-1 peut-être")  # free text: never shown
    for row in rows_where(frame, oui, 20, 2):
        put(row, PLAN, "Non")  # answered although not asked
    for row in rows_where(frame, non, 50, 3):
        put(row, PLAN, "")  # blank although asked
    for row in rows_where(frame, oui, 40, 2):
        put(row, WHY, "Aucune, Temps")  # an exclusive option with another
    for row in rows_where(frame, oui, 70):
        put(row, WHY, "Temps, SECRET-2")  # no "Other" box: unknown
    put(5, AGE, "12,5")  # readable, below min
    put(6, AGE, "200")  # above max
    put(8, AGE, "SECRET-3 ans")  # unreadable
    put(9, SAT, "6")  # outside the levels
    put(12, SAT, "SECRET-4")
    # A resubmission: row 60 sent again 3 minutes later, identical.
    copy = plant.iloc[[60]].copy()
    copy[TS] = (pd.to_datetime(copy[TS], dayfirst=True) + pd.Timedelta(minutes=3)).dt.strftime(
        "%d/%m/%Y %H:%M:%S"
    )
    return pd.concat([plant.iloc[:61], copy, plant.iloc[61:]], ignore_index=True)


def to_csv(frame: pd.DataFrame) -> bytes:
    """Google Forms' CSV: CRLF records, quoted cells holding commas or line breaks."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(frame.columns)
    writer.writerows(frame.itertuples(index=False))
    return buffer.getvalue().encode("utf-8")


def editor_lines(frame: pd.DataFrame) -> np.ndarray[Any, Any]:
    """The line an editor shows for each row: 2, then one more per line break before."""
    breaks = frame.apply(lambda column: column.str.count("\n")).sum(axis=1).to_numpy()
    return 2 + np.arange(len(frame)) + np.concatenate([[0], np.cumsum(breaks)[:-1]])


def expected(frame: pd.DataFrame) -> dict[str, dict[str, pd.Series]]:
    """Asked, blank and invalid masks per question, computed with pandas alone."""
    cell = {c: frame[c].str.strip() for c in frame.columns}
    blank = {c: cell[c] == "" for c in frame.columns}
    everyone = pd.Series(True, index=frame.index)
    asked_plan = cell[LEFT] == "Non"
    asked_why = (cell[LEFT] == "Oui") | (asked_plan & (cell[PLAN] == "Oui"))
    asked_comment = cell[SECTOR] != "Secteur 1"  # `not`: everyone is asked the sector
    leftover = frame[WHY]
    for option in sorted(WHY_OPTIONS, key=len, reverse=True):
        leftover = leftover.str.replace(option, "", regex=False)
    why_valid = leftover.str.replace(",", "", regex=False).str.strip() == ""
    exclusive = cell[WHY].str.contains("Aucune", regex=False) & (cell[WHY] != "Aucune")
    number = pd.to_numeric(cell[AGE].str.replace(",", ".", regex=False), errors="coerce")
    out = {
        "left": (everyone, ~cell[LEFT].isin(["Oui", "Non"])),
        "plan": (asked_plan, ~cell[PLAN].isin(["Oui", "Non", "Ne sait pas"])),
        "why": (asked_why, ~why_valid | (why_valid & exclusive)),
        "sector": (everyone, ~cell[SECTOR].isin(["Secteur 1", "Secteur 2"])),
        "comment": (asked_comment, pd.Series(False, index=frame.index)),
        "age": (everyone, number.isna() | ~number.between(25, 80)),
        "satisfaction": (everyone, ~cell[SAT].isin(["1", "2", "3", "4", "5"])),
    }
    columns = {"left": LEFT, "plan": PLAN, "why": WHY, "sector": SECTOR, "comment": COMMENT,
               "age": AGE, "satisfaction": SAT}  # fmt: skip
    result: dict[str, dict[str, pd.Series]] = {}
    for qid, (asked, invalid) in out.items():
        b = blank[columns[qid]]
        result[qid] = {
            "asked": asked,
            "answered": asked & ~b,
            "blank_when_asked": asked & b,
            "answered_when_not_asked": ~asked & ~b,
            "invalid": invalid & ~b,
        }
    result["extra"] = {
        "why_unknown": ~why_valid & ~blank[WHY],
        "why_exclusive": why_valid & exclusive,
        "age_unreadable": number.isna() & ~blank[AGE],
        "age_range": number.notna() & ~number.between(25, 80),
    }
    return result


def resubmitted(frame: pd.DataFrame) -> pd.Series:
    """Rows repeating an earlier row's answers within 10 minutes (pandas groupby)."""
    times = pd.to_datetime(frame[TS], format="%d/%m/%Y %H:%M:%S")
    answers = [c for c in frame.columns if c != TS]
    ordered = frame.assign(_t=times).sort_values("_t", kind="stable")
    gap = ordered.groupby(answers, sort=False)["_t"].diff()
    return (gap <= pd.Timedelta("10min")).reindex(frame.index)


@pytest.fixture(scope="module")
def survey() -> tuple[pd.DataFrame, bytes, CheckReport]:
    frame = planted()
    data = to_csv(frame)
    return frame, data, check_export(data, SPEC)


def first(mask: pd.Series, lines: np.ndarray[Any, Any]) -> int:
    return int(lines[int(np.flatnonzero(mask.to_numpy())[0])])


def test_the_summary_matches_pandas(survey: tuple[pd.DataFrame, bytes, CheckReport]) -> None:
    frame, _, report = survey
    want = expected(frame)
    assert report.rows == len(frame) == 151
    assert [q.question for q in report.questions] == list(load_spec(SPEC).ids)
    for q in report.questions:
        counts = {k: int(v.sum()) for k, v in want[q.question].items()}
        got = {k: getattr(q, k) for k in counts}
        assert got == counts, q.question
        assert q.present
        # The base and the item non-response add up to who was asked.
        assert q.asked == q.answered + q.blank_when_asked
    # The planted problems are there (a generator that planted nothing passes no test).
    assert report.questions[1].invalid == 2  # plan: "oui" and the free text
    assert report.questions[1].answered_when_not_asked == 2
    assert report.questions[1].blank_when_asked == 3


def test_each_problem_is_counted_and_located(
    survey: tuple[pd.DataFrame, bytes, CheckReport],
) -> None:
    frame, _, report = survey
    want, lines = expected(frame), editor_lines(frame)
    assert lines[-1] > len(frame) + 1  # some records span several lines
    by = {(p.kind, p.question): p for p in report.problems}
    cases = {
        ("unknown_option", "plan"): want["plan"]["invalid"],
        ("unknown_option", "why"): want["extra"]["why_unknown"],
        ("exclusive", "why"): want["extra"]["why_exclusive"],
        ("number_unreadable", "age"): want["extra"]["age_unreadable"],
        ("number_range", "age"): want["extra"]["age_range"],
        ("scale_level", "satisfaction"): want["satisfaction"]["invalid"],
        ("answered_when_not_asked", "plan"): want["plan"]["answered_when_not_asked"],
        ("blank_when_asked", "plan"): want["plan"]["blank_when_asked"],
        ("blank_when_asked", "why"): want["why"]["blank_when_asked"],
        ("blank_when_asked", "comment"): want["comment"]["blank_when_asked"],
        ("answered_when_not_asked", "why"): want["why"]["answered_when_not_asked"],
    }
    for key, mask in cases.items():
        if not mask.any():
            assert key not in by, key
            continue
        problem = by[key]
        assert problem.count == int(mask.sum()), key
        assert problem.first_line == first(mask, lines), key
        assert problem.first_row == int(np.flatnonzero(mask.to_numpy())[0]), key
        assert f"line {problem.first_line}" in problem.message, key
        assert problem.severity == KINDS[key[0]]
    assert by[("exclusive", "why")].count == 2
    assert by[("number_unreadable", "age")].count == 1
    assert by[("number_range", "age")].count == 2  # 12,5 and 200; "…,5" ages are read
    assert by[("scale_level", "satisfaction")].count == 2
    again = resubmitted(frame)
    problem = by[("resubmissions", None)]
    assert report.resubmissions == problem.count == int(again.sum()) == 1
    assert problem.first_line == first(again, lines)
    assert {p.kind for p in report.errors} == {
        "unknown_option",
        "exclusive",
        "number_unreadable",
        "scale_level",
    }
    unknown = [p for p in report.problems if p.kind == "unknown_column"]
    assert [p.column for p in unknown] == [EMAIL]
    assert not report.ok


def test_answers_are_never_printed_unless_close_to_an_option(
    survey: tuple[pd.DataFrame, bytes, CheckReport],
) -> None:
    _, _, report = survey
    for text in (report.render("text"), report.render("json")):
        assert "SECRET" not in text
        assert "avis " not in text  # free-text comments
    plan = next(p for p in report.problems if p.kind == "unknown_option" and p.question == "plan")
    assert plan.examples == ("oui",)
    assert "'oui'" in plan.message
    assert "`questions.plan.options`" in plan.message


def test_a_clean_export_has_no_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    frame = clean_survey()
    report = check_export(to_csv(frame), SPEC)
    assert report.ok
    assert report.resubmissions == 0
    # Warnings remain: the e-mail column, comments left blank by respondents asked.
    assert {p.kind for p in report.warnings} == {"unknown_column", "blank_when_asked"}
    export, spec = tmp_path / "export.csv", tmp_path / "survey.toml"
    export.write_bytes(to_csv(frame))
    spec.write_text(SPEC, encoding="utf-8")
    assert main(["check", "--responses", str(export), "--spec", str(spec)]) == 0
    out = capsys.readouterr().out
    assert "0 error(s)" in out
    assert "blank when asked" in out


def test_exit_status_and_json_schema(
    survey: tuple[pd.DataFrame, bytes, CheckReport],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    frame, data, report = survey
    export, spec = tmp_path / "export.csv", tmp_path / "survey.toml"
    export.write_bytes(data)
    spec.write_text(SPEC, encoding="utf-8")
    argv = ["check", "--responses", str(export), "--spec", str(spec), "--format", "json"]
    assert main(argv) == 1
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, SCHEMA)
    assert document["ok"] is False
    assert document["errors"] == len(report.errors) > 0
    assert document["source"] == str(export)
    assert [q["answered"] for q in document["questions"]] == [
        int(expected(frame)[q.question]["answered"].sum()) for q in report.questions
    ]
    clean = tmp_path / "clean.csv"
    clean.write_bytes(to_csv(clean_survey()))
    argv[2] = str(clean)
    assert main(argv) == 0
    jsonschema.validate(json.loads(capsys.readouterr().out), SCHEMA)
    # The same input gives the same bytes.
    assert report.render("json") == check_export(data, SPEC).render("json")


def test_the_schema_refuses_a_wrong_document(
    survey: tuple[pd.DataFrame, bytes, CheckReport],
) -> None:
    document = survey[2].to_dict()
    document["problems"][0]["severity"] = "warning"  # an error kind as a warning
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)
    document = survey[2].to_dict()
    document["problems"][0]["first_line"] = 1  # the header holds no answer
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)


def test_missing_and_unknown_columns() -> None:
    frame = clean_survey(20).rename(columns={PLAN: "Comptez vous sortir ?"})
    report = check_export(to_csv(frame), SPEC)
    missing = [p for p in report.problems if p.kind == "missing_column"]
    assert [(p.key, p.column, p.suggestions) for p in missing] == [
        ("questions.plan.column", PLAN, ("Comptez vous sortir ?",))
    ]
    assert missing[0].severity == "error"
    unknown = {p.column: p for p in report.problems if p.kind == "unknown_column"}
    assert set(unknown) == {"Comptez vous sortir ?", EMAIL}
    assert unknown["Comptez vous sortir ?"].suggestions == (PLAN,)
    plan = report.questions[1]
    assert not plan.present
    assert plan.asked is None
    assert plan.invalid is None
    # `why` reads `plan` in its skip logic: who was asked it cannot be told.
    why = report.questions[2]
    assert why.present
    assert why.asked is None
    assert why.invalid == 0
    assert "missing" in report.render()


def test_a_repeated_header_is_an_error() -> None:
    frame = clean_survey(10)
    data = to_csv(frame.assign(**{"Secteur.1": frame[SECTOR]})).replace(b"Secteur.1", b"Secteur", 1)
    report = check_export(data, SPEC)
    (problem,) = [p for p in report.problems if p.kind == "duplicate_column"]
    assert problem.severity == "error"
    assert problem.key == "questions.sector.column"
    assert "columns 5, 10" in problem.message
    assert not [p for p in report.problems if p.kind == "unknown_column" and p.column != EMAIL]
    with pytest.raises(ResponseFileError, match=r"holds 'Secteur' 2 times \(columns 5, 10\)"):
        read_responses(data, spec=load_spec(SPEC))  # the report refuses it too


def test_lines_follow_records_that_span_lines() -> None:
    spec = (
        '[questions.q]\ncolumn = "Q"\noptions = ["a", "b"]\n'
        '[questions.t]\ncolumn = "T"\ntype = "text"\n'
    )
    data = b'Q,T\na,"one\ntwo\nthree"\nx,ok\r\nb,"\r\n"\ny,\n'
    report = check_export(data, spec)
    (problem,) = report.errors
    assert problem.count == 2
    assert problem.first_line == 5  # header 1, record 1 on lines 2-4
    assert problem.first_row == 1
    assert "line 5" in problem.message
    # The same cells as a DataFrame: row i is where it would be without line breaks.
    frame = pd.DataFrame({"Q": ["a", "x", "b", "y"], "T": ["1\n2", "", "", ""]})
    assert check_export(frame, spec).errors[0].first_line == 3


def test_timestamps_unreadable_or_blank_are_errors() -> None:
    frame = clean_survey(30)
    bad = frame.copy()
    bad.loc[7, TS] = "31/02/2026 09:00:00"
    report = check_export(to_csv(bad), SPEC)
    (problem,) = [p for p in report.problems if p.kind == "timestamp_unreadable"]
    assert problem.first_line == editor_lines(bad)[7]
    assert "`survey.timestamp_format`" in problem.message
    assert "timestamp_format=" not in problem.message
    assert report.resubmissions is None  # no time to compare
    blank = frame.copy()
    blank.loc[[4, 9], TS] = ""
    report = check_export(to_csv(blank), SPEC)
    (problem,) = [p for p in report.problems if p.kind == "timestamp_blank"]
    assert (problem.count, problem.first_line) == (2, editor_lines(blank)[4])
    assert report.resubmissions == 0


def test_read_number() -> None:
    assert read_number("12,5") == 12.5
    assert read_number("-3") == -3.0
    assert read_number("1\u202f200,5") == 1200.5
    assert read_number(",5") == 0.5
    for text in ("", "nan", "inf", "12,5,6", "12 ans", "1e", "--1"):
        assert read_number(text) is None, text


def test_bad_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "survey.toml"
    spec.write_text(SPEC, encoding="utf-8")
    missing = tmp_path / "missing.csv"
    assert main(["check", "--responses", str(missing), "--spec", str(spec)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"optamstats check: error: --responses {str(missing)!r} is not a file")
    export = tmp_path / "export.csv"
    export.write_bytes(to_csv(clean_survey(5)))
    assert main(["check", "--responses", str(export), "--spec", str(tmp_path / "no.toml")]) == 2
    assert "--spec " in capsys.readouterr().err
    for argv in (
        ["check", "--responses", str(export)],
        ["check", "--spec", str(spec)],
        ["check", "--responses", str(export), "--spec", str(spec), "--format", "html"],
    ):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
        assert "--" in capsys.readouterr().err
    with pytest.raises(ResponseFileError):
        check_export(b"", SPEC)
    with pytest.raises(SpecError):
        check_export(b"a\n1\n", "[questions.a]\ncolumn = 'a'\naksed_if = {}\n")
    with pytest.raises(InvalidTypeError, match="`spec` must be a SurveySpec"):
        check_export(b"a\n1\n", 3)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="`responses` must be"):
        check_export(3, SPEC)  # type: ignore[arg-type]
    report = check_export(io.BytesIO(to_csv(clean_survey(5))), SPEC)
    assert report.source == "<stream>"


@settings(max_examples=25, deadline=None)
@given(st.permutations(list(range(40))))
def test_permuting_rows_changes_no_count(order: list[int]) -> None:
    frame = planted().iloc[:40]
    base = check_export(to_csv(frame), SPEC)
    shuffled = check_export(to_csv(frame.iloc[order].reset_index(drop=True)), SPEC)
    assert shuffled.questions == base.questions
    assert sorted((p.kind, p.question, p.count) for p in shuffled.problems) == sorted(
        (p.kind, p.question, p.count) for p in base.problems
    )
