"""Drafting a survey specification from an export: ``optamstats init``.

:func:`draft_spec` reads an export (Google Forms CSV, a French Excel re-save, a
Microsoft Forms workbook) with :func:`optamstats.forms.read_responses` and writes the
TOML of a specification that :func:`optamstats.forms.load_spec` accepts as it is: the
timestamp column, and for each other column a question with a key, a short label, a
type guessed from the answers (yes/no, single choice, multi-select, scale, number, free
text), its options in order of first appearance, and skip logic guessed from the
blank answers when it fits the data exactly. Every guess is written for a person to
check; nothing about any one survey is written in code.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Final

from optamstats._checks import InvalidTypeError, InvalidValueError, _show
from optamstats.survey.draft_words import (
    _FRENCH_TIMESTAMPS,
    _MICROSOFT_META,
    _NO,
    _NON_SUBSTANTIVE,
    _STOP,
    _YES,
)
from optamstats.survey.question_loader import _COMBINERS

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["draft_spec"]

_MAX_ID: Final = 30
_MAX_LABEL: Final = 40
_INTEGER: Final = re.compile(r"^[+-]?\d+$")
_NUMBER: Final = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u00a0", " ")
    return " ".join(text.casefold().split())


# --------------------------------------------------------------------------- keys, labels


def slug_ids(headers: Sequence[str]) -> list[str]:
    """Return one key per header: ASCII, lower case, ``_``, unique identifiers of ≤ 30 chars.

    Parameters
    ----------
    headers : sequence of str
        Column headers (question texts), in order.

    Returns
    -------
    list of str
        Keys in the same order, each matching ``[a-z_][a-z0-9_]*``, none of them
        ``any``, ``all`` or ``not`` (words of ``asked_if``). Accents are dropped, and
        words that say nothing ("quel", "vous", "the") are left out.

    References
    ----------
    .. [1] ``docs/spec.md``, "Drafting a spec: optamstats init".

    Examples
    --------
    >>> slug_ids(["Quel âge avez-vous ?", "Êtes-vous déjà sorti(e) ?", "Quel âge avez-vous ?"])
    ['age', 'deja_sorti', 'age_2']
    """
    out: list[str] = []
    taken: set[str] = set()
    for i, header in enumerate(headers):
        words = re.findall(r"[a-z0-9]+", _ascii(header).lower())
        kept = [w for w in words if w not in _STOP and (len(w) > 1 or w.isdigit())] or words
        key = ""
        for w in kept:
            nxt = f"{key}_{w}" if key else w
            if len(nxt) > _MAX_ID or (key and len(key.split("_")) >= 4):
                break
            key = nxt
        key = key[:_MAX_ID] if key else ""
        if not key:
            key = f"q{i + 1}"
        if key[0].isdigit():
            key = f"q_{key}"[:_MAX_ID]
        if key in _COMBINERS:  # words of `asked_if`, which cannot be question ids
            key = f"{key}_q"
        base, n = key, 1
        while key in taken:
            n += 1
            tail = f"_{n}"
            key = base[: _MAX_ID - len(tail)].rstrip("_") + tail
        taken.add(key)
        out.append(key)
    return out


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return (
        "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    )


def short_label(header: str) -> str:
    """Return a short label for a question: its header, cut at a word to 40 characters.

    Parameters
    ----------
    header : str
        The column header (the question text).

    Returns
    -------
    str
        The header without its final "?" or ":", cut after a word and followed by "…"
        when longer than 40 characters.

    References
    ----------
    .. [1] ``docs/spec.md``, "Drafting a spec: optamstats init".

    Examples
    --------
    >>> short_label("Quel est votre mode d'exercice ?")
    "Quel est votre mode d'exercice"
    >>> short_label("Si non, comptez-vous en sortir dans les 12 prochains mois ?")
    'Si non, comptez-vous en sortir dans les…'
    """
    text = " ".join(header.split()).rstrip(" ?:.").strip()
    if not text:
        return header.strip() or header
    if len(text) <= _MAX_LABEL:
        return text
    cut = text[:_MAX_LABEL]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:(") + "…"


# --------------------------------------------------------------------------- multi-select


def _atoms(cell: str, separator: str) -> list[str]:
    core = separator.strip() or separator
    parts = [p.strip() for p in cell.strip().split(core)]
    while parts and not parts[-1]:  # Microsoft Forms' trailing ";"
        parts.pop()
    return parts


def _segment(atoms: list[str], labels: dict[tuple[str, ...], str]) -> list[str] | None:
    """Cut `atoms` into labels (tuples of atoms), longest first; None if it cannot be."""
    longest = max((len(k) for k in labels), default=0)
    best: list[list[str] | None] = [None] * (len(atoms) + 1)
    best[len(atoms)] = []
    for start in range(len(atoms) - 1, -1, -1):
        for size in range(min(longest, len(atoms) - start), 0, -1):
            label = labels.get(tuple(atoms[start : start + size]))
            rest = best[start + size]
            if label is not None and rest is not None:
                best[start] = [label, *rest]
                break
    return best[0]


def resolve_multi(cells: Sequence[str], separator: str) -> tuple[list[str], bool]:
    """Return a multi-select question's options (first appearance order) and its "Other" flag.

    A cell joins the ticked labels with `separator`, and a label may itself hold the
    separator ("Tarifs trop bas, non revalorisés"). Cells are cut into pieces at the
    separator; a whole cell that cannot be cut into labels already seen is a label
    (cells taken with fewer pieces first); pieces left over that always follow one
    another are one label. Labels ticked at least twice are options; a label ticked
    once is taken for an "Other" text (then the flag is True).

    Parameters
    ----------
    cells : sequence of str
        The non-blank answers.
    separator : str
        ``", "`` (Google Forms) or ``";"`` (Microsoft Forms).

    Returns
    -------
    (list of str, bool)
        The options and whether there is an "Other" box.

    References
    ----------
    .. [1] Google Forms Help, "View & manage form responses" (a checkbox question's
       answers are joined with ", " in the response sheet).

    Examples
    --------
    >>> cells = ["Cost, mostly", "Time", "Cost, mostly, Time", "Time, Moving abroad"]
    >>> resolve_multi(cells, ", ")
    (['Cost, mostly', 'Time'], True)
    """
    core = separator.strip() or separator
    joiner = f"{core} " if core == "," else core
    split = [_atoms(c, separator) for c in cells]
    split = [a for a in split if a]
    labels: dict[tuple[str, ...], str] = {}
    for whole in sorted({tuple(a) for a in split}, key=lambda a: (len(a), a)):
        # A cell of several pieces is one label (its text holds the separator) only when
        # no part of it is a label already: "Charge administrative, <Other text>" is a
        # label ticked with an "Other" text, not a new option, even if twice so.
        parts = {whole[i:j] for i in range(len(whole)) for j in range(i + 1, len(whole) + 1)}
        if len(whole) == 1 or not any(p in labels for p in parts - {whole}):
            labels[whole] = joiner.join(whole)
    # Cells the labels do not cut exactly: the longest label at each place, and pieces
    # no label explains kept together (an option never ticked alone, or "Other" text).
    tokens: list[list[str]] = []
    for atoms in split:
        cut = _segment(atoms, labels)
        tokens.append(cut if cut is not None else _greedy(atoms, labels, joiner))
    counts = Counter(t for row in tokens for t in row)
    options = list(dict.fromkeys(t for row in tokens for t in row if counts[t] >= 2))
    other = any(counts[t] == 1 for t in counts)
    return options, other


def _greedy(atoms: list[str], labels: dict[tuple[str, ...], str], joiner: str) -> list[str]:
    """Cut `atoms` by the longest known label at each place; unknown runs stay whole."""
    longest = max((len(k) for k in labels), default=1)
    out: list[str] = []
    run: list[str] = []
    i = 0
    while i < len(atoms):
        size = next(
            (n for n in range(min(longest, len(atoms) - i), 0, -1)
             if tuple(atoms[i : i + n]) in labels),
            0,
        )  # fmt: skip
        if size:
            if run:
                out.append(joiner.join(run))
                run = []
            out.append(labels[tuple(atoms[i : i + size])])
            i += size
        else:
            run.append(atoms[i])
            i += 1
    if run:
        out.append(joiner.join(run))
    return out


# --------------------------------------------------------------------------- guessing


@dataclass
class _Guess:
    """One question as drafted (internal)."""

    id: str
    column: str
    label: str
    type: str
    options: list[str] = field(default_factory=list)
    other: bool = False
    separator: str | None = None
    yes: str | None = None
    no: str | None = None
    non_substantive: list[str] = field(default_factory=list)
    range: tuple[int, int] | None = None
    asked_if: str | None = None
    notes: list[str] = field(default_factory=list)


def _guess_type(
    qid: str, column: str, values: list[str], separator: str, microsoft: bool
) -> _Guess:
    guess = _Guess(qid, column, short_label(column), "single")
    present = [v.strip() for v in values if v.strip()]
    if not present:
        guess.type = "text"
        guess.notes.append("no answer in the export: type unknown, read as free text")
        return guess
    distinct = list(dict.fromkeys(present))
    folded = {_fold(v) for v in distinct}
    ns = [v for v in distinct if _fold(v) in _NON_SUBSTANTIVE]
    substantive = folded - {_fold(v) for v in ns}
    spellings = [v for v in distinct if v not in ns]
    if (
        substantive
        and substantive <= _YES | _NO
        and len(spellings) == len(substantive)  # not "Oui" and "oui": both are options
        and len(substantive) <= 2
    ):
        guess.type = "yesno"
        yes = next((v for v in distinct if _fold(v) in _YES), None)
        no = next((v for v in distinct if _fold(v) in _NO), None)
        french = any(_fold(v) in ("oui", "non") for v in distinct)
        guess.yes = yes or ("Oui" if french else "Yes")
        guess.no = no or ("Non" if french else "No")
        guess.options = [guess.yes, guess.no, *ns]
        guess.non_substantive = ns
        return guess
    if spellings and all(_INTEGER.match(v) for v in spellings):
        numbers = sorted({int(v) for v in spellings})
        low, high = numbers[0], numbers[-1]
        canonical = all(str(int(v)) == v for v in spellings)  # "01" would not match "1"
        if low in (0, 1) and 2 <= high - low <= 10 and canonical:
            guess.type = "scale"
            if ns:  # levels, then the answers that take no position
                guess.options = [*map(str, range(low, high + 1)), *ns]
                guess.non_substantive = ns
            else:
                guess.range = (low, high)
            return guess
    if all(_NUMBER.match(v) for v in distinct) and len(distinct) > 10:
        guess.type = "number"
        return guess
    multi = _guess_multi(present, separator, microsoft)
    if multi is not None:
        guess.type = "multi"
        guess.options, guess.other = multi
        guess.separator = separator
        return guess
    mean_length = sum(map(len, present)) / len(present)
    once = sum(1 for v in Counter(present).values() if v == 1)
    if (
        (len(distinct) > 20 and len(distinct) > 0.5 * len(present))
        or (len(distinct) == len(present) and mean_length > 30)
        # Sentences rather than options: long answers, many given by one person only, or
        # one longer than any form's option. Read as text, never printed as options.
        or (mean_length > 25 and once > len(distinct) / 3 and len(distinct) > 3)
        or max(map(len, distinct)) >= 120
    ):
        guess.type = "text"
        return guess
    if len(distinct) > 60:
        guess.type = "text"
        guess.notes.append(f"{len(distinct)} different answers: read as free text")
        return guess
    guess.options = distinct
    guess.non_substantive = ns if len(ns) < len(distinct) else []
    return guess


def _guess_multi(
    present: list[str], separator: str, microsoft: bool
) -> tuple[list[str], bool] | None:
    """Options and "Other" flag when the cells look like multi-select answers, else None."""
    core = separator.strip() or separator
    ends = sum(v.endswith(";") for v in present)
    if microsoft and separator == ";" and ends < 0.9 * len(present):
        return None
    joined = [v for v in present if len(_atoms(v, separator)) > 1]
    if len(joined) < max(2, 0.05 * len(present)):
        return None
    options, other = resolve_multi(present, separator)
    if not 2 <= len(options) <= 40:
        return None
    from optamstats.survey.question import Question

    q = Question("q", "q", type="multi", options=tuple(options), other=other,
                 separator=separator)  # fmt: skip
    known = set(options)
    cells_with_two = 0
    for cell, n in Counter(present).items():
        try:
            items = q.split(cell)
        except InvalidValueError:
            return None
        if sum(1 for i in items if i in known) > 1:
            cells_with_two += n
    # Free text with commas: few cells tick two known options.
    if cells_with_two < max(2, 0.05 * len(present)) or core not in "".join(present):
        return None
    return options, other


def _separator(values: Any, microsoft: bool) -> str:
    """``";"`` for Microsoft Forms (or cells ending with ";"), else Google's ``", "``."""
    present = [v for v in values if v]
    if microsoft or (present and sum(v.endswith(";") for v in present) >= 0.9 * len(present)):
        return ";"
    return ", "


