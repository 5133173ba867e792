"""Loading a survey specification: :func:`load_spec` (TOML, ``docs/spec.md``)."""

from __future__ import annotations

import dataclasses
import os
import tomllib
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from optamstats._checks import InvalidTypeError, InvalidValueError, OptamstatsError, _show
from optamstats.survey._files import _open_path
from optamstats.survey._reader import _Reader
from optamstats.survey.declarations import DECLARED_TABLES
from optamstats.survey.declarations_loader import read_declarations
from optamstats.survey.errors import SpecError, _given, _MissingSpecError, _python_only
from optamstats.survey.question import _YES_NO_ROLES, LANGS, STEP_KINDS, Condition, _rule_questions
from optamstats.survey.question_loader import _conditions, _question, _skip_rule
from optamstats.survey.spec import CohortStep, SurveySpec
from optamstats.survey.timestamps import _check_within

if TYPE_CHECKING:
    from optamstats.survey.question import Question


def load_spec(source: str | os.PathLike[str]) -> SurveySpec:
    r"""Load a survey specification from a TOML file or text.

    Parameters
    ----------
    source : str or path
        A path to a ``.toml`` file, or the TOML text itself (a string holding a line
        break is read as text). The format is documented in ``docs/spec.md``.

    Returns
    -------
    SurveySpec
        Frozen; check it against an export with :meth:`SurveySpec.validate` (done by
        ``read_responses(..., spec=spec)``).

    Raises
    ------
    SpecError
        Invalid TOML (with its line), an unknown key (with the closest allowed one), a
        value of the wrong type, a reference to no question, skip logic that loops, or
        options that contradict each other. The message names the file and the key.
    FileNotFoundError
        `source` is a path that does not exist (raised as a :class:`SpecError` that is
        also a ``FileNotFoundError``; a folder or an unreadable path is a ``SpecError``).

    References
    ----------
    .. [1] TOML v1.0.0, https://toml.io/en/v1.0.0 (read with Python's ``tomllib``).

    Examples
    --------
    >>> from optamstats.forms import load_spec
    >>> spec = load_spec('''
    ... [survey]
    ... lang = "fr"
    ... timestamp = "Horodateur"
    ...
    ... [questions.member]
    ... column = "Êtes-vous adhérent ?"
    ... role = "member"
    ... options = ["Oui", "Non"]
    ... yes = "Oui"
    ... no = "Non"
    ...
    ... [questions.left]
    ... column = "Etes-vous sorti ?"
    ... role = "left"
    ... options = ["Oui", "Non"]
    ... yes = "Oui"
    ... no = "Non"
    ... asked_if = { member = "Oui" }
    ... base = { fr = "adhérents", en = "members" }
    ... ''')
    >>> spec.question("left").asked_if
    (Condition(question='member', values=('Oui',)),)
    >>> spec.base_label("left", "en")
    'members'
    """
    if isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source):
        path = Path(source)
        name = os.fspath(path)
        handle = _open_path(path, lambda message: SpecError(message, source=name),
                            _MissingSpecError)  # fmt: skip
        try:
            with handle:
                text = handle.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SpecError(
                f"spec {name!r} is not UTF-8 text ({exc.reason} at byte {exc.start}); "
                f"save {_python_only('`source`') or 'it'} as UTF-8.",
                source=name,
            ) from None
        except OSError as exc:  # a folder on some systems, an I/O error
            raise SpecError(
                f"{_given(name, 'spec')} cannot be read ({exc}).", source=name
            ) from None
    elif isinstance(source, str):
        name, text = "<text>", source
    else:
        raise InvalidTypeError(
            f"`source` must be a path or TOML text; got {_show(source)} ({type(source).__name__})."
        )
    # Labels in NFC, as exports are read (a spec saved on macOS may hold NFD accents).
    text = unicodedata.normalize("NFC", text)
    try:
        document = _parse_toml(text)
    except (tomllib.TOMLDecodeError, _TOMLNestingError) as exc:
        raise SpecError(
            f"spec {name!r} is not valid TOML: {exc}; fix "
            f"{_python_only('`source`') or 'the file'} there.",
            source=name,
        ) from None
    return _build_spec(document, _Reader(name))


