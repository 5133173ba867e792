"""Reading survey exports: :func:`read_responses` and what it found (:class:`ExportFormat`).

It detects the encoding and the delimiter, reads a workbook's first sheet, parses the
timestamp column and checks the columns and answers against a spec; every other cell
is kept as text exactly as written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

from optamstats._checks import InvalidTypeError, InvalidValueError, _show
from optamstats.survey._files import _opened, _source_name
from optamstats.survey.coding import _VALIDATION_CODES, coder
from optamstats.survey.csvtext import _header, _read_text, _record_lines
from optamstats.survey.encodings import _SNIFF_BYTES, _SPACE, _bom_error, _check_binary, _decode
from optamstats.survey.errors import (
    ResponseFileError,
    UnknownColumnError,
    _given,
    _RowError,
    unknown_column,
)
from optamstats.survey.spec import SurveySpec
from optamstats.survey.timestamps import TimestampError, _parse_timestamps
from optamstats.survey.workbook import (
    _OLE_MAGIC,
    _ZIP_MAGIC,
    _cell_text,
    _column_letter,
    _dedup,
    _workbook_rows,
)

if TYPE_CHECKING:
    import pandas as pd

    from optamstats.survey.csvtext import _Heads
    from optamstats.survey.encodings import Buffer


# First column of a Google Forms export, by locale (the response sheet and its CSV).
_GOOGLE_TIMESTAMPS: Final = ("Timestamp", "Horodateur", "Marca temporal", "Zeitstempel")


# Microsoft Forms' Excel export, saved as CSV: the submission time column.
_MICROSOFT_TIMESTAMPS: Final = ("Completion time", "Heure de fin")


@dataclass(frozen=True, slots=True)
class ExportFormat:
    r"""What :func:`read_responses` found out about a file.

    Kept in ``frame.attrs["export_format"]`` of the DataFrame it returns.

    Attributes
    ----------
    source : str
        The file name.
    encoding : str
        ``"utf-8"``, ``"utf-8-sig"`` (with a byte-order mark), ``"cp1252"``, or the
        encoding that was given.
    delimiter : str
        ``","``, ``";"``, a tab, or the delimiter that was given.
    kind : str
        ``"google-forms"``, ``"microsoft-forms"`` or ``"generic"``, from the headers.
    timestamp : str or None
        The column parsed as dates, if any.
    timestamp_format : str or None
        Its layout, as strftime codes (``"%d/%m/%Y %H:%M:%S"``).
    rows : int
        Responses read (header excluded).
    sheet : str or None
        For a workbook (``.xlsx``, ``.xls``, ``.ods``): the name of the sheet read (the
        first); its `encoding` and `delimiter` are then ``""``. None for a CSV file.

    References
    ----------
    .. [1] Google Forms Help, "View & manage form responses" (the response sheet and its
       CSV download: one column per question, first column the timestamp).

    Examples
    --------
    >>> import io
    >>> from optamstats.forms import read_responses
    >>> raw = "Horodateur;Q\r\n07/11/2025 09:15:02;Oui\r\n".encode("cp1252")
    >>> read_responses(io.BytesIO(raw)).attrs["export_format"].delimiter
    ';'
    """

    source: str
    encoding: str
    delimiter: str
    kind: str
    timestamp: str | None
    timestamp_format: str | None
    rows: int
    sheet: str | None = None


def read_responses(
    source: str | os.PathLike[str] | bytes | IO[bytes] | IO[str],
    *,
    spec: SurveySpec | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    timestamp: str | bool = True,
    dayfirst: bool | None = None,
    timestamp_format: str | None = None,
) -> pd.DataFrame:
    r"""Read a survey export (CSV or workbook) into a DataFrame of text cells and a timestamp.

    Parameters
    ----------
    source : path, bytes or file object
        The exported file: a path, its bytes, or an open file (binary or text). A CSV
        file, or a workbook (``.xlsx`` as Microsoft Forms exports it; ``.xls``,
        ``.ods``), told by its first bytes: the first sheet is read.
    spec : SurveySpec, optional
        The survey's specification. Its timestamp settings are used, and its columns
        and answers are checked (:meth:`SurveySpec.validate`).
    encoding : str, optional
        Detected when not given: UTF-8 with a byte-order mark, UTF-8, then cp1252 (what
        a French Excel writes). A file that mixes encodings is refused. CSV only.
    delimiter : str, optional
        Detected when not given: the one of ``,`` ``;`` and tab that splits the first
        records into the same number of fields (``;`` is what a French Excel writes).
        CSV only.
    timestamp : str or bool, default True
        ``True``: parse the submission-time column if there is one (the spec's, else the
        first column of a Google Forms export, ``Timestamp`` / ``Horodateur``, else
        Microsoft Forms' ``Completion time`` / ``Heure de fin``). A column name: parse
        that one. ``False``: keep every column as text.
    dayfirst : bool, optional
        Whether dates are written day first (``07/11/2025`` for 7 November). Detected
        when not given: from the layouts that parse every sampled value, then from the
        order of the rows (exports are in submission order), then from the header's
        language (``Horodateur`` is French, day first); if it is still ambiguous the
        function asks for it.
    timestamp_format : str, optional
        The timestamp layout in strftime codes, e.g. ``"%d/%m/%Y %H:%M:%S"``; overrides
        the detection.

    Returns
    -------
    pandas.DataFrame
        One row per response, in file order, with a default index; one column per
        header, named exactly as in the file. Cells are text (``str`` dtype) exactly
        as written: blank cells are ``""``, ``NA`` stays ``"NA"``, ``007`` stays
        ``"007"``; headers and cells are in Unicode NFC (accents composed, as
        :func:`load_spec` reads labels), whatever form the file used (macOS: NFD).
        The timestamp column, if any, holds datetimes (``NaT`` where blank).
        ``frame.attrs["export_format"]`` holds an :class:`ExportFormat`.

    Raises
    ------
    ResponseFileError
        A broken file: empty, binary junk or NUL bytes, undecodable bytes or mixed
        encodings, a record with more or fewer fields than the header (including a blank
        line), an unclosed quote, an unparseable timestamp; for a workbook, a corrupt or
        encrypted file, a blank row, a value in a column without a header. The message
        names the file, the line (for a workbook: the sheet and its row) and what is
        wrong. A path that names no file raises one that is also a
        ``FileNotFoundError``.
    UnknownColumnError
        `timestamp` names no column, or a column of `spec` is missing.
    InvalidValueError, InvalidTypeError
        Bad arguments; dates that read both day first and month first.

    Notes
    -----
    Duplicate headers (two questions with the same text) are told apart the way
    pandas does it: ``"Q"``, ``"Q.1"``; an empty header becomes ``"Unnamed: 0"``.

    A workbook's cells are turned into the text a CSV export holds: whole numbers
    without ``.0``, dates and times in ISO layout (``2026-03-02 09:15:02``), empty
    cells ``""``; columns and rows after the data are dropped. Its errors name the
    sheet and the row as Excel shows it (the header is row 1); an encrypted or
    corrupt workbook is refused as such. Workbooks are read with python-calamine [3]_.
    Blank lines at the very end of the file are ignored; a blank line anywhere else is
    an error, because it would be a response with no answers. Control bytes other
    than NUL are looked for in the first 64 KiB only.

    Parsing is pandas' C reader with every cell read as text (``dtype=str``,
    ``keep_default_na=False``), so that nothing is turned into a number or a missing
    value [1]_; quoting follows RFC 4180 [2]_. The reader's one blind spot, short
    records padded with empty cells, is checked by counting the delimiters that end
    the records whose last cell is empty.

    References
    ----------
    .. [1] pandas documentation, ``pandas.read_csv``,
       https://pandas.pydata.org/docs/reference/api/pandas.read_csv.html
    .. [2] Y. Shafranovich, "Common Format and MIME Type for Comma-Separated Values
       (CSV) Files", RFC 4180, 2005.
    .. [3] python-calamine, Python bindings of the Rust calamine reader,
       https://github.com/dimastbk/python-calamine

    Examples
    --------
    A French Google Forms export (dates day first, a multi-select cell in quotes):

    >>> import io
    >>> from optamstats.forms import read_responses
    >>> raw = (
    ...     "Horodateur,Etes-vous sorti de l'OPTAM?,Pour quelles raisons?\n"
    ...     '07/11/2025 09:15:02,Oui,"Désaccord politique, Menace de sanctions / pénalités"\n'
    ...     "07/11/2025 09:20:41,Non,\n"
    ... ).encode("utf-8")
    >>> df = read_responses(io.BytesIO(raw))
    >>> df["Horodateur"].iloc[0]
    Timestamp('2025-11-07 09:15:02')
    >>> df["Pour quelles raisons?"].tolist()
    ['Désaccord politique, Menace de sanctions / pénalités', '']
    >>> df.attrs["export_format"].kind
    'google-forms'
    """
    if spec is not None and not isinstance(spec, SurveySpec):
        raise InvalidTypeError(
            f"`spec` must be a SurveySpec (see `load_spec`) or None; got {_show(spec)}."
        )
    if delimiter is not None and (
        not isinstance(delimiter, str)
        or len(delimiter) != 1
        or delimiter in '"\r\n'
        or not delimiter.isascii()  # pandas' C parser splits on one byte
    ):
        raise InvalidValueError(
            f"`delimiter` must be one character other than a quote or a line break, and "
            f"ASCII, such as ',' or ';'; got {_show(delimiter)}."
        )
    if dayfirst is not None and not isinstance(dayfirst, bool):
        raise InvalidTypeError(f"`dayfirst` must be True, False or None; got {_show(dayfirst)}.")
    if not isinstance(timestamp, str | bool):
        raise InvalidTypeError(
            "`timestamp` must be True (detect), False (none) or a column name; "
            f"got {_show(timestamp)}."
        )
    if timestamp_format is not None and not isinstance(timestamp_format, str):
        raise InvalidTypeError(
            f"`timestamp_format` must be strftime codes (a string) or None; "
            f"got {_show(timestamp_format)}."
        )
    name = _source_name(source)
    with _opened(source) as (raw, path):
        if not raw[:_SNIFF_BYTES].strip(_SPACE) and not raw[:].strip(_SPACE):
            raise ResponseFileError(
                f"{_given(name)} is empty ({len(raw)} bytes, no header line): export the "
                "responses again (Google Forms: Responses, then 'Download responses (.csv)').",
                source=name,
                line=1 if len(raw) else None,
            )
        if raw[:4] in (_ZIP_MAGIC, _OLE_MAGIC):
            return _read_workbook(
                raw, path, name, spec, timestamp, dayfirst, timestamp_format, encoding, delimiter
            )
        _check_binary(raw, name)
        data, used_encoding = _decode(raw, name, encoding)
        heads = timestamp is not False  # the records' first bytes: a timestamp column's
        try:
            frame, data, sep, found = _read_text(
                data, name, delimiter, path if data is raw else None, heads
            )
        except UnicodeDecodeError:
            if used_encoding != "utf-8":
                raise _bom_error(raw, name) from None
            data, used_encoding = _decode(raw, name, encoding, checked=True)
            frame, data, sep, found = _read_text(data, name, delimiter, None, heads)
        kind = _kind([str(c) for c in frame.columns])

        def locate(row: int, data: Buffer = data) -> tuple[str, int | None]:
            lines = _record_lines(data, sep)
            line = lines[row + 1] if row + 1 < len(lines) else None
            return f"line {line}", line

        # Every missing column at once, before any is parsed; then the answers.
        _check_against_spec(frame, _header(data, sep), spec, name, "line 1", locate)
        column, fmt = _timestamp_column(
            frame, name, locate, spec, timestamp, dayfirst, timestamp_format, found
        )
        del data, found
    frame.attrs["export_format"] = ExportFormat(
        source=name,
        encoding=used_encoding,
        delimiter=sep,
        kind=kind,
        timestamp=column,
        timestamp_format=fmt,
        rows=len(frame),
    )
    return frame


def _check_against_spec(
    frame: pd.DataFrame,
    header: list[str],
    spec: SurveySpec | None,
    name: str,
    where: str,
    locate: Callable[[int], tuple[str, int | None]],
) -> None:
    """Check the header and the answers against `spec`; `where` names the header's place.

    `locate` turns a data row into its place as the user sees it (a CSV's line as an
    editor shows it, a workbook's sheet and row).
    """
    if spec is None:
        return
    _check_header(header, spec, name, where)
    try:  # spec.validate(frame), keeping the codes if asked to
        spec._validate(frame, coder(frame, _VALIDATION_CODES.get()))
    except _RowError as exc:  # the row's place, as the user sees it
        place, line = locate(exc.rows[0])
        raise _RowError(
            f"{_given(name)}: " + exc.template, rows=exc.rows, where=place, line=line
        ) from None
    except UnknownColumnError as exc:  # say which file, and that it is its header
        raise UnknownColumnError(
            f"{_given(name)}, {where} (the header): {exc}",
            column=exc.column,
            suggestions=exc.suggestions,
        ) from None


def _check_header(header: list[str], spec: SurveySpec, name: str, where: str) -> None:
    """Refuse a header that holds a column of the spec twice (which one to read?)."""
    for column in spec.columns:
        places = [i + 1 for i, h in enumerate(header) if h == column]
        if len(places) > 1:
            raise ResponseFileError(
                f"{_given(name)}, {where}: the header holds {column!r} {len(places)} times "
                f"(columns {', '.join(map(str, places))}), a column of the spec: which one to "
                "read is ambiguous. Rename or delete the copies in the file.",
                source=name,
                line=1,
            )


def _kind(columns: list[str]) -> str:
    if columns and columns[0] in _GOOGLE_TIMESTAMPS:
        return "google-forms"
    if "ID" in columns and any(c in columns for c in _MICROSOFT_TIMESTAMPS):
        return "microsoft-forms"
    return "generic"


def _timestamp_column(
    frame: pd.DataFrame,
    name: str,
    locate: Callable[[int], tuple[str, int | None]],
    spec: SurveySpec | None,
    timestamp: str | bool,
    dayfirst: bool | None,
    fmt: str | None,
    heads: _Heads | None = None,
) -> tuple[str | None, str | None]:
    """Parse the timestamp column in place; return its name and layout (None, None if none).

    `heads`: the first bytes of a CSV's records, which hold its first column's cells.
    """
    columns = [str(c) for c in frame.columns]
    if timestamp is False:
        return None, None
    if spec is not None:
        dayfirst = spec.dayfirst if dayfirst is None else dayfirst
        fmt = spec.timestamp_format if fmt is None else fmt
    if isinstance(timestamp, str):
        column: str | None = timestamp
    elif spec is not None and spec.timestamp is not None:
        column = spec.timestamp
    elif columns and columns[0] in _GOOGLE_TIMESTAMPS:
        column = columns[0]
    else:
        column = next((c for c in _MICROSOFT_TIMESTAMPS if c in columns), None)
    if column is None:
        return None, None
    if column not in columns:
        raise unknown_column(column, columns, argument="timestamp")
    first = heads if columns.index(column) == 0 and len(columns) > 1 else None
    try:
        parsed, used = _parse_timestamps(
            frame[column],
            column=column,
            dayfirst=dayfirst,
            fmt=fmt,
            spec_keys=spec is not None,
            heads=first,
        )
    except TimestampError as exc:
        where, line = locate(exc.row)
        raise ResponseFileError(
            f"{_given(name)}, {where}: {exc.detail}", source=name, line=line, row=exc.row
        ) from None
    except InvalidValueError as exc:
        raise InvalidValueError(f"{_given(name)}: {exc}") from None
    frame[column] = parsed
    return column, used


def _read_workbook(
    raw: Buffer,
    path: Path | None,
    name: str,
    spec: SurveySpec | None,
    timestamp: str | bool,
    dayfirst: bool | None,
    timestamp_format: str | None,
    encoding: str | None,
    delimiter: str | None,
) -> pd.DataFrame:
    """:func:`read_responses` for a workbook: its first sheet, cells as a CSV holds them.

    Read with python-calamine (13× faster than openpyxl in read-only mode on a
    10,000-row export, see ``docs/design.md``). Rows are named as Excel shows them
    (the header is row 1).
    """
    import pandas as pd

    for given, what in ((encoding, "encoding"), (delimiter, "delimiter")):
        if given is not None:
            raise InvalidValueError(
                f"`{what}` {given!r} applies to CSV files; {name!r} is a workbook, which has "
                f"none. Leave `{what}` out."
            )
    sheet, rows = _workbook_rows(raw, path, name)
    where = f"sheet {sheet!r}"
    import datetime

    # A date-time at midnight comes back as a date: in a column of date-times, it is
    # written as one, so that the column keeps one layout.
    timed = {j for row in rows for j, v in enumerate(row) if isinstance(v, datetime.datetime)}

    def text(j: int, v: object) -> str:
        if j in timed and isinstance(v, datetime.date) and not isinstance(v, datetime.datetime):
            return v.strftime("%Y-%m-%d 00:00:00")
        return _cell_text(v)

    cells = [[text(j, v) for j, v in enumerate(row)] for row in rows]
    # Rows and columns a spreadsheet keeps after the data (formatting, deleted cells).
    while cells and not any(cells[-1]):
        cells.pop()
    if not cells:
        raise ResponseFileError(
            f"{_given(name)}, {where} is empty (no header row): export the responses "
            "again (Microsoft Forms: Responses, then 'Open in Excel').",
            source=name,
        )
    header = cells[0]
    if not any(header):
        raise ResponseFileError(
            f"{_given(name)}, {where}, row 1 is blank: the header (question texts) must "
            "be the first row. Delete the rows above it.",
            source=name,
            line=1,
        )
    width = max(i + 1 for i, h in enumerate(header) if h)
    for r, row in enumerate(cells[1:], start=2):
        extra = next((j for j in range(width, len(row)) if row[j]), None)
        if extra is not None:
            raise ResponseFileError(
                f"{_given(name)}, {where}, row {r}: cell {_column_letter(extra)}{r} holds "
                f"a value, but the header (row 1) has no question in column "
                f"{_column_letter(extra)}. Delete the cell or give the column a header.",
                source=name,
                line=r,
            )
        if width > 1 and not any(row[:width]):
            raise ResponseFileError(
                f"{_given(name)}, {where}, row {r} is blank: a response with no answer "
                "in any column. Delete the row.",
                source=name,
                line=r,
            )
    body = [row[:width] + [""] * (width - len(row)) for row in cells[1:]]
    columns = _dedup(header[:width])
    if body:
        frame = pd.DataFrame(body, columns=pd.Index(columns, dtype=str), dtype=str)
    else:  # a header alone: text columns all the same
        frame = pd.DataFrame({c: pd.Series([], dtype=str) for c in columns})
    kind = _kind(columns)

    def locate(row: int) -> tuple[str, int | None]:
        return f"{where}, row {row + 2}", row + 2

    _check_against_spec(frame, header[:width], spec, name, f"{where}, row 1", locate)

    column, fmt = _timestamp_column(frame, name, locate, spec, timestamp, dayfirst,
                                    timestamp_format)  # fmt: skip
    frame.attrs["export_format"] = ExportFormat(
        source=name,
        encoding="",
        delimiter="",
        kind=kind,
        timestamp=column,
        timestamp_format=fmt,
        rows=len(frame),
        sheet=sheet,
    )
    return frame
