"""The small-cell rule: which counts a publication hides, and how a hidden count reads.

A count ``k`` of a base ``n`` is hidden when ``k`` or ``n − k`` is from 1 to t − 1
(:func:`needs_suppression`); t is ``min_cell``, or a statistical office's named rule
(``RULES``). A hidden count is printed as a :class:`Hidden` marker: ``"< t"`` for a
small count, ``"s"`` for one hidden to protect another. Every other module that decides
what is small (the tables, the report, the breakdowns) applies this rule.
"""

from __future__ import annotations

import math
import numbers
from typing import TYPE_CHECKING, Any, Final, overload

import numpy as np

from optamstats._checks import (
    MAX_COUNT,
    InvalidTypeError,
    InvalidValueError,
    ShapeError,
    _show,
    as_float,
)

if TYPE_CHECKING:
    pass

__all__ = [
    "DEFAULT_MIN_CELL",
    "FRENCH_HEALTH_MIN_CELL",
    "RULES",
    "Hidden",
    "check_min_cell",
    "check_rule",
    "needs_suppression",
]


#: Smallest count shown by default: counts from 1 to 4 are hidden.
DEFAULT_MIN_CELL: Final = 5


#: French health-data practice: no published cell below 11 (counts 1 to 10 hidden).
FRENCH_HEALTH_MIN_CELL: Final = 11


class Hidden(str):
    """A published cell hidden by disclosure control: ``"< 5"`` or ``"s"``.

    A string, so that any table, renderer or CSV writer shows it as it is; its type
    tells programs that the value was withheld, not missing.

    Examples
    --------
    >>> Hidden.below(5), Hidden.protecting()
    ('< 5', 's')
    """

    __slots__ = ()

    @classmethod
    def below(cls, min_cell: int) -> Hidden:
        """Return the marker of a count from 1 to ``min_cell − 1``.

        Parameters
        ----------
        min_cell : int
            The smallest count shown.

        Returns
        -------
        Hidden
            ``"< min_cell"``.
        """
        return cls(f"< {min_cell}")

    @classmethod
    def protecting(cls) -> Hidden:
        """Return the marker of a value hidden to protect another (or derived from one)."""
        return cls("s")


def check_min_cell(min_cell: object, name: str = "min_cell") -> int:
    """Return `min_cell` as an int ≥ 2, or raise naming the argument."""
    if isinstance(min_cell, bool | np.bool_) or not isinstance(min_cell, numbers.Real):
        raise InvalidTypeError(
            f"`{name}` must be a whole number of respondents ≥ 2, such as 5 (or 11 under "
            f"the French health-data rule); got {_show(min_cell)}."
        )
    value = as_float(min_cell)  # 10**400 is +inf, refused below
    if not math.isfinite(value) or not value.is_integer() or value < 2 or value > MAX_COUNT:
        raise InvalidValueError(
            f"`{name}` must be a whole number of respondents from 2 to 2**53, such as 5 (or "
            f"11 under the French health-data rule); got {_show(min_cell)}. To print every "
            "count, turn disclosure control off instead."
        )
    return int(value)


def check_rule(rule: object, name: str = "rule") -> tuple[str, int, int]:
    """Return ``(rule, threshold, rounding)`` for a named rule, or raise naming `name`."""
    if not isinstance(rule, str) or rule not in RULES:
        raise InvalidValueError(
            f"`{name}` must be one of {', '.join(repr(r) for r in RULES)} (thresholds "
            f"{', '.join(str(t) for t, _ in RULES.values())}); got {_show(rule)}."
        )
    threshold, rounding = RULES[rule]
    return rule, threshold, rounding


def _counts(name: str, value: object) -> Any:
    """One count (int) or an array of counts, validated (an empty base of 0 is allowed)."""
    from optamstats._checks import _array_count, _scalar_count

    scalar = _scalar_count(name, value)
    return scalar if scalar is not None else _array_count(name, value)


