"""Encodings of an export: its bytes refused as binary, or decoded to UTF-8 (NFC).

UTF-8, UTF-8 with a byte-order mark, or cp1252 as a French Excel writes it; a file that
mixes encodings is refused with the line where it changes.
"""

from __future__ import annotations

import codecs
import mmap
import re
import unicodedata
from typing import Final

import numpy as np

from optamstats._checks import InvalidValueError
from optamstats.survey.errors import ResponseFileError, _given, _python_only

_SNIFF_BYTES: Final = 64 * 1024  # bytes looked at for the delimiter and binary junk


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


#: File content: bytes, or a read-only memory map of a file on disk.
Buffer = bytes | mmap.mmap


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
