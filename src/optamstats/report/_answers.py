"""How the report compares and cleans respondents' answers (shared by its counting steps).

An answer matches the spec's words once stripped of surrounding spaces; free text is
printed on one line, without control characters.
"""

from __future__ import annotations

import re
from typing import Any, Final


def _stripped_in(values: set[str]) -> Any:
    """Return the test "this answer, stripped, is one of `values`" (for Coded.where)."""

    def test(answer: str) -> bool:
        return answer.strip() in values

    return test


# Control characters (a terminal escape, a NUL) and bidirectional overrides, which can
# reorder what a reader sees ("Trojan Source"), are dropped from free text.
_UNPRINTABLE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _printable(text: str) -> str:
    """Return a free-text answer on one line, without control characters."""
    return " ".join(_UNPRINTABLE.sub("", text).split())
