"""`credits`, `uncertainty` and the report keep each Monte Carlo in the result cache, under a
key of the resolved inputs, samples, seed, baseline, whether it carries the credits and the
vintages of a per-year deduction: a repeated run draws no samples and prints the same bytes as
a run with the cache off; any of those changed is another key."""

from __future__ import annotations

from pathlib import Path

import pytest
from kept_cache import record_runs
from typer.testing import CliRunner

from carboncalc.cli import app
from carboncalc.files import cache

runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})


def output(*args: str) -> str:
    result = runner.invoke(app, [*args, "--samples", "200"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


COMMANDS = [
    ["credits", "alto-mayo", "-f", "json"],  # against the baseline and the counterfactual
    ["credits", "alto-mayo", "--rules", "art-trees", "--vintages", "calendar", "-f", "csv"],
    ["credits", "alto-mayo", "--baseline", "counterfactual"],
    ["uncertainty", "alto-mayo", "-f", "json"],
    ["uncertainty", "los-amigos", "-f", "json"],  # no credit rules: the plain run
]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_repeated_run_draws_no_samples_and_prints_what_a_run_without_the_cache_prints(
    command: list[str], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = record_runs(monkeypatch, "counterfactual")
    first = output(*command)
    assert runs  # a Monte Carlo ran
    runs.clear()
    assert output(*command) == first
    assert runs == []
    monkeypatch.setenv("CARBONCALC_CACHE", "0")
    cache._folder.cache_clear()
    assert output(*command) == first
    assert runs  # drawn again, to the same figures


def test_another_seed_baseline_or_rule_set_is_another_key(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output("uncertainty", "alto-mayo", "-f", "json")
    runs = record_runs(monkeypatch, "counterfactual")
    output("uncertainty", "alto-mayo", "-f", "json", "--seed", "1")
    assert runs == [False]
    output("uncertainty", "alto-mayo", "-f", "json", "--baseline", "counterfactual")
    assert runs == [False, True]
    output("uncertainty", "alto-mayo", "-f", "json", "--rules", "fcpf")
    assert runs == [False, True, False]


def test_a_kept_entry_not_as_this_code_keeps_it_is_a_miss() -> None:
    """Whatever the entry holds (an infinite sample count, text for a figure, a run of other
    options), it is run again, never used nor a crash."""
    from carboncalc.reports.kept import _decoded

    good = {"samples": 200, "seed": 0, "inputs": ["a"], "counterfactual": False,
            "stock_tco2": {"mean": 1.0, "median": 1.0, "p5": 1.0, "p95": 1.0},
            "avoided_tco2e": None, "credits_exact_tco2e": None,
            "avoided_by_vintage_tco2e": []}  # fmt: skip
    assert _decoded(good) is not None
    for bad in ({**good, "samples": float("inf")}, {**good, "stock_tco2": "x"},
                {**good, "avoided_by_vintage_tco2e": 5}, [], "text", 7):  # fmt: skip
        assert _decoded(bad) is None


def test_the_python_api_keeps_nothing(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the README says: only the command line uses the cache."""
    from carboncalc import api

    runs = record_runs(monkeypatch, "counterfactual")
    project = api.load("alto-mayo")
    first = project.credits(samples=200).to_dict()
    assert project.credits(samples=200).to_dict() == first
    assert len(runs) >= 2  # drawn each time
    assert not cache_dir.exists() or not any(cache_dir.rglob("*.json"))
