"""Run every benchmark and print a table of ratios against peers timed in the same run.

Usage: ``python benchmarks/run.py [name ...]``, where a name is a ``bench_<name>.py``
file of this folder (all of them by default). Each file has a ``rows()`` function that
returns ``_timing.Row`` comparisons. Figures depend on the machine; only the ratios
are meant to travel.
"""

from __future__ import annotations

import importlib
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # for _timing and bench_*

from _timing import table

HERE = Path(__file__).parent
BENCHMARKS = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def main(argv: list[str]) -> int:
    names = argv or BENCHMARKS
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        print(f"unknown benchmark(s) {unknown}; choose from {BENCHMARKS}", file=sys.stderr)
        return 2
    import numpy
    import scipy
    import statsmodels

    import optamstats

    print(
        f"optamstats {optamstats.__version__}, Python {platform.python_version()}, "
        f"numpy {numpy.__version__}, scipy {scipy.__version__}, "
        f"statsmodels {statsmodels.__version__}, {platform.machine()}"
    )
    for name in names:
        module = importlib.import_module(f"bench_{name}")
        print(f"\n## {name}\n")
        print(table(module.rows()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
