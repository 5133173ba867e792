"""Multi-select answers: the parsed form and how exports are read into it.

Reads real exports into one boolean column per option: delimited strings (Google
Forms joins the ticked labels with ``", "`` even when a label contains ``", "``;
Microsoft Forms ends every choice with ``";"``) and one-hot columns (LimeSurvey's
``"Y"``/blank, 0/1, ``"Oui"``/blank). Part of :mod:`optamstats.multiselect`.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import numpy as np

from optamstats._checks import (
    InvalidTypeError,
    InvalidValueError,
    _repr,
    check_choice,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AmbiguousAnswerError", "MultiSelectAnswers", "UnknownOptionError", "parse_multiselect"]

OTHER_CHOICES: Final = ("error", "keep")
# Cell values of one-hot exports read as "ticked" / "not ticked" (compared after
# strip() and casefold()); a cell holding the option's own label also counts as ticked,
# as SurveyMonkey exports do. Anything else is refused rather than guessed.
TICKED: Final = frozenset(
    {"1", "1.0", "y", "yes", "oui", "o", "x", "true", "vrai", "checked", "coché", "selected"}
)
UNTICKED: Final = frozenset(
    {"0", "0.0", "n", "no", "non", "false", "faux", "unchecked", "non coché", "not selected"}
)
# Elements of the (resamples x respondents) weight matrix built per bootstrap batch:
# How many unknown fragments an error message shows.
_SHOW_UNKNOWN: Final = 3


class UnknownOptionError(InvalidValueError):
    """An answer holds text that matches none of the known options (with ``other="error"``).

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats import UnknownOptionError, parse_multiselect
    >>> try:
    ...     parse_multiselect(pd.Series(["A, C"]), ["A", "B"])
    ... except UnknownOptionError as error:
    ...     print(error)
    `series` holds text matching none of `options` in 1 row(s): 'C' (row 0). Add the
    missing label to `options` (check its exact spelling in the form), or pass
    other="keep" to keep such text as the free "Other" answer in `.other`.
    """


class AmbiguousAnswerError(InvalidValueError):
    """An answer string that two different sets of options explain equally well.

    Examples
    --------
    With options ``A``, ``B`` and ``A, B``, the cell ``"A, B"`` cannot say which was ticked:

    >>> import pandas as pd
    >>> from optamstats import AmbiguousAnswerError, parse_multiselect
    >>> try:
    ...     parse_multiselect(pd.Series(["A, B"]), ["A", "B", "A, B"])
    ... except AmbiguousAnswerError as error:
    ...     print(error)
    `series` row 0 can be read as two different sets of `options` (some labels are made
    of others joined by ', '). Rename the options so that none is a join of others, or
    export one column per option.
    """


def _show(value: object, width: int = 60) -> str:
    text = _repr(value)  # never raises, even for a 5000-digit int
    return text if len(text) <= width else text[: width - 3] + "..."


# --------------------------------------------------------------------------- answers


@dataclass(frozen=True, slots=True)
class MultiSelectAnswers:
    """Parsed answers to one multi-select question, one row per input row.

    Built by :func:`parse_multiselect`; the three attributes share the input's index.

    Attributes
    ----------
    indicators : pandas.DataFrame
        One boolean column per option, in the form's order, named by the option's label:
        True where the respondent ticked it. Rows that did not answer are all False.
    other : pandas.Series
        The free text of the "Other" answer, ``""`` where there is none.
    answered : pandas.Series
        Boolean: the respondent answered the question (the base of every percentage).
        A blank cell is not an answer.

    Raises
    ------
    InvalidTypeError
        Attributes that are not a boolean DataFrame / string Series / boolean Series.
    InvalidValueError
        Attributes whose indexes differ, or a row not answered that ticks an option.

    See Also
    --------
    parse_multiselect : Build it from an export.

    Notes
    -----
    The representation shows counts only, never the free text, so that printing the
    object in a notebook discloses no respondent's words.

    References
    ----------
    .. [1] A. Agresti and I.-M. Liu, "Modeling a categorical variable allowing
       arbitrarily many category choices", Biometrics 55:936–943, 1999.

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.multiselect import parse_multiselect
    >>> answers = parse_multiselect(pd.Series(["A, B", "B", None]), ["A", "B"])
    >>> answers
    MultiSelectAnswers(2 options, 2 of 3 rows answered, 0 with other text)
    >>> answers.options
    ('A', 'B')
    """

    indicators: pd.DataFrame
    other: pd.Series[Any]
    answered: pd.Series[Any]

    def __post_init__(self) -> None:
        import pandas as pd

        if not isinstance(self.indicators, pd.DataFrame):
            raise InvalidTypeError(
                f"`indicators` must be a pandas DataFrame of booleans; got "
                f"{type(self.indicators).__name__}. Build answers with `parse_multiselect`."
            )
        if not all(pd.api.types.is_bool_dtype(t) for t in self.indicators.dtypes):
            raise InvalidTypeError(
                "`indicators` must hold booleans only (one column per option); got dtypes "
                f"{sorted({str(t) for t in self.indicators.dtypes})}. "
                "Parse 0/1 or 'Y'/blank columns with `parse_multiselect`."
            )
        for name in ("other", "answered"):
            value = getattr(self, name)
            if not isinstance(value, pd.Series):
                raise InvalidTypeError(
                    f"`{name}` must be a pandas Series; got {type(value).__name__}."
                )
            if not value.index.equals(self.indicators.index):
                raise InvalidValueError(
                    f"`{name}` must share the index of `indicators`; the indexes differ."
                )
        if not pd.api.types.is_bool_dtype(self.answered.dtype):
            raise InvalidTypeError(
                f"`answered` must be a boolean Series; got dtype {self.answered.dtype}."
            )
        ticked_unanswered = self.indicators.to_numpy(dtype=bool).any(axis=1) & ~(
            self.answered.to_numpy(dtype=bool)
        )
        if ticked_unanswered.any():
            where = _row_label(self.indicators.index[int(np.argmax(ticked_unanswered))])
            raise InvalidValueError(
                f"`answered` is False at row {where} where an option is ticked; "
                "a row that ticks an option answered the question."
            )

    @property
    def options(self) -> tuple[str, ...]:
        """The option labels, in the form's order."""
        return tuple(str(c) for c in self.indicators.columns)

    @property
    def n_answered(self) -> int:
        """Number of respondents who answered: the base of the percentages."""
        return int(self.answered.to_numpy(dtype=bool).sum())

    def __repr__(self) -> str:
        n_other = int((self.other.astype(str).str.len() > 0).sum())
        return (
            f"MultiSelectAnswers({self.indicators.shape[1]} options, {self.n_answered} of "
            f"{len(self.answered)} rows answered, {n_other} with other text)"
        )

    def _matrix(self) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Return the indicators of the respondents who answered, an (n, m) boolean array."""
        answered = self.answered.to_numpy(dtype=bool)
        matrix: np.ndarray[Any, np.dtype[np.bool_]] = self.indicators.to_numpy(dtype=bool)[answered]
        if matrix.shape[0] == 0:
            raise InvalidValueError(
                "`answers` has no respondent who answered the question (every row is "
                "blank): a percentage of nobody is undefined."
            )
        return matrix


def _check_answers(answers: object) -> MultiSelectAnswers:
    if not isinstance(answers, MultiSelectAnswers):
        raise InvalidTypeError(
            "`answers` must be a MultiSelectAnswers; got "
            f"{type(answers).__name__}. Build it with `parse_multiselect(column, options)`."
        )
    return answers


# --------------------------------------------------------------------------- parsing


def _pieces(text: str, sep: str) -> tuple[str, ...]:
    return tuple(piece.strip() for piece in text.split(sep))


# A reading of an answer string: (ticked option indices, indices of the non-empty pieces
# left over as "Other" text).
_Reading: TypeAlias = tuple[frozenset[int], tuple[int, ...]]


# Stands for a piece of an answer that is no label's piece (free "Other" text): such a
# piece can only be read as other text, whatever it says. Not a string, so that it
# never equals a label's piece.
_OTHER: Final = object()


class _DelimitedParser:
    """Reads one joined answer string into (ticked option indices, other text).

    The string is cut at every separator into pieces; a known label is a run of
    consecutive pieces (labels may contain the separator). Among all the ways of
    reading the pieces as labels or "other" text, the parser keeps the ones that
    explain the most pieces with known labels -- so a label wins over a shorter label
    that is its prefix -- and refuses a string that two different readings explain
    equally well.

    The readings depend on the pieces only through which label pieces they are (a
    piece that is no label's piece can only be other text), so each string is reduced
    to a key -- its pieces, with every unknown non-empty piece replaced by `_OTHER` --
    and the reading is computed once per key. Strings that differ only by their free
    text (a million answers, a hundred thousand distinct "Other" texts) then cost a
    split and a dictionary look-up each, not a reading each.
    """

    def __init__(self, options: Sequence[str], sep: str) -> None:
        self.sep = sep
        self.labels = [_pieces(label, sep) for label in options]
        starts: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for index, pieces in enumerate(self.labels):
            starts.setdefault(pieces[0], []).append((pieces, index))
        self.starts = starts
        self.known = frozenset(piece for pieces in self.labels for piece in pieces)
        # A piece's part in the key: itself if blank or a label's piece, else `_OTHER`;
        # a dict look-up mapped in C over the pieces (`parse` runs once per distinct
        # string: ~82,000 times on a million rows).
        self._key_of = {"": "", **{piece: piece for piece in self.known}}.get
        self._others = itertools.repeat(_OTHER)
        self.readings: dict[tuple[object, ...], _Reading | None] = {}
        # Strings read whole, by their text before the last separator (see `parse`).
        self._heads: dict[str, tuple[frozenset[int], str] | None] = {}

    def parse(self, text: str) -> tuple[frozenset[int], str] | None:
        """Return (ticked, other) or None when the string is ambiguous.

        Blank strings are handled by the caller.
        """
        # Forms write the "Other" text after the ticked labels: "A, B, my own reason".
        # When the last piece is no label's piece, it can only be other text and joins no
        # label, so the string reads as its head (the text before the last separator)
        # plus that piece; heads repeat (a few hundred label sets for ~82,000 distinct
        # "Other" answers at 10^6 rows), so each is read once. A head that leaves other
        # text of its own is read whole instead (its pieces join the last one).
        # A string without separator is its own last piece, after an empty head.
        head, _, tail = text.rpartition(self.sep)
        last = tail.strip()
        if last and last not in self.known:
            read = self.head(head)
            if read is None:
                return None
            if not read[1]:
                return read[0], last
        return self._parse_whole(text)

    def head(self, head: str) -> tuple[frozenset[int], str] | None:
        """Return the reading of `head`, the text before an answer's last separator (cached)."""
        try:
            return self._heads[head]
        except KeyError:
            read = (frozenset(), "") if not head.strip() else self._parse_whole(head)
            self._heads[head] = read
            return read

    def _parse_whole(self, text: str) -> tuple[frozenset[int], str] | None:
        raw = text.split(self.sep)
        pieces = list(map(str.strip, raw))
        while pieces and not pieces[-1]:  # Microsoft Forms: a trailing ";"
            pieces.pop()
            raw.pop()
        key = tuple(map(self._key_of, pieces, self._others))
        try:
            reading = self.readings[key]
        except KeyError:
            reading = self.readings[key] = self._read(key)
        if reading is None:
            return None
        ticked, rest = reading
        if not rest:
            return ticked, ""
        if len(rest) == 1:
            return ticked, raw[rest[0]].strip()
        return ticked, self.sep.join([raw[j] for j in rest]).strip()

    def _read(self, pieces: tuple[object, ...]) -> _Reading | None:
        """Return the one best reading of the pieces, or None if two tie."""
        k = len(pieces)
        # best[i]: (pieces covered by labels, readings of pieces[i:]); a reading is
        # (ticked option indices, indices of non-empty pieces left as other text).
        best: list[tuple[int, list[_Reading]]] = [(0, [])] * (k + 1)
        best[k] = (0, [(frozenset(), ())])
        for i in range(k - 1, -1, -1):
            cover, tails = best[i + 1]
            keep = () if not pieces[i] else (i,)
            candidates: list[tuple[int, list[_Reading]]] = [
                (cover, [(ticked, keep + rest) for ticked, rest in tails])
            ]
            piece = pieces[i]
            starting = self.starts.get(piece, ()) if isinstance(piece, str) else ()
            for label, index in starting:
                end = i + len(label)
                if end <= k and tuple(pieces[i:end]) == label:
                    cover, tails = best[end]
                    candidates.append(
                        (cover + len(label), [(ticked | {index}, rest) for ticked, rest in tails])
                    )
            top = max(cover for cover, _ in candidates)
            readings: list[_Reading] = []
            for cover, options in candidates:
                if cover == top:
                    for reading in options:
                        if reading not in readings:
                            readings.append(reading)
            # Two distinct readings are enough to call the string ambiguous.
            best[i] = (top, readings[:2])
        readings = best[0][1]
        return None if len(readings) > 1 else readings[0]


def _check_options(options: object, sep: str | None) -> list[str]:
    if isinstance(options, str | bytes) or not isinstance(options, Sequence | Mapping):
        raise InvalidTypeError(
            "`options` must be a list of the option labels in the form's order, such as "
            f"['Désaccord politique', 'Menace de sanctions']; got {_show(options)}."
        )
    labels = list(options.values()) if isinstance(options, Mapping) else list(options)
    if not labels:
        raise InvalidValueError("`options` must list at least one option label; got none.")
    seen: dict[tuple[str, ...] | str, str] = {}
    for label in labels:
        if not isinstance(label, str):
            raise InvalidTypeError(
                f"`options` must hold the labels as strings; got {_show(label)} "
                f"({type(label).__name__})."
            )
        if not label.strip():
            raise InvalidValueError(f"`options` must hold non-empty strings; got {_show(label)}.")
        key: tuple[str, ...] | str = label.strip()
        if sep is not None:
            key = _pieces(label, sep)
            if any(not piece for piece in key):
                raise InvalidValueError(
                    f"`options` label {_show(label)} starts or ends with the separator "
                    f"{sep!r}, or holds two in a row; an export cannot tell where such a "
                    "label ends. Remove the stray separator from the label."
                )
        if key in seen:
            raise InvalidValueError(
                f"`options` must be distinct; {_show(seen[key])} and {_show(label)} read "
                "the same once surrounding spaces are ignored."
            )
        seen[key] = label
    return labels


def _row_label(label: object) -> str:
    return repr(label.item() if isinstance(label, np.generic) else label)


def _unknown_error(others: np.ndarray[Any, Any], index: pd.Index[Any]) -> UnknownOptionError:
    """Build the error listing up to `_SHOW_UNKNOWN` unknown texts, each with a row."""
    import pandas as pd

    rows = np.flatnonzero(others != "")
    codes, texts = pd.factorize(others[rows])
    counts = np.bincount(codes)
    _, first = np.unique(codes, return_index=True)  # first row of each text, in order
    listed = "; ".join(
        f"{_show(str(texts[u]))} (row {_row_label(index[rows[first[u]]])}"
        f"{'' if counts[u] == 1 else f' and {counts[u] - 1} more'})"
        for u in range(min(len(texts), _SHOW_UNKNOWN))
    )
    more = len(texts) - _SHOW_UNKNOWN
    extra = f"; and {more} other unknown answer(s)" if more > 0 else ""
    return UnknownOptionError(
        f"`series` holds text matching none of `options` in {len(rows)} row(s): "
        f"{listed}{extra}. Add the missing label to `options` (check its exact spelling in "
        'the form), or pass other="keep" to keep such text as the free "Other" answer in '
        "`.other`."
    )


def _parse_delimited(
    series: pd.Series[Any],
    labels: list[str],
    sep: str,
    other: str,
    mandatory: bool,
    coded: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]] | None = None,
) -> MultiSelectAnswers:
    """Parse a text column; `coded` = (codes, uniques) of `series` if already factorized.

    With `coded`, `uniques` may hold values that no row of `series` has (the codes of
    a whole column, `series` a subset of its rows): those are not read.
    """
    import pandas as pd

    parser = _DelimitedParser(labels, sep)
    # Answers repeat heavily (2**m patterns at most, far fewer in practice): parse each
    # distinct string once, then broadcast its row through the integer codes.
    uniques: Any
    if coded is None:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        present = None
    else:
        codes, uniques = coded
        present = np.zeros(len(uniques) + 1, dtype=bool)
        present[codes] = True  # code −1 (NA) marks the extra last entry
    m = len(labels)
    size = len(uniques)
    # Per distinct string: the row of its set of ticked options in `sets`, −1 when it
    # answers nothing (blank); the extra last entry is the NA string (code −1).
    # Filled as lists, made arrays after the loop (a numpy item set costs more).
    which_of = [-1] * (size + 1)
    sets: dict[frozenset[int], int] = {}
    other_of = [""] * (size + 1)
    unknown: list[int] = []
    # A list of Python strings iterates several times faster than pandas' string array.
    values = np.asarray(uniques, dtype=object).tolist()
    read = range(size) if present is None else np.flatnonzero(present[:-1]).tolist()
    # The loop body runs once per distinct answer (~82,000 at 10^6 rows with "Other"
    # text): the common case -- ticked labels, then a piece that is no label's, after a
    # head already read -- is `parser.parse` written out here, with the set's row kept
    # per head (a third of the loop's time was the calls and tuples).
    sep, known = parser.sep, parser.known
    row_of_head: dict[str, int] = {}
    for u in read:
        value = values[u]
        if value.__class__ is str:
            head, _, tail = value.rpartition(sep)
            last = tail.strip()
            if last and last not in known:
                row = row_of_head.get(head)
                if row is None:
                    got = parser.head(head)
                    if got is not None and not got[1]:
                        row = row_of_head[head] = sets.setdefault(got[0], len(sets))
                if row is not None:
                    which_of[u] = row
                    other_of[u] = last
                    unknown.append(u)
                    continue
        if not isinstance(value, str):
            where = _row_label(series.index[int(np.argmax(codes == u))])
            raise InvalidTypeError(
                f"`series` must hold the answers as text (labels joined by {sep!r}); got "
                f"{_show(value)} at row {where}. For one column per option (0/1, 'Y'/blank) "
                "pass a DataFrame of those columns instead."
            )
        if not value.strip():
            continue
        parsed = parser.parse(value)
        if parsed is None:
            where = _row_label(series.index[int(np.argmax(codes == u))])
            raise AmbiguousAnswerError(
                f"`series` row {where} can be read as two different sets of `options` "
                f"(some labels are made of others joined by {sep!r}). Rename the options "
                "so that none is a join of others, or export one column per option."
            )
        ticked, text = parsed
        if not ticked and not text:  # only separators
            continue
        which_of[u] = sets.setdefault(ticked, len(sets))
        if text:
            other_of[u] = text
            unknown.append(u)
    which = np.array(which_of, dtype=np.intp)
    others = np.empty(size + 1, dtype=object)
    others[:] = other_of
    table = np.zeros((len(sets) + 1, m), dtype=bool)  # the last row ticks nothing
    for ticked, r in sets.items():
        table[r, list(ticked)] = True
    rows = table[which]
    answered = which >= 0
    if unknown and other == "error":
        raise _unknown_error(others[codes], series.index)
    index = series.index
    indicators = pd.DataFrame(rows[codes], index=index, columns=pd.Index(labels, dtype=object))
    answered_rows = np.ones(len(codes), dtype=bool) if mandatory else answered[codes]
    return MultiSelectAnswers(
        indicators,
        pd.Series(others[codes], index=index, dtype=object, name="other"),
        pd.Series(answered_rows, index=index, name="answered"),
    )


