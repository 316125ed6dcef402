"""The ledger check under a pooled buffer, and `carboncalc ledger` reading a registry's export
(issue 24: pooled buffers, registry data reconciled). Figures by hand in each docstring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carboncalc.cli import app

runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})
VALID = Path(__file__).parents[1] / "data" / "valid"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_pooled_ledger_states_excess_against_the_pool_and_by_beneficiary() -> None:
    """tests/data/valid/ledger-pooled.yaml (vcs; figures by hand in the file): 5,668 beyond,
    0.2834 % of a 2,000,000-credit pool; 1,066.8 of 2012's credits retired by Acme Corp and
    266.7 by Beta Ltd beyond what is supported; the route is compensation."""
    code, out, err = run("credits", str(VALID / "ledger-pooled.yaml"), "--ledger", "-f", "json")
    assert code == 1 and err == ""
    found = json.loads(out)["ledger"]
    assert (found["excess"], found["buffer_account"]) == (5_668, "pooled")
    assert found["pool_share_needed"] == pytest.approx(5_668 / 2_000_000)
    assert found["pool"] == {"credits": 2_000_000, "as_of": "2023-10-01", "source": "pool"}
    assert found["excess_route"]["rule"] == "compensation"
    by = {(v["vintage"], b["beneficiary"]): b["credits"] for v in found["vintages"]
          for b in v["beyond_by"]}  # fmt: skip
    assert by == {(2011, "Acme Corp"): pytest.approx(334.0),
                  (2012, "Acme Corp"): pytest.approx(1_066.8),
                  (2012, "Beta Ltd"): pytest.approx(266.7)}  # fmt: skip
    code, out, _ = run("credits", str(VALID / "ledger-pooled.yaml"), "--ledger")
    text = " ".join(out.split())
    assert code == 1 and "they would take 0.283 % of it" in text
    assert "1,067 credits of vintage 2012, retired by Acme Corp, are beyond what the" in text
    assert "compensation by the project" in text


def test_the_projects_own_buffer_gets_no_pool_statement() -> None:
    """tests/data/valid/ledger.yaml (fcpf): the excess against the project's buffer (51.5 %),
    no pool share, the route the rule set names (the uncertainty buffer)."""
    code, out, _ = run("credits", str(VALID / "ledger.yaml"), "--ledger", "-f", "json")
    found = json.loads(out)["ledger"]
    assert code == 1 and found["pool_share_needed"] is None and found["pool"] is None
    assert found["buffer_account"] == "project"
    assert found["excess_route"]["rule"] == "uncertainty_buffer"
