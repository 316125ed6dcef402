"""Byte-for-byte output of every command on the seed projects, in every format.

These snapshots were frozen before the restructuring of issue 9 and the hardening of issue 8: a
change to any number or any byte of output shows here. After an intended change, read the diff,
name it in the commit, and refresh with
    CARBONCALC_UPDATE_SNAPSHOTS=1 pytest tests/cli/test_snapshots.py
"""

from __future__ import annotations

import os
import re
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.version import Version
from typer.testing import CliRunner

from carboncalc import __version__
from carboncalc.cli import app
from carboncalc.files.cache import _folder
from carboncalc.files.projects import package_projects_dir

SNAPSHOTS = Path(__file__).parents[1] / "snapshots"
# The table snapshots are rich's layout from this release on; before it, rich pads some columns
# by one more space, and so wraps some lines elsewhere. There, tables are compared word by word
# (every word and number, as often), and tests/cli/test_layout.py checks widths and alignment.
TABLES_BY = Version("14.3.0")
RICH = Version(version("rich"))
RULES = re.compile(r"([\u2500-\u257f])\1+")
SEEDS = ("alto-mayo", "los-amigos", "sacred-headwaters")
FORMATS = ("table", "json", "csv")

RUNS: list[list[str]] = [
    *(["list", "-f", f] for f in FORMATS),
    *(["show", s, "-f", f] for s in SEEDS for f in ("table", "json")),
    *([c, s, "-f", f] for c in ("stock", "emissions", "equivalents") for s in SEEDS
      for f in FORMATS),
    ["emissions", "alto-mayo", "--from", "2008", "--to", "2016", "-f", "json"],
    ["emissions", "los-amigos", "--case", "high", "-f", "csv"],
    ["equivalents", "--tco2e", "6.2e6", "--years", "9", "--factors", "2015", "-f", "json"],
    *(["check", "-f", f] for f in (*FORMATS, "github", "junit")),
    *(["credits", "alto-mayo", "-f", f, "--samples", "300"] for f in FORMATS),
    ["credits", "alto-mayo", "--baseline", "counterfactual", "-f", "json", "--samples", "300"],
    ["uncertainty", "alto-mayo", "--samples", "300", "--seed", "1", "-f", "json"],
    ["uncertainty", "alto-mayo", "--samples", "300", "--seed", "1"],
    *(["compare", "-f", f, "--samples", "300"] for f in FORMATS),
    ["compare", "alto-mayo", "--scenarios", "-f", "json", "--samples", "300"],
    ["sweep", "los-amigos", "deforestation.baseline.rate", "0.315%/yr", "0.75%/yr", "--steps",
     "3", "-f", "json", "--samples", "300"],
    ["sensitivity", "alto-mayo", "--pct", "10", "-f", "json", "--samples", "300"],
    ["sensitivity", "los-amigos", "--samples", "300"],
    ["stock", "sacred-headwaters", "--set", "area=50000000acre", "-f", "json"],
    ["emissions", "alto-mayo", "--set", "deforestation.baseline.rate=0.75%/yr", "-f", "csv"],
    ["credits", "alto-mayo", "--scenario", "high-buffer", "-f", "json", "--samples", "300"],
    ["emissions", "los-amigos", "--scenario", "area-in-acres", "-f", "table"],
]  # fmt: skip


def _name(args: list[str]) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", "-".join(args)).strip("_")[:120] + ".txt"


@pytest.mark.parametrize("cache", ["no cache", "cache"])
@pytest.mark.parametrize("args", RUNS, ids=_name)
def test_output_unchanged(
    args: list[str], cache: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Run where `projects` (relative) is the seeds' folder, so that paths in the output, and
    the wrapping of lines that hold them, are the same in a checkout and in any install. With
    the cache on, the command runs twice, filling the cache and then reading it: both runs give
    the snapshot."""
    (tmp_path / "projects").symlink_to(package_projects_dir(), target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARBONCALC_PROJECTS_DIR", "projects")
    monkeypatch.setenv("COLUMNS", "100")
    runs = 1
    if cache == "cache":
        monkeypatch.setenv("CARBONCALC_CACHE", "1")
        monkeypatch.setenv("CARBONCALC_CACHE_DIR", str(tmp_path / "cache"))
        runs = 2
    outputs = []
    for _ in range(runs):
        _folder.cache_clear()
        result = CliRunner().invoke(app, args)
        exc = result.exception
        assert exc is None or isinstance(exc, SystemExit), exc
        outputs.append(f"exit {result.exit_code}\n{result.stdout}")
    if cache == "cache":
        what_if = {"--set", "--scenario", "--tco2e"} & set(args)  # loads no file, or bypasses
        assert what_if or list((tmp_path / "cache").glob("*/*.json")), "nothing was cached"
        if os.environ.get("CARBONCALC_UPDATE_SNAPSHOTS"):
            pytest.skip("snapshots are written by the run without the cache")
    got = outputs[-1]
    assert outputs[0] == got
    path = SNAPSHOTS / _name(args)
    if os.environ.get("CARBONCALC_UPDATE_SNAPSHOTS"):
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: review the output, then refresh"
    expected = path.read_text(encoding="utf-8")
    if RICH < TABLES_BY and is_table(args):
        assert squeezed(got) == squeezed(expected)
    else:
        assert got == expected


def is_table(args: list[str]) -> bool:
    """The run draws rich tables: no format given, or -f table."""
    return "-f" not in args or args[args.index("-f") + 1] == "table"


def squeezed(text: str) -> list[str]:
    """The words and numbers, sorted, with rules of any length as one character: what is
    left when column widths, and so where lines and cells wrap, are set aside."""
    return sorted(RULES.sub(r"\1", text).split())


def test_every_snapshot_is_a_run() -> None:
    assert {p.name for p in SNAPSHOTS.glob("*.txt")} == {_name(a) for a in RUNS}
    assert len(list(SNAPSHOTS.glob("report-*.md"))) == 3


@pytest.mark.parametrize("seed", ["alto-mayo", "los-amigos", "sacred-headwaters"])
def test_markdown_report_unchanged(
    seed: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The Markdown report, byte for byte (HTML embeds matplotlib's SVG, which varies by
    version; its tables come from the same blocks)."""
    (tmp_path / "projects").symlink_to(package_projects_dir(), target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARBONCALC_PROJECTS_DIR", "projects")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the report's date: 2026-01-01
    result = CliRunner().invoke(app, ["report", seed, "-o", "r.md", "--samples", "300"])
    assert result.exit_code == 0, result.output
    got = (tmp_path / "r.md").read_text(encoding="utf-8").replace(__version__, "VERSION")
    path = SNAPSHOTS / f"report-{seed}.md"
    if os.environ.get("CARBONCALC_UPDATE_SNAPSHOTS"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")
