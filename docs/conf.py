"""Sphinx configuration of the optamstats documentation.

Build (warnings are errors, as in CI)::

    python -m pip install ".[docs]"
    sphinx-build -W --keep-going -b html docs docs/_build/html

The build needs no network: no intersphinx, no remote images, fonts or scripts (math
is shown as its TeX source, not typeset by MathJax from a CDN).
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from numpydoc.docscrape import NumpyDocString
from sphinx.util import logging

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # for api_sections.py, beside this file

import api_sections  # noqa: E402

import optamstats  # noqa: E402

# The API reference lists every name of optamstats.__all__, regenerated at each build.
api_sections.write()

# Subpackages in optamstats.__all__ that document their own __all__ on their own page.
SUBPACKAGES = ("datasets", "report")


def _public_names() -> dict[str, object]:
    """Every documented public name, fully qualified, with its object."""
    names: dict[str, object] = {
        f"optamstats.{n}": getattr(optamstats, n) for n in optamstats.__all__
    }
    for package in SUBPACKAGES:
        module = getattr(optamstats, package)
        names |= {f"optamstats.{package}.{n}": getattr(module, n) for n in module.__all__}
    return names


# -- Project -------------------------------------------------------------------------

project = "optamstats"
author = "The optamstats developers"
copyright = "2025, The optamstats developers"
release = optamstats.__version__
version = release
language = "en"

# -- Sources -------------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_api_sections.rst", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]

# Markdown: no `$` math (formulas in the notes are Unicode text, and `$` is a currency);
# anchors for headings, so that links such as `methods/audit.md#5-claims-against-intervals`
# resolve.
myst_heading_anchors = 3

# Every reference must resolve, except to objects of other projects: without
# intersphinx (no network) they cannot, and are shown as plain names.
nitpicky = True
nitpick_ignore_regex = [
    (
        r"py:.*",
        r"(numpy|np|pandas|pd|scipy|matplotlib|collections|typing|os|io|pathlib|importlib)\..*",
    ),
    (r"py:.*", r"(IO|Path|Generator|DataFrame|Series|Figure|Axes|Hashable|Mapping)"),
    (r"py:.*", r"(Sequence|Iterable|Iterator|Callable|Any|Literal|PathLike)(\[.*\])?"),
    (r"py:class", r"(int|float|str|bool|bytes|tuple|list|dict|object|None|type)"),
    (r"py:class", r"(Exception|ValueError|TypeError|ImportError|UserWarning|Warning)"),
    # In report/render.py (being edited by others), to a module not in the public API yet.
    (r"py:func", r"optamstats\.disclosure\.write_safe_csv"),
]

# -- autodoc, autosummary, numpydoc ---------------------------------------------------

autosummary_generate = ["api", "_api_sections"]  # _api_sections is included by api.rst
autosummary_generate_overwrite = True
autosummary_ignore_module_all = False  # datasets and report: document their __all__
autosummary_imported_members = False
autodoc_typehints = "none"  # numpydoc's Parameters say the types, in words
autodoc_member_order = "bysource"
autodoc_default_options: dict[str, Any] = {}

numpydoc_show_class_members = False  # the class template documents members itself
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
numpydoc_xref_param_type = False
# Every numpydoc check is applied to every documented docstring (a failure is a build
# warning, hence an error under -W), except these, listed with the reason:
numpydoc_validation_checks = {
    "all",
    "ES01",  # extended summary: not every method needs one
    "SA01",  # See Also section: left to judgement
    "EX01",  # Examples: not required of methods and properties; `_check_examples`
    #          requires them of every public function, class and exception
    "RT03",  # a Returns entry may be its type alone ("BootstrapCI") when that says it all
}
# A result class (a frozen dataclass) documents its fields under Attributes, not
# Parameters: users read results, they do not build them. numpydoc's PR01 would ask for
# Parameters; it is skipped for a docstring with Attributes and no Parameters, and
# `_check_attributes` below checks instead that every constructor argument is an
# attribute documented there.
_ATTRIBUTES_ONLY = r"(?ms)\A(?!.*^\s*Parameters\n\s*-+$)(?=.*^\s*Attributes\n\s*-+$)"
numpydoc_validation_overrides = {"PR01": [_ATTRIBUTES_ONLY]}
# Modules being edited by other engineers (report/, cli.py, disclosure.py, breakdown.py,
# weighting.py): their docstrings are not validated here until they are finished.
# Listed name by name, so that nothing else escapes validation.
numpydoc_validation_exclude = {
    r"^optamstats\.report\.report_dict$",  # no Parameters section yet
    r"^optamstats\.report\.(Column|Section|Table)$",  # no Attributes section yet
    r"^optamstats\.report\.SurveyCounts$",  # `themes_respondents` not documented yet
}


def _public_data() -> list[str]:
    """Public constants (``__version__``, ``report.FORMATS``): values, not documented code."""
    return [
        name
        for name, value in _public_names().items()
        if not (callable(value) or inspect.ismodule(value))
    ]


# A constant has no docstring of its own (Python would show that of its type, str or
# tuple): `_data_docstring` gives it one line, and numpydoc does not validate it.
numpydoc_validation_exclude |= {"^" + re.escape(name) + "$" for name in _public_data()}

# -- HTML ----------------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = f"optamstats {release}"
html_theme_options: dict[str, Any] = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "use_edit_page_button": False,
}
html_static_path: list[str] = []
html_extra_path = ["report-schema.json"]  # downloadable beside the page that shows it
html_show_sourcelink = False
html_math_renderer = "tex_source"


# Math is shown as its TeX source (a <code> or <pre> element): readable offline, and no
# script is fetched from a CDN as MathJax would be.
def _visit_math(self: Any, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "code", "", CLASS="math notranslate"))
    self.body.append(self.encode(node.astext()))
    self.body.append("</code>")
    raise nodes.SkipNode


def _visit_displaymath(self: Any, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "pre", "", CLASS="math notranslate"))
    self.body.append(self.encode(node.astext()))
    self.body.append("</pre>\n")
    raise nodes.SkipNode


# Docstrings name objects where they are defined (``optamstats.proportions.proportion``,
# or ``SurveySpec.cohort`` inside optamstats.forms); the reference documents them where
# users import them (``optamstats.proportion``). Resolve the first to the second, and
# only that: a name that is not public stays a broken reference, hence an error.
def _public_target(target: str) -> list[str]:
    parts = target.lstrip("~.").split(".")
    if parts[0] == "optamstats":
        parts = parts[1:]
    candidates = []
    for start in range(len(parts)):
        rest = parts[start:]
        if rest and rest[0] in optamstats.__all__:
            candidates.append("optamstats." + ".".join(rest))
        for package in SUBPACKAGES:
            module = getattr(optamstats, package)
            if rest and rest[0] in module.__all__:
                candidates.append(f"optamstats.{package}." + ".".join(rest))
    return candidates


def _resolve_public(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    if node.get("refdomain") != "py":
        return None
    domain = env.get_domain("py")
    for target in _public_target(node["reftarget"]):
        if target == node["reftarget"]:
            continue
        resolved = domain.resolve_xref(
            env, node["refdoc"], app.builder, node["reftype"], target, node, contnode
        )
        if resolved is not None:
            return resolved
    return None


def _check_attributes(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Warn when a class documented by Attributes leaves a constructor argument out."""
    excluder = app.config.numpydoc_validation_excluder
    if what not in ("class", "exception") or (excluder and excluder.search(name)):
        return
    doc = NumpyDocString(inspect.getdoc(obj) or "")
    if doc["Parameters"] or not doc["Attributes"]:
        return
    documented = {n.strip() for p in doc["Attributes"] for n in p.name.split(",")}
    try:
        parameters = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
        return
    missing = [
        p.name
        for p in parameters
        if not p.name.startswith("_")
        and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        and p.name not in documented
    ]
    if missing:
        logger.warning(
            "%s: constructor arguments %s are not documented under Attributes", name, missing
        )


