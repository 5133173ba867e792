"""Disclosure control: small-cell suppression and spreadsheet-safe exports.

A survey that promised anonymity must not publish a table in which a cell of 1 names a
doctor ("the one paediatrician in Brittany who left"). This package does three things:

* :func:`needs_suppression` is the rule: a count ``k`` of a base ``n`` is hidden when
  ``k`` or ``n − k`` is from 1 to ``min_cell − 1`` (``optamstats.disclosure.rules``,
  with the named rules of statistical offices and the :class:`Hidden` markers).
* :func:`suppress_small_cells` hides every such count of a table of respondent counts
  (*primary* suppression, shown as ``"< 5"``), then hides as few other cells as it can
  so that no hidden cell can be recomputed from the row and column totals (*secondary*
  suppression, shown as ``"s"``). Percentages and intervals of hidden cells are hidden
  with them (:meth:`SuppressedTable.proportions`) (``optamstats.disclosure.suppression``).
  :func:`disclosure_audit` checks a whole report by linear programming
  (``optamstats.disclosure.lp``).
* :func:`spreadsheet_safe`, :func:`spreadsheet_safe_frame` and :func:`write_safe_csv`
  neutralise text cells that a spreadsheet would run as a formula (CSV injection)
  without changing any number (``optamstats.disclosure.safe_csv``).

This module is the public facade: the code lives in the modules named above. The
method, its choices and their sources are in ``docs/methods/disclosure.md``.
"""

from optamstats.disclosure.lp import DisclosureAudit, ProtectedCell, disclosure_audit
from optamstats.disclosure.lp import Terms as Terms
from optamstats.disclosure.rules import (
    DEFAULT_MIN_CELL,
    FRENCH_HEALTH_MIN_CELL,
    RULES,
    Hidden,
    needs_suppression,
)
from optamstats.disclosure.rules import check_min_cell as check_min_cell
from optamstats.disclosure.rules import check_rule as check_rule
from optamstats.disclosure.safe_csv import (
    FORMULA_TRIGGERS,
    spreadsheet_safe,
    spreadsheet_safe_frame,
    write_safe_csv,
)
from optamstats.disclosure.suppression import PRIMARY as PRIMARY
from optamstats.disclosure.suppression import SECONDARY as SECONDARY
from optamstats.disclosure.suppression import SHOWN as SHOWN
from optamstats.disclosure.suppression import SuppressedTable, suppress_small_cells

__all__ = [
    "DEFAULT_MIN_CELL",
    "FORMULA_TRIGGERS",
    "FRENCH_HEALTH_MIN_CELL",
    "RULES",
    "DisclosureAudit",
    "Hidden",
    "ProtectedCell",
    "SuppressedTable",
    "disclosure_audit",
    "needs_suppression",
    "spreadsheet_safe",
    "spreadsheet_safe_frame",
    "suppress_small_cells",
    "write_safe_csv",
]
