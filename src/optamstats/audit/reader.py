"""The strict reader of the published-figures structure (TOML tables or a dict).

Reads the format of ``docs/published-figures.md`` table by table: unknown keys, missing
keys and wrong types are errors naming the entry (``figures[2] (id 'left').n``). It
returns the arguments of :class:`optamstats.audit.published.PublishedFigures`, which
checks the cross-references.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, Final

from optamstats._checks import InvalidTypeError, InvalidValueError, check_confidence
from optamstats.audit.figures import (
    _KINDS,
    AuditSettings,
    Base,
    ClaimFigure,
    CountFigure,
    Document,
    FunnelFigure,
    FunnelStatement,
    PercentFigure,
    QuestionGroup,
    SubTheme,
    ThemeFigure,
)
from optamstats.audit.values import _check_modes, _check_whole, _show


class _Entry:
    """Reads one TOML table strictly: unknown keys and wrong types are errors."""

    def __init__(self, data: object, where: str, known: Sequence[str]) -> None:
        if not isinstance(data, Mapping):
            raise InvalidTypeError(f"`{where}` must be a table; got {_show(data)}.")
        ident = data.get("id")
        self.where = f"{where} (id {ident!r})" if isinstance(ident, str) else where
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise InvalidValueError(
                f"`{self.where}` has unknown key(s) {', '.join(map(repr, unknown))}; the keys "
                f"are {', '.join(known)}."
            )
        self.data = data

    def has(self, key: str) -> bool:
        return key in self.data

    def _get(self, key: str, required: bool) -> Any:
        """Return the value of `key`, None when absent (an error when `required`)."""
        value = self.data.get(key)
        if value is None and required:
            raise InvalidValueError(f"`{self.where}` needs the key `{key}`.")
        return value

    def quoted(self) -> dict[str, str | None]:
        """Return ``source``, ``sentence`` and ``note``: the fields every quoted item shares."""
        return {key: self.text(key) for key in _QUOTED}

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise InvalidTypeError(
                f"`{self.where}.{key}` must be a non-empty string; got {_show(value)}."
            )
        return value

    def whole(self, key: str, minimum: int, *, required: bool = False) -> int | None:
        value = self._get(key, required)
        if value is None:
            return None
        return _check_whole(value, f"{self.where}.{key}", minimum)

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise InvalidTypeError(
                f"`{self.where}.{key}` must be true or false; got {_show(value)}."
            )
        return value

    def number_text(self, key: str, *, required: bool = False) -> str | None:
        """Return a number kept as written: strings as is, ints and floats via repr."""
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise InvalidTypeError(
                f"`{self.where}.{key}` must be a number or a string such as '59.4'; got "
                f"{_show(value)}."
            )
        return value if isinstance(value, str) else repr(value)

    def ids(self, key: str, *, required: bool = False, minimum: int = 1) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        if (
            not isinstance(items, list)
            or len(items) < minimum
            or not all(isinstance(i, str) for i in items)
        ):
            raise InvalidTypeError(
                f"`{self.where}.{key}` must be an id or a list of at least {minimum} ids; got "
                f"{_show(value)}."
            )
        return tuple(items)


#: Keys of :class:`~optamstats.audit.figures._Quoted`, in its order.
_QUOTED: Final = ("source", "sentence", "note")
_COMMON: Final = ("label", "label_fr", *_QUOTED)


def _value_fields(entry: _Entry) -> tuple[str, int | None]:
    """`value` kept as written; a float must come with `decimals` (trailing zeros)."""
    raw = entry.data.get("value")
    decimals = entry.whole("decimals", 0)
    if isinstance(raw, float) and decimals is None:
        raise InvalidValueError(
            f"`{entry.where}.value` = {raw!r} is a TOML float, which loses trailing zeros: "
            f'write it as a string (value = "{raw}") or add `decimals`.'
        )
    if isinstance(raw, float) and decimals is not None:
        text = f"{raw:.{decimals}f}"
        if Fraction(text) != Fraction(repr(raw)):
            raise InvalidValueError(
                f"`{entry.where}.value` = {raw!r} has more decimals than `decimals`={decimals}."
            )
        return text, None
    value = entry.number_text("value", required=True)
    assert value is not None
    return value, decimals


def _read_tables(data: Mapping[str, Any]) -> dict[str, Any]:
    """Read the tables of the structure: the arguments of ``PublishedFigures``, by name."""
    top = _Entry(
        data,
        "published figures",
        ("title", "format", "settings", "documents", "bases", *_KINDS),
    )
    fmt = top.text("format")
    if fmt is not None and fmt != "optamstats-published-figures/1":
        raise InvalidValueError(
            f"`format` must be 'optamstats-published-figures/1' (or absent); got {fmt!r}."
        )

    def tables(key: str) -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise InvalidTypeError(
                f"`{key}` must be an array of tables ([[{key}]] in TOML); got {_show(value)}."
            )
        return value

    # Read in this order: with several errors, the first one met is the one reported.
    settings = _read_settings(data)
    documents = _read_documents(tables("documents"))
    bases = _read_bases(tables("bases"))
    figures = _read_figures(tables("figures"))
    counts = _read_counts(tables("counts"))
    themes = _read_themes(tables("themes"))
    questions = _read_questions(tables("questions"))
    funnels = _read_funnels(tables("funnels"))
    claims = _read_claims(tables("claims"))
    return {
        "title": top.text("title") or "Published figures",
        "documents": documents,
        "bases": bases,
        "figures": figures,
        "counts": counts,
        "themes": themes,
        "questions": questions,
        "funnels": funnels,
        "claims": claims,
        "settings": settings,
    }


def _read_settings(data: Mapping[str, Any]) -> AuditSettings:
    """Read ``[settings]``; the defaults of :class:`AuditSettings` where absent."""
    settings = AuditSettings()
    if "settings" in data:
        s = _Entry(data["settings"], "settings", ("modes", "confidence", "n_max", "method"))
        modes = _check_modes(s.data["modes"]) if s.has("modes") else settings.modes
        confidence = (
            check_confidence(s.data["confidence"], "settings.confidence")
            if s.has("confidence")
            else settings.confidence
        )
        n_max = s.whole("n_max", 1) or settings.n_max
        method = s.text("method") or settings.method
        settings = AuditSettings(modes, confidence, n_max, method)
    return settings


def _read_documents(rows: list[Any]) -> tuple[Document, ...]:
    """Read ``[[documents]]``."""
    return tuple(
        Document(
            e.text("id", required=True),  # type: ignore[arg-type]
            e.text("title", required=True),  # type: ignore[arg-type]
            e.text("kind"),
            e.text("date"),
            e.text("url"),
            e.text("note"),
        )
        for i, raw in enumerate(rows)
        for e in [_Entry(raw, f"documents[{i}]", ("id", "title", "kind", "date", "url", "note"))]
    )


def _read_bases(rows: list[Any]) -> tuple[Base, ...]:
    """Read ``[[bases]]``."""
    return tuple(
        Base(
            e.text("id", required=True),  # type: ignore[arg-type]
            e.whole("n", 1, required=True),  # type: ignore[arg-type]
            e.text("label", required=True),  # type: ignore[arg-type]
            e.text("label_fr"),
            e.text("within"),
            **e.quoted(),
        )
        for i, raw in enumerate(rows)
        for e in [_Entry(raw, f"bases[{i}]", ("id", "n", "within", *_COMMON))]
    )


def _read_figures(rows: list[Any]) -> tuple[PercentFigure, ...]:
    """Read ``[[figures]]``: the percentages."""
    figures = []
    for i, raw in enumerate(rows):
        e = _Entry(
            raw,
            f"figures[{i}]",
            ("id", "value", "decimals", "tolerance", "n", "base", "count", "count_from", *_COMMON),
        )
        value, decimals = _value_fields(e)
        figures.append(
            PercentFigure(
                e.text("id", required=True),  # type: ignore[arg-type]
                value,
                decimals,
                e.number_text("tolerance"),
                e.whole("n", 1),
                e.text("base"),
                e.whole("count", 0),
                e.ids("count_from"),
                e.text("label"),
                e.text("label_fr"),
                **e.quoted(),
            )
        )
    return tuple(figures)


def _read_counts(rows: list[Any]) -> tuple[CountFigure, ...]:
    """Read ``[[counts]]``."""
    return tuple(
        CountFigure(
            e.text("id", required=True),  # type: ignore[arg-type]
            e.whole("count", 0, required=True),  # type: ignore[arg-type]
            e.whole("n", 1),
            e.text("base"),
            e.text("label"),
            e.text("label_fr"),
            **e.quoted(),
        )
        for i, raw in enumerate(rows)
        for e in [_Entry(raw, f"counts[{i}]", ("id", "count", "n", "base", *_COMMON))]
    )


def _read_themes(rows: list[Any]) -> tuple[ThemeFigure, ...]:
    """Read ``[[themes]]`` and their ``subthemes``."""
    themes = []
    for i, raw in enumerate(rows):
        e = _Entry(
            raw,
            f"themes[{i}]",
            ("id", "count", "subthemes", "every_mention_coded", "n", "base", *_COMMON),
        )
        subs_raw = e.data.get("subthemes")
        if not isinstance(subs_raw, list) or not subs_raw:
            raise InvalidValueError(
                f"`{e.where}.subthemes` must be a non-empty array of tables with `label` and "
                f"`count`; got {_show(subs_raw)}."
            )
        subs = []
        for j, sub_raw in enumerate(subs_raw):
            s = _Entry(sub_raw, f"{e.where}.subthemes[{j}]", ("label", "count"))
            subs.append(
                SubTheme(
                    s.text("label", required=True),  # type: ignore[arg-type]
                    s.whole("count", 0, required=True),  # type: ignore[arg-type]
                )
            )
        themes.append(
            ThemeFigure(
                e.text("id", required=True),  # type: ignore[arg-type]
                e.whole("count", 0, required=True),  # type: ignore[arg-type]
                tuple(subs),
                e.flag("every_mention_coded", True),
                e.whole("n", 1),
                e.text("base"),
                e.text("label"),
                e.text("label_fr"),
                **e.quoted(),
            )
        )
    return tuple(themes)


def _read_questions(rows: list[Any]) -> tuple[QuestionGroup, ...]:
    """Read ``[[questions]]``."""
    return tuple(
        QuestionGroup(
            e.text("id", required=True),  # type: ignore[arg-type]
            e.ids("figures", required=True),
            e.whole("n_max", 1),
            e.flag("exhaustive", False),
            e.text("label"),
            **e.quoted(),
        )
        for i, raw in enumerate(rows)
        for e in [
            _Entry(
                raw,
                f"questions[{i}]",
                ("id", "figures", "n_max", "exhaustive", "label", "source", "sentence", "note"),
            )
        ]
    )


def _read_funnels(rows: list[Any]) -> tuple[FunnelFigure, ...]:
    """Read ``[[funnels]]`` and their ``statements``."""
    funnels = []
    for i, raw in enumerate(rows):
        e = _Entry(raw, f"funnels[{i}]", ("id", "stages", "statements", "label", "note"))
        statements = []
        raw_statements = e.data.get("statements", [])
        if not isinstance(raw_statements, list):
            raise InvalidTypeError(
                f"`{e.where}.statements` must be an array of tables ([[funnels.statements]]); "
                f"got {_show(raw_statements)}."
            )
        for j, st_raw in enumerate(raw_statements):
            s = _Entry(
                st_raw,
                f"{e.where}.statements[{j}]",
                ("id", "target", "relation", "value", "decimals", "source", "sentence", "note"),
            )
            value, decimals = _value_fields(s)
            statements.append(
                FunnelStatement(
                    s.text("id", required=True),  # type: ignore[arg-type]
                    s.text("target", required=True),  # type: ignore[arg-type]
                    s.text("relation", required=True),  # type: ignore[arg-type]
                    value,
                    decimals,
                    **s.quoted(),
                )
            )
        funnels.append(
            FunnelFigure(
                e.text("id", required=True),  # type: ignore[arg-type]
                e.ids("stages", required=True, minimum=2),
                tuple(statements),
                e.text("label"),
                e.text("note"),
            )
        )
    return tuple(funnels)


def _read_claims(rows: list[Any]) -> tuple[ClaimFigure, ...]:
    """Read ``[[claims]]``."""
    claims = []
    for i, raw in enumerate(rows):
        e = _Entry(
            raw,
            f"claims[{i}]",
            (
                "id",
                "relation",
                "threshold",
                "count",
                "count_from",
                "n",
                "base",
                "scope",
                "confidence",
                "method",
                "label",
                "source",
                "sentence",
                "note",
            ),
        )
        claim_level = e.data.get("confidence")
        claims.append(
            ClaimFigure(
                e.text("id", required=True),  # type: ignore[arg-type]
                e.text("relation", required=True),  # type: ignore[arg-type]
                e.number_text("threshold", required=True),  # type: ignore[arg-type]
                e.whole("count", 0),
                e.ids("count_from"),
                e.whole("n", 1),
                e.text("base"),
                e.text("scope") or "population",
                None
                if claim_level is None
                else check_confidence(claim_level, f"{e.where}.confidence"),
                e.text("method"),
                e.text("label"),
                **e.quoted(),
            )
        )
    return tuple(claims)
