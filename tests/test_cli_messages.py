"""Messages in the user's terms (issue 14, item 7).

The command line is run on a battery of bad files, specs and flags: every message must
name what its user wrote (a flag, the spec's key path, a file and its line as an editor
shows it, the header being line 1), never a Python argument (`source`, `directory`,
`timestamp_format=`), and never a 0-based "row N". The lines are planted after records
that span several lines, where "line" and "row + 2" differ. The attrition flow must say
why rows were removed, never the step's internal name, in either language.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from optamstats.cli import main
from optamstats.forms import load_spec, read_responses

# Python argument names the library's functions take, as messages to Python callers
# write them: none may reach a command-line user.
PYTHON_NAMES = re.compile(
    r"`(source|directory|path|responses|spec|encoding|delimiter|timestamp|timestamp_format|"
    r"dayfirst|fmt|rng|min_cell|confidence|frame|columns|mask|argv|published|lang)`"
    r"|`\w+=|\b\w+=(None|True|False)\b"
)
ROW = re.compile(r"\brows? \d")

SPEC = """
[survey]
timestamp = "Horodateur"
dayfirst = true

[questions.left]
column = "Left?"
options = ["Yes", "No"]

[questions.plan]
column = "Plan?"
options = ["Yes", "No", "Unsure"]
asked_if = { left = "No" }

[questions.note]
column = "Note"
type = "text"

[[cohort]]
step = "require"
questions = ["left"]

[[cohort]]
step = "drop_resubmissions"

