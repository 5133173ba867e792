"""Cohorts: the ordered inclusion and exclusion steps from an export to the analysed rows.

A :class:`Cohort` wraps the responses and a record of every step that removed rows,
so that each figure's denominator can be traced back to the export: how many answered,
who was excluded and why (the attrition *flow*, drawn as a CONSORT-style diagram), and
who was asked each question (its *base*).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from optamstats import _format
from optamstats._checks import InvalidTypeError, InvalidValueError, _show
from optamstats.survey.coding import _checked_coder, _CheckedCoder
from optamstats.survey.counting import _answer_values, _count_answer
from optamstats.survey.errors import unknown_column
from optamstats.survey.flow import _TEXT, FlowStep, _flow_text, _spec_reason, flow_diagram
from optamstats.survey.masks import MaskLike, _mask_rows
from optamstats.survey.question import Label
from optamstats.survey.resubmissions import _default_timestamp, _resubmission_reason, _resubmitted
from optamstats.survey.spec import SurveySpec
from optamstats.survey.timestamps import _check_within

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from optamstats.proportions import ProportionCI
    from optamstats.survey.coding import BoolArray, Coded
    from optamstats.survey.question import Question

__all__ = ["Cohort"]


def _restore(
    frame: pd.DataFrame,
    keep: BoolArray,
    steps: tuple[FlowStep, ...],
    reasons: tuple[Label, ...],
    spec: SurveySpec | None,
    lang: str,
) -> Cohort:
    """Rebuild a pickled cohort (its cache of column codes is rebuilt when needed)."""
    keep = keep.copy()
    keep.flags.writeable = False
    cohort = object.__new__(Cohort)
    cohort._init(frame, keep, steps, reasons, spec, lang, _checked_coder(frame, spec))
    return cohort


class Cohort:
    """The responses kept by an ordered list of inclusion and exclusion steps.

    Each step returns a new cohort and adds one row to :attr:`flow`; the cohort itself
    never changes, and neither do the rows (never reordered, never edited).

    Parameters
    ----------
    frame : pandas.DataFrame
        The responses, one row each, with a unique index (``read_responses`` gives a
        default one). The cohort keeps a copy-on-write view: later edits of `frame` do
        not reach it.
    spec : SurveySpec, optional
        The survey specification: lets steps and bases name questions by id or role,
        applies its skip logic to bases and completeness, and gives base labels.
    lang : {"en", "fr"}, optional
        Language of the default reasons and of the flow's rendering (default: the
        spec's, else English).

    Attributes
    ----------
    data : pandas.DataFrame
        The remaining rows, in their original order, unchanged.
    flow : pandas.DataFrame
        Columns ``step``, ``reason``, ``excluded``, ``remaining``; the first row is the
        raw count.
    steps : tuple of FlowStep
        The same, as frozen records.
    spec : SurveySpec or None
    lang : str

    Raises
    ------
    InvalidTypeError
        `frame` is not a DataFrame, `spec` not a SurveySpec.
    InvalidValueError
        `frame` has a duplicated index or duplicated column names.

    See Also
    --------
    optamstats.forms.SurveySpec.cohort : A cohort with a spec's steps applied.

    Notes
    -----
    Masks are boolean Series aligned on the index of :attr:`data` (the remaining rows)
    or of the frame the cohort was built from (all rows; values of rows already
    excluded are ignored), or callables that take :attr:`data` and return such a
    Series (or a boolean array in its row order). Anything else raises: a boolean array
    alone cannot say which rows it is about.

    The flow follows the CONSORT 2010 flow diagram [1]_, with the exclusion reasons the
    STROBE statement asks observational studies to report [2]_.

    Each column a step or a base looks at is factorized once (integer codes into its
    distinct answers: one integer array per column, shared by every cohort derived from
    the same frame), so that tests on cells cost one pass per distinct answer.

    References
    ----------
    .. [1] K. F. Schulz, D. G. Altman, D. Moher, "CONSORT 2010 Statement: updated
       guidelines for reporting parallel group randomised trials", BMJ 340:c332, 2010.
    .. [2] E. von Elm et al., "The Strengthening the Reporting of Observational Studies
       in Epidemiology (STROBE) statement", Lancet 370:1453–1457, 2007 (item 13).

    Examples
    --------
    >>> import pandas as pd
    >>> from optamstats.cohort import Cohort
    >>> df = pd.DataFrame({
    ...     "practice": ["private", "hospital", "private", "private", "private"],
    ...     "sector": ["2", "2", "1", "2", ""],
    ...     "left": ["yes", "no", "no", "no", "yes"],
    ... })
    >>> c = (Cohort(df)
    ...      .exclude(df["practice"] == "hospital", reason="hospital-only practice")
    ...      .require("sector", reason="sector not given")
    ...      .include(lambda d: d["sector"] == "2", reason="not in sector 2"))
    >>> c.flow
          step                  reason  excluded  remaining
    0    start        rows in the data         0          5
    1  exclude  hospital-only practice         1          4
    2  require        sector not given         1          3
    3  include         not in sector 2         1          2
    >>> c.data.index.tolist()
    [0, 3]
    >>> c.proportion("left", "yes").cite()
    '50.0% (95% CI 9.5–90.5; n = 2)'
    """

    __slots__ = ("_code", "_frame", "_keep", "_lang", "_reasons", "_spec", "_steps")

    _frame: pd.DataFrame
    _keep: BoolArray
    _steps: tuple[FlowStep, ...]
    _reasons: tuple[Label, ...]  # each step's reason in both languages, for rendering
    _spec: SurveySpec | None
    _lang: str
    # column -> Coded, shared by every cohort derived from the same frame: the frame
    # never changes, so each column is factorized once for all their steps and bases.
    _code: Any

    def __init__(
        self, frame: pd.DataFrame, *, spec: SurveySpec | None = None, lang: str | None = None
    ) -> None:
        import pandas as pd

        if not isinstance(frame, pd.DataFrame):
            raise InvalidTypeError(
                f"`frame` must be a pandas DataFrame of responses; got {_show(frame)} "
                f"({type(frame).__name__}). Read an export with `read_responses`."
            )
        if spec is not None and not isinstance(spec, SurveySpec):
            raise InvalidTypeError(
                f"`spec` must be a SurveySpec (see `load_spec`) or None; got {_show(spec)}."
            )
        if not frame.index.is_unique:
            dup = frame.index[frame.index.duplicated()].unique()[:3].tolist()
            raise InvalidValueError(
                f"`frame` must have a unique index, so that masks align on it; labels "
                f"{dup!r} are repeated. Use `frame.reset_index(drop=True)`."
            )
        if not frame.columns.is_unique:
            dup = frame.columns[frame.columns.duplicated()].unique()[:3].tolist()
            raise InvalidValueError(
                f"`frame` must have unique column names; {dup!r} are repeated. Rename them "
                "(read_responses names a repeated header 'Q.1')."
            )
        lang = _format.check_lang(lang if lang is not None else (spec.lang if spec else "en"))
        keep = np.ones(len(frame), dtype=bool)
        keep.flags.writeable = False
        start = "start-export" if "export_format" in frame.attrs else "start"
        first = FlowStep("start", _TEXT[start][lang], 0, len(frame))
        # pandas ≥ 3 copies on write, so a shallow copy already keeps later edits of
        # `frame` out; pandas 2 (copy-on-write off by default) needs a real copy.
        own = frame.copy(deep=int(pd.__version__.split(".", 1)[0]) < 3)
        code = _checked_coder(own, spec)
        self._init(own, keep, (first,), (Label(**_TEXT[start]),), spec, lang, code)

    def _init(
        self,
        frame: pd.DataFrame,
        keep: BoolArray,
        steps: tuple[FlowStep, ...],
        reasons: tuple[Label, ...],
        spec: SurveySpec | None,
        lang: str,
        code: Any,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "_reasons", reasons)
        set_(self, "_code", code)
        set_(self, "_frame", frame)
        set_(self, "_keep", keep)
        set_(self, "_steps", steps)
        set_(self, "_spec", spec)
        set_(self, "_lang", lang)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(
            f"a Cohort is immutable; `{name}` cannot be set. Each step returns a new one."
        )

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Cohort is immutable; `{name}` cannot be deleted.")

    def __copy__(self) -> Cohort:
        return self  # immutable: a copy is the same cohort

    def __deepcopy__(self, memo: dict[int, object]) -> Cohort:
        return self

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        state = (self._frame, self._keep, self._steps, self._reasons, self._spec, self._lang)
        return (_restore, state)

    @classmethod
    def from_spec(cls, frame: pd.DataFrame, spec: SurveySpec, *, lang: str | None = None) -> Cohort:
        """Return the cohort of `frame` with every step of `spec` applied, in order.

        Parameters
        ----------
        frame : pandas.DataFrame
            The responses.
        spec : SurveySpec
            Its ``[[cohort]]`` steps are applied. Its columns are checked first; the
            answers to a question with declared options are checked against them when
            the cohort first uses its column (a step, a base, a proportion).
        lang : {"en", "fr"}, optional
            Language of the reasons (default: the spec's).

        Returns
        -------
        Cohort

        Raises
        ------
        UnknownColumnError
            A column of the spec is missing from `frame`.
        InvalidValueError
            A column a step uses holds answers that are none of its options.

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.cohort import Cohort
        >>> from optamstats.forms import load_spec
        >>> spec = load_spec('''
        ... [questions.status]
        ... column = "Status"
        ... [[cohort]]
        ... step = "exclude"
        ... where = { status = "intern" }
        ... reason = "interns"
        ... ''')
        >>> Cohort.from_spec(pd.DataFrame({"Status": ["intern", "doctor"]}), spec).n
        1
        """
        return cls._from_spec(frame, spec, lang, None)

    @classmethod
    def _from_spec(
        cls,
        frame: pd.DataFrame,
        spec: SurveySpec,
        lang: str | None,
        codes: dict[str, Coded] | None,
    ) -> Cohort:
        """:meth:`from_spec`, starting from `codes` already made of `frame`'s columns.

        `codes` (column -> Coded of `frame` as it is now, e.g. those of
        ``read_responses``' check of the answers) saves factorizing those columns again:
        the cohort's frame is a copy of `frame`, so they are its codes too. Answers are
        still checked against the options at first use.
        """
        if not isinstance(spec, SurveySpec):
            raise InvalidTypeError(f"`spec` must be a SurveySpec; got {_show(spec)}.")
        cohort = cls(frame, spec=spec, lang=lang)
        if codes:
            object.__setattr__(cohort, "_code", _CheckedCoder(cohort._frame, spec, dict(codes)))
        spec._check_columns(cohort._frame)  # answers: checked as each column is used
        lang = cohort._lang
        for step in spec.steps:
            reason = step.reason or _spec_reason(spec, step)
            if step.step in ("include", "exclude"):
                hit = np.ones(len(frame), dtype=bool)
                for cond in step.where:
                    hit &= cohort._code(spec[cond.question].column).isin(cond.values)
                remove = ~hit if step.step == "include" else hit
                cohort = cohort._remove(step.step, remove, reason)
            elif step.step == "require":
                cohort = cohort.require([spec[q].column for q in step.questions], reason=reason)
            else:
                cohort = cohort.drop_resubmissions(
                    timestamp=spec.timestamp, within=step.within, reason=reason, ignore=step.ignore
                )
        return cohort

    # ------------------------------------------------------------------ views

    @property
    def data(self) -> pd.DataFrame:
        """The remaining rows, in their original order, with their original index."""
        if self._keep.all():
            return self._frame.copy(deep=False)
        return self._frame[self._keep]

    @property
    def n(self) -> int:
        """The number of remaining rows."""
        return int(self._steps[-1].remaining)

    def __len__(self) -> int:
        return self.n

    @property
    def spec(self) -> SurveySpec | None:
        """The survey specification, if the cohort has one."""
        return self._spec

    @property
    def lang(self) -> str:
        """Language of the default reasons and renderings."""
        return self._lang

    @property
    def steps(self) -> tuple[FlowStep, ...]:
        """The flow as frozen records, the raw count first."""
        return self._steps

    @property
    def kept(self) -> pd.Series:
        """Boolean Series over every row of the original frame: True if it remains."""
        import pandas as pd

        return pd.Series(self._keep.copy(), index=self._frame.index, name="kept")

    @property
    def flow(self) -> pd.DataFrame:
        """The attrition flow: ``step``, ``reason``, ``excluded``, ``remaining``."""
        import pandas as pd

        return pd.DataFrame(
            {
                "step": [s.step for s in self._steps],
                "reason": [s.reason for s in self._steps],
                "excluded": np.array([s.excluded for s in self._steps], dtype=np.int64),
                "remaining": np.array([s.remaining for s in self._steps], dtype=np.int64),
            }
        )

    def __repr__(self) -> str:
        raw = self._steps[0].remaining
        return f"<Cohort: {self.n} of {raw} rows after {len(self._steps) - 1} step(s)>"

    def __str__(self) -> str:
        return self.flow_text()

    def _repr_html_(self) -> str:
        """Return the flow as an HTML table (for Jupyter)."""
        return str(self.flow.to_html(index=False, escape=True))

    # ------------------------------------------------------------------ steps

    def _remove(
        self, kind: str, remove: BoolArray, reason: Label | None, default: Label | None = None
    ) -> Cohort:
        keep = self._keep & ~remove
        keep.flags.writeable = False
        remaining = int(keep.sum())
        label = reason or default or Label(**_TEXT[kind])
        step = FlowStep(kind, label.text(self._lang), self.n - remaining, remaining)
        new = object.__new__(Cohort)
        new._init(
            self._frame,
            keep,
            (*self._steps, step),
            (*self._reasons, label),
            self._spec,
            self._lang,
            self._code,
        )
        return new

    def _check_reason(self, reason: object) -> Label | None:
        if reason is None or isinstance(reason, Label):
            return reason
        if isinstance(reason, str):
            return Label(en=reason, fr=reason)
        raise InvalidTypeError(f"`reason` must be a string, a Label or None; got {_show(reason)}.")

    def _mask(self, mask: MaskLike, argument: str = "mask") -> BoolArray:
        """Turn a mask into a boolean array over all rows of the original frame."""
        return _mask_rows(mask, self._frame, self._keep, argument)

    def include(self, mask: MaskLike, *, reason: str | Label | None = None) -> Cohort:
        """Keep only the rows where `mask` is True.

        Parameters
        ----------
        mask : pandas.Series of bool or callable
            Aligned on the cohort's rows (see Notes of :class:`Cohort`), or a callable
            taking :attr:`data`.
        reason : str or Label, optional
            Why the other rows are removed, for the flow (a Label gives it in English
            and French).

        Returns
        -------
        Cohort
            A new cohort, with one more row in its flow.

        Raises
        ------
        InvalidTypeError
            A mask that is not a boolean Series or callable.
        ShapeError
            A mask of the wrong length or index.
        InvalidValueError
            A mask with missing values.

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.cohort import Cohort
        >>> df = pd.DataFrame({"sector": ["1", "2", "2"]})
        >>> Cohort(df).include(df["sector"] == "2", reason="not in sector 2").n
        2
        """
        reason = self._check_reason(reason)
        return self._remove("include", ~self._mask(mask), reason)

    def exclude(self, mask: MaskLike, *, reason: str | Label | None = None) -> Cohort:
        """Remove the rows where `mask` is True.

        Parameters
        ----------
        mask : pandas.Series of bool or callable
            Aligned on the cohort's rows, or a callable taking :attr:`data`.
        reason : str or Label, optional
            Why those rows are removed, for the flow.

        Returns
        -------
        Cohort

        Raises
        ------
        InvalidTypeError, ShapeError, InvalidValueError
            As :meth:`include`.

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.cohort import Cohort
        >>> df = pd.DataFrame({"status": ["intern", "doctor", "doctor"]})
        >>> Cohort(df).exclude(lambda d: d["status"] == "intern", reason="interns").flow
              step            reason  excluded  remaining
        0    start  rows in the data         0          3
        1  exclude           interns         1          2
        """
        reason = self._check_reason(reason)
        return self._remove("exclude", self._mask(mask), reason)

    def _column(self, ref: object, argument: str = "column") -> str:
        """Resolve a column name, or (with a spec) a question id or role, to a column."""
        columns = [str(c) for c in self._frame.columns]
        if not isinstance(ref, str):
            raise InvalidTypeError(f"`{argument}` must be a column name; got {_show(ref)}.")
        if ref in self._frame.columns:
            return ref
        if self._spec is not None:
            q = self._spec.resolve(ref, columns)
            if q is not None:
                if q.column not in self._frame.columns:
                    raise unknown_column(q.column, columns, argument=argument)
                return q.column
        extra = self._spec.ids if self._spec is not None else ()
        raise unknown_column(ref, columns, argument=argument, extra=extra)

    def _question(self, column: str) -> Question | None:
        if self._spec is None:
            return None
        for q in self._spec.questions:
            if q.column == column:
                return q
        return None

    def _asked(self, column: str) -> BoolArray:
        """Over all rows of the frame: asked the question of `column` (skip logic)."""
        q = self._question(column)
        if q is None or q.skip is None or self._spec is None:
            return np.ones(len(self._frame), dtype=bool)
        return self._spec._asked(self._frame, q, self._code)

    def _base(self, column: str) -> BoolArray:
        """Over all rows of the frame: remaining, asked `column` and answered it."""
        coded: Coded = self._code(column)
        return self._keep & self._asked(column) & ~coded.blank()

    def _asked_rows(self, column: str) -> BoolArray:
        """Over all rows of the frame: remaining and asked `column` (skip logic)."""
        asked: BoolArray = self._keep & self._asked(self._column(column))
        return asked

    def _unchecked_codes(self, column: str) -> Coded:
        """Return `column`'s codes over all rows of the frame, answers not checked.

        For a column whose rows are read by another parser with its own checks and
        errors (multi-select answers, which may hold "Other" text): factorized once,
        shared with the steps that compared it.
        """
        codes: Coded = self._code.unchecked(self._column(column))
        return codes

    def _coded(self, column: str) -> tuple[Coded, BoolArray, BoolArray]:
        """Return `column`'s codes over all rows of the frame, who was asked, who answered.

        The two masks are over all rows too: remaining and asked (skip logic), and
        remaining, asked and answered (the base). For the report, which counts answers
        from the codes instead of copying the rows (a million rows copied per question
        cost more than the counts).
        """
        name = self._column(column)
        coded: Coded = self._code(name)
        asked = self._asked_rows(name)
        return coded, asked, asked & ~coded.blank()

    def require(self, columns: str | Sequence[str], *, reason: str | Label | None = None) -> Cohort:
        """Remove the rows with a blank answer to one of `columns` (incomplete answers).

        A cell is blank if it is empty or only whitespace (or missing). With a spec, a
        question the row was not asked (skip logic) is not required of it.

        Parameters
        ----------
        columns : str or sequence of str
            Column names; with a spec, question ids or roles too.
        reason : str or Label, optional
            For the flow (default: "incomplete answers").

        Returns
        -------
        Cohort

        Raises
        ------
        UnknownColumnError
            A column that is not in the data (the message lists the closest headers).

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.cohort import Cohort
        >>> df = pd.DataFrame({"a": ["x", " ", "y"], "b": ["1", "2", ""]})
        >>> Cohort(df).require(["a", "b"]).data.index.tolist()
        [0]
        """
        reason = self._check_reason(reason)
        refs = [columns] if isinstance(columns, str) else columns
        if not isinstance(refs, Sequence) or not refs:
            raise InvalidTypeError(
                f"`columns` must be a column name or a non-empty list of them; got "
                f"{_show(columns)}."
            )
        names = [self._column(c, "columns") for c in refs]
        missing = np.zeros(len(self._frame), dtype=bool)
        for name in names:
            missing |= self._code(name).blank() & self._asked(name)
        return self._remove("require", missing, reason)

    def drop_resubmissions(
        self,
        timestamp: str | None = None,
        within: Any = "10min",
        *,
        reason: str | Label | None = None,
        ignore: str | Sequence[str] = (),
    ) -> Cohort:
        """Remove resubmissions: answers identical to an earlier row's, sent soon after it.

        Parameters
        ----------
        timestamp : str, optional
            The column of submission times (datetimes, or text that parses as them).
            Default: the spec's, else the one ``read_responses`` parsed.
        within : str or timedelta, default "10min"
            The window: a row is a resubmission if an earlier remaining row has the same
            answers and was sent at most `within` before it.
        reason : str or Label, optional
            For the flow.
        ignore : str or sequence of str
            Columns left out of the comparison besides the timestamp, such as Microsoft
            Forms' ``ID``, ``Start time`` and ``Email``, which differ at every submission.
            A single string is one column name (as in :meth:`require`).

        Returns
        -------
        Cohort

        Raises
        ------
        InvalidValueError
            `within` is not a positive duration; a timestamp is blank or does not parse
            (the message names the row).
        UnknownColumnError
            `timestamp` or a column of `ignore` is not in the data.

        Notes
        -----
        Anonymous forms have no respondent id, and two doctors can give the same
        answers, so identical content alone is not a duplicate. A row is a resubmission
        when its answers equal, cell for cell and exactly as written, those of an earlier
        remaining row sent at most `within` before it; the first of a series is kept.
        "Earlier" is by timestamp (file order breaks ties). The chain rule (each copy is
        compared with the previous one) removes a burst of repeated clicks, and makes the
        step idempotent.

        Limits: two respondents who give the same answers within the window (likely
        when a form has few questions with few options) lose one of them; a
        respondent who edits an answer before resubmitting is kept twice. Choose
        `within` from the form's length; inspect the flow's count.

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.cohort import Cohort
        >>> df = pd.DataFrame({
        ...     "Timestamp": pd.to_datetime(["2025-11-07 09:00", "2025-11-07 09:04",
        ...                                  "2025-11-07 15:00"]),
        ...     "left": ["yes", "yes", "yes"],
        ... })
        >>> Cohort(df).drop_resubmissions(within="10min").data.index.tolist()
        [0, 2]
        """
        reason = self._check_reason(reason)
        window = _check_within(within)
        if timestamp is None:
            timestamp = _default_timestamp(self._frame, self._spec)
        name = self._column(timestamp, "timestamp")
        # A plain string is one column name, not a sequence of one-letter names.
        if isinstance(ignore, str):
            ignore = (ignore,)
        if not isinstance(ignore, Sequence):
            raise InvalidTypeError(
                f"`ignore` must be a column name or a list of them; got {_show(ignore)}."
            )
        skipped = {name, *(self._column(c, "ignore") for c in ignore)}
        compared = [c for c in self._frame.columns if c not in skipped]
        if not compared:
            raise InvalidValueError(
                "`ignore` leaves no column to compare: resubmissions are rows with the same "
                f"answers; got ignore={list(ignore)!r}."
            )
        remove = _resubmitted(
            self._frame, self._keep, self._code, name, compared, window, self._spec
        )
        default = _resubmission_reason(within, window)
        return self._remove("drop_resubmissions", remove, reason, default)

    # ------------------------------------------------------------------ bases

    def asked(self, column: str) -> pd.Series:
        """Return which rows of :attr:`data` were asked `column`'s question.

        Without a spec (or for a column the spec does not describe), every row was.

        Parameters
        ----------
        column : str
            A column name; with a spec, a question id or role too.

        Returns
        -------
        pandas.Series
            Boolean, indexed like :attr:`data`: True where the skip logic of the spec
            put the question to the respondent.

        Raises
        ------
        UnknownColumnError
            An unknown column (the message lists the closest headers).

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.cohort import Cohort
        >>> Cohort(pd.DataFrame({"q": ["a", ""]})).asked("q").tolist()
        [True, True]
        """
        import pandas as pd

        name = self._column(column)
        return pd.Series(
            self._asked(name)[self._keep], index=self._frame.index[self._keep], name=name
        )

    def base(self, column: str) -> pd.DataFrame:
        """Return the rows that were asked `column`'s question and answered it (non-blank).

        This is the denominator of any proportion on the question.

        Parameters
        ----------
        column : str
            A column name; with a spec, a question id or role too.

        Returns
        -------
        pandas.DataFrame
            Those rows of :attr:`data`, in order.

        Raises
        ------
        UnknownColumnError
            An unknown column (the message lists the closest headers).

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.cohort import Cohort
        >>> from optamstats.forms import load_spec
        >>> spec = load_spec('''
        ... [questions.member]
        ... column = "Member?"
        ... [questions.left]
        ... column = "Left?"
        ... asked_if = { member = "yes" }
        ... base = "members"
        ... ''')
        >>> df = pd.DataFrame({"Member?": ["yes", "yes", "no", "yes"],
        ...                    "Left?": ["yes", "no", "no", ""]})
        >>> Cohort(df, spec=spec).base("left").index.tolist()
        [0, 1]
        """
        name = self._column(column)
        return self._frame[self._base(name)]

    def proportion(
        self,
        column: str,
        value: str | Sequence[str],
        *,
        confidence: float = 0.95,
        method: str = "wilson",
        alternative: Any = "two-sided",
        base: str | None = None,
        lang: str | None = None,
    ) -> ProportionCI[float]:
        """Share of the question's base giving `value`, with its confidence interval.

        The count ``n`` is the real base: rows of the cohort that were asked the
        question and answered it (:meth:`base`); the result's ``base`` label is the
        question's (from the spec) unless `base` is given.

        Parameters
        ----------
        column : str
            A column name; with a spec, a question id or role too.
        value : str or sequence of str
            The answer counted (any of several). For a multi-select question, an
            option: respondents who ticked it.
        confidence : float, default 0.95
            Confidence level, as :func:`optamstats.proportions.proportion`.
        method : str, default "wilson"
            Interval method, as :func:`optamstats.proportions.proportion`.
        alternative : {"two-sided", "greater", "less"}
            Two-sided interval or one-sided bound, as
            :func:`optamstats.proportions.proportion`.
        base : str, optional
            Overrides the base label.
        lang : {"en", "fr"}, optional
            Language of the base label (default: the cohort's).

        Returns
        -------
        ProportionCI

        Raises
        ------
        InvalidValueError
            The cohort is empty, or nobody in it was asked and answered the question;
            `value` is not an option of the question, or (without declared options)
            is given by nobody, which is most often a misspelling.
        UnknownColumnError
            An unknown column.

        References
        ----------
        .. [1] L. D. Brown, T. T. Cai and A. DasGupta, "Interval estimation for a binomial
           proportion", Statist. Sci. 16(2):101–133, 2001.

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.cohort import Cohort
        >>> df = pd.DataFrame({"left": ["Oui"] * 50 + ["Non"] * 69 + [""] * 59})
        >>> Cohort(df).proportion("left", "Oui", base="OPTAM members").cite()
        '42.0% (95% CI 33.5–51.0; n = 119 OPTAM members)'
        """
        from optamstats.proportions import proportion

        lang = _format.check_lang(lang if lang is not None else self._lang)
        wanted = self._values(value)
        name = self._column(column)
        if self.n == 0:
            reasons = "; ".join(f"{s.reason}: {s.excluded}" for s in self._steps[1:])
            raise InvalidValueError(
                f"the cohort is empty: its steps removed all {self._steps[0].remaining} rows "
                f"({reasons}); no proportion can be computed. Check the steps in `.flow`."
            )
        rows = self._base(name)
        n = int(rows.sum())
        if n == 0:
            asked = int((self._asked(name) & self._keep).sum())
            raise InvalidValueError(
                f"the base of {name!r} is empty: of the {self.n} rows in the cohort, {asked} "
                "were asked the question and none answered it; a proportion of nobody is "
                "undefined."
            )
        q = self._question(name)
        coded: Coded = self._code(name)
        k = _count_answer(name, q, coded, rows, wanted)
        label = base
        if label is None and q is not None and self._spec is not None:
            label = self._spec.base_label(q.id, lang)
        return proportion(
            k, n, confidence=confidence, method=method, alternative=alternative, base=label
        )

    _values = staticmethod(_answer_values)

    # ------------------------------------------------------------------ rendering

    def flow_text(self, lang: str | None = None) -> str:
        """Render the flow as text: the raw count, each exclusion, the final count.

        Parameters
        ----------
        lang : {"en", "fr"}, optional
            Language of the labels and number format (default: the cohort's). Reasons
            are printed as given.

        Returns
        -------
        str

        Examples
        --------
        >>> import pandas as pd
        >>> from optamstats.cohort import Cohort
        >>> df = pd.DataFrame({"status": ["intern", "doctor", "doctor"]})
        >>> print(Cohort(df).exclude(df["status"] == "intern", reason="interns").flow_text())
        rows in the data        3
          − interns             1  → 2
        Cohort                  2
        """
        lang = _format.check_lang(lang if lang is not None else self._lang)
        return _flow_text([r.text(lang) for r in self._reasons], self._steps, lang)

    def flow_figure(self, *, lang: str | None = None, ax: Axes | None = None) -> Figure:
        r"""Draw the flow as a CONSORT-style box diagram.

        The main column holds the raw count and the count left after each step; each
        step's exclusions sit in a box to the right, with their reason.

        Parameters
        ----------
        lang : {"en", "fr"}, optional
            Language of the labels and numbers (default: the cohort's).
        ax : matplotlib Axes, optional
            Where to draw; a new figure is made if not given.

        Returns
        -------
        matplotlib.figure.Figure

        References
        ----------
        .. [1] K. F. Schulz, D. G. Altman, D. Moher, "CONSORT 2010 Statement", BMJ
           340:c332, 2010 (the flow diagram).

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import pandas as pd
        >>> from optamstats.cohort import Cohort
        >>> df = pd.DataFrame({"status": ["intern", "doctor", "doctor"]})
        >>> fig = Cohort(df).exclude(df["status"] == "intern", reason="interns").flow_figure()
        >>> [t.get_text() for t in fig.axes[0].texts][:2]
        ['rows in the data\nn = 3', 'Excluded: interns\nn = 1']
        """
        lang = _format.check_lang(lang if lang is not None else self._lang)
        return flow_diagram(
            [r.text(lang) for r in self._reasons],
            [s.excluded for s in self._steps],
            [s.remaining for s in self._steps],
            lang=lang,
            ax=ax,
        )