def _skip(
    child: str, blank: np.ndarray[Any, Any], parents: list[tuple[str, list[str], Any]]
) -> tuple[str | None, str | None]:
    """Guess `asked_if` from the blanks: (TOML, None) if exact, else (None, a comment)."""
    import numpy as np

    asked = ~blank
    if asked.all() or not asked.any():
        return None, None

    def inside(values: Any, options: list[str]) -> list[str]:
        return [o for o in options if (values == o).any() and asked[values == o].all()]

    def rule(qid: str, chosen: list[str]) -> str:
        from optamstats.survey._reader import _IDENTIFIER

        assert _IDENTIFIER.match(qid)
        if len(chosen) == 1:
            return f"{{ {qid} = {_toml(chosen[0])} }}"
        return f"{{ {qid} = [{', '.join(_toml(c) for c in chosen)}] }}"

    fits: list[tuple[str, Any, list[str]]] = []
    best: tuple[float, str] | None = None
    for qid, options, values in reversed(parents):  # the nearest question first
        chosen = inside(values, options)
        if chosen and len(chosen) < len(options):
            mask = np.isin(values, chosen)
            if (mask == asked).all():
                return rule(qid, chosen), None
            fits.append((qid, mask, chosen))
        for o in options:  # near misses, for a comment
            agree = float(((values == o) == asked).mean())
            if agree >= 0.95 and (best is None or agree > best[0]):
                best = (agree, rule(qid, [o]))
    for i, (q1, m1, c1) in enumerate(fits):
        for q2, m2, c2 in fits[i + 1 :]:
            if ((m1 | m2) == asked).all():
                first, second = (q2, c2), (q1, c1)  # the form's order
                return f"{{ any = [{rule(*first)}, {rule(*second)}] }}", None
    if best is not None:
        share = f"{best[0]:.1%}"
        return None, (
            f"blank answers almost follow asked_if = {best[1]} ({share} of rows agree): "
            "not written; add it if the form had that skip logic"
        )
    return None, None


