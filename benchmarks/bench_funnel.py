"""The bootstrap of the combined exit rate against scipy.stats.bootstrap, same data."""

from __future__ import annotations

import warnings

import numpy as np
from _timing import Row, best_time, peak_memory

import optamstats
from optamstats.resampling import bootstrap_counts


def combined3(c: np.ndarray) -> np.ndarray:
    """p_left + (1 - p_left) p_plan from (left, plan, stay) counts: 3 categories."""
    n = c.sum(axis=-1)
    rest = c[..., 1] + c[..., 2]
    p_plan = np.where(rest > 0, c[..., 1] / np.maximum(rest, 1), 0.0)
    return c[..., 0] / n + (1 - c[..., 0] / n) * p_plan


def rows() -> list[Row]:
    from scipy import stats

    out: list[Row] = []
    for n, counts, repeat in ((119, (50, 41, 28), 5), (10_000, (4200, 3420, 2380), 1)):
        data = np.repeat([1.0, 1.0, 0.0], counts)  # left, plan, stay: combined = mean

        def scipy_bca(data: np.ndarray = data) -> object:
            # `batch` bounds scipy's memory at n = 10,000 (10^9 draws otherwise).
            return stats.bootstrap(
                (data,), np.mean, method="BCa", n_resamples=100_000, vectorized=True,
                batch=None if data.size < 1000 else 2_000, rng=1,
            )  # fmt: skip

        def ours_mc(counts: tuple[int, ...] = counts) -> object:
            return bootstrap_counts(counts, combined3, n_resamples=100_000, rng=1)

        def ours_auto(counts: tuple[int, ...] = counts) -> object:
            return optamstats.exit_funnel(*counts)

        peer = best_time(scipy_bca, repeat=repeat)
        peer_mem = peak_memory(scipy_bca)
        mc = best_time(ours_mc, repeat=repeat)
        out.append(
            Row(f"BCa, B = 100,000 Monte Carlo, n = {n:,}", mc, "scipy.stats.bootstrap", peer,
                4.0 if n == 119 else 100.0,
                f"peak memory {peak_memory(ours_mc):.1f} MiB vs {peer_mem:.1f} MiB")
        )  # fmt: skip
        auto = best_time(ours_auto, repeat=repeat)
        out.append(
            Row(f"exit_funnel (BCa, exact B = ∞), n = {n:,}", auto,
                "scipy.stats.bootstrap B = 10^5", peer, None,
                f"peak memory {peak_memory(ours_auto):.1f} MiB")
        )  # fmt: skip
    # Issue 11: the exact engine on the 3-category statistic (no binomial shortcut).
    for n, counts in ((119, (50, 41, 28)), (2_000, (840, 684, 476))):
        data = np.repeat([1.0, 1.0, 0.0], counts)
        peer = best_time(
            lambda data=data: stats.bootstrap(
                (data,), np.mean, method="BCa", n_resamples=100_000, vectorized=True, rng=1,
                batch=None if data.size < 1000 else 5_000,
            ),
            repeat=3 if n < 1000 else 1,
        )  # fmt: skip
        for method in ("percentile", "bca"):
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                ours = best_time(
                    lambda c=counts, m=method: bootstrap_counts(c, combined3, method=m,
                                                                n_resamples="exact"),
                    repeat=3 if n < 1000 else 1,
                )  # fmt: skip
            outcomes = bootstrap_counts(counts, combined3, n_resamples="exact").n_resamples
            out.append(
                Row(f"exact {method}, 3 categories, n = {n:,}", ours,
                    "scipy.stats.bootstrap BCa B = 10^5", peer, 1.0,
                    f"{outcomes:,} outcomes enumerated")
            )  # fmt: skip
    return out
