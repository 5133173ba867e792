"""What a report is made of: sections of paragraphs, tables of raw values, figures.

Values are never formatted here: renderers format them per language, so the JSON
carries the same numbers as the text, unrounded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["Column", "Report", "Section", "Table", "rate_columns"]

#: How a column's values are shown: "percent" takes fractions (0.42 -> 42.0 %).
Kind = Literal["text", "count", "percent", "number", "p", "range", "level", "points"]
KINDS: Final = ("text", "count", "percent", "number", "p", "range", "level", "points")


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its key in the JSON, its heading, and how to show its values."""

    key: str
    title: str
    kind: Kind = "text"


def rate_columns(label: Column, low: str, high: str) -> tuple[Column, ...]:
    """Return the columns of a rate: its label, ``k`` of ``n``, the share and its interval.

    The tables of proportions, of breakdowns and of response waves all start so; `low`
    and `high` are the interval's headings in the report's language.

    Examples
    --------
    >>> [c.key for c in rate_columns(Column("group", "Group"), "low", "high")]
    ['group', 'k', 'n', 'estimate', 'low', 'high']
    """
    return (
        label,
        Column("k", "k", "count"),
        Column("n", "n", "count"),
        Column("estimate", "%", "percent"),
        Column("low", low, "percent"),
        Column("high", high, "percent"),
    )


@dataclass(frozen=True, slots=True)
class Table:
    """A table of raw values, one tuple per row in the order of `columns`."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    """A report section: paragraphs, then tables, then figures (by key)."""

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    figures: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """A whole report, ready for any renderer.

    Attributes
    ----------
    title : str
        The report's title.
    lang : str
        ``"fr"`` or ``"en"``: language of the text and number format.
    sections : tuple of Section
        In reading order.
    notes : tuple of str
        Warnings printed at the top (synthetic data, disclosure control off, ...).
    figures : dict
        Figure key → a function drawing a matplotlib Figure (called only by renderers
        that show figures, so text and JSON reports never import matplotlib).
    results : dict
        Every headline number, unrounded, for the JSON output.

    The last field, ``_disclosure``, records what the report publishes as constraints
    for :func:`optamstats.disclosure_audit` (no true count); renderers never show it.
    """

    title: str
    lang: str
    sections: tuple[Section, ...]
    notes: tuple[str, ...] = ()
    figures: dict[str, Callable[[], Figure]] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)
    _disclosure: Any = field(default=None, repr=False, compare=False)
