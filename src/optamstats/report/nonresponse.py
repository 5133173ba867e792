"""Report sections on self-selection: response waves, non-response bounds, population.

Each section appears when the spec declares what it needs (``docs/spec.md``):

- ``[fieldwork] early_late = true``: each yes/no question by response wave (before and
  after each reminder, else thirds of the fieldwork) with a Cochran–Armitage trend test;
- ``[fieldwork] invited = N``: the response rate (AAPOR RR1) and, beside each yes/no
  question's interval, the worst-case (Manski) bounds, and the band for
  ``nonrespondent_rate`` when given;
- ``[weighting]``: respondents' shares of each margin question against the population's,
  with a goodness-of-fit test (the raked estimates are in the weighting section).

Disclosure: the response-wave tables print new counts (k and n per wave); they are
breakdowns for the report's audit (:func:`optamstats.report.audit_model._model_of`), and a
table with a small count in any wave is withheld whole. The other two sections print
only shares of counts the question tables print already (and ``invited``, from the
spec), for questions whose counts are printed.

References
----------
.. [1] ``docs/methods/self-selection.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import numpy as np

if TYPE_CHECKING:
    from optamstats.report._model import Section
    from optamstats.report.control import _Control
    from optamstats.report.counts import BreakdownData, NonresponseData, SurveyCounts

__all__ = [
    "nonresponse_data",
    "response_wave_counts",
    "selfselection_sections",
    "withhold_hidden_waves",
]

_TEXT: Final = {
    "waves_title": {"en": "Early and late respondents", "fr": "Répondants précoces et tardifs"},
    "by_wave": {"en": "{q} by response wave", "fr": "{q} par vague de réponse"},
    "wave": {"en": "Response wave", "fr": "Vague de réponse"},
    "first third": {"en": "first third", "fr": "premier tiers"},
    "second third": {"en": "second third", "fr": "deuxième tiers"},
    "last third": {"en": "last third", "fr": "dernier tiers"},
    "before": {"en": "before {d}", "fr": "avant le {d}"},
    "from": {"en": "from {d}", "fr": "à partir du {d}"},
    "waves_intro": {
        "en": "Respondents are split by when they answered ({how}). If late respondents "
        "resemble those who never answered (the 'continuum of resistance'), a rate that "
        "rises or falls across the waves suggests how non-respondents differ. The evidence "
        "for this proxy is mixed (Groves and Peytcheva 2008): read a trend as a warning "
        "sign, and no trend as no reassurance: those who never answered may differ from "
        "every respondent.",
        "fr": "Les répondants sont répartis selon le moment de leur réponse ({how}). Si les "
        "répondants tardifs ressemblent à ceux qui n'ont jamais répondu (le « continuum de "
        "résistance »), un taux qui monte ou baisse d'une vague à l'autre indique en quoi "
        "les non-répondants diffèrent. Ce substitut est discuté (Groves et Peytcheva "
        "2008) : une tendance est un signal d'alerte, son absence n'est pas une garantie, "
        "car ceux qui n'ont jamais répondu peuvent différer de tous les répondants.",
    },
    "how_reminders": {
        "en": "before and after each reminder",
        "fr": "avant et après chaque relance",
    },
    "how_thirds": {
        "en": "thirds of the respondents by submission time",
        "fr": "tiers des répondants selon l'heure de réponse",
    },
    "trend_note": {
        "en": "Cochran–Armitage test for a linear trend across the waves: chi-square = "
        "{x}, {p} (R's prop.trend.test).",
        "fr": "Test de tendance de Cochran–Armitage entre les vagues : khi-deux = {x}, "
        "{p} (prop.trend.test de R).",
    },
    "waves_withheld": {
        "en": "{q} by response wave: withheld (a wave has a count from 1 to {m}).",
        "fr": "{q} par vague de réponse : non publié (une vague a un effectif de 1 à {m}).",
    },
    "bounds_title": {
        "en": "How far non-response could move each share",
        "fr": "Jusqu'où la non-réponse pourrait déplacer chaque part",
    },
    "bounds_intro": {
        "en": "{n} of the {N} people invited are in the analysis: a response rate of {rr} "
        "(AAPOR RR1: complete, eligible answers over everyone invited, counting every "
        "invited person as eligible and partial answers as non-response). Had the {m} "
        "others answered, each share would lie between its worst-case bounds (Manski): "
        "all of them answering no, or all yes, every one of them counted in the "
        "question's base. These bounds hold whatever the reason for not answering; their "
        "width is set by the response rate, not by the sample size. The confidence "
        "interval, beside them, covers sampling error among respondents only.",
        "fr": "{n} des {N} personnes invitées sont dans l'analyse : un taux de réponse de "
        "{rr} (AAPOR RR1 : réponses complètes et éligibles sur l'ensemble des invités, en "
        "comptant chaque invité comme éligible et les réponses partielles comme des "
        "non-réponses). Si les {m} autres avaient répondu, chaque part serait entre ses "
        "bornes extrêmes (Manski) : tous répondant non, ou tous oui, chacun compté dans la "
        "base de la question. Ces bornes valent quelle que soit la raison de ne pas "
        "répondre ; leur largeur dépend du taux de réponse, pas de la taille de "
        "l'échantillon. L'intervalle de confiance, à côté, ne couvre que l'erreur "
        "d'échantillonnage parmi les répondants.",
    },
    "rate_intro": {
        "en": "The last two columns assume the non-respondents' rate is between {a} and "
        "{b} times the respondents' (capped at 100 %), and that non-respondents belong to "
        "each question's base in the same proportion as respondents.",
        "fr": "Les deux dernières colonnes supposent que le taux des non-répondants est "
        "entre {a} et {b} fois celui des répondants (au plus 100 %), et que les "
        "non-répondants appartiennent à la base de chaque question dans la même "
        "proportion que les répondants.",
    },
    "bounds_table": {"en": "Shares with their bounds", "fr": "Parts et leurs bornes"},
    "question": {"en": "Question", "fr": "Question"},
    "estimate": {"en": "Respondents", "fr": "Répondants"},
    "low": {"en": "low", "fr": "bas"},
    "high": {"en": "high", "fr": "haut"},
    "manski_low": {"en": "all no", "fr": "tous non"},
    "manski_high": {"en": "all yes", "fr": "tous oui"},
    "rate_low": {"en": "band low", "fr": "bande basse"},
    "rate_high": {"en": "band high", "fr": "bande haute"},
    "population_title": {
        "en": "Respondents against the population",
        "fr": "Répondants et population",
    },
    "population_intro": {
        "en": "Respondents' shares (Wilson intervals) beside the population's known shares "
        "(the spec's weighting margins). A difference shows who over- or under-answered; "
        "the weighting section gives each share raked to these margins, with its design "
        "effect. Agreement on these questions does not show that respondents resemble the "
        "population on what the survey asks.",
        "fr": "Parts des répondants (intervalles de Wilson) à côté des parts connues de la "
        "population (les marges de pondération de la spécification). Un écart montre qui "
        "a plus ou moins répondu ; la section de pondération donne chaque part redressée "
        "sur ces marges, avec son effet de plan. Un accord sur ces questions ne montre pas "
        "que les répondants ressemblent à la population sur ce que l'enquête demande.",
    },
    "answer": {"en": "Answer", "fr": "Réponse"},
    "population": {"en": "Population", "fr": "Population"},
    "difference": {"en": "Difference", "fr": "Écart"},
    "gof_note": {
        "en": "Goodness of fit to the population's shares: chi-square = {x} ({df} df), {p}.",
        "fr": "Adéquation aux parts de la population : khi-deux = {x} ({df} ddl), {p}.",
    },
    "population_withheld": {
        "en": "{q}: withheld (its counts are not printed).",
        "fr": "{q} : non publié (ses effectifs ne sont pas publiés).",
    },
}


def _t(key: str, lang: str, **kwargs: Any) -> str:
    return _TEXT[key][lang].format(**kwargs)


def _label(label: str, lang: str) -> str:
    """Translate a wave label of :func:`optamstats.response_waves`."""
    if label in _TEXT:
        return _t(label, lang)
    word, _, day = label.partition(" ")
    return _t(word, lang, d=day)


def _pct(fraction: float, lang: str) -> str:
    from optamstats import _format

    return f"{_format.percent_number(fraction, 1, lang)}{_format.NBSP if lang == 'fr' else ''}%"


# --------------------------------------------------------------------------- counting


def response_wave_counts(
    cohort: Any, frame: Any, survey: Any, lang: str
) -> tuple[BreakdownData, ...]:
    """Count each yes/no question's yes and base in each response wave (``early_late``)."""
    from optamstats.report._answers import _stripped_in
    from optamstats.report.counts import BreakdownData
    from optamstats.report.questions import _ancestors
    from optamstats.selfselection import response_waves

    fw = survey.fieldwork
    if fw is None or not fw.early_late:
        return ()
    fmt = frame.attrs.get("export_format")
    column = fmt.timestamp if fmt is not None and fmt.timestamp else survey.timestamp
    if column is None or column not in frame.columns:
        from optamstats.forms import SpecError

        raise SpecError(
            f"spec {survey.source!r}, `fieldwork.early_late`: response waves need the "
            "submission times; declare the timestamp column in [survey] (`timestamp = "
            '"Horodateur"`), or remove `early_late`.',
            source=survey.source,
            key="fieldwork.early_late",
        )
    import pandas as pd

    times = pd.to_datetime(frame[column], errors="coerce")
    keep = np.asarray(cohort._keep, dtype=bool)
    timed = keep & times.notna().to_numpy()
    group = np.full(len(frame), -1, dtype=np.int64)
    if np.count_nonzero(timed) < 3 and not fw.reminders:
        return ()
    waves, labels = response_waves(times[timed], reminders=fw.reminders)
    group[timed] = waves
    out = []
    for q in survey.questions:
        if q.type not in ("yesno", "single") or not q.yes:
            continue
        coded, _, base = cohort._coded(q.column)
        yes = coded.where(_stripped_in({a.strip() for a in q.yes}), among=base) & base
        assigned = base & (group >= 0)
        n = np.bincount(group[assigned], minlength=len(labels))
        k = np.bincount(group[assigned & yes], minlength=len(labels))
        title = q.title(lang)
        out.append(
            BreakdownData(
                key=f"{q.id}-by-response-wave",
                title=_t("by_wave", lang, q=title),
                outcome=title,
                by=_t("wave", lang),
                by_key="response-wave",
                groups=tuple(
                    (_label(labels[j], lang), int(k[j]), int(n[j]))
                    for j in range(len(labels))
                    if n[j] > 0
                ),
                unassigned=int(np.count_nonzero(base & (group < 0))),
                depends_on=_ancestors(survey, q),
            )
        )
    return tuple(out)