# Public names of modules other engineers are still writing, whose docstrings have no
# Examples section yet (every other public function, class and exception has one).
_EXAMPLES_PENDING = {
    f"optamstats.report.{name}" for name in ("Column", "Report", "Section", "SurveyCounts", "Table")
}


def _check_examples(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Warn when a public function, class or exception has no Examples section."""
    if what not in ("function", "class", "exception") or name in _EXAMPLES_PENDING:
        return
    if name in _public_names() and not NumpyDocString(inspect.getdoc(obj) or "")["Examples"]:
        logger.warning("%s: no Examples section (every public name needs one)", name)


def _data_docstring(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Give a public constant one line instead of the docstring of its type."""
    if name == "optamstats.__version__":
        lines[:] = ['The version of optamstats, a string such as ``"0.1.0"``.']
    elif name in _public_data() and getattr(obj, "__doc__", None) == type(obj).__doc__:
        lines[:] = [f"Constant ``{name.rpartition('.')[2]} = {obj!r}``."]


def setup(app: Any) -> None:
    """Register the offline math renderer, the resolver and the extra docstring checks."""
    app.connect("missing-reference", _resolve_public)
    app.connect("autodoc-process-docstring", _data_docstring, priority=100)
    app.connect("autodoc-process-docstring", _check_attributes)
    app.connect("autodoc-process-docstring", _check_examples)
    app.add_html_math_renderer(
        "tex_source",
        inline_renderers=(_visit_math, None),
        block_renderers=(_visit_displaymath, None),
    )
