"""Successive releases: what two reports of the same survey give away by difference.

A survey that is reported again after more answers came in publishes, cell by cell,
``x`` (this release) beside ``y`` (the previous one): ``x − y`` counts the respondents
who answered in between, the *newcomers*. Printed in both, a cell of 40 and then 41
says that one newcomer is in it: with one newcomer, their answers.

Each report records what it publishes, as the constraints of its LP audit on named
unknowns (:func:`_record`, in its JSON: ``results.disclosure.record``); every one of
them is read off the printed report, so the record tells a reader nothing the report
does not. The next release's audit adds each previous record on unknowns of its own,
the link ``y ≤ x`` for every unknown both releases name (the export only gains
answers), and one protected quantity per cell and complement the rule protects: the
cell's newcomers ``x − y``, which a reader must not be able to place from 1 to t − 1
(:func:`_with_previous`). Previous facts cannot be hidden any more: the secondary
suppression hides cells of this release until every newcomers' count is protected.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np

from optamstats._checks import InvalidTypeError, InvalidValueError, _show
from optamstats.disclosure.lp import _Fact, _Model, _Protect

__all__: list[str] = []

#: Version of the record a report's JSON carries in ``results.disclosure.record``.
RECORD_FORMAT: Final = "optamstats-disclosure-record/1"

# Unknowns whose name does not mean the same respondents from one release to the next:
# free-text answers are numbered by their order in the table, not named.
_UNLINKED: Final = ("free-text-",)


def _number(value: float) -> float | int | None:
    """Return a bound as JSON: whole numbers as ints, infinite as null (JSON has no inf)."""
    if not math.isfinite(value):
        return None
    return int(value) if float(value).is_integer() else float(value)


def _record(model: _Model) -> dict[str, Any]:
    """Return what a report publishes as JSON-ready constraints on named unknowns.

    Each fact is ``[terms, low, high, per]``: ``low ≤ Σ a·x ≤ high`` (a share when
    ``per`` is not empty: ``low ≤ Σ a·x / Σ b·x ≤ high``), terms as ``[index, a]``
    into ``unknowns``; an infinite bound is ``null``.
    """
    # Unknowns by name and facts in a sorted order: the order the report made them in
    # follows its tables, whose hidden rows' order must say nothing (attack 3).
    order = sorted(range(len(model.names)), key=lambda i: (model.names[i], i))
    where = {old: new for new, old in enumerate(order)}

    def terms(ts: Any) -> list[list[float | int | None]]:
        return sorted([where[int(i)], _number(a)] for i, a in ts)

    facts = [[terms(f.terms), _number(f.low), _number(f.high), terms(f.per)] for f in model.facts]
    return {
        "format": RECORD_FORMAT,
        "rule": model.rule,
        "min_cell": model.min_cell,
        "unknowns": [model.names[i] for i in order],
        "facts": sorted(facts, key=lambda f: json.dumps(f)),
    }


@dataclasses.dataclass(frozen=True, slots=True)
class _Release:
    """A previous release as the audit reads it: its unknowns and published facts."""

    source: str
    names: tuple[str, ...]
    facts: tuple[_Fact, ...]


def _damaged(source: str, detail: str) -> InvalidValueError:
    return InvalidValueError(
        f"`previous` {source}: its `results.disclosure.record` is damaged ({detail}). Pass "
        "the JSON file as `optamstats report --format json` wrote it."
    )


def _bound(value: object, default: float, source: str) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _damaged(source, f"a bound is {_show(value)}")
    return float(value)


def _terms(value: object, size: int, source: str) -> tuple[tuple[int, float], ...]:
    if not isinstance(value, list):
        raise _damaged(source, f"terms are {_show(value)}")
    out = []
    for term in value:
        if (
            not isinstance(term, list)
            or len(term) != 2
            or isinstance(term[0], bool)
            or not isinstance(term[0], int)
            or not 0 <= term[0] < size
        ):
            raise _damaged(source, f"a term is {_show(term)}")
        if term[1] is None:
            raise _damaged(source, f"a term is {_show(term)}")
        out.append((term[0], _bound(term[1], math.nan, source)))
    return tuple(out)


def _load(item: object, position: int) -> tuple[str, Any]:
    """Return (how to name it, the parsed JSON) of one previous release."""
    if isinstance(item, Mapping):
        return f"(release {position})", item
    if not isinstance(item, str | os.PathLike):
        raise InvalidTypeError(
            "`previous` must be the path of a previous report's JSON (`optamstats report "
            "--format json`), its parsed content, or a list of them; got "
            f"{_show(item)} ({type(item).__name__})."
        )
    path = Path(item)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InvalidValueError(
            f"`previous` {path}: cannot be read ({reason}). Pass the JSON file of the "
            "previous release (`optamstats report --format json > release.json`)."
        ) from exc
    try:
        return str(path), json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidValueError(
            f"`previous` {path}, line {exc.lineno}, column {exc.colno}: is not a report's "
            f"JSON that can be read ({exc.msg}). Pass the file `optamstats report --format "
            "json` wrote, unedited."
        ) from exc


def _read_previous(previous: object) -> tuple[_Release, ...]:
    """Read `previous` (one release or a sequence of them) into releases, or raise."""
    if previous is None:
        return ()
    items: Sequence[object]
    if isinstance(previous, str | os.PathLike | Mapping):
        items = (previous,)
    elif isinstance(previous, Sequence):
        items = previous
    else:
        raise InvalidTypeError(
            "`previous` must be the path of a previous report's JSON, its parsed content, "
            f"or a list of them; got {_show(previous)} ({type(previous).__name__})."
        )
    releases = []
    for position, item in enumerate(items, 1):
        source, data = _load(item, position)
        if not isinstance(data, Mapping) or data.get("schema") != "optamstats-report/1":
            schema = data.get("schema") if isinstance(data, Mapping) else None
            raise InvalidValueError(
                f"`previous` must be the JSON of a previous `optamstats report --format "
                f"json`; {source} has schema {_show(schema)}, not 'optamstats-report/1'."
            )
        results = data.get("results")
        disclosure = results.get("disclosure") if isinstance(results, Mapping) else None
        record = disclosure.get("record") if isinstance(disclosure, Mapping) else None
        if not isinstance(record, Mapping):
            raise InvalidValueError(
                f"`previous` {source} records no published numbers (no "
                "`results.disclosure.record`): it was made with disclosure control off, "
                "from counts already public, or by an optamstats without `--previous`. Build the "
                "previous release again with this version, from the export it was made "
                "from, and pass that JSON."
            )
        if record.get("format") != RECORD_FORMAT:
            raise _damaged(source, f"format {_show(record.get('format'))}")
        names = record.get("unknowns")
        facts = record.get("facts")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise _damaged(source, "`unknowns` is not a list of names")
        if not isinstance(facts, list):
            raise _damaged(source, "`facts` is not a list")
        read = []
        for fact in facts:
            if not isinstance(fact, list) or len(fact) != 4:
                raise _damaged(source, f"a fact is {_show(fact)}")
            terms = _terms(fact[0], len(names), source)
            if not terms:
                raise _damaged(source, "a fact has no terms")
            low = _bound(fact[1], -math.inf, source)
            high = _bound(fact[2], math.inf, source)
            read.append(_Fact(terms, low, high, _terms(fact[3], len(names), source)))
        releases.append(_Release(source, tuple(names), tuple(read)))
    return tuple(releases)


def _with_previous(model: _Model, releases: Sequence[_Release]) -> _Model:
    """Return `model` with the previous releases' facts and their newcomers to protect.

    Release r's unknowns ``y`` are new unknowns; ``y ≤ x`` for every unknown both name
    (its cell can only gain respondents); its facts cannot be hidden (they are out).
    For every quantity the rule protects when small (``model.exposed``) whose unknowns
    the release names too, its newcomers ``a·x − a·y`` become a protected count of
    kind ``"newcomers"``.
    """
    # True values leave the model here: it is kept with the report.
    exposed = tuple(dataclasses.replace(cell, value=None) for cell in model.exposed)
    if not releases:
        return dataclasses.replace(model, exposed=exposed)
    names = list(model.names)
    facts = list(model.facts)
    protect = list(model.protect)
    seen: dict[str, int] = {}
    for i, name in enumerate(model.names):
        seen[name] = -1 if name in seen else i  # a name given twice links nothing
    for r, release in enumerate(releases, 1):
        offset = len(names)
        names += [f"release -{r}: {name}" for name in release.names]
        for f in release.facts:
            facts.append(_Fact(tuple((offset + i, a) for i, a in f.terms), f.low, f.high,
                               tuple((offset + i, a) for i, a in f.per)))  # fmt: skip
        counts: dict[str, int] = {}
        for name in release.names:
            counts[name] = counts.get(name, 0) + 1
        pair = {
            seen[name]: offset + j
            for j, name in enumerate(release.names)
            if seen.get(name, -1) >= 0 and counts[name] == 1 and not name.startswith(_UNLINKED)
        }
        for x, y in pair.items():
            facts.append(_Fact(((x, 1.0), (y, -1.0)), 0, math.inf))
        exact = _exact_counts(release)
        since = "the previous release" if len(releases) == 1 else f"release -{r}"
        for cell in model.exposed:
            if all(i in pair for i, _ in cell.terms):
                before = [(a, exact.get(pair[i] - offset)) for i, a in cell.terms]
                if cell.value is not None and all(v is not None for _, v in before):
                    # The release printed the count: the newcomers' is known, and only
                    # one from 1 to t − 1 can fail (0 and t or more reach an end).
                    new = cell.value - sum(a * (v or 0.0) for a, v in before)
                    if not 1 <= new < model.min_cell:
                        continue
                terms = (*cell.terms, *((pair[i], -a) for i, a in cell.terms))
                label = f"new since {since}: {cell.label}"
                protect.append(_Protect(terms, 0, model.min_cell, label, "newcomers"))
    _check_consistent(names, facts, releases)
    return dataclasses.replace(model, names=tuple(names), facts=tuple(facts),
                               protect=tuple(protect), previous_releases=len(releases),
                               exposed=exposed)  # fmt: skip


def _exact_counts(release: _Release) -> dict[int, float]:
    """Return the release's unknowns that one of its facts prints exactly (as is)."""
    return {f.terms[0][0]: f.low for f in release.facts if _prints_one_count(f)}


