"""Tests of optamstats.report and `optamstats report`: numbers, formats, safety."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from optamstats import exit_funnel, proportion
from optamstats.cli import main
from optamstats.datasets import optam_2025
from optamstats.report import Report, Section, build_report, render, report_dict, write_report

SCHEMA = json.loads((Path(__file__).parents[1] / "docs" / "report-schema.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def report_en() -> Report:
    return build_report(lang="en")


@pytest.fixture(scope="module")
def report_fr() -> Report:
    return build_report(lang="fr")


def test_numbers_equal_the_library_functions(report_en: Report) -> None:
    results = report_en.results
    for key, (k, n) in {"members": (119, 178), "left": (50, 119), "plan": (41, 69),
                        "combined": (91, 119)}.items():  # fmt: skip
        r = proportion(k, n)
        got = results["proportions"][key]
        assert (got["k"], got["n"]) == (k, n)
        assert (got["low"], got["high"]) == (r.low, r.high)
    f = exit_funnel(*optam_2025().funnel_counts())
    funnel = results["funnel"]
    assert funnel["combined"]["low"] == f.combined.low
    assert funnel["combined"]["high"] == f.combined.high
    assert funnel["wilson"]["low"] == f.wilson.low
    assert funnel["delta"]["se"] == f.delta.se
    t = f.above(0.70)
    assert funnel["claim"]["p_value"] == t.p_value
    assert funnel["claim"]["established"] is False
    assert funnel["scenarios"][-1][1] == pytest.approx(91 / 119, abs=1e-15)


def test_text_report_shows_the_headline_verdict(report_en: Report) -> None:
    text = render(report_en, "text")
    assert "76.5% > 70.0%? One-sided 95% lower bound 69.5%, p = 0.073" in text
    assert "not established at the 5% level" in text
    for section in report_en.sections:
        assert section.title in text
    # The audit section lists the press article's mismatches.
    assert "82%" in text
    assert "89" in text


def test_french_typography(report_fr: Report) -> None:
    text = render(report_fr, "text")
    assert "42,0\u00a0%" in text
    assert "76,5\u00a0%" in text
    assert re.search(r"\d %", text) is None  # never a breakable space before %
    assert re.search(r"\d\.\d %", text) is None  # decimal commas, not points
    html = render(report_fr, "html")
    assert 'lang="fr"' in html
    assert "42,0\u00a0%" in html


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_and_has_every_figure(report_en: Report) -> None:
    html = render(report_en, "html")
    parser = _Collector()
    parser.feed(html)
    parser.close()
    names = [t for t, _ in parser.tags]
    assert names[0] == "html"
    assert "meta" in names
    assert any(a.get("name") == "viewport" for t, a in parser.tags if t == "meta")
    for key in report_en.figures:
        assert f'id="figure-{key}"' in html
    assert names.count("svg") == len(report_en.figures) >= 2
    assert "script" not in names
    assert "link" not in names
    assert "img" not in names
    for _, attrs in parser.tags:
        for attr in ("src", "href", "xlink:href"):
            value = attrs.get(attr) or ""
            assert not value.startswith(("http:", "https:", "//")), (attr, value)
    assert "url(http" not in html
    assert "@import" not in html
    assert "<!DOCTYPE svg" not in html


def test_json_validates_against_its_schema(report_en: Report, report_fr: Report) -> None:
    for report in (report_en, report_fr):
        data = json.loads(render(report, "json"))
        jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
        assert data == json.loads(json.dumps(report_dict(report)))


def test_json_carries_every_number_of_the_tables(report_en: Report) -> None:
    data = json.loads(render(report_en, "json"))
    tables = {t["key"]: t for s in data["sections"] for t in s["tables"]}
    assert {"flow", "proportions", "funnel", "claim", "scenarios", "motives-leavers",
            "motives-planners", "themes", "audit"} <= set(tables)  # fmt: skip
    rows = tables["proportions"]["rows"]
    assert rows[1][1:6] == [50, 119, 50 / 119, proportion(50, 119).low, proportion(50, 119).high]


def test_markdown_tables(report_en: Report) -> None:
    md = render(report_en, "markdown")
    assert md.startswith("# OPTAM exit survey")
    assert "| Figure | k | n | % | low | high | Base (who answered) |" in md


def test_report_rejects_bad_arguments() -> None:
    from optamstats import InvalidValueError

    with pytest.raises(InvalidValueError, match=r"`lang` must be one of 'fr', 'en'"):
        build_report(lang="de")
    with pytest.raises(InvalidValueError, match=r"`confidence` must be in the open interval"):
        build_report(confidence=95)
    with pytest.raises(InvalidValueError, match=r"`fmt` must be one of 'text'"):
        render(build_report(lang="en"), "docx")  # pdf: bytes, see test_report_pdf.py


# --------------------------------------------------------------------------- output


def test_write_report_writes_figures(tmp_path: Path, report_en: Report) -> None:
    out = write_report(report_en, tmp_path / "out", "markdown")
    names = sorted(p.name for p in out.iterdir())
    assert names == ["flow.png", "flow.svg", "funnel.png", "funnel.svg",
                     "motives-planners.png", "motives-planners.svg", "motives.png",
                     "motives.svg", "report.md"]  # fmt: skip
    assert "![funnel](funnel.png)" in (out / "report.md").read_text("utf-8")
    assert (out / "funnel.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_write_report_is_atomic(tmp_path: Path) -> None:
    def broken() -> object:
        raise RuntimeError("drawing failed")

    report = Report("T", "en", (Section("s", "S", figures=("f",)),), figures={"f": broken})  # type: ignore[dict-item]
    with pytest.raises(RuntimeError, match="drawing failed"):
        write_report(report, tmp_path / "out", "html")
    assert list(tmp_path.iterdir()) == []  # neither the folder nor a staging folder


def test_write_report_refuses_a_folder_with_files(tmp_path: Path, report_en: Report) -> None:
    from optamstats import InvalidValueError

    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(InvalidValueError, match=r"`directory` must be a new or empty folder"):
        write_report(report_en, tmp_path, "text")
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_cli_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["report", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out == render(build_report(lang="en", rng=2025), "text")
    assert main(["report", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lang"] == "fr"  # French is the default for the French survey
    assert main(["report", "--format", "html", "--output", str(tmp_path / "r")]) == 0
    assert (tmp_path / "r" / "report.html").is_file()
    # Without --spec a spec is drafted from the export (tests/test_draft.py): here the
    # export is missing, which is said.
    assert main(["report", "--responses", str(tmp_path / "x.csv")]) == 2
    assert "x.csv' is not a file" in capsys.readouterr().err
    assert main(["report", "--spec", "survey.toml"]) == 2
    assert "`--spec` describes the `--responses` export" in capsys.readouterr().err


# --------------------------------------------------------------------------- the export


@pytest.fixture(scope="module")
def synthetic_counts() -> object:
    from optamstats.datasets import optam_2025_synthetic_export
    from optamstats.report.build import survey_counts_from_export

    export = optam_2025_synthetic_export()
    return survey_counts_from_export(export.frame(), export.spec, notes=(export.note,))


def test_synthetic_export_reproduces_the_published_margins(synthetic_counts: object) -> None:
    from optamstats.datasets import optam_2025
    from optamstats.report import SurveyCounts

    assert isinstance(synthetic_counts, SurveyCounts)
    survey = optam_2025()
    assert synthetic_counts.flow[-2][-1] == survey.respondents.count  # 188 after exclusions
    assert synthetic_counts.flow[-1][-1] == survey.sector2.count  # 178 in sector 2
    assert [r[2] for r in synthetic_counts.flow[1:]] == [2, 3, 3, 2, 10]  # planted rows
    props = {p.key: (p.k, p.n) for p in synthetic_counts.proportions}
    assert props == {"member": (119, 178), "left": (50, 119), "plans_to_leave": (41, 69)}
    assert synthetic_counts.funnel == (*survey.funnel_counts(), 0)
    leavers = synthetic_counts.motives[0].table
    published = {t.label: t.count for t in survey.leavers_motives.tallies}
    assert dict(zip(leavers["option"], leavers["mentions"], strict=True)) == published
    assert set(leavers["respondents"]) == {50}
    planners = synthetic_counts.motives[1].table
    published_plan = {t.label: t.count for t in survey.planners_motives.tallies}
    other = published_plan.pop("Autre (à préciser)")
    assert dict(zip(planners["option"], planners["mentions"], strict=True)) == published_plan
    assert other == 16


def test_pipeline_gives_the_same_proportions_as_the_aggregates(synthetic_counts: object) -> None:
    from optamstats.report import SurveyCounts

    assert isinstance(synthetic_counts, SurveyCounts)
    from_export = build_report(synthetic_counts, lang="en")
    from_aggregates = build_report(lang="en")
    a, b = from_export.results, from_aggregates.results
    assert a["proportions"]["left"]["low"] == b["proportions"]["left"]["low"]
    assert a["proportions"]["plans_to_leave"]["high"] == b["proportions"]["plan"]["high"]
    assert a["funnel"]["combined"] == b["funnel"]["combined"]
    assert a["funnel"]["claim"] == b["funnel"]["claim"]
    # Respondent-level answers give rank intervals, which tallies cannot.
    ranks = from_export.results["motives"][0]["table"]
    assert all(r["rank_low"] is not None for r in ranks)
    assert ranks[0]["rank_low"] == 1


def test_free_text_is_never_printed(synthetic_counts: object) -> None:
    from optamstats.report import SurveyCounts

    assert isinstance(synthetic_counts, SurveyCounts)
    report = build_report(synthetic_counts, lang="fr")
    assert report.notes
    assert "SYNTHETIC" in report.notes[0]
    for fmt in ("text", "markdown", "json", "html"):
        out = render(report, fmt)
        for fragment in ("texte libre synthétique", "Réponse libre synthétique", "Je reste"):
            assert fragment not in out, (fmt, fragment)


def test_cli_report_on_an_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from optamstats.datasets import optam_2025_synthetic_export

    export = optam_2025_synthetic_export()
    csv_path, spec_path = tmp_path / "export.csv", tmp_path / "survey.toml"
    csv_path.write_text(export.csv, encoding="utf-8")
    spec_path.write_text(export.spec_text, encoding="utf-8")
    argv = ["report", "--responses", str(csv_path), "--spec", str(spec_path), "--format", "json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert data["lang"] == "fr"  # the spec's language
    assert data["results"]["funnel"]["counts"]["n"] == 119
    assert main([*argv[:-2], "--format", "text", "--lang", "en"]) == 0
    assert "Combined exit rate" in capsys.readouterr().out


# --------------------------------------------------------------------------- issue 17, part B


def _export_with(edit_spec: object = None, edit_frame: object = None) -> tuple[object, object]:
    """The synthetic export's frame and spec text, each passed through an edit."""
    from optamstats.datasets import optam_2025_synthetic_export

    export = optam_2025_synthetic_export()
    frame, text = export.frame(), export.spec_text
    if callable(edit_spec):
        text = edit_spec(text)
    if callable(edit_frame):
        frame = edit_frame(frame)
    return frame, text


