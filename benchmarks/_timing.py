"""Timing helpers shared by the benchmark files: best-of-N wall time, ratio tables."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One comparison: our time against a peer's for the same work."""

    task: str
    ours: float
    peer_name: str
    peer: float
    target: float | None = None  # the speed-up the issue asks for (peer / ours)
    note: str = ""

    @property
    def speedup(self) -> float:
        return self.peer / self.ours


def best_time(func: Callable[[], object], *, repeat: int = 5, number: int = 1) -> float:
    """Best wall time of `number` calls, over `repeat` rounds, in seconds per call."""
    func()  # warm caches and lazy imports
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def peak_memory(func: Callable[[], object]) -> float:
    """Peak traced memory of one call, in MiB (numpy allocations are traced)."""
    import tracemalloc

    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def import_time(statement: str, *, repeat: int = 7) -> float:
    """Best wall time of a fresh interpreter running `statement`, minus an empty one."""

    def run(code: str) -> float:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            best = min(best, time.perf_counter() - start)
        return best

    return run(statement) - run("pass")


def table(rows: list[Row]) -> str:
    """Format rows as a Markdown table of times and ratios."""

    def fmt(seconds: float) -> str:
        if seconds < 1e-3:
            return f"{seconds * 1e6:.1f} µs"
        return f"{seconds * 1e3:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"

    lines = [
        "| task | optamstats | peer | peer time | speed-up (peer / ours) | target | met | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        target = f"≥ {r.target:g}×" if r.target is not None else ""
        met = "" if r.target is None else ("yes" if r.speedup >= r.target else "NO")
        lines.append(
            f"| {r.task} | {fmt(r.ours)} | {r.peer_name} | {fmt(r.peer)} | "
            f"{r.speedup:.2f}× | {target} | {met} | {r.note} |"
        )
    return "\n".join(lines)
