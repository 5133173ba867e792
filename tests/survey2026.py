"""A SYNTHETIC 2026 survey on leaving the national agreement, as three exports.

Seeded and built in the tests (no download): the same responses as a Google Forms CSV
download (UTF-8, ``,``, multi-select answers joined with ``", "``), as that file re-saved
by a French Excel (cp1252, ``;``, timestamps without seconds) and as a Microsoft Forms
workbook (``ID``, ``Start time``, ``Completion time``, ``Email``, ``Name``, then the
questions; multi-select answers joined with ``";"`` and a trailing ``";"``).

The questionnaire: mode of practice, sector, specialty, region, age (a number),
"already left?" (Oui/Non), "if not, plan to within 12 months?" (Oui/Non/Ne sait pas,
asked only if not left), reasons (multi-select whose labels contain ", ", with an
"Autre" box, asked if left = Oui or plan = Oui), a 1-5 satisfaction scale and a
comment box. Every respondent answers every question they are asked except age (a few
blanks) and the comment box (optional), so the skip logic shows exactly in the blanks.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from dataclasses import dataclass

# question key -> header, in the form's order
HEADERS = {
    "practice": "Quel est votre mode d'exercice ?",
    "sector": "Dans quel secteur conventionnel exercez-vous ?",
    "specialty": "Quelle est votre spécialité ?",
    "region": "Dans quelle région exercez-vous ?",
    "age": "Quel âge avez-vous ?",
    "left": "Êtes-vous déjà sorti(e) de la convention ?",
    "plan": "Si non, comptez-vous en sortir dans les 12 prochains mois ?",
    "reasons": "Pour quelles raisons ? (plusieurs réponses possibles)",
    "satisfaction": "Quelle est votre satisfaction à l'égard de la convention actuelle ?",
    "comment": "Souhaitez-vous ajouter un commentaire ?",
}
PRACTICE = ["Libéral exclusif", "Mixte (libéral et hospitalier)", "Hospitalier exclusif"]
SECTOR = ["Secteur 1", "Secteur 2", "Non conventionné"]
SPECIALTY = [
    "Médecine générale",
    "Pédiatrie",
    "Psychiatrie",
    "Gynécologie médicale",
    "Cardiologie",
    "Dermatologie",
    "Ophtalmologie",
    "Chirurgie",
]
REGION = [
    "Île-de-France",
    "Auvergne-Rhône-Alpes",
    "Occitanie",
    "Nouvelle-Aquitaine",
    "Grand Est",
    "Hauts-de-France",
    "Provence-Alpes-Côte d'Azur",
    "Bretagne",
]
PLAN = ["Oui", "Non", "Ne sait pas"]
# Labels holding ", " (Google Forms joins ticked options with ", " too).
REASONS = [
    "Tarifs trop bas, non revalorisés",
    "Charges administratives, paperasse",
    "Désaccord politique",
    "Contraintes d'horaires, gardes, astreintes",
    "Perte d'indépendance",
]
OTHER_TEXTS = [
    "Départ à la retraite prévu",
    "Déménagement à l'étranger, raisons familiales",
    "Conflit avec la caisse locale",
    "Installation en clinique privée",
    "Burn-out",
    "Pression des objectifs de la ROSP",
]
COMMENTS = [
    "La convention ne tient pas compte de la réalité du terrain",
    "Merci pour cette enquête",
    "Il faudrait revoir la nomenclature des actes techniques",
    "Les délais de paiement se sont allongés depuis deux ans",
    "Je reste par solidarité avec mes patients",
]


@dataclass(frozen=True)
class Survey2026:
    """The responses (one dict of answers per respondent) and their submission times."""

    rows: tuple[dict[str, str], ...]
    times: tuple[datetime.datetime, ...]

    def column(self, key: str) -> list[str]:
        """Return the answers to one question, in row order ("" when blank)."""
        return [r[key] for r in self.rows]

    def google_csv(self) -> bytes:
        """Return the Google Forms CSV download (UTF-8, ',', French headers)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["Horodateur", *HEADERS.values()])
        for t, row in zip(self.times, self.rows, strict=True):
            writer.writerow([t.strftime("%d/%m/%Y %H:%M:%S"), *(row[k] for k in HEADERS)])
        return out.getvalue().encode("utf-8")

    def excel_fr_csv(self) -> bytes:
        """Return the export as a French Excel re-saves it (cp1252, ';', no seconds)."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(["Horodateur", *HEADERS.values()])
        for t, row in zip(self.times, self.rows, strict=True):
            writer.writerow([t.strftime("%d/%m/%Y %H:%M"), *(row[k] for k in HEADERS)])
        return out.getvalue().encode("cp1252")

    def microsoft_xlsx(self) -> bytes:
        """Return a Microsoft Forms workbook: ID, times, Email, Name, then the questions."""
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Form1"
        sheet.append(["ID", "Start time", "Completion time", "Email", "Name", *HEADERS.values()])
        for i, (t, row) in enumerate(zip(self.times, self.rows, strict=True)):
            answers: list[object] = []
            for key in HEADERS:
                value = row[key]
                if key == "reasons" and value:
                    value = ";".join(split_google(value)) + ";"
                if key in ("age", "satisfaction") and value:
                    answers.append(int(value))  # Microsoft writes numbers as numbers
                else:
                    answers.append(value or None)
            start = t - datetime.timedelta(seconds=90 + 7 * (i % 40))
            sheet.append([i + 1, start, t, "anonymous", None, *answers])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def split_google(cell: str) -> list[str]:
    """Split a reasons cell written by :func:`generate` (options first, "Autre" text last)."""
    ticked = [r for r in REASONS if r in cell]
    rest = cell
    for r in ticked:
        rest = rest.replace(r, "", 1)
    other = rest.strip(", ")
    return ticked + ([other] if other else [])


def generate(n: int = 300, seed: int = 2026) -> Survey2026:
    """Return `n` SYNTHETIC responses, the same for the same seed."""
    rng = random.Random(seed)
    rows = []
    times = []
    t = datetime.datetime(2026, 3, 2, 8, 30, 0)
    others = iter(OTHER_TEXTS)  # each "Autre" text typed once
    alone = 0
    for i in range(n):
        t += datetime.timedelta(seconds=rng.randint(60, 4000))
        times.append(t)
        left = rng.choices(["Oui", "Non"], weights=[35, 65])[0]
        plan = rng.choices(PLAN, weights=[40, 35, 25])[0] if left == "Non" else ""
        reasons = ""
        if left == "Oui" or plan == "Oui":
            if alone < len(REASONS):  # each label is ticked alone at least once
                parts = [REASONS[alone]]
                alone += 1
            else:
                parts = [r for r in REASONS if rng.random() < 0.4]
                other = next(others, None) if rng.random() < 0.08 or not parts else None
                if other is not None:
                    parts.append(other)
                if not parts:
                    parts = [rng.choice(REASONS)]
            reasons = ", ".join(parts)
        age = "" if rng.random() < 0.03 else str(rng.randint(29, 69))
        comment = ""
        if rng.random() < 0.35:
            comment = f"{rng.choice(COMMENTS)} (réponse {i + 1})"
        rows.append(
            {
                "practice": rng.choices(PRACTICE, weights=[60, 30, 10])[0],
                "sector": rng.choices(SECTOR, weights=[30, 60, 10])[0],
                "specialty": rng.choice(SPECIALTY),
                "region": rng.choice(REGION),
                "age": age,
                "left": left,
                "plan": plan,
                "reasons": reasons,
                "satisfaction": str(rng.choices([1, 2, 3, 4, 5], weights=[20, 30, 25, 15, 10])[0]),
                "comment": comment,
            }
        )
    return Survey2026(rows=tuple(rows), times=tuple(times))
