"""Findings on claims: "more than 70 %" against its interval and exact test, in words."""

from __future__ import annotations

from fractions import Fraction
from typing import Final

from optamstats import _format
from optamstats.audit.claims import _supported_threshold, check_claim
from optamstats.audit.context import _Run
from optamstats.audit.figures import ClaimFigure
from optamstats.audit.findings import Finding
from optamstats.audit.values import _as_fraction
from optamstats.audit.wording import _percent, _plain, _share_text

_METHOD_NAMES: Final = {
    "wilson": "Wilson",
    "wilson-cc": "Wilson-cc",
    "clopper-pearson": "Clopper–Pearson",
    "exact": "Clopper–Pearson",
    "jeffreys": "Jeffreys",
    "agresti-coull": "Agresti–Coull",
    "wald": "Wald",
}


def _claim(run: _Run, cl: ClaimFigure) -> Finding:
    n = run.n_of(cl)
    assert n is not None
    ks = (cl.count,) if cl.count is not None else run.sum_counts(cl.count_from)
    origin = run.count_origin(cl)
    threshold = _as_fraction(cl.threshold, "threshold") / 100
    level = cl.confidence if cl.confidence is not None else run.confidence
    method = cl.method or run.figs.settings.method
    shown_t = _percent(_plain(threshold * 100, run.lang), run.lang)
    claim = run.claim_text(cl.relation, shown_t)
    if not ks or any(k > n for k in ks):
        return run.finding(
            cl,
            "claim",
            "not-testable",
            run.t(
                f"The count behind “{claim}” ({origin}) is unknown or exceeds n = {n}.",
                f"L'effectif derrière « {claim} » ({origin}) est inconnu ou dépasse n = {n}.",
            ),
        )
    checks = [
        check_claim(
            k,
            n,
            float(threshold),
            relation=cl.relation,
            scope=cl.scope,
            confidence=level,
            method=method,
        )
        for k in ks
    ]
    verdicts = {c.verdict for c in checks}
    if len(verdicts) == 1:
        (verdict,) = verdicts
    else:
        verdict = "not-established" if cl.scope == "population" else "rounding-dependent"
    c = checks[0]
    conf = _format.level(level, run.lang)
    est = _share_text(c.k, n, 1, run.lang)
    bound = _percent(_plain(Fraction(c.bound) * 100, run.lang, 1), run.lang)
    p = _format.p_value(c.p_value, run.lang)  # "p = 0.073", "p < 0.001", never "p = 0.000"
    kind = (
        run.t("lower", "inférieure") if cl.relation == "greater" else run.t("upper", "supérieure")
    )
    method_name = _METHOD_NAMES.get(method, method)
    interval = run.t(
        f"the one-sided {conf}% {method_name} {kind} bound is {bound} and the exact binomial "
        f"test of “{claim}” gives {p}",
        f"la borne {kind} unilatérale à {conf} % ({method_name}) est {bound} et le test "
        f"binomial exact de « {claim} » donne {p}",
    )
    alternatives: list[str] = [c.interval.cite(lang=run.lang)]  # type: ignore[arg-type]
    if cl.scope == "respondents":
        if verdict == "consistent":
            text = run.t(
                f"Among respondents, “{claim}” holds: {est} ({origin}). As a statement "
                f"about everyone they stand for, {interval}.",
                f"Parmi les répondants, « {claim} » est exact : {est} ({origin}). Étendu à "
                f"toute la population représentée, {interval}.",
            )
        else:
            text = run.t(
                f"Among respondents, “{claim}” is false: {est} ({origin}).",
                f"Parmi les répondants, « {claim} » est faux : {est} ({origin}).",
            )
        return run.finding(cl, "claim", verdict, text, alternatives)
    if verdict == "established":
        text = run.t(
            f"{est} ({origin}); {interval}: “{claim}” is established at the "
            f"{_format.level(1 - level, 'en')}% level (sampling error only).",
            f"{est} ({origin}) ; {interval} : « {claim} » est établi au seuil de "
            f"{_format.level(1 - level, 'fr')} % (erreur d'échantillonnage seulement).",
        )
    elif verdict == "contradicted":
        text = run.t(
            f"{est} ({origin}) is not {claim}: the data contradict the claim; {interval}.",
            f"{est} ({origin}) n'est pas {claim} : les données contredisent "
            f"l'affirmation ; {interval}.",
        )
    else:
        text = run.t(
            f"{est} ({origin}) is {claim}, but {interval}: plausible, not established at "
            f"the {_format.level(1 - level, 'en')}% level. The interval covers sampling "
            "error only, not the self-selection of respondents.",
            f"{est} ({origin}) fait bien {claim}, mais {interval} : plausible, non établi "
            f"au seuil de {_format.level(1 - level, 'fr')} %. L'intervalle ne couvre que "
            "l'erreur d'échantillonnage, pas l'auto-sélection des répondants.",
        )
        supported = _supported_threshold(c, method)
        if supported is not None:
            better = run.claim_text(cl.relation, _percent(str(supported), run.lang))
            alternatives.insert(0, run.t(f"“{better}” is established", f"« {better} » est établi"))
    return run.finding(cl, "claim", verdict, text, alternatives)
