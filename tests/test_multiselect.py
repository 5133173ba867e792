"""Tests of optamstats.multiselect: parsing real exports, tables, paired comparisons."""

from __future__ import annotations

import contextlib
import json
import math
import subprocess
import sys
from collections.abc import Iterator
from fractions import Fraction
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint

from optamstats._checks import DegenerateDataWarning, InvalidTypeError, InvalidValueError
from optamstats.multiselect import (
    TABLE_COLUMNS,
    AmbiguousAnswerError,
    MultiSelectAnswers,
    PairedDifferenceCI,
    UnknownOptionError,
    compare_options,
    cooccurrence,
    multiselect_table,
    multiselect_table_from_counts,
    parse_multiselect,
    plot_cooccurrence,
)

SEP = ", "
# The 2025 survey's leavers' motives, with two labels given a ", " as Google Forms
# labels often have (the survey's own option list reads "Désaccord politique PLFSS /
# régulation" in another question).
MOTIVES = [
    "Désaccord politique (PLFSS, régulation)",
    "Menace de sanctions / pénalités",
    "Objectifs financiers inatteignables",
    "Soutien à un mouvement collectif de confrères",
    "Manque de reconnaissance du travail médical",
    "Volonté de liberté, rejet des contraintes administratives",
    "Incompatibilité du mode d'exercice (spécialité / secteur / activité)",
]
SURVEY_COUNTS = [43, 39, 38, 25, 23, 17, 13]  # 50 respondents (seed report, line 80 ff.)


def answers_from_matrix(matrix: np.ndarray, index: pd.Index | None = None) -> MultiSelectAnswers:
    """Answers of respondents who all answered, from an (n, m) boolean matrix."""
    matrix = np.asarray(matrix, dtype=bool)
    labels = [f"option {j}" for j in range(matrix.shape[1])]
    index = pd.RangeIndex(matrix.shape[0]) if index is None else index
    return MultiSelectAnswers(
        pd.DataFrame(matrix, index=index, columns=labels),
        pd.Series([""] * len(index), index=index, dtype=object),
        pd.Series(np.ones(len(index), dtype=bool), index=index),
    )


@contextlib.contextmanager
def nothing_ticked_warning(matrix: np.ndarray) -> Iterator[None]:
    """Expect the DegenerateDataWarning of a table where nobody ticked anything."""
    if np.asarray(matrix).any():
        yield
    else:
        with pytest.warns(DegenerateDataWarning, match="No option was ticked by anyone"):
            yield


def answers_from_pairs(both: int, only_a: int, only_b: int, neither: int) -> MultiSelectAnswers:
    rows = ["A, B"] * both + ["A"] * only_a + ["B"] * only_b + ["C"] * neither
    return parse_multiselect(pd.Series(rows, dtype=object), ["A", "B", "C"])


# =========================================================================== parsing


def test_google_forms_labels_containing_the_separator() -> None:
    index = pd.Index(["r1", "r2", "r3", "r4"], name="respondent")
    cells = pd.Series(
        [
            f"{MOTIVES[0]}, {MOTIVES[1]}, {MOTIVES[5]}",
            MOTIVES[5],
            None,
            f"{MOTIVES[0]}, {MOTIVES[6]}",
        ],
        index=index,
    )
    answers = parse_multiselect(cells, MOTIVES)
    assert list(answers.indicators.columns) == MOTIVES
    assert answers.indicators.index.equals(index)
    assert answers.indicators.loc["r1"].tolist() == [True, True, False, False, False, True, False]
    assert answers.indicators.loc["r2"].tolist() == [False] * 5 + [True, False]
    assert not answers.indicators.loc["r3"].any()
    assert answers.indicators.loc["r4"].tolist() == [True] + [False] * 5 + [True]
    assert answers.answered.tolist() == [True, True, False, True]
    assert answers.other.tolist() == ["", "", "", ""]
    assert answers.n_answered == 3
    assert answers.options == tuple(MOTIVES)


def test_naive_splitting_is_what_we_fix() -> None:
    # pandas cuts the label "Désaccord politique (PLFSS, régulation)" in two; we do not.
    cells = pd.Series([f"{MOTIVES[0]}, {MOTIVES[1]}"])
    naive = cells.str.get_dummies(sep=SEP)
    assert "Désaccord politique (PLFSS" in naive.columns
    assert parse_multiselect(cells, MOTIVES).indicators.iloc[0, :2].tolist() == [True, True]


def test_other_text_is_kept_whole_and_last() -> None:
    cells = pd.Series(
        [
            f"{MOTIVES[1]}, Départ à la retraite, et autres raisons",
            "Raisons familiales",
            f"{MOTIVES[2]}",
        ]
    )
    answers = parse_multiselect(cells, MOTIVES, other="keep")
    assert answers.other.tolist() == [
        "Départ à la retraite, et autres raisons",
        "Raisons familiales",
        "",
    ]
    assert answers.indicators.iloc[0].tolist() == [False, True] + [False] * 5
    # Only "Other" ticked: answered (in the base), no option ticked.
    assert answers.answered.tolist() == [True, True, True]
    assert not answers.indicators.iloc[1].any()


def test_other_text_between_labels_is_collected() -> None:
    answers = parse_multiselect(pd.Series(["A, free, B"]), ["A", "B"], other="keep")
    assert answers.indicators.iloc[0].tolist() == [True, True]
    assert answers.other.iloc[0] == "free"


def test_unknown_text_is_an_error_listing_the_fragment() -> None:
    cells = pd.Series(["A", "A, Bb", "Bb", "C, D"], index=[10, 11, 12, 13])
    with pytest.raises(UnknownOptionError, match=r"'Bb' \(row 11 and 1 more\)") as info:
        parse_multiselect(cells, ["A", "B"])
    message = str(info.value)
    assert "in 3 row(s)" in message
    assert "'C, D' (row 13)" in message
    assert 'other="keep"' in message
    assert isinstance(info.value, InvalidValueError)


def test_unknown_error_shows_at_most_three_fragments() -> None:
    cells = pd.Series(["w", "x", "y", "z", "A"])
    with pytest.raises(UnknownOptionError, match=r"and 1 other unknown answer\(s\)"):
        parse_multiselect(cells, ["A"])


def test_longest_label_wins_over_its_prefix() -> None:
    options = ["Autre", "Autre, à préciser", "Sanctions"]
    cells = pd.Series(
        ["Autre, à préciser", "Autre", "Autre, Sanctions", "Autre, à préciser, Sanctions"]
    )
    answers = parse_multiselect(cells, options)
    assert answers.indicators.to_numpy().tolist() == [
        [False, True, False],
        [True, False, False],
        [True, False, True],
        [False, True, True],
    ]


def test_ambiguous_answer_is_refused() -> None:
    options = ["A", "B", "A, B"]
    assert parse_multiselect(pd.Series(["A", "B"]), options).indicators.sum().tolist() == [1, 1, 0]
    with pytest.raises(AmbiguousAnswerError, match=r"row 1 can be read as two different sets"):
        parse_multiselect(pd.Series(["A", "A, B"]), options)


def test_ambiguity_between_overlapping_labels() -> None:
    # "A, B, C" is "A, B" + other "C" or other "A" + "B, C": equally good readings.
    with pytest.raises(AmbiguousAnswerError, match="Rename the options"):
        parse_multiselect(pd.Series(["A, B, C"]), ["A, B", "B, C"], other="keep")