def nonresponse_data(survey: Any, respondents: int) -> NonresponseData | None:
    """Return ``[fieldwork] invited`` with the cohort's size, checked; None if not given."""
    from optamstats.report.counts import NonresponseData

    fw = survey.fieldwork
    if fw is None or fw.invited is None:
        return None
    if fw.invited < respondents:
        from optamstats.forms import SpecError

        raise SpecError(
            f"spec {survey.source!r}, `fieldwork.invited`: {fw.invited} invited is fewer than "
            f"the {respondents} respondents of the analysis; give how many people were "
            "invited in all.",
            source=survey.source,
            key="fieldwork.invited",
        )
    return NonresponseData(fw.invited, respondents, fw.nonrespondent_rate)


# --------------------------------------------------------------------------- sections


def selfselection_sections(
    c: SurveyCounts, lang: str, conf: float, control: _Control
) -> tuple[list[Section], dict[str, Any]]:
    """Return the sections the spec declares, and their JSON results."""
    sections: list[Section] = []
    results: dict[str, Any] = {}
    if c.response_waves:
        section, waves = _waves_section(c, lang, conf, control)
        sections.append(section)
        results["response_waves"] = waves
    if c.nonresponse is not None:
        section, bounds = _bounds_section(c, lang, conf, control)
        sections.append(section)
        results["nonresponse"] = bounds
    if c.margins:
        section, population = _population_section(c, lang, conf, control)
        sections.append(section)
        results["population"] = population
    return sections, results


