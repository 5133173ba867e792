"""The combined exit rate's bootstrap: its statistic and the "auto" engine.

Exact enumeration of the stage counts up to ``FUNNEL_EXACT_MAX`` outcomes, Monte Carlo
beyond, with as many resamples as the limits' standard error needs. Part of
:mod:`optamstats.funnel`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np

from optamstats.funnel.stages import FunnelCounts
from optamstats.resampling.engine import _bootstrap_family
from optamstats.resampling.exact import n_compositions
from optamstats.resampling.results import AUTO_MONTE_CARLO, BootstrapCI, NResamples

__all__ = []


def _combined_statistic(r: float, p_plan_hat: float) -> Any:
    def statistic(c: Any) -> Any:
        # Columns: left, plan, stay, no_answer. A resample in which no remaining member
        # answered the plan question uses the observed p_plan (MAR plug-in): such
        # resamples have probability (share of skippers)^(n − left), negligible unless
        # nearly everyone skipped.
        n = c.sum(axis=-1)
        answered = c[..., 1] + c[..., 2]
        p_plan = np.where(answered > 0, c[..., 1] / np.maximum(answered, 1), p_plan_hat)
        p_left = c[..., 0] / n
        return p_left + (1.0 - p_left) * p_plan * r

    return statistic


#: ``n_resamples="auto"`` enumerates a staged funnel exactly up to this many outcomes:
#: C(n + 3, 3) with non-response, 295,240 at n = 119 (about 0.15 s); beyond it, where
#: the enumeration grows as n³ (10 s at n = 385), Monte Carlo draws are as accurate as
#: a published figure needs and cost the same at any n.
FUNNEL_EXACT_MAX: Final = 300_000
#: Monte Carlo standard error the "auto" engine keeps each limit under (0.05 point):
#: resamples are multiplied by 4 (up to 1.6 million) until it is reached.
FUNNEL_MC_SE: Final = 0.0005
_MC_GROWTH: Final = 4
_MC_MAX: Final = 1_600_000


def _funnel_counts(c: FunnelCounts, r: float) -> tuple[list[int], Any]:
    """Return the category counts and the statistic that combined(r) resamples."""
    if c.no_answer == 0 and r == 1.0:
        # Full response: combined = (left + plan) / n, a binomial proportion. Two
        # categories make the exact engine enumerate the binomial law directly.
        def statistic(x: Any) -> Any:
            return x[..., 0] / x.sum(axis=-1)

        return [c.left + c.plan, c.stay], statistic
    answered = c.plan + c.stay
    p_plan_hat = c.plan / answered if answered else 0.0
    return [c.left, c.plan, c.stay, c.no_answer], _combined_statistic(r, p_plan_hat)


def _bootstrap_combined_many(
    c: FunnelCounts,
    shares: Sequence[float],
    confidence: float,
    method: str,
    n_resamples: NResamples,
    ties: str,
    seed: int | None,
) -> list[BootstrapCI]:
    """Bootstrap combined(r) for each realisation share r, resampling the members once.

    Shares with the same category counts share their outcomes (exact engine) or their
    draws (Monte Carlo, same seed), so each result equals a run on its own.
    """
    groups: dict[tuple[int, ...], list[tuple[int, Any]]] = {}
    for i, r in enumerate(shares):
        category_counts, statistic = _funnel_counts(c, r)
        groups.setdefault(tuple(category_counts), []).append((i, statistic))
    out: list[BootstrapCI | None] = [None] * len(shares)
    for counts, members in groups.items():
        how: NResamples = n_resamples
        if n_resamples == "auto":
            present = sum(1 for k in counts if k)
            exact = n_compositions(sum(counts), present) <= FUNNEL_EXACT_MAX
            how = "exact" if exact else AUTO_MONTE_CARLO
        while True:
            results = _bootstrap_family(
                list(counts), [s for _, s in members], confidence=confidence, method=method,
                n_resamples=how, ties=ties, alternative="two-sided", rng=seed,
            )  # fmt: skip
            worst = max(max(r.mc_se_low, r.mc_se_high) for r in results)
            if n_resamples != "auto" or how == "exact" or worst < FUNNEL_MC_SE:
                break
            if int(how) * _MC_GROWTH > _MC_MAX:
                break
            how = int(how) * _MC_GROWTH
        for (i, _), result in zip(members, results, strict=True):
            out[i] = result
    return [r for r in out if r is not None]
