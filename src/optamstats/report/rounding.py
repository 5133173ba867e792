"""A release of rounded counts (``rule="ons"``): what the report prints under rounding.

Under a rule that rounds published counts to a base b (the ONS: 5), every count a table
prints is rounded to the nearest multiple of b, and a share is printed only where it can
be computed from the rounded counts of its own row (its count and base, both rounded):
``k ≈ 40 of n ≈ 120`` gives 33.3 %, with the Wilson interval of 40 of 120. What is
computed from the unrounded answers — a bootstrap, a test, a difference, a median or a
mean, a rank, a weighted share, every sentence quoting a figure, every figure drawn — would
give the true counts back (``k = p·n``), and is not printed. Which cells are hidden is
decided on the true counts first (``< t``, ``s``), as without rounding.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from optamstats.disclosure import Hidden
from optamstats.report._model import Section, Table
from optamstats.report._text import t as _t

if TYPE_CHECKING:
    from optamstats.report.counts import SurveyCounts

_DIGIT = re.compile(r"\d")


def round_count(k: int, base: int) -> int:
    """Return `k` rounded to the nearest multiple of `base` (halves up: 2.5 of 5 → 5).

    Examples
    --------
    >>> [round_count(k, 5) for k in (0, 2, 3, 7, 8, 12, 13)]
    [0, 0, 5, 5, 10, 10, 15]
    """
    return base * ((2 * k + base) // (2 * base))


def _wilson(k: int, n: int, confidence: float) -> tuple[float, float, float]:
    from optamstats.proportions import proportion

    ci = proportion(k, n, confidence=confidence)
    return float(ci.estimate), float(ci.low), float(ci.high)


def _row_base(table: Table, row: Sequence[Any], columns: list[str], answered: dict[str, int],
              base: int) -> int | None:  # fmt: skip
    """Return the rounded base of a row's share: its `n`, `respondents` or question's n."""
    for name in ("n", "respondents"):
        if name in columns:
            value = row[columns.index(name)]
            return round_count(int(value), base) if isinstance(value, int) else None
    key = table.key.removeprefix("q-").removesuffix("-boxes")
    if table.key.startswith("q-") and key in answered:
        return round_count(answered[key], base)
    return None


def _round_table(table: Table, answered: dict[str, int], base: int, confidence: float,
                 lang: str, t: int) -> Table | None:  # fmt: skip
    """Return the table with its counts rounded and shares from them; None if none is left."""
    kinds = [c.kind for c in table.columns]
    if all(k == "text" for k in kinds):
        return table
    if "count" not in kinds:
        return None
    columns = [c.key for c in table.columns]
    count_key = next((k for k in ("k", "mentions") if k in columns), None)
    rows = []
    for row in table.rows:
        n_r = _row_base(table, row, columns, answered, base)
        k_value = row[columns.index(count_key)] if count_key is not None else None
        shares: tuple[float, float, float] | None = None
        if isinstance(k_value, int) and n_r:
            shares = _wilson(round_count(k_value, base), n_r, confidence)
        out: list[Any] = []
        for value, name, kind in zip(row, columns, kinds, strict=True):
            if kind == "text" or isinstance(value, Hidden) or value is None:
                out.append(value)
            elif kind == "count":
                out.append(round_count(int(value), base))
            elif name in ("estimate", "pct_respondents") and shares is not None:
                out.append(shares[0])
            elif name in ("low", "high") and shares is not None:
                out.append(shares[1 if name == "low" else 2])
            else:
                out.append(None)  # computed from unrounded counts: not printed
        rows.append(tuple(out))
    if table.key.startswith("motives-") and count_key is not None:
        # Rows are sorted by their true counts; within a rounding interval that order
        # would say which is larger: the shown rows sorted again by what is printed.
        at = columns.index(count_key)
        shown = [r for r in rows if isinstance(r[at], int)]
        shown.sort(key=lambda r: (-r[at], str(r[0])))
        rows = shown + [r for r in rows if not isinstance(r[at], int)]
    hidden = any(isinstance(v, Hidden) for row in rows for v in row)
    note = _t("rounded_note", lang, b=base)
    if hidden:
        note = f"{_t('hidden_note', lang, t=t)} {note}"
    return dataclasses.replace(table, rows=tuple(rows), note=note)


def _round_release(
    c: SurveyCounts,
    sections: list[Section],
    results: dict[str, Any],
    figures: dict[str, Any],
    base: int,
    confidence: float,
    lang: str,
    t: int,
) -> tuple[list[Section], dict[str, Any]]:
    """Return the sections and results of a release of counts rounded to `base`."""
    answered = {d.key: d.answered for d in c.questions}
    out = []
    for section in sections:
        tables = []
        for table in section.tables:
            rounded = _round_table(table, answered, base, confidence, lang, t)
            if rounded is not None:
                tables.append(rounded)
        if section.key == "methods":  # the rule's row says that counts are rounded
            rule = _t("m_rule", lang)
            tables = [dataclasses.replace(tb, rows=tuple(
                (row[0], f"{row[1]}{_t('m_rounded', lang, b=base)}") if row[0] == rule else row
                for row in tb.rows)) for tb in tables]  # fmt: skip
            if "rule" in results.get("methods", {}):
                results["methods"]["rule"] += _t("m_rounded", lang, b=base)
        paragraphs = tuple(p for p in section.paragraphs if not _DIGIT.search(p))
        if section.tables and not tables:
            paragraphs = (_t("rounded_withheld", lang, b=base),)
        out.append(dataclasses.replace(section, paragraphs=paragraphs, tables=tuple(tables),
                                       figures=()))  # fmt: skip
    figures.clear()
    kept: dict[str, Any] = {k: results[k] for k in ("confidence", "methods") if k in results}
    kept["proportions"] = {}
    return out, kept
