"""A coded theme against its sub-themes: ``max(sub) ≤ theme ≤ sum(sub)``.

Open answers coded into themes and sub-themes, each counted per respondent: the theme
counts at least its largest sub-theme and, when every mention carries a sub-code, at
most their sum (Boole's inequality).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from optamstats._checks import InvalidTypeError, InvalidValueError
from optamstats.audit.values import _check_whole, _show


@dataclass(frozen=True, slots=True)
class ThemeCheck:
    """A coded theme against its sub-themes, all counted per respondent.

    Attributes
    ----------
    theme : int
        Respondents coded with the theme.
    subthemes : tuple of int
        Respondents coded with each sub-theme.
    every_mention_coded : bool
        Whether every theme mention also carries a sub-code; only then is the sum of the
        sub-themes an upper bound.
    n : int or None
        The base of the question, if known (a theme cannot exceed it).

    References
    ----------
    .. [1] W. Feller, An Introduction to Probability Theory and Its Applications, vol. 1,
       3rd ed., Wiley, 1968, ch. IV (realization of several events: the size of a union
       lies between its largest set and the sum of the sets, Boole's inequality).

    Examples
    --------
    >>> from optamstats.audit import check_theme
    >>> r = check_theme(89, [42, 19, 11, 7, 5, 3])
    >>> r.upper, r.violation, r.uncoded
    (87, 'upper', 2)
    """

    theme: int
    subthemes: tuple[int, ...]
    every_mention_coded: bool = True
    n: int | None = None

    @property
    def lower(self) -> int:
        """The largest sub-theme: everyone in it is in the theme."""
        return max(self.subthemes)

    @property
    def upper(self) -> int | None:
        """The sum of the sub-themes (None when mentions may lack a sub-code)."""
        return sum(self.subthemes) if self.every_mention_coded else None

    @property
    def violation(self) -> str | None:
        """``"lower"`` (theme < largest sub-theme), ``"upper"`` (theme > sum) or None."""
        if self.theme < self.lower:
            return "lower"
        upper = self.upper
        if upper is not None and self.theme > upper:
            return "upper"
        return None

    @property
    def uncoded(self) -> int:
        """At least this many theme mentions have no sub-code (0 unless ``"upper"``)."""
        upper = self.upper
        return max(0, self.theme - upper) if upper is not None else 0

    @property
    def missing(self) -> int:
        """At least this many sub-theme respondents are missing from the theme count."""
        return max(0, self.lower - self.theme)

    @property
    def exceeds_base(self) -> bool:
        """True when the theme counts more respondents than its base."""
        return self.n is not None and self.theme > self.n

    @property
    def verdict(self) -> str:
        """``"consistent"`` or ``"inconsistent"``."""
        bad = self.violation is not None or self.exceeds_base
        return "inconsistent" if bad else "consistent"


def check_theme(
    theme: int,
    subthemes: Sequence[int],
    *,
    every_mention_coded: bool = True,
    n: int | None = None,
) -> ThemeCheck:
    """Check ``max(sub) ≤ theme ≤ sum(sub)`` for a coded theme and its sub-themes.

    Parameters
    ----------
    theme : int
        Respondents coded with the theme.
    subthemes : sequence of int
        Respondents coded with each of its sub-themes (at least one).
    every_mention_coded : bool, default True
        Whether each theme mention carries a sub-code. If not, only the lower bound holds.
    n : int, optional
        The base of the question (respondents who answered).

    Returns
    -------
    ThemeCheck

    Raises
    ------
    InvalidValueError
        Negative counts, an empty list of sub-themes, ``n < 1``.
    InvalidTypeError
        Non-integer counts.

    Notes
    -----
    A respondent coded with a sub-theme is coded with its theme, so the theme counts at
    least the largest sub-theme. If every theme mention carries at least one sub-code,
    each of the theme's respondents appears in at least one sub-theme, so the theme counts
    at most their sum (the theme's respondents are the union of the sub-themes'
    respondents: Boole's inequality [1]_); equality means nobody named two sub-themes of
    the theme.

    References
    ----------
    .. [1] W. Feller, An Introduction to Probability Theory and Its Applications, vol. 1,
       3rd ed., Wiley, 1968, ch. IV (realization of several events: the size of a union
       lies between its largest set and the sum of the sets, Boole's inequality).

    Examples
    --------
    The report's second theme is exactly the sum of its sub-themes:

    >>> from optamstats.audit import check_theme
    >>> check_theme(62, [24, 17, 12, 6, 3]).verdict
    'consistent'
    >>> check_theme(10, [12, 3]).violation
    'lower'
    """
    count = _check_whole(theme, "theme", 0)
    if isinstance(subthemes, str) or not isinstance(subthemes, Sequence) or not subthemes:
        raise InvalidValueError(
            f"`subthemes` must be a non-empty sequence of counts such as [42, 19]; got "
            f"{_show(subthemes)}."
        )
    subs = tuple(_check_whole(c, f"subthemes[{i}]", 0) for i, c in enumerate(subthemes))
    if not isinstance(every_mention_coded, bool):
        raise InvalidTypeError(
            f"`every_mention_coded` must be True or False; got {_show(every_mention_coded)}."
        )
    base = None if n is None else _check_whole(n, "n", 1)
    return ThemeCheck(count, subs, every_mention_coded, base)
