"""Tests of optamstats.forms: reading survey exports, and survey specifications.

Every export here is synthetic, built inside the test in the layout the survey tool
writes (Google Forms' CSV in English and French, Microsoft Forms' Excel export saved as
CSV, a French Excel's cp1252 with ';', generic CSV). Timestamps are checked against
values built by hand with `datetime`; the example specification is the one printed in
docs/spec.md.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from optamstats._checks import InvalidTypeError, InvalidValueError, OptamstatsError
from optamstats.forms import (
    ROLES,
    Condition,
    ExportFormat,
    Label,
    Question,
    ResponseFileError,
    SpecError,
    SurveySpec,
    UnknownColumnError,
    load_spec,
    read_responses,
)

DATA = Path(__file__).parent / "data"
SPEC_FILE = DATA / "optam_2025_spec.toml"
DOC = Path(__file__).parents[1] / "docs" / "spec.md"

LEFT = "Etes-vous sorti de l'OPTAM?"
WHY = "Pour quelles raisons?"


def csv_bytes(
    rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8", eol: str = "\r\n"
) -> bytes:
    """Write rows the way a survey tool does: minimal quoting, doubled quotes."""
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator=eol).writerows(rows)
    return out.getvalue().encode(encoding)


def read(data: bytes, **kwargs: object) -> pd.DataFrame:
    return read_responses(io.BytesIO(data), **kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- exports

GOOGLE_FR = [
    ["Horodateur", "Vous êtes :", LEFT, WHY, "Commentaire"],
    [
        "07/11/2025 09:15:02",
        "Médecin installé",
        "Oui",
        "Désaccord politique, Menace de sanctions / pénalités",
        'Il faut dire "non", vraiment',
    ],
    ["07/11/2025 21:04:59", "Médecin remplaçant", "Non", "", ""],
    [
        "12/11/2025 23:59:00",
        "Interne",
        "Oui",
        "Objectifs financiers inatteignables",
        "ligne 1\nligne 2",
    ],
]


def test_google_forms_french_export() -> None:
    df = read(csv_bytes(GOOGLE_FR))
    assert list(df.columns) == GOOGLE_FR[0]
    assert df["Horodateur"].tolist() == [
        datetime(2025, 11, 7, 9, 15, 2),
        datetime(2025, 11, 7, 21, 4, 59),
        datetime(2025, 11, 12, 23, 59, 0),
    ]
    assert str(df["Horodateur"].dtype) == "datetime64[us]"
    for j, column in enumerate(GOOGLE_FR[0][1:], start=1):
        assert df[column].tolist() == [row[j] for row in GOOGLE_FR[1:]]
    fmt = df.attrs["export_format"]
    assert isinstance(fmt, ExportFormat)
    assert (fmt.kind, fmt.encoding, fmt.delimiter) == ("google-forms", "utf-8", ",")
    assert (fmt.timestamp, fmt.timestamp_format, fmt.rows) == ("Horodateur", "%d/%m/%Y %H:%M:%S", 3)
    assert isinstance(df.index, pd.RangeIndex)


def test_google_forms_english_us_export() -> None:
    rows = [
        ["Timestamp", "Have you left?"],
        ["11/7/2025 9:15:02", "Yes"],  # en-US: month first, no zero padding
        ["11/13/2025 17:00:00", "No"],  # day 13: only month first parses
    ]
    df = read(csv_bytes(rows))
    assert df["Timestamp"].tolist() == [datetime(2025, 11, 7, 9, 15, 2), datetime(2025, 11, 13, 17)]
    assert df.attrs["export_format"].timestamp_format == "%m/%d/%Y %H:%M:%S"


def test_day_order_settled_by_row_order() -> None:
    # Both readings parse every value; only month first keeps the rows in order.
    rows = [["Timestamp", "Q"], ["01/11/2025 09:00:00", "a"], ["02/11/2025 09:00:00", "b"],
            ["03/10/2025 09:00:00", "c"]]  # fmt: skip
    df = read(csv_bytes(rows))
    assert df["Timestamp"].dt.month.tolist() == [1, 2, 3]


def test_ambiguous_day_order_asks() -> None:
    rows = [["Timestamp", "Q"], ["07/11/2025 09:15:02", "a"], ["08/11/2025 09:15:02", "b"]]
    with pytest.raises(
        InvalidValueError, match=r"`dayfirst`: .*read both day first and month first"
    ):
        read(csv_bytes(rows))
    assert read(csv_bytes(rows), dayfirst=True)["Timestamp"].dt.month.tolist() == [11, 11]
    assert read(csv_bytes(rows), dayfirst=False)["Timestamp"].dt.month.tolist() == [7, 8]


def test_french_header_settles_day_order() -> None:
    rows = [["Horodateur", "Q"], ["07/11/2025 09:15:02", "a"], ["08/11/2025 09:15:02", "b"]]
    assert read(csv_bytes(rows))["Horodateur"].dt.day.tolist() == [7, 8]


def test_french_excel_cp1252_semicolon() -> None:
    rows = [
        ["Horodateur", "Quel est votre mode d'exercice ?", "Remarque"],
        ["07/11/2025 09:15", "Libéral exclusif", "Désaccord ; “politique” – net"],
        ["07/11/2025 09:16", "Mixte (libéral et hospitalier)", ""],
    ]
    data = csv_bytes(rows, delimiter=";", encoding="cp1252")
    assert b"\xe9" in data  # é as one cp1252 byte
    df = read(data)
    fmt = df.attrs["export_format"]
    assert (fmt.encoding, fmt.delimiter) == ("cp1252", ";")
    assert df["Quel est votre mode d'exercice ?"].tolist() == [rows[1][1], rows[2][1]]
    assert df["Remarque"].tolist() == [rows[1][2], ""]
    assert df["Horodateur"].tolist() == [datetime(2025, 11, 7, 9, 15), datetime(2025, 11, 7, 9, 16)]


def test_utf8_bom_semicolon() -> None:
    rows = [["Horodateur", "Spécialité"], ["07/11/2025 09:15:02", "Pédiatrie"]]
    data = b"\xef\xbb\xbf" + csv_bytes(rows, delimiter=";")
    df = read(data)
    assert list(df.columns) == ["Horodateur", "Spécialité"]  # no BOM in the first header
    assert df.attrs["export_format"].encoding == "utf-8-sig"
    assert df["Spécialité"].tolist() == ["Pédiatrie"]


def test_tab_delimiter_and_lf_endings() -> None:
    rows = [["a", "b, c"], ["1", "x; y"]]
    df = read(csv_bytes(rows, delimiter="\t", eol="\n"))
    assert df.attrs["export_format"].delimiter == "\t"
    assert df.to_dict("list") == {"a": ["1"], "b, c": ["x; y"]}


def test_microsoft_forms_export() -> None:
    # Columns of Microsoft Forms' Excel export, saved as CSV by Excel (en-US dates).
    rows = [
        ["ID", "Start time", "Completion time", "Email", "Name", "Have you left?"],
        ["1", "11/7/2025 9:15", "11/7/2025 9:17", "anonymous", "", "Yes"],
        ["2", "11/13/2025 10:15", "11/13/2025 10:19", "anonymous", "", "No"],
    ]
    df = read(csv_bytes(rows))
    assert df.attrs["export_format"].kind == "microsoft-forms"
    assert df["Completion time"].tolist() == [
        datetime(2025, 11, 7, 9, 17),
        datetime(2025, 11, 13, 10, 19),
    ]
    assert df["Start time"].tolist() == ["11/7/2025 9:15", "11/13/2025 10:15"]  # only one parsed
    assert df["ID"].tolist() == ["1", "2"]


def test_generic_csv_keeps_every_cell_as_text() -> None:
    rows = [
        ["id", "age", "answer"],
        ["007", "NA", "null"],
        ["-3.5", "", " x "],
        ["1e3", "TRUE", "=1+1"],
    ]
    df = read(csv_bytes(rows))
    assert df.attrs["export_format"].kind == "generic"
    assert df.attrs["export_format"].timestamp is None
    assert df.values.tolist() == rows[1:]
    assert all(pd.api.types.is_string_dtype(t) for t in df.dtypes)


def test_timestamp_options() -> None:
    rows = [["Submitted", "Q"], ["2025-11-07 09:15:02", "a"], ["", "b"]]
    data = csv_bytes(rows)
    assert read(data)["Submitted"].tolist() == ["2025-11-07 09:15:02", ""]  # not a known header
    df = read(data, timestamp="Submitted")
    assert df["Submitted"].iloc[0] == datetime(2025, 11, 7, 9, 15, 2)
    assert pd.isna(df["Submitted"].iloc[1])  # blank cell: NaT, the row is kept
    fixed = read(data, timestamp="Submitted", timestamp_format="%Y-%m-%d %H:%M:%S")
    assert fixed["Submitted"].equals(df["Submitted"])
    google = csv_bytes([["Timestamp", "Q"], ["11/7/2025 9:15:02", "a"]])
    assert read(google, timestamp=False)["Timestamp"].tolist() == ["11/7/2025 9:15:02"]


def test_quotes_commas_line_breaks_and_blanks_survive() -> None:
    rows = [
        ["Q1", "Q2, with comma", 'Q3 "quoted"'],
        ['a "b", c', "", "multi\nline\r\ncell"],
        ["", "", ""],
        [" leading", "trailing ", "é, è; à"],
    ]
    for delimiter in (",", ";"):
        df = read(csv_bytes(rows, delimiter=delimiter))
        assert list(df.columns) == rows[0]
        assert df.values.tolist() == rows[1:]


def test_sources_path_bytes_and_streams(tmp_path: Path) -> None:
    data = csv_bytes(GOOGLE_FR)
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    expected = read(data)
    for source in (path, str(path), data, io.BytesIO(data), io.StringIO(data.decode("utf-8"))):
        df = read_responses(source)  # type: ignore[arg-type]
        pd.testing.assert_frame_equal(df, expected)
    assert read_responses(path).attrs["export_format"].source == str(path)


def test_bom_and_cp1252_through_a_file_on_disk(tmp_path: Path) -> None:
    rows = [["Horodateur", "Spécialité"], ["07/11/2025 09:15:02", "Pédiatrie"]]
    for name, data in {
        "bom.csv": b"\xef\xbb\xbf" + csv_bytes(rows, delimiter=";"),
        "excel.csv": csv_bytes(rows, delimiter=";", encoding="cp1252"),
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        df = read_responses(path)
        assert list(df.columns) == rows[0]
        assert df["Spécialité"].tolist() == ["Pédiatrie"]
        assert df["Horodateur"].tolist() == [datetime(2025, 11, 7, 9, 15, 2)]


def test_spec_timestamp_missing_is_reported_with_the_other_columns() -> None:
    spec = load_spec('[survey]\ntimestamp = "Horodateur"\n[questions.a]\ncolumn = "A"\n')
    with pytest.raises(
        UnknownColumnError,
        match=r"the spec names 1 column\(s\) missing from the data: `survey.timestamp` = "
        r"'Horodateur' \(closest: 'Horodatuer'\)",
    ):
        read(b"Horodatuer,A\n07/11/2025 09:00:00,x\n", spec=spec)


def test_trailing_blank_lines_and_header_only() -> None:
    df = read(b"a,b\n1,2\n3,\n\n\r\n\n")
    assert df.values.tolist() == [["1", "2"], ["3", ""]]
    empty = read(b"a,b\n")
    assert list(empty.columns) == ["a", "b"]
    assert len(empty) == 0
    # With one column a blank line is a blank answer, at the end too.
    assert read(b"a\n1\n\n")["a"].tolist() == ["1", ""]


def test_duplicate_and_empty_headers_are_named_like_pandas() -> None:
    df = read(b"Pour quelles raisons?,Pour quelles raisons?,\n1,2,3\n")
    assert list(df.columns) == ["Pour quelles raisons?", "Pour quelles raisons?.1", "Unnamed: 2"]


# --------------------------------------------------------------------------- broken files

BROKEN = [
    (b"a,b,c\n1,2,3\n4,5\n6,7,8\n", r"line 3 has 2 fields where the header has 3"),
    (b"a,b,c\n1,2,3\n4,5,6,7\n", r"line 3 has 4 fields where the header has 3"),
    (b"a,b\n1,2,3\n4,5,6\n", r"line 2 has 3 fields where the header has 2"),
    (b"a,b\n1,2\n\n3,4\n", r"line 3 is blank where the header has 2 fields"),
    (b'a,b\n1,"x\ny",\n2,3\n', r"line 2 has 3 fields where the header has 2"),
    (b'a,b\n1,2\n"3,4\n5,6\n', r"line 3: a quoted field opens on this line and is never closed"),
    (b"a,b\n1,2\x00\n", r"line 2: NUL byte \(0x00\) at byte 7: this is binary data"),
    (b"PK\x03\x04\x14\x00junk", r"is a workbook \(ZIP or compound file\) that cannot be read"),
    ("a,b\n1,2\n".encode("utf-16"), r"line 1: the file is UTF-16 text"),
    (b"a,b\n1,\x03\n", r"line 2: control byte 0x03 at byte 6: binary junk"),
    (b"", r"is empty \(0 bytes, no header line\)"),
    (b" \r\n\n", r"is empty \(4 bytes, no header line\)"),
    (b"\na,b\n1,2\n", r"line 1 is blank: the header"),
    (b"a,b\n1,\x81\n", r"line 2: byte 0x81 at byte 6 is neither UTF-8 nor cp1252"),
    (
        "a,b\n1,é\n".encode() + b"2,\xe9\n",
        r"line 3: byte 0xe9 is not valid UTF-8, but line 2 holds UTF-8",
    ),
    (
        b"\xef\xbb\xbfa,b\n1,\xe9\n",
        r"line 2: byte 0xe9 is not valid UTF-8 although the file starts",
    ),
    (
        b'Horodateur,Q\n07/11/2025 09:15:02,a\n"31/02/2025 09:15:02",b\n',
        r"line 3: timestamp '31/02/2025 09:15:02' in column 'Horodateur' is not a date",
    ),
    (
        b'Horodateur,Q\n07/11/2025 09:15:02,a\n"x\ny",b\n08/11/2025 10:00:00,c\n',
        r"line 3: timestamp 'x\\ny'",
    ),
    (b"Horodateur,Q\nhier,a\n", r"line 2: column 'Horodateur' holds no dates"),
]


@pytest.mark.parametrize(("data", "message"), BROKEN, ids=range(len(BROKEN)))
def test_broken_files_name_the_file_and_line(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(ResponseFileError, match=r"`source` '<stream>'[ ,].*" + message) as err:
        read(data)
    assert isinstance(err.value, InvalidValueError)
    assert err.value.source == "<stream>"
    path = tmp_path / "réponses.csv"  # also through a memory-mapped file on disk
    path.write_bytes(data)
    with pytest.raises(ResponseFileError, match=re.escape(f"`source` '{path}'")) as err2:
        read_responses(path)
    assert err2.value.line == err.value.line


def test_blank_line_error_carries_the_line() -> None:
    with pytest.raises(ResponseFileError) as err:
        read(b"a,b\n1,2\n\n3,4\n")
    assert err.value.line == 3


def test_bad_arguments() -> None:
    data = csv_bytes(GOOGLE_FR)
    with pytest.raises(InvalidValueError, match=r"`delimiter` must be one character .* got '::'"):
        read(data, delimiter="::")
    with pytest.raises(
        InvalidValueError, match=r"`encoding` must be an encoding Python knows.*'klingon'"
    ):
        read(data, encoding="klingon")
    with pytest.raises(
        InvalidTypeError, match=r"`dayfirst` must be True, False or None; got 'yes'"
    ):
        read(data, dayfirst="yes")
    with pytest.raises(InvalidTypeError, match=r"`timestamp` must be True \(detect\)"):
        read(data, timestamp=3)
    with pytest.raises(InvalidTypeError, match=r"`spec` must be a SurveySpec"):
        read(data, spec="spec.toml")
    with pytest.raises(InvalidTypeError, match=r"`source` must be a path, bytes or an open file"):
        read_responses(42)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"got a string holding line breaks"):
        read_responses("a,b\n1,2\n")
    # "Vous êtes" in the header: ê is 0xEA in cp1252, at byte 16 of line 1.
    with pytest.raises(
        ResponseFileError, match=r"line 1: byte 0xea at byte 16 cannot be decoded as utf-8"
    ):
        read(csv_bytes(GOOGLE_FR, encoding="cp1252"), encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        read_responses("/nonexistent/export.csv")


def test_cp1252_is_not_mistaken_for_mixed_encodings() -> None:
    # Capitals before a closing quote, and é«», form byte pairs that are valid UTF-8
    # (U+027B, a CJK character): still cp1252 text.
    rows = [["Remarque"], ["«COMPLÉTÉ»"], ["é«» DÉCIDÉ…"]]
    df = read(csv_bytes(rows, encoding="cp1252"))
    assert df["Remarque"].tolist() == [rows[1][0], rows[2][0]]
    assert df.attrs["export_format"].encoding == "cp1252"
    # A UTF-8 é (C3 A9) beside a cp1252 é (E9) is a mix.
    with pytest.raises(
        ResponseFileError, match=r"line 2: byte 0xe9 is not valid UTF-8, but line 3 holds"
    ):
        read("Remarque\nd\xe9j\xe0\n".encode("latin-1") + "été\n".encode())


def test_given_encoding_is_used() -> None:
    data = csv_bytes([["a"], ["Désaccord"]], encoding="latin-1")
    df = read(data, encoding="latin-1")
    assert df["a"].tolist() == ["Désaccord"]
    assert df.attrs["export_format"].encoding == "latin-1"


def test_unknown_timestamp_column_lists_closest_headers() -> None:
    with pytest.raises(
        UnknownColumnError, match=r"`timestamp` 'horodateur' is not a column.*closest: 'Horodateur'"
    ) as err:
        read(csv_bytes(GOOGLE_FR), timestamp="horodateur")
    assert err.value.suggestions[0] == "Horodateur"


# --------------------------------------------------------------------------- round trip

cells = st.text(
    alphabet=st.sampled_from(list("aZ09 ,;\"'\n\t-éèàçœ€’«»=+")), min_size=0, max_size=12
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    width = draw(st.integers(1, 5))
    header = [f"Q{j}{draw(st.text(alphabet='abcé ?', max_size=6))}" for j in range(width)]
    rows = draw(st.lists(st.lists(cells, min_size=width, max_size=width), max_size=12))
    return header, rows


@given(
    tables(),
    st.sampled_from([",", ";"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    st.sampled_from(["\r\n", "\n"]),
)
def test_round_trip_keeps_every_cell_exactly(
    table: tuple[list[str], list[list[str]]], delimiter: str, encoding: str, eol: str
) -> None:
    header, rows = table
    assume(len({h.strip() for h in header}) == len(header))
    assume(not (len(header) == 1 and rows and rows[-1] == [""]))  # csv writes "" for it
    data = csv_bytes([header, *rows], delimiter=delimiter, encoding=encoding, eol=eol)
    df = read(data, delimiter=delimiter)
    assert list(df.columns) == header
    assert df.values.tolist() == rows
    if len(header) > 1 and rows:  # one column: the delimiter cannot be told
        assert read(data).values.tolist() == rows  # delimiter and encoding detected


# --------------------------------------------------------------------------- spec: the example

OPTAM_COLUMNS = [
    "Horodateur",
    "Quel est votre mode d'exercice ?",
    "Vous êtes :",
    "Dans quel secteur conventionnel exercez-vous ?",
    "Quelle est votre spécialité ?",
    "Parmi les S2, êtes-vous ou avez-vous été dans le dernier mois (octobre) en S2 OPTAM ?",
    LEFT,
    "Si non sorti(e) de l'OPTAM, comptez-vous en sortir dans les 3 prochains mois?",
    WHY,
    "Quels changements attendez-vous ?",
]


def test_doc_example_is_the_test_file_and_loads() -> None:
    doc = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", doc, flags=re.S)
    assert len(blocks) == 1
    assert blocks[0] == SPEC_FILE.read_text(encoding="utf-8")
    spec = load_spec(blocks[0])
    assert spec == load_spec(SPEC_FILE) == load_spec(str(SPEC_FILE))
    assert spec.ids == ("practice", "status", "sector", "specialty", "member", "left",
                        "plans_to_leave", "motives", "changes")  # fmt: skip
    assert spec.columns == tuple(OPTAM_COLUMNS)
    assert [s.step for s in spec.steps] == ["require", "drop_resubmissions", "exclude", "exclude",
                                            "include"]  # fmt: skip
    assert spec.lang == "fr"
    assert spec.timestamp == "Horodateur"
    assert spec.dayfirst is True
    # Each question of the published report, with the report's wording and options.
    assert spec.question("member").column.startswith("Parmi les S2")
    assert spec.question("left").column == LEFT
    assert spec.question("left").asked_if == (Condition("member", ("Oui",)),)
    assert spec.question("plans_to_leave").asked_if == (Condition("left", ("Non",)),)
    motives = spec.question("motives")
    assert motives.type == "multi"
    assert motives.separator == ", "
    assert motives.other is False
    assert motives.options[0] == "Désaccord politique"
    assert len(motives.options) == 7
    assert spec.base_label("left", "fr") == "adhérents OPTAM en octobre"
    assert spec.base_label("left", "en") == "OPTAM members in October"
    assert spec.base_label("changes", "fr") == "répondants de secteur 2"  # the population
    assert spec.question("free_text").type == "text"
    assert set(ROLES) >= {q.role for q in spec.questions if q.role}


def example_frame(spec: SurveySpec) -> pd.DataFrame:
    """Three respondents following the spec's skip logic."""
    cols = {q.id: q.column for q in spec.questions}
    return pd.DataFrame(
        {
            "Horodateur": ["07/11/2025 09:00:00", "07/11/2025 10:00:00", "08/11/2025 09:00:00"],
            cols["practice"]: [
                "Libéral exclusif",
                "Mixte (libéral et hospitalier)",
                "Libéral exclusif",
            ],
            cols["status"]: ["Médecin installé"] * 3,
            cols["sector"]: ["Secteur 2", "Secteur 2", "Secteur 1"],
            cols["specialty"]: ["Pédiatrie", "Chirurgie", "Pédiatrie"],
            cols["member"]: ["Oui", "Oui", ""],
            cols["left"]: ["Oui", "Non", ""],
            cols["plans_to_leave"]: ["", "Oui", ""],
            cols["motives"]: ["Désaccord politique, Objectifs financiers inatteignables", "", ""],
            cols["changes"]: ["texte libre", "", ""],
        },
        dtype="str",
    )


