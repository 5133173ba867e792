"""Successive releases (issue 16 item 6): two reports of the same survey, the second with
more answers, must not give by difference the answers of those who came in between.
``build_report(previous=...)`` / ``optamstats report --previous`` adds the previous
release's record to the disclosure audit (``optamstats.disclosure.releases``)."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import any_survey_data as data
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optamstats import InvalidTypeError, InvalidValueError, disclosure_audit
from optamstats.cli import main
from optamstats.disclosure.lp import _Fact, _Model, _Protect, _secondary_by_audit
from optamstats.disclosure.releases import _read_previous, _record, _with_previous
from optamstats.report import build_report, render
from optamstats.report.build import survey_counts_from_export

COL = data.COLUMNS
T = 5


def _json(report: object) -> dict[str, Any]:
    return json.loads(render(report, "json"))  # type: ignore[arg-type]


def _tables(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["key"]: t for s in document["sections"] for t in s["tables"]}


def _report(frame: pd.DataFrame, **kw: Any) -> Any:
    return build_report(survey_counts_from_export(frame, data.SPEC), rng=1, **kw)


@pytest.fixture(scope="module")
def one_newcomer() -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = data.export(n=121, seed=5)
    return frame.iloc[:120], frame


@pytest.fixture(scope="module")
def forty_newcomers() -> tuple[Any, Any, pd.DataFrame]:
    frame = data.export(n=240, seed=5)
    first = _report(frame.iloc[:200])
    return first, _report(frame, previous=first), frame


def test_without_previous_one_newcomer_is_found_by_difference(one_newcomer: Any) -> None:
    # The attack the feature prevents: both releases print every practice count (and the
    # bases of the follow-up question), and their difference is the newcomer's answers.
    first, second = one_newcomer
    one, two = _tables(_json(_report(first))), _tables(_json(_report(second)))
    newcomer = second.iloc[-1]
    pairs = zip(one["q-practice"]["rows"], two["q-practice"]["rows"], strict=True)
    diff = {r2[0]: r2[1] - r1[1] for r1, r2 in pairs}
    assert diff == {o: int(o == newcomer[COL["practice"]]) for o in diff}


def test_one_newcomer_is_refused_naming_the_cells(one_newcomer: Any) -> None:
    first, second = one_newcomer
    previous = _json(_report(first))
    with pytest.raises(InvalidValueError, match=r"`previous`: this report cannot be made safe"
                       r".*new since the previous release: q-left") as err:  # fmt: skip
        _report(second, previous=previous)
    # The refusal is right: the report alone would print "already left: k of n" in
    # both releases, and the difference of k is the newcomer's answer.
    unguarded = _json(_report(second))
    k = [d["results"]["proportions"]["left"]["k"] for d in (previous, unguarded)]
    assert k[1] - k[0] == int(second.iloc[-1][COL["left"]] == "Oui")
    assert "cannot be made safe" in str(err.value)


def test_forty_newcomers_hidden_until_no_small_difference(forty_newcomers: Any) -> None:
    first, second, _ = forty_newcomers
    audit = disclosure_audit(second)
    newcomers = [c for c in audit.cells if c.kind == "newcomers"]
    assert newcomers
    assert audit.passed
    assert audit.previous_releases == 1
    assert audit.to_dict()["previous_releases"] == 1
    for cell in newcomers:
        assert cell.low <= 0 or cell.high >= T
    # Cells were hidden that the report alone prints (the audit did something).
    alone = disclosure_audit(build_report(survey_counts_from_export(
        data.export(n=240, seed=5), data.SPEC), rng=1))  # fmt: skip
    assert second._disclosure.hidden_cells > alone.hidden_cells
    # The outsider's attack: any count printed as a number in both releases, at the same
    # table, row and column, differs by 0 or by t or more.
    before, after = _tables(_json(first)), _tables(_json(second))
    differences = []
    for key, table in after.items():
        if key not in before or key == "flow":
            continue
        kinds = [c["kind"] for c in table["columns"]]
        rows_before = {str(r[0]): r for r in before[key]["rows"]}
        for row in table["rows"]:
            old = rows_before.get(str(row[0]))
            if old is None:
                continue
            for j, kind in enumerate(kinds):
                if kind == "count" and isinstance(row[j], int) and isinstance(old[j], int):
                    differences.append((key, row[0], row[j] - old[j]))
    assert differences  # the check looked at something
    assert [d for d in differences if 1 <= d[2] < T] == []


def _assert_json_hides_what_tables_hide(document: dict[str, Any]) -> int:
    """Every row a table prints hidden is null in the JSON results; return how many."""
    tables = _tables(document)
    checked = 0
    for key, entry in document["results"]["questions"].items():
        table = tables.get(f"q-{key}")
        if table is None or "table" not in entry:
            continue
        printed = {str(r[0]): r[1] for r in table["rows"]}
        for record in entry["table"]:
            if not isinstance(printed.get(str(record["option"])), int):
                checked += 1
                assert record["k"] is None
                assert record["suppressed"] is True
                assert record.get("estimate") is None
        if any(not isinstance(v, int) for v in printed.values()) and "summary" in entry:
            assert entry["summary"]["mean"] is None
            assert f"q-{key}-centre" not in tables
    for entry in document["results"].get("motives", []):
        table = tables.get(f"motives-{entry['key']}")
        if table is None:
            continue
        printed = {str(r[0]): r[1] for r in table["rows"]}
        for record in entry["table"]:
            if not isinstance(printed.get(str(record["option"])), int):
                checked += 1
                assert record["mentions"] is None
                assert record["k"] is None
                assert record["estimate"] is None
                assert record["suppressed"] is True
    for entry in document["results"].get("breakdowns", []):
        table = tables.get(f"breakdown-{entry['key']}")
        if table is None or "groups" not in entry:
            continue
        printed = {str(r[0]): r[1] for r in table["rows"]}
        if any(not isinstance(v, int) for v in printed.values()):
            assert entry["homogeneity"] is None
            assert all(g["difference"] is None for g in entry["groups"])
            assert all(g["p_adjusted"] is None for g in entry["groups"])
            for g in entry["groups"]:
                if not isinstance(printed.get(str(g["group"])), int):
                    checked += 1
                    assert g["k"] is None
                    assert g["n"] is None
    return checked


def test_json_of_hidden_cells_holds_no_count(forty_newcomers: Any) -> None:
    # A cell printed "s" in a table is null in the JSON results too.
    assert _assert_json_hides_what_tables_hide(_json(forty_newcomers[1])) > 0


def test_json_hides_what_a_single_release_audit_hides() -> None:
    # The same without `previous`: the synthetic 2025 export at t = 20, where the audit
    # hides rows of the motive tables by itself.
    from optamstats.datasets import optam_2025_synthetic_export

    export = optam_2025_synthetic_export()
    counts = survey_counts_from_export(export.frame(), export.spec, lang="en")
    report = build_report(counts, lang="en", min_cell=20)
    assert _assert_json_hides_what_tables_hide(_json(report)) > 0


def test_previous_as_path_dict_or_report_are_the_same(forty_newcomers: Any,
                                                      tmp_path: Path) -> None:  # fmt: skip
    from optamstats.report.build import _previous_releases

    first = forty_newcomers[0]
    path = tmp_path / "release1.json"
    path.write_text(render(first, "json"), encoding="utf-8")
    expected = _read_previous(_json(first))[0]
    for given_as in (path, str(path), [path], (path,)):
        (release,) = _read_previous(given_as)
        assert (release.names, release.facts) == (expected.names, expected.facts)
        assert release.source == str(path)
    (release,) = _previous_releases(first)
    assert (release.names, release.facts) == (expected.names, expected.facts)
    assert len(_previous_releases([first, path])) == 2


def test_record_is_in_json_and_sorted_by_name(forty_newcomers: Any) -> None:
    first, _, _ = forty_newcomers
    record = _json(first)["results"]["disclosure"]["record"]
    assert record["format"] == "optamstats-disclosure-record/1"
    assert record["unknowns"] == sorted(record["unknowns"])
    assert record["min_cell"] == T
    assert record["facts"]
    # What the record says is what the report's own audit model holds.
    assert _record(first._disclosure) == record


def test_embedded_2025_report_has_no_record(forty_newcomers: Any) -> None:
    # Its counts are public: nothing hidden, nothing recorded, its JSON unchanged.
    document = _json(build_report(lang="en"))
    assert "record" not in document["results"]["disclosure"]
    with pytest.raises(InvalidValueError, match=r"records no published numbers"):
        _read_previous(document)
    with pytest.raises(InvalidValueError, match=r"`previous` adds earlier releases"):
        build_report(lang="en", previous=forty_newcomers[0])


def test_releases_that_lost_answers_are_refused(forty_newcomers: Any) -> None:
    first, _, frame = forty_newcomers
    # The "next" release has fewer answers than the previous one.
    with pytest.raises(InvalidValueError, match=r"no set of answers fits both releases"):
        _report(frame.iloc[:150], previous=first)


@pytest.mark.parametrize(
    ("previous", "error", "message"),
    [
        (3, InvalidTypeError, r"`previous` must be the path of a previous report's JSON"),
        ({"schema": "other"}, InvalidValueError, r"`previous` must be the JSON of a previous.*"
                                                 r"schema 'other'"),
        ({"schema": "optamstats-report/1", "results": {}}, InvalidValueError,
         r"records no published numbers"),
        ({"schema": "optamstats-report/1", "results": {"disclosure": {"record": {
            "format": "optamstats-disclosure-record/1", "unknowns": ["a"],
            "facts": [[[[1, 1]], 0, 0, []]]}}}}, InvalidValueError,
         r"damaged \(a term is \[1, 1\]\)"),
        ({"schema": "optamstats-report/1", "results": {"disclosure": {"record": {
            "format": "x", "unknowns": [], "facts": []}}}}, InvalidValueError,
         r"damaged \(format 'x'\)"),
    ],
)  # fmt: skip
def test_bad_previous(previous: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        _read_previous(previous)


def test_bad_previous_files(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"schema":\n  not json}', encoding="utf-8")
    with pytest.raises(InvalidValueError, match=r"x.json, line 2, column 3: is not a report"):
        _read_previous(bad)
    with pytest.raises(InvalidValueError, match=r"missing.json: cannot be read"):
        _read_previous(tmp_path / "missing.json")


def test_cli_previous(one_newcomer: Any, tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    spec = tmp_path / "survey.toml"
    spec.write_text(data.SPEC, encoding="utf-8")
    frame = data.export(n=240, seed=5)
    paths = []
    for i, part in enumerate((frame.iloc[:200], frame, one_newcomer[1])):
        path = tmp_path / f"export{i}.csv"
        part.to_csv(path, index=False)
        paths.append(path)
    common = ["--spec", str(spec), "--format", "json", "--seed", "1"]
    assert main(["report", "--responses", str(paths[0]), *common]) == 0
    previous = tmp_path / "release1.json"
    previous.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["report", "--responses", str(paths[1]), *common,
                 "--previous", str(previous)]) == 0  # fmt: skip
    document = json.loads(capsys.readouterr().out)
    assert document["results"]["disclosure"]["audit"]["passed"] is True
    assert document["results"]["disclosure"]["audit"]["previous_releases"] == 1
    # A release of other rows than the previous one's: refused, naming the flag.
    assert main(["report", "--responses", str(paths[2]), *common,
                 "--previous", str(previous)]) == 2  # fmt: skip
    assert "--previous" in capsys.readouterr().err
    assert main(["report", "--previous", str(previous)]) == 2
    assert "--previous" in capsys.readouterr().err


# --- the combined model against brute force, on tiny one-question tables -------------


def _one_question(x: tuple[int, ...], printed: tuple[bool, ...], t: int) -> _Model:
    """A question's table: options x_i (printed or not), their total printed above it."""
    facts = [_Fact(tuple((i, 1.0) for i in range(len(x))), sum(x), sum(x))]
    for i, (v, shown) in enumerate(zip(x, printed, strict=True)):
        if shown:
            facts.append(_Fact(((i, 1.0),), v, v, group=f"T|q|{i}|1", cost=float(v)))
    exposed = tuple(_Protect(((i, 1.0),), 0, t, f"q: {i}") for i in range(len(x)))
    return _Model(tuple(f"q:{i}" for i in range(len(x))), tuple(facts), (), "default", t,
                  exposed=exposed)  # fmt: skip


