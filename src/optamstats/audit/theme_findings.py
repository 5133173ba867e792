"""Findings on coded themes: a theme against its sub-themes and its base, in words."""

from __future__ import annotations

from optamstats.audit.context import _Run
from optamstats.audit.figures import ThemeFigure
from optamstats.audit.findings import Finding
from optamstats.audit.themes import check_theme


def _theme(run: _Run, item: ThemeFigure) -> Finding:
    n = run.n_of(item)
    subs = [s.count for s in item.subthemes]
    result = check_theme(item.count, subs, every_mention_coded=item.every_mention_coded, n=n)
    total = f"{' + '.join(map(str, subs))} = {sum(subs)}"
    largest = max(item.subthemes, key=lambda s: s.count)
    parts: list[str] = []
    alternatives: list[str] = []
    if result.violation == "upper":
        parts.append(
            run.t(
                f"The theme counts {item.count} respondents, but its sub-themes add up to "
                f"only {total}. If every theme mention carries a sub-code, a theme cannot "
                f"exceed the sum of its sub-themes: at least {result.uncoded} theme "
                "mention(s) have no sub-code, or a count is wrong.",
                f"Le thème compte {item.count} répondants, mais ses sous-thèmes ne totalisent "
                f"que {total}. Si chaque mention du thème porte un sous-code, un thème ne "
                f"peut dépasser la somme de ses sous-thèmes : au moins {result.uncoded} "
                "mention(s) sans sous-code, ou un comptage erroné.",
            )
        )
        alternatives += [
            run.t(
                f"theme = {sum(subs)} (the sum of its sub-themes)",
                f"thème = {sum(subs)} (somme des sous-thèmes)",
            ),
            run.t(
                f"an 'other / not sub-coded' sub-theme of at least {result.uncoded}",
                f"un sous-thème « autre / non codé » d'au moins {result.uncoded}",
            ),
        ]
    elif result.violation == "lower":
        parts.append(
            run.t(
                f"The sub-theme '{largest.label}' counts {largest.count} respondents, more "
                f"than the theme's {item.count}: everyone with a sub-theme has the theme, "
                f"so at least {result.missing} are missing from the theme count, or a "
                "count is wrong.",
                f"Le sous-thème « {largest.label} » compte {largest.count} répondants, plus "
                f"que le thème ({item.count}) : qui a un sous-thème a le thème, il en "
                f"manque donc au moins {result.missing} au thème, ou un comptage est "
                "erroné.",
            )
        )
        alternatives.append(run.t(f"theme ≥ {largest.count}", f"thème ≥ {largest.count}"))
    else:
        upper = result.upper
        if upper is None:
            parts.append(
                run.t(
                    f"The theme ({item.count}) is at least its largest sub-theme "
                    f"({largest.count}); mentions may lack a sub-code, so the sum "
                    f"({total}) is no upper bound.",
                    f"Le thème ({item.count}) est au moins égal à son plus grand sous-thème "
                    f"({largest.count}) ; des mentions pouvant être sans sous-code, la "
                    f"somme ({total}) n'est pas une borne.",
                )
            )
        elif item.count == upper:
            parts.append(
                run.t(
                    f"max(sub) = {largest.count} ≤ {item.count} ≤ sum(sub) = {total}: "
                    "consistent; the theme equals the sum, so no respondent named two of "
                    "its sub-themes.",
                    f"max(sous) = {largest.count} ≤ {item.count} ≤ somme(sous) = {total} : "
                    "cohérent ; le thème égale la somme, donc aucun répondant n'a cité "
                    "deux de ses sous-thèmes.",
                )
            )
        else:
            parts.append(
                run.t(
                    f"max(sub) = {largest.count} ≤ {item.count} ≤ sum(sub) = {total}: "
                    f"consistent; {upper - item.count} sub-code mention(s) come from "
                    "respondents who named several sub-themes.",
                    f"max(sous) = {largest.count} ≤ {item.count} ≤ somme(sous) = {total} : "
                    f"cohérent ; {upper - item.count} mention(s) de sous-thèmes viennent "
                    "de répondants en citant plusieurs.",
                )
            )
    if result.exceeds_base:
        parts.append(
            run.t(
                f"The theme also exceeds its base, {run.base_label(item.base, n or 0)}.",
                f"Le thème dépasse aussi sa base, {run.base_label(item.base, n or 0)}.",
            )
        )
    return run.finding(item, "theme", result.verdict, " ".join(parts), alternatives)