def test_microsoft_forms_semicolons_with_trailing_separator() -> None:
    cells = pd.Series(["Menace; pénalités;Autre;", "Autre;", "", None])
    answers = parse_multiselect(cells, ["Menace; pénalités", "Autre"], sep=";")
    assert answers.indicators.to_numpy().tolist() == [
        [True, True],
        [False, True],
        [False, False],
        [False, False],
    ]
    assert answers.answered.tolist() == [True, True, False, False]


def test_semicolon_separator_with_comma_labels() -> None:
    cells = pd.Series([f"{MOTIVES[0]};{MOTIVES[5]}"])
    answers = parse_multiselect(cells, MOTIVES, sep=";")
    assert answers.indicators.iloc[0].sum() == 2


def test_spaces_around_pieces_are_ignored() -> None:
    answers = parse_multiselect(pd.Series(["  A ;  B  "]), ["A", "B"], sep=";")
    assert answers.indicators.iloc[0].tolist() == [True, True]


@pytest.mark.parametrize("blank", [None, np.nan, "", "   ", pd.NA])
def test_blank_cells_are_not_answered(blank: object) -> None:
    cells = pd.Series(["A", blank], dtype=object)
    answers = parse_multiselect(cells, ["A", "B"])
    assert answers.answered.tolist() == [True, False]
    assert answers.other.tolist() == ["", ""]
    mandatory = parse_multiselect(cells, ["A", "B"], mandatory=True)
    assert mandatory.answered.tolist() == [True, True]
    assert not mandatory.indicators.iloc[1].any()


def test_separator_only_cell_is_not_an_answer() -> None:
    assert parse_multiselect(pd.Series([";"]), ["A"], sep=";").answered.tolist() == [False]


def test_list_and_array_input() -> None:
    for cells in (["A, B", None], np.array(["A, B", None], dtype=object)):
        answers = parse_multiselect(cells, ["A", "B"])
        assert answers.indicators.index.equals(pd.RangeIndex(2))
        assert answers.indicators.sum().tolist() == [1, 1]


def test_pandas_string_dtype_input() -> None:
    cells = pd.Series(["A, B", None, "B"], dtype="string")
    answers = parse_multiselect(cells, ["A", "B"])
    assert answers.answered.tolist() == [True, False, True]
    assert answers.indicators.sum().tolist() == [1, 2]


def test_index_with_duplicates_is_kept() -> None:
    cells = pd.Series(["A", "B", "A"], index=["x", "x", "y"])
    answers = parse_multiselect(cells, ["A", "B"])
    assert answers.indicators.index.tolist() == ["x", "x", "y"]
    assert answers.indicators["A"].tolist() == [True, False, True]


# ---------------------------------------------------------------- one-hot


def test_one_hot_limesurvey_y_blank_with_other_column() -> None:
    frame = pd.DataFrame(
        {
            "Q1[SQ001]": ["Y", None, None, "Y"],
            "Q1[SQ002]": ["Y", "Y", None, None],
            "Q1[other]": [None, None, None, "Raisons familiales"],
        },
        index=[101, 102, 103, 104],
    )
    options = {"Q1[SQ001]": "Sanctions", "Q1[SQ002]": "Objectifs"}
    answers = parse_multiselect(frame, options, other="keep", other_column="Q1[other]")
    assert list(answers.indicators.columns) == ["Sanctions", "Objectifs"]
    assert answers.indicators.index.tolist() == [101, 102, 103, 104]
    assert answers.indicators.to_numpy().tolist() == [
        [True, True],
        [False, True],
        [False, False],
        [True, False],
    ]
    assert answers.answered.tolist() == [True, True, False, True]
    assert answers.other.tolist() == ["", "", "", "Raisons familiales"]
    with pytest.raises(UnknownOptionError, match=r"'Raisons familiales' \(row 104\)"):
        parse_multiselect(frame, options, other_column="Q1[other]")


def test_one_hot_zero_one_keeps_nothing_ticked_in_the_base() -> None:
    frame = pd.DataFrame({"A": [1, 0, np.nan], "B": [0.0, 0.0, np.nan]})
    answers = parse_multiselect(frame, ["A", "B"])
    assert answers.answered.tolist() == [True, True, False]
    assert answers.indicators.to_numpy().tolist() == [[True, False], [False, False], [False, False]]


@pytest.mark.parametrize(
    ("ticked", "unticked"),
    [("Oui", None), ("oui ", "Non"), ("X", ""), (True, False), ("1", "0"), ("Yes", "No")],
)
def test_one_hot_markers(ticked: object, unticked: object) -> None:
    frame = pd.DataFrame({"A": [ticked, unticked], "B": [ticked, ticked]}, dtype=object)
    answers = parse_multiselect(frame, ["A", "B"])
    assert answers.indicators.to_numpy().tolist() == [[True, True], [False, True]]


def test_one_hot_label_as_value_and_bool_dtype() -> None:
    frame = pd.DataFrame({"Sanctions": ["Sanctions", None], "Autre": [False, True]})
    answers = parse_multiselect(frame, ["Sanctions", "Autre"])
    assert answers.indicators.to_numpy().tolist() == [[True, False], [False, True]]


def test_one_hot_refuses_what_it_cannot_read() -> None:
    with pytest.raises(
        InvalidValueError, match=r"column 'A' holds 'peut-être', which reads neither"
    ):
        parse_multiselect(pd.DataFrame({"A": ["Y", "peut-être"]}), ["A"])
    with pytest.raises(InvalidValueError, match=r"column 'A' holds 2"):
        parse_multiselect(pd.DataFrame({"A": [1, 2]}), ["A"])
    with pytest.raises(
        InvalidValueError, match=r"names column\(s\) \['C'\] that `series` does not have"
    ):
        parse_multiselect(pd.DataFrame({"A": [1]}), ["A", "C"])
    with pytest.raises(InvalidValueError, match=r"column\(s\) \['Z'\] that are not in `options`"):
        parse_multiselect(pd.DataFrame({"A": [1], "Z": [0]}), ["A"])
    with pytest.raises(InvalidValueError, match=r"`other_column` 'Q\[other\]' is not a column"):
        parse_multiselect(pd.DataFrame({"A": [1]}), ["A"], other_column="Q[other]")
    doubled = pd.DataFrame([[1, 0]], columns=["A", "A"])
    with pytest.raises(InvalidValueError, match=r"column name\(s\) \['A'\] appear more than once"):
        parse_multiselect(doubled, ["A"])
    with pytest.raises(InvalidValueError, match="`other_column` applies to a DataFrame"):
        parse_multiselect(pd.Series(["A"]), ["A"], other_column="x")


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ("A, B", InvalidTypeError, r"`options` must be a list of the option labels"),
        (3, InvalidTypeError, r"`options` must be a list"),
        ([], InvalidValueError, r"`options` must list at least one option label; got none"),
        (["A", 3], InvalidTypeError, r"`options` must hold the labels as strings; got 3 \(int\)"),
        (["A", "  "], InvalidValueError, r"`options` must hold non-empty strings"),
        (["A", "A "], InvalidValueError, r"`options` must be distinct; 'A' and 'A ' read the same"),
        ([", A"], InvalidValueError, r"label ', A' starts or ends with the separator ', '"),
        (["A, , B"], InvalidValueError, r"holds two in a row"),
        ({"A": "A"}, InvalidTypeError, r"a mapping \{column: label\} is for a DataFrame"),
    ],
)
def test_bad_options(options: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        parse_multiselect(pd.Series(["A"]), options)  # type: ignore[arg-type]


def test_bad_arguments() -> None:
    with pytest.raises(
        InvalidValueError, match=r"`other` must be one of 'error', 'keep'; got 'drop'"
    ):
        parse_multiselect(pd.Series(["A"]), ["A"], other="drop")
    with pytest.raises(InvalidValueError, match=r"`sep` must be a non-empty string"):
        parse_multiselect(pd.Series(["A"]), ["A"], sep="")
    with pytest.raises(InvalidTypeError, match=r"`series` must be a pandas Series of answers"):
        parse_multiselect("A, B", ["A"])  # type: ignore[arg-type]
    with pytest.raises(
        InvalidTypeError, match=r"`series` must hold the answers as text .* got 1 at row 1"
    ):
        parse_multiselect(pd.Series(["A", 1], dtype=object), ["A"])
    with pytest.raises(
        InvalidValueError, match=r"one column of answers; got an array of shape \(1, 2\)"
    ):
        parse_multiselect(np.array([["A", "B"]], dtype=object), ["A"])
    with pytest.raises(InvalidTypeError, match=r"`mandatory` must be True or False; got 1"):
        parse_multiselect(pd.Series(["A"]), ["A"], mandatory=1)  # type: ignore[arg-type]


def test_answers_container_validates_itself() -> None:
    index = pd.RangeIndex(2)
    good = pd.DataFrame({"A": [True, False]})
    other = pd.Series(["", ""], dtype=object)
    answered = pd.Series([True, True])
    with pytest.raises(
        InvalidTypeError, match=r"`indicators` must be a pandas DataFrame of booleans"
    ):
        MultiSelectAnswers(np.zeros((2, 1), dtype=bool), other, answered)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"`indicators` must hold booleans only"):
        MultiSelectAnswers(pd.DataFrame({"A": [1, 0]}), other, answered)
    with pytest.raises(InvalidValueError, match=r"`answered` must share the index of `indicators`"):
        MultiSelectAnswers(good, other, pd.Series([True, True], index=[5, 6]))
    with pytest.raises(InvalidTypeError, match=r"`answered` must be a boolean Series"):
        MultiSelectAnswers(good, other, pd.Series([1, 1], index=index))
    with pytest.raises(InvalidTypeError, match=r"`other` must be a pandas Series"):
        MultiSelectAnswers(good, ["", ""], answered)  # type: ignore[arg-type]
    with pytest.raises(
        InvalidValueError, match=r"`answered` is False at row 0 where an option is ticked"
    ):
        MultiSelectAnswers(good, other, pd.Series([False, True]))