# --------------------------------------------------------------------------- TOML


def _toml(text: str) -> str:
    """Return `text` as a TOML basic string."""
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _toml_list(values: Sequence[str], indent: str = "") -> str:
    one = "[" + ", ".join(_toml(v) for v in values) + "]"
    if len(one) <= 80:
        return one
    inner = "".join(f"{indent}    {_toml(v)},\n" for v in values)
    return f"[\n{inner}{indent}]"


def _comment(text: str) -> str:
    return "".join(f"# {line}\n" for line in text.splitlines() or [""])


# --------------------------------------------------------------------------- the draft


def draft_spec(
    source: str | os.PathLike[str] | bytes | IO[bytes] | pd.DataFrame,
    *,
    lang: str | None = None,
) -> str:
    r"""Draft a survey specification (TOML) from an export, ready for :func:`load_spec`.

    Parameters
    ----------
    source : path, bytes, file object or DataFrame
        The export (CSV, or a workbook such as Microsoft Forms' ``.xlsx``), read with
        :func:`optamstats.forms.read_responses`, or a DataFrame it returned.
    lang : {"fr", "en"}, optional
        The language of the labels; detected when not given: French when the
        timestamp header is French (``Horodateur``, ``Heure de fin``) or the yes/no
        answers are ``Oui``/``Non``, else English.

    Returns
    -------
    str
        The TOML text. :func:`optamstats.forms.load_spec` reads it as it is, and
        ``read_responses(export, spec=...)`` reads the export with it. Every guess is
        for a person to check: the types, options, labels, and the skip logic, which
        is written only when it fits the blank answers exactly (with a comment saying
        it is a guess).

    Raises
    ------
    ResponseFileError
        The export cannot be read (see :func:`optamstats.forms.read_responses`).
    InvalidValueError
        An export with no question column, or `lang` not ``"fr"``/``"en"``.
    InvalidTypeError
        `source` of the wrong type.

    Notes
    -----
    Types are guessed in this order: yes/no (answers ``Oui``/``Non`` or ``Yes``/``No``,
    and a "Ne sait pas" put in ``non_substantive``); scale (whole numbers from 0 or 1
    up to at most 10 above); number (decimal point or comma, more than ten different
    values); multi-select (cells cut at ``", "`` or, for Microsoft Forms, ``";"``, and
    matched against the labels seen, so that a label holding ``", "`` comes out whole
    [1]_); free text (most answers different); else single choice, options in order
    of first appearance. A column blank exactly when another question's answer is not
    among some of its options gets ``asked_if``, with ``any`` when it takes two.

    References
    ----------
    .. [1] Google Forms Help, "View & manage form responses" (a checkbox question's
       answers are joined with ", " in the response sheet).
    .. [2] XLSForm, "relevant" column (skip logic of a questionnaire model),
       https://xlsform.org/en/#relevant

    Examples
    --------
    >>> import io
    >>> from optamstats.draft import draft_spec
    >>> from optamstats.forms import load_spec
    >>> csv = "Horodateur,Avez-vous quitté ?,Pourquoi ?\n" + "".join(
    ...     f"0{d}/03/2026 09:00:00,{a},{b}\n"
    ...     for d, (a, b) in enumerate([("Oui", "Coût"), ("Non", ""), ("Oui", '"Coût, Temps"'),
    ...                                 ("Oui", "Temps"), ("Oui", '"Coût, Temps"')], start=1)
    ... )
    >>> spec = load_spec(draft_spec(io.BytesIO(csv.encode())))
    >>> [(q.id, q.type, q.options) for q in spec.questions]
    [('quitte', 'yesno', ('Oui', 'Non')), ('pourquoi', 'multi', ('Coût', 'Temps'))]
    >>> spec["pourquoi"].skip
    AllOf(rules=(Condition(question='quitte', values=('Oui',)),))
    """
    import numpy as np
    import pandas as pd

    from optamstats.survey.errors import ResponseFileError
    from optamstats.survey.readers import read_responses

    ambiguous = False
    if lang is not None and lang not in ("fr", "en"):
        raise InvalidValueError(
            f"`lang` must be 'fr' or 'en' (or None to detect); got {_show(lang)}."
        )
    if isinstance(source, pd.DataFrame):
        frame = source
    elif isinstance(source, str | os.PathLike | bytes | bytearray) or hasattr(source, "read"):
        data = source.read() if hasattr(source, "read") else source  # read twice below
        if isinstance(data, str) and hasattr(source, "read"):  # a text stream
            data = data.encode("utf-8")
        try:
            frame = read_responses(data)
        except InvalidValueError as exc:
            if "`dayfirst`" not in str(exc) or isinstance(exc, ResponseFileError):
                raise
            # Too few dates to tell 07/11 from 11/07: month first, as Google Forms (US)
            # writes it, said in the draft beside `timestamp_format`.
            frame = read_responses(data, dayfirst=False)
            ambiguous = True
    else:
        raise InvalidTypeError(
            f"`source` must be a path, bytes, a file or a DataFrame; got {_show(source)}."
        )
    fmt = frame.attrs.get("export_format")
    name = fmt.source if fmt is not None else "<DataFrame>"
    kind = fmt.kind if fmt is not None else "generic"
    timestamp = fmt.timestamp if fmt is not None else None
    columns = [str(c) for c in frame.columns]
    microsoft = kind == "microsoft-forms"
    meta = [c for c in columns if microsoft and c in _MICROSOFT_META and c != timestamp]
    # A header written twice is read as "Q", "Q.1": a spec cannot name "Q" (which one?),
    # so the copies are left out, and the draft says so.
    copies = {
        c: [d for d in columns if d == c or re.fullmatch(re.escape(c) + r"\.\d+", d)]
        for c in columns
    }
    repeated = {c: found for c, found in copies.items() if len(found) > 1}
    left_out = [d for found in repeated.values() for d in found]
    questions = [c for c in columns if c != timestamp and c not in meta and c not in left_out]
    if not questions:
        raise InvalidValueError(
            f"`source` {name!r} has no question column (headers: "
            f"{', '.join(map(repr, columns))}): nothing to draft. Is it a survey export?"
        )
    if len(frame) == 0:
        raise InvalidValueError(
            f"`source` {name!r} has a header but no response: the types and options of the "
            "questions are guessed from the answers. Export the responses again once some "
            "have come in."
        )
    texts = {c: frame[c].to_numpy(dtype=object, na_value="") for c in questions}
    texts = {c: np.array([str(v).strip() for v in a], dtype=object) for c, a in texts.items()}
    ids = slug_ids(questions)
    guesses = [
        _guess_type(qid, c, list(texts[c]), _separator(texts[c], microsoft), microsoft)
        for qid, c in zip(ids, questions, strict=True)
    ]
    if lang is None:
        yes_french = any(g.type == "yesno" and g.yes == "Oui" for g in guesses)
        lang = "fr" if timestamp in _FRENCH_TIMESTAMPS or yes_french else "en"
    parents: list[tuple[str, list[str], Any]] = []
    for g in guesses:
        values = texts[g.column]
        rule, note = _skip(g.id, values == "", parents)
        g.asked_if = rule
        if note:
            g.notes.append(note)
        if g.type in ("single", "yesno") and 2 <= len(g.options) <= 15:
            parents.append((g.id, g.options, values))
    notes = [
        f"left out: {c!r} is {len(found)} columns of the header (read as "
        f"{', '.join(map(repr, found))}); give each copy its own header in the export"
        for c, found in repeated.items()
    ]
    return _write(guesses, frame, name, kind, fmt, timestamp, meta, lang, ambiguous, notes)


