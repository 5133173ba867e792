"""What a report needs from a survey: :class:`SurveyCounts` and the records it holds.

Both ways into a report fill it: a survey's published aggregates
(:mod:`optamstats.report.aggregates`) and a respondent-level export with its spec
(:mod:`optamstats.report.export_counts`). Plain frozen records: nothing is computed
here, and the report's sections read only these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from optamstats.report.questions import QuestionData

if TYPE_CHECKING:
    import pandas as pd

    from optamstats.audit import AuditReport

__all__ = [
    "BreakdownData",
    "ClaimData",
    "FreeText",
    "MotiveQuestion",
    "NonresponseData",
    "ProportionRow",
    "SurveyCounts",
    "WeightedRow",
]


@dataclass(frozen=True, slots=True)
class ProportionRow:
    """One proportion: ``k`` of ``n``, with a label and a base label.

    ``depends_on`` lists the keys of the questions whose answers define the base (skip
    logic): when one of them is withheld by disclosure control, so is this row, since
    its base would give the withheld count back by difference.
    """

    key: str
    label: str
    k: int
    n: int
    base: str
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MotiveQuestion:
    """A multi-select question's table (from tallies or from answers) and its title.

    ``nothing`` says why there is no table when nobody answered: ``"not_asked"`` (the
    skip logic selected no respondent, e.g. a leavers' question when nobody has left)
    or ``"all_blank"`` (everyone asked left it blank); ``""`` when there is a table.
    ``options`` is the form's order of the options: hidden rows are printed in it
    (never in the order of their hidden counts); empty means alphabetical.
    """

    key: str
    title: str
    table: pd.DataFrame
    base_known: bool = True
    depends_on: tuple[str, ...] = ()
    nothing: str = ""
    options: tuple[str, ...] = ()
    base: str = ""


@dataclass(frozen=True, slots=True)
class FreeText:
    """The free-text answers to one question (collected only when asked for).

    ``answers`` holds the non-blank answers of the respondents who were asked, with
    control characters removed; ``depends_on`` as for :class:`ProportionRow`.
    """

    key: str
    title: str
    answers: tuple[str, ...]
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimData:
    """A threshold claim to test, with the counts it is about.

    ``of`` is ``"funnel"`` (the combined exit rate; `k` and `n` unused) or a question
    id, whose `k` answers out of `n` the claim is about.
    """

    of: str
    threshold: float
    direction: str = "above"
    text: str = ""
    k: int = 0
    n: int = 0
    title: str = ""
    answers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BreakdownData:
    """One question broken down by a grouping question: counts per group, unmerged.

    ``groups`` holds (group, k, n) in the grouping question's order; small groups are
    pooled when the report is built, by its disclosure threshold.
    """

    key: str
    title: str
    outcome: str
    by: str
    by_key: str
    groups: tuple[tuple[str, int, int], ...]
    unassigned: int = 0
    depends_on: tuple[str, ...] = ()
    blanks: tuple[int, ...] = ()
    blank_unassigned: int = 0


@dataclass(frozen=True, slots=True)
class NonresponseData:
    """How many were invited, and the range of the non-respondents' rate (``[fieldwork]``).

    ``respondents`` is the cohort (complete, eligible answers); everyone else invited
    counts as a non-respondent who could belong to any question's base.
    """

    invited: int
    respondents: int
    rate: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class WeightedRow:
    """A yes/no question's share, raked to the spec's population margins.

    ``estimate``, ``low`` and ``high`` are fractions (Wilson on Kish's effective n);
    ``unweighted`` is the plain share of the same respondents.
    """

    key: str
    title: str
    k: int
    n: int
    estimate: float
    low: float
    high: float
    effective_n: float
    design_effect: float
    unweighted: float


@dataclass(frozen=True, slots=True)
class SurveyCounts:
    """What a report needs from a survey, whatever its source (aggregates or export).

    Attributes
    ----------
    title : str
        Survey title.
    flow : tuple of (step, reason, excluded, remaining)
        The attrition flow.
    proportions : tuple of ProportionRow
        Proportions to show with their Wilson intervals.
    funnel : tuple (left, plan, stay, no_answer) or None
        The exit funnel, when the survey has one.
    funnel_base : str
        Who the funnel's members are.
    motives : tuple of MotiveQuestion
        Multi-select tables.
    themes : tuple of (theme label, count, ((sub label, count), ...)) and respondents
        Coded open answers, when published.
    notes : tuple of str
        Printed at the top (e.g. "synthetic data").
    audit : AuditReport or None
        Findings of the audit of published figures.
    lang : str
        The survey's own language (the report's default).
    published : bool
        True when every count is an aggregate the survey's authors already published
        (:func:`survey_counts_from_aggregates`): disclosure control then hides nothing,
        as hiding public figures protects no one. False for counts computed here.
    funnel_keys : tuple of str
        Keys of the proportions the funnel is made of (withheld together).
    free_text : tuple of FreeText
        Free-text answers, only when collected with ``include_free_text=True``.
    funnel_nothing : str
        Why the survey's funnel has nothing to estimate (`funnel` is then None):
        ``"not_asked"`` (nobody was asked the ``left`` question) or ``"all_blank"``
        (nobody answered it); ``""`` otherwise.
    questions : tuple of QuestionData
        Every single-choice, yes/no, scale, number and text question, counted (one
        section each); multi-select questions are in `motives`.
    layout : tuple of (title, question ids, text)
        The spec's ``[[section]]`` grouping; empty: one section per question in the
        spec's order.
    claims : tuple of ClaimData
        Threshold claims to test (the spec's ``[[claim]]``).
    funnel_title, funnel_labels : str, (str, str, str)
        Heading of the funnel section, and the figure's labels of its stages (left,
        planning, combined); empty: generic ones.
    realisation : tuple of float or None
        Shares for the scenarios table (None: the report's default; empty: none).
    undecided : (int, str, str)
        Non-substantive answers to the funnel's plan question, how they were counted
        (``"no"`` or ``"no_answer"``) and their label.
    sampling : str
        The sampling caveat printed under the proportions (the spec's
        ``[fieldwork] caveat``); empty: a generic one.
    methods : tuple of (label, value)
        The methods footer: fieldwork, mode, invitation, input and spec SHA-256.
    proportions_title : str
        Heading of the proportions section (empty: a generic one).
    themes_title : str
        Heading of the coded open answers (empty: a generic one).
    breakdowns : tuple of BreakdownData
        Questions broken down by a grouping question (``[[breakdown]]``, ``--by``).
    weighted : tuple of WeightedRow
        Yes/no questions raked to the spec's ``[weighting]`` margins.
    weighting_note : str
        Where the margins come from, and who could not be weighted.
    response_waves : tuple of BreakdownData
        Each yes/no question by response wave, earliest first (``[fieldwork]
        early_late``).
    nonresponse : NonresponseData or None
        How many were invited, for the response rate and the non-response bounds
        (``[fieldwork] invited``).
    margins : tuple of (question id, ((option, share), ...))
        The spec's ``[weighting]`` margins, for respondents against the population.
    """

    title: str
    flow: tuple[tuple[str, str, int | None, int], ...]
    proportions: tuple[ProportionRow, ...]
    funnel: tuple[int, int, int, int] | None
    funnel_base: str = ""
    motives: tuple[MotiveQuestion, ...] = ()
    themes: tuple[tuple[str, int, tuple[tuple[str, int], ...]], ...] = ()
    themes_respondents: int | None = None
    notes: tuple[str, ...] = ()
    audit: AuditReport | None = field(default=None)
    lang: str = "fr"
    published: bool = False
    funnel_keys: tuple[str, ...] = ()
    free_text: tuple[FreeText, ...] = ()
    funnel_nothing: str = ""
    questions: tuple[QuestionData, ...] = ()
    layout: tuple[tuple[str, tuple[str, ...], str], ...] = ()
    claims: tuple[ClaimData, ...] = ()
    funnel_title: str = ""
    funnel_labels: tuple[str, str, str] = ("", "", "")
    realisation: tuple[float, ...] | None = None
    undecided: tuple[int, str, str] = (0, "no", "")
    sampling: str = ""
    methods: tuple[tuple[str, str], ...] = ()
    proportions_title: str = ""
    themes_title: str = ""
    breakdowns: tuple[BreakdownData, ...] = ()
    weighted: tuple[WeightedRow, ...] = ()
    weighting_note: str = ""
    response_waves: tuple[BreakdownData, ...] = ()
    nonresponse: NonresponseData | None = None
    margins: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = ()
