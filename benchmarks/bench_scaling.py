"""How the report scales with the export: 10^2 … 10^6 rows, against ``pandas.read_csv``.

The export is the shipped SYNTHETIC 2025 OPTAM survey (its spec,
``optamstats/datasets/optam_2025_spec.toml``) scaled up: every row is drawn
independently with the synthetic export's shares (practice, status, sector, OPTAM
membership, leavers, planners, the motive tallies of both multi-select questions,
"Other" free text and the free-text column), French dates over the survey's six
days, written as Google Forms writes them. Free text is distinct per row, as in a
real export (at 10^6 rows: ~650,000 distinct answers in the free-text column and
~82,000 distinct strings in the multi-select column with "Other" text).

For each size, on the same file, in fresh interpreters (imports and a warm-up on the
10^2 export first, outside the measures):

- ``pandas.read_csv(path)`` with its defaults: the peer every figure is divided by;
- the parse step: what ``optamstats report --responses --spec`` does before any
  statistic -- ``read_responses`` (read, check every answer against the spec, parse
  the timestamps), the cohort (the spec's steps, resubmissions included) and the
  coding of every question the report uses (counts of the yes/no questions and of the
  funnel, ``parse_multiselect`` of both multi-select questions);
- the report: ``optamstats report --responses --spec --format json``, in-process
  (``cli.main``), output to /dev/null.

Times: one interpreter runs the three tasks in three turns, so that the load of a
shared machine weighs on them alike; each task then runs once more alone in its own
interpreter for its memory, and that run's time counts too (best of the four).
Memory is the peak resident set of that process above what it held before the task
(Linux ``VmHWM`` after resetting it through ``/proc/self/clear_refs``), so it counts
every allocation (numpy, pandas, Python strings). "the frame" is
``pandas.read_csv(path).memory_usage(deep=True).sum()`` (which counts a string shared
by many cells once per cell).

Targets of issue 21 at 10^6 rows: the parse step ≤ 1.5× read_csv (speed-up ≥ 0.67),
the report ≤ 2× read_csv (speed-up ≥ 0.5) with its peak memory ≤ 2× the frame's. The
whole table takes about a minute on 2 cores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _timing import Row

SIZES = (10**2, 10**3, 10**4, 10**5, 10**6)
TASKS = ("read_csv", "parse", "report")


def export(path: Path, rows: int, seed: int = 2025) -> None:
    """Write a SYNTHETIC export of `rows` rows shaped like the shipped synthetic survey."""
    import pandas as pd

    from optamstats.datasets import _synthetic as s

    rng = np.random.default_rng(seed)

    def pick(options: list[str], p: list[float]) -> np.ndarray:
        return rng.choice(np.array(options, dtype=object), rows, p=np.array(p) / sum(p))

    def ticks(tallies: dict[str, int], base: int) -> np.ndarray:
        """Multi-select cells: each option ticked with its tally's share, at least one."""
        labels = list(tallies)
        shares = np.array([tallies[o] / base for o in labels])
        masks = (rng.random((rows, len(labels))) < shares) @ (1 << np.arange(len(labels)))
        masks[masks == 0] = 1  # nobody answers with nothing ticked
        combos = [", ".join(o for j, o in enumerate(labels) if m >> j & 1)
                  for m in range(2 ** len(labels))]  # fmt: skip
        return np.array(combos, dtype=object)[masks]

    number = np.arange(1, rows + 1).astype(str).astype(object)
    practice = pick(["Libéral exclusif", "Mixte (libéral et hospitalier)", "Hospitalier exclusif"],
                    [165, 30, 3])  # fmt: skip
    status = pick(["Médecin installé", "Médecin remplaçant", "Interne"], [184, 12, 2])
    sector = pick(["Secteur 2", "Secteur 1", "Non conventionné", ""], [178, 7, 3, 2])
    names, weights = zip(*s.SPECIALTIES, strict=True)
    specialty = pick(list(names), list(weights))
    member = np.where(sector == "Secteur 2", pick(["Oui", "Non"], [119, 59]), "")
    left = np.where(member == "Oui", pick(["Oui", "Non"], [50, 69]), "")
    plan = np.where(left == "Non", pick(["Oui", "Non"], [41, 28]), "")
    motives = np.where(left == "Oui", ticks(s.LEAVER_TALLIES, 50), "")
    planned = ticks(s.PLANNER_TALLIES, 41)
    other = rng.random(rows)
    free = ", Autre raison (texte libre synthétique " + number + ")"
    planned = np.where(other < 8 / 41, planned + free, planned)
    stays = np.where(other < 8 / 28, "Je reste : raison synthétique " + number, "")
    plan_motives = np.where(plan == "Oui", planned, np.where(plan == "Non", stays, ""))
    changes = np.where(rng.random(rows) < 129 / 198, "Réponse libre synthétique n° " + number, "")
    start = np.datetime64("2025-11-07T08:00:00")
    seconds = np.sort(rng.integers(0, 6 * 86400, rows)).astype("timedelta64[s]")
    frame = pd.DataFrame(
        {
            s.TS: pd.Series(start + seconds).dt.strftime("%d/%m/%Y %H:%M:%S"),
            s.PRACTICE: practice,
            s.STATUS: status,
            s.SECTOR: sector,
            s.SPECIALTY: specialty,
            s.MEMBER: member,
            s.LEFT: left,
            s.PLAN: plan,
            s.MOTIVES: motives,
            s.PLAN_MOTIVES: plan_motives,
            s.CHANGES: changes,
        }
    )
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\r\n")


