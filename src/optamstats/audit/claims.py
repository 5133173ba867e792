"""A claim such as "more than 70 %" against a one-sided interval and an exact test.

The interval is :func:`optamstats.proportions.proportion`'s, one-sided; the test is the
exact binomial test. A claim about the population needs both; a claim about the
respondents only is a plain, exact comparison.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Final

from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    as_float,
    check_choice,
    check_counts,
)
from optamstats.audit.values import _show

if TYPE_CHECKING:
    from optamstats.proportions import ProportionCI

RELATIONS: Final = ("greater", "less")
SCOPES: Final = ("population", "respondents")


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """A claim such as "more than 70 %" against a one-sided interval and an exact test.

    Attributes
    ----------
    k, n : int
        The count and base the claim rests on.
    threshold : float
        The proportion claimed to be exceeded (``"greater"``) or not reached (``"less"``).
    relation : str
        ``"greater"`` or ``"less"``.
    scope : str
        ``"population"`` (a statement about everyone the respondents stand for: needs the
        interval) or ``"respondents"`` (a description of the sample: exact comparison).
    interval : ProportionCI
        The one-sided interval (``alternative=relation``) at `confidence`.
    p_value : float
        Exact one-sided binomial p-value of ``H0: p ≤ threshold`` (``"greater"``) or
        ``p ≥ threshold`` (``"less"``), from ``scipy.stats.binomtest``.

    References
    ----------
    .. [1] C. J. Clopper and E. S. Pearson, "The use of confidence or fiducial limits
       illustrated in the case of the binomial", Biometrika 26:404–413, 1934.
    .. [2] E. B. Wilson, "Probable inference, the law of succession, and statistical
       inference", J. Am. Stat. Assoc. 22:209–212, 1927.

    Examples
    --------
    >>> from optamstats.audit import check_claim
    >>> c = check_claim(91, 119, 0.70)
    >>> round(c.bound, 3), round(c.p_value, 4), c.verdict
    (0.695, 0.0726, 'not-established')
    """

    k: int
    n: int
    threshold: float
    relation: str
    scope: str
    interval: ProportionCI[float]
    p_value: float

    @property
    def estimate(self) -> float:
        """``k / n``."""
        return self.k / self.n

    @property
    def confidence(self) -> float:
        """Confidence level of the one-sided interval."""
        return self.interval.confidence

    @property
    def bound(self) -> float:
        """The one-sided bound: lower for ``"greater"``, upper for ``"less"``."""
        return self.interval.low if self.relation == "greater" else self.interval.high

    def _beyond(self, value: Fraction) -> bool:
        threshold = Fraction(repr(self.threshold))
        return value > threshold if self.relation == "greater" else value < threshold

    @property
    def holds_for_respondents(self) -> bool:
        """True when ``k/n`` itself is beyond the threshold (exact comparison)."""
        return self._beyond(Fraction(self.k, self.n))

    @property
    def verdict(self) -> str:
        """The claim's verdict.

        For ``scope="respondents"``: ``"consistent"`` when ``k/n`` is beyond the threshold,
        else ``"inconsistent"``. For ``scope="population"``: ``"established"`` when both the
        one-sided bound is beyond the threshold and the exact p-value is below
        ``1 − confidence``; ``"contradicted"`` when ``k/n`` itself is not beyond it; else
        ``"not-established"``.
        """
        if self.scope == "respondents":
            return "consistent" if self.holds_for_respondents else "inconsistent"
        if not self.holds_for_respondents:
            return "contradicted"
        alpha = 1.0 - self.confidence
        bound_beyond = self._beyond(Fraction(self.bound))
        return "established" if bound_beyond and self.p_value < alpha else "not-established"


def check_claim(
    k: int,
    n: int,
    threshold: float,
    *,
    relation: str = "greater",
    scope: str = "population",
    confidence: float = 0.95,
    method: str = "wilson",
) -> ClaimCheck:
    """Check a claim such as "more than 70 %" against the count it rests on.

    Parameters
    ----------
    k, n : int
        Respondents the claim counts, and the base.
    threshold : float
        The proportion in the claim, in (0, 1): 0.70 for "more than 70 %".
    relation : {"greater", "less"}
        "more than" / "at least" (``"greater"``) or "less than" / "at most" (``"less"``).
    scope : {"population", "respondents"}
        Whether the claim speaks of everyone the respondents stand for (tested with the
        interval) or only of the respondents (a plain comparison).
    confidence : float, default 0.95
        Level of the one-sided interval; the test is at level ``1 − confidence``.
    method : str, default "wilson"
        Interval method of :func:`optamstats.proportions.proportion`.

    Returns
    -------
    ClaimCheck

    Raises
    ------
    InvalidValueError
        ``k > n``, ``n = 0``, a threshold outside (0, 1), an unknown relation, scope or
        method, a confidence outside (0, 1).
    InvalidTypeError
        Non-integer counts or a non-numeric threshold.

    Notes
    -----
    The p-value is the exact binomial test of ``scipy.stats.binomtest``, the R call
    ``binom.test(k, n, p = threshold, alternative = "greater")``. A claim "established"
    here is established about the population the sample represents; a self-selected
    sample adds selection error that no interval measures.

    References
    ----------
    .. [1] C. J. Clopper and E. S. Pearson, "The use of confidence or fiducial limits
       illustrated in the case of the binomial", Biometrika 26:404–413, 1934.
    .. [2] E. B. Wilson, "Probable inference, the law of succession, and statistical
       inference", J. Am. Stat. Assoc. 22:209–212, 1927.

    Examples
    --------
    "More than 70 % would leave" rests on 91 of 119 members:

    >>> from optamstats.audit import check_claim
    >>> c = check_claim(91, 119, 0.70)
    >>> c.verdict, round(c.bound, 4)
    ('not-established', 0.6953)
    >>> check_claim(91, 119, 0.69).verdict
    'established'
    """
    from optamstats.proportions import proportion

    rel = check_choice("relation", relation, RELATIONS)
    where = check_choice("scope", scope, SCOPES)
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real):
        raise InvalidTypeError(
            f"`threshold` must be a proportion in (0, 1) such as 0.70; got {_show(threshold)}."
        )
    level = as_float(threshold)  # 10**400 is +inf, refused below
    if not 0.0 < level < 1.0:  # also rejects NaN
        hint = " Write 0.70 for 70 %, not 70." if 1.0 <= level <= 100.0 else ""
        raise InvalidValueError(
            f"`threshold` must be a proportion in the open interval (0, 1); got "
            f"{_show(threshold)}.{hint}"
        )
    if not isinstance(check_counts(k, n)[0], int):
        raise InvalidTypeError(
            f"`k` and `n` must be single counts (one claim at a time); got {_show(k)} and "
            f"{_show(n)}."
        )
    interval = proportion(k, n, confidence=confidence, method=method, alternative=rel)
    from optamstats.proportions import binomial_p_value

    p_value = binomial_p_value(int(interval.k), int(interval.n), level, rel)
    return ClaimCheck(int(interval.k), int(interval.n), level, rel, where, interval, p_value)


def _supported_threshold(c: ClaimCheck, method: str) -> int | None:
    """Return the whole percentage nearest the claim that the data do establish, if any."""
    if c.relation == "greater":
        candidates = range(math.ceil(c.bound * 100) - 1, 0, -1)
    else:
        candidates = range(math.floor(c.bound * 100) + 1, 100)
    for t in candidates:
        trial = check_claim(
            c.k, c.n, t / 100, relation=c.relation, confidence=c.confidence, method=method
        )
        if trial.verdict == "established":
            return t
        if abs(t / 100 - c.bound) > 0.2:  # far from the bound, give up: keep it cheap
            break
    return None
