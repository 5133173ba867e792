"""Checking a survey export against its specification (``optamstats check``).

:func:`check_export` reads an export and a spec and lists, without stopping at the
first, every place where they disagree: columns one names and the other lacks, answers
that are none of a question's options, answers given where the skip logic says the
question was not asked, blanks where it was asked, "exclusive" options ticked with
others, numbers that cannot be read or fall outside ``[min, max]``, scale answers
outside the levels, and suspected resubmissions. Each problem carries its count and the
line of its first occurrence as an editor shows it (the header is line 1).

Answers are never printed, except an unknown answer close to an option (a label
variant such as "oui" for "Oui"), the same policy as the reader's own check: a cell
may hold free text.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

import numpy as np

from optamstats._checks import InvalidTypeError, InvalidValueError, _show
from optamstats.survey.check_report import FORMAT, KINDS, CheckReport, Problem, QuestionSummary
from optamstats.survey.coding import Coded, coder
from optamstats.survey.csvtext import _records
from optamstats.survey.errors import UnknownColumnError, closest
from optamstats.survey.loader import load_spec
from optamstats.survey.question import Question
from optamstats.survey.readers import read_responses
from optamstats.survey.spec import SurveySpec
from optamstats.survey.timestamps import TimestampError, parse_timestamps

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORMAT",
    "KINDS",
    "CheckReport",
    "Problem",
    "QuestionSummary",
    "check_export",
    "read_number",
]


BoolArray = np.ndarray[Any, np.dtype[np.bool_]]
# A number as respondents type it: digits, a decimal point or comma, an exponent. Not
# "nan" or "inf", which Python's float() would accept.
_NUMBER: Final = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_SPACES: Final = re.compile(r"[\s\u00a0\u202f]")


# --------------------------------------------------------------------------- reading


def _lines(raw: bytes, delimiter: str, rows: int) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Line (as an editor shows it) where each data record starts; the header is line 1.

    A record holds several lines when a quoted cell holds line breaks. When the file's
    line breaks are exactly one per record, row i is on line i + 2; otherwise the
    records are walked with the csv module. A workbook's lines are its row numbers.
    Line breaks, quotes and the delimiter are
    ASCII bytes in UTF-8 and in cp1252, so the bytes are read as Latin-1 (one character
    per byte) whatever the encoding.
    """
    if raw[:4] == b"PK\x03\x04":  # a workbook (.xlsx): its row numbers, header = row 1
        return np.arange(2, rows + 2, dtype=np.int64)
    breaks = raw.count(b"\n") + raw.count(b"\r") - raw.count(b"\r\n")
    ends_open = bool(raw) and raw[-1:] not in (b"\n", b"\r")
    if breaks + ends_open == rows + 1:
        return np.arange(2, rows + 2, dtype=np.int64)
    starts = [line for line, _ in _records(raw.decode("latin-1"), delimiter)]
    out = np.asarray(starts[1 : rows + 1], dtype=np.int64)
    if out.size < rows:  # pragma: no cover - the reader read as many records
        out = np.concatenate([out, np.arange(out.size + 2, rows + 2, dtype=np.int64)])
    return out


def _read(responses: object) -> tuple[pd.DataFrame, np.ndarray[Any, Any], str]:
    """Read the export as text cells; return it, each row's line and the export's name."""
    import pandas as pd

    if isinstance(responses, pd.DataFrame):
        found = responses.attrs.get("export_format")
        name = str(getattr(found, "source", "<frame>"))
        frame = responses.reset_index(drop=True)
        # A frame has no lines: row i is where it would be in a file without line
        # breaks in its cells.
        return frame, np.arange(2, len(frame) + 2, dtype=np.int64), name
    source: Any = responses
    if isinstance(responses, str | os.PathLike):
        frame = read_responses(responses, timestamp=False)
        raw = Path(os.fsdecode(os.fspath(responses))).read_bytes()
    elif isinstance(responses, bytes | bytearray | memoryview):
        raw = bytes(responses)
        frame = read_responses(raw, timestamp=False)
    else:
        read = getattr(responses, "read", None)
        data = read() if callable(read) else None
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not isinstance(data, bytes | bytearray):
            raise InvalidTypeError(
                "`responses` must be a path, bytes, an open file or a DataFrame; got "
                f"{_show(responses)} ({type(responses).__name__})."
            )
        raw = bytes(data)
        source = io.BytesIO(raw)
        given = getattr(responses, "name", None)
        source.name = given if isinstance(given, str) else "<stream>"
        frame = read_responses(source, timestamp=False)
    fmt = frame.attrs["export_format"]
    return frame, _lines(raw, getattr(fmt, "delimiter", ","), len(frame)), fmt.source