def _decode_cell(value: object, label: str, column: Hashable) -> int:
    """1 ticked, 0 explicitly not ticked, -1 blank."""
    if value is None:
        return -1
    if isinstance(value, bool | np.bool_):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return -1
        if number in (0.0, 1.0):
            return int(number)
    elif isinstance(value, str):
        text = value.strip().casefold()
        if not text:
            return -1
        if text in TICKED or text == label.strip().casefold():
            return 1
        if text in UNTICKED:
            return 0
    else:
        import pandas as pd

        if value is pd.NA:
            return -1
    raise InvalidValueError(
        f"`series` column {column!r} holds {_show(value)}, which reads neither as ticked "
        "(1, True, 'Y', 'Oui', 'X', the label itself) nor as not ticked (0, False, 'N', "
        "'Non', blank). Recode that column first."
    )


def _parse_one_hot(
    frame: pd.DataFrame,
    options: object,
    other: str,
    other_column: Hashable | None,
    mandatory: bool,
) -> MultiSelectAnswers:
    import pandas as pd

    labels = _check_options(options, None)
    if not frame.columns.is_unique:
        repeated = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
        raise InvalidValueError(
            f"`series` must have one column per option; column name(s) {_show(repeated, 200)} "
            "appear more than once."
        )
    if isinstance(options, Mapping):
        columns: list[Hashable] = list(options.keys())
    else:
        columns = list(labels)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InvalidValueError(
            f"`options` names column(s) {_show(missing, 200)} that `series` does not have; "
            f"its columns are {_show(list(frame.columns), 200)}. For coded columns such as "
            "'Q1[SQ001]', pass a mapping {column: label}."
        )
    if other_column is not None and other_column not in frame.columns:
        raise InvalidValueError(
            f"`other_column` {other_column!r} is not a column of `series`; its columns are "
            f"{_show(list(frame.columns), 200)}."
        )
    extra = [c for c in frame.columns if c not in columns and c != other_column]
    if extra:
        raise InvalidValueError(
            f"`series` has column(s) {_show(extra, 200)} that are not in `options`; select "
            "the option columns first (e.g. `df[option_columns]`), and name the free-text "
            "column with `other_column=`."
        )
    n = len(frame)
    ticked = np.zeros((n, len(columns)), dtype=bool)
    answered = np.zeros(n, dtype=bool)
    for j, (column, label) in enumerate(zip(columns, labels, strict=True)):
        codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
        states = np.array([_decode_cell(u, label, column) for u in uniques] + [-1], dtype=int)
        state = states[codes]
        ticked[:, j] = state == 1
        answered |= state >= 0
    others = np.full(n, "", dtype=object)
    if other_column is not None:
        texts = frame[other_column]
        present = (
            texts.notna().to_numpy() & (texts.astype(str).str.strip().str.len() > 0).to_numpy()
        )
        others[present] = texts[present].astype(str).str.strip().to_numpy()
        answered |= present
        if present.any() and other == "error":
            raise _unknown_error(others, frame.index)
    if mandatory:
        answered[:] = True
    index = frame.index
    return MultiSelectAnswers(
        pd.DataFrame(ticked, index=index, columns=pd.Index(labels, dtype=object)),
        pd.Series(others, index=index, dtype=object, name="other"),
        pd.Series(answered, index=index, name="answered"),
    )


