"""Suppressing a table: primary small cells, then secondary cells so none can be recomputed.

:func:`suppress_small_cells` hides every count from 1 to ``min_cell − 1`` of a 1-D or
2-D table of respondent counts (*primary*, shown as ``"< 5"``), then as few other
cells as it can so that no hidden cell is a function of the row and column totals
(*secondary*, ``"s"``): the bridge rule of the table's graph, then the LP audit
(``optamstats.disclosure.lp``) where the markers' bounds still pin a cell.
"""

from __future__ import annotations

import heapq
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from optamstats._checks import (
    MAX_COUNT,
    InvalidTypeError,
    InvalidValueError,
    ShapeError,
    _show,
    check_choice,
)
from optamstats.disclosure.lp import Terms, _Fact, _Model, _Protect, _secondary_by_audit
from optamstats.disclosure.rules import DEFAULT_MIN_CELL, Hidden, _is_small, check_min_cell

if TYPE_CHECKING:
    import pandas as pd

    from optamstats._typing import IntArray

__all__ = ["SuppressedTable", "suppress_small_cells"]


#: Status codes of :attr:`SuppressedTable.status`.
SHOWN: Final = 0


PRIMARY: Final = 1


SECONDARY: Final = 2


def _check_cells(counts: object, name: str) -> tuple[IntArray, tuple[Any, ...], tuple[Any, ...]]:
    """Return a table of counts as int64 (1-D or 2-D) with its row and column labels."""
    labels_rows: tuple[Any, ...] = ()
    labels_cols: tuple[Any, ...] = ()
    values: Any = counts
    kind = type(counts).__module__.split(".")[0]
    if kind == "pandas":
        import pandas as pd

        if isinstance(counts, pd.DataFrame):
            labels_rows, labels_cols = tuple(counts.index), tuple(counts.columns)
            values = counts.to_numpy(dtype=object)
        elif isinstance(counts, pd.Series):
            labels_rows = tuple(counts.index)
            values = counts.to_numpy(dtype=object)
        else:
            raise InvalidTypeError(
                f"`{name}` must be a table of counts (a DataFrame, Series, array or nested "
                f"lists of whole numbers); got a {type(counts).__name__}."
            )
    elif isinstance(counts, str | bytes) or not isinstance(counts, Sequence | np.ndarray):
        raise InvalidTypeError(
            f"`{name}` must be a table of counts (a DataFrame, Series, array or nested lists "
            f"of whole numbers); got {_show(counts)}."
        )
    try:
        array = np.asarray(values, dtype=object)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        raise ShapeError(
            f"`{name}` must be rectangular: every row with the same number of cells; "
            f"got {_show(counts)}."
        ) from exc
    if array.ndim not in (1, 2):
        raise ShapeError(
            f"`{name}` must be a 1-D or 2-D table of counts; got {array.ndim} dimension(s) "
            f"(shape {array.shape}). Flatten extra characteristics into the rows."
        )
    if array.size == 0:
        raise ShapeError(f"`{name}` must hold at least one cell; got shape {array.shape}.")
    out = np.empty(array.shape, dtype=np.int64)
    for where, cell in np.ndenumerate(array):
        if isinstance(cell, Sequence | np.ndarray) and not isinstance(cell, str | bytes):
            raise ShapeError(
                f"`{name}` must be rectangular: every row with the same number of cells; "
                f"got {_show(counts)}."
            )
        out[where] = _cell_count(cell, name, where)
    if not labels_rows:
        labels_rows = tuple(range(array.shape[0]))
    if array.ndim == 2 and not labels_cols:
        labels_cols = tuple(range(array.shape[1]))
    return out, labels_rows, labels_cols


