"""The whole default report, imports included, against `import statsmodels.api`."""

from __future__ import annotations

from _timing import Row, import_time


def rows() -> list[Row]:
    # Both run in a fresh interpreter; the figure is total wall time minus an empty one.
    text = import_time(
        "import sys; from optamstats.cli import main; sys.stdout = open('/dev/null', 'w'); "
        "main(['report'])",
        repeat=5,
    )
    html = import_time(
        "import sys; from optamstats.cli import main; sys.stdout = open('/dev/null', 'w'); "
        "main(['report', '--format', 'html'])",
        repeat=3,
    )
    peer = import_time("import statsmodels.api", repeat=5)
    return [
        Row("optamstats report (text), imports included", text, "import statsmodels.api", peer,
            0.5, "target: the report costs ≤ 2× that import"),
        Row("optamstats report --format html (2 figures)", html, "import statsmodels.api", peer,
            None, "figures as hand-written SVG, no matplotlib"),
    ]  # fmt: skip
