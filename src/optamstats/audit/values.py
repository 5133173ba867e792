"""A published percentage parsed exactly, and the proportions it stands for.

A value such as ``"59.4"`` at one decimal stands for every proportion that rounds to it:
a bracket whose ends depend on the rounding rule (half-up, half-down, half-even,
truncation). Every check of the audit starts from this bracket, in exact rational
arithmetic. The argument checks the public checks share live here too.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

from optamstats._checks import InvalidTypeError, InvalidValueError, _repr, check_choice
from optamstats.audit.wording import _decimal, _percent, _plain, _scaled_text

#: Every rounding rule the checks know. Ties are values exactly halfway between two
#: reportable values; "truncate" drops the extra digits (Excel ROUNDDOWN, integer casts).
ROUNDING_MODES: Final = ("half-up", "half-down", "half-even", "truncate")
#: The rules tried when none are given: what spreadsheets and statistics packages do
#: (half-up: Excel, SPSS, SAS), what R, numpy and Python do (half-even), and truncation.
DEFAULT_MODES: Final = ("half-up", "half-even", "truncate")
_MAX_DECIMALS: Final = 10
_DECIMAL_RE: Final = re.compile(r"^\s*(\d+)(?:[.,](\d+))?\s*%?\s*$")
_FRACTION_RE: Final = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def _show(value: object) -> str:
    text = _repr(value)  # never raises, even for a 5000-digit int
    return text if len(text) <= 80 else text[:77] + "..."


@dataclass(frozen=True, slots=True)
class _Bracket:
    """The proportions ``p`` a reported value stands for: ``lo ≤ p ≤ hi``, ends open or not."""

    lo: Fraction
    hi: Fraction
    lo_closed: bool
    hi_closed: bool

    def counts(self, n: int) -> range:
        """Every whole ``k`` in ``[0, n]`` with ``k/n`` in the bracket (a contiguous range)."""
        # Integer floor/ceil of lo·n and hi·n: exact, and ~10x faster than Fraction ops,
        # which matters when every base up to `n_max` is searched.
        a, b = self.lo.numerator * n, self.lo.denominator
        k_min = -(-a // b) if self.lo_closed else a // b + 1
        c, d = self.hi.numerator * n, self.hi.denominator
        k_max = c // d if self.hi_closed else -(-c // d) - 1
        return range(max(k_min, 0), min(k_max, n) + 1)

    def contains(self, p: Fraction) -> bool:
        above = p >= self.lo if self.lo_closed else p > self.lo
        below = p <= self.hi if self.hi_closed else p < self.hi
        return above and below


@dataclass(frozen=True, slots=True)
class _Value:
    """A reported percentage, parsed exactly."""

    text: str  # normalised: "59.4", "1/3"
    share: Fraction  # as a proportion: 594/1000, 1/3
    decimals: int | None  # decimals of the percentage; None for fractions such as "1/3"
    tolerance: Fraction | None  # percentage points, for approximate figures

    @property
    def scaled(self) -> int:
        """The percentage times 10**decimals, an integer (59.4 -> 594)."""
        assert self.decimals is not None
        return int(self.share * 10 ** (self.decimals + 2))

    @property
    def rounded(self) -> bool:
        """True for a value rounded at known decimals, False for an approximation."""
        return self.tolerance is None and self.decimals is not None

    def bracket(self, mode: str) -> _Bracket:
        if self.tolerance is not None:
            delta = self.tolerance / 100
            return _Bracket(self.share - delta, self.share + delta, True, True)
        v = self.scaled
        unit = Fraction(1, 10 ** (self.decimals + 2))  # type: ignore[operator]
        low, mid_high = (2 * v - 1) * unit / 2, (2 * v + 1) * unit / 2
        if mode == "half-up":
            return _Bracket(low, mid_high, True, False)
        if mode == "half-down":
            return _Bracket(low, mid_high, False, True)
        if mode == "half-even":
            even = v % 2 == 0  # a tie rounds to the even neighbour: keep both ends if even
            return _Bracket(low, mid_high, even, even)
        return _Bracket(v * unit, (v + 1) * unit, True, False)  # truncate

    def show(self, lang: str) -> str:
        if self.decimals is None:
            tol = _plain(self.tolerance or Fraction(0), lang)
            approx = _percent(_plain(self.share * 100, lang, 1), lang)
            return f"{self.text} ({approx} ± {tol} points)"
        text = _decimal(self.text, lang)
        if self.tolerance is not None:
            return f"{_percent(text, lang)} ± {_plain(self.tolerance, lang)} points"
        return _percent(text, lang)


def _check_decimals(decimals: object, name: str = "decimals") -> int:
    if isinstance(decimals, bool) or not isinstance(decimals, numbers.Integral):
        raise InvalidTypeError(
            f"`{name}` must be a whole number of decimals from 0 to {_MAX_DECIMALS}; "
            f"got {_show(decimals)}."
        )
    if not 0 <= int(decimals) <= _MAX_DECIMALS:
        raise InvalidValueError(
            f"`{name}` must be a whole number of decimals from 0 to {_MAX_DECIMALS}; "
            f"got {decimals!r}."
        )
    return int(decimals)


def _as_fraction(value: object, name: str) -> Fraction:
    """Return a real number given as int, float or decimal string, exactly as written."""
    if isinstance(value, bool):
        raise InvalidTypeError(f"`{name}` must be a number; got {value!r}.")
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValueError(f"`{name}` must be a finite number; got {value!r}.")
        return Fraction(repr(value))  # 2.5 -> 5/2, 0.7 -> 7/10 (what was written)
    if isinstance(value, str):
        try:
            return Fraction(value.strip().replace(",", "."))
        except ValueError:
            pass
    raise InvalidTypeError(f"`{name}` must be a number such as 2.5; got {_show(value)}.")


def _parse_value(
    value: object,
    decimals: object = None,
    tolerance: object = None,
    name: str = "value",
    *,
    rounded_only: bool = False,
) -> _Value:
    """Parse a reported percentage: "59.4", "59,4 %", 42, 42.0 with decimals=1, "1/3"."""
    if rounded_only and isinstance(value, str) and _FRACTION_RE.match(value):
        raise InvalidValueError(
            f"`{name}` must be a rounded percentage such as '33.3'; got the fraction {value!r}. "
            "Verbal fractions are checked against a count, with a tolerance, in a "
            "published-figures file."
        )
    tol: Fraction | None = None
    if tolerance is not None:
        tol = _as_fraction(tolerance, "tolerance")
        if not 0 <= tol <= 100:
            raise InvalidValueError(
                f"`tolerance` must be in percentage points, from 0 to 100; got {_show(tolerance)}."
            )
    dec = None if decimals is None else _check_decimals(decimals)
    if isinstance(value, bool) or not isinstance(value, str | numbers.Integral | float):
        raise InvalidTypeError(
            f"`{name}` must be a percentage written as a string such as '59.4' (trailing "
            f"zeros are decimals), an integer, or a float with `decimals`; got {_show(value)}."
        )
    if isinstance(value, str):
        match = _DECIMAL_RE.match(value)
        fraction = _FRACTION_RE.match(value)
        if fraction is not None:
            num, den = int(fraction.group(1)), int(fraction.group(2))
            if den == 0 or num > den:
                raise InvalidValueError(
                    f"`{name}` as a fraction must lie between 0 and 1, such as '1/3'; got "
                    f"{value!r}."
                )
            if tol is None:
                raise InvalidValueError(
                    f"`{name}` {value!r} is a verbal fraction (such as 'a third'): give the "
                    "`tolerance` in percentage points within which it is a fair description."
                )
            if dec is not None:
                raise InvalidValueError(
                    f"`decimals` does not apply to the fraction {value!r}; remove it."
                )
            return _Value(f"{num}/{den}", Fraction(num, den), None, tol)
        if match is None:
            raise InvalidValueError(
                f"`{name}` must be a percentage such as '59.4', '59,4 %' or a fraction such as "
                f"'1/3'; got {value!r}."
            )
        written = len(match.group(2) or "")
        if dec is not None and dec != written:
            raise InvalidValueError(
                f"`decimals`={dec} disagrees with the value {value!r}, which is written with "
                f"{written} decimal(s); write the value as published (e.g. '42.0') and drop "
                "`decimals`."
            )
        dec = written
        share = Fraction(int(match.group(1) + (match.group(2) or "")), 10 ** (dec + 2))
    elif isinstance(value, numbers.Integral):
        dec = 0 if dec is None else dec
        share = Fraction(int(value), 100)
    else:
        if dec is None:
            raise InvalidValueError(
                f"`{name}` {value!r} is a float, which loses trailing zeros: write it as a "
                f"string such as '{value}' or give `decimals`."
            )
        if not math.isfinite(value):
            raise InvalidValueError(f"`{name}` must be a finite percentage; got {value!r}.")
        share = Fraction(repr(value)) / 100
        if (share * 10 ** (dec + 2)).denominator != 1:
            raise InvalidValueError(
                f"`{name}` {value!r} has more decimals than `decimals`={dec}; give the value "
                "as published."
            )
    if not 0 <= share <= 1:
        raise InvalidValueError(
            f"`{name}` must be a percentage from 0 to 100; got {_show(value)}. Percentages "
            "above 100 are not shares of a base."
        )
    text = _scaled_text(int(share * 10 ** (dec + 2)), dec)
    return _Value(text, share, dec, tol)


def _parse_values(values: object, decimals: object, minimum: int, wanted: str) -> list[_Value]:
    """Parse the rounded percentages of one question or funnel, each named by its index.

    `wanted` says what `values` must be, for the message: "be a non-empty sequence of
    percentages such as ['59', '41']".
    """
    if isinstance(values, str) or not isinstance(values, Sequence) or len(values) < minimum:
        raise InvalidValueError(f"`values` must {wanted}; got {_show(values)}.")
    return [
        _parse_value(v, decimals, name=f"values[{i}]", rounded_only=True)
        for i, v in enumerate(values)
    ]


def _check_modes(modes: object) -> tuple[str, ...]:
    items: Sequence[object]
    if isinstance(modes, str):
        items = (modes,)
    elif isinstance(modes, Sequence) and modes:
        items = modes
    else:
        raise InvalidValueError(
            f"`modes` must be a rounding mode or a non-empty sequence of them, from "
            f"{', '.join(map(repr, ROUNDING_MODES))}; got {_show(modes)}."
        )
    out: list[str] = []
    for mode in items:
        checked = check_choice("modes", mode, ROUNDING_MODES)
        if checked not in out:
            out.append(checked)
    return tuple(out)


def _check_whole(value: object, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidTypeError(
            f"`{name}` must be a whole number ≥ {minimum} (a count of respondents); got "
            f"{_show(value)}."
        )
    if int(value) < minimum:
        raise InvalidValueError(f"`{name}` must be a whole number ≥ {minimum}; got {value!r}.")
    return int(value)


def _counts_any_mode(value: _Value, n: int, modes: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(sorted({k for m in modes for k in value.bracket(m).counts(n)}))
