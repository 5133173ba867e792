"""Reading survey exports, and the survey specification that says what each column is.

Two halves:

* :func:`read_responses` reads the CSV file a survey tool exports (Google Forms in
  English or French, Microsoft Forms, any survey CSV). It detects the encoding (UTF-8,
  UTF-8 with a byte-order mark, cp1252 as written by a French Excel) and the delimiter
  (``,`` ``;`` or tab), parses the timestamp column, and keeps every other cell as text
  exactly as written. A workbook (Microsoft Forms' ``.xlsx``) is read from its first
  sheet, its cells turned into the same text. A broken file raises
  :class:`ResponseFileError` naming the file, the line (or sheet row) and what is
  wrong: nothing is dropped silently.
* :func:`load_spec` reads a survey specification (TOML, see ``docs/spec.md``) into a
  frozen :class:`SurveySpec`: each question's column, type and role, its options, who
  was asked it (skip logic), the label of that base, and the ordered cohort steps.
  Nothing about any one survey is written in code: a survey is a specification.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import difflib
import io
import json
import mmap
import os
import re
import tomllib
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, cast

import numpy as np

from optamstats._checks import InvalidTypeError, InvalidValueError, OptamstatsError, _show
from optamstats.declarations import (
    DECLARED_TABLES,
    BreakdownDecl,
    ClaimDecl,
    Fieldwork,
    FunnelDecl,
    SectionDecl,
    WavesDecl,
    WeightingDecl,
    read_declarations,
)

if TYPE_CHECKING:
    import pandas as pd

    from optamstats.cohort import Cohort

__all__ = [
    "LANGS",
    "PERCENT_OF",
    "QUESTION_TYPES",
    "ROLES",
    "STEP_KINDS",
    "AllOf",
    "AnyOf",
    "CohortStep",
    "Condition",
    "ExportFormat",
    "Label",
    "NotOf",
    "Question",
    "ResponseFileError",
    "SkipRule",
    "SpecError",
    "SurveySpec",
    "UnknownColumnError",
    "load_spec",
    "read_responses",
]

LANGS: Final = ("en", "fr")
QUESTION_TYPES: Final = ("single", "yesno", "multi", "scale", "number", "text")
#: How a single-choice or scale question's non-substantive answers ("Ne sait pas") enter
#: its percentages: ``"both"`` (each percentage given with and without them), ``"all"``
#: (kept in the base) or ``"substantive"`` (left out of it).
PERCENT_OF: Final = ("both", "all", "substantive")
# Words of `asked_if` that combine conditions instead of naming a question.
_COMBINERS: Final = ("any", "all", "not")
STEP_KINDS: Final = ("include", "exclude", "require", "drop_resubmissions")
# Roles of the exit funnel's yes/no questions: each held by one question at most, with
# ``yes`` and ``no`` covering every option.
_YES_NO_ROLES: Final = ("member", "left", "plans_to_leave")
#: Roles the library's modules look for; any other identifier is allowed too.
ROLES: Final = (
    "practice",
    "sector",
    "status",
    "specialty",
    "member",
    "left",
    "plans_to_leave",
    "motives",
    "free_text",
)

# First column of a Google Forms export, by locale (the response sheet and its CSV).
_GOOGLE_TIMESTAMPS: Final = ("Timestamp", "Horodateur", "Marca temporal", "Zeitstempel")
# Microsoft Forms' Excel export, saved as CSV: the submission time column.
_MICROSOFT_TIMESTAMPS: Final = ("Completion time", "Heure de fin")
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
_SNIFF_BYTES: Final = 64 * 1024  # bytes looked at for the delimiter and binary junk
_MAX_COLUMNS: Final = 10_000  # Google and Microsoft Forms exports have a few hundred
_DELIMITERS: Final = (",", ";", "\t")

_BOM_UTF8: Final = b"\xef\xbb\xbf"
_SPACE: Final = b" \t\r\n\xef\xbb\xbf"
_UTF8_SEQUENCE: Final = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
# Characters a Latin-script survey holds, whose UTF-8 form a cp1252 text only shows as
# mojibake ("Ã©" for é, "â€™" for ’): accented letters, no-break space, « » °, curly
# quotes, ellipsis, euro sign.
_TELLTALE: Final = frozenset(
    [chr(c) for c in range(0xC0, 0x180)]
    + ["\u00a0", "\u00ab", "\u00bb", "\u00b0", "\u2026", "\u20ac"]
    + [chr(c) for c in range(0x2018, 0x2020)]
)
# C0 control bytes other than tab, line feed, vertical tab, form feed and carriage return.
_JUNK: Final = re.compile(rb"[\x01-\x08\x0e-\x1f]")
_IDENTIFIER: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

#: File content: bytes, or a read-only memory map of a file on disk.
Buffer = bytes | mmap.mmap


# --------------------------------------------------------------------------- exceptions


class ResponseFileError(InvalidValueError):
    r"""A survey export that cannot be read as it is.

    The message names the file, the line and what is wrong; the same facts are kept
    as attributes for programs.

    Parameters
    ----------
    message : str
        What is wrong and how to fix it.
    source : str
        The file name (or ``"<bytes>"``, ``"<stream>"``).
    line : int, optional
        The 1-based line of the file where the problem is.
    row : int, optional
        The 0-based position of the data row concerned, when there is one.

    Attributes
    ----------
    source : str
        The file name (or ``"<bytes>"``, ``"<stream>"``).
    line : int or None
        The 1-based line of the file where the problem is, as an editor shows it (the
        header is line 1), when there is one.
    row : int or None
        The 0-based position of the data row concerned (line ≥ row + 2: a record
        spans several lines when its quoted cells hold line breaks).

    Examples
    --------
    >>> from optamstats import ResponseFileError, read_responses
    >>> try:
    ...     read_responses(b"a,b\n1,2,3\n")
    ... except ResponseFileError as error:
    ...     print(error.source, error.line)
    <bytes> 2
    """

    def __init__(
        self, message: str, *, source: str, line: int | None = None, row: int | None = None
    ) -> None:
        super().__init__(message)
        self.source = source
        self.line = line
        self.row = row


class SpecError(InvalidValueError):
    r"""A survey specification that is not valid.

    Parameters
    ----------
    message : str
        What is wrong and how to fix it.
    source : str, default "<text>"
        The spec file, or ``"<text>"``.
    key : str, default ""
        Where in the TOML the problem is.

    Attributes
    ----------
    source : str
        The spec file, or ``"<text>"``.
    key : str
        Where in the TOML the problem is, e.g. ``questions.left.asked_if``.

    Examples
    --------
    >>> from optamstats import SpecError, load_spec
    >>> try:
    ...     load_spec("[questions.a]\ncolumn = 'A'\naksed_if = {}\n")
    ... except SpecError as error:
    ...     print(error.key)
    questions.a.aksed_if
    """

    def __init__(self, message: str, *, source: str = "<text>", key: str = "") -> None:
        super().__init__(message)
        self.source = source
        self.key = key


class UnknownColumnError(InvalidValueError):
    """A column name that is not in the data; the message lists the closest headers.

    Parameters
    ----------
    message : str
        What is wrong, with the closest headers.
    column : str
        The name asked for.
    suggestions : tuple of str
        The closest headers, best first.

    Attributes
    ----------
    column : str
        The name asked for.
    suggestions : tuple of str
        The closest headers, best first (possibly empty).

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats import Cohort, UnknownColumnError
    >>> try:
    ...     Cohort(pd.DataFrame({"Quel âge ?": ["40"]})).base("Quel age ?")
    ... except UnknownColumnError as error:
    ...     print(error.column, error.suggestions)
    Quel age ? ('Quel âge ?',)
    """

    def __init__(self, message: str, *, column: str, suggestions: tuple[str, ...]) -> None:
        super().__init__(message)
        self.column = column
        self.suggestions = suggestions


# --------------------------------------------------------------------------- helpers


def _fold(text: str) -> str:
    """Fold case, accents, apostrophes and spaces: for suggestions, never for matching."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return " ".join(text.casefold().split())


def closest(name: str, candidates: Sequence[str], n: int = 3) -> tuple[str, ...]:
    """Return up to `n` of `candidates` closest to `name`, best first (difflib).

    A candidate equal to `name` up to case, accents, apostrophes (’ and ') and spaces
    comes first: that is the usual way a hand-typed header differs from an export's.
    """
    # A header can be huge (a file whose line breaks were lost is one 50 MB header);
    # difflib is quadratic, and no name that long is a near miss of a column name.
    candidates = [c for c in candidates if len(c) <= 10 * len(name) + 100]
    folded = _fold(name)
    same = [c for c in candidates if _fold(c) == folded and c != name]
    by_fold = {_fold(c): c for c in candidates}
    near = difflib.get_close_matches(folded, list(by_fold), n=n, cutoff=0.6)
    out = list(same)
    for key in near:
        if by_fold[key] not in out:
            out.append(by_fold[key])
    return tuple(out[:n])


def unknown_column(
    name: str, columns: Sequence[str], *, argument: str = "column", extra: Sequence[str] = ()
) -> UnknownColumnError:
    """Build the error for a column that is not in the data, listing the closest headers."""
    headers = [str(c) for c in columns]
    suggestions = closest(name, [*headers, *extra])
    if suggestions:
        hint = "closest: " + ", ".join(repr(s) for s in suggestions)
        if any(_fold(s) == _fold(name) for s in suggestions):
            hint += " (differs only in case, accents, apostrophes or spaces)"
    else:
        shown = ", ".join(repr(h) for h in headers[:6]) + (", ..." if len(headers) > 6 else "")
        hint = f"the data has {len(headers)} columns: {shown}"
    return UnknownColumnError(
        f"`{argument}` {name!r} is not a column of the data; {hint}. "
        "Copy the header exactly as the export writes it.",
        column=name,
        suggestions=suggestions,
    )


BoolArray = np.ndarray[Any, np.dtype[np.bool_]]


class Coded:
    """A text column as integer codes into its distinct values (``pandas.factorize``).

    Survey columns hold few distinct answers, so any test on a cell (blank? one of
    these answers? ticks this option?) is made once per distinct value and spread to
    the rows by indexing, instead of once per row. Missing values (NaN/None) get code
    −1.
    """

    __slots__ = ("_blank", "codes", "uniques")

    def __init__(self, values: Any) -> None:
        import pandas as pd

        # Which distinct values are blank, computed once: a free-text column of a
        # million rows has ~650,000 of them, and every question's base asks.
        self._blank: np.ndarray[Any, np.dtype[np.bool_]] | None = None

        if isinstance(values, pd.Series | pd.Index):
            array = values.to_numpy(dtype=object)
        else:
            array = np.asarray(values, dtype=object)
        # The object array, not the Series: pandas factorizes it about twice as fast.
        codes, uniques = pd.factorize(array)
        self.codes: np.ndarray[Any, np.dtype[np.intp]] = np.asarray(codes, dtype=np.intp)
        self.uniques: np.ndarray[Any, np.dtype[np.object_]] = np.asarray(uniques, dtype=object)

    def where(
        self, test: Callable[[str], bool], *, missing: bool = False, among: BoolArray | None = None
    ) -> BoolArray:
        """Boolean array over the rows: `test` of each cell's text (`missing` for NaN).

        With `among`, only the values found in those rows are tested (others: False).
        Non-text values are tested as their ``str``.
        """
        import pandas as pd

        wanted = None
        if among is not None:
            wanted = np.zeros(len(self.uniques) + 1, dtype=bool)
            wanted[self.codes[among]] = True
        flags = np.zeros(len(self.uniques) + 1, dtype=bool)
        flags[-1] = missing  # code −1 indexes the last flag
        for i, u in enumerate(self.uniques):
            if wanted is not None and not wanted[i]:
                continue
            if isinstance(u, str):
                flags[i] = test(u)
            else:
                flags[i] = missing if pd.isna(u) else test(str(u))
        out: BoolArray = flags[self.codes]
        return out

    def blank(self) -> BoolArray:
        """Return True where a cell is empty, only whitespace, or missing."""
        if self._blank is None:
            import pandas as pd

            flags = np.ones(len(self.uniques) + 1, dtype=bool)  # the last: code −1
            flags[:-1] = [
                not u.strip() if isinstance(u, str) else bool(pd.isna(u)) or not str(u).strip()
                for u in self.uniques
            ]
            self._blank = flags
        out: BoolArray = self._blank[self.codes]
        return out

    def isin(self, wanted: Sequence[str]) -> BoolArray:
        """Return True where a cell equals one of `wanted`, ignoring spaces around both."""
        targets = {w.strip() for w in wanted}
        return self.where(lambda u: u.strip() in targets)


