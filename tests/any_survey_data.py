"""A made-up 2026 survey that is not the 2025 one: every question type, skip logic with
``any``, a "Ne sait pas", a multi-select with commas in its labels and an "Autre" box.

Generated from a seed, so that tests compare the report's counts with pandas' own
counts on the same rows. Nothing here is real data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

REASONS = (
    "Charge administrative, trop lourde",
    "Tarifs insuffisants",
    "Désaccord politique",
    "Contraintes, règles et sanctions",
)
COLUMNS = {
    "practice": "Mode d'exercice",
    "sector": "Secteur",
    "region": "Région",
    "age": "Âge",
    "left": "Avez-vous déjà quitté la convention ?",
    "plan": "Si non, comptez-vous la quitter dans les 12 mois ?",
    "why": "Pour quelles raisons ?",
    "satisfaction": "Satisfaction (1-5)",
    "comment": "Commentaire",
}

SPEC = """
[survey]
title = { fr = "Enquête 2026 (données inventées)", en = "2026 survey (made-up data)" }
lang = "fr"
timestamp = "Horodateur"
population = { fr = "répondants", en = "respondents" }

[fieldwork]
start = "2026-03-01"
end = "2026-03-09"
invitation = "lien envoyé aux adhérents par courriel"
caveat = { fr = "Échantillon auto-sélectionné.", en = "Self-selected sample." }

[questions.practice]
column = "Mode d'exercice"
options = ["Libéral", "Mixte", "Salarié"]
label = { fr = "Mode d'exercice", en = "Practice" }

[questions.sector]
column = "Secteur"
options = ["Secteur 1", "Secteur 2", "Non conventionné"]

[questions.region]
column = "Région"
options = ["Île-de-France", "Occitanie", "Bretagne", "Corse"]

[questions.age]
column = "Âge"
type = "number"
min = 20
max = 80

[questions.left]
column = "Avez-vous déjà quitté la convention ?"
type = "yesno"
options = ["Oui", "Non"]
yes = "Oui"
no = "Non"
label = { fr = "Déjà sorti", en = "Already left" }

[questions.plan]
column = "Si non, comptez-vous la quitter dans les 12 mois ?"
type = "yesno"
options = ["Oui", "Non", "Ne sait pas"]
yes = "Oui"
no = "Non"
non_substantive = ["Ne sait pas"]
asked_if = { left = "Non" }
label = { fr = "Compte sortir", en = "Plans to leave" }

[questions.why]
column = "Pour quelles raisons ?"
type = "multi"
options = [
    "Charge administrative, trop lourde",
    "Tarifs insuffisants",
    "Désaccord politique",
    "Contraintes, règles et sanctions",
]
other = true
asked_if = { any = [{ left = "Oui" }, { plan = "Oui" }] }
label = { fr = "Raisons", en = "Reasons" }

[questions.satisfaction]
column = "Satisfaction (1-5)"
type = "scale"
range = [1, 5]

[questions.comment]
column = "Commentaire"
type = "text"

[funnel]
left = "left"
plan = "plan"

[[claim]]
of = "funnel"
threshold = 0.5
text = { fr = "La moitié quitterait", en = "Half would leave" }

[[claim]]
of = "left"
threshold = 0.3

[[breakdown]]
by = "sector"
questions = ["left"]
"""


def export(n: int = 300, seed: int = 1, corse: float = 0.03) -> pd.DataFrame:
    """Return `n` rows of a Google-Forms-like export of the made-up survey."""
    rng = np.random.default_rng(seed)
    left = rng.choice(["Oui", "Non"], size=n, p=[0.35, 0.65])
    plan = np.where(
        left == "Non",
        rng.choice(["Oui", "Non", "Ne sait pas", ""], size=n, p=[0.39, 0.4, 0.18, 0.03]),
        "",
    )
    why = []
    for i in range(n):
        if left[i] == "Oui" or plan[i] == "Oui":
            picks = list(rng.choice(REASONS, size=int(rng.integers(1, 4)), replace=False))
            if rng.random() < 0.1:
                picks.append("Autre chose à dire")
            why.append(", ".join(picks) if rng.random() > 0.02 else "")
        else:
            why.append("")
    age = [str(int(a)) if rng.random() > 0.05 else "" for a in rng.integers(28, 70, size=n)]
    age = [a + ",5" if a.endswith("4") else a for a in age]  # decimal commas
    return pd.DataFrame(
        {
            "Horodateur": [f"{1 + i % 9:02d}/03/2026 1{i % 10}:{i % 60:02d}:{(i * 7) % 60:02d}"
                           for i in range(n)],
            COLUMNS["practice"]: rng.choice(["Libéral", "Mixte", "Salarié"], size=n),
            COLUMNS["sector"]: rng.choice(["Secteur 1", "Secteur 2", "Non conventionné"],
                                          size=n, p=[0.3, 0.6, 0.1]),
            COLUMNS["region"]: rng.choice(["Île-de-France", "Occitanie", "Bretagne", "Corse"],
                                          size=n, p=[0.4, 0.3, 0.3 - corse, corse]),
            COLUMNS["age"]: age,
            COLUMNS["left"]: left,
            COLUMNS["plan"]: plan,
            COLUMNS["why"]: why,
            COLUMNS["satisfaction"]: rng.integers(1, 6, size=n).astype(str),
            COLUMNS["comment"]: np.where(rng.random(n) < 0.3, "texte libre", ""),
        }
    )  # fmt: skip