def test_spec_validates_a_matching_export_and_asked_follows_chains() -> None:
    spec = load_spec(SPEC_FILE)
    frame = example_frame(spec)
    spec.validate(frame)
    assert spec.asked(frame, "member").tolist() == [True, True, False]
    assert spec.asked(frame, "left").tolist() == [True, True, False]
    assert spec.asked(frame, "plans_to_leave").tolist() == [False, True, False]
    assert spec.asked(frame, "motives").tolist() == [True, False, False]
    assert spec.asked(frame, "practice").tolist() == [True, True, True]
    raw = csv_bytes([list(frame.columns), *frame.values.tolist()])
    df = read(raw, spec=spec)  # the spec's timestamp and day order are used
    assert df["Horodateur"].tolist()[2] == datetime(2025, 11, 8, 9)


def test_validate_lists_closest_headers_for_each_missing_column() -> None:
    spec = load_spec(SPEC_FILE)
    frame = example_frame(spec).rename(
        columns={LEFT: "Etes-vous sorti de l’OPTAM ?", WHY: "Pour quelle raison ?"}
    )
    with pytest.raises(
        UnknownColumnError,
        match=re.escape(
            "the spec names 2 column(s) missing from the data: `questions.left.column` = "
            "\"Etes-vous sorti de l'OPTAM?\" (closest: 'Etes-vous sorti de l’OPTAM ?'); "
            "`questions.motives.column` = 'Pour quelles raisons?' (closest: 'Pour quelle "
            "raison ?'). Fix each key to the export's exact header."
        ),
    ) as err:
        spec.validate(frame)
    assert err.value.column == LEFT
    assert err.value.suggestions == ("Etes-vous sorti de l’OPTAM ?",)
    with pytest.raises(UnknownColumnError):
        read(csv_bytes([list(frame.columns), *frame.values.tolist()]), spec=spec)


