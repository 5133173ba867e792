"""Disclosure control and spreadsheet-safe exports against pandas doing the same work."""

from __future__ import annotations

import csv
import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from _timing import Row, best_time

from optamstats.disclosure import (
    _LEADING_SPACE,
    _NUMBER,
    FORMULA_TRIGGERS,
    spreadsheet_safe_frame,
    suppress_small_cells,
    write_safe_csv,
)

_TRIGGERS = "[" + re.escape("".join(FORMULA_TRIGGERS)) + "]"


def _pandas_safe(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The same neutralisation with pandas' vectorised string methods."""
    out = frame.copy()
    text = out[column]
    stripped = text.str.lstrip(_LEADING_SPACE)
    number = stripped.str.strip(_LEADING_SPACE).str.fullmatch(_NUMBER.pattern)
    risky = stripped.str.match(_TRIGGERS) & ~number
    out[column] = text.where(~risky, "'" + text)
    return out


def _pandas_naive_suppression(table: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """What is usually written: primary, then while a row or column has exactly one
    hidden cell, hide its smallest other cell (it can leave a hidden cell recoverable:
    see tests/test_disclosure.py)."""
    hidden = (table >= 1) & (table < min_cell)
    while True:
        changed = False
        for frame, mask in ((table, hidden), (table.T, hidden.T)):
            single = mask.sum(axis=1) == 1
            for label in mask.index[single]:
                others = frame.loc[label].where(~mask.loc[label])
                target = others.idxmin()
                if frame is table:
                    hidden.loc[label, target] = True
                else:
                    hidden.loc[target, label] = True
                changed = True
        if not changed:
            return table.mask(hidden)


def rows() -> list[Row]:
    rng = np.random.default_rng(2025)
    pool = np.array(
        [f"Réponse libre n° {i}" for i in range(50)]
        + ['=HYPERLINK("http://x.example")', "-3", "-3 + cmd", "@SUM(A1)", " =1", "-2,5", ""],
        dtype=object,
    )
    size = 200_000
    frame = pd.DataFrame(
        {"answer": pool[rng.integers(0, pool.size, size)], "n": rng.integers(0, 100, size)}
    )
    out: list[Row] = []
    ours = best_time(lambda: spreadsheet_safe_frame(frame), repeat=3)
    peer = best_time(lambda: _pandas_safe(frame, "answer"), repeat=3)
    out.append(Row("neutralise 200,000 text cells", ours, "pandas .str methods", peer))

    folder = Path(tempfile.mkdtemp())
    ours = best_time(lambda: write_safe_csv(frame, folder / "ours.csv"), repeat=3)
    peer = best_time(
        lambda: _pandas_safe(frame, "answer").to_csv(
            folder / "peer.csv", index=False, quoting=csv.QUOTE_NONNUMERIC, encoding="utf-8-sig"
        ),
        repeat=3,
    )
    out.append(Row("safe CSV of 200,000 rows", ours, "pandas neutralise + to_csv", peer))

    # A specialty × region table of a survey of ~2,000 doctors, many small cells.
    counts = rng.poisson(rng.gamma(1.5, 4.0, size=(30, 12)))
    table = pd.DataFrame(counts)
    ours = best_time(lambda: suppress_small_cells(counts, 5), repeat=5)
    peer = best_time(lambda: _pandas_naive_suppression(table, 5), repeat=5)
    out.append(
        Row(
            "suppress a 30 × 12 table (min_cell 5)",
            ours,
            "pandas naive degree rule",
            peer,
            note="the peer's rule is weaker: it can leave a hidden cell recoverable",
        )
    )
    return out