def _brute_newcomers(x_model: _Model, y_model: _Model, hidden: frozenset[str],
                     size: int, cap: int) -> list[tuple[int, int]]:  # fmt: skip
    """Range of each newcomers' count x_i − y_i over every pair of integer tables."""

    def fits(model: _Model, v: tuple[int, ...]) -> bool:
        for f in model.facts:
            if f.shown(hidden) or model is y_model:
                s = sum(a * v[i] for i, a in f.terms)
                if not f.low <= s <= f.high:
                    return False
        return True

    xs = [v for v in itertools.product(range(cap + 1), repeat=size) if fits(x_model, v)]
    ys = [v for v in itertools.product(range(cap + 1), repeat=size) if fits(y_model, v)]
    ranges = [(math.inf, -math.inf)] * size
    for vx in xs:
        for vy in ys:
            if all(a >= b for a, b in zip(vx, vy, strict=True)):
                ranges = [(min(lo, a - b), max(hi, a - b))
                          for (lo, hi), a, b in zip(ranges, vx, vy, strict=True)]  # fmt: skip
    return [(int(lo), int(hi)) for lo, hi in ranges]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 6), min_size=2, max_size=3),
    st.lists(st.integers(0, 3), min_size=3, max_size=3),
    st.integers(2, 4),
)
def test_newcomers_ranges_match_brute_force(y: list[int], added: list[int], t: int) -> None:
    x = tuple(a + b for a, b in zip(y, added[: len(y)], strict=True))
    y_t = tuple(y[: len(x)])
    y_model = _one_question(y_t, tuple(True for _ in y_t), t)
    release = _read_previous({"schema": "optamstats-report/1", "results": {
        "disclosure": {"record": _record(y_model)}}})  # fmt: skip
    model = _with_previous(_one_question(x, tuple(True for _ in x), t), release)
    hidden, audit = _secondary_by_audit(model)
    newcomers = [c for c in audit.cells if c.kind == "newcomers"]
    assert len(newcomers) == len(x)
    brute = _brute_newcomers(_one_question(x, tuple(True for _ in x), t), y_model, hidden,
                             len(x), sum(x))  # fmt: skip
    for cell, (lo, hi) in zip(newcomers, brute, strict=True):
        # The LP range of each newcomers' count is the brute-force one...
        assert (cell.low, cell.high) == (lo, hi)
        # ...and, once the audit has hidden what it hides, no reader can place it in
        # [1, t − 1] unless the printed total alone does.
    total_new = sum(x) - sum(y_t)
    if audit.passed:
        assert all(lo <= 0 or hi >= t for lo, hi in brute)
    else:
        # Only the total, printed above the table, can pin a newcomers' count.
        assert 1 <= total_new < t
