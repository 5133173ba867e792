"""A set of published figures: the input of the audit, checked for cross-references.

:class:`PublishedFigures` holds the documents, bases and figures of
:mod:`optamstats.audit.figures` and checks, when built, that ids are unique, that every
base, source and figure named exists and that nothing loops; :func:`read_published`
reads it from a TOML file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from optamstats._checks import InvalidTypeError, InvalidValueError, check_choice, check_confidence
from optamstats.audit.claims import RELATIONS, SCOPES
from optamstats.audit.figures import (
    _KINDS,
    AuditSettings,
    Base,
    ClaimFigure,
    CountFigure,
    Document,
    FunnelFigure,
    PercentFigure,
    QuestionGroup,
    ThemeFigure,
    _in_order,
)
from optamstats.audit.funnels import _statement_stage
from optamstats.audit.percentages import _N_MAX_LIMIT
from optamstats.audit.reader import _read_tables
from optamstats.audit.values import _as_fraction, _check_modes, _check_whole, _parse_value, _show


@dataclass(frozen=True, slots=True)
class PublishedFigures:
    """Figures as published, with their sources: the input of :func:`audit_published`.

    Build it from the TOML format of ``docs/published-figures.md`` with
    :func:`read_published` or :meth:`from_toml`, or from a dict with :meth:`from_dict`.

    Attributes
    ----------
    title : str
        What the figures are.
    documents, bases : tuple
        The documents quoted and the bases of the figures.
    figures, counts, themes, questions, funnels, claims : tuple
        The published figures by kind.
    settings : AuditSettings
        Defaults of the audit.

    References
    ----------
    .. [1] TOML v1.0.0, https://toml.io/en/v1.0.0 (read with the standard library's
       ``tomllib``).

    Examples
    --------
    >>> from optamstats.audit import PublishedFigures
    >>> figs = PublishedFigures.from_toml('''
    ... title = "Example"
    ... [[figures]]
    ... id = "left"
    ... value = "42"
    ... n = 119
    ... ''')
    >>> figs.figures[0].value, figs.figures[0].n
    ('42', 119)
    """

    title: str = "Published figures"
    documents: tuple[Document, ...] = ()
    bases: tuple[Base, ...] = ()
    figures: tuple[PercentFigure, ...] = ()
    counts: tuple[CountFigure, ...] = ()
    themes: tuple[ThemeFigure, ...] = ()
    questions: tuple[QuestionGroup, ...] = ()
    funnels: tuple[FunnelFigure, ...] = ()
    claims: tuple[ClaimFigure, ...] = ()
    # AuditSettings is frozen: one shared default instance is safe.
    settings: AuditSettings = AuditSettings()  # noqa: RUF009

    def __post_init__(self) -> None:
        _validate(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PublishedFigures:
        """Build from a mapping with the structure of the TOML format.

        Parameters
        ----------
        data : mapping
            As returned by ``tomllib.loads``.

        Returns
        -------
        PublishedFigures

        Raises
        ------
        InvalidValueError
            Unknown or missing keys, bad values, unknown ids; the message names the entry.
        InvalidTypeError
            A key of the wrong type.

        References
        ----------
        .. [1] TOML v1.0.0, https://toml.io/en/v1.0.0

        Examples
        --------
        >>> from optamstats.audit import PublishedFigures
        >>> figs = PublishedFigures.from_dict({"counts": [{"id": "c", "count": 3, "n": 5}]})
        >>> figs.counts[0].count, figs.counts[0].n
        (3, 5)
        """
        return PublishedFigures(**_read_tables(data))

    @classmethod
    def from_toml(cls, text: str) -> PublishedFigures:
        """Parse the TOML format of ``docs/published-figures.md``.

        Parameters
        ----------
        text : str
            The TOML document.

        Returns
        -------
        PublishedFigures

        Raises
        ------
        InvalidValueError
            Invalid TOML (with line and column) or invalid content.
        InvalidTypeError
            `text` not a string.

        References
        ----------
        .. [1] TOML v1.0.0, https://toml.io/en/v1.0.0

        Examples
        --------
        >>> from optamstats.audit import PublishedFigures
        >>> PublishedFigures.from_toml('title = "Empty"').title
        'Empty'
        """
        from optamstats.survey.loader import _parse_toml, _TOMLNestingError

        if not isinstance(text, str):
            raise InvalidTypeError(f"`text` must be a TOML string; got {_show(text)}.")
        try:
            data = _parse_toml(text)
        except (tomllib.TOMLDecodeError, _TOMLNestingError) as exc:
            raise InvalidValueError(f"the published figures are not valid TOML: {exc}.") from exc
        return PublishedFigures(**_read_tables(data))

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as a plain dict of the TOML structure (None values omitted).

        Returns
        -------
        dict
            ``PublishedFigures.from_dict(figs.to_dict()) == figs``.

        References
        ----------
        .. [1] TOML v1.0.0, https://toml.io/en/v1.0.0

        Examples
        --------
        >>> from optamstats.audit import PublishedFigures
        >>> PublishedFigures.from_toml('title = "T"').to_dict()["title"]
        'T'
        """
        out: dict[str, Any] = {"title": self.title, "settings": _plain_dict(self.settings)}
        for name in ("documents", "bases", *_KINDS):
            items = getattr(self, name)
            if items:
                out[name] = [_plain_dict(item) for item in items]
        return out

    def ids(self) -> dict[str, object]:
        r"""Return every figure by id (percentages, counts, themes, questions, funnels, claims).

        Returns
        -------
        dict

        References
        ----------
        .. [1] TOML v1.0.0, https://toml.io/en/v1.0.0

        Examples
        --------
        >>> from optamstats.audit import PublishedFigures
        >>> list(PublishedFigures.from_toml('[[counts]]\nid = "c"\ncount = 1\nn = 2').ids())
        ['c']
        """
        return {item.id: item for name in _KINDS for item in getattr(self, name)}


