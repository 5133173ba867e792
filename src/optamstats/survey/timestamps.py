"""Submission times: the layout of a timestamp column, found and parsed; time windows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import numpy as np

from optamstats._checks import InvalidValueError, _show

if TYPE_CHECKING:
    import pandas as pd

    from optamstats.survey.csvtext import _Heads


# Headers whose locale writes dates day first.
_DAYFIRST_HEADERS: Final = frozenset(
    {"Horodateur", "Heure de fin", "Marca temporal", "Zeitstempel"}
)


# Timestamp layouts tried in order when none is given. Excel re-saves drop the seconds.
_TIMESTAMP_FORMATS: Final = (
    "%d/%m/%Y %H:%M:%S",  # Google Sheets fr/en-GB: 07/11/2025 09:15:02
    "%m/%d/%Y %H:%M:%S",  # Google Sheets en-US: 11/7/2025 9:15:02
    "%Y-%m-%d %H:%M:%S",  # ISO 8601
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",  # Excel en-US: 11/7/2025 9:15:02 AM
    "%d/%m/%Y %H:%M",  # Excel fr: 07/11/2025 09:15
    "%m/%d/%Y %H:%M",  # Excel en-US: 11/7/2025 9:15
    "%m/%d/%Y %I:%M %p",
    "%Y-%m-%d %H:%M",
    "%d/%m/%y %H:%M:%S",
    "%m/%d/%y %H:%M:%S",
    "%d/%m/%y %H:%M",
    "%m/%d/%y %H:%M",
    "%Y-%m-%d",  # a workbook's date cells (see _cell_text)
)


_SAMPLE: Final = 2000  # timestamps looked at to choose a layout


def _describe(fmt: str) -> str:
    words = {
        "%d": "dd",
        "%m": "mm",
        "%Y": "yyyy",
        "%y": "yy",
        "%H": "hh",
        "%I": "hh",
        "%M": "mm",
        "%S": "ss",
        "%p": "AM/PM",
    }
    out = fmt
    for code, word in words.items():
        out = out.replace(code, word)
    return out


def _fixed_layout(fmt: str) -> tuple[int, dict[str, int], dict[int, int]] | None:
    """Positions of the fields of a zero-padded layout, or None if it is not one."""
    widths = {"d": 2, "m": 2, "Y": 4, "H": 2, "M": 2, "S": 2}
    starts: dict[str, int] = {}
    literals: dict[int, int] = {}
    pos = 0
    i = 0
    while i < len(fmt):
        if fmt[i] == "%":
            code = fmt[i + 1 : i + 2]
            if code not in widths or code in starts:
                return None
            starts[code] = pos
            pos += widths[code]
            i += 2
        else:
            if not fmt[i].isascii() or fmt[i].isdigit():
                return None
            literals[pos] = ord(fmt[i])
            pos += 1
            i += 1
    if not {"d", "m", "Y"} <= set(starts):
        return None
    return pos, starts, literals


def _parse_fixed(values: np.ndarray[Any, Any], fmt: str) -> np.ndarray[Any, Any] | None:
    """Parse zero-padded timestamps with numpy; None if one of them does not fit.

    pandas parses a layout at ≈ 1 µs a value (strptime per element); reading the digits
    from a byte matrix is several times faster on a million-row export. Any value that
    does not fit exactly (another length, a non-digit, an impossible date) sends the
    whole column back to pandas, which then names the row.
    """
    layout = _fixed_layout(fmt)
    if layout is None or values.size == 0:
        return None
    width = layout[0]
    try:
        packed = values.astype(f"S{width + 1}")
    except (UnicodeEncodeError, ValueError, TypeError):
        return None
    # One contiguous row per character position: the arithmetic below reads rows.
    grid = np.ascontiguousarray(packed.view(np.uint8).reshape(values.size, width + 1).T)
    if grid[width].any() or not grid[width - 1].all():
        return None  # longer or shorter than the layout
    return _read_grid(grid, layout)


def _parse_heads(
    heads: np.ndarray[Any, Any], delimiter: str, fmt: str
) -> np.ndarray[Any, Any] | None:
    """:func:`_parse_fixed` of a CSV's first column, from its records' first bytes.

    `heads` is ``_Heads.grid`` (byte p of row r's record at ``[p, r]``). A record whose
    first `width` bytes are the layout's digits and literals, followed by `delimiter`,
    has exactly those characters as its first cell: the field is not quoted (it starts
    with a digit) and ends at that delimiter (no literal is a delimiter, a quote or a
    line break). None when a record does not fit, or the layout is not zero-padded.
    """
    layout = _fixed_layout(fmt)
    if layout is None or heads.shape[1] == 0:
        return None
    width, _, literals = layout
    code = ord(delimiter)
    if width >= heads.shape[0] or any(c in (code, 34, 10, 13) for c in literals.values()):
        return None
    if 0 in literals:
        return None  # the field must start with a digit (not a quote)
    if not (heads[width] == code).all():
        return None  # a longer or shorter cell, or a quoted one
    return _read_grid(heads[:width], layout)


def _read_grid(
    grid: np.ndarray[Any, Any], layout: tuple[int, dict[str, int], dict[int, int]]
) -> np.ndarray[Any, Any] | None:
    """Read the datetimes of a byte matrix (one row per character position) in `layout`.

    In a few operations over the whole matrix, not one per digit: this runs in a thread
    while pandas parses (see :func:`optamstats.survey.csvtext._lines`), where each numpy
    call has to win the GIL back from pandas' workers (a wait of up to milliseconds).
    """
    _, starts, literals = layout
    size = grid.shape[1]
    if literals:
        expected = np.array(list(literals.values()), dtype=grid.dtype)[:, None]
        if not (grid[list(literals)] == expected).all():
            return None
    # Every field as two-digit pieces (the year as two: 20, 25), each with its range.
    pieces = [(code, starts[code]) for code in ("Y", "m", "d", "H", "M", "S") if code in starts]
    pieces.insert(1, ("Y", starts["Y"] + 2))
    tens = [at for _, at in pieces]
    digits = grid[tens + [at + 1 for at in tens]]
    digits -= np.uint8(48)  # (in place, as below); uint8 wraps below '0'
    if int(digits.max()) > 9:
        return None
    values = digits[: len(tens)] * np.uint8(10)
    values += digits[len(tens) :]  # 0 to 99
    ranges = {"Y": (0, 99), "m": (1, 12), "d": (1, 31), "H": (0, 23), "M": (0, 59), "S": (0, 59)}
    least = np.array([ranges[code][0] for code, _ in pieces], dtype=np.uint8)
    most = np.array([ranges[code][1] for code, _ in pieces], dtype=np.uint8)
    # Each piece's smallest and largest value against its range (a test of every value
    # against its row's bounds, broadcast, took 2 to 9 ms; these reductions 0.2).
    if (values.min(axis=1) < least).any() or (values.max(axis=1) > most).any():
        return None
    row = {code: values[i] for i, (code, _) in enumerate(pieces) if code != "Y"}
    day = row["d"]
    # Months since 1970, in place in one int32 array (each new million-value array costs
    # its page faults: written so, the reading takes half the time).
    months = values[0].astype(np.int32)
    months *= 100
    months += values[1]  # the year, from its two pieces
    months -= 1970
    months *= 12
    months += row["m"]
    months -= 1
    low, high = int(months.min()), int(months.max())
    if high - low < 1200:  # a survey's months: their first days looked up, not converted
        # numpy converts months to days one value at a time (0.02-0.05 s for a million);
        # the few distinct months are converted, then indexed (the same day numbers).
        starts_of = np.arange(low, high + 2).astype("datetime64[M]").astype("datetime64[D]")
        days_of = starts_of.astype(np.int64)
        months -= low
        if (day > np.diff(days_of).astype(np.uint8)[months]).any():
            return None
        out = (days_of[:-1] - 1)[months]  # the day before the month's first
    else:
        out = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
        after = (months + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
        if (day > after - out).any():
            return None
        out -= 1
    out += day
    out *= 86400
    clock = np.zeros(size, dtype=np.int32)
    for code, factor in (("H", 3600), ("M", 60), ("S", 1)):
        if code in row:
            clock += row[code] * np.int32(factor)
    out += clock
    out *= 1_000_000
    moments: np.ndarray[Any, Any] = out.view("datetime64[us]")
    return moments


def _try_format(sample: pd.Series, fmt: str) -> pd.Series:
    import pandas as pd

    return pd.to_datetime(sample, format=fmt, errors="coerce")


def _dayfirst_of(fmt: str) -> bool | None:
    """True/False for layouts that put the year last (07/11/2025), None for year first."""
    if not fmt.startswith(("%Y", "%y")) and "%d" in fmt and "%m" in fmt:
        return fmt.index("%d") < fmt.index("%m")
    return None


class TimestampError(InvalidValueError):
    """A timestamp cell that does not parse; `row` is its 0-based position."""

    def __init__(self, message: str, *, row: int, detail: str) -> None:
        super().__init__(message)
        self.row = row
        self.detail = detail


def parse_timestamps(
    values: pd.Series,
    *,
    column: str,
    dayfirst: bool | None = None,
    fmt: str | None = None,
    spec_keys: bool = False,
) -> tuple[pd.Series, str]:
    """Parse a text column of submission times; return the datetimes and the layout used.

    Blank cells give ``NaT``; any other cell that does not parse raises
    :class:`TimestampError` naming its row. The layout is `fmt` if given, else the one of
    ``_TIMESTAMP_FORMATS`` that parses a sample of the column, disambiguated by
    `dayfirst`, by the order of the rows (exports are in submission order) and by the
    header's language. With `spec_keys`, the fixes suggested name the spec's keys
    (``survey.timestamp_format``, ``survey.dayfirst``) instead of arguments.
    """
    return _parse_timestamps(values, column=column, dayfirst=dayfirst, fmt=fmt, spec_keys=spec_keys)


def _parse_timestamps(
    values: pd.Series,
    *,
    column: str,
    dayfirst: bool | None,
    fmt: str | None,
    spec_keys: bool,
    heads: _Heads | None = None,
) -> tuple[pd.Series, str]:
    """Parse as :func:`parse_timestamps` does, from the CSV records' bytes if given.

    `heads`: the first bytes of the CSV records `values` (a CSV's first column) was
    read from (see :class:`optamstats.survey.csvtext._Heads`). From them, a column whose
    every cell is in a zero-padded layout is read without visiting its million strings:
    the same datetimes, sooner. Any other column takes the path of the cells.
    """
    import pandas as pd

    aware = fmt is not None and ("%z" in fmt or "%Z" in fmt)
    unit = "datetime64[us, UTC]" if aware else "datetime64[us]"
    grid = heads.grid if heads is not None else None
    if (
        heads is not None
        and grid is not None
        and not aware
        and len(values) > 0
        and grid.shape[1] == len(values)
        and bool(((grid[0] - np.uint8(48)) <= 9).all())  # no record starts blank or quoted
    ):
        text = values.to_numpy(dtype=object)  # no blank cell: each starts with a digit
        if fmt is None:
            fmt = _choose_format(text, column, dayfirst, np.arange(len(text)), spec_keys)
        # Read while pandas parsed (see `_Lines.readings`), else now.
        readings = heads.readings or {}
        parsed = readings[fmt] if fmt in readings else _parse_heads(grid, heads.delimiter, fmt)
        if parsed is not None:
            return pd.Series(parsed, index=values.index, name=values.name, dtype=unit), fmt

    text = values.to_numpy(dtype=object, na_value="")
    # Blank means empty here: a cell of spaces is a bad timestamp, reported as such.
    blank = text == ""
    if blank.all():
        empty = pd.Series(pd.NaT, index=values.index, name=values.name, dtype=unit)
        return empty, fmt or ""
    filled = np.flatnonzero(~blank) if blank.any() else np.arange(len(text))
    present = text[filled] if blank.any() else text
    if fmt is None:
        fmt = _choose_format(present, column, dayfirst, filled, spec_keys)
    parsed = None if aware else _parse_fixed(present, fmt)
    if parsed is None:
        try:
            series = pd.to_datetime(pd.Series(present), format=fmt, errors="coerce", utc=aware)
        except ValueError as exc:  # a layout pandas refuses
            name = "`survey.timestamp_format`" if spec_keys else "`timestamp_format`"
            raise InvalidValueError(
                f"{name} {fmt!r} is not a layout pandas can use: {exc}"
            ) from None
        bad = np.flatnonzero(series.isna().to_numpy())
        if bad.size:
            row = int(filled[bad[0]])
            more = f" ({bad.size} such rows)" if bad.size > 1 else ""
            fix = (
                'set `survey.timestamp_format` in the spec (strftime codes such as "%d/%m/%Y '
                '%H:%M:%S")'
                if spec_keys
                else "pass `timestamp_format=`, or `timestamp=False` to keep the column as text"
            )
            detail = (
                f"timestamp {present[bad[0]]!r} in column {column!r} is not a date in the "
                f"layout {_describe(fmt)} ({fmt}) of the other rows{more}. Correct the cell, "
                f"or {fix}."
            )
            label = values.index[row]
            label = label.item() if isinstance(label, np.generic) else label
            raise TimestampError(f"row {row} (index {label!r}): {detail}", row=row, detail=detail)
        parsed = series.to_numpy()
        if not aware:
            parsed = parsed.astype("datetime64[us]")
    if filled.size == len(text):
        return pd.Series(parsed, index=values.index, name=values.name, dtype=unit), fmt
    out = pd.Series(pd.NaT, index=values.index, name=values.name, dtype=unit)
    out.iloc[filled] = parsed
    return out, fmt


def _choose_format(
    present: np.ndarray[Any, Any],
    column: str,
    dayfirst: bool | None,
    filled: np.ndarray[Any, Any],
    spec_keys: bool = False,
) -> str:
    import pandas as pd

    n = present.size
    if n <= _SAMPLE:
        picks = np.arange(n)
    else:  # the head, the tail and an even spread, in file order
        spread = np.linspace(0, n - 1, _SAMPLE - 600).astype(np.int64)
        picks = np.unique(np.concatenate([np.arange(500), spread, np.arange(n - 100, n)]))
    sample = pd.Series(present[picks])
    candidates = [
        f for f in _TIMESTAMP_FORMATS if dayfirst is None or _dayfirst_of(f) in (None, dayfirst)
    ]
    # A layout that misreads the first sampled value cannot read them all: only the
    # others read the whole sample (each value is read on its own, so the first one's
    # reading alone is its reading in the whole). Eight of the nine layouts tried on an
    # export stop there, 0.05 s sooner.
    first = sample.iloc[:1]
    results = {
        f: _try_format(sample, f) for f in candidates if not _try_format(first, f).isna().any()
    }
    complete = [f for f in candidates if f in results and not results[f].isna().any()]
    if not complete:
        results = {f: results[f] if f in results else _try_format(sample, f) for f in candidates}
        fewest = min(candidates, key=lambda f: int(results[f].isna().sum()))
        if results[fewest].isna().all():
            order = " day first" if dayfirst else " month first" if dayfirst is False else ""
            fix = (
                "Set `survey.timestamp_format` in the spec, in strftime codes (e.g. "
                "'%d/%m/%Y %H:%M:%S'), or remove `survey.timestamp` to keep it as text."
                if spec_keys
                else "Pass `timestamp_format=` in strftime codes (e.g. '%d/%m/%Y %H:%M:%S'), "
                "or `timestamp=False` to keep it as text."
            )
            detail = (
                f"column {column!r} holds no dates in a layout this library knows{order} "
                f"(first value {present[0]!r}). {fix}"
            )
            row = int(filled[0])
            raise TimestampError(f"row {row}: {detail}", row=row, detail=detail)
        return fewest  # the full parse names the first bad row
    # Layouts that agree on every sampled value are the same reading.
    distinct: list[str] = []
    for f in complete:
        if not any(results[f].equals(results[g]) for g in distinct):
            distinct.append(f)
    if len(distinct) == 1:
        return distinct[0]
    ordered = [f for f in distinct if results[f].is_monotonic_increasing]
    if len(ordered) == 1:
        return ordered[0]
    pool = ordered or distinct
    if column in _DAYFIRST_HEADERS:
        firsts = [f for f in pool if _dayfirst_of(f) is True]
        if firsts:
            return firsts[0]
    if spec_keys:
        raise InvalidValueError(
            f"`survey.dayfirst`: the dates of column {column!r} read both day first and month "
            f"first (e.g. {present[0]!r}), and the order of the rows does not settle it. Set "
            "`dayfirst = true` (07/11 is 7 November) or `dayfirst = false` (11/07 is 7 "
            "November) in the spec's [survey] table, or `survey.timestamp_format`."
        )
    raise InvalidValueError(
        f"`dayfirst`: the dates of column {column!r} read both day first and month first "
        f"(e.g. {present[0]!r}), and the order of the rows does not settle it. Pass "
        "`dayfirst=True` (07/11 is 7 November) or `dayfirst=False` (11/07 is 7 November), "
        "or `timestamp_format=`."
    )


def _check_within(within: object, name: str = "`within`") -> Any:
    """Return `within` as a positive pandas Timedelta, or raise naming `name`.

    Numbers are refused: ``pd.Timedelta(10)`` would be 10 nanoseconds.
    """
    import datetime

    import pandas as pd

    value: Any = None
    if isinstance(within, str | datetime.timedelta | np.timedelta64):
        try:
            value = pd.Timedelta(within)
        except (ValueError, TypeError):
            value = None
    if value is None or pd.isna(value) or value <= pd.Timedelta(0):
        raise InvalidValueError(
            f'{name} must be a positive duration such as "10min" or "30s"; got {_show(within)}.'
        )
    return value