def _printed(c: SurveyCounts, key: str, control: _Control) -> Any:
    """Return the question's data when its table prints every count, else None."""
    d = next((q for q in c.questions if q.key == key), None)
    if d is None or d.answered == 0:
        return None
    if control.on and (
        any(control.small(k, d.answered) for k in d.counts) or control.blocked(d.depends_on)
    ):
        return None
    return d


def _yes(d: Any) -> int:
    wanted = {y.strip() for y in d.yes}
    return sum(k for o, k in zip(d.options, d.counts, strict=True) if o.strip() in wanted)


def _waves_section(
    c: SurveyCounts, lang: str, conf: float, control: _Control
) -> tuple[Section, list[dict[str, Any]]]:
    from optamstats import _format
    from optamstats.proportions import proportion
    from optamstats.report._model import Column, Section, Table, rate_columns
    from optamstats.selfselection import response_trend

    columns = rate_columns(Column("group", _t("wave", lang)), _t("low", lang), _t("high", lang))
    tables, paragraphs, results = [], [], []
    for d in c.response_waves:
        title = d.title
        small = any(control.small(k, n) for _, k, n in d.groups)
        if control.blocked(d.depends_on) or small or len(d.groups) < 2:
            paragraphs.append(_t("waves_withheld", lang, q=d.outcome, m=control.min_cell - 1))
            results.append({"key": d.key, "title": title, "withheld": True})
            continue
        ks = [k for _, k, _ in d.groups]
        ns = [n for _, _, n in d.groups]
        est = proportion(np.asarray(ks), np.asarray(ns), confidence=conf)
        trend = response_trend(ks, ns, labels=[g for g, _, _ in d.groups])
        rows = tuple(
            (g, k, n, float(est.estimate[i]), float(est.low[i]), float(est.high[i]))
            for i, (g, k, n) in enumerate(d.groups)
        )
        note = _t("trend_note", lang, x=_format.number(trend.statistic, 2, lang),
                  p=_format.p_value(trend.p_value, lang))  # fmt: skip
        tables.append(Table(f"breakdown-{d.key}", title, columns, rows, note))
        results.append({
            "key": d.key, "title": title, "outcome": d.outcome,
            "groups": [{"group": g, "k": k, "n": n, "estimate": r[3], "low": r[4],
                        "high": r[5], "method": "wilson", "base": g}
                       for (g, k, n), r in zip(d.groups, rows, strict=True)],
            "trend": {"statistic": trend.statistic, "p_value": trend.p_value,
                      "method": "Cochran-Armitage (R prop.trend.test)",
                      "z_linear_by_linear": trend.z, "p_value_linear_by_linear":
                      trend.p_value_lbl},
            "unassigned": d.unassigned,
        })  # fmt: skip
    fw_reminders = any(g.startswith(("before", "avant")) for d in c.response_waves
                       for g, _, _ in d.groups)  # fmt: skip
    how = _t("how_reminders" if fw_reminders else "how_thirds", lang)
    intro = _t("waves_intro", lang, how=how)
    section = Section("response-waves", _t("waves_title", lang), (intro, *paragraphs),
                      tuple(tables))  # fmt: skip
    return section, results