def test_validate_refuses_answers_outside_the_options() -> None:
    spec = load_spec(SPEC_FILE)
    frame = example_frame(spec)
    frame.loc[2, LEFT] = "oui"  # a label variant: shown, it is close to an option
    with pytest.raises(
        InvalidValueError,
        match=r"question 'left'\) has 1 answer\(s\) that are none of its "
        r"`options` e.g. 'oui'; first at row 2",
    ):
        spec.validate(frame)
    frame = example_frame(spec)
    frame.loc[1, WHY] = "Désaccord politique, une raison très personnelle"
    with pytest.raises(
        InvalidValueError,
        match=r"question 'motives'\) has 1 answer\(s\) that are none of its "
        r"`options`; first at row 1",
    ) as err:
        spec.validate(frame)
    assert "personnelle" not in str(err.value)  # free text is never printed


# --------------------------------------------------------------------------- spec: API


SMALL = """
[survey]
lang = "en"
population = "respondents"

[questions.member]
column = "Member?"
role = "member"
options = ["Yes", "No"]
yes = "Yes"
no = ["No"]

[questions.left]
column = "Left?"
role = "left"
options = ["Yes", "No"]
yes = "Yes"
no = "No"
asked_if = { member = "Yes" }
base = { en = "members", fr = "adhérents" }

[questions.comment]
column = "Comment"
role = "free_text"
type = "text"

[questions.comment2]
column = "Other comment"
role = "free_text"
type = "text"
"""


