"""The stages of the exit funnel: the members counted at each, and the delta-method interval.

Part of :mod:`optamstats.funnel`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["DeltaCI", "FunnelCounts"]

MAR_ASSUMPTION: Final = (
    "members who skipped the plan question are missing at random within their stage: "
    "they plan to leave at the same rate as those who answered"
)


@dataclass(frozen=True, slots=True)
class FunnelCounts:
    """Members at each stage of the funnel.

    Attributes
    ----------
    left, plan, stay, no_answer : int
        Members who have left; who have not and plan to leave; who plan to stay; who
        have not left and skipped the plan question.
    unanswered_left : int
        Rows outside the base because the "have you left?" answer was blank (only
        for respondent-level input).

    Examples
    --------
    >>> from optamstats import exit_funnel
    >>> counts = exit_funnel(50, 41, 28).counts
    >>> counts
    FunnelCounts(left=50, plan=41, stay=28, no_answer=0, unanswered_left=0)
    >>> counts.n
    119
    """

    left: int
    plan: int
    stay: int
    no_answer: int = 0
    unanswered_left: int = 0

    @property
    def n(self) -> int:
        """Members in the base: ``left + plan + stay + no_answer``."""
        return self.left + self.plan + self.stay + self.no_answer


@dataclass(frozen=True, slots=True)
class DeltaCI:
    """A normal-approximation interval from the delta method.

    Attributes
    ----------
    estimate, low, high, se : float
        Point estimate, bounds (clipped to [0, 1]) and standard error.
    confidence : float
        Confidence level.
    method : str
        ``"delta"``.

    Examples
    --------
    >>> from optamstats import exit_funnel
    >>> delta = exit_funnel(50, 41, 28).delta
    >>> round(delta.se, 4), round(delta.low, 3), round(delta.high, 3)
    (0.0389, 0.688, 0.841)
    """

    estimate: float
    low: float
    high: float
    se: float
    confidence: float
    method: str = "delta"
