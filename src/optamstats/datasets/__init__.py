"""Datasets shipped with optamstats.

- :func:`optam_2025_published` — the figures of the 2025 OPTAM exit survey as published
  in the union's report and in the press, each with its source sentence.

Each survey lives in its own private module (``_optam_2025.py``), beside the data files
it reads with :mod:`importlib.resources`.
"""

from optamstats.datasets._optam_2025 import optam_2025_published

__all__ = ["optam_2025_published"]