def _cell_count(cell: object, name: str, where: tuple[int, ...]) -> int:
    at = where[0] if len(where) == 1 else where
    if isinstance(cell, bool | np.bool_):
        raise InvalidTypeError(
            f"`{name}` must hold whole numbers of respondents, not booleans; got {cell!r} at {at}."
        )
    if isinstance(cell, numbers.Integral):
        value = int(cell)
    elif isinstance(cell, numbers.Real):
        number = float(cell)
        if not math.isfinite(number) or not number.is_integer():
            raise InvalidValueError(
                f"`{name}` must hold whole numbers of respondents; got {_show(cell)} at {at}. "
                "Suppression applies to counts, not to percentages or weighted totals."
            )
        value = int(number)
    else:
        raise InvalidTypeError(
            f"`{name}` must hold whole numbers of respondents; got {_show(cell)} at {at}."
        )
    if value < 0 or value > MAX_COUNT:
        raise InvalidValueError(f"`{name}` must hold counts from 0 to 2**53; got {value} at {at}.")
    return value


def _check_mask(mask: object, shape: tuple[int, ...], name: str) -> np.ndarray[Any, Any]:
    try:
        array = np.asarray(mask)
    except (TypeError, ValueError):  # ragged nested lists
        array = np.asarray(None)
    if array.dtype != np.bool_:
        raise InvalidTypeError(
            f"`{name}` must be a boolean mask of the table's cells (True = hide); got dtype "
            f"{array.dtype}."
        )
    if array.shape != shape:
        raise ShapeError(f"`{name}` must have the table's shape {shape}; got {array.shape}.")
    return array


