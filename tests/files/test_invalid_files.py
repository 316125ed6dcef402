"""Snapshot tests: each file in tests/data/invalid/ is one hazard, and the .expected file beside
it is exactly what a user sees on stderr (exit 2, nothing on stdout, no traceback).

After an intended change of a message, review the new text and update the snapshots with
    CARBONCALC_UPDATE_SNAPSHOTS=1 pytest tests/files/test_invalid_files.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app

DATA = Path(__file__).parents[1] / "data"
INVALID = sorted((DATA / "invalid").glob("*.yaml"))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_file_message(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(path.parent)
    result = CliRunner().invoke(app, ["stock", path.name])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
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
    from carboncalc.loading import load_project

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
    from carboncalc.yamlio import parse_yaml

    doc = parse_yaml(text, "p.yaml")
    assert [(p.line, p.column) for p in doc.problems] == [place]
    assert "anchors and aliases (&, *) are not allowed" in doc.problems[0].message