def _is_small(k: Any, threshold: int, n: Any = None) -> Any:
    """Apply the threshold rule to checked counts: ``1 ≤ k < t``, or ``1 ≤ n − k < t``.

    The one place that decides what is small: :func:`needs_suppression` calls it after
    checking its arguments, and :mod:`optamstats.breakdowns` to pool its small groups.
    Python ints give a bool, arrays an array of bool.
    """
    small = (k >= 1) & (k < threshold)
    if n is not None:
        rest = n - k
        small = small | ((rest >= 1) & (rest < threshold))
    return small


@overload
def needs_suppression(k: int, n: int | None = None, *, min_cell: int = ...) -> bool: ...


@overload
def needs_suppression(
    k: Any, n: Any = None, *, min_cell: int = ...
) -> bool | np.ndarray[Any, np.dtype[np.bool_]]: ...


def needs_suppression(
    k: Any, n: Any = None, *, min_cell: int = DEFAULT_MIN_CELL
) -> bool | np.ndarray[Any, np.dtype[np.bool_]]:
    """Tell whether a count of respondents must be hidden (primary suppression).

    A count ``k`` is hidden when ``1 ≤ k < min_cell``. With its base ``n``, the
    complementary count ``n − k`` (those who did not tick, or did not leave) is a
    cell of the same two-cell table and is checked too: 48 of 50 reveals that 2 did
    not. Zero is shown: it names nobody.

    Parameters
    ----------
    k : int or array of int
        Respondents counted.
    n : int or array of int, optional
        The base the count is a part of.
    min_cell : int, default 5
        Smallest count shown; 11 follows the French health-data practice of publishing
        no count from 1 to 10 (``FRENCH_HEALTH_MIN_CELL``).

    Returns
    -------
    bool or ndarray of bool
        True where the count (or its complement) must be hidden.

    Raises
    ------
    InvalidValueError
        Negative or fractional counts, ``k > n``, or a `min_cell` below 2.
    InvalidTypeError
        Non-numeric counts or `min_cell`.

    References
    ----------
    .. [1] A. Hundepool et al., *Statistical Disclosure Control*, Wiley, 2012, ch. 5
       (frequency tables: the threshold rule).
    .. [2] Health Data Hub, documentation collaborative du SNDS, fiche
       « Téléconsultations » (2022): « Les effectifs inférieurs à 11 ne sont pas
       restitués. »

    Examples
    --------
    >>> needs_suppression(3)
    True
    >>> needs_suppression(48, 50)  # 2 did not
    True
    >>> needs_suppression([0, 4, 5, 12], 50, min_cell=11).tolist()
    [False, True, True, False]
    """
    threshold = check_min_cell(min_cell)
    k_c = _counts("k", k)
    if n is None:
        small = _is_small(k_c, threshold)
    else:
        n_c = _counts("n", n)
        try:
            k_b, n_b = np.broadcast_arrays(k_c, n_c)
        except ValueError as exc:
            raise ShapeError(
                f"`k` and `n` must have shapes that broadcast together; got {np.shape(k_c)} "
                f"and {np.shape(n_c)}."
            ) from exc
        over = k_b > n_b
        if over.any():
            where = tuple(int(i) for i in np.argwhere(over)[0]) if over.ndim else ()
            at = f" at index {where}" if where else ""
            raise InvalidValueError(
                f"`k` must be ≤ `n`; got k={k_b[where]:g} > n={n_b[where]:g}{at}. Check that "
                "the count and its base refer to the same respondents."
            )
        small = _is_small(k_b, threshold, n_b)
    return bool(small) if np.ndim(small) == 0 else np.asarray(small, dtype=bool)


#: Named disclosure rules: (threshold t, rounding base of published counts). Sources in
#: ``docs/methods/disclosure.md``: ``insee`` — INSEE's statistical secrecy on fewer than
#: 3 units; ``ons`` — ONS Census 2021, cells below 10 suppressed and counts rounded to 5;
#: ``health-fr`` — SNDS results via CASD / Health Data Hub, no count below 11.
RULES: Final[dict[str, tuple[int, int]]] = {
    "default": (DEFAULT_MIN_CELL, 1),
    "insee": (3, 1),
    "ons": (10, 5),
    "health-fr": (FRENCH_HEALTH_MIN_CELL, 1),
}