@dataclass(frozen=True, slots=True, repr=False)
class SuppressedTable:
    """A table of counts with its primary and secondary suppressions.

    The table is kept *with its margins* when they are published: a last row of column
    totals, a last column of row totals (a 1-D table: a last cell, the total). A margin
    may itself be hidden when nothing else protects a cell (a one-row table).

    Attributes
    ----------
    counts : ndarray of int64
        The true counts, margins included (``shape`` + 1 along each axis when
        `margins`). Never publish this attribute: publish :meth:`display`,
        :meth:`to_frame` or :meth:`proportions`.
    status : ndarray of int8
        Same shape: 0 shown, 1 primary (a count from 1 to ``min_cell − 1``, or asked
        by the caller), 2 secondary (hidden so that no primary can be recomputed).
    min_cell : int
        Smallest count shown.
    margins : bool
        Whether the totals are part of the published table.
    rows, columns : tuple
        Labels, totals included (``"Total"``). A 1-D table has no columns.

    References
    ----------
    .. [1] L. H. Cox, "Suppression methodology and statistical disclosure control",
       J. Amer. Statist. Assoc. 75(370):377–385, 1980.

    Examples
    --------
    >>> t = suppress_small_cells([[12, 3, 20], [15, 9, 30]])
    >>> print(t.display())
            0    1   2 Total
    0       s  < 5  20    35
    1       s    s  30    54
    Total  27   12  50    89
    """

    counts: IntArray
    status: np.ndarray[Any, np.dtype[np.int8]]
    min_cell: int
    margins: bool
    rows: tuple[Any, ...]
    columns: tuple[Any, ...] = ()

    @property
    def suppressed(self) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Mask of hidden cells (primary or secondary), margins included."""
        return np.asarray(self.status != SHOWN)

    @property
    def primary(self) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Mask of cells hidden for their own count."""
        return np.asarray(self.status == PRIMARY)

    @property
    def secondary(self) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Mask of cells hidden to protect another one."""
        return np.asarray(self.status == SECONDARY)

    @property
    def n_suppressed(self) -> int:
        """Number of hidden cells, margins included."""
        return int(np.count_nonzero(self.status))

    def label(self, where: tuple[int, ...] | int, lang: str = "en") -> str:
        """Return what a reader sees in one cell: the count, ``"< 5"`` or ``"s"``.

        Parameters
        ----------
        where : int or tuple of int
            The cell's index.
        lang : {"en", "fr"}
            Thousands separator of shown counts.

        Returns
        -------
        str
            The cell as displayed.
        """
        status = int(self.status[where])
        value = int(self.counts[where])
        if status != SHOWN:
            # "< 5" only where it is true: a cell hidden for its complement, or to
            # protect another, may hold any count.
            small = status == PRIMARY and _is_small(value, self.min_cell)
            return Hidden.below(self.min_cell) if small else Hidden.protecting()
        text = f"{value:,}"
        return text.replace(",", "\u202f") if lang == "fr" else text

    def display(self, lang: str = "en") -> pd.DataFrame:
        """Return the table as people may see it: strings, hidden cells as ``< 5`` or ``s``.

        Parameters
        ----------
        lang : {"en", "fr"}
            Thousands separator (``1,234`` or ``1 234``).

        Returns
        -------
        pandas.DataFrame
            One string per cell, margins included.

        Examples
        --------
        >>> print(suppress_small_cells([2, 10, 30]).display())
              count
        0       < 5
        1         s
        2        30
        Total    42
        """
        import pandas as pd

        check_choice("lang", lang, ("en", "fr"))
        cells = np.empty(self.counts.shape, dtype=object)
        for where in np.ndindex(*self.counts.shape):
            cells[where] = self.label(where, lang)
        if self.counts.ndim == 1:
            return pd.DataFrame({"count": cells}, index=list(self.rows))
        return pd.DataFrame(cells, index=list(self.rows), columns=list(self.columns))

    def to_frame(self) -> pd.DataFrame:
        """Return a tidy table: one row per cell, hidden counts as ``<NA>``.

        Returns
        -------
        pandas.DataFrame
            Columns ``row`` (and ``column`` for 2-D tables), ``count`` (nullable
            ``Int64``: ``<NA>`` where hidden), ``status`` (``"shown"``, ``"primary"``,
            ``"secondary"``) and ``display`` (what a reader sees).

        Examples
        --------
        >>> suppress_small_cells([2, 10, 30]).to_frame()
             row  count     status display
        0      0   <NA>    primary     < 5
        1      1   <NA>  secondary       s
        2      2     30      shown      30
        3  Total     42      shown      42
        """
        import pandas as pd

        names = {SHOWN: "shown", PRIMARY: "primary", SECONDARY: "secondary"}
        records: dict[str, list[Any]] = {"row": []}
        if self.counts.ndim == 2:
            records["column"] = []
        records.update({"count": [], "status": [], "display": []})
        for where in np.ndindex(*self.counts.shape):
            records["row"].append(self.rows[where[0]])
            if self.counts.ndim == 2:
                records["column"].append(self.columns[where[1]])
            hidden = bool(self.status[where])
            records["count"].append(pd.NA if hidden else int(self.counts[where]))
            records["status"].append(names[int(self.status[where])])
            records["display"].append(self.label(where))
        frame = pd.DataFrame(records)
        frame["count"] = frame["count"].astype("Int64")
        return frame

    def proportions(
        self, by: str = "row", *, confidence: float = 0.95, method: str = "wilson"
    ) -> pd.DataFrame:
        """Return each cell as a share of its row, column or grand total, with intervals.

        Percentages and intervals of hidden cells are hidden too, and so are all the
        shares of a row (column) whose total is hidden: a share and its count give the
        total back.

        Parameters
        ----------
        by : {"row", "column", "total"}
            The base of each share. 1-D tables accept ``"total"`` (and ``"row"`` as
            its synonym).
        confidence : float
            Level of the intervals.
        method : str
            Interval method of :func:`optamstats.proportion`.

        Returns
        -------
        pandas.DataFrame
            Columns ``row`` (``column``), ``k``, ``n``, ``estimate``, ``low``, ``high``
            (nullable: ``<NA>`` where hidden) and ``status`` of the cell. Margins are
            not rows of this table.

        Raises
        ------
        InvalidValueError
            `by` is not a base of this table, or the table has no published margins
            (shares of unpublished totals would reveal them).

        Examples
        --------
        >>> t = suppress_small_cells([[12, 3, 20], [15, 9, 30]])
        >>> t.proportions("row")[["row", "column", "k", "estimate"]].round(3)
           row  column     k  estimate
        0    0       0  <NA>      <NA>
        1    0       1  <NA>      <NA>
        2    0       2    20     0.571
        3    1       0  <NA>      <NA>
        4    1       1  <NA>      <NA>
        5    1       2    30     0.556
        """
        import pandas as pd

        from optamstats.proportions import proportion

        choices = ("row", "total") if self.counts.ndim == 1 else ("row", "column", "total")
        by = check_choice("by", by, choices)
        if not self.margins:
            raise InvalidValueError(
                "`by`: shares need published totals, and this table was suppressed with "
                "`margins=False`. Suppress it again with `margins=True`."
            )
        cells = list(np.ndindex(*(s - 1 for s in self.counts.shape)))
        bases = [_base_of(w, by) for w in cells]
        k = np.array([self.counts[w] for w in cells], dtype=np.int64)
        n = np.array([self.counts[b] for b in bases], dtype=np.int64)
        base_hidden = np.array([bool(self.status[b]) for b in bases], dtype=bool)
        hidden = np.array([bool(self.status[w]) for w in cells], dtype=bool)
        hidden |= base_hidden | (n == 0)  # an empty row has no shares
        safe_n = np.where(n == 0, 1, n)
        result = proportion(np.minimum(k, safe_n), safe_n, confidence=confidence, method=method)
        names = {SHOWN: "shown", PRIMARY: "primary", SECONDARY: "secondary"}

        def nullable(values: Any, dtype: Any, mask: np.ndarray[Any, Any]) -> pd.Series:
            series: pd.Series = pd.Series(np.asarray(values)).astype(dtype)
            series[mask] = pd.NA
            return series

        data: dict[str, Any] = {"row": [self.rows[w[0]] for w in cells]}
        if self.counts.ndim == 2:
            data["column"] = [self.columns[w[1]] for w in cells]
        frame = pd.DataFrame(data)
        frame["k"] = nullable(k, "Int64", np.array([bool(self.status[w]) for w in cells]))
        frame["n"] = nullable(n, "Int64", base_hidden)
        frame["estimate"] = nullable(result.estimate, "Float64", hidden)
        frame["low"] = nullable(result.low, "Float64", hidden)
        frame["high"] = nullable(result.high, "Float64", hidden)
        frame["status"] = [names[int(self.status[w])] for w in cells]
        return frame

    def __repr__(self) -> str:
        shape = "×".join(str(s) for s in self.counts.shape)
        return (
            f"SuppressedTable({shape} with margins={self.margins}, min_cell={self.min_cell}: "
            f"{int(np.count_nonzero(self.primary))} primary, "
            f"{int(np.count_nonzero(self.secondary))} secondary)"
        )

    def _repr_html_(self) -> str:
        """Return the displayed table as HTML (Jupyter)."""
        import html

        frame = self.display()
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
        body = "".join(
            f"<tr><th>{html.escape(str(label))}</th>"
            + "".join(f"<td>{html.escape(str(v))}</td>" for v in row)
            + "</tr>"
            for label, row in zip(frame.index, frame.to_numpy(), strict=True)
        )
        return (
            f"<table><caption>{html.escape(repr(self))}</caption><thead><tr><th></th>{head}"
            f"</tr></thead><tbody>{body}</tbody></table>"
        )


def _base_of(cell: tuple[int, ...], by: str) -> tuple[int, ...]:
    """Where the base of a share of `cell` is in the table with margins."""
    if len(cell) == 1:
        return (-1,)
    if by == "row":
        return (cell[0], -1)
    return (-1, cell[1]) if by == "column" else (-1, -1)


def suppress_small_cells(
    counts: Any,
    min_cell: int = DEFAULT_MIN_CELL,
    *,
    margins: bool = True,
    primary: Any = None,
    audit: bool = True,
) -> SuppressedTable:
    """Hide the small cells of a table of respondent counts, and what would reveal them.

    Primary suppression hides every count from 1 to ``min_cell − 1`` (and the cells of
    `primary`). Secondary suppression then hides further cells until no hidden cell can
    be recomputed from the published ones and the totals: in a 2-D table with its
    margins, a hidden cell is recomputable exactly when it lies on no cycle of hidden
    cells (rows and columns as the two sides of a bipartite graph, hidden cells as its
    edges — such a cell is a *bridge*). Each bridge is closed into a cycle along the
    cheapest path of cells, cost = the count hidden (zeros last: a hidden zero protects
    little, since counts cannot go below it), until no bridge is left.

    Parameters
    ----------
    counts : DataFrame, Series, array or nested lists of int
        A 1-D or 2-D table of respondent counts, without totals. Labels of a DataFrame
        or Series are kept.
    min_cell : int, default 5
        Smallest count shown. 11 follows the French health-data practice
        (``FRENCH_HEALTH_MIN_CELL``).
    margins : bool, default True
        Whether row, column and grand totals are published with the table. Without
        them nothing can be recomputed, and only primary suppression is applied.
    primary : array of bool, optional
        Cells to hide whatever their count (e.g. ``needs_suppression(k, n)`` for the
        complement of each cell in its base).
    audit : bool, default True
        After the bridge rule, audit the printed table by linear programming (the
        ``< t`` markers are bounds 1 … t − 1 that, with the totals, can pin cells) and
        hide more cells until every primary cell keeps its protection interval. It
        costs about 20 s on a 30 × 12 table with 150 small cells (milliseconds on
        small tables); False skips it and keeps only the bridge guarantee.

    Returns
    -------
    SuppressedTable
        Publish :meth:`~SuppressedTable.display`, :meth:`~SuppressedTable.to_frame` or
        :meth:`~SuppressedTable.proportions`.

    Raises
    ------
    InvalidTypeError
        Non-numeric cells or `min_cell`, a `primary` that is not boolean.
    InvalidValueError
        Negative or fractional counts, `min_cell` below 2.
    ShapeError
        A table that is empty, ragged or more than 2-D; a `primary` of another shape.

    Notes
    -----
    The algorithm is a greedy heuristic, not the optimal (fewest hidden cells) solution
    of sdcTable's ``protectTable(method="OPT")`` or tau-ARGUS. The bridge rule
    guarantees that no hidden cell is determined by the linear row and column
    equations; the audit (`audit`) then guarantees each primary cell's protection
    interval given the markers' bounds too (issue 16, attack 4).

    References
    ----------
    .. [1] L. H. Cox, "Suppression methodology and statistical disclosure control",
       J. Amer. Statist. Assoc. 75(370):377–385, 1980.
    .. [2] A. Hundepool et al., *Statistical Disclosure Control*, Wiley, 2012, ch. 5.
    .. [3] R. E. Tarjan, "A note on finding the bridges of a graph", Inform. Process.
       Lett. 2(6):160–161, 1974.

    Examples
    --------
    One cell of 3 in a 2 × 3 table: hiding it alone, or with one more cell of its
    row, would let the totals give it back; a cycle of four cells is hidden, through
    the cheapest column (12 + 15 + 9 < 20 + 30 + 9).

    >>> t = suppress_small_cells([[12, 3, 20], [15, 9, 30]])
    >>> int(t.primary.sum()), int(t.secondary.sum())
    (1, 3)
    >>> print(t.display())
            0    1   2 Total
    0       s  < 5  20    35
    1       s    s  30    54
    Total  27   12  50    89
    """
    threshold = check_min_cell(min_cell)
    if not isinstance(margins, bool | np.bool_):
        raise InvalidTypeError(f"`margins` must be True or False; got {_show(margins)}.")
    if not isinstance(audit, bool | np.bool_):
        raise InvalidTypeError(f"`audit` must be True or False; got {_show(audit)}.")
    cells, rows, columns = _check_cells(counts, "counts")
    forced = (
        np.zeros(cells.shape, dtype=bool)
        if primary is None
        else _check_mask(primary, cells.shape, "primary")
    )
    small = _is_small(cells, threshold) | forced
    if not margins:
        status = np.where(small, PRIMARY, SHOWN).astype(np.int8)
        return SuppressedTable(cells, status, threshold, False, rows, columns)
    if cells.ndim == 1:
        table = np.append(cells, cells.sum())
        status = np.zeros(table.shape, dtype=np.int8)
        status[:-1][small] = PRIMARY
        _protect_1d(table, status)
        if audit:  # as a one-row table: the same constraints, the same audit
            flat = np.vstack([table, table])
            grid = np.zeros((2, table.size), dtype=np.int8)
            grid[0] = status
            grid[1] = status
            _protect_by_audit(flat, grid, threshold)
            status[:] = np.maximum(grid[0], grid[1])  # a column total is its cell
        return SuppressedTable(table, status, threshold, True, (*rows, "Total"), ())
    table = np.zeros((cells.shape[0] + 1, cells.shape[1] + 1), dtype=np.int64)
    table[:-1, :-1] = cells
    table[:-1, -1] = cells.sum(axis=1)
    table[-1, :-1] = cells.sum(axis=0)
    table[-1, -1] = cells.sum()
    status = np.zeros(table.shape, dtype=np.int8)
    status[:-1, :-1][small] = PRIMARY
    _protect_2d(table, status)
    if audit:
        _protect_by_audit(table, status, threshold)
    return SuppressedTable(table, status, threshold, True, (*rows, "Total"), (*columns, "Total"))


def _protect_by_audit(table: IntArray, status: np.ndarray[Any, Any], threshold: int) -> None:
    """Hide more cells until the LP audit protects every primary cell (issue 16, attack 4).

    The bridge rule makes no hidden cell a linear function of the published ones, but
    the bounds the markers print ("< 5": 1 … 4) can still pin cells: two "< 5" cells
    whose row gives them a sum of 2 are both 1, and the column totals then give their
    cycle back. The table, as printed, is read into the audit's constraints (shown
    cells and totals, markers as bounds), and shown cells are hidden — the first that
    widens a pinned cell's range, else the cheapest — until every primary cell keeps
    its protection interval.
    """
    rows, cols = table.shape[0] - 1, table.shape[1] - 1
    if not status.any():
        return
    var = {(i, j): i * cols + j for i in range(rows) for j in range(cols)}
    total = int(table[-1, -1])

    def terms(i: int, j: int) -> Terms:
        if i < rows and j < cols:
            return ((var[i, j], 1.0),)
        if i < rows:
            return tuple((var[i, k], 1.0) for k in range(cols))
        if j < cols:
            return tuple((var[k, j], 1.0) for k in range(rows))
        return tuple((v, 1.0) for v in var.values())

    def model() -> _Model:
        facts = []
        protect = []
        for (i, j), value in np.ndenumerate(table):
            margin = i == rows or j == cols
            if not status[i, j]:
                cost = float(total * 2 + value) if margin else float(_cost(int(value), total))
                facts.append(_Fact(terms(i, j), int(value), int(value), group=f"{i},{j}",
                                   cost=cost))  # fmt: skip
            elif status[i, j] == PRIMARY and _is_small(value, threshold):
                facts.append(_Fact(terms(i, j), 1, threshold - 1))
            if status[i, j] == PRIMARY:
                protect.append(_Protect(terms(i, j), 0, threshold, f"cell {i}, {j}"))
        return _Model(tuple(map(str, var)), tuple(facts), tuple(protect), "table", threshold)

    hidden, _ = _secondary_by_audit(model())
    for group in hidden:
        i, j = (int(x) for x in group.split(","))
        status[i, j] = SECONDARY


def _cost(value: int, total: int) -> int:
    """Cost of hiding a cell: its count; a zero last (it only bounds from below)."""
    return value if value > 0 else total + 1


def _protect_1d(table: IntArray, status: np.ndarray[Any, Any]) -> None:
    """Cells and their total obey one equation: two unknowns or more are safe."""
    hidden = np.flatnonzero(status)
    if hidden.size != 1:
        return
    total = int(table[-1])
    candidates = [i for i in range(table.size) if not status[i]]
    # The published total is itself an unknown candidate (a one-cell table).
    best = min(candidates, key=lambda i: (_cost(int(table[i]), total), i))
    status[best] = SECONDARY


def _bridges(n_rows: int, n_cols: int, edges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Bridges of the bipartite graph rows + columns, by Tarjan's lowlink (iterative)."""
    n_nodes = n_rows + n_cols
    adjacency: list[list[tuple[int, int]]] = [[] for _ in range(n_nodes)]
    for e, (i, j) in enumerate(edges):
        adjacency[i].append((n_rows + j, e))
        adjacency[n_rows + j].append((i, e))
    order = [-1] * n_nodes
    low = [0] * n_nodes
    found: list[tuple[int, int]] = []
    counter = 0
    for root in range(n_nodes):
        if order[root] != -1 or not adjacency[root]:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack: list[tuple[int, int, int]] = [(root, -1, 0)]  # node, edge in, next index
        while stack:
            node, via, nxt = stack[-1]
            if nxt < len(adjacency[node]):
                stack[-1] = (node, via, nxt + 1)
                other, e = adjacency[node][nxt]
                if e == via:
                    continue
                if order[other] == -1:
                    order[other] = low[other] = counter
                    counter += 1
                    stack.append((other, e, 0))
                else:
                    low[node] = min(low[node], order[other])
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    found.append(edges[via])
    return sorted(found)