def parse_multiselect(
    series: pd.Series[Any] | pd.DataFrame | Sequence[object] | np.ndarray[Any, Any],
    options: Sequence[str] | Mapping[Hashable, str],
    *,
    sep: str = ", ",
    other: str = "error",
    other_column: Hashable | None = None,
    mandatory: bool = False,
) -> MultiSelectAnswers:
    """Parse the answers to a multi-select question into one boolean column per option.

    Parameters
    ----------
    series : pandas.Series, pandas.DataFrame or sequence
        Either one column of text, each cell the ticked labels joined by `sep` (Google
        Forms, Microsoft Forms), or a DataFrame with one column per option (one-hot
        exports: 0/1, True/False, ``"Y"``/blank as LimeSurvey, ``"Oui"``/blank, the
        label/blank). A list or array is read as a column with a 0..n−1 index.
    options : sequence of str, or mapping
        The option labels in the form's order. For a DataFrame, the labels are the
        column names, or pass a mapping ``{column: label}`` for coded columns such as
        ``"Q1[SQ001]"``.
    sep : str, default ", "
        The separator between labels in a cell (``";"`` for Microsoft Forms, whose
        trailing ``";"`` is ignored). Labels may themselves contain `sep`.
    other : {"error", "keep"}, default "error"
        What to do with text matching no option (the respondent's "Other" answer, or a
        label missing from `options`): raise :class:`UnknownOptionError` listing it, or
        keep it in ``.other``.
    other_column : hashable, optional
        For a DataFrame, the column holding the "Other" free text (LimeSurvey's
        ``"Q1[other]"``).
    mandatory : bool, default False
        True if the form made the question mandatory: every row is then in the base,
        a blank meaning "nothing ticked". By default a blank cell (or, for one-hot
        input, a row with every cell blank) is a question not answered: out of the base.

    Returns
    -------
    MultiSelectAnswers
        ``.indicators`` (boolean DataFrame, one column per option in the order of
        `options`), ``.other`` (str Series, ``""`` where none) and ``.answered`` (bool
        Series), all indexed like the input.

    Raises
    ------
    UnknownOptionError
        With ``other="error"``, text that matches no option; the message lists up to
        three such fragments with a row where each occurs.
    AmbiguousAnswerError
        A cell that two different sets of options explain equally well (labels that
        are joins of other labels).
    InvalidTypeError
        A non-text cell in a text column; `options` not a list of labels.
    InvalidValueError
        Empty or duplicate labels, labels starting or ending with `sep`; one-hot cells
        that read neither as ticked nor as not ticked; columns missing or extra.

    Notes
    -----
    Google Forms writes the ticked labels in the form's order joined by ``", "`` and
    appends the "Other" text last, without a prefix; a label containing ``", "`` makes
    splitting on the separator wrong (``pandas.Series.str.get_dummies`` cuts it in
    two). Here the cell is cut at every separator and known labels are matched as runs
    of consecutive pieces, keeping the reading that explains the most pieces with
    known labels: a longer label wins over a shorter one that is its prefix, and
    whatever no label explains is the "Other" text. Spaces around pieces are ignored.
    Each distinct string is parsed once and its row broadcast to every respondent who
    gave it, so a million answers cost little more than their distinct patterns.

    In R, ``questionr::multi.split`` splits on the separator (wrong for such labels)
    and keeps blank rows in the base as "nothing ticked".

    References
    ----------
    .. [1] Google, "View & manage form responses", Google Docs Editors Help (responses
       to checkbox questions appear in one cell, separated by commas).
    .. [2] C. R. Bilder and T. M. Loughin, "Testing for marginal independence between
       two categorical variables with multiple responses", Biometrics 60:241–248, 2004
       (the data layout: one binary item per option).

    Examples
    --------
    A label containing the separator, and a free "Other" answer:

    >>> import pandas as pd
    >>> from optamstats.multiselect import parse_multiselect
    >>> options = ["Désaccord politique (PLFSS, régulation)", "Menace de sanctions"]
    >>> cells = pd.Series([
    ...     "Désaccord politique (PLFSS, régulation), Menace de sanctions",
    ...     "Menace de sanctions, Raisons familiales",
    ...     None,
    ... ])
    >>> answers = parse_multiselect(cells, options, other="keep")
    >>> answers.indicators.sum().tolist()
    [1, 2]
    >>> answers.other.tolist()
    ['', 'Raisons familiales', '']
    >>> answers.answered.tolist()
    [True, True, False]

    Microsoft Forms (``";"`` after every choice) and a LimeSurvey-style one-hot export:

    >>> parse_multiselect(["A;B;", "B;"], ["A", "B"], sep=";").indicators.sum().tolist()
    [1, 2]
    >>> frame = pd.DataFrame({"Q[SQ001]": ["Y", None, None], "Q[SQ002]": ["Y", "Y", None]})
    >>> onehot = parse_multiselect(frame, {"Q[SQ001]": "A", "Q[SQ002]": "B"})
    >>> onehot.indicators.sum().tolist(), onehot.n_answered
    ([1, 2], 2)
    """
    import pandas as pd

    other = check_choice("other", other, OTHER_CHOICES)
    if not isinstance(mandatory, bool):
        raise InvalidTypeError(f"`mandatory` must be True or False; got {_show(mandatory)}.")
    if isinstance(series, pd.DataFrame):
        return _parse_one_hot(series, options, other, other_column, mandatory)
    if other_column is not None:
        raise InvalidValueError(
            "`other_column` applies to a DataFrame of one column per option; `series` is "
            "a single text column, whose unknown text goes to `.other` (other='keep')."
        )
    if not isinstance(sep, str) or not sep:
        raise InvalidValueError(
            f'`sep` must be a non-empty string such as ", " or ";"; got {_show(sep)}.'
        )
    if isinstance(series, str | bytes) or not isinstance(series, pd.Series | Sequence | np.ndarray):
        raise InvalidTypeError(
            "`series` must be a pandas Series of answers (or a DataFrame of one column per "
            f"option); got {_show(series)}."
        )
    if not isinstance(series, pd.Series):
        array = np.asarray(series, dtype=object)
        if array.ndim != 1:
            raise InvalidValueError(
                f"`series` must be one column of answers; got an array of shape {array.shape}. "
                "Pass a DataFrame for one column per option."
            )
        series = pd.Series(array, dtype=object)
    labels = _check_options(options, sep)
    if isinstance(options, Mapping):
        raise InvalidTypeError(
            "`options` must be a list of labels for a text column; a mapping "
            "{column: label} is for a DataFrame of one column per option."
        )
    return _parse_delimited(series, labels, sep, other, mandatory)


def _parse_coded(
    series: pd.Series[Any],
    codes: np.ndarray[Any, Any],
    uniques: np.ndarray[Any, Any],
    options: Sequence[str],
    *,
    sep: str,
    other: str,
) -> MultiSelectAnswers:
    """:func:`parse_multiselect` of a text column whose values are already factorized.

    `codes` are those of `series`' rows (−1 for missing) into `uniques`, which may hold
    values of other rows too (a whole column's :class:`optamstats.forms.Coded`, the
    series a subset of its rows). Saves factorizing a million cells a second time. Only
    the index of `series` is read (the answers come from the codes).
    """
    other = check_choice("other", other, OTHER_CHOICES)
    labels = _check_options(options, sep)
    return _parse_delimited(series, labels, sep, other, False, coded=(codes, uniques))