# Where `read_responses` leaves the codes it makes while checking the answers against a
# spec (column -> Coded of the frame it returns): a caller that goes on to build the
# cohort of that frame (the report's parse step) sets a dict here, so that no column is
# factorized twice (≈ 0.1 s a column at 10^6 rows). Unset, they are dropped. The codes
# are those of the cells as returned: any normalisation of the cells (e.g. to NFC) must
# come before the check.
_VALIDATION_CODES: ContextVar[dict[str, Coded] | None] = ContextVar(
    "_VALIDATION_CODES", default=None
)


def coder(frame: pd.DataFrame, cache: dict[str, Coded] | None = None) -> Callable[[str], Coded]:
    """Return ``column -> Coded`` for `frame`, factorizing each column once (in `cache`)."""
    store: dict[str, Coded] = {} if cache is None else cache

    def code(column: str) -> Coded:
        found = store.get(column)
        if found is None:
            found = store[column] = Coded(frame[column])
        return found

    return code


def is_blank(values: Any) -> BoolArray:
    """Boolean array: True where a text cell is empty or only whitespace (or missing)."""
    return Coded(values).blank()


def matches(values: Any, wanted: Sequence[str]) -> BoolArray:
    """Boolean array: True where a text cell equals one of `wanted`, ignoring outer spaces."""
    return Coded(values).isin(wanted)


# --------------------------------------------------------------------------- reading


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


def _source_name(source: object) -> str:
    if isinstance(source, str | os.PathLike):
        return os.fsdecode(os.fspath(source))
    if isinstance(source, bytes | bytearray | memoryview):
        return "<bytes>"
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<stream>"


# How messages name what the user gave. Python callers read argument names (`source`,
# `encoding=`); the command line sets its flags here (``{"export": "--responses",
# "spec": "--spec"}``), so that its messages name a flag and never an argument its
# user never wrote. Unset (None): Python's terms.
_CLI_FLAGS: ContextVar[Mapping[str, str] | None] = ContextVar("_CLI_FLAGS", default=None)


@contextlib.contextmanager
def _command_line(**flags: str) -> Iterator[None]:
    """Within this block, messages name the command line's `flags` instead of arguments."""
    token = _CLI_FLAGS.set(flags)
    try:
        yield
    finally:
        _CLI_FLAGS.reset(token)


def _given(name: str, what: str = "export") -> str:
    """Name the file `name` as its user gave it: `source` (Python) or a flag (CLI)."""
    flags = _CLI_FLAGS.get()
    if flags is None:
        return f"`source` {name!r}"
    flag = flags.get(what)
    return f"{flag} {name!r}" if flag else f"{what} {name!r}"


def _python_only(hint: str) -> str:
    """Return `hint` (which names a Python argument) for Python callers, "" for the CLI."""
    return hint if _CLI_FLAGS.get() is None else ""


class _RowError(InvalidValueError):
    """A problem at rows of the data; the message says "line N" once the file is known.

    Attributes
    ----------
    rows : tuple of int
        0-based positions of the rows concerned in the data (the first ones).
    line : int or None
        The first row's line as an editor shows it (header = line 1), when known.
    template : str
        The message, with ``{where}`` for the place of the first row.
    """

    def __init__(
        self, template: str, *, rows: Sequence[int], where: str, line: int | None = None
    ) -> None:
        super().__init__(template.format(where=where))
        self.template = template
        self.rows = tuple(int(r) for r in rows)
        self.line = line

    def at_lines(self, lines: Sequence[int], prefix: str) -> _RowError:
        """Return the same error located by line (`lines[i]`: the line of data row i)."""
        line = int(lines[self.rows[0]])
        out = _RowError(prefix + self.template, rows=self.rows, where=f"line {line}", line=line)
        return out


class _SpecRowError(SpecError, _RowError):
    """A spec that does not fit rows of the data, located like a _RowError.

    A SpecError naming its key, located by line once the command line knows the file.
    """

    def __init__(
        self, template: str, *, rows: Sequence[int], where: str, source: str, key: str
    ) -> None:
        InvalidValueError.__init__(self, template.format(where=where))
        self.template = template
        self.rows = tuple(int(r) for r in rows)
        self.line = None
        self.source = source
        self.key = key


class _MissingExportError(ResponseFileError, FileNotFoundError):
    """An export path that names no file (also a FileNotFoundError, as `open` raises)."""


class _MissingSpecError(SpecError, FileNotFoundError):
    """A spec path that names no file (also a FileNotFoundError, as `open` raises)."""


def _open_path(
    path: Path, error: Callable[[str], OptamstatsError], missing: Callable[..., OptamstatsError]
) -> IO[bytes]:
    """Open a file for reading; refuse what cannot be opened with the library's errors."""
    name = os.fspath(path)
    what = "spec" if missing is _MissingSpecError else "export"
    try:
        return path.open("rb")
    except FileNotFoundError as exc:
        raise missing(
            f"{_given(name, what)} is not a file: {exc.strerror}. Check the path.", source=name
        ) from None
    except (OSError, ValueError) as exc:  # a folder, no permission, a NUL in the name
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise error(f"{_given(name, what)} cannot be opened ({reason}). Check the path.") from None


@contextlib.contextmanager
def _opened(source: object) -> Iterator[tuple[Buffer, Path | None]]:
    """Yield the file's content and, for a file on disk, its path.

    A file on disk is memory-mapped rather than copied: the checks below only look at
    parts of it, and pandas reads the path itself (faster than from memory).
    """
    if isinstance(source, bytes):
        yield source, None
    elif isinstance(source, bytearray | memoryview):
        yield bytes(source), None
    elif isinstance(source, str | os.PathLike):
        path = Path(os.fsdecode(os.fspath(source)))
        if isinstance(source, str) and "\n" in source:
            raise InvalidTypeError(
                "`source` must be a path, bytes or a file object; got a string holding "
                f"line breaks ({_show(source)}). Pass CSV text as `io.StringIO(text)`."
            )
        handle = _open_path(path, lambda message: ResponseFileError(message, source=str(path)),
                            _MissingExportError)  # fmt: skip
        with handle:
            if os.fstat(handle.fileno()).st_size == 0:
                yield b"", path
                return
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                yield mapped, path
    else:
        read = getattr(source, "read", None)
        data = read() if callable(read) else None
        if isinstance(data, str):
            yield data.encode("utf-8"), None
        elif isinstance(data, bytes | bytearray):
            yield bytes(data), None
        else:
            raise InvalidTypeError(
                "`source` must be a path, bytes or an open file (binary or text); "
                f"got {_show(source)} ({type(source).__name__})."
            )


