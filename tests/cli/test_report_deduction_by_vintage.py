"""The report's credit waterfall shows each vintage's uncertainty deduction where the rule set
takes it per year (ART TREES), as its rules table says ("shown by vintage") and as the `credits`
table and JSON do; under a rule set with one deduction it has no such column."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from carboncalc.cli import app

runner = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})
# not about the sample count; a spread in the baseline rate gives the vintages different deductions
ARGS = ("alto-mayo", "--samples", "300", "--set", "deforestation.baseline.rate=0.2..0.5%/yr")


def waterfall(path: Path, *rules: str) -> list[list[str]]:
    result = runner.invoke(app, ["report", *ARGS, *rules, "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    start = text.index("### Credits by vintage")  # in the appendix of tables
    part = text[start : text.index("\n### ", start + 1)]
    table = next(t for t in part.split("\n\n") if t.startswith("| vintage |"))
    return [[c.strip() for c in line.strip("|").split("|")] for line in table.splitlines()]


def test_art_trees_report_shows_each_vintages_deduction(tmp_path: Path) -> None:
    rows = waterfall(tmp_path / "art.md", "--rules", "art-trees")
    header = rows[0]
    assert header[header.index("uncertainty") - 1] == "uncertainty %"
    at = header.index("uncertainty %")
    result = runner.invoke(app, ["credits", *ARGS, "--rules", "art-trees", "-f", "json"])
    vintages = json.loads(result.stdout)["vintages"]
    body = rows[2 : 2 + len(vintages)]
    assert [r[0] for r in body] == [v["label"] for v in vintages]
    assert [r[at] for r in body] == [f"{v['uncertainty_pct']:.2f}" for v in vintages]
    assert len({r[at] for r in body}) > 1  # the vintages' deductions differ here
    assert rows[-1][0] == "**total**" and rows[-1][at] == ""
    assert len({len(r) for r in rows}) == 1


def test_one_deduction_report_has_no_column(tmp_path: Path) -> None:
    header = waterfall(tmp_path / "vcs.md", "--rules", "vcs")[0]
    assert "uncertainty %" not in header and "uncertainty" in header