def _write(
    guesses: list[_Guess],
    frame: pd.DataFrame,
    name: str,
    kind: str,
    fmt: Any,
    timestamp: str | None,
    meta: list[str],
    lang: str,
    ambiguous: bool = False,
    notes: Sequence[str] = (),
) -> str:
    what = {"google-forms": "a Google Forms export", "microsoft-forms": "a Microsoft Forms export"}
    origin = what.get(kind, "a survey export")
    if fmt is not None and fmt.sheet is not None:
        detail = f"workbook, sheet {fmt.sheet!r}"
    elif fmt is not None:
        detail = f"{fmt.encoding}, delimiter {fmt.delimiter!r}"
    else:
        detail = "a DataFrame"
    lines = [
        _comment(
            f"Survey specification drafted by `optamstats init` from {os.path.basename(name)!r}\n"
            f"({origin}, {len(frame)} responses, {detail}). Every line is a guess from\n"
            "the answers: check the types, options, labels and skip logic, then run\n"
            "`optamstats report --responses EXPORT --spec THIS_FILE` (format: docs/spec.md)."
        ),
        *(_comment(note) for note in notes),
        "\n[survey]\n",
        f"# title = {_toml('…')}\n",
        f"lang = {_toml(lang)}\n",
    ]
    if timestamp is not None:
        lines.append(f"timestamp = {_toml(timestamp)}\n")
        if fmt is not None and fmt.timestamp_format:
            # Not the exact layout: the same answers re-saved by a French Excel drop the
            # seconds, and a spec pinned to them would refuse its own export. Day first
            # or not is what a layout decides; the reader finds the rest.
            dayfirst = fmt.timestamp_format.startswith("%d")
            if ambiguous:
                lines.append("# the dates read day first and month first: month first assumed\n")
            lines.append(f"dayfirst = {'true' if dayfirst else 'false'}\n")
    lines.append(f"# population = {_toml('…')}  # who answered, for the base labels\n")
    lines.append("\n")
    if timestamp is not None:
        times = frame[timestamp].dropna()
        if len(times):
            start, end = times.min().date().isoformat(), times.max().date().isoformat()
            lines.append(
                _comment(
                    "How the survey was run, printed in the report's methods footer:\n"
                    "[fieldwork]\n"
                    f'start = "{start}"  # first answer\n'
                    f'end = "{end}"  # last answer\n'
                    'invitation = "…"  # how respondents were invited\n'
                    'caveat = "…"  # e.g. self-selected respondents: not a random sample'
                )
            )
            lines.append("\n")
    for g in guesses:
        lines.append(_question_toml(g))
    lines.append(
        _comment(
            'Cohort steps (docs/spec.md, "[[cohort]] steps"), applied in order; examples:\n'
            "[[cohort]]\n"
            'step = "require"\n'
            f"questions = [{_toml(guesses[0].id)}]\n"
            'reason = "…"'
        )
    )
    if timestamp is not None:
        ignore = f"\nignore = {_toml_list(meta)}" if meta else ""
        lines.append("#\n")
        lines.append(_comment(f'[[cohort]]\nstep = "drop_resubmissions"\nwithin = "10min"{ignore}'))
    return "".join(lines)


