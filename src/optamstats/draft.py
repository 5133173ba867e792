"""Drafting a survey specification from an export: ``optamstats init``.

Public facade: the code lives in :mod:`optamstats.survey.draft`.
"""

from optamstats.survey.draft import draft_spec
from optamstats.survey.draft import resolve_multi as resolve_multi
from optamstats.survey.draft import short_label as short_label
from optamstats.survey.draft import slug_ids as slug_ids

__all__ = ["draft_spec"]
