"""Every Python example of the documentation pages runs, and prints what the page says.

Each ```python block of ``docs/*.md`` and ``docs/methods/*.md`` is a doctest. The blocks
of one page run in order in one namespace, as a reader would type them, from the
repository's root (so ``Path("docs/report-schema.json")`` works as written). A block
without a single ``>>>`` example would be code nobody runs: that is a failure too,
except for the sketches listed in ``SKETCHES`` (and each of those must still be one, so
the list cannot go stale).
"""

from __future__ import annotations

import doctest
import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest

from optamstats.cli import main

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md")) + sorted((DOCS / "methods").glob("*.md"))
FENCE = re.compile(
    r"^(?P<fence>```+)(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S
)
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS

# Blocks that show code without running it, by (page, index of the ```python block):
# the reason says why, and what would make it a doctest.
SKETCHES: dict[tuple[str, int], str] = {}


def _blocks(path: Path, language: str) -> list[tuple[int, str]]:
    """The fenced blocks of `language` in a page, with the line where each body starts."""
    text = path.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        if match["info"].strip() == language:
            line = text.count("\n", 0, match.start("body"))
            found.append((line, match["body"]))
    return found


def _name(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


def test_pages_are_found() -> None:
    names = {_name(p) for p in PAGES}
    assert {"index.md", "tutorial.md", "cite.md", "report-schema.md"} <= names
    assert {"methods/proportions.md", "methods/bootstrap.md"} <= names


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_python_blocks_run_as_doctests(
    page: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    blocks = _blocks(page, "python")
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    namespace: dict[str, object] = {}
    for i, (line, body) in enumerate(blocks):
        test = parser.get_doctest(body, namespace, f"{_name(page)}[{i}]", str(page), line)
        sketch = (_name(page), i) in SKETCHES
        assert bool(test.examples) != sketch, (
            f"{_name(page)}, block {i} (line {line + 1}): "
            + ("listed in SKETCHES but it runs now: remove it from the list."
               if sketch else "a ```python block with no `>>>` example is never run.")
        )  # fmt: skip
        runner.run(test, clear_globs=False)
        namespace.update(test.globs)  # DocTest runs on a copy of its globals
    report = capsys.readouterr().out
    assert runner.failures == 0, report


def test_sketches_name_real_blocks() -> None:
    for page, index in SKETCHES:
        assert index < len(_blocks(DOCS / page, "python")), (page, index)


# Pages whose every step must be shown running: the names each one must call.
REQUIRED_CALLS = {
    "tutorial.md": (
        "read_responses", "load_spec", ".cohort(", ".flow", ".proportion(", "exit_funnel",
        ".above(", "parse_multiselect", "multiselect_table", "compare_options",
        "audit_published", "optam_2025_published", "build_report", "render(",
    ),
    "cite.md": (".cite(", 'lang="fr"', 'alternative="greater"', ".above("),
    "report-schema.md": ("jsonschema.validate", "report-schema.json"),
}  # fmt: skip


@pytest.mark.parametrize("page", sorted(REQUIRED_CALLS))
def test_pages_run_every_step(page: str) -> None:
    parser = doctest.DocTestParser()
    source = "".join(
        example.source
        for _, body in _blocks(DOCS / page, "python")
        for example in parser.get_examples(body)
    )
    missing = [call for call in REQUIRED_CALLS[page] if call not in source]
    assert not missing, f"{page} never runs {missing}"


def test_cite_page_is_in_french_and_english() -> None:
    text = " ".join((DOCS / "cite.md").read_text(encoding="utf-8").split())
    # The sentences cite() produces in each language, and what they do not cover.
    assert "IC à 95 %" in text
    assert "95% CI" in text
    assert "self-selected sample's interval covers sampling error only" in text
    assert "auto-sélectionné ne couvre que l'erreur d'échantillonnage" in text
    assert "## In English" in text
    assert "## En français" in text


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_json_and_toml_blocks_parse(page: Path) -> None:
    for _, body in _blocks(page, "json"):
        json.loads(body)
    for _, body in _blocks(page, "toml"):
        tomllib.loads(body)


def test_report_schema_page_shows_the_schema_file() -> None:
    page = (DOCS / "report-schema.md").read_text(encoding="utf-8")
    assert re.search(r"```\{literalinclude\} report-schema\.json", page)
    schema = json.loads((DOCS / "report-schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


def test_report_schema_rejects_what_it_should() -> None:
    # The schema is a contract only if it can fail: a report with a percentage as a
    # number of points (42 for 42 %), or without its sections, must not validate.
    from optamstats.report import build_report, report_dict

    schema = json.loads((DOCS / "report-schema.json").read_text(encoding="utf-8"))
    document = json.loads(json.dumps(report_dict(build_report(lang="en"))))
    jsonschema.validate(document, schema)
    bad = json.loads(json.dumps(document))
    bad["results"]["proportions"]["left"]["estimate"] = 42.0
    with pytest.raises(jsonschema.ValidationError, match=r"42\.0 is greater than the maximum"):
        jsonschema.validate(bad, schema)
    del document["sections"]
    with pytest.raises(jsonschema.ValidationError, match="'sections' is a required property"):
        jsonschema.validate(document, schema)


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_console_commands_run(
    page: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # ```console blocks: each `$ optamstats ...` line runs and succeeds; the lines after
    # it, up to the next `$`, are its output when there are any.
    monkeypatch.chdir(ROOT)
    for _, body in _blocks(page, "console"):
        for command, output in re.findall(r"^\$ optamstats (.+)\n((?:(?!\$ ).*\n)*)", body, re.M):
            assert main(command.split()) == 0, command
            printed = capsys.readouterr().out.strip()
            if output.strip():
                assert printed == output.strip(), command
