"""Mutation testing of the estimators: ``python tools/mutation.py [MODULE...]``.

Runs mutmut (``pip install ".[mutation]"``) on each module of the table in
``tools/mutation_modules.toml``: every mutant of the module's source runs against that
module's test files only (mutmut further narrows them to the tests that call the mutated
function). Prints the score per module and the surviving mutants with their diffs.
Mutants listed in ``tools/mutation_equivalent.txt`` (one name and a one-line reason per
line) are equivalent -- no test can tell them from the original -- and are left out of the
score and not run.

The run happens in a scratch copy, ``build/mutation/<module>/``, so the worktree is never
touched; mutmut runs under ``nice -n 19`` (the machine is shared). With ``--sample N`` (the
default, 200) a module with more than N mutants runs a seeded random sample of N of them;
``--sample 0`` runs all; ``--resume`` reruns only the mutants of the same sample of the
same source that the previous run left alive (after adding tests). The statuses of each
run are kept in ``build/mutation/<module>.json``. Not part of CI: a full run takes tens of
minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tools" / "mutation_modules.toml"
EQUIVALENT = ROOT / "tools" / "mutation_equivalent.txt"
SCRATCH = ROOT / "build" / "mutation"

# mutmut's exit-code vocabulary (mutmut.stats.status_by_exit_code), grouped for the score:
# a timeout or a crash of the test run under the mutant is a detection.
KILLED = {"killed", "timeout", "segfault", "caught by type check"}
SURVIVED = {"survived", "no tests"}


def load_table() -> dict[str, dict[str, object]]:
    """Return the module table: name -> {"source": glob, "tests": [files]}."""
    with TABLE.open("rb") as f:
        modules: dict[str, dict[str, object]] = tomllib.load(f)["modules"]
    return modules


def load_equivalent() -> dict[str, str]:
    """Return mutant name -> reason from the equivalent-mutants file."""
    out: dict[str, str] = {}
    for n, line in enumerate(EQUIVALENT.read_text("utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(f"{EQUIVALENT}:{n}: {name} has no reason; write one after the name.")
        out[name] = reason.strip()
    return out


def toml_value(value: object) -> str:
    """Serialise the few TOML value types the mutmut section uses."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} to TOML")


def write_pyproject(dest: Path, sources: list[str], tests: list[str]) -> None:
    """Copy pyproject.toml with its [tool.mutmut] section set for one module."""
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    base = tomllib.loads(text)["tool"].get("mutmut", {})
    head, sep, rest = text.partition("\n[tool.mutmut]\n")
    if sep:  # drop the committed section (up to the next table) and write the merged one
        nxt = rest.find("\n[")
        text = head + ("\n" + rest[nxt:] if nxt >= 0 else "\n")
    cfg = dict(base)
    cfg["also_copy"] = [*cfg.get("also_copy", []), "docs/", "README.md"]
    cfg["only_mutate"] = sources
    cfg["pytest_add_cli_args_test_selection"] = tests
    body = "".join(f"{k} = {toml_value(v)}\n" for k, v in cfg.items())
    (dest / "pyproject.toml").write_text(text + "\n[tool.mutmut]\n" + body, "utf-8")


def mutant_names(dest: Path, sources: list[str]) -> list[str]:
    """Names of every mutant mutmut will make of `sources` (same generator as mutmut)."""
    from mutmut.mutation.file_mutation import mutate_file_contents
    from mutmut.utils.format_utils import get_mutant_name

    names: list[str] = []
    for rel in sources:
        path = Path(rel)
        made = mutate_file_contents(str(path), (dest / path).read_text("utf-8"))
        names += [get_mutant_name(path, n) for n in made.mutant_names]
    return names


