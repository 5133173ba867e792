"""The report of an export check: its problems, a summary per question, as text or JSON.

:func:`optamstats.survey.check.check_export` builds a :class:`CheckReport`; the command
``optamstats check`` prints it (``--format text`` or ``json``, ``docs/check-schema.json``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from optamstats._checks import check_choice

__all__ = ["FORMAT", "KINDS", "CheckReport", "Problem", "QuestionSummary"]


#: The ``format`` field of :meth:`CheckReport.to_dict` (``docs/check-schema.json``).
FORMAT: Final = "optamstats-check/1"


#: Every kind of problem, with its severity. Errors make ``optamstats check`` exit with
#: status 1 (the report would stop on them or count them wrongly); warnings do not.
KINDS: Final = {
    "missing_column": "error",
    "duplicate_column": "error",
    "unknown_option": "error",
    "exclusive": "error",
    "number_unreadable": "error",
    "scale_level": "error",
    "timestamp_unreadable": "error",
    "timestamp_blank": "error",
    "number_range": "warning",
    "answered_when_not_asked": "warning",
    "blank_when_asked": "warning",
    "unknown_column": "warning",
    "resubmissions": "warning",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One disagreement between an export and its spec.

    Attributes
    ----------
    kind : str
        One of :data:`KINDS`: ``"missing_column"``, ``"duplicate_column"``,
        ``"unknown_option"``,
        ``"exclusive"``, ``"number_unreadable"``, ``"scale_level"``,
        ``"timestamp_unreadable"``, ``"timestamp_blank"``, ``"number_range"``,
        ``"answered_when_not_asked"``, ``"blank_when_asked"``, ``"unknown_column"``,
        ``"resubmissions"``.
    severity : {"error", "warning"}
        From :data:`KINDS`.
    message : str
        The problem in the user's terms: the spec's key path, the export's line.
    count : int
        Rows concerned (columns, for ``missing_column`` and ``unknown_column``: 1).
    first_line : int or None
        Line of the first row concerned, as an editor shows it (the header is line 1);
        None for a problem about a column.
    first_row : int or None
        The same row as a 0-based position in the data (for programs).
    question : str or None
        The question's id in the spec.
    column : str or None
        The column (header) concerned.
    key : str
        The spec's key path to look at, e.g. ``questions.plan.options``.
    examples : tuple of str
        Unknown answers close to an option (label variants), at most three; never
        other answers.
    suggestions : tuple of str
        For a column: the closest headers (or spec columns), best first.

    References
    ----------
    .. [1] ``docs/spec.md``, "Checking an export: optamstats check".

    Examples
    --------
    >>> from optamstats.check import Problem
    >>> p = Problem("blank_when_asked", "warning", "…", 3, 5, 3, "age", "Age", "")
    >>> p.severity, p.first_line
    ('warning', 5)
    """

    kind: str
    severity: str
    message: str
    count: int
    first_line: int | None
    first_row: int | None
    question: str | None
    column: str | None
    key: str
    examples: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuestionSummary:
    """One row of a check's summary table: a question's counts over the whole export.

    Attributes
    ----------
    question : str
        The question's id.
    column : str
        Its column.
    type : str
        Its type in the spec.
    present : bool
        Whether the export has the column (the counts below are None when it does not).
    asked : int or None
        Rows the skip logic says were asked the question (None when a column the skip
        logic reads is missing).
    answered : int or None
        Rows asked that answered (a non-blank cell): the question's base before the
        cohort steps.
    blank_when_asked : int or None
        Rows asked that left it blank (item non-response).
    answered_when_not_asked : int or None
        Rows not asked that answered anyway.
    invalid : int or None
        Non-blank answers that are invalid: none of the options, outside the scale,
        unreadable or out-of-range numbers, exclusive options ticked with others.

    References
    ----------
    .. [1] ``docs/spec.md``, "Checking an export: optamstats check".

    Examples
    --------
    >>> from optamstats.check import QuestionSummary
    >>> QuestionSummary("age", "Age", "number", True, 10, 9, 1, 0, 0).answered
    9
    """

    question: str
    column: str
    type: str
    present: bool
    asked: int | None
    answered: int | None
    blank_when_asked: int | None
    answered_when_not_asked: int | None
    invalid: int | None


