"""Reading a 10,000-row Microsoft Forms workbook: the readers compared, and ours.

The workbook is the SYNTHETIC 2026 survey of tests/survey2026.py (ID, Start time,
Completion time, Email, Name, then ten questions), written with openpyxl into a
temporary folder. Timed in the same run:

- openpyxl ``load_workbook(read_only=True)`` + ``iter_rows(values_only=True)`` against
  python-calamine ``CalamineWorkbook.from_path`` + ``to_python()``: the choice of
  reader recorded in docs/design.md (calamine was kept);
- ``read_responses`` (calamine, cells turned to text, timestamp parsed) against
  ``pandas.read_excel(engine="openpyxl")``.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

from _timing import Row, best_time

ROWS = 10_000
_GENERATOR = Path(__file__).parents[1] / "tests" / "survey2026.py"


def _workbook(path: Path) -> None:
    spec = importlib.util.spec_from_file_location("survey2026", _GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("survey2026", module)
    spec.loader.exec_module(module)
    path.write_bytes(module.generate(ROWS, seed=1).microsoft_xlsx())


def rows() -> list[Row]:
    import openpyxl
    import pandas as pd
    import python_calamine

    from optamstats.forms import read_responses

    def with_openpyxl(path: Path) -> list[tuple[object, ...]]:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return list(book.worksheets[0].iter_rows(values_only=True))
        finally:
            book.close()

    def with_calamine(path: Path) -> list[list[object]]:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xlsx"
        _workbook(path)
        size = f"{ROWS:,} rows, {path.stat().st_size / 2**20:.1f} MiB"
        peer = best_time(lambda: with_openpyxl(path), repeat=3)
        ours = best_time(lambda: with_calamine(path), repeat=3)
        out = [Row(f"calamine, all cells, {size}", ours, "openpyxl read-only", peer)]
        peer = best_time(lambda: pd.read_excel(path, engine="openpyxl"), repeat=3)
        ours = best_time(lambda: read_responses(path), repeat=3)
        out.append(Row(f"read_responses, {size}", ours, "pandas.read_excel(openpyxl)", peer))
    return out
