"""The 2025 OPTAM exit survey.

A French doctors' union surveyed its members on leaving OPTAM (7–12 November 2025) and
published a report; a press article re-quoted it on 17 November 2025. This module holds
what was published, figure by figure, with the sentence each figure comes from.

The published figures live in one place, the TOML file ``optam_2025_published.toml``
beside this module (format: ``docs/published-figures.md``), so that the audit input
users write and the one shipped here are the same format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from optamstats.audit import PublishedFigures

__all__ = [
    "CodedTheme",
    "MotiveTallies",
    "Optam2025",
    "SourcedCount",
    "optam_2025",
    "optam_2025_published",
]

PUBLISHED_FILE: Final = "optam_2025_published.toml"

#: The claim the 2025 report made on the combined exit rate ("plus de 70 %").
CLAIM_THRESHOLD: Final = 0.70

#: The 2025 survey's own wording, for its report (``optamstats report`` with no export):
#: the report engine holds no survey's words, only these tables do.
REPORT_WORDING: Final[dict[str, dict[str, str]]] = {
    "title": {"en": "OPTAM exit survey (November 2025)"},
    "members": {"fr": "adhérents OPTAM en octobre (S2)", "en": "sector-2 OPTAM members in October"},
    "still_in": {"fr": "adhérents non encore sortis", "en": "members who had not left"},
    "sector2": {"fr": "répondants de secteur 2", "en": "sector-2 respondents"},
    "start_step": {"fr": "répondants", "en": "respondents"},
    "start_reason": {"fr": "répondants retenus", "en": "respondents kept"},
    "sector_step": {"fr": "secteur 2", "en": "sector 2"},
    "sector_reason": {"fr": "hors secteur 2", "en": "not in sector 2"},
    "p_members": {"fr": "En S2 OPTAM en octobre", "en": "OPTAM member in October"},
    "p_left": {"fr": "Sortis de l'OPTAM", "en": "Left OPTAM"},
    "p_plan": {"fr": "Comptent sortir d'ici 3 mois", "en": "Plan to leave within 3 months"},
    "p_stay": {"fr": "Ne comptent pas sortir", "en": "Do not plan to leave"},
    "p_combined": {"fr": "Sortis ou comptant sortir", "en": "Left or planning to leave"},
    "leavers": {"fr": " (sortis)", "en": " (leavers)"},
    "f_left": {"fr": "Sortis (parmi les adhérents)", "en": "Left (among members)"},
    "f_plan": {
        "fr": "Comptent sortir (parmi les restants)",
        "en": "Plan to leave (among those still in)",
    },
    "claim": {"fr": "Plus de 70 %", "en": "More than 70%"},
    "props": {
        "fr": "Proportions publiées, avec leur intervalle",
        "en": "Published proportions with intervals",
    },
    "sampling": {
        "fr": "Échantillon auto-sélectionné (lien diffusé par courriel et réseaux sociaux) : les "
        "intervalles ne couvrent que l'erreur d'échantillonnage, pas le biais de sélection. "
        "Citer « parmi les répondants ».",
        "en": "Self-selected sample (link sent by e-mail and shared on social networks): "
        'intervals cover sampling error only, not selection bias. Cite figures as "among '
        'respondents".',
    },
    "invitation": {
        "fr": "lien diffusé par courriel et réseaux sociaux (Google Forms), 7–12 novembre 2025",
        "en": "link sent by e-mail and shared on social networks (Google Forms), "
        "7–12 November 2025",
    },
    "themes": {
        "fr": "Changements attendus (réponses ouvertes codées)",
        "en": "Changes expected (coded open answers)",
    },
}


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
    from importlib import resources

    from optamstats.audit import PublishedFigures

    text = resources.files(__package__).joinpath(PUBLISHED_FILE).read_text(encoding="utf-8")
    return PublishedFigures.from_toml(text)


# --------------------------------------------------------------------------- aggregates


@dataclass(frozen=True, slots=True)
class SourcedCount:
    """A count as published, with the sentence it comes from.

    Attributes
    ----------
    label : str
        What is counted (the source's own words where it has them).
    count : int or None
        The count; None when the source does not give it (never invented).
    sentence : str
        The source sentence, verbatim.
    source : str
        ``"report"`` (the union's report) or ``"article"`` (the press article).
    derived : str
        How the count follows from the sentence when the sentence prints a percentage
        or a caption rather than the count itself; empty when printed as is.

    Examples
    --------
    >>> from optamstats.datasets import optam_2025
    >>> left = optam_2025().left
    >>> left.count, left.source
    (50, 'report')
    >>> print(left.sentence)
    Pour quelles raisons?
    <BLANKLINE>
    50 réponses
    """

    label: str
    count: int | None
    sentence: str
    source: str = "report"
    derived: str = ""


@dataclass(frozen=True, slots=True)
class MotiveTallies:
    """A "check all that apply" question as published: its tallies and its base.

    Attributes
    ----------
    question : str
        The question, as the report words it.
    respondents : SourcedCount or None
        How many answered it (the base of its percentages); None when not published.
    tallies : tuple of SourcedCount
        The mentions of each option.

    Examples
    --------
    >>> from optamstats.datasets import optam_2025
    >>> motives = optam_2025().leavers_motives
    >>> motives.respondents.count, len(motives.tallies)
    (50, 7)
    >>> motives.tallies[0].label, motives.tallies[0].count
    ('Désaccord politique', 43)
    """

    question: str
    respondents: SourcedCount | None
    tallies: tuple[SourcedCount, ...]


@dataclass(frozen=True, slots=True)
class CodedTheme:
    """A theme of coded open answers with its sub-theme counts.

    Attributes
    ----------
    theme : SourcedCount
        The respondents whose answer was coded with the theme.
    subthemes : tuple of SourcedCount
        The respondents coded with each of its sub-themes.

    Examples
    --------
    >>> from optamstats.datasets import optam_2025
    >>> first = optam_2025().expectations[0]
    >>> first.theme.count, [s.count for s in first.subthemes]
    (89, [42, 19, 11, 7, 5, 3])
    """

    theme: SourcedCount
    subthemes: tuple[SourcedCount, ...]


@dataclass(frozen=True, slots=True)
class Optam2025:
    """The published aggregates of the 2025 OPTAM exit survey.

    Attributes
    ----------
    title, collected : str
        The survey and when it ran.
    respondents, sector2, members : SourcedCount
        188 respondents, 178 in sector 2, 119 OPTAM members in October.
    left, stayed, plan, stay : SourcedCount
        The funnel: 50 left and 69 still in among the 119; of the 69, 41 plan to
        leave within three months and 28 do not.
    leavers_motives, planners_motives : MotiveTallies
        Reasons for leaving (50 respondents) and reasons of those who would leave (the
        report gives no denominator: ``respondents`` is None).
    expectations : tuple of CodedTheme
        Changes expected (129 respondents), four coded themes.
    expectations_respondents : SourcedCount
        The 129.

    Examples
    --------
    >>> from optamstats.datasets import optam_2025
    >>> survey = optam_2025()
    >>> survey.respondents.count, survey.sector2.count, survey.members.count
    (188, 178, 119)
    >>> survey.funnel_counts()
    (50, 41, 28)
    """

    title: str
    collected: str
    respondents: SourcedCount
    sector2: SourcedCount
    members: SourcedCount
    left: SourcedCount
    stayed: SourcedCount
    plan: SourcedCount
    stay: SourcedCount
    leavers_motives: MotiveTallies
    planners_motives: MotiveTallies
    expectations_respondents: SourcedCount
    expectations: tuple[CodedTheme, ...]

    def funnel_counts(self) -> tuple[int, int, int]:
        """Return ``(left, plan, stay)`` for :func:`optamstats.exit_funnel`.

        Returns
        -------
        tuple of int
            50 members who left, 41 who plan to leave, 28 who plan to stay.
        """
        return _known(self.left), _known(self.plan), _known(self.stay)


def _known(item: SourcedCount) -> int:
    if item.count is None:  # pragma: no cover - every funnel count is published
        raise ValueError(f"{item.label}: not published")
    return item.count


def _tally(line: str, source: str = "report") -> SourcedCount:
    # "1. Désaccord politique → 43 mentions" / "Objectifs financiers inatteignables\t38"
    text = line.split(". ", 1)[1] if line[:1].isdigit() and ". " in line[:4] else line
    label, _, count = text.replace("\t", " → ").rpartition(" → ")
    return SourcedCount(label.strip(), int(count.split()[0]), line, source)


def _sub(line: str) -> SourcedCount:
    label, _, count = line.removeprefix("- ").rpartition(" : ")
    return SourcedCount(label, int(count), line)


def _theme(line: str, subs: tuple[str, ...]) -> CodedTheme:
    head = line.split(". ", 1)[1]
    label, _, count = head.rpartition(" (")
    return CodedTheme(
        SourcedCount(label, int(count.rstrip(")")), line), tuple(_sub(s) for s in subs)
    )


def optam_2025() -> Optam2025:
    """Return the published aggregates of the 2025 OPTAM exit survey, with their sources.

    Every count carries the report's sentence it comes from, verbatim. Counts the
    report prints only as percentages (41 and 28 of 69 from "59 %" and "41 %", 119 of
    178 from "67 %") say how they follow in ``derived``; the planners' motives have no
    published denominator and keep ``respondents=None``.

    Returns
    -------
    Optam2025

    References
    ----------
    .. [1] Jeunes Médecins, "Enquête sortie de l'OPTAM", survey report, November 2025.

    Examples
    --------
    >>> from optamstats.datasets import optam_2025
    >>> survey = optam_2025()
    >>> survey.funnel_counts()
    (50, 41, 28)
    >>> survey.leavers_motives.tallies[0].label, survey.leavers_motives.tallies[0].count
    ('Désaccord politique', 43)
    >>> survey.planners_motives.respondents is None
    True
    """
    chart_left = "Pour quelles raisons?\n\n50 réponses"
    return Optam2025(
        title="Enquête sortie de l'OPTAM",
        collected="7 – 12 novembre 2025",
        respondents=SourcedCount("répondants", 188, "- Nombre total de répondants : n = 188."),
        sector2=SourcedCount(
            "répondants exerçant en secteur 2",
            178,
            "Les résultats présentés concernent uniquement les 178 répondants exerçant en "
            "secteur 2, sans pondération ni redressement statistique.",
        ),
        members=SourcedCount(
            "en S2 OPTAM en octobre",
            119,
            "Parmi les répondants exerçant en secteur 2, 67 % étaient encore engagés dans "
            "l'OPTAM au mois d'octobre.",
            derived='119 = caption "119 réponses" of the next question, asked of members; '
            "119/178 = 66.9 % rounds to the published 67 %",
        ),
        left=SourcedCount(
            "sortis de l'OPTAM",
            50,
            chart_left,
            derived="the leavers answered the reasons question; 50/119 = 42.0 % matches "
            '"42 % sortis aujourd\'hui"',
        ),
        stayed=SourcedCount(
            "encore dans l'OPTAM",
            69,
            "Si non sorti(e) de l'OPTAM, comptez-vous en sortir dans les 3 prochains mois?"
            "\n\n69 réponses",
        ),
        plan=SourcedCount(
            "comptent sortir dans les 3 prochains mois",
            41,
            "- 59 % → Oui, ils comptent sortir dans les 3 prochains mois",
            derived="41/69 = 59.4 % is the only count of 69 that rounds to 59 %",
        ),
        stay=SourcedCount(
            "ne prévoient pas de sortir à court terme",
            28,
            "- 41 % → Non, ils ne prévoient pas de sortir à court terme",
            derived="69 − 41; 28/69 = 40.6 % rounds to 41 %",
        ),
        leavers_motives=MotiveTallies(
            "Pour quelles raisons?",
            SourcedCount("médecins sortis ayant répondu", 50, chart_left),
            tuple(
                _tally(line)
                for line in (
                    "1. Désaccord politique → 43 mentions",
                    "2. Menace de sanctions / pénalités → 39 mentions",
                    "3. Objectifs financiers inatteignables → 38 mentions",
                    "4. Soutien à un mouvement collectif de confrères → 25",
                    "5. Manque de reconnaissance du travail médical → 23",
                    "6. Volonté de liberté / rejet des contraintes administratives → 17",
                    "7. Incompatibilité du mode d'exercice (spécialité / secteur / activité) → 13",
                )
            ),
        ),
        planners_motives=MotiveTallies(
            "Pour ceux qui voudraient sortir, les motivations exprimées sont les suivantes :",
            None,
            tuple(
                _tally(line)
                for line in (
                    "Objectifs financiers inatteignables\t38",
                    "Menace de sanctions / pénalités\t32",
                    "Désaccord politique PLFSS / régulation\t29",
                    "Manque de reconnaissance du travail médical\t19",
                    "Soutien à un mouvement collectif de confrères\t15",
                    "Volonté d'exercer librement\t14",
                    "Incompatibilité avec mode d'exercice actuel\t10",
                    "Autre (à préciser)\t16",
                )
            ),
        ),
        expectations_respondents=SourcedCount(
            "réponses sur les changements attendus",
            129,
            "Les médecins ont exprimé les changements attendus (129 réponses) :",
        ),
        expectations=(
            _theme(
                "1. Revalorisation des actes et cotations (89)",
                (
                    "- Revalorisation CCAM (chirurgie, imagerie, anesthésie, gastro...) : 42",
                    "- Indexation sur l'inflation : 19",
                    "- Revalorisation des consultations (pédiatres, psychiatres...) : 11",
                    "- Valorisation actes intellectuels / complexes : 7",
                    "- Actes opposables insuffisants, demande de hausse : 5",
                    "- Revalorisation forfaits techniques : 3",
                ),
            ),
            _theme(
                "2. Liberté tarifaire / compléments d'honoraires / maintien secteur 2 (62)",
                (
                    "- Liberté des compléments d'honoraires : 24",
                    "- Maintien ou extension du secteur 2 : 17",
                    "- Fin ou réforme profonde de l'OPTAM : 12",
                    "- Possibilité de dépasser plus sur certains actes / "
                    "rééquilibrage des plafonds : 6",
                    "- Rejet des limitations administratives sur dépassement d'honoraires : 3",
                ),
            ),
            _theme(
                "3. Gouvernance / conventions / négociation (37)",
                (
                    "- Fin des règles unilatérales CNAM / besoin de vraies négociations : 14",
                    "- Conventionnement plus équilibré, moins coercitif : 10",
                    "- Stabilité des règles et fin des changements constants : 5",
                    "- Meilleure participation locale (CPAM commissions régionales...) : 5",
                    "- Possibilité de sortir de l'OPTAM sans blocage : 3",
                ),
            ),
            _theme(
                "4. Rôle des mutuelles / participation financière (28)",
                (
                    "- Meilleure prise en charge par les mutuelles : 12",
                    "- Encadrement des mutuelles, régulation (pub, frais de gestion) : 8",
                    "- Meilleur partage Sécu / mutuelles : 5",
                    "- Remboursements homogènes S1 / S2 / non conventionnés : 3",
                ),
            ),
        ),
    )
