"""A survey's published aggregates as a report's input (the shipped 2025 survey).

The report engine holds no survey's words or thresholds: the 2025 survey's published
counts, its wording (``REPORT_WORDING``) and its claim (``CLAIM_THRESHOLD``) live with
its data in :mod:`optamstats.datasets`; this module reads them into a
:class:`~optamstats.report.counts.SurveyCounts`, as a user's own code would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from optamstats._checks import InvalidTypeError, check_choice, check_confidence
from optamstats.report._text import t as _t
from optamstats.report.counts import ClaimData, MotiveQuestion, ProportionRow, SurveyCounts

if TYPE_CHECKING:
    import pandas as pd

    from optamstats.datasets import Optam2025

__all__ = ["survey_counts_from_aggregates"]


def survey_counts_from_aggregates(
    survey: Optam2025 | None = None, *, lang: str = "fr", confidence: float = 0.95
) -> SurveyCounts:
    """Collect the counts of the embedded survey, as its authors published them.

    Parameters
    ----------
    survey : Optam2025, optional
        The aggregates; :func:`optamstats.datasets.optam_2025` by default.
    lang : {"fr", "en"}
        Language of labels.
    confidence : float
        Level of the motive tables' intervals.

    Returns
    -------
    SurveyCounts

    Raises
    ------
    InvalidTypeError, InvalidValueError
        A `survey` that is not an ``Optam2025``, a bad `lang` or `confidence`.

    References
    ----------
    .. [1] The survey's report and sources: :func:`optamstats.datasets.optam_2025`.

    Examples
    --------
    >>> counts = survey_counts_from_aggregates(lang="en")
    >>> counts.funnel
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


def _c(item: Any) -> int:
    if item.count is None:  # pragma: no cover - guarded by the dataset's tests
        raise ValueError(f"{item.label}: count not published")
    return int(item.count)


def _mentions_only(counts: dict[str, int]) -> pd.DataFrame:
    import pandas as pd

    total = sum(counts.values())
    frame = pd.DataFrame({"option": list(counts), "mentions": list(counts.values())})
    frame["pct_mentions"] = 100.0 * frame["mentions"] / total
    return frame.sort_values("mentions", ascending=False, kind="stable").reset_index(drop=True)
