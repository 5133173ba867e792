"""Multi-select ("check all that apply") questions: parsing, tables, paired comparisons.

A multi-select question is not a multinomial: each respondent may tick several
options, so the percentages of respondents add up to more than 100 % and any two
options are answered by the same people. This package

- parses real exports into one boolean column per option: delimited strings (Google
  Forms joins the ticked labels with ``", "`` even when a label contains ``", "``;
  Microsoft Forms ends every choice with ``";"``) and one-hot columns (LimeSurvey's
  ``"Y"``/blank, 0/1, ``"Oui"``/blank) (:mod:`optamstats.multiselect.parsing`);
- tabulates each option's share of respondents with its interval, its share of
  mentions (:mod:`optamstats.multiselect.tables`), and a bootstrap interval for its
  rank, "is the top motive really first?" (:mod:`optamstats.multiselect.ranks`);
- compares two options among the same respondents (Newcombe's paired interval and
  McNemar's exact test, :mod:`optamstats.multiselect.paired`) and measures which
  options go together (:mod:`optamstats.multiselect.co_occurrence`).

The test of multiple marginal independence across groups is in
:mod:`optamstats.multiselect.marginal` (also importable as :mod:`optamstats.marginal`).
See ``docs/methods/multiselect.md`` for the formulas.
"""

from __future__ import annotations

# The constants of the single module this package was are re-exported (``X as X``).
from optamstats.multiselect.co_occurrence import COOCCURRENCE_MEASURES as COOCCURRENCE_MEASURES
from optamstats.multiselect.co_occurrence import cooccurrence, plot_cooccurrence
from optamstats.multiselect.paired import PairedDifferenceCI, compare_options
from optamstats.multiselect.parsing import OTHER_CHOICES as OTHER_CHOICES
from optamstats.multiselect.parsing import TICKED as TICKED
from optamstats.multiselect.parsing import UNTICKED as UNTICKED
from optamstats.multiselect.parsing import (
    AmbiguousAnswerError,
    MultiSelectAnswers,
    UnknownOptionError,
    parse_multiselect,
)
from optamstats.multiselect.tables import TABLE_COLUMNS as TABLE_COLUMNS
from optamstats.multiselect.tables import multiselect_table, multiselect_table_from_counts

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