def _deepest_nesting(text: str) -> tuple[int, int]:
    """Return the deepest nesting of ``[`` and ``{`` in TOML `text`, and its 1-based line.

    Only used to explain a RecursionError of ``tomllib`` (which recurses once per level):
    brackets inside strings and comments are skipped, the rest is not validated.
    """
    depth = deepest = 0
    line = where = 1
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch in "\"'":
            quote = text[i : i + 3] if text.startswith(ch * 3, i) else ch
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                if text[i] == "\n":
                    line += 1
                i += 2 if text[i] == "\\" and ch == '"' else 1
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, line
        elif ch in "]}":
            depth -= 1
        i += 1
    return deepest, where


def _parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads``, with a RecursionError turned into a ``TOMLDecodeError``.

    ``tomllib`` recurses once per nested array or inline table, so a file nesting a few
    hundred of them (no survey spec does) exhausts Python's stack.
    """
    try:
        return tomllib.loads(text)
    except RecursionError:
        depth, line = _deepest_nesting(text)
        raise _TOMLNestingError(depth, line) from None


class _TOMLNestingError(OptamstatsError):
    """TOML nested more deeply than ``tomllib`` can read (``depth`` levels, at ``line``)."""

    def __init__(self, depth: int, line: int) -> None:
        super().__init__(
            f"arrays or inline tables nested {depth} levels deep, more than Python's TOML "
            f"reader can follow; a survey file needs a few levels at most (at line {line})"
        )
        self.depth, self.line = depth, line


def _build_spec(document: dict[str, Any], r: _Reader) -> SurveySpec:
    r.keys(document, "", ("survey", "questions", "cohort", *DECLARED_TABLES))
    survey = r.table(document.get("survey", {}), "survey")
    r.keys(
        survey,
        "survey",
        ("title", "lang", "timestamp", "dayfirst", "timestamp_format", "population", "note"),
    )
    lang = survey.get("lang", "en")
    if lang not in LANGS:
        raise r.fail("survey.lang", f"must be one of {', '.join(map(repr, LANGS))}; got {lang!r}.")
    title = r.label(survey["title"], "survey.title", lang) if "title" in survey else None
    population = (
        r.label(survey["population"], "survey.population", lang) if "population" in survey else None
    )
    timestamp = r.string(survey["timestamp"], "survey.timestamp") if "timestamp" in survey else None
    dayfirst = survey.get("dayfirst")
    if dayfirst is not None and not isinstance(dayfirst, bool):
        raise r.fail("survey.dayfirst", f"must be true or false; got {_show(dayfirst)}.")
    fmt = survey.get("timestamp_format")
    if fmt is not None and (not isinstance(fmt, str) or "%" not in fmt):
        raise r.fail(
            "survey.timestamp_format",
            f'must be strftime codes such as "%d/%m/%Y %H:%M:%S"; got {_show(fmt)}.',
        )
    note = r.label(survey["note"], "survey.note", lang) if "note" in survey else None
    raw_questions = r.table(document.get("questions", {}), "questions")
    if not raw_questions:
        raise r.fail("questions", "the spec must describe at least one question.")
    drafts = [_question(qid, body, r, lang) for qid, body in raw_questions.items()]
    questions = _link(drafts, r, timestamp)
    spec = SurveySpec(
        questions=questions,
        title=title,
        lang=lang,
        timestamp=timestamp,
        dayfirst=dayfirst,
        timestamp_format=fmt,
        population=population,
        source=r.source,
    )
    allowed = ("step", "reason", "where", "questions", "within", "ignore")
    raw_steps = r.tables(document.get("cohort", []), "cohort", "step", allowed)
    steps = tuple(_step(key, table, r, spec) for key, table in raw_steps)
    declared = read_declarations(document, r, lang, questions)
    return dataclasses.replace(spec, steps=steps, note=note, **declared)


def _link(
    drafts: list[tuple[Question, dict[str, Any]]], r: _Reader, timestamp: str | None
) -> tuple[Question, ...]:
    plain = [q for q, _ in drafts]
    for role in _YES_NO_ROLES:  # the funnel takes one question per role, or none
        holders = [q.id for q in plain if q.role == role]
        if len(holders) > 1:
            raise r.fail(
                f"questions.{holders[1]}.role",
                f"{role!r} is already the role of {holders[0]!r}; the exit funnel (and its "
                "claim and scenarios) reads one question per role: keep `role = "
                f"{role!r}` on one question and remove it from {holders[1]!r} (or give it "
                "another identifier).",
            )
    seen: dict[str, str] = {}
    for q in plain:
        if q.column in seen:
            raise r.fail(
                f"questions.{q.id}.column",
                f"{q.column!r} is already the column of {seen[q.column]!r}; each question "
                "needs its own column (pandas names a repeated header 'Header.1').",
            )
        if q.column == timestamp:
            raise r.fail(f"questions.{q.id}.column", "is the survey's timestamp column.")
        seen[q.column] = q.id
    linked = []
    for q, table in drafts:
        skip = _skip_rule(table, f"questions.{q.id}.asked_if", r, plain)
        if q.id in _rule_questions(skip):
            raise r.fail(f"questions.{q.id}.asked_if", "a question cannot depend on itself.")
        plain_table = skip is not None and all(isinstance(c, Condition) for c in skip.rules)
        conds = cast(tuple[Condition, ...], skip.rules) if skip is not None and plain_table else ()
        linked.append(dataclasses.replace(q, asked_if=conds, skip=skip))
    parents = {q.id: list(q.depends_on) for q in linked}
    for start in parents:  # skip logic must not loop
        path, stack = [start], [iter(parents[start])]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                path.pop()
                continue
            if nxt in path:
                loop = " -> ".join([*path[path.index(nxt) :], nxt])
                raise r.fail(f"questions.{start}.asked_if", f"skip logic loops: {loop}.")
            path.append(nxt)
            stack.append(iter(parents[nxt]))
    return tuple(linked)


def _step(key: str, table: dict[str, Any], r: _Reader, spec: SurveySpec) -> CohortStep:
    kind = table.get("step")
    if kind not in STEP_KINDS:
        raise r.fail(
            f"{key}.step", f"must be one of {', '.join(map(repr, STEP_KINDS))}; got {_show(kind)}."
        )
    kind = cast(str, kind)
    reason = r.label(table["reason"], f"{key}.reason", spec.lang) if "reason" in table else None
    allowed = {
        "include": {"where"},
        "exclude": {"where"},
        "require": {"questions"},
        "drop_resubmissions": {"within", "ignore"},
    }[kind]
    for extra in ("where", "questions", "within", "ignore"):
        if extra in table and extra not in allowed:
            raise r.fail(f"{key}.{extra}", f"does not apply to a {kind!r} step.")
    where: tuple[Condition, ...] = ()
    questions: tuple[str, ...] = ()
    within = "10min"
    ignore: tuple[str, ...] = ()
    if kind in ("include", "exclude"):
        if "where" not in table:
            raise r.fail(key, f"an {kind!r} step needs `where = {{ question = answer(s) }}`.")
        where_table = r.table(table["where"], f"{key}.where")
        if not where_table:
            raise r.fail(f"{key}.where", "needs at least one condition.")
        where = _conditions(where_table, f"{key}.where", r, spec.questions)
    elif kind == "require":
        if "questions" not in table:
            raise r.fail(key, "a 'require' step needs `questions = [<question ids>]`.")
        refs = r.strings(table["questions"], f"{key}.questions")
        if not refs:
            raise r.fail(f"{key}.questions", "needs at least one question.")
        resolved = []
        for ref in refs:
            resolved.append(r.question(ref, f"{key}.questions", spec.questions, "question").id)
        questions = tuple(resolved)
    else:
        within = r.string(table.get("within", "10min"), f"{key}.within")
        try:
            _check_within(within, "`within`")
        except InvalidValueError as exc:
            raise r.fail(f"{key}.within", str(exc).removeprefix("`within` ")) from None
        ignore = r.strings(table.get("ignore", []), f"{key}.ignore")
        if spec.timestamp is None:
            raise r.fail(key, "a drop_resubmissions step needs `[survey] timestamp = <column>`.")
    return CohortStep(
        step=kind, reason=reason, where=where, questions=questions, within=within, ignore=ignore
    )
