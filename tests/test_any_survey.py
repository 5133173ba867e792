"""Any survey, no Python: the report built from the spec alone (issue 14).

A made-up 2026 survey (``tests/any_survey_data.py``) with every question type is
reported, and every count the report prints is recomputed here with pandas on the same
rows; the statistics are checked against their outside references (scipy's binomial
test, numpy's quantiles, statsmodels' Wilson interval).
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import pathlib
import tokenize

import any_survey_data as data
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from optamstats import exit_funnel
from optamstats.cli import main
from optamstats.forms import SpecError
from optamstats.report import build_report, render
from optamstats.report.build import survey_counts_from_export

COL = data.COLUMNS


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return data.export()


@pytest.fixture(scope="module")
def report_fr(frame: pd.DataFrame) -> object:
    return build_report(survey_counts_from_export(frame, data.SPEC), rng=1)


def _results(report: object) -> dict[str, object]:
    return report.results  # type: ignore[attr-defined, no-any-return]


def _asked(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """Who was asked each question, by the spec's skip logic written in pandas."""
    everyone = pd.Series(True, index=frame.index)
    left = frame[COL["left"]].str.strip()
    plan_asked = left == "Non"
    plan = frame[COL["plan"]].str.strip()
    why_asked = (left == "Oui") | (plan_asked & (plan == "Oui"))
    asked = {k: everyone for k in COL}
    asked.update(plan=plan_asked, why=why_asked)
    return asked


@pytest.mark.parametrize("key", ["practice", "sector", "region", "left", "plan", "satisfaction"])
def test_every_option_count_is_pandas_count(
    frame: pd.DataFrame, report_fr: object, key: str
) -> None:
    answers = frame.loc[_asked(frame)[key], COL[key]].str.strip()
    answers = answers[answers != ""]
    expected = answers.value_counts()
    entry = _results(report_fr)["questions"][key]  # type: ignore[index]
    got = {row["option"]: row["k"] for row in entry["table"]}
    assert got == {o: int(expected.get(o, 0)) for o in got}
    assert sum(got.values()) == len(answers) == entry["n"]
    for row in entry["table"]:  # Wilson, as statsmodels computes it
        low, high = proportion_confint(row["k"], row["n"], method="wilson")
        assert (row["low"], row["high"]) == pytest.approx((low, high), rel=1e-12)


def test_non_substantive_answers_shown_with_both_bases(
    frame: pd.DataFrame, report_fr: object
) -> None:
    entry = _results(report_fr)["questions"]["plan"]  # type: ignore[index]
    rows = {r["option"]: r for r in entry["table"]}
    unsure = rows["Ne sait pas"]
    assert unsure["k"] > 0  # counted and shown, not merged into "Non"
    substantive = rows["Oui"]["k"] + rows["Non"]["k"]
    assert rows["Oui"]["n_substantive"] == substantive
    assert rows["Oui"]["estimate_substantive"] == pytest.approx(rows["Oui"]["k"] / substantive)
    assert rows["Oui"]["estimate"] == pytest.approx(rows["Oui"]["k"] / entry["n"])
    assert "estimate_substantive" not in unsure


def test_skip_logic_with_any_gives_the_base_of_the_multi_select(
    frame: pd.DataFrame, report_fr: object
) -> None:
    asked = _asked(frame)["why"]
    answered = asked & (frame[COL["why"]].str.strip() != "")
    entry = _results(report_fr)["questions"]["why"]  # type: ignore[index]
    assert {row["n"] for row in entry["table"]} == {int(answered.sum())}
    cells = frame.loc[answered, COL["why"]]
    for row in entry["table"]:  # labels with ", " inside are counted whole
        assert row["k"] == int(cells.str.contains(row["option"], regex=False).sum())


def test_scale_boxes_median_and_mean(frame: pd.DataFrame, report_fr: object) -> None:
    values = frame[COL["satisfaction"]].astype(int)
    summary = _results(report_fr)["questions"]["satisfaction"]["summary"]  # type: ignore[index]
    assert summary["top_box"]["k"] == int((values >= 4).sum())
    assert summary["bottom_box"]["k"] == int((values <= 2).sum())
    assert summary["mean"]["value"] == pytest.approx(values.mean(), rel=1e-12)
    low, high = stats.t.interval(0.95, len(values) - 1, values.mean(), stats.sem(values))
    assert (summary["mean"]["lower"], summary["mean"]["upper"]) == pytest.approx((low, high))
    assert summary["median"]["value"] == str(int(np.median(values)))


