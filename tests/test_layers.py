"""The public API is frozen and the package's imports run one way.

``tests/data/public_api.txt`` was written before issue 15 moved code into one-idea
modules: ``optamstats.__all__`` must stay exactly its ``[all]`` block, and every dotted
name the docs show (its ``[docs]`` block) must still resolve. A wrong move — a public
name dropped, renamed or no longer importable from the path the docs print — fails here.
"""

from __future__ import annotations

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