# --------------------------------------------------------------------------- worker


def _task(name: str, path: str, spec: str) -> object:
    if name == "read_csv":
        import pandas as pd

        return pd.read_csv(path)
    if name == "parse":
        from optamstats.report.build import _read_and_code

        return _read_and_code(path, spec, None, False)
    from optamstats.cli import main

    stdout = sys.stdout
    with open(os.devnull, "w", encoding="utf-8") as sink:
        sys.stdout = sink
        try:
            return main(["report", "--responses", path, "--spec", spec, "--format", "json"])
        finally:
            sys.stdout = stdout


def _status(field: str) -> float:
    """A /proc/self/status memory field, in MiB (NaN where there is none)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _worker_memory(name: str, path: str, spec: str, warm: str) -> None:
    """One run of one task: its peak memory (and its time)."""
    _task(name, warm, spec)  # imports and lazy imports, outside the measures
    before = _status("VmRSS")
    try:  # reset the high-water mark to the current size (Linux >= 4.0)
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        pass
    start = time.perf_counter()
    result = _task(name, path, spec)
    out = {"time": time.perf_counter() - start, "peak": _status("VmHWM") - before}
    if name == "read_csv":
        out["frame"] = float(result.memory_usage(deep=True).sum()) / 2**20  # type: ignore[attr-defined]
    print(json.dumps(out))


def _worker_times(path: str, spec: str, warm: str, repeat: int) -> None:
    """Best time of each task, the tasks taking turns so that the load of a shared
    machine weighs on them alike."""
    for name in TASKS:
        _task(name, warm, spec)
    best = dict.fromkeys(TASKS, float("inf"))
    for _ in range(repeat):
        for name in TASKS:
            start = time.perf_counter()
            _task(name, path, spec)
            best[name] = min(best[name], time.perf_counter() - start)
    print(json.dumps(best))


def _run(*args: str) -> dict[str, float]:
    command = [sys.executable, __file__, "--worker", *args]
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=os.environ)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- table


def measure(sizes: tuple[int, ...] = SIZES) -> list[dict[str, float]]:
    """Measure every task at every size; one dict per size."""
    from importlib import resources

    table = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        spec = root / "spec.toml"
        spec.write_text(
            resources.files("optamstats.datasets")
            .joinpath("optam_2025_spec.toml")
            .read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        warm = root / "warm.csv"
        export(warm, 100, seed=1)
        for rows in sizes:
            path = root / f"export-{rows}.csv"
            export(path, rows)
            repeat = 3
            entry: dict[str, float] = {"rows": rows, "mib": path.stat().st_size / 2**20}
            times = _run("times", str(path), str(spec), str(warm), str(repeat))
            for name in TASKS:
                measured = _run("memory", name, str(path), str(spec), str(warm))
                # Best of the turns and of the memory run: best of 4.
                entry[f"{name}_time"] = min(times[name], measured["time"])
                entry[f"{name}_peak"] = measured["peak"]
                if "frame" in measured:
                    entry["frame"] = measured["frame"]
            path.unlink()
            table.append(entry)
    return table


def rows() -> list[Row]:
    out: list[Row] = []
    for e in measure():
        n = int(e["rows"])
        size = f"10^{len(str(n)) - 1} rows ({e['mib']:.1f} MiB)"
        last = n == SIZES[-1]
        for name, label, target in (("parse", "parse step", 1 / 1.5),
                                    ("report", "report --format json", 1 / 2)):  # fmt: skip
            peak, base, frame = e[f"{name}_peak"], e["read_csv_peak"], e["frame"]
            note = (
                f"{e[f'{name}_time'] / e['read_csv_time']:.2f}× read_csv's time; peak memory "
                f"+{peak:.0f} MiB = {peak / base:.2f}× read_csv's (+{base:.0f} MiB), "
                f"{peak / frame:.2f}× the frame's ({frame:.0f} MiB)"
            )
            if last and name == "report":
                note += f"; memory target ≤ 2× the frame's: {'met' if peak <= 2 * frame else 'NO'}"
            out.append(Row(f"{label}, {size}", e[f"{name}_time"], "pandas.read_csv",
                           e["read_csv_time"], target if last else None, note))  # fmt: skip
    return out


if __name__ == "__main__":
    if sys.argv[1:3] == ["--worker", "times"]:
        _worker_times(sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    elif sys.argv[1:3] == ["--worker", "memory"]:
        _worker_memory(sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6])
    else:
        sys.path.insert(0, str(Path(__file__).parent))
        from _timing import table as _table

        print(_table(rows()))