def test_question_by_role_and_by_id() -> None:
    spec = load_spec(SMALL)
    assert spec.question("member").yes == ("Yes",)
    assert spec.question("member").no == ("No",)
    assert spec["left"].role == "left"
    assert spec.questions_with_role("free_text") == (spec["comment"], spec["comment2"])
    assert spec.resolve("Left?") is spec["left"]  # by column
    assert spec.resolve("left") is spec["left"]
    assert spec.resolve("nothing") is None
    with pytest.raises(
        SpecError,
        match=r"`role` 'free_text' belongs to 2 questions \(comment, comment2\); pick one by id",
    ):
        spec.question("free_text")
    with pytest.raises(
        SpecError,
        match=r"`role` 'motives' belongs to no question of the spec; roles "
        r"present: 'free_text', 'left', 'member'",
    ):
        spec.question("motives")
    with pytest.raises(
        SpecError, match=r"`id` 'lef' is not a question of the spec.*Did you mean 'left'\?"
    ):
        spec["lef"]
    assert spec.base_label("left") == "members"
    assert spec.base_label("left", "fr") == "adhérents"
    assert spec.base_label("member") == "respondents"
    assert spec["left"].title("en") == "Left?"


def test_label_falls_back_on_the_other_language() -> None:
    assert Label(en="a", fr="b").text("fr") == "b"
    assert Label(en="a").text("fr") == "a"
    assert Label(fr="b").text("en") == "b"
    assert Label().text("en") == ""