def _prints_one_count(f: _Fact) -> bool:
    """Whether the fact prints one unknown count exactly, as it is."""
    return len(f.terms) == 1 and not f.per and f.low == f.high and f.terms[0][1] == 1.0


def _check_consistent(names: Sequence[str], facts: Sequence[_Fact],
                      releases: Sequence[_Release]) -> None:  # fmt: skip
    """Raise when no table fits both releases: answers were removed or edited between them."""
    from scipy.optimize import linprog

    from optamstats.disclosure.lp import _constraints, _lp_form

    matrix, low, high = _constraints(facts, len(names))
    a_ub, b_ub = _lp_form(matrix, low, high)
    res = linprog(np.zeros(len(names)), A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
    if res.status != 2:  # 2: infeasible
        return
    # Name a cell when one says so by itself: a count printed larger before than now.
    exact: dict[str, float] = {}
    shrunk = []
    for f in facts:
        if _prints_one_count(f):
            name = names[f.terms[0][0]]
            if name.startswith("release -"):
                current = name.split(": ", 1)[1]
                if current in exact and f.low > exact[current]:
                    shrunk.append(f"{current} ({f.low:g} before, {exact[current]:g} now)")
            else:
                exact[name] = f.low
    where = f": {', '.join(shrunk[:5])}" if shrunk else ""
    sources = ", ".join(r.source for r in releases)
    raise InvalidValueError(
        f"`previous` {sources}: no set of answers fits both releases{where}. The audit of "
        "successive releases assumes that the new export only adds answers; answers were "
        "removed or edited in between (or the releases are of different surveys or "
        "cohorts). Audit this release on its own, without `previous`."
    )


def _unprotectable(model: _Model) -> list[str]:
    """Labels of the newcomers' counts that hiding every hideable cell leaves exposed.

    What stays printed then (bases in the text, markers, the previous releases) is out
    of reach of secondary suppression: such a count can only be protected by not
    publishing, so the report is refused before any search.
    """
    from optamstats.disclosure.lp import _audit_model

    if not model.previous_releases:
        return []
    newcomers = tuple(p for p in model.protect if p.kind == "newcomers")
    groups = frozenset(f.group for f in model.facts if f.group and math.isfinite(f.cost))
    audit = _audit_model(dataclasses.replace(model, protect=newcomers), groups)
    return [cell.label for cell in audit.cells if not cell.protected]