def _line_of(data: Buffer, offset: int) -> int:
    r"""1-based line of byte `offset` (counting \n, \r\n and lone \r as line ends)."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _check_binary(data: Buffer, name: str) -> None:
    """Refuse what is not text: NUL bytes, UTF-16, control bytes (workbooks come before)."""
    start = data[:4]
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ResponseFileError(
            f"{_given(name)}, line 1: the file is UTF-16 text (it starts with a UTF-16 "
            "byte-order mark), which is what Excel's 'Unicode Text' writes. "
            "Save it as 'CSV UTF-8 (comma delimited)' instead.",
            source=name,
            line=1,
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line = _line_of(data, nul)
        raise ResponseFileError(
            f"{_given(name)}, line {line}: NUL byte (0x00) at byte {nul}: this is binary "
            "data, not a CSV text export (a truncated download or a file of another "
            "kind). Export the responses again as CSV.",
            source=name,
            line=line,
        )
    # Other control bytes are looked for at the start only, where a file of another kind
    # shows; scanning the whole file would cost as much as parsing it.
    junk = _JUNK.search(data[:_SNIFF_BYTES])
    if junk is not None:
        line = _line_of(data, junk.start())
        raise ResponseFileError(
            f"{_given(name)}, line {line}: control byte {junk.group()[0]:#04x} at byte "
            f"{junk.start()}: binary junk, not CSV text. Export the responses again as CSV.",
            source=name,
            line=line,
        )


def _decode(
    data: Buffer, name: str, encoding: str | None, *, checked: bool = False
) -> tuple[Buffer, str]:
    """Return the content as UTF-8 (a byte-order mark may remain), and its encoding.

    Unless `checked`, content without a byte-order mark is taken as UTF-8 unverified:
    pandas' parser decodes every cell strictly, and on failure the caller comes back
    with ``checked=True`` to find the line and to try cp1252.
    """
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except (LookupError, TypeError, ValueError):  # unknown, not a string, a NUL
            raise InvalidValueError(
                f"`encoding` must be an encoding Python knows, such as 'utf-8' or 'cp1252'; "
                f"got {encoding!r}."
            ) from None
        try:
            text = data[:].decode(codec)
        except UnicodeDecodeError as exc:
            line = _line_of(data, exc.start)
            raise ResponseFileError(
                f"{_given(name)}, line {line}: byte {data[exc.start]:#04x} at byte "
                f"{exc.start} cannot be decoded as {encoding}. Pass the file's real "
                "encoding, or `encoding=None` to detect it.",
                source=name,
                line=line,
            ) from None
        return text.removeprefix("\ufeff").encode("utf-8"), encoding
    if data[:3] == _BOM_UTF8:
        return data, "utf-8-sig"
    if not checked:
        return data, "utf-8"
    whole = data[:]
    try:
        whole.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    else:
        return data, "utf-8"
    utf8 = _utf8_text(whole)
    if utf8 is not None:
        line = _line_of(data, bad)
        raise ResponseFileError(
            f"{_given(name)}, line {line}: byte {whole[bad]:#04x} is not valid UTF-8, but "
            f"line {_line_of(data, utf8)} holds UTF-8 text: the file mixes "
            "encodings (often a CSV edited and re-saved). Re-export it in one encoding "
            f"(CSV UTF-8){_python_only(', or pass `encoding=` if you know it')}.",
            source=name,
            line=line,
        )
    try:
        text = whole.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        raise ResponseFileError(
            f"{_given(name)}, line {line}: byte {whole[exc.start]:#04x} at byte {exc.start} "
            "is neither UTF-8 nor cp1252 (Windows Western European) text. Re-export the "
            f"file as CSV UTF-8{_python_only(', or pass `encoding=` if you know its encoding')}.",
            source=name,
            line=line,
        ) from None
    return text.encode("utf-8"), "cp1252"


def _utf8_text(data: bytes) -> int | None:
    """Offset of the first UTF-8 accented letter (or quote, €...) in `data`, or None.

    Any byte pair can happen to be valid UTF-8 in cp1252 text ("é«»" is a CJK
    character); only the characters in ``_TELLTALE`` tell real UTF-8 text.
    """
    for match in _UTF8_SEQUENCE.finditer(data):
        if match.group().decode("utf-8", "replace") in _TELLTALE:
            return match.start()
    return None


def _bom_error(data: Buffer, name: str) -> ResponseFileError:
    try:
        data[:].decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start + 3)
        return ResponseFileError(
            f"{_given(name)}, line {line}: byte {data[exc.start + 3]:#04x} is not valid "
            "UTF-8 although the file starts with a UTF-8 byte-order mark: the file mixes "
            "encodings. Re-export it as CSV UTF-8.",
            source=name,
            line=line,
        )
    return ResponseFileError(f"{_given(name)} is not valid UTF-8.", source=name)


def _text(data: Buffer) -> str:
    return data[:].decode("utf-8-sig")


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


def _positions(raw: np.ndarray[Any, np.dtype[np.uint8]], byte: int) -> np.ndarray[Any, Any]:
    """Offsets of `byte` in `raw`; by 4 MiB chunks, which stay in cache (2× faster)."""
    step = 1 << 22
    parts = [np.flatnonzero(raw[i : i + step] == byte) + i for i in range(0, raw.size, step)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp)


def _short_rows(data: Buffer, frame: pd.DataFrame, delimiter: str) -> bool:
    """Tell whether some record may have fewer fields than the header (fast, vectorised).

    pandas' C parser pads a short record with empty cells, so a short record cannot be
    told from one with blank answers by looking at the cells. Padding fills from the
    end, so only rows whose last cell is empty can be short; for those, the raw record
    must end with as many delimiters as there are empty trailing cells. True means
    "look closer" (the exact, slow check decides); False is a proof there is none.
    """
    width = frame.shape[1]
    rows = frame.shape[0]
    if rows == 0 or width == 1:
        return False

    def cells(j: int) -> np.ndarray[Any, Any]:  # fetched only when needed
        return frame.iloc[:, j].to_numpy(dtype=object)

    candidates = np.flatnonzero(cells(width - 1) == "")
    if candidates.size == 0:
        return False
    # Trailing empty cells of each candidate row: the delimiters its record must end with.
    need = np.ones(candidates.size, dtype=np.int64)
    open_ = np.ones(candidates.size, dtype=bool)
    for j in range(width - 2, -1, -1):
        if not open_.any():
            break
        idx = np.flatnonzero(open_)
        empty = cells(j)[candidates[idx]] == ""
        need[idx[empty]] += 1
        open_[idx[~empty]] = False
    need = np.minimum(need, width - 1)  # a row of blanks needs width − 1 delimiters
    raw = np.frombuffer(data, dtype=np.uint8)
    try:
        ends = _positions(raw, 10)
        size = len(data)
        if size and data[size - 1] != 10:
            ends = np.append(ends, size)
        if ends.size != rows + 1:
            return True  # line breaks inside quoted cells, or lone \r: the exact check decides
        if data.find(b"\r") >= 0:
            carriage = _positions(raw, 13).size
            crlf = np.count_nonzero(raw[np.maximum(ends[ends > 0] - 1, 0)] == 13)
            if carriage != crlf:
                return True
        stop = ends[candidates + 1]
        stop = stop - (raw[np.maximum(stop - 1, 0)] == 13)  # before the \r of \r\n
        code = ord(delimiter)
        for t in range(1, width):
            pending = need >= t
            if not pending.any():
                break
            pos = stop[pending] - t
            if not ((pos >= 0) & (raw[np.maximum(pos, 0)] == code)).all():
                return True
        return False
    finally:
        del raw  # release the view before a memory map closes


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
        try:
            frame, data, sep = _read_text(data, name, delimiter, path if data is raw else None)
        except UnicodeDecodeError:
            if used_encoding != "utf-8":
                raise _bom_error(raw, name) from None
            data, used_encoding = _decode(raw, name, encoding, checked=True)
            frame, data, sep = _read_text(data, name, delimiter, None)
        kind = _kind([str(c) for c in frame.columns])

        def locate(row: int, data: Buffer = data) -> tuple[str, int | None]:
            lines = _record_lines(data, sep)
            line = lines[row + 1] if row + 1 < len(lines) else None
            return f"line {line}", line

        # Every missing column at once, before any is parsed; then the answers.
        _check_against_spec(frame, _header(data, sep), spec, name, "line 1", locate)
        column, fmt = _timestamp_column(
            frame, name, locate, spec, timestamp, dayfirst, timestamp_format
        )
        del data
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


def _read_text(
    data: Buffer, name: str, delimiter: str | None, path: Path | None
) -> tuple[pd.DataFrame, Buffer, str]:
    """Parse UTF-8 content; return the frame, the content parsed and the delimiter.

    `path`, when given, holds exactly `data`: pandas then reads the file itself.
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
    frame = _parse(data, name, sep, path)
    if _short_rows(data, frame, sep):
        problem = _diagnose(data, name, sep, frame.shape[1])
        if problem is not None:
            raise problem
    return frame, data, sep


# A lead byte of a character from U+0300 on: only such characters (combining accents,
# Hangul jamo, ...) can make UTF-8 text differ from its NFC form.


def _largest_byte(data: Buffer) -> int:
    """Return the largest byte of `data` (0 if empty).

    The numpy view of a memory map is released on return: a view still alive when the
    map is closed (an error's traceback holding it) would make closing it fail.
    """
    view = np.frombuffer(data, dtype=np.uint8)
    return int(view.max()) if view.size else 0