def run_module(name: str, entry: dict[str, object], args: argparse.Namespace) -> dict[str, object]:
    """Run mutmut for one module in its scratch copy; return its counts and survivors."""
    pattern = str(entry["source"])
    tests = [str(t) for t in entry["tests"]]  # type: ignore[attr-defined]
    sources = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob(pattern))
    if not sources:
        sys.exit(f"{TABLE}: modules.{name}.source = {pattern!r} matches no file.")
    for t in tests:
        if not (ROOT / t).exists():
            sys.exit(f"{TABLE}: modules.{name}.tests lists {t!r}, which does not exist.")
    dest = SCRATCH / name
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)  # also creates SCRATCH
    shutil.copytree(ROOT / "src", dest / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "tests", dest / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copy2(ROOT / "README.md", dest / "README.md")  # tests read the docs and README
    write_pyproject(dest, sources, tests)

    equivalent = load_equivalent()
    every = mutant_names(dest, sources)
    # The sample is drawn from every mutant (so that listing an equivalent one does not
    # change it); the equivalent ones in it are then left out of the run and the score.
    if args.sample and len(every) > args.sample:
        sample = sorted(random.Random(args.seed).sample(every, args.sample))
    else:
        sample = every
    chosen = [m for m in sample if m not in equivalent]
    n_equiv = len(sample) - len(chosen)
    # --resume: a mutant killed by the previous run of the same sample of the same source
    # stays killed when tests are only added; run the others again.
    digest = hashlib.sha256(b"".join((ROOT / s).read_bytes() for s in sources)).hexdigest()
    record = SCRATCH / f"{name}.json"
    previous: dict[str, str] = {}
    if args.resume and record.exists():
        old = json.loads(record.read_text("utf-8"))
        # The same source and a sample within this one (listing more equivalent mutants
        # only removes names from it).
        if old["source_sha256"] == digest and set(old["sample"]) <= set(sample):
            previous = {k: v for k, v in old["status"].items() if v in KILLED and k in chosen}
    to_run = [m for m in chosen if m not in previous]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # mutants/src must win
    env["PYTHONHASHSEED"] = "0"
    cmd = [sys.executable, "-m", "mutmut", "run"]  # niced with this process (main)
    cmd += ["--max-children", str(args.jobs), *to_run]
    log = dest / "mutmut.log"
    print(f"== {name}: {len(sample)} of {len(every)} mutants ({n_equiv} equivalent), "
          f"{len(to_run)} run now ({len(previous)} killed before), against "
          f"{', '.join(tests)}; log {log.relative_to(ROOT)}", flush=True)  # fmt: skip
    if to_run:
        with log.open("w") as out:
            subprocess.run(cmd, cwd=dest, env=env, stdout=out, stderr=subprocess.STDOUT,
                           check=False)  # fmt: skip

    status: dict[str, str] = {}
    from mutmut.stats import status_by_exit_code

    for rel in sources if to_run else []:
        meta = dest / "mutants" / (rel + ".meta")
        if not meta.exists():
            sys.exit(f"mutmut wrote no results for {rel}; see {log}")
        codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        status.update({k: status_by_exit_code[v] for k, v in codes.items() if k in to_run})
    status.update(previous)
    counts = Counter(status.values())
    if counts["not checked"] or counts["suspicious"]:
        tail = log.read_text("utf-8", errors="replace").splitlines()[-15:]
        print("\n".join(tail))
        sys.exit(f"{name}: mutmut left {counts['not checked']} mutants unchecked and "
                 f"{counts['suspicious']} suspicious; see {log}")  # fmt: skip
    # Recorded only for a complete run, for --resume and --report.
    record.write_text(json.dumps({"source_sha256": digest, "sample": sample, "status": status},
                                 indent=1), "utf-8")  # fmt: skip
    killed = sum(counts[s] for s in KILLED)
    survivors = sorted(k for k, s in status.items() if s not in KILLED)
    diffs = {}
    for m in survivors:
        shown = subprocess.run([sys.executable, "-m", "mutmut", "show", m], cwd=dest, env=env,
                               capture_output=True, text=True, check=False)  # fmt: skip
        diffs[m] = (status[m], shown.stdout.strip())
    return {"name": name, "every": len(every), "run": len(chosen), "equivalent": n_equiv,
            "sampled": len(sample),
            "killed": killed, "counts": counts, "diffs": diffs}  # fmt: skip


def report(names: list[str]) -> int:
    """Print the score table of the last run of each module (build/mutation/*.json).

    Mutants listed as equivalent since that run are left out, as a new run would.
    """
    equivalent = load_equivalent()
    print("| module | sampled | equivalent | killed | survived | score |")
    print("|---|---|---|---|---|---|")
    for name in names:
        record = SCRATCH / f"{name}.json"
        if not record.exists():
            print(f"| {name} | not run | | | | |")
            continue
        old = json.loads(record.read_text("utf-8"))
        status = {k: v for k, v in old["status"].items() if k not in equivalent}
        n_equiv = sum(1 for k in old["sample"] if k in equivalent)
        killed = sum(1 for v in status.values() if v in KILLED)
        alive = sorted(k for k, v in status.items() if v not in KILLED)
        score = f"{100 * killed / len(status):.1f} %" if status else "-"
        print(f"| {name} | {len(old['sample'])} | {n_equiv} | {killed} | {len(alive)} "
              f"| {score} |")  # fmt: skip
        for k in alive:
            print(f"|   {k} | | | | | {old['status'][k]} |")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the mutation table (all modules, or those named) and print the scores."""
    table = load_table()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=f"one of {sorted(table)}")
    parser.add_argument("--sample", type=int, default=200, help="mutants per module (0: all)")
    parser.add_argument("--seed", type=int, default=18, help="seed of the sample")
    parser.add_argument("--jobs", type=int, default=2, help="mutmut worker processes")
    parser.add_argument("--nice", type=int, default=19, help="niceness of the mutmut run")
    parser.add_argument(
        "--resume", action="store_true", help="rerun only what the last run left alive"
    )
    parser.add_argument(
        "--report", action="store_true", help="print the table of the last runs, run nothing"
    )
    args = parser.parse_args(argv)
    os.nice(args.nice)  # generating the mutants (libcst) is work too: the machine is shared
    unknown = [m for m in args.modules if m not in table]
    if unknown:
        parser.error(f"unknown module(s) {unknown}; the table has {sorted(table)}")
    if args.report:
        return report(args.modules or sorted(table))
    results = [run_module(m, table[m], args) for m in (args.modules or sorted(table))]

    for r in results:
        for m, (st, diff) in r["diffs"].items():  # type: ignore[attr-defined]
            print(f"\n--- {st}: {m}\n{diff}")
    print("\n| module | mutants | sampled | equivalent | killed | survived | score |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        run = int(r["run"])  # type: ignore[call-overload]
        killed = int(r["killed"])  # type: ignore[call-overload]
        score = f"{100 * killed / run:.1f} %" if run else "-"
        print(f"| {r['name']} | {r['every']} | {r['sampled']} | {r['equivalent']} | {killed} "
              f"| {run - killed} | {score} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
