"""Tests of ``optamstats audit``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from optamstats.audit import audit_published
from optamstats.cli import main
from optamstats.datasets import optam_2025_published


def test_audit_without_file_audits_the_2025_survey(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit"]) == 0
    out = capsys.readouterr().out
    assert out == audit_published(optam_2025_published()).to_text() + "\n"
    assert out.startswith("OPTAM exit survey 2025: figures as published\n")
    assert "[error] article-motive-politics · count · count-mismatch" in out
    assert "[error] changes-fees · theme · inconsistent" in out
    assert "[warning] claim-more-than-70 · claim · not-established" in out


def test_audit_json_is_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == audit_published(optam_2025_published()).to_dict()
    assert data["summary"] == {"ok": 40, "info": 6, "warning": 2, "error": 4}
    first = data["findings"][0]
    assert set(first) == {
        "figure", "check", "verdict", "severity", "explanation", "alternatives", "source",
        "sentence",
    }  # fmt: skip


def test_audit_markdown_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--format", "markdown", "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert out == audit_published(optam_2025_published(), lang="fr").to_markdown() + "\n"
    assert "| Chiffre | Contrôle | Verdict | Gravité | Explication |" in out
    assert "effectif discordant" in out
    assert "43/50 = 86 %" in out


def test_audit_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "figures.toml"
    path.write_text(
        'title = "Two figures"\n'
        '[[figures]]\nid = "odd"\nvalue = "7"\nn = 50\n'
        '[[figures]]\nid = "even"\nvalue = "8"\nn = 50\n',
        encoding="utf-8",
    )
    assert main(["audit", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Two figures"
    assert [(f["figure"], f["verdict"]) for f in data["findings"]] == [
        ("odd", "inconsistent"),  # 3/50 = 6 %, 4/50 = 8 %: 7 % is out of reach
        ("even", "consistent"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "optamstats audit: error: `path` '"),
        ("title = ", "optamstats audit: error: the published figures are not valid TOML"),
        (
            '[[figures]]\nid = "x"\nvalue = "110"\nn = 5\n',
            "`figures (id 'x').value` must be a percentage from 0 to 100; got '110'",
        ),
    ],
)
def test_audit_bad_file_exits_2_with_message(
    tmp_path: Path, content: str | None, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "figures.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["audit", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err


def test_audit_rejects_unknown_format(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["audit", "--format", "pdf"])
    assert info.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err


def test_help_lists_audit_and_proportion_still_works(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "audit" in out
    assert "proportion" in out
    assert main(["proportion", "50", "119"]) == 0
    assert capsys.readouterr().out == "42.0% (95% CI 33.5–51.0; n = 119)\n"


def test_console_entry_point_runs_audit() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "optamstats.cli", "audit", "--format", "json", "--lang", "fr"],
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    data = json.loads(out.stdout)
    assert data["lang"] == "fr"
    assert data["summary"]["error"] == 4
