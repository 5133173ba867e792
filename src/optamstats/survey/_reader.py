"""Walking a parsed TOML spec: each value checked, each error naming the file and key path."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from optamstats._checks import _show
from optamstats.survey.errors import SpecError, closest
from optamstats.survey.question import LANGS, Label, _find

if TYPE_CHECKING:
    from optamstats.survey.question import Question


_IDENTIFIER: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class _Reader:
    """Walks the parsed TOML, raising SpecError with the file and key path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, message: str) -> SpecError:
        return SpecError(f"spec {self.source!r}, `{key}`: {message}", source=self.source, key=key)

    def table(self, value: object, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(
                key,
                f"must be a table; got {_show(value)}. Write it as `{{ key = value, … }}` or "
                "under a `[header]` line.",
            )
        return value

    def keys(self, table: Mapping[str, Any], key: str, allowed: Sequence[str]) -> None:
        for k in table:
            if k not in allowed:
                near = difflib.get_close_matches(k, list(allowed), n=1)
                hint = f" Did you mean {near[0]!r}?" if near else ""
                raise self.fail(
                    f"{key}.{k}" if key else k,
                    f"unknown key; allowed: {', '.join(allowed)}.{hint}",
                )

    def string(self, value: object, key: str, *, empty: bool = False) -> str:
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.fail(key, f"must be a non-empty string; got {_show(value)}.")
        return value

    def strings(self, value: object, key: str) -> tuple[str, ...]:
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(
                key,
                f"must be a string or a list of strings; got {_show(value)}. Quote each "
                'answer as exported, e.g. "Oui" or ["Oui", "Non"].',
            )
        return tuple(value)

    def tables(
        self, value: object, name: str, noun: str, allowed: Sequence[str]
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """Yield the key path and table of each entry of the array of tables ``[[name]]``."""
        if not isinstance(value, list):
            raise self.fail(name, f"must be an array of tables: write each {noun} as [[{name}]].")
        for i, body in enumerate(value):
            key = f"{name}[{i}]"
            table = self.table(body, key)
            self.keys(table, key, allowed)
            yield key, table

    def label(self, value: object, key: str, lang: str) -> Label:
        if isinstance(value, str):
            return Label(fr=value) if lang == "fr" else Label(en=value)
        if not isinstance(value, dict):
            raise self.fail(
                key,
                f'must be a text or a table; got {_show(value)}. Write it as "…" or as '
                '{ fr = "…", en = "…" }.',
            )
        table = self.table(value, key)
        self.keys(table, key, LANGS)
        if not table:
            raise self.fail(key, "must hold `en` and/or `fr`.")
        return Label(
            en=self.string(table["en"], f"{key}.en") if "en" in table else None,
            fr=self.string(table["fr"], f"{key}.fr") if "fr" in table else None,
        )

    def question(
        self,
        ref: str,
        key: str,
        questions: Sequence[Question],
        noun: str = "question id, role or column",
    ) -> Question:
        """Return the question `ref` names (id, role or column), or fail at `key`."""
        q = _find(questions, ref)
        if q is None:
            near = closest(ref, [x.id for x in questions])
            hint = f" Did you mean {', '.join(map(repr, near))}?" if near else ""
            raise self.fail(key, f"{ref!r} is no {noun} of the spec.{hint}")
        return q


def _not_option(answer: str, q: Question, options: Sequence[str] | None = None) -> str:
    """Say that `answer` is not one of `options` (default: `q`'s), with the closest one."""
    known = list(q.options if options is None else options)
    near = closest(answer, known, n=1)
    hint = f"Did you mean {near[0]!r}?" if near else f"Its options: {', '.join(map(repr, known))}."
    return f"{answer!r} is not one of the options of {q.id!r}. {hint}"


def _question_ref(value: object, key: str, r: _Reader, questions: Sequence[Question]) -> Question:
    """Return the question the string `value` names (id, role or column), or fail at `key`."""
    return r.question(r.string(value, key), key, questions)