def _export_lines(path: str) -> np.ndarray[Any, Any]:
    """Line of each data row of the export at `path` (for messages about rows)."""
    return _read(path)[1]


# --------------------------------------------------------------------------- checks


class _Checker:
    """Collects the problems of one export, question by question."""

    def __init__(self, frame: pd.DataFrame, lines: np.ndarray[Any, Any], spec: SurveySpec):
        self.frame = frame
        self.lines = lines
        self.spec = spec
        self.code = coder(frame)
        self.columns = [str(c) for c in frame.columns]
        self.problems: list[Problem] = []

    def add(
        self,
        kind: str,
        message: str,
        mask: BoolArray | None = None,
        *,
        q: Question | None = None,
        column: str | None = None,
        key: str = "",
        examples: Sequence[str] = (),
        suggestions: Sequence[str] = (),
        count: int | None = None,
    ) -> None:
        first_row = first_line = None
        if mask is not None:
            rows = np.flatnonzero(mask)
            count = int(rows.size)
            first_row = int(rows[0])
            first_line = int(self.lines[first_row])
            message = message.format(count=count, line=first_line)
        self.problems.append(
            Problem(
                kind=kind,
                severity=KINDS[kind],
                message=message,
                count=1 if count is None else count,
                first_line=first_line,
                first_row=first_row,
                question=q.id if q is not None else None,
                column=column if column is not None else (q.column if q is not None else None),
                key=key,
                examples=tuple(examples),
                suggestions=tuple(suggestions),
            )
        )

    # ------------------------------------------------------------------ columns

    def named_columns(self) -> list[tuple[str, str]]:
        """Every column the spec names, with the key path that names it."""
        out: list[tuple[str, str]] = []
        if self.spec.timestamp is not None:
            out.append((self.spec.timestamp, "survey.timestamp"))
        out.extend((q.column, f"questions.{q.id}.column") for q in self.spec.questions)
        for i, step in enumerate(self.spec.steps):
            out.extend((c, f"cohort[{i}].ignore") for c in step.ignore)
        seen: set[str] = set()
        unique = []
        for column, key in out:
            if column not in seen:
                seen.add(column)
                unique.append((column, key))
        return unique

    def check_columns(self) -> set[str]:
        """Add the missing and unknown columns; return the missing ones."""
        named = self.named_columns()
        present = set(self.columns)
        spec_columns = {c for c, _ in named}
        unknown = [c for c in self.columns if c not in spec_columns]
        missing = set()
        for column, key in named:
            # pandas names a repeated header "Q.1": which copy is the answer is unknown.
            copies = [c for c in self.columns if c == column or c.startswith(f"{column}.")]
            copies = [c for c in copies if c == column or c[len(column) + 1 :].isdigit()]
            copies = [c for c in copies if c not in spec_columns or c == column]
            if column in present and len(copies) > 1:
                places = [self.columns.index(c) + 1 for c in copies]
                self.add(
                    "duplicate_column",
                    f"`{key}` = {column!r}: the export's header (line 1) holds it {len(copies)} "
                    f"times (columns {', '.join(map(str, places))}); which one to read is "
                    "ambiguous: rename or delete the copies in the file.",
                    column=column,
                    key=key,
                )
                unknown = [c for c in unknown if c not in copies]
            if column in present:
                continue
            missing.add(column)
            near = closest(column, unknown or self.columns)
            hint = f"closest headers: {', '.join(map(repr, near))}" if near else "none close"
            self.add(
                "missing_column",
                f"`{key}` = {column!r} is not a column of the export ({hint}); copy the header "
                "exactly as the export writes it (line 1).",
                column=column,
                key=key,
                suggestions=near,
            )
        self._unknown = unknown
        self._missing = sorted(missing, key=[c for c, _ in named].index)
        return missing

    def report_unknown_columns(self) -> None:
        for column in self._unknown:
            near = closest(column, self._missing)
            hint = f"; the spec names {near[0]!r}, which is missing" if near else ""
            self.add(
                "unknown_column",
                f"column {column!r} of the export (line 1) is no question of the spec{hint}.",
                column=column,
                key="questions",
                suggestions=near,
            )

    # ------------------------------------------------------------------ timestamps

    def timestamps(self) -> pd.Series | None:
        """Return the spec's timestamp column parsed, or None (its problems added)."""
        column = self.spec.timestamp
        if column is None or column not in self.columns:
            return None
        values = self.frame[column]
        try:
            parsed, _ = parse_timestamps(
                values,
                column=column,
                dayfirst=self.spec.dayfirst,
                fmt=self.spec.timestamp_format,
                spec_keys=True,
            )
        except TimestampError as exc:
            mask = np.zeros(len(self.frame), dtype=bool)
            mask[exc.row] = True
            self.add("timestamp_unreadable", f"line {{line}}: {exc.detail}", mask,
                     column=column, key="survey.timestamp_format")  # fmt: skip
            return None
        except InvalidValueError as exc:
            self.add("timestamp_unreadable", str(exc), column=column, key="survey.dayfirst")
            return None
        blank = np.asarray(parsed.isna().to_numpy(), dtype=bool)
        steps = [i for i, s in enumerate(self.spec.steps) if s.step == "drop_resubmissions"]
        # Without a resubmission step the times are read by nothing: a blank is harmless.
        if blank.any() and steps:
            self.add(
                "timestamp_blank",
                f"`survey.timestamp` column {column!r} is blank on {{count}} row(s), first at "
                f"line {{line}}: the `cohort[{steps[0]}]` drop_resubmissions step cannot tell a "
                "resubmission without a time; fill those times or remove the rows.",
                blank,
                column=column,
                key="survey.timestamp",
            )
        return parsed

    def resubmissions(self, times: pd.Series | None) -> int | None:
        """Rows the resubmission step would drop from the whole export (None: cannot say)."""
        from optamstats.survey.cohort import Cohort

        column = self.spec.timestamp
        if times is None or column is None:
            return None
        step = next((s for s in self.spec.steps if s.step == "drop_resubmissions"), None)
        within = step.within if step is not None else "10min"
        ignore = [c for c in (step.ignore if step is not None else ()) if c in self.columns]
        dated = ~np.asarray(times.isna().to_numpy(), dtype=bool)
        frame = self.frame.assign(**{column: times})
        frame = frame[dated] if not dated.all() else frame
        # Exactly the cohort's rule (same answers, cell for cell, within the window),
        # applied to every row that has a time.
        kept = Cohort(frame).drop_resubmissions(timestamp=column, within=within, ignore=ignore)
        dropped = np.zeros(len(self.frame), dtype=bool)
        dropped[np.flatnonzero(dated)] = ~kept.kept.to_numpy(dtype=bool)
        count = int(dropped.sum())
        if count:
            where = f"`cohort[{self.spec.steps.index(step)}]`" if step is not None else "a"
            self.add(
                "resubmissions",
                f"{{count}} row(s) repeat an earlier row's answers within {within}, first at "
                f"line {{line}}: {where} drop_resubmissions step "
                + ("removes them." if step is not None else "would remove them (none yet)."),
                dropped,
                column=column,
                key="cohort",
            )
        return count

    # ------------------------------------------------------------------ questions

    def question(self, q: Question) -> QuestionSummary:
        if q.column not in self.columns:
            return QuestionSummary(q.id, q.column, q.type, False, None, None, None, None, None)
        coded = self.code(q.column)
        blank = coded.blank()
        answered = ~blank
        try:
            asked: BoolArray | None = self.spec._asked(self.frame, q, self.code)
        except UnknownColumnError:
            asked = None  # a column of its skip logic is missing (reported above)
        invalid = self.answers(q, coded, answered)
        key = f"questions.{q.id}.asked_if"
        if asked is None:
            return QuestionSummary(
                q.id, q.column, q.type, True, None, None, None, None, int(invalid.sum())
            )
        stray = answered & ~asked
        if stray.any():
            self.add(
                "answered_when_not_asked",
                f"question {q.id!r}: {{count}} row(s) answered although `{key}` says they "
                "were not asked, first at line {line}; check the skip logic (these answers "
                "are left out of the question's base).",
                stray,
                q=q,
                key=key,
            )
        missing = asked & blank
        if missing.any():
            self.add(
                "blank_when_asked",
                f"question {q.id!r}: {{count}} row(s) were asked"
                + (f" (`{key}`)" if q.skip is not None else " (everyone is)")
                + " and left it blank (item non-response), first at line {line}.",
                missing,
                q=q,
                key=key if q.skip is not None else f"questions.{q.id}",
            )
        return QuestionSummary(
            q.id,
            q.column,
            q.type,
            True,
            int(asked.sum()),
            int((asked & answered).sum()),
            int(missing.sum()),
            int(stray.sum()),
            int(invalid.sum()),
        )

    def answers(self, q: Question, coded: Coded, answered: BoolArray) -> BoolArray:
        """Add the problems of `q`'s answers; return the rows whose answer is invalid."""
        none = np.zeros(len(self.frame), dtype=bool)
        if q.type == "text":
            return none
        if q.type == "number":
            return self.numbers(q, coded)
        if q.type == "multi":
            return self.multi(q, coded)
        allowed = q.options or (q.yes + q.no + q.non_substantive)
        if not allowed or (q.other and q.type != "scale"):
            return none
        known = {o.strip() for o in allowed}
        bad = coded.where(lambda a: bool(a.strip()) and a.strip() not in known)
        if not bad.any():
            return bad
        shown = self.variants(coded, bad, allowed)
        listed = f" (e.g. {', '.join(map(repr, shown))})" if shown else ""
        if q.type == "scale":
            levels = f"{q.options[0]!r} to {q.options[-1]!r}"
            self.add(
                "scale_level",
                f"question {q.id!r}: {{count}} answer(s) are not levels of the scale ({levels})"
                f"{listed}, first at line {{line}}; fix `questions.{q.id}.options` (or "
                "`range`) to the export's levels.",
                bad,
                q=q,
                key=f"questions.{q.id}.options",
                examples=shown,
            )
        else:
            name = "options" if q.options else "yes"
            self.add(
                "unknown_option",
                f"question {q.id!r}: {{count}} answer(s) are none of its `{name}`{listed}, "
                f"first at line {{line}}; fix `questions.{q.id}.{name}` to the export's exact "
                "labels"
                + (", or set `other = true` if the form had an 'Other' box." if q.options
                   else " (or list every answer in `yes` or `no`)."),
                bad,
                q=q,
                key=f"questions.{q.id}.{name}",
                examples=shown,
            )  # fmt: skip
        return bad

    def variants(self, coded: Coded, bad: BoolArray, options: Sequence[str]) -> list[str]:
        """Unknown answers close to an option (label variants): the only ones printed."""
        values = coded.uniques[np.unique(coded.codes[bad])]
        close = [v for v in values if isinstance(v, str) and closest(v.strip(), list(options), 1)]
        return sorted({v.strip() for v in close})[:3]

    def multi(self, q: Question, coded: Coded) -> BoolArray:
        exclusive = set(q.exclusive)

        def foreign(answer: str) -> bool:
            if not answer.strip():
                return False
            try:
                q.split(answer)
            except InvalidValueError:
                return True
            return False

        def clash(answer: str) -> bool:
            if not answer.strip() or not exclusive or foreign(answer):
                return False
            items = q.split(answer)
            return len(items) > 1 and any(i in exclusive for i in items)

        bad = coded.where(foreign)
        if bad.any():
            # Only the pieces close to an option are shown: the rest may be free text.
            core = q.separator.strip() or q.separator
            pieces = {
                p.strip()
                for v in coded.uniques[np.unique(coded.codes[bad])]
                if isinstance(v, str)
                for p in v.split(core)
            }
            shown = sorted(
                p for p in pieces if p and p not in q.options and closest(p, list(q.options), 1)
            )[:3]
            listed = f" (e.g. {', '.join(map(repr, shown))})" if shown else ""
            self.add(
                "unknown_option",
                f"question {q.id!r}: {{count}} answer(s) hold text that is none of its "
                f"`options`{listed}, first at line {{line}}; fix `questions.{q.id}.options` to "
                "the export's exact labels, or set `other = true` if the form had an 'Other' "
                "box.",
                bad,
                q=q,
                key=f"questions.{q.id}.options",
                examples=shown,
            )
        clashes = coded.where(clash)
        if clashes.any():
            names = ", ".join(map(repr, q.exclusive))
            self.add(
                "exclusive",
                f"question {q.id!r}: {{count}} answer(s) tick an exclusive option ({names}) "
                "with another, first at line {line}; the form should have prevented it: "
                "correct the rows, or remove the option from "
                f"`questions.{q.id}.exclusive` if it is not exclusive.",
                clashes,
                q=q,
                key=f"questions.{q.id}.exclusive",
            )
        return bad | clashes

    def numbers(self, q: Question, coded: Coded) -> BoolArray:
        values: dict[str, float | None] = {}

        def value(answer: str) -> float | None:
            if answer not in values:
                values[answer] = read_number(answer)
            return values[answer]

        unreadable = coded.where(lambda a: bool(a.strip()) and value(a) is None)
        low = -np.inf if q.minimum is None else q.minimum
        high = np.inf if q.maximum is None else q.maximum

        def outside(answer: str) -> bool:
            number = value(answer) if answer.strip() else None
            return number is not None and not low <= number <= high

        out = coded.where(outside)
        if unreadable.any():
            self.add(
                "number_unreadable",
                f"question {q.id!r}: {{count}} answer(s) are not numbers (digits, with a "
                "decimal point or comma, such as 45,5), first at line {line}; correct the "
                'cells ("45h" → "45").',
                unreadable,
                q=q,
                key=f"questions.{q.id}.type",
            )
        if out.any():
            bounds = []
            if q.minimum is not None:
                bounds.append(f"`min` = {q.minimum:g}")
            if q.maximum is not None:
                bounds.append(f"`max` = {q.maximum:g}")
            self.add(
                "number_range",
                f"question {q.id!r}: {{count}} answer(s) fall outside {' and '.join(bounds)}, "
                f"first at line {{line}}; correct the cells or `questions.{q.id}.min`/`max`.",
                out,
                q=q,
                key=f"questions.{q.id}." + ("min" if q.minimum is not None else "max"),
            )
        return unreadable | out


