"""Multi-select ("check all that apply") questions: parsing, tables, paired comparisons.

A multi-select question is not a multinomial: each respondent may tick several
options, so the percentages of respondents add up to more than 100 % and any two
options are answered by the same people. This module

- parses real exports into one boolean column per option: delimited strings (Google
  Forms joins the ticked labels with ``", "`` even when a label contains ``", "``;
  Microsoft Forms ends every choice with ``";"``) and one-hot columns (LimeSurvey's
  ``"Y"``/blank, 0/1, ``"Oui"``/blank);
- tabulates each option's share of respondents with its interval, its share of
  mentions, and a bootstrap interval for its rank ("is the top motive really first?");
- compares two options among the same respondents (Newcombe's paired interval and
  McNemar's exact test) and measures which options go together (co-occurrence).

The test of multiple marginal independence across groups is in
:mod:`optamstats.marginal`. See ``docs/methods/multiselect.md`` for the formulas.
"""

from __future__ import annotations

import math
import numbers
import textwrap
import warnings
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, TypeAlias, cast

import numpy as np

from optamstats import _format
from optamstats._checks import (
    DegenerateDataWarning,
    InvalidTypeError,
    InvalidValueError,
    _repr,
    as_float,
    check_axes,
    check_choice,
    check_confidence,
    check_counts,
    check_rng,
)
from optamstats._typing import IntArray, Lang, RngLike
from optamstats.proportions import METHOD_ALIASES, METHODS, proportion

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "AmbiguousAnswerError",
    "MultiSelectAnswers",
    "PairedDifferenceCI",
    "UnknownOptionError",
    "compare_options",
    "cooccurrence",
    "multiselect_table",
    "multiselect_table_from_counts",
    "parse_multiselect",
    "plot_cooccurrence",
]

