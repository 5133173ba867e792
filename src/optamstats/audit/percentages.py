"""Percent consistency (GRIM): which counts give a reported percentage, which bases fit.

The GRIM idea of Brown & Heathers [1]_ for percentages, as scrutiny's
``grim(percent = TRUE)`` [2]_: is a reported percentage, at its stated number of
decimals, reachable as ``k/n`` for a whole ``k`` under round-half-up, round-half-even,
round-half-down or truncation? Which ``k`` fit? Which bases ``n`` fit all the
percentages of one question at once? Exact integer arithmetic throughout.

References
----------
.. [1] N. J. L. Brown and J. A. J. Heathers, "The GRIM test: a simple technique detects
   numerous anomalies in the reporting of results in psychology", Social Psychological
   and Personality Science 8(4):363–369, 2017. https://doi.org/10.1177/1948550616673876
.. [2] L. Jung, "scrutiny: Error Detection in Science", R package (functions ``grim()``
   and ``grim_map()``, argument ``percent = TRUE``), https://lhdjung.github.io/scrutiny/
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

from optamstats._checks import InvalidTypeError, InvalidValueError, check_choice
from optamstats.audit.values import (
    DEFAULT_MODES,
    _Bracket,
    _check_modes,
    _check_whole,
    _parse_value,
    _parse_values,
    _show,
    _Value,
)
from optamstats.audit.wording import _scaled_text

# Searching every base up to this size stays well under a second in pure Python.
_N_MAX_LIMIT: Final = 1_000_000
# Products numerator·n below this are exact in int64 (with room for the sums of counts).
_INT64_SAFE: Final = 2**62


def _round_scaled(k: int, n: int, digits: int, mode: str) -> int:
    """``k/n`` times ``10**digits``, rounded to an integer under `mode`, exactly."""
    scale: int = 10**digits
    q, r = divmod(k * scale, n)
    if mode == "truncate":
        return q
    twice = 2 * r
    if twice > n:
        return q + 1
    if twice == n and (mode == "half-up" or (mode == "half-even" and q % 2 == 1)):
        return q + 1
    return q


@dataclass(frozen=True, slots=True)
class PercentConsistency:
    """Which counts ``k`` make a reported percentage of ``n`` respondents.

    Attributes
    ----------
    value : str
        The percentage as reported, normalised (``"59.4"``).
    decimals : int
        Its number of decimals.
    n : int
        The base.
    modes : tuple of str
        The rounding modes tried.
    counts : tuple of range
        For each mode, the whole ``k`` in ``[0, n]`` whose ``100·k/n`` rounds to `value`
        (a contiguous range, empty when the value is unreachable).

    Notes
    -----
    The equivalent R call is ``scrutiny::grim(x = "59.4", n = 69, percent = TRUE)``
    (whose default ``rounding = "up_or_down"`` accepts half-up and half-down ties) [2]_.

    References
    ----------
    .. [1] N. J. L. Brown and J. A. J. Heathers, "The GRIM test", Social Psychological and
       Personality Science 8(4):363–369, 2017.
    .. [2] L. Jung, "scrutiny: Error Detection in Science", R package, ``grim()``.

    Examples
    --------
    >>> from optamstats.audit import grim_percent
    >>> r = grim_percent("67", 178)
    >>> r.fitting_counts("half-up"), r.fitting_counts("truncate"), r.verdict
    ((119, 120), (120, 121), 'not-testable')
    """

    value: str
    decimals: int
    n: int
    modes: tuple[str, ...]
    counts: tuple[range, ...]

    @property
    def testable(self) -> bool:
        """False when ``n ≥ 10**(decimals + 2)``: every value is then reachable."""
        scale: int = 10 ** (self.decimals + 2)
        return self.n < scale

    @property
    def consistent_modes(self) -> tuple[str, ...]:
        """The modes under which some ``k`` gives the reported value."""
        return tuple(m for m, r in zip(self.modes, self.counts, strict=True) if r)

    @property
    def consistent(self) -> bool:
        """True if the value is reachable under at least one mode."""
        return any(self.counts)

    @property
    def verdict(self) -> str:
        """Summarise the counts in one word.

        ``"consistent"`` (reachable under every mode), ``"rounding-dependent"`` (some
        modes), ``"inconsistent"`` (none) or ``"not-testable"`` (every value is reachable).
        """
        if not self.testable:
            return "not-testable"
        if all(self.counts):
            return "consistent"
        return "rounding-dependent" if any(self.counts) else "inconsistent"

    @property
    def grim_ratio(self) -> float:
        """Share of the values at this precision that cannot be reached with this ``n``.

        ``max(0, (10**D − n) / 10**D)`` with ``D = decimals + 2``: the chance that a value
        typed at random is caught, scrutiny's ``grim_ratio(x, n, percent = TRUE)``.
        """
        scale: int = 10 ** (self.decimals + 2)
        return max(0.0, (scale - self.n) / scale)

    def fitting_counts(self, mode: str | None = None) -> tuple[int, ...]:
        """Return the ``k`` that give the reported value under `mode` (any mode when None).

        Parameters
        ----------
        mode : str, optional
            One of the modes checked (``modes``); None for the counts that fit under
            any of them.

        Returns
        -------
        tuple of int
            The fitting counts, in increasing order.

        Raises
        ------
        InvalidValueError
            A `mode` that was not checked.
        """
        if mode is not None:
            check_choice("mode", mode, self.modes)
            return tuple(self.counts[self.modes.index(mode)])
        return tuple(sorted({k for r in self.counts for k in r}))

    def neighbours(self) -> tuple[tuple[str, int], ...]:
        """Return the nearest reachable values below and above, as ``(value, k)`` pairs.

        Returns
        -------
        tuple of (str, int)
            Each value as it would be written at the reported precision, with the
            count ``k`` that gives it under one of the modes, in increasing order.
        """
        scaled = int(Fraction(self.value) * 10**self.decimals)
        digits = self.decimals + 2
        k_below = scaled * self.n // 10**digits
        found: dict[tuple[str, int], None] = {}
        for k in (k_below, k_below + 1):
            if 0 <= k <= self.n:
                for mode in self.modes:
                    v = _round_scaled(k, self.n, digits, mode)
                    found[(_scaled_text(v, self.decimals), k)] = None
        return tuple(sorted(found, key=lambda pair: (Fraction(pair[0]), pair[1])))


def grim_percent(
    value: str | int | float,
    n: int,
    *,
    decimals: int | None = None,
    modes: str | Sequence[str] = DEFAULT_MODES,
) -> PercentConsistency:
    """Check that a reported percentage of `n` respondents is reachable as ``k/n``.

    Parameters
    ----------
    value : str, int or float
        The percentage as published. Prefer a string (``"42.0"``): trailing zeros are
        decimals. A decimal comma and a ``%`` sign are accepted (``"59,4 %"``).
    n : int
        The base (respondents who answered), ≥ 1.
    decimals : int, optional
        Decimals of the published value; needed for floats, inferred from strings.
    modes : str or sequence of str
        Rounding modes to try, from ``ROUNDING_MODES``: ``"half-up"``, ``"half-down"``,
        ``"half-even"``, ``"truncate"``.

    Returns
    -------
    PercentConsistency
        The counts that fit under each mode, and a verdict.

    Raises
    ------
    InvalidValueError
        A value outside 0–100, unparseable, or with more decimals than `decimals`; ``n < 1``;
        an unknown mode.
    InvalidTypeError
        A boolean or non-numeric value or base.

    Notes
    -----
    A reported value ``V`` at ``d`` decimals stands for the proportions ``p`` in a bracket
    around ``V·10**-(d+2)``: ``[V − ½, V + ½)`` units for half-up, ``(V − ½, V + ½]``
    for half-down, closed for half-even when ``V`` is even and open when odd, and
    ``[V, V + 1)`` for truncation. The counts are ``k`` with ``k/n`` in the bracket,
    computed with integer floor and ceiling of ``bound·n``: floating point, which made
    scrutiny's verdicts flip (its issue #86), never enters. When ``n ≥ 10**(d+2)`` every
    value is reachable and the verdict is ``"not-testable"``. The matching R call is
    ``scrutiny::grim(x = "71", n = 43, percent = TRUE)`` [2]_.

    References
    ----------
    .. [1] N. J. L. Brown and J. A. J. Heathers, "The GRIM test: a simple technique detects
       numerous anomalies in the reporting of results in psychology", Social Psychological
       and Personality Science 8(4):363–369, 2017.
    .. [2] L. Jung, "scrutiny: Error Detection in Science", R package, ``grim()``,
       ``grim_map()``, https://lhdjung.github.io/scrutiny/

    Examples
    --------
    The press article's 82 % of the 50 who left is 41 of them:

    >>> from optamstats.audit import grim_percent
    >>> grim_percent("82", 50).fitting_counts()
    (41,)

    With ``n = 50`` every odd whole percentage is out of reach:

    >>> r = grim_percent("7", 50)
    >>> r.verdict, r.neighbours()
    ('inconsistent', (('6', 3), ('8', 4)))

    A tie is rounded differently by each mode (1/8 = 12.5 %):

    >>> grim_percent("13", 8).consistent_modes
    ('half-up',)
    """
    parsed = _parse_value(value, decimals, rounded_only=True)
    size = _check_whole(n, "n", 1)
    mode_tuple = _check_modes(modes)
    counts = tuple(parsed.bracket(m).counts(size) for m in mode_tuple)
    assert parsed.decimals is not None
    return PercentConsistency(parsed.text, parsed.decimals, size, mode_tuple, counts)


def _fitting_n(
    values: Sequence[_Value], n_min: int, n_max: int, modes: tuple[str, ...], exhaustive: bool
) -> tuple[int, ...]:
    brackets = [[v.bracket(m) for v in values] for m in modes]
    largest = max(max(abs(b.lo.numerator), abs(b.hi.numerator)) for row in brackets for b in row)
    if largest * n_max < _INT64_SAFE:
        return _fitting_n_int64(brackets, n_min, n_max, exhaustive)
    found: list[int] = []  # huge numerators: the same search in Python integers
    for n in range(n_min, n_max + 1):
        for per_mode in brackets:
            ranges = [b.counts(n) for b in per_mode]
            if not all(ranges):
                continue
            # The k of each option lie in contiguous ranges, so some choice sums to n iff
            # n lies between the sums of their ends.
            if exhaustive and not sum(r[0] for r in ranges) <= n <= sum(r[-1] for r in ranges):
                continue
            found.append(n)
            break
    return tuple(found)


def _fitting_n_int64(
    brackets: Sequence[Sequence[_Bracket]], n_min: int, n_max: int, exhaustive: bool
) -> tuple[int, ...]:
    """Run the search of `_fitting_n` over every n at once, in exact int64 arithmetic.

    Written with numpy integer floor division rather than floats: the bracket bounds are
    rationals, and every product ``numerator·n`` stays below 2**62 (checked by the
    caller), so each floor and ceiling is exact, as in `_Bracket.counts`. About 50 times
    faster than the loop for n_max = 100,000.
    """
    import numpy as np

    n = np.arange(n_min, n_max + 1, dtype=np.int64)
    fits = np.zeros(n.shape, dtype=bool)
    for per_mode in brackets:
        mode_fits = np.ones(n.shape, dtype=bool)
        low_sum = np.zeros(n.shape, dtype=np.int64)
        high_sum = np.zeros(n.shape, dtype=np.int64)
        for b in per_mode:
            a, c = b.lo.numerator * n, b.hi.numerator * n
            k_min = -(-a // b.lo.denominator) if b.lo_closed else a // b.lo.denominator + 1
            k_max = c // b.hi.denominator if b.hi_closed else -(-c // b.hi.denominator) - 1
            k_min, k_max = np.maximum(k_min, 0), np.minimum(k_max, n)
            mode_fits &= k_min <= k_max
            low_sum += k_min
            high_sum += k_max
        if exhaustive:
            mode_fits &= (low_sum <= n) & (n <= high_sum)
        fits |= mode_fits
    return tuple(n[fits].tolist())


def fitting_bases(
    values: Sequence[str | int | float],
    *,
    n_max: int,
    n_min: int = 1,
    decimals: int | None = None,
    modes: str | Sequence[str] = DEFAULT_MODES,
    exhaustive: bool = False,
) -> tuple[int, ...]:
    """Find every base ``n`` that makes all the percentages of one question reachable.

    Parameters
    ----------
    values : sequence of str, int or float
        The percentages reported for the options of one question (as in
        :func:`grim_percent`).
    n_max : int
        Largest base to try (at most 1,000,000).
    n_min : int, default 1
        Smallest base to try.
    decimals : int, optional
        Decimals of the non-string values.
    modes : str or sequence of str
        Rounding modes; one table is rounded one way, so a base fits when every value is
        reachable under the same mode.
    exhaustive : bool, default False
        True when the options partition the respondents (single choice, every answer
        shown): the counts must then also add up to ``n``.

    Returns
    -------
    tuple of int
        The fitting bases, in increasing order (empty if none).

    Raises
    ------
    InvalidValueError
        Empty `values`, a bad value (see :func:`grim_percent`), ``n_min < 1``,
        ``n_max < n_min`` or ``n_max`` above 1,000,000.
    InvalidTypeError
        Non-integer bounds or a non-boolean `exhaustive`.

    Notes
    -----
    scrutiny's ``grim_map_total_n()`` [2]_ searches group sizes around a reported total
    the same way, one mean at a time; here all values share one base and one rounding.

    References
    ----------
    .. [1] N. J. L. Brown and J. A. J. Heathers, "The GRIM test", Social Psychological and
       Personality Science 8(4):363–369, 2017.
    .. [2] L. Jung, "scrutiny: Error Detection in Science", R package,
       ``grim_map_total_n()``.

    Examples
    --------
    The report's "59 % yes, 41 % no" of those still in OPTAM fits 69 respondents (and
    other bases):

    >>> from optamstats.audit import fitting_bases
    >>> fitting_bases(["59", "41"], n_max=30, exhaustive=True)
    (17, 22, 27, 29)
    >>> 69 in fitting_bases(["59", "41"], n_max=119, exhaustive=True)
    True
    """
    parsed = _parse_values(
        values, decimals, 1, "be a non-empty sequence of percentages such as ['59', '41']"
    )
    low = _check_whole(n_min, "n_min", 1)
    high = _check_whole(n_max, "n_max", low)
    if high > _N_MAX_LIMIT:
        raise InvalidValueError(
            f"`n_max` must be at most {_N_MAX_LIMIT:,}; got {n_max!r}. Narrow the search."
        )
    if not isinstance(exhaustive, bool):
        raise InvalidTypeError(f"`exhaustive` must be True or False; got {_show(exhaustive)}.")
    return _fitting_n(parsed, low, high, _check_modes(modes), exhaustive)
