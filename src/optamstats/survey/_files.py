"""Opening what the user gave: a path (memory-mapped), bytes, or a file object."""

from __future__ import annotations

import contextlib
import mmap
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from optamstats._checks import InvalidTypeError, OptamstatsError, _show
from optamstats.survey.errors import (
    ResponseFileError,
    _given,
    _MissingExportError,
    _MissingSpecError,
)

if TYPE_CHECKING:
    from optamstats.survey.encodings import Buffer


def _source_name(source: object) -> str:
    if isinstance(source, str | os.PathLike):
        return os.fsdecode(os.fspath(source))
    if isinstance(source, bytes | bytearray | memoryview):
        return "<bytes>"
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<stream>"


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
