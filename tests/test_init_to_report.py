"""The definition of done of issue 14, end to end from the command line.

A 300-row Google Forms export (``tests/survey2026.py``: a scale, a three-way single
question with "Ne sait pas", a multi-select with commas in its labels and an "Autre"
box, skip logic with ``any``), its French Excel re-save and its Microsoft Forms workbook:
``optamstats init`` drafts the spec, and ``optamstats report --responses --spec``, in
every format and both languages, gives every question's table with pandas' own counts,
without editing the drafted spec.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
import survey2026

from optamstats.cli import main

SURVEY = survey2026.generate()


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("init")
    out = {}
    for name, data in (("google.csv", SURVEY.google_csv()), ("excel.csv", SURVEY.excel_fr_csv()),
                       ("forms.xlsx", SURVEY.microsoft_xlsx())):  # fmt: skip
        export = folder / name
        export.write_bytes(data)
        spec = folder / f"{name}.toml"
        assert main(["init", str(export), "-o", str(spec)]) == 0
        out[name] = (export, spec)
    return out


def _json_report(export: Path, spec: Path, lang: str, capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    assert main(["report", "--responses", str(export), "--spec", str(spec), "--lang", lang,
                 "--format", "json", "--seed", "1"]) == 0  # fmt: skip
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _pandas_counts(key: str) -> pd.Series:
    frame = pd.read_csv(io.BytesIO(SURVEY.google_csv()), dtype=str, keep_default_na=False)
    answers = frame[survey2026.HEADERS[key]].str.strip()
    return answers[answers != ""].value_counts()


@pytest.mark.parametrize("name", ["google.csv", "excel.csv", "forms.xlsx"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_question_table_has_pandas_counts(
    drafted: dict[str, tuple[Path, Path]], name: str, lang: str,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    export, spec = drafted[name]
    document = _json_report(export, spec, lang, capsys)
    questions = document["results"]["questions"]
    by_column = {}
    from optamstats.forms import load_spec

    loaded = load_spec(spec)
    for q in loaded.questions:
        by_column[q.column] = q
    checked = 0
    for key in ("practice", "sector", "specialty", "region", "left", "plan", "satisfaction"):
        q = by_column[survey2026.HEADERS[key]]
        entry = questions[q.id]
        expected = _pandas_counts(key)
        got = {row["option"]: row["k"] for row in entry["table"]}
        assert got == {o: int(expected.get(o, 0)) for o in got}, (name, key)
        assert sum(got.values()) == int(expected.sum())
        checked += 1
    assert checked == 7
    reasons = questions[by_column[survey2026.HEADERS["reasons"]].id]
    labels = {row["option"] for row in reasons["table"]}
    # Labels holding ", " come out whole, and the multi-select's base is who answered it.
    assert any(", " in label for label in labels)
    cells = [c for c in SURVEY.column("reasons") if c.strip()]
    assert {row["n"] for row in reasons["table"]} == {len(cells)}
    for row in reasons["table"]:
        ticked = sum(row["option"] in survey2026.split_google(c) for c in cells)
        assert row["k"] == ticked, row["option"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_format_and_language(
    drafted: dict[str, tuple[Path, Path]], fmt: str, lang: str,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    export, spec = drafted["google.csv"]
    assert main(["report", "--responses", str(export), "--spec", str(spec), "--lang", lang,
                 "--format", fmt, "--seed", "1"]) == 0  # fmt: skip
    out = capsys.readouterr().out.replace("\u00a0", " ").replace("\u202f", " ")  # French
    for key in ("practice", "satisfaction", "reasons"):
        assert by_label(spec, key) in out or fmt == "json"
    assert "Horodateur" not in [s for s in out.splitlines() if s.startswith("#")]


def by_label(spec: Path, key: str) -> str:
    from optamstats.forms import load_spec

    q = next(q for q in load_spec(spec).questions if q.column == survey2026.HEADERS[key])
    return q.title("fr")


def test_check_passes_on_the_drafted_spec(
    drafted: dict[str, tuple[Path, Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    for export, spec in drafted.values():
        assert main(["check", "--responses", str(export), "--spec", str(spec)]) == 0
        capsys.readouterr()
