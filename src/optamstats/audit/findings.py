"""The findings of an audit and their rendering: text, Markdown, JSON, HTML, DataFrame.

A :class:`Finding` is one verdict on one published figure, with its explanation in the
report's language; an :class:`AuditReport` holds them all and renders them, with the
headers and verdict names in English or French.
"""

from __future__ import annotations

import html
import json
import textwrap
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Final

from optamstats._checks import InvalidValueError, check_choice

if TYPE_CHECKING:
    import pandas as pd

VERDICTS: Final = (
    "consistent",
    "rounding-dependent",
    "not-testable",
    "inconsistent",
    "count-mismatch",
    "wrong-base",
    "established",
    "not-established",
    "contradicted",
)
SEVERITIES: Final = ("ok", "info", "warning", "error")
_SEVERITY_OF: Final = {
    "consistent": "ok",
    "established": "ok",
    "rounding-dependent": "info",
    "not-testable": "info",
    "not-established": "warning",
    "inconsistent": "error",
    "count-mismatch": "error",
    "wrong-base": "error",
    "contradicted": "error",
}
FORMATS: Final = ("text", "markdown", "json")


@dataclass(frozen=True, slots=True)
class Finding:
    """One verdict on one published figure.

    Attributes
    ----------
    figure : str
        Id of the figure (or funnel statement, question, base) checked.
    check : str
        What was checked: ``"percent"`` (reachable as k/n), ``"count"`` (against its
        count, or its base), ``"range"`` (count within its base), ``"base"`` (nesting of
        bases), ``"theme"``, ``"question"`` (bases fitting all its percentages),
        ``"funnel"``, ``"claim"``.
    verdict : str
        One of ``VERDICTS``.
    severity : str
        ``"ok"``, ``"info"``, ``"warning"`` or ``"error"``.
    explanation : str
        Why, with the numbers, in the report's language.
    alternatives : tuple of str
        Consistent alternatives: the counts, values or bases that would fit.
    source : str or None
        Id of the document quoted.
    sentence : str or None
        The sentence quoted.

    Examples
    --------
    >>> from optamstats.audit import Finding
    >>> Finding("x", "range", "consistent", "ok", "43 ≤ 50.").severity
    'ok'
    """

    figure: str
    check: str
    verdict: str
    severity: str
    explanation: str
    alternatives: tuple[str, ...] = ()
    source: str | None = None
    sentence: str | None = None