[[cohort]]
step = "include"
where = { left = ["Yes", "No"] }
"""

HEADER = ["Horodateur", "Left?", "Plan?", "Note"]


def export(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def good_rows() -> list[list[str]]:
    """Six rows; row 1 holds a note on three lines, so row i > 1 is on line i + 4."""
    return [
        ["07/11/2025 09:00:00", "Yes", "", "short"],
        ["07/11/2025 09:30:00", "No", "Yes", "one\ntwo\nthree"],
        ["07/11/2025 10:00:00", "No", "No", ""],
        ["07/11/2025 10:30:00", "Yes", "", ""],
        ["07/11/2025 11:00:00", "No", "Unsure", ""],
        ["07/11/2025 11:30:00", "Yes", "", ""],
    ]


def with_cell(row: int, column: int, value: str) -> bytes:
    rows = good_rows()
    rows[row][column] = value
    return export(rows)


@pytest.fixture
def files(tmp_path: Path) -> Callable[..., tuple[Path, Path]]:
    def make(data: bytes | None = None, spec: str = SPEC) -> tuple[Path, Path]:
        export_path, spec_path = tmp_path / "export.csv", tmp_path / "survey.toml"
        export_path.write_bytes(export(good_rows()) if data is None else data)
        spec_path.write_text(spec, encoding="utf-8")
        return export_path, spec_path

    return make


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(argv)
    return status, capsys.readouterr().err


def assert_user_terms(message: str, command: str) -> None:
    assert message.startswith(f"optamstats {command}: error: "), message
    assert message.count("\n") == 1, message  # one line
    found = PYTHON_NAMES.search(message)
    assert found is None, f"Python argument {found.group()!r} in: {message}"
    assert ROW.search(message) is None, message


# Each case: (what to write: export bytes or None, spec text), the command's extra
# arguments, and the text the message must hold (with the line where there is one).
CASES: dict[str, tuple[Callable[[Path, Path], list[str]], Callable[[Path, Path], str]]] = {
    "missing export": (
        lambda e, s: ["--responses", str(e.with_name("nope.csv")), "--spec", str(s)],
        lambda e, s: f"--responses {str(e.with_name('nope.csv'))!r} is not a file",
    ),
    "missing spec": (
        lambda e, s: ["--responses", str(e), "--spec", str(s.with_name("nope.toml"))],
        lambda e, s: f"--spec {str(s.with_name('nope.toml'))!r} is not a file",
    ),
    "spec is a folder": (
        lambda e, s: ["--responses", str(e), "--spec", str(s.parent)],
        lambda e, s: f"--spec {str(s.parent)!r} cannot be",
    ),
}


@pytest.mark.parametrize("command", ["report", "check"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_paths_name_the_flag(
    case: str,
    command: str,
    files: Callable[..., tuple[Path, Path]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv, text = CASES[case]
    export_path, spec_path = files()
    status, err = run([command, *argv(export_path, spec_path)], capsys)
    assert status == 2
    assert_user_terms(err, command)
    assert text(export_path, spec_path) in err


# Bad content: (export bytes, spec text, the message's expected text). Lines: row 1
# spans lines 3-5, so data row i > 1 is on line i + 4, not i + 2.
CONTENT = {
    "toml syntax": (None, "[survey\n", "is not valid TOML"),
    "unknown key": (
        None,
        SPEC + "\n[questions.x]\ncolumn = 'Note'\naksed_if = {}\n",
        "`questions.x.aksed_if`: unknown key",
    ),
    "missing column": (
        None,
        SPEC.replace('column = "Plan?"', 'column = "Plan ?"'),
        "`questions.plan.column` = 'Plan ?' (closest: 'Plan?')",
    ),
    "bad timestamp": (
        with_cell(3, 0, "31/02/2025 10:30:00"),
        SPEC,
        "line 7: timestamp '31/02/2025 10:30:00'",
    ),
    "unknown option": (with_cell(4, 2, "unsure"), SPEC, "first at line 8"),
    "blank timestamp": (
        with_cell(5, 0, ""),
        SPEC,
        "`survey.timestamp` column 'Horodateur' is blank at line 9",
    ),
    "mixed encodings": (
        export(good_rows()) + "07/11/2025 12:00:00,Yes,,é\n".encode() + b"x,Yes,,\xe9\n",
        SPEC,
        "line 11: byte 0xe9 is not valid UTF-8, but line 10 holds UTF-8",
    ),
    "dates both ways": (
        b"Date,Left?,Plan?,Note\n01/02/2025 10:00:00,Yes,,\n",
        SPEC.replace('timestamp = "Horodateur"\ndayfirst = true', 'timestamp = "Date"'),
        "`survey.dayfirst`: the dates of column 'Date' read both day first and month first",
    ),
}


@pytest.mark.parametrize("case", sorted(CONTENT))
def test_report_messages_name_keys_files_and_lines(
    case: str, files: Callable[..., tuple[Path, Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    data, spec, text = CONTENT[case]
    export_path, spec_path = files(data, spec)
    status, err = run(["report", "--responses", str(export_path), "--spec", str(spec_path)],
                      capsys)  # fmt: skip
    assert status == 2
    assert_user_terms(err, "report")
    assert text in err, err
    if "line" in text and case != "blank timestamp":  # from Python: the same line
        with pytest.raises(ValueError, match=re.escape(text)):
            read_responses(export_path, spec=load_spec(spec_path))


def test_check_reports_the_same_lines(
    files: Callable[..., tuple[Path, Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    export_path, spec_path = files(with_cell(4, 2, "unsure"))
    status = main(["check", "--responses", str(export_path), "--spec", str(spec_path)])
    out = capsys.readouterr().out
    assert status == 1
    assert "first at line 8" in out
    assert ROW.search(out) is None
    assert PYTHON_NAMES.search(out) is None


def test_output_and_confidence_are_named_by_their_flags(
    files: Callable[..., tuple[Path, Path]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    export_path, spec_path = files()
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("x", encoding="utf-8")
    base = ["report", "--responses", str(export_path), "--spec", str(spec_path)]
    status, err = run([*base, "--output", str(out)], capsys)
    assert status == 2
    assert_user_terms(err, "report")
    assert "--output must be a new or empty folder" in err
    status, err = run([*base, "--confidence", "1.5"], capsys)
    assert status == 2
    assert_user_terms(err, "report")
    assert "--confidence" in err


def test_audit_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "figures.toml"
    status, err = run(["audit", str(missing)], capsys)
    assert status == 2
    assert_user_terms(err, "audit")
    assert f"file {str(missing)!r} cannot be read" in err
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'title = "\xe9"\n')
    status, err = run(["audit", str(latin)], capsys)
    assert status == 2
    assert_user_terms(err, "audit")
    assert "is not UTF-8 text" in err


def test_python_callers_keep_argument_names(tmp_path: Path) -> None:
    # Outside the command line the same errors name the function's argument.
    with pytest.raises(FileNotFoundError, match=r"`source` '.*nope\.csv' is not a file"):
        read_responses(tmp_path / "nope.csv")
    with pytest.raises(ValueError, match=r"pass `timestamp_format=`"):
        read_responses(with_cell(3, 0, "31/02/2025 10:30:00"))


# --------------------------------------------------------------------------- the flow

STEP_NAMES = ("start", "include", "exclude", "require", "drop_resubmissions")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_flow_says_why_never_the_step_name(
    lang: str, files: Callable[..., tuple[Path, Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    from optamstats.report import build_report, render
    from optamstats.report.build import survey_counts_from_export

    rows = good_rows()
    rows.insert(3, [*rows[2][:1], "", "", ""])  # left blank: removed by `require`
    rows.append(["07/11/2025 11:35:00", *rows[-1][1:]])  # a resubmission, 5 min later
    rows.append(["07/11/2025 12:00:00", "Maybe", "", ""])  # not meeting `include`
    spec = SPEC.replace('options = ["Yes", "No"]', 'options = ["Yes", "No", "Maybe"]')
    export_path, spec_path = files(export(rows), spec)
    cohort = load_spec(spec_path).cohort(read_responses(export_path, spec=load_spec(spec_path)),
                                         lang=lang)  # fmt: skip
    reasons = cohort.flow["reason"].tolist()[1:]
    assert cohort.flow["excluded"].tolist()[1:] == [1, 1, 1]
    assert (
        reasons
        == {
            "en": [
                "missing answer to Left?",
                "repeated submissions (same answers within 10min)",
                "not meeting: Left? = Yes or No",
            ],
            "fr": [
                "réponse manquante à Left?",
                "réponses soumises plusieurs fois (identiques à moins de 10min)",
                "ne remplit pas : Left? = Yes ou No",
            ],
        }[lang]
    )
    counts = survey_counts_from_export(export_path, spec_path, lang=lang)
    report = build_report(counts, lang=lang, disclosure_control=False)
    (flow,) = [t for s in report.sections for t in s.tables if t.key == "flow"]
    assert [row[1] for row in flow.rows[1:]] == reasons
    for row in flow.rows:
        assert row[0] not in STEP_NAMES
        assert row[1] not in STEP_NAMES
    text = render(report, "text")
    assert "drop_resubmissions" not in text
    assert not re.search(r"\brequire\b", text)
