"""The uncertainty deduction by vintage in the credits outputs: a column of the table where the
rule set takes it per year (ART TREES), and a field of every vintage in JSON and CSV (the
deduction that vintage took, the one deduction where the rule set has one)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app

runner = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})
N = ("--samples", "300")  # not about the sample count


def out(*args: str) -> str:
    result = runner.invoke(app, ["credits", "alto-mayo", *N, *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_art_trees_shows_each_vintages_deduction() -> None:
    """Each vintage's uncertainty_tco2e is its own deduction x its gross (ART TREES takes it on
    gross), and the CSV carries the same figures as the JSON."""
    data = json.loads(out("--rules", "art-trees", "-f", "json"))
    for v in data["vintages"]:
        assert v["uncertainty_tco2e"] == pytest.approx(
            v["gross_tco2e"] * v["uncertainty_pct"] / 100
        )
    rows = list(csv.DictReader(io.StringIO(out("--rules", "art-trees", "-f", "csv"))))
    assert [float(r["uncertainty_pct"]) for r in rows] == [
        float(f"{v['uncertainty_pct']:.12g}") for v in data["vintages"]
    ]
    assert "per vintage" in data["rules"]["uncertainty"]["how"]
    table = out("--rules", "art-trees")
    assert any("vintage" in line and "unc%" in line for line in table.splitlines())
    assert not [line for line in table.splitlines() if len(line) > 80]


def test_one_deduction_rule_sets_show_it_on_every_vintage_and_no_column() -> None:
    data = json.loads(out("--rules", "vcs", "-f", "json"))
    pct = data["rules"]["uncertainty"]["pct"]
    assert {v["uncertainty_pct"] for v in data["vintages"]} == {pct}
    assert "unc%" not in out("--rules", "vcs")