def test_funnel_answers_outside_yes_and_no_are_refused_without_options() -> None:
    # Without `options`, the spec's own check of answers does not run: "Yes" answers to a
    # `left` question whose `yes` is "Oui" would count 0/119 leavers.
    from optamstats.forms import SpecError
    from optamstats.report.build import survey_counts_from_export

    def no_options(text: str) -> str:
        at = text.index("[questions.left]")
        return text[:at] + text[at:].replace('options = ["Oui", "Non"]\n', "", 1)

    def english(frame: object) -> object:
        import pandas as pd

        assert isinstance(frame, pd.DataFrame)
        column = "Etes-vous sorti de l'OPTAM?"
        frame[column] = frame[column].replace({"Oui": "Yes"})
        return frame

    frame, text = _export_with(no_options, english)
    message = r"`questions.left.yes`: column .* has 50 answer\(s\) that are neither a `yes` "
    with pytest.raises(SpecError, match=message + r"\['Oui'\] nor a `no` \['Non'\]") as err:
        survey_counts_from_export(frame, text)
    assert err.value.key == "questions.left.yes"
    frame, text = _export_with(no_options)  # the form's own labels: accepted, counted right
    counts = survey_counts_from_export(frame, text)
    assert {p.key: (p.k, p.n) for p in counts.proportions}["left"] == (50, 119)


