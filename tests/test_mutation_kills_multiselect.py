"""Secondary paths of the multi-select parsing and tables that mutation testing found
unchecked (issue 18): who is in the base of a one-hot question.

The base is defined in docs/methods (and parse_multiselect's docstring): a respondent
answered if any option cell reads as ticked or explicitly not ticked ("Non", 0, False),
or the free-text column is filled; with ``mandatory=True`` every row is in the base.
The counts below follow that definition row by row; the intervals are checked against
statsmodels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from optamstats import InvalidTypeError
from optamstats.multiselect import multiselect_table, parse_multiselect

# Rows: ticked A; "Non" in A and a blank last column; all blank (None, "", NaN); "Non"
# only in the last column; ticked B (last column); blanks of three kinds then "0".
FRAME = pd.DataFrame(
    {
        "A": ["Oui", "Non", None, "", np.nan, " ", "0"],
        "B": ["", "", "", "Non", "X", np.nan, None],
    },
    dtype=object,
)
ANSWERED = [True, True, False, True, True, False, True]


def test_one_hot_non_with_a_blank_last_column_stays_in_the_base() -> None:
    answers = parse_multiselect(FRAME, ["A", "B"])
    assert answers.answered.tolist() == ANSWERED
    assert answers.n_answered == 5
    assert answers.indicators.to_numpy().tolist() == [
        [True, False],
        [False, False],
        [False, False],
        [False, False],
        [False, True],
        [False, False],
        [False, False],
    ]


def test_one_hot_table_base_and_intervals() -> None:
    table = multiselect_table(parse_multiselect(FRAME, ["A", "B"]), rng=1)
    assert table["respondents"].tolist() == [5, 5]
    assert table["mentions"].tolist() == [1, 1]
    # statsmodels.stats.proportion.proportion_confint(1, 5, alpha=0.05, method="wilson")
    lo, hi = proportion_confint(1, 5, alpha=0.05, method="wilson")
    assert table["pct_respondents"].tolist() == pytest.approx([20.0, 20.0])
    assert table["low"].tolist() == pytest.approx([100 * lo] * 2, rel=1e-12)
    assert table["high"].tolist() == pytest.approx([100 * hi] * 2, rel=1e-12)
    assert table["pct_mentions"].tolist() == pytest.approx([50.0, 50.0])


def test_one_hot_mandatory_puts_every_row_in_the_base() -> None:
    answers = parse_multiselect(FRAME, ["A", "B"], mandatory=True)
    assert answers.answered.tolist() == [True] * 7
    assert answers.n_answered == 7
    # mandatory changes the base, never what is ticked
    plain = parse_multiselect(FRAME, ["A", "B"])
    assert answers.indicators.equals(plain.indicators)
    table = multiselect_table(answers, rng=1)
    lo, hi = proportion_confint(1, 7, alpha=0.05, method="wilson")
    assert table["respondents"].tolist() == [7, 7]
    assert table["low"].tolist() == pytest.approx([100 * lo] * 2, rel=1e-12)
    assert table["high"].tolist() == pytest.approx([100 * hi] * 2, rel=1e-12)


def test_one_hot_mandatory_with_mapping_and_other_column() -> None:
    frame = pd.DataFrame(
        {
            "Q[SQ001]": [None, "Y", None],
            "Q[SQ002]": [None, None, None],
            "Q[other]": [None, "", "Autre"],
        }
    )
    options = {"Q[SQ001]": "Sanctions", "Q[SQ002]": "Objectifs"}
    free = parse_multiselect(frame, options, other="keep", other_column="Q[other]")
    assert free.answered.tolist() == [False, True, True]
    forced = parse_multiselect(
        frame, options, other="keep", other_column="Q[other]", mandatory=True
    )
    assert forced.answered.tolist() == [True, True, True]
    assert forced.other.tolist() == ["", "", "Autre"]


@pytest.mark.parametrize("bad", [1, "yes", None])
def test_one_hot_mandatory_must_be_a_bool(bad: object) -> None:
    with pytest.raises(InvalidTypeError, match="`mandatory` must be True or False"):
        parse_multiselect(FRAME, ["A", "B"], mandatory=bad)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- messages


def test_unknown_answer_message_lists_without_an_empty_tail() -> None:
    from optamstats.multiselect import UnknownOptionError

    cells = pd.Series(["A", "Zed", "A, B", "Zed"])
    with pytest.raises(UnknownOptionError) as err:
        parse_multiselect(cells, ["A", "B"])
    assert str(err.value).startswith(
        "`series` holds text matching none of `options` in 2 row(s): 'Zed' (row 1 and 1 more). "
    )
    assert "other unknown" not in str(err.value)
    many = pd.Series(["W", "X", "Y", "Z", "V"])
    with pytest.raises(UnknownOptionError, match=r"; and 2 other unknown answer\(s\)\. Add the"):
        parse_multiselect(many, ["A"])


def test_one_hot_extra_column_message() -> None:
    from optamstats import InvalidValueError

    with pytest.raises(InvalidValueError, match="name the free-text column with `other_column=`"):
        parse_multiselect(pd.DataFrame({"A": [1], "Z": [0]}), ["A"])


def test_parse_coded_equals_parse_multiselect() -> None:
    # The report's path (a column factorized once) must read cells as parse_multiselect.
    from optamstats.multiselect.parsing import _parse_coded

    cells = pd.Series(["A; B", "B", None, "A; C", "C; A"])
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    coded = _parse_coded(cells, codes, np.asarray(uniques, dtype=object), ["A", "B", "C"], sep="; ",
                         other="error")  # fmt: skip
    plain = parse_multiselect(cells, ["A", "B", "C"], sep="; ")
    assert coded.indicators.equals(plain.indicators)
    assert coded.answered.tolist() == plain.answered.tolist()


# --------------------------------------------------------------------------- tables


def test_table_notes_and_defaults() -> None:
    from optamstats import DegenerateDataWarning

    answers = parse_multiselect(pd.Series(["A", "B", "A, B", None]), ["A", "B", "C"])
    table = multiselect_table(answers, rng=1)
    assert table.attrs["n_resamples"] == 2000  # the documented default
    assert str(table["rank_low"].dtype) == "Int64"
    assert str(table["rank_high"].dtype) == "Int64"
    assert table.attrs["note"] == (
        "Rank intervals: 2000 bootstrap resamples of the 3 respondents; ties count both ways."
    )
    nothing = parse_multiselect(pd.DataFrame({"A": [0, 0], "B": [0, 0]}), ["A", "B"])
    with pytest.warns(DegenerateDataWarning, match="No option was ticked"):
        empty = multiselect_table(nothing, n_resamples=0)
    assert empty.attrs["note"] == (
        "Rank intervals not computed (n_resamples=0). No option was mentioned, so "
        "pct_mentions is <NA>."
    )
    assert str(empty["rank_high"].dtype) == "Int64"
    assert empty["rank_high"].isna().all()
    assert empty["rank_low"].isna().all()


def test_cooccurrence_counts_are_integers() -> None:
    from optamstats.multiselect import cooccurrence

    answers = parse_multiselect(pd.Series(["A, B", "A", "A, C", "B", "A, B, C"]), ["A", "B", "C"])
    counts = cooccurrence(answers)
    assert all(str(t) == "int64" for t in counts.dtypes)
    assert counts.to_numpy().tolist() == [[4, 2, 2], [2, 3, 1], [2, 1, 2]]


def test_plot_cooccurrence_colour_scale_and_labels() -> None:
    from optamstats.multiselect import plot_cooccurrence

    answers = parse_multiselect(pd.Series(["A, B", "A", "A, C", "B", "A, B, C"]), ["A", "B", "C"])
    fig = plot_cooccurrence(answers, measure="count")
    ax = fig.axes[0]
    assert ax.images[0].get_clim() == (0.0, 4.0)  # counts: 0 to the largest count
    colours = {t.get_text(): t.get_color() for t in ax.texts}
    # white on cells above 0.6 of the scale (4 and 3 > 2.4), black below
    assert colours["4"] == "white"
    assert colours["3"] == "white"
    assert colours["1"] == "black"
    assert colours["2"] == "black"
    shares = plot_cooccurrence(answers, measure="jaccard")
    assert shares.axes[0].images[0].get_clim() == (0.0, 1.0)


def test_non_text_cell_message() -> None:
    with pytest.raises(InvalidTypeError, match=r"For one column per option \(0/1, 'Y'/blank\) pass "
                       r"a DataFrame of those columns instead\.$"):  # fmt: skip
        parse_multiselect(pd.Series(["A", 3]), ["A"])


def test_options_message_and_column_dtype() -> None:
    with pytest.raises(InvalidTypeError, match=r"^`options` must be a list of the option labels in "
                       r"the form's order, such as \['Désaccord politique'"):  # fmt: skip
        parse_multiselect(pd.Series(["A"]), "A")  # type: ignore[arg-type]
    delimited = parse_multiselect(pd.Series(["A, B", "B"]), ["A", "B"])
    one_hot = parse_multiselect(pd.DataFrame({"A": [1, 0], "B": [1, 1]}), ["A", "B"])
    assert delimited.indicators.columns.dtype == object
    assert one_hot.indicators.columns.dtype == object
    assert delimited.indicators.equals(one_hot.indicators)


def test_answers_must_be_built_from_a_frame() -> None:
    from optamstats.multiselect import MultiSelectAnswers

    other = pd.Series([""])
    answered = pd.Series([True])
    with pytest.raises(InvalidTypeError, match=r"DataFrame of booleans; got list\. Build answers"):
        MultiSelectAnswers([[True]], other, answered)  # type: ignore[arg-type]


def test_plot_cooccurrence_scale_without_any_tick() -> None:
    # Nobody ticked anything: the count scale still runs from 0 to 1, not 0 to 0.
    from optamstats.multiselect import plot_cooccurrence

    answers = parse_multiselect(pd.DataFrame({"A": [0, 0], "B": [0, 0]}), ["A", "B"])
    fig = plot_cooccurrence(answers, measure="count")
    assert fig.axes[0].images[0].get_clim() == (0.0, 1.0)
