"""Findings on funnels: the links between stages and the statements made of them."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from optamstats.audit.context import _Run
from optamstats.audit.figures import FunnelFigure, FunnelStatement, PercentFigure
from optamstats.audit.findings import Finding
from optamstats.audit.funnels import FunnelCheck, _funnel, _statement_stage
from optamstats.audit.values import _counts_any_mode, _parse_value
from optamstats.audit.wording import _counts_text, _percent, _plain, _share_text


def _funnel_findings(run: _Run, fu: FunnelFigure) -> list[Finding]:
    figs = [run.percent[ref] for ref in fu.stages]
    values = [run.values[ref] for ref in fu.stages]
    bases = tuple(run.n_of(f) for f in figs)
    result = _funnel(values, bases, run.modes)
    out: list[Finding] = []
    for i, link in enumerate(result.links):
        prev, here = figs[i], figs[i + 1]
        n_prev, n_here = bases[i], bases[i + 1]
        fits = _counts_any_mode(values[i], n_prev, run.modes) if n_prev else ()
        item = here  # the link is quoted with the later stage's sentence
        ident = f"{fu.id}:stage{i + 2}"
        if link == "complete":
            k = (n_prev or 0) - (n_here or 0)
            text = run.t(
                f"Stage {i + 2} ({here.id}) is asked of the {n_here} that stage {i + 1} "
                f"({prev.id}) left: {n_prev} − {n_here} = {k}, and "
                f"{_share_text(k, n_prev or 1, 2, 'en')} gives the published "
                f"{values[i].show('en')}.",
                f"L'étape {i + 2} ({here.id}) porte sur les {n_here} restants après l'étape "
                f"{i + 1} ({prev.id}) : {n_prev} − {n_here} = {k}, et "
                f"{_share_text(k, n_prev or 1, 2, 'fr')} donne les {values[i].show('fr')} "
                "publiés.",
            )
        elif link == "partial":
            text = run.t(
                f"Stage {i + 2} ({here.id}) has n = {n_here}, fewer than the "
                f"{n_prev} − k left by stage {i + 1} for k = "
                f"{_counts_text(fits, 'en')}: some did not answer.",
                f"L'étape {i + 2} ({here.id}) a n = {n_here}, moins que les "
                f"{n_prev} − k restants après l'étape {i + 1} pour k = "
                f"{_counts_text(fits, 'fr')} : des non-réponses.",
            )
        elif link == "inconsistent":
            text = run.t(
                f"Stage {i + 2} ({here.id}) has n = {n_here}, more than stage {i + 1} "
                f"({prev.id}) can have left: {values[i].show('en')} of {n_prev} is k = "
                f"{_counts_text(fits, 'en')}.",
                f"L'étape {i + 2} ({here.id}) a n = {n_here}, plus que ce que l'étape "
                f"{i + 1} ({prev.id}) peut laisser : {values[i].show('fr')} de {n_prev} "
                f"font k = {_counts_text(fits, 'fr')}.",
            )
        else:  # "unknown": a base is missing, nothing to say
            continue
        verdict = (
            "inconsistent" if link == "inconsistent" else "consistent"
        )  # partial: non-response
        out.append(run.finding(item, "funnel", verdict, text, figure=ident))
    for st in fu.statements:
        out.append(_statement_finding(run, st, result, figs))
    return out


def _statement_finding(
    run: _Run, st: FunnelStatement, result: FunnelCheck, figs: Sequence[PercentFigure]
) -> Finding:
    stage = _statement_stage(st.target, len(figs), st.id)
    value = _parse_value(st.value, st.decimals)
    shown = value.show(run.lang)
    exact = result.exact_shares(stage)
    what = (
        run.t("the combined share", "la part cumulée")
        if stage is None
        else run.t(f"stage {stage}'s share of everyone", f"la part de l'étape {stage} sur tous")
    )
    first = result.n[0]
    if exact and first is not None:
        evidence = "; ".join(_share_text(int(s * first), first, 2, run.lang) for s in exact)
        candidates: list[tuple[Fraction, list[str]]] = []
        for s in exact:
            if st.relation == "equal":
                ms = [m for m in run.modes if value.bracket(m).contains(s)]
            else:
                beyond = s > value.share if st.relation == "greater" else s < value.share
                ms = list(run.modes) if beyond else []
            candidates.append((s, ms))
        basis = run.t(
            f"from the counts, {what} is {evidence}",
            f"d'après les effectifs, {what} vaut {evidence}",
        )
    else:
        low, high = result.share(stage)
        evidence = (
            f"{_percent(_plain(low * 100, run.lang), run.lang)}–"
            f"{_percent(_plain(high * 100, run.lang), run.lang)}"
        )
        basis = run.t(
            f"from the rounded stage percentages, {what} lies in {evidence}",
            f"d'après les pourcentages arrondis des étapes, {what} est dans {evidence}",
        )
        candidates = []
        if st.relation == "equal":
            ms = [
                m for m in run.modes if value.bracket(m).lo <= high and low <= value.bracket(m).hi
            ]
            candidates.append((low, ms))
        else:
            surely = low > value.share if st.relation == "greater" else high < value.share
            never = high <= value.share if st.relation == "greater" else low >= value.share
            if surely:
                candidates.append((low, list(run.modes)))
            elif never:
                candidates.append((low, []))
            else:
                candidates.append((low, list(run.modes[:1])))
                candidates.append((high, []))
    claim = run.claim_text(st.relation, shown)
    if any(len(ms) == len(run.modes) for _, ms in candidates):
        verdict = "consistent"
        text = run.t(
            f"Arithmetic consistent with “{claim}”: {basis}.",
            f"Arithmétique cohérente avec « {claim} » : {basis}.",
        )
    elif any(ms for _, ms in candidates):
        verdict = "rounding-dependent"
        text = run.t(
            f"“{claim}” holds for some roundings of the stages only: {basis}.",
            f"« {claim} » ne tient que pour certains arrondis des étapes : {basis}.",
        )
    else:
        verdict = "inconsistent"
        text = run.t(
            f"Arithmetic inconsistent with “{claim}”: {basis}.",
            f"Arithmétique incohérente avec « {claim} » : {basis}.",
        )
    if st.relation != "equal" and verdict != "inconsistent":
        text += run.t(
            " Whether the data establish it is a question for the interval (see the claims).",
            " Que les données l'établissent relève de l'intervalle (voir les affirmations).",
        )
    return run.finding(st, "funnel", verdict, text, [evidence])
