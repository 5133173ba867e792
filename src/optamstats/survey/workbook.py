"""Workbooks (Microsoft Forms' ``.xlsx``): the first sheet's cells as the text a CSV holds."""

from __future__ import annotations

import io
import os
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from optamstats.survey.errors import ResponseFileError, _given

if TYPE_CHECKING:
    from optamstats.survey.encodings import Buffer


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
