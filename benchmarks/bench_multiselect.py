"""Parsing multi-select answers against pandas, same strings, same run.

The workload: 1,000,000 Google Forms answers to a question of 7 options, three of whose
labels contain the separator ", " (as "Désaccord politique (PLFSS, régulation)"), the
ticked labels joined by ", " in the form's order, 5 % of cells blank.

The peer, ``pandas.Series.str.get_dummies(sep=", ")``, does the same work -- one
indicator column per option -- but splits on every ", ", so it is also WRONG here: it
cuts each label containing ", " into two fake options (10 columns instead of 7: 4 right,
6 fragments, and the 3 real labels with a comma missing) and counts blanks as answers
that ticked nothing. The task names say how many columns it
returned; ``rows()`` raises if our parse is not exactly right.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _timing import Row, best_time

from optamstats.multiselect import parse_multiselect

LABELS = [
    "Désaccord politique (PLFSS, régulation)",
    "Menace de sanctions / pénalités",
    "Objectifs financiers inatteignables",
    "Soutien à un mouvement collectif, de confrères",
    "Manque de reconnaissance du travail médical",
    "Volonté de liberté, rejet des contraintes administratives",
    "Incompatibilité du mode d'exercice (spécialité / secteur / activité)",
]
# The 2025 survey's shares (43, 39, 38, 25, 23, 17, 13 of 50).
SHARES = np.array([43, 39, 38, 25, 23, 17, 13]) / 50
SEP = ", "


def make_answers(n: int, seed: int = 2025) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Return (cells, true indicators, answered) for `n` simulated respondents."""
    rng = np.random.default_rng(seed)
    ticked = rng.random((n, len(LABELS))) < SHARES
    answered = rng.random(n) >= 0.05
    ticked &= answered[:, None]
    answered &= ticked.any(axis=1)  # nothing ticked on Google Forms is a blank cell
    codes = ticked @ (1 << np.arange(len(LABELS)))
    patterns, inverse = np.unique(codes, return_inverse=True)
    texts = np.array(
        [SEP.join(lab for j, lab in enumerate(LABELS) if (p >> j) & 1) or None for p in patterns],
        dtype=object,
    )
    return pd.Series(texts[inverse], dtype=object), ticked, answered


def rows() -> list[Row]:
    n = 1_000_000
    cells, truth, answered = make_answers(n)
    parsed = parse_multiselect(cells, LABELS)
    if not (
        np.array_equal(parsed.indicators.to_numpy(), truth)
        and np.array_equal(parsed.answered.to_numpy(), answered)
    ):
        raise AssertionError("parse_multiselect returned wrong indicators on the benchmark")
    dummies = cells.str.get_dummies(sep=SEP)
    wrong = sorted(set(dummies.columns) - set(LABELS))
    ours = best_time(lambda: parse_multiselect(cells, LABELS), repeat=5)
    peer = best_time(lambda: cells.str.get_dummies(sep=SEP), repeat=2)  # ~8 s a call
    note = (
        f"get_dummies is WRONG here: {dummies.shape[1]} columns for 7 options ({len(wrong)} "
        "fragments of labels), blanks counted as answers; ours checked exact"
    )
    task = "parse 10^6 Google Forms answers, 7 options (3 labels with ', ')"
    out = [Row(task, ours, "pandas Series.str.get_dummies", peer, 5.0, note)]
    # The same strings as pandas' own string dtype (the default for text in pandas 3).
    as_string = cells.astype("string")
    ours = best_time(lambda: parse_multiselect(as_string, LABELS), repeat=5)
    peer = best_time(lambda: as_string.str.get_dummies(sep=SEP), repeat=1)
    out.append(
        Row(
            "same, pandas 'string' dtype input",
            ours,
            "pandas Series.str.get_dummies",
            peer,
            5.0,
            note,
        )
    )
    return out