OTHER_CHOICES: Final = ("error", "keep")
COOCCURRENCE_MEASURES: Final = ("count", "jaccard", "conditional")
TABLE_COLUMNS: Final = (
    "option",
    "mentions",
    "respondents",
    "pct_respondents",
    "low",
    "high",
    "pct_mentions",
    "rank_low",
    "rank_high",
)
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
# 2**22 int64 are 32 MiB, whatever the number of respondents.
_BATCH_ELEMENTS: Final = 2**22
# The rank bootstrap draws multinomial counts of the distinct answer patterns when there
# are at most n / _PATTERN_RATIO of them (one binomial draw per pattern costs about
# four times one respondent drawn and tallied), and respondents one by one otherwise.
_PATTERN_RATIO: Final = 4
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
        self.readings: dict[tuple[object, ...], _Reading | None] = {}

    def parse(self, text: str) -> tuple[frozenset[int], str] | None:
        """Return (ticked, other) or None when the string is ambiguous.

        Blank strings are handled by the caller.
        """
        raw = text.split(self.sep)
        pieces = [piece.strip() for piece in raw]
        while pieces and not pieces[-1]:  # Microsoft Forms: a trailing ";"
            pieces.pop()
            raw.pop()
        known = self.known
        key = tuple(piece if not piece or piece in known else _OTHER for piece in pieces)
        if key in self.readings:
            reading = self.readings[key]
        else:
            reading = self.readings[key] = self._read(key)
        if reading is None:
            return None
        ticked, rest = reading
        other = self.sep.join(raw[j] for j in rest).strip()
        return ticked, other

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
    which = np.full(size + 1, -1, dtype=np.intp)
    sets: dict[frozenset[int], int] = {}
    others = np.full(size + 1, "", dtype=object)
    unknown: list[int] = []
    # A list of Python strings iterates several times faster than pandas' string array.
    for u, value in enumerate(np.asarray(uniques, dtype=object).tolist()):
        if present is not None and not present[u]:
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
        which[u] = sets.setdefault(ticked, len(sets))
        if text:
            others[u] = text
            unknown.append(u)
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
    series a subset of its rows). Saves factorizing a million cells a second time.
    """
    other = check_choice("other", other, OTHER_CHOICES)
    labels = _check_options(options, sep)
    return _parse_delimited(series, labels, sep, other, False, coded=(codes, uniques))


# --------------------------------------------------------------------------- tables


def _check_adjust(adjust: object) -> str | None:
    if adjust is None:
        return None
    if not isinstance(adjust, str) or adjust != "bonferroni":
        raise InvalidValueError(
            f"`adjust` must be None (one interval per option) or 'bonferroni' (simultaneous "
            f"intervals across options); got {_show(adjust)}."
        )
    return adjust


def _check_method(method: object) -> str:
    name = check_choice("method", method, METHODS + tuple(METHOD_ALIASES))
    return METHOD_ALIASES.get(name, name)


def _check_n_resamples(n_resamples: object) -> int:
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, numbers.Integral):
        raise InvalidTypeError(
            f"`n_resamples` must be a whole number such as 2000 (0 skips the rank "
            f"intervals); got {_show(n_resamples)}."
        )
    value = int(n_resamples)
    if value < 0 or 0 < value < 100:
        raise InvalidValueError(
            "`n_resamples` must be 0 (no rank intervals) or at least 100 for stable "
            f"quantiles; got {value}. Use 2000 or more for published tables."
        )
    if value > 10**7:  # the rank bootstrap keeps two (n_resamples, options) int64 tables
        raise InvalidValueError(
            f"`n_resamples` must be at most 10,000,000 for rank intervals; got {value}."
        )
    return value


def _table_confidence(confidence: float, adjust: str | None, m: int) -> float:
    """Return the per-option level: 1 − α/m under Bonferroni, so that all m hold jointly."""
    return 1.0 - (1.0 - confidence) / m if adjust == "bonferroni" else confidence


def _answer_patterns(
    matrix: np.ndarray[Any, np.dtype[np.bool_]],
) -> tuple[np.ndarray[Any, np.dtype[np.bool_]], IntArray]:
    """Return the distinct rows of `matrix` (answer patterns) and how many times each occurs.

    The patterns come in a canonical order that does not depend on the order of the
    rows: by their key, option j worth 2**j, for up to 63 options (rows packed into
    one integer each, counted by ``bincount`` for up to 20 options, by sorting above);
    lexicographically for more (``numpy.unique`` on the rows).
    """
    n, m = matrix.shape
    if m > 63:
        patterns, counts = np.unique(matrix, axis=0, return_counts=True)
        return patterns.astype(bool), counts.astype(np.int64)
    # One uint64 key per row: the packed bits, little-endian, zero-padded to 8 bytes.
    packed = np.zeros((n, 8), dtype=np.uint8)
    packed[:, : (m + 7) // 8] = np.packbits(matrix, axis=1, bitorder="little")
    keys = packed.view("<u8").ravel()
    if m <= 20:  # 2**20 counters: cheaper than sorting a million keys
        tally = np.bincount(keys.astype(np.intp), minlength=1 << m)
        found = np.flatnonzero(tally)
        unique_keys, counts = found.astype(np.uint64), tally[found]
    else:
        unique_keys, counts = np.unique(keys, return_counts=True)
    bits = (unique_keys[:, None] >> np.arange(m, dtype=np.uint64)) & np.uint64(1)
    return bits.astype(bool), counts.astype(np.int64)


def _resampled_ranks(
    matrix: np.ndarray[Any, np.dtype[np.bool_]],
    n_resamples: int,
    rng: np.random.Generator,
) -> tuple[IntArray, IntArray]:
    """Best-case and worst-case rank of each option in bootstrap resamples of the rows.

    Respondents (rows) are resampled with replacement; in each resample every option
    gets a best-case rank (1 + options mentioned strictly more) and a worst-case rank
    (options mentioned at least as often), so that a tie counts both ways. Returns two
    (n_resamples, m) integer arrays.

    A resample of the n respondents only matters through how many times it draws each
    distinct answer pattern, and those numbers are multinomial(n, count / n) over the
    P patterns: the same law, drawn in O(P) instead of O(n) per resample. That draw
    (``Generator.multinomial``) is used when P ≤ n / _PATTERN_RATIO; otherwise the
    respondents are drawn one by one (``Generator.integers``), which is then as cheap
    and keeps the stream of earlier versions. The choice depends on n and P only,
    never on the seed or the order of the rows, so the same seed gives the same ranks.
    """
    n, m = matrix.shape
    patterns, counts = _answer_patterns(matrix)
    by_pattern = patterns.shape[0] * _PATTERN_RATIO <= n
    if by_pattern:
        table = patterns.astype(np.float64)
        shares = counts / n
    else:
        # Sorting the rows first makes the result independent of the respondents'
        # order for a given seed (the resampled row numbers then point at the same
        # patterns).
        order = np.lexsort(matrix.T[::-1]) if m else np.arange(n)
        table = matrix[order].astype(np.float64)

    def weights_of(size: int) -> IntArray:
        """Count the draws of each row of `table` in `size` resamples of n respondents."""
        if by_pattern:
            drawn: IntArray = rng.multinomial(n, shares, size=size)
            return drawn
        rows = rng.integers(0, n, size=(size, n))
        rows += (np.arange(size) * n)[:, None]
        return np.bincount(rows.ravel(), minlength=size * n).reshape(size, n)

    batch = max(1, min(n_resamples, _BATCH_ELEMENTS // max(table.shape[0], m * m)))
    best = np.empty((n_resamples, m), dtype=np.int64)
    worst = np.empty((n_resamples, m), dtype=np.int64)
    for start in range(0, n_resamples, batch):
        size = min(batch, n_resamples - start)
        # float64 matmul is exact here: the counts are integers below 2**53.
        mentions = weights_of(size).astype(np.float64) @ table
        above = mentions[:, None, :] > mentions[:, :, None]  # [b, j, k]: k beats j
        level = mentions[:, None, :] >= mentions[:, :, None]
        best[start : start + size] = 1 + above.sum(axis=2)
        worst[start : start + size] = level.sum(axis=2)
    return best, worst


def _rank_bounds(
    matrix: np.ndarray[Any, np.dtype[np.bool_]],
    n_resamples: int,
    tail: float,
    rng: np.random.Generator,
) -> tuple[IntArray, IntArray]:
    """Bootstrap interval of each option's rank (1 = most mentioned).

    The interval is [tail quantile of the best-case ranks, 1 − tail quantile of the
    worst-case ranks] of :func:`_resampled_ranks`, with quantiles read as the inverse
    CDF.
    """
    best, worst = _resampled_ranks(matrix, n_resamples, rng)
    low = np.quantile(best, tail, axis=0, method="inverted_cdf")
    high = np.quantile(worst, 1.0 - tail, axis=0, method="inverted_cdf")
    return low.astype(np.int64), high.astype(np.int64)


def _assemble_table(
    labels: Sequence[str],
    mentions: IntArray,
    respondents: int,
    confidence: float,
    method: str,
    adjust: str | None,
    ranks: tuple[IntArray, IntArray] | None,
    note: str,
    n_resamples: int,
) -> pd.DataFrame:
    import pandas as pd

    m = len(labels)
    level = _table_confidence(confidence, adjust, m)
    ci = proportion(mentions, np.full(m, respondents), confidence=level, method=method)
    total = int(mentions.sum())
    order = np.argsort(-mentions, kind="stable")
    if total > 0:
        pct_mentions: Any = 100.0 * mentions[order] / total
    else:
        warnings.warn(
            "No option was ticked by anyone: the percent of mentions is undefined and "
            "shown as <NA>.",
            DegenerateDataWarning,
            stacklevel=3,
        )
        note += " No option was mentioned, so pct_mentions is <NA>."
        pct_mentions = pd.array([pd.NA] * m, dtype="Float64")
    if ranks is None:
        rank_low: Any = pd.array([pd.NA] * m, dtype="Int64")
        rank_high: Any = pd.array([pd.NA] * m, dtype="Int64")
    else:
        rank_low = pd.array(ranks[0][order], dtype="Int64")
        rank_high = pd.array(ranks[1][order], dtype="Int64")
    table = pd.DataFrame(
        {
            "option": pd.array([labels[i] for i in order], dtype=object),
            "mentions": mentions[order].astype(np.int64),
            "respondents": np.full(m, respondents, dtype=np.int64),
            "pct_respondents": 100.0 * np.asarray(ci.estimate)[order],
            "low": 100.0 * np.asarray(ci.low)[order],
            "high": 100.0 * np.asarray(ci.high)[order],
            "pct_mentions": pct_mentions,
            "rank_low": rank_low,
            "rank_high": rank_high,
        }
    )
    table.attrs.update(
        {
            "confidence": confidence,
            "per_option_confidence": level,
            "method": method,
            "adjust": adjust,
            "n_resamples": n_resamples,
            "note": note.strip(),
        }
    )
    return table


def multiselect_table(
    answers: MultiSelectAnswers,
    *,
    confidence: float = 0.95,
    method: str = "wilson",
    adjust: str | None = None,
    n_resamples: int = 2000,
    rng: RngLike = None,
) -> pd.DataFrame:
    """Tabulate a multi-select question: shares of respondents, intervals, ranks.

    Parameters
    ----------
    answers : MultiSelectAnswers
        Parsed answers (:func:`parse_multiselect`). The base is the respondents who
        answered.
    confidence : float, default 0.95
        Confidence level of the intervals (per option, or jointly with `adjust`).
    method : str, default "wilson"
        Interval method for each share of respondents, as in
        :func:`optamstats.proportion`.
    adjust : {None, "bonferroni"}
        ``"bonferroni"`` makes the intervals (and the rank intervals) simultaneous
        across the m options: each at level 1 − (1 − confidence)/m.
    n_resamples : int, default 2000
        Bootstrap resamples of the respondents for the rank intervals; 0 skips them
        (rank columns ``<NA>``).
    rng : int, numpy.random.Generator or None
        Seed or generator of the bootstrap. The same seed gives the same ranks
        whatever the order of the rows.

    Returns
    -------
    pandas.DataFrame
        One row per option, most mentioned first (ties in the form's order), with
        columns ``option``, ``mentions``, ``respondents`` (the base), ``pct_respondents``
        (mentions / respondents, in %), ``low`` and ``high`` (its interval, in %),
        ``pct_mentions`` (share of all mentions, in %; sums to 100), ``rank_low`` and
        ``rank_high`` (the rank interval, 1 = most mentioned; nullable integers).
        ``.attrs`` records the confidence, per-option confidence, method, adjustment,
        number of resamples and a ``note``.

    Raises
    ------
    InvalidTypeError
        `answers` not a MultiSelectAnswers; a non-integer `n_resamples`; a bad `rng`.
    InvalidValueError
        Nobody answered; a bad confidence, method or adjust; 0 < n_resamples < 100.

    See Also
    --------
    multiselect_table_from_counts : The same table from published tallies.
    compare_options : Test whether two options' shares really differ.

    Notes
    -----
    Percentages of respondents add up to more than 100 % because a respondent may
    tick several options; percentages of mentions add up to 100 % but answer another
    question (the share of all reasons given, not of people).

    The rank interval resamples respondents (rows) with replacement, recounts each
    option's mentions and ranks the options. A tie counts both ways: each tied option
    gets its best place for the lower bound and its worst for the upper bound.
    ``rank_low`` is the (1 − confidence)/2 quantile of the best-case ranks,
    ``rank_high`` the (1 + confidence)/2 quantile of the worst-case ranks. An option
    whose interval is "1–3" may plausibly be first or third. Bootstrap rank intervals
    are descriptive: for options whose true shares are equal they tend to be too
    narrow [2]_, so read overlapping intervals as "not distinguishable", not the
    reverse. There is no R equivalent in base R; ``questionr::multi.table`` gives the
    counts and percentages without intervals.

    A resample depends only on how many times it draws each distinct answer pattern,
    which is multinomial(n, count / n): when the respondents gave at most n/4
    distinct patterns those counts are drawn directly (``Generator.multinomial``,
    O(patterns) per resample, so a million respondents cost little more than a
    hundred), otherwise respondents are drawn one by one (``Generator.integers``).
    Same law, different random streams; the choice depends on the data only.

    References
    ----------
    .. [1] L. D. Brown, T. T. Cai and A. DasGupta, "Interval estimation for a binomial
       proportion", Statist. Sci. 16(2):101–133, 2001.
    .. [2] P. Hall and H. Miller, "Using the bootstrap to quantify the authority of an
       empirical ranking", Ann. Statist. 37(6B):3929–3959, 2009.
    .. [3] H. Goldstein and D. J. Spiegelhalter, "League tables and their limitations:
       statistical issues in comparisons of institutional performance", J. R. Stat.
       Soc. A 159(3):385–443, 1996.

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.multiselect import multiselect_table, parse_multiselect
    >>> cells = pd.Series(["A, B", "A", "A, C", "B", "A, B, C", None])
    >>> table = multiselect_table(parse_multiselect(cells, ["A", "B", "C"]), rng=1)
    >>> table[["option", "mentions", "respondents", "pct_respondents", "pct_mentions"]]
      option  mentions  respondents  pct_respondents  pct_mentions
    0      A         4            5             80.0          44.444444
    1      B         3            5             60.0          33.333333
    2      C         2            5             40.0          22.222222
    >>> table[["low", "high"]].round(1)
        low  high
    0  37.6  96.4
    1  23.1  88.2
    2  11.8  76.9
    >>> table[["rank_low", "rank_high"]]
       rank_low  rank_high
    0         1          3
    1         1          3
    2         1          3
    """
    answers = _check_answers(answers)
    conf = check_confidence(confidence)
    meth = _check_method(method)
    adj = _check_adjust(adjust)
    resamples = _check_n_resamples(n_resamples)
    generator = check_rng(rng)
    matrix = answers._matrix()
    n, m = matrix.shape
    mentions = matrix.sum(axis=0).astype(np.int64)
    ranks = None
    if resamples:
        level = _table_confidence(conf, adj, m)
        ranks = _rank_bounds(matrix, resamples, (1.0 - level) / 2.0, generator)
        note = (
            f"Rank intervals: {resamples} bootstrap resamples of the {n} respondents; "
            "ties count both ways."
        )
    else:
        note = "Rank intervals not computed (n_resamples=0)."
    return _assemble_table(answers.options, mentions, n, conf, meth, adj, ranks, note, resamples)


def multiselect_table_from_counts(
    counts: Mapping[str, object] | pd.Series[Any],
    respondents: int,
    *,
    confidence: float = 0.95,
    method: str = "wilson",
    adjust: str | None = None,
) -> pd.DataFrame:
    """Tabulate a multi-select question from published tallies (mentions per option).

    Parameters
    ----------
    counts : mapping or pandas.Series
        Mentions per option, ``{label: count}``, in the form's order.
    respondents : int
        The base: respondents who answered the question.
    confidence : float, default 0.95
        Confidence level.
    method : str, default "wilson"
        Interval method, as in :func:`optamstats.proportion`.
    adjust : {None, "bonferroni"}
        Simultaneous intervals across options.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`multiselect_table`. ``rank_low`` and ``rank_high`` are
        ``<NA>`` (nullable integers) and ``.attrs["note"]`` says why: ranks, like any
        paired comparison of options, need to know who ticked what together, which
        tallies do not tell.

    Raises
    ------
    InvalidTypeError
        `counts` not a mapping or Series; non-integer counts.
    InvalidValueError
        A count above `respondents`, negative or fractional counts; labels that are
        empty or repeated; a bad confidence, method or adjust.

    See Also
    --------
    multiselect_table : The same table from respondent-level answers, with ranks.

    Notes
    -----
    Each share of respondents and its interval need only the option's count and the
    base, so they are exact here. What tallies cannot give is anything that depends
    on the joint answers: whether the top option is significantly ahead of the
    second, or the rank intervals. The bounds of the difference between two options'
    shares range over every co-occurrence compatible with the tallies, from
    independent-looking to fully nested, so no single interval can be reported.

    References
    ----------
    .. [1] E. B. Wilson, "Probable inference, the law of succession, and statistical
       inference", J. Am. Stat. Assoc. 22:209–212, 1927.
    .. [2] R. G. Newcombe, "Improved confidence intervals for the difference between
       binomial proportions based on paired data", Stat. Med. 17:2635–2650, 1998.

    Examples
    --------
    The leavers' motives in the 2025 OPTAM survey (50 respondents):

    >>> from optamstats.multiselect import multiselect_table_from_counts
    >>> motives = {
    ...     "Désaccord politique": 43,
    ...     "Menace de sanctions / pénalités": 39,
    ...     "Objectifs financiers inatteignables": 38,
    ...     "Soutien à un mouvement collectif de confrères": 25,
    ...     "Manque de reconnaissance du travail médical": 23,
    ...     "Volonté de liberté / rejet des contraintes administratives": 17,
    ...     "Incompatibilité du mode d'exercice (spécialité / secteur / activité)": 13,
    ... }
    >>> table = multiselect_table_from_counts(motives, 50)
    >>> table[["mentions", "pct_respondents", "low", "high"]].round(1)
       mentions  pct_respondents   low  high
    0        43             86.0  73.8  93.0
    1        39             78.0  64.8  87.2
    2        38             76.0  62.6  85.7
    3        25             50.0  36.6  63.4
    4        23             46.0  33.0  59.6
    5        17             34.0  22.4  47.8
    6        13             26.0  15.9  39.6
    >>> print(round(float(table["pct_mentions"].sum()), 6))
    100.0
    >>> print(table.loc[0, "rank_low"])
    <NA>
    >>> table.attrs["note"][:36]
    'Built from tallies: rank intervals ('
    """
    import pandas as pd

    if isinstance(counts, pd.Series | Mapping):
        items = list(counts.items())
    else:
        raise InvalidTypeError(
            "`counts` must be a mapping {label: mentions} (or a pandas Series indexed by "
            f"label), in the form's order; got {_show(counts)}."
        )
    if not items:
        raise InvalidValueError("`counts` must hold at least one option; got none.")
    labels = _check_options([label for label, _ in items], None)
    conf = check_confidence(confidence)
    meth = _check_method(method)
    adj = _check_adjust(adjust)
    if isinstance(respondents, bool) or not isinstance(respondents, numbers.Real):
        raise InvalidTypeError(
            f"`respondents` must be the number of respondents who answered, a whole number; "
            f"got {_show(respondents)}."
        )
    values = [value for _, value in items]
    if any(isinstance(v, bool | np.bool_) or not isinstance(v, numbers.Real) for v in values):
        bad = next(
            (label, v)
            for label, v in items
            if isinstance(v, bool | np.bool_) or not isinstance(v, numbers.Real)
        )
        raise InvalidTypeError(
            f"`counts` must map each label to a whole number of mentions; got "
            f"{_show(bad[1])} for {_show(bad[0])}."
        )
    # as_float: a count beyond float64's range (10**400) becomes inf, refused by
    # check_counts as not finite, instead of raising OverflowError here.
    k, n = check_counts(
        np.array([as_float(v) for v in values], dtype=np.float64),
        respondents,
        k_name="counts",
        n_name="respondents",
    )
    mentions = np.asarray(k).astype(np.int64)
    base = int(np.asarray(n).flat[0])
    note = (
        "Built from tallies: rank intervals (and any paired comparison of two options) "
        "need respondent-level answers, so rank_low and rank_high are <NA>."
    )
    return _assemble_table(labels, mentions, base, conf, meth, adj, None, note, 0)


# --------------------------------------------------------------------------- paired


@dataclass(frozen=True, slots=True)
class PairedDifferenceCI:
    """Difference between two options' shares among the same respondents.

    Attributes
    ----------
    option_a, option_b : str
        The two options compared, ``a`` minus ``b``.
    both, only_a, only_b, neither : int
        The paired 2×2 table: respondents who ticked both, only `option_a`, only
        `option_b`, neither.
    n : int
        Respondents who answered the question.
    estimate : float
        ``(both + only_a)/n − (both + only_b)/n = (only_a − only_b)/n``.
    low, high : float
        Confidence bounds of the difference, within [−1, 1].
    confidence : float
        Confidence level.
    method : str
        ``"newcombe-paired"`` (method 10 of Newcombe 1998).
    p_value : float
        Two-sided McNemar exact test of equal shares (binomial test on the
        ``only_a + only_b`` discordant respondents).

    See Also
    --------
    compare_options : Build it from parsed answers.

    References
    ----------
    .. [1] R. G. Newcombe, "Improved confidence intervals for the difference between
       binomial proportions based on paired data", Stat. Med. 17:2635–2650, 1998.
    .. [2] Q. McNemar, "Note on the sampling error of the difference between correlated
       proportions or percentages", Psychometrika 12:153–157, 1947.

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.multiselect import compare_options, parse_multiselect
    >>> rows = ["A, B"] * 20 + ["A"] * 12 + ["B"] * 2 + ["C"] * 16
    >>> r = compare_options(parse_multiselect(pd.Series(rows), ["A", "B", "C"]), "A", "B")
    >>> (r.both, r.only_a, r.only_b, r.neither), (r.k_a, r.k_b)
    ((20, 12, 2, 16), (32, 22))
    """

    option_a: str
    option_b: str
    both: int
    only_a: int
    only_b: int
    neither: int
    n: int
    estimate: float
    low: float
    high: float
    confidence: float
    method: str
    p_value: float

    @property
    def k_a(self) -> int:
        """Respondents who ticked `option_a`."""
        return self.both + self.only_a

    @property
    def k_b(self) -> int:
        """Respondents who ticked `option_b`."""
        return self.both + self.only_b

    def to_frame(self) -> pd.DataFrame:
        """Return the comparison as a one-row DataFrame.

        Returns
        -------
        pandas.DataFrame
            Columns ``option_a``, ``option_b``, ``both``, ``only_a``, ``only_b``,
            ``neither``, ``n``, ``estimate``, ``low``, ``high``, ``confidence``,
            ``method``, ``p_value``.

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.multiselect import compare_options, parse_multiselect
        >>> answers = parse_multiselect(pd.Series(["A, B", "A", "B", "A"]), ["A", "B"])
        >>> compare_options(answers, "A", "B").to_frame()[["both", "only_a", "only_b"]]
           both  only_a  only_b
        0     1       2       1
        """
        import pandas as pd

        names = (
            "option_a", "option_b", "both", "only_a", "only_b", "neither", "n",
            "estimate", "low", "high", "confidence", "method", "p_value",
        )  # fmt: skip
        return pd.DataFrame({name: [getattr(self, name)] for name in names})

    def cite(self, lang: Lang = "en", digits: int = 1) -> str:
        """Return the difference in percentage points, its interval and McNemar's p.

        Parameters
        ----------
        lang : {"en", "fr"}
            Language and number format.
        digits : int
            Decimals of the percentages.

        Returns
        -------
        str
            E.g. ``20.0 points (95% CI 5.6 to 32.9; n = 50; McNemar exact p = 0.013)``;
            in French ``20,0 points (IC à 95 % : 5,6 à 32,9 ; n = 50 ; test exact de
            McNemar : p = 0,013)``. Negative numbers use the minus sign U+2212.

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.multiselect import compare_options, parse_multiselect
        >>> rows = ["A, B"] * 20 + ["A"] * 12 + ["B"] * 2 + ["C"] * 16
        >>> answers = parse_multiselect(pd.Series(rows), ["A", "B", "C"])
        >>> compare_options(answers, "A", "B").cite()
        '20.0 points (95% CI 5.6 to 32.9; n = 50; McNemar exact p = 0.013)'
        >>> compare_options(answers, "A", "B").cite(lang="fr")
        '20,0 points (IC à 95 % : 5,6 à 32,9 ; n = 50 ; test exact de McNemar : p = 0,013)'
        """
        lang = cast(Lang, _format.check_lang(lang))
        digits = _format.check_digits(digits)
        est, low, high = (
            _format.percent_number(v, digits, lang) for v in (self.estimate, self.low, self.high)
        )
        conf = _format.level(self.confidence, lang)
        n = _format.count(self.n, lang)
        p = _format.number(self.p_value, 3, lang) if self.p_value >= 0.001 else None
        if lang == "en":
            test = f"McNemar exact p = {p}" if p else "McNemar exact p < 0.001"
            return f"{est} points ({conf}% CI {low} to {high}; n = {n}; {test})"
        test = f"test exact de McNemar : p = {p}" if p else "test exact de McNemar : p < 0,001"
        return f"{est} points (IC à {conf} % : {low} à {high} ; n = {n} ; {test})"


def _newcombe_paired(
    both: int, only_a: int, only_b: int, neither: int, confidence: float
) -> tuple[float, float, float]:
    """Newcombe's (1998) method 10: Wilson limits combined with a corrected correlation."""
    n = both + only_a + only_b + neither
    k_a, k_b = both + only_a, both + only_b
    ci = proportion(np.array([k_a, k_b]), n, confidence=confidence, method="wilson")
    (l1, l2), (u1, u2) = np.asarray(ci.low), np.asarray(ci.high)
    p1, p2 = k_a / n, k_b / n
    product = float(k_a) * float(n - k_a) * float(k_b) * float(n - k_b)
    phi = 0.0
    if product > 0.0:
        # The continuity-corrected correlation of Newcombe's method 10: the
        # cross-product excess is shrunk by n/2 when positive, kept when negative.
        excess = float(both) * float(neither) - float(only_a) * float(only_b)
        if excess > n / 2.0:
            phi = (excess - n / 2.0) / math.sqrt(product)
        elif excess < 0.0:
            phi = excess / math.sqrt(product)
    d = p1 - p2
    dl1, du1, dl2, du2 = p1 - l1, u1 - p1, p2 - l2, u2 - p2
    low = d - math.sqrt(max(dl1**2 - 2.0 * phi * dl1 * du2 + du2**2, 0.0))
    high = d + math.sqrt(max(dl2**2 - 2.0 * phi * dl2 * du1 + du1**2, 0.0))
    return d, max(low, -1.0), min(high, 1.0)


def _mcnemar_exact(only_a: int, only_b: int) -> float:
    """Two-sided exact McNemar p-value: binomial(only_a + only_b, 1/2), doubled tail."""
    from scipy import special

    discordant = only_a + only_b
    if discordant == 0:
        return 1.0
    tail = float(special.bdtr(min(only_a, only_b), discordant, 0.5))
    return min(1.0, 2.0 * tail)


def compare_options(
    answers: MultiSelectAnswers,
    a: str,
    b: str,
    *,
    confidence: float = 0.95,
) -> PairedDifferenceCI:
    r"""Compare two options' shares of respondents: a paired difference.

    The same respondents answer both options, so the two shares are correlated and
    the interval for independent groups does not apply. This uses Newcombe's hybrid
    score interval for paired data and McNemar's exact test.

    Parameters
    ----------
    answers : MultiSelectAnswers
        Parsed answers; the base is the respondents who answered.
    a, b : str
        Labels of the two options; the difference is share(a) − share(b).
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    PairedDifferenceCI

    Raises
    ------
    InvalidTypeError
        `answers` not a MultiSelectAnswers; labels that are not strings.
    InvalidValueError
        Unknown labels, ``a == b``, nobody answered, a bad confidence.

    See Also
    --------
    optamstats.difference : Difference of two independent proportions.

    Notes
    -----
    With the paired table (e = both, f = only a, g = only b, h = neither, n = e + f +
    g + h), :math:`p_1 = (e+f)/n`, :math:`p_2 = (e+g)/n`, Wilson limits
    :math:`(l_i, u_i)` and the corrected correlation :math:`\hat\phi` (0 if a margin is
    0; :math:`(eh - fg - n/2)/\sqrt{\cdot}` if :math:`eh - fg > n/2`, 0 if
    :math:`0 \le eh - fg \le n/2`, :math:`(eh - fg)/\sqrt{\cdot}` if negative,
    :math:`\sqrt{\cdot} = \sqrt{(e+f)(g+h)(e+g)(f+h)}`), method 10 of [1]_ is

    .. math:: d - \sqrt{(p_1-l_1)^2 - 2\hat\phi(p_1-l_1)(u_2-p_2) + (u_2-p_2)^2},\quad
              d + \sqrt{(p_2-l_2)^2 - 2\hat\phi(p_2-l_2)(u_1-p_1) + (u_1-p_1)^2}.

    McNemar's exact test conditions on the f + g discordant respondents: under equal
    shares f ~ Binomial(f + g, ½); the two-sided p-value doubles the smaller tail
    (capped at 1) [2]_. The matching R calls are ``ratesci::pairbinci(c(e, f, g, h),
    method = "MOVER_newc", moverbase = "wilson")`` and ``binom.test(f, f + g)``;
    statsmodels' ``mcnemar(table, exact=True)`` gives the same p-value.

    References
    ----------
    .. [1] R. G. Newcombe, "Improved confidence intervals for the difference between
       binomial proportions based on paired data", Stat. Med. 17:2635–2650, 1998.
    .. [2] Q. McNemar, "Note on the sampling error of the difference between correlated
       proportions or percentages", Psychometrika 12:153–157, 1947.
    .. [3] M. W. Fagerland, S. Lydersen and P. Laake, "Recommended tests and confidence
       intervals for paired binomial proportions", Stat. Med. 33:2850–2875, 2014.

    Examples
    --------
    One of the examples of Newcombe's Table III [1]_ (method 10: 0.0562 to 0.3292): 20
    respondents tick both, 12 only A, 2 only B, 16 neither.

    >>> import pandas as pd
    >>> from optamstats.multiselect import compare_options, parse_multiselect
    >>> rows = ["A, B"] * 20 + ["A"] * 12 + ["B"] * 2 + ["C"] * 16
    >>> answers = parse_multiselect(pd.Series(rows), ["A", "B", "C"])
    >>> r = compare_options(answers, "A", "B")
    >>> round(r.estimate, 4), round(r.low, 4), round(r.high, 4)
    (0.2, 0.0562, 0.3292)
    >>> round(r.p_value, 4)
    0.0129
    """
    answers = _check_answers(answers)
    conf = check_confidence(confidence)
    options = answers.options
    for name, label in (("a", a), ("b", b)):
        if not isinstance(label, str):
            raise InvalidTypeError(
                f"`{name}` must be an option label (a string); got {_show(label)}."
            )
        if label not in options:
            raise InvalidValueError(
                f"`{name}` must be one of the options {_show(list(options), 300)}; got {label!r}."
            )
    if a == b:
        raise InvalidValueError(f"`a` and `b` must be two different options; got {a!r} twice.")
    matrix = answers._matrix()
    col_a, col_b = matrix[:, options.index(a)], matrix[:, options.index(b)]
    both = int(np.sum(col_a & col_b))
    only_a = int(np.sum(col_a & ~col_b))
    only_b = int(np.sum(~col_a & col_b))
    n = matrix.shape[0]
    neither = n - both - only_a - only_b
    d, low, high = _newcombe_paired(both, only_a, only_b, neither, conf)
    return PairedDifferenceCI(
        a, b, both, only_a, only_b, neither, n, d, low, high, conf, "newcombe-paired",
        _mcnemar_exact(only_a, only_b),
    )  # fmt: skip


# --------------------------------------------------------------------------- co-occurrence


def cooccurrence(answers: MultiSelectAnswers, *, measure: str = "count") -> pd.DataFrame:
    r"""Which options are ticked together: an options × options matrix.

    Parameters
    ----------
    answers : MultiSelectAnswers
        Parsed answers; only respondents who answered count.
    measure : {"count", "jaccard", "conditional"}, default "count"
        ``"count"``: respondents who ticked both (the diagonal holds each option's
        mentions). ``"jaccard"``: both / either, in [0, 1] (1 on the diagonal).
        ``"conditional"``: row i, column j is the share of the respondents who ticked
        option i that also ticked option j.

    Returns
    -------
    pandas.DataFrame
        Indexed and labelled by option, in the form's order: int64 counts, or float64
        shares. Shares that are undefined (an option nobody ticked) are ``<NA>`` in a
        nullable Float64 frame, with a :class:`DegenerateDataWarning`.

    Raises
    ------
    InvalidTypeError
        `answers` not a MultiSelectAnswers.
    InvalidValueError
        An unknown measure; nobody answered.

    Warns
    -----
    DegenerateDataWarning
        An option nobody ticked, whose Jaccard or conditional shares are undefined.

    See Also
    --------
    plot_cooccurrence : The same matrix as a heat map.

    Notes
    -----
    With the (n × m) 0/1 matrix X of respondents who answered, counts are
    :math:`C = X^\top X`; Jaccard is :math:`C_{ij} / (C_{ii} + C_{jj} - C_{ij})` [1]_;
    conditional shares are :math:`C_{ij} / C_{ii}`. Counts can be small: publish them
    only after disclosure control.

    References
    ----------
    .. [1] P. Jaccard, "The distribution of the flora in the alpine zone", New
       Phytologist 11(2):37–50, 1912.

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.multiselect import cooccurrence, parse_multiselect
    >>> cells = pd.Series(["A, B", "A", "A, C", "B", "A, B, C"])
    >>> answers = parse_multiselect(cells, ["A", "B", "C"])
    >>> cooccurrence(answers)
       A  B  C
    A  4  2  2
    B  2  3  1
    C  2  1  2
    >>> cooccurrence(answers, measure="jaccard").round(2)
         A     B     C
    A  1.0  0.40  0.50
    B  0.4  1.00  0.25
    C  0.5  0.25  1.00
    """
    import pandas as pd

    answers = _check_answers(answers)
    measure = check_choice("measure", measure, COOCCURRENCE_MEASURES)
    matrix = answers._matrix().astype(np.int64)
    counts = matrix.T @ matrix
    labels = pd.Index(answers.options, dtype=object)
    if measure == "count":
        return pd.DataFrame(counts, index=labels, columns=labels)
    diagonal = np.diag(counts).astype(np.float64)
    if measure == "jaccard":
        denominator = diagonal[:, None] + diagonal[None, :] - counts
    else:
        denominator = np.repeat(diagonal[:, None], len(diagonal), axis=1)
    undefined = denominator == 0
    shares = counts / np.where(undefined, 1.0, denominator)
    if not undefined.any():
        return pd.DataFrame(shares, index=labels, columns=labels)
    never = [str(labels[int(i)]) for i in np.flatnonzero(diagonal == 0)]
    warnings.warn(
        f"Option(s) {_show(never, 200)} were ticked by nobody: their {measure} shares are "
        "undefined and shown as <NA>.",
        DegenerateDataWarning,
        stacklevel=2,
    )
    frame = pd.DataFrame(shares, index=labels, columns=labels).astype("Float64")
    return frame.mask(pd.DataFrame(undefined, index=labels, columns=labels))


def plot_cooccurrence(
    answers: MultiSelectAnswers,
    *,
    measure: str = "jaccard",
    ax: Axes | None = None,
    annotate: bool = True,
    wrap: int = 28,
) -> Figure:
    """Draw the co-occurrence matrix of a multi-select question as a heat map.

    Parameters
    ----------
    answers : MultiSelectAnswers
        Parsed answers.
    measure : {"jaccard", "count", "conditional"}, default "jaccard"
        As in :func:`cooccurrence`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; by default a new figure (not registered with pyplot, so
        nothing is shown or kept in global state).
    annotate : bool, default True
        Write each cell's value in it.
    wrap : int, default 28
        Wrap long option labels at this many characters.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the heat map (``ax.figure`` when `ax` is given).

    Raises
    ------
    InvalidTypeError, InvalidValueError
        As :func:`cooccurrence`; `wrap` not a positive integer; `ax` not a matplotlib
        Axes.

    Notes
    -----
    matplotlib is imported only here. Cells of undefined shares are left blank.

    References
    ----------
    .. [1] P. Jaccard, "The distribution of the flora in the alpine zone", New
       Phytologist 11(2):37–50, 1912.

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.multiselect import parse_multiselect, plot_cooccurrence
    >>> answers = parse_multiselect(pd.Series(["A, B", "A", "B, C"]), ["A", "B", "C"])
    >>> fig = plot_cooccurrence(answers)
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['A', 'B', 'C']
    """
    if isinstance(wrap, bool) or not isinstance(wrap, int) or wrap < 1:
        raise InvalidValueError(
            f"`wrap` must be a positive number of characters; got {_show(wrap)}."
        )
    check_axes(ax)
    with warnings.catch_warnings():
        # Undefined cells are drawn blank; the caller sees them, no need to warn twice.
        warnings.simplefilter("ignore", DegenerateDataWarning)
        frame = cooccurrence(answers, measure=measure)
    from matplotlib.figure import Figure

    values = frame.to_numpy(dtype=np.float64, na_value=np.nan)
    if ax is None:
        m = len(frame)
        side = 2.0 + 0.7 * m
        figure = Figure(figsize=(side + 1.5, side), layout="constrained")
        ax = figure.add_subplot()
    else:
        figure = cast("Figure", ax.figure)
    masked = np.ma.masked_invalid(values)
    vmax = 1.0 if measure != "count" else max(float(np.nanmax(values)), 1.0)
    image = ax.imshow(masked, cmap="Blues", vmin=0.0, vmax=vmax)
    labels = [textwrap.fill(str(label), wrap) for label in frame.index]
    ticks = np.arange(len(labels))
    ax.set_xticks(ticks, labels, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(ticks, labels)
    names = {
        "count": "respondents who ticked both",
        "jaccard": "Jaccard index (both / either)",
        "conditional": "share of row option's respondents who also ticked column option",
    }
    figure.colorbar(image, ax=ax, label=textwrap.fill(names[measure], 40))
    if annotate:
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                value = values[i, j]
                if math.isnan(value):
                    continue
                text = f"{value:.0f}" if measure == "count" else f"{value:.2f}"
                colour = "white" if value > 0.6 * vmax else "black"
                ax.text(j, i, text, ha="center", va="center", color=colour, fontsize=8)
    return figure
