"""Compare two waves of a survey, question by question.

A union runs the same survey again ("42 % had left in November; how many now?"). The two
waves are independent samples of respondents: each matched proportion's change comes
with Newcombe's hybrid score interval [1]_, a score test, and a multiplicity adjustment
across the proportions compared (Holm [2]_ by default; the method in [3]_).

Each wave is read as its report prints it (the JSON of ``optamstats report --format
json``, or a report built here with disclosure control on): a count its report hides
stays hidden, so a comparison never prints a count neither report printed.

References
----------
.. [1] R. G. Newcombe, "Interval estimation for the difference between independent
   proportions: comparison of eleven methods", Stat. Med. 17:873–890, 1998.
.. [2] S. Holm, "A simple sequentially rejective multiple test procedure", Scand. J.
   Statist. 6:65–70, 1979.
.. [3] ``docs/methods/waves.md``.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from optamstats._checks import InvalidTypeError, InvalidValueError, _show, check_confidence

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from optamstats.report._model import Report

__all__ = ["WaveComparison", "compare_waves"]

#: Multiplicity adjustments across the proportions compared.
ADJUSTMENTS: Final = ("holm", "bh", "none")
#: Columns of :attr:`WaveComparison.table`, in order.
COLUMNS: Final = (
    "question",
    "title",
    "option",
    "k1",
    "n1",
    "p1",
    "k2",
    "n2",
    "p2",
    "difference",
    "low",
    "high",
    "p_value",
    "p_adjusted",
    "note",
)
_SCHEMA: Final = "optamstats-report/1"
_TYPES: Final = ("single", "yesno", "multi", "scale")

_TEXT: Final = {
    "title": {"en": "Comparison of two waves", "fr": "Comparaison de deux vagues"},
    "section": {"en": "Changes between the waves", "fr": "Évolutions entre les vagues"},
    "question": {"en": "Question", "fr": "Question"},
    "option": {"en": "Answer", "fr": "Réponse"},
    "n1": {"en": "n before", "fr": "n avant"},
    "p1": {"en": "% before", "fr": "% avant"},
    "n2": {"en": "n after", "fr": "n après"},
    "p2": {"en": "% after", "fr": "% après"},
    "difference": {"en": "Change (points)", "fr": "Évolution (points)"},
    "low": {"en": "low", "fr": "bas"},
    "high": {"en": "high", "fr": "haut"},
    "p_adjusted": {"en": "p (adjusted)", "fr": "p (ajustée)"},
    "note": {"en": "Note", "fr": "Remarque"},
    "before": {"en": "before", "fr": "avant"},
    "after": {"en": "after", "fr": "après"},
    "hidden1": {
        "en": "hidden in the earlier wave's report (small count)",
        "fr": "masqué dans le rapport de la vague précédente (petit effectif)",
    },
    "hidden2": {
        "en": "hidden in the later wave's report (small count)",
        "fr": "masqué dans le rapport de la vague suivante (petit effectif)",
    },
    "base": {"en": "base changed: {a} → {b}", "fr": "base modifiée : {a} → {b}"},
    "wording": {"en": "wording changed: {a} → {b}", "fr": "libellé modifié : {a} → {b}"},
    "renamed": {"en": "key {a} in the earlier wave", "fr": "clé {a} dans la vague précédente"},
    "method": {
        "en": "Each wave is an independent sample of respondents. The change is the later "
        "wave's share minus the earlier one's, in percentage points, with Newcombe's hybrid "
        "score interval at {c} (method 10 of Newcombe 1998) and a score test (Pearson's "
        "chi-square without continuity correction); p-values are adjusted across the {m} "
        "proportions compared ({adj}). Each wave's counts are those its own report prints: "
        "a count hidden there by disclosure control stays hidden here, and its row is not "
        "compared. Self-selected samples: a change may reflect who answered as much as a "
        "change among members.",
        "fr": "Chaque vague est un échantillon indépendant de répondants. L'évolution est la "
        "part de la vague suivante moins celle de la précédente, en points, avec "
        "l'intervalle hybride du score de Newcombe à {c} (méthode 10 de Newcombe 1998) et "
        "un test du score (khi-deux de Pearson sans correction de continuité) ; les p sont "
        "ajustées sur les {m} proportions comparées ({adj}). Les effectifs de chaque vague "
        "sont ceux que son propre rapport publie : un effectif masqué par le contrôle de "
        "divulgation y reste masqué ici, et sa ligne n'est pas comparée. Échantillons "
        "auto-sélectionnés : une évolution peut refléter qui a répondu autant qu'un "
        "changement parmi les adhérents.",
    },
    "unmatched": {
        "en": "Not compared (in one wave only): {keys}.",
        "fr": "Non comparées (dans une seule vague) : {keys}.",
    },
    "adj_holm": {"en": "Holm", "fr": "Holm"},
    "adj_bh": {"en": "Benjamini–Hochberg", "fr": "Benjamini–Hochberg"},
    "adj_none": {"en": "no adjustment", "fr": "sans ajustement"},
    "xlabel": {"en": "Share (%)", "fr": "Part (%)"},
}


def _t(key: str, lang: str, **kwargs: Any) -> str:
    return _TEXT[key][lang].format(**kwargs)


@dataclass(frozen=True, slots=True)
class _Row:
    option: str
    k: int | None
    n: int | None


@dataclass(frozen=True, slots=True)
class _Question:
    title: str
    base: str
    rows: tuple[_Row, ...]


@dataclass(frozen=True, slots=True)
class _Wave:
    title: str
    lang: str
    questions: dict[str, _Question]


@dataclass(frozen=True, slots=True)
class WaveComparison:
    """Two waves of a survey compared, proportion by proportion.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per matched proportion, columns ``question`` (the later wave's key),
        ``title``, ``option``, ``k1``, ``n1``, ``p1`` (earlier wave), ``k2``, ``n2``,
        ``p2`` (later wave), ``difference`` (``p2 − p1``), ``low``, ``high`` (Newcombe's
        interval), ``p_value`` (score test), ``p_adjusted`` and ``note`` (base or
        wording changed, key renamed, or hidden by a wave's disclosure control: then
        the counts of that wave and every statistic are missing, ``<NA>``; counts are
        ``Int64`` and statistics ``Float64``, pandas' nullable types).
    confidence : float
        Level of the intervals.
    adjust : str
        ``"holm"``, ``"bh"`` or ``"none"``.
    lang : str
        Language of the titles and notes.
    before, after : str
        Titles of the two waves' reports.
    unmatched : tuple of str
        Question keys found in one wave only, prefixed ``"before:"`` or ``"after:"``.

    References
    ----------
    .. [1] R. G. Newcombe, Stat. Med. 17:873–890, 1998.

    Examples
    --------
    >>> from optamstats.waves import compare_waves
    >>> before = {"schema": "optamstats-report/1", "title": "2025", "lang": "en",
    ...           "results": {"questions": {"left": {"key": "left", "type": "yesno",
    ...           "title": "Left", "base": "members", "table": [
    ...           {"option": "Yes", "k": 50, "n": 119}, {"option": "No", "k": 69, "n": 119}]}}}}
    >>> after = {**before, "title": "2026", "results": {"questions": {"left": {
    ...          **before["results"]["questions"]["left"], "table": [
    ...          {"option": "Yes", "k": 70, "n": 130}, {"option": "No", "k": 60, "n": 130}]}}}}
    >>> row = compare_waves(before, after).table.iloc[0]
    >>> [round(float(row[c]), 4) for c in ("difference", "low", "high", "p_value")]
    [0.1183, -0.0058, 0.2372, 0.062]
    """

    table: pd.DataFrame
    confidence: float
    adjust: str
    lang: str
    before: str
    after: str
    unmatched: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Return the comparison as plain JSON values (missing numbers are ``None``).

        Returns
        -------
        dict
            ``{"schema": "optamstats-waves/1", "before", "after", "lang", "confidence",
            "adjust", "unmatched", "rows"}``; each row has the table's columns, and
            ``estimate``/``low``/``high`` of the difference as fractions.
        """
        rows = []
        for record in self.table.to_dict(orient="records"):
            rows.append({k: _plain(v) for k, v in record.items()})
        return {
            "schema": "optamstats-waves/1",
            "before": self.before,
            "after": self.after,
            "lang": self.lang,
            "confidence": self.confidence,
            "adjust": self.adjust,
            "unmatched": list(self.unmatched),
            "rows": rows,
        }

    def figure(self) -> Figure:
        """Draw the compared proportions as a dumbbell chart (earlier → later wave).

        Returns
        -------
        matplotlib.figure.Figure
        """
        figure: Figure = self._drawing()()
        return figure

    def _drawing(self) -> Any:
        """Return the dumbbell's arguments, drawn as SVG in HTML, or matplotlib's figure."""
        from optamstats.report._svg_figures import drawing

        shown = self.table[self.table["difference"].notna()]
        labels = [f"{t}: {o}" for t, o in zip(shown["title"], shown["option"], strict=True)]
        return drawing(
            "dumbbell",
            labels,
            [float(v) for v in shown["p1"]],
            [float(v) for v in shown["p2"]],
            title=_t("section", self.lang),
            names=(self.before, self.after),
            xlabel=_t("xlabel", self.lang),
            lang=self.lang,
        )

    def report(self) -> Report:
        """Return the comparison as a report, for :func:`optamstats.report.render`.

        Returns
        -------
        optamstats.report.Report
        """
        from optamstats.report._model import Column, Report, Section, Table

        lang = self.lang
        columns = (
            Column("question", _t("question", lang)),
            Column("option", _t("option", lang)),
            Column("n1", _t("n1", lang), "count"),
            Column("p1", _t("p1", lang), "percent"),
            Column("n2", _t("n2", lang), "count"),
            Column("p2", _t("p2", lang), "percent"),
            Column("difference", _t("difference", lang), "percent"),
            Column("low", _t("low", lang), "percent"),
            Column("high", _t("high", lang), "percent"),
            Column("p_adjusted", _t("p_adjusted", lang), "p"),
            Column("note", _t("note", lang)),
        )
        rows = []
        for r in self.table.itertuples(index=False):
            rows.append(
                (
                    r.title,
                    r.option,
                    _plain(r.n1),
                    _plain(r.p1),
                    _plain(r.n2),
                    _plain(r.p2),
                    _plain(r.difference),
                    _plain(r.low),
                    _plain(r.high),
                    _plain(r.p_adjusted),
                    r.note,
                )
            )
        compared = int(self.table["p_value"].notna().sum())
        paragraphs = [
            _t(
                "method",
                lang,
                c=_level(self.confidence, lang),
                m=compared,
                adj=_t(f"adj_{self.adjust}", lang),
            )
        ]
        if self.unmatched:
            paragraphs.append(_t("unmatched", lang, keys=", ".join(self.unmatched)))
        table = Table("waves", f"{self.before} → {self.after}", columns, tuple(rows))
        figures = {"waves": self._drawing()} if compared else {}
        section = Section(
            "waves",
            _t("section", lang),
            tuple(paragraphs),
            (table,),
            ("waves",) if compared else (),
        )
        return Report(_t("title", lang), lang, (section,), figures=figures)

    def render(self, fmt: str = "text") -> str:
        """Render the comparison as text, Markdown, HTML (with its figure) or JSON.

        Parameters
        ----------
        fmt : {"text", "markdown", "html", "json"}

        Returns
        -------
        str
        """
        from optamstats._checks import check_choice
        from optamstats.report.render import FORMATS, render

        fmt = check_choice("fmt", fmt, FORMATS)
        if fmt == "json":
            return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
        return render(self.report(), fmt)


def _level(confidence: float, lang: str) -> str:
    from optamstats import _format

    space = _format.NBSP if lang == "fr" else " "
    return f"{_format.percent_number(confidence, 0, lang)}{space}%"


def _plain(value: Any) -> Any:
    """Return `value` for JSON: numpy scalars as Python numbers, NaN and pandas NA as None."""
    if value is None:
        return None
    try:
        import pandas as pd

        if value is pd.NA:
            return None
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return value
    number = float(value)
    if math.isnan(number):
        return None
    if isinstance(value, int) or (hasattr(value, "dtype") and value.dtype.kind in "iu"):
        return int(value)
    return number


# --------------------------------------------------------------------------- inputs


def _load_json(path: str | os.PathLike[str], name: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as exc:
        raise InvalidValueError(
            f"`{name}` {os.fspath(path)!r} is not JSON (line {exc.lineno}: {exc.msg}); give "
            "a report written by `optamstats report --format json`, or an export with its spec."
        ) from exc
    if not isinstance(data, dict):
        raise InvalidValueError(
            f"`{name}` {os.fspath(path)!r} is JSON but not a report (an object); write it "
            "with `optamstats report --format json`."
        )
    return data


def _from_report(data: Mapping[str, Any], name: str) -> _Wave:
    """Read a report's questions as it printed them (hidden counts stay hidden)."""
    if data.get("schema") != _SCHEMA:
        raise InvalidValueError(
            f"`{name}` is not an optamstats report: its `schema` is {_show(data.get('schema'))}, "
            f"not {_SCHEMA!r}. Write it with `optamstats report --format json`."
        )
    results = data.get("results")
    questions = results.get("questions", {}) if isinstance(results, Mapping) else None
    if not isinstance(questions, Mapping):
        raise InvalidValueError(f"`{name}`: `results.questions` must be an object of questions.")
    lang = data.get("lang", "en")
    out: dict[str, _Question] = {}
    for key, entry in questions.items():
        if not isinstance(entry, Mapping) or entry.get("type") not in _TYPES:
            continue
        table = entry.get("table")
        if not isinstance(table, list):
            continue
        withheld = bool(entry.get("withheld"))
        rows = []
        for record in table:
            if not isinstance(record, Mapping) or not isinstance(record.get("option"), str):
                continue
            k, n = record.get("k"), record.get("n")
            hidden = withheld or bool(record.get("suppressed")) or k is None or n is None
            for value, what in ((k, "k"), (n, "n")):
                if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                          or value < 0):  # fmt: skip
                    raise InvalidValueError(
                        f"`{name}`: question {key!r}, option {record['option']!r}: `{what}` "
                        f"must be a whole number ≥ 0; got {_show(value)}."
                    )
            if not hidden and (n == 0 or k > n):  # type: ignore[operator]
                raise InvalidValueError(
                    f"`{name}`: question {key!r}, option {record['option']!r}: k = {k} and "
                    f"n = {n} are no proportion (need 0 ≤ k ≤ n, n ≥ 1)."
                )
            rows.append(_Row(record["option"], None if hidden else k, None if hidden else n))
        # A question of two answers: the second is the first's complement (same test,
        # the change negated), so only the first is compared.
        if entry.get("type") in ("single", "yesno") and len(rows) == 2:
            rows = rows[:1]
        out[str(key)] = _Question(str(entry.get("title", key)), str(entry.get("base", "")),
                                  tuple(rows))  # fmt: skip
    return _Wave(str(data.get("title", "")), str(lang), out)


def _wave(source: object, name: str, lang: str | None) -> tuple[_Wave, Any]:
    """Return a wave and its spec (or None) from any accepted input."""
    from optamstats.report.counts import SurveyCounts

    if isinstance(source, Mapping):
        return _from_report(source, name), None
    if isinstance(source, str | os.PathLike):
        return _from_report(_load_json(source, name), name), None
    if isinstance(source, SurveyCounts):
        return _from_counts(source, lang), None
    if isinstance(source, tuple) and len(source) == 2:
        from optamstats.forms import SurveySpec, load_spec
        from optamstats.report.export_counts import survey_counts_from_export

        export, spec = source
        loaded = spec if isinstance(spec, SurveySpec) else load_spec(spec)
        counts = survey_counts_from_export(export, loaded, lang=lang)
        return _from_counts(counts, lang), loaded
    raise InvalidTypeError(
        f"`{name}` must be a report (its JSON file or dict), SurveyCounts, or an (export, "
        f"spec) pair; got {_show(source)}."
    )


def _from_counts(counts: Any, lang: str | None) -> _Wave:
    from optamstats.report import build_report, report_dict

    report = build_report(counts, lang=lang or counts.lang)
    return _from_report(report_dict(report), "report")


def _check_mapping(mapping: object) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    from optamstats.declarations import WavesDecl

    if mapping is None:
        return {}, {}
    if isinstance(mapping, WavesDecl):
        mapping = mapping.as_mapping()
    if not isinstance(mapping, Mapping) or not set(mapping) <= {"questions", "options"}:
        raise InvalidTypeError(
            "`mapping` must be a spec's `waves` (WavesDecl) or a dict "
            '{"questions": {later key: earlier key}, "options": {later key: {later option: '
            f"earlier option}}}}; got {_show(mapping)}."
        )
    questions = mapping.get("questions", {})
    options = mapping.get("options", {})
    ok = isinstance(questions, Mapping) and all(
        isinstance(a, str) and isinstance(b, str) for a, b in questions.items()
    )
    ok = ok and isinstance(options, Mapping) and all(
        isinstance(q, str) and isinstance(o, Mapping)
        and all(isinstance(a, str) and isinstance(b, str) for a, b in o.items())
        for q, o in options.items()
    )  # fmt: skip
    if not ok:
        raise InvalidTypeError(
            '`mapping["questions"]` must map strings to strings and `mapping["options"]` '
            f"question keys to such maps; got {_show(mapping)}."
        )
    earlier = list(questions.values())
    if len(set(earlier)) != len(earlier):
        raise InvalidValueError(
            f'`mapping["questions"]` maps two keys to one earlier key: {_show(questions)}.'
        )
    return dict(questions), {q: dict(o) for q, o in options.items()}


# --------------------------------------------------------------------------- statistics


def _score_p(k1: int, n1: int, k2: int, n2: int) -> float:
    """Two-sided p-value of the score test of equal proportions (no continuity correction).

    It equals R's ``prop.test(c(k1, k2), c(n1, n2), correct = FALSE)$p.value``; when
    both samples answer all yes or all no there is no evidence of a change: p = 1.
    """
    pooled = (k1 + k2) / (n1 + n2)
    if pooled in (0.0, 1.0):
        return 1.0
    z2 = (k1 / n1 - k2 / n2) ** 2 / (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    return math.erfc(math.sqrt(z2 / 2.0))


def compare_waves(
    before: object,
    after: object,
    *,
    confidence: float = 0.95,
    adjust: str = "holm",
    mapping: object = None,
    lang: str | None = None,
) -> WaveComparison:
    """Compare two waves of a survey, proportion by proportion.

    Questions are matched by their key (the spec's question id); a `mapping` (the later
    spec's ``[waves]`` table) matches renamed keys and options. Every answer of a
    single-choice, yes/no, multi-select or scale question printed by both reports is
    compared (a two-answer question by its first answer only: the second is its
    complement).

    Parameters
    ----------
    before, after : report JSON path or dict, SurveyCounts, or (export, spec)
        The earlier and later waves: a report as ``optamstats report --format json``
        writes it (a path or the loaded dict), the counts of
        ``optamstats.report.build.survey_counts_from_export``, or an export with
        its spec (then the report is built here, with disclosure control at 5).
    confidence : float, default 0.95
        Level of the intervals of the changes.
    adjust : {"holm", "bh", "none"}, default "holm"
        Multiplicity adjustment across the proportions compared.
    mapping : WavesDecl or dict, optional
        ``{"questions": {later key: earlier key}, "options": {later key: {later option:
        earlier option}}}``. By default, the ``[waves]`` table of `after`'s spec when
        `after` is an (export, spec) pair.
    lang : {"en", "fr"}, optional
        Language of reports built here and of the notes; by default a report's own.

    Returns
    -------
    WaveComparison

    Raises
    ------
    InvalidTypeError
        An input of another kind; a malformed `mapping`.
    InvalidValueError
        A report that is not an optamstats report, two reports in different languages,
        an unknown `adjust`, a `confidence` outside (0, 1), no question in common.

    Notes
    -----
    The change is :math:`d = p_2 - p_1` (later minus earlier) with Newcombe's hybrid
    score interval (see :func:`optamstats.difference`); the p-value is the score test's
    (Pearson's chi-square without continuity correction, R's ``prop.test(...,
    correct = FALSE)``). Swapping the waves negates every change and mirrors its
    interval. Counts a wave's report hides are never read: their rows carry a note
    and no statistic, and are not in the adjusted family.

    References
    ----------
    .. [1] R. G. Newcombe, "Interval estimation for the difference between independent
       proportions: comparison of eleven methods", Stat. Med. 17:873–890, 1998.
    .. [2] S. Holm, Scand. J. Statist. 6:65–70, 1979.

    Examples
    --------
    >>> from optamstats.datasets import optam_2025_synthetic_export
    >>> export = optam_2025_synthetic_export()
    >>> same = compare_waves((export.frame(), export.spec), (export.frame(), export.spec))
    >>> float(same.table["difference"].abs().max())
    0.0
    """
    import pandas as pd

    from optamstats._checks import check_choice
    from optamstats._format import check_lang
    from optamstats.breakdowns import adjust_p_values
    from optamstats.proportions import difference

    conf = check_confidence(confidence)
    how = check_choice("adjust", adjust, ADJUSTMENTS)
    language = None if lang is None else check_lang(lang)
    renamed, options = _check_mapping(mapping)
    first, _ = _wave(before, "before", language)
    second, spec = _wave(after, "after", language or first.lang)
    if mapping is None and spec is not None and spec.waves is not None:
        renamed, options = _check_mapping(spec.waves)
    if first.lang != second.lang:
        raise InvalidValueError(
            f"`before` is a report in {first.lang!r} and `after` in {second.lang!r}: their "
            "titles and options would not match. Write both in one language (--lang)."
        )
    out_lang = language or second.lang
    records: list[dict[str, Any]] = []
    matched: set[str] = set()
    for key, q2 in second.questions.items():
        old = renamed.get(key, key)
        q1 = first.questions.get(old)
        if q1 is None:
            continue
        matched.add(old)
        notes = []
        if old != key:
            notes.append(_t("renamed", out_lang, a=repr(old)))
        if q1.title != q2.title:
            notes.append(_t("wording", out_lang, a=repr(q1.title), b=repr(q2.title)))
        if q1.base != q2.base:
            notes.append(_t("base", out_lang, a=repr(q1.base), b=repr(q2.base)))
        earlier = {r.option: r for r in q1.rows}
        for r2 in q2.rows:
            r1 = earlier.get(options.get(key, {}).get(r2.option, r2.option))
            if r1 is None:
                continue
            note = list(notes)
            if r1.k is None:
                note.append(_t("hidden1", out_lang))
            if r2.k is None:
                note.append(_t("hidden2", out_lang))
            records.append({"question": key, "title": q2.title, "option": r2.option,
                            "k1": r1.k, "n1": r1.n, "k2": r2.k, "n2": r2.n,
                            "note": "; ".join(note)})  # fmt: skip
    if not records:
        raise InvalidValueError(
            "`before` and `after` have no proportion in common: check that they are two "
            "waves of one survey, and map renamed keys and options with a [waves] table "
            "(`mapping`)."
        )
    unmatched = tuple(
        [f"before:{k}" for k in first.questions if k not in matched]
        + [f"after:{k}" for k in second.questions if renamed.get(k, k) not in first.questions]
    )
    shown = [i for i, r in enumerate(records) if r["k1"] is not None and r["k2"] is not None]
    for r in records:
        # Missing, not NaN: a hidden count has no statistic (pandas' <NA>).
        r.update(p1=None, p2=None, difference=None, low=None, high=None, p_value=None,
                 p_adjusted=None)  # fmt: skip
        if r["k1"] is not None:
            r["p1"] = r["k1"] / r["n1"]
        if r["k2"] is not None:
            r["p2"] = r["k2"] / r["n2"]
    if shown:
        for i in shown:
            r = records[i]
            d = difference(r["k2"], r["n2"], r["k1"], r["n1"], confidence=conf)
            r.update(difference=d.estimate, low=d.low, high=d.high,
                     p_value=_score_p(r["k1"], r["n1"], r["k2"], r["n2"]))  # fmt: skip
        raw = [records[i]["p_value"] for i in shown]
        adjusted = raw if how == "none" else adjust_p_values(raw, how).tolist()
        for i, p in zip(shown, adjusted, strict=True):
            records[i]["p_adjusted"] = float(p)
    table = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    for name in ("k1", "n1", "k2", "n2"):
        table[name] = table[name].astype("Int64")
    for name in ("p1", "p2", "difference", "low", "high", "p_value", "p_adjusted"):
        table[name] = table[name].astype("Float64")
    return WaveComparison(table, conf, how, out_lang, first.title, second.title, unmatched)
