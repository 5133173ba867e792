"""What a survey specification declares for its report, beyond its questions.

A report prints a section for every question; everything else in it is declared in the
spec, none of it by default: ``[fieldwork]`` (how the survey was run, for the methods
footer), ``[[section]]`` (grouping and order of the questions), ``[funnel]`` (a staged
exit funnel), ``[[claim]]`` (a threshold claim to test), ``[[breakdown]]`` (questions by
a grouping question), ``[weighting]`` (population margins) and ``[waves]`` (keys and
options renamed since an earlier wave of the survey). This module holds their
frozen models; their readers are in ``optamstats.survey.declarations_loader``,
called by :func:`optamstats.forms.load_spec`, so every error names the spec's file and
key path.

References
----------
.. [1] ``docs/spec.md``, "What the report shows".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from optamstats.survey.question import Label

__all__ = [
    "BreakdownDecl",
    "ClaimDecl",
    "Fieldwork",
    "FunnelDecl",
    "SectionDecl",
    "WavesDecl",
    "WeightingDecl",
]


#: Top-level tables of a spec that configure the report.
DECLARED_TABLES: Final = (
    "fieldwork",
    "section",
    "funnel",
    "claim",
    "breakdown",
    "weighting",
    "waves",
)


_DIRECTIONS: Final = ("above", "below")
#: Margins whose totals differ by less than this (relative) are the same total. Defined
#: here, where `[weighting]` is read, and used by `optamstats.rake` too: one tolerance.
TOTAL_RTOL: Final = 1e-6


def _margins_scale(sums: Sequence[float]) -> tuple[str, int | None]:
    """Tell shares (every margin sums to 1) from counts of one population (one total).

    Returns ``"shares"`` or ``"counts"`` and, for counts, the index of the first margin
    whose total is not the first margin's (None when all agree): the one rule that both
    `optamstats.rake` and the spec's ``[weighting]`` reader apply.
    """
    if all(abs(total - 1.0) <= TOTAL_RTOL for total in sums):
        return "shares", None
    for i, total in enumerate(sums[1:], start=1):
        if abs(total - sums[0]) > TOTAL_RTOL * max(sums[0], total):
            return "counts", i
    return "counts", None


@dataclass(frozen=True, slots=True)
class Fieldwork:
    """How the survey was run: printed in the report's methods footer.

    Attributes
    ----------
    start, end : str or None
        First and last days of fieldwork, ISO dates (``"2026-03-01"``).
    mode : Label or None
        How answers were collected ("online questionnaire (Google Forms)").
    invitation : Label or None
        How respondents were invited ("link sent to members by e-mail").
    caveat : Label or None
        The sampling caveat ("self-selected respondents: not a random sample").
    reminders : tuple of str
        ISO dates of reminders, if any: they split respondents into response waves.
    invited : int or None
        How many people were invited (e.g. the mailing list's size): the denominator of
        the response rate and of the non-response bounds (``docs/methods/self-selection.md``).
    nonrespondent_rate : tuple of (float, float) or None
        A range of the non-respondents' rate of each headline answer, as multipliers of
        the respondents' rate (``[0.5, 1.0]``: "between half the respondents' rate and
        the same rate"); needs `invited`.
    early_late : bool
        Whether the report shows each yes/no question by response wave (before and
        after each reminder, else thirds of the fieldwork) with a trend test; needs the
        spec's timestamp column.

    References
    ----------
    .. [1] AAPOR, *Transparency Initiative Disclosure Elements*, 2021 (what a published
       survey should say about how it was run).

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [fieldwork]
    ... start = "2026-03-01"
    ... end = "2026-03-31"
    ... invitation = "link sent by e-mail"
    ... [questions.a]
    ... column = "A"
    ... ''')
    >>> spec.fieldwork.start, spec.fieldwork.invitation.text("en")
    ('2026-03-01', 'link sent by e-mail')
    """

    start: str | None = None
    end: str | None = None
    mode: Label | None = None
    invitation: Label | None = None
    caveat: Label | None = None
    reminders: tuple[str, ...] = ()
    invited: int | None = None
    nonrespondent_rate: tuple[float, float] | None = None
    early_late: bool = False


@dataclass(frozen=True, slots=True)
class SectionDecl:
    """A group of questions printed together, in the spec's ``[[section]]`` order.

    Attributes
    ----------
    title : Label or None
        The section's heading.
    questions : tuple of str
        Question ids, in the order printed.
    text : Label or None
        A paragraph printed under the heading.

    References
    ----------
    .. [1] ``docs/spec.md``, "What the report shows".

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.a]
    ... column = "A"
    ... [[section]]
    ... title = "Profile"
    ... questions = ["a"]
    ... ''')
    >>> spec.sections[0].questions
    ('a',)
    """

    title: Label | None
    questions: tuple[str, ...]
    text: Label | None = None


@dataclass(frozen=True, slots=True)
class FunnelDecl:
    """A staged exit funnel: already left, then, of the others, planning to leave.

    Attributes
    ----------
    left : str
        Id of the yes/no question "has left" (its base is the funnel's members).
    plan : str
        Id of the yes/no question "plans to leave", asked of members who have not left.
    title : Label or None
        Heading of the funnel's section.
    base : Label or None
        Who the members are (default: the `left` question's base label).
    labels : tuple of three Label or None
        Figure labels of the stages: left, planning, combined (default: the questions'
        labels and a generic "combined").
    realisation : tuple of float
        Shares of intentions realised, for the scenarios table; empty: no scenarios.
    undecided : {"no", "no_answer"}
        How a non-substantive answer to `plan` ("Ne sait pas") counts: as not planning
        (default) or as item non-response. The report prints how many there were.

    References
    ----------
    .. [1] ``docs/methods/bootstrap.md``, "The funnel".

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.left]
    ... column = "Left?"
    ... type = "yesno"
    ... options = ["Yes", "No"]
    ... yes = "Yes"
    ... no = "No"
    ... [questions.plan]
    ... column = "Plan?"
    ... type = "yesno"
    ... options = ["Yes", "No", "Don't know"]
    ... yes = "Yes"
    ... no = "No"
    ... non_substantive = ["Don't know"]
    ... asked_if = { left = "No" }
    ... [funnel]
    ... left = "left"
    ... plan = "plan"
    ... ''')
    >>> spec.funnel.left, spec.funnel.plan, spec.funnel.undecided
    ('left', 'plan', 'no')
    """

    left: str
    plan: str
    title: Label | None = None
    base: Label | None = None
    labels: tuple[Label | None, Label | None, Label | None] = (None, None, None)
    realisation: tuple[float, ...] = ()
    undecided: str = "no"


@dataclass(frozen=True, slots=True)
class ClaimDecl:
    """A published claim to test: "more than 70 % would leave".

    Attributes
    ----------
    of : str
        ``"funnel"`` (the combined exit rate) or a question id.
    answers : tuple of str
        The answers counted (default: the question's ``yes``); unused for the funnel.
    threshold : float
        The claimed share, in (0, 1).
    direction : {"above", "below"}
        The claim: the true share is above (or below) `threshold`.
    text : Label or None
        The sentence being checked, as published.

    References
    ----------
    .. [1] ``docs/methods/proportions.md``, "One-sided bounds".

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.left]
    ... column = "Left?"
    ... type = "yesno"
    ... options = ["Yes", "No"]
    ... yes = "Yes"
    ... no = "No"
    ... [[claim]]
    ... of = "left"
    ... threshold = 0.4
    ... text = "Over 40 % have left"
    ... ''')
    >>> c = spec.claims[0]
    >>> c.of, c.answers, c.threshold, c.direction
    ('left', ('Yes',), 0.4, 'above')
    """

    of: str
    threshold: float
    direction: str = "above"
    answers: tuple[str, ...] = ()
    text: Label | None = None


@dataclass(frozen=True, slots=True)
class BreakdownDecl:
    """Questions broken down by a grouping question (``[[breakdown]]``).

    Attributes
    ----------
    by : str
        Id of the grouping question (single choice).
    questions : tuple of str
        Ids of the yes/no or single-choice questions broken down.
    answers : tuple of str
        The answers counted as the outcome (default: each question's ``yes``).
    title : Label or None
        Heading.

    References
    ----------
    .. [1] ``docs/methods/breakdown.md``.

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.region]
    ... column = "Region"
    ... [questions.left]
    ... column = "Left?"
    ... type = "yesno"
    ... options = ["Yes", "No"]
    ... yes = "Yes"
    ... no = "No"
    ... [[breakdown]]
    ... by = "region"
    ... questions = ["left"]
    ... ''')
    >>> spec.breakdowns[0].by, spec.breakdowns[0].questions
    ('region', ('left',))
    """

    by: str
    questions: tuple[str, ...]
    answers: tuple[str, ...] = ()
    title: Label | None = None


@dataclass(frozen=True, slots=True)
class WeightingDecl:
    """Population margins to rake the respondents to (``[weighting]``).

    Attributes
    ----------
    margins : tuple of (question id, ((option, value), ...))
        Each question's population distribution, as shares or counts, in the spec's
        order.
    source : Label or None
        Where the margins come from (printed under the weighted estimates).

    References
    ----------
    .. [1] W. E. Deming and F. F. Stephan, Ann. Math. Statist. 11(4):427–444, 1940.

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.sex]
    ... column = "Sex"
    ... options = ["F", "M"]
    ... [weighting]
    ... margins = { sex = { F = 0.5, M = 0.5 } }
    ... ''')
    >>> spec.weighting.margins
    (('sex', (('F', 0.5), ('M', 0.5))),)
    """

    margins: tuple[tuple[str, tuple[tuple[str, float], ...]], ...]
    source: Label | None = None

    def as_mapping(self, columns: Mapping[str, str]) -> dict[str, dict[str, float]]:
        """Return the margins keyed by export column, as :func:`optamstats.rake` takes them.

        Parameters
        ----------
        columns : mapping
            Question id → its column.

        Returns
        -------
        dict
        """
        return {columns[q]: dict(values) for q, values in self.margins}


@dataclass(frozen=True, slots=True)
class WavesDecl:
    """Keys and options renamed since an earlier wave of the survey (``[waves]``).

    Read from the later wave's spec: each entry maps this wave's name to the earlier
    wave's, so that :func:`optamstats.compare_waves` matches them.

    Attributes
    ----------
    questions : tuple of (str, str)
        This wave's question id → the earlier wave's question key.
    options : tuple of (str, ((str, str), ...))
        For a question id of this wave: its option → the earlier wave's option.

    References
    ----------
    .. [1] ``docs/methods/waves.md``.

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.left_optam]
    ... column = "Left?"
    ... options = ["Yes", "No"]
    ... [waves.questions]
    ... left_optam = "left"
    ... [waves.options.left_optam]
    ... Yes = "Oui"
    ... ''')
    >>> spec.waves.as_mapping()
    {'questions': {'left_optam': 'left'}, 'options': {'left_optam': {'Yes': 'Oui'}}}
    """

    questions: tuple[tuple[str, str], ...] = ()
    options: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    def as_mapping(self) -> dict[str, dict[str, Any]]:
        """Return the mapping as :func:`optamstats.compare_waves` takes it.

        Returns
        -------
        dict
            ``{"questions": {id: earlier key}, "options": {id: {option: earlier option}}}``.
        """
        return {
            "questions": dict(self.questions),
            "options": {q: dict(pairs) for q, pairs in self.options},
        }