def test_spec_is_frozen() -> None:
    spec = load_spec(SMALL)
    with pytest.raises(AttributeError):
        spec.lang = "fr"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        spec["left"].column = "x"  # type: ignore[misc]
    assert hash(spec) == hash(load_spec(SMALL))


def test_split_multi_select_answers() -> None:
    q = Question("why", "Why?", type="multi", options=("Cost, mostly", "Time", "Time off"))
    assert q.split("Cost, mostly, Time") == ("Cost, mostly", "Time")
    assert q.split("Time off, Time") == ("Time off", "Time")
    assert q.split("Cost, mostly,Time") == ("Cost, mostly", "Time")
    assert q.split("") == ()
    ms = Question("why", "Why?", type="multi", options=("A", "B"), separator=";")
    assert ms.split("A;B;") == ("A", "B")  # Microsoft Forms' trailing separator
    other = Question("why", "Why?", type="multi", options=("A", "B"), other=True)
    assert other.split("A, my own, reason") == ("A", "my own, reason")
    with pytest.raises(
        InvalidValueError,
        match=r"an answer to 'why' holds text that is none of its options \(1 "
        r"characters left after 1 option\(s\)\)",
    ):
        Question("why", "Why?", type="multi", options=("A",)).split("A, Z")
    with pytest.raises(
        InvalidValueError, match=r"`split` needs a multi-select question; 'q' is 'single'"
    ):
        Question("q", "Q").split("A")


def test_load_spec_from_files(tmp_path: Path) -> None:
    path = tmp_path / "spec.toml"
    path.write_text(SMALL, encoding="utf-8")
    assert load_spec(path).source == str(path)
    assert load_spec(path).questions == load_spec(SMALL).questions
    bad = tmp_path / "latin.toml"
    bad.write_bytes('[questions.a]\ncolumn = "é"\n'.encode("latin-1"))
    with pytest.raises(SpecError, match=r"spec '.*latin.toml' is not UTF-8 text"):
        load_spec(bad)
    with pytest.raises(FileNotFoundError):
        load_spec(tmp_path / "missing.toml")
    with pytest.raises(InvalidTypeError, match=r"`source` must be a path or TOML text; got 3"):
        load_spec(3)  # type: ignore[arg-type]


