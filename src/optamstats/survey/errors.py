"""The survey layer's errors, and how their messages name what the user wrote.

A message names the file as its user gave it (a Python argument, or a command-line flag
inside ``_command_line``), the line or key, and the closest header when a name
is misspelt.
"""

from __future__ import annotations

import contextlib
import difflib
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar

from optamstats._checks import InvalidValueError


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