# Issue 17: valid exports with nothing to estimate in one place stopped the whole report
# with "`answers` has no respondent who answered…" (naming no question).

_LEFT = "Etes-vous sorti de l'OPTAM?"
_PLAN = "Si non sorti(e) de l'OPTAM, comptez-vous en sortir dans les 3 prochains mois?"
_MOTIVES = "Pour quelles raisons?"
_NOTHING = {"en": "nothing to estimate", "fr": "rien à estimer"}


def _blank_motives(frame: object) -> object:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    frame[_MOTIVES] = ""  # the 50 leavers were asked, and none ticked anything
    return frame


def _nobody_left(frame: object) -> object:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    leavers = frame[_LEFT] == "Oui"  # the 50 leavers become members planning to leave
    frame.loc[leavers, _LEFT] = "Non"
    frame.loc[leavers, _PLAN] = "Oui"
    frame.loc[leavers, _MOTIVES] = ""
    return frame


def _nobody_answered_left(frame: object) -> object:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    frame[[_LEFT, _PLAN, _MOTIVES]] = ""
    return frame


def _report_of(edit: object, lang: str) -> tuple[Report, dict[str, object]]:
    from optamstats.report.build import survey_counts_from_export

    frame, text = _export_with(edit_frame=edit)
    counts = survey_counts_from_export(frame, text, lang=lang)
    report = build_report(counts, lang=lang, rng=1)
    outputs = {fmt: render(report, fmt) for fmt in ("text", "markdown", "json", "html")}
    document = json.loads(str(outputs["json"]))
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    return report, {**outputs, "json": document}


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(("edit", "why"), [(_blank_motives, "all_blank"),
                                           (_nobody_left, "not_asked")])  # fmt: skip
