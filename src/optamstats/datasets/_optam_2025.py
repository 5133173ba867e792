"""The 2025 OPTAM exit survey.

A French doctors' union surveyed its members on leaving OPTAM (7–12 November 2025) and
published a report; a press article re-quoted it on 17 November 2025. This module holds
what was published, figure by figure, with the sentence each figure comes from.

The published figures live in one place, the TOML file ``optam_2025_published.toml``
beside this module (format: ``docs/published-figures.md``), so that the audit input
users write and the one shipped here are the same format.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from optamstats.audit import PublishedFigures

__all__ = ["optam_2025_published"]

PUBLISHED_FILE: Final = "optam_2025_published.toml"


def optam_2025_published() -> PublishedFigures:
    """Return the 2025 OPTAM exit survey's figures as published in its report and the press.

    Every figure carries the document it comes from (``"report"``: the union's report
    "Enquête sortie de l'OPTAM"; ``"article"``: the press article of 17 November 2025)
    and the sentence quoted verbatim. Counts the documents do not print are derived with
    ``count_from`` (the counts that fit a published percentage), never typed in.

    Returns
    -------
    PublishedFigures
        Bases (188 respondents, 178 in sector 2, 119 OPTAM members in October, ...),
        percentages, counts, coded themes, question groups, the exit funnel and its
        claims. Audit them with :func:`optamstats.audit.audit_published` or
        ``optamstats audit``.

    References
    ----------
    .. [1] Jeunes Médecins, "Enquête sortie de l'OPTAM", survey report, November 2025.
    .. [2] C. Subileau, "« Une hémorragie massive » : un tiers des médecins libéraux prêts à
       quitter l'Optam, selon Jeunes Médecins", press article, 17 November 2025.

    Examples
    --------
    >>> from optamstats.datasets import optam_2025_published
    >>> figs = optam_2025_published()
    >>> [(b.id, b.n) for b in figs.bases][:3]
    [('all-respondents', 188), ('sector2', 178), ('optam-october', 119)]
    >>> figs.themes[0].count, sum(s.count for s in figs.themes[0].subthemes)
    (89, 87)
    """
    from optamstats.audit import PublishedFigures

    text = resources.files(__package__).joinpath(PUBLISHED_FILE).read_text(encoding="utf-8")
    return PublishedFigures.from_toml(text)