def _bounds_section(
    c: SurveyCounts, lang: str, conf: float, control: _Control
) -> tuple[Section, dict[str, Any]]:
    from optamstats import _format
    from optamstats.proportions import proportion
    from optamstats.report._model import Column, Section, Table
    from optamstats.selfselection import nonresponse_bounds, response_rate

    info = c.nonresponse
    assert info is not None  # the caller checks
    m = info.invited - info.respondents
    rr = response_rate(info.respondents, info.invited)
    columns = [
        Column("question", _t("question", lang)),
        Column("estimate", _t("estimate", lang), "percent"),
        Column("low", _t("low", lang), "percent"),
        Column("high", _t("high", lang), "percent"),
        Column("manski_low", _t("manski_low", lang), "percent"),
        Column("manski_high", _t("manski_high", lang), "percent"),
    ]
    if info.rate is not None:
        columns += [Column("rate_low", _t("rate_low", lang), "percent"),
                    Column("rate_high", _t("rate_high", lang), "percent")]  # fmt: skip
    rows, records = [], []
    for d in c.questions:
        if d.type not in ("yesno", "single") or not d.yes:
            continue
        if _printed(c, d.key, control) is None:
            continue
        k, n = _yes(d), d.answered
        ci = proportion(k, n, confidence=conf)
        worst = nonresponse_bounds(k, n, m)
        row: list[Any] = [d.title, ci.estimate, ci.low, ci.high, worst.low, worst.high]
        record: dict[str, Any] = {
            "key": d.key, "k": k, "n": n, "estimate": worst.estimate, "low": worst.low,
            "high": worst.high, "method": "manski worst case", "base": d.base or d.title,
            "ci_low": ci.low, "ci_high": ci.high, "nonrespondents": m,
        }  # fmt: skip
        if info.rate is not None:
            # Non-respondents in this base in the respondents' proportion (see intro).
            in_base = round(m * n / info.respondents) if info.respondents else m
            band = nonresponse_bounds(k, n, in_base, rate=info.rate)
            row += [band.rate_low, band.rate_high]
            record.update(rate_low=band.rate_low, rate_high=band.rate_high)
        rows.append(tuple(row))
        records.append(record)
    paragraphs = [_t("bounds_intro", lang, n=_format.count(info.respondents, lang),
                     N=_format.count(info.invited, lang), m=_format.count(m, lang),
                     rr=_pct(rr, lang))]  # fmt: skip
    if info.rate is not None:
        paragraphs.append(_t("rate_intro", lang, a=_format.number(info.rate[0], 2, lang),
                             b=_format.number(info.rate[1], 2, lang)))  # fmt: skip
    table = Table("nonresponse", _t("bounds_table", lang), tuple(columns), tuple(rows))
    section = Section("nonresponse", _t("bounds_title", lang), tuple(paragraphs), (table,))
    result = {"invited": info.invited, "respondents": info.respondents, "response_rate": rr,
              "response_rate_method": "AAPOR RR1 (every invited person counted eligible)",
              "nonrespondent_rate": list(info.rate) if info.rate is not None else None,
              "questions": records}  # fmt: skip
    return section, result


