"""Findings on percentages, counts and bases: GRIM, counts against bases, nesting.

For each published percentage: is it reachable as ``k/n`` with its base (GRIM), does
its published count give it, and if not, does another base; for each count, does it fit
in its base; for nested bases, is the inner one smaller; for the percentages of one
question, which bases fit them all. Each explanation in English and French.
"""

from __future__ import annotations

from fractions import Fraction

from optamstats.audit.context import _Run
from optamstats.audit.figures import Base, CountFigure, PercentFigure, QuestionGroup
from optamstats.audit.findings import Finding
from optamstats.audit.percentages import PercentConsistency, _fitting_n
from optamstats.audit.values import _counts_any_mode, _Value
from optamstats.audit.wording import (
    _counts_text,
    _decimal,
    _mode_names,
    _percent,
    _plain,
    _ranges_text,
    _share_text,
)


def _base_nesting(run: _Run, base: Base) -> Finding:
    parent = run.bases[base.within]  # type: ignore[index]
    inner = run.base_label(base.id, base.n)
    outer = run.base_label(parent.id, parent.n)
    if base.n <= parent.n:
        return run.finding(
            base,
            "base",
            "consistent",
            run.t(f"{inner} fits within {outer}.", f"{inner} tient dans {outer}."),
        )
    return run.finding(
        base,
        "base",
        "inconsistent",
        run.t(
            f"{inner} is said to be part of {outer}, but is larger by {base.n - parent.n}.",
            f"{inner} ferait partie de {outer}, mais la dépasse de {base.n - parent.n}.",
        ),
    )


def _percent_findings(run: _Run, fig: PercentFigure) -> list[Finding]:
    value = run.values[fig.id]
    n = run.n_of(fig)
    shown = value.show(run.lang)
    out: list[Finding] = []
    if n is None:
        if fig.id not in run.in_questions:
            out.append(_no_base(run, fig, value))
        return out
    if value.rounded:
        out.append(_grim(run, fig, value, n))
    if fig.count is not None or fig.count_from:
        ks = run.counts_of(fig.id)
        out.append(_count_check(run, fig, value, n, ks))
    elif not value.rounded:
        out.append(
            run.finding(
                fig,
                "count",
                "not-testable",
                run.t(
                    f"{shown} is an approximate figure without a published count: it "
                    f"cannot be checked against n = {n}.",
                    f"{shown} est une approximation sans effectif publié : impossible de "
                    f"la confronter à n = {n}.",
                ),
            )
        )
    return out


def _no_base(run: _Run, fig: PercentFigure, value: _Value) -> Finding:
    shown = value.show(run.lang)
    n_max = run.figs.settings.n_max
    if not value.rounded:
        return run.finding(
            fig,
            "percent",
            "not-testable",
            run.t(
                f"{shown} has neither a base nor a count: nothing to check.",
                f"{shown} n'a ni base ni effectif : rien à vérifier.",
            ),
        )
    ns = _fitting_n([value], 1, n_max, run.modes, False)
    return run.finding(
        fig,
        "percent",
        "not-testable",
        run.t(
            f"No base is given for {shown}; {len(ns)} bases n ≤ {n_max} make it reachable.",
            f"Aucune base n'est donnée pour {shown} ; {len(ns)} bases n ≤ {n_max} le "
            "rendent atteignable.",
        ),
        [f"n = {_ranges_text(ns)}"] if ns else [],
    )


