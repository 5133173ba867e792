"""The methods footer: how the survey was run, and how the report was made.

The survey's side comes from the spec's ``[fieldwork]`` and the SHA-256 of the export
and the spec; the report's side is the disclosure rule, the software and the seed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from optamstats._typing import RngLike
from optamstats.report._model import Column, Section, Table
from optamstats.report._text import t as _t

if TYPE_CHECKING:
    from optamstats.report.counts import SurveyCounts


def _sha256_of(source: Any) -> str:
    """SHA-256 of a file given by path, or of a text; "" for anything else."""
    import hashlib
    import os

    if isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source):
        try:
            with open(source, "rb") as handle:
                return hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError:
            return ""
    if isinstance(source, str):
        return hashlib.sha256(source.encode("utf-8")).hexdigest()
    return ""


def _methods(survey: Any, lang: str, input_digest: str, spec: Any) -> tuple[tuple[str, str], ...]:
    """Return the methods footer's lines from the survey: fieldwork, files' SHA-256.

    `input_digest` is ``_sha256_of(responses)``, hashed by the caller while it parses.
    """
    rows: list[tuple[str, str]] = []
    fw = survey.fieldwork
    if fw is not None:
        if fw.start or fw.end:
            rows.append((_t("m_fieldwork", lang), f"{fw.start or '?'} – {fw.end or '?'}"))
        for name in ("mode", "invitation", "caveat"):
            value = getattr(fw, name)
            if value is not None:
                rows.append((_t(f"m_{name}", lang), value.text(lang)))
        if fw.reminders:
            rows.append((_t("m_reminders", lang), ", ".join(fw.reminders)))
    if input_digest:
        rows.append((_t("m_input", lang), input_digest))
    spec_source = spec if not hasattr(spec, "source") else spec.source
    digest = _sha256_of(spec_source) if spec_source != "<text>" else ""
    if digest:
        rows.append((_t("m_spec", lang), digest))
    return tuple(rows)


def _methods_section(c: SurveyCounts, lang: str, rule: str, min_cell: int, rng: RngLike,
                     disclosure_control: bool) -> Section:  # fmt: skip
    """Return the methods footer: how the survey was run, how the report was made."""
    from optamstats._version import __version__

    rows = list(c.methods)
    if disclosure_control and not c.published:
        rows.append((_t("m_rule", lang), _t("m_rule_value", lang, rule=rule, t_1=min_cell - 1)))
    elif not disclosure_control:
        rows.append((_t("m_rule", lang), _t("m_rule_off", lang)))
    rows.append((_t("m_software", lang), f"optamstats {__version__}"))
    if isinstance(rng, int) and not isinstance(rng, bool):
        rows.append((_t("m_seed", lang), str(rng)))
    columns = (Column("item", _t("m_item", lang)), Column("value", _t("m_value", lang)))
    table = Table("methods", _t("methods", lang), columns, tuple(rows))
    return Section("methods", _t("methods", lang), (c.sampling or _t("sampling_only", lang),),
                   (table,))  # fmt: skip
