"""A SYNTHETIC respondent-level export of the 2025 OPTAM survey.

The union published aggregates only. This module builds a Google-Forms-style CSV whose
margins reproduce every published count exactly (188 respondents, 178 in sector 2,
119 OPTAM members, 50 left, 41 / 28 planning or not, the motive tallies), with invented
everything else: which motives go together, specialties, timestamps, the wording of
screening questions, and a few planted rows that the cohort steps exclude (interns,
hospital-only practice, incomplete answers, resubmissions). It feeds examples, the
tutorial and the end-to-end tests. Never cite it as data.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from optamstats.forms import SurveySpec

__all__ = ["SyntheticExport", "optam_2025_synthetic_export"]

SPEC_FILE: Final = "optam_2025_spec.toml"
SYNTHETIC_NOTE: Final = (
    "SYNTHETIC DATA: respondent-level answers invented to reproduce the published margins "
    "of the 2025 OPTAM survey; co-occurrences of motives, specialties and timestamps are "
    "made up. Do not cite."
)
_SEED: Final = 20251107

# Columns (the spec's question texts).
TS = "Horodateur"
PRACTICE = "Quel est votre mode d'exercice ?"
STATUS = "Vous êtes :"
SECTOR = "Dans quel secteur conventionnel exercez-vous ?"
SPECIALTY = "Quelle est votre spécialité ?"
MEMBER = "Parmi les S2, êtes-vous ou avez-vous été dans le dernier mois (octobre) en S2 OPTAM ?"
LEFT = "Etes-vous sorti de l'OPTAM?"
PLAN = "Si non sorti(e) de l'OPTAM, comptez-vous en sortir dans les 3 prochains mois?"
MOTIVES = "Pour quelles raisons?"
PLAN_MOTIVES = "Si vous comptez sortir de l'OPTAM, pour quelles raisons ?"
CHANGES = "Quels changements attendez-vous ?"
COLUMNS: Final = (TS, PRACTICE, STATUS, SECTOR, SPECIALTY, MEMBER, LEFT, PLAN, MOTIVES,
                  PLAN_MOTIVES, CHANGES)  # fmt: skip

LEAVER_TALLIES: Final = {
    "Désaccord politique": 43,
    "Menace de sanctions / pénalités": 39,
    "Objectifs financiers inatteignables": 38,
    "Soutien à un mouvement collectif de confrères": 25,
    "Manque de reconnaissance du travail médical": 23,
    "Volonté de liberté / rejet des contraintes administratives": 17,
    "Incompatibilité du mode d'exercice (spécialité / secteur / activité)": 13,
}
PLANNER_TALLIES: Final = {
    "Objectifs financiers inatteignables": 38,
    "Menace de sanctions / pénalités": 32,
    "Désaccord politique PLFSS / régulation": 29,
    "Manque de reconnaissance du travail médical": 19,
    "Soutien à un mouvement collectif de confrères": 15,
    "Volonté d'exercer librement": 14,
    "Incompatibilité avec mode d'exercice actuel": 10,
}
PLANNER_OTHER: Final = 16  # "Autre (à préciser)": free text, invented placeholders
SPECIALTIES: Final = (
    ("Chirurgie", 34), ("Anesthésie-réanimation", 22), ("Gynécologie-obstétrique", 20),
    ("Pédiatrie", 18), ("Radiologie", 14), ("Ophtalmologie", 14), ("Gastro-entérologie", 12),
    ("Psychiatrie", 12), ("Cardiologie", 10), ("Médecine générale", 10), ("Dermatologie", 12),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SyntheticExport:
    """A synthetic export and its specification.

    Attributes
    ----------
    csv : str
        The export as Google Forms writes it (French locale: ``Horodateur``,
        dd/mm/yyyy dates, ``", "``-joined multi-select answers).
    spec_text : str
        The survey specification (TOML) that reads it.
    note : str
        The warning to print wherever it is used.

    Examples
    --------
    >>> from optamstats.datasets import optam_2025_synthetic_export
    >>> export = optam_2025_synthetic_export()
    >>> frame = export.frame()
    >>> frame.shape
    (198, 11)
    >>> export.spec.cohort(frame).n
    178
    """

    csv: str
    spec_text: str
    note: str = SYNTHETIC_NOTE

    @property
    def spec(self) -> SurveySpec:
        """The parsed specification."""
        from optamstats.forms import load_spec

        return load_spec(self.spec_text)

    def frame(self) -> pd.DataFrame:
        """Read the export as :func:`optamstats.read_responses` does a file.

        Returns
        -------
        pandas.DataFrame
            One row per submission (198), text cells as written and the parsed
            ``Horodateur`` timestamps; checked against :attr:`spec`.
        """
        from optamstats.forms import read_responses

        return read_responses(io.BytesIO(self.csv.encode("utf-8")), spec=self.spec)


def _choose(rng: np.random.Generator, n: int, tallies: dict[str, int]) -> list[list[str]]:
    """Tick options for n respondents: exactly `tallies` each, everyone at least one."""
    while True:  # redraw until nobody is left with nothing ticked (deterministic seed)
        ticked: list[list[str]] = [[] for _ in range(n)]
        for option, count in tallies.items():
            for i in rng.choice(n, size=count, replace=False):
                ticked[int(i)].append(option)
        if all(ticked):
            order = list(tallies)
            return [sorted(t, key=order.index) for t in ticked]


def _rows(rng: np.random.Generator) -> list[dict[str, str]]:
    specialty = [name for name, count in SPECIALTIES for _ in range(count)]
    rng.shuffle(specialty)
    rows: list[dict[str, str]] = []

    def person(sector: str, **answers: str) -> dict[str, str]:
        row = dict.fromkeys(COLUMNS, "")
        row.update({PRACTICE: "Libéral exclusif", STATUS: "Médecin installé", SECTOR: sector,
                    SPECIALTY: specialty[len(rows) % len(specialty)]})  # fmt: skip
        for key, value in answers.items():
            row[{"member": MEMBER, "left": LEFT, "plan": PLAN}[key]] = value
        return row

    leavers = _choose(rng, 50, LEAVER_TALLIES)
    planners = _choose(rng, 41, PLANNER_TALLIES)
    for motives in leavers:
        rows.append(person("Secteur 2", member="Oui", left="Oui"))
        rows[-1][MOTIVES] = ", ".join(motives)
    for i, motives in enumerate(planners):
        rows.append(person("Secteur 2", member="Oui", left="Non", plan="Oui"))
        # Invented "Other" text, so the report can show it is never printed.
        other = [f"Autre raison (texte libre synthétique {i + 1})"] if i < 8 else []
        rows[-1][PLAN_MOTIVES] = ", ".join(motives + other)
    for i in range(28):
        rows.append(person("Secteur 2", member="Oui", left="Non", plan="Non"))
        if i < PLANNER_OTHER - 8:
            rows[-1][PLAN_MOTIVES] = f"Je reste : raison synthétique {i + 1}"
    rows += [person("Secteur 2", member="Non") for _ in range(59)]
    rows += [person("Secteur 1") for _ in range(7)] + [person("Non conventionné") for _ in range(3)]
    for i in rng.choice(len(rows), size=129, replace=False):
        rows[int(i)][CHANGES] = f"Réponse libre synthétique n° {int(i) + 1}"
    for i in rng.choice(len(rows), size=30, replace=False):
        rows[int(i)][PRACTICE] = "Mixte (libéral et hospitalier)"
    for i in rng.choice(len(rows), size=12, replace=False):
        rows[int(i)][STATUS] = "Médecin remplaçant"
    return rows


def optam_2025_synthetic_export() -> SyntheticExport:
    """Return a SYNTHETIC respondent-level export reproducing the 2025 survey's margins.

    The export has 198 rows: the 188 respondents of the report (178 in sector 2: 119
    OPTAM members in October, of whom 50 left and 69 stayed, 41 of them planning to
    leave) and 10 planted rows that the specification's cohort steps remove (3
    hospital-only, 2 interns, 2 incomplete, 3 resubmissions sent again within minutes).
    The motive tallies are the published ones; which motives go together is invented.

    Returns
    -------
    SyntheticExport
        ``.csv`` (the file), ``.frame()`` (read), ``.spec`` (its specification),
        ``.note`` (the warning to print).

    References
    ----------
    .. [1] Jeunes Médecins, "Enquête sortie de l'OPTAM", survey report, November 2025
       (the published margins reproduced).

    Examples
    --------
    >>> from optamstats.datasets import optam_2025_synthetic_export
    >>> export = optam_2025_synthetic_export()
    >>> export.csv.splitlines()[0][:30]
    'Horodateur,Quel est votre mode'
    >>> len(export.csv.splitlines())
    199
    """
    rng = np.random.default_rng(_SEED)
    rows = _rows(rng)
    rng.shuffle(rows)
    planted = [dict(rows[0]) for _ in range(3)]  # hospital-only (otherwise like row 0)
    for row in planted:
        row[PRACTICE] = "Hospitalier exclusif"
    interns = [dict(rows[1]), dict(rows[2])]
    for row in interns:
        row[STATUS] = "Interne"
    incomplete = [dict(rows[3]), dict(rows[4])]
    for row in incomplete:
        row[SECTOR] = ""
    start = datetime(2025, 11, 7, 8, 0, 0)
    span = (datetime(2025, 11, 12, 22, 0, 0) - start).total_seconds()
    extra = planted + interns + incomplete
    times = np.sort(rng.uniform(0, span, size=len(rows) + len(extra)))
    everyone = rows + extra
    order = rng.permutation(len(everyone))
    stamped = []
    for t, i in zip(times, order, strict=True):
        row = dict(everyone[int(i)])
        row[TS] = (start + timedelta(seconds=int(t))).strftime("%d/%m/%Y %H:%M:%S")
        stamped.append(row)
    # Resubmissions: three respondents (never planted rows) press "send" again 2–4 minutes
    # later.
    position = {int(source): j for j, source in enumerate(order)}
    for k, i in enumerate((10, 60, 120)):
        again = dict(stamped[position[i]])
        when = datetime.strptime(again[TS], "%d/%m/%Y %H:%M:%S") + timedelta(minutes=2 + k)
        again[TS] = when.strftime("%d/%m/%Y %H:%M:%S")
        stamped.append(again)
    stamped.sort(key=lambda r: datetime.strptime(r[TS], "%d/%m/%Y %H:%M:%S"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([row[c] for c in COLUMNS] for row in stamped)
    from importlib import resources

    spec_text = resources.files(__package__).joinpath(SPEC_FILE).read_text(encoding="utf-8")
    return SyntheticExport(out.getvalue(), spec_text)


def optam_2026_synthetic_wave() -> SyntheticExport:
    """Return a SYNTHETIC second wave (November 2026) of the 2025 survey, same spec.

    Made from :func:`optam_2025_synthetic_export` for the worked example of
    :func:`optamstats.compare_waves`: the same questions and options; every date one
    year later; 25 of the 41 members who planned to leave in 2025 now say they have
    left (their reasons those a leaver gives); 20 non-members' answers (35 rows, as
    several non-members answered alike) are missing. Nothing in it was observed.

    Returns
    -------
    SyntheticExport
        ``.csv``, ``.frame()``, ``.spec`` (the 2025 spec, titled 2026, fieldwork dates
        moved one year), ``.note``.

    References
    ----------
    .. [1] ``docs/example-waves.md`` (the worked example).

    Examples
    --------
    >>> from optamstats.datasets import optam_2026_synthetic_wave
    >>> wave = optam_2026_synthetic_wave()
    >>> wave.spec.cohort(wave.frame()).n
    143
    """
    base = optam_2025_synthetic_export()
    rows = list(csv.reader(io.StringIO(base.csv)))
    head, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(head)}
    rng = np.random.default_rng(_SEED + 1)
    # The same respondent may appear twice (a resubmission): change both copies alike.
    people = sorted({tuple(r[1:]) for r in body})
    planners = [p for p in people if p[col[LEFT] - 1] == "Non" and p[col[PLAN] - 1] == "Oui"]
    outsiders = [p for p in people if p[col[MEMBER] - 1] == "Non"]
    moved = {planners[int(i)] for i in rng.choice(len(planners), size=25, replace=False)}
    gone = {outsiders[int(i)] for i in rng.choice(len(outsiders), size=20, replace=False)}
    out_rows = []
    for r in body:
        person = tuple(r[1:])
        if person in gone:
            continue
        r = list(r)
        r[col[TS]] = r[col[TS]].replace("/2025 ", "/2026 ")
        if person in moved:
            r[col[LEFT]], r[col[PLAN]], r[col[PLAN_MOTIVES]] = "Oui", "", ""
            r[col[MOTIVES]] = "Menace de sanctions / pénalités, Objectifs financiers inatteignables"
        out_rows.append(r)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(head)
    writer.writerows(out_rows)
    spec_text = (
        base.spec_text.replace("novembre 2025", "novembre 2026")
        .replace("November 2025", "November 2026")
        .replace('"2025-11-', '"2026-11-')
    )
    return SyntheticExport(out.getvalue(), spec_text)