def _grim(run: _Run, fig: PercentFigure, value: _Value, n: int) -> Finding:
    result = PercentConsistency(
        value.text,
        value.decimals,  # type: ignore[arg-type]
        n,
        run.modes,
        tuple(value.bracket(m).counts(n) for m in run.modes),
    )
    shown = value.show(run.lang)
    ks = result.fitting_counts()
    digits = max(2, (value.decimals or 0) + 2)
    fits = [_share_text(k, n, digits, run.lang) for k in ks]
    verdict = result.verdict
    scale = 10 ** ((value.decimals or 0) + 2)
    if verdict == "not-testable":
        text = run.t(
            f"With n = {n} ≥ {scale}, every percentage at {value.decimals} decimal(s) is "
            f"reachable, so this test cannot reveal an error; k = {_counts_text(ks, 'en')} "
            "fit.",
            f"Avec n = {n} ≥ {scale}, tout pourcentage à {value.decimals} décimale(s) est "
            f"atteignable : ce test ne peut rien révéler ; k = {_counts_text(ks, 'fr')} "
            "convient.",
        )
    elif verdict == "consistent":
        text = run.t(
            f"{shown} of n = {n} is reachable as k/n with k = {_counts_text(ks, 'en')} "
            f"under {_mode_names(run.modes, 'en')}.",
            f"{shown} de n = {n} est atteignable comme k/n avec k = "
            f"{_counts_text(ks, 'fr')} ({_mode_names(run.modes, 'fr')}).",
        )
    elif verdict == "rounding-dependent":
        good = result.consistent_modes
        bad = [m for m in run.modes if m not in good]
        text = run.t(
            f"{shown} of n = {n} is reachable only under {_mode_names(good, 'en')} "
            f"(k = {_counts_text(ks, 'en')}), not under {_mode_names(bad, 'en')}.",
            f"{shown} de n = {n} n'est atteignable qu'en arrondi {_mode_names(good, 'fr')} "
            f"(k = {_counts_text(ks, 'fr')}), pas en {_mode_names(bad, 'fr')}.",
        )
    else:  # inconsistent: the alternatives are the nearest reachable values
        fits = [
            f"{_percent(_decimal(v, run.lang), run.lang)} ({k}/{n})" for v, k in result.neighbours()
        ]
        text = run.t(
            f"{shown} of n = {n} is not reachable as k/n at {value.decimals} decimal(s) under "
            f"{_mode_names(run.modes, 'en')}: the nearest values are {', '.join(fits)}. "
            f"With n = {n}, {result.grim_ratio:.0%} of the values at this precision are "
            "impossible.",
            f"{shown} de n = {n} n'est pas atteignable comme k/n à {value.decimals} "
            f"décimale(s) ({_mode_names(run.modes, 'fr')}) : les valeurs les plus proches "
            f"sont {', '.join(fits)}. Avec n = {n}, "
            f"{_plain(Fraction(result.grim_ratio).limit_denominator(10**6) * 100, 'fr', 0)} % "
            "des valeurs à cette précision sont impossibles.",
        )
    return run.finding(fig, "percent", verdict, text, fits)


def _count_check(
    run: _Run, fig: PercentFigure, value: _Value, n: int, ks: tuple[int, ...]
) -> Finding:
    shown = value.show(run.lang)
    digits = max(2, (value.decimals or 0) + 2)
    origin = run.count_origin(fig)
    ks_text = _counts_text(ks, run.lang)
    if not ks:
        return run.finding(
            fig,
            "count",
            "not-testable",
            run.t(
                f"The count of {origin} is unknown: {shown} cannot be checked against it.",
                f"L'effectif de {origin} est inconnu : impossible d'y confronter {shown}.",
            ),
        )
    modes_by_k = {
        k: [m for m in run.modes if value.bracket(m).contains(Fraction(k, n))] for k in ks if k <= n
    }
    full = [k for k, ms in modes_by_k.items() if len(ms) == len(run.modes)]
    some = [k for k, ms in modes_by_k.items() if ms]
    shares = "; ".join(_share_text(k, n, digits, run.lang) for k in ks if k <= n)
    if full:
        return run.finding(
            fig,
            "count",
            "consistent",
            run.t(
                f"The count {ks_text} ({origin}) gives {shares}, which matches the "
                f"published {shown} of {run.base_label(fig.base, n)}.",
                f"L'effectif {ks_text} ({origin}) donne {shares}, conforme aux {shown} "
                f"publiés sur {run.base_label(fig.base, n)}.",
            ),
            [_share_text(k, n, digits, run.lang) for k in full],
        )
    if some:
        good = sorted({m for k in some for m in modes_by_k[k]}, key=run.modes.index)
        return run.finding(
            fig,
            "count",
            "rounding-dependent",
            run.t(
                f"The count {ks_text} ({origin}) gives {shares}, which gives the published "
                f"{shown} only under {_mode_names(good, 'en')}.",
                f"L'effectif {ks_text} ({origin}) donne {shares}, soit les {shown} publiés "
                f"seulement en arrondi {_mode_names(good, 'fr')}.",
            ),
            [_share_text(k, n, digits, run.lang) for k in some],
        )
    # No count fits this base: does it fit another base that could contain them?
    other: list[str] = []
    for base_id in run.base_chain(fig):
        if base_id == fig.base:
            continue
        m = run.bases[base_id].n
        if any(
            k <= m and value.bracket(mode).contains(Fraction(k, m))
            for k in ks
            for mode in run.modes
        ):
            hits = [k for k in ks if k <= m]
            other.append(
                f"{'; '.join(_share_text(k, m, digits, run.lang) for k in hits)} "
                f"{run.t('of', 'sur')} {run.base_label(base_id, m)}"
            )
    wanted = _counts_any_mode(value, n, run.modes)
    if other:
        return run.finding(
            fig,
            "count",
            "wrong-base",
            run.t(
                f"{shown} is quoted of {run.base_label(fig.base, n)}, where the count "
                f"{ks_text} ({origin}) gives only {shares}; the figure fits another base: "
                f"{'; '.join(other)}.",
                f"{shown} est rapporté à {run.base_label(fig.base, n)}, où l'effectif "
                f"{ks_text} ({origin}) ne donne que {shares} ; le chiffre correspond à une "
                f"autre base : {'; '.join(other)}.",
            ),
            other,
        )
    if any(k > n for k in ks) and not modes_by_k:
        reason = run.t(
            f"the count {ks_text} ({origin}) exceeds the base n = {n}",
            f"l'effectif {ks_text} ({origin}) dépasse la base n = {n}",
        )
    else:
        reason = run.t(
            f"the count {ks_text} ({origin}) gives {shares}",
            f"l'effectif {ks_text} ({origin}) donne {shares}",
        )
    need = (
        run.t(
            f"{shown} of {n} would need k = {_counts_text(wanted, 'en')}",
            f"{shown} de {n} supposerait k = {_counts_text(wanted, 'fr')}",
        )
        if wanted
        else run.t(
            f"{shown} is not reachable at all with n = {n}",
            f"{shown} n'est pas atteignable du tout avec n = {n}",
        )
    )
    alternatives = [
        run.t(
            f"{_share_text(k, n, digits, 'en')} from the count",
            f"{_share_text(k, n, digits, 'fr')} d'après l'effectif",
        )
        for k in ks
        if k <= n
    ] + [
        run.t(
            f"{shown} needs k = {_counts_text(wanted, 'en')} of {n}",
            f"{shown} suppose k = {_counts_text(wanted, 'fr')} sur {n}",
        )
    ] * bool(wanted)
    return run.finding(
        fig,
        "count",
        "count-mismatch",
        run.t(
            f"The published {shown} does not match its count: {reason}; {need}.",
            f"Les {shown} publiés ne correspondent pas à l'effectif : {reason} ; {need}.",
        ),
        alternatives,
    )


