"""Outputs a user can trust: the same bytes on every run, nothing stale after a kill,
the permissions the umask asks for (issue 17).

Byte-identity is checked across two processes, since matplotlib's SVG ids are hashed
with a salt drawn once per process. Kills are made deterministic: the child process
pauses inside the CSV writer (a patched helper writes a marker file and sleeps), and
only then gets SIGKILL.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import optamstats
from optamstats.cli import main

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL, umask and flock")

SRC = str(Path(optamstats.__file__).parents[1])  # the child runs the code under test


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": SRC, "MPLBACKEND": "Agg"}


def _run(code: str) -> None:
    """Run `code` in a new interpreter, to the end."""
    done = subprocess.run([sys.executable, "-c", code], env=_env(), capture_output=True,
                          timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()


def _spawn(code: str, log: Path) -> subprocess.Popen[bytes]:
    """Start `code` in a new interpreter, in the background (standard error to `log`)."""
    with log.open("wb") as errors:
        return subprocess.Popen([sys.executable, "-c", code], env=_env(),
                                stdout=subprocess.DEVNULL, stderr=errors)  # fmt: skip


# --------------------------------------------------------------------------- same bytes

_BUILD = """
    import sys
    from pathlib import Path
    from optamstats.datasets import optam_2025_synthetic_export
    from optamstats.report import build_report, render, write_report
    from optamstats.report.build import survey_counts_from_export

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    export = optam_2025_synthetic_export()
    counts = survey_counts_from_export(export.frame(), export.spec, rng=7)
    for name, report in (("embedded", build_report(lang="en", rng=7)),
                         ("export", build_report(counts, lang="fr", rng=7))):
        Path(OUT, name + ".html").write_text(render(report, "html"), encoding="utf-8")
        write_report(report, Path(OUT, name), "html", csv=True)
"""


def _build_in_a_process(folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    _run(textwrap.dedent(_BUILD).replace("OUT", repr(str(folder))))
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip


def test_html_svg_and_png_are_the_same_bytes_in_two_processes(tmp_path: Path) -> None:
    first = _build_in_a_process(tmp_path / "a")
    second = _build_in_a_process(tmp_path / "b")
    assert sorted(first) == sorted(second)
    svgs = [name for name in first if name.endswith(".svg")]
    embedded = [name for name in svgs if name.startswith("embedded/")]
    assert len(embedded) == 4  # flow, funnel and both motives tables (leavers, planners)
    export = [name for name in svgs if name.startswith("export/")]
    # The export's report: flow, funnel, and one figure per question with a table.
    assert {"export/flow.svg", "export/funnel.svg", "export/q-left.svg"} <= set(export)
    assert {"embedded.html", "export.html", "export/report.html"} <= set(first)
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    for name in (*svgs, "embedded.html", "export.html"):
        text = first[name].decode("utf-8")
        assert "<dc:date>" not in text  # matplotlib's default: the time of the run
    # Figures inlined in one page must not share an id (each gets its own salt).
    html = first["export.html"].decode("utf-8")
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) > 50
    assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------- kills

_PAUSE = """
    import os, sys, time
    import optamstats.disclosure.safe_csv as disclosure

    original = disclosure._csv_column

    def paused(column):  # called inside write_safe_csv, with its temporary file open
        open(READY, "w").close()
        time.sleep(600)
        return original(column)

    disclosure._csv_column = paused
"""


def _start_paused(code: str, ready: Path) -> subprocess.Popen[bytes]:
    """Start `code` in a child that pauses inside the CSV writer; return once it has."""
    log = ready.with_suffix(".log")
    script = textwrap.dedent(_PAUSE).replace("READY", repr(str(ready))) + code
    child = _spawn(script, log)
    deadline = time.monotonic() + 120
    while not ready.exists():
        if child.poll() is not None:
            raise AssertionError(log.read_text())
        if time.monotonic() > deadline:
            _kill(child)
            raise AssertionError("the child never reached the CSV writer")
        time.sleep(0.05)
    return child


def _kill(child: subprocess.Popen[bytes]) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL


def _staging(folder: Path) -> list[str]:
    """Hidden entries of `folder`: what a writer stages (whatever its naming)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_report_output_killed_mid_write_leaves_nothing_after_the_next_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work, ready = tmp_path / "work", tmp_path / "ready"
    work.mkdir()
    out = work / "o"
    child = _start_paused(
        f"from optamstats.cli import main\n"
        f"main(['report', '--format', 'text', '--csv', '--output', {str(out)!r}])\n",
        ready,
    )
    _kill(child)
    # What the kill left: a staging folder, with a temporary CSV file inside.
    stale = _staging(work)
    assert len(stale) == 1
    assert any(p.name.startswith(".") for p in (work / stale[0] / "tables").iterdir())
    assert not out.exists()
    assert main(["report", "--format", "text", "--csv", "--output", str(out)]) == 0
    capsys.readouterr()
    assert sorted(p.name for p in work.iterdir()) == ["o"]
    hidden = [p for p in out.rglob("*") if p.name.startswith(".")]
    assert hidden == []


