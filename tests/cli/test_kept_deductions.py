"""A `compare` row or a `sweep` step keeps its Monte Carlo's deduction in the result cache,
under a key of the resolved inputs, samples and seed: a repeated run draws no samples and
prints the same bytes; a changed input, sample count or seed is another key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kept_cache import record_runs
from typer.testing import CliRunner

from carboncalc.cli import app
from carboncalc.files import cache

runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})
SWEEP = ["sweep", "alto-mayo", "deforestation.baseline.rate", "0.5%/yr", "1.5%/yr",
         "--steps", "3", "--jobs", "1"]  # fmt: skip


def output(*args: str) -> str:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("command", [["compare", "alto-mayo", "los-amigos"], SWEEP])
def test_a_repeated_run_draws_no_samples_and_prints_the_same(
    command: list[str], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = record_runs(monkeypatch, "samples")
    first = output(*command, "--samples", "200")
    assert runs  # Alto Mayo's deduction follows from its spread: a Monte Carlo ran
    runs.clear()
    assert output(*command, "--samples", "200") == first
    assert runs == []
    output(*command, "--samples", "201")  # another key: drawn again
    assert runs and set(runs) == {201}


def test_without_the_cache_the_rows_are_the_same(cache_dir: Path) -> None:
    kept = json.loads(output("compare", "alto-mayo", "--samples", "200"))
    kept_again = json.loads(output("compare", "alto-mayo", "--samples", "200"))
    cache._folder.cache_clear()
    with pytest.MonkeyPatch.context() as m:
        m.setenv("CARBONCALC_CACHE", "0")
        cache._folder.cache_clear()
        fresh = json.loads(output("compare", "alto-mayo", "--samples", "200"))
    assert kept["rows"] == kept_again["rows"] == fresh["rows"]