Q = '[questions.a]\ncolumn = "A"\noptions = ["Oui", "Non"]\n'
BAD_SPECS = [
    ("[questions.a\n", r"is not valid TOML: .*line 1"),
    (
        "[surveys]\n",
        r"`surveys`: unknown key; allowed: survey, questions, cohort, fieldwork, section, "
        r"funnel, claim, breakdown, weighting, waves\. Did you mean 'survey'\?",
    ),
    ('[survey]\nlang = "de"\n' + Q, r"`survey.lang`: must be one of 'en', 'fr'; got 'de'"),
    ('[survey]\ndayfirst = "yes"\n' + Q, r"`survey.dayfirst`: must be true or false; got 'yes'"),
    (
        '[survey]\ntimestamp_format = "dd/mm"\n' + Q,
        r"`survey.timestamp_format`: must be strftime codes",
    ),
    ('[survey]\ntitle = { de = "x" }\n' + Q, r"`survey.title.de`: unknown key; allowed: en, fr"),
    ("[survey]\n", r"`questions`: the spec must describe at least one question"),
    (
        '[questions."my id"]\ncolumn = "A"\n',
        r"`questions.my id`: a question id must be an identifier",
    ),
    ('[questions.a]\ntype = "single"\n', r"`questions.a`: needs `column`, the export's header"),
    (
        Q + 'aksed_if = { a = "Oui" }\n',
        r"`questions.a.aksed_if`: unknown key; .* Did you mean "
        r"'asked_if'\?",
    ),
    ('[questions.a]\ncolumn = ""\n', r"`questions.a.column`: must be a non-empty string; got ''"),
    (
        '[questions.a]\ncolumn = "A"\ntype = "likert"\n',
        r"`questions.a.type`: must be one of 'single', 'yesno', 'multi', 'scale', 'number', "
        r"'text'; got 'likert'",
    ),
    (
        '[questions.a]\ncolumn = "A"\nrole = "plan to leave"\n',
        r"`questions.a.role`: must be an identifier such as 'left'; got "
        r"'plan to leave'",
    ),
    (
        '[questions.a]\ncolumn = "A"\ntype = "multi"\n',
        r"`questions.a`: a multi-select question needs its `options`",
    ),
    (
        '[questions.a]\ncolumn = "A"\ntype = "text"\noptions = ["x"]\n',
        r"`questions.a.options`: a `type = \"text\"` question has no "
        r"options",
    ),
    (
        '[questions.a]\ncolumn = "A"\nseparator = ";"\n',
        r"`questions.a.separator`: only a `type = \"multi\"` question has "
        r"a separator",
    ),
    (
        '[questions.a]\ncolumn = "A"\noptions = ["x", "x"]\n',
        r"`questions.a.options`: lists 'x' twice",
    ),
    (
        '[questions.a]\ncolumn = "A"\noptions = ["x", " "]\n',
        r"`questions.a.options`: holds an empty option",
    ),
    (
        '[questions.a]\ncolumn = "A"\noptions = "x"\nother = "no"\n',
        r"`questions.a.other`: must be true or false",
    ),
    (Q + 'yes = "Yes"\n', r"`questions.a.yes`: 'Yes' is not one of the question's options"),
    (
        Q + 'yes = "Oui"\nno = ["Oui", "Non"]\n',
        r"`questions.a`: 'Oui' is both a `yes` and a `no` answer",
    ),
    (Q + "options2 = 1\n", r"`questions.a.options2`: unknown key"),
    (
        Q + '[questions.b]\ncolumn = "A"\n',
        r"`questions.b.column`: 'A' is already the column of 'a'",
    ),
    ('[survey]\ntimestamp = "A"\n' + Q, r"`questions.a.column`: is the survey's timestamp column"),
    (
        Q + '[questions.b]\ncolumn = "B"\nasked_if = { c = "Oui" }\n',
        r"`questions.b.asked_if.c`: 'c' is no question id, role or column "
        r"of the spec",
    ),
    (
        Q + '[questions.b]\ncolumn = "B"\nasked_if = { a = "oui" }\n',
        r"`questions.b.asked_if.a`: 'oui' is not one of the options of "
        r"'a'\. Did you mean 'Oui'\?",
    ),
    (
        Q + '[questions.b]\ncolumn = "B"\nasked_if = { a = [] }\n',
        r"`questions.b.asked_if.a`: needs at least one answer",
    ),
    (
        Q + '[questions.b]\ncolumn = "B"\nasked_if = { a = 1 }\n',
        r"`questions.b.asked_if.a`: must be a string or a list of strings; "
        r"got 1",
    ),
    (
        '[questions.m]\ncolumn = "M"\ntype = "multi"\noptions = '
        '["x"]\n[questions.b]\ncolumn = "B"\nasked_if = { m = "x" }\n',
        r"`questions.b.asked_if.m`: conditions on a multi-select question "
        r"\('m'\) are not supported",
    ),
    (
        '[questions.a]\ncolumn = "A"\nasked_if = { a = "x" }\n',
        r"`questions.a.asked_if`: a question cannot depend on itself",
    ),
    (
        '[questions.a]\ncolumn = "A"\nasked_if = { b = "x" '
        '}\n[questions.b]\ncolumn = "B"\nasked_if = { a = "y" }\n',
        r"`questions.a.asked_if`: skip logic loops: a -> b -> a",
    ),
    (
        Q + '[[cohort]]\nstep = "keep"\n',
        r"`cohort\[0\].step`: must be one of 'include', 'exclude', "
        r"'require', 'drop_resubmissions'; got 'keep'",
    ),
    (
        Q + '[[cohort]]\nstep = "include"\n',
        r"`cohort\[0\]`: an 'include' step needs `where = \{ question = "
        r"answer\(s\) \}`",
    ),
    (
        Q + '[[cohort]]\nstep = "include"\nwhere = {}\n',
        r"`cohort\[0\].where`: needs at least one condition",
    ),
    (
        Q + '[[cohort]]\nstep = "exclude"\nwhere = { a = "non" }\n',
        r"`cohort\[0\].where.a`: 'non' is not one of the options of 'a'\. "
        r"Did you mean 'Non'\?",
    ),
    (
        Q + '[[cohort]]\nstep = "include"\nwhere = { a = "Oui" }\nquestions = ["a"]\n',
        r"`cohort\[0\].questions`: does not apply to a 'include' step",
    ),
    (
        Q + '[[cohort]]\nstep = "require"\n',
        r"`cohort\[0\]`: a 'require' step needs `questions = \[<question "
        r"ids>\]`",
    ),
    (
        Q + '[[cohort]]\nstep = "require"\nquestions = ["b"]\n',
        r"`cohort\[0\].questions`: 'b' is no question of the spec",
    ),
    (
        Q + '[[cohort]]\nstep = "require"\nquestions = []\n',
        r"`cohort\[0\].questions`: needs at least one question",
    ),
    (
        '[survey]\ntimestamp = "T"\n'
        + Q
        + '[[cohort]]\nstep = "drop_resubmissions"\nwithin = "-3s"\n',
        r"`cohort\[0\].within`: must be a positive duration such as "
        r"\"10min\" or \"30s\"; got '-3s'",
    ),
    (
        Q + '[[cohort]]\nstep = "drop_resubmissions"\n',
        r"`cohort\[0\]`: a drop_resubmissions step needs `\[survey\] "
        r"timestamp = <column>`",
    ),
    (
        Q + '[cohort]\nstep = "require"\n',
        r"`cohort`: must be an array of tables: write each step as "
        r"\[\[cohort\]\]",
    ),
    (
        Q + '[[cohort]]\nstep = "include"\nwhere = { a = "Oui" }\nreason = { es = "x" }\n',
        r"`cohort\[0\].reason.es`: unknown key",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_SPECS, ids=range(len(BAD_SPECS)))
def test_bad_specs_name_the_key(text: str, message: str) -> None:
    with pytest.raises(SpecError, match=r"spec '<text>'[ ,].*" + message) as err:
        load_spec(text)
    assert isinstance(err.value, InvalidValueError | OptamstatsError)
    assert err.value.source == "<text>"


def test_spec_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "optam.toml"
    path.write_text(Q + 'asked_if = { a = "x" }\n', encoding="utf-8")
    with pytest.raises(
        SpecError, match=re.escape(f"spec '{path}', `questions.a.asked_if.a`")
    ) as err:
        load_spec(path)
    assert err.value.key == "questions.a.asked_if.a"


# --------------------------------------------------------------------------- spec: funnel roles
# Issue 17: each of these specs loaded, and the report printed a wrong number without a
# note (a `left` question without `yes` counted 0/119 beside a funnel of 50 leavers;
# `options = []` printed "0/178 = 0.0 %"; two `left` questions made the funnel vanish).


def _optam_spec_without(line: str, after: str) -> str:
    """The OPTAM spec with `line` removed from the table that starts with `after`."""
    text = SPEC_FILE.read_text(encoding="utf-8")
    start = text.index(after)
    at = text.index(line, start)
    return text[:at] + text[at + len(line) :]


@pytest.mark.parametrize(("role", "name"), [("member", "yes"), ("left", "yes"),
                                            ("left", "no"), ("plans_to_leave", "yes")])  # fmt: skip
def test_funnel_question_without_yes_or_no_is_refused(role: str, name: str) -> None:
    word = {"yes": "Oui", "no": "Non"}[name]
    text = _optam_spec_without(f'{name} = "{word}"\n', f"[questions.{role}]")
    with pytest.raises(SpecError, match=re.escape(f"`questions.{role}.{name}`: is missing")) as err:
        load_spec(text)
    assert err.value.key == f"questions.{role}.{name}"
    assert f'e.g. `{name} = "{word}"`' in str(err.value)  # the fix, with the form's label


def test_funnel_question_with_an_empty_yes_list_is_refused() -> None:
    text = SPEC_FILE.read_text(encoding="utf-8").replace('yes = "Oui"\nno = "Non"\nasked_if = '
                                                         '{ member', 'yes = []\nno = "Non"\n'
                                                         'asked_if = { member', 1)  # fmt: skip
    with pytest.raises(SpecError, match=r"`questions.left.yes`: is empty: a question with "):
        load_spec(text)


def test_funnel_question_options_must_each_be_yes_or_no() -> None:
    # "Ne sait pas" counted neither way would silently leave the base; the fix is to say.
    text = SPEC_FILE.read_text(encoding="utf-8").replace(
        'options = ["Oui", "Non"]\nyes = "Oui"\nno = "Non"\nasked_if = { left',
        'options = ["Oui", "Non", "Ne sait pas"]\nyes = "Oui"\nno = "Non"\nasked_if = { left',
    )
    with pytest.raises(
        SpecError,
        match=r"`questions.plans_to_leave.options`: 'Ne sait pas' is neither a `yes` nor a `no`",
    ):
        load_spec(text)
    fixed = text.replace('no = "Non"\nasked_if = { left', 'no = ["Non", "Ne sait pas"]\n'
                         "asked_if = { left")  # fmt: skip
    assert load_spec(fixed)["plans_to_leave"].no == ("Non", "Ne sait pas")


@pytest.mark.parametrize(
    ("extra", "key"),
    [('type = "multi"\n', "type"), ("other = true\n", "other")],
)
def test_funnel_question_must_be_a_closed_single_choice(extra: str, key: str) -> None:
    text = (
        '[questions.left]\ncolumn = "Left?"\nrole = "left"\noptions = ["Yes", "No"]\n'
        'yes = "Yes"\nno = "No"\n' + extra
    )
    with pytest.raises(
        SpecError, match=rf"`questions.left.{key}`: a question with `role = 'left'`"
    ):
        load_spec(text)


@pytest.mark.parametrize("qtype", ["single", "multi"])
def test_empty_options_are_refused(qtype: str) -> None:
    text = f'[questions.motives]\ncolumn = "Why?"\ntype = "{qtype}"\noptions = []\n'
    with pytest.raises(
        SpecError, match=r"`questions.motives.options`: is an empty list; list "
    ) as err:
        load_spec(text)
    assert err.value.key == "questions.motives.options"


@pytest.mark.parametrize("role", ["member", "left", "plans_to_leave"])
def test_two_questions_with_one_funnel_role_are_refused(role: str) -> None:
    # A second question with the role (here the practice question, made yes/no) made the
    # funnel, the claim and the scenarios vanish from the report, without a note.
    text = SPEC_FILE.read_text(encoding="utf-8").replace(
        'role = "specialty"\ntype = "single"\n',
        f'role = "{role}"\ntype = "single"\noptions = ["Oui", "Non"]\nyes = "Oui"\nno = "Non"\n',
    )
    # The specialty question comes first in the file: the funnel's own question is named.
    with pytest.raises(
        SpecError, match=rf"`questions.{role}.role`: '{role}' is already the role of 'specialty'"
    ) as err:
        load_spec(text)
    assert err.value.key == f"questions.{role}.role"
    assert "remove it from" in str(err.value)


def test_conditions_accept_roles_columns_and_lists() -> None:
    spec = load_spec(
        Q.replace('column = "A"', 'column = "A"\nrole = "member"\nyes = "Oui"\nno = "Non"')
        + '[questions.b]\ncolumn = "B"\nasked_if = { member = ["Oui", "Non"] }\n'
        + '[questions.c]\ncolumn = "C"\nasked_if = { "B" = "x" }\n'
    )
    assert spec["b"].asked_if == (Condition("a", ("Oui", "Non")),)
    assert spec["c"].asked_if == (Condition("b", ("x",)),)
    frame = pd.DataFrame({"A": ["Oui", "Non", ""], "B": ["x", "y", ""], "C": ["", "", ""]})
    assert spec.asked(frame, "c").tolist() == [True, False, False]
    with pytest.raises(UnknownColumnError, match=r"`question` 'd' is not a column of the data"):
        spec.asked(frame, "d")


def test_ignore_columns_are_validated() -> None:
    spec = load_spec(
        '[survey]\ntimestamp = "Completion time"\n[questions.a]\ncolumn = "A"\n'
        '[[cohort]]\nstep = "drop_resubmissions"\nignore = ["ID", "Start time"]\n'
    )
    assert spec.columns == ("Completion time", "A", "ID", "Start time")
    with pytest.raises(UnknownColumnError, match=r"'Start time' \(closest: 'Start  time'\)"):
        spec.validate(pd.DataFrame(columns=["Completion time", "A", "ID", "Start  time"]))


def test_closest_headers_fold_case_accents_and_apostrophes() -> None:
    frame = pd.DataFrame(columns=["Spécialité", "Etes-vous sorti de l’OPTAM ?", "Horodateur"])
    spec = load_spec('[questions.a]\ncolumn = "etes-vous sorti de l\'optam ?"\n')
    with pytest.raises(
        UnknownColumnError, match=r"closest: 'Etes-vous sorti de l’OPTAM \?'"
    ) as err:
        spec.validate(frame)
    assert err.value.suggestions == ("Etes-vous sorti de l’OPTAM ?",)
    nothing = load_spec('[questions.a]\ncolumn = "zzz"\n')
    with pytest.raises(UnknownColumnError, match=r"'zzz' \(closest: none close\)") as err2:
        nothing.validate(frame)
    assert err2.value.suggestions == ()


def test_numpy_is_enough_for_conditions_on_missing_values() -> None:
    # A frame built by hand may hold None/NaN: they are blank, never an answer.
    spec = load_spec(SMALL)
    frame = pd.DataFrame({"Member?": ["Yes", None, np.nan], "Left?": ["No", "Yes", None],
                          "Comment": ["", "", ""], "Other comment": ["", "", ""]})  # fmt: skip
    assert spec.asked(frame, "left").tolist() == [True, False, False]


# --------------------------------------------------------------------------- Unicode forms
# Issue 17: an export saved on macOS (accents decomposed, NFD) was refused, with a
# suggestion that looked identical to the header the spec asks for.


def test_a_macos_export_in_nfd_reads_as_the_same_export() -> None:
    import unicodedata

    from optamstats.datasets import optam_2025_synthetic_export

    export = optam_2025_synthetic_export()
    nfd = unicodedata.normalize("NFD", export.csv)
    assert nfd != export.csv  # the export's accents, headers and answers, decomposed
    assert "Libe\u0301ral exclusif" in nfd
    frame = read_responses(io.BytesIO(nfd.encode("utf-8")), spec=export.spec)
    expected = export.frame()
    assert list(frame.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(frame, expected)
    cohort = export.spec.cohort(frame)
    assert cohort.n == 178
    assert (cohort.proportion("left", "Oui").k, cohort.proportion("left", "Oui").n) == (50, 119)


def test_nfd_cells_are_composed_and_lines_still_counted(tmp_path: Path) -> None:
    import unicodedata

    text = 'Spécialité,Remarque\nPédiatrie,ok\nGériatrie,"a\nb"\n'
    path = tmp_path / "export.csv"
    path.write_bytes(unicodedata.normalize("NFD", text).encode("utf-8"))
    frame = read_responses(path)
    assert list(frame.columns) == ["Spécialité", "Remarque"]
    assert frame["Spécialité"].tolist() == ["Pédiatrie", "Gériatrie"]
    broken = tmp_path / "broken.csv"  # an error still names the line an editor shows
    broken.write_bytes(unicodedata.normalize("NFD", text + "Pédiatrie,x,y\n").encode("utf-8"))
    with pytest.raises(ResponseFileError) as err:
        read_responses(broken)
    assert err.value.line == 5


def test_a_spec_saved_in_nfd_loads_as_the_same_spec() -> None:
    import unicodedata

    text = SPEC_FILE.read_text(encoding="utf-8")
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert load_spec(nfd) == load_spec(text)


def test_resolve_reads_one_string_of_columns_as_one_column() -> None:
    # `columns` as a plain string is one header, not a text searched for `ref`: the
    # role 'left' is not hidden by a column 'left_at' that merely contains it.
    spec = load_spec(
        '[questions.q1]\ncolumn = "Left?"\nrole = "left"\noptions = ["Yes", "No"]\n'
        'yes = "Yes"\nno = "No"\n'
    )
    assert spec.resolve("left", "left_at") is spec["q1"]
    assert spec.resolve("left", ["left_at"]) is spec["q1"]
    assert spec.resolve("left", "left") is None  # a column of the data by that name


# --------------------------------------------------------------------------- coding


_CELLS = st.one_of(
    st.sampled_from(["Oui", "Non", " Oui", "", "  ", "Ne sait pas", "é"]),
    st.none(),
    st.just(float("nan")),
    st.just(pd.NA),
    st.integers(0, 3),
    st.floats(allow_nan=True, allow_infinity=False),
    st.text(max_size=3),
)


@given(st.lists(_CELLS, max_size=30), st.integers(1, 80), st.booleans())
def test_factorize_by_address_is_pandas_factorize(cells: list[object], repeat: int,
                                                  copies: bool) -> None:  # fmt: skip
    """The codes of a column (read by address, then as text) are pandas.factorize's own.

    Reference: ``pandas.factorize`` of the same object array (the call it replaces).
    Repeating the list gives a column of few objects (the fast path, above 1,024
    cells); `copies` makes equal strings distinct objects, which must still share a
    code; a wrong merge, order or missing-value code would differ.
    """
    from optamstats.survey import coding
    from optamstats.survey.coding import Coded, _factorize

    values = cells * repeat
    if copies:  # equal text, distinct objects
        values = ["".join(list(v)) if isinstance(v, str) else v for v in values]
    array = np.empty(len(values), dtype=object)
    array[:] = values
    want_codes, want_uniques = pd.factorize(array)
    # The distinct objects read from their addresses, and (as above `_BY_POINTER` of
    # them) from the rows where they first occur.
    for by_pointer in (coding._BY_POINTER, 0):
        with mock.patch.object(coding, "_BY_POINTER", by_pointer):
            codes, uniques = _factorize(array)
        np.testing.assert_array_equal(codes, want_codes)
        assert len(uniques) == len(want_uniques)
        assert all(u is w or u == w for u, w in zip(uniques, want_uniques, strict=True))
    # Blank cells: empty, spaces or missing (the per-cell definition, written out).
    blank = [v is None or v is pd.NA or (isinstance(v, float) and v != v)
             or (isinstance(v, str) and not v.strip()) for v in values]  # fmt: skip
    np.testing.assert_array_equal(Coded(array).blank(), np.array(blank, dtype=bool))


def test_factorize_strided_column_falls_back() -> None:
    """A non-contiguous object column (a view) is factorized by pandas, not by address."""
    from optamstats.survey.coding import _factorize

    array = np.array(["a", "b", None, "a"] * 1000, dtype=object)[::2]
    assert not array.flags.c_contiguous
    codes, uniques = _factorize(array)
    np.testing.assert_array_equal(codes, pd.factorize(array)[0])
    assert list(uniques) == ["a"]
