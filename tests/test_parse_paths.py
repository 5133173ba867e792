"""The fast paths of the parse step give what the plain paths give, cell for cell.

Each fast path of reading an export (issue 21) replaces a library call or a slower path
of our own that stays as the reference here: ``pandas.factorize`` for the codes of a
column, ``pandas.to_datetime`` for timestamps read from a byte matrix (the cells' or the
CSV records' own bytes), the cells compared with ``""`` for the short-row check, and
``read_responses`` without the thread that scans the bytes while pandas parses (a file
under 1 MiB takes that path; the tests lower the threshold to 0). Every export here is
synthetic, written by the csv module inside the test.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from optamstats.forms import ResponseFileError, read_responses
from optamstats.survey import csvtext
from optamstats.survey.coding import _VALIDATION_CODES, Coded, _factorize
from optamstats.survey.timestamps import (
    _TIMESTAMP_FORMATS,
    _fixed_layout,
    _parse_fixed,
    _parse_heads,
)

FIXED = [f for f in _TIMESTAMP_FORMATS if _fixed_layout(f) is not None]


def _objects(values: list[object]) -> np.ndarray[Any, Any]:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _same_factorization(array: np.ndarray[Any, Any], got: tuple[Any, Any]) -> None:
    """`got` = pandas.factorize(array): same codes, same uniques in the same order."""
    want_codes, want_uniques = pd.factorize(array)
    np.testing.assert_array_equal(np.asarray(got[0]), want_codes)
    assert len(got[1]) == len(want_uniques)
    assert all(u is w or u == w for u, w in zip(got[1], want_uniques, strict=True))


# --------------------------------------------------------------------------- codes


@given(
    st.lists(st.text(max_size=5), min_size=1, max_size=30),
    st.integers(1024, 2500),
    st.integers(1, 4),
    st.sampled_from(["", "none", "nan", "na", "number"]),
    st.integers(0, 2**32 - 1),
)
def test_free_text_codes_are_pandas_factorize(
    words: list[str], n: int, repeat: int, intruder: str, seed: int
) -> None:
    """A column of mostly distinct string objects (free text) gets pandas' codes.

    Reference: ``pandas.factorize`` of the same object array. Every cell is its own
    string object, as pandas' parser makes free text, so a sample of the addresses
    sends the column to pandas at once; `repeat` makes each text occur that many times
    (equal texts, distinct objects, which must share a code); an intruder (a missing
    value, a number) must keep pandas' own rules (code −1 for missing).
    """
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(words), n)
    values: list[object] = [f"{words[p]} {i // repeat}" for i, p in enumerate(picks)]
    if intruder:
        at = int(rng.integers(0, n))
        values[at] = {"none": None, "nan": float("nan"), "na": pd.NA, "number": 7}[intruder]
    array = _objects(values)
    _same_factorization(array, _factorize(array))


# --------------------------------------------------------------------------- timestamps


_DATETIMES = st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2099, 12, 31))


@given(
    st.lists(_DATETIMES, min_size=1, max_size=40),
    st.sampled_from(FIXED),
    st.lists(
        st.tuples(
            st.integers(0, 39),
            st.sampled_from(["day", "month", "hour", "minute", "pad", "long", "blank"]),
        )
    ),
)
def test_fixed_layout_reading_is_pandas_to_datetime(
    moments: list[datetime], fmt: str, damage: list[tuple[int, str]]
) -> None:
    """Timestamps read from a byte matrix are ``pandas.to_datetime``'s (same format).

    Reference: ``pandas.to_datetime(values, format=fmt, errors="coerce")``. Values are
    written in `fmt`, some then damaged: an impossible day (the 31st of a 30-day month,
    the 30th of February, the 32nd), month 13, hour 24, minute 60, a value without
    its zero padding (which pandas reads and the fast path refuses), one digit too
    many, a blank. The fast path must give pandas' datetimes, or None (the caller then
    asks pandas) but never other datetimes, and must read every undamaged column. The
    same values as CSV records' first bytes (:func:`_parse_heads`) must give the same
    answer.
    """
    values = [m.strftime(fmt) for m in moments]
    written = list(values)
    layout = _fixed_layout(fmt)
    assert layout is not None
    starts = layout[1]
    for at, kind in damage:
        if at >= len(values):
            continue
        m, text = moments[at], values[at]
        if kind == "day":  # a day past the end of its month
            day = 31 if m.month in (4, 6, 9, 11) else 30 if m.month == 2 else 32
            values[at] = text[: starts["d"]] + f"{day:02d}" + text[starts["d"] + 2 :]
        elif kind == "month":
            values[at] = text[: starts["m"]] + "13" + text[starts["m"] + 2 :]
        elif kind in ("hour", "minute"):  # 24 h, 60 min: pandas refuses them
            code, bad = ("H", "24") if kind == "hour" else ("M", "60")
            if code in starts:
                values[at] = text[: starts[code]] + bad + text[starts[code] + 2 :]
        elif kind == "pad":  # pandas reads 7/11/2025; the fast path refuses it
            values[at] = text.replace("0", "", 1)
        elif kind == "long":  # one digit too many: pandas refuses it
            values[at] = text + "1"
        else:
            values[at] = ""
    array = _objects(values)
    want = pd.to_datetime(pd.Series(values, dtype=object), format=fmt, errors="coerce")
    got = _parse_fixed(array, fmt)
    if got is None:
        assert values != written, "an undamaged column must be read"
    else:
        assert not want.isna().any()
        np.testing.assert_array_equal(got, want.to_numpy().astype("datetime64[us]"))
    # The same cells as the first field of CSV records, read from their bytes.
    data = "".join(f"{v},x\n" for v in ["Horodateur", *values]).encode("ascii")
    lines = csvtext._lines(data, heads=True)
    if lines.heads is None:  # a text under 20 bytes: no heads are gathered
        assert len(data) < csvtext._HEAD
        return
    from_bytes = _parse_heads(lines.heads, ",", fmt)
    if got is None:
        assert from_bytes is None
    else:
        assert from_bytes is not None
        np.testing.assert_array_equal(from_bytes, got)


@given(st.binary(max_size=60).map(lambda b: b.translate(bytes.maketrans(b"\x00\x01\x02\x03",
                                                                      b"\n\r,\""))))  # fmt: skip
def test_lines_know_each_lines_end_and_last_byte(data: bytes) -> None:
    r"""`_lines` finds every line end, where each line's text stops, its last byte and
    the first bytes of every line after the first.

    Reference: the text split at each ``\n`` in Python, one line at a time (a ``\r``
    just before the ``\n`` is the line break's; a lone ``\r`` is one of its own for
    pandas). Texts of 0, 1 and 2 bytes, empty lines, a last line without its line
    break: an off-by-one in the gather of the bytes before each end shows here.
    """
    lines = csvtext._lines(data)
    ends, stops, last, start = [], [], [], 0
    while start <= len(data):
        end = data.find(b"\n", start)
        if end < 0:
            end = len(data)
            if end == start:  # nothing after the last line break
                break
        stop = end - 1 if end > start and data[end - 1 : end] == b"\r" else end
        ends.append(end)
        stops.append(stop)
        last.append(data[stop - 1] if stop > start else 10)  # an empty line: "\n" before
        start = end + 1
    crlf = sum(e > s for e, s in zip(ends, stops, strict=True))
    # The same with each line's first bytes (gathered with the bytes before each end).
    with_heads = csvtext._lines(data, heads=True)
    for found in (lines, with_heads):
        np.testing.assert_array_equal(found.ends, ends)
        np.testing.assert_array_equal(found.stops, stops)
        np.testing.assert_array_equal(found.last, last)
        assert found.lone_cr == (data.count(b"\r") != crlf)
    if len(data) < csvtext._HEAD:  # no heads for a text this short
        assert with_heads.heads is None
        return
    # Byte p of line i + 2 at [p, i], zeros past the end of the text.
    rows = [data[e + 1 : e + 1 + csvtext._HEAD].ljust(csvtext._HEAD, b"\0") for e in ends[:-1]]
    expected = np.array([list(r) for r in rows], dtype=np.uint8).reshape(-1, csvtext._HEAD).T
    assert with_heads.heads is not None
    np.testing.assert_array_equal(with_heads.heads, expected)


@given(
    st.lists(
        st.one_of(
            _DATETIMES.map(lambda m: m.strftime("%d/%m/%Y %H:%M:%S")),
            _DATETIMES.map(lambda m: m.strftime("%Y-%m-%d %H:%M")),
            st.text(alphabet="0123456789/:- ", max_size=20),
        ),
        min_size=2,
        max_size=20,
    ),
    st.sampled_from(_TIMESTAMP_FORMATS),
)
def test_the_first_value_reads_alone_as_among_the_others(values: list[str], fmt: str) -> None:
    """`_choose_format` drops a layout that misreads the first sampled value unread.

    That is sound only if pandas reads each value on its own: the first value's
    reading alone is its reading in the whole list (pandas.to_datetime with a format and
    errors="coerce"). A layout failing on one value fails the sample.
    """
    whole = pd.to_datetime(pd.Series(values), format=fmt, errors="coerce")
    alone = pd.to_datetime(pd.Series(values[:1]), format=fmt, errors="coerce")
    assert (pd.isna(whole.iloc[0]) and pd.isna(alone.iloc[0])) or whole.iloc[0] == alone.iloc[0]


# --------------------------------------------------------------------------- whole exports


_CELL = st.one_of(
    st.sampled_from(["", "", "Oui", "Non", " ", "a, b", 'dit "non"', "l1\nl2", "x\ry"]),
    st.text(alphabet='ab ,;"\n', max_size=6),
)


def _stamp(moment: datetime, kind: str) -> str:
    if kind == "padded":
        return moment.strftime("%d/%m/%Y %H:%M:%S")
    if kind == "unpadded":
        return f"{moment.day}/{moment.month}/{moment.year} {moment.strftime('%H:%M:%S')}"
    if kind == "iso":
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return ""


@st.composite
def _exports(draw: st.DrawFn) -> bytes:
    """A small export: a timestamp column first, then 1-3 text columns."""
    width = draw(st.integers(1, 3))
    n = draw(st.integers(1, 12))
    stamps = draw(st.sampled_from(["padded", "padded", "unpadded", "iso"]))
    rows = []
    for _ in range(n):
        kind = draw(st.sampled_from([stamps] * 6 + ["blank"]))
        rows.append([_stamp(draw(_DATETIMES), kind), *(draw(_CELL) for _ in range(width))])
    out = io.StringIO(newline="")
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    writer = csv.writer(out, lineterminator=eol, quoting=quoting)
    writer.writerow(["Horodateur", *(f"Q{j}" for j in range(width))])
    writer.writerows(rows)
    text = out.getvalue()
    if draw(st.booleans()):  # a record cut short (one or more fields lost)
        lines = text.split(eol)
        at = draw(st.integers(1, len(lines) - 2))
        lines[at] = lines[at].rsplit(",", draw(st.integers(1, width)))[0]
        text = eol.join(lines)
    if draw(st.booleans()):  # one line break a lone CR (old Mac), a line break to pandas
        lines = text.split(eol)
        at = draw(st.integers(0, len(lines) - 2))
        text = eol.join(lines[:at]) + (eol if at else "") + "\r".join(lines[at : at + 2])
        text += eol + eol.join(lines[at + 2 :]) if at + 2 < len(lines) else ""
    return text.encode("utf-8")


def _outcome(data: bytes, *, threshold: int, keep_codes: bool) -> tuple[str, Any, list[bool]]:
    """read_responses' frame or error message, with the threshold of the byte scan and
    of the columns coded in threads given, and the answers of the fast short-row check
    (True: "look closer")."""
    codes: dict[str, Coded] = {}
    token = _VALIDATION_CODES.set(codes) if keep_codes else None
    checks: list[bool] = []
    real = csvtext._short_rows

    def spy(*args: Any) -> bool:
        checks.append(real(*args))
        return checks[-1]

    try:
        with (
            mock.patch.object(csvtext, "_SCAN_IN_THREAD", threshold),
            mock.patch.object(csvtext, "_CODE_IN_THREADS", threshold),
            mock.patch.object(csvtext, "_short_rows", spy),
        ):
            frame = read_responses(io.BytesIO(data), dayfirst=True)
    except ResponseFileError as exc:
        return "error", str(exc), checks
    finally:
        if token is not None:
            _VALIDATION_CODES.reset(token)
    for column, coded in codes.items():  # codes made on the way are the cells' own
        if column != frame.attrs["export_format"].timestamp:
            _same_factorization(frame[column].to_numpy(dtype=object), (coded.codes, coded.uniques))
    return "frame", frame, checks


@given(_exports())
def test_reading_with_the_byte_scan_gives_the_same_frame_or_error(data: bytes) -> None:
    """The scan in a thread, the timestamps from the records' bytes, the columns coded
    in threads and the short-row check on their codes change nothing: the same frame,
    or the same error (and the codes kept are pandas.factorize's).

    Reference: ``read_responses`` on the path taken by files under 1 MiB (no thread,
    no heads, every cell compared with ""). Exports mix padded and unpadded dates,
    blanks, quoted fields holding delimiters, quotes and line breaks, LF and CRLF, a
    lone CR ending a record, and records cut short.
    """
    kind, want, checked = _outcome(data, threshold=1 << 40, keep_codes=False)
    for keep_codes in (False, True):
        got_kind, got, got_checked = _outcome(data, threshold=0, keep_codes=keep_codes)
        assert got_kind == kind
        assert got_checked == checked  # the check's own answer, not only the outcome
        if kind == "error":
            assert got == want
        else:
            pd.testing.assert_frame_equal(got, want)
            assert got.attrs == want.attrs


@st.composite
def _records(draw: st.DrawFn) -> tuple[bytes, int, bool, bool]:
    """CSV records, some cut short: (data, width, some record short, plain).

    `plain`: every record on its own line with no quoted field (QUOTE_MINIMAL, cells
    with neither quote, delimiter nor line break), where the check must prove there
    is no short record when there is none.
    """
    # Wide exports too: the check reads the delimiters ending a line 16 at a time,
    # then one by one.
    width = draw(st.one_of(st.integers(2, 6), st.integers(16, 20)))
    plain = draw(st.booleans())
    cell = st.sampled_from(["", "", "", "a", "Oui", " "]) if plain else _CELL
    # Rows of answers, and rows of k answers then blanks (every run of trailing blanks).
    blanks_after = st.integers(0, width).map(lambda k: ["a"] * k + [""] * (width - k))
    row = st.one_of(st.lists(cell, min_size=width, max_size=width), blanks_after)
    rows = draw(st.lists(row, min_size=1, max_size=10))
    eol = draw(st.sampled_from(["\n", "\r\n"]))

    def text(record: list[str]) -> str:  # one record as the csv module writes it
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator=eol).writerow(record)
        return out.getvalue()

    records = [[f"Q{j}" for j in range(width)], *rows]
    short = False
    for at in draw(st.lists(st.integers(1, len(records) - 1), max_size=2, unique=True)):
        if any(c in text(records[at])[: -len(eol)] for c in '\n\r"'):
            continue  # a record over several lines, or quoted: cut only plain ones
        records[at] = records[at][: draw(st.integers(1, width - 1))]
        short = True
    return "".join(map(text, records)).encode("utf-8"), width, short, plain


@given(_records(), st.booleans())
def test_the_short_row_check_is_a_proof(records: tuple[bytes, int, bool, bool],
                                        keep_codes: bool) -> None:  # fmt: skip
    """`_short_rows` says False only when no record is short, and on plain records
    (one line each, nothing quoted) says True only when one is.

    Truth by construction: records written by the csv module, some then cut to fewer
    fields (the csv module's own reading of each line gives its fields). A record cut
    after empty fields, or to empty fields, ends like a record of blank answers: the
    wrong check this catches reads trailing blanks as the record's own.
    """
    data, width, short, plain = records
    frame = csvtext._parse(data, "export.csv", ",", None)
    assert frame.shape[1] == width
    codes: dict[str, Coded] = {}
    token = _VALIDATION_CODES.set(codes) if keep_codes else None
    try:
        found = csvtext._short_rows(data, frame, ",")
    finally:
        if token is not None:
            _VALIDATION_CODES.reset(token)
    if short:
        assert found
    elif plain:
        assert not found


_ENDINGS = ["", "", " ", "  ", "\u00a0", "\u2003", "\t", "é", "x", ")", "a,", '"q"', " a",
            "\u00a0b", "x\r\ny", "x\ny", ";", "'", "~"]  # fmt: skip


@given(
    st.lists(st.sampled_from(_ENDINGS), min_size=1, max_size=40),
    st.sampled_from([",", ";"]),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
    st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_blank_free_text_found_from_the_last_bytes(
    endings: list[str], sep: str, eol: str, last: bool, quoting: int
) -> None:
    """The blank cells of a free-text column read from the records' last bytes
    (`_blank_last_column`) are those whose text strips to nothing, cell for cell.

    A column of 1,500 mostly distinct answers (so that it is free text, not factorized)
    whose cells end in blanks, non-breaking and em spaces, tabs, accented letters,
    delimiters, quotes and line breaks, quoted or not, last in the export or not. Reference: each
    cell's ``str.strip``. The wrong reading this catches: a cell taken as written
    although its last byte is not its own (a quote, a space, a delimiter).
    """
    rows = []
    for i in range(1500):
        end = endings[i % len(endings)]
        text = end if i % 3 == 0 else f"réponse {i}{end}"
        rows.append(["Oui", text] if last else [text, "Oui"])
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=sep, lineterminator=eol, quoting=quoting)
    writer.writerows([["Q", "Texte"], *rows])
    codes: dict[str, Coded] = {}
    token = _VALIDATION_CODES.set(codes)
    try:
        with (
            mock.patch.object(csvtext, "_CODE_IN_THREADS", 0),
            mock.patch.object(csvtext, "_SCAN_IN_THREAD", 0),
        ):
            frame = read_responses(io.BytesIO(out.getvalue().encode("utf-8")), delimiter=sep,
                                   timestamp=False)  # fmt: skip
    finally:
        _VALIDATION_CODES.reset(token)
    column = "Texte" if last else "Q"
    aligned = not any(c in e for e in endings for c in "\r\n")
    if last and aligned:  # the bytes' path was taken (else the test proves nothing)
        assert codes[column]._blank_rows is not None
        assert codes[column]._codes is None
    want = np.array([not t.strip() for t in frame[column]], dtype=bool)
    np.testing.assert_array_equal(codes[column].blank(), want)


def test_timestamps_from_the_records_bytes_are_used_on_a_large_export() -> None:
    """On an export over the threshold, the timestamp column is read from the bytes.

    The path must be taken (else the tests above prove nothing about it): a spy on
    :func:`_parse_heads` sees it read once per zero-padded layout, while pandas parses,
    and not again once the layout is chosen (the reading made then is used), and the
    cells' own path (:func:`_parse_fixed`) is not taken.
    """
    rows = [
        f"{(datetime(2025, 11, 7) + pd.Timedelta(seconds=i)).strftime('%d/%m/%Y %H:%M:%S')},"
        f"Oui,{'' if i % 3 else 'texte ' + str(i)}"
        for i in range(40_000)
    ]
    data = ("Horodateur,Q,R\r\n" + "\r\n".join(rows) + "\r\n").encode("utf-8")
    assert len(data) > csvtext._SCAN_IN_THREAD
    from optamstats.survey import timestamps

    seen: list[tuple[str, bool]] = []
    real = timestamps._parse_heads

    def spy(*args: Any) -> Any:
        out = real(*args)
        seen.append((args[2], out is not None))
        return out

    cells = mock.Mock(side_effect=timestamps._parse_fixed)
    with (
        mock.patch.object(timestamps, "_parse_heads", spy),
        mock.patch.object(timestamps, "_parse_fixed", cells),
    ):
        frame = read_responses(io.BytesIO(data))
    assert not cells.called
    # Read in every zero-padded layout while pandas parsed; the chosen one fits.
    fixed = [f for f in _TIMESTAMP_FORMATS if _fixed_layout(f) is not None]
    assert [f for f, _ in seen] == fixed
    assert ("%d/%m/%Y %H:%M:%S", True) in seen
    assert frame.attrs["export_format"].timestamp_format == "%d/%m/%Y %H:%M:%S"
    assert frame["Horodateur"].iloc[-1] == pd.Timestamp(2025, 11, 7) + pd.Timedelta(seconds=39_999)
    assert frame["R"].iloc[3] == "texte 3"
    assert frame["R"].iloc[4] == ""


@pytest.mark.parametrize("cut", [1, 2])
def test_a_short_record_in_a_large_export_is_found(cut: int) -> None:
    """A record that lost its last field(s), in an export over the threshold: the error.

    The record's line is known by construction (the 30,001st data row, line 30,002).
    """
    rows = [f"07/11/2025 09:15:02,Oui,{'' if i % 2 else 'x'},z" for i in range(60_000)]
    rows[30_000] = rows[30_000].rsplit(",", cut)[0]
    data = ("Horodateur,Q,R,S\n" + "\n".join(rows) + "\n").encode("utf-8")
    assert len(data) > csvtext._SCAN_IN_THREAD
    with pytest.raises(ResponseFileError, match="line 30002 has") as caught:
        read_responses(io.BytesIO(data))
    assert caught.value.line == 30_002


def test_heads_are_not_used_when_line_breaks_and_records_do_not_match() -> None:
    """A lone CR ends one record and a quoted LF sits inside another: as many LFs as
    records, yet the records' first bytes are not where the lines start (the line after
    the quoted LF even starts like a record). The byte path must stand aside (the
    datetimes of the plain path), not read misplaced bytes.
    """
    rows = [f"07/11/2025 09:{i // 60:02d}:{i % 60:02d},x" for i in range(6)]
    # The quoted line break is followed by what looks like a record's start.
    rows[2] = rows[2].replace(",x", ',"a\n07/11/2025 10:00:00,b"')
    text = "Horodateur,Q\n" + rows[0] + "\r" + rows[1] + "\n" + rows[2] + "\n"
    text += "\n".join(rows[3:]) + "\n"
    data = text.encode("ascii")
    assert data.count(b"\n") == 6 + 1  # the header's, and one per record but the CR's
    kind, want, _ = _outcome(data, threshold=1 << 40, keep_codes=False)
    assert kind == "frame"
    got_kind, got, _ = _outcome(data, threshold=0, keep_codes=False)
    assert got_kind == kind
    pd.testing.assert_frame_equal(got, want)


# --------------------------------------------------------------------------- free text


def _resubmitted_by_hand(times: list[int], rows: list[tuple[object, ...]], window: int) -> set[int]:
    """The rule of ``Cohort.drop_resubmissions``, written out one row at a time.

    A row is removed when an earlier row (by time, then file order) has the same cells
    and was sent at most `window` before it: the latest such row decides (the chain
    rule). Quadratic, and independent of the codes, keys and hashes of the library.
    """
    order = sorted(range(len(rows)), key=lambda i: (times[i], i))
    removed = set()
    for at, i in enumerate(order):
        earlier = [j for j in order[:at] if rows[j] == rows[i]]
        if earlier and times[i] - times[earlier[-1]] <= window:
            removed.add(i)
    return removed


@given(
    st.integers(1100, 1600),
    st.integers(0, 2**32 - 1),
    st.sampled_from(["text", "none", "colliding"]),
    st.booleans(),
)
def test_resubmissions_with_free_text_follow_the_rule(
    n: int, seed: int, kind: str, drop_first: bool
) -> None:
    """Resubmissions among rows with free text: the rows the rule removes, no other.

    Reference: the rule applied row by row (`_resubmitted_by_hand`). The free-text
    column is not factorized (mostly distinct objects, over 1,024 rows): its cells
    enter the key by their hashes, checked as text. Rows are copied (same answers,
    same text as other objects) within or beyond the window; a missing value (None)
    or texts whose hashes all collide must take the exact codes instead, with the same
    rows removed. `drop_first` first removes some rows (a step before it).
    """
    rng = np.random.default_rng(seed)
    times = np.sort(rng.integers(0, 40_000, n)).tolist()
    choice = rng.integers(0, 3, n).tolist()
    spaces = ["", "", " ", "\t", "  "]  # blank answers, written as Forms may keep them
    text: list[object] = [f"avis {i}" if rng.random() < 0.7 else spaces[i % 5] for i in range(n)]
    for i in range(1, n):  # copies of the previous row: a resubmission if soon enough
        if rng.random() < 0.15:
            choice[i], text[i] = choice[i - 1], "".join(list(str(text[i - 1])))
    if kind == "none":
        text[int(rng.integers(0, n))] = None
    elif kind == "colliding":
        text = [_Colliding(str(t)) for t in text]
    frame = pd.DataFrame({
        "t": pd.to_datetime(np.array(times) * 10**9),
        "q": pd.Series([f"option {c}" for c in choice], dtype="str"),
        "free": pd.Series(_objects(text), dtype=object),
    })  # fmt: skip
    from optamstats.cohort import Cohort

    cohort = Cohort(frame)
    kept = list(range(n))
    if drop_first:
        dropped = rng.random(n) < 0.1
        cohort = cohort.exclude(pd.Series(dropped, index=frame.index))
        kept = [i for i in range(n) if not dropped[i]]
    free = cohort._code("free")
    assert free._codes is None  # free text (mostly distinct objects): not factorized
    out = cohort.drop_resubmissions("t", within="300s")
    rows = [(choice[i], text[i]) for i in kept]
    removed = {kept[i] for i in _resubmitted_by_hand([times[i] for i in kept], rows, 300)}
    assert sorted(set(kept) - set(out.data.index)) == sorted(removed)
    # Blank cells of the free text, found without its codes: the per-cell definition.
    blank = [v is None or not str(v).strip() for v in text]
    np.testing.assert_array_equal(free.blank(), np.array(blank))
    _same_factorization(_objects(text), (free.codes, free.uniques))


@given(
    st.lists(st.integers(0, 2**64 - 1), max_size=60),
    st.lists(st.integers(0, 59), max_size=200),
)
def test_group_numbers_are_pandas_factorize_groups(pool: list[int], picks: list[int]) -> None:
    """Resubmissions' numbering of mixed keys groups rows as ``pandas.factorize`` does.

    Reference: ``pandas.factorize`` of the same uint64 array (the call it replaces, one
    hash table). The numbers may differ in order, not in grouping: two rows share a
    number exactly when they share pandas' code, and the numbers run from 0 to the
    count of distinct values. Values drawn over the whole range land in every part of
    the split by top bits; repeats come from picking the same value several times.
    """
    from optamstats.survey.resubmissions import _group_numbers

    values = np.array([pool[p % len(pool)] for p in picks] if pool else [], dtype=np.uint64)
    numbers, count = _group_numbers(values)
    want, distinct = pd.factorize(values)
    assert count == len(distinct)
    assert numbers.dtype == np.intp
    assert numbers.shape == values.shape
    # The same partition of the rows: one number per code and one code per number.
    pairs = set(zip(numbers.tolist(), want.tolist(), strict=True))
    assert len(pairs) == len({n for n, _ in pairs}) == len({w for _, w in pairs}) == count
    assert sorted({n for n, _ in pairs}) == list(range(count))


class _Colliding(str):
    """A string whose hash is the same for every text: every pair of texts collides."""

    def __hash__(self) -> int:
        return 7


class _Hashed(str):
    """A string whose hash is given: equal texts with different hashes (a test device)."""

    value: int

    def __hash__(self) -> int:
        return self.value


def test_a_hash_mixed_with_another_key_does_not_merge_rows() -> None:
    """Rows of different keys whose key-and-hash mixes are equal stay apart.

    The mix of key k and hash h is k × C XOR h (C the odd constant of
    `_with_texts`, wrapping at 2**64). Row 0 (key 0, hash 0) and row 1 (key 1, hash C)
    mix to the same number 0, and hold the same text: only the check of the keys keeps
    them in two groups, as their different answers elsewhere require.
    """
    from optamstats.survey.resubmissions import _with_texts

    c = 0x9E3779B97F4A7C15
    cells = [_Hashed("même texte") for _ in range(1200)]  # distinct objects: free text
    for i, cell in enumerate(cells):
        cell.value = 0 if i % 2 == 0 else c - 2**64  # as a signed 64-bit hash
    coded = Coded(_objects(cells))
    assert coded._codes is None  # taken for free text: its cells go by their hashes
    key = np.tile(np.array([0, 1], dtype=np.int64), 600)
    groups = _with_texts(key, [coded], np.arange(key.size), everyone=True)
    assert groups[0] != groups[1]
    np.testing.assert_array_equal(groups[2:4], groups[:2])  # copies of the two rows