def test_repr_shows_counts_not_free_text() -> None:
    answers = parse_multiselect(pd.Series(["A, secret words", None]), ["A"], other="keep")
    assert repr(answers) == "MultiSelectAnswers(1 options, 1 of 2 rows answered, 1 with other text)"
    assert "secret" not in repr(answers)


# ---------------------------------------------------------------- parsing properties

# Characters for labels: letters, accents, quotes, commas, semicolons, brackets, emoji.
LABEL_CHARS = list("abAB") + list("éèçÉ") + ["'", '"', "«", "»", "’", ",", ";", "(", ")", "/"]
LABEL_CHARS += ["😀", "🩺", " "]
words = st.text(alphabet=st.sampled_from(LABEL_CHARS), min_size=1, max_size=4).filter(
    lambda w: w == w.strip() and SEP not in w
)


@st.composite
def label_sets(draw: st.DrawFn) -> list[str]:
    """Distinct labels, some containing ", ", some the prefix of another."""
    labels: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        if labels and draw(st.booleans()):
            label = draw(st.sampled_from(labels)) + SEP + draw(words)  # extends a label
        else:
            label = SEP.join(draw(st.lists(words, min_size=1, max_size=3)))
        labels.append(label)
    assume(len(set(labels)) == len(labels))
    return labels


def readings(text: str, labels: list[str]) -> set[frozenset[str]]:
    """Every set of labels whose join (any order, repeats allowed) is exactly `text`."""
    found: set[frozenset[str]] = set()

    def walk(position: int, used: frozenset[str]) -> None:
        if position == len(text):
            found.add(used)
            return
        for label in labels:
            end = position + len(label)
            if text.startswith(label, position):
                if end == len(text):
                    walk(end, used | {label})
                elif text.startswith(SEP, end):
                    walk(end + len(SEP), used | {label})

    walk(0, frozenset())
    return found


@given(data=st.data())
def test_parse_inverts_join(data: st.DataObject) -> None:
    labels = data.draw(label_sets())
    ticked = data.draw(st.lists(st.sampled_from(labels), min_size=1, unique=True))
    ticked_in_form_order = [label for label in labels if label in ticked]
    text = SEP.join(ticked_in_form_order)
    possible = readings(text, labels)
    assert frozenset(ticked) in possible
    event("ambiguous" if len(possible) > 1 else "unique")
    event("a label contains the separator" if any(SEP in label for label in labels) else "plain")
    if possible == {frozenset(ticked)}:
        answers = parse_multiselect(pd.Series([text]), labels)
        row = answers.indicators.iloc[0]
        assert {label for label in labels if row[label]} == set(ticked)
        assert answers.other.iloc[0] == ""
    else:
        with pytest.raises(AmbiguousAnswerError):
            parse_multiselect(pd.Series([text]), labels)


@given(data=st.data())
def test_other_text_round_trips(data: st.DataObject) -> None:
    labels = data.draw(label_sets())
    ticked = data.draw(st.lists(st.sampled_from(labels), unique=True))
    # Free text from a disjoint alphabet (digits), possibly containing the separator.
    free_words = st.text(alphabet="0123456789#", min_size=1, max_size=4)
    free = SEP.join(data.draw(st.lists(free_words, min_size=1, max_size=3)))
    text = SEP.join([label for label in labels if label in ticked] + [free])
    assume(
        readings(SEP.join(label for label in labels if label in ticked), labels)
        in ({frozenset(ticked)}, {frozenset()})
    )
    answers = parse_multiselect(pd.Series([text]), labels, other="keep")
    row = answers.indicators.iloc[0]
    assert {label for label in labels if row[label]} == set(ticked)
    assert answers.other.iloc[0] == free
    assert bool(answers.answered.iloc[0])


def brute_force_reading(text: str, labels: list[str]) -> tuple[set[str], str] | None:
    """The parser's rule by enumeration: every reading of the pieces, the most covered.

    Cut at SEP, strip the pieces, drop trailing empty ones; each piece is either part
    of a label (a run of consecutive pieces equal to the label's pieces) or other text.
    Among the readings covering the most pieces with labels, one distinct (labels,
    other pieces) must remain, else the text is ambiguous (None).
    """
    raw = text.split(SEP)
    pieces = [piece.strip() for piece in raw]
    while pieces and not pieces[-1]:
        pieces.pop()
        raw.pop()
    label_pieces = [tuple(piece.strip() for piece in label.split(SEP)) for label in labels]
    found: set[tuple[int, frozenset[int], tuple[int, ...]]] = set()

    def walk(i: int, cover: int, ticked: frozenset[int], rest: tuple[int, ...]) -> None:
        if i == len(pieces):
            found.add((cover, ticked, rest))
            return
        walk(i + 1, cover, ticked, rest + ((i,) if pieces[i] else ()))
        for j, lp in enumerate(label_pieces):
            if tuple(pieces[i : i + len(lp)]) == lp:
                walk(i + len(lp), cover + len(lp), ticked | {j}, rest)

    walk(0, 0, frozenset(), ())
    top = max(cover for cover, _, _ in found)
    best = {(ticked, rest) for cover, ticked, rest in found if cover == top}
    if len(best) > 1:
        return None
    ((ticked, rest),) = best
    return {labels[j] for j in ticked}, SEP.join(raw[j] for j in rest).strip()


