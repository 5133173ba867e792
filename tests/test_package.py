"""Tests of the package as users see it: public names, typing marker, import cost."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources

import optamstats


def test_all_is_literal_sorted_and_importable() -> None:
    assert optamstats.__all__ == sorted(optamstats.__all__)
    for name in optamstats.__all__:
        assert hasattr(optamstats, name), name


def test_public_callables_are_documented_with_references_and_examples() -> None:
    for name in optamstats.__all__:
        obj = getattr(optamstats, name)
        if callable(obj) and not isinstance(obj, type):
            doc = obj.__doc__ or ""
            assert "References" in doc, name
            assert "Examples" in doc, name


def test_py_typed_is_shipped() -> None:
    assert resources.files("optamstats").joinpath("py.typed").is_file()


def test_import_is_light() -> None:
    # Heavy modules are imported inside the functions that need them.
    code = (
        "import sys, json, optamstats; "
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in {'statsmodels', 'matplotlib', 'pandas', 'scipy'})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_first_call_imports_no_statsmodels() -> None:
    code = (
        "import sys, optamstats; optamstats.proportion(3, 10, method='exact'); "
        "optamstats.difference(3, 10, 4, 10); "
        "print('statsmodels' in sys.modules, 'matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
