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
    assert main(["audit"]) == 1  # it finds errors: `--fail-on error` by default
    out = capsys.readouterr().out
    assert out == audit_published(optam_2025_published()).to_text() + "\n"
    assert out.startswith("OPTAM exit survey 2025: figures as published\n")
    assert "[error] article-motive-politics · count · count-mismatch" in out
    assert "[error] changes-fees · theme · inconsistent" in out
    assert "[warning] claim-more-than-70 · claim · not-established" in out


def test_audit_json_is_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data == audit_published(optam_2025_published()).to_dict()
    assert data["summary"] == {"ok": 40, "info": 6, "warning": 2, "error": 4}
    first = data["findings"][0]
    assert set(first) == {
        "figure", "check", "verdict", "severity", "explanation", "alternatives", "source",
        "sentence",
    }  # fmt: skip


def test_audit_markdown_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--format", "markdown", "--lang", "fr"]) == 1
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
    assert main(["audit", str(path), "--format", "json"]) == 1  # "odd" is an error
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Two figures"
    assert [(f["figure"], f["verdict"]) for f in data["findings"]] == [
        ("odd", "inconsistent"),  # 3/50 = 6 %, 4/50 = 8 %: 7 % is out of reach
        ("even", "consistent"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "optamstats audit: error: file '"),
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
        check=False,
        encoding="utf-8",
    )
    assert out.returncode == 1, out.stderr  # 4 errors, and `--fail-on error` by default
    data = json.loads(out.stdout)
    assert data["lang"] == "fr"
    assert data["summary"]["error"] == 4


# --------------------------------------------------------------------------- --fail-on
# Issue 17: `optamstats audit` exited 0 whatever it found, so a script or CI job could
# not tell an audit that found wrong figures from one that found none.

_CLEAN = 'title = "Clean"\n[[figures]]\nid = "fine"\nvalue = "8"\nn = 50\n'  # 4/50 = 8 %
_WARNING = (  # 66/120 = 55 %, but "more than 50 %" is not established (p > 0.05)
    'title = "A claim"\n[[counts]]\nid = "left"\ncount = 66\nn = 120\n'
    '[[claims]]\nid = "half"\nrelation = "greater"\nthreshold = "50"\n'
    'count_from = ["left"]\nn = 120\n'
)
_ERROR = 'title = "Odd"\n[[figures]]\nid = "odd"\nvalue = "7"\nn = 50\n'  # no k/50 is 7 %


@pytest.mark.parametrize(
    ("content", "worst"),
    [(_CLEAN, "ok"), (_WARNING, "warning"), (_ERROR, "error")],
    ids=["ok", "warning", "error"],
)
@pytest.mark.parametrize(
    ("fail_on", "fails"),
    [
        (None, {"error"}),  # the default is `--fail-on error`
        ("error", {"error"}),
        ("warning", {"warning", "error"}),
        ("never", set()),
    ],
    ids=["default", "error", "warning", "never"],
)
def test_audit_fail_on_sets_the_exit_status(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    worst: str,
    fail_on: str | None,
    fails: set[str],
) -> None:
    path = tmp_path / "figures.toml"
    path.write_text(content, encoding="utf-8")
    summary = audit_published(path).summary()
    # The fixture has the severity it is named for, and nothing worse.
    order = ["ok", "info", "warning", "error"]
    assert max((s for s, n in summary.items() if n), key=order.index) == worst
    argv = ["audit", str(path), "--format", "json"]
    if fail_on is not None:
        argv += ["--fail-on", fail_on]
    assert main(argv) == (1 if worst in fails else 0)
    captured = capsys.readouterr()
    assert json.loads(captured.out)["summary"] == summary  # the report is printed anyway
    assert captured.err == ""


def test_audit_fail_on_refuses_an_unknown_level(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["audit", "--fail-on", "info"])
    assert info.value.code == 2
    assert "invalid choice: 'info'" in capsys.readouterr().err


def test_audit_bad_file_exits_2_whatever_fail_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `never` is about findings; an audit that could not run is still an error.
    assert main(["audit", str(tmp_path / "missing.toml"), "--fail-on", "never"]) == 2
    assert "optamstats audit: error: file '" in capsys.readouterr().err
