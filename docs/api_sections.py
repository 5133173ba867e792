"""Generate the body of the API reference from ``optamstats.__all__``.

``docs/conf.py`` calls :func:`write` before every Sphinx build, so a name added to
``optamstats.__all__`` appears in the API reference at the next build without anyone
editing a page. The output, ``docs/_api_sections.rst``, is included by ``docs/api.rst``
and is a build product (not edited by hand, not committed).

Names are grouped by the module that defines them, in :data:`MODULES` order; a name
from a module not listed there gets a section of its own, titled by the first line of
that module's docstring, so nothing is ever left out. ``tests/test_api_reference.py``
checks that every public name is in the generated page, and that a Sphinx build
documents each of them.

Run ``python docs/api_sections.py`` to write the file without building.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "_api_sections.rst"

# (module, section title, method note in docs/methods/ or None). Sections appear in
# this order: from the estimators a user meets first to the plumbing.
MODULES: tuple[tuple[str, str, str | None], ...] = (
    ("optamstats.proportions", "Proportions and their differences", "proportions"),
    ("optamstats.funnel.estimate", "The exit funnel", "bootstrap"),
    ("optamstats.funnel.answers", "The exit funnel from survey answers", "bootstrap"),
    ("optamstats.funnel.stages", "The exit funnel's stages", "bootstrap"),
    ("optamstats.funnel.result", "The exit funnel's result", "bootstrap"),
    ("optamstats.funnel.threshold", "Is the exit rate above a threshold?", "bootstrap"),
    ("optamstats.resampling.engine", "The bootstrap engine", "bootstrap"),
    ("optamstats.resampling.results", "Bootstrap results", "bootstrap"),
    ("optamstats.forms", "Survey exports and specifications", "cohort"),
    ("optamstats.draft", "Drafting a specification from an export", None),
    ("optamstats.cohort", "Cohorts and the attrition flow", "cohort"),
    ("optamstats.check", "Checking an export against its specification", None),
    ("optamstats.multiselect.parsing", "Multi-select questions: parsing answers", "multiselect"),
    ("optamstats.multiselect.tables", "Multi-select questions: tables", "multiselect"),
    ("optamstats.multiselect.paired", "Multi-select questions: two options", "multiselect"),
    ("optamstats.multiselect.co_occurrence", "Options ticked together", "multiselect"),
    ("optamstats.multiselect.marginal", "Multi-select questions across groups", "multiselect"),
    ("optamstats.categorical", "Single-choice questions", "question-types"),
    ("optamstats.scales", "Scale (Likert) questions", "question-types"),
    ("optamstats.quantiles", "Numeric questions", "question-types"),
    ("optamstats.audit", "Audit of published figures", "audit"),
    ("optamstats.disclosure", "Disclosure control", "disclosure"),
    ("optamstats.breakdowns.groups", "Breakdowns", "breakdown"),
    ("optamstats.breakdowns.result", "Breakdowns: the result", "breakdown"),
    ("optamstats.breakdowns.homogeneity", "Breakdowns: the homogeneity test", "breakdown"),
    ("optamstats.breakdowns.adjust", "Multiplicity control", "breakdown"),
    ("optamstats.weighting.raking", "Weighting: raking", "weighting"),
    ("optamstats.weighting.design", "Weighting: design effects", "weighting"),
    ("optamstats.weighting.proportion", "Weighted proportions", "weighting"),
    ("optamstats.weighting.funnel", "The weighted exit funnel", "weighting"),
    ("optamstats.weighting.multiselect", "Weighted multi-select tables", "weighting"),
    ("optamstats.waves", "Comparing waves", "waves"),
    ("optamstats.selfselection", "Self-selection and non-response", "self-selection"),
    ("optamstats.datasets", "Datasets", None),
    ("optamstats.report", "Reports", None),
    ("optamstats._checks", "Errors and warnings", None),
    ("optamstats._version", "Version", None),
)

_KIND_ORDER = {"module": 0, "function": 1, "class": 2, "exception": 3, "data": 4}


@dataclass(frozen=True)
class Section:
    """One section of the API reference: a title and the public names it lists."""

    module: str
    title: str
    note: str | None
    names: tuple[str, ...]


def _home(name: str, obj: object) -> str:
    """The module a public name belongs to, for grouping."""
    if isinstance(obj, ModuleType):
        return obj.__name__
    if name == "__version__":
        return "optamstats._version"
    module = getattr(obj, "__module__", None)
    return module if isinstance(module, str) else "optamstats"


def _kind(obj: object) -> str:
    if isinstance(obj, ModuleType):
        return "module"
    if inspect.isclass(obj):
        return "exception" if issubclass(obj, BaseException) else "class"
    if callable(obj):
        return "function"
    return "data"


def _title_from_docstring(module: str) -> str:
    doc = inspect.getdoc(importlib.import_module(module)) or module
    return doc.splitlines()[0].rstrip(".")


def sections(package: str = "optamstats") -> list[Section]:
    """Group every name of ``package.__all__`` into sections; no name is dropped."""
    pkg = importlib.import_module(package)
    grouped: dict[str, list[tuple[int, str]]] = {}
    for name in pkg.__all__:
        obj = getattr(pkg, name)
        grouped.setdefault(_home(name, obj), []).append((_KIND_ORDER[_kind(obj)], name))
    known = {module: (title, note) for module, title, note in MODULES}
    order = [m for m, _, _ in MODULES if m in grouped]
    order += sorted(m for m in grouped if m not in known)
    out = []
    for module in order:
        title, note = known.get(module, (None, None))
        if title is None:
            title = _title_from_docstring(module)
        if note is not None and not (HERE / "methods" / f"{note}.md").is_file():
            note = None  # a method note still being written: no dangling link
        names = tuple(name for _, name in sorted(grouped[module]))
        out.append(Section(module, title, note, names))
    return out


def render(package: str = "optamstats") -> str:
    """The reStructuredText that ``docs/api.rst`` includes."""
    lines = [
        ".. This file is generated by docs/api_sections.py from optamstats.__all__.",
        "   Do not edit it: edit __all__ or the docstrings.",
        "",
        f".. currentmodule:: {package}",
        "",
    ]
    packages: set[str] = set()  # packages whose :mod: link target is already written
    for section in sections(package):
        lines += [section.title, "-" * len(section.title), ""]
        parent = section.module.rpartition(".")[0]
        if parent not in (package, "") and parent not in packages:
            # A section of a package's submodule (optamstats.weighting.raking): the package
            # itself gets a link target at its first section, for :mod:`optamstats.weighting`.
            packages.add(parent)
            lines += [f".. py:module:: {parent}", "", f".. currentmodule:: {package}", ""]
        if not section.module.rpartition(".")[2].startswith("_") and all(
            name != section.module.rpartition(".")[2] for name in section.names
        ):
            # The module's docstring introduces the section and makes :mod: links land here.
            lines += [f".. automodule:: {section.module}", "", f".. currentmodule:: {package}", ""]
        if section.note is not None:
            lines += [f"Method note: :doc:`methods/{section.note}`.", ""]
        lines += [".. autosummary::", "   :toctree: generated", "   :nosignatures:", ""]
        lines += [f"   {name}" for name in section.names]
        lines.append("")
    return "\n".join(lines)


def write(path: Path = OUTPUT) -> bool:
    """Write the generated page if it changed (so Sphinx does not rebuild for nothing)."""
    text = render()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


if __name__ == "__main__":
    write()
    print(f"wrote {OUTPUT}")
