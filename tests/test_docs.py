"""The README's examples run, and its command-line outputs are what the command prints."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from optamstats.cli import main

README = Path(__file__).parents[1] / "README.md"


def test_readme_python_example_runs() -> None:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    namespace: dict[str, object] = {}  # blocks run in order, as a reader would
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, namespace, f"README[{i}]", str(README), 0)
        runner.run(test, clear_globs=False)
        namespace.update(test.globs)  # DocTest runs on a copy of its globals
    assert runner.failures == 0
    assert runner.tries > 0


def test_readme_shell_outputs_are_real(capsys: pytest.CaptureFixture[str]) -> None:
    text = README.read_text(encoding="utf-8")
    pairs = re.findall(r"^\$ optamstats (.+)\n(.+)$", text, flags=re.M)
    assert pairs
    for command, expected in pairs:
        assert main(command.split()) == 0
        assert capsys.readouterr().out.strip() == expected


def test_readme_has_the_two_setup_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "python -m pip install . && optamstats" in text
    command = 'python -m pip install ".[test]" && python -m pytest -n auto'
    assert command in text
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert command + ";" in ci  # the README's command, exactly