def _population_section(
    c: SurveyCounts, lang: str, conf: float, control: _Control
) -> tuple[Section, list[dict[str, Any]]]:
    from optamstats import _format
    from optamstats.report._model import Column, Section, Table
    from optamstats.selfselection import compare_to_population

    columns = (
        Column("option", _t("answer", lang)),
        Column("estimate", _t("estimate", lang), "percent"),
        Column("low", _t("low", lang), "percent"),
        Column("high", _t("high", lang), "percent"),
        Column("population", _t("population", lang), "percent"),
        Column("difference", _t("difference", lang), "percent"),
    )
    tables, paragraphs, results = [], [_t("population_intro", lang)], []
    for qid, margin in c.margins:
        d = _printed(c, qid, control)
        title = next((q.title for q in c.questions if q.key == qid), qid)
        if d is None:
            paragraphs.append(_t("population_withheld", lang, q=title))
            results.append({"key": qid, "title": title, "withheld": True})
            continue
        counts = dict(zip(d.options, d.counts, strict=True))
        shares = dict(margin)
        observed = {o: counts.get(o, 0) for o in shares}
        if sum(observed.values()) == 0:
            continue
        comparison = compare_to_population(observed, shares, confidence=conf)
        rows = tuple(
            (r.option, r.estimate, r.low, r.high, r.population, r.difference)
            for r in comparison.table.itertuples(index=False)
        )
        note = _t("gof_note", lang, x=_format.number(comparison.statistic, 2, lang),
                  df=comparison.df, p=_format.p_value(comparison.p_value, lang))  # fmt: skip
        tables.append(Table(f"population-{qid}", title, columns, rows, note))
        results.append({
            "key": qid, "title": title,
            "table": [{"option": str(r["option"]), "k": int(r["k"]), "n": int(r["n"]),
                       "estimate": float(r["estimate"]), "low": float(r["low"]),
                       "high": float(r["high"]), "method": "wilson", "base": title,
                       "population": float(r["population"])}
                      for r in comparison.table.to_dict(orient="records")],
            "chi_square": comparison.statistic, "df": comparison.df,
            "p_value": comparison.p_value,
        })  # fmt: skip
    section = Section("population", _t("population_title", lang), tuple(paragraphs),
                      tuple(tables))  # fmt: skip
    return section, results


def withhold_hidden_waves(
    sections: Sequence[Section], results: dict[str, Any], lang: str, min_cell: int
) -> list[Section]:
    """Withhold a response-wave table the audit hid cells of (its trend test with it).

    The trend test's p-value is computed from every wave's counts: once the audit hides
    one, the table, its note and its JSON entry go, as for a small count.
    """
    import dataclasses

    from optamstats.disclosure import Hidden

    entries = {e.get("key"): e for e in results.get("response_waves", [])}
    out = []
    for section in sections:
        if section.key != "response-waves":
            out.append(section)
            continue
        kept, paragraphs = [], list(section.paragraphs)
        for tb in section.tables:
            if any(isinstance(v, Hidden) for row in tb.rows for v in row):
                key = tb.key.removeprefix("breakdown-")
                entry = entries.get(key, {})
                outcome = entry.get("outcome", tb.title)
                paragraphs.append(_t("waves_withheld", lang, q=outcome, m=min_cell - 1))
                entry.clear()
                entry.update({"key": key, "title": tb.title, "withheld": True})
                continue
            kept.append(tb)
        out.append(dataclasses.replace(section, paragraphs=tuple(paragraphs), tables=tuple(kept)))
    return out
