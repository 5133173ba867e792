"""The published-figures model: documents, bases, figures by kind, and settings.

What a union report or a press article publishes, as the audit reads it: percentages,
counts, coded themes, the percentages of one question, staged funnels and claims, each
with where it was published. Every published item shares one base, :class:`_Quoted`,
for where it stands (``source``, ``sentence``, ``note``). The TOML reader is
:mod:`optamstats.audit.reader`; the whole set, checked for cross-references, is
:class:`optamstats.audit.published.PublishedFigures`.
"""

from __future__ import annotations

from dataclasses import Field, dataclass, fields
from typing import Any, Final

from optamstats.audit.values import DEFAULT_MODES


@dataclass(frozen=True, slots=True, kw_only=True)
class _Quoted:
    """Where a published item stands: the fields every base, figure and statement shares.

    They come last in each class's constructor and are keyword-only (``source=...``):
    a base class's fields would otherwise come first.

    Attributes
    ----------
    source : str or None
        Id of the :class:`Document` the item is quoted from.
    sentence : str or None
        The sentence quoted, verbatim.
    note : str or None
        Remarks.
    """

    source: str | None = None
    sentence: str | None = None
    note: str | None = None

    def __repr__(self) -> str:
        # In the constructor's order, as the classes printed before they shared this base.
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in _in_order(self))
        return f"{type(self).__qualname__}({shown})"


def _in_order(item: Any) -> tuple[Field[Any], ...]:
    """Return a dataclass's fields in its constructor's order: the keyword-only ones last."""
    return tuple(sorted(fields(item), key=lambda f: bool(f.kw_only)))


@dataclass(frozen=True, slots=True)
class Document:
    """A published document the figures are quoted from.

    Attributes
    ----------
    id : str
        Short identifier used by the figures' ``source``.
    title : str
        Its title.
    kind, date, url, note : str or None
        What it is ("union report", "press article"), when, where, remarks.

    Examples
    --------
    >>> from optamstats.audit import Document
    >>> Document("report", "Enquête sortie de l'OPTAM", kind="union report").kind
    'union report'
    """

    id: str
    title: str
    kind: str | None = None
    date: str | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, repr=False)
class Base(_Quoted):
    """A group of respondents figures are shares of.

    Attributes
    ----------
    id : str
        Identifier used by the figures' ``base``.
    n : int
        Its size.
    label, label_fr : str
        Who they are, in English and French.
    within : str or None
        The base that contains this one (sector-2 respondents within all respondents).
    source, sentence, note : str or None
        Where the size is published, the sentence quoted, remarks.

    Examples
    --------
    >>> from optamstats.audit import Base
    >>> Base("sector2", 178, "sector-2 respondents", within="all-respondents").n
    178
    """

    id: str
    n: int
    label: str
    label_fr: str | None = None
    within: str | None = None


@dataclass(frozen=True, slots=True, repr=False)
class PercentFigure(_Quoted):
    """A published percentage.

    Attributes
    ----------
    id : str
        Identifier.
    value : str
        As published: ``"59.4"``, ``"42"``; ``"1/3"`` for a verbal fraction ("a third"),
        which needs a `tolerance`.
    decimals : int or None
        Decimals, when `value` does not show them.
    tolerance : str or None
        For approximate figures, the percentage points within which the value is a fair
        description (``"2.5"``).
    n : int or None
        Its base, given as a number ...
    base : str or None
        ... or by the id of a :class:`Base`.
    count : int or None
        The count of the same respondents, when published.
    count_from : tuple of str
        Ids of figures whose counts add up to this figure's count (a percentage figure
        contributes the counts that fit it).
    label, label_fr, source, sentence, note : str or None
        What it measures, the document id, the sentence quoted verbatim, remarks.

    Examples
    --------
    >>> from optamstats.audit import PercentFigure, PublishedFigures, audit_published
    >>> fig = PercentFigure("motive", "82", n=50, count=43)
    >>> [f.verdict for f in audit_published(PublishedFigures(figures=(fig,))).findings]
    ['consistent', 'count-mismatch']
    """

    id: str
    value: str
    decimals: int | None = None
    tolerance: str | None = None
    n: int | None = None
    base: str | None = None
    count: int | None = None
    count_from: tuple[str, ...] = ()
    label: str | None = None
    label_fr: str | None = None


