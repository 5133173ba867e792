"""Corrupted survey exports: a clear error naming the file and the line, and no output.

Each bad file is made from the SYNTHETIC 2025 export (``optamstats.datasets``) by one
corruption whose line is known by construction, so the expected line number is not read
from the library's own answer. Every bad file is tried twice: through
:func:`optamstats.forms.read_responses` with the survey's spec (the error's class,
message, and ``line`` attribute), and through ``optamstats report --output DIR``, which
must exit with status 2, print the file and line, and leave nothing behind: neither the
output folder nor a temporary one beside it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from optamstats import OptamstatsError
from optamstats.cli import main
from optamstats.datasets import optam_2025_synthetic_export
from optamstats.forms import ResponseFileError, UnknownColumnError, load_spec, read_responses

EXPORT = optam_2025_synthetic_export()
GOOD = EXPORT.csv.encode("utf-8")
LINES = GOOD.split(b"\r\n")  # LINES[i] is line i + 1; the file ends with "\r\n"
BIG = 50_000_000  # bytes of the "50 MB single line"


def _join(lines: list[bytes]) -> bytes:
    return b"\r\n".join(lines)


def _replace_line(number: int, new: bytes) -> bytes:
    lines = list(LINES)
    lines[number - 1] = new
    return _join(lines)


def _first_quoted_line() -> int:
    return next(i + 1 for i, line in enumerate(LINES) if i > 0 and b'"' in line)


def _truncated_in_quotes() -> bytes:
    # Cut the file inside the first quoted multi-select cell of line q.
    q = _first_quoted_line()
    line = LINES[q - 1]
    cut = line.index(b'"') + 10
    return _join([*LINES[: q - 1], line[:cut]])


def _truncated_record() -> bytes:
    # A download cut after the fourth field of line 40.
    fields = LINES[39].split(b",")
    return _join([*LINES[:39], b",".join(fields[:4])])


def _mixed_encodings() -> bytes:
    # Line 30 re-saved as cp1252 in a UTF-8 file (its accents become single bytes).
    return _replace_line(30, LINES[29].decode("utf-8").encode("cp1252"))


def _cp1252_junk() -> bytes:
    # 0x81 is undefined in cp1252 and not UTF-8: neither encoding reads line 12.
    return _replace_line(12, LINES[11] + b"\x81")


def _duplicated_header() -> bytes:
    # One more column whose header is a question of the spec.
    header = LINES[0] + b',"Pour quelles raisons?"'
    return _join([header, *(line + b"," if line else line for line in LINES[1:])])


def _extra_field() -> bytes:
    # An unquoted comma typed in the free-text answer of line 25.
    return _replace_line(25, LINES[24] + b",et puis voil\xc3\xa0")


def _bad_timestamp() -> bytes:
    fields = LINES[60].split(b",")
    fields[0] = b"31/02/2025 25:61:00"
    return _replace_line(61, b",".join(fields))


def _unclosed_quote_inside() -> bytes:
    # A stray quote opens a field on line 70 that never closes: the rest of the file
    # would be swallowed into one cell.
    fields = LINES[69].split(b",")
    fields[-1] = b'"' + fields[-1]
    return _replace_line(70, b",".join(fields))


def _no_line_breaks() -> bytes:
    # Line breaks (and quotes) lost by a broken tool: one 50 MB line of fields.
    one = b" ".join(LINES).replace(b'"', b"")
    return (one * (BIG // len(one) + 1))[:BIG]


# name -> (content, error class, line of the error, what the message must say besides
# the file's name; "line N" too, except for a blank file, which has no header line)
CASES: dict[str, tuple[Callable[[], bytes], type[OptamstatsError], int | None, str]] = {
    "blank.csv": (lambda: b"\r\n\r\n", ResponseFileError, 1, "is empty (4 bytes, no header line)"),
    "truncated-in-quotes.csv": (
        _truncated_in_quotes,
        ResponseFileError,
        _first_quoted_line(),
        "never closed",
    ),
    "truncated-record.csv": (_truncated_record, ResponseFileError, 40, "fields where"),
    "utf16.csv": (lambda: EXPORT.csv.encode("utf-16"), ResponseFileError, 1, "UTF-16"),
    "mixed-encodings.csv": (_mixed_encodings, ResponseFileError, 30, "mixes encodings"),
    "neither-encoding.csv": (_cp1252_junk, ResponseFileError, 12, "0x81 is not valid UTF-8"),
    "nul-byte.csv": (
        lambda: _replace_line(7, LINES[6][:20] + b"\x00" + LINES[6][20:]),
        ResponseFileError,
        7,
        "NUL byte",
    ),
    "control-byte.csv": (
        lambda: _replace_line(3, b"\x07" + LINES[2]),
        ResponseFileError,
        3,
        "control byte",
    ),
    # A ZIP archive is read as a workbook; a broken one has no line to name.
    "workbook.csv": (
        lambda: b"PK\x03\x04" + GOOD[:200],
        ResponseFileError,
        None,
        "is a workbook (ZIP or compound file) that cannot be read",
    ),
    "bom-then-mixed.csv": (
        lambda: b"\xef\xbb\xbf" + _mixed_encodings(),
        ResponseFileError,
        30,
        "mixes encodings",
    ),
    "50mb-line.csv": (
        lambda: _join([LINES[0], b"x" * BIG, *LINES[1:]]),
        ResponseFileError,
        2,
        "fields where",
    ),
    "50mb-no-line-breaks.csv": (_no_line_breaks, ResponseFileError, 1, "more than 10,000 fields"),
    "header-missing.csv": (lambda: _join(LINES[1:]), UnknownColumnError, 1, "the header"),
    "duplicated-header.csv": (_duplicated_header, ResponseFileError, 1, "2 times"),
    "blank-line-inside.csv": (
        lambda: _join([*LINES[:50], b"", *LINES[50:]]),
        ResponseFileError,
        51,
        "is blank",
    ),
    "extra-field.csv": (_extra_field, ResponseFileError, 25, "has 12 fields"),
    "bad-timestamp.csv": (_bad_timestamp, ResponseFileError, 61, "is not a date"),
    "unclosed-quote-inside.csv": (_unclosed_quote_inside, ResponseFileError, 70, "line 70"),
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    paths = {}
    for name, (make, *_) in CASES.items():
        path = folder / name
        path.write_bytes(make())
        paths[name] = path
    return paths


@pytest.fixture(scope="module")
def spec_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "survey.toml"
    path.write_text(EXPORT.spec_text, encoding="utf-8")
    return path


def test_the_good_export_reads(spec_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "good.csv"
    path.write_bytes(GOOD)
    frame = read_responses(path, spec=load_spec(spec_path))
    assert frame.shape == (len(LINES) - 2, 11)  # header and final empty string


def test_fifty_megabytes(bad_files: dict[str, Path]) -> None:
    assert bad_files["50mb-line.csv"].stat().st_size > BIG
    assert bad_files["50mb-no-line-breaks.csv"].stat().st_size == BIG


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_gives_a_clear_error(
    name: str, bad_files: dict[str, Path], spec_path: Path
) -> None:
    _, error, line, text = CASES[name]
    path = bad_files[name]
    start = time.perf_counter()
    with pytest.raises(error) as info:
        read_responses(path, spec=load_spec(spec_path))
    elapsed = time.perf_counter() - start
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert f"`source` {str(path)!r}" in message
    assert text in message, message
    if line is not None and name != "blank.csv":
        assert f"line {line}" in message, message
    if isinstance(info.value, ResponseFileError):
        assert info.value.source == str(path)
        assert info.value.line == line
    if name == "bad-timestamp.csv":  # line 61 of the file is data row 59 (0-based)
        assert "row 59" not in message
        assert isinstance(info.value, ResponseFileError)
        assert info.value.row == 59
    assert elapsed < 10, f"{name} took {elapsed:.1f} s"


def test_an_empty_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ResponseFileError, match=r"`source` '.*empty\.csv' is empty \(0 bytes"):
        read_responses(path)


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_writes_nothing_for_a_bad_file(
    name: str,
    bad_files: dict[str, Path],
    spec_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, _, line, _ = CASES[name]
    out = tmp_path / "report"
    argv = [
        "report",
        "--responses",
        str(bad_files[name]),
        "--spec",
        str(spec_path),
        "--output",
        str(out),
        "--format",
        "html",
        "--csv",
        "--include-free-text",
    ]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    # The command line names its flag, never the library's argument (`source`).
    assert captured.err.startswith("optamstats report: error: --responses ")
    assert "`source`" not in captured.err
    assert str(bad_files[name]) in captured.err
    assert f"line {line}" in captured.err or name == "blank.csv" or line is None
    assert _listing(tmp_path) == []  # no report folder, no staging folder


def test_output_is_all_or_nothing_when_writing_fails(
    spec_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import optamstats.disclosure as disclosure

    good = tmp_path / "in" / "export.csv"
    good.parent.mkdir()
    good.write_bytes(GOOD)
    original = disclosure.write_safe_csv
    calls = {"n": 0}

    def fail_on_the_fourth(*args: object, **kwargs: object) -> Path:
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(28, "No space left on device")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(disclosure, "write_safe_csv", fail_on_the_fourth)
    out = tmp_path / "out" / "report"
    argv = [
        "report",
        "--responses",
        str(good),
        "--spec",
        str(spec_path),
        "--output",
        str(out),
        "--csv",
    ]
    assert main(argv) == 2  # a one-line message, not a traceback (issue 17)
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"'{out}' could not be written: No space left on device; free some space" in err
    assert calls["n"] == 4  # three tables were written before the failure
    assert _listing(out.parent) == []  # neither the report nor its staging folder
    monkeypatch.setattr(disclosure, "write_safe_csv", original)
    assert main(argv) == 0  # the same command, once the disk has room
    assert (out / "report.txt").is_file()
    assert len(_listing(out / "tables")) >= 4


def test_an_existing_output_folder_is_left_alone(
    spec_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "export.csv"
    good.write_bytes(GOOD)
    out = tmp_path / "report"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    argv = ["report", "--responses", str(good), "--spec", str(spec_path), "--output", str(out)]
    assert main(argv) == 2
    assert "--output must be a new or empty folder" in capsys.readouterr().err
    assert _listing(out) == ["notes.txt"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert _listing(tmp_path) == ["export.csv", "report"]