def _count_range(run: _Run, item: CountFigure) -> Finding:
    n = run.n_of(item)
    assert n is not None
    base = run.base_label(item.base, n)
    if item.count <= n:
        return run.finding(
            item,
            "range",
            "consistent",
            run.t(
                f"{item.count} ≤ {base}: the count fits in its base.",
                f"{item.count} ≤ {base} : l'effectif tient dans sa base.",
            ),
        )
    return run.finding(
        item,
        "range",
        "inconsistent",
        run.t(
            f"The count {item.count} exceeds its base, {base}, by {item.count - n}.",
            f"L'effectif {item.count} dépasse sa base, {base}, de {item.count - n}.",
        ),
    )


def _question(run: _Run, q: QuestionGroup) -> Finding:
    figs = [run.percent[ref] for ref in q.figures]
    values = [run.values[ref] for ref in q.figures]
    n_max = q.n_max or run.figs.settings.n_max
    ns = _fitting_n(values, 1, n_max, run.modes, q.exhaustive)
    stated = {run.n_of(f) for f in figs}
    shown = ", ".join(v.show(run.lang) for v in values)
    how = run.t(" (their counts adding up to n)", " (leurs effectifs sommant à n)") * bool(
        q.exhaustive
    )
    source = q.source or figs[0].source
    sentence = q.sentence or figs[0].sentence
    item = QuestionGroup(q.id, q.figures, source=source, sentence=sentence)
    if not ns:
        return run.finding(
            item,
            "question",
            "inconsistent",
            run.t(
                f"No base n ≤ {n_max} makes {shown} reachable at once{how}, under any one "
                f"of {_mode_names(run.modes, 'en')}.",
                f"Aucune base n ≤ {n_max} ne rend {shown} atteignables ensemble{how} "
                f"({_mode_names(run.modes, 'fr')}).",
            ),
        )
    listing = [f"n = {_ranges_text(ns)}"]
    head = run.t(
        f"{len(ns)} base(s) n ≤ {n_max} make {shown} reachable at once{how}, the smallest "
        f"n = {ns[0]}.",
        f"{len(ns)} base(s) n ≤ {n_max} rendent {shown} atteignables ensemble{how}, la "
        f"plus petite n = {ns[0]}.",
    )
    if len(stated) == 1 and None not in stated:
        (n_stated,) = stated
        assert n_stated is not None
        if n_stated in ns:
            return run.finding(
                item,
                "question",
                "consistent",
                head
                + run.t(
                    f" The stated base n = {n_stated} is one of them.",
                    f" La base indiquée n = {n_stated} en fait partie.",
                ),
                listing,
            )
        return run.finding(
            item,
            "question",
            "inconsistent",
            head
            + run.t(
                f" The stated base n = {n_stated} is not one of them.",
                f" La base indiquée n = {n_stated} n'en fait pas partie.",
            ),
            listing,
        )
    return run.finding(item, "question", "consistent", head, listing)