@dataclass(frozen=True, slots=True, repr=False)
class CountFigure(_Quoted):
    """A published count of respondents, checked against its base.

    Attributes
    ----------
    id : str
        Identifier.
    count : int
        The count.
    n : int or None
        Its base, as a number ...
    base : str or None
        ... or by the id of a :class:`Base`.
    label, label_fr, source, sentence, note : str or None
        As for :class:`PercentFigure`.

    Examples
    --------
    >>> from optamstats.audit import CountFigure, PublishedFigures, audit_published
    >>> figs = PublishedFigures(counts=(CountFigure("c", 43, n=50),))
    >>> audit_published(figs).findings[0].verdict
    'consistent'
    """

    id: str
    count: int
    n: int | None = None
    base: str | None = None
    label: str | None = None
    label_fr: str | None = None


@dataclass(frozen=True, slots=True)
class SubTheme:
    """A sub-theme of a coded theme: a label and its count of respondents.

    Examples
    --------
    >>> from optamstats.audit import SubTheme
    >>> SubTheme("Indexation sur l'inflation", 19).count
    19
    """

    label: str
    count: int


@dataclass(frozen=True, slots=True, repr=False)
class ThemeFigure(_Quoted):
    """A coded theme of open answers with its sub-themes, counted per respondent.

    Attributes
    ----------
    id : str
        Identifier.
    count : int
        Respondents coded with the theme.
    subthemes : tuple of SubTheme
        Its sub-themes.
    every_mention_coded : bool
        Whether each theme mention carries a sub-code (default True).
    n, base : int or str or None
        The question's base.
    label, label_fr, source, sentence, note : str or None
        As for :class:`PercentFigure`.

    Examples
    --------
    >>> from optamstats.audit import PublishedFigures, SubTheme, ThemeFigure, audit_published
    >>> theme = ThemeFigure("t", 89, (SubTheme("a", 42), SubTheme("b", 45)))
    >>> audit_published(PublishedFigures(themes=(theme,))).findings[0].verdict
    'inconsistent'
    """

    id: str
    count: int
    subthemes: tuple[SubTheme, ...]
    every_mention_coded: bool = True
    n: int | None = None
    base: str | None = None
    label: str | None = None
    label_fr: str | None = None


@dataclass(frozen=True, slots=True, repr=False)
class QuestionGroup(_Quoted):
    """Percentages of one question, for the search of the bases that fit them all.

    Attributes
    ----------
    id : str
        Identifier.
    figures : tuple of str
        Ids of the :class:`PercentFigure` of the question.
    n_max : int or None
        Largest base searched (default: the settings' ``n_max``).
    exhaustive : bool
        True when the options partition the respondents (their counts add up to n).
    label, source, sentence, note : str or None
        Description; source and sentence default to those of the first figure.

    Examples
    --------
    >>> from optamstats.audit import PercentFigure, PublishedFigures, QuestionGroup
    >>> from optamstats.audit import audit_published
    >>> figs = PublishedFigures(
    ...     figures=(PercentFigure("yes", "59"), PercentFigure("no", "41")),
    ...     questions=(QuestionGroup("q", ("yes", "no"), n_max=30, exhaustive=True),),
    ... )
    >>> audit_published(figs).findings[0].alternatives
    ('n = 17, 22, 27, 29',)
    """

    id: str
    figures: tuple[str, ...]
    n_max: int | None = None
    exhaustive: bool = False
    label: str | None = None


