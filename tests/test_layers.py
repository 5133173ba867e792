"""The public API is frozen and the package's imports run one way (issue 15).

``tests/data/public_api.txt`` was written before issue 15 moved code into one-idea
modules: ``optamstats.__all__`` must stay exactly its ``[all]`` block, and every dotted
name the docs show (its ``[docs]`` block) must still resolve. A wrong move — a public
name dropped, renamed or no longer importable from the path the docs print — fails here.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import optamstats

API = Path(__file__).parent / "data" / "public_api.txt"


def _blocks() -> dict[str, list[str]]:
    blocks: dict[str, list[str]] = {}
    current = ""
    for raw in API.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            blocks[current] = []
        else:
            blocks[current].append(line)
    return blocks


def _resolve(dotted: str) -> object:
    """Import the longest module prefix of ``dotted``, then walk attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ModuleNotFoundError(dotted)


def test_all_is_the_committed_list() -> None:
    assert sorted(optamstats.__all__) == _blocks()["all"]


@pytest.mark.parametrize("dotted", _blocks()["docs"])
def test_every_name_the_docs_show_resolves(dotted: str) -> None:
    _resolve(dotted)


# ----------------------------------------------------------------------------- layers
# Each module's rank: a module imports (at run time, at module level or inside a
# function) only modules of its own rank or lower, and no import cycle exists anywhere.
# Imports under `if TYPE_CHECKING:` are left out: they never run. The package's
# `__init__` is the flat public namespace and may import anything.
PACKAGE = Path(optamstats.__file__).parent
RANKS: tuple[tuple[str, int], ...] = (
    ("optamstats._", 0),  # _checks, _typing, _version, _format, _style: the base
    ("optamstats.survey", 1),
    ("optamstats.forms", 1),
    ("optamstats.cohort", 1),
    ("optamstats.declarations", 1),
    ("optamstats.check", 1),
    ("optamstats.draft", 1),
    ("optamstats.audit", 3),
    ("optamstats.report", 4),
    ("optamstats.waves", 4),
    ("optamstats.datasets", 4),
    ("optamstats.cli", 5),
)
ESTIMATORS = 2  # every other module: proportions, funnel, multiselect, weighting, ...
# Upward arrows the public contract keeps, each a one-line convenience delegating to
# the layer above; nothing else may point up.
ALLOWED: frozenset[tuple[str, str]] = frozenset(
    {
        # SurveySpec.cohort(frame) == Cohort.from_spec(frame, spec)
        ("optamstats.survey.spec", "optamstats.survey.cohort"),
        # Cohort.proportion(...) == proportion(count, base) of its answers
        ("optamstats.survey.cohort", "optamstats.proportions"),
    }
)


def _rank(module: str) -> int:
    best, rank = "", ESTIMATORS
    for prefix, value in RANKS:
        matches = module == prefix or module.startswith(
            prefix if prefix.endswith("_") else prefix + "."
        )
        if matches and len(prefix) > len(best):
            best, rank = prefix, value
    return rank


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _runtime_imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The optamstats modules ``module`` imports when it runs (not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from pkg import name` depends on the module pkg.name when there is one,
            # otherwise on pkg itself.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module and target != "optamstats":
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {
        name: _runtime_imports(name, path, known)
        for name, path in modules.items()
        if name != "optamstats"
    }


def test_imports_point_down() -> None:
    upward = sorted(
        f"{module} (rank {_rank(module)}) imports {target} (rank {_rank(target)})"
        for module, targets in _graph().items()
        for target in targets
        if _rank(target) > _rank(module) and (module, target) not in ALLOWED
    )
    assert not upward, "upward imports:\n" + "\n".join(upward)


def test_allowed_arrows_exist() -> None:
    # An allowed arrow that no longer exists is a stale exception: remove it.
    graph = _graph()
    assert sorted(edge for edge in ALLOWED if edge[1] not in graph.get(edge[0], set())) == []


def test_no_import_cycle() -> None:
    graph = _graph()
    graph = {m: {t for t in ts if (m, t) not in ALLOWED} for m, ts in graph.items()}
    # Tarjan's strongly connected components; recursion is fine for < 200 modules.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


# ------------------------------------------------------------------------------ sizes
# Size as a symptom: a module over ~800 lines or a class over ~300 holds several ideas
# unless docs/design.md says, under "## Sizes", why it must be so.
DESIGN = Path(__file__).parent.parent / "docs" / "design.md"
MODULE_LINES, CLASS_LINES = 800, 300


def _design_section(title: str) -> str:
    text = DESIGN.read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else None]


def _large() -> set[str]:
    found: set[str] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if len(source.splitlines()) > MODULE_LINES:
            found.add(f"`optamstats/{path.relative_to(PACKAGE).as_posix()}`")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                assert node.end_lineno is not None
                if node.end_lineno - node.lineno + 1 > CLASS_LINES:
                    found.add(f"`{node.name}`")
    return found


def test_every_large_module_or_class_says_why_in_the_design_notes() -> None:
    sizes = _design_section("Sizes")
    assert sorted(name for name in _large() if name not in sizes) == []


def test_no_stale_size_exception() -> None:
    import re

    # Each bullet names its module or class before its first colon (where it lives, in
    # parentheses, aside).
    heads = [line.split(":", 1)[0] for line in _design_section("Sizes").splitlines()
             if line.startswith("- ")]  # fmt: skip
    named = {
        name for head in heads for name in re.findall(r"`[^`]+`", re.sub(r"\([^)]*\)", "", head))
    }
    assert sorted(named - _large()) == []


def test_the_design_map_names_every_module() -> None:
    # A newcomer finds where a number is computed from the map in one step: every
    # module of the package is on it.
    text = _design_section("Map")
    missing = [
        path.relative_to(PACKAGE).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "__init__.py"
        and path.relative_to(PACKAGE).parts[0] != "datasets"
        and path.name not in text
    ]
    assert missing == []
