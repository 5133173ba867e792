"""Generate the body of the API reference from ``optamstats.__all__``.

``docs/conf.py`` calls :func:`write` before every Sphinx build, so a name added to
``optamstats.__all__`` appears in the API reference at the next build without anyone
editing a page. The output, ``docs/_api_sections.rst``, is included by ``docs/api.rst``
and is a build product (not edited by hand, not committed).

Names are grouped by the module that defines them, in :data:`MODULES` order; a name
from a module not listed there gets a section of its own, titled by the first line of
that module's docstring, so nothing is ever left out. Modules of one package listed
one after the other under the same title (the audit's) share one heading, introduced
by the package's docstring. ``tests/test_api_reference.py`` checks that every public
name is in the generated page, and that a Sphinx build documents each of them.

Run ``python docs/api_sections.py`` to write the file without building.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
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
    ("optamstats.survey.readers", "Reading survey exports", "cohort"),
    ("optamstats.survey.loader", "Loading a survey specification", "cohort"),
    ("optamstats.survey.spec", "Survey specifications", "cohort"),
    ("optamstats.survey.question", "Questions, labels and skip logic", "cohort"),
    ("optamstats.survey.errors", "Errors in exports and specifications", "cohort"),
    ("optamstats.survey.draft", "Drafting a specification from an export", None),
    ("optamstats.survey.cohort", "Cohorts", "cohort"),
    ("optamstats.survey.flow", "The attrition flow", "cohort"),
    ("optamstats.survey.check", "Checking an export against its specification", None),
    ("optamstats.survey.check_report", "The report of a check", None),
    ("optamstats.multiselect.parsing", "Multi-select questions: parsing answers", "multiselect"),
    ("optamstats.multiselect.tables", "Multi-select questions: tables", "multiselect"),
    ("optamstats.multiselect.paired", "Multi-select questions: two options", "multiselect"),
    ("optamstats.multiselect.co_occurrence", "Options ticked together", "multiselect"),
    ("optamstats.multiselect.marginal", "Multi-select questions across groups", "multiselect"),
    ("optamstats.categorical", "Single-choice questions", "question-types"),
    ("optamstats.scales", "Scale (Likert) questions", "question-types"),
    ("optamstats.quantiles", "Numeric questions", "question-types"),
    # The audit is a package with one module per idea; its public names share one section.
    ("optamstats.audit.run", "Audit of published figures", "audit"),
    ("optamstats.audit.published", "Audit of published figures", "audit"),
    ("optamstats.audit.findings", "Audit of published figures", "audit"),
    ("optamstats.audit.percentages", "Audit of published figures", "audit"),
    ("optamstats.audit.themes", "Audit of published figures", "audit"),
    ("optamstats.audit.funnels", "Audit of published figures", "audit"),
    ("optamstats.audit.claims", "Audit of published figures", "audit"),
    ("optamstats.disclosure.rules", "Disclosure control: the small-cell rule", "disclosure"),
    ("optamstats.disclosure.suppression", "Disclosure control: suppressing a table", "disclosure"),
    ("optamstats.disclosure.lp", "Disclosure control: the linear-programming audit", "disclosure"),
    ("optamstats.disclosure.safe_csv", "Disclosure control: spreadsheet-safe files", "disclosure"),
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


def _shared_parts(modules: list[str]) -> list[str]:
    """Return the dotted parts the modules share: a module alone, or the package of several."""
    shared = modules[0].split(".")
    for module in modules[1:]:
        parts = module.split(".")
        pairs = zip(shared, parts, strict=False)  # of different lengths: the shorter decides
        shared = [a for a, _ in itertools.takewhile(lambda p: p[0] == p[1], pairs)]
    return shared


def render(package: str = "optamstats") -> str:
    """The reStructuredText that ``docs/api.rst`` includes."""
    lines = [
        ".. This file is generated by docs/api_sections.py from optamstats.__all__.",
        "   Do not edit it: edit __all__ or the docstrings.",
        "",
        f".. currentmodule:: {package}",
        "",
    ]
    groups: list[list[Section]] = []
    for section in sections(package):
        if groups and groups[-1][0].title == section.title:
            groups[-1].append(section)
        else:
            groups.append([section])
    targets: set[str] = set()  # modules whose :mod: link target is already written
    for group in groups:
        first = group[0]
        intro = _shared_parts([s.module for s in group])
        module = ".".join(intro)
        names = [name for s in group for name in s.names]
        lines += [first.title, "-" * len(first.title), ""]
        parent = module.rpartition(".")[0]
        if parent not in (package, "") and parent not in targets:
            # A section of a package's submodule (optamstats.weighting.raking): the package
            # itself gets a link target at its first section, for :mod:`optamstats.weighting`.
            targets.add(parent)
            lines += [f".. py:module:: {parent}", "", f".. currentmodule:: {package}", ""]
        if not intro[-1].startswith("_") and all(name != intro[-1] for name in names):
            # The module's docstring introduces the section and makes :mod: links land here.
            lines += [f".. automodule:: {module}", "", f".. currentmodule:: {package}", ""]
            targets.add(module)
        if first.note is not None:
            lines += [f"Method note: :doc:`methods/{first.note}`.", ""]
        for section in group:
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
