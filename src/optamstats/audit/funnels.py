"""Arithmetic of a staged funnel from its rounded percentages and bases.

"42 % left, 59 % of the rest plan to leave": each stage a percentage of those the
previous stages left. Which links between the stages the bases make complete, and
which shares of everyone (a stage's or the combined one) the rounded percentages and
the counts allow, exactly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

from optamstats._checks import InvalidTypeError, InvalidValueError
from optamstats.audit.values import (
    DEFAULT_MODES,
    _check_modes,
    _check_whole,
    _counts_any_mode,
    _parse_values,
    _show,
    _Value,
)

_TARGET_RE: Final = re.compile(r"^stage\s+(\d+)$")


@dataclass(frozen=True, slots=True)
class FunnelCheck:
    """Arithmetic of a staged funnel: each stage a percentage of those left by the previous.

    Attributes
    ----------
    values : tuple of str
        The reported stage percentages (stage 1 of everyone, stage 2 of those not in
        stage 1, ...).
    n : tuple of int or None
        The base of each stage, when published.
    modes : tuple of str
        Rounding modes tried.
    bounds : tuple of (Fraction, Fraction)
        For each stage, the range of proportions its rounded value stands for (the hull
        over the modes).
    links : tuple of str
        For each stage after the first: ``"complete"`` (its base is exactly those the
        previous stage left, for a count that fits), ``"partial"`` (smaller: non-response),
        ``"inconsistent"`` (larger than any count allows) or ``"unknown"`` (a base missing).
    stage_counts : tuple of tuple of int, or None
        When every link is complete: the count of each stage (forced by the bases) and the
        counts that fit the last stage.

    References
    ----------
    .. [1] N. J. L. Brown and J. A. J. Heathers, "The GRIM test", Social Psychological and
       Personality Science 8(4):363–369, 2017 (the counts behind each percentage).

    Examples
    --------
    >>> from optamstats.audit import check_funnel
    >>> f = check_funnel(["42", "59"], [119, 69])
    >>> f.links, f.stage_counts
    (('complete',), ((50,), (41,)))
    >>> [str(s) for s in f.exact_shares()]
    ['13/17']
    """

    values: tuple[str, ...]
    n: tuple[int | None, ...]
    modes: tuple[str, ...]
    bounds: tuple[tuple[Fraction, Fraction], ...]
    links: tuple[str, ...]
    stage_counts: tuple[tuple[int, ...], ...] | None

    def _stage(self, stage: int | None) -> int | None:
        if stage is None:
            return None
        if isinstance(stage, bool) or not isinstance(stage, int):
            raise InvalidTypeError(f"`stage` must be a stage number or None; got {stage!r}.")
        if not 1 <= stage <= len(self.values):
            raise InvalidValueError(
                f"`stage` must be from 1 to {len(self.values)} (or None for the combined "
                f"share); got {stage!r}."
            )
        return stage

    def share(self, stage: int | None = None) -> tuple[Fraction, Fraction]:
        """Return the range of a stage's share of the first base (combined when None).

        Interval arithmetic on the rounded percentages: the combined share
        ``1 − Π(1 − pᵢ)`` grows with every ``pᵢ``; stage ``j``'s share of everyone,
        ``pⱼ·Π_{i<j}(1 − pᵢ)``, grows with ``pⱼ`` and falls with the earlier ones.

        Parameters
        ----------
        stage : int, optional
            The stage, from 1; None for the combined share.

        Returns
        -------
        tuple of Fraction
            The lowest and highest share the rounded percentages allow, exactly.

        Raises
        ------
        InvalidTypeError, InvalidValueError
            A `stage` that is not a stage number of the funnel.
        """
        chosen = self._stage(stage)
        los = [lo for lo, _ in self.bounds]
        his = [hi for _, hi in self.bounds]
        if chosen is None:
            keep_lo = math.prod((1 - p for p in los), start=Fraction(1))
            keep_hi = math.prod((1 - p for p in his), start=Fraction(1))
            return 1 - keep_lo, 1 - keep_hi
        j = chosen - 1
        low = los[j] * math.prod((1 - p for p in his[:j]), start=Fraction(1))
        high = his[j] * math.prod((1 - p for p in los[:j]), start=Fraction(1))
        return low, high

    def exact_shares(self, stage: int | None = None) -> tuple[Fraction, ...]:
        """Return every share of the first base the published counts allow.

        Parameters
        ----------
        stage : int, optional
            The stage, from 1; None for the combined share.

        Returns
        -------
        tuple of Fraction
            The possible shares, exactly and in increasing order; empty when the
            counts are not known (not every link between the stages is complete).

        Raises
        ------
        InvalidTypeError, InvalidValueError
            A `stage` that is not a stage number of the funnel.
        """
        chosen = self._stage(stage)
        if self.stage_counts is None:
            return ()
        first = self.n[0]
        assert first is not None
        if chosen is not None:
            return tuple(sorted({Fraction(k, first) for k in self.stage_counts[chosen - 1]}))
        forced = sum(ks[0] for ks in self.stage_counts[:-1])
        return tuple(sorted({Fraction(forced + k, first) for k in self.stage_counts[-1]}))


def check_funnel(
    values: Sequence[str | int | float],
    n: Sequence[int | None] | None = None,
    *,
    decimals: int | None = None,
    modes: str | Sequence[str] = DEFAULT_MODES,
) -> FunnelCheck:
    """Check the arithmetic of a staged funnel from its reported percentages and bases.

    Parameters
    ----------
    values : sequence of str, int or float
        Stage percentages: stage 1 of the first base, each later stage of those the
        previous stages left (``["42", "59"]``: 42 % left, 59 % of the rest plan to).
    n : sequence of int or None, optional
        The published base of each stage (None where unknown).
    decimals : int, optional
        Decimals of non-string values.
    modes : str or sequence of str
        Rounding modes tried.

    Returns
    -------
    FunnelCheck

    Raises
    ------
    InvalidValueError
        Fewer than two stages, `n` of another length, bad values or bases.

    Notes
    -----
    This checks published arithmetic only. For inference on an exit funnel (intervals of
    the combined rate), use :mod:`optamstats.funnel`.

    References
    ----------
    .. [1] N. J. L. Brown and J. A. J. Heathers, "The GRIM test", Social Psychological and
       Personality Science 8(4):363–369, 2017.

    Examples
    --------
    From the rounded percentages alone, "42 % left, 59 % of the rest plan to" means a
    combined share between 75.7 % and 76.7 % if they were rounded half-up:

    >>> from optamstats.audit import check_funnel
    >>> low, high = check_funnel(["42", "59"], modes="half-up").share()
    >>> round(float(low), 4), round(float(high), 4)
    (0.7572, 0.7671)
    """
    parsed = _parse_values(
        values, decimals, 2, "list at least two stage percentages such as ['42', '59']"
    )
    mode_tuple = _check_modes(modes)
    if n is None:
        bases: tuple[int | None, ...] = (None,) * len(parsed)
    else:
        if isinstance(n, str) or not isinstance(n, Sequence) or len(n) != len(parsed):
            raise InvalidValueError(
                f"`n` must give one base (or None) per stage, {len(parsed)} in all; got {_show(n)}."
            )
        bases = tuple(None if b is None else _check_whole(b, f"n[{i}]", 1) for i, b in enumerate(n))
    return _funnel(parsed, bases, mode_tuple)


def _hull(value: _Value, modes: tuple[str, ...]) -> tuple[Fraction, Fraction]:
    brackets = [value.bracket(m) for m in modes]
    low = max(Fraction(0), min(b.lo for b in brackets))
    high = min(Fraction(1), max(b.hi for b in brackets))
    return low, high


def _funnel(
    values: Sequence[_Value], bases: tuple[int | None, ...], modes: tuple[str, ...]
) -> FunnelCheck:
    links: list[str] = []
    forced: list[int] = []
    for i in range(len(values) - 1):
        here, after = bases[i], bases[i + 1]
        if here is None or after is None:
            links.append("unknown")
            continue
        fits = _counts_any_mode(values[i], here, modes)
        remaining = {here - k for k in fits}
        if after in remaining:
            links.append("complete")
            forced.append(here - after)
        elif remaining and after < max(remaining):
            links.append("partial")
        else:
            links.append("inconsistent")
    stage_counts: tuple[tuple[int, ...], ...] | None = None
    last = bases[-1]
    if all(link == "complete" for link in links) and last is not None:
        tail = _counts_any_mode(values[-1], last, modes)
        stage_counts = (*((k,) for k in forced), tail)
    return FunnelCheck(
        tuple(v.text for v in values),
        bases,
        modes,
        tuple(_hull(v, modes) for v in values),
        tuple(links),
        stage_counts,
    )


def _statement_stage(target: str, stages: int, where: str) -> int | None:
    if target == "combined":
        return None
    match = _TARGET_RE.match(target)
    if match is None or not 1 <= int(match.group(1)) <= stages:
        raise InvalidValueError(
            f"`{where}.target` must be 'combined' or 'stage N' with N from 1 to {stages}; got "
            f"{target!r}."
        )
    return int(match.group(1))
