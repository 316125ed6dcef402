"""CSV output opens in a spreadsheet as text: a project file's note or source that starts like a
formula is quoted with ``'``, its control characters escaped; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app
from carboncalc.files.projects import package_projects_dir

SEED = (package_projects_dir() / "alto-mayo.yaml").read_text(encoding="utf-8")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

runner = CliRunner()


def _swap(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.fixture
def formulas(tmp_path: Path) -> Path:
    text = _swap(SEED, "name: Alto Mayo Protected Forest", r'name: "=HYPERLINK(\"http://x\")"')
    text = _swap(text, "    title: Alto Mayo emission reductions release",
                 "    title: \"+cmd|' /C calc'!A0\"")  # fmt: skip
    text = _swap(text, "    publisher: Conservation International\n    year: 2013",
                 '    publisher: "@SUM(1+1)\\e[2J"\n    year: 2013')  # fmt: skip
    text = _swap(text, "note: IPCC default carbon fraction of dry matter, Table 4.3",
                 'note: "-2+3\\a IPCC default carbon fraction"')  # fmt: skip
    old = "note: IPCC default root-to-shoot ratio, tropical mountain systems, Table 4.4"
    text = _swap(text, old, 'note: "\\tIPCC\\rdefault root-to-shoot"')
    path = tmp_path / "=evil.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _rows(args: list[str]) -> list[list[str]]:
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    return list(csv.reader(io.StringIO(result.stdout)))


def _assert_inert(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START) or _is_number(cell), cell
            assert not any((ord(c) < 0x20 and c != "\n") or ord(c) == 0x7F for c in cell), cell


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("fmt", ["csv", "csv-full"])
def test_show_quotes_formula_text_and_escapes_controls(formulas: Path, fmt: str) -> None:
    rows = _rows(["show", str(formulas), "-f", fmt])
    _assert_inert(rows)
    header, body = rows[0], rows[1:]
    assert {r[header.index("project")] for r in body} == {"'=evil"}
    notes = {r[header.index("field")]: r[header.index("note")] for r in body}
    assert notes["carbon.pools.above_ground.carbon_fraction"] == (
        "'-2+3\\x07 IPCC default carbon fraction"
    )
    root_to_shoot = notes["carbon.pools.below_ground.root_to_shoot"]
    assert root_to_shoot == "'\\x09IPCC\\x0ddefault root-to-shoot"
    sources = {r[header.index("source")] for r in body}
    assert "'@SUM(1+1)\\x1b[2J: +cmd|' /C calc'!A0 (2013)" in sources


@pytest.mark.parametrize("fmt", ["csv", "csv-full"])
def test_check_rows_are_inert_and_negative_numbers_stay_numbers(formulas: Path, fmt: str) -> None:
    rows = _rows(["check", str(formulas), "-f", fmt])
    _assert_inert(rows)
    header, body = rows[0], rows[1:]
    assert body and {r[header.index("project")] for r in body} == {"'=evil"}
    differences = [r[header.index("difference_pct")] for r in body]
    assert any(d.startswith("-") and float(d) < 0 for d in differences)