def _question_toml(g: _Guess) -> str:
    out = []
    for note in g.notes:
        out.append(_comment(f"{g.id}: {note}"))
    out.append(f"[questions.{g.id}]\n")
    out.append(f"column = {_toml(g.column)}\n")
    out.append(f"label = {_toml(g.label)}\n")
    out.append(f"type = {_toml(g.type)}\n")
    if g.type == "scale" and g.range is not None:
        out.append(f"range = [{g.range[0]}, {g.range[1]}]\n")
    if g.options:
        out.append(f"options = {_toml_list(g.options)}\n")
    if g.type == "multi":
        out.append(f"separator = {_toml(g.separator or ', ')}\n")
        out.append(f"other = {'true' if g.other else 'false'}")
        out.append("  # answers typed in an 'Other' box\n" if g.other else "\n")
    if g.type == "single" and g.other:
        out.append("other = true\n")
    if g.yes is not None and g.no is not None:
        out.append(f"yes = {_toml(g.yes)}\nno = {_toml(g.no)}\n")
    if g.non_substantive:
        out.append(f"non_substantive = {_toml_list(g.non_substantive)}\n")
    if g.asked_if is not None:
        out.append(f"asked_if = {g.asked_if}  # guessed from blank answers: check\n")
    out.append("\n")
    return "".join(out)