@given(data=st.data())
def test_parse_of_many_answers_matches_brute_force(data: st.DataObject) -> None:
    # Many rows through one parser: readings are computed once per key (unknown pieces
    # replaced by a placeholder) and reused; each row must still read as the brute
    # force reads it alone. Free text mixes unknown words with labels' own pieces and
    # odd characters (no-break and em spaces, tabs, NUL, accents); pieces are padded.
    labels = data.draw(label_sets())
    label_words = sorted({piece for label in labels for piece in label.split(SEP)})
    free = st.one_of(st.text(alphabet="09#é \xa0\u2003\t\x00,", min_size=1, max_size=4),
                     st.sampled_from(label_words), st.just(" "))  # fmt: skip
    pad = st.sampled_from(["", "", " ", "\xa0", "\t "])  # spaces around pieces are ignored
    element = st.tuples(pad, st.one_of(st.sampled_from(labels), free), pad).map("".join)
    rows = data.draw(
        st.lists(
            st.lists(element, min_size=1, max_size=4).map(SEP.join),
            min_size=1,
            max_size=25,
        )
    )
    expected = [brute_force_reading(row, labels) for row in rows]
    clear = [row for row, e in zip(rows, expected, strict=True) if e is not None]
    event("some ambiguous" if len(clear) < len(rows) else "all clear")
    for row, e in zip(rows, expected, strict=True):
        if e is None:
            with pytest.raises(AmbiguousAnswerError):
                parse_multiselect(pd.Series([row, *clear]), labels, other="keep")
    assume(clear)
    answers = parse_multiselect(pd.Series(clear), labels, other="keep")
    for i, row in enumerate(clear):
        reading = brute_force_reading(row, labels)
        assert reading is not None
        ticked, other = reading
        flags = answers.indicators.iloc[i]
        assert {label for label in labels if flags[label]} == ticked, row
        assert answers.other.iloc[i] == other, row
        assert bool(answers.answered.iloc[i]) == bool(ticked or other), row


@given(data=st.data())
def test_answers_sharing_their_head_read_as_alone(data: st.DataObject) -> None:
    # The parser reads "head, last" as its head plus the last piece when that piece is
    # no label's piece, caching each head (a million answers, ~82,000 distinct "Other"
    # texts after a few hundred label sets). Rows share heads here -- ambiguous heads,
    # heads with other text, blank heads, labels containing the separator -- and their
    # last pieces are unknown words, labels' pieces or blanks: each row must read as
    # the brute force reads it alone, whatever was read before it.
    labels = data.draw(label_sets())
    label_words = sorted({piece for label in labels for piece in label.split(SEP)})
    word = st.one_of(st.sampled_from(labels), st.sampled_from(label_words),
                     st.text(alphabet="09# \xa0", min_size=0, max_size=3))  # fmt: skip
    heads = data.draw(st.lists(st.lists(word, max_size=3).map(SEP.join), min_size=1, max_size=4))
    last = st.one_of(st.text(alphabet="09#é", min_size=1, max_size=3), word)
    rows = data.draw(
        st.lists(st.tuples(st.sampled_from(heads), last).map(SEP.join), min_size=1, max_size=30)
    )
    expected = [brute_force_reading(row, labels) for row in rows]
    event("some ambiguous" if None in expected else "all clear")
    clear = [row for row, e in zip(rows, expected, strict=True) if e is not None]
    for row, e in zip(rows, expected, strict=True):
        if e is None:  # refused even after its head was read for other rows
            with pytest.raises(AmbiguousAnswerError):
                parse_multiselect(pd.Series([*clear, row]), labels, other="keep")
    assume(clear)
    answers = parse_multiselect(pd.Series(clear), labels, other="keep")
    for i, row in enumerate(clear):
        reading = brute_force_reading(row, labels)
        assert reading is not None
        flags = answers.indicators.iloc[i]
        assert {label for label in labels if flags[label]} == reading[0], row
        assert answers.other.iloc[i] == reading[1], row


@given(
    rows=st.lists(st.lists(st.booleans(), min_size=3, max_size=3), min_size=1, max_size=30),
    data=st.data(),
)
def test_parse_keeps_rows_aligned_with_their_index(
    rows: list[list[bool]], data: st.DataObject
) -> None:
    labels = [MOTIVES[0], MOTIVES[5], MOTIVES[1]]
    index = data.draw(st.permutations(list(range(100, 100 + len(rows)))))
    cells = pd.Series(
        [
            SEP.join(label for label, t in zip(labels, row, strict=True) if t) or None
            for row in rows
        ],
        index=index,
    )
    answers = parse_multiselect(cells, labels)
    assert answers.indicators.index.tolist() == list(index)
    assert answers.indicators.to_numpy().tolist() == rows
    assert answers.answered.tolist() == [any(row) for row in rows]


# =========================================================================== tables


def test_table_columns_base_and_order() -> None:
    cells = pd.Series(["A, B", "B", "C", "B, C", None, "Autre chose", "A, B, C"])
    answers = parse_multiselect(cells, ["A", "B", "C"], other="keep")
    table = multiselect_table(answers, rng=0, n_resamples=200)
    assert tuple(table.columns) == TABLE_COLUMNS
    # The respondent who only wrote "Other" is in the base; the blank one is not.
    assert table["respondents"].tolist() == [6, 6, 6]
    # Sorted by mentions: B 4, C 3, A 2.
    assert table["option"].tolist() == ["B", "C", "A"]
    assert table["mentions"].tolist() == [4, 3, 2]
    assert table["pct_respondents"].tolist() == pytest.approx([400 / 6, 50.0, 200 / 6])
    assert table["pct_mentions"].tolist() == pytest.approx([400 / 9, 300 / 9, 200 / 9])
    assert str(table["rank_low"].dtype) == "Int64"
    assert table.attrs["method"] == "wilson"
    assert table.attrs["n_resamples"] == 200
    assert "200 bootstrap resamples of the 6 respondents" in table.attrs["note"]


def test_ties_keep_the_form_order() -> None:
    answers = answers_from_matrix([[False, True, True], [True, True, True]])
    table = multiselect_table(answers, n_resamples=0)
    assert table["option"].tolist() == ["option 1", "option 2", "option 0"]


@pytest.mark.parametrize("method", ["wilson", "clopper-pearson", "agresti-coull"])
@pytest.mark.parametrize("adjust", [None, "bonferroni"])
def test_survey_counts_match_statsmodels(method: str, adjust: str | None) -> None:
    counts = dict(zip(MOTIVES, SURVEY_COUNTS, strict=True))
    table = multiselect_table_from_counts(counts, 50, method=method, adjust=adjust)
    alpha = 0.05 / 7 if adjust else 0.05
    sm_method = {"wilson": "wilson", "clopper-pearson": "beta", "agresti-coull": "agresti_coull"}
    low, high = proportion_confint(
        np.array(SURVEY_COUNTS), 50, alpha=alpha, method=sm_method[method]
    )
    assert table["option"].tolist() == MOTIVES  # already sorted by mentions
    assert table["low"].to_numpy() == pytest.approx(100 * np.clip(low, 0, 1), abs=1e-9)
    assert table["high"].to_numpy() == pytest.approx(100 * np.clip(high, 0, 1), abs=1e-9)
    assert table["pct_mentions"].sum() == pytest.approx(100.0)
    assert table["pct_mentions"].iloc[0] == pytest.approx(100 * 43 / 198)
    assert table.attrs["per_option_confidence"] == pytest.approx(1 - alpha)


