"""A project whose baseline is the counterfactual (made from the evidence set) avoids the same
tonnes against both, by construction: carboncalc says there is no over-crediting test rather
than printing a ratio near 1 that reads as a validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app

runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})


def run(*args: str) -> str:
    result = runner.invoke(app, [*args, "--samples", "200"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def from_evidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    made = runner.invoke(app, ["new", "ev1047", "--from-evidence", "1047"])
    assert made.exit_code == 0, made.stderr
    return str(tmp_path / "ev1047.yaml")


def test_a_baseline_taken_from_the_counterfactual_has_no_ratio(from_evidence: str) -> None:
    found = json.loads(run("credits", from_evidence, "-f", "json"))["counterfactual"]
    assert found["same_baseline"] is True and found["over_crediting_ratio"] is None
    # the credits still differ a little: each waterfall has its own Monte Carlo's deduction
    assert found["claimed_credits"] > 0 and found["supported_credits"] > 0
    text = " ".join(run("credits", from_evidence).split())
    assert "No test of over-crediting" in text and "times over-credited" not in text
    explained = " ".join(run("credits", from_evidence, "--explain").split())
    assert "no test of over-crediting" in explained and "over-crediting ratio" not in explained


def test_the_report_says_so_too(from_evidence: str, tmp_path: Path) -> None:
    out = tmp_path / "ev.md"
    run("report", from_evidence, "-o", str(out))
    text = " ".join(out.read_text(encoding="utf-8").split())
    assert "no over-crediting test" in text and "over-crediting ratio" not in text


def test_a_baseline_of_its_own_keeps_its_test() -> None:
    """Alto Mayo's baseline (0.3556 %/yr) is not its matched controls' (0.0844 %/yr)."""
    found = json.loads(run("credits", "alto-mayo", "-f", "json"))["counterfactual"]
    assert found["same_baseline"] is False
