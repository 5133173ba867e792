"""Multi-select questions' tables: shares of respondents and of mentions, hidden options.

The section (a table and a bar chart per question), the disclosure status of each
option (with the total of mentions), and the JSON records of these tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from optamstats import _format
from optamstats.disclosure import Hidden
from optamstats.report._model import Column, Section, Table
from optamstats.report._text import t as _t

if TYPE_CHECKING:
    from optamstats.report.control import _Control
    from optamstats.report.counts import MotiveQuestion, SurveyCounts


def _motive_base(m: MotiveQuestion) -> int | None:
    """Return the respondents a multi-select table is of (None when it has no base)."""
    if not m.base_known or m.table.empty or "respondents" not in m.table:
        return None
    return int(m.table["respondents"].iloc[0])


def _motive_section(
    c: SurveyCounts, lang: str, conf: float, control: _Control
) -> tuple[Section, list[Any], dict[str, Any]]:
    """Return the multi-select section: a table per question, each with its bar chart.

    The figures are keyed "motives" (the first), then "motives-<question key>"; each
    draws the table's shown rows in the table's order, hidden options absent.
    """
    tables, results, paragraphs = [], [], []
    drawn: list[tuple[str, str, list[str], list[float], list[float], list[float]]] = []
    s = Hidden.protecting()
    for q in c.motives:
        records: list[dict[str, Any]] = [
            {str(k): v for k, v in r.items()} for r in q.table.to_dict(orient="records")
        ]
        base = int(records[0]["respondents"]) if q.base_known and records else None
        if control.blocked(q.depends_on) or (base is not None and control.small(base)):
            paragraphs.append(_t("withheld_table", lang, title=q.title, t=control.min_cell))
            results.append({"key": q.key, "title": q.title, "table": [], "withheld": True})
            continue
        if q.nothing:  # nobody answered: say so, and why, instead of a table of nobody
            paragraphs.append(_t(f"nothing_{q.nothing}", lang, title=q.title))
            results.append({"key": q.key, "title": q.title, "table": [],
                            "nothing_to_estimate": q.nothing})  # fmt: skip
            continue
        status = _motive_status(records, q.base_known, control)
        order = _motive_order(records, status, q.options)
        total_hidden = bool(status[-1]) if status.size > len(records) else False
        plain = []
        for i in order:
            record = _plain(records[i])
            if status[i]:
                hidden_keys = ("mentions", "pct_respondents", "low", "high", "pct_mentions",
                               "rank_low", "rank_high")  # fmt: skip
                record.update({k: None for k in hidden_keys if k in record})
            if total_hidden:
                record["pct_mentions"] = None
            if status.any():  # ranks count hidden options: not printed (see below)
                record.update({k: None for k in ("rank_low", "rank_high") if k in record})
            record["suppressed"] = bool(status[i])
            plain.append(record)
        results.append({"key": q.key, "title": q.title, "table": plain, "base": q.base})
        hidden_any = bool(status.any())
        note_hidden = _t("hidden_note", lang, t=control.min_cell) if hidden_any else ""
        if not q.base_known:
            columns = [
                Column("option", _t("option", lang)),
                Column("mentions", _t("mentions", lang), "count"),
                Column("pct_mentions", _t("pct_mentions", lang), "percent"),
            ]
            rows: list[tuple[Any, ...]] = []
            for i in order:
                r = records[i]
                k = int(r["mentions"])
                if status[i]:
                    rows.append((r["option"], control.marker(k), s))
                else:
                    rows.append((r["option"], k, s if total_hidden else r["pct_mentions"] / 100))
            note = " ".join(x for x in (_t("no_base", lang), note_hidden) if x)
            tables.append(Table(f"motives-{q.key}", q.title, tuple(columns), tuple(rows), note))
            shown = [i for i in order if not status[i]]
            if shown and not total_hidden:  # shares of mentions: no interval to draw
                shares = [float(records[i]["pct_mentions"]) / 100 for i in shown]
                labels = [str(records[i]["option"]) for i in shown]
                key = "motives" if not drawn else f"motives-{q.key}"
                drawn.append((key, q.title, labels, shares, [], []))
            continue
        # A shown row's rank interval counts the options above it, hidden ones included:
        # ranks are printed only when no option is hidden.
        has_ranks = all(_present(r["rank_low"]) for r in records) and not status.any()
        columns = [
            Column("option", _t("option", lang)),
            Column("mentions", _t("mentions", lang), "count"),
            Column("respondents", _t("respondents", lang), "count"),
            Column("pct_respondents", _t("pct_resp", lang), "percent"),
            Column("low", _t("low", lang), "percent"),
            Column("high", _t("high", lang), "percent"),
            Column("pct_mentions", _t("pct_mentions", lang), "percent"),
        ]
        if has_ranks:
            columns.append(Column("rank", _t("rank", lang), "range"))
        rows = []
        for i in order:
            r = records[i]
            row: tuple[Any, ...]
            if status[i]:
                row = (r["option"], control.marker(int(r["mentions"])), int(r["respondents"]),
                       s, s, s, s)  # fmt: skip
            else:
                row = (
                    r["option"], int(r["mentions"]), int(r["respondents"]),
                    r["pct_respondents"] / 100, r["low"] / 100, r["high"] / 100,
                    s if total_hidden else r["pct_mentions"] / 100,
                )  # fmt: skip
            if has_ranks:
                row += ((int(r["rank_low"]), int(r["rank_high"])),)
            rows.append(row)
        note = " ".join(x for x in ("" if has_ranks else _t("no_ranks", lang), note_hidden) if x)
        tables.append(Table(f"motives-{q.key}", q.title, tuple(columns), tuple(rows), note))
        shown = [i for i in order if not status[i]]  # as the table: its order, none hidden
        if shown:
            drawn.append((
                "motives" if not drawn else f"motives-{q.key}", q.title,
                [str(records[i]["option"]) for i in shown],
                [float(records[i]["pct_respondents"]) / 100 for i in shown],
                [float(records[i]["low"]) / 100 for i in shown],
                [float(records[i]["high"]) / 100 for i in shown],
            ))  # fmt: skip
    figures: dict[str, Any] = {}
    xlabel = _t("xlabel", lang)
    for key, question, labels, est, low, high in drawn:
        title = _t("forest_title", lang, title=question, c=_format.level(conf, lang))
        if not low:
            title = f"{question} ({_t('pct_mentions', lang)})"

        from optamstats.report._svg_figures import drawing

        if not low:
            figures[key] = drawing("bars", labels, est, est, est, title=title, lang=lang,
                                   xlabel=_t("pct_mentions", lang), intervals=False)  # fmt: skip
        else:
            figures[key] = drawing("bars", labels, est, low, high, title=title, xlabel=xlabel,
                                   lang=lang)  # fmt: skip
    section = Section("motives", _t("motives", lang), tuple(paragraphs), tuple(tables),
                      tuple(figures))  # fmt: skip
    return section, results, figures


def _motive_order(
    records: list[dict[str, Any]], status: np.ndarray[Any, Any], options: Sequence[str]
) -> list[int]:
    """Shown rows as tabulated (most mentioned first), then hidden rows in the form's order.

    Hidden rows are never ordered by their hidden counts: with the total, the order of
    two hidden rows bounds each of them.
    """
    position = {str(o): i for i, o in enumerate(options)}
    shown = [i for i in range(len(records)) if not status[i]]
    hidden = [i for i in range(len(records)) if status[i]]
    label = [str(r["option"]) for r in records]
    hidden.sort(key=lambda i: (position.get(label[i], len(position)), label[i].casefold(),
                               label[i]))  # fmt: skip
    return shown + hidden


def _motive_status(
    records: list[dict[str, Any]], base_known: bool, control: _Control
) -> np.ndarray[Any, Any]:
    """Status of each option (and of the total of mentions, last) under disclosure control.

    Each option is a count k of its base n: hidden when k or n − k is from 1 to t − 1.
    The "% of mentions" column publishes every option's share of the total mentions,
    so the options form a 1-D table with its total: secondary suppression makes sure
    that no hidden option is the total minus the others.
    """
    from optamstats.disclosure import needs_suppression, suppress_small_cells

    if not control.on or not records:
        return np.zeros(len(records) + 1, dtype=np.int8)
    k = np.array([int(r["mentions"]) for r in records], dtype=np.int64)
    forced = np.zeros(k.shape, dtype=bool)
    if base_known:
        n = np.array([int(r["respondents"]) for r in records], dtype=np.int64)
        forced = np.asarray(needs_suppression(k, n, min_cell=control.min_cell), dtype=bool)
    # audit=False: the report's own LP audit reads this table with everything else it
    # prints, and drops the "% of mentions" (the total) first when the markers pin cells.
    table = suppress_small_cells(k, control.min_cell, primary=forced, audit=False)
    return np.asarray(table.status)


def _present(value: Any) -> bool:
    import pandas as pd

    return not bool(pd.isna(value))


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """Return a table row for JSON: numpy scalars as Python numbers, missing values as None."""
    return {k: (None if not _present(v) else v.item() if hasattr(v, "item") else v)
            for k, v in record.items()}  # fmt: skip


def _motive_record(record: dict[str, Any], base: str) -> dict[str, Any]:
    """Return a motive row for the JSON: shares as fractions, with k, n, method and base.

    The tables of :func:`optamstats.multiselect_table` give percentages (86.0); the
    report's JSON gives every estimate, low and high as a fraction in [0, 1].
    """

    def fraction(key: str) -> float | None:
        value = record.get(key)
        return None if value is None else float(value) / 100.0

    out = {k: v for k, v in record.items() if k not in ("pct_respondents", "low", "high",
                                                          "pct_mentions")}  # fmt: skip
    out.update(k=record.get("mentions"), n=record.get("respondents"),
               estimate=fraction("pct_respondents"), low=fraction("low"),
               high=fraction("high"), share_of_mentions=fraction("pct_mentions"),
               method="wilson", base=base)  # fmt: skip
    return out


def _motives_as_fractions(results: dict[str, Any]) -> None:
    """Turn every motive table of the JSON results into fractions (one unit everywhere)."""
    entries = list(results.get("motives", []))
    entries += [e for e in results.get("questions", {}).values() if e.get("type") == "multi"]
    done: set[int] = set()
    for entry in entries:
        if id(entry) in done:
            continue
        done.add(id(entry))
        entry["table"] = [_motive_record(r, entry.get("base", "")) for r in entry["table"]]


def _scrub_motive(results: dict[str, Any], tb: Table, r: int, cols: set[int]) -> None:
    key = tb.key.removeprefix("motives-")
    option = tb.rows[r][0]
    names = {i: col.key for i, col in enumerate(tb.columns)}
    for entry in results.get("motives", []):
        if entry.get("key") != key:
            continue
        for record in entry.get("table", []):
            if record.get("option") != option:
                continue
            for i in cols:
                name = names.get(i)
                if name == "pct_respondents":
                    record.update(pct_respondents=None, low=None, high=None)
                elif name in record:
                    record[name] = None
            if 1 in cols:
                record["suppressed"] = True