@dataclass(frozen=True, slots=True)
class CheckReport:
    r"""What :func:`check_export` found: the problems and the summary table.

    Attributes
    ----------
    source : str
        The export's name (its path, ``"<bytes>"``, ``"<stream>"``, ``"<frame>"``).
    spec : str
        The spec's file, or ``"<text>"``.
    rows : int
        Responses in the export (header excluded).
    problems : tuple of Problem
        In a fixed order: columns, timestamps, then each question in the spec's order,
        unknown columns, resubmissions.
    questions : tuple of QuestionSummary
        One per question of the spec, in its order.
    resubmissions : int or None
        Rows the spec's ``drop_resubmissions`` step (or one with the default window,
        when the spec has a timestamp and no such step) would drop from the whole
        export; None without a readable timestamp column.

    References
    ----------
    .. [1] ``docs/spec.md``, "Checking an export: optamstats check";
       ``docs/check-schema.json`` (the JSON form).

    Examples
    --------
    >>> from optamstats.check import check_export
    >>> spec = '''
    ... [questions.q]
    ... column = "Q"
    ... options = ["Oui", "Non"]
    ... '''
    >>> report = check_export(b"Q\nOui\noui\n", spec)
    >>> report.ok, report.errors[0].first_line, report.errors[0].examples
    (False, 3, ('oui',))
    """

    source: str
    spec: str
    rows: int
    problems: tuple[Problem, ...]
    questions: tuple[QuestionSummary, ...]
    resubmissions: int | None

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity ``"error"``."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems of severity ``"warning"``."""
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain data (the JSON form, ``docs/check-schema.json``).

        Returns
        -------
        dict
            ``format``, ``source``, ``spec``, ``rows``, ``ok``, ``errors``,
            ``warnings`` (counts), ``problems``, ``questions``, ``resubmissions``.
        """
        return {
            "format": FORMAT,
            "source": self.source,
            "spec": self.spec,
            "rows": self.rows,
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [
                {
                    "kind": p.kind,
                    "severity": p.severity,
                    "message": p.message,
                    "count": p.count,
                    "first_line": p.first_line,
                    "first_row": p.first_row,
                    "question": p.question,
                    "column": p.column,
                    "key": p.key,
                    "examples": list(p.examples),
                    "suggestions": list(p.suggestions),
                }
                for p in self.problems
            ],
            "questions": [
                {
                    "question": q.question,
                    "column": q.column,
                    "type": q.type,
                    "present": q.present,
                    "asked": q.asked,
                    "answered": q.answered,
                    "blank_when_asked": q.blank_when_asked,
                    "answered_when_not_asked": q.answered_when_not_asked,
                    "invalid": q.invalid,
                }
                for q in self.questions
            ],
            "resubmissions": self.resubmissions,
        }

    def render(self, fmt: str = "text") -> str:
        """Render the report as text (problems, then the summary table) or JSON.

        Parameters
        ----------
        fmt : {"text", "json"}, default "text"
            The format.

        Returns
        -------
        str
            Ends with a line break.
        """
        fmt = check_choice("fmt", fmt, ("text", "json"))
        if fmt == "json":
            return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
        return "\n".join(self._text_lines()) + "\n"

    def _text_lines(self) -> Iterator[str]:
        yield f"Export {self.source!r} ({self.rows} responses) against spec {self.spec!r}"
        errors, warnings = len(self.errors), len(self.warnings)
        yield f"{errors} error(s), {warnings} warning(s)"
        for title, group in (("Errors", self.errors), ("Warnings", self.warnings)):
            if group:
                yield ""
                yield f"{title}:"
                for p in group:
                    yield f"  - {p.message}"
        yield ""
        yield "Questions (every row of the export, before the cohort steps):"
        head = ("question", "type", "asked", "answered", "blank when asked",
                "answered when not asked", "invalid")  # fmt: skip
        rows = [head]
        for q in self.questions:

            def cell(value: int | None, present: bool = q.present) -> str:
                return "missing" if not present else "?" if value is None else str(value)

            rows.append(
                (
                    q.question,
                    q.type,
                    cell(q.asked),
                    cell(q.answered),
                    cell(q.blank_when_asked),
                    cell(q.answered_when_not_asked),
                    cell(q.invalid),
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
        for r in rows:
            left = f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}"
            right = "  ".join(f"{v:>{w}}" for v, w in zip(r[2:], widths[2:], strict=True))
            yield f"  {left}  {right}"
        if self.resubmissions is not None:
            yield ""
            yield f"Suspected resubmissions: {self.resubmissions} row(s)."