def test_published_counts_have_no_ranks_and_say_why() -> None:
    table = multiselect_table_from_counts(pd.Series(SURVEY_COUNTS, index=MOTIVES), 50)
    assert table["rank_low"].isna().all()
    assert table["rank_high"].isna().all()
    assert str(table["rank_low"].dtype) == "Int64"
    assert "need respondent-level answers" in table.attrs["note"]
    assert table["respondents"].tolist() == [50] * 7


def test_from_counts_sorts_and_agrees_with_answers() -> None:
    matrix = np.array([[1, 0, 1], [1, 1, 1], [0, 0, 1], [0, 0, 0]], dtype=bool)
    from_rows = multiselect_table(answers_from_matrix(matrix), n_resamples=0)
    counts = {f"option {j}": int(matrix[:, j].sum()) for j in range(3)}
    from_counts = multiselect_table_from_counts(counts, 4)
    pd.testing.assert_frame_equal(
        from_rows.drop(columns=["rank_low", "rank_high"]),
        from_counts.drop(columns=["rank_low", "rank_high"]),
    )


@pytest.mark.parametrize(
    ("counts", "respondents", "error", "match"),
    [
        (
            {"A": 51},
            50,
            InvalidValueError,
            r"`counts` must be ≤ `respondents`; got counts=51 > respondents=50",
        ),
        ({"A": -1}, 50, InvalidValueError, r"`counts` must hold counts ≥ 0; got -1"),
        (
            {"A": 2.5},
            50,
            InvalidValueError,
            r"`counts` must hold whole numbers of respondents; got 2.5",
        ),
        (
            {"A": True},
            50,
            InvalidTypeError,
            r"`counts` must map each label to a whole number of mentions; got True for 'A'",
        ),
        ({"A": "3"}, 50, InvalidTypeError, r"got '3' for 'A'"),
        ({}, 50, InvalidValueError, r"`counts` must hold at least one option"),
        ([43, 39], 50, InvalidTypeError, r"`counts` must be a mapping \{label: mentions\}"),
        ({"A": 3}, 0, InvalidValueError, r"`respondents` must be ≥ 1"),
        (
            {"A": 3},
            "50",
            InvalidTypeError,
            r"`respondents` must be the number of respondents who answered",
        ),
        (
            {"A": 3},
            2.5,
            InvalidValueError,
            r"`respondents` must be a whole number of respondents; got 2.5",
        ),
        ({"": 3}, 5, InvalidValueError, r"`options` must hold non-empty strings"),
        # Beyond float64 (found by fuzzing): OverflowError before.
        ({"A": Fraction(10**400, 3)}, 5, InvalidValueError, r"`counts` must hold finite counts"),
        ({"A": 10**400}, 5, InvalidValueError, r"`counts` must hold finite counts"),
    ],
)
def test_from_counts_bad_input(
    counts: object, respondents: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        multiselect_table_from_counts(counts, respondents)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (
            {"confidence": 95},
            InvalidValueError,
            r"`confidence` must be in the open interval \(0, 1\); got 95",
        ),
        ({"method": "exactly"}, InvalidValueError, r"`method` must be one of 'wilson'"),
        (
            {"adjust": "holm"},
            InvalidValueError,
            r"`adjust` must be None \(one interval per option\) or 'bonferroni'.*got 'holm'",
        ),
        ({"adjust": True}, InvalidValueError, r"`adjust` must be None"),
        (
            {"n_resamples": 50},
            InvalidValueError,
            r"`n_resamples` must be 0 \(no rank intervals\) or at least 100.*got 50",
        ),
        ({"n_resamples": -1}, InvalidValueError, r"got -1"),
        (
            {"n_resamples": 2000.0},
            InvalidTypeError,
            r"`n_resamples` must be a whole number such as 2000",
        ),
        ({"n_resamples": True}, InvalidTypeError, r"`n_resamples` must be a whole number"),
        ({"rng": -1}, InvalidValueError, r"`rng` must be a seed ≥ 0 or a Generator; got -1"),
        (
            {"rng": "seed"},
            InvalidTypeError,
            r"`rng` must be None, an integer seed or a numpy.random.Generator",
        ),
    ],
)
def test_table_bad_arguments(kwargs: dict[str, object], error: type[Exception], match: str) -> None:
    answers = answers_from_matrix([[True, False], [True, True]])
    with pytest.raises(error, match=match):
        multiselect_table(answers, **kwargs)  # type: ignore[arg-type]


def test_table_needs_answers_and_someone_who_answered() -> None:
    with pytest.raises(
        InvalidTypeError, match=r"`answers` must be a MultiSelectAnswers; got DataFrame"
    ):
        multiselect_table(pd.DataFrame({"A": [True]}))  # type: ignore[arg-type]
    nobody = parse_multiselect(pd.Series([None, ""], dtype=object), ["A"])
    with pytest.raises(InvalidValueError, match="no respondent who answered the question"):
        multiselect_table(nobody)


def test_nothing_ticked_warns_and_leaves_pct_mentions_missing() -> None:
    answers = parse_multiselect(pd.Series(["free text"]), ["A", "B"], other="keep")
    with pytest.warns(DegenerateDataWarning, match="No option was ticked by anyone"):
        table = multiselect_table(answers, n_resamples=0)
    assert table["pct_mentions"].isna().all()
    assert table["mentions"].tolist() == [0, 0]
    assert table["high"].tolist() == pytest.approx(
        [100 * proportion_confint(0, 1, method="wilson")[1]] * 2
    )


# ---------------------------------------------------------------- rank intervals


def test_ranks_of_clearly_separated_options_are_exact() -> None:
    rng = np.random.default_rng(7)
    n = 200
    matrix = np.column_stack([np.ones(n), rng.random(n) < 0.5, np.zeros(n)]).astype(bool)
    table = multiselect_table(answers_from_matrix(matrix), rng=1, n_resamples=500)
    assert table["option"].tolist() == ["option 0", "option 1", "option 2"]
    assert table["rank_low"].tolist() == [1, 2, 3]
    assert table["rank_high"].tolist() == [1, 2, 3]


def test_identical_options_share_both_places() -> None:
    column = np.array([True, False, True, True, False] * 10)
    matrix = np.column_stack([column, column, ~column & False])
    table = multiselect_table(answers_from_matrix(matrix), rng=3, n_resamples=300)
    # Options 0 and 1 always tie: each could be first or second, every time.
    assert table["rank_low"].tolist()[:2] == [1, 1]
    assert table["rank_high"].tolist()[:2] == [2, 2]
    assert table.loc[2, ["rank_low", "rank_high"]].tolist() == [3, 3]


def test_rank_bootstrap_is_reproducible_and_seed_dependent() -> None:
    rng = np.random.default_rng(0)
    matrix = rng.random((60, 4)) < [0.6, 0.55, 0.5, 0.2]
    answers = answers_from_matrix(matrix)
    first = multiselect_table(answers, rng=11, n_resamples=400)
    again = multiselect_table(answers, rng=np.random.default_rng(11), n_resamples=400)
    pd.testing.assert_frame_equal(first, again)
    skipped = multiselect_table(answers, n_resamples=0)
    assert skipped["rank_low"].isna().all()
    assert skipped.attrs["note"] == "Rank intervals not computed (n_resamples=0)."