def test_write_safe_csv_killed_mid_write_leaves_nothing_after_the_next_call(
    tmp_path: Path,
) -> None:
    import pandas as pd

    from optamstats.disclosure import write_safe_csv

    work, ready = tmp_path / "work", tmp_path / "ready"
    work.mkdir()
    target = work / "t.csv"
    child = _start_paused(
        "import pandas as pd\n"
        f"disclosure.write_safe_csv(pd.DataFrame({{'a': [1]}}), {str(target)!r})\n",
        ready,
    )
    _kill(child)
    assert len(_staging(work)) == 1
    assert not target.exists()
    write_safe_csv(pd.DataFrame({"a": [1, 2]}), target)
    assert sorted(p.name for p in work.iterdir()) == ["t.csv"]
    assert target.read_bytes() == b'\xef\xbb\xbf"a"\r\n1\r\n2\r\n'


def test_a_live_writer_keeps_its_staging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The clean-up must tell a killed writer from a slow one: while one writes into a
    # folder, another run there removes nothing of it.
    work, ready = tmp_path / "work", tmp_path / "ready"
    work.mkdir()
    child = _start_paused(
        f"from optamstats.cli import main\n"
        f"main(['report', '--format', 'text', '--csv', '--output', {str(work / 'slow')!r}])\n",
        ready,
    )
    try:
        live = _staging(work)
        assert len(live) == 1
        assert main(["report", "--format", "text", "--output", str(work / "fast")]) == 0
        assert _staging(work) == live  # still there, still being written
    finally:
        _kill(child)
    assert main(["report", "--format", "text", "--output", str(work / "again")]) == 0
    capsys.readouterr()
    assert sorted(p.name for p in work.iterdir()) == ["again", "fast"]


def test_only_optamstats_staging_is_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Hidden entries that merely look alike are the user's: never touched.
    mine = [".o-settings", ".o.optamstats-xyz.partial", ".o.optamstats-0123456789ab.partial.bak"]
    for name in mine:
        (tmp_path / name).mkdir()
    assert main(["report", "--format", "text", "--output", str(tmp_path / "o")]) == 0
    capsys.readouterr()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*mine, "o"])


# --------------------------------------------------------------------------- umask


@pytest.fixture
def umask_027() -> object:
    old = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_csv_follows_the_umask(tmp_path: Path, umask_027: int) -> None:
    import pandas as pd

    from optamstats.disclosure import write_safe_csv

    path = write_safe_csv(pd.DataFrame({"a": [1]}), tmp_path / "t.csv")
    plain = tmp_path / "plain.txt"
    plain.write_text("x")  # any other new file
    assert _mode(path) == _mode(plain) == 0o640  # was 0o600 whatever the umask


def test_report_folder_and_files_follow_the_umask(
    tmp_path: Path, umask_027: int, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["report", "--format", "text", "--csv", "--output", str(out)]) == 0
    capsys.readouterr()
    assert _mode(out) == 0o750  # was forced to 0o755, opening a private report to all
    assert _mode(out / "tables") == 0o750
    files = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.suffix == ".csv" for p in files)
    assert {_mode(p) for p in files} == {0o640}


def test_default_umask_gives_shared_files(tmp_path: Path) -> None:
    import pandas as pd

    from optamstats.disclosure import write_safe_csv

    old = os.umask(0o022)
    try:
        path = write_safe_csv(pd.DataFrame({"a": [1]}), tmp_path / "t.csv")
    finally:
        os.umask(old)
    assert _mode(path) == 0o644