def test_motive_question_nobody_answered_gives_a_report_saying_so(
    lang: str, edit: object, why: str
) -> None:
    report, out = _report_of(edit, lang)
    motives = next(s for s in report.sections if s.key == "q-motives")  # one per question
    title = "Reasons for leaving" if lang == "en" else "Motifs de sortie"
    said = [p for p in motives.paragraphs if title in p]
    assert len(said) == 1
    assert _NOTHING[lang] in said[0]
    reason = {("en", "all_blank"): "left it blank", ("fr", "all_blank"): "laissée vide",
              ("en", "not_asked"): "nobody has left yet",
              ("fr", "not_asked"): "personne n'est encore sorti"}[lang, why]  # fmt: skip
    assert reason in said[0]
    assert motives.tables == ()
    shown = [t.key for sec in report.sections for t in sec.tables]
    assert "motives-plan_motives" in shown  # the other is shown
    for fmt in ("text", "markdown", "html"):  # every format says it
        assert _NOTHING[lang] in str(out[fmt]).replace("\n", " "), fmt
    document = out["json"]
    assert isinstance(document, dict)
    entry = document["results"]["motives"][0]
    assert (entry["key"], entry["table"], entry["nothing_to_estimate"]) == ("motives", [], why)
    if why == "not_asked":  # the funnel is computed, with no leaver: 0 + 91/119
        counts = report.results["funnel"]["counts"]
        assert (counts["left"], counts["plan"], counts["stay"]) == (0, 91, 28)
        assert report.results["proportions"]["left"]["k"] == 0


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_funnel_nobody_answered_gives_a_report_saying_so(lang: str) -> None:
    report, out = _report_of(_nobody_answered_left, lang)
    keys = [s.key for s in report.sections]
    assert "funnel" in keys
    assert "claim" not in keys  # nothing to test
    assert "scenarios" not in keys  # nor to scale
    funnel = next(s for s in report.sections if s.key == "funnel")
    assert len(funnel.paragraphs) == 1
    assert funnel.paragraphs[0].startswith(_NOTHING[lang].capitalize())
    assert "funnel" not in report.results
    props = next(s for s in report.sections if s.key == "proportions").tables[0]
    empty = [row for row in props.rows if row[2] == 0]
    assert [row[3:6] for row in empty] == [(None, None, None)] * 2  # left, plans_to_leave
    assert props.note.startswith("n = 0: ") if lang == "en" else props.note.startswith("n = 0 : ")
    assert set(report.results["proportions"]) == {"member"}  # an estimate only where one is
    for fmt in ("text", "markdown", "html"):
        assert str(out[fmt]).replace("\n", " ").count(_NOTHING[lang]) >= 3, fmt


