"""Answer coding: a text column as integer codes into its distinct answers.

Survey columns hold few distinct answers, so every test on a cell is made once per
distinct value (:class:`Coded`) and spread to the rows by indexing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from optamstats.survey.spec import SurveySpec


BoolArray = np.ndarray[Any, np.dtype[np.bool_]]


class Coded:
    """A text column as integer codes into its distinct values (``pandas.factorize``).

    Survey columns hold few distinct answers, so any test on a cell (blank? one of
    these answers? ticks this option?) is made once per distinct value and spread to
    the rows by indexing, instead of once per row. Missing values (NaN/None) get code
    −1.
    """

    __slots__ = ("_blank", "_blank_rows", "_codes", "_isin", "_uniques", "_values")

    def __init__(self, values: Any) -> None:
        import pandas as pd

        # Which distinct values are blank, computed once: a free-text column of a
        # million rows has ~650,000 of them, and every question's base asks.
        self._blank: np.ndarray[Any, np.dtype[np.bool_]] | None = None
        # Which rows are blank, when found without the codes (free text, below).
        self._blank_rows: np.ndarray[Any, np.dtype[np.bool_]] | None = None
        self._codes: np.ndarray[Any, np.dtype[np.intp]] | None = None
        self._uniques: np.ndarray[Any, np.dtype[np.object_]] | None = None
        # `isin` by the answers asked for: the skip logic asks the same conditions for
        # each question down a chain (22 times for the 2025 spec, 1 ms each at 10^6 rows).
        self._isin: dict[frozenset[str], BoolArray] = {}

        if isinstance(values, pd.Series | pd.Index):
            array = values.to_numpy(dtype=object)
        else:
            array = np.asarray(values, dtype=object)
        self._values: np.ndarray[Any, np.dtype[np.object_]] | None = array
        # A column of free text (mostly distinct strings, each its own object) is
        # factorized only if its codes are asked for: the report asks only which rows
        # are blank and which repeat an earlier one, and both are found without codes
        # (`blank`, `optamstats.survey.resubmissions`), 0.25 s sooner at 10^6 rows.
        if not _free_text(array):
            self._factorize()

    def _factorize(self) -> None:
        assert self._values is not None
        # The object array, not the Series: pandas factorizes it about twice as fast.
        codes, uniques = _factorize(self._values)
        self._codes = np.asarray(codes, dtype=np.intp)
        self._uniques = np.asarray(uniques, dtype=object)
        self._values = None

    @property
    def codes(self) -> np.ndarray[Any, np.dtype[np.intp]]:
        """Each row's code: the position of its value in :attr:`uniques`, −1 if missing."""
        if self._codes is None:
            self._factorize()
        assert self._codes is not None
        return self._codes

    @property
    def uniques(self) -> np.ndarray[Any, np.dtype[np.object_]]:
        """The distinct values, in order of first appearance."""
        if self._uniques is None:
            self._factorize()
        assert self._uniques is not None
        return self._uniques

    def where(
        self, test: Callable[[str], bool], *, missing: bool = False, among: BoolArray | None = None
    ) -> BoolArray:
        """Boolean array over the rows: `test` of each cell's text (`missing` for NaN).

        With `among` (a boolean mask over the rows), only the rows of `among` are
        tested: the others are False. Non-text values are tested as their ``str``.
        """
        wanted = None
        if among is not None and len(self.uniques) > _TEST_ALL:
            # Many distinct values ("Other" text): test only those of the rows asked.
            wanted = np.zeros(len(self.uniques) + 1, dtype=bool)
            wanted[self.codes[among]] = True
        out: BoolArray = self._value_flags(test, missing, wanted)[self.codes]
        if among is not None:
            out &= among
        return out

    def _value_flags(
        self, test: Callable[[str], bool], missing: bool = False, wanted: BoolArray | None = None
    ) -> BoolArray:
        """`test` of each distinct value (of those `wanted`, others False), then `missing`.

        The last entry is for code −1 (a missing value), so that ``flags[codes]`` spreads
        the flags to the rows.
        """
        import pandas as pd

        flags = np.zeros(len(self.uniques) + 1, dtype=bool)
        flags[-1] = missing  # code −1 indexes the last flag
        for i, u in enumerate(self.uniques):
            if wanted is not None and not wanted[i]:
                continue
            if isinstance(u, str):
                flags[i] = test(u)
            else:
                flags[i] = missing if pd.isna(u) else test(str(u))
        return flags

    def blank(self) -> BoolArray:
        """Return True where a cell is empty, only whitespace, or missing."""
        if self._blank_rows is None:
            # Every question's base asks: the rows are found once (a copy of a million
            # flags costs a twentieth of spreading them through the codes again).
            if self._codes is None:  # free text not factorized: cell by cell, if all str
                self._blank_rows = _blank_text(self._values)
            if self._blank_rows is None:
                self._blank_rows = self._blank_flags()[self.codes]
        return self._blank_rows.copy()

    def _blank_of(self, rows: np.ndarray[Any, Any]) -> BoolArray:
        """Return :meth:`blank` of the rows at positions `rows` only."""
        if self._codes is None or self._blank_rows is not None:
            if self._blank_rows is None:
                self.blank()
            assert self._blank_rows is not None
            some: BoolArray = self._blank_rows[rows]
            return some
        out: BoolArray = self._blank_flags()[self.codes[rows]]
        return out

    def _blank_flags(self) -> BoolArray:
        """Return, per distinct value and then for code −1 (the last entry), its blankness."""
        if self._blank is None:
            import pandas as pd

            flags = np.ones(len(self.uniques) + 1, dtype=bool)  # the last: code −1
            values = self.uniques.tolist()
            if all(map(str.__instancecheck__, values)):
                # Only strings (the usual case; a free-text column of a million rows has
                # ~650,000): str.strip mapped in C, no Python line per distinct answer.
                flags[:-1] = np.fromiter(map(str.strip, values), dtype=object,
                                         count=len(values)) == ""  # fmt: skip
            else:
                flags[:-1] = [
                    not u.strip() if isinstance(u, str) else bool(pd.isna(u)) or not str(u).strip()
                    for u in values
                ]
            self._blank = flags
        return self._blank

    def isin(self, wanted: Sequence[str]) -> BoolArray:
        """Return True where a cell equals one of `wanted`, ignoring spaces around both."""
        targets = frozenset(w.strip() for w in wanted)
        found = self._isin.get(targets)
        if found is None:
            found = self._isin[targets] = self.where(lambda u: u.strip() in targets)
        return found.copy()


