"""Every sentence of the report, in French and English (numbers are formatted later)."""

from __future__ import annotations

from typing import Any, Final

__all__ = ["t"]

# Every sentence of the report in both languages; numbers are formatted by renderers.
TEXT: Final[dict[str, dict[str, str]]] = {
    "flow": {"fr": "Flux de sélection des répondants", "en": "Attrition flow"},
    "flow_table": {
        "fr": "Étapes d'inclusion et d'exclusion",
        "en": "Inclusion and exclusion steps",
    },
    "step": {"fr": "Étape", "en": "Step"},
    "flow_step_start": {"fr": "export", "en": "export"},
    "flow_step_include": {"fr": "inclusion", "en": "inclusion"},
    "flow_step_exclude": {"fr": "exclusion", "en": "exclusion"},
    "flow_step_require": {"fr": "réponses complètes", "en": "complete answers"},
    "flow_step_drop_resubmissions": {"fr": "doublons", "en": "duplicates"},
    "reason": {"fr": "Motif", "en": "Reason"},
    "excluded": {"fr": "Exclus", "en": "Excluded"},
    "remaining": {"fr": "Restants", "en": "Remaining"},
    "props": {
        "fr": "Proportions principales, avec leur intervalle",
        "en": "Headline proportions with intervals",
    },
    "props_table": {"fr": "Proportions (IC de Wilson)", "en": "Proportions (Wilson CI)"},
    "figure": {"fr": "Indicateur", "en": "Figure"},
    "k": {"fr": "k", "en": "k"},
    "n": {"fr": "n", "en": "n"},
    "pct": {"fr": "%", "en": "%"},
    "low": {"fr": "borne basse", "en": "low"},
    "high": {"fr": "borne haute", "en": "high"},
    "base": {"fr": "Base (qui a répondu)", "en": "Base (who answered)"},
    "funnel": {"fr": "Taux de sortie combiné", "en": "Combined exit rate"},
    "funnel_intro": {
        "fr": "Taux combiné = A + (1 − A) × B, où A = « {a} » et B = « {b} » (parmi les autres). "
        "Trois intervalles côte à côte : bootstrap (exact, B = ∞), Wilson sur le nombre combiné "
        "et méthode delta.",
        "en": "Combined rate = A + (1 − A) × B, where A = “{a}” and B = “{b}” (among the others). "
        "Three intervals side by side: the bootstrap (exact, B = ∞), Wilson on the combined "
        "count, and the delta method.",
    },
    "funnel_table": {"fr": "Taux combiné : intervalles", "en": "Combined rate: intervals"},
    "method": {"fr": "Méthode", "en": "Method"},
    "estimate": {"fr": "Estimation", "en": "Estimate"},
    "claim": {"fr": "« {text} » : est-ce établi ?", "en": "“{text}”: is it established?"},
    "claim_above": {"fr": "Plus de {thr}", "en": "More than {thr}"},
    "claim_below": {"fr": "Moins de {thr}", "en": "Less than {thr}"},
    "claim_below_na": {
        "fr": "Non testé : une affirmation « moins de » sur le taux combiné n'est testée qu'en l'absence de non-réponse.",
        "en": "Not tested: a “less than” claim on the combined rate is tested only without item non-response.",
    },
    "claim_withheld": {
        "fr": "Non publié : l'effectif concerné ou son complément est inférieur à {t}.",
        "en": "Withheld: the count it is about, or its complement, is below {t}.",
    },
    "claim_below_cite": {
        "fr": "{est} < {thr} ? Borne sup. unilatérale {high}, p = {p} : {verdict}.",
        "en": "{est} < {thr}? One-sided upper bound {high}, p = {p}: {verdict}.",
    },
    "bound_high": {"fr": "Borne sup. unilatérale (Wilson)", "en": "One-sided upper bound (Wilson)"},
    "bound_high_exact": {"fr": "Borne sup. exacte", "en": "Exact upper bound"},
    "undecided_no": {
        "fr": "{k} réponse(s) « {what} » à « {b} », comptée(s) comme des « non ».",
        "en": "{k} “{what}” answer(s) to “{b}”, counted as “no”.",
    },
    "undecided_no_answer": {
        "fr": "{k} réponse(s) « {what} » à « {b} », comptée(s) comme des non-réponses.",
        "en": "{k} “{what}” answer(s) to “{b}”, counted as item non-response.",
    },
    "untitled": {"fr": "Rapport d'enquête", "en": "Survey report"},
    "methods": {"fr": "Méthodes", "en": "Methods"},
    "other_questions": {"fr": "Autres questions", "en": "Other questions"},
    "by_title": {"fr": "{q} selon {by}", "en": "{q} by {by}"},
    "weighted_title": {
        "fr": "Estimations pondérées (redressement sur les marges)",
        "en": "Weighted estimates (raked to population margins)",
    },
    "weighted_table": {"fr": "Pondéré et non pondéré", "en": "Weighted and unweighted"},
    "weighted": {"fr": "Pondéré", "en": "Weighted"},
    "unweighted": {"fr": "Non pondéré", "en": "Unweighted"},
    "deff": {"fr": "Effet de plan (Kish)", "en": "Design effect (Kish)"},
    "weighting_note": {
        "fr": "Redressement (raking) sur : {margins} ; IC de Wilson sur la taille efficace de Kish ; {left} répondant(s) sans réponse à une variable de redressement, non pondéré(s).",
        "en": "Raked to: {margins}; Wilson interval on Kish's effective sample size; {left} respondent(s) without an answer to a weighting question, not weighted.",
    },
    "group": {"fr": "Groupe", "en": "Group"},
    "merged": {"fr": "Autres (regroupés)", "en": "Others (pooled)"},
    "diff_rest": {"fr": "Écart au reste (points)", "en": "Difference from the rest (points)"},
    "p_holm": {"fr": "p (Holm)", "en": "p (Holm)"},
    "diff_low": {"fr": "IC bas (points)", "en": "CI low (points)"},
    "diff_high": {"fr": "IC haut (points)", "en": "CI high (points)"},
    "not_asked_note": {
        "fr": "Attention : {k} réponse(s) données là où la logique de saut (`questions.{q}.asked_if`) dit que la question n'a pas été posée, laissées hors de la base : vérifiez la spécification (optamstats check les liste).",
        "en": "Warning: {k} answer(s) given where the skip logic (`questions.{q}.asked_if`) says the question was not asked, left out of the base: check the spec (optamstats check lists them).",
    },
    "chi-square": {"fr": "khi-deux", "en": "chi-square"},
    "breakdown_note": {
        "fr": "Chaque groupe comparé à tous les autres (écart : IC de Newcombe ; p : test du score, ajusté par Holm). Homogénéité : {p} ({method}).",
        "en": "Each group against all the others (difference: Newcombe interval; p: score test, Holm-adjusted). Homogeneity: {p} ({method}).",
    },
    "breakdown_merged": {
        "fr": "Groupes regroupés en « {label} » (effectif ou complément inférieur au seuil) : {groups}.",
        "en": "Groups pooled as “{label}” (a count or complement below the threshold): {groups}.",
    },
    "breakdown_unassigned": {
        "fr": "{k} répondant(s) sans réponse à la question de regroupement, hors tableau.",
        "en": "{k} respondent(s) without an answer to the grouping question, left out.",
    },
    "m_item": {"fr": "Élément", "en": "Item"},
    "m_value": {"fr": "Valeur", "en": "Value"},
    "m_fieldwork": {"fr": "Terrain", "en": "Fieldwork"},
    "m_mode": {"fr": "Mode de collecte", "en": "Mode"},
    "m_invitation": {"fr": "Invitation", "en": "Invitation"},
    "m_caveat": {"fr": "Échantillonnage", "en": "Sampling"},
    "m_reminders": {"fr": "Relances", "en": "Reminders"},
    "m_input": {"fr": "Fichier de réponses (SHA-256)", "en": "Responses file (SHA-256)"},
    "m_spec": {"fr": "Spécification (SHA-256)", "en": "Specification (SHA-256)"},
    "m_rule": {"fr": "Secret statistique", "en": "Disclosure control"},
    "m_rule_value": {
        "fr": "règle « {rule} » : effectifs de 1 à {t_1} masqués, audit par programmation linéaire",
        "en": "rule “{rule}”: counts from 1 to {t_1} hidden, linear-programming audit",
    },
    "m_rounded": {"fr": "; effectifs arrondis à {b}", "en": "; counts rounded to {b}"},
    "m_rule_off": {"fr": "désactivé", "en": "off"},
    "m_software": {"fr": "Logiciel", "en": "Software"},
    "m_seed": {"fr": "Graine aléatoire", "en": "Random seed"},
    "claim_table": {"fr": "Test unilatéral", "en": "One-sided test"},
    "threshold": {"fr": "Seuil", "en": "Threshold"},
    "bound": {"fr": "Borne inf. unilatérale (Wilson)", "en": "One-sided lower bound (Wilson)"},
    "bound_exact": {"fr": "Borne inf. exacte", "en": "Exact lower bound"},
    "p": {"fr": "p", "en": "p"},
    "verdict": {"fr": "Conclusion", "en": "Verdict"},
    "established": {"fr": "établi", "en": "established"},
    "not_established": {"fr": "non établi", "en": "not established"},
    "scenarios": {
        "fr": "Scénarios : les intentions ne sont pas des départs",
        "en": "Scenarios: intentions are not departures",
    },
    "scenarios_intro": {
        "fr": "Si seule une part r des intentions se réalise : taux = A + (1 − A) × B × r.",
        "en": "If only a share r of stated intentions is carried out: rate = A + (1 − A) × B × r.",
    },
    "scenarios_table": {
        "fr": "Taux combiné selon la réalisation r",
        "en": "Combined rate by realisation r",
    },
    "realisation": {"fr": "Réalisation r", "en": "Realisation r"},
    "motives": {
        "fr": "Motifs (questions à choix multiples)",
        "en": "Motives (check-all-that-apply questions)",
    },
    "option": {"fr": "Motif", "en": "Option"},
    "mentions": {"fr": "Mentions", "en": "Mentions"},
    "respondents": {"fr": "Répondants", "en": "Respondents"},
    "pct_resp": {"fr": "% des répondants", "en": "% of respondents"},
    "pct_mentions": {"fr": "% des mentions", "en": "% of mentions"},
    "rank": {"fr": "Rang (IC)", "en": "Rank (CI)"},
    "no_base": {
        "fr": "Le rapport ne publie pas combien de médecins ont répondu : seuls les % des mentions sont calculables, sans intervalle.",
        "en": "The report does not publish how many doctors answered: only % of mentions can be computed, without intervals.",
    },
    "no_ranks": {
        "fr": "Rangs : non calculables depuis des totaux publiés (il faut les réponses individuelles).",
        "en": "Ranks: not computable from published tallies (respondent-level answers are needed).",
    },
    "expectations": {"fr": "Réponses ouvertes codées", "en": "Coded open answers"},
    "theme": {"fr": "Thème", "en": "Theme"},
    "subtheme": {"fr": "Sous-thème", "en": "Sub-theme"},
    "count": {"fr": "Effectif", "en": "Count"},
    "audit": {"fr": "Audit des chiffres publiés", "en": "Audit of the published figures"},
    "check": {"fr": "Contrôle", "en": "Check"},
    "severity": {"fr": "Gravité", "en": "Severity"},
    "explanation": {"fr": "Explication", "en": "Explanation"},
    "audit_ok": {
        "fr": "{ok} autres contrôles sont cohérents (voir le format JSON pour la liste complète).",
        "en": "{ok} other checks are consistent (the JSON output lists them all).",
    },
    "sampling_only": {
        "fr": "Échantillon auto-sélectionné : les intervalles ne couvrent que l'erreur "
        "d'échantillonnage, pas le biais de sélection. Citer « parmi les répondants ».",
        "en": "Self-selected sample: intervals cover sampling error only, not selection bias. "
        'Cite figures as "among respondents".',
    },
    "sampling_tail": {
        "fr": "Les intervalles ne couvrent que l'erreur d'échantillonnage, pas le biais de "
        "sélection. Citer « parmi les répondants ».",
        "en": 'Intervals cover sampling error only, not selection bias. Cite figures as "among '
        'respondents".',
    },
    "forest_title": {"fr": "{title} (IC à {c} %)", "en": "{title} ({c}% CI)"},
    "funnel_title": {"fr": "{title} (IC à {c} %)", "en": "{title} ({c}% CI)"},
    "xlabel": {"fr": "% des répondants", "en": "% of respondents"},
    "f_left": {"fr": "Déjà sortis", "en": "Already left"},
    "f_plan": {
        "fr": "Comptent sortir (parmi les autres)",
        "en": "Plan to leave (among the others)",
    },
    "f_comb": {"fr": "Taux combiné (bootstrap BCa)", "en": "Combined rate (BCa bootstrap)"},
    "f_wilson": {"fr": "Taux combiné (Wilson)", "en": "Combined rate (Wilson)"},
    "m_bca": {"fr": "Bootstrap BCa", "en": "BCa bootstrap"},
    "m_perc": {"fr": "Bootstrap percentile", "en": "Percentile bootstrap"},
    "m_wilson": {"fr": "Wilson (nombre combiné)", "en": "Wilson (combined count)"},
    "m_delta": {"fr": "Méthode delta", "en": "Delta method"},
    "disclosure_off": {
        "fr": "Contrôle du secret statistique DÉSACTIVÉ (--no-disclosure-control) : les effectifs de 1 à {m} sont imprimés et peuvent identifier des répondants. Ne pas diffuser ce rapport.",
        "en": "Disclosure control OFF (--no-disclosure-control): counts from 1 to {m} are printed and may identify respondents. Do not publish this report.",
    },
    "free_text_on": {
        "fr": "Réponses libres incluses (--include-free-text) : relisez-les avant toute diffusion, elles peuvent nommer des personnes.",
        "en": "Free-text answers included (--include-free-text): read them before publishing anything; they may name people.",
    },
    "hidden_note": {
        "fr": "< {t} : moins de {t} répondants, masqué pour préserver l'anonymat ; s : masqué pour qu'aucun effectif caché ne puisse être recalculé à partir des autres ou des totaux.",
        "en": "< {t}: fewer than {t} respondents, hidden to protect anonymity; s: hidden so that no hidden count can be recomputed from the others or the totals.",
    },
    "flow_merged": {
        "fr": "Une étape qui exclut de 1 à {t_1} répondants est fusionnée avec la suivante (ou la précédente) : les motifs sont joints par « + ».",
        "en": "A step excluding 1 to {t_1} respondents is merged with the next (or the previous) step: their reasons are joined by “+”.",
    },
    "audit_verdict": {
        "fr": "Secret statistique (règle « {rule} » : effectifs de 1 à {t_1} masqués) : {hidden} cellule(s) masquée(s) ; l'audit par programmation linéaire a vérifié que chacun des {protected} effectif(s) protégé(s) peut valoir 0 comme {t} ou plus d'après tout ce que le rapport publie (ou toute valeur de « < {t} » s'il est affiché ainsi) : audit réussi.",
        "en": "Disclosure control (rule “{rule}”: counts from 1 to {t_1} hidden): {hidden} cell(s) hidden; the linear-programming audit checked that each of the {protected} protected count(s) could be 0 as well as {t} or more given everything this report publishes (or any value of “< {t}” where so printed): audit passed.",
    },
    "rounded_note": {
        "fr": "Effectifs arrondis au multiple de {b} le plus proche ; pourcentages et intervalles calculés à partir des effectifs arrondis ; les totaux peuvent différer de la somme des lignes.",
        "en": "Counts rounded to the nearest multiple of {b}; percentages and intervals computed from the rounded counts; totals may differ from the sum of the rows.",
    },
    "rounded_withheld": {
        "fr": "Non publié sous une règle d'arrondi (effectifs arrondis à {b}) : ces chiffres sont calculés sur les réponses non arrondies et les redonneraient.",
        "en": "Not published under a rounding rule (counts rounded to {b}): these figures are computed from the unrounded answers and would give them back.",
    },
    "rounded_release": {
        "fr": "Règle « {rule} » : effectifs de 1 à {t_1} masqués, tous les effectifs arrondis au multiple de {b} le plus proche ; seuls les tableaux d'effectifs sont publiés, avec les pourcentages et intervalles calculés sur les effectifs arrondis (phrases, graphiques, tests et estimations calculés sur les réponses non arrondies : non publiés).",
        "en": "Rule “{rule}”: counts from 1 to {t_1} hidden, every count rounded to the nearest multiple of {b}; only the tables of counts are published, with percentages and intervals computed from the rounded counts (sentences, figures, tests and estimates computed from the unrounded answers: not published).",
    },
    "previous_audited": {
        "fr": "Diffusions successives : l'audit inclut ce que {r} diffusion(s) précédente(s) ont publié ; pour chaque effectif protégé, le nombre de répondants arrivés depuis ne peut pas être situé entre 1 et le seuil moins 1 par différence entre les diffusions (cellules masquées « s » sinon).",
        "en": "Successive releases: the audit includes what {r} previous release(s) published; for each protected count, the number of respondents who came in since cannot be placed from 1 to the threshold minus 1 by difference between releases (cells hidden as “s” otherwise).",
    },
    "audit_failed": {
        "fr": "Secret statistique (règle « {rule} ») : l'audit par programmation linéaire n'a PAS pu protéger tous les effectifs masqués ({failed} restent déductibles). Ne pas diffuser ce rapport.",
        "en": "Disclosure control (rule “{rule}”): the linear-programming audit could NOT protect every hidden count ({failed} can still be deduced). Do not publish this report.",
    },
    "published_small": {
        "fr": "Effectifs inférieurs à {t} reproduits tels que les auteurs de l'enquête les ont publiés (déjà publics).",
        "en": "Counts below {t} are shown as the survey's authors published them (already public).",
    },
    "withheld_funnel": {
        "fr": "Non publié : un effectif de l'entonnoir (sortis, comptant sortir, restant, sans réponse) ou son complément est compris entre 1 et {m}, ou sa base dépend d'un effectif masqué.",
        "en": "Withheld: one of the funnel's counts (left, planning to leave, staying, no answer) or its complement is from 1 to {m}, or its base depends on a hidden count.",
    },
    "withheld_table": {
        "fr": "« {title} » : non publié (base de moins de {t} répondants, ou qui dépend d'un effectif masqué).",
        "en": "“{title}”: withheld (a base of fewer than {t} respondents, or one that depends on a hidden count).",
    },
    "nothing_not_asked": {
        "fr": "« {title} » : rien à estimer : la question n'a été posée à aucun répondant (personne ne remplissait sa condition, par exemple personne n'est encore sorti), et un pourcentage de personne n'a pas de sens.",
        "en": "“{title}”: nothing to estimate: no respondent was asked this question (nobody met its condition, e.g. nobody has left yet), and a percentage of nobody is undefined.",
    },
    "nothing_all_blank": {
        "fr": "« {title} » : rien à estimer : tous les répondants à qui la question a été posée l'ont laissée vide, et un pourcentage de personne n'a pas de sens.",
        "en": "“{title}”: nothing to estimate: every respondent asked this question left it blank, and a percentage of nobody is undefined.",
    },
    "nothing_funnel_not_asked": {
        "fr": "Rien à estimer : la question « sorti » n'a été posée à aucun répondant (personne ne remplissait sa condition), et un taux de personne n'a pas de sens ; le test du seuil et les scénarios ne sont pas calculés.",
        "en": "Nothing to estimate: no respondent was asked the “left” question (nobody met its condition), and a rate of nobody is undefined; the threshold test and the scenarios are not computed.",
    },
    "nothing_funnel_all_blank": {
        "fr": "Rien à estimer : aucun répondant n'a répondu à la question « sorti », et un taux de personne n'a pas de sens ; le test du seuil et les scénarios ne sont pas calculés.",
        "en": "Nothing to estimate: no respondent answered the “left” question, and a rate of nobody is undefined; the threshold test and the scenarios are not computed.",
    },
    "nothing_row": {
        "fr": "n = 0 : rien à estimer, aucun répondant n'a eu ou n'a répondu à la question (un pourcentage de personne n'a pas de sens).",
        "en": "n = 0: nothing to estimate, no respondent was asked or answered the question (a percentage of nobody is undefined).",
    },
    "other_row": {"fr": "Autre (réponse libre)", "en": "Other (own answer)"},
    "q_base_everyone": {"fr": "les répondants retenus", "en": "the respondents kept"},
    "q_base_asked": {
        "fr": "les répondants à qui la question a été posée",
        "en": "the respondents asked the question",
    },
    "q_base": {
        "fr": "Base : {who} ; n = {n} réponses ({blank} sans réponse).",
        "en": "Base: {who}; n = {n} answers ({blank} left it blank).",
    },
    "q_text": {
        "fr": "Question ouverte : les réponses ne sont pas imprimées ici (anonymat), seulement leur nombre.",
        "en": "Open question: the answers are not printed here (anonymity), only how many there are.",
    },
    "pct_all": {"fr": "% des réponses", "en": "% of answers"},
    "pct_subst": {"fr": "% hors sans-avis", "en": "% of substantive answers"},
    "q_subst_note": {
        "fr": "« % hors sans-avis » : sur les {n} réponses autres que {options}.",
        "en": "“% of substantive answers”: of the {n} answers other than {options}.",
    },
    "ci_of": {"fr": "IC à {c} %", "en": "{c}% CI"},
    "statistic": {"fr": "Statistique", "en": "Statistic"},
    "q_pooled": {
        "fr": "« {label} » regroupe les réponses choisies par moins de {t} répondants (et les plus petites autres, pour que le regroupement atteigne {t}) : {options}.",
        "en": "“{label}” pools the answers chosen by fewer than {t} respondents (and the smallest others, so that the pool reaches {t}): {options}.",
    },
    "q_boxes": {"fr": "Haut et bas de l'échelle", "en": "Top and bottom of the scale"},
    "q_centre": {"fr": "Médiane et moyenne", "en": "Median and mean"},
    "q_top_box": {"fr": "Haut de l'échelle ({levels})", "en": "Top of the scale ({levels})"},
    "q_bottom_box": {"fr": "Bas de l'échelle ({levels})", "en": "Bottom of the scale ({levels})"},
    "one_group": {
        "fr": "« {title} » : non publié (une seule modalité du regroupement a des réponses : rien à comparer).",
        "en": "“{title}”: not shown (only one group has answers: nothing to compare).",
    },
    "q_base_multi": {
        "fr": "Base : {who} ; n = {n} répondants.",
        "en": "Base: {who}; n = {n} respondents.",
    },
    "q_median": {"fr": "Médiane", "en": "Median"},
    "q_mean": {"fr": "Moyenne", "en": "Mean"},
    "q_quartiles": {"fr": "Quartiles (1er–3e)", "en": "Quartiles (1st–3rd)"},
    "q_scale_note": {
        "fr": "n = {n} réponses sur l'échelle ; parts : IC de Wilson à {c} % ; médiane : IC par statistiques d'ordre (binomial exact) ; moyenne : IC de Student, l'échelle étant traitée comme une mesure à intervalles égaux.",
        "en": "n = {n} answers on the scale; shares: {c}% Wilson CI; median: order-statistic CI (exact binomial); mean: Student t CI, treating the scale as interval data.",
    },
    "q_number_note": {
        "fr": "n = {n} ; moyenne : IC de Student à {c} % ; médiane : IC par statistiques d'ordre ; quartiles : définition de type 7 de R. Aucune valeur individuelle n'est imprimée.",
        "en": "n = {n}; mean: {c}% Student t CI; median: order-statistic CI; quartiles: R's type 7. No single answer is printed.",
    },
    "q_unreadable": {
        "fr": "{k} réponse(s) illisible(s) comme nombre, ou hors des bornes de la spécification, écartée(s) (voir optamstats check).",
        "en": "{k} answer(s) that are no number, or outside the spec's bounds, left out (see optamstats check).",
    },
    "free_text": {"fr": "Réponses libres", "en": "Free-text answers"},
    "answer": {"fr": "Réponse", "en": "Answer"},
    "free_text_note": {
        "fr": "{n} réponses ; réponses distinctes par ordre alphabétique (et non dans l'ordre de saisie, qui permettrait de les relier aux autres tableaux).",
        "en": "{n} answers; distinct answers in alphabetical order (not in the order given, which could link them to other tables).",
    },
    "free_text_withheld": {
        "fr": "« {title} » : non publié (moins de {t} réponses, ou une base qui dépend d'un effectif masqué).",
        "en": "“{title}”: withheld (fewer than {t} answers, or a base that depends on a hidden count).",
    },
}


def t(key: str, lang: str, **kwargs: Any) -> str:
    """Return the text `key` in `lang`, with ``{placeholders}`` filled from `kwargs`."""
    text = TEXT[key][lang]
    return text.format(**kwargs) if kwargs else text
