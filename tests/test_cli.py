"""Tests of the ``optamstats`` command."""

from __future__ import annotations

import subprocess
import sys

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


def test_main_refuses_one_string_of_arguments() -> None:
    # main("--version") read each character as an argument ('-', '-', 'v', ...).
    from optamstats import InvalidTypeError

    with pytest.raises(InvalidTypeError, match=r"`argv` must be a list of arguments .*shlex"):
        main("--version")  # type: ignore[arg-type]