def test_number_question_reads_decimal_commas(frame: pd.DataFrame, report_fr: object) -> None:
    text = frame[COL["age"]].str.strip()
    numbers = text[text != ""].str.replace(",", ".").astype(float)
    entry = _results(report_fr)["questions"]["age"]  # type: ignore[index]
    assert entry["n"] == len(numbers)
    assert entry["mean"]["value"] == pytest.approx(numbers.mean(), rel=1e-12)
    assert entry["quartiles"]["q1"] == pytest.approx(np.quantile(numbers, 0.25))
    assert entry["quartiles"]["q3"] == pytest.approx(np.quantile(numbers, 0.75))
    assert any("," in t for t in text)  # the data do have decimal commas


def test_text_question_counted_never_printed(frame: pd.DataFrame, report_fr: object) -> None:
    entry = _results(report_fr)["questions"]["comment"]  # type: ignore[index]
    assert entry["n"] == int((frame[COL["comment"]] != "").sum())
    for fmt in ("text", "markdown", "html", "json"):
        assert "texte libre" not in render(report_fr, fmt)  # type: ignore[arg-type]


def test_funnel_counts_and_the_undecided(frame: pd.DataFrame, report_fr: object) -> None:
    left = frame[COL["left"]]
    plan = frame[COL["plan"]]
    funnel = _results(report_fr)["funnel"]  # type: ignore[index]
    counts = funnel["counts"]
    unsure = int(((left == "Non") & (plan == "Ne sait pas")).sum())
    assert counts["left"] == int((left == "Oui").sum())
    assert counts["plan"] == int(((left == "Non") & (plan == "Oui")).sum())
    assert counts["stay"] == int(((left == "Non") & (plan == "Non")).sum()) + unsure
    assert counts["no_answer"] == int(((left == "Non") & (plan == "")).sum())
    assert funnel["undecided"] == {"count": unsure, "counted_as": "no"}
    assert any(str(unsure) in p for s in report_fr.sections for p in s.paragraphs  # type: ignore[attr-defined]
               if s.key == "funnel")  # fmt: skip


def test_undecided_as_non_response_when_the_spec_says_so(frame: pd.DataFrame) -> None:
    spec = data.SPEC.replace('plan = "plan"\n', 'plan = "plan"\nundecided = "no_answer"\n')
    counts = survey_counts_from_export(frame, spec)
    assert counts.funnel is not None
    _, _, stay, skip = counts.funnel
    unsure = int(((frame[COL["left"]] == "Non") & (frame[COL["plan"]] == "Ne sait pas")).sum())
    blank = int(((frame[COL["left"]] == "Non") & (frame[COL["plan"]] == "")).sum())
    assert skip == blank + unsure
    assert stay == int(((frame[COL["left"]] == "Non") & (frame[COL["plan"]] == "Non")).sum())


def test_claims_match_their_references(frame: pd.DataFrame, report_fr: object) -> None:
    claims = _results(report_fr)["claims"]  # type: ignore[index]
    funnel_claim, left_claim = claims
    k = int((frame[COL["left"]] == "Oui").sum())
    # scipy.stats.binomtest(k, n, 0.3, alternative="greater"), as R's binom.test.
    expected = stats.binomtest(k, len(frame), 0.3, alternative="greater").pvalue
    assert left_claim["p_value"] == pytest.approx(expected, rel=1e-10)
    assert (left_claim["of"], left_claim["k"], left_claim["n"]) == ("left", k, len(frame))
    c = _results(report_fr)["funnel"]["counts"]  # type: ignore[index]
    f = exit_funnel(c["left"], c["plan"], c["stay"], no_answer=c["no_answer"], rng=1)
    test = f.above(0.5)
    assert funnel_claim["p_value"] == test.p_value
    assert funnel_claim["text"] == "La moitié quitterait"


