"""The section of the findings of the audit of published figures (``audit_published``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from optamstats.report._model import Column, Section, Table
from optamstats.report._text import t as _t

if TYPE_CHECKING:
    from optamstats.audit import AuditReport


def _audit_section(audit: AuditReport, lang: str) -> tuple[Section, dict[str, Any]]:
    findings = audit.findings
    shown = [f for f in findings if f.severity != "ok"]
    columns = (
        Column("figure", _t("figure", lang)),
        Column("check", _t("check", lang)),
        Column("severity", _t("severity", lang)),
        Column("explanation", _t("explanation", lang)),
    )
    order = {"error": 0, "warning": 1, "info": 2}
    rows = tuple(
        (f.figure, f.check, f.severity, f.explanation)
        for f in sorted(shown, key=lambda f: order.get(f.severity, 3))
    )
    note = _t("audit_ok", lang, ok=len(findings) - len(shown))
    table = Table("audit", _t("audit", lang), columns, rows, note)
    return Section("audit", _t("audit", lang), tables=(table,)), audit.to_dict()
