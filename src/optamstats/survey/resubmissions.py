"""Resubmissions: rows whose answers repeat an earlier row's, sent within a time window.

The logic of :meth:`optamstats.survey.cohort.Cohort.drop_resubmissions` (its docstring
gives the rule and its limits): which column holds the submission times, those times
as numbers, and which rows repeat an earlier one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from optamstats._checks import InvalidValueError
from optamstats.survey.errors import _RowError
from optamstats.survey.flow import _TEXT
from optamstats.survey.question import Label
from optamstats.survey.timestamps import TimestampError, parse_timestamps

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import pandas as pd

    from optamstats.survey.coding import BoolArray, Coded
    from optamstats.survey.spec import SurveySpec


def _plain(label: object) -> object:
    """Return a numpy scalar index label as the Python value it holds, for messages."""
    return label.item() if isinstance(label, np.generic) else label


def _default_timestamp(frame: pd.DataFrame, spec: SurveySpec | None) -> str:
    """Return the column of submission times: the spec's, the export's, or the one of datetimes."""
    import pandas as pd

    if spec is not None and spec.timestamp is not None:
        return spec.timestamp
    found = frame.attrs.get("export_format")
    column = getattr(found, "timestamp", None)
    if isinstance(column, str):
        return column
    dated = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c].dtype)]
    if len(dated) == 1:
        return str(dated[0])
    raise InvalidValueError(
        "`timestamp` must name the column of submission times: the data has "
        f"{len(dated)} datetime columns and no spec or export naming one. "
        "Pass e.g. `timestamp='Horodateur'`."
    )


def _submission_times(
    frame: pd.DataFrame, name: str, positions: np.ndarray[Any, Any], spec: SurveySpec | None
) -> np.ndarray[Any, Any]:
    """Submission times of the rows at `positions`, as int64 nanoseconds; blanks raise."""
    import pandas as pd

    column = frame[name] if positions.size == len(frame) else frame[name].iloc[positions]
    if not pd.api.types.is_datetime64_any_dtype(column.dtype):
        try:
            column, _ = parse_timestamps(
                column,
                column=name,
                dayfirst=spec.dayfirst if spec is not None else None,
                fmt=spec.timestamp_format if spec is not None else None,
            )
        except TimestampError as exc:
            label = _plain(column.index[exc.row])
            raise InvalidValueError(
                f"`timestamp` column {name!r}, row with index {label!r}: {exc.detail}"
            ) from None
        except InvalidValueError as exc:
            raise InvalidValueError(
                f"{exc} Here, parse the column first: `read_responses(..., dayfirst=True)` "
                "or `pandas.to_datetime(..., format=...)`, or set `dayfirst` in the spec."
            ) from None
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_convert("UTC").dt.tz_localize(None)
    blank = np.asarray(column.isna().to_numpy(), dtype=bool)
    if blank.any():
        labels = column.index[blank][:3].tolist()
        spec_column = spec is not None and spec.timestamp == name
        # From a spec, the column is its `survey.timestamp`; the command line locates
        # the rows by line in the export (`_RowError.at_lines`).
        what = "`survey.timestamp`" if spec_column else "`timestamp`"
        raise _RowError(
            f"{what} column {name!r} is blank at {{where}}: a resubmission cannot be told "
            f"without a time ({int(blank.sum())} row(s)). Exclude those rows first, or "
            "fill their times.",
            rows=positions[blank][:10].tolist(),
            where=f"the row(s) with index {labels!r}",
        )
    return np.asarray(column.to_numpy(dtype="datetime64[ns]").astype(np.int64))


def _resubmitted(
    frame: pd.DataFrame,
    keep: BoolArray,
    code: Callable[[str], Coded],
    name: str,
    compared: Sequence[str],
    window: Any,
    spec: SurveySpec | None,
) -> BoolArray:
    """Over all rows of `frame`: the kept rows that repeat an earlier kept row.

    A row repeats one when its cells in `compared` equal that row's exactly and it was
    sent at most `window` (a pandas Timedelta) after it, by the times in column `name`.
    """
    import pandas as pd

    positions = np.flatnonzero(keep)
    everyone = positions.size == keep.size  # then the codes are used as they are
    times = _submission_times(frame, name, positions, spec)
    # Exact identity of rows: each column's codes (equal codes, equal text; −1 for
    # missing), combined into one key kept below 2**62 so that it never overflows:
    # `bound` exceeds every key, and the key is renumbered (pandas.factorize) when the
    # next column would take it past. Only equal keys matter below, not their values.
    key = np.zeros(positions.size, dtype=np.int64)
    bound = 1
    texts: list[Coded] = []  # free-text columns not factorized (see `Coded`): last
    for column in compared:
        coded = code(column)
        if coded._codes is None:
            texts.append(coded)
            continue
        width = len(coded.uniques) + 1
        if bound * width >= 2**62:
            renumbered, distinct = pd.factorize(key)
            key, bound = np.asarray(renumbered, dtype=np.int64), len(distinct)
        key *= width  # in place: a million rows, ten columns
        key += coded.codes if everyone else coded.codes[positions]
        key += 1
        bound *= width
    # Only rows whose answers occur more than once can repeat or be repeated: at 10^6
    # rows with free text, few; the sort below is then over those alone.
    if texts:  # the rows' groups, the free texts included
        groups = _with_texts(key, texts, positions, everyone)
        key = groups.astype(np.int64)
    else:
        groups = np.asarray(pd.factorize(key)[0])
    shared = np.bincount(groups)[groups] > 1
    if not shared.all():
        positions, times, key = positions[shared], times[shared], key[shared]
    # lexsort is stable: rows of equal key and time stay in row order (positions rise).
    order = np.lexsort((times, key))
    same = key[order][1:] == key[order][:-1]
    gap = times[order][1:] - times[order][:-1]
    repeat = same & (gap <= window.value)  # ns; times are int64 ns since the epoch
    remove = np.zeros(len(frame), dtype=bool)
    remove[positions[order[1:][repeat]]] = True
    return remove


def _with_texts(
    key: np.ndarray[Any, Any],
    texts: Sequence[Coded],
    positions: np.ndarray[Any, Any],
    everyone: bool,
) -> np.ndarray[Any, Any]:
    """Group the rows by `key` and by each free-text column's cell: one number a group.

    pandas.factorize of a free-text column's million strings costs 0.25 s (a hash
    table of ~650,000 Python objects); the strings' own hashes (Python's, computed in
    C) mixed into the key and numbered as integers (`_group_numbers`) give the groups
    for less, and the key's own grouping comes with them. Equal hashes only suggest
    equal cells, so each row of a group is then compared with its group's first row,
    key and text: any difference (a hash collision) sends that column to its exact
    codes instead.
    """
    import pandas as pd

    for coded in texts:
        values = coded._values
        assert values is not None
        groups = None
        if pd.api.types.infer_dtype(values, skipna=False) == "string":
            # Every cell hashed, then the kept rows' hashes taken: no copy of the strings.
            # (Mapped over the array itself: a list of it first cost 0.015 s more.)
            hashes = np.fromiter(map(hash, values), dtype=np.int64, count=values.size)
            if not everyone:
                hashes = hashes[positions]
            # key and hash mixed by multiplying by an odd constant (wrapping uint64).
            mixed = key.view(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
            mixed ^= hashes.view(np.uint64)
            numbers, count = _group_numbers(mixed)
            first = np.empty(count, dtype=np.intp)
            first[numbers[::-1]] = np.arange(numbers.size - 1, -1, -1)
            shared = np.flatnonzero(np.bincount(numbers)[numbers] > 1)
            lead = first[numbers[shared]]
            rows, leads = (shared, lead) if everyone else (positions[shared], positions[lead])
            if (key[shared] == key[lead]).all() and (values[rows] == values[leads]).all():
                groups = numbers
        if groups is None:  # not only strings, or a collision: the exact codes
            codes = coded.codes if everyone else coded.codes[positions]
            rows = np.asarray(pd.factorize(key)[0], dtype=np.int64)  # below the row count
            groups = np.asarray(pd.factorize(rows * (len(coded.uniques) + 1) + codes + 1)[0])
        key = groups.astype(np.int64)
    return np.asarray(key)


def _group_numbers(values: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], int]:
    """Give the distinct values of a uint64 array numbers: (each value's, how many).

    Equal values get equal numbers, from 0 up, in no particular order. pandas.factorize
    does this with one hash table, which for ~700,000 distinct values at 10^6 rows no
    longer fits in the cache (75 ms); the values are first sorted into 16 parts by
    their top 4 bits (a stable sort of one byte, a radix sort in numpy), and each part
    gets a table of its own (30 ms in all). The top bits of the values numbered here
    are those of a multiplicative mix, spread evenly.
    """
    import pandas as pd

    part = (values >> np.uint64(60)).astype(np.uint8)
    order = np.argsort(part, kind="stable")
    ordered = values[order]
    start, count = 0, 0
    for size in np.bincount(part, minlength=16).tolist():
        codes, distinct = pd.factorize(ordered[start : start + size])
        codes += count
        ordered[start : start + size] = codes  # numbered in place, in the sorted order
        start, count = start + size, count + len(distinct)
    numbers = np.empty(values.size, dtype=np.intp)
    numbers[order] = ordered  # back to the rows' order, in one pass
    return numbers, count


def _resubmission_reason(within: object, window: Any) -> Label:
    """Return the flow's default reason of the step, naming the window as the user wrote it."""
    shown = within if isinstance(within, str) else str(window)
    texts = _TEXT["drop_resubmissions"]
    return Label(en=texts["en"].format(within=shown), fr=texts["fr"].format(within=shown))
