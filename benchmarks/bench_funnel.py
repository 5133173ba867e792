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
    out.extend(_non_response_rows())
    out.extend(_size_rows())
    return out


def _funnel_work(counts: tuple[int, int, int, int]) -> None:
    """What the report computes for a funnel: BCa, percentile, the claim, scenarios."""
    from optamstats.resampling.intervals import _reread

    f = optamstats.exit_funnel(*counts[:3], no_answer=counts[3], rng=2025)
    _reread(f.combined, method="percentile", confidence=0.95, alternative="two-sided")
    f.above(0.70)
    f.scenarios()


def _size_rows() -> list[Row]:
    """Issue 21: the funnel's cost with non-response against without, n = 60 … 2,000."""
    out: list[Row] = []
    for n in (60, 119, 250, 385, 1_000, 2_000):
        left = round(0.42 * n)
        missing = round(0.08 * (n - left))
        plan = round(0.6 * (n - left - missing))
        stay = n - left - missing - plan
        with_nr = (left, plan, stay, missing)
        without = (left, plan, stay + missing, 0)
        ours = best_time(lambda c=with_nr: _funnel_work(c), repeat=3)
        peer = best_time(lambda c=without: _funnel_work(c), repeat=3)
        engine = optamstats.exit_funnel(*with_nr[:3], no_answer=missing, rng=2025).combined
        out.append(
            Row(f"funnel work with 8 % non-response, n = {n:,}", ours,
                "the same funnel with full response", peer, None,
                f"{engine.engine}, {engine.n_resamples:,} outcomes/resamples; "
                f"ratio {ours / peer:.1f}× the full-response time")
        )  # fmt: skip
    out.extend(_report_rows())
    return out


def _export(n_copies: int, blank_share: float) -> tuple[str, str]:
    """The synthetic 2025 export repeated `n_copies` times (a day apart), with a share of
    the plan answers of members who had not left blanked (item non-response)."""
    import csv
    import io
    from datetime import datetime, timedelta

    from optamstats.datasets import optam_2025_synthetic_export

    export = optam_2025_synthetic_export()
    rows = list(csv.reader(io.StringIO(export.csv)))
    header, body = rows[0], rows[1:]
    left_col, plan_col = 6, 7
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    rng = np.random.default_rng(0)
    for copy in range(n_copies):
        for row in body:
            new = list(row)
            when = datetime.strptime(row[0], "%d/%m/%Y %H:%M:%S") + timedelta(days=copy)
            new[0] = when.strftime("%d/%m/%Y %H:%M:%S")
            if new[left_col] == "Non" and new[plan_col] and rng.random() < blank_share:
                new[plan_col] = ""
            writer.writerow(new)
    return out.getvalue(), export.spec_text


def _report_rows() -> list[Row]:
    """The whole report (JSON) on an export with and without non-response.

    Whole processes, imports included, as a user runs it (best of 3 each).
    """
    import subprocess
    import sys
    import tempfile
    import time
    from pathlib import Path

    def whole_process(args: list[str]) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", "import sys; from optamstats.cli import main; "
                 "sys.exit(main(sys.argv[1:]))", *args],
                check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            best = min(best, time.perf_counter() - start)
        return best

    out: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (1, 4, 17):
            timings = []
            for share in (0.08, 0.0):
                csv_text, spec = _export(copies, share)
                data, spec_path = Path(tmp, f"e{copies}_{share}.csv"), Path(tmp, "s.toml")
                data.write_text(csv_text, encoding="utf-8")
                spec_path.write_text(spec, encoding="utf-8")
                timings.append(
                    whole_process(["report", "--responses", str(data), "--spec",
                                   str(spec_path), "--format", "json"])
                )  # fmt: skip
            out.append(
                Row(f"optamstats report (JSON, whole process), {copies * 119:,} members, "
                    "8 % of plan answers blank", timings[0], "the same report, no blank",
                    timings[1], 1 / 1.5, "target: ≤ 1.5× the time without non-response")
            )  # fmt: skip
    return out


def _funnel_statistic(codes: np.ndarray, axis: int = -1) -> np.ndarray:
    """The combined rate from respondent codes 0 left, 1 plan, 2 stay, 3 no answer."""
    n = codes.shape[axis]
    left = (codes == 0).sum(axis=axis)
    plan = (codes == 1).sum(axis=axis)
    answered = plan + (codes == 2).sum(axis=axis)
    p_plan = np.where(answered > 0, plan / np.maximum(answered, 1), 0.5)
    return left / n + (1 - left / n) * p_plan


def _non_response_rows() -> list[Row]:
    """Issue 23 / 17: the funnel with non-response (4 categories) and above()."""
    from scipy import stats

    from optamstats.funnel.combined import _combined_statistic

    out: list[Row] = []
    for counts in ((50, 35, 24, 10), (132, 88, 73, 8)):
        n = sum(counts)
        codes = np.repeat(np.arange(4.0), counts)
        peer = best_time(
            lambda codes=codes: stats.bootstrap(
                (codes,), _funnel_statistic, method="BCa", n_resamples=100_000,
                vectorized=True, batch=5_000, rng=1,
            ),
            repeat=1,
        )  # fmt: skip
        ours = best_time(lambda c=counts: optamstats.exit_funnel(*c[:3], no_answer=c[3]), repeat=1)
        f = optamstats.exit_funnel(*counts[:3], no_answer=counts[3])
        memory = peak_memory(lambda c=counts: optamstats.exit_funnel(*c[:3], no_answer=c[3]))
        out.append(
            Row(f"exit_funnel with non-response (BCa, exact), n = {n}", ours,
                "scipy.stats.bootstrap BCa B = 10^5", peer, None,
                f"{f.combined.n_resamples:,} outcomes enumerated; "
                f"peak memory {memory:.0f} MiB")
        )  # fmt: skip
        stat = _combined_statistic(1.0, counts[1] / (counts[1] + counts[2]))
        former = best_time(
            lambda c=counts, s=stat: bootstrap_counts(c, s, alternative="greater"), repeat=1
        )
        above = best_time(lambda f=f: f.above(0.70), repeat=5)
        out.append(
            Row(f"ExitFunnel.above(0.70) with non-response, n = {n}", above,
                "a fresh one-sided bootstrap (the former above())", former, 10.0)
        )  # fmt: skip
    # Many categories: the Monte Carlo path costs O(B · c) binomial draws.
    counts5k = np.full(5_000, 2)
    values = np.repeat(np.arange(5_000), 2)

    def first_share(c: np.ndarray) -> np.ndarray:
        return c[..., 0] / c.sum(axis=-1)

    ours = best_time(
        lambda: bootstrap_counts(counts5k, first_share, method="percentile",
                                 n_resamples=10_000, rng=1),
        repeat=1,
    )  # fmt: skip
    peer = best_time(
        lambda: stats.bootstrap(
            (values,), lambda x, axis=-1: (x == 0).mean(axis=axis), method="percentile",
            n_resamples=10_000, vectorized=True, batch=500, rng=1,
        ),
        repeat=1,
    )  # fmt: skip
    out.append(
        Row("bootstrap_counts, 5,000 categories, n = 10,000, B = 10^4", ours,
            "scipy.stats.bootstrap percentile, same B", peer, None,
            "respondents drawn (c ≥ 64, n < 8c); see the bootstrap_counts Notes")
    )  # fmt: skip
    return out