# Above this many distinct values, `Coded.where(among=...)` tests only the values of
# the rows asked: finding them costs a pass over the rows (5 ms at 10^6 rows), which
# pays only when there are thousands of values to skip.
_TEST_ALL = 2048


def _free_text(array: np.ndarray[Any, np.dtype[np.object_]]) -> bool:
    """Tell a column of mostly distinct objects (free text) from a sample of its items.

    pandas' CSV parser gives the equal cells of a column one string object per chunk,
    so a column of answers repeats few objects; free text repeats almost none. The
    item addresses are read without touching the objects.
    """
    import ctypes

    import pandas as pd

    n = array.size
    if n < 1024 or array.ndim != 1 or not array.flags.c_contiguous:
        return False
    addresses = np.ctypeslib.as_array((ctypes.c_ssize_t * n).from_address(array.ctypes.data))
    sample = addresses[:: max(1, n // 4096)]
    return len(pd.unique(sample)) > sample.size // 4


def _blank_text(values: np.ndarray[Any, np.dtype[np.object_]] | None) -> BoolArray | None:
    """Which cells are empty or only whitespace, cell by cell; None unless all are str.

    For a column of free text, where nearly every cell is its own distinct answer:
    ``not s.strip()`` is ``s == "" or s.isspace()`` (the same whitespace), tested in
    C over the cells, without factorizing the column first.
    """
    import pandas as pd

    if values is None or pd.api.types.infer_dtype(values, skipna=False) != "string":
        return None
    blank: BoolArray = values == ""
    rest = np.flatnonzero(~blank)
    blank[rest] = np.fromiter(map(str.isspace, values[rest].tolist()), dtype=bool,
                              count=rest.size)  # fmt: skip
    return blank


def _factorize(array: np.ndarray[Any, np.dtype[np.object_]]) -> tuple[Any, Any]:
    """``pandas.factorize(array)`` (same codes, same uniques), faster on survey columns.

    pandas' CSV parser gives the equal cells of a column one string object (per chunk
    it reads), so a column of a million answers holds a few distinct objects. Their
    addresses (the object array's own items, read without touching the objects) are
    factorized as integers, then only one cell per address is compared as text: 3 to
    4 times faster on such a column. Codes and uniques stay in order of first
    appearance, and missing values get −1, as pandas gives them: equal cells with
    different addresses are merged by the second factorize. A column of mostly
    distinct objects (free text) goes to pandas directly.
    """
    import ctypes

    import pandas as pd

    n = array.size
    if n < 1024 or array.ndim != 1 or not array.flags.c_contiguous:
        return pd.factorize(array)
    # Free text repeats few objects: a sample of addresses tells it (a whole pass over
    # them cost 0.05 s on a million free-text cells before pandas took the column).
    if _free_text(array):
        return pd.factorize(array)
    # The item pointers, viewed while `array` holds a reference to every object.
    addresses = np.ctypeslib.as_array((ctypes.c_ssize_t * n).from_address(array.ctypes.data))
    by_address, distinct = pd.factorize(addresses)
    if len(distinct) > n // 4:
        return pd.factorize(array)
    if len(distinct) <= _BY_POINTER:
        # Each distinct object from its address (alive: `array` holds it), not from the
        # row where it first occurs -- finding those rows is two passes over the rows.
        read = ctypes.cast
        heads = np.fromiter((read(a, ctypes.py_object).value for a in distinct.tolist()),
                            dtype=object, count=len(distinct))  # fmt: skip
    else:
        first = np.empty(len(distinct), dtype=np.intp)
        first[by_address[::-1]] = np.arange(n - 1, -1, -1)  # first row of each address
        heads = array[first]
    codes, uniques = pd.factorize(heads)
    return np.asarray(codes)[by_address], uniques


# Up to this many distinct objects, `_factorize` reads them from their addresses (about
# 0.5 µs each, against 5 ms for the two passes over a million rows that find them).
_BY_POINTER = 4096


# Where `read_responses` leaves the codes it makes while checking the answers against a
# spec (column -> Coded of the frame it returns): a caller that goes on to build the
# cohort of that frame (the report's parse step) sets a dict here, so that no column is
# factorized twice (≈ 0.1 s a column at 10^6 rows). Unset, they are dropped. The codes
# are those of the cells as returned: any normalisation of the cells (e.g. to NFC) must
# come before the check.
_VALIDATION_CODES: ContextVar[dict[str, Coded] | None] = ContextVar(
    "_VALIDATION_CODES", default=None
)


def coder(frame: pd.DataFrame, cache: dict[str, Coded] | None = None) -> Callable[[str], Coded]:
    """Return ``column -> Coded`` for `frame`, factorizing each column once (in `cache`)."""
    store: dict[str, Coded] = {} if cache is None else cache

    def code(column: str) -> Coded:
        found = store.get(column)
        if found is None:
            found = store[column] = Coded(frame[column])
        return found

    return code


def is_blank(values: Any) -> BoolArray:
    """Boolean array: True where a text cell is empty or only whitespace (or missing)."""
    return Coded(values).blank()


def matches(values: Any, wanted: Sequence[str]) -> BoolArray:
    """Boolean array: True where a text cell equals one of `wanted`, ignoring outer spaces."""
    return Coded(values).isin(wanted)


class _CheckedCoder:
    """``column -> Coded`` for `frame`, checking a question's answers at first use.

    A column is factorized once; if the spec declares its options, its answers are
    checked against them the first time a step, a base or a proportion uses it (a
    column that is never used cannot change a result). `SurveySpec.validate` checks
    every column at once. :meth:`unchecked` gives the same codes without the check.
    """

    __slots__ = ("_checked", "_questions", "_raw", "_spec")

    def __init__(
        self, frame: pd.DataFrame, spec: SurveySpec | None, cache: dict[str, Coded] | None = None
    ) -> None:
        self._raw = coder(frame, cache)
        self._spec = spec
        self._questions = (
            {}
            if spec is None
            else {q.column: q for q in spec.questions if q.options and not q.other}
        )
        self._checked: set[str] = set()

    def __call__(self, column: str) -> Coded:
        coded = self._raw(column)
        if column not in self._checked and column in self._questions:
            assert self._spec is not None
            self._spec._check_answers(self._questions[column], coded)
            self._checked.add(column)
        return coded

    def unchecked(self, column: str) -> Coded:
        """Return the codes of `column` without checking its answers against options."""
        return self._raw(column)


def _checked_coder(frame: pd.DataFrame, spec: SurveySpec | None) -> _CheckedCoder:
    """``column -> Coded`` for `frame`, checking a question's answers at first use."""
    return _CheckedCoder(frame, spec)
