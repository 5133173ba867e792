"""Raking against plain iterative proportional fitting, same data, same run.

The workload: 1,000,000 respondents raked on 3 margins (11 specialties × 5 age bands ×
2 sexes, as text columns), where age depends on the specialty and sex on the age in
the sample, so that IPF needs several cycles; the population margins are different
shares. Every method stops at the same rule: every category's weighted share within
1e-8 of its target.

Peers, R-free and doing the same work (coding the text columns included):

- a plain numpy IPF over the rows: ``pandas.factorize`` each column once, then each
  cycle, per margin, one ``numpy.bincount`` of the weights and one gather-multiply;
- the usual pandas loop: ``w *= target / w.groupby(column).transform("sum")``.

``optamstats.weighting.rake`` runs the same cycles on the cells of the cross-
classification (110 here) instead of the rows: every respondent of a cell gets the same
factor, so the result is the same. ``rows()`` raises if the weights differ by more
than 1e-7 (relative) or if the iteration counts differ.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _timing import Row, best_time

from optamstats.weighting import rake

SPECIALTIES = [f"Spécialité {i:02d}" for i in range(11)]
AGES = ["<40", "40-49", "50-59", "60-69", "70+"]
TOL = 1e-8
MAX_ITER = 1000


def make_sample(n: int, seed: int = 2025) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """Return a frame of `n` respondents with dependent columns, and population margins."""
    rng = np.random.default_rng(seed)
    spec = rng.choice(11, n, p=np.linspace(1.0, 3.0, 11) / np.linspace(1.0, 3.0, 11).sum())
    # Older respondents in the later specialties; more women among the young.
    age = rng.binomial(4, 0.1 + 0.05 * spec)
    sex = np.where(rng.random(n) < 0.75 - 0.1 * age, "F", "M")
    frame = pd.DataFrame(
        {
            "specialty": np.array(SPECIALTIES)[spec],
            "age": np.array(AGES)[age],
            "sex": sex,
        }
    )
    margins = {
        "specialty": dict(zip(SPECIALTIES, np.full(11, 1.0 / 11.0), strict=True)),
        "age": dict(zip(AGES, [0.15, 0.20, 0.25, 0.25, 0.15], strict=True)),
        "sex": {"F": 0.45, "M": 0.55},
    }
    return frame, margins


def numpy_ipf(frame: pd.DataFrame, margins: dict[str, dict[str, float]]) -> tuple[np.ndarray, int]:
    """Plain IPF over the rows with numpy, the same stopping rule as `rake`."""
    codes, targets = [], []
    for column, margin in margins.items():
        code, uniques = pd.factorize(frame[column])
        target = np.array([margin[u] for u in uniques])
        codes.append(code)
        targets.append(target / target.sum())
    w = np.ones(len(frame))
    for iteration in range(1, MAX_ITER + 1):
        for code, target in zip(codes, targets, strict=True):
            totals = np.bincount(code, weights=w, minlength=target.size)
            w *= (target * w.sum() / totals)[code]
        total = w.sum()
        error = max(
            np.abs(np.bincount(code, weights=w, minlength=target.size) / total - target).max()
            for code, target in zip(codes, targets, strict=True)
        )
        if error <= TOL:
            return w, iteration
    raise AssertionError("numpy IPF did not converge")


def pandas_ipf(frame: pd.DataFrame, margins: dict[str, dict[str, float]]) -> tuple[pd.Series, int]:
    """The groupby-transform loop found in tutorials, the same stopping rule."""
    n = len(frame)
    w = pd.Series(1.0, index=frame.index)
    targets = {c: frame[c].map(m) for c, m in margins.items()}
    for iteration in range(1, MAX_ITER + 1):
        for column, share in targets.items():
            w *= share * n / w.groupby(frame[column]).transform("sum")
        total = w.sum()
        error = max(
            (w.groupby(frame[c]).sum() / total - pd.Series(m)).abs().max()
            for c, m in margins.items()
        )
        if error <= TOL:
            return w, iteration
    raise AssertionError("pandas IPF did not converge")


def rows() -> list[Row]:
    out = []
    for n, repeat in ((1_000_000, 3), (10_000, 20)):
        frame, margins = make_sample(n)
        ours = rake(frame, margins, tol=TOL, max_iter=MAX_ITER)
        report = ours.attrs["rake"]
        w_np, it_np = numpy_ipf(frame, margins)
        if it_np != report.iterations or not np.allclose(ours.to_numpy(), w_np, rtol=1e-7):
            raise AssertionError("rake and the numpy IPF disagree on the benchmark")
        t_ours = best_time(lambda f=frame, m=margins: rake(f, m, tol=TOL), repeat=repeat)
        t_np = best_time(lambda f=frame, m=margins: numpy_ipf(f, m), repeat=repeat)
        size = "10^6" if n == 1_000_000 else "10^4"
        task = f"rake {size} respondents, 3 margins (11 × 5 × 2), tol 1e-8"
        note = (
            f"{report.iterations} cycles each; ours on {report.cells} cells, the peer on "
            f"{n:,} rows; weights equal to 1e-7"
        )
        out.append(Row(task, t_ours, "numpy IPF over rows", t_np, None, note))
        if n == 1_000_000:
            w_pd, it_pd = pandas_ipf(frame, margins)
            if it_pd != report.iterations or not np.allclose(
                ours.to_numpy(), w_pd.to_numpy(), rtol=1e-7
            ):
                raise AssertionError("rake and the pandas IPF disagree on the benchmark")
            t_pd = best_time(lambda f=frame, m=margins: pandas_ipf(f, m), repeat=1)
            out.append(Row(task, t_ours, "pandas groupby-transform IPF", t_pd, None, note))
    # The same million with categorical columns (read_csv(dtype="category"), or
    # .astype("category")): coding the text is then free, and the cycles are all that
    # is left to compare.
    frame, margins = make_sample(1_000_000)
    frame = frame.astype("category")
    ours = rake(frame, margins, tol=TOL, max_iter=MAX_ITER)
    w_np, it_np = numpy_ipf(frame, margins)
    if it_np != ours.attrs["rake"].iterations or not np.allclose(ours.to_numpy(), w_np, rtol=1e-7):
        raise AssertionError("rake and the numpy IPF disagree on the categorical benchmark")
    t_ours = best_time(lambda: rake(frame, margins, tol=TOL), repeat=5)
    t_np = best_time(lambda: numpy_ipf(frame, margins), repeat=3)
    out.append(
        Row(
            "same 10^6, categorical columns",
            t_ours,
            "numpy IPF over rows",
            t_np,
            None,
            f"{it_np} cycles each; text coding no longer dominates",
        )
    )
    return out


if __name__ == "__main__":
    from _timing import table

    print(table(rows()))