def _nfc(data: Buffer) -> Buffer:
    """Return UTF-8 `data` with its text in NFC, or `data` itself when it already is.

    macOS writes accents decomposed (NFD: "e" + U+0301), which looks the same as the
    composed "é" of every other system but does not compare equal to it: headers,
    answers and spec labels are all brought to NFC so that they match.
    """
    # The common case, with no decoding: no byte ≥ 0xCC (a lead byte of U+0300 and
    # above, where combining accents are). numpy's max reads the buffer once, ~10× the
    # speed of the regular expression over a whole export.
    if _largest_byte(data) < 0xCC:
        return data
    text = data[:].decode("utf-8")  # a UnicodeDecodeError is handled by the caller
    if unicodedata.is_normalized("NFC", text):
        return data
    return unicodedata.normalize("NFC", text).encode("utf-8")


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
) -> tuple[str | None, str | None]:
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
    try:
        parsed, used = parse_timestamps(
            frame[column], column=column, dayfirst=dayfirst, fmt=fmt, spec_keys=spec is not None
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


def _record_lines(data: Buffer, sep: str) -> list[int]:
    return [line for line, _ in _records(_text(data), sep)]


# --------------------------------------------------------------------------- workbooks

_ZIP_MAGIC: Final = b"PK\x03\x04"  # .xlsx and .ods are ZIP archives
# A compound file: an old .xls, or an .xlsx encrypted with a password (the encrypted
# package is wrapped in a compound file, [MS-OFFCRYPTO] 2.3.4).
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0"
_WORKBOOK_SUFFIXES: Final = (".xlsx", ".xlsm", ".xlsb")


def _column_letter(index: int) -> str:
    """Return Excel's name of the 0-based column `index` (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_text(value: object) -> str:
    """Return a workbook cell as the text a CSV export of it holds (NFC).

    Whole numbers lose Excel's ".0" (an ID, a 1-5 answer); dates and times are written
    in ISO layout, which :func:`parse_timestamps` reads; an empty cell is ``""``.
    """
    import datetime

    if value is None:
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        # Excel stores times as fractions of a day: round to the second it shows.
        value = (value + datetime.timedelta(microseconds=500_000)).replace(microsecond=0)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    return str(value)


def _dedup(names: list[str]) -> list[str]:
    """Name columns as ``pandas.read_csv`` does: ``Q``, ``Q.1``; blank -> ``Unnamed: i``."""
    out: list[str] = []
    counts: dict[str, int] = {}
    for i, raw in enumerate(names):
        col = raw if raw != "" else f"Unnamed: {i}"
        count = counts.get(col, 0)
        while count > 0:
            counts[col] = count + 1
            col = f"{col}.{count}"
            count = counts.get(col, 0)
        out.append(col)
        counts[col] = count + 1
    return out


def _workbook_rows(raw: Buffer, path: Path | None, name: str) -> tuple[str, list[list[Any]]]:
    """Return the first sheet's name and its rows (python-calamine), or a clear error."""
    import python_calamine

    encrypted = raw[:4] == _OLE_MAGIC and name.lower().endswith(_WORKBOOK_SUFFIXES)
    try:
        if path is not None:
            book = python_calamine.CalamineWorkbook.from_path(os.fspath(path))
        else:
            book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw[:]))
        if not book.sheet_names:
            raise ResponseFileError(
                f"{_given(name)}: the workbook has no sheet. Export the responses again.",
                source=name,
            )
        sheet = book.sheet_names[0]
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (ResponseFileError, KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    # calamine's errors (CalamineError, PasswordError, ZipError, XmlError...), and a
    # panic of its Rust code, which pyo3 raises as a BaseException.
    except BaseException as exc:
        if encrypted or type(exc).__name__ == "PasswordError":
            raise ResponseFileError(
                f"{_given(name)} is an encrypted (password-protected) workbook, which "
                "cannot be read. In Excel: File, Info, Protect Workbook, Encrypt with "
                "Password, clear the password and save; or download the responses again.",
                source=name,
            ) from None
        raise ResponseFileError(
            f"{_given(name)} is a workbook (ZIP or compound file) that cannot be read: "
            f"{exc or type(exc).__name__}. The file is corrupt, truncated or not an Excel "
            "workbook (.xlsx): download the responses again, or open it in Excel and save it "
            "as .xlsx or 'CSV UTF-8'.",
            source=name,
        ) from None
    return sheet, [list(row) for row in rows]


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


# --------------------------------------------------------------------------- timestamps


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
    width, starts, literals = layout
    try:
        packed = values.astype(f"S{width + 1}")
    except (UnicodeEncodeError, ValueError, TypeError):
        return None
    # One contiguous row per character position: the arithmetic below reads rows.
    grid = np.ascontiguousarray(packed.view(np.uint8).reshape(values.size, width + 1).T)
    if grid[width].any() or not grid[width - 1].all():
        return None  # longer or shorter than the layout
    for pos, code in literals.items():
        if not (grid[pos] == code).all():
            return None
    digit_rows = [p for p in range(width) if p not in literals]
    if ((grid[digit_rows] - np.uint8(48)) > 9).any():  # uint8 wraps below '0'
        return None
    sizes = {"Y": 4, "m": 2, "d": 2, "H": 2, "M": 2, "S": 2}

    def number(code: str) -> np.ndarray[Any, np.dtype[np.int32]]:
        start = starts.get(code)
        out = np.zeros(values.size, dtype=np.int32)
        if start is None:
            return out
        for p in range(start, start + sizes[code]):
            out *= 10
            out += grid[p]
            out -= 48
        return out

    year, month, day = number("Y"), number("m"), number("d")
    hour, minute, second = number("H"), number("M"), number("S")
    if ((month < 1) | (month > 12) | (day < 1) | (hour > 23) | (minute > 59) | (second > 59)).any():
        return None
    months = (year - 1970) * 12 + month - 1
    first = months.astype("datetime64[M]").astype("datetime64[D]")
    late = day > 28  # only these can fall past the end of their month
    if late.any():
        nxt = (months[late] + 1).astype("datetime64[M]").astype("datetime64[D]")
        if (day[late] > (nxt - first[late]).astype(np.int64)).any():
            return None
    seconds = (first.astype(np.int64) + (day - 1)) * 86400
    seconds += hour * 3600 + minute * 60 + second
    return (seconds * 1_000_000).view("datetime64[us]")


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
    import pandas as pd

    text = values.to_numpy(dtype=object, na_value="")
    # Blank means empty here: a cell of spaces is a bad timestamp, reported as such.
    blank = text == ""
    aware = fmt is not None and ("%z" in fmt or "%Z" in fmt)
    unit = "datetime64[us, UTC]" if aware else "datetime64[us]"
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
    results = {f: _try_format(sample, f) for f in candidates}
    complete = [f for f in candidates if not results[f].isna().any()]
    if not complete:
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


# --------------------------------------------------------------------------- specification


@dataclass(frozen=True, slots=True)
class Label:
    """A short text in English and/or French (a title, a base, a reason).

    Attributes
    ----------
    en, fr : str or None
        The text in each language; :meth:`text` falls back on the other one.

    References
    ----------
    .. [1] ``docs/spec.md``, "Layout" (labels in the survey specification).

    Examples
    --------
    >>> from optamstats.forms import Label
    >>> Label(en="OPTAM members", fr="adhérents OPTAM").text("fr")
    'adhérents OPTAM'
    >>> Label(fr="internes").text("en")
    'internes'
    """

    en: str | None = None
    fr: str | None = None

    def text(self, lang: str = "en") -> str:
        """Return the text in `lang`, or in the other language if that one is missing.

        Parameters
        ----------
        lang : {"en", "fr"}, default "en"
            The language wanted.

        Returns
        -------
        str
            The text; ``""`` when the label has neither language.
        """
        first, second = (self.fr, self.en) if lang == "fr" else (self.en, self.fr)
        return first if first is not None else (second or "")


@dataclass(frozen=True, slots=True)
class Condition:
    """One skip-logic or cohort condition: the answer to `question` is one of `values`.

    Attributes
    ----------
    question : str
        The id of the question whose answer decides.
    values : tuple of str
        The answers that satisfy the condition (compared without outer spaces).

    References
    ----------
    .. [1] ``docs/spec.md``, "Skip logic: asked_if".

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.member]
    ... column = "Member?"
    ... [questions.left]
    ... column = "Left?"
    ... asked_if = { member = ["Yes", "Yes, until October"] }
    ... ''')
    >>> spec["left"].asked_if[0]
    Condition(question='member', values=('Yes', 'Yes, until October'))
    """

    question: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Skip logic: at least one of `rules` holds (``asked_if = { any = [...] }``).

    Google Forms branches by section, so one question can be reached from several
    answers ("asked if left = Oui **or** plan = Oui").

    Attributes
    ----------
    rules : tuple of SkipRule
        Conditions or nested groups.

    References
    ----------
    .. [1] ``docs/spec.md``, "Skip logic: asked_if".

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.left]
    ... column = "Left?"
    ... [questions.plan]
    ... column = "Plan to leave?"
    ... asked_if = { left = "No" }
    ... [questions.why]
    ... column = "Why?"
    ... asked_if = { any = [{ left = "Yes" }, { plan = "Yes" }] }
    ... ''')
    >>> spec["why"].skip  # doctest: +NORMALIZE_WHITESPACE
    AllOf(rules=(AnyOf(rules=(Condition(question='left', values=('Yes',)),
                              Condition(question='plan', values=('Yes',)))),))
    """

    rules: tuple[SkipRule, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    """Skip logic: every one of `rules` holds (a plain ``asked_if`` table, or ``all``).

    Attributes
    ----------
    rules : tuple of SkipRule
        Conditions or nested groups.

    References
    ----------
    .. [1] ``docs/spec.md``, "Skip logic: asked_if".

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.member]
    ... column = "Member?"
    ... [questions.left]
    ... column = "Left?"
    ... asked_if = { member = "Yes" }
    ... ''')
    >>> spec["left"].skip
    AllOf(rules=(Condition(question='member', values=('Yes',)),))
    """

    rules: tuple[SkipRule, ...]


@dataclass(frozen=True, slots=True)
class NotOf:
    """Skip logic: `rule` does not hold, among respondents asked what it is about.

    ``asked_if = { not = { sector = "Secteur 1" } }`` selects the respondents who were
    asked ``sector`` and did not answer "Secteur 1" (a blank answer included): a
    question is never asked of someone who was not asked the questions its skip
    logic reads.

    Attributes
    ----------
    rule : SkipRule
        The condition or group negated.

    References
    ----------
    .. [1] ``docs/spec.md``, "Skip logic: asked_if".

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.sector]
    ... column = "Sector"
    ... [questions.why]
    ... column = "Why not sector 1?"
    ... asked_if = { not = { sector = "1" } }
    ... ''')
    >>> spec["why"].skip
    AllOf(rules=(NotOf(rule=Condition(question='sector', values=('1',))),))
    """

    rule: SkipRule


#: A question's skip logic: a condition, or any/all/not of conditions.
SkipRule = Condition | AnyOf | AllOf | NotOf


def _rule_questions(rule: SkipRule | None) -> tuple[str, ...]:
    """Ids of the questions `rule` reads, each once, in order of first appearance."""
    found: list[str] = []

    def walk(r: SkipRule) -> None:
        if isinstance(r, Condition):
            if r.question not in found:
                found.append(r.question)
        elif isinstance(r, NotOf):
            walk(r.rule)
        else:
            for sub in r.rules:
                walk(sub)

    if rule is not None:
        walk(rule)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Question:
    """One question of a survey: where its answers are and what they mean.

    Attributes
    ----------
    id : str
        The key of the question in the spec (``[questions.<id>]``), an identifier.
    column : str
        The export's header for it (for Google Forms: the question text).
    type : {"single", "yesno", "multi", "scale", "number", "text"}
        One choice; one choice read as yes or no (`yes` and `no` cover every option);
        check-all-that-apply; an ordinal scale (`options` from lowest to highest); a
        number (decimal commas read); free text (never printed by default).
    role : str or None
        What the question is for the library's modules, e.g. ``"left"``; see ``ROLES``.
    label : Label or None
        Short title for tables and figures.
    base : Label or None
        Who was asked and answered, e.g. "OPTAM members in October"; carried by the
        proportions computed on the question.
    options : tuple of str
        The answer options, in the form's order (required for ``multi``).
    other : bool
        Whether an "Other" box let respondents type their own answer.
    separator : str
        How a ``multi`` cell joins the ticked options (Google Forms: ``", "``).
    yes, no : tuple of str
        For yes/no questions (roles ``member``, ``left``, ``plans_to_leave``...): the
        answers meaning yes and no.
    asked_if : tuple of Condition
        Skip logic written as a plain table: the question was asked only of respondents
        meeting every condition (and asked the questions those conditions are about).
        Empty for a question asked of everyone, and for skip logic using ``any``,
        ``all`` or ``not`` (then read `skip`). A question built in Python with
        `asked_if` and no `skip` gets ``skip = AllOf(asked_if)``.
    non_substantive : tuple of str
        Options that answer without taking a position ("Ne sait pas", "Je ne souhaite
        pas répondre"): counted and shown; `percent_of` says if they stay in the base.
    percent_of : {"both", "all", "substantive"}
        Bases of the percentages when there are non-substantive options: both (the
        default), all answers, or substantive answers only.
    exclusive : tuple of str
        ``multi`` only: options that cannot be ticked with another ("Aucune").
    top, bottom : int or None
        ``scale`` only: how many levels make the top box and the bottom box (default 2
        on a scale of five levels or more, 1 below).
    minimum, maximum : float or None
        ``number`` only: the smallest and largest answers possible (``min``, ``max``).
    skip : SkipRule or None
        The whole skip logic (``any``/``all``/``not`` included); None when the
        question was asked of everyone.

    References
    ----------
    .. [1] ``docs/spec.md``, "[questions.<id>]" and "Roles".

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.motives]
    ... column = "Pour quelles raisons?"
    ... role = "motives"
    ... type = "multi"
    ... options = ["Désaccord politique", "Menace de sanctions / pénalités"]
    ... ''')
    >>> q = spec.question("motives")
    >>> q.type, q.separator, q.other
    ('multi', ', ', False)
    >>> q.split("Désaccord politique, Menace de sanctions / pénalités")
    ('Désaccord politique', 'Menace de sanctions / pénalités')
    """

    id: str
    column: str
    type: str = "single"
    role: str | None = None
    label: Label | None = None
    base: Label | None = None
    options: tuple[str, ...] = ()
    other: bool = False
    separator: str = ", "
    yes: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    asked_if: tuple[Condition, ...] = ()
    non_substantive: tuple[str, ...] = ()
    percent_of: str = "both"
    exclusive: tuple[str, ...] = ()
    top: int | None = None
    bottom: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    skip: SkipRule | None = None

    def __post_init__(self) -> None:
        # A question built in Python with `asked_if` only (as before `skip` existed) keeps
        # its skip logic: everything now reads `skip`, and an unread `asked_if` would
        # silently make the question asked of everyone.
        if self.skip is None and self.asked_if:
            object.__setattr__(self, "skip", AllOf(tuple(self.asked_if)))

    @property
    def depends_on(self) -> tuple[str, ...]:
        """Ids of the questions the skip logic reads (not their own parents)."""
        return _rule_questions(self.skip)

    @property
    def substantive(self) -> tuple[str, ...]:
        """The options that are not `non_substantive`, in the form's order."""
        return tuple(o for o in self.options if o not in self.non_substantive)

    def title(self, lang: str = "en") -> str:
        """Return the question's label in `lang`, or its column header if it has none.

        Parameters
        ----------
        lang : {"en", "fr"}, default "en"
            The language wanted (the other one if the label lacks it).

        Returns
        -------
        str
            A short title for tables and figures.
        """
        return self.label.text(lang) if self.label is not None else self.column

    def split(self, answer: str) -> tuple[str, ...]:
        """Split a ``multi`` answer into its ticked options (and an "Other" text last).

        Options are matched whole, longest first, so an option whose label contains the
        separator is not cut in two.

        Parameters
        ----------
        answer : str
            One cell of the question's column, as exported.

        Returns
        -------
        tuple of str
            The ticked options in the order of the cell, then the "Other" text if any.

        Raises
        ------
        InvalidValueError
            For a question that is not ``multi``, or an answer holding text that is no
            option while the question has no "Other" box.

        Examples
        --------
        >>> from optamstats.forms import Question
        >>> q = Question("why", "Why?", type="multi", options=("Cost, mostly", "Time"))
        >>> q.split("Cost, mostly, Time")
        ('Cost, mostly', 'Time')
        """
        if self.type != "multi":
            raise InvalidValueError(
                f"`split` needs a multi-select question; {self.id!r} is {self.type!r}."
            )
        text = answer.strip()
        # "A, B" and "A,B" and "A;B;" (Microsoft Forms' trailing separator) all split.
        core = self.separator.strip() or self.separator
        options = sorted(self.options, key=len, reverse=True)
        items: list[str] = []
        pos = 0
        while pos < len(text):
            for option in options:
                if not text.startswith(option, pos):
                    continue
                end = pos + len(option)
                after = text[end:].lstrip() if core.strip() else text[end:]
                if end == len(text):
                    pos = end
                elif after.startswith(core):
                    pos = len(text) - len(after) + len(core)
                    while pos < len(text) and text[pos].isspace() and core.strip():
                        pos += 1
                else:
                    continue  # a longer label that starts like this option
                items.append(option)
                break
            else:
                if not self.other:
                    raise InvalidValueError(
                        f"an answer to {self.id!r} holds text that is none of its options "
                        f"({len(text) - pos} characters left after {len(items)} option(s)); "
                        "check the spec's `options` (exact labels) or set `other = true`."
                    )
                items.append(text[pos:])
                break
        return tuple(items)