def test_breakdown_counts_are_the_crosstab(frame: pd.DataFrame, report_fr: object) -> None:
    (entry,) = _results(report_fr)["breakdowns"]  # type: ignore[index]
    table = pd.crosstab(frame[COL["sector"]], frame[COL["left"]] == "Oui")
    for group in entry["groups"]:
        if group["group"] in table.index:
            assert group["k"] == int(table.loc[group["group"], True])
            assert group["n"] == int(table.loc[group["group"]].sum())
    assert sum(g["n"] for g in entry["groups"]) == len(frame)


def test_by_flag_and_its_errors(frame: pd.DataFrame) -> None:
    counts = survey_counts_from_export(frame, data.SPEC, by="region")
    keys = [b.key for b in counts.breakdowns]
    assert "left-by-region" in keys
    assert "plan-by-region" in keys
    with pytest.raises(SpecError, match=r"--by 'regoin'.*Did you mean 'region'"):
        survey_counts_from_export(frame, data.SPEC, by="regoin")
    with pytest.raises(SpecError, match=r"--by 'age': a 'number' question; group by the id of"):
        survey_counts_from_export(frame, data.SPEC, by="age")


def test_weighting_is_raking_with_kish(frame: pd.DataFrame) -> None:
    from optamstats.weighting import rake, weighted_proportion

    margins = {"Île-de-France": 0.3, "Occitanie": 0.3, "Bretagne": 0.3, "Corse": 0.1}
    spec = data.SPEC + "\n[weighting]\nmargins = { region = " + json.dumps(
        margins, ensure_ascii=False
    ).replace(":", " =") + " }\n"  # fmt: skip
    report = build_report(survey_counts_from_export(frame, spec), rng=1)
    rows = {r["key"]: r for r in _results(report)["weighted"]}  # type: ignore[index]
    w = rake(frame[[COL["region"]]], {COL["region"]: margins})
    expected = weighted_proportion(frame[COL["left"]] == "Oui", w)
    assert rows["left"]["estimate"] == pytest.approx(expected.estimate, rel=1e-12)
    assert rows["left"]["design_effect"] == pytest.approx(expected.design_effect, rel=1e-12)
    assert rows["left"]["unweighted"] == pytest.approx((frame[COL["left"]] == "Oui").mean())


@settings(max_examples=10)
@given(st.randoms(use_true_random=False))
def test_permuting_rows_changes_nothing(random: object) -> None:
    frame = data.export(n=120, seed=3)
    order = list(range(len(frame)))
    random.shuffle(order)  # type: ignore[attr-defined]
    shuffled = frame.iloc[order]
    a = build_report(survey_counts_from_export(frame, data.SPEC), rng=1)
    b = build_report(survey_counts_from_export(shuffled, data.SPEC), rng=1)
    assert render(a, "json") == render(b, "json")


