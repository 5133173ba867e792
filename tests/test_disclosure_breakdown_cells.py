"""A leak a review found (issue 14): two breakdowns and a question's table together.

The specialty table printed 14 gynaecologists; the breakdown of the follow-up question
(asked only of those who had not reduced their activity) printed 10 of them; no one left
"reduced?" blank: 14 − 10 = 4 had reduced, the very cell the breakdown of "reduced?"
pooled to hide. The audit now models breakdowns cell by cell, tied to the grouping
question's counts and to the parent question's breakdown.
"""

from __future__ import annotations

import pandas as pd

from optamstats import disclosure_audit
from optamstats.disclosure import Hidden
from optamstats.report import build_report
from optamstats.report.build import survey_counts_from_export

SPEC = """
[questions.specialty]
column = "Spécialité"
options = ["A", "B", "Gyn", "C"]

[questions.reduced]
column = "Avez-vous réduit votre activité ?"
type = "yesno"
options = ["Oui", "Non"]
yes = "Oui"
no = "Non"

[questions.plan]
column = "Envisagez-vous de la réduire ?"
type = "yesno"
options = ["Oui", "Non"]
yes = "Oui"
no = "Non"
asked_if = { reduced = "Non" }

[[breakdown]]
by = "specialty"
questions = ["reduced", "plan"]
"""


def _frame() -> pd.DataFrame:
    rows = []
    # (specialty, how many reduced, of the others how many plan to): Gyn has 4 reduced.
    for specialty, n, reduced, plan in (("A", 40, 20, 10), ("B", 40, 15, 12), ("Gyn", 14, 4, 5),
                                        ("C", 30, 12, 9)):  # fmt: skip
        for i in range(n):
            did = i < reduced
            rows.append({"Spécialité": specialty,
                         "Avez-vous réduit votre activité ?": "Oui" if did else "Non",
                         "Envisagez-vous de la réduire ?": "" if did else (
                             "Oui" if i - reduced < plan else "Non")})  # fmt: skip
    return pd.DataFrame(rows)


def _cell(report: object, table: str, row: str, column: int) -> object:
    tb = next(t for s in report.sections for t in s.tables if t.key == table)  # type: ignore[attr-defined]
    return next(r[column] for r in tb.rows if r[0] == row)


def test_two_breakdowns_and_the_grouping_table_do_not_give_a_pooled_cell_back() -> None:
    report = build_report(survey_counts_from_export(_frame(), SPEC), rng=1)
    audit = disclosure_audit(report)
    assert audit.passed
    # The pooled cell (4 gynaecologists who reduced) is protected in the audit...
    gyn = [c for c in audit.cells if c.label == "breakdown-reduced-by-specialty: Gyn"]
    assert gyn
    assert gyn[0].low <= 0
    assert gyn[0].high >= 5
    # ...and the subtraction of the review is no longer possible from what is printed.
    specialty = _cell(report, "q-specialty", "Gyn", 1)
    followed = (
        _cell(report, "breakdown-plan-by-specialty", "Gyn", 2)
        if any(
            r[0] == "Gyn"
            for s in report.sections
            for t in s.tables
            if t.key == "breakdown-plan-by-specialty"
            for r in t.rows
        )
        else Hidden.protecting()
    )
    assert isinstance(specialty, Hidden) or isinstance(followed, Hidden)