@dataclass(frozen=True, slots=True)
class CohortStep:
    """One step of a spec's cohort: which rows it removes, and why.

    Attributes
    ----------
    step : {"include", "exclude", "require", "drop_resubmissions"}
        ``include`` keeps the rows meeting `where`; ``exclude`` removes them;
        ``require`` removes rows with a blank answer to one of `questions` that they
        were asked; ``drop_resubmissions`` removes repeated submissions.
    reason : Label or None
        The reason printed in the flow.
    where : tuple of Condition
        For include/exclude: all must hold.
    questions : tuple of str
        For require: question ids.
    within : str
        For drop_resubmissions: the time window, e.g. ``"10min"``.
    ignore : tuple of str
        For drop_resubmissions: columns left out of the comparison (besides the
        timestamp), e.g. Microsoft Forms' ``ID`` and ``Start time``.

    References
    ----------
    .. [1] ``docs/spec.md``, "[[cohort]] steps"; ``docs/methods/cohort.md``.

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.status]
    ... column = "Vous êtes :"
    ... [[cohort]]
    ... step = "exclude"
    ... where = { status = "Interne" }
    ... reason = { fr = "internes", en = "interns" }
    ... ''')
    >>> step = spec.steps[0]
    >>> step.step, step.where[0].values, step.reason.text("en")
    ('exclude', ('Interne',), 'interns')
    """

    step: str
    reason: Label | None = None
    where: tuple[Condition, ...] = ()
    questions: tuple[str, ...] = ()
    within: str = "10min"
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SurveySpec:
    """A survey specification: its questions, their skip logic, and the cohort steps.

    Build it with :func:`load_spec` from a TOML file (format: ``docs/spec.md``).

    Attributes
    ----------
    questions : tuple of Question
        In the file's order.
    steps : tuple of CohortStep
        The cohort steps, in order.
    title : Label or None
        The survey's name.
    lang : {"en", "fr"}
        Default language of labels.
    timestamp : str or None
        The column holding submission times.
    dayfirst : bool or None
        Whether its dates are written day first.
    timestamp_format : str or None
        Its layout in strftime codes, if given.
    population : Label or None
        Base label of the questions asked of everyone in the cohort.
    source : str
        The file the spec was read from, or ``"<text>"`` (not part of equality).
    note : Label or None
        Free text about the survey, printed at the top of its report.
    fieldwork : Fieldwork or None
        ``[fieldwork]``: dates, mode, invitation, sampling caveat (methods footer).
    sections : tuple of SectionDecl
        ``[[section]]``: the report's grouping of the questions (default: spec order).
    funnel : FunnelDecl or None
        ``[funnel]``: the staged exit funnel (the roles ``left`` and
        ``plans_to_leave`` declare one too).
    claims : tuple of ClaimDecl
        ``[[claim]]``: threshold claims to test.
    breakdowns : tuple of BreakdownDecl
        ``[[breakdown]]``: questions by a grouping question.
    weighting : WeightingDecl or None
        ``[weighting]``: population margins for weighted estimates.
    waves : WavesDecl or None
        ``[waves]``: keys and options renamed since an earlier wave.

    References
    ----------
    .. [1] ``docs/spec.md`` (the format, with a complete example).
    .. [2] TOML v1.0.0, https://toml.io/en/v1.0.0.

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [survey]
    ... population = "sector-2 respondents"
    ... [questions.left]
    ... column = "Have you left?"
    ... role = "left"
    ... options = ["Yes", "No"]
    ... yes = "Yes"
    ... no = "No"
    ... ''')
    >>> spec.ids, spec.columns
    (('left',), ('Have you left?',))
    >>> spec.base_label("left")
    'sector-2 respondents'
    """

    questions: tuple[Question, ...]
    steps: tuple[CohortStep, ...] = ()
    title: Label | None = None
    lang: str = "en"
    timestamp: str | None = None
    dayfirst: bool | None = None
    timestamp_format: str | None = None
    population: Label | None = None
    source: str = field(default="<text>", compare=False)
    note: Label | None = None
    fieldwork: Fieldwork | None = None
    sections: tuple[SectionDecl, ...] = ()
    funnel: FunnelDecl | None = None
    claims: tuple[ClaimDecl, ...] = ()
    breakdowns: tuple[BreakdownDecl, ...] = ()
    weighting: WeightingDecl | None = None
    waves: WavesDecl | None = None

    def __getitem__(self, id: str) -> Question:
        """Return the question whose id is `id`."""
        for q in self.questions:
            if q.id == id:
                return q
        ids = [q.id for q in self.questions]
        near = closest(id, ids)
        hint = f" Did you mean {', '.join(map(repr, near))}?" if near else ""
        raise SpecError(
            f"`id` {id!r} is not a question of the spec; its questions are "
            f"{', '.join(map(repr, ids))}.{hint}",
            source=self.source,
        )

    @property
    def ids(self) -> tuple[str, ...]:
        """The question ids, in order."""
        return tuple(q.id for q in self.questions)

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the spec names: the timestamp, each question's, then ``ignore`` ones."""
        lead = (self.timestamp,) if self.timestamp is not None else ()
        named = lead + tuple(q.column for q in self.questions)
        extra = [c for step in self.steps for c in step.ignore if c not in named]
        return named + tuple(dict.fromkeys(extra))

    def questions_with_role(self, role: str) -> tuple[Question, ...]:
        """Return the questions that have `role` (possibly none), in order.

        Parameters
        ----------
        role : str
            E.g. ``"motives"``.

        Returns
        -------
        tuple of Question
            In the order of the spec; empty when no question has the role.
        """
        return tuple(q for q in self.questions if q.role == role)

    def question(self, role: str) -> Question:
        """Return the one question that has `role`.

        Parameters
        ----------
        role : str
            E.g. ``"left"``, ``"plans_to_leave"``, ``"motives"``.

        Returns
        -------
        Question

        Raises
        ------
        SpecError
            No question, or several, have that role.

        Examples
        --------
        >>> from optamstats.forms import load_spec
        >>> spec = load_spec('''
        ... [questions.left]
        ... column = "Have you left?"
        ... role = "left"
        ... options = ["Yes", "No"]
        ... yes = "Yes"
        ... no = "No"
        ... ''')
        >>> spec.question("left").yes
        ('Yes',)
        """
        found = self.questions_with_role(role)
        if len(found) == 1:
            return found[0]
        if found:
            raise SpecError(
                f"`role` {role!r} belongs to {len(found)} questions "
                f"({', '.join(q.id for q in found)}); pick one by id, e.g. spec[{found[0].id!r}].",
                source=self.source,
            )
        roles = sorted({q.role for q in self.questions if q.role})
        raise SpecError(
            f"`role` {role!r} belongs to no question of the spec; roles present: "
            f"{', '.join(map(repr, roles)) or 'none'}. Add `role = {role!r}` to the question.",
            source=self.source,
        )

    def resolve(self, ref: str, columns: str | Sequence[str] = ()) -> Question | None:
        """Return the question `ref` names: by id, then by (unique) role, then by column.

        Parameters
        ----------
        ref : str
            A question id, a role held by one question, or a column header.
        columns : str or sequence of str, optional
            The data's columns: a `ref` that is one of them is not read as a role. A
            single string is one column name (not a text searched for `ref`).

        Returns
        -------
        Question or None
            None if `ref` names no question (it may still be a column of the data).
        """
        if isinstance(columns, str):
            # One column name: `ref in columns` would otherwise be a substring test.
            columns = (columns,)
        for q in self.questions:
            if q.id == ref:
                return q
        found = self.questions_with_role(ref)
        if len(found) == 1 and ref not in columns:
            return found[0]
        for q in self.questions:
            if q.column == ref:
                return q
        return None

    def validate(self, frame: pd.DataFrame) -> None:
        """Check that `frame` has every column the spec names, and answers it can read.

        Parameters
        ----------
        frame : pandas.DataFrame
            The responses, as :func:`read_responses` returns them.

        Raises
        ------
        UnknownColumnError
            A column of the spec is not in `frame`; the message lists each missing one
            with the closest headers.
        InvalidValueError
            A question with declared options has answers that are none of them (and no
            "Other" box). Answers are not printed unless they are close to an option
            (a label variant), since they may be free text.

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.forms import load_spec
        >>> spec = load_spec('''
        ... [questions.left]
        ... column = "Etes-vous sorti ?"
        ... ''')
        >>> spec.validate(pd.DataFrame({"Etes-vous sorti?": ["Oui"]}))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        optamstats.forms.UnknownColumnError: the spec names 1 column(s) missing from the data: ...
        """
        self._validate(frame, coder(frame))

    def _validate(self, frame: pd.DataFrame, code: Callable[[str], Coded]) -> None:
        self._check_columns(frame)
        for q in self.questions:
            if q.options and not q.other:
                self._check_answers(q, code(q.column))

    def _check_columns(self, frame: pd.DataFrame) -> None:
        headers = [str(c) for c in frame.columns]
        present = set(headers)
        missing = [c for c in self.columns if c not in present]
        if missing:
            keys = {q.column: f"questions.{q.id}.column" for q in self.questions}
            keys.update({c: f"cohort[{i}].ignore" for i, st in enumerate(self.steps)
                         for c in st.ignore if c not in keys})  # fmt: skip
            if self.timestamp is not None:
                keys[self.timestamp] = "survey.timestamp"
            parts = []
            first: UnknownColumnError | None = None
            for column in missing:
                err = unknown_column(column, headers)
                first = first or err
                near = ", ".join(map(repr, err.suggestions)) or "none close"
                parts.append(f"`{keys[column]}` = {column!r} (closest: {near})")
            raise UnknownColumnError(
                f"the spec names {len(missing)} column(s) missing from the data: "
                + "; ".join(parts)
                + ". Fix each key to the export's exact header.",
                column=missing[0],
                suggestions=first.suggestions if first is not None else (),
            )

    def _check_answers(self, q: Question, coded: Coded) -> None:
        options = {o.strip() for o in q.options}

        def foreign(answer: str) -> bool:
            if not answer.strip():
                return False
            if q.type != "multi":
                return answer.strip() not in options
            try:
                q.split(answer)
            except InvalidValueError:
                return True
            return False

        bad_rows = np.flatnonzero(coded.where(foreign))
        if bad_rows.size == 0:
            return
        bad = [u for u in coded.uniques[np.unique(coded.codes[bad_rows])] if isinstance(u, str)]
        shown = [b for b in bad if closest(b, list(q.options), n=1)][:3]
        listed = f" e.g. {', '.join(map(repr, shown))}" if shown else ""
        first = int(bad_rows[0])
        raise _RowError(
            f"column {q.column!r} (question {q.id!r}) has {bad_rows.size} answer(s) that are "
            f"none of its `options`{listed}; first at {{where}}. Fix `questions.{q.id}.options` "
            "to the export's exact labels"
            + (
                ' (and its `yes`/`no`, or `non_substantive` for a "don\'t know").'
                if q.type == "yesno"
                else ", or set `other = true` if the form had an 'Other' box."
            ),
            rows=bad_rows[:10].tolist(),
            where=f"row {first} (0-based position in the data)",
        )

    def asked(self, frame: pd.DataFrame, question: str) -> pd.Series:
        """Return a boolean Series: which rows of `frame` were asked `question`.

        A row was asked a question when its skip logic holds: a condition holds when
        the row was asked the condition's question and its answer, without outer
        spaces, is among the condition's values; a plain table and ``all`` when each
        entry holds, ``any`` when one does; ``not`` when the row was asked every
        question the negated rule reads and the rule does not hold. So a parent's own
        skip logic applies down a chain.

        Parameters
        ----------
        frame : pandas.DataFrame
            Responses holding the columns the conditions use.
        question : str
            A question id, role or column.

        Returns
        -------
        pandas.Series of bool
            Aligned on `frame`'s index.

        Raises
        ------
        UnknownColumnError
            `question` names no question, or a column the conditions use is missing.

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.forms import load_spec
        >>> spec = load_spec('''
        ... [questions.member]
        ... column = "Member?"
        ... [questions.left]
        ... column = "Left?"
        ... asked_if = { member = "Yes" }
        ... ''')
        >>> df = pd.DataFrame({"Member?": ["Yes", "No", "Yes"], "Left?": ["No", "", "Yes"]})
        >>> spec.asked(df, "left").tolist()
        [True, False, True]
        """
        import pandas as pd

        columns = [str(c) for c in frame.columns]
        q = self.resolve(question, columns)
        if q is None:
            raise unknown_column(question, columns, argument="question", extra=self.ids)
        mask = self._asked(frame, q, coder(frame))
        return pd.Series(mask, index=frame.index, name=q.column)

    def _asked(self, frame: pd.DataFrame, q: Question, code: Callable[[str], Coded]) -> BoolArray:
        if q.skip is None:
            return np.ones(len(frame), dtype=bool)
        return self._holds(frame, q.skip, code)

    def _holds(
        self, frame: pd.DataFrame, rule: SkipRule, code: Callable[[str], Coded]
    ) -> BoolArray:
        """Rows meeting `rule`, each condition among the rows asked its question."""
        if isinstance(rule, Condition):
            parent = self[rule.question]
            if parent.column not in frame.columns:
                raise unknown_column(parent.column, [str(c) for c in frame.columns])
            mask: BoolArray = code(parent.column).isin(rule.values)
            return mask & self._asked(frame, parent, code)
        if isinstance(rule, NotOf):
            asked = np.ones(len(frame), dtype=bool)
            for qid in _rule_questions(rule.rule):
                asked &= self._asked(frame, self[qid], code)
            return asked & ~self._holds(frame, rule.rule, code)
        masks = [self._holds(frame, sub, code) for sub in rule.rules]
        combine = np.logical_and if isinstance(rule, AllOf) else np.logical_or
        out: BoolArray = combine.reduce(masks) if masks else np.ones(len(frame), dtype=bool)
        return out

    def base_label(self, question: str, lang: str | None = None) -> str | None:
        """Return the base label of `question` in `lang` (the population's if it has none).

        Questions asked of everyone fall back on the survey's ``population`` label;
        questions behind skip logic have no fallback (None).

        Parameters
        ----------
        question : str
            A question id, role or column.
        lang : {"en", "fr"}, optional
            The language; the spec's by default.

        Returns
        -------
        str or None
            The label, or None when there is none.

        Raises
        ------
        SpecError
            A `question` that is not in the spec.
        """
        q = self.resolve(question)
        if q is None:
            raise SpecError(f"`question` {question!r} is not in the spec.", source=self.source)
        lang = lang or self.lang
        if q.base is not None:
            return q.base.text(lang)
        if q.skip is None and self.population is not None:
            return self.population.text(lang)
        return None

    def cohort(self, frame: pd.DataFrame, *, lang: str | None = None) -> Cohort:
        """Return the :class:`~optamstats.cohort.Cohort` of `frame` with every step applied.

        Parameters
        ----------
        frame : pandas.DataFrame
            The responses.
        lang : {"en", "fr"}, optional
            Language of the flow's reasons (default: the spec's).

        Returns
        -------
        Cohort

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.forms import load_spec
        >>> spec = load_spec('''
        ... [questions.sector]
        ... column = "Sector"
        ... [[cohort]]
        ... step = "include"
        ... where = { sector = "2" }
        ... reason = "not in sector 2"
        ... ''')
        >>> spec.cohort(pd.DataFrame({"Sector": ["1", "2", "2"]})).flow
              step           reason  excluded  remaining
        0    start  rows in the data         0          3
        1  include  not in sector 2         1          2
        """
        from optamstats.cohort import Cohort

        return Cohort.from_spec(frame, self, lang=lang)