def test_bases_add_up(report_fr: object, frame: pd.DataFrame) -> None:
    for key, entry in _results(report_fr)["questions"].items():  # type: ignore[union-attr]
        if "table" in entry and entry["type"] != "multi":
            assert sum(r["k"] for r in entry["table"]) == entry["n"], key
            shares = sum(r["estimate"] for r in entry["table"])
            assert shares == pytest.approx(1.0, abs=1e-12), key


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_every_format_and_language_from_the_command_line(
    tmp_path: pathlib.Path, lang: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.csv"
    data.export().to_csv(export, index=False)
    spec = tmp_path / "survey.toml"
    spec.write_text(data.SPEC, encoding="utf-8")
    argv = ["report", "--responses", str(export), "--spec", str(spec), "--lang", lang,
            "--format", fmt, "--seed", "1"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    title = "Satisfaction (1-5)"
    assert title in out
    if fmt == "json":
        document = json.loads(out)
        digest = hashlib.sha256(export.read_bytes()).hexdigest()
        assert digest in document["results"]["methods"].values()
        assert "1" in document["results"]["methods"].values()  # the seed
    if fmt == "html":
        assert out.count("<svg") >= 6  # a figure per tabulated question, the funnel, flow


def test_figure_labels_and_threshold_line_come_from_the_spec(report_fr: object) -> None:
    figure = report_fr.figures["funnel"]()  # type: ignore[attr-defined]
    texts = [t.get_text() for ax in figure.axes for t in ax.get_yticklabels()]
    assert "Déjà sorti" in texts
    assert "Compte sortir" in texts
    lines = [line.get_xdata()[0] for ax in figure.axes for line in ax.get_lines()
             if line.get_linestyle() == "--"]  # fmt: skip
    assert lines == [pytest.approx(50.0)]  # the spec's claim, in percent on the axis


def test_no_claim_no_threshold_section(frame: pd.DataFrame) -> None:
    spec = data.SPEC.split("[[claim]]")[0] + "[[breakdown]]" + data.SPEC.split("[[breakdown]]")[1]
    report = build_report(survey_counts_from_export(frame, spec), rng=1)
    assert not [s.key for s in report.sections if s.key.startswith("claim")]
    figure = report.figures["funnel"]()
    assert not [ln for ax in figure.axes for ln in ax.get_lines() if ln.get_linestyle() == "--"]


def _literals(path: pathlib.Path) -> list[str]:
    """String and number literals of a module's code, docstrings left out."""
    source = path.read_text(encoding="utf-8")
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            doc = ast.get_docstring(node, clean=False)
            if doc is not None:
                docstrings.add(doc)
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.STRING, tokenize.NUMBER):
            try:
                value = ast.literal_eval(tok.string)
            except (ValueError, SyntaxError):
                value = tok.string
            if isinstance(value, str) and value in docstrings:
                continue
            out.append(str(value))
        elif tok.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            out.append(tok.string)
    return out


WORDING = ("OPTAM", "adhérent", "secteur 2", "Motifs de sortie", "diffusé", "courriel",
           "réseaux sociaux", "février", "3 mois")  # fmt: skip


def test_no_survey_wording_threshold_or_label_in_the_report_engine() -> None:
    root = pathlib.Path(__file__).parent.parent / "src" / "optamstats" / "report"
    for path in sorted(root.glob("*.py")):
        for literal in _literals(path):
            assert literal not in ("0.7", "0.70", "70", "70.0"), (path.name, literal)
            for word in WORDING:  # "OPTAM" as a word: "optamstats" is the library
                found = word in literal if word.isupper() else word.casefold() in literal.casefold()
                assert not found, (path.name, word, literal)


def test_declared_sections_group_and_order_the_questions(frame: pd.DataFrame) -> None:
    spec = data.SPEC + (
        '\n[[section]]\ntitle = "Profil"\nquestions = ["region", "practice"]\n'
        'text = "Qui a répondu."\n'
    )
    report = build_report(survey_counts_from_export(frame, spec), rng=1)
    keys = [s.key for s in report.sections]
    part = keys.index("part-1")
    assert keys[part : part + 3] == ["part-1", "q-region", "q-practice"]
    assert report.sections[part].title == "Profil"
    assert report.sections[part].paragraphs == ("Qui a répondu.",)
    # Every other question is printed too, after the declared sections, in spec order.
    rest = [k for k in keys if k.startswith("q-") and k not in ("q-region", "q-practice")]
    assert rest == ["q-sector", "q-age", "q-left", "q-plan", "q-why", "q-satisfaction",
                    "q-comment"]  # fmt: skip
    assert keys.index("part-2") < keys.index("q-sector")


def test_small_options_pooled_never_dropped_and_audited() -> None:
    from optamstats import disclosure_audit

    frame = data.export(corse=0.01)  # 3 of 300 in Corse
    corse = int((frame[COL["region"]] == "Corse").sum())
    assert 1 <= corse < 5
    report = build_report(survey_counts_from_export(frame, data.SPEC), rng=1)
    entry = _results(report)["questions"]["region"]  # type: ignore[index]
    pooled = entry["pooled"]
    assert "Corse" in pooled["options"]
    rows = {r["option"]: r["k"] for r in entry["table"]}
    assert "Corse" not in rows
    counts = frame[COL["region"]].value_counts()
    assert rows[pooled["label"]] == int(counts[list(pooled["options"])].sum())
    assert sum(rows.values()) == len(frame)  # nobody dropped
    assert rows[pooled["label"]] >= 5
    audit = disclosure_audit(report)
    assert audit.passed
    assert any("Corse" in cell.label for cell in audit.cells)  # protected, and checked
    off = build_report(survey_counts_from_export(frame, data.SPEC), rng=1,
                       disclosure_control=False)  # fmt: skip
    assert {r["option"]: r["k"] for r in _results(off)["questions"]["region"]["table"]}[
        "Corse"
    ] == corse  # fmt: skip


def test_audit_reads_a_breakdown_whose_cells_are_hidden(frame: pd.DataFrame) -> None:
    # Was ValueError: the audit read the true counts back from the printed cells, which
    # are "s" once a first pass has hidden them (the second pass of the audit).
    import dataclasses

    from optamstats.disclosure import Hidden
    from optamstats.disclosure.lp import _audit_model
    from optamstats.report.build import _control, _model_of

    counts = survey_counts_from_export(frame, data.SPEC)
    report = build_report(counts, rng=1)
    s = Hidden.protecting()
    sections = []
    for section in report.sections:
        tables = tuple(
            dataclasses.replace(t, rows=tuple((r[0], s, *r[2:]) for r in t.rows))
            if t.key.startswith("breakdown-") else t
            for t in section.tables
        )  # fmt: skip
        sections.append(dataclasses.replace(section, tables=tables))
    model = _model_of(counts, sections, _control(counts, True, 5), "default")
    assert _audit_model(model).passed
    labels = [p.label for p in model.protect]
    assert not [x for x in labels if x.startswith("breakdown-")]  # no group is small here


def test_a_threshold_written_as_a_percentage_gets_its_share_in_the_message() -> None:
    spec = data.SPEC.replace("threshold = 0.3", "threshold = 30")
    with pytest.raises(SpecError, match=r"`claim\[1\]\.threshold`.*Write a share: 0\.3 for 30 %"):
        survey_counts_from_export(data.export(n=40), spec)


def test_answers_where_the_skip_logic_says_not_asked_are_said(frame: pd.DataFrame) -> None:
    # A review: with a wrong asked_if, the plan question printed "0 / 0, everyone asked
    # left it blank" beside a funnel counting its answers, and nothing warned.
    spec = data.SPEC.replace('asked_if = { left = "Non" }', 'asked_if = { left = "Oui" }')
    report = build_report(survey_counts_from_export(frame, spec), rng=1, lang="en")
    answered = int(((frame[COL["left"]] == "Non") & (frame[COL["plan"]] != "")).sum())
    entry = _results(report)["questions"]["plan"]  # type: ignore[index]
    assert entry["answered_not_asked"] == answered
    warning = [n for n in report.notes if "questions.plan.asked_if" in n]
    assert len(warning) == 1
    assert str(answered) in warning[0]


def test_a_claim_below_a_threshold(frame: pd.DataFrame) -> None:
    spec = data.SPEC.replace("threshold = 0.3\n", 'threshold = 0.45\ndirection = "below"\n')
    report = build_report(survey_counts_from_export(frame, spec), rng=1)
    claim = _results(report)["claims"][1]  # type: ignore[index]
    k = int((frame[COL["left"]] == "Oui").sum())
    # scipy.stats.binomtest(k, n, 0.45, alternative="less"), as R's binom.test.
    test = stats.binomtest(k, len(frame), 0.45, alternative="less")
    assert claim["p_value"] == pytest.approx(test.pvalue, rel=1e-10)
    assert claim["high_exact"] == pytest.approx(test.proportion_ci(0.95).high, rel=1e-9)
    _, high = proportion_confint(k, len(frame), alpha=0.1, method="wilson")
    assert claim["high"] == pytest.approx(high, rel=1e-12)  # one-sided 95 %: the 90 % bound
    assert "low" not in claim


def test_a_breakdown_pooled_into_one_group_is_withheld_not_an_error(frame: pd.DataFrame) -> None:
    # A group of 3 (2 with the outcome) fails the rule at t = 5; pooled alone it still
    # fails, so the other group joins the pool: one group, nothing to compare. The
    # report says so; it used to stop with breakdown_from_counts' "needs at least two
    # groups" error (its own branch for this case never ran).
    import dataclasses

    counts = survey_counts_from_export(frame, data.SPEC)
    (bd,) = counts.breakdowns
    small = dataclasses.replace(bd, groups=(("A", 20, 40), ("B", 2, 3)), blanks=())
    report = build_report(dataclasses.replace(counts, breakdowns=(small,)), min_cell=5, rng=1)
    section = next(s for s in report.sections if s.key == f"breakdown-{bd.key}")
    assert section.tables == ()
    assert section.paragraphs[0].startswith(f"« {bd.title} »") or bd.title in section.paragraphs[0]
    (entry,) = report.results["breakdowns"]
    assert entry["withheld"] is True
