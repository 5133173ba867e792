"""The 2025 OPTAM survey's published counts, as a report's input.

The report engine (:mod:`optamstats.report`) holds no survey's words or thresholds:
this module feeds it the 2025 survey's published aggregates, its wording
(``REPORT_WORDING``) and its claim (``CLAIM_THRESHOLD``), for
:func:`optamstats.report.survey_counts_from_aggregates`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from optamstats._checks import InvalidTypeError, check_choice, check_confidence
from optamstats.report._text import t as _t
from optamstats.report.build import (
    ClaimData,
    MotiveQuestion,
    ProportionRow,
    SurveyCounts,
    _c,
    _mentions_only,
)

if TYPE_CHECKING:
    from optamstats.datasets import Optam2025

__all__ = ["counts_of_2025"]


def counts_of_2025(
    survey: Optam2025 | None = None, *, lang: str = "fr", confidence: float = 0.95
) -> SurveyCounts:
    """Collect the counts of the published 2025 OPTAM survey for a report.

    The body of :func:`optamstats.report.survey_counts_from_aggregates`, which documents
    its parameters, errors and references.

    Examples
    --------
    >>> counts_of_2025(lang="en").funnel
    (50, 41, 28, 0)
    """
    from optamstats.audit import audit_published
    from optamstats.datasets import Optam2025, optam_2025, optam_2025_published
    from optamstats.multiselect import multiselect_table_from_counts

    if survey is not None and not isinstance(survey, Optam2025):
        raise InvalidTypeError(
            f"`survey` must be an Optam2025 (from `optamstats.datasets.optam_2025()`) or None; "
            f"got {type(survey).__name__}."
        )
    lang = check_choice("lang", lang, ("fr", "en"))
    confidence = check_confidence(confidence)
    from optamstats.datasets._optam_2025 import CLAIM_THRESHOLD, REPORT_WORDING

    s = survey or optam_2025()

    def w(key: str) -> str:  # the 2025 survey's own words, in `lang` (French by default)
        texts = REPORT_WORDING[key]
        return texts.get(lang) or texts["fr"] if key != "title" or lang != "fr" else s.title

    n188, n178, n119 = (_c(s.respondents), _c(s.sector2), _c(s.members))
    left, plan, stay = s.funnel_counts()
    members, still_in, sector2 = w("members"), w("still_in"), w("sector2")
    proportions = (
        ProportionRow("members", w("p_members"), n119, n178, sector2),
        ProportionRow("left", w("p_left"), left, n119, members),
        ProportionRow("plan", w("p_plan"), plan, plan + stay, still_in),
        ProportionRow("stay", w("p_stay"), stay, plan + stay, still_in),
        ProportionRow("combined", w("p_combined"), left + plan, n119, members),
    )
    leavers = s.leavers_motives
    leavers_n = _c(leavers.respondents)
    leavers_table = multiselect_table_from_counts(
        {t.label: _c(t) for t in leavers.tallies}, leavers_n, confidence=confidence
    )
    planners_table = _mentions_only({t.label: _c(t) for t in s.planners_motives.tallies})
    return SurveyCounts(
        title=w("title"),
        flow=(
            (w("start_step"), w("start_reason"), None, n188),
            (w("sector_step"), w("sector_reason"), n188 - n178, n178),
        ),
        proportions=proportions,
        funnel=(left, plan, stay, 0),
        funnel_base=members,
        motives=(
            MotiveQuestion("leavers", leavers.question + w("leavers"), leavers_table),
            MotiveQuestion("planners", s.planners_motives.question, planners_table, False),
        ),
        themes=tuple(
            (t.theme.label, _c(t.theme), tuple((x.label, _c(x)) for x in t.subthemes))
            for t in s.expectations
        ),
        themes_respondents=_c(s.expectations_respondents),
        audit=audit_published(optam_2025_published(), lang=lang),
        published=True,
        funnel_keys=("left", "plan"),
        claims=(ClaimData("funnel", CLAIM_THRESHOLD, "above", w("claim")),),
        funnel_labels=(w("f_left"), w("f_plan"), ""),
        sampling=w("sampling"),
        proportions_title=w("props"),
        themes_title=w("themes"),
        methods=((_t("m_invitation", lang), w("invitation")),),
    )