@dataclass(frozen=True, slots=True, repr=False)
class FunnelStatement(_Quoted):
    """A statement about a funnel: its combined share or a stage's share of everyone.

    Attributes
    ----------
    id : str
        Identifier.
    target : str
        ``"combined"`` or ``"stage N"`` (stage N's share of the first base).
    relation : str
        ``"greater"``, ``"less"`` or ``"equal"`` (a rounded value).
    value : str
        The percentage stated.
    decimals : int or None
        Its decimals, if the value does not show them.
    source, sentence, note : str or None
        Document id, the sentence quoted, remarks.

    Examples
    --------
    >>> from optamstats.audit import FunnelStatement
    >>> FunnelStatement("more-than-70", "combined", "greater", "70").target
    'combined'
    """

    id: str
    target: str
    relation: str
    value: str
    decimals: int | None = None


@dataclass(frozen=True, slots=True)
class FunnelFigure:
    """A staged funnel built from percentage figures, and statements about it.

    Attributes
    ----------
    id : str
        Identifier.
    stages : tuple of str
        Ids of the stage :class:`PercentFigure` (stage 1 of the first base, later stages of
        those the previous ones left).
    statements : tuple of FunnelStatement
        What was said of the funnel.
    label, note : str or None
        Description and remarks.

    Examples
    --------
    >>> from optamstats.audit import FunnelFigure, FunnelStatement, PercentFigure
    >>> from optamstats.audit import PublishedFigures, audit_published
    >>> figs = PublishedFigures(
    ...     figures=(PercentFigure("left", "42", n=119), PercentFigure("plan", "59", n=69)),
    ...     funnels=(
    ...         FunnelFigure(
    ...             "exit",
    ...             ("left", "plan"),
    ...             (FunnelStatement("s", "combined", "greater", "70"),),
    ...         ),
    ...     ),
    ... )
    >>> [f.verdict for f in audit_published(figs).findings if f.check == "funnel"]
    ['consistent', 'consistent']
    """

    id: str
    stages: tuple[str, ...]
    statements: tuple[FunnelStatement, ...] = ()
    label: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, repr=False)
class ClaimFigure(_Quoted):
    """A claim such as "more than 70 %", with the count and base it rests on.

    Attributes
    ----------
    id : str
        Identifier.
    relation : str
        ``"greater"`` or ``"less"``.
    threshold : str
        The percentage in the claim (``"70"``).
    count : int or None
        The count, or ...
    count_from : tuple of str
        ... ids of figures whose counts add up to it.
    n, base : int or str or None
        The base.
    scope : str
        ``"population"`` or ``"respondents"``.
    confidence : float or None
        Level of the one-sided interval (default: the settings').
    method : str or None
        Interval method (default: the settings').
    label, source, sentence, note : str or None
        As for :class:`PercentFigure`.

    Examples
    --------
    >>> from optamstats.audit import ClaimFigure, PublishedFigures, audit_published
    >>> claim = ClaimFigure("c", "greater", "70", count=91, n=119)
    >>> audit_published(PublishedFigures(claims=(claim,))).findings[0].verdict
    'not-established'
    """

    id: str
    relation: str
    threshold: str
    count: int | None = None
    count_from: tuple[str, ...] = ()
    n: int | None = None
    base: str | None = None
    scope: str = "population"
    confidence: float | None = None
    method: str | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class AuditSettings:
    """Defaults of an audit.

    Attributes
    ----------
    modes : tuple of str
        Rounding modes tried (default half-up, half-even, truncate).
    confidence : float
        Level of the one-sided intervals of claims (default 0.95).
    n_max : int
        Largest base searched when a base is unknown (default 1000).
    method : str
        Interval method of claims (default ``"wilson"``).

    Examples
    --------
    >>> from optamstats.audit import AuditSettings
    >>> AuditSettings(modes=("half-up",)).confidence
    0.95
    """

    modes: tuple[str, ...] = DEFAULT_MODES
    confidence: float = 0.95
    n_max: int = 1000
    method: str = "wilson"


_KINDS: Final = ("figures", "counts", "themes", "questions", "funnels", "claims")
