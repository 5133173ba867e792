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
