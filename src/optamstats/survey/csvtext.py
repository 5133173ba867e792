"""CSV text of an export: its delimiter, its records and their lines, parsed by pandas.

pandas' C reader parses; the csv module (slow, exact) finds the line of a broken
record when pandas' result says there may be one.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from optamstats.survey.coding import _VALIDATION_CODES, BoolArray, Coded, coder
from optamstats.survey.encodings import _BOM_UTF8, _SNIFF_BYTES, _nfc, _text
from optamstats.survey.errors import ResponseFileError, _given

if TYPE_CHECKING:
    import pandas as pd

    from optamstats.survey.encodings import Buffer


_MAX_COLUMNS: Final = 10_000  # Google and Microsoft Forms exports have a few hundred


_DELIMITERS: Final = (",", ";", "\t")


# Above this size (bytes), the line ends are scanned in a thread while pandas parses.
_SCAN_IN_THREAD: Final = 1 << 20


# From this many rows, the report's parse step codes the columns in two threads.
_CODE_IN_THREADS: Final = 50_000


# Bytes kept from the start of each record (see `_Lines.heads`): the longest zero-padded
# timestamp layout (19 characters, ``%Y-%m-%dT%H:%M:%S``) and the delimiter after it.
_HEAD: Final = 20


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line, fields) for each record, with the csv module (slow, exact)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    line = 1
    old = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)  # free-text cells can be long; restored below
    try:
        for fields in reader:
            yield line, fields
            line = reader.line_num + 1
    finally:
        csv.field_size_limit(old)


def _sniff_delimiter(sample: str, *, truncated: bool) -> str:
    """Pick the delimiter that splits the first records into the same number of fields."""
    best, best_score = ",", (-1, -1, -1)
    for delimiter in _DELIMITERS:
        counts = [len(f) for _, f in _records(sample, delimiter)]
        if truncated and len(counts) > 1:
            counts.pop()  # the sample may cut the last record short
        if not counts:
            continue
        width = counts[0]
        consistent = sum(c == width for c in counts)
        score = (int(width > 1 and consistent == len(counts)), consistent * (width > 1), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _header(data: Buffer, delimiter: str) -> list[str]:
    chunk = data[: _SNIFF_BYTES * 4].decode("utf-8-sig", "replace")
    for _, fields in _records(chunk, delimiter):
        return fields
    return []


def _diagnose(data: Buffer, name: str, delimiter: str, width: int) -> ResponseFileError | None:
    """Find the first record whose field count differs from the header's (slow, exact).

    Returns None when every record has the header's width (a false alarm of the fast
    check, e.g. trailing cells written as ``""``).
    """
    text = _text(data)
    first: tuple[int, int, bool] | None = None
    last_line = 1
    for line, fields in _records(text, delimiter):
        last_line = line
        if line == 1:
            continue
        blank = fields == [] or fields == [""]
        count = 1 if width == 1 and fields == [] else len(fields)
        if count != width and first is None:
            first = (line, count, blank)
    if first is None or first[0] == last_line:
        # An unclosed quote makes the csv module swallow the rest of the file into the
        # last record; the strict reader says so.
        tail = "\n".join(re.split(r"\r\n|\r|\n", text)[last_line - 1 :])
        try:
            for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True):
                pass
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                return ResponseFileError(
                    f"{_given(name)}, line {last_line}: a quoted field opens on this line "
                    'and is never closed (the file ends inside quotes). Add the closing " '
                    "or export the responses again.",
                    source=name,
                    line=last_line,
                )
    if first is None:
        return None
    line, count, blank = first
    if blank:
        what = f"is blank where the header has {width} fields"
        fix = "Delete the blank line"
    else:
        what = f"has {count} fields where the header has {width}"
        fix = (
            "A cell may hold an unquoted delimiter, or the line was cut or edited by hand. "
            "Fix the line, or export the responses again"
        )
    return ResponseFileError(
        f"{_given(name)}, line {line} {what} (delimiter {delimiter!r}). {fix}.",
        source=name,
        line=line,
    )


@dataclass(frozen=True, slots=True)
class _Lines:
    r"""Where the lines of a CSV text end, for :func:`_short_rows`.

    `ends`: the offset of every ``\n``, and the text's length if it does not end with
    one; `lone_cr`: whether some ``\r`` is not followed by ``\n`` (a line break of its
    own for pandas' reader). `heads`, when asked for: the first `_HEAD` bytes of every
    line after the first, one row per byte position (``heads[p, i]`` is byte p of line
    i + 2, then zeros past the end of the text; None for a text under `_HEAD` bytes).
    `readings`: the heads read as timestamps in each zero-padded layout of
    :data:`optamstats.survey.timestamps._TIMESTAMP_FORMATS`, by layout (None where a
    head does not fit it), when every line after the first starts with a digit.
    `stops`: where each line's text ends (its ``\r\n`` or ``\n``, or the text's end);
    `last`: each line's last byte before it (for an empty line, the line break before).
    """

    ends: np.ndarray[Any, Any]
    lone_cr: bool
    stops: np.ndarray[Any, Any]
    last: np.ndarray[Any, np.dtype[np.uint8]]
    heads: np.ndarray[Any, np.dtype[np.uint8]] | None = None
    readings: dict[str, np.ndarray[Any, Any] | None] | None = None


def _lines(data: Buffer, heads: bool = False, delimiter: str | None = None) -> _Lines:
    """Find the line ends of `data` (a byte scan, numpy only), and the lines' heads.

    Needs no parsed frame, and numpy releases the GIL while it scans: :func:`_read_text`
    runs it in a thread while pandas parses the same bytes. With `delimiter`, the heads
    are read as timestamps too (:attr:`_Lines.readings`).
    """
    raw = np.frombuffer(data, dtype=np.uint8)
    try:
        size = raw.size
        count_cr = data.find(b"\r") >= 0
        # By 16 MiB chunks: fastest alone (48 ms for 200 MB, against 60 ms by 4 MiB and
        # 70 ms by 64 MiB), and few numpy calls -- each must win the GIL back from
        # pandas' workers, which make strings meanwhile (see `_read_grid`).
        step = 1 << 24
        parts, carriage = [], 0
        for i in range(0, size, step):
            chunk = raw[i : i + step]
            parts.append(np.flatnonzero(chunk == 10) + i)
            if count_cr:
                carriage += int(np.count_nonzero(chunk == 13))
        ends = np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp)
        if size and raw[size - 1] != 10:
            ends = np.append(ends, size)
        # Around each line end, in one gather (a line's bytes are a cache miss: 20 ms at
        # 10^6 lines a gather): the two bytes before it (the \r of \r\n, and the line's
        # last byte) and, with `heads`, the first _HEAD bytes after it (the next line's).
        after = _HEAD if heads and size >= _HEAD else 0
        width = 3 + after
        if size >= width:
            at = np.clip(ends - 2, 0, size - width)
            block = np.lib.stride_tricks.sliding_window_view(raw, width)[at]
            odd = np.flatnonzero(at != ends - 2)
        else:
            block = np.zeros((ends.size, width), dtype=np.uint8)
            odd = np.arange(ends.size)
        # The few ends less than two bytes from the start or `width` from the end: by hand,
        # 10 (as after a line break) before the text, zeros after it.
        for i in odd.tolist():
            end = int(ends[i])
            block[i] = 0
            block[i, 0] = raw[end - 2] if end >= 2 else 10
            block[i, 1] = raw[end - 1] if end >= 1 else 10
            tail = raw[end + 1 : end + 1 + after]
            block[i, 3 : 3 + tail.size] = tail
        crlf = block[:, 1] == 13
        stops = ends - crlf
        last = np.where(crlf, block[:, 0], block[:, 1])
        lone_cr = count_cr and carriage != int(np.count_nonzero(crlf))
        # Each line's first bytes, one row per byte position (the lines after the first).
        head = np.ascontiguousarray(block[:-1, 3:].T) if after else None
        readings = None
        if head is not None and delimiter is not None and head.shape[1]:
            readings = _timestamp_readings(head, delimiter)
        return _Lines(ends, lone_cr, stops, last, head, readings)
    finally:
        del raw  # release the view before a memory map closes


def _timestamp_readings(
    head: np.ndarray[Any, np.dtype[np.uint8]], delimiter: str
) -> dict[str, np.ndarray[Any, Any] | None] | None:
    """Read the lines' heads in each zero-padded timestamp layout (see `_Lines`).

    Done while pandas parses, which leaves a core half idle (its workers hold the GIL
    to make the cells' strings): the layout is chosen afterwards from the cells, and
    its reading is then ready instead of taking 0.05 s at 10^6 rows. A layout whose
    separators are not where the heads have them is refused at once.
    """
    from optamstats.survey.timestamps import _TIMESTAMP_FORMATS, _fixed_layout, _parse_heads

    if not bool(((head[0] - np.uint8(48)) <= 9).all()):
        return None  # some line starts blank or quoted: the cells' path decides
    return {fmt: _parse_heads(head, delimiter, fmt) for fmt in _TIMESTAMP_FORMATS
            if _fixed_layout(fmt) is not None}  # fmt: skip


def _code_columns(frame: pd.DataFrame) -> None:
    """Factorize every column into the report's codes cache, two at a time.

    Only when the caller keeps the codes (``_VALIDATION_CODES``, the report's parse
    step, which uses every column: the short-row check, the answers' check, the
    resubmissions), and for a large frame. pandas factorizes the columns' item
    addresses (see :func:`optamstats.survey.coding._factorize`) without the GIL, so two
    threads code the columns of a million rows in about half the time (0.1 s).
    """
    cache = _VALIDATION_CODES.get()
    if cache is None or len(frame) < _CODE_IN_THREADS:
        return
    columns = [c for c in map(str, frame.columns) if c not in cache]
    if not columns:
        return
    cells = [frame[c] for c in columns]  # the frame is read here, not in the threads
    with ThreadPoolExecutor(max_workers=2) as coding:
        coded = coding.map(Coded, cells[:-1])
        last = Coded(cells[-1])  # meanwhile (free text is not factorized: see Coded)
        cache.update(zip(columns, [*coded, last], strict=True))


def _blank_last_column(frame: pd.DataFrame, delimiter: str, lines: _Lines) -> None:
    """Find the blank cells of the last column from the records' last bytes (free text).

    For the report's parse step (the codes kept, see `_VALIDATION_CODES`), once every
    record is known to have all its fields and to be one line: then a record's last
    byte is its last field's. When that byte is the delimiter, the field is empty;
    when it is printable ASCII (not a space or a quote), the cell ends with it and is
    not blank. Only the other cells -- quoted ones, those ending in a space or a
    non-ASCII letter -- are read as strings. A column of free text (~650,000
    distinct answers at 10^6 rows) is then not tested string by string (0.05 s, with
    the GIL).
    """
    cache = _VALIDATION_CODES.get()
    rows = len(frame)
    if cache is None or rows == 0 or lines.lone_cr or lines.ends.size != rows + 1:
        return
    coded = cache.get(str(frame.columns[-1]))
    if coded is None or coded._values is None or coded._blank_rows is not None:
        return  # factorized: its blank cells cost one test per distinct answer
    values = coded._values
    last = lines.last[1:]  # (an empty record's is the line break before it: read below)
    blank = last == ord(delimiter)
    read = np.flatnonzero(~blank & ((last <= 32) | (last >= 127) | (last == 34)))
    texts = values[read].tolist()
    if not all(map(str.__instancecheck__, texts)):
        return
    blank[read] = np.fromiter(map(str.strip, texts), dtype=object, count=read.size) == ""
    coded._blank_rows = blank


def _short_rows(
    data: Buffer, frame: pd.DataFrame, delimiter: str, lines: _Lines | None = None
) -> bool:
    """Tell whether some record may have fewer fields than the header (fast, vectorised).

    pandas' C parser pads a short record with empty cells, so a short record cannot be
    told from one with blank answers by looking at the cells. Padding fills from the
    end, so only rows whose last cell is empty can be short; for those, the raw record
    must end with as many delimiters as there are empty trailing cells. True means
    "look closer" (the exact, slow check decides); False is a proof there is none.
    `lines` is :func:`_lines` of `data`, if already found.
    """
    width = frame.shape[1]
    rows = frame.shape[0]
    if rows == 0 or width == 1:
        return False
    # The report's parse step keeps the columns' codes (see `_VALIDATION_CODES`): then
    # a column's distinct answers are compared with "", not its cells (a million cells
    # visited one by one cost 0.01 to 0.1 s), and the codes made here serve it afterwards.
    cache = _VALIDATION_CODES.get()
    code = coder(frame, cache) if cache is not None else None

    def empty(j: int, among: np.ndarray[Any, Any] | None = None) -> BoolArray:
        """Tell which cells of column j (of the rows `among`, else all) are "" exactly."""
        coded = code(str(frame.columns[j])) if code is not None else None
        if coded is not None and coded._codes is not None:
            # One test per distinct answer (code −1, the last entry: missing, not "").
            exact = np.append(coded.uniques == "", False)
            codes = coded.codes
            by_code: BoolArray = exact[codes if among is None else codes[among]]
            return by_code
        cells = frame.iloc[:, j].to_numpy(dtype=object)
        if coded is None or coded._blank_rows is None:  # no codes, or free text not yet read
            some: BoolArray = (cells if among is None else cells[among]) == ""
            return some
        found = coded.blank() if among is None else coded._blank_of(among)
        blank = np.flatnonzero(found)  # empty, spaces or missing: which are ""?
        found[blank] = cells[blank if among is None else among[blank]] == ""
        return found

    candidates = np.flatnonzero(empty(width - 1))
    if candidates.size == 0:
        return False
    if lines is None:
        lines = _lines(data)
    ends = lines.ends
    if ends.size != rows + 1 or lines.lone_cr:
        return True  # line breaks inside quoted cells, or lone \r: the exact check decides
    # Each candidate's record, from its end: how many delimiters it ends with (at most
    # width − 1). With every record on its own line, those are outside quotes, so the
    # record's last fields, and the cells they fill, are empty. The record is short
    # exactly when the cell before them is empty too (padding, not the record, filled
    # it) -- one cell a row to test, where counting each row's empty cells from the
    # end visited up to every column of the candidates.
    byte = ord(delimiter)
    line = candidates + 1  # (line 0 is the header)
    if not bool((lines.last[line] == byte).all()):
        return True  # an empty last cell without its delimiter: padded (or quoted "")
    stop = lines.stops[line]
    # The last bytes of every candidate's line in one gather (a line a cache miss; a
    # gather a byte position cost 3 ms each): the delimiters that end it, up to `reach`
    # of them.
    reach = min(width - 1, 16)
    start = stop - reach
    if bool((start < 0).any()):  # (cannot be: a data line follows the header's delimiters)
        return True
    raw = np.frombuffer(data, dtype=np.uint8)
    try:
        tail = np.lib.stride_tricks.sliding_window_view(raw, reach)[start]
        run = (tail == byte)[:, ::-1]
        trailing = np.where(run.all(axis=1), reach, np.argmin(run, axis=1))
        # Lines ending with more delimiters than that (a wide export): byte by byte.
        open_ = np.flatnonzero(trailing == reach)
        for t in range(reach + 1, width):
            pos = stop[open_] - t
            hit = (pos >= 0) & (raw[np.maximum(pos, 0)] == byte)
            open_ = open_[hit]
            if open_.size == 0:
                break
            trailing[open_] = t
    finally:
        del raw  # release the view before a memory map closes
    for t in np.unique(trailing[trailing < width - 1]).tolist():
        if empty(width - 1 - t, candidates[trailing == t]).any():
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Heads:
    """The first bytes of each record of a parsed CSV text, row for row with its frame.

    ``grid[p, r]`` is byte p of data row r's record (`_HEAD` rows; past the record's
    end, bytes of the next lines). Its first field, when unquoted, is the frame's first
    column's cell up to the first `delimiter`: :func:`optamstats.survey.timestamps.
    _parse_timestamps` reads a timestamp column from these bytes instead of from
    a million Python strings (which it would have to visit one by one, 0.2 s).
    """

    grid: np.ndarray[Any, np.dtype[np.uint8]]
    delimiter: str
    readings: dict[str, np.ndarray[Any, Any] | None] | None = None


def _read_text(
    data: Buffer, name: str, delimiter: str | None, path: Path | None, heads: bool = False
) -> tuple[pd.DataFrame, Buffer, str, _Heads | None]:
    """Parse UTF-8 content; return the frame, the content parsed, the delimiter and heads.

    `path`, when given, holds exactly `data`: pandas then reads the file itself. With
    `heads`, the records' first bytes are gathered as well (a large text only, while
    pandas parses), when every line break ends a record: :class:`_Heads`, else None.
    """
    normal = _nfc(data)
    if normal is not data:
        data, path = normal, None
    offset = 3 if data[:3] == _BOM_UTF8 else 0
    if data[offset : offset + 1] in (b"\n", b"\r"):
        raise ResponseFileError(
            f"{_given(name)}, line 1 is blank: the header (question texts) must be the "
            "first line. Delete the lines above it.",
            source=name,
            line=1,
        )
    sep = delimiter or _sniff_delimiter(
        data[offset : offset + _SNIFF_BYTES].decode("utf-8", "replace"),
        truncated=len(data) > offset + _SNIFF_BYTES,
    )
    # Blank lines at the very end are an artefact of editors, not responses, unless
    # the file has one column, where a blank line is a blank answer.
    trailing = data[-4:].endswith((b"\n\n", b"\r\n\r\n", b"\n\r\n", b"\r\r"))
    if trailing and len(_header(data, sep)) > 1:
        data, path = data[:].rstrip(b"\r\n") + b"\n", None
    # A file whose line breaks were lost is one huge header: pandas names duplicate
    # columns in quadratic time (hours for a million fields), so count them first.
    end = data.find(b"\n")
    stop, code = (end if end >= 0 else len(data)), sep.encode("ascii")
    fields, pos = 1, data.find(code, 0, stop)
    while pos >= 0 and fields <= _MAX_COLUMNS:  # a memory map has no count()
        fields, pos = fields + 1, data.find(code, pos + 1, stop)
    if fields > _MAX_COLUMNS:
        raise ResponseFileError(
            f"{_given(name)}, line 1: the header has more than {_MAX_COLUMNS:,} fields "
            f"(delimiter {sep!r}): this is not a survey export, or its line breaks were lost. "
            "Export the responses again.",
            source=name,
            line=1,
        )
    if len(data) < _SCAN_IN_THREAD:
        frame, lines = _parse(data, name, sep, path), None
    else:  # the line ends are found while pandas parses (numpy and pandas release the GIL)
        with ThreadPoolExecutor(max_workers=1) as scanning:
            found = scanning.submit(_lines, data, heads, sep)
            frame = _parse(data, name, sep, path)
            lines = found.result()
    _code_columns(frame)
    if _short_rows(data, frame, sep, lines):
        problem = _diagnose(data, name, sep, frame.shape[1])
        if problem is not None:
            raise problem
    if lines is not None:  # every record has all its fields
        _blank_last_column(frame, sep, lines)
    grid = lines.heads if lines is not None else None
    # Row r's record starts after the r + 1-th line break only when no line break falls
    # inside a quoted cell (and none is a lone CR): then there are rows + 1 of them.
    aligned = lines is not None and not lines.lone_cr and lines.ends.size == len(frame) + 1
    found_heads = (
        _Heads(grid, sep, lines.readings) if lines is not None and grid is not None and aligned
        else None
    )  # fmt: skip
    return frame, data, sep, found_heads


def _parse(data: Buffer, name: str, sep: str, path: Path | None) -> pd.DataFrame:
    import pandas as pd

    try:
        with warnings.catch_warnings():
            # With index_col=False pandas drops the extra fields of a record longer
            # than the header, with only a warning: make it an error.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(
                path if path is not None else io.BytesIO(data),
                sep=sep,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                index_col=False,
                quotechar='"',
                doublequote=True,
                encoding="utf-8",
                engine="c",
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning) as exc:
        width = len(_header(data, sep))
        problem = _diagnose(data, name, sep, width)
        if problem is not None:
            raise problem from None
        raise ResponseFileError(
            f"{_given(name)} cannot be parsed as CSV with delimiter {sep!r}: {exc}",
            source=name,
        ) from None
    except pd.errors.EmptyDataError:
        raise ResponseFileError(
            f"{_given(name)} has no header line: export the responses again.", source=name
        ) from None


def _record_lines(data: Buffer, sep: str) -> list[int]:
    return [line for line, _ in _records(_text(data), sep)]