def _plain_dict(item: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in _in_order(item):  # the constructor's order, as the TOML lists the keys
        value = getattr(item, f.name)
        if value is None or value == ():
            continue
        if isinstance(value, tuple):
            value = [_plain_dict(v) if hasattr(v, "__dataclass_fields__") else v for v in value]
        out[f.name] = value
    return out


def _validate(figs: PublishedFigures) -> None:
    """Cross-reference checks: unique ids, known bases, sources and figures, no cycles."""
    for name in ("documents", "bases", *_KINDS):
        items = getattr(figs, name)
        if not isinstance(items, tuple):
            raise InvalidTypeError(f"`{name}` must be a tuple; got {_show(items)}.")
    from optamstats.proportions import METHOD_ALIASES, METHODS

    _check_modes(figs.settings.modes)
    check_confidence(figs.settings.confidence, "settings.confidence")
    check_choice("settings.method", figs.settings.method, METHODS + tuple(METHOD_ALIASES))
    _check_whole(figs.settings.n_max, "settings.n_max", 1)
    if figs.settings.n_max > _N_MAX_LIMIT:
        raise InvalidValueError(
            f"`settings.n_max` must be at most {_N_MAX_LIMIT:,}; got {figs.settings.n_max!r}."
        )
    doc_ids = _unique([d.id for d in figs.documents], "documents")
    base_by_id = {b.id: b for b in figs.bases}
    _unique([b.id for b in figs.bases], "bases")
    _unique(
        [item.id for name in _KINDS for item in getattr(figs, name)]
        + [s.id for f in figs.funnels for s in f.statements],
        "figures, counts, themes, questions, funnels, statements and claims",
    )
    percent_ids = {f.id for f in figs.figures}
    count_ids = percent_ids | {c.id for c in figs.counts}

    def source_ok(item: Any, where: str) -> None:
        source = getattr(item, "source", None)
        if source is not None and doc_ids and source not in doc_ids:
            raise InvalidValueError(
                f"`{where}.source` names an unknown document {source!r}; declare it under "
                f"[[documents]] (known: {', '.join(sorted(doc_ids))})."
            )

    def base_ok(item: Any, where: str, *, required: bool = False) -> None:
        base, n = item.base, item.n
        if base is not None and base not in base_by_id:
            raise InvalidValueError(
                f"`{where}.base` names an unknown base {base!r}; declare it under [[bases]] "
                "or give `n`."
            )
        if base is not None and n is not None and base_by_id[base].n != n:
            raise InvalidValueError(
                f"`{where}` gives n = {n} and base {base!r} of n = {base_by_id[base].n}; give "
                "one of them."
            )
        if required and base is None and n is None:
            raise InvalidValueError(f"`{where}` needs a base: give `n` or `base`.")

    for b in figs.bases:
        source_ok(b, f"bases (id {b.id!r})")
        if b.within is not None and b.within not in base_by_id:
            raise InvalidValueError(
                f"`bases (id {b.id!r}).within` names an unknown base {b.within!r}."
            )
    for b in figs.bases:  # no cycles in `within`
        chain, current = [b.id], b.within
        while current is not None:
            if current in chain:
                raise InvalidValueError(
                    f"`bases` nest in a cycle: {' within '.join([*chain, current])}."
                )
            chain.append(current)
            current = base_by_id[current].within
    for f in figs.figures:
        where = f"figures (id {f.id!r})"
        source_ok(f, where)
        base_ok(f, where)
        _parse_value(f.value, f.decimals, f.tolerance, f"{where}.value")
        if f.count is not None and f.count_from:
            raise InvalidValueError(f"`{where}` gives both `count` and `count_from`; keep one.")
        for ref in f.count_from:
            if ref not in count_ids or ref == f.id:
                raise InvalidValueError(
                    f"`{where}.count_from` names {ref!r}, which is not another percentage or "
                    "count figure."
                )
    for c in figs.counts:
        where = f"counts (id {c.id!r})"
        source_ok(c, where)
        base_ok(c, where, required=True)
    for t in figs.themes:
        where = f"themes (id {t.id!r})"
        source_ok(t, where)
        base_ok(t, where)
        if not t.subthemes:
            raise InvalidValueError(f"`{where}.subthemes` must list at least one sub-theme.")
    by_id = {f.id: f for f in figs.figures}
    for q in figs.questions:
        where = f"questions (id {q.id!r})"
        source_ok(q, where)
        for ref in q.figures:
            if ref not in by_id:
                raise InvalidValueError(
                    f"`{where}.figures` names {ref!r}, which is not a percentage figure."
                )
            if not _parse_value(
                by_id[ref].value, by_id[ref].decimals, by_id[ref].tolerance
            ).rounded:
                raise InvalidValueError(
                    f"`{where}.figures` includes {ref!r}, an approximate figure: only rounded "
                    "percentages can be searched for their base."
                )
    for fu in figs.funnels:
        where = f"funnels (id {fu.id!r})"
        for ref in fu.stages:
            if ref not in by_id:
                raise InvalidValueError(
                    f"`{where}.stages` names {ref!r}, which is not a percentage figure."
                )
        for st in fu.statements:
            s_where = f"{where}.statements (id {st.id!r})"
            source_ok(st, s_where)
            check_choice(f"{s_where}.relation", st.relation, ("greater", "less", "equal"))
            _statement_stage(st.target, len(fu.stages), s_where)
            _parse_value(st.value, st.decimals, None, f"{s_where}.value")
    for cl in figs.claims:
        where = f"claims (id {cl.id!r})"
        source_ok(cl, where)
        base_ok(cl, where, required=True)
        check_choice(f"{where}.relation", cl.relation, RELATIONS)
        check_choice(f"{where}.scope", cl.scope, SCOPES)
        if cl.method is not None:
            check_choice(f"{where}.method", cl.method, METHODS + tuple(METHOD_ALIASES))
        threshold = _as_fraction(cl.threshold, f"{where}.threshold")
        if not 0 < threshold < 100:
            raise InvalidValueError(
                f"`{where}.threshold` must be a percentage strictly between 0 and 100; got "
                f"{cl.threshold!r}."
            )
        if (cl.count is None) == (not cl.count_from):
            raise InvalidValueError(f"`{where}` needs exactly one of `count` and `count_from`.")
        for ref in cl.count_from:
            if ref not in count_ids:
                raise InvalidValueError(
                    f"`{where}.count_from` names {ref!r}, which is not a percentage or count "
                    "figure."
                )
    # count_from must not loop
    refs = {f.id: f.count_from for f in figs.figures}

    def visit(ident: str, path: tuple[str, ...]) -> None:
        for ref in refs.get(ident, ()):
            if ref in path:
                raise InvalidValueError(
                    f"`count_from` loops: {' -> '.join([*path, ref])}; break the cycle."
                )
            visit(ref, (*path, ref))

    for ident in refs:
        visit(ident, (ident,))


def _unique(ids: Iterable[str], what: str) -> set[str]:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise InvalidValueError(f"the id {ident!r} is used twice among the {what}.")
        seen.add(ident)
    return seen


def read_published(path: str | os.PathLike[str]) -> PublishedFigures:
    r"""Read published figures from a TOML file (format: ``docs/published-figures.md``).

    Parameters
    ----------
    path : str or path-like
        The TOML file, UTF-8.

    Returns
    -------
    PublishedFigures

    Raises
    ------
    InvalidValueError
        A missing or unreadable file, invalid TOML, invalid content (the message names the
        entry and key).
    InvalidTypeError
        A key of the wrong type, or a `path` that is not a path.

    References
    ----------
    .. [1] TOML v1.0.0, https://toml.io/en/v1.0.0

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from optamstats.audit import read_published
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "figures.toml")
    ...     _ = path.write_text('[[figures]]\nid = "left"\nvalue = "42"\nn = 119\n')
    ...     read_published(path).figures[0].n
    119
    """
    if not isinstance(path, str | os.PathLike):
        raise InvalidTypeError(f"`path` must be a file path; got {_show(path)}.")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except ValueError as exc:  # a NUL in the name (UnicodeDecodeError is handled below)
        if isinstance(exc, UnicodeDecodeError):
            raise InvalidValueError(
                f"`path` {os.fspath(path)!r} is not UTF-8 text; save it as UTF-8."
            ) from exc
        raise InvalidValueError(
            f"`path` {os.fspath(path)!r} cannot be read ({exc}); check the file name."
        ) from exc
    except OSError as exc:
        raise InvalidValueError(
            f"`path` {os.fspath(path)!r} cannot be read ({exc.strerror or exc}); check the "
            "file name."
        ) from exc
    except UnicodeDecodeError as exc:
        raise InvalidValueError(
            f"`path` {os.fspath(path)!r} is not UTF-8 text; save it as UTF-8."
        ) from exc
    try:
        return PublishedFigures.from_toml(text)
    except InvalidValueError as exc:
        from optamstats.survey.loader import _TOMLNestingError

        if not isinstance(exc.__cause__, tomllib.TOMLDecodeError | _TOMLNestingError):
            raise
        # Name the file the user passed (`text` is internal to this call).
        message = str(exc).rstrip(".")
        raise InvalidValueError(f"{message} in `path` {os.fspath(path)!r}.") from exc.__cause__
