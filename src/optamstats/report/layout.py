"""The spec's ``[[section]]`` grouping: one report section per question, in its order."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from optamstats import _format
from optamstats.report._model import Section
from optamstats.report._text import t as _t
from optamstats.report.motives import _motive_base, _motive_section

if TYPE_CHECKING:
    from optamstats.report.control import _Control
    from optamstats.report.counts import SurveyCounts


def _question_sections(
    c: SurveyCounts, lang: str, conf: float, control: _Control, figures: dict[str, Any]
) -> tuple[list[Section], dict[str, Any], list[Any]]:
    """Return a section per question, grouped as the spec's ``[[section]]`` tables say."""
    from optamstats.report.questions import question_section

    data = {d.key: d for d in c.questions}
    motives = {m.key: m for m in c.motives}
    sections: list[Section] = []
    results: dict[str, Any] = {}
    motive_results: list[Any] = []
    for i, (title, keys, text) in enumerate(c.layout):
        if title or text:
            sections.append(Section(f"part-{i + 1}", title, (text,) if text else ()))
        for qid in keys:
            if qid in data:
                section, result, figure = question_section(data[qid], lang, conf, control)
                sections.append(section)
                results[qid] = result
                if figure is not None:
                    figures[section.key] = figure
            elif qid in motives:
                one = dataclasses.replace(c, motives=(motives[qid],))
                section, found, drawn = _motive_section(one, lang, conf, control)
                figure = drawn.get("motives")
                m = motives[qid]
                key = f"q-{qid}"
                n_resp = _motive_base(m)
                if n_resp is not None and section.tables:
                    who = m.base or _t("q_base_asked", lang)
                    line = _t(
                        "q_base_multi", lang, who=who, n=_format.count(n_resp, lang, nbsp=True)
                    )
                    section = dataclasses.replace(section, paragraphs=(line, *section.paragraphs))
                shown = (key,) if figure is not None else ()
                section = dataclasses.replace(section, key=key, title=m.title, figures=shown)
                sections.append(section)
                motive_results += found
                results[qid] = {"key": qid, "type": "multi", "title": m.title, **found[0]}
                if figure is not None:
                    figures[key] = figure
    return sections, results, motive_results