def test_cli_report_on_an_export_where_nobody_has_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame, text = _export_with(edit_frame=_nobody_left)
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    csv_path, spec_path = tmp_path / "export.csv", tmp_path / "survey.toml"
    frame.to_csv(csv_path, index=False, date_format="%d/%m/%Y %H:%M:%S")
    spec_path.write_text(str(text), encoding="utf-8")
    argv = ["report", "--responses", str(csv_path), "--spec", str(spec_path), "--lang", "en"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "nothing to estimate: no respondent was asked this question" in captured.out
    assert captured.err == ""


def test_notes_as_one_string_are_one_note() -> None:
    # Was one note per character: ('S', 'Y', 'N', ...).
    from optamstats import InvalidTypeError
    from optamstats.datasets import optam_2025_synthetic_export
    from optamstats.report.build import survey_counts_from_export

    export = optam_2025_synthetic_export()
    counts = survey_counts_from_export(export.frame(), export.spec, notes=export.note)
    assert counts.notes == (export.note,)
    with pytest.raises(InvalidTypeError, match=r"`notes` must be a note \(a string\) or a list"):
        survey_counts_from_export(export.frame(), export.spec, notes=[3])  # type: ignore[list-item]


# ----------------------------------------------- the parse step counts from codes (issue 21)

# Yes/no questions without declared options (so that any answer reaches the counts), a
# multi-select question asked of leavers, one with "Other" text asked of the others.
CODED_SPEC = """
[questions.member]
column = "member"
role = "member"
yes = "Oui"
no = "Non"
[questions.left]
column = "left"
role = "left"
yes = "Oui"
no = "Non"
asked_if = { member = "Oui" }
[questions.plan]
column = "plan"
role = "plans_to_leave"
yes = ["Oui", "Yes"]
no = "Non"
asked_if = { left = "Non" }
[questions.why]
column = "why"
type = "multi"
separator = ", "
options = ["A", "B, C", "D"]
asked_if = { left = "Oui" }
[questions.why_not]
column = "why_not"
type = "multi"
separator = ", "
other = true
options = ["A", "D"]
asked_if = { left = "Non" }
[questions.note]
column = "note"
type = "text"
"""


def _reference_counts(frame: object, spec: object) -> tuple[object, object, object]:
    """The counts as survey_counts_from_export made them before issue 21: rows copied,
    cells stripped one by one, the funnel from exit_funnel_from_answers, and the tables
    from parse_multiselect + multiselect_table on the rows asked (public API only)."""
    import warnings

    import numpy as np

    from optamstats import exit_funnel_from_answers, multiselect_table, parse_multiselect
    from optamstats._checks import OptamstatsError
    from optamstats.forms import SpecError, is_blank

    cohort = spec.cohort(frame)  # type: ignore[attr-defined]
    props = {}
    for role in ("member", "left", "plans_to_leave"):
        (q,) = spec.questions_with_role(role)  # type: ignore[attr-defined]
        answered = cohort.base(q.column)[q.column].astype(str).str.strip()
        # Issue 17: an answer to a funnel question that is neither its yes nor its no
        # (stripped, as written) is refused with the spec's key, before any count.
        if not answered.isin({v.strip() for v in (*q.yes, *q.no)}).all():
            return props, SpecError, []
        props[q.id] = (int(answered.isin(q.yes).sum()), len(answered))
    lq, pq = spec["left"], spec["plan"]  # type: ignore[index]
    members = cohort.data[cohort.asked(lq.column).to_numpy(dtype=bool)]
    funnel: object = None  # issue 17: nobody asked, or every answer blank: nothing
    if len(members) and not is_blank(members[lq.column]).all():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                c = exit_funnel_from_answers(
                    members[lq.column], members[pq.column], yes=lq.yes + pq.yes, no=lq.no + pq.no
                ).counts
            funnel = (c.left, c.plan, c.stay, c.no_answer)
        except OptamstatsError as error:
            funnel = type(error)
    tables: list[object] = []
    for qid in ("why", "why_not"):
        q = spec[qid]  # type: ignore[index]
        asked = cohort.data[cohort.asked(q.column).to_numpy(dtype=bool)]
        try:
            answers = parse_multiselect(asked[q.column], q.options, sep=q.separator,
                                        other="keep" if q.other else "error")  # fmt: skip
            # Issue 17: a question nobody answered is a section saying so, no table.
            tables.append(None if answers.n_answered == 0 else multiselect_table(answers, rng=7))
        except OptamstatsError as error:
            tables.append(type(error))
    assert np is not None
    return props, funnel, tables


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_counts_from_codes_equal_the_rows_copied(data: st.DataObject) -> None:
    import warnings

    import pandas as pd

    from optamstats import parse_multiselect
    from optamstats._checks import OptamstatsError
    from optamstats.forms import load_spec
    from optamstats.report.build import _read_and_code, survey_counts_from_export

    spec = load_spec(CODED_SPEC)
    # Answers that fail (an unknown yes/no answer, an unknown option) are rare, so that
    # most examples reach the counts; each example fails or counts like the reference.
    yes_no = st.sampled_from(["Oui", " Oui ", "oui", "Non", " Non", "NON ", "Yes", "", "  "] * 40
                             + ["peut-être"])  # fmt: skip
    why = st.sampled_from(["A", "B, C", "A, D", "D, B, C", "", "D"] * 30 + ["A, Z", "B"])
    why_not = st.sampled_from(["A", "D, texte libre", "autre chose", "A, D"] * 3 + [""])
    member = st.sampled_from(["Oui"] * 6 + [" Oui ", "oui", "Non", ""])
    n = data.draw(st.integers(1, 60))
    columns = {"member": member, "left": yes_no, "plan": yes_no, "why": why, "why_not": why_not,
               "note": st.sampled_from(["", "x"])}  # fmt: skip
    frame = pd.DataFrame(
        {c: data.draw(st.lists(s, min_size=n, max_size=n)) for c, s in columns.items()}
    )
    if data.draw(st.booleans()):  # a frame built by hand may hold missing values
        frame.loc[data.draw(st.integers(0, n - 1)), "left"] = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. a table where nothing is ticked
        props, funnel, tables = _reference_counts(frame, spec)
    expected_error = next(
        (t for t in (funnel, *tables) if isinstance(t, type)), None
    )  # the first step that fails fails the whole call
    event(f"fails: {expected_error.__name__}" if expected_error is not None else "counts")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if expected_error is not None:
            with pytest.raises(OptamstatsError) as raised:
                survey_counts_from_export(frame, spec, rng=7)
            assert isinstance(raised.value, expected_error)  # a SpecError located by line
            return
        counts = survey_counts_from_export(frame, spec, rng=7)
    assert {p.key: (p.k, p.n) for p in counts.proportions} == props
    assert counts.funnel == funnel
    for motive, table in zip(counts.motives, tables, strict=True):
        if table is None:
            assert motive.nothing in ("not_asked", "all_blank")
            assert motive.table.empty
            continue
        pd.testing.assert_frame_equal(motive.table, table)
    # The parsed answers themselves, row by row (a table would not see rows swapped).
    cohort = spec.cohort(frame)
    for q, _, answers in _read_and_code(frame, spec, None, False).answers:
        asked = cohort.data[cohort.asked(q.column).to_numpy(dtype=bool)][q.column]
        ref = parse_multiselect(asked, q.options, sep=q.separator, other="keep")
        pd.testing.assert_frame_equal(answers.indicators, ref.indicators)
        pd.testing.assert_series_equal(answers.other, ref.other)
        pd.testing.assert_series_equal(answers.answered, ref.answered)


@pytest.mark.parametrize(
    ("left", "plan", "message"),
    [
        # An answer that is neither yes nor no: refused at the question's spec key
        # (issue 17), before any count.
        (["Oui", "peut-être", "Non"], ["", "", "Oui"],
         r"`questions\.left\.yes`: column 'left' has 1 answer\(s\) that are neither"),
        (["Oui", "Non", "Non"], ["", "bof", "Oui"],
         r"`questions\.plan\.yes`: column 'plan' has 1 answer\(s\) that are neither"),
        # As exit_funnel refuses it: a plan rate nobody answered for.
        (["Oui", "Non", "Non"], ["", "", " "], "`plan` and `stay` are both 0 while `no_an"),
    ],
)  # fmt: skip
def test_funnel_counts_refuse_what_the_funnel_refuses(
    left: list[str], plan: list[str], message: str
) -> None:
    import pandas as pd

    from optamstats._checks import OptamstatsError
    from optamstats.forms import load_spec
    from optamstats.report.build import survey_counts_from_export

    frame = pd.DataFrame({"member": ["Oui"] * 3, "left": left, "plan": plan, "why": ["A"] * 3,
                          "why_not": ["A"] * 3, "note": [""] * 3})  # fmt: skip
    with pytest.raises(OptamstatsError, match=message):
        survey_counts_from_export(frame, load_spec(CODED_SPEC))


def test_a_funnel_nobody_answered_is_nothing_to_estimate() -> None:
    # Issue 17: every member left the "left" question blank: a section saying so, not
    # an error (exit_funnel would refuse the empty funnel).
    import pandas as pd

    from optamstats.forms import load_spec
    from optamstats.report.build import survey_counts_from_export

    frame = pd.DataFrame({"member": ["Oui"] * 3, "left": [""] * 3, "plan": [""] * 3,
                          "why": ["A"] * 3, "why_not": ["A"] * 3, "note": [""] * 3})  # fmt: skip
    counts = survey_counts_from_export(frame, load_spec(CODED_SPEC))
    assert counts.funnel is None
    assert counts.funnel_nothing == "all_blank"


def test_parse_step_factorizes_each_column_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # read_responses' check of the answers and the cohort share their codes, and the
    # multi-select questions are parsed from the cohort's: a million-row column costs
    # ≈ 0.1 s to factorize, so none may be factorized twice. The counts are those of
    # the frame read first (no codes shared).
    import pandas as pd

    from optamstats import forms
    from optamstats.datasets import optam_2025_synthetic_export
    from optamstats.report.build import survey_counts_from_export

    export = optam_2025_synthetic_export()
    path = tmp_path / "export.csv"
    path.write_text(export.csv, encoding="utf-8")
    from_frame = survey_counts_from_export(export.frame(), export.spec)
    factorized: list[str] = []
    real_init = forms.Coded.__init__

    def counting_init(self: forms.Coded, values: object) -> None:
        factorized.append(str(getattr(values, "name", "?")))
        real_init(self, values)

    monkeypatch.setattr(forms.Coded, "__init__", counting_init)
    from_path = survey_counts_from_export(path, export.spec)
    assert factorized, "the check of the answers factorizes the columns"
    assert len(factorized) == len(set(factorized)), factorized
    assert from_path.flow == from_frame.flow
    assert from_path.proportions == from_frame.proportions
    assert from_path.funnel == from_frame.funnel
    for a, b in zip(from_path.motives, from_frame.motives, strict=True):
        pd.testing.assert_frame_equal(a.table, b.table)