def read_number(text: str) -> float | None:
    """Read a number as respondents type it; None when it is not one.

    A decimal comma is read as a point (``"12,5"`` is 12.5); spaces (also no-break
    ones, which French typography puts between thousands) are ignored; ``"nan"``,
    ``"inf"`` and text are not numbers.

    Parameters
    ----------
    text : str
        One cell.

    Returns
    -------
    float or None

    Examples
    --------
    >>> from optamstats.check import read_number
    >>> read_number(" 12,5 "), read_number("1 200"), read_number("douze"), read_number("nan")
    (12.5, 1200.0, None, None)
    """
    compact = _SPACES.sub("", text)
    if not _NUMBER.fullmatch(compact):
        return None
    return float(compact.replace(",", "."))


def check_export(
    responses: str | os.PathLike[str] | bytes | IO[bytes] | IO[str] | pd.DataFrame,
    spec: SurveySpec | str | os.PathLike[str],
) -> CheckReport:
    r"""Check an export against its survey specification; list every disagreement.

    Parameters
    ----------
    responses : path, bytes, file object or DataFrame
        The export (CSV), read with :func:`~optamstats.forms.read_responses` as text
        cells; or a DataFrame of text cells (its row i is then reported at line i + 2,
        where it would be in a file without line breaks in its cells).
    spec : SurveySpec, path or TOML text
        The specification (:func:`~optamstats.forms.load_spec`).

    Returns
    -------
    CheckReport
        The problems, each with its count and first line (as an editor shows it: the
        header is line 1, and a record whose quoted cells hold line breaks spans
        several lines), and one summary row per question. Every count is over every
        row of the export, before the spec's cohort steps.

    Raises
    ------
    ResponseFileError
        An export that cannot be read at all (empty, binary, a broken record).
    SpecError
        A spec that is not valid.
    InvalidTypeError
        `responses` or `spec` of the wrong type.

    Notes
    -----
    The checks: columns the spec names and the export lacks (errors, with the closest
    headers) and headers no question names (warnings); answers that are none of a
    question's options, scale answers outside its levels, numbers that cannot be read
    (a decimal comma is read), "exclusive" options ticked with others (errors);
    numbers outside ``[min, max]``, answers where the skip logic says the question was
    not asked, blanks where it was asked (item non-response), and the rows the
    resubmission rule of :meth:`optamstats.Cohort.drop_resubmissions` would drop
    (warnings). Unknown answers are printed only when they are close to an option, as
    :meth:`~optamstats.forms.SurveySpec.validate` does.

    References
    ----------
    .. [1] ``docs/spec.md``, "Checking an export: optamstats check".
    .. [2] AAPOR, "Standard Definitions: Final Dispositions of Case Codes and Outcome
       Rates for Surveys", 10th ed., 2023 (item non-response).

    Examples
    --------
    >>> from optamstats.check import check_export
    >>> spec = '''
    ... [questions.left]
    ... column = "Left?"
    ... options = ["Yes", "No"]
    ... [questions.why]
    ... column = "Why?"
    ... type = "multi"
    ... options = ["Cost", "Time", "None"]
    ... exclusive = ["None"]
    ... asked_if = { left = "Yes" }
    ... '''
    >>> export = b'Left?,Why?\nYes,Cost\nYes,"Cost, None"\nNo,Time\nYes,\n'
    >>> report = check_export(export, spec)
    >>> for p in report.problems:
    ...     print(p.kind, p.count, p.first_line)
    exclusive 1 3
    answered_when_not_asked 1 4
    blank_when_asked 1 5
    >>> report.questions[1]
    QuestionSummary(question='why', column='Why?', type='multi', present=True, asked=3, answered=2, blank_when_asked=1, answered_when_not_asked=1, invalid=1)
    """  # noqa: E501
    if isinstance(spec, SurveySpec):
        survey = spec
    elif isinstance(spec, str | os.PathLike):
        survey = load_spec(spec)
    else:
        raise InvalidTypeError(
            f"`spec` must be a SurveySpec, a path or TOML text; got {_show(spec)} "
            f"({type(spec).__name__})."
        )
    frame, lines, name = _read(responses)
    checker = _Checker(frame, lines, survey)
    checker.check_columns()
    times = checker.timestamps()
    summaries = tuple(checker.question(q) for q in survey.questions)
    checker.report_unknown_columns()
    resubmitted = checker.resubmissions(times)
    return CheckReport(
        source=name,
        spec=survey.source,
        rows=len(frame),
        problems=tuple(checker.problems),
        questions=summaries,
        resubmissions=resubmitted,
    )
