"""Tests of the ``optamstats`` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from optamstats import __version__, proportion
from optamstats.cli import main


def test_proportion_prints_the_citable_interval(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["proportion", "50", "119"]) == 0
    assert capsys.readouterr().out == proportion(50, 119).cite() + "\n"


def test_proportion_options(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["proportion", "91", "119", "--method", "exact", "--confidence", "0.9", "--lang",
            "fr", "--alternative", "greater", "--digits", "2", "--base", "adhérents"]  # fmt: skip
    assert main(argv) == 0
    expected = proportion(
        91, 119, method="exact", confidence=0.9, alternative="greater", base="adhérents"
    ).cite(lang="fr", digits=2)
    assert capsys.readouterr().out == expected + "\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["proportion", "120", "119"], "`k` must be ≤ `n`; got k=120 > n=119"),
        (["proportion", "5", "10", "--confidence", "95"], "`confidence` must be in the open"),
        (["proportion", "5", "0"], "`n` must be ≥ 1"),
    ],
)
def test_bad_input_exits_2_with_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err


def test_argparse_rejects_non_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["proportion", "2.5", "10"])
    assert info.value.code == 2
    assert "expected a whole number of respondents, got '2.5'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["proportion", "2", "10", "--method", "score"])


def test_console_script_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "optamstats.cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == f"optamstats {__version__}"


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "proportion" in capsys.readouterr().out


# --------------------------------------------------------------------------- issue 17, part B


def _one_line_error(err: str, command: str) -> str:
    """The message of a CLI error: one line, no traceback."""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"optamstats {command}: error: ")
    return lines[0]


def test_help_of_every_command_has_no_doubled_percent(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # argparse %-formats `help` texts but prints a `description` as written: the report's
    # description said "more than 70 %%".
    import argparse

    from optamstats.cli import _parser

    monkeypatch.setenv("COLUMNS", "1000")  # no line wrapping inside "70 %"
    parser = _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    commands = sorted(sub.choices)
    assert {"proportion", "audit", "report"} <= set(commands)
    helps = {}
    for argv in ([], *([c] for c in commands)):
        with pytest.raises(SystemExit) as info:
            main([*argv, "--help"])
        assert info.value.code == 0
        helps[" ".join(argv)] = out = capsys.readouterr().out
        assert "%%" not in out, argv
    assert "70 %" not in helps["report"]  # no survey's claim in the command's own text


def _deep_toml(path: Path, depth: int = 5000) -> None:
    # tomllib recurses once per nested array: a few thousand levels exhaust the stack.
    path.write_text('title = "deep"\n# a comment [[[\nx = ' + "[" * depth + "]" * depth + "\n",
                    encoding="utf-8")  # fmt: skip


@pytest.mark.parametrize("command", ["audit", "report"])
def test_deeply_nested_toml_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    path = tmp_path / "deep.toml"
    _deep_toml(path)
    if command == "audit":
        argv = ["audit", str(path)]
    else:
        csv = tmp_path / "export.csv"
        csv.write_text("a,b\n1,2\n", encoding="utf-8")
        argv = ["report", "--spec", str(path), "--responses", str(csv)]
    assert main(argv) == 2
    captured = capsys.readouterr()
    line = _one_line_error(captured.err, command)
    assert str(path) in line  # the file
    assert "nested 5000 levels deep" in line
    assert "(at line 3)" in line  # as an editor numbers it: the comment's brackets skipped


def test_deeply_nested_toml_in_the_library() -> None:
    from optamstats import OptamstatsError
    from optamstats.audit import PublishedFigures
    from optamstats.forms import SpecError, load_spec

    text = "a = 1\nb = " + "{c = " * 3000 + "1" + "}" * 3000 + "\n"
    with pytest.raises(SpecError, match=r"spec '<text>' is not valid TOML: .*\(at line 2\)"):
        load_spec(text)
    with pytest.raises(OptamstatsError, match=r"not valid TOML: .*nested 3000 levels deep"):
        PublishedFigures.from_toml(text)


@pytest.mark.parametrize("link", ["to-empty-folder", "dangling"])
def test_output_through_a_symlink(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], link: str
) -> None:
    real = tmp_path / "real"
    if link == "to-empty-folder":
        real.mkdir()
    out = tmp_path / "out"
    out.symlink_to(real, target_is_directory=True)
    assert main(["report", "--format", "text", "--output", str(out)]) == 0
    assert out.is_symlink()  # the link is kept, and the report is where it points
    assert sorted(p.name for p in real.iterdir()) == [
        "flow.png", "flow.svg", "funnel.png", "funnel.svg", "motives-planners.png",
        "motives-planners.svg", "motives.png", "motives.svg", "report.txt",
    ]  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "real"]  # no staging left
    assert capsys.readouterr().err == ""


def test_output_under_a_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("mine", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "file")
    for parent in ("file", "link"):
        out = tmp_path / parent / "out"
        assert main(["report", "--format", "text", "--output", str(out)]) == 2
        line = _one_line_error(capsys.readouterr().err, "report")
        assert f"'{out}' cannot be created: '{tmp_path / parent}' is a file, not a folder" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "link"]


@pytest.mark.parametrize("where", ["report", "figure", "csv"])
def test_output_on_a_full_disk_is_a_clear_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    import errno
    import os

    import optamstats.disclosure.safe_csv

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if where == "report":
        monkeypatch.setattr(Path, "write_text", full)
    elif where == "figure":
        import matplotlib.figure

        monkeypatch.setattr(matplotlib.figure.Figure, "savefig", full)
    else:  # inside write_safe_csv, after its temporary file was created
        monkeypatch.setattr(optamstats.disclosure.safe_csv, "_csv_column", full)
    out = tmp_path / "out"
    argv = ["report", "--format", "text", "--output", str(out), "--csv"]
    assert main(argv) == 2
    line = _one_line_error(capsys.readouterr().err, "report")
    assert f"'{out}' could not be written: No space left on device; free some space" in line
    assert ".partial" not in line  # the staging folder means nothing to the user
    assert list(tmp_path.iterdir()) == []  # nothing left behind


def test_main_refuses_one_string_of_arguments() -> None:
    # main("--version") read each character as an argument ('-', '-', 'v', ...).
    from optamstats import InvalidTypeError

    with pytest.raises(InvalidTypeError, match=r"`argv` must be a list of arguments .*shlex"):
        main("--version")  # type: ignore[arg-type]