# --------------------------------------------------------------------------- loading specs


class _Reader:
    """Walks the parsed TOML, raising SpecError with the file and key path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, message: str) -> SpecError:
        return SpecError(f"spec {self.source!r}, `{key}`: {message}", source=self.source, key=key)

    def table(self, value: object, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(
                key,
                f"must be a table; got {_show(value)}. Write it as `{{ key = value, … }}` or "
                "under a `[header]` line.",
            )
        return value

    def keys(self, table: Mapping[str, Any], key: str, allowed: Sequence[str]) -> None:
        for k in table:
            if k not in allowed:
                near = difflib.get_close_matches(k, list(allowed), n=1)
                hint = f" Did you mean {near[0]!r}?" if near else ""
                raise self.fail(
                    f"{key}.{k}" if key else k,
                    f"unknown key; allowed: {', '.join(allowed)}.{hint}",
                )

    def string(self, value: object, key: str, *, empty: bool = False) -> str:
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.fail(key, f"must be a non-empty string; got {_show(value)}.")
        return value

    def strings(self, value: object, key: str) -> tuple[str, ...]:
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(
                key,
                f"must be a string or a list of strings; got {_show(value)}. Quote each "
                'answer as exported, e.g. "Oui" or ["Oui", "Non"].',
            )
        return tuple(value)

    def label(self, value: object, key: str, lang: str) -> Label:
        if isinstance(value, str):
            return Label(fr=value) if lang == "fr" else Label(en=value)
        if not isinstance(value, dict):
            raise self.fail(
                key,
                f'must be a text or a table; got {_show(value)}. Write it as "…" or as '
                '{ fr = "…", en = "…" }.',
            )
        table = self.table(value, key)
        self.keys(table, key, LANGS)
        if not table:
            raise self.fail(key, "must hold `en` and/or `fr`.")
        return Label(
            en=self.string(table["en"], f"{key}.en") if "en" in table else None,
            fr=self.string(table["fr"], f"{key}.fr") if "fr" in table else None,
        )


def load_spec(source: str | os.PathLike[str]) -> SurveySpec:
    r"""Load a survey specification from a TOML file or text.

    Parameters
    ----------
    source : str or path
        A path to a ``.toml`` file, or the TOML text itself (a string holding a line
        break is read as text). The format is documented in ``docs/spec.md``.

    Returns
    -------
    SurveySpec
        Frozen; check it against an export with :meth:`SurveySpec.validate` (done by
        ``read_responses(..., spec=spec)``).

    Raises
    ------
    SpecError
        Invalid TOML (with its line), an unknown key (with the closest allowed one), a
        value of the wrong type, a reference to no question, skip logic that loops, or
        options that contradict each other. The message names the file and the key.
    FileNotFoundError
        `source` is a path that does not exist (raised as a :class:`SpecError` that is
        also a ``FileNotFoundError``; a folder or an unreadable path is a ``SpecError``).

    References
    ----------
    .. [1] TOML v1.0.0, https://toml.io/en/v1.0.0 (read with Python's ``tomllib``).

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [survey]
    ... lang = "fr"
    ... timestamp = "Horodateur"
    ...
    ... [questions.member]
    ... column = "Êtes-vous adhérent ?"
    ... role = "member"
    ... options = ["Oui", "Non"]
    ... yes = "Oui"
    ... no = "Non"
    ...
    ... [questions.left]
    ... column = "Etes-vous sorti ?"
    ... role = "left"
    ... options = ["Oui", "Non"]
    ... yes = "Oui"
    ... no = "Non"
    ... asked_if = { member = "Oui" }
    ... base = { fr = "adhérents", en = "members" }
    ... ''')
    >>> spec.question("left").asked_if
    (Condition(question='member', values=('Oui',)),)
    >>> spec.base_label("left", "en")
    'members'
    """
    if isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source):
        path = Path(source)
        name = os.fspath(path)
        handle = _open_path(path, lambda message: SpecError(message, source=name),
                            _MissingSpecError)  # fmt: skip
        try:
            with handle:
                text = handle.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SpecError(
                f"spec {name!r} is not UTF-8 text ({exc.reason} at byte {exc.start}); "
                f"save {_python_only('`source`') or 'it'} as UTF-8.",
                source=name,
            ) from None
        except OSError as exc:  # a folder on some systems, an I/O error
            raise SpecError(
                f"{_given(name, 'spec')} cannot be read ({exc}).", source=name
            ) from None
    elif isinstance(source, str):
        name, text = "<text>", source
    else:
        raise InvalidTypeError(
            f"`source` must be a path or TOML text; got {_show(source)} ({type(source).__name__})."
        )
    # Labels in NFC, as exports are read (a spec saved on macOS may hold NFD accents).
    text = unicodedata.normalize("NFC", text)
    try:
        document = _parse_toml(text)
    except (tomllib.TOMLDecodeError, _TOMLNestingError) as exc:
        raise SpecError(
            f"spec {name!r} is not valid TOML: {exc}; fix "
            f"{_python_only('`source`') or 'the file'} there.",
            source=name,
        ) from None
    return _build_spec(document, _Reader(name))


def _deepest_nesting(text: str) -> tuple[int, int]:
    """Return the deepest nesting of ``[`` and ``{`` in TOML `text`, and its 1-based line.

    Only used to explain a RecursionError of ``tomllib`` (which recurses once per level):
    brackets inside strings and comments are skipped, the rest is not validated.
    """
    depth = deepest = 0
    line = where = 1
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch in "\"'":
            quote = text[i : i + 3] if text.startswith(ch * 3, i) else ch
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                if text[i] == "\n":
                    line += 1
                i += 2 if text[i] == "\\" and ch == '"' else 1
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, line
        elif ch in "]}":
            depth -= 1
        i += 1
    return deepest, where


def _parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads``, with a RecursionError turned into a ``TOMLDecodeError``.

    ``tomllib`` recurses once per nested array or inline table, so a file nesting a few
    hundred of them (no survey spec does) exhausts Python's stack.
    """
    try:
        return tomllib.loads(text)
    except RecursionError:
        depth, line = _deepest_nesting(text)
        raise _TOMLNestingError(depth, line) from None


class _TOMLNestingError(OptamstatsError):
    """TOML nested more deeply than ``tomllib`` can read (``depth`` levels, at ``line``)."""

    def __init__(self, depth: int, line: int) -> None:
        super().__init__(
            f"arrays or inline tables nested {depth} levels deep, more than Python's TOML "
            f"reader can follow; a survey file needs a few levels at most (at line {line})"
        )
        self.depth, self.line = depth, line


def _build_spec(document: dict[str, Any], r: _Reader) -> SurveySpec:
    r.keys(document, "", ("survey", "questions", "cohort", *DECLARED_TABLES))
    survey = r.table(document.get("survey", {}), "survey")
    r.keys(
        survey,
        "survey",
        ("title", "lang", "timestamp", "dayfirst", "timestamp_format", "population", "note"),
    )
    lang = survey.get("lang", "en")
    if lang not in LANGS:
        raise r.fail("survey.lang", f"must be one of {', '.join(map(repr, LANGS))}; got {lang!r}.")
    title = r.label(survey["title"], "survey.title", lang) if "title" in survey else None
    population = (
        r.label(survey["population"], "survey.population", lang) if "population" in survey else None
    )
    timestamp = r.string(survey["timestamp"], "survey.timestamp") if "timestamp" in survey else None
    dayfirst = survey.get("dayfirst")
    if dayfirst is not None and not isinstance(dayfirst, bool):
        raise r.fail("survey.dayfirst", f"must be true or false; got {_show(dayfirst)}.")
    fmt = survey.get("timestamp_format")
    if fmt is not None and (not isinstance(fmt, str) or "%" not in fmt):
        raise r.fail(
            "survey.timestamp_format",
            f'must be strftime codes such as "%d/%m/%Y %H:%M:%S"; got {_show(fmt)}.',
        )
    note = r.label(survey["note"], "survey.note", lang) if "note" in survey else None
    raw_questions = r.table(document.get("questions", {}), "questions")
    if not raw_questions:
        raise r.fail("questions", "the spec must describe at least one question.")
    drafts = [_question(qid, body, r, lang) for qid, body in raw_questions.items()]
    questions = _link(drafts, r, timestamp)
    spec = SurveySpec(
        questions=questions,
        title=title,
        lang=lang,
        timestamp=timestamp,
        dayfirst=dayfirst,
        timestamp_format=fmt,
        population=population,
        source=r.source,
    )
    raw_steps = document.get("cohort", [])
    if not isinstance(raw_steps, list):
        raise r.fail("cohort", "must be an array of tables: write each step as [[cohort]].")
    steps = tuple(_step(i, body, r, spec) for i, body in enumerate(raw_steps))
    declared = read_declarations(document, r, lang, questions)
    return dataclasses.replace(spec, steps=steps, note=note, **declared)


_QUESTION_KEYS: Final = (
    "column",
    "type",
    "role",
    "label",
    "base",
    "options",
    "other",
    "separator",
    "yes",
    "no",
    "asked_if",
    "non_substantive",
    "percent_of",
    "exclusive",
    "range",
    "top",
    "bottom",
    "min",
    "max",
)
# The keys each type accepts beyond the common ones (column, type, role, label, base,
# asked_if): a key that a type ignores would be a silent mistake.
_TYPE_KEYS: Final = {
    "single": ("options", "other", "yes", "no", "non_substantive", "percent_of"),
    "yesno": ("options", "yes", "no", "non_substantive", "percent_of"),
    "multi": ("options", "other", "separator", "exclusive"),
    "scale": ("options", "range", "top", "bottom", "non_substantive", "percent_of"),
    "number": ("min", "max"),
    "text": (),
}


def _question(qid: str, body: object, r: _Reader, lang: str) -> tuple[Question, dict[str, Any]]:
    key = f"questions.{qid}"
    if not _IDENTIFIER.match(qid):
        raise r.fail(key, "a question id must be an identifier (letters, digits, _).")
    if qid in _COMBINERS:
        # `asked_if = { all = ... }` would read the id as the combiner, never the question.
        raise r.fail(
            key,
            f"{qid!r} is a word of skip logic (`any`, `all`, `not`), so `asked_if` could not "
            f"name this question; rename it, e.g. [questions.{qid}_]",
        )
    table = r.table(body, key)
    r.keys(table, key, _QUESTION_KEYS)
    if "column" not in table:
        raise r.fail(key, "needs `column`, the export's header for the question.")
    column = r.string(table["column"], f"{key}.column")
    qtype = table.get("type", "single")
    if qtype not in QUESTION_TYPES:
        raise r.fail(
            f"{key}.type", f"must be one of {', '.join(map(repr, QUESTION_TYPES))}; got {qtype!r}."
        )
    role = table.get("role")
    if role is not None and (not isinstance(role, str) or not _IDENTIFIER.match(role)):
        raise r.fail(f"{key}.role", f"must be an identifier such as 'left'; got {_show(role)}.")
    if role in _YES_NO_ROLES and qtype not in ("single", "yesno"):
        raise r.fail(
            f"{key}.type",
            f'a question with `role = {role!r}` is a yes/no question: its type must be "yesno" '
            f'or "single" (got {qtype!r}); remove `type` or give the question another role.',
        )
    if qtype in ("text", "number") and "options" in table:
        raise r.fail(
            f"{key}.options",
            f"a `type = {json.dumps(qtype)}` question has no options; remove `options`, or "
            'make it `type = "single"` (or "scale" for ordered levels).',
        )
    for name in _QUESTION_KEYS:
        if name in ("options", "separator"):  # their own messages, below
            continue
        if name in table and name not in _TYPE_KEYS[qtype] and name in _TYPED_KEYS:
            takes = [t for t, keys in _TYPE_KEYS.items() if name in keys]
            raise r.fail(
                f"{key}.{name}",
                f"does not apply to a `type = {qtype!r}` question (only to "
                f"{', '.join(map(repr, takes))}); remove it or change `type`.",
            )
    options = r.strings(table["options"], f"{key}.options") if "options" in table else ()
    if qtype == "scale":
        options = _scale_options(table, key, options, r)
    if "options" in table and not options:
        # An empty list would read as "no options to check" and every answer as no
        # known option: "0/178 = 0.0 %" in a report. Refused, naming the key.
        raise r.fail(
            f"{key}.options",
            "is an empty list; list the answer options exactly as exported, in the "
            "form's order, or remove `options` for a question without a fixed list.",
        )
    if len(set(options)) != len(options):
        dup = next(o for o in options if options.count(o) > 1)
        raise r.fail(f"{key}.options", f"lists {dup!r} twice.")
    if any(not o.strip() for o in options):
        raise r.fail(f"{key}.options", "holds an empty option.")
    other = table.get("other", False)
    if not isinstance(other, bool):
        raise r.fail(f"{key}.other", f"must be true or false; got {_show(other)}.")
    separator = table.get("separator", ", ")
    if "separator" in table and qtype != "multi":
        raise r.fail(
            f"{key}.separator",
            f'only a `type = "multi"` question has a separator (this one is {qtype!r}); remove '
            '`separator`, or set `type = "multi"` for a check-all-that-apply question.',
        )
    if not isinstance(separator, str) or not separator:
        raise r.fail(f"{key}.separator", f"must be a non-empty string; got {_show(separator)}.")
    if qtype == "multi" and not options:
        raise r.fail(key, "a multi-select question needs its `options`, in the form's order.")
    yes = r.strings(table["yes"], f"{key}.yes") if "yes" in table else ()
    no = r.strings(table["no"], f"{key}.no") if "no" in table else ()
    for name, values in (("yes", yes), ("no", no)):
        for v in values:
            if options and v not in options:
                near = closest(v, list(options), n=1)
                hint = (
                    f"Did you mean {near[0]!r}?"
                    if near
                    else f"Its options: {', '.join(map(repr, options))}."
                )
                raise r.fail(f"{key}.{name}", f"{v!r} is not one of the question's options. {hint}")
    if set(yes) & set(no):
        raise r.fail(
            key,
            f"{sorted(set(yes) & set(no))[0]!r} is both a `yes` and a `no` answer; keep it in "
            "one of them.",
        )
    non_substantive = _subset(table, "non_substantive", key, options, r)
    exclusive = _subset(table, "exclusive", key, options, r)
    if non_substantive and not [o for o in options if o not in non_substantive]:
        raise r.fail(
            f"{key}.non_substantive",
            "lists every option: at least one answer must take a position; keep only the "
            '"don\'t know" or "prefer not to say" options in it.',
        )
    percent_of = table.get("percent_of", "both")
    if percent_of not in PERCENT_OF:
        raise r.fail(
            f"{key}.percent_of", f"must be one of {', '.join(map(repr, PERCENT_OF))}; "
            f"got {_show(percent_of)}.",
        )  # fmt: skip
    if "percent_of" in table and not non_substantive:
        # It changes nothing without non-substantive options: most likely they were
        # forgotten, and the percentages would silently keep "Ne sait pas" in the base.
        raise r.fail(
            f"{key}.percent_of",
            "has no effect without `non_substantive`: list the non-substantive options "
            '(e.g. `non_substantive = ["Ne sait pas"]`) or remove `percent_of`.',
        )
    if qtype == "scale" and len(options) - len(non_substantive) < 2:
        raise r.fail(
            f"{key}.non_substantive",
            "leaves fewer than two levels on the scale; a scale needs at least two "
            "substantive levels: list them in `options`, lowest first.",
        )
    if role in _YES_NO_ROLES or qtype == "yesno":
        _check_yes_no(
            key, role or "yesno", qtype, options, other, yes, no, table, r, non_substantive
        )
    top, bottom = (
        _box(table, name, key, options, non_substantive, r) for name in ("top", "bottom")
    )
    minimum, maximum = (_bound(table, name, key, r) for name in ("min", "max"))
    if minimum is not None and maximum is not None and minimum >= maximum:
        raise r.fail(
            f"{key}.max", f"must be above `min` ({minimum:g}); got {maximum:g}. Fix `min` or `max`."
        )
    label = r.label(table["label"], f"{key}.label", lang) if "label" in table else None
    base = r.label(table["base"], f"{key}.base", lang) if "base" in table else None
    q = Question(
        id=qid,
        column=column,
        type=qtype,
        role=role,
        label=label,
        base=base,
        options=options,
        other=other,
        separator=separator,
        yes=yes,
        no=no,
        non_substantive=non_substantive,
        percent_of=percent_of,
        exclusive=exclusive,
        top=top,
        bottom=bottom,
        minimum=minimum,
        maximum=maximum,
    )
    asked_if = r.table(table.get("asked_if", {}), f"{key}.asked_if")
    return q, asked_if


# Keys that belong to some types only (the others apply to every question).
_TYPED_KEYS: Final = frozenset(k for keys in _TYPE_KEYS.values() for k in keys)


def _subset(
    table: Mapping[str, Any], name: str, key: str, options: tuple[str, ...], r: _Reader
) -> tuple[str, ...]:
    """Read `name` (a list of options of the question), refusing one not in `options`."""
    if name not in table:
        return ()
    values = r.strings(table[name], f"{key}.{name}")
    if not values:
        raise r.fail(f"{key}.{name}", "is an empty list; remove it or list options.")
    for v in values:
        if v not in options:
            near = closest(v, list(options))
            if near:
                hint = f" Did you mean {near[0]!r}?"
            elif options:
                hint = f" Its options: {', '.join(map(repr, options))}; add it to them first."
            else:
                hint = " List the question's `options` first."
            if "range" in table:
                # `range` gives the numbered levels only: a "no opinion" answer is an
                # option beside them, so the levels must be listed in `options`.
                levels = ", ".join(json.dumps(o) for o in options)
                hint = (
                    f" `range` gives the levels {levels} only; to add {v!r}, replace `range` "
                    f"by `options = [{levels}, {json.dumps(v, ensure_ascii=False)}]`."
                )
            raise r.fail(f"{key}.{name}", f"{v!r} is not one of the question's `options`.{hint}")
    if len(set(values)) != len(values):
        dup = next(v for v in values if values.count(v) > 1)
        raise r.fail(f"{key}.{name}", f"lists {dup!r} twice; remove one.")
    return values


def _scale_options(
    table: Mapping[str, Any], key: str, options: tuple[str, ...], r: _Reader
) -> tuple[str, ...]:
    """Return the levels of a scale, lowest first: `options`, or `range = [low, high]`."""
    if "range" in table:
        bounds = table["range"]
        if (
            not isinstance(bounds, list)
            or len(bounds) != 2
            or not all(isinstance(b, int) and not isinstance(b, bool) for b in bounds)
            or bounds[0] >= bounds[1]
            or bounds[1] - bounds[0] > 100
        ):
            raise r.fail(
                f"{key}.range",
                f"must be two whole numbers, lowest first, e.g. [1, 5] or [0, 10]; got "
                f"{_show(bounds)}.",
            )
        if options:
            raise r.fail(
                f"{key}.range",
                "is given with `options`: give one or the other (`options` to list labelled "
                'levels or a "no opinion" answer as well).',
            )
        return tuple(str(v) for v in range(bounds[0], bounds[1] + 1))
    if len(options) < 2:
        raise r.fail(
            key,
            'a `type = "scale"` question needs its levels, lowest first: add `options = ["Pas '
            'du tout", …, "Tout à fait"]` or `range = [1, 5]`.',
        )
    return options


def _box(
    table: Mapping[str, Any],
    name: str,
    key: str,
    options: tuple[str, ...],
    non_substantive: tuple[str, ...],
    r: _Reader,
) -> int | None:
    """Read `top` or `bottom`: a number of levels, less than half the scale's."""
    if name not in table:
        return None
    value = table[name]
    levels = len([o for o in options if o not in non_substantive])
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= levels // 2:
        raise r.fail(
            f"{key}.{name}",
            f"must be a whole number of levels from 1 to {max(levels // 2, 1)} (half the "
            f"scale's {levels} levels); got {_show(value)}.",
        )
    return value


def _bound(table: Mapping[str, Any], name: str, key: str, r: _Reader) -> float | None:
    """Read `min` or `max` of a number question: a finite number."""
    if name not in table:
        return None
    value = table[name]
    if not isinstance(value, int | float) or isinstance(value, bool) or not np.isfinite(value):
        raise r.fail(
            f"{key}.{name}",
            f"must be a number; got {_show(value)}. Write a finite number without quotes, "
            f"e.g. `{name} = 0`.",
        )
    return float(value)


def _check_yes_no(
    key: str,
    role: str,
    qtype: str,
    options: tuple[str, ...],
    other: bool,
    yes: tuple[str, ...],
    no: tuple[str, ...],
    table: Mapping[str, Any],
    r: _Reader,
    non_substantive: tuple[str, ...] = (),
) -> None:
    """Refuse a funnel question whose answers cannot all be read as yes or no.

    A ``left`` question without ``yes`` counted every leaver as staying (0/119 beside a
    funnel of 50 leavers): the report counts ``yes`` answers over everyone who answered,
    so each answer must be declared yes or no.
    """
    what = (
        f"a question with `role = {role!r}`" if role != "yesno" else 'a `type = "yesno"` question'
    )
    if qtype not in ("single", "yesno"):
        raise r.fail(
            f"{key}.type",
            f'{what} is a yes/no question: its type must be "yesno" or "single" '
            f"(got {qtype!r}); remove `type` or give the question another role.",
        )
    if other:
        raise r.fail(
            f"{key}.other",
            f"a question with `role = {role!r}` is a yes/no question: an 'Other' box would give "
            "answers that are neither; remove `other` and list every answer in `yes` or `no`.",
        )
    for name, values in (("yes", yes), ("no", no)):
        if not values:
            present = "is empty" if name in table else "is missing"
            example = next((o for o in options if o not in yes + no), None)
            hint = ' = "…"' if example is None else f" = {json.dumps(example, ensure_ascii=False)}"
            raise r.fail(
                f"{key}.{name}",
                f"{present}: {what} needs the answer(s) meaning "
                f"{name}, e.g. `{name}{hint}`; without them its percentage would count "
                "every answer as " + ("no." if name == "yes" else "neither yes nor no."),
            )
    both = [o for o in non_substantive if o in yes + no]
    if both:
        raise r.fail(
            f"{key}.non_substantive",
            f"{both[0]!r} is also a `yes` or `no` answer; an answer is one of the three: "
            "remove it from `non_substantive` or from `yes`/`no`.",
        )
    loose = [o for o in options if o not in yes + no + non_substantive]
    if loose:
        raise r.fail(
            f"{key}.options",
            f"{loose[0]!r} is neither a `yes` nor a `no` answer of {what}; add "
            'it to `no` or to `yes`, or to `non_substantive` (a "don\'t know", counted and '
            "shown apart), so that every answer has a meaning.",
        )


def _ref(spec_like: Sequence[Question], ref: str) -> Question | None:
    for q in spec_like:
        if q.id == ref:
            return q
    roles = [q for q in spec_like if q.role == ref]
    if len(roles) == 1:
        return roles[0]
    for q in spec_like:
        if q.column == ref:
            return q
    return None


def _conditions(
    table: Mapping[str, Any], key: str, r: _Reader, questions: Sequence[Question]
) -> tuple[Condition, ...]:
    out = []
    for ref, values in table.items():
        target = _ref(questions, ref)
        if target is None:
            near = closest(ref, [q.id for q in questions])
            hint = f" Did you mean {', '.join(map(repr, near))}?" if near else ""
            raise r.fail(
                f"{key}.{ref}",
                f"{ref!r} is no question id, role or column of the spec.{hint}",
            )
        if target.type == "multi":
            raise r.fail(
                f"{key}.{ref}",
                f"conditions on a multi-select question ({target.id!r}) are not supported; "
                "condition on a single-choice question.",
            )
        wanted = r.strings(values, f"{key}.{ref}")
        if not wanted:
            raise r.fail(
                f"{key}.{ref}", f'needs at least one answer, e.g. `{ref} = "Oui"`; or remove it.'
            )
        # A yes/no question without `options` has its answers in `yes` and `no` (any
        # other answer is refused when counted): a condition on a third one never holds.
        known = target.options or (target.yes + target.no if target.yes and target.no else ())
        if known and not target.other:
            for v in wanted:
                if v not in known:
                    near = closest(v, list(known))
                    hint = (
                        f" Did you mean {near[0]!r}?"
                        if near
                        else f" Its options: {', '.join(map(repr, known))}."
                    )
                    raise r.fail(
                        f"{key}.{ref}",
                        f"{v!r} is not one of the options of {target.id!r}.{hint}",
                    )
        out.append(Condition(question=target.id, values=wanted))
    return tuple(out)


def _skip_rule(
    table: Mapping[str, Any], key: str, r: _Reader, questions: Sequence[Question]
) -> AllOf | None:
    """Read an ``asked_if`` table: conditions that must all hold, ``any``, ``all``, ``not``."""
    return AllOf(_rules(table, key, r, questions)) if table else None


def _rules(
    table: Mapping[str, Any], key: str, r: _Reader, questions: Sequence[Question]
) -> tuple[SkipRule, ...]:
    out: list[SkipRule] = []
    for ref, value in table.items():
        if ref in ("any", "all"):
            example = f'`{ref} = [{{ left = "Oui" }}, {{ plan = "Oui" }}]`'
            if not isinstance(value, list) or not value:
                raise r.fail(
                    f"{key}.{ref}",
                    f"must be a list of condition tables, e.g. {example}; got {_show(value)}.",
                )
            subs: list[SkipRule] = []
            for i, item in enumerate(value):
                where = f"{key}.{ref}[{i}]"
                if not isinstance(item, dict) or not item:
                    raise r.fail(
                        where, f"must be a table of conditions, e.g. {example}; got {_show(item)}."
                    )
                inner = _rules(item, where, r, questions)
                subs.append(inner[0] if len(inner) == 1 else AllOf(inner))
            out.append(AnyOf(tuple(subs)) if ref == "any" else AllOf(tuple(subs)))
        elif ref == "not":
            if not isinstance(value, dict):
                raise r.fail(
                    f"{key}.not",
                    'must be a table of conditions, e.g. `not = { sector = "1" }`; got '
                    f"{_show(value)}.",
                )
            inner_table = value
            if not inner_table:
                raise r.fail(f"{key}.not", 'needs a condition, e.g. `not = { sector = "1" }`.')
            inner = _rules(inner_table, f"{key}.not", r, questions)
            out.append(NotOf(inner[0] if len(inner) == 1 else AllOf(inner)))
        else:
            out.extend(_conditions({ref: value}, key, r, questions))
    return tuple(out)


def _link(
    drafts: list[tuple[Question, dict[str, Any]]], r: _Reader, timestamp: str | None
) -> tuple[Question, ...]:
    plain = [q for q, _ in drafts]
    for role in _YES_NO_ROLES:  # the funnel takes one question per role, or none
        holders = [q.id for q in plain if q.role == role]
        if len(holders) > 1:
            raise r.fail(
                f"questions.{holders[1]}.role",
                f"{role!r} is already the role of {holders[0]!r}; the exit funnel (and its "
                "claim and scenarios) reads one question per role: keep `role = "
                f"{role!r}` on one question and remove it from {holders[1]!r} (or give it "
                "another identifier).",
            )
    seen: dict[str, str] = {}
    for q in plain:
        if q.column in seen:
            raise r.fail(
                f"questions.{q.id}.column",
                f"{q.column!r} is already the column of {seen[q.column]!r}; each question "
                "needs its own column (pandas names a repeated header 'Header.1').",
            )
        if q.column == timestamp:
            raise r.fail(f"questions.{q.id}.column", "is the survey's timestamp column.")
        seen[q.column] = q.id
    linked = []
    for q, table in drafts:
        skip = _skip_rule(table, f"questions.{q.id}.asked_if", r, plain)
        if q.id in _rule_questions(skip):
            raise r.fail(f"questions.{q.id}.asked_if", "a question cannot depend on itself.")
        plain_table = skip is not None and all(isinstance(c, Condition) for c in skip.rules)
        conds = cast(tuple[Condition, ...], skip.rules) if skip is not None and plain_table else ()
        linked.append(dataclasses.replace(q, asked_if=conds, skip=skip))
    parents = {q.id: list(q.depends_on) for q in linked}
    for start in parents:  # skip logic must not loop
        path, stack = [start], [iter(parents[start])]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                path.pop()
                continue
            if nxt in path:
                loop = " -> ".join([*path[path.index(nxt) :], nxt])
                raise r.fail(f"questions.{start}.asked_if", f"skip logic loops: {loop}.")
            path.append(nxt)
            stack.append(iter(parents[nxt]))
    return tuple(linked)


def _step(i: int, body: object, r: _Reader, spec: SurveySpec) -> CohortStep:
    key = f"cohort[{i}]"
    table = r.table(body, key)
    r.keys(table, key, ("step", "reason", "where", "questions", "within", "ignore"))
    kind = table.get("step")
    if kind not in STEP_KINDS:
        raise r.fail(
            f"{key}.step", f"must be one of {', '.join(map(repr, STEP_KINDS))}; got {_show(kind)}."
        )
    kind = cast(str, kind)
    reason = r.label(table["reason"], f"{key}.reason", spec.lang) if "reason" in table else None
    allowed = {
        "include": {"where"},
        "exclude": {"where"},
        "require": {"questions"},
        "drop_resubmissions": {"within", "ignore"},
    }[kind]
    for extra in ("where", "questions", "within", "ignore"):
        if extra in table and extra not in allowed:
            raise r.fail(f"{key}.{extra}", f"does not apply to a {kind!r} step.")
    where: tuple[Condition, ...] = ()
    questions: tuple[str, ...] = ()
    within = "10min"
    ignore: tuple[str, ...] = ()
    if kind in ("include", "exclude"):
        if "where" not in table:
            raise r.fail(key, f"an {kind!r} step needs `where = {{ question = answer(s) }}`.")
        where_table = r.table(table["where"], f"{key}.where")
        if not where_table:
            raise r.fail(f"{key}.where", "needs at least one condition.")
        where = _conditions(where_table, f"{key}.where", r, spec.questions)
    elif kind == "require":
        if "questions" not in table:
            raise r.fail(key, "a 'require' step needs `questions = [<question ids>]`.")
        refs = r.strings(table["questions"], f"{key}.questions")
        if not refs:
            raise r.fail(f"{key}.questions", "needs at least one question.")
        resolved = []
        for ref in refs:
            q = _ref(spec.questions, ref)
            if q is None:
                near = closest(ref, list(spec.ids))
                hint = f" Did you mean {', '.join(map(repr, near))}?" if near else ""
                raise r.fail(f"{key}.questions", f"{ref!r} is no question of the spec.{hint}")
            resolved.append(q.id)
        questions = tuple(resolved)
    else:
        within = r.string(table.get("within", "10min"), f"{key}.within")
        try:
            _check_within(within, "`within`")
        except InvalidValueError as exc:
            raise r.fail(f"{key}.within", str(exc).removeprefix("`within` ")) from None
        ignore = r.strings(table.get("ignore", []), f"{key}.ignore")
        if spec.timestamp is None:
            raise r.fail(key, "a drop_resubmissions step needs `[survey] timestamp = <column>`.")
    return CohortStep(
        step=kind, reason=reason, where=where, questions=questions, within=within, ignore=ignore
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