def test_close_survey_motives_share_places() -> None:
    # 50 respondents whose marginal counts are the survey's (43, 39, 38, ...), built
    # deterministically: respondent i ticks option j when i < count_j.
    matrix = np.array([[i < c for c in SURVEY_COUNTS] for i in range(50)])
    answers = answers_from_matrix(matrix)
    table = multiselect_table(answers, rng=2025, n_resamples=2000)
    assert table["mentions"].tolist() == SURVEY_COUNTS
    # Nested answers: 39 and 38 mentions differ by one respondent, absent from about
    # (49/50)**50 = 36 % of resamples, where the two tie: both can be 2nd or 3rd. The
    # top option ties with the 2nd in only (46/50)**50 = 1.5 % of resamples (< 2.5 %).
    assert table.loc[0, ["rank_low", "rank_high"]].tolist() == [1, 1]
    assert table.loc[1, ["rank_low", "rank_high"]].tolist() == [2, 3]
    assert table.loc[2, ["rank_low", "rank_high"]].tolist() == [2, 3]


def test_rank_batches_do_not_change_results(monkeypatch: pytest.MonkeyPatch) -> None:
    import optamstats.multiselect.ranks as module

    rng = np.random.default_rng(5)
    answers = answers_from_matrix(rng.random((40, 5)) < 0.4)
    one_batch = multiselect_table(answers, rng=9, n_resamples=300)
    monkeypatch.setattr(module, "_BATCH_ELEMENTS", 40 * 7)  # batches of 7 resamples
    many_batches = multiselect_table(answers, rng=9, n_resamples=300)
    pd.testing.assert_frame_equal(one_batch, many_batches)


# ------------------------------------------- rank bootstrap over answer patterns (issue 21)


@given(
    m=st.sampled_from([1, 2, 3, 7, 20, 21, 40, 63, 64, 70]),
    n=st.integers(1, 60),
    density=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**32 - 1),
    data=st.data(),
)
def test_answer_patterns_count_each_distinct_row(
    m: int, n: int, density: float, seed: int, data: st.DataObject
) -> None:
    from collections import Counter

    from optamstats.multiselect.ranks import _answer_patterns

    rng = np.random.default_rng(seed)
    matrix = rng.random((n, m)) < density
    if n > 1:  # repeat some rows, as answers repeat
        matrix = matrix[rng.integers(0, n, n)]
    patterns, counts = _answer_patterns(matrix)
    # The reference: Python's Counter over the rows as tuples.
    expected = Counter(tuple(bool(x) for x in row) for row in matrix)
    assert patterns.dtype == bool
    assert patterns.shape == (len(expected), m)
    found = {tuple(bool(x) for x in row): int(c) for row, c in zip(patterns, counts, strict=True)}
    assert found == expected
    # Canonical order: the same arrays whatever the order of the rows.
    order = data.draw(st.permutations(range(n)))
    again = _answer_patterns(matrix[list(order)])
    np.testing.assert_array_equal(patterns, again[0])
    np.testing.assert_array_equal(counts, again[1])


