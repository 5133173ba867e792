"""One question of a survey: its labels, its type and options, and its skip logic."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from optamstats._checks import InvalidValueError

LANGS: Final = ("en", "fr")


QUESTION_TYPES: Final = ("single", "yesno", "multi", "scale", "number", "text")


#: How a single-choice or scale question's non-substantive answers ("Ne sait pas") enter
#: its percentages: ``"both"`` (each percentage given with and without them), ``"all"``
#: (kept in the base) or ``"substantive"`` (left out of it).
PERCENT_OF: Final = ("both", "all", "substantive")


STEP_KINDS: Final = ("include", "exclude", "require", "drop_resubmissions")


# Roles of the exit funnel's yes/no questions: each held by one question at most, with
# ``yes`` and ``no`` covering every option.
_YES_NO_ROLES: Final = ("member", "left", "plans_to_leave")


#: Roles the library's modules look for; any other identifier is allowed too.
ROLES: Final = (
    "practice",
    "sector",
    "status",
    "specialty",
    "member",
    "left",
    "plans_to_leave",
    "motives",
    "free_text",
)


@dataclass(frozen=True, slots=True)
class Label:
    """A short text in English and/or French (a title, a base, a reason).

    Attributes
    ----------
    en, fr : str or None
        The text in each language; :meth:`text` falls back on the other one.

    References
    ----------
    .. [1] ``docs/spec.md``, "Layout" (labels in the survey specification).

    Examples
    --------
    >>> from optamstats.forms import Label
    >>> Label(en="OPTAM members", fr="adhérents OPTAM").text("fr")
    'adhérents OPTAM'
    >>> Label(fr="internes").text("en")
    'internes'
    """

    en: str | None = None
    fr: str | None = None

    def text(self, lang: str = "en") -> str:
        """Return the text in `lang`, or in the other language if that one is missing.

        Parameters
        ----------
        lang : {"en", "fr"}, default "en"
            The language wanted.

        Returns
        -------
        str
            The text; ``""`` when the label has neither language.
        """
        first, second = (self.fr, self.en) if lang == "fr" else (self.en, self.fr)
        return first if first is not None else (second or "")


@dataclass(frozen=True, slots=True)
class Condition:
    """One skip-logic or cohort condition: the answer to `question` is one of `values`.

    Attributes
    ----------
    question : str
        The id of the question whose answer decides.
    values : tuple of str
        The answers that satisfy the condition (compared without outer spaces).

    References
    ----------
    .. [1] ``docs/spec.md``, "Skip logic: asked_if".

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.member]
    ... column = "Member?"
    ... [questions.left]
    ... column = "Left?"
    ... asked_if = { member = ["Yes", "Yes, until October"] }
    ... ''')
    >>> spec["left"].asked_if[0]
    Condition(question='member', values=('Yes', 'Yes, until October'))
    """

    question: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Skip logic: at least one of `rules` holds (``asked_if = { any = [...] }``).

    Google Forms branches by section, so one question can be reached from several
    answers ("asked if left = Oui **or** plan = Oui").

    Attributes
    ----------
    rules : tuple of SkipRule
        Conditions or nested groups.

    References
    ----------
    .. [1] ``docs/spec.md``, "Skip logic: asked_if".

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.left]
    ... column = "Left?"
    ... [questions.plan]
    ... column = "Plan to leave?"
    ... asked_if = { left = "No" }
    ... [questions.why]
    ... column = "Why?"
    ... asked_if = { any = [{ left = "Yes" }, { plan = "Yes" }] }
    ... ''')
    >>> spec["why"].skip  # doctest: +NORMALIZE_WHITESPACE
    AllOf(rules=(AnyOf(rules=(Condition(question='left', values=('Yes',)),
                              Condition(question='plan', values=('Yes',)))),))
    """

    rules: tuple[SkipRule, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    """Skip logic: every one of `rules` holds (a plain ``asked_if`` table, or ``all``).

    Attributes
    ----------
    rules : tuple of SkipRule
        Conditions or nested groups.

    References
    ----------
    .. [1] ``docs/spec.md``, "Skip logic: asked_if".

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.member]
    ... column = "Member?"
    ... [questions.left]
    ... column = "Left?"
    ... asked_if = { member = "Yes" }
    ... ''')
    >>> spec["left"].skip
    AllOf(rules=(Condition(question='member', values=('Yes',)),))
    """

    rules: tuple[SkipRule, ...]


@dataclass(frozen=True, slots=True)
class NotOf:
    """Skip logic: `rule` does not hold, among respondents asked what it is about.

    ``asked_if = { not = { sector = "Secteur 1" } }`` selects the respondents who were
    asked ``sector`` and did not answer "Secteur 1" (a blank answer included): a
    question is never asked of someone who was not asked the questions its skip
    logic reads.

    Attributes
    ----------
    rule : SkipRule
        The condition or group negated.

    References
    ----------
    .. [1] ``docs/spec.md``, "Skip logic: asked_if".

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.sector]
    ... column = "Sector"
    ... [questions.why]
    ... column = "Why not sector 1?"
    ... asked_if = { not = { sector = "1" } }
    ... ''')
    >>> spec["why"].skip
    AllOf(rules=(NotOf(rule=Condition(question='sector', values=('1',))),))
    """

    rule: SkipRule


#: A question's skip logic: a condition, or any/all/not of conditions.
SkipRule = Condition | AnyOf | AllOf | NotOf


def _rule_questions(rule: SkipRule | None) -> tuple[str, ...]:
    """Ids of the questions `rule` reads, each once, in order of first appearance."""
    found: list[str] = []

    def walk(r: SkipRule) -> None:
        if isinstance(r, Condition):
            if r.question not in found:
                found.append(r.question)
        elif isinstance(r, NotOf):
            walk(r.rule)
        else:
            for sub in r.rules:
                walk(sub)

    if rule is not None:
        walk(rule)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Question:
    """One question of a survey: where its answers are and what they mean.

    Attributes
    ----------
    id : str
        The key of the question in the spec (``[questions.<id>]``), an identifier.
    column : str
        The export's header for it (for Google Forms: the question text).
    type : {"single", "yesno", "multi", "scale", "number", "text"}
        One choice; one choice read as yes or no (`yes` and `no` cover every option);
        check-all-that-apply; an ordinal scale (`options` from lowest to highest); a
        number (decimal commas read); free text (never printed by default).
    role : str or None
        What the question is for the library's modules, e.g. ``"left"``; see ``ROLES``.
    label : Label or None
        Short title for tables and figures.
    base : Label or None
        Who was asked and answered, e.g. "OPTAM members in October"; carried by the
        proportions computed on the question.
    options : tuple of str
        The answer options, in the form's order (required for ``multi``).
    other : bool
        Whether an "Other" box let respondents type their own answer.
    separator : str
        How a ``multi`` cell joins the ticked options (Google Forms: ``", "``).
    yes, no : tuple of str
        For yes/no questions (roles ``member``, ``left``, ``plans_to_leave``...): the
        answers meaning yes and no.
    asked_if : tuple of Condition
        Skip logic written as a plain table: the question was asked only of respondents
        meeting every condition (and asked the questions those conditions are about).
        Empty for a question asked of everyone, and for skip logic using ``any``,
        ``all`` or ``not`` (then read `skip`). A question built in Python with
        `asked_if` and no `skip` gets ``skip = AllOf(asked_if)``.
    non_substantive : tuple of str
        Options that answer without taking a position ("Ne sait pas", "Je ne souhaite
        pas répondre"): counted and shown; `percent_of` says if they stay in the base.
    percent_of : {"both", "all", "substantive"}
        Bases of the percentages when there are non-substantive options: both (the
        default), all answers, or substantive answers only.
    exclusive : tuple of str
        ``multi`` only: options that cannot be ticked with another ("Aucune").
    top, bottom : int or None
        ``scale`` only: how many levels make the top box and the bottom box (default 2
        on a scale of five levels or more, 1 below).
    minimum, maximum : float or None
        ``number`` only: the smallest and largest answers possible (``min``, ``max``).
    skip : SkipRule or None
        The whole skip logic (``any``/``all``/``not`` included); None when the
        question was asked of everyone.

    References
    ----------
    .. [1] ``docs/spec.md``, "[questions.<id>]" and "Roles".

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [questions.motives]
    ... column = "Pour quelles raisons?"
    ... role = "motives"
    ... type = "multi"
    ... options = ["Désaccord politique", "Menace de sanctions / pénalités"]
    ... ''')
    >>> q = spec.question("motives")
    >>> q.type, q.separator, q.other
    ('multi', ', ', False)
    >>> q.split("Désaccord politique, Menace de sanctions / pénalités")
    ('Désaccord politique', 'Menace de sanctions / pénalités')
    """

    id: str
    column: str
    type: str = "single"
    role: str | None = None
    label: Label | None = None
    base: Label | None = None
    options: tuple[str, ...] = ()
    other: bool = False
    separator: str = ", "
    yes: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    asked_if: tuple[Condition, ...] = ()
    non_substantive: tuple[str, ...] = ()
    percent_of: str = "both"
    exclusive: tuple[str, ...] = ()
    top: int | None = None
    bottom: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    skip: SkipRule | None = None

    def __post_init__(self) -> None:
        # A question built in Python with `asked_if` only (as before `skip` existed) keeps
        # its skip logic: everything now reads `skip`, and an unread `asked_if` would
        # silently make the question asked of everyone.
        if self.skip is None and self.asked_if:
            object.__setattr__(self, "skip", AllOf(tuple(self.asked_if)))

    @property
    def depends_on(self) -> tuple[str, ...]:
        """Ids of the questions the skip logic reads (not their own parents)."""
        return _rule_questions(self.skip)

    @property
    def substantive(self) -> tuple[str, ...]:
        """The options that are not `non_substantive`, in the form's order."""
        return tuple(o for o in self.options if o not in self.non_substantive)

    def title(self, lang: str = "en") -> str:
        """Return the question's label in `lang`, or its column header if it has none.

        Parameters
        ----------
        lang : {"en", "fr"}, default "en"
            The language wanted (the other one if the label lacks it).

        Returns
        -------
        str
            A short title for tables and figures.
        """
        return self.label.text(lang) if self.label is not None else self.column

    def split(self, answer: str) -> tuple[str, ...]:
        """Split a ``multi`` answer into its ticked options (and an "Other" text last).

        Options are matched whole, longest first, so an option whose label contains the
        separator is not cut in two.

        Parameters
        ----------
        answer : str
            One cell of the question's column, as exported.

        Returns
        -------
        tuple of str
            The ticked options in the order of the cell, then the "Other" text if any.

        Raises
        ------
        InvalidValueError
            For a question that is not ``multi``, or an answer holding text that is no
            option while the question has no "Other" box.

        Examples
        --------
        >>> from optamstats.forms import Question
        >>> q = Question("why", "Why?", type="multi", options=("Cost, mostly", "Time"))
        >>> q.split("Cost, mostly, Time")
        ('Cost, mostly', 'Time')
        """
        if self.type != "multi":
            raise InvalidValueError(
                f"`split` needs a multi-select question; {self.id!r} is {self.type!r}."
            )
        text = answer.strip()
        # "A, B" and "A,B" and "A;B;" (Microsoft Forms' trailing separator) all split.
        core = self.separator.strip() or self.separator
        options = sorted(self.options, key=len, reverse=True)
        items: list[str] = []
        pos = 0
        while pos < len(text):
            for option in options:
                if not text.startswith(option, pos):
                    continue
                end = pos + len(option)
                after = text[end:].lstrip() if core.strip() else text[end:]
                if end == len(text):
                    pos = end
                elif after.startswith(core):
                    pos = len(text) - len(after) + len(core)
                    while pos < len(text) and text[pos].isspace() and core.strip():
                        pos += 1
                else:
                    continue  # a longer label that starts like this option
                items.append(option)
                break
            else:
                if not self.other:
                    raise InvalidValueError(
                        f"an answer to {self.id!r} holds text that is none of its options "
                        f"({len(text) - pos} characters left after {len(items)} option(s)); "
                        "check the spec's `options` (exact labels) or set `other = true`."
                    )
                items.append(text[pos:])
                break
        return tuple(items)


def _find(questions: Sequence[Question], ref: str, columns: Sequence[str] = ()) -> Question | None:
    """Return the question `ref` names: by id, then by (unique) role, then by column.

    A `ref` that is one of `columns` (the data's) is not read as a role.
    """
    for q in questions:
        if q.id == ref:
            return q
    found = [q for q in questions if q.role == ref]
    if len(found) == 1 and ref not in columns:
        return found[0]
    for q in questions:
        if q.column == ref:
            return q
    return None
