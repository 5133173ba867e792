"""The API reference documents every public name, and the documentation builds offline.

``docs/api_sections.py`` turns ``optamstats.__all__`` into the autosummary lists of
``docs/api.rst``; the first tests check that nothing is dropped or listed twice, for
this package and for a made-up one whose names come from an unknown module. The last
test (skipped without Sphinx: run it after ``pip install ".[docs]"``, as CI does) builds
the documentation with warnings as errors in a temporary copy of ``docs/``, then reads
the object inventory Sphinx wrote: every public name must be in it, and no page may
load a script, a stylesheet, a font or an image from the network.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path
from types import ModuleType

import pytest

import optamstats

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"


def _api_sections() -> ModuleType:
    # Loaded under its own name: the Sphinx build imports `api_sections` from its docs
    # folder, and must not find this copy in sys.modules.
    spec = importlib.util.spec_from_file_location(
        "optamstats_docs_api_sections", DOCS / "api_sections.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defined
    spec.loader.exec_module(module)
    return module


def _listed(rst: str) -> list[str]:
    """Names in the autosummary lists of a generated page, in order."""
    names = []
    for block in re.findall(r"^\.\. autosummary::\n((?:   .*\n|\n)*)", rst, flags=re.M):
        names += [line.strip() for line in block.splitlines() if line.strip()
                  and not line.strip().startswith(":")]  # fmt: skip
    return names


def test_every_public_name_is_listed_once() -> None:
    listed = _listed(_api_sections().render())
    assert sorted(listed) == sorted(optamstats.__all__)
    assert len(listed) == len(set(listed))


def test_sections_follow_the_defining_modules() -> None:
    sections = _api_sections().sections()
    by_title = {s.title: s.names for s in sections}
    assert by_title["Proportions and their differences"] == (
        "difference", "proportion", "DifferenceCI", "ProportionCI",
    )  # fmt: skip
    assert "exit_funnel" in by_title["The exit funnel"]
    assert "InvalidValueError" in by_title["Errors and warnings"]
    assert by_title["Datasets"] == ("datasets",)
    assert by_title["Reports"] == ("report",)
    for section in sections:
        for name in section.names:
            obj = getattr(optamstats, name)
            if name == "__version__":
                assert section.title == "Version"
                continue
            home = obj.__name__ if isinstance(obj, ModuleType) else obj.__module__
            assert home == section.module, (name, home, section.module)


def test_method_notes_are_linked_only_when_they_exist() -> None:
    notes = [s.note for s in _api_sections().sections() if s.note is not None]
    assert "proportions" in notes
    for note in notes:
        assert (DOCS / "methods" / f"{note}.md").is_file(), note


def test_a_name_from_an_unknown_module_gets_a_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A new module nobody added to MODULES: its names must still appear, under the
    # first line of its docstring.
    package = tmp_path / "fakepkg"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from fakepkg.weights import rake, Raked\n"
        "from fakepkg.props import share\n"
        '__all__ = ["Raked", "rake", "share"]\n',
        encoding="utf-8",
    )
    (package / "weights.py").write_text(
        textwrap.dedent('''\
            """Raking weights to known margins.

            Details.
            """
            class Raked:
                """A raked sample."""
            def rake():
                """Rake."""
        '''),
        encoding="utf-8",
    )
    (package / "props.py").write_text(
        '"""Shares."""\ndef share():\n    """Share."""\n', encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    api = _api_sections()
    sections = {s.title: s.names for s in api.sections("fakepkg")}
    assert sections == {"Raking weights to known margins": ("rake", "Raked"), "Shares": ("share",)}
    assert sorted(_listed(api.render("fakepkg"))) == ["Raked", "rake", "share"]


def test_api_page_includes_the_generated_lists() -> None:
    page = (DOCS / "api.rst").read_text(encoding="utf-8")
    assert ".. include:: _api_sections.rst" in page
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    assert re.search(r'autosummary_generate = \[.*"_api_sections".*\]', conf)


def _inventory(path: Path) -> dict[str, str]:
    """Read Sphinx's objects.inv (version 2): object name -> domain:role."""
    raw = path.read_bytes()
    header, _, compressed = raw.partition(b"zlib.\n")
    assert header.startswith(b"# Sphinx inventory version 2")
    entries = {}
    line_re = re.compile(r"(?x)(.+?)\s+(\S+:\S+)\s+(-?\d+)\s+(\S*)\s+(.*)")
    for line in zlib.decompress(compressed).decode("utf-8").splitlines():
        match = line_re.fullmatch(line.rstrip())
        if match:
            entries[match[1]] = match[2]
    return entries


REMOTE = [
    re.compile(r"<(?:script|img|iframe|source|audio|video)\b[^>]*\ssrc=[\"']?(?:https?:)?//", re.I),
    re.compile(r"<link\b[^>]*\shref=[\"']?(?:https?:)?//", re.I),
    re.compile(r"url\(\s*[\"']?(?:https?:)?//", re.I),
    re.compile(r"@import\s+[\"'](?:https?:)?//", re.I),
]


def test_sphinx_build_documents_every_public_name(tmp_path: Path) -> None:
    for needed in ("sphinx", "numpydoc", "myst_parser", "pydata_sphinx_theme"):
        pytest.importorskip(needed, reason='the docs extra: pip install ".[docs]"')
    source = tmp_path / "docs"
    skip = shutil.ignore_patterns("_build", "generated", "_api_sections.rst", "__pycache__")
    shutil.copytree(DOCS, source, ignore=skip)
    out = tmp_path / "html"
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         str(source), str(out)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-5000:]

    inventory = _inventory(out / "objects.inv")
    expected = [f"optamstats.{name}" for name in optamstats.__all__]
    for package in ("datasets", "report"):
        module = getattr(optamstats, package)
        expected += [f"optamstats.{package}.{name}" for name in module.__all__]
    missing = [name for name in expected if name not in inventory]
    assert not missing, f"not in the API reference: {missing}"
    assert all(inventory[name].startswith("py:") for name in expected)
    # Pages: every guide and method note present in docs/ was built.
    for page in [*DOCS.glob("*.md"), *(DOCS / "methods").glob("*.md")]:
        assert (out / page.relative_to(DOCS).with_suffix(".html")).is_file(), page

    offline = [
        (path.relative_to(out).as_posix(), pattern.pattern)
        for path in out.rglob("*")
        if path.suffix in (".html", ".css")
        for pattern in REMOTE
        if pattern.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not offline, f"pages that load from the network: {offline[:10]}"
