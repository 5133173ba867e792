"""`optamstats init` / draft_spec: a spec drafted from an export, read back without editing.

The exports are the SYNTHETIC 2026 survey of tests/survey2026.py (built here, seeded):
a Google Forms CSV, its French Excel re-save and a Microsoft Forms workbook. Counts
computed by the library from the drafted spec are compared with pandas' own counts on
the same file, and with the answers the generator wrote.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optamstats.cli import main
from optamstats.draft import draft_spec, resolve_multi, slug_ids
from optamstats.forms import (
    AllOf,
    AnyOf,
    Condition,
    Question,
    ResponseFileError,
    load_spec,
    read_responses,
)

_HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("survey2026", _HERE / "survey2026.py")
assert _spec is not None
assert _spec.loader is not None
survey2026 = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("survey2026", survey2026)
_spec.loader.exec_module(survey2026)

SURVEY = survey2026.generate()
H = survey2026.HEADERS
FORMATS = ("google.csv", "excel-fr.csv", "microsoft.xlsx")


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    contents = {
        "google.csv": SURVEY.google_csv(),
        "excel-fr.csv": SURVEY.excel_fr_csv(),
        "microsoft.xlsx": SURVEY.microsoft_xlsx(),
    }
    paths = {}
    for name, data in contents.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


def _by_column(spec_text: str) -> dict[str, Question]:
    return {q.column: q for q in load_spec(spec_text).questions}


@pytest.mark.parametrize("name", FORMATS)
def test_draft_guesses_each_type_and_options(name: str, exports: dict[str, Path]) -> None:
    text = draft_spec(exports[name])
    spec = load_spec(text)
    q = _by_column(text)
    assert set(q) == set(H.values())  # Microsoft's ID, Start time, Email, Name are no question
    assert spec.timestamp == ("Completion time" if name.endswith(".xlsx") else "Horodateur")
    assert spec.lang == "fr"
    types = {k: q[H[k]].type for k in H}
    assert types == {
        "practice": "single",
        "sector": "single",
        "specialty": "single",
        "region": "single",
        "age": "number",
        "left": "yesno",
        "plan": "yesno",
        "reasons": "multi",
        "satisfaction": "scale",
        "comment": "text",
    }
    for key in ("practice", "sector", "specialty", "region"):
        column = SURVEY.column(key)
        assert q[H[key]].options == tuple(dict.fromkeys(column))  # first appearance
    assert q[H["satisfaction"]].options == ("1", "2", "3", "4", "5")
    plan = q[H["plan"]]
    assert (plan.yes, plan.no, plan.non_substantive) == (("Oui",), ("Non",), ("Ne sait pas",))
    reasons = q[H["reasons"]]
    # Labels holding ", " come out whole; the "Autre" texts typed once make `other`.
    assert sorted(reasons.options) == sorted(survey2026.REASONS)
    assert reasons.other is True
    assert reasons.separator == (";" if name.endswith(".xlsx") else ", ")
    left_id, plan_id = q[H["left"]].id, plan.id
    assert plan.skip == AllOf((Condition(left_id, ("Non",)),))
    assert reasons.skip == AllOf(
        (AnyOf((Condition(left_id, ("Oui",)), Condition(plan_id, ("Oui",)))),)
    )
    assert "asked_if = { any = [" in text
    assert "# guessed from blank answers: check" in text
    for key in ("practice", "age", "left", "satisfaction", "comment"):
        assert q[H[key]].skip is None  # age's few blanks follow no answer


@pytest.mark.parametrize("name", FORMATS)
def test_counts_from_the_drafted_spec_match_pandas(name: str, exports: dict[str, Path]) -> None:
    spec = load_spec(draft_spec(exports[name]))
    frame = read_responses(exports[name], spec=spec)  # the drafted spec reads its export
    cohort = spec.cohort(frame)
    if name.endswith(".csv"):
        raw = pd.read_csv(
            exports[name],
            sep=";" if name == "excel-fr.csv" else ",",
            dtype=str,
            keep_default_na=False,
            encoding="cp1252" if name == "excel-fr.csv" else "utf-8",
        )
    else:
        # openpyxl: another reader than the library's (python-calamine)
        raw = pd.read_excel(exports[name], dtype=str, keep_default_na=False, engine="openpyxl")
    assert len(raw) == 300
    for q in spec.questions:
        cells = raw[q.column].astype(str).str.strip()
        answered = cells[cells != ""]
        if q.type in ("single", "yesno", "scale"):
            counts = answered.value_counts()
            for option in q.options:
                result = cohort.proportion(q.id, option)
                assert (result.k, result.n) == (int(counts.get(option, 0)), len(answered))
        elif q.type == "multi":
            for option in q.options:
                result = cohort.proportion(q.id, option)
                ticked = answered.str.contains(option, regex=False)
                assert (result.k, result.n) == (int(ticked.sum()), len(answered))
                truth = sum(option in r["reasons"] for r in SURVEY.rows)
                assert result.k == truth


def test_the_three_exports_give_the_same_questions(exports: dict[str, Path]) -> None:
    drafts = [load_spec(draft_spec(exports[name])) for name in FORMATS]
    shapes = [
        [(q.id, q.type, sorted(q.options), q.skip) for q in spec.questions] for spec in drafts
    ]
    assert shapes[0] == shapes[1] == shapes[2]


def test_draft_is_deterministic(exports: dict[str, Path]) -> None:
    assert draft_spec(exports["google.csv"]) == draft_spec(exports["google.csv"])


def test_draft_comments_fieldwork_and_cohort(exports: dict[str, Path]) -> None:
    text = draft_spec(exports["microsoft.xlsx"])
    first, last = min(SURVEY.times).date(), max(SURVEY.times).date()
    assert f'# start = "{first.isoformat()}"' in text
    assert f'# end = "{last.isoformat()}"' in text
    assert "# [[cohort]]" in text
    assert '# ignore = ["ID", "Start time", "Email", "Name"]' in text
    # The commented examples load once uncommented.
    fieldwork = [
        line[2:]
        for line in text.splitlines()
        if line.startswith(("# [fieldwork]", "# start", "# end"))
    ]
    cohort = [line[2:] for line in text.split("\n#\n")[-1].splitlines()]
    spec = load_spec("\n".join([*fieldwork, text, *cohort]) + "\n")
    assert spec.fieldwork is not None
    assert spec.fieldwork.start == first.isoformat()
    assert spec.steps[0].ignore == ("ID", "Start time", "Email", "Name")


def test_ambiguous_dates_are_read_month_first_and_said(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_bytes(b"Timestamp,Have you left?\n11/7/2025 9:15:02,Yes\n")
    text = draft_spec(path)
    assert "month first assumed" in text
    assert load_spec(text).dayfirst is False
    assert load_spec(text).timestamp_format is None  # not pinned: see the next test


def test_drafted_spec_reads_the_same_answers_re_saved_by_a_french_excel(tmp_path: Path) -> None:
    # A review: the draft pinned the layout with seconds, and the same file re-saved by
    # a French Excel (no seconds) was then refused.
    google = tmp_path / "google.csv"
    google.write_bytes("Horodateur,Êtes-vous sorti ?\n07/03/2026 09:15:02,Oui\n"
                       "08/03/2026 10:00:00,Non\n".encode())  # fmt: skip
    excel = tmp_path / "excel.csv"
    excel.write_bytes("Horodateur;Êtes-vous sorti ?\r\n07/03/2026 09:15;Oui\r\n"
                      "08/03/2026 10:00;Non\r\n".encode("cp1252"))  # fmt: skip
    spec = load_spec(draft_spec(google))
    assert spec.dayfirst is True
    frame = read_responses(excel, spec=spec)
    assert frame["Horodateur"].dt.day.tolist() == [7, 8]


def test_lang_and_dataframe_source(exports: dict[str, Path]) -> None:
    frame = read_responses(exports["google.csv"])
    assert load_spec(draft_spec(frame, lang="en")).lang == "en"
    english = pd.DataFrame({"Have you left?": ["Yes", "No", "Yes"], "Why?": ["a", "", "b"]})
    spec = load_spec(draft_spec(english))
    assert spec.lang == "en"
    assert spec.questions[0].type == "yesno"
    assert spec.questions[1].skip == AllOf((Condition(spec.questions[0].id, ("Yes",)),))


def test_a_near_miss_is_a_comment_only() -> None:
    left = ["Oui", "Non"] * 50
    why = ["x" if a == "Oui" else "" for a in left]
    why[1] = "y"  # one "Non" answered it: the rule does not fit exactly
    text = draft_spec(pd.DataFrame({"Sorti ?": left, "Pourquoi ?": why}))
    spec = load_spec(text)
    assert spec.questions[1].skip is None
    assert 'blank answers almost follow asked_if = { sorti = "Oui" } (99.0% of rows agree)' in text


# --------------------------------------------------------------------------- bad input


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ResponseFileError, match="is empty"):
        draft_spec(empty)
    header = tmp_path / "header.csv"
    header.write_bytes(b"Horodateur,Q1,Q2\r\n")
    with pytest.raises(ValueError, match="has a header but no response"):
        draft_spec(header)


def test_a_file_that_is_no_export(tmp_path: Path) -> None:
    junk = tmp_path / "photo.csv"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ResponseFileError, match="NUL byte"):
        draft_spec(junk)
    only_time = tmp_path / "times.csv"
    only_time.write_bytes(b"Timestamp\n2025-11-07 09:15:02\n")
    with pytest.raises(ValueError, match="has no question column"):
        draft_spec(only_time)
    with pytest.raises(TypeError, match="`source` must be"):
        draft_spec(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="`lang` must be"):
        draft_spec(only_time, lang="de")


def test_cli_init_writes_refuses_to_overwrite_and_forces(
    exports: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "survey.toml"
    assert main(["init", str(exports["google.csv"]), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == draft_spec(exports["google.csv"])
    capsys.readouterr()
    out.write_text("# edited by hand\n", encoding="utf-8")
    assert main(["init", str(exports["google.csv"]), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"`-o {out}` exists; pass --force" in err
    assert out.read_text(encoding="utf-8") == "# edited by hand\n"
    assert main(["init", str(exports["google.csv"]), "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Survey specification drafted")


def test_cli_init_prints_without_o(
    exports: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", str(exports["microsoft.xlsx"]), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out == draft_spec(exports["microsoft.xlsx"], lang="en")


def test_cli_init_unwritable_output(
    exports: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no" / "such" / "folder" / "survey.toml"
    assert main(["init", str(exports["google.csv"]), "-o", str(missing)]) == 2
    assert "optamstats init: error:" in capsys.readouterr().err
    assert main(["init", str(exports["google.csv"]), "-o", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert main(["init", str(exports["google.csv"]), "-o", str(locked / "s.toml")]) == 2


def test_cli_init_bad_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["init", str(empty)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("optamstats init: error:")
    assert "empty.csv" in err


def test_report_without_spec_drafts_one_and_says_so(
    exports: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--responses", str(exports["excel-fr.csv"]), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    head = out[: out.index("\n\n", out.index("Without --spec")) + 1]
    assert "Without --spec, this survey's specification was guessed from the export" in head
    # The multi-select table of the drafted spec: the counts the generator wrote.
    for label in survey2026.REASONS:
        truth = sum(label in r["reasons"] for r in SURVEY.rows)
        assert re.search(re.escape(label) + r"\s+" + str(truth) + r"\s", out), label


def test_report_spec_without_responses_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--spec", "survey.toml"]) == 2
    assert "`--spec` describes the `--responses` export" in capsys.readouterr().err


# --------------------------------------------------------------------------- properties

_header = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80
)


@given(st.lists(_header, min_size=1, max_size=30))
def test_slugified_ids_are_unique_identifiers(headers: list[str]) -> None:
    ids = slug_ids(headers)
    assert len(ids) == len(headers)
    assert len(set(ids)) == len(ids)
    for key in ids:
        assert re.fullmatch(r"[a-z_][a-z0-9_]*", key), key
        assert len(key) <= 30
        assert key.isidentifier()
        assert key.isascii()
        assert key not in ("any", "all", "not")


_word = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéèàç'()/-"), min_size=1, max_size=8)


@st.composite
def _labelled_cells(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, ...]], list[str], str]:
    separator = draw(st.sampled_from([", ", ";"]))
    count = draw(st.integers(2, 6))
    # Labels: a few words, some joined with ", " (the separator inside a label); words
    # are never shared between labels, so that a cell has one reading.
    words = draw(st.lists(_word, min_size=count * 3, max_size=count * 3, unique=True))
    labels = []
    for i in range(count):
        parts = words[3 * i : 3 * i + draw(st.integers(1, 3))]
        glue = draw(st.lists(st.sampled_from([" ", ", "]), min_size=2, max_size=2))
        label = parts[0]
        for j, part in enumerate(parts[1:]):
            label += glue[j] + part
        labels.append(label)
    rows = draw(st.lists(st.lists(st.booleans(), min_size=count, max_size=count), max_size=20))
    # Each label ticked alone once (as a whole cell), then any combinations, in form order.
    # (each then ticked at least twice: a label ticked once is taken for "Other" text).
    chosen = [[i] for i in range(count)] + [[i for i, b in enumerate(r) if b] for r in rows]
    chosen.append(list(range(count)))
    chosen = [c for c in chosen if c]
    trailing = ";" if separator == ";" else ""
    cells = [separator.join(labels[i] for i in c) + trailing for c in chosen]
    ticked = [tuple(labels[i] for i in c) for c in chosen]
    order = list(dict.fromkeys(label for t in ticked for label in t))
    return cells, ticked, order, separator


@given(_labelled_cells())
def test_labels_joined_and_split_back_are_the_labels(
    case: tuple[list[str], list[tuple[str, ...]], list[str], str],
) -> None:
    cells, ticked, labels, separator = case
    options, other = resolve_multi(cells, separator)
    assert options == labels
    assert other is False
    q = Question("q", "Q", type="multi", options=tuple(options), separator=separator)
    assert [q.split(cell) for cell in cells] == ticked


def test_read_back_from_bytes_and_streams(exports: dict[str, Path]) -> None:
    data = exports["google.csv"].read_bytes()
    assert draft_spec(data) == draft_spec(io.BytesIO(data)).replace("'<stream>'", "'<bytes>'")


def test_small_cases_scale_with_dont_know_repeated_headers_two_spellings() -> None:
    raw = (
        b"Timestamp,Q,Q,Rate 1-5,Ok?,Score\n"
        b"2025-11-07 09:00:00,a,b,3,Yes,01\n"
        b"2025-11-07 09:01:00,a,c,Don't know,yes,02\n"
        b"2025-11-07 09:02:00,b,c,5,No,03\n"
        b"2025-11-07 09:03:00,b,c,1,No,01\n"
    )
    text = draft_spec(raw)
    spec = load_spec(text)
    read_responses(raw, spec=spec)  # reads without an edit
    rate, ok, score = spec.questions
    # A scale with a "don't know": levels listed, then the non-substantive answer.
    assert (rate.type, rate.options) == ("scale", ("1", "2", "3", "4", "5", "Don't know"))
    assert rate.non_substantive == ("Don't know",)
    # "Yes" and "yes" are two answers: a yes/no question could list only one of them.
    assert (ok.type, ok.options) == ("single", ("Yes", "yes", "No"))
    # "01" is not the level "1": not a scale.
    assert (score.type, score.options) == ("single", ("01", "02", "03"))
    assert "# left out: 'Q' is 2 columns of the header (read as 'Q', 'Q.1')" in text
    assert "Q" not in spec.columns


def test_a_text_stream_drafts_as_its_bytes(exports: dict[str, Path]) -> None:
    data = exports["google.csv"].read_bytes()
    assert draft_spec(io.StringIO(data.decode("utf-8"))) == draft_spec(data)


def test_report_on_the_workbook_with_its_drafted_spec(
    exports: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "survey.toml"
    assert main(["init", str(exports["microsoft.xlsx"]), "-o", str(spec)]) == 0
    argv = ["report", "--responses", str(exports["microsoft.xlsx"]), "--spec", str(spec)]
    capsys.readouterr()
    assert main([*argv, "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert "devinée à partir de l'export" not in out  # a spec was given
    for label in survey2026.REASONS:
        truth = sum(label in r["reasons"] for r in SURVEY.rows)
        assert re.search(re.escape(label) + r"\s+" + str(truth) + r"\s", out), label


_answers = st.sampled_from(
    [
        *("", "Oui", "Non", "Ne sait pas", "1", "2", "5", "3,5", "12", "A, B", "A", "B"),
        *("B, C;", "C;", "x, y, z", 'say "hi"', "Tout à fait", "Yes", "no", "A;B;"),
    ]
)


@settings(max_examples=150)
@given(
    st.lists(_header.filter(lambda h: h.strip()), min_size=1, max_size=4, unique=True),
    st.data(),
)
def test_any_draft_loads_and_reads_its_data(headers: list[str], data: st.DataObject) -> None:
    rows = data.draw(st.integers(1, 30))
    frame = pd.DataFrame(
        {h: data.draw(st.lists(_answers, min_size=rows, max_size=rows)) for h in headers}
    )
    spec = load_spec(draft_spec(frame))  # no edit
    assert spec.columns == tuple(headers)
    spec.validate(frame)  # every answer is one of the drafted options
    cohort = spec.cohort(frame)
    for q in spec.questions:
        assert cohort.asked(q.column).sum() <= rows


def test_an_other_text_ticked_with_an_option_is_not_glued_to_it() -> None:
    # Found by a review: "Charge administrative, <Other text>" twice became an option of
    # its own, so "Charge administrative" was undercounted and the free text printed.
    from optamstats.draft import resolve_multi

    cells = ["Charge administrative", "Tarifs, trop bas", "Tarifs, trop bas",
             "Charge administrative, Départ proche", "Charge administrative, Départ proche",
             "Charge administrative, Tarifs, trop bas"]  # fmt: skip
    options, _ = resolve_multi(cells, ", ")
    assert "Charge administrative, Départ proche" not in options
    assert "Charge administrative" in options
    assert "Tarifs, trop bas" in options  # a label holding the separator, still whole


def test_repeated_comments_are_read_as_text_not_options() -> None:
    # A review: comments repeated a few times were drafted as a single-choice question,
    # whose options (one naming a doctor) the report would print.
    from optamstats.survey.draft import _guess_type

    comments = (
        ["Je suis à bout, Dr Martin à Lyon le sait bien"] * 3
        + ["Trop de gardes cette année, c'est épuisant"] * 2
        + [f"Commentaire numéro {i} sur la convention" for i in range(6)]
        + [""] * 20
    )
    assert _guess_type("c", "Un commentaire ?", comments, ", ", False).type == "text"
    # Short options chosen many times stay a single-choice question.
    options = ["Libéral"] * 9 + ["Mixte (libéral et hospitalier)"] * 7 + ["Salarié"] * 5
    assert _guess_type("p", "Exercice ?", options, ", ", False).type == "single"