def _cheapest_cycle(
    table: IntArray, status: np.ndarray[Any, Any], bridge: tuple[int, int]
) -> list[tuple[int, int]]:
    """Cells to hide so that `bridge` lies on a cycle: cheapest row-to-column path.

    Dijkstra on the complete bipartite graph without the bridge itself; hidden cells
    cost nothing, a shown cell its :func:`_cost`.
    """
    n_rows, n_cols = table.shape
    total = int(table[-1, -1])
    start, goal = bridge[0], n_rows + bridge[1]
    dist = {start: 0}
    previous: dict[int, int] = {}
    heap = [(0, start)]
    done: set[int] = set()
    while heap:
        d, node = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        if node == goal:
            break
        if node < n_rows:
            neighbours = ((n_rows + j, (node, j)) for j in range(n_cols))
        else:
            neighbours = ((i, (i, node - n_rows)) for i in range(n_rows))
        for other, cell in neighbours:
            if cell == bridge or other in done:
                continue
            weight = 0 if status[cell] else _cost(int(table[cell]), total)
            if d + weight < dist.get(other, math.inf):
                dist[other] = d + weight
                previous[other] = node
                heapq.heappush(heap, (d + weight, other))
    path: list[tuple[int, int]] = []
    node = goal
    while node != start:
        before = previous[node]
        cell = (before, node - n_rows) if before < n_rows else (node, before - n_rows)
        if not status[cell]:
            path.append(cell)
        node = before
    return path


def _protect_2d(table: IntArray, status: np.ndarray[Any, Any]) -> None:
    """Secondary suppression of a table with its margins, until no hidden cell is a bridge.

    With margins, the table (R + 1) × (C + 1) has every row and column sum known once
    the totals are signed (−1 on the margins), so a hidden cell is recomputable exactly
    when it is a bridge of the graph of hidden cells. Adding cells never turns a
    non-bridge into a bridge, and each round puts one bridge on a cycle: this ends.
    """
    n_rows, n_cols = table.shape
    while True:
        edges = [(int(i), int(j)) for i, j in zip(*np.nonzero(status), strict=True)]
        bridges = _bridges(n_rows, n_cols, edges)
        if not bridges:
            return
        for cell in _cheapest_cycle(table, status, bridges[0]):
            status[cell] = SECONDARY
