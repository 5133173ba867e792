"""read_responses on workbooks (.xlsx): cells as a CSV holds them, same checks and messages.

Workbooks are written here with openpyxl (no download): a Microsoft Forms layout (ID,
Start time, Completion time, Email, Name, then the questions; multi-select answers
joined with ";" and a trailing ";") and small hand-made ones for each kind of cell and
each broken file.
"""

from __future__ import annotations

import datetime
import importlib.util
import io
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optamstats._checks import OptamstatsError
from optamstats.forms import (
    ResponseFileError,
    UnknownColumnError,
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


def _book(rows: list[list[object]], title: str = "Form1") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def microsoft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "Enquête 2026.xlsx"
    path.write_bytes(survey2026.generate().microsoft_xlsx())
    return path


def test_microsoft_forms_workbook_reads_as_its_csv(microsoft: Path) -> None:
    survey = survey2026.generate()
    frame = read_responses(microsoft)
    fmt = frame.attrs["export_format"]
    assert (fmt.kind, fmt.sheet, fmt.timestamp, fmt.rows) == (
        "microsoft-forms",
        "Form1",
        "Completion time",
        300,
    )
    assert fmt.timestamp_format == "%Y-%m-%d %H:%M:%S"
    assert list(frame.columns) == [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        *survey2026.HEADERS.values(),
    ]
    # The timestamp is parsed; the other cells are the text a CSV export holds.
    assert frame["Completion time"].tolist() == [pd.Timestamp(t) for t in survey.times]
    assert frame["ID"].tolist() == [str(i) for i in range(1, 301)]  # no ".0"
    assert frame["Name"].tolist() == [""] * 300  # empty cells
    for key, header in survey2026.HEADERS.items():
        expected = survey.column(key)
        if key == "reasons":
            expected = [";".join(survey2026.split_google(v)) + ";" if v else "" for v in expected]
        assert frame[header].tolist() == expected, key
    start = survey.times[0] - datetime.timedelta(seconds=90)
    assert frame["Start time"].iloc[0] == start.strftime("%Y-%m-%d %H:%M:%S")
    assert all(isinstance(v, str) for v in frame["Start time"])


def test_the_same_from_bytes_and_a_stream(microsoft: Path) -> None:
    data = microsoft.read_bytes()
    by_path = read_responses(microsoft)
    for source in (data, io.BytesIO(data)):
        other = read_responses(source)
        pd.testing.assert_frame_equal(other, by_path)


def test_cells_become_the_text_a_csv_holds() -> None:
    stamp = datetime.datetime(2026, 3, 2, 9, 15, 1, 999_600)  # Excel's fraction of a day
    rows: list[list[object]] = [
        ["Horodateur", "whole", "decimal", "text", "date", "time", "bool", "big", "empty"],
        [stamp, 3.0, 2.5, "007", datetime.date(2026, 3, 2), datetime.time(9, 5), True, 1e20, None],
        [stamp, 12, 0.1, " spaced ", datetime.date(2026, 3, 3), None, False, -4, ""],
    ]
    frame = read_responses(_book(rows))
    assert frame["Horodateur"].iloc[0] == pd.Timestamp("2026-03-02 09:15:02")  # rounded
    assert frame["whole"].tolist() == ["3", "12"]
    assert frame["decimal"].tolist() == ["2.5", "0.1"]
    assert frame["text"].tolist() == ["007", " spaced "]  # exactly as written
    assert frame["date"].tolist() == ["2026-03-02", "2026-03-03"]
    assert frame["time"].tolist() == ["09:05:00", ""]
    assert frame["bool"].tolist() == ["TRUE", "FALSE"]
    assert frame["big"].tolist() == ["1e+20", "-4"]
    assert frame["empty"].tolist() == ["", ""]


def test_a_date_column_is_read_as_timestamps() -> None:
    rows: list[list[object]] = [["Horodateur", "Q"]]
    rows += [[datetime.date(2026, 3, d), "Oui"] for d in (2, 3, 4)]
    frame = read_responses(_book(rows))
    assert frame["Horodateur"].tolist() == [pd.Timestamp(2026, 3, d) for d in (2, 3, 4)]


def test_trailing_rows_and_columns_are_dropped_duplicates_named_as_pandas() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Q", "Q", None, "R"])
    sheet.append(["a", "b", "c", "d"])
    sheet["F10"] = ""  # a cell touched after the data
    buffer = io.BytesIO()
    book.save(buffer)
    frame = read_responses(buffer.getvalue())
    assert list(frame.columns) == ["Q", "Q.1", "Unnamed: 2", "R"]
    assert frame.shape == (1, 4)
    csv = read_responses(b"Q,Q,,R\na,b,c,d\n")
    pd.testing.assert_frame_equal(frame, csv, check_like=False)


def test_headers_and_cells_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Êtes-vous sorti ?")
    frame = read_responses(_book([[decomposed], [unicodedata.normalize("NFD", "Déjà")]]))
    assert list(frame.columns) == ["Êtes-vous sorti ?"]
    assert frame.iloc[0, 0] == "Déjà"


# --------------------------------------------------------------------------- checks and errors


SPEC = """
[survey]
timestamp = "Completion time"
[questions.left]
column = "Left?"
type = "yesno"
options = ["Yes", "No"]
yes = "Yes"
no = "No"
"""


def _ms(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    head = header or ["ID", "Start time", "Completion time", "Email", "Name", "Left?"]
    return _book([head, *rows])


T = datetime.datetime(2026, 3, 2, 9, 0, 0)


def test_spec_checks_and_messages_name_the_sheet_row(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(_ms([[1, T, T]], header=["ID", "Start", "Completion time"]))
    with pytest.raises(UnknownColumnError) as info:
        read_responses(path, spec=load_spec(SPEC))
    assert f"`source` {str(path)!r}, sheet 'Form1', row 1 (the header)" in str(info.value)
    assert "'Left?'" in str(info.value)


def test_a_bad_timestamp_names_the_row_excel_shows(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    rows = [[i, T, T + datetime.timedelta(minutes=i), "", "", "Yes"] for i in range(1, 6)]
    rows[3][2] = "le 5 mars"  # data row 4 is sheet row 5
    path.write_bytes(_ms(rows))
    with pytest.raises(ResponseFileError) as info:
        read_responses(path, spec=load_spec(SPEC))
    assert info.value.line == 5
    assert "sheet 'Form1', row 5: timestamp 'le 5 mars'" in str(info.value)


def test_answers_outside_the_options_are_refused_as_for_csv() -> None:
    data = _ms([[1, T, T, "", "", "Yes"], [2, T, T, "", "", "Peut-être"]])
    with pytest.raises(ValueError, match="answer\\(s\\) that are none of its `options`"):
        read_responses(data, spec=load_spec(SPEC))


def test_a_spec_column_twice_in_the_header() -> None:
    header = ["ID", "Start time", "Completion time", "Left?", "Left?"]
    with pytest.raises(ResponseFileError, match="sheet 'Form1', row 1: the header holds 'Left"):
        read_responses(_book([header, [1, T, T, "Yes", "No"]]), spec=load_spec(SPEC))


@pytest.mark.parametrize(
    ("rows", "message", "line"),
    [
        ([], "sheet 'Form1' is empty", None),
        ([[None, None], ["a", "b"]], "row 1 is blank: the header", 1),
        ([["Q", "R"], ["a", "b"], [None, None], ["c", "d"]], "row 3 is blank", 3),
        ([["Q", "R"], ["a", "b"], ["c", "d", "x"]], "cell C3 holds a value", 3),
    ],
)
def test_broken_sheets(rows: list[list[object]], message: str, line: int | None) -> None:
    with pytest.raises(ResponseFileError, match=message) as info:
        read_responses(_book(rows))
    assert info.value.line == line


def test_corrupt_and_encrypted_workbooks(tmp_path: Path) -> None:
    good = _book([["Q"], ["a"]])
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(good[: len(good) // 2])
    with pytest.raises(ResponseFileError, match=r"cannot be read.*corrupt, truncated") as info:
        read_responses(truncated)
    assert info.value.source == str(truncated)
    # An encrypted .xlsx is a compound file ([MS-OFFCRYPTO] 2.3.4.1): its signature.
    encrypted = tmp_path / "locked.xlsx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    with pytest.raises(ResponseFileError, match="encrypted \\(password-protected\\) workbook"):
        read_responses(encrypted)


def test_csv_arguments_are_refused_for_a_workbook() -> None:
    with pytest.raises(ValueError, match="`delimiter` ';' applies to CSV files"):
        read_responses(_book([["Q"], ["a"]]), delimiter=";")
    with pytest.raises(ValueError, match="`encoding` 'cp1252' applies to CSV files"):
        read_responses(_book([["Q"], ["a"]]), encoding="cp1252")


_cell = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"),  # openpyxl refuses control characters
    ),
    max_size=30,
)


@settings(max_examples=40)
@given(st.lists(st.lists(_cell, min_size=2, max_size=2), min_size=1, max_size=5))
def test_text_cells_read_back_as_written(rows: list[list[str]]) -> None:
    rows = [r for r in rows if any(r)] or [["x", "y"]]
    frame = read_responses(_book([["A", "B"], *rows]), timestamp=False)
    expected = [[unicodedata.normalize("NFC", c) for c in r] for r in rows]
    assert frame.to_numpy().tolist() == expected


def test_a_header_alone_reads_as_the_same_csv() -> None:
    frame = read_responses(_book([["Q", "R"]]))
    pd.testing.assert_frame_equal(frame, read_responses(b"Q,R\n"))


def test_a_midnight_among_date_times_keeps_the_layout() -> None:
    # calamine returns a date-time at 00:00:00 as a date
    times = [datetime.datetime(2026, 3, 1, 23, 59), datetime.datetime(2026, 3, 2, 0, 0)]
    frame = read_responses(_book([["Completion time", "ID"], *([t, "1"] for t in times)]))
    assert frame["Completion time"].tolist() == [pd.Timestamp(t) for t in times]


_GOOD = _book([["Horodateur", "Q"], [datetime.datetime(2026, 3, 2, 9), "Oui"]])


@settings(max_examples=150)
@given(st.lists(st.tuples(st.integers(0, len(_GOOD) - 1), st.integers(0, 255)), max_size=6))
def test_a_damaged_workbook_reads_or_gives_a_clear_error(edits: list[tuple[int, int]]) -> None:
    data = bytearray(_GOOD)
    for position, value in edits:
        data[position] = value
    message = ""
    try:
        frame = read_responses(bytes(data))
    except OptamstatsError as error:  # never another exception: no crash, no panic
        message = str(error)
    if message:
        assert "`source` '<bytes>'" in message
    else:
        assert isinstance(frame, pd.DataFrame)
