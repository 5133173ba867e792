"""Proportion intervals against statsmodels and scipy, same inputs, same run."""

from __future__ import annotations

import numpy as np
from _timing import Row, best_time, import_time

import optamstats


def rows() -> list[Row]:
    from scipy.stats import binomtest
    from statsmodels.stats.proportion import proportion_confint

    rng = np.random.default_rng(2025)
    out: list[Row] = []
    size = 1_000_000
    # Two workloads: survey-sized bases (n ≤ 200, as in breakdown tables, where (k, n)
    # pairs repeat) and wide bases (n ≤ 100,000, nearly every pair distinct).
    workloads = {"n ≤ 200": 200, "n ≤ 100,000": 100_000}
    for label, n_max in workloads.items():
        n = rng.integers(1, n_max + 1, size)
        k = rng.integers(0, n + 1)
        for method, sm_name, target in [
            ("wilson", "wilson", 1.0),
            ("clopper-pearson", "beta", 3.0),
        ]:
            ours = best_time(
                lambda m=method, k=k, n=n: optamstats.proportion(k, n, method=m), repeat=3
            )
            peer = best_time(
                lambda m=sm_name, k=k, n=n: proportion_confint(k, n, method=m), repeat=3
            )
            out.append(
                Row(f"{method}, 10^6 pairs, {label}", ours, "statsmodels proportion_confint",
                    peer, target)
            )  # fmt: skip
    ours = best_time(lambda: optamstats.proportion(50, 119), number=2000)
    sm = best_time(lambda: proportion_confint(50, 119, method="wilson"), number=2000)
    sp = best_time(lambda: binomtest(50, 119).proportion_ci(method="wilson"), number=200)
    out.append(Row("wilson, one scalar call", ours, "statsmodels proportion_confint", sm, 4.0))
    out.append(Row("wilson, one scalar call", ours, "scipy binomtest().proportion_ci", sp, None))
    ours = best_time(lambda: optamstats.proportion(50, 119, method="exact"), number=2000)
    sm = best_time(lambda: proportion_confint(50, 119, method="beta"), number=2000)
    out.append(Row("clopper-pearson, one scalar call", ours, "statsmodels proportion_confint", sm))
    ours = best_time(lambda: optamstats.difference(56, 70, 48, 80), number=2000)
    from statsmodels.stats.proportion import confint_proportions_2indep

    sm = best_time(lambda: confint_proportions_2indep(56, 70, 48, 80, method="newcomb"), number=500)
    out.append(
        Row("newcombe difference, scalar", ours, "statsmodels confint_proportions_2indep", sm)
    )
    ours = import_time("import optamstats")
    peer = import_time("import statsmodels.api")
    out.append(Row("import", ours, "import statsmodels.api", peer, 4.0))
    return out
