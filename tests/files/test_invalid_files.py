"""Snapshot tests: each file in tests/data/invalid/ is one hazard, and the .expected file beside
it is exactly what a user sees on stderr (exit 2, nothing on stdout, no traceback).

A case's companion files (an observations CSV it names) are the other files of its stem,
``NAME.csv``; a case is run in a copy of its files, and what cannot be committed (a link, a
FIFO, a file of 120,000 lines) is made there by :data:`MADE`. Nothing outside the copy is read.

After an intended change of a message, review the new text and update the snapshots with
    CARBONCALC_UPDATE_SNAPSHOTS=1 pytest tests/files/test_invalid_files.py
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app

DATA = Path(__file__).parents[1] / "data"
INVALID = sorted((DATA / "invalid").glob("*.yaml"))


SECRET = "SECRET,do not show\n2010,1\n"


def _link_out(csv: Path) -> None:
    (csv.parents[1] / "secret.csv").write_text(SECRET)
    csv.symlink_to(csv.parents[1] / "secret.csv")


MADE: dict[str, Callable[[Path], None]] = {  # stem: makes the case's NAME.csv at run time
    "observed-link-out": _link_out,
    "observed-fifo": lambda csv: os.mkfifo(csv),
    "observed-huge-field": lambda csv: csv.write_text(
        "year,cleared_ha\n2010,1\n2011," + "9" * 200_000 + "\n2012,x\n"
    ),
    "observed-many-bad-rows": lambda csv: csv.write_text(
        "year,cleared_ha\n" + "".join(f"{2010 + i % 10},x\n" for i in range(120_000))
    ),
}


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_file_message(path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    for companion in path.parent.glob(f"{path.stem}.*"):
        if companion.suffix != ".expected":
            shutil.copyfile(companion, folder / companion.name)
    if path.stem in MADE:
        MADE[path.stem](folder / f"{path.stem}.csv")
    (tmp_path / "secret.csv").write_text(SECRET)  # what `..` would reach
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(app, ["stock", path.name])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "SECRET" not in result.stderr
    expected = path.with_suffix(".expected")
    if os.environ.get("CARBONCALC_UPDATE_SNAPSHOTS"):
        expected.write_text(result.stderr, encoding="utf-8")
    assert result.stderr == expected.read_text(encoding="utf-8")


def test_every_hazard_has_a_snapshot() -> None:
    stems = {p.stem for p in INVALID}
    assert stems == {p.stem for p in (DATA / "invalid").glob("*.expected")}
    assert len(stems) >= 25


def test_country_codes_stay_text() -> None:
    """NO (Norway) and ON are text in YAML 1.2; PyYAML's YAML 1.1 would read them as booleans."""
    from carboncalc.files.loading import load_project

    project = load_project(str(DATA / "valid" / "norway.yaml")).project
    assert project.countries == ["NO", "ON"]


def test_a_billion_laughs_is_refused_without_expanding() -> None:
    """Six levels of nine aliases would be 9**6 = 531,441 items if expanded: refused at once
    (each aliased anchor at its first alias, the last anchor, &g, never aliased, where it is)."""
    result = CliRunner().invoke(app, ["stock", str(DATA / "invalid" / "billion-laughs.yaml")])
    assert result.exit_code == 2
    assert result.stderr.count("anchors and aliases") == 7


@pytest.mark.parametrize(("text", "place"), [
    ("name: &a Alto\n", (1, 7)),
    ("name: x\narea: &b {value: 1}\n", (2, 7)),
    ("countries: &c [PE]\n", (1, 12)),
    ("name: x\n&k countries: [PE]\n", (2, 1)),
    ("sources:\n  s: {title: &t T, year: 2020}\n", (2, 14)),
])  # fmt: skip
def test_an_anchor_never_aliased_is_one_problem_where_it_is(
    text: str, place: tuple[int, int]
) -> None:
    """The README says anchors are refused; one without an alias was read as if not there."""
    from carboncalc.files.yamlio import parse_yaml

    doc = parse_yaml(text, "p.yaml")
    assert [(p.line, p.column) for p in doc.problems] == [place]
    assert "anchors and aliases (&, *) are not allowed" in doc.problems[0].message