def _exact_rank_law(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """P(best rank = r) and P(worst rank = r) of each option, over all n**n resamples.

    Enumerates every ordered resample of the n respondents (each of probability
    n**-n) and ranks with scipy.stats.rankdata: method="min" on the negated mentions is
    1 + #(strictly more), the best case; method="max" is #(at least as many), the worst.
    """
    from itertools import product

    from scipy.stats import rankdata

    n, m = matrix.shape
    draws = np.array(list(product(range(n), repeat=n)))
    mentions = matrix[draws].sum(axis=1)  # (n**n, m)
    best = rankdata(-mentions, method="min", axis=1).astype(int)
    worst = rankdata(-mentions, method="max", axis=1).astype(int)
    law = [np.stack([np.mean(r[:, j] == k) for k in range(1, m + 1)]) for r in (best, worst)
           for j in range(m)]  # fmt: skip
    return np.array(law[:m]), np.array(law[m:])


def _rank_frequencies(best: np.ndarray, worst: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    m = best.shape[1]
    freq = [np.stack([np.mean(r[:, j] == k) for k in range(1, m + 1)]) for r in (best, worst)
            for j in range(m)]  # fmt: skip
    return np.array(freq[:m]), np.array(freq[m:])


@pytest.mark.parametrize("ratio", [1, 10**9], ids=["by-pattern", "by-respondent"])
def test_rank_draws_follow_the_exact_law_of_respondent_resampling(
    monkeypatch: pytest.MonkeyPatch, ratio: int
) -> None:
    import optamstats.multiselect.ranks as module

    # 6 respondents, 4 distinct patterns, mentions 3, 4, 3: every rank is possible.
    matrix = np.array(
        [[1, 1, 0], [1, 1, 0], [1, 0, 0], [0, 1, 1], [0, 1, 1], [0, 0, 1]], dtype=bool
    )
    exact_best, exact_worst = _exact_rank_law(matrix)
    # ratio 1 forces the multinomial draw over patterns, 10**9 the respondents' draw.
    monkeypatch.setattr(module, "_PATTERN_RATIO", ratio)
    b = 20_000
    best, worst = module._resampled_ranks(matrix, b, np.random.default_rng(21))
    freq_best, freq_worst = _rank_frequencies(best, worst)
    for exact, freq in ((exact_best, freq_best), (exact_worst, freq_worst)):
        # Each frequency within 5 binomial standard errors of its exact probability.
        # A draw over patterns with wrong weights (e.g. 1/P each, or patterns and
        # counts out of step) moves some cells by 0.05-0.2, i.e. 15-60 errors.
        se = np.sqrt(exact * (1 - exact) / b)
        assert np.all(np.abs(freq - exact) <= 5 * se + 1e-12), (freq, exact)
    # The case is not trivial: option 0 is often first and often last.
    assert exact_best[0, 0] > 0.2
    assert exact_worst[0, 2] > 0.2


def test_rank_draws_by_pattern_and_by_respondent_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    import optamstats.multiselect.ranks as module

    # 400 respondents, 5 patterns, four options whose shares are close (130, 120, 110,
    # 120 mentions): ranks vary from resample to resample.
    rows = [([1, 1, 0, 0], 60), ([1, 0, 1, 0], 50), ([0, 1, 0, 1], 60), ([0, 0, 1, 1], 60),
            ([1, 0, 0, 0], 20), ([0, 0, 0, 0], 150 + 60)]  # fmt: skip
    matrix = np.repeat(np.array([r for r, _ in rows], dtype=bool), [k for _, k in rows], axis=0)
    n = matrix.shape[0]
    patterns, _ = module._answer_patterns(matrix)
    assert len(patterns) * module._PATTERN_RATIO <= n  # the default takes the pattern draw
    b = 4000
    by_pattern = _rank_frequencies(*module._resampled_ranks(matrix, b, np.random.default_rng(5)))
    monkeypatch.setattr(module, "_PATTERN_RATIO", 10**9)
    by_row = _rank_frequencies(*module._resampled_ranks(matrix, b, np.random.default_rng(5)))
    for x, y in zip(by_pattern, by_row, strict=True):
        # Two independent estimates of the same probabilities: within 5 standard
        # errors of their difference.
        p = (x + y) / 2
        assert np.all(np.abs(x - y) <= 5 * np.sqrt(2 * p * (1 - p) / b) + 1e-12), (x, y)
    assert np.max(by_pattern[0]) < 0.9  # ranks do vary: the comparison has power


def test_rank_bootstrap_by_pattern_is_reproducible_in_batches_and_any_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import optamstats.multiselect.ranks as module

    rng = np.random.default_rng(8)
    matrix = rng.random((3000, 6)) < [0.5, 0.48, 0.3, 0.3, 0.1, 0.05]
    assert len(module._answer_patterns(matrix)[0]) * module._PATTERN_RATIO <= len(matrix)
    answers = answers_from_matrix(matrix)
    table = multiselect_table(answers, rng=17, n_resamples=500)
    again = multiselect_table(answers, rng=np.random.default_rng(17), n_resamples=500)
    pd.testing.assert_frame_equal(table, again)
    shuffled = multiselect_table(
        answers_from_matrix(matrix[rng.permutation(len(matrix))]), rng=17, n_resamples=500
    )
    pd.testing.assert_frame_equal(table, shuffled)
    monkeypatch.setattr(module, "_BATCH_ELEMENTS", 64 * 9)  # batches of 9 resamples
    pd.testing.assert_frame_equal(table, multiselect_table(answers, rng=17, n_resamples=500))
    other_seed = module._resampled_ranks(matrix, 500, np.random.default_rng(18))
    assert not np.array_equal(module._resampled_ranks(matrix, 500, np.random.default_rng(17))[0],
                              other_seed[0])  # fmt: skip


def test_rank_bootstrap_of_a_million_respondents_costs_their_patterns() -> None:
    import time

    from optamstats.multiselect.ranks import _rank_bounds

    # 10**6 respondents, 7 options (at most 128 patterns). Resampling respondents took
    # about 30 s here; the pattern draw takes well under a second on a slow machine.
    rng = np.random.default_rng(3)
    matrix = rng.random((10**6, 7)) < [0.86, 0.78, 0.76, 0.5, 0.46, 0.34, 0.26]
    start = time.process_time()
    low, high = _rank_bounds(matrix, 2000, 0.025, np.random.default_rng(2025))
    assert time.process_time() - start < 10.0
    # Shares 0.86 ... 0.26 of a million: the order is certain, each rank exact.
    assert low.tolist() == high.tolist() == [1, 2, 3, 4, 5, 6, 7]


# ---------------------------------------------------------------- table properties

matrices = st.integers(1, 5).flatmap(
    lambda m: st.lists(st.lists(st.booleans(), min_size=m, max_size=m), min_size=1, max_size=40)
)


@given(rows=matrices, data=st.data())
def test_table_invariants(rows: list[list[bool]], data: st.DataObject) -> None:
    matrix = np.array(rows, dtype=bool)
    answers = answers_from_matrix(matrix)
    with nothing_ticked_warning(matrix):
        table = multiselect_table(answers, rng=4, n_resamples=100)
    n, m = matrix.shape
    assert (table["mentions"] <= table["respondents"]).all()
    assert (table["respondents"] == n).all()
    assert sorted(table["mentions"].tolist(), reverse=True) == table["mentions"].tolist()
    if matrix.any():
        assert table["pct_mentions"].sum() == pytest.approx(100.0)
    assert (
        (table["low"] <= table["pct_respondents"]) & (table["pct_respondents"] <= table["high"])
    ).all()
    assert (
        (table["rank_low"] >= 1)
        & (table["rank_low"] <= table["rank_high"])
        & (table["rank_high"] <= m)
    ).all()
    # Row order never matters, rank intervals included (same seed).
    order = data.draw(st.permutations(range(n)))
    with nothing_ticked_warning(matrix):
        shuffled = multiselect_table(
            answers_from_matrix(matrix[list(order)]), rng=4, n_resamples=100
        )
    pd.testing.assert_frame_equal(table, shuffled)


@given(rows=matrices, method=st.sampled_from(["wilson", "clopper-pearson", "jeffreys", "wald"]))
def test_simultaneous_intervals_contain_the_per_option_ones(
    rows: list[list[bool]], method: str
) -> None:
    matrix = np.array(rows, dtype=bool)
    answers = answers_from_matrix(matrix)
    with nothing_ticked_warning(matrix):
        single = multiselect_table(answers, method=method, rng=8, n_resamples=100)
    with nothing_ticked_warning(matrix):
        joint = multiselect_table(
            answers, method=method, adjust="bonferroni", rng=8, n_resamples=100
        )
    assert (joint["option"] == single["option"]).all()
    assert (joint["low"] <= single["low"] + 1e-12).all()
    assert (joint["high"] >= single["high"] - 1e-12).all()
    assert (joint["rank_low"] <= single["rank_low"]).all()
    assert (joint["rank_high"] >= single["rank_high"]).all()


# =========================================================================== paired


# (both, only A, only B, neither) and the published 95% limits of Newcombe's method 10,
# to the decimals printed:
NEWCOMBE_PAIRED = [
    # Newcombe (1998), Stat Med 17:2635-2650, Table III, method 10: two of its examples,
    # 50 pairs with 12 and 2 discordant. The first is the one R's ratesci checks
    # (tests/testthat/test3.R, "against Newcombe's method 10 result"); the second is the
    # one issue 22 cites as the paper's. (Table read from transcriptions, not the print.)
    ((20, 12, 2, 16), (0.0562, 0.3292), 4),
    ((18, 12, 2, 18), (0.0562, 0.3290), 4),
    # Fagerland, Lydersen & Laake (2014), Stat Med 33:2850-2875, Table II (Bentur et al.
    # 2009 airway data), Newcombe hybrid score: -0.507 to -0.026 (also in ratesci's tests).
    ((1, 1, 7, 12), (-0.507, -0.026), 3),
    # The Tang et al. (2010) example checked in ratesci's tests for method 10.
    ((8, 3, 1, 2), (-0.1574, 0.4136), 4),
    # The Chang et al. (2024) example checked in ratesci's tests for method 10.
    ((7, 25, 2, 68), (0.133, 0.318), 3),
]


@pytest.mark.parametrize(("cells", "limits", "digits"), NEWCOMBE_PAIRED)
def test_paired_interval_matches_published_values(
    cells: tuple[int, int, int, int], limits: tuple[float, float], digits: int
) -> None:
    result = compare_options(answers_from_pairs(*cells), "A", "B")
    _, only_a, only_b, _ = cells
    assert (result.both, result.only_a, result.only_b, result.neither) == cells
    assert result.n == sum(cells)
    assert result.estimate == pytest.approx((only_a - only_b) / sum(cells))
    assert round(result.low, digits) == limits[0]
    assert round(result.high, digits) == limits[1]
    assert result.method == "newcombe-paired"


@pytest.mark.parametrize(("cells", "limits", "digits"), NEWCOMBE_PAIRED)
def test_mcnemar_exact_matches_statsmodels(
    cells: tuple[int, int, int, int], limits: tuple[float, float], digits: int
) -> None:
    both, only_a, only_b, neither = cells
    oracle = mcnemar([[both, only_a], [only_b, neither]], exact=True).pvalue
    assert compare_options(answers_from_pairs(*cells), "A", "B").p_value == pytest.approx(
        oracle, rel=1e-12
    )


def test_mcnemar_bentur_value() -> None:
    # 1 vs 7 discordant pairs: 2 * P(X <= 1), X ~ Binomial(8, 1/2) = 2 * 9 / 256.
    assert compare_options(answers_from_pairs(1, 1, 7, 12), "A", "B").p_value == 18 / 256


def test_no_discordant_pairs() -> None:
    result = compare_options(answers_from_pairs(5, 0, 0, 5), "A", "B")
    assert result.estimate == 0.0
    assert result.p_value == 1.0
    assert result.low < 0.0 < result.high


@given(
    cells=st.tuples(*[st.integers(0, 30)] * 4).filter(lambda c: sum(c) > 0),
    confidence=st.floats(0.5, 0.999),
)
def test_paired_interval_properties(cells: tuple[int, int, int, int], confidence: float) -> None:
    answers = answers_from_pairs(*cells)
    ab = compare_options(answers, "A", "B", confidence=confidence)
    ba = compare_options(answers, "B", "A", confidence=confidence)
    assert -1.0 <= ab.low <= ab.estimate <= ab.high <= 1.0
    assert ba.estimate == pytest.approx(-ab.estimate)
    assert ba.low == pytest.approx(-ab.high, abs=1e-12)
    assert ba.high == pytest.approx(-ab.low, abs=1e-12)
    assert ab.p_value == ba.p_value
    wider = compare_options(answers, "A", "B", confidence=min(0.9999, confidence + 0.0001))
    assert wider.low <= ab.low + 1e-12
    assert wider.high >= ab.high - 1e-12
    if cells[1] + cells[2] > 0:
        oracle = mcnemar([[cells[0], cells[1]], [cells[2], cells[3]]], exact=True).pvalue
        assert ab.p_value == pytest.approx(oracle, rel=1e-9)


def test_compare_counts_only_respondents_who_answered() -> None:
    cells = pd.Series(["A, B", "A", None, "", "B", "C"])
    result = compare_options(parse_multiselect(cells, ["A", "B", "C"]), "A", "B")
    assert (result.both, result.only_a, result.only_b, result.neither, result.n) == (1, 1, 1, 1, 4)
    assert (result.k_a, result.k_b) == (2, 2)


def test_compare_cite_and_frame() -> None:
    result = compare_options(answers_from_pairs(20, 12, 2, 16), "A", "B")
    assert isinstance(result, PairedDifferenceCI)
    assert result.cite() == "20.0 points (95% CI 5.6 to 32.9; n = 50; McNemar exact p = 0.013)"
    assert (
        result.cite(lang="fr")
        == "20,0 points (IC à 95 % : 5,6 à 32,9 ; n = 50 ; test exact de McNemar : p = 0,013)"
    )
    strong = compare_options(answers_from_pairs(0, 30, 0, 0), "A", "B")
    assert strong.cite().endswith("McNemar exact p < 0.001)")
    frame = result.to_frame()
    assert frame.loc[0, "option_a"] == "A"
    assert frame.loc[0, "p_value"] == pytest.approx(result.p_value)


def test_compare_bad_input() -> None:
    answers = answers_from_pairs(1, 1, 1, 1)
    with pytest.raises(
        InvalidValueError, match=r"`a` must be one of the options \['A', 'B', 'C'\]; got 'Z'"
    ):
        compare_options(answers, "Z", "B")
    with pytest.raises(
        InvalidValueError, match=r"`a` and `b` must be two different options; got 'A' twice"
    ):
        compare_options(answers, "A", "A")
    with pytest.raises(InvalidTypeError, match=r"`b` must be an option label \(a string\); got 1"):
        compare_options(answers, "A", 1)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"`confidence` must be in the open interval"):
        compare_options(answers, "A", "B", confidence=1.0)
    with pytest.raises(InvalidTypeError, match=r"`answers` must be a MultiSelectAnswers"):
        compare_options(None, "A", "B")  # type: ignore[arg-type]


# =========================================================================== co-occurrence


@given(rows=matrices)
def test_cooccurrence_matches_set_arithmetic(rows: list[list[bool]]) -> None:
    matrix = np.array(rows, dtype=bool)
    answers = answers_from_matrix(matrix)
    who = [set(np.flatnonzero(matrix[:, j])) for j in range(matrix.shape[1])]
    counts = cooccurrence(answers)
    for i, j in combinations(range(matrix.shape[1]), 2):
        assert counts.iloc[i, j] == counts.iloc[j, i] == len(who[i] & who[j])
    assert np.diag(counts.to_numpy()).tolist() == [len(s) for s in who]
    if all(who):
        jaccard = cooccurrence(answers, measure="jaccard")
        conditional = cooccurrence(answers, measure="conditional")
        for i in range(matrix.shape[1]):
            for j in range(matrix.shape[1]):
                assert jaccard.iloc[i, j] == pytest.approx(
                    len(who[i] & who[j]) / len(who[i] | who[j])
                )
                assert conditional.iloc[i, j] == pytest.approx(len(who[i] & who[j]) / len(who[i]))


def test_cooccurrence_of_an_unticked_option_is_missing() -> None:
    answers = answers_from_matrix([[True, False], [True, False]])
    with pytest.warns(DegenerateDataWarning, match=r"\['option 1'\] were ticked by nobody"):
        jaccard = cooccurrence(answers, measure="jaccard")
    assert jaccard.iloc[0, 0] == 1.0
    assert jaccard.iloc[0, 1] == 0.0
    assert pd.isna(jaccard.iloc[1, 1])
    with pytest.warns(DegenerateDataWarning):
        conditional = cooccurrence(answers, measure="conditional")
    assert pd.isna(conditional.iloc[1, 0])
    assert conditional.iloc[0, 1] == 0.0


def test_cooccurrence_bad_measure() -> None:
    with pytest.raises(
        InvalidValueError,
        match=r"`measure` must be one of 'count', 'jaccard', 'conditional'; got 'lift'",
    ):
        cooccurrence(answers_from_matrix([[True]]), measure="lift")


def test_heat_map() -> None:
    from matplotlib.figure import Figure

    answers = parse_multiselect(
        pd.Series([f"{MOTIVES[0]}, {MOTIVES[1]}", MOTIVES[1], f"{MOTIVES[1]}, {MOTIVES[2]}"]),
        MOTIVES[:3],
    )
    figure = plot_cooccurrence(answers, measure="count")
    assert isinstance(figure, Figure)
    ax = figure.axes[0]
    assert [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()] == MOTIVES[:3]
    assert [t.get_text() for t in ax.texts] == ["1", "1", "0", "1", "3", "1", "0", "1", "1"]
    assert len(figure.axes) == 2  # the heat map and its colour bar
    # Into given axes, without annotations, undefined cells left blank.
    target = Figure().add_subplot()
    blank = answers_from_matrix([[True, False]])
    assert plot_cooccurrence(blank, ax=target, annotate=False) is target.figure
    assert len(target.texts) == 0
    with pytest.raises(
        InvalidValueError, match=r"`wrap` must be a positive number of characters; got 0"
    ):
        plot_cooccurrence(answers, wrap=0)
    # Not an Axes (a Figure, a string): was an AttributeError from inside matplotlib.
    for bad in (target.figure, "ax", 3):
        with pytest.raises(InvalidTypeError, match=r"`ax` must be a matplotlib Axes to draw"):
            plot_cooccurrence(answers, ax=bad)  # type: ignore[arg-type]


def test_import_is_light() -> None:
    code = (
        "import sys, json, optamstats.multiselect, optamstats.marginal; "
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in {'statsmodels', 'matplotlib', 'pandas', 'scipy'})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_tables_do_not_import_matplotlib() -> None:
    code = (
        "import sys, optamstats.multiselect as ms; "
        "a = ms.parse_multiselect(['A, B', 'A'], ['A', 'B']); ms.multiselect_table(a, rng=1); "
        "ms.cooccurrence(a); ms.compare_options(a, 'A', 'B'); "
        "print('matplotlib' in sys.modules, 'statsmodels' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_math_module_is_used_for_nan_cells() -> None:
    # A float NaN in a one-hot column is a blank, not a value to refuse.
    answers = parse_multiselect(pd.DataFrame({"A": [math.nan, 1.0]}), ["A"])
    assert answers.answered.tolist() == [False, True]
