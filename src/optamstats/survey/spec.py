"""The survey specification: its questions, who was asked each, and the cohort steps.

A :class:`SurveySpec` is built by :func:`optamstats.survey.loader.load_spec` from TOML
(``docs/spec.md``). It knows nothing of cohorts but for :meth:`SurveySpec.cohort`, a
lazy shortcut to :meth:`optamstats.survey.cohort.Cohort.from_spec`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from optamstats.survey.coding import coder
from optamstats.survey.errors import (
    SpecError,
    closest,
    unknown_column,
)
from optamstats.survey.question import Condition, _find
from optamstats.survey.skiplogic import _asked
from optamstats.survey.validation import _check_answers, _check_columns

if TYPE_CHECKING:
    import pandas as pd

    from optamstats.survey.coding import BoolArray, Coded
    from optamstats.survey.cohort import Cohort
    from optamstats.survey.declarations import (
        BreakdownDecl,
        ClaimDecl,
        Fieldwork,
        FunnelDecl,
        SectionDecl,
        WavesDecl,
        WeightingDecl,
    )
    from optamstats.survey.question import Label, Question


@dataclass(frozen=True, slots=True)
class CohortStep:
    """One step of a spec's cohort: which rows it removes, and why.

    Attributes
    ----------
    step : {"include", "exclude", "require", "drop_resubmissions"}
        ``include`` keeps the rows meeting `where`; ``exclude`` removes them;
        ``require`` removes rows with a blank answer to one of `questions` that they
        were asked; ``drop_resubmissions`` removes repeated submissions.
    reason : Label or None
        The reason printed in the flow.
    where : tuple of Condition
        For include/exclude: all must hold.
    questions : tuple of str
        For require: question ids.
    within : str
        For drop_resubmissions: the time window, e.g. ``"10min"``.
    ignore : tuple of str
        For drop_resubmissions: columns left out of the comparison (besides the
        timestamp), e.g. Microsoft Forms' ``ID`` and ``Start time``.

    References
    ----------
    .. [1] ``docs/spec.md``, "[[cohort]] steps"; ``docs/methods/cohort.md``.

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.status]
    ... column = "Vous êtes :"
    ... [[cohort]]
    ... step = "exclude"
    ... where = { status = "Interne" }
    ... reason = { fr = "internes", en = "interns" }
    ... ''')
    >>> step = spec.steps[0]
    >>> step.step, step.where[0].values, step.reason.text("en")
    ('exclude', ('Interne',), 'interns')
    """

    step: str
    reason: Label | None = None
    where: tuple[Condition, ...] = ()
    questions: tuple[str, ...] = ()
    within: str = "10min"
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SurveySpec:
    """A survey specification: its questions, their skip logic, and the cohort steps.

    Build it with :func:`load_spec` from a TOML file (format: ``docs/spec.md``).

    Attributes
    ----------
    questions : tuple of Question
        In the file's order.
    steps : tuple of CohortStep
        The cohort steps, in order.
    title : Label or None
        The survey's name.
    lang : {"en", "fr"}
        Default language of labels.
    timestamp : str or None
        The column holding submission times.
    dayfirst : bool or None
        Whether its dates are written day first.
    timestamp_format : str or None
        Its layout in strftime codes, if given.
    population : Label or None
        Base label of the questions asked of everyone in the cohort.
    source : str
        The file the spec was read from, or ``"<text>"`` (not part of equality).
    note : Label or None
        Free text about the survey, printed at the top of its report.
    fieldwork : Fieldwork or None
        ``[fieldwork]``: dates, mode, invitation, sampling caveat (methods footer).
    sections : tuple of SectionDecl
        ``[[section]]``: the report's grouping of the questions (default: spec order).
    funnel : FunnelDecl or None
        ``[funnel]``: the staged exit funnel (the roles ``left`` and
        ``plans_to_leave`` declare one too).
    claims : tuple of ClaimDecl
        ``[[claim]]``: threshold claims to test.
    breakdowns : tuple of BreakdownDecl
        ``[[breakdown]]``: questions by a grouping question.
    weighting : WeightingDecl or None
        ``[weighting]``: population margins for weighted estimates.
    waves : WavesDecl or None
        ``[waves]``: keys and options renamed since an earlier wave.

    References
    ----------
    .. [1] ``docs/spec.md`` (the format, with a complete example).
    .. [2] TOML v1.0.0, https://toml.io/en/v1.0.0.

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [survey]
    ... population = "sector-2 respondents"
    ... [questions.left]
    ... column = "Have you left?"
    ... role = "left"
    ... options = ["Yes", "No"]
    ... yes = "Yes"
    ... no = "No"
    ... ''')
    >>> spec.ids, spec.columns
    (('left',), ('Have you left?',))
    >>> spec.base_label("left")
    'sector-2 respondents'
    """

    questions: tuple[Question, ...]
    steps: tuple[CohortStep, ...] = ()
    title: Label | None = None
    lang: str = "en"
    timestamp: str | None = None
    dayfirst: bool | None = None
    timestamp_format: str | None = None
    population: Label | None = None
    source: str = field(default="<text>", compare=False)
    note: Label | None = None
    fieldwork: Fieldwork | None = None
    sections: tuple[SectionDecl, ...] = ()
    funnel: FunnelDecl | None = None
    claims: tuple[ClaimDecl, ...] = ()
    breakdowns: tuple[BreakdownDecl, ...] = ()
    weighting: WeightingDecl | None = None
    waves: WavesDecl | None = None

    def __getitem__(self, id: str) -> Question:
        """Return the question whose id is `id`."""
        for q in self.questions:
            if q.id == id:
                return q
        ids = [q.id for q in self.questions]
        near = closest(id, ids)
        hint = f" Did you mean {', '.join(map(repr, near))}?" if near else ""
        raise SpecError(
            f"`id` {id!r} is not a question of the spec; its questions are "
            f"{', '.join(map(repr, ids))}.{hint}",
            source=self.source,
        )

    @property
    def ids(self) -> tuple[str, ...]:
        """The question ids, in order."""
        return tuple(q.id for q in self.questions)

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the spec names: the timestamp, each question's, then ``ignore`` ones."""
        lead = (self.timestamp,) if self.timestamp is not None else ()
        named = lead + tuple(q.column for q in self.questions)
        extra = [c for step in self.steps for c in step.ignore if c not in named]
        return named + tuple(dict.fromkeys(extra))

    def questions_with_role(self, role: str) -> tuple[Question, ...]:
        """Return the questions that have `role` (possibly none), in order.

        Parameters
        ----------
        role : str
            E.g. ``"motives"``.

        Returns
        -------
        tuple of Question
            In the order of the spec; empty when no question has the role.
        """
        return tuple(q for q in self.questions if q.role == role)

    def question(self, role: str) -> Question:
        """Return the one question that has `role`.

        Parameters
        ----------
        role : str
            E.g. ``"left"``, ``"plans_to_leave"``, ``"motives"``.

        Returns
        -------
        Question

        Raises
        ------
        SpecError
            No question, or several, have that role.

        Examples
        --------
        >>> from optamstats.forms import load_spec
        >>> spec = load_spec('''
        ... [questions.left]
        ... column = "Have you left?"
        ... role = "left"
        ... options = ["Yes", "No"]
        ... yes = "Yes"
        ... no = "No"
        ... ''')
        >>> spec.question("left").yes
        ('Yes',)
        """
        found = self.questions_with_role(role)
        if len(found) == 1:
            return found[0]
        if found:
            raise SpecError(
                f"`role` {role!r} belongs to {len(found)} questions "
                f"({', '.join(q.id for q in found)}); pick one by id, e.g. spec[{found[0].id!r}].",
                source=self.source,
            )
        roles = sorted({q.role for q in self.questions if q.role})
        raise SpecError(
            f"`role` {role!r} belongs to no question of the spec; roles present: "
            f"{', '.join(map(repr, roles)) or 'none'}. Add `role = {role!r}` to the question.",
            source=self.source,
        )

    def resolve(self, ref: str, columns: str | Sequence[str] = ()) -> Question | None:
        """Return the question `ref` names: by id, then by (unique) role, then by column.

        Parameters
        ----------
        ref : str
            A question id, a role held by one question, or a column header.
        columns : str or sequence of str, optional
            The data's columns: a `ref` that is one of them is not read as a role. A
            single string is one column name (not a text searched for `ref`).

        Returns
        -------
        Question or None
            None if `ref` names no question (it may still be a column of the data).
        """
        if isinstance(columns, str):
            # One column name: `ref in columns` would otherwise be a substring test.
            columns = (columns,)
        return _find(self.questions, ref, columns)

    def validate(self, frame: pd.DataFrame) -> None:
        """Check that `frame` has every column the spec names, and answers it can read.

        Parameters
        ----------
        frame : pandas.DataFrame
            The responses, as :func:`read_responses` returns them.

        Raises
        ------
        UnknownColumnError
            A column of the spec is not in `frame`; the message lists each missing one
            with the closest headers.
        InvalidValueError
            A question with declared options has answers that are none of them (and no
            "Other" box). Answers are not printed unless they are close to an option
            (a label variant), since they may be free text.

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.forms import load_spec
        >>> spec = load_spec('''
        ... [questions.left]
        ... column = "Etes-vous sorti ?"
        ... ''')
        >>> spec.validate(pd.DataFrame({"Etes-vous sorti?": ["Oui"]}))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        optamstats.survey.errors.UnknownColumnError: the spec names 1 column(s) ...
        """
        self._validate(frame, coder(frame))

    def _validate(self, frame: pd.DataFrame, code: Callable[[str], Coded]) -> None:
        self._check_columns(frame)
        for q in self.questions:
            if q.options and not q.other:
                self._check_answers(q, code(q.column))

    def _check_columns(self, frame: pd.DataFrame) -> None:
        _check_columns(self, frame)

    def _check_answers(self, q: Question, coded: Coded) -> None:
        _check_answers(q, coded)

    def asked(self, frame: pd.DataFrame, question: str) -> pd.Series:
        """Return a boolean Series: which rows of `frame` were asked `question`.

        A row was asked a question when its skip logic holds: a condition holds when
        the row was asked the condition's question and its answer, without outer
        spaces, is among the condition's values; a plain table and ``all`` when each
        entry holds, ``any`` when one does; ``not`` when the row was asked every
        question the negated rule reads and the rule does not hold. So a parent's own
        skip logic applies down a chain.

        Parameters
        ----------
        frame : pandas.DataFrame
            Responses holding the columns the conditions use.
        question : str
            A question id, role or column.

        Returns
        -------
        pandas.Series of bool
            Aligned on `frame`'s index.

        Raises
        ------
        UnknownColumnError
            `question` names no question, or a column the conditions use is missing.

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.forms import load_spec
        >>> spec = load_spec('''
        ... [questions.member]
        ... column = "Member?"
        ... [questions.left]
        ... column = "Left?"
        ... asked_if = { member = "Yes" }
        ... ''')
        >>> df = pd.DataFrame({"Member?": ["Yes", "No", "Yes"], "Left?": ["No", "", "Yes"]})
        >>> spec.asked(df, "left").tolist()
        [True, False, True]
        """
        import pandas as pd

        columns = [str(c) for c in frame.columns]
        q = self.resolve(question, columns)
        if q is None:
            raise unknown_column(question, columns, argument="question", extra=self.ids)
        mask = self._asked(frame, q, coder(frame))
        return pd.Series(mask, index=frame.index, name=q.column)

    def _asked(self, frame: pd.DataFrame, q: Question, code: Callable[[str], Coded]) -> BoolArray:
        return _asked(self, frame, q, code)

    def base_label(self, question: str, lang: str | None = None) -> str | None:
        """Return the base label of `question` in `lang` (the population's if it has none).

        Questions asked of everyone fall back on the survey's ``population`` label;
        questions behind skip logic have no fallback (None).

        Parameters
        ----------
        question : str
            A question id, role or column.
        lang : {"en", "fr"}, optional
            The language; the spec's by default.

        Returns
        -------
        str or None
            The label, or None when there is none.

        Raises
        ------
        SpecError
            A `question` that is not in the spec.
        """
        q = self.resolve(question)
        if q is None:
            raise SpecError(f"`question` {question!r} is not in the spec.", source=self.source)
        lang = lang or self.lang
        if q.base is not None:
            return q.base.text(lang)
        if q.skip is None and self.population is not None:
            return self.population.text(lang)
        return None

    def cohort(self, frame: pd.DataFrame, *, lang: str | None = None) -> Cohort:
        """Return the :class:`~optamstats.cohort.Cohort` of `frame` with every step applied.

        Parameters
        ----------
        frame : pandas.DataFrame
            The responses.
        lang : {"en", "fr"}, optional
            Language of the flow's reasons (default: the spec's).

        Returns
        -------
        Cohort

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.forms import load_spec
        >>> spec = load_spec('''
        ... [questions.sector]
        ... column = "Sector"
        ... [[cohort]]
        ... step = "include"
        ... where = { sector = "2" }
        ... reason = "not in sector 2"
        ... ''')
        >>> spec.cohort(pd.DataFrame({"Sector": ["1", "2", "2"]})).flow
              step           reason  excluded  remaining
        0    start  rows in the data         0          3
        1  include  not in sector 2         1          2
        """
        from optamstats.survey.cohort import Cohort

        return Cohort.from_spec(frame, self, lang=lang)