_HEADERS: Final = {
    "en": ("Figure", "Check", "Verdict", "Severity", "Explanation", "Consistent alternatives"),
    "fr": ("Chiffre", "Contrôle", "Verdict", "Gravité", "Explication", "Alternatives cohérentes"),
}
_VERDICT_FR: Final = {
    "consistent": "cohérent",
    "rounding-dependent": "dépend de l'arrondi",
    "not-testable": "non testable",
    "inconsistent": "incohérent",
    "count-mismatch": "effectif discordant",
    "wrong-base": "mauvaise base",
    "established": "établi",
    "not-established": "non établi",
    "contradicted": "contredit",
}
_SEVERITY_FR: Final = {"ok": "ok", "info": "info", "warning": "attention", "error": "erreur"}
_CHECK_FR: Final = {
    "percent": "pourcentage",
    "count": "effectif",
    "range": "effectif ≤ base",
    "base": "bases",
    "theme": "thème",
    "question": "question",
    "funnel": "entonnoir",
    "claim": "affirmation",
}


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The findings of :func:`audit_published`, renderable as text, Markdown or JSON.

    Attributes
    ----------
    title : str
        What was audited.
    findings : tuple of Finding
        One per check, in the order of the input.
    lang : str
        Language of the explanations (``"en"`` or ``"fr"``).
    documents : tuple of (str, str)
        The documents quoted, as (id, title).

    References
    ----------
    .. [1] N. J. L. Brown and J. A. J. Heathers, "The GRIM test", Social Psychological and
       Personality Science 8(4):363–369, 2017.

    Examples
    --------
    >>> from optamstats.datasets import optam_2025_published
    >>> from optamstats.audit import audit_published
    >>> report = audit_published(optam_2025_published())
    >>> report.summary()["error"] > 0
    True
    """

    title: str
    findings: tuple[Finding, ...]
    lang: str = "en"
    documents: tuple[tuple[str, str], ...] = ()

    def summary(self) -> dict[str, int]:
        """Count the findings by severity.

        Returns
        -------
        dict
            ``{"ok": …, "info": …, "warning": …, "error": …}``.

        References
        ----------
        .. [1] Brown & Heathers (2017), see the class.

        Examples
        --------
        >>> from optamstats.audit import AuditReport, Finding
        >>> AuditReport("t", (Finding("a", "range", "consistent", "ok", "fine"),)).summary()
        {'ok': 1, 'info': 0, 'warning': 0, 'error': 0}
        """
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain data (the structure of :meth:`to_json`).

        Returns
        -------
        dict

        References
        ----------
        .. [1] Brown & Heathers (2017), see the class.

        Examples
        --------
        >>> from optamstats.audit import AuditReport
        >>> AuditReport("t", ()).to_dict()["summary"]["error"]
        0
        """
        return {
            "title": self.title,
            "lang": self.lang,
            "summary": self.summary(),
            "documents": [{"id": i, "title": t} for i, t in self.documents],
            "findings": [
                {
                    "figure": f.figure,
                    "check": f.check,
                    "verdict": f.verdict,
                    "severity": f.severity,
                    "explanation": f.explanation,
                    "alternatives": list(f.alternatives),
                    "source": f.source,
                    "sentence": f.sentence,
                }
                for f in self.findings
            ],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """Return the report as JSON (UTF-8 text, non-ASCII kept).

        Parameters
        ----------
        indent : int or None
            Indentation (None for one line).

        Returns
        -------
        str

        References
        ----------
        .. [1] ECMA-404, The JSON data interchange syntax.

        Examples
        --------
        >>> import json
        >>> from optamstats.audit import AuditReport
        >>> json.loads(AuditReport("t", ()).to_json())["findings"]
        []
        """
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def _labels(self, finding: Finding) -> tuple[str, str, str]:
        if self.lang == "fr":
            return (
                _CHECK_FR.get(finding.check, finding.check),
                _VERDICT_FR.get(finding.verdict, finding.verdict),
                _SEVERITY_FR.get(finding.severity, finding.severity),
            )
        return finding.check, finding.verdict, finding.severity

    def _cells(self, finding: Finding) -> tuple[str, ...]:
        """One row of a table: the columns of ``_HEADERS`` and the quoted source."""
        check, verdict, severity = self._labels(finding)
        quote = _quote(finding, "“", "”") if finding.sentence else ""
        return (
            finding.figure,
            check,
            verdict,
            severity,
            finding.explanation,
            "; ".join(finding.alternatives),
            quote,
        )

    def _headline(self) -> str:
        s = self.summary()
        if self.lang == "fr":
            return (
                f"{len(self.findings)} contrôles : {s['error']} erreur(s), {s['warning']} "
                f"avertissement(s), {s['info']} note(s), {s['ok']} ok."
            )
        return (
            f"{len(self.findings)} checks: {s['error']} error(s), {s['warning']} warning(s), "
            f"{s['info']} note(s), {s['ok']} ok."
        )

    def to_text(self, width: int = 100) -> str:
        """Render for a terminal: one block per finding, wrapped at `width` columns.

        Parameters
        ----------
        width : int
            Line width.

        Returns
        -------
        str

        References
        ----------
        .. [1] Brown & Heathers (2017), see the class.

        Examples
        --------
        >>> from optamstats.audit import AuditReport, Finding
        >>> report = AuditReport("T", (Finding("a", "range", "consistent", "ok", "3 ≤ 5."),))
        >>> print(report.to_text())
        T
        1 checks: 0 error(s), 0 warning(s), 0 note(s), 1 ok.
        <BLANKLINE>
        [ok] a · range · consistent
            3 ≤ 5.
        """
        if isinstance(width, bool) or not isinstance(width, int) or width < 40:
            raise InvalidValueError(f"`width` must be a whole number ≥ 40; got {width!r}.")
        heads = _HEADERS[self.lang]
        lines = [self.title, self._headline()]
        indent = "    "
        for finding in self.findings:
            check, verdict, severity = self._labels(finding)
            lines.append("")
            lines.append(f"[{severity}] {finding.figure} · {check} · {verdict}")
            if finding.sentence:
                quoted = _quote(finding, *(("« ", " »") if self.lang == "fr" else ("“", "”")))
                lines.extend(
                    textwrap.wrap(quoted, width, initial_indent=indent, subsequent_indent=indent)
                )
            lines.extend(
                textwrap.wrap(
                    finding.explanation, width, initial_indent=indent, subsequent_indent=indent
                )
            )
            if finding.alternatives:
                alt = f"{heads[5]}: " + "; ".join(finding.alternatives)
                if self.lang == "fr":
                    alt = alt.replace(":", " :", 1)
                lines.extend(
                    textwrap.wrap(alt, width, initial_indent=indent, subsequent_indent=indent)
                )
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """Render as a Markdown table (figure, check, verdict, severity, explanation, …).

        Returns
        -------
        str

        References
        ----------
        .. [1] GitHub Flavored Markdown, tables extension, https://github.github.com/gfm/

        Examples
        --------
        >>> from optamstats.audit import AuditReport, Finding
        >>> md = AuditReport("T", (Finding("a", "range", "consistent", "ok", "3 ≤ 5."),))
        >>> print(md.to_markdown().splitlines()[6])
        | `a` | range | consistent | ok | 3 ≤ 5. |  |  |
        """
        heads = _HEADERS[self.lang]
        source = "Source"
        lines = [
            f"## {_md(self.title)}",
            "",
            self._headline(),
            "",
            "| " + " | ".join((*heads, source)) + " |",
            "|" + "---|" * (len(heads) + 1),
        ]
        for finding in self.findings:
            figure, *cells = self._cells(finding)
            lines.append("| " + " | ".join((f"`{figure}`", *map(_md, cells))) + " |")
        return "\n".join(lines)

    def render(self, format: str = "text") -> str:
        """Render as ``"text"``, ``"markdown"`` or ``"json"``.

        Parameters
        ----------
        format : {"text", "markdown", "json"}
            Output format.

        Returns
        -------
        str

        Raises
        ------
        InvalidValueError
            An unknown format.

        References
        ----------
        .. [1] Brown & Heathers (2017), see the class.

        Examples
        --------
        >>> from optamstats.audit import AuditReport
        >>> AuditReport("T", ()).render("json").startswith("{")
        True
        """
        chosen = check_choice("format", format, FORMATS)
        if chosen == "json":
            return self.to_json()
        return self.to_markdown() if chosen == "markdown" else self.to_text()

    def to_frame(self) -> pd.DataFrame:
        """Return the findings as a DataFrame, one row per finding.

        Returns
        -------
        pandas.DataFrame
            Columns figure, check, verdict, severity, explanation, alternatives, source,
            sentence, all of the pandas ``"string"`` dtype: a finding without a source
            or a quoted sentence has ``<NA>`` there (``isna()`` is True), never a float
            NaN; ``alternatives`` joins them with ``"; "`` (``""`` when none).

        References
        ----------
        .. [1] Brown & Heathers (2017), see the class.

        Examples
        --------
        >>> from optamstats.audit import AuditReport, Finding
        >>> frame = AuditReport("T", (Finding("a", "range", "consistent", "ok", "x"),)).to_frame()
        >>> frame.shape, frame.loc[0, "source"]
        ((1, 8), <NA>)
        """
        import pandas as pd

        columns = [f.name for f in fields(Finding)]
        data = {
            name: pd.array(
                [
                    "; ".join(value) if name == "alternatives" else value
                    for value in (getattr(f, name) for f in self.findings)
                ],
                # "string", whose missing value is <NA>: pandas 3's default text dtype
                # ("str") would hold a missing source as float NaN.
                dtype="string",
            )
            for name in columns
        }
        return pd.DataFrame(data, columns=columns)

    def _repr_html_(self) -> str:
        heads = _HEADERS[self.lang]
        out = [
            "<table>",
            f"<caption>{html.escape(self.title)} — {html.escape(self._headline())}</caption>",
            "<thead><tr>"
            + "".join(f"<th>{html.escape(h)}</th>" for h in (*heads, "Source"))
            + "</tr></thead><tbody>",
        ]
        for finding in self.findings:
            out.append(
                f'<tr class="{html.escape(finding.severity)}">'
                + "".join(f"<td>{html.escape(c)}</td>" for c in self._cells(finding))
                + "</tr>"
            )
        out.append("</tbody></table>")
        return "".join(out)


def _quote(finding: Finding, left: str, right: str) -> str:
    """Return the sentence quoted between `left` and `right`, then its source if any."""
    quote = f"{left}{(finding.sentence or '').strip()}{right}"
    return f"{quote} ({finding.source})" if finding.source else quote


def _md(text: str) -> str:
    """Escape a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
