"""Reading and filtering a 1,000,000-row survey export, against pandas on the same file.

The export is generated into a temporary folder: the 2025 OPTAM survey's columns
(tests/data/optam_2025_spec.toml), French dates, multi-select cells in quotes, blank
cells where skip logic applies. Peers, timed in the same run:

- ``pandas.read_csv(path)`` with its defaults, for reading (the issue's target: ours
  takes at most 1.5× its time, i.e. a speed-up ≥ 0.67), and for reading + filtering;
- ``DataFrame.duplicated`` on the same columns, for resubmissions (it has no time
  window, so it does less).
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import numpy as np
from _timing import Row, best_time

SPEC = Path(__file__).parents[1] / "tests" / "data" / "optam_2025_spec.toml"
ROWS = 1_000_000


def _export(path: Path, rows: int, seed: int = 2025) -> None:
    import pandas as pd

    from optamstats.forms import load_spec

    spec = load_spec(SPEC)
    rng = np.random.default_rng(seed)
    q = {x.id: x for x in spec.questions}
    start = np.datetime64("2025-11-07T08:00:00")
    seconds = np.sort(rng.integers(0, 6 * 86400, rows))
    times = pd.Series(start + seconds.astype("timedelta64[s]"))

    def pick(options: tuple[str, ...] | list[str], p: list[float] | None = None) -> np.ndarray:
        return rng.choice(np.array(options, dtype=object), rows, p=p)

    sector = pick(q["sector"].options, [0.04, 0.93, 0.03])
    member = np.where(sector == "Secteur 2", pick(["Oui", "Non"], [0.67, 0.33]), "")
    left = np.where(member == "Oui", pick(["Oui", "Non"], [0.42, 0.58]), "")
    plans = np.where(left == "Non", pick(["Oui", "Non"], [0.59, 0.41]), "")
    options = q["motives"].options
    combos = np.array(
        [", ".join(o for j, o in enumerate(options) if m >> j & 1) for m in range(1, 2**7)],
        dtype=object,
    )
    motives = np.where(left == "Oui", combos[rng.integers(0, combos.size, rows)], "")
    changes = pick(["", "Revalorisation des actes", 'Liberté tarifaire, "vraie" négociation'])
    frame = pd.DataFrame(
        {
            "Horodateur": times.dt.strftime("%d/%m/%Y %H:%M:%S"),
            q["practice"].column: pick(q["practice"].options, [0.7, 0.27, 0.03]),
            q["status"].column: pick(q["status"].options, [0.85, 0.13, 0.02]),
            q["sector"].column: sector,
            q["specialty"].column: pick(["Pédiatrie", "Chirurgie", "Anesthésie", "Radiologie"]),
            q["member"].column: member,
            q["left"].column: left,
            q["plans_to_leave"].column: plans,
            q["motives"].column: motives,
            q["changes"].column: changes,
        }
    )
    frame.to_csv(path, index=False, encoding="utf-8")


def rows() -> list[Row]:
    import pandas as pd

    from optamstats.cohort import Cohort
    from optamstats.forms import load_spec, read_responses

    spec = load_spec(SPEC)
    filters = dataclasses.replace(
        spec, steps=tuple(s for s in spec.steps if s.step != "drop_resubmissions")
    )
    out: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        _export(path, ROWS)
        size = f"{ROWS:,} rows, {path.stat().st_size / 2**20:.0f} MiB"
        peer = best_time(lambda: pd.read_csv(path), repeat=5)
        ours = best_time(lambda: read_responses(path), repeat=5)
        out.append(Row(f"read_responses, {size}", ours, "pandas.read_csv", peer, 1 / 1.5))
        ours = best_time(lambda: filters.cohort(read_responses(path)).data, repeat=5)
        out.append(
            Row(
                "read_responses + cohort (require, 2 exclude, include) + .data",
                ours,
                "pandas.read_csv",
                peer,
                1 / 1.5,
            )
        )
        data = filters.cohort(read_responses(path)).data
        answers = [c for c in data.columns if c != "Horodateur"]
        # A fresh cohort each time: every column is factorized inside the timing.
        ours = best_time(lambda: Cohort(data).drop_resubmissions("Horodateur"), repeat=3)
        peer = best_time(lambda: data.duplicated(subset=answers), repeat=3)
        out.append(
            Row(
                f"drop_resubmissions (10 min window), {len(data):,} rows",
                ours,
                "DataFrame.duplicated (no window)",
                peer,
                note="ours also sorts by time; duplicated() only compares answers",
            )
        )
    return out
